"""Tests for corpus_tools.compare: keyness statistics against published values and scipy,
fightin' words against an independent reference, plots, similarity, diversity and readability."""

from __future__ import annotations

import math
import re
from collections import Counter

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from scipy.stats import chi2_contingency, power_divergence  # noqa: E402

from corpus_tools import compare, paths  # noqa: E402
from corpus_tools.compare import (  # noqa: E402
    CompareError,
    count_syllables,
    document_similarity,
    fightin_words,
    keyness,
    lexical_diversity,
    log_likelihood,
    log_ratio,
    plot_fightin_words,
    plot_keyness,
    plot_similarity,
    readability,
    signed_log_likelihood,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def corpus_counts() -> dict[str, Counter]:
    out = {}
    for path in sorted(paths.RAW_DIR.glob("*.txt")):
        words = re.findall(r"[a-z]+(?:['’-][a-z]+)*", path.read_text(encoding="utf-8").lower())
        out[path.name[:3]] = Counter(words)
    return out


# ---------------------------------------------------------------- log-likelihood and log ratio

def test_rayson_garside_worked_example():
    """Rayson and Garside (2000): 52 in 50,000 tokens vs 57 in 75,000 gives G2 = 2.65."""
    assert round(log_likelihood(52, 57, 50_000, 75_000), 2) == 2.65
    assert round(signed_log_likelihood(52, 57, 50_000, 75_000), 2) == 2.65    # over-used in the target
    assert round(signed_log_likelihood(57, 52, 75_000, 50_000), 2) == -2.65
    assert round(log_likelihood(52, 57, 50_000, 75_000, cells=4), 2) == 2.65  # 2.654 with all four cells


@pytest.mark.parametrize("a, b, c, d", [(52, 57, 50_000, 75_000), (10, 0, 1_000, 2_000), (3, 40, 500, 900),
                                        (1, 1, 10, 10), (0, 7, 300, 700)])
def test_log_likelihood_matches_scipy(a, b, c, d):
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    two_cell = power_divergence([a, b], [e1, e2], lambda_="log-likelihood").statistic if a + b else 0.0
    assert log_likelihood(a, b, c, d) == pytest.approx(two_cell, rel=1e-12, abs=1e-12)
    table = np.array([[a, c - a], [b, d - b]], dtype=float)
    expected = chi2_contingency(table, correction=False)[3]
    full = power_divergence(table, expected, lambda_="log-likelihood", axis=None).statistic
    assert log_likelihood(a, b, c, d, cells=4) == pytest.approx(full, rel=1e-10, abs=1e-10)
    assert log_likelihood(a, b, c, d, cells=4) == pytest.approx(
        chi2_contingency(table, correction=False, lambda_="log-likelihood")[0], rel=1e-10, abs=1e-10)


def test_log_likelihood_is_vectorised_and_handles_zeros():
    a = np.array([52, 0, 0, 10])
    b = np.array([57, 0, 9, 0])
    out = log_likelihood(a, b, 50_000, 75_000)
    assert isinstance(out, np.ndarray) and out.shape == (4,)
    assert np.all(np.isfinite(out)) and out[1] == 0.0
    for i in range(4):  # arrays give the same as scalars
        assert out[i] == pytest.approx(log_likelihood(int(a[i]), int(b[i]), 50_000, 75_000))
    assert isinstance(log_likelihood(1, 2, 10, 10), float)
    signed = signed_log_likelihood(a, b, 50_000, 75_000)
    assert list(np.sign(signed)) == [1.0, 0.0, -1.0, 1.0]


def test_log_ratio_hardie():
    assert log_ratio(10, 5, 1000, 1000) == pytest.approx(1.0)            # twice as frequent
    assert log_ratio(52, 57, 50_000, 75_000) == pytest.approx(math.log2((52 / 50_000) / (57 / 75_000)))
    assert log_ratio(0, 4, 1000, 1000) == pytest.approx(math.log2(0.5 / 4))  # zero -> 0.5
    assert log_ratio(0, 4, 1000, 1000, smoothing=0.1) == pytest.approx(math.log2(0.1 / 4))
    assert log_ratio(0, 0, 1000, 500) == 0.0
    assert log_ratio([10, 5], [5, 10], 1000, 1000).tolist() == pytest.approx([1.0, -1.0])


@pytest.mark.parametrize("args, message", [
    ((-1, 2, 10, 10), "negative"), ((11, 2, 10, 10), "a <= c"), ((1, 2, 0, 10), "> 0 tokens"),
    ((float("nan"), 2, 10, 10), "NaN"), (("x", 2, 10, 10), "must be numbers"),
    (([1, 2], [1, 2, 3], 10, 10), "do not broadcast"),
])
def test_log_likelihood_bad_input(args, message):
    with pytest.raises(CompareError, match=message):
        log_likelihood(*args)


# ---------------------------------------------------------------- fightin' words

def reference_fightin_words(counts1: dict, counts2: dict, prior) -> dict[str, tuple[float, float]]:
    """Independent re-implementation in the style of J. Hessel's FightinWords gist (bnlp):
    l1 = (c1 + p) / ((n1 + nprior) - (c1 + p)); delta = log(l1) - log(l2);
    sigma^2 = 1/(c1 + p) + 1/(c2 + p); z = delta / sigma."""
    vocab = sorted(set(counts1) | set(counts2))
    priors = {w: (prior[w] if isinstance(prior, dict) else prior) for w in vocab}
    n1, n2, nprior = sum(counts1.values()), sum(counts2.values()), sum(priors.values())
    out = {}
    for w in vocab:
        c1, c2, p = counts1.get(w, 0), counts2.get(w, 0), priors[w]
        l1 = (c1 + p) / ((n1 + nprior) - (c1 + p))
        l2 = (c2 + p) / ((n2 + nprior) - (c2 + p))
        delta = math.log(l1) - math.log(l2)
        out[w] = (delta, delta / math.sqrt(1 / (c1 + p) + 1 / (c2 + p)))
    return out


def test_fightin_words_hand_computed_three_terms():
    """a = {border 5, child 2, law 0} (n=7), b = {border 1, child 3, law 4} (n=8), alpha = 0.5 each,
    alpha_0 = 1.5. border: delta = ln(5.5/(7+1.5-5.5)) - ln(1.5/(8+1.5-1.5)) = ln(5.5/3) - ln(1.5/8)."""
    fw = fightin_words({"border": 5, "child": 2, "law": 0}, {"border": 1, "child": 3, "law": 4}, prior=0.5)
    expected_delta = {
        "border": math.log(5.5 / 3.0) - math.log(1.5 / 8.0),
        "child": math.log(2.5 / 6.0) - math.log(3.5 / 6.0),
        "law": math.log(0.5 / 8.0) - math.log(4.5 / 5.0),
    }
    expected_var = {"border": 1 / 5.5 + 1 / 1.5, "child": 1 / 2.5 + 1 / 3.5, "law": 1 / 0.5 + 1 / 4.5}
    for term, delta in expected_delta.items():
        assert fw.loc[term, "delta"] == pytest.approx(delta, rel=1e-12)
        assert fw.loc[term, "zscore"] == pytest.approx(delta / math.sqrt(expected_var[term]), rel=1e-12)
    assert fw.index.tolist() == ["border", "child", "law"]  # sorted by z descending
    assert fw[["count_a", "count_b", "prior"]].to_numpy().tolist() == [[5, 1, 0.5], [2, 3, 0.5], [0, 4, 0.5]]


@pytest.mark.parametrize("prior", [0.01, 1.0, {"border": 2.0, "child": 0.5, "law": 1.0, "camp": 0.25}])
def test_fightin_words_matches_reference_implementation(prior):
    a = {"border": 12, "child": 3, "law": 7, "camp": 1}
    b = {"border": 4, "child": 9, "law": 7}
    fw = fightin_words(a, b, prior=prior)
    for term, (delta, z) in reference_fightin_words(a, b, prior).items():
        assert fw.loc[term, "delta"] == pytest.approx(delta, rel=1e-12)
        assert fw.loc[term, "zscore"] == pytest.approx(z, rel=1e-12)


def test_fightin_words_properties():
    a, b = Counter("border border child law law law".split()), Counter("child child camp law border".split())
    ab, ba = fightin_words(a, b), fightin_words(b, a)
    assert np.allclose(ab["delta"], -ba.loc[ab.index, "delta"])       # swap negates
    assert np.allclose(ab["zscore"], -ba.loc[ab.index, "zscore"])
    same = fightin_words(a, a)
    assert np.allclose(same[["delta", "zscore"]], 0.0)                 # identical corpora
    equal_size = fightin_words({"x": 3, "y": 1, "none": 0}, {"x": 1, "y": 3, "none": 0})
    assert equal_size.loc["none", "delta"] == pytest.approx(0.0)       # absent from both, same n
    unequal = fightin_words({"x": 3, "y": 1, "none": 0}, {"x": 10, "y": 2, "none": 0}, prior=0.5)
    assert unequal.loc["none", "delta"] == pytest.approx(math.log((12 + 1.5 - 0.5) / (4 + 1.5 - 0.5)))


@pytest.mark.parametrize("a, b, prior, message", [
    ({"x": 1}, {"x": 2}, 0.01, "at least 2 distinct terms"),
    ({"x": 1, "y": 0}, {"x": 0, "y": 0}, 0.01, "at least one token"),
    ({"x": -1, "y": 2}, {"x": 1}, 0.01, "finite and >= 0"),
    ({"x": 1, "y": 2}, {"x": 1}, {"x": 1.0}, "no pseudo-count for 1 term"),
    ({"x": 1, "y": 2}, {"x": 1}, 0, "> 0"),
    ({"x": 1, "y": 2}, {"x": 1}, "flat", "must be a number or a mapping"),
    ([1, 2], {"x": 1}, 0.01, "must be a mapping"),
])
def test_fightin_words_bad_input(a, b, prior, message):
    with pytest.raises(CompareError, match=message):
        fightin_words(a, b, prior=prior)


# ---------------------------------------------------------------- keyness

COUNTS = {
    "A": {"border": 30, "child": 5, "law": 10, "camp": 0, "asylum": 5},
    "B": {"border": 5, "child": 25, "law": 10, "camp": 1, "asylum": 5},
    "C": {"border": 10, "child": 10, "law": 10, "camp": 9, "asylum": 5},
}


def test_keyness_log_likelihood_is_one_versus_rest():
    key = keyness(COUNTS, min_count=5)
    rows = key[key["group"] == "B"].set_index("term")
    a, b = 25, 5 + 10                      # child in B, child in A + C
    c, d = 46, 50 + 44                     # tokens in B, tokens in A + C
    assert rows.loc["child", "g2"] == pytest.approx(log_likelihood(a, b, c, d))
    assert rows.loc["child", "log_ratio"] == pytest.approx(log_ratio(a, b, c, d))
    assert rows.loc["child", "p_value"] == pytest.approx(math.erfc(math.sqrt(rows.loc["child", "g2"] / 2)))
    assert (rows.loc["child", "total_target"], rows.loc["child", "total_reference"]) == (c, d)
    assert list(dict.fromkeys(key["group"])) == ["A", "B", "C"]
    assert rows.index[0] == "child" and key[key["group"] == "A"]["term"].iloc[0] == "border"
    assert not key.drop(columns="warning").isna().any().any()


def test_keyness_min_count_and_deterministic_ties():
    # totals over all groups: border 45, child 40, law 30, asylum 15, camp 10
    assert set(keyness(COUNTS, min_count=11)["term"]) == {"border", "child", "law", "asylum"}
    assert set(keyness(COUNTS, min_count=16)["term"]) == {"border", "child", "law"}
    ties = keyness({"A": {"x": 5, "y": 5, "z": 5}, "B": {"x": 5, "y": 5, "z": 5}}, min_count=1)
    assert ties["term"].tolist() == ["x", "y", "z", "x", "y", "z"]  # all zero: ordered by term
    assert keyness(COUNTS).equals(keyness(COUNTS))


def test_keyness_accepts_a_dataframe_and_fightin_words():
    frame = pd.DataFrame(COUNTS)
    assert keyness(frame).equals(keyness(COUNTS))
    fw = keyness(COUNTS, method="fightin_words", prior=0.5, min_count=1)
    rows = fw[fw["group"] == "C"].set_index("term")
    rest = {t: COUNTS["A"][t] + COUNTS["B"][t] for t in COUNTS["C"]}
    ref = reference_fightin_words(COUNTS["C"], rest, 0.5)
    for term, (delta, z) in ref.items():
        assert rows.loc[term, "delta"] == pytest.approx(delta)
        assert rows.loc[term, "zscore"] == pytest.approx(z)
    assert rows.index[0] == "camp"
    assert {"delta", "zscore"} <= set(fw.columns) and "g2" not in fw.columns


def test_keyness_small_group_warning():
    key = keyness({"big": {"x": 900, "y": 300}, "tiny": {"x": 3, "y": 9}}, min_count=1)
    warnings = key.groupby("group")["warning"].first()
    assert warnings["big"] == ""
    assert warnings["tiny"] == "small group: 12 tokens, keyness is unstable at this size"


@pytest.mark.parametrize("counts, kwargs, message", [
    ({"A": {"x": 3}}, {}, "at least two groups"),
    ({"A": {"x": 3}, "B": {"x": 0}}, {"min_count": 1}, r"group\(s\) \['B'\] have no tokens"),
    ({"A": {"x": 3}, "B": {}}, {"min_count": 1}, "have no tokens"),
    (pd.DataFrame({"A": [1.0, np.nan], "B": [2.0, 3.0]}, index=["x", "y"]), {}, "NaN"),
    ({"A": {"x": 3}, "B": {"x": 1}}, {"min_count": 50}, "lower min_count"),
    ({"A": {"x": 3}, "B": {"x": 1}}, {"method": "chi2"}, "method must be"),
    ({"A": {"x": 3}, "B": {"x": 1}}, {"min_count": 0}, "positive int"),
    ([("A", 1)], {}, "must be a DataFrame"),
])
def test_keyness_bad_input(counts, kwargs, message):
    with pytest.raises(CompareError, match=message):
        keyness(counts, **kwargs)


def test_keyness_on_the_five_raw_articles(corpus_counts):
    key = keyness(corpus_counts, min_count=5)
    assert set(key["group"]) == {"000", "001", "002", "003", "004"}
    assert not key.drop(columns="warning").isna().any().any()
    assert (key["warning"] != "").all()  # every article is under 1,000 tokens
    top = key[key["group"] == "002"]["term"].head(3).tolist()
    assert "letter" in top or "attorneys" in top or "general" in top


# ---------------------------------------------------------------- plots

def test_plot_keyness_facets():
    fig = plot_keyness(keyness(COUNTS, min_count=1), n=3)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["A (small group)", "B (small group)", "C (small group)"]
    assert [len(ax.patches) for ax in visible] == [3, 3, 3]
    assert visible[0].get_xlabel() == "signed log-likelihood G²"
    assert "each group vs the rest" in fig.get_suptitle()
    fw_fig = plot_keyness(keyness(COUNTS, method="fightin_words", min_count=1), n=2)
    assert fw_fig.axes[0].get_xlabel() == "log-odds z-score"
    with pytest.raises(CompareError, match="keyness"):
        plot_keyness(pd.DataFrame({"x": [1]}))


def test_plot_fightin_words_labels(corpus_counts):
    fw = fightin_words(corpus_counts["000"], corpus_counts["001"])
    fig = plot_fightin_words(fw, label_top=5, labels=("Newsweek", "VOA"))
    ax = fig.axes[0]
    labelled = [t.get_text() for t in ax.texts]
    assert len(labelled) == 10
    assert set(labelled) == set(fw.index[:5]) | set(fw.index[-5:])
    assert ax.get_xlabel() == "log10 frequency of the term (both corpora)"
    one_group = keyness(corpus_counts, method="fightin_words", min_count=2)
    fig2 = plot_fightin_words(one_group[one_group["group"] == "004"], label_top=3, labels=("004", "rest"))
    assert len(fig2.axes[0].texts) == 6
    with pytest.raises(CompareError, match="several groups"):
        plot_fightin_words(one_group)


# ---------------------------------------------------------------- similarity

def test_document_similarity_properties(corpus_counts):
    texts = [p.read_text(encoding="utf-8") for p in sorted(paths.RAW_DIR.glob("*.txt"))]
    labels = ["000", "001", "002", "003", "004"]
    sim = document_similarity(texts, labels=labels)
    assert list(sim.index) == labels and list(sim.columns) == labels
    assert np.allclose(sim.to_numpy(), sim.to_numpy().T) and np.allclose(np.diag(sim), 1.0)
    assert ((sim.to_numpy() >= 0) & (sim.to_numpy() <= 1)).all()
    # the two reports of the same 2018 UN briefing are each other's nearest neighbour
    assert sim.loc["000"].drop("000").idxmax() == "001"
    assert sim.loc["001"].drop("001").idxmax() == "000"
    same = document_similarity(["zero tolerance", "zero tolerance", "trade war"], labels=["a", "b", "c"])
    assert same.loc["a", "b"] == pytest.approx(1.0) and same.loc["a", "c"] == 0.0


def test_similarity_tokens_are_the_named_variant():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from corpus_tools.tokenize import SIMILARITY_TOKEN_PATTERN, TOPIC_TOKEN_PATTERN

    # the named variant is scikit-learn's default, so the published similarities are unchanged
    assert TfidfVectorizer().token_pattern == SIMILARITY_TOKEN_PATTERN
    texts, labels = ["In 2018 the border", "In 2018 the courts", "trade war"], ["a", "b", "c"]
    assert document_similarity(texts, labels=labels).loc["a", "b"] > 0  # "2018" is shared
    letters_only = document_similarity(texts, labels=labels, token_pattern=TOPIC_TOKEN_PATTERN)
    assert letters_only.loc["a", "b"] == 0.0  # numbers are not words in the topic variant


@pytest.mark.parametrize("texts, labels, message", [
    (["a b", "c d"], ["x"], "one label per text"),
    (["a b"], ["x"], "at least two texts"),
    (["aa bb", "cc dd"], ["x", "x"], "unique"),
    (["aa bb", "  "], ["x", "y"], r"empty or non-string text for label\(s\) \['y'\]"),
    (["the and", "cc dd"], ["x", "y"], "no term left"),
])
def test_document_similarity_bad_input(texts, labels, message):
    with pytest.raises(CompareError, match=message):
        document_similarity(texts, labels=labels)


def test_plot_similarity_is_deterministic():
    texts = ["border children detention camps", "children detention border", "trade tariffs steel",
             "steel tariffs trade war", "border wall"]
    sim = document_similarity(texts, labels=list("abcde"))
    orders = []
    for _ in range(2):
        fig = plot_similarity(sim)
        heat = fig.axes[2]
        orders.append([t.get_text() for t in heat.get_xticklabels()])
        assert isinstance(fig, matplotlib.figure.Figure)
    assert orders[0] == orders[1]
    assert {orders[0].index("c"), orders[0].index("d")} in ({0, 1}, {3, 4})  # c, d cluster together
    with pytest.raises(CompareError, match="square"):
        plot_similarity(sim.iloc[:, :2])


# ---------------------------------------------------------------- diversity and readability

@pytest.mark.parametrize("tokens, window, expected", [
    # MTLD: a a | a a -> 2 factors each way -> 4 / 2
    (["a", "a", "a", "a"], 100, {"ttr": 0.25, "mattr": 0.25, "mtld": 2.0}),
    # forward a b a|c: 1 factor + 0 partial -> 4; backward c a b a: partial (1-.75)/.28 -> 4.48
    (["a", "b", "a", "c"], 3, {"ttr": 0.75, "mattr": (2 / 3 + 1) / 2, "mtld": (4 + 4 / (0.25 / 0.28)) / 2}),
    # MATTR windows of 2 on a b a b: ab, ba, ab -> 1.0; windows of 3: aba, bab -> 2/3
    (["a", "b", "a", "b"], 2, {"ttr": 0.5, "mattr": 1.0}),
    (["a", "b", "a", "b"], 3, {"ttr": 0.5, "mattr": 2 / 3}),
])
def test_lexical_diversity_hand_computed(tokens, window, expected):
    out = lexical_diversity(tokens, window=window)
    for key, value in expected.items():
        assert out[key] == pytest.approx(value), key


def test_lexical_diversity_length_and_edge_cases():
    assert math.isnan(lexical_diversity(["a", "b", "c"])["mtld"])  # TTR never falls: undefined
    long = [f"w{i % 50}" for i in range(1000)]                      # 50 types repeated
    out = lexical_diversity(long, window=100)
    assert out["mattr"] == pytest.approx(0.5) and out["ttr"] == pytest.approx(0.05)
    with pytest.raises(CompareError, match="at least one token"):
        lexical_diversity([])
    with pytest.raises(CompareError, match="window"):
        lexical_diversity(["a"], window=0)


@pytest.mark.parametrize("word, syllables", [
    # hand-counted
    ("border", 2), ("crossing", 2), ("should", 1), ("criminalized", 4), ("detained", 2), ("separated", 4),
    ("children", 2), ("family", 3), ("immigration", 4), ("make", 1), ("table", 2), ("places", 2),
    ("countries", 2), ("wanted", 2), ("shocked", 1), ("Border-crossing", 4), ("the", 1),
])
def test_count_syllables_hand_counted(word, syllables):
    assert count_syllables(word) == syllables


@pytest.mark.parametrize("word, heuristic, true", [("violation", 3, 4), ("being", 1, 2), ("create", 1, 2)])
def test_count_syllables_documented_limits(word, heuristic, true):
    assert count_syllables(word) == heuristic != true


@pytest.mark.parametrize("text, words, syllables, fre, fkgl", [
    # doc 003: Border-crossing(4) should(1) not(1) be(1) criminalized(4) = 11 syllables, 5 words
    ("Border-crossing should not be criminalized.", 5, 11, 206.835 - 1.015 * 5 - 84.6 * 11 / 5,
     0.39 * 5 + 11.8 * 11 / 5 - 15.59),
    ("The cat sat on the mat.", 6, 6, 116.145, -1.45),
])
def test_readability_hand_counted(text, words, syllables, fre, fkgl):
    out = readability(text)
    assert (out["n_words"], out["n_syllables"], out["n_sentences"]) == (words, syllables, 1)
    assert out["flesch_reading_ease"] == pytest.approx(fre)
    assert out["flesch_kincaid_grade"] == pytest.approx(fkgl)
    assert round(readability("Border-crossing should not be criminalized.")["flesch_reading_ease"], 2) == 15.64


def test_readability_counts_sentences_and_rejects_empty_text():
    out = readability("They are separated and detained. Detention is never in the best interest of the child.")
    assert out["n_sentences"] == 2 and out["n_words"] == 15
    with pytest.raises(CompareError, match="at least one word"):
        readability("  123 ")


# ---------------------------------------------------------------- many groups, findings (issue 11)

def test_many_tiny_groups_are_bounded():
    """500 one-word-ish groups: the analyses that grow with groups see at most MAX_GROUPS of them."""
    from corpus_tools.compare import MAX_GROUPS, summarise_keyness, top_groups
    sizes = pd.Series({f"g{i:03d}": 1 + (i % 7) for i in range(500)})
    shown = top_groups(sizes)
    assert len(shown) == MAX_GROUPS
    assert min(sizes[shown]) >= max(sizes.drop(shown))  # the largest groups are kept
    counts = pd.DataFrame({g: {"alpha": 1 + (i % 3), "beta": 2, f"w{i}": 3} for i, g in enumerate(shown)}).fillna(0)
    key = compare.keyness(counts, min_count=1)
    assert set(key["group"]) <= set(shown)
    assert summarise_keyness(key).count("\n") < MAX_GROUPS
    sim = compare.document_similarity([f"alpha beta w{i}" for i in range(len(shown))], labels=shown)
    assert sim.shape == (MAX_GROUPS, MAX_GROUPS)


def test_top_groups_refuses_bad_n():
    with pytest.raises(compare.CompareError, match="positive int"):
        compare.top_groups({"a": 1}, n=0)


def test_summarise_similarity_names_the_pair():
    sim = pd.DataFrame([[1, .9, .1], [.9, 1, .3], [.1, .3, 1]], index=list("xyz"), columns=list("xyz"))
    assert compare.summarise_similarity(sim).startswith("The most similar pair is x and y (cosine 0.90)")
    assert "least similar is x and z" in compare.summarise_similarity(sim)


# the package split (statistics, similarity, textstats, plot, summarise) keeps one public surface
@pytest.mark.parametrize(("name", "module"), [
    ("keyness", "statistics"), ("fightin_words", "statistics"), ("background_prior", "statistics"),
    ("document_similarity", "similarity"), ("most_similar_pair", "similarity"),
    ("lexical_diversity", "textstats"), ("readability", "textstats"), ("count_syllables", "textstats"),
    ("plot_keyness", "plot"), ("plot_similarity", "plot"),
    ("top_groups", "summarise"), ("summarise_similarity", "summarise"),
])
def test_public_names_are_reexported_from_their_module(name, module):
    assert name in compare.__all__
    assert getattr(compare, name).__module__ == f"corpus_tools.compare.{module}"


def test_all_lists_exactly_the_public_names():
    public = {n for n, v in vars(compare).items() if not n.startswith("_") and not isinstance(v, type(compare))}
    assert set(compare.__all__) == public
