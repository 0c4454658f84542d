"""Checks on the out-of-sample annotation sets (data/annotations/quotes_oos/, frames_oos/).

These test the DATA, not a method: every gold quotation occurs verbatim in its article, in text
order; every quotation mark pair in the articles has a gold row (the labelling is complete);
every article has a split. Also: the small corpora in tests/data/corpora/ have
the properties their data cards promise (documents, outlets, no quote marks where promised).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools import paths
from corpus_tools.io import load_corpus
from corpus_tools.quotes import KINDS, load_gold_quotes

QUOTES_DIR = paths.DATA_DIR / "annotations" / "quotes_oos"


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def count_quotations(text: str) -> int:
    """Quotations in ``text``: opening double marks, minus those that only repeat an open quote at
    the start of the next paragraph (the multi-paragraph convention)."""
    n = 0
    still_open = False
    for para in re.split(r"\n\s*\n", text):
        open_now = False
        for i, ch in enumerate(para):
            prev = para[i - 1] if i else " "
            opening = ch == "“" or (ch == '"' and prev in " \t(" and para[i + 1:i + 2] not in ("", " "))
            if ch not in '“”"':
                continue
            if not open_now and opening:
                if not (i == 0 and still_open):
                    n += 1
                open_now = True
            elif open_now:
                open_now = False
        still_open = open_now
    return n


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return load_corpus(QUOTES_DIR / "texts")


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return load_gold_quotes(QUOTES_DIR / "gold_quotes.csv")


def test_every_article_has_a_split_dev_first_then_test(corpus):
    assert len(corpus) == 16
    assert set(corpus["split"]) == {"dev", "test"}
    splits = dict(zip(corpus["file"], corpus["split"]))
    assert all(splits[f"oos_{i:02d}.txt"] == "dev" for i in range(1, 7))
    assert all(splits[f"oos_{i:02d}.txt"] == "test" for i in range(7, 17))


def test_articles_are_300_to_500_words(corpus):
    words = corpus["text"].str.split().str.len()
    assert words.between(300, 500).all(), dict(zip(corpus["file"], words))


def test_every_gold_quote_occurs_verbatim_in_its_article_in_order(corpus, gold):
    texts = {f: squash(t) for f, t in zip(corpus["file"], corpus["text"])}
    assert set(gold["file"]) == set(texts), "every article has gold rows and every gold row an article"
    assert set(gold["kind"]) <= set(KINDS) - {"indirect"}
    for file, rows in gold.groupby("file", sort=False):
        pos = 0
        for quote in rows["quote"]:
            found = texts[file].find(squash(quote), pos)
            assert found >= 0, f"{file}: {quote!r} not found (after offset {pos})"
            pos = found + len(squash(quote))


def test_every_quotation_in_the_articles_is_labelled(corpus, gold):
    per_file = gold.groupby("file").size()
    for file, text in zip(corpus["file"], corpus["text"]):
        assert count_quotations(text) == per_file[file], file


def test_quotation_counter_knows_the_multi_paragraph_convention():
    assert count_quotations('"A b," she said. "C d."\n\n"E f.\n\n"G h," he said.') == 3


def test_direct_quotes_have_speakers_and_unattributed_rows_are_few(gold):
    assert (gold.loc[gold["kind"] == "direct", "speaker"].str.strip() != "").all()
    assert 0 < (gold["speaker"] == "").sum() <= 10



def test_frame_labels_use_codebook_ids_and_other_topics():
    from corpus_tools.frames import load_codebook

    frames = pd.read_csv(paths.DATA_DIR / "annotations" / "frames_oos" / "frames_oos.csv",
                         dtype=str, keep_default_na=False)
    assert list(frames.columns) == ["sentence_id", "topic", "text", "frames"]
    assert len(frames) == 60 and frames["sentence_id"].is_unique
    ids = load_codebook().ids
    used = [f for cell in frames["frames"] for f in cell.split(";") if f]
    assert used and set(used) <= set(ids), set(used) - set(ids)
    for cell in frames["frames"]:
        labels = [f for f in cell.split(";") if f]
        assert labels == sorted(set(labels), key=ids.index), f"{cell!r}: repeated or not in codebook order"
    assert not frames["text"].str.contains(r"\b(?:immigra|migrant|asylum|border|detention)",
                                           case=False).any()


@pytest.mark.parametrize("name, n_docs, n_outlets", [
    ("council", 8, 3), ("sport", 5, 1), ("science", 6, None), ("single", 1, 1), ("climate-noquotes", 8, 3),
])
def test_other_topic_corpora_have_the_properties_their_cards_promise(name, n_docs, n_outlets):
    folder = Path(__file__).parent / "data" / "corpora" / name
    corpus = load_corpus(folder)
    assert len(corpus) == n_docs
    if n_outlets is None:
        assert "outlet" not in corpus.columns
    else:
        assert corpus["outlet"].nunique() == n_outlets
    text = " ".join(corpus["text"])
    assert not re.search(r"\b(?:immigra|migrant|asylum|border|detention|Trump|Newsweek)", text, re.I)
    if name == "climate-noquotes":
        assert not re.search("[\"“”‘’']", text)
    else:
        assert "“" in text or '"' in text
