"""Tests for corpus_tools.sentiment.

Reference values: VADER scores are pinned to the reference implementation
(vaderSentiment 3.3.2, ``SentimentIntensityAnalyzer().polarity_scores``), computed once and
written in as literals; the README examples are the values published in the vaderSentiment
README (checked against the installed package). Corpus sentences are copied from data/raw and
the tests check that they occur there verbatim.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from scipy import stats  # noqa: E402
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, normalize  # noqa: E402

from corpus_tools import sentiment as S  # noqa: E402
from corpus_tools.actors import ActorTableError  # noqa: E402
from corpus_tools.errors import CorpusError  # noqa: E402

SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]
RAW_DIR = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def reference():
    """A fresh reference analyser, independent of the module's cached one."""
    return SentimentIntensityAnalyzer()


@pytest.fixture(scope="module")
def raw_text():
    """All five raw texts, white space collapsed, joined."""
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(RAW_DIR.glob("*.txt")))


def _raw_sentences() -> list[str]:
    """Crude sentence split of the raw corpus (enough to exercise VADER on real text)."""
    out = []
    for path in sorted(RAW_DIR.glob("*.txt")):
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            para = " ".join(para.split())
            out.extend(s for s in re.split(r"(?<=[.!?])[\"”]?\s+(?=[“\"A-Z])", para) if s.strip())
    return out


# ---------------------------------------------------------------------------------------------
# VADER: published examples and pinned corpus sentences
# ---------------------------------------------------------------------------------------------

README_EXAMPLES = [  # vaderSentiment README, "compound" values as published
    ("VADER is smart, handsome, and funny.", 0.8316),
    ("VADER is smart, handsome, and funny!", 0.8439),
    ("VADER is very smart, handsome, and funny.", 0.8545),
    ("VADER is VERY SMART, handsome, and FUNNY.", 0.9227),
    ("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342),
    ("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469),
    ("VADER is not smart, handsome, nor funny.", -0.7424),
    ("The book was good.", 0.4404),
    ("At least it isn't a horrible book.", 0.431),
    ("The book was only kind of good.", 0.3832),
    ("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042),
    ("Today SUX!", -0.5461),
    ("Today only kinda sux! But I'll get by, lol", 0.5249),
    ("Make sure you :) or :D today!", 0.8633),
    ("Catch utf-8 emoji such as 💘 and 💋 and 😁", 0.875),
    ("Not bad at all", 0.431),
]


@pytest.mark.parametrize("sentence, compound", README_EXAMPLES)
def test_vader_readme_examples(sentence, compound, reference):
    ours = S.vader_scores([sentence]).iloc[0]
    assert ours["compound"] == compound
    assert ours[SCORE_COLUMNS].to_dict() == reference.polarity_scores(sentence)


# (sentence, neg, neu, pos, compound) from SentimentIntensityAnalyzer().polarity_scores; these
# sentences contain no curly quotes or dashes, so typography normalisation leaves them unchanged.
CORPUS_PINNED = [
    ('In a briefing on Tuesday, Shamdasani called the practice a "serious violation" of '
     'children\'s rights and called the separations "arbitrary and unlawful."',
     0.184, 0.816, 0.0, -0.5423),
    ("She told VOA there is no justification for detaining children.", 0.196, 0.804, 0.0, -0.296),
    ("The devastating image of 23-month old Valeria Ramirez, lying dead in the Rio Grande alongside "
     "her father less than a month ago brings painful remembrances of the image of Aylan Kurdi on the "
     "Mediterranean shores in 2015.", 0.311, 0.689, 0.0, -0.9423),
    ("The US should focus on solving its own human rights problems and stop using human rights as "
     "tools to interfere in other countries’ internal affairs.", 0.167, 0.751, 0.082, -0.3612),
    ('"Once again, the United Nations shows its hypocrisy by calling out the United States while it '
     'ignores the reprehensible human rights records of several members of its own Human Rights '
     'Council," said Nikki Haley, United States Ambassador to the United Nations.',
     0.043, 0.73, 0.227, 0.8442),
    ('"Border Security laws should be changed but the Dems can\'t get their act together!',
     0.0, 0.867, 0.133, 0.2481),
    ("Detention is never in the best interest of the child, and these children are effectively "
     "detained.", 0.336, 0.432, 0.232, -0.3956),
    ("There should be NO detention of people seeking humanitarian protection, particularly children.",
     0.125, 0.722, 0.152, 0.0969),
]


@pytest.mark.parametrize("sentence, neg, neu, pos, compound", CORPUS_PINNED)
def test_vader_pinned_corpus_sentences(sentence, neg, neu, pos, compound, reference, raw_text):
    assert sentence in raw_text  # a real corpus sentence, copied verbatim
    pinned = {"neg": neg, "neu": neu, "pos": pos, "compound": compound}
    assert reference.polarity_scores(sentence) == pinned
    for normalise in (True, False):
        ours = S.vader_scores([sentence], normalise_typography=normalise).iloc[0]
        assert ours[SCORE_COLUMNS].to_dict() == pinned


@pytest.mark.parametrize("sentence, as_written, ascii_compound", [
    # curly quotes glue to the words, so VADER misses "criminals" / "detained" as written
    ("“Parents who entered illegally are, by definition, criminals,” she said.", 0.0, -0.5719),
    ("They are separated and detained.”", 0.0, -0.4019),
])
def test_typography_normalisation_lets_vader_see_quoted_words(sentence, as_written, ascii_compound,
                                                              reference, raw_text):
    assert sentence in raw_text
    assert S.vader_scores([sentence], normalise_typography=False)["compound"].item() == as_written
    assert reference.polarity_scores(sentence)["compound"] == as_written
    ascii_text = sentence.replace("“", '"').replace("”", '"')
    assert S.normalise_typography(sentence) == ascii_text
    assert S.vader_scores([sentence])["compound"].item() == ascii_compound
    assert reference.polarity_scores(ascii_text)["compound"] == ascii_compound


def test_normalise_typography_spaces_dashes_and_fixes_apostrophes():
    assert S.normalise_typography("children—including") == "children — including"
    assert S.normalise_typography("detention – eliminating") == "detention — eliminating"
    # a curly apostrophe hides VADER's "n't" negation
    curly, straight = "It isn’t good.", "It isn't good."
    assert S.normalise_typography(curly) == straight
    assert S.vader_scores([curly])["compound"].item() == S.vader_scores([straight])["compound"].item()
    assert S.vader_scores([curly], normalise_typography=False)["compound"].item() > 0


def test_trace_reproduces_reference_on_whole_corpus(reference):
    sentences = _raw_sentences()
    assert len(sentences) > 100
    variants = [v for text in sentences for v in (text, S.normalise_typography(text))]
    got = S.vader_scores(variants, normalise_typography=False)[SCORE_COLUMNS]
    for variant, row in zip(variants, got.to_dict("records")):
        assert row == reference.polarity_scores(variant), variant


def test_vader_scores_shape_order_and_index():
    sentences = pd.Series(["The book was good.", "Not bad at all", "Today SUX!"], index=[10, 3, 7])
    out = S.vader_scores(sentences)
    assert list(out.index) == [10, 3, 7]
    assert out["compound"].tolist() == [0.4404, 0.431, -0.5461]
    assert list(out.columns) == ["neg", "neu", "pos", "compound", "n_tokens", "n_lexicon_words",
                                 "scored"]
    assert out["n_tokens"].tolist() == [4, 4, 2]
    assert out["n_lexicon_words"].tolist() == [1, 1, 1]
    plain = S.vader_scores(["a", "b"])
    assert list(plain.index) == [0, 1]


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_sentence_has_defined_result(text):
    row = S.vader_scores([text]).iloc[0]
    assert row[SCORE_COLUMNS].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert row["n_tokens"] == 0 and row["n_lexicon_words"] == 0
    assert not row["scored"]


def test_non_english_text_is_neutral_unless_false_friends_match():
    out = S.vader_scores(["孩子们被迫与父母分离。", "Los niños fueron separados de sus padres.",
                          "Die Kinder wurden von ihren Eltern getrennt."])
    assert out["compound"].tolist()[:2] == [0.0, 0.0]
    assert out["neu"].tolist()[:2] == [1.0, 1.0]
    assert out["n_lexicon_words"].tolist() == [0, 0, 2]  # German "Die", "Kinder" are English words
    assert out["compound"].iloc[2] == -0.1779
    assert out["scored"].all()


def test_long_sentence_scored_whole_and_saturates(reference):
    one = CORPUS_PINNED[2][0]  # strongly negative sentence, 37 tokens
    long = " ".join([one] * 30)
    row = S.vader_scores([long]).iloc[0]
    assert row[SCORE_COLUMNS].to_dict() == reference.polarity_scores(long)
    assert row["n_tokens"] == 30 * S.vader_scores([one])["n_tokens"].item()
    assert -1 <= row["compound"] < -0.99  # saturated: compound of a text is not a sentence's


@pytest.mark.parametrize("bad, fragment", [
    ("The book was good.", "single string"),
    (["ok", None], "index 1"),
    (["ok", 3], "(int)"),
    (pd.Series(["ok", np.nan], index=["a", "b"]), "index 'b'"),
    (pd.DataFrame({"text": ["ok"]}), "DataFrame"),
    (42, "expected a list"),
])
def test_vader_scores_rejects_bad_input(bad, fragment):
    with pytest.raises(S.SentimentError, match=re.escape(fragment)):
        S.vader_scores(bad)


def test_sentiment_error_is_a_corpus_error():
    assert issubclass(S.SentimentError, CorpusError)
    assert issubclass(S.SentimentError, ValueError)


# ---------------------------------------------------------------------------------------------
# Labels and aggregation
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("compound, label", [
    (0.05, "positive"), (0.0500001, "positive"), (0.0499999, "neutral"), (0.0, "neutral"),
    (-0.0499999, "neutral"), (-0.05, "negative"), (-0.0500001, "negative"),
    (1.0, "positive"), (-1.0, "negative"), (0.8316, "positive"), (-0.7424, "negative"),
])
def test_label_polarity_boundaries(compound, label):
    assert S.label_polarity(compound) == label


def test_label_polarity_vector_and_threshold():
    labels = S.label_polarity(pd.Series([0.2, -0.2, 0.1], index=["x", "y", "z"]), threshold=0.15)
    assert labels.to_dict() == {"x": "positive", "y": "negative", "z": "neutral"}
    assert S.label_polarity(np.array([0.05, -0.05])).tolist() == ["positive", "negative"]


@pytest.mark.parametrize("bad, kwargs, fragment", [
    ([0.1, np.nan], {}, "missing"),
    ([1.5], {}, "[-1, 1]"),
    (["high"], {}, "numbers"),
    (0.1, {"threshold": 1.0}, "threshold"),
    (0.1, {"threshold": -0.1}, "threshold"),
])
def test_label_polarity_bad_input(bad, kwargs, fragment):
    with pytest.raises(S.SentimentError, match=re.escape(fragment)):
        S.label_polarity(bad, **kwargs)


def _tone_table():
    return pd.DataFrame({
        "doc": ["a"] * 4 + ["b"] * 3 + ["c"],
        "compound": [0.5, 0.5, -0.5, 0.0, 0.3, 0.3, 0.3, -0.9],
    })


def test_summarise_tone_known_values():
    out = S.summarise_tone(_tone_table(), by="doc", n_boot=500, min_sentences=2).set_index("doc")
    a = out.loc["a"]
    assert a["n"] == 4
    assert a["mean"] == pytest.approx(0.125)
    assert a["median"] == pytest.approx(0.25)
    assert (a["share_positive"], a["share_neutral"], a["share_negative"]) == (0.5, 0.25, 0.25)
    assert a["mean_low"] <= a["mean"] <= a["mean_high"]
    for lab in S.LABELS:
        assert 0 <= a[f"share_{lab}_low"] <= a[f"share_{lab}"] <= a[f"share_{lab}_high"] <= 1
    # identical values: zero-width intervals at the value
    b = out.loc["b"]
    assert b["mean_low"] == b["mean_high"] == pytest.approx(0.3)
    assert b["share_positive_low"] == b["share_positive_high"] == 1.0
    assert b["share_negative_low"] == b["share_negative_high"] == 0.0
    # one sentence: estimates defined, intervals NaN (documented)
    c = out.loc["c"]
    assert c["n"] == 1 and c["mean"] == -0.9 and c["share_negative"] == 1.0
    assert all(math.isnan(c[col]) for col in out.columns if col.endswith(("_low", "_high")))
    assert c["note"] == "no interval: 1 sentence (fewer than 2)" and a["note"] == ""
    assert set(out["unit"]) == {"sentences"}


def test_summarise_tone_has_no_interval_below_the_minimum_n():
    out = S.summarise_tone(_tone_table(), by="doc", n_boot=200).set_index("doc")  # default minimum: 5
    assert S.summarise_tone.__kwdefaults__["min_sentences"] == 5
    for doc, n in (("a", 4), ("b", 3), ("c", 1)):
        assert out.loc[doc, "n"] == n and math.isnan(out.loc[doc, "mean_low"])
        assert out.loc[doc, "note"].startswith(f"no interval: {n} sentence")
    assert not math.isnan(out.loc["a", "mean"])  # the estimate itself is always reported


def _clustered(n_docs=8, per_doc=20, seed=3):
    """Documents whose sentences share a document-level tone: strongly clustered data."""
    rng = np.random.default_rng(seed)
    levels = rng.normal(0, 0.4, size=n_docs)
    rows = [{"g": "all", "doc_id": f"d{d}", "compound": float(np.clip(levels[d] + rng.normal(0, 0.05), -1, 1))}
            for d in range(n_docs) for _ in range(per_doc)]
    return pd.DataFrame(rows)


def test_summarise_tone_cluster_bootstrap_is_wider_on_clustered_data():
    table = _clustered()
    by_sentence = S.summarise_tone(table, by="g", n_boot=2000).iloc[0]
    by_document = S.summarise_tone(table, by="g", n_boot=2000, cluster="doc_id").iloc[0]
    assert by_sentence["unit"] == "sentences" and by_document["unit"] == "documents"
    assert by_document["n_documents"] == 8 and by_document["n"] == 160
    assert by_document["mean"] == pytest.approx(by_sentence["mean"])
    width_s = by_sentence["mean_high"] - by_sentence["mean_low"]
    width_d = by_document["mean_high"] - by_document["mean_low"]
    # ~20 near-identical sentences per document: the design effect is about sqrt(20) ~ 4.5
    assert width_d > 2.5 * width_s


def test_summarise_tone_cluster_bootstrap_known_answers():
    # identical documents: every resample has the same mean, so the interval has zero width
    same = pd.DataFrame({"g": "x", "doc_id": [f"d{i}" for i in range(4) for _ in range(3)],
                         "compound": [0.5, -0.5, 0.3] * 4})
    row = S.summarise_tone(same, by="g", n_boot=500, cluster="doc_id").iloc[0]
    assert row["unit"] == "documents" and row["mean_low"] == pytest.approx(row["mean_high"])
    assert row["mean_low"] == pytest.approx(0.1)
    # two documents: a document bootstrap is not drawn, and the note says why
    two = same[same["doc_id"].isin(["d0", "d1"])]
    row = S.summarise_tone(two, by="g", n_boot=500, cluster="doc_id").iloc[0]
    assert math.isnan(row["mean_low"]) and row["note"] == "no interval: 2 documents (a document bootstrap needs 3)"
    # one document: its sentences are resampled, the same draws as without `cluster`
    one = _clustered(n_docs=1)
    with_cluster = S.summarise_tone(one, by="g", n_boot=500, cluster="doc_id")
    without = S.summarise_tone(one, by="g", n_boot=500)
    assert with_cluster.loc[0, "unit"] == "sentences" and with_cluster.loc[0, "n_documents"] == 1
    pd.testing.assert_frame_equal(with_cluster.drop(columns="n_documents"), without)


def test_summarise_tone_cluster_bootstrap_is_seeded():
    table = _clustered()
    first = S.summarise_tone(table, by="g", n_boot=300, cluster="doc_id")
    pd.testing.assert_frame_equal(first, S.summarise_tone(table, by="g", n_boot=300, cluster="doc_id"))
    assert not first.equals(S.summarise_tone(table, by="g", n_boot=300, cluster="doc_id", seed=1))


def test_summarise_tone_deterministic_and_group_independent():
    table = _tone_table()
    first = S.summarise_tone(table, by="doc", n_boot=500, min_sentences=2)
    pd.testing.assert_frame_equal(first, S.summarise_tone(table, by="doc", n_boot=500, min_sentences=2))
    only_a = S.summarise_tone(table[table["doc"] == "a"], by="doc", n_boot=500, min_sentences=2)
    pd.testing.assert_frame_equal(only_a, first.iloc[[0]].reset_index(drop=True))
    other_seed = S.summarise_tone(table, by="doc", n_boot=500, seed=1, min_sentences=2)
    assert not first.equals(other_seed)


def test_summarise_tone_matches_normal_theory_for_a_large_group():
    x = np.random.default_rng(42).normal(0.1, 0.3, size=400).clip(-1, 1)
    out = S.summarise_tone(pd.DataFrame({"g": "all", "compound": x}), by="g", n_boot=2000).iloc[0]
    half = 1.96 * x.std(ddof=1) / math.sqrt(len(x))
    assert out["mean_high"] - out["mean_low"] == pytest.approx(2 * half, rel=0.12)
    share = (x >= 0.05).mean()
    half_share = 1.96 * math.sqrt(share * (1 - share) / len(x))
    assert out["share_positive_high"] - out["share_positive_low"] == pytest.approx(2 * half_share,
                                                                                    rel=0.15)


def test_summarise_tone_multiple_by_columns():
    table = _tone_table().assign(kind=["x", "y"] * 4)
    out = S.summarise_tone(table, by=["doc", "kind"], n_boot=100)
    assert list(out[["doc", "kind"]].itertuples(index=False, name=None)) == [
        ("a", "x"), ("a", "y"), ("b", "x"), ("b", "y"), ("c", "y")]
    assert out["n"].sum() == len(table)


@pytest.mark.parametrize("mutate, kwargs, fragment", [
    (lambda t: t.iloc[0:0], {}, "empty"),
    (lambda t: t.assign(doc=pd.Categorical(t["doc"], categories=["a", "b", "c", "d"])), {},
     "have no sentences"),
    (lambda t: t.assign(doc=t["doc"].where(t.index != 2)), {}, "missing values"),
    (lambda t: t.assign(scored=[True] * 7 + [False]), {}, "scored == False"),
    (lambda t: t.assign(compound=t["compound"].where(t.index != 0)), {}, "missing or non-numeric"),
    (lambda t: t, {"by": "outlet"}, "'outlet' is not in the table"),
    (lambda t: t, {"n_boot": 10}, "n_boot"),
    (lambda t: t, {"level": 95}, "level="),
    (lambda t: t, {"cluster": "doc_id"}, "'doc_id' is not in the table"),
    (lambda t: t, {"min_sentences": 1}, "min_sentences=1"),
])
def test_summarise_tone_errors(mutate, kwargs, fragment):
    options = {"by": "doc", "n_boot": 200} | kwargs
    with pytest.raises(S.SentimentError, match=re.escape(fragment)):
        S.summarise_tone(mutate(_tone_table()), **options)


# ---------------------------------------------------------------------------------------------
# Other lexicons and their comparison
# ---------------------------------------------------------------------------------------------

def test_textblob_and_afinn_match_their_libraries(raw_text):
    from afinn import Afinn
    from textblob.en.sentiments import PatternAnalyzer

    sentence = CORPUS_PINNED[2][0]
    assert sentence in raw_text
    tb = S.textblob_scores([sentence]).iloc[0]
    direct = PatternAnalyzer().analyze(sentence)
    assert (tb["polarity"], tb["subjectivity"]) == (direct.polarity, direct.subjectivity)
    af = S.afinn_scores([sentence]).iloc[0]
    assert af["afinn"] == Afinn().score(sentence)
    assert af["n_afinn_words"] == 3  # devastating, dead, painful
    assert af["afinn"] == -7.0  # -2 - 3 - 2 in AFINN-165
    assert S.textblob_scores(["The book was good.", ""])["polarity"].tolist() == [0.7, 0.0]
    assert S.afinn_scores(["The book was good."])["afinn"].item() == 3.0


def test_lexicon_scores_columns_and_index():
    sentences = pd.Series(["The book was good.", "This is bad and wrong."], index=["p", "q"])
    out = S.lexicon_scores(sentences)
    assert list(out.columns) == ["vader", "textblob", "afinn"]
    assert list(out.index) == ["p", "q"]
    assert (np.sign(out) == np.array([[1, 1, 1], [-1, -1, -1]])).all().all()


def test_compare_lexicons_against_scipy():
    df = pd.DataFrame({"vader": [0.9, 0.5, 0.0, -0.2, -0.8], "afinn": [8.0, 1.0, 0.0, -1.0, -2.0],
                       "textblob": [0.1, 0.2, 0.0, -0.5, 0.3]})
    out = S.compare_lexicons(df, columns=["vader", "afinn", "textblob"])
    assert list(zip(out["lexicon_a"], out["lexicon_b"])) == [("vader", "afinn"), ("vader", "textblob"),
                                                            ("afinn", "textblob")]
    first = out.iloc[0]
    assert first["spearman_rho"] == pytest.approx(1.0)  # monotone but not linear
    assert first["pearson_r"] == pytest.approx(stats.pearsonr(df["vader"], df["afinn"]).statistic)
    assert first["pearson_r"] < 1
    assert first["sign_agreement"] == 1.0
    rescaled = S.compare_lexicons(df.assign(afinn=df["afinn"] * 10 + 3), columns=["vader", "afinn"])
    assert rescaled["pearson_r"].item() == pytest.approx(first["pearson_r"])
    assert out.iloc[1]["sign_agreement"] == pytest.approx(0.8)  # last sentence: - vs +


@pytest.mark.parametrize("df, fragment", [
    (pd.DataFrame({"vader": [0.1, 0.2, 0.3], "afinn": [1.0, 1.0, 1.0]}), "constant"),
    (pd.DataFrame({"vader": [0.1, 0.2], "afinn": [1.0, 2.0]}), "at least 3"),
    (pd.DataFrame({"vader": [0.1, 0.2, np.nan], "afinn": [1.0, 2.0, 3.0]}), "missing"),
    (pd.DataFrame({"vader": [0.1, 0.2, 0.3]}), "at least two"),
])
def test_compare_lexicons_errors(df, fragment):
    with pytest.raises(S.SentimentError, match=re.escape(fragment)):
        S.compare_lexicons(df)


def test_most_disagreeing_rank_and_scale():
    df = pd.DataFrame({"text": ["s0", "s1", "s2", "s3", "s4"],
                       "vader": [0.9, 0.5, 0.0, -0.2, -0.8], "afinn": [-3.0, 2.0, 0.0, -1.0, -4.0]})
    ranked = S.most_disagreeing(df, n=2)
    assert ranked["text"].tolist() == ["s0", "s1"]
    assert ranked.loc[0, "disagreement"] == pytest.approx(1.0 - 0.4)  # top by VADER, 2nd lowest by AFINN
    scaled = S.most_disagreeing(df, n=5, method="scale")
    assert scaled.loc[0, "afinn_norm"] == -0.75 and scaled.loc[0, "vader_norm"] == 1.0
    assert scaled["disagreement"].abs().is_monotonic_decreasing
    assert scaled.index[0] == 0
    ties = pd.DataFrame({"vader": [0.1, -0.1, 0.3], "afinn": [-1.0, 1.0, 3.0]})
    assert S.most_disagreeing(ties, n=3, method="scale").index.tolist() == [0, 1, 2]
    with pytest.raises(S.SentimentError, match="method"):
        S.most_disagreeing(df, method="zscore")
    with pytest.raises(S.SentimentError, match="positive integer"):
        S.most_disagreeing(df, n=0)


# ---------------------------------------------------------------------------------------------
# Word-level explanations
# ---------------------------------------------------------------------------------------------

def test_explain_sentence_readme_negation_example():
    out = S.explain_sentence("VADER is not smart, handsome, nor funny.")
    assert out["token"].tolist() == ["smart", "handsome", "funny"]
    assert out["lexicon_valence"].tolist() == [1.7, 2.2, 1.9]
    assert out["rule_valence"].tolist() == pytest.approx([1.7 * -0.74, 2.2 * -0.74, 1.9 * -0.74])
    assert out["modifiers"].str.startswith("negation").all()


def test_explain_sentence_real_sentence_with_never_and_phrases(raw_text):
    sentence = CORPUS_PINNED[6][0]  # "Detention is never in the best interest of the child, ..."
    out = S.explain_sentence(sentence).set_index("token")
    assert list(out.index) == ["Detention", "best", "interest", "effectively", "detained"]
    assert out.loc["best", "lexicon_valence"] == 3.2
    assert out.loc["best", "rule_valence"] == pytest.approx(3.2 * -0.74)  # "never" 3 tokens back
    assert "negation 'never' (-3)" in out.loc["best", "modifiers"]
    assert out.loc["interest", "rule_valence"] == 2.0  # "never" is 4 tokens back: out of reach
    adjusted = S.explain_sentence(sentence, adjustments=S.load_domain_adjustments()).set_index("token")
    assert adjusted.loc["best", "final_valence"] == 0.0
    assert "phrase neutralised" in adjusted.loc["interest", "modifiers"]
    assert "effectively" not in adjusted.index and "Detention" not in adjusted.index


def test_explain_sentence_but_rule_and_caps(raw_text):
    trump = CORPUS_PINNED[5][0]  # "Border Security laws should be changed but ...!"
    out = S.explain_sentence(trump)
    assert out["token"].tolist() == ["Security"]
    assert out["final_valence"].item() == pytest.approx(1.4 * 0.5)
    assert "before 'but'" in out["modifiers"].item()
    no = S.explain_sentence(CORPUS_PINNED[7][0]).set_index("token")  # "There should be NO detention ..."
    assert no.loc["NO", "rule_valence"] == pytest.approx(-0.733)  # VADER: 0 then ALL-CAPS emphasis
    assert no.loc["detention", "rule_valence"] == pytest.approx(-1.5 * -0.74)
    assert "negation 'NO' (-1)" in no.loc["detention", "modifiers"]


@pytest.mark.parametrize("sentence", [row[0] for row in CORPUS_PINNED if not re.search(r"[!?]", row[0])])
def test_explain_sentence_sums_to_compound(sentence):
    out = S.explain_sentence(sentence, all_tokens=True)
    assert len(out) == S.vader_scores([sentence])["n_tokens"].item()
    total = out["final_valence"].sum()
    assert round(normalize(total), 4) == S.vader_scores([sentence])["compound"].item()


def test_explain_sentence_rejects_non_string():
    with pytest.raises(S.SentimentError, match="str"):
        S.explain_sentence(["a list"])


# ---------------------------------------------------------------------------------------------
# Domain audit and adjusted scoring
# ---------------------------------------------------------------------------------------------

def test_shipped_adjustments_load_and_audit_looks_values_up(reference):
    table = S.load_domain_adjustments()
    assert table["word"].is_unique
    assert (table["rationale"].str.len() > 10).all()
    audit = S.audit_lexicon().set_index("word")
    for word in ["detention", "detained", "illegal", "criminal", "protect", "security", "violation"]:
        assert audit.loc[word, "in_lexicon"]
        assert audit.loc[word, "vader_valence"] == reference.lexicon[word]
    for word in ["asylum", "separation", "inhumane", "hypocrisy", "illegally"]:
        assert not audit.loc[word, "in_lexicon"] and audit.loc[word, "vader_valence"] == 0.0
    assert audit.loc["zero tolerance", "vader_valence"] == reference.lexicon["tolerance"]
    assert audit.loc["zero tolerance", "components"] == "zero=+0.0 tolerance=+1.2"
    assert audit.loc["inhumane", "adjusted_valence"] == reference.lexicon["cruel"]
    assert audit.loc["detention", "adjusted_valence"] == 0.0
    assert audit.loc["illegal", "adjusted_valence"] == reference.lexicon["illegal"]


def test_audit_lexicon_unlisted_words_and_counts():
    texts = ["The detention centers.", "Zero tolerance, zero tolerance.", "No detention here"]
    out = S.audit_lexicon(["Detention", "zero tolerance", "refugee"], texts=texts).set_index("word")
    assert out.loc["detention", "n_texts"] == 2
    assert out.loc["zero tolerance", "n_texts"] == 1
    assert out.loc["refugee", "action"] == "unlisted"
    with pytest.raises(S.SentimentError, match="list of words"):
        S.audit_lexicon("detention")


def test_adjusted_scoring_matches_an_independently_edited_analyzer(raw_text):
    sentence = "He also urged the US to take measures to protect immigrants’ rights."
    assert sentence in raw_text
    edited = SentimentIntensityAnalyzer()
    del edited.lexicon["protect"]
    expected = edited.polarity_scores(S.normalise_typography(sentence))
    got = S.vader_scores([sentence], adjustments={"protect": None}).iloc[0]
    assert got[SCORE_COLUMNS].to_dict() == expected
    assert S.vader_scores([sentence])["compound"].item() == 0.3818
    assert got["compound"] == 0.0 and got["n_lexicon_words"] == 0
    # the cached default analyser is never modified: the plain score is unchanged afterwards
    assert S.vader_scores([sentence])["compound"].item() == 0.3818


def test_borrowed_valence_matches_independent_analyzer(raw_text):
    sentence = ('In an open letter to Attorney General Jeff Sessions and Homeland Security Secretary '
                'Kirstjen Nielsen the state officials said the policy is “inhumane” and “contrary to '
                'American values.”')
    assert sentence in raw_text
    edited = SentimentIntensityAnalyzer()
    edited.lexicon["inhumane"] = edited.lexicon["cruel"]
    expected = edited.polarity_scores(S.normalise_typography(sentence))
    got = S.vader_scores([sentence], adjustments={"inhumane": -2.8}).iloc[0]
    assert got[SCORE_COLUMNS].to_dict() == expected
    assert got["compound"] < S.vader_scores([sentence])["compound"].item()


def test_phrase_neutralisation(raw_text):
    sentence = "U.S. Attorney General Jeff Sessions announced the “zero tolerance” policy several weeks ago."
    assert sentence in raw_text
    assert S.vader_scores([sentence])["compound"].item() == 0.296  # "tolerance" +1.2
    got = S.vader_scores([sentence], adjustments={"zero tolerance": None}).iloc[0]
    assert got["compound"] == 0.0 and got["n_lexicon_words"] == 0
    # same result as removing "tolerance" (the only lexicon word here) from a fresh analyser
    edited = SentimentIntensityAnalyzer()
    del edited.lexicon["tolerance"]
    assert got[SCORE_COLUMNS].to_dict() == edited.polarity_scores(S.normalise_typography(sentence))
    # the phrase only fires as consecutive tokens
    assert S.vader_scores(["Zero patience, much tolerance."], adjustments={"zero tolerance": None}
                          )["compound"].item() > 0


def test_adjustment_effect_columns_and_consistency():
    sentences = ["Sessions announced the zero tolerance policy.", "The book was good."]
    out = S.adjustment_effect(sentences)
    assert out["compound_default"].tolist() == [0.296, 0.4404]
    assert out["compound_adjusted"].tolist() == [0.0, 0.4404]
    assert out["difference"].tolist() == [-0.296, 0.0]
    assert out["label_changed"].tolist() == [True, False]


def test_shipped_adjustments_file_applies_to_corpus():
    sentences = _raw_sentences()
    effect = S.adjustment_effect(sentences)
    assert len(effect) == len(sentences)
    assert effect["label_changed"].any()
    haley = next(i for i, s in enumerate(sentences) if s.startswith('"Once again, the United Nations'))
    assert effect.loc[haley, "compound_default"] == 0.8442
    assert effect.loc[haley, "compound_adjusted"] < 0  # "united" artefact removed, hypocrisy added


def _write(tmp_path, text, name="adj.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, fragment", [
    ("entries: [", "cannot read"),
    ("words: []", "'entries:'"),
    ("entries:\n  - word: detention\n    action: neutralise\n", "field 'rationale'"),
    ("entries:\n  - word: detention\n    action: drop\n    rationale: r\n", "field 'action'"),
    ("entries:\n  - word: Detention\n    action: keep\n    rationale: r\n", "lowercase"),
    ("entries:\n  - word: detention\n    action: keep\n    rationale: r\n"
     "  - word: detention\n    action: keep\n    rationale: r\n", "duplicate"),
    ("entries:\n  - word: zero tolerance\n    action: borrow\n    borrow_from: bad\n    rationale: r\n",
     "phrase cannot borrow"),
    ("entries:\n  - word: inhumane\n    action: borrow\n    borrow_from: inhumanely\n    rationale: r\n",
     "field 'borrow_from'"),
    ("entries:\n  - word: asylum\n    action: neutralise\n    rationale: r\n", "use action keep"),
    ("entries:\n  - word: asylum\n    action: keep\n    rationale: r\n    valence: 2\n", "unknown field"),
])
def test_load_domain_adjustments_validation(tmp_path, body, fragment):
    path = _write(tmp_path, body)
    with pytest.raises(S.SentimentError, match=re.escape(fragment)) as info:
        S.load_domain_adjustments(path)
    assert str(path) in str(info.value)


def test_bad_adjustment_mappings():
    with pytest.raises(S.SentimentError, match="phrase can only be neutralised"):
        S.vader_scores(["x"], adjustments={"zero tolerance": 1.0})
    with pytest.raises(S.SentimentError, match="lowercase"):
        S.vader_scores(["x"], adjustments={"Protect": None})
    with pytest.raises(S.SentimentError, match="finite number"):
        S.vader_scores(["x"], adjustments={"protect": "low"})
    with pytest.raises(S.SentimentError, match="expected None"):
        S.vader_scores(["x"], adjustments=["protect"])


# ---------------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------------

TARGET_CASES = [
    ("In an open letter to Attorney General Jeff Sessions and Homeland Security Secretary Kirstjen "
     "Nielsen the state officials said the policy is “inhumane” and “contrary to American values.”",
     {"us_administration", "democrats"}),
    ("The UNHCR calls this separation of family arbitrary and a serious violation of a child’s rights.",
     {"un", "children_families"}),
    ("The attorneys general have joined the chorus of lawmakers, civil and immigrant rights groups, "
     "and others who are urging the Administration to end the policy.",
     {"democrats", "migrants", "ngos", "us_administration"}),
    ("The current crisis in Central America and the massive exodus reflects a legacy of US economic, "
     "military and political presence in the region for over a century.", {"united_states"}),
    ("Themed on “Human Rights Situation in USA Immigration Detention Center,” the sideline activity, a "
     "video meeting, was jointly held by permanent missions to the UN in Geneva of China, Venezuela, "
     "Belarus, North Korea, Iran and Syria with diplomats from more than 30 countries, officials from "
     "Office of the United Nations High Commissioner for Human Rights, NOGs and reporters "
     "participating on Friday.", {"united_states", "un", "ngos"}),
    ("Trump officials, so far, have shown no interest in backing away from the “zero tolerance” "
     "policy, under which any person caught illegally crossing the border will be prosecuted.",
     {"us_administration"}),
]


@pytest.mark.parametrize("sentence, expected", TARGET_CASES)
def test_tag_targets_real_sentences(sentence, expected, raw_text):
    assert sentence in raw_text
    row = S.tag_targets([sentence]).iloc[0]
    assert {name for name, hit in row.items() if hit} == expected


@pytest.mark.parametrize("sentence, target, hit", [
    ("Let us see what happens.", "united_states", False),        # pronoun, case-sensitive "US"
    ("The US said no.", "united_states", True),
    ("American values matter.", "united_states", False),         # word boundary
    ("the 47th session of the council", "us_administration", False),  # "Sessions" case-sensitive
    ("UNHCR staff", "un", True),                                  # its own pattern
    ("un-American activity", "un", False),                        # "UN" case-sensitive
    ("the trump administration", "us_administration", True),     # case-insensitive patterns
    ("Trump's policy", "us_administration", True),               # possessive
    ("immigration law", "migrants", False),                       # not "immigrant"
    ("asylum-seekers and asylum seekers", "migrants", True),
])
def test_tag_targets_case_and_boundary_rules(sentence, target, hit):
    assert S.tag_targets([sentence])[target].item() is hit


def test_extract_target_mentions_offsets_and_index():
    sentences = pd.Series(["Nielsen met UN staff.", "No actors here."], index=["s1", "s2"])
    out = S.extract_target_mentions(sentences)
    assert out[["row", "target", "match"]].values.tolist() == [
        ["s1", "us_administration", "Nielsen"], ["s1", "un", "UN"]]
    for row in out.itertuples():
        assert sentences[row.row][row.start:row.end] == row.match
    tags = S.tag_targets(sentences)
    assert list(tags.index) == ["s1", "s2"] and not tags.loc["s2"].any()


ACTOR_HEADER = "canonical,actor_type,entity,pattern,case,context,speaker,target,note\n"


@pytest.mark.parametrize("body, fragment", [
    ("wall,,,wall,,,no,Bad-Name,\n", "field 'target': 'Bad-Name'"),
    ("wall,,,(unclosed,,,no,wall,\n", "is not a valid regular expression"),
    ("wall,,,a?,,,no,wall,\n", "matches the empty string"),
    ("wall,,,wall,,,no,,\n", "marks no target"),
    ("wall,,,wall,,Mexico,no,wall,\n", "leave context empty on a row with a target"),
])
def test_load_targets_validation(tmp_path, body, fragment):
    path = _write(tmp_path, ACTOR_HEADER + body, "actors.csv")
    with pytest.raises(ActorTableError, match=re.escape(fragment)) as info:
        S.load_targets(path)
    assert "actors.csv, line 2" in str(info.value)


def test_custom_targets_file(tmp_path):
    path = _write(tmp_path, ACTOR_HEADER + "the wall,,,wall,insensitive,,no,wall,\nICE,,,ICE,,,no,wall,\n"
                            "Ann Lee,experts,person,Lee,,,yes,,a speaker with no target\n", "actors.csv")
    out = S.tag_targets(["Started the Wall.", "ice cream", "ICE agents", "Lee said"], targets=path)
    assert list(out.columns) == ["wall"]
    assert out["wall"].tolist() == [True, False, True, False]


def test_a_speaker_row_with_a_target_counts_as_a_mention(tmp_path):
    """Each actor is written once: the speaker row's pattern also tags its target."""
    path = _write(tmp_path, ACTOR_HEADER + "Ann Lee,experts,person,(?:Ann\\s+)?Lee,,,yes,experts,\n", "actors.csv")
    assert S.tag_targets(["Ann Lee warned.", "Fleet Street."], targets=path)["experts"].tolist() == [True, False]
    mention = S.extract_target_mentions(["Ann Lee warned."], targets=path)
    assert mention[["target", "match"]].values.tolist() == [["experts", "Ann Lee"]]
    assert S.load_targets(_write(tmp_path, ACTOR_HEADER + "Ann Lee,experts,person,Lee,,,yes,,\n", "none.csv")) == {}


# ---------------------------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------------------------

def _pixels(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_plot_tone_distribution_is_deterministic_and_labelled():
    scores = _tone_table()
    fig = S.plot_tone_distribution(scores, by="doc")
    ax = fig.axes[0]
    assert "compound" in ax.get_xlabel() and ax.get_title()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a (n=4)", "b (n=3)", "c (n=1)"]
    assert any("neutral band" in t.get_text() for t in ax.get_legend().get_texts())
    first = _pixels(fig)
    plt.close(fig)
    fig2 = S.plot_tone_distribution(scores, by="doc")
    assert np.array_equal(first, _pixels(fig2))
    plt.close(fig2)
    with pytest.raises(S.SentimentError, match="missing"):
        S.plot_tone_distribution(scores, by="outlet")


def test_plot_lexicon_agreement():
    df = pd.DataFrame({"vader": [0.9, 0.5, 0.0, -0.2], "afinn": [8.0, 1.0, 0.0, -1.0]})
    fig = S.plot_lexicon_agreement(df)
    ax = fig.axes[0]
    assert "rho = 1.00" in ax.get_title()
    assert ax.get_xlabel() == "vader score" and ax.get_ylabel() == "afinn score"
    assert len(ax.collections[0].get_offsets()) == 4
    plt.close(fig)


def test_summarise_tone_sorts_numeric_groups_numerically():
    table = pd.DataFrame({"para_id": [10, 2, 1, 2], "compound": [0.1, 0.2, 0.3, 0.4]})
    out = S.summarise_tone(table, by="para_id", n_boot=100)
    assert out["para_id"].tolist() == [1, 2, 10]
    assert out["n"].tolist() == [1, 2, 1]


@pytest.mark.parametrize("container", [tuple, np.array, pd.Index])
def test_vader_scores_accepts_sequences(container):
    out = S.vader_scores(container(["The book was good.", "Today SUX!"]))
    assert out["compound"].tolist() == [0.4404, -0.5461]


def test_vader_scores_rejects_unordered_containers():
    with pytest.raises(S.SentimentError, match="expected a list"):
        S.vader_scores({"The book was good."})


# ---------------------------------------------------------------------------------------------
# Findings from the numbers
# ---------------------------------------------------------------------------------------------

def test_tone_findings_state_n_unit_and_missing_intervals():
    table = pd.concat([_clustered(n_docs=6).assign(g="many"), _clustered(n_docs=2, seed=4).assign(g="two")])
    summary = S.summarise_tone(table, by="g", n_boot=300, cluster="doc_id")
    text = " ".join(S.summarise_tone_findings(summary, by="g"))
    assert "120 sentences, 6 documents; document bootstrap" in text
    assert "40 sentences, 2 documents; no interval: 2 documents (a document bootstrap needs 3)" in text
    one = S.summarise_tone_findings(summary.iloc[[0]], by="g")
    assert len(one) == 1 and one[0].startswith("Mean sentence tone for many:")
    assert S.summarise_tone_findings(summary.iloc[0:0], by="g") == []


def test_adjustment_and_lexicon_findings_from_real_tables(raw_text):
    sentences = pd.Series([row[0] for row in CORPUS_PINNED])
    effect = S.adjustment_effect(sentences)
    groups = pd.DataFrame({"g": ["x"] * len(sentences)})
    before = S.summarise_tone(groups.join(S.vader_scores(sentences)), by="g", n_boot=100, min_sentences=2)
    adjusted = S.load_domain_adjustments()
    after = S.summarise_tone(groups.join(S.vader_scores(sentences, adjustments=adjusted)), by="g", n_boot=100,
                             min_sentences=2)
    lines = S.summarise_adjustment_findings(effect, before, after, by="g")
    n_changed = int((effect["difference"] != 0).sum())
    assert lines[0] == (f"The domain adjustment changes the score of {n_changed} of {len(sentences)} sentences "
                        f"and the label of {int(effect['label_changed'].sum())}.")
    comp = S.compare_lexicons(pd.DataFrame({"vader": [0.5, -0.2, 0.0, 0.9], "afinn": [3.0, -1.0, 1.0, 4.0]}))
    assert S.summarise_lexicon_agreement(comp)[0].endswith(f"is {comp['spearman_rho'].iloc[0]:.2f}.")


def test_target_findings_ignore_blank_cells():
    t = pd.DataFrame({"target": ["a", "a", "b"], "g": ["X", "Y", "X"], "n": [2, 5, 7], "mean": [float("nan"), -0.3, -0.1]})
    line = S.summarise_target_findings(t, by="g")[0]
    assert line.startswith("Of the 2 actor x group cells") and "a in Y (-0.30, 5 sentences)" in line
    assert "least negative b in X (-0.10, 7 sentences)" in line
    assert S.summarise_target_findings(t.assign(mean=float("nan")), by="g") == []
