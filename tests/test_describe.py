"""Tests for corpus_tools.describe and corpus_tools.concordance on the bundled corpus."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from corpus_tools import concordance, describe
from corpus_tools.build import load_processed


@pytest.fixture(scope="module")
def corpus():
    return load_processed()


def test_document_table(corpus):
    table = describe.document_table(corpus.documents)
    assert table["words"].sum() == (~corpus.tokens["is_punct"]).sum()
    assert table.set_index("doc_id").loc["voa-2018", "sentences"] == 24


def test_term_frequencies_overall_and_by_outlet(corpus):
    overall = describe.term_frequencies(corpus.tokens, n=3)
    assert overall["term"].tolist() == ["children", "rights", "human"]
    assert overall["count"].tolist() == [39, 37, 30]
    by = describe.term_frequencies(corpus.tokens, by=corpus.documents.set_index("doc_id")["outlet"], n=1)
    assert dict(zip(by["group"], by["term"])) == {
        "Chinese state media": "rights", "Global Coalition on Migration": "children", "Newsweek": "children",
        "TIME": "policy", "Voice of America": "said"}
    assert not overall["term"].str.startswith("'").any()


def test_ngrams_do_not_cross_sentences():
    tokens = pd.DataFrame({"doc_id": ["a"] * 4, "sent_id": [0, 0, 1, 1], "norm": ["w", "x", "y", "z"],
                           "is_stop": [False] * 4, "is_punct": [False] * 4})
    table = describe.ngram_frequencies(tokens, n=2, min_length=1)
    assert table["ngram"].tolist() == ["w x", "y z"]


def test_kwic_rows_come_from_offsets(corpus):
    hits = concordance.kwic(corpus.documents, corpus.tokens, "illegal*")
    assert len(hits) == 9
    assert set(hits["doc_id"]) == {"time-2018", "statemedia-2021"}
    texts = corpus.documents.set_index("doc_id")["text"]
    for row in hits.itertuples():
        assert texts[row.doc_id][row.start:row.start + len(row.match)] == row.match
    assert hits.iloc[0]["match"] == "illegal"


def test_dispersion_positions(corpus):
    positions = concordance.dispersion(corpus.tokens, ["asylum", "detention"])
    assert positions["position"].between(0, 1).all()
    assert (positions["term"] == "asylum").sum() == 8
    fig = concordance.plot_dispersion(positions)
    assert len(fig.axes) == 2
