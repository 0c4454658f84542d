"""Tests for corpus_tools.topics.null: the shuffled-text null and the calibrated k verdict."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from sklearn.metrics import normalized_mutual_info_score

from corpus_tools.errors import CorpusError
from corpus_tools.tokenize import TOPIC_TOKEN_PATTERN
from corpus_tools.topics import (
    COHERENCE_FLOOR,
    COHERENCE_MARGIN,
    STABILITY_MARGIN,
    TopicModelError,
    calibrated_select_k,
    choose_calibrated_k,
    describe_k_verdict,
    fit_nmf,
    null_scores,
    plot_calibrated_k,
    shuffle_units,
)

THEMES = Path(__file__).resolve().parent / "data" / "topics_themes.csv"
KS = range(2, 9)
# small but enough: the verdicts asserted below hold with a wide margin at these settings
FAST = {"n_runs": 5, "n_permutations": 3}


@pytest.fixture(scope="module")
def themes() -> pd.DataFrame:
    return pd.read_csv(THEMES, comment="#")


@pytest.fixture(scope="module")
def observed(themes: pd.DataFrame) -> pd.DataFrame:
    return calibrated_select_k(themes["text"], KS, seed=0, **FAST)


@pytest.fixture(scope="module")
def shuffled_table(themes: pd.DataFrame) -> pd.DataFrame:
    return calibrated_select_k(shuffle_units(themes["text"], seed=2026), KS, seed=0, **FAST)


def _tokens(text: str) -> list[str]:
    return re.findall(TOPIC_TOKEN_PATTERN, text)


# ---------------------------------------------------------------------------
# shuffle_units
# ---------------------------------------------------------------------------


def test_themes_file_is_five_balanced_themes(themes):
    assert themes["label"].value_counts().to_dict() == {
        "astronomy": 20, "gardening": 20, "football": 20, "banking": 20, "sailing": 20,
    }
    assert not themes["text"].duplicated().any()


def test_shuffle_keeps_vocabulary_frequencies_and_unit_lengths(themes):
    texts = themes["text"].tolist()
    shuffled = shuffle_units(texts, seed=3)
    assert len(shuffled) == len(texts)
    assert [len(_tokens(s)) for s in shuffled] == [len(_tokens(t)) for t in texts]
    assert Counter(w for s in shuffled for w in _tokens(s)) == Counter(w for t in texts for w in _tokens(t))


def test_shuffle_is_seeded(themes):
    texts = themes["text"].tolist()
    assert shuffle_units(texts, seed=3) == shuffle_units(texts, seed=3)
    assert shuffle_units(texts, seed=3) != shuffle_units(texts, seed=4)


def test_shuffle_drops_what_the_vectoriser_never_sees():
    # digits, punctuation and one-letter tokens are not topic-model tokens
    assert shuffle_units(["In 2018, a U.S. judge ruled.", "x"], seed=0) in (
        ["In judge ruled", ""], ["judge In ruled", ""], ["ruled judge In", ""],
        ["In ruled judge", ""], ["judge ruled In", ""], ["ruled In judge", ""],
    )


def test_shuffle_honours_a_custom_token_pattern():
    out = shuffle_units(["a1 b2 c3", "d4"], seed=0, token_pattern=r"\w\d")
    assert sorted(" ".join(out).split()) == ["a1", "b2", "c3", "d4"]
    assert [len(t.split()) for t in out] == [3, 1]


def test_shuffle_destroys_the_themes(themes):
    """NMF recovers the 5 themes of the texts, but nothing like them after shuffling."""
    texts, labels = themes["text"].tolist(), themes["label"]
    real = normalized_mutual_info_score(labels, fit_nmf(texts, 5).dominant_topic())
    null = normalized_mutual_info_score(labels, fit_nmf(shuffle_units(texts, seed=0), 5).dominant_topic())
    assert real > 0.8
    assert null < 0.3


@pytest.mark.parametrize(
    "bad, message",
    [
        ("one string", "not a single string"),
        (["fine", None], "text number 1 is NoneType"),
        ([], "texts is empty"),
        (pd.DataFrame({"text": ["a"]}), "pass one column"),
        (42, "iterable of strings"),
    ],
)
def test_shuffle_bad_texts(bad, message):
    with pytest.raises(TopicModelError, match=message):
        shuffle_units(bad)


def test_errors_are_corpus_errors():
    assert issubclass(TopicModelError, CorpusError)
    with pytest.raises(CorpusError):
        shuffle_units(["ok"], token_pattern="(")


def test_null_lives_in_the_topics_package_only():
    import importlib.util

    import corpus_tools.topics as tp

    assert importlib.util.find_spec("corpus_tools.topic_null") is None  # no shim module left
    homes = {"shuffle_units": "null", "null_scores": "null", "calibrated_select_k": "calibrate",
             "choose_calibrated_k": "calibrate", "describe_k_verdict": "calibrate", "plot_calibrated_k": "plot"}
    for name, module in homes.items():
        assert name in tp.__all__ and getattr(tp, name).__module__ == f"corpus_tools.topics.{module}"


# ---------------------------------------------------------------------------
# null_scores
# ---------------------------------------------------------------------------


def test_null_scores_summarises_each_k(themes):
    null = null_scores(themes["text"], [2, 4], n_runs=3, n_permutations=2)
    assert null["k"].tolist() == [2, 4]
    assert (null["n_permutations"] == 2).all()
    assert (null["null_stability_max"] >= null["null_stability_mean"]).all()
    assert (null["null_coherence_max"] >= null["null_coherence_mean"]).all()
    assert (null[["null_stability_sd", "null_coherence_sd"]] >= 0).all().all()
    assert null["null_stability_mean"].between(0, 1).all()
    assert null["null_topic_coherence_mean"].between(-1, 1).all()
    # the least coherent topic of a copy is never above the copy's mean
    assert (null["null_min_coherence_mean"] <= null["null_coherence_mean"] + 1e-12).all()


def test_null_scores_is_reproducible_and_seeded(themes):
    a = null_scores(themes["text"], [3], n_runs=2, n_permutations=2, seed=1)
    b = null_scores(themes["text"], [3], n_runs=2, n_permutations=2, seed=1)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_permutations": 1}, "n_permutations must be an integer >= 2"),
        ({"n_permutations": True}, "n_permutations must be an integer >= 2"),
        ({"analyzer": str.split}, "custom analyzer"),
        ({"model_options": {"alpha_W": 0.1}}, r"model option\(s\) \['alpha_W'\]"),
        ({"method": "pca"}, "method must be 'nmf' or 'lda'"),
        ({"no_such_option": 1}, "unknown vectoriser option"),
    ],
)
def test_null_scores_bad_options(themes, kwargs, message):
    with pytest.raises(TopicModelError, match=message):
        null_scores(themes["text"], [2], **{"n_runs": 2, **kwargs})


@pytest.mark.parametrize("ks", [[2.5], [0], [True], [], 3])
def test_null_scores_bad_ks(themes, ks):
    with pytest.raises(TopicModelError, match="ks"):
        null_scores(themes["text"], ks, n_runs=2)


def test_too_many_topics_is_a_corpus_error():
    with pytest.raises(TopicModelError, match="fewer units"):
        null_scores(["goal match", "match goal", "rain storm"], [5], n_runs=2, min_df=1)


# ---------------------------------------------------------------------------
# calibrated_select_k: the acceptance checks
# ---------------------------------------------------------------------------


def test_real_themes_pass_at_several_k(observed):
    passing = observed.loc[observed["interpretable"], "k"].tolist()
    assert len(passing) >= 2, observed[["k", "reason"]]
    assert 5 in passing  # the number of themes written into the corpus


def test_shuffled_themes_pass_at_no_k(shuffled_table):
    assert not shuffled_table["interpretable"].any(), shuffled_table[["k", "reason"]]


def test_too_few_topics_do_not_pass(observed):
    # two topics cannot hold five themes: top terms mix themes and NPMI falls below the floor
    assert not observed.loc[observed["k"] == 2, "interpretable"].item()


def test_verdict_is_the_documented_rule(observed, shuffled_table):
    for t in (observed, shuffled_table):
        assert np.allclose(t["stability_excess"], t["stability"] - t["null_stability_mean"])
        assert np.allclose(
            t["stability_needed"],
            t["null_stability_mean"] + np.maximum(STABILITY_MARGIN, 2 * t["null_stability_sd"]),
        )
        assert np.allclose(t["coherence_floor"], np.maximum(COHERENCE_FLOOR, t["null_topic_coherence_mean"]))
        expected = (
            (t["stability"] > t["stability_needed"])
            & (t["coherence"] > t["null_coherence_mean"] + np.maximum(COHERENCE_MARGIN, 2 * t["null_coherence_sd"]))
            & (t["min_topic_coherence"] > t["coherence_floor"])
        )
        assert (t["interpretable"] == expected).all()
        assert (t["min_topic_coherence"] <= t["coherence"] + 1e-12).all()


def test_reasons_say_why(observed, shuffled_table):
    for t in (observed, shuffled_table):
        for _, row in t.iterrows():
            assert ("is within chance" in row["reason"]) == (not row["beats_null_stability"])
            assert ("does not beat the null" in row["reason"]) == (not row["beats_null_coherence"])
            assert (f"topic {int(row['worst_topic'])} has NPMI" in row["reason"]) == (not row["clears_floor"])
            if row["interpretable"]:
                assert row["reason"].startswith(f"stability {row['stability']:.2f} beats chance")


def test_wider_margin_passes_fewer_k(themes, observed):
    strict = calibrated_select_k(themes["text"], KS, seed=0, margin=0.9, **FAST)
    assert not strict["interpretable"].any()
    assert observed["interpretable"].any()


def test_lda_runs_through_the_same_rule(themes):
    t = calibrated_select_k(themes["text"], [5], method="lda", n_runs=2, n_permutations=2)
    assert t["k"].tolist() == [5]
    assert t["interpretable"].dtype == bool


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"margin": -0.1}, "margin must be >= 0"),
        ({"coherence_margin": float("nan")}, "coherence_margin must be a finite number"),
        ({"coherence_floor": "0"}, "coherence_floor must be a finite number"),
    ],
)
def test_calibrated_bad_arguments(themes, kwargs, message):
    with pytest.raises(TopicModelError, match=message):
        calibrated_select_k(themes["text"], [2], n_runs=2, **kwargs)


# ---------------------------------------------------------------------------
# words and pictures
# ---------------------------------------------------------------------------


def test_describe_names_the_passing_k(observed):
    text = describe_k_verdict(observed)
    passing = observed.loc[observed["interpretable"], "k"].tolist()
    best, ok = choose_calibrated_k(observed)
    assert ok and best in passing
    assert "clear the shuffled-text null" in text
    assert f"k = {best} has the highest coherence" in text
    for k in passing:
        assert str(k) in text.splitlines()[0]


def test_describe_says_do_not_read_on_shuffled_text(shuffled_table):
    text = describe_k_verdict(shuffled_table, unit_name="paragraph")
    assert text.startswith("**No k from 2 to 8 beats the shuffled-text null: do not read these topics as themes.**")
    assert "paragraphs with their words shuffled" in text
    k, ok = choose_calibrated_k(shuffled_table)
    assert not ok and k in set(KS)


def test_choose_prefers_coherence_among_interpretable(observed):
    k, ok = choose_calibrated_k(observed)
    ok_rows = observed[observed["interpretable"]]
    assert ok and k == int(ok_rows.sort_values(["coherence", "k"], ascending=[False, True]).iloc[0]["k"])


def test_plot_has_two_panels(observed):
    fig = plot_calibrated_k(observed)
    assert isinstance(fig, Figure)
    assert [ax.get_xlabel() for ax in fig.axes] == ["number of topics k"] * 2


@pytest.mark.parametrize("fn", [describe_k_verdict, plot_calibrated_k, choose_calibrated_k])
def test_words_and_pictures_need_a_calibrated_table(fn):
    with pytest.raises(TopicModelError, match="calibrated_select_k"):
        fn(pd.DataFrame({"k": [2], "stability": [0.5]}))
    with pytest.raises(TopicModelError, match="calibrated_select_k"):
        fn("not a table")


def test_topics_all_lists_exactly_the_public_names():
    import __future__

    import corpus_tools.topics as tp

    public = {n for n, v in vars(tp).items()
              if not n.startswith("_") and not isinstance(v, (type(tp), __future__._Feature))}
    assert set(tp.__all__) == public
