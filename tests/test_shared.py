"""The shared modules: one exception root, one resource loader, one text-normalisation table, one
bootstrap, one KWIC context rule."""

from __future__ import annotations

import os

import numpy as np
import pytest

from corpus_tools import (
    adapt,
    compare,
    describe,
    domains,
    frames,
    kwic,
    quotes,
    reliability,
    sentiment,
    stats,
    textnorm,
    topics,
)
from corpus_tools.errors import CorpusError
from corpus_tools.resources import ResourceError, load_resource, resource_path


@pytest.mark.parametrize("error", [
    frames.FramesError, frames.CodebookError, frames.CodingSheetError, frames.AlignmentError,
    frames.FrameClassifierError, topics.TopicModelError, reliability.ReliabilityError, quotes.QuoteError,
    quotes.ActorTableError, sentiment.SentimentError, ResourceError, compare.CompareError,
    describe.DescribeError, domains.DomainError, adapt.ParameterError,
])
def test_every_library_error_is_a_corpus_error(error):
    assert issubclass(error, CorpusError)


def test_the_cli_root_catches_a_topic_model_error():
    with pytest.raises(CorpusError, match="fewer units"):
        topics.fit_nmf(["border wall asylum", "border wall court"], 3)


def test_loader_rereads_a_file_when_it_changes(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("asylum\n", encoding="utf-8")

    def parse(p):
        return p.read_text(encoding="utf-8").split()

    assert load_resource(path, parse, name="words.txt") == ["asylum"]
    path.write_text("asylum\nborder\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert load_resource(path, parse, name="words.txt") == ["asylum", "border"]


def test_loader_reads_a_pack_directory_and_names_a_missing_file(tmp_path):
    (tmp_path / "actors.csv").write_text("x", encoding="utf-8")
    assert resource_path("actors.csv", directory=tmp_path) == tmp_path / "actors.csv"
    with pytest.raises(ResourceError, match="codebook.yml"):
        resource_path("codebook.yml", directory=tmp_path)
    with pytest.raises(ResourceError, match="nope.txt"):
        load_resource(tmp_path / "nope.txt", str, name="nope.txt")


@pytest.mark.parametrize("text, cleaned, ascii_, aligned", [
    ("a\u2013b", "a\u2014b", "a\u2013b", "a-b"),
    ("\u00abno\u00bb", "\u201cno\u201d", "\u00abno\u00bb", "\u00abno\u00bb"),
    ("it\u2019s", "it\u2019s", "it's", "it's"),
    ("\u201eja\u201c", "\u201cja\u201c", '"ja"', '"ja"'),
])
def test_the_three_normalisation_strengths(text, cleaned, ascii_, aligned):
    assert text.translate({**textnorm.CLEAN_DASHES, **textnorm.CLEAN_QUOTES}) == cleaned
    assert text.translate(textnorm.ASCII_QUOTES) == ascii_
    assert text.translate(textnorm.ALIGNMENT_TABLE) == aligned


def test_cluster_bootstrap_with_one_row_per_cluster_is_the_row_bootstrap():
    x = np.random.default_rng(5).normal(size=30)
    cluster = stats.cluster_mean_draws(x, np.arange(30), n_boot=4000, rng=np.random.default_rng(1))
    rows = x[stats.resample_indices(30, n_boot=4000, rng=np.random.default_rng(2))].mean(axis=1)
    # same distribution: both standard errors near the textbook sd / sqrt(n) (well separated tolerance)
    se = x.std(ddof=0) / np.sqrt(30)
    assert cluster.std() == pytest.approx(se, rel=0.1) and rows.std() == pytest.approx(se, rel=0.1)


def test_cluster_bootstrap_keeps_whole_documents():
    # document a: all 0; document b: all 1, twice as long. A draw holds 0, 1 or 2 copies of each.
    values = np.array([0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    draws = stats.cluster_mean_draws(values, ["a", "a", "b", "b", "b", "b"], n_boot=500,
                                     rng=np.random.default_rng(0))
    assert set(np.round(draws, 6)) == {0.0, round(4 / 6, 6), 1.0}
    two_columns = stats.cluster_mean_draws(np.column_stack([values, 1 - values]), list("aabbbb"), n_boot=50,
                                           rng=np.random.default_rng(0))
    assert two_columns.shape == (50, 2) and np.allclose(two_columns.sum(axis=1), 1.0)


def test_interval_rule_unit_and_minimum_n():
    assert stats.MIN_SENTENCES == 5 and stats.MIN_DOCUMENTS == 3
    assert stats.bootstrap_unit(1) == "sentences" and stats.bootstrap_unit(2) == "documents"
    assert stats.interval_note(5, 1) == "" and stats.interval_note(50, 3) == ""
    assert "4 sentences" in stats.interval_note(4, 1) and "2 documents" in stats.interval_note(50, 2)


def test_bootstrap_seed_depends_on_group_not_on_order():
    a = np.random.default_rng(stats.group_seed(0, "A")).integers(0, 10**9)
    b = np.random.default_rng(stats.group_seed(0, "B")).integers(0, 10**9)
    assert a != b
    assert a == np.random.default_rng(stats.group_seed(0, "A")).integers(0, 10**9)


def test_percentile_interval_of_a_uniform_grid():
    low, high = stats.percentile_interval(np.arange(1001.0), level=0.95)
    assert low == pytest.approx(25.0) and high == pytest.approx(975.0)


def test_cut_context_folds_and_rejects_unknown_rule():
    assert kwic.cut_context("x\ny asylum z\nw", 4, 10, before=3, after=3) == ("y", "asylum", "z")
    with pytest.raises(ValueError, match="fold"):
        kwic.cut_context("abc", 0, 1, before=1, after=1, fold="none")


@pytest.mark.parametrize(("before", "after", "expected"), [
    (100, 100, ("Families crossed the border;", "parents", "were held in detention.")),
    (12, 15, ("... border;", "parents", "were held ...")),
    (4, 3, ("...", "parents", "...")),
])
def test_cut_context_in_whole_words(before, after, expected):
    text = "Families crossed  the\nborder; parents were held in detention."
    start = text.index("parents")
    left, match, right = kwic.cut_context(text, start, start + 7, before=before, after=after, fold="words")
    assert (left, match, right) == expected
    assert len(left) <= before and len(right) <= max(after, 3)
