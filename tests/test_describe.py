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
    outlet_of = corpus.documents.set_index("doc_id")["outlet"]
    tokens = corpus.tokens.assign(outlet=corpus.tokens["doc_id"].map(outlet_of))
    by = describe.term_frequencies(tokens, by="outlet", n=1)
    assert dict(zip(by["group"], by["term"])) == {
        "Chinese state media": "rights", "Global Coalition on Migration": "children", "Newsweek": "children",
        "TIME": "policy", "Voice of America": "said"}
    assert not overall["term"].str.startswith("'").any()
    with pytest.warns(FutureWarning, match=r"term_frequencies\(by=<Series>\) is deprecated"):
        old = describe.term_frequencies(corpus.tokens, by=outlet_of, n=1)
    pd.testing.assert_frame_equal(old, by)
    with pytest.raises(describe.DescribeError, match=r"by='outlet' is not a column of the tokens table"):
        describe.term_frequencies(corpus.tokens, by="outlet")


def test_ngrams_do_not_cross_sentences():
    tokens = pd.DataFrame({"doc_id": ["a"] * 4, "sent_id": [0, 0, 1, 1], "norm": ["w", "x", "y", "z"],
                           "is_stop": [False] * 4, "is_punct": [False] * 4})
    table = describe.ngram_frequencies(tokens, order=2, min_length=1)
    assert table["ngram"].tolist() == ["w x", "y z"]
    assert describe.ngram_frequencies(tokens, order=1, n=3, min_length=1)["ngram"].tolist() == ["w", "x", "y"]


@pytest.mark.parametrize(("old", "new"), [
    ({"n": 3}, {"order": 3}),  # the old n was the order; the old row count (top) defaulted to 15
    ({"n": 1, "top": 2}, {"order": 1, "n": 2}),
    ({"top": 1}, {"order": 2, "n": 1}),
])
def test_old_ngram_arguments_still_work_with_a_warning(corpus, old, new):
    with pytest.warns(FutureWarning, match=r"pass order= for the n-gram length and n= for the number of rows"):
        table = describe.ngram_frequencies(corpus.tokens, **old)
    pd.testing.assert_frame_equal(table, describe.ngram_frequencies(corpus.tokens, **new))


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


# ---------------------------------------------------------------------------------------------
# Key terms derived from the data, bounded displays, findings from the numbers
# ---------------------------------------------------------------------------------------------

def _toks(docs: dict[str, str], stop=("the", "a", "of")) -> pd.DataFrame:
    rows = [{"doc_id": d, "sent_id": 0, "norm": w, "is_stop": w in stop, "is_punct": w == "."}
            for d, text in docs.items() for w in text.split()]
    return pd.DataFrame(rows)


def test_derived_key_terms_match_scikit_learn_tfidf(corpus):
    from sklearn.feature_extraction.text import TfidfVectorizer

    kept = corpus.tokens[~corpus.tokens["is_punct"] & ~corpus.tokens["is_stop"]
                         & (corpus.tokens["norm"].str.len() >= 3) & ~corpus.tokens["norm"].str.startswith(("'", "\u2019"))]
    docs = kept.groupby("doc_id")["norm"].apply(list)
    # scikit-learn's max_df drops terms before the idf is computed; idf does not depend on other terms
    vec = TfidfVectorizer(analyzer=lambda words: words, norm=None, smooth_idf=True, max_df=0.5)
    weights = vec.fit_transform(docs.tolist()).toarray() / docs.str.len().to_numpy()[:, None]
    score = pd.Series(weights.sum(axis=0), index=vec.get_feature_names_out())
    counts = kept["norm"].value_counts()
    score = score[counts.reindex(score.index).to_numpy() >= 2].round(12)
    expected = score.reset_index().sort_values([0, "index"], ascending=[False, True])["index"].head(8).tolist()
    assert describe.derive_key_terms(corpus.tokens, n=8) == expected


def test_derived_key_terms_prefer_terms_concentrated_in_some_documents():
    toks = _toks({"a": "budget park council", "b": "budget tram tram council", "c": "budget levy levy council"})
    # budget and council are everywhere (low idf); tram and levy are concentrated in one document each
    assert describe.derive_key_terms(toks, n=2) == ["levy", "tram"]
    # budget and council are in every one of the 3 documents: never key terms; with 2 documents they can be
    assert describe.derive_key_terms(toks, n=10, min_count=3) == []
    two = toks[toks["doc_id"] != "c"]
    assert describe.derive_key_terms(two, n=10, min_count=2) == ["tram", "budget", "council"]
    assert describe.derive_key_terms(_toks({"a": "the of a"}), n=3) == []


def test_derived_key_terms_leave_out_words_spread_over_most_documents():
    """'said' in 3 of 4 news stories tells none apart; a word in 2 of 4 (max_df 0.5) still can."""
    toks = _toks({"a": "said said flood flood", "b": "said said flood", "c": "said said drought drought",
                  "d": "levy levy levy"})
    assert describe.derive_key_terms(toks, n=5) == ["levy", "flood", "drought"]
    assert "said" in describe.derive_key_terms(toks, n=5, max_df=0.75)
    with pytest.raises(describe.DescribeError, match="max_df=0"):
        describe.derive_key_terms(toks, max_df=0)


def test_choose_key_terms_order_of_precedence():
    toks = _toks({"a": "park park bus"})
    assert describe.choose_key_terms(["Tram*"], ["pack"], toks)[0] == ["tram*"]
    assert describe.choose_key_terms(None, ["pack*"], toks)[0] == ["pack*"]
    terms, note = describe.choose_key_terms(None, [], toks)
    assert terms == ["park"] and "derived from the data" in note
    assert describe.choose_key_terms(None, [], _toks({"a": "one two"}))[0] == []


def test_largest_groups_bounds_panels():
    toks = _toks({f"d{i}": " ".join(["w"] * (i + 1)) for i in range(10)})
    by = pd.Series({f"d{i}": f"g{i}" for i in range(10)})
    toks["group"] = toks["doc_id"].map(by)
    assert describe.largest_groups(toks, "group", limit=3) == ["g9", "g8", "g7"]
    with pytest.warns(FutureWarning, match=r"largest_groups\(by=<Series>\) is deprecated"):
        assert describe.largest_groups(toks, by, limit=3) == ["g9", "g8", "g7"]


def test_summarisers_state_the_numbers(corpus):
    sizes = describe.document_table(corpus.documents)
    lines = describe.summarise_documents(sizes, label="outlet", removed=corpus.removed)
    assert lines[0].startswith(f"{len(sizes)} documents ({sizes['outlet'].nunique()} outlets), "
                               f"{sizes['sentences'].sum():,} sentences")
    assert f"Cleaning removed {len(corpus.removed)} lines" in lines[2]
    one = describe.summarise_documents(sizes.head(1), label="doc_id", removed=corpus.removed.iloc[0:0])
    assert one == [f"1 document, {sizes['sentences'].iloc[0]} sentences, {sizes['words'].iloc[0]:,} words.",
                   "Cleaning removed no line as page furniture."]
    overall = describe.term_frequencies(corpus.tokens, n=3)
    assert describe.summarise_terms(overall)[0] == "The most frequent content words are children (39), rights (37) and human (30)."
    assert describe.summarise_terms(overall.iloc[0:0])[0].startswith("No content word")
    assert describe.summarise_terms(overall, n=1)[0] == "The most frequent content words are children (39)."
    with pytest.warns(FutureWarning, match=r"summarise_terms\(top=\) is deprecated.*pass n="):
        assert describe.summarise_terms(overall, top=1) == describe.summarise_terms(overall, n=1)
    with pytest.raises(TypeError, match="pass n= only"):
        describe.summarise_terms(overall, n=1, top=1)
    hits = pd.DataFrame({"term": ["x"], "occurrences": [0], "documents": [0]})
    assert describe.summarise_key_terms(hits, n_documents=5) == ["Not found in any document: x."]


def test_kwic_with_doc_id_as_label(corpus):
    hits = concordance.kwic(corpus.documents, corpus.tokens, "asylum", columns="doc_id")
    assert list(hits.columns) == ["doc_id", "start", "left", "match", "right"] and len(hits) == 8
    shown = concordance.kwic(corpus.documents, corpus.tokens, "asylum", columns=["outlet", "date"])
    assert list(shown.columns) == ["doc_id", "outlet", "date", "start", "left", "match", "right"]
    outlets = corpus.documents.set_index("doc_id")["outlet"]
    assert shown["outlet"].tolist() == shown["doc_id"].map(outlets).tolist()
    with pytest.warns(FutureWarning, match=r"kwic\(label=\) is deprecated.*columns="):
        old = concordance.kwic(corpus.documents, corpus.tokens, "asylum", label="outlet")
    pd.testing.assert_frame_equal(old, concordance.kwic(corpus.documents, corpus.tokens, "asylum"))
    with pytest.raises(TypeError, match="pass columns= only"):
        concordance.kwic(corpus.documents, corpus.tokens, "asylum", columns="outlet", label="outlet")
