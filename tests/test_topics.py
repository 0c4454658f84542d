"""Tests for corpus_tools.topics: units, NMF/LDA fits, NPMI, stability, sensitivity, outputs."""

from __future__ import annotations

import itertools
import math
import pickle
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from matplotlib.figure import Figure
from nltk.stem import PorterStemmer
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from corpus_tools import topics
from corpus_tools.tokenize import TOPIC_TOKEN_PATTERN
from corpus_tools.topics import (
    STABILITY_THRESHOLD,
    TopicModel,
    TopicModelError,
    agreement_score,
    average_jaccard,
    fit_lda,
    fit_nmf,
    is_interpretable,
    make_units,
    npmi_coherence,
    plot_k_selection,
    plot_top_terms,
    plot_topic_shares,
    preprocessing_sensitivity,
    select_k,
    topic_shares,
    topic_stability,
    typical_units,
)

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
TOY = Path(__file__).resolve().parent / "data" / "topics_toy.csv"
OUTLETS = {"000": "Newsweek", "001": "VOA", "002": "TIME", "003": "GCM", "004": "China"}


def _raw_sentences() -> pd.DataFrame:
    """A sentences table built straight from data/raw (blank-line paragraphs, naive splits)."""
    rows = []
    for path in sorted(RAW.glob("*.txt")):
        doc_id = path.name[:3]
        text = path.read_text(encoding="utf-8")
        sent_id = 0
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        for para_id, para in enumerate(paragraphs):
            for sent in re.split(r'(?<=[.!?])["”’]?\s+(?=[A-Z“"])', para):
                rows.append(
                    {"doc_id": doc_id, "para_id": para_id, "sent_id": sent_id,
                     "start": 0, "end": 0, "text": sent}
                )
                sent_id += 1
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return _raw_sentences()


@pytest.fixture(scope="module")
def units(sentences) -> pd.DataFrame:
    out = make_units(sentences)
    out["outlet"] = out["doc_id"].map(OUTLETS)
    return out


@pytest.fixture(scope="module")
def toy() -> pd.DataFrame:
    return pd.read_csv(TOY, comment="#")


@pytest.fixture(scope="module")
def nmf4(units) -> TopicModel:
    return fit_nmf(units["text"], 4)


# ---------------------------------------------------------------------------
# make_units
# ---------------------------------------------------------------------------


def test_paragraph_units_rebuild_the_raw_paragraphs(sentences, units):
    raw = (RAW / "001_d7b56f5512766d62.txt").read_text(encoding="utf-8")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw) if p.strip()]
    voa = units[units["doc_id"] == "001"]
    assert voa["text"].tolist() == paragraphs
    assert voa["unit_id"].tolist() == list(range(len(paragraphs)))
    assert units["n_sentences"].sum() == len(sentences)
    assert list(units.columns[:6]) == ["doc_id", "unit_id", "first_sent", "last_sent", "n_sentences", "text"]


@pytest.mark.parametrize("size, step", [(1, 1), (2, 2), (3, 3), (3, 1), (3, 2), (5, 4)])
def test_windows_cover_every_sentence_and_stay_in_their_article(sentences, size, step):
    windows = make_units(sentences, unit="window", size=size, step=step)
    for doc_id, doc in sentences.groupby("doc_id"):
        w = windows[windows["doc_id"] == doc_id]
        covered = set()
        for first, last in zip(w["first_sent"], w["last_sent"]):
            covered.update(range(first, last + 1))
        assert covered == set(doc["sent_id"])
        assert (w["n_sentences"] <= size).all()
        assert w["first_sent"].iloc[0] == doc["sent_id"].min()
        assert (np.diff(w["first_sent"]) == step).all()
        assert w["unit_id"].tolist() == list(range(len(w)))
    if step == size:
        assert windows["n_sentences"].sum() == len(sentences)


@pytest.mark.parametrize(
    "sentence",
    [
        "She told VOA there is no justification for detaining children.",
        "Screenshot of the video meeting",
        "Read here:",
    ],
)
def test_window_text_is_the_sentences_joined(sentences, sentence):
    windows = make_units(sentences, unit="window", size=2)
    row = sentences[sentences["text"] == sentence].iloc[0]
    hit = windows[(windows["doc_id"] == row["doc_id"]) & (windows["first_sent"] <= row["sent_id"])
                  & (windows["last_sent"] >= row["sent_id"])]
    assert len(hit) == 1
    assert sentence in hit["text"].iloc[0]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"unit": "page"}, "unit must be"),
        ({"unit": "window", "size": 0}, "size must be >= 1"),
        ({"unit": "window", "size": 2, "step": 3}, "would skip sentences"),
        ({"unit": "window", "size": 2.5}, "size must be a positive integer"),
    ],
)
def test_make_units_rejects_bad_options(sentences, kwargs, message):
    with pytest.raises(TopicModelError, match=message):
        make_units(sentences, **kwargs)


def test_make_units_rejects_bad_tables(sentences):
    with pytest.raises(TopicModelError, match="lacks column"):
        make_units(sentences.drop(columns="para_id"))
    with pytest.raises(TopicModelError, match="empty"):
        make_units(sentences.iloc[:0])
    with pytest.raises(TopicModelError, match="duplicate"):
        make_units(pd.concat([sentences.iloc[:2], sentences.iloc[:1]]))
    bad = sentences.copy()
    bad.loc[3, "text"] = None
    with pytest.raises(TopicModelError, match="must be str"):
        make_units(bad)


# ---------------------------------------------------------------------------
# fitting
# ---------------------------------------------------------------------------


def test_nmf_recovers_the_toy_themes(toy):
    model = fit_nmf(toy["text"], 4)
    nmi = normalized_mutual_info_score(toy["label"], model.dominant_topic())
    assert nmi >= 0.9  # measured 1.0 for seeds 0, 1, 2
    themes = {frozenset(terms) for terms in model.top_terms(3)}
    assert frozenset({"goal", "match", "team"}) in themes


def test_lda_is_weaker_but_above_chance_on_the_toy(toy):
    model = fit_lda(toy["text"], 4)
    nmi = normalized_mutual_info_score(toy["label"], model.dominant_topic())
    assert nmi >= 0.3  # measured 0.39 / 0.55 / 0.51 for seeds 0 / 1 / 2
    np.testing.assert_allclose(model.doc_topic.sum(axis=1), 1.0)


@pytest.mark.parametrize("fit, options", [(fit_nmf, {}), (fit_lda, {"max_iter": 20})])
def test_fixed_seed_gives_identical_arrays(units, fit, options):
    a = fit(units["text"], 4, seed=3, **options)
    b = fit(list(units["text"]), 4, seed=3, **options)
    assert np.array_equal(a.doc_topic, b.doc_topic)
    assert np.array_equal(a.topic_term, b.topic_term)
    assert a.top_terms(10) == b.top_terms(10)
    assert (a.dtm != b.dtm).nnz == 0


def test_generator_input_reads_once_and_matches_list(units):
    consumed = []

    def gen():
        for text in units["text"]:
            consumed.append(1)
            yield text

    model = fit_nmf(gen(), 4)
    assert len(consumed) == len(units)
    assert np.array_equal(model.doc_topic, fit_nmf(list(units["text"]), 4).doc_topic)


def test_model_attributes_and_shapes(nmf4, units):
    assert nmf4.doc_topic.shape == (len(units), 4)
    assert nmf4.topic_term.shape == (4, len(nmf4.feature_names))
    assert nmf4.dtm.shape == (len(units), len(nmf4.feature_names))
    assert nmf4.vectorizer.sublinear_tf is True and nmf4.vectorizer.min_df == 2
    assert nmf4.model.init == "nndsvda" and nmf4.model.n_iter_ < nmf4.model.max_iter
    # defaults drop stop words (including "us"/"un") and digit tokens
    names = set(nmf4.feature_names)
    assert "the" not in names and "us" not in names and "2018" not in names
    assert "detention" in names
    table = nmf4.top_terms_table(5)
    assert list(table.columns) == ["topic", "rank", "term", "weight"]
    assert table.groupby("topic")["weight"].apply(lambda w: w.is_monotonic_decreasing).all()
    assert nmf4.topic_labels(2)[0].startswith("0: ")
    assert repr(nmf4) == f"TopicModel(method='nmf', k=4, n_units={len(units)}, n_terms={len(names)}, seed=0)"


def test_top_terms_break_ties_alphabetically_and_skip_zero_weights():
    names = np.array(["asylum", "border", "court", "wall"])
    model = TopicModel(
        method="nmf", k=2, seed=0, doc_topic=np.ones((2, 2)),
        topic_term=np.array([[0.5, 0.5, 0.0, 0.5], [0.0, 0.0, 0.0, 0.2]]),
        feature_names=names, vectorizer=None, model=None,
        dtm=sp.csr_matrix(np.ones((2, 4))),
    )
    assert model.top_terms(3) == [["asylum", "border", "wall"], ["wall"]]


def test_vectorizer_options_pass_through(units):
    model = fit_nmf(units["text"], 3, max_features=50, ngram_range=(1, 2))
    assert len(model.feature_names) == 50
    with pytest.raises(TopicModelError, match="unknown vectoriser option"):
        fit_nmf(units["text"], 3, min_count=2)


@pytest.mark.parametrize(
    "sentence",
    [
        "The statement called on the U.S. to adopt \"adopt non-custodial alternatives\"",
        "Detention is never in the best interest of the child and always constitutes a child rights violation,",
        "Trump officials, so far, have shown no interest in backing away from the “zero tolerance” policy",
        "The family detention centers created by the US government are somewhat similar to camps.",
    ],
)
@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2)])
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning", "ignore::RuntimeWarning")
def test_stemming_analyzer_is_sklearn_tokens_then_porter(sentence, ngram_range):
    model = fit_nmf([sentence, sentence], 1, stemmer="porter", ngram_range=ngram_range, min_df=1)
    analyzer = model.vectorizer.build_analyzer()
    plain = TfidfVectorizer(stop_words="english", token_pattern=TOPIC_TOKEN_PATTERN).build_analyzer()
    stems = [PorterStemmer().stem(t) for t in plain(sentence)]
    expected = stems + ([" ".join(p) for p in zip(stems, stems[1:])] if ngram_range == (1, 2) else [])
    assert analyzer(sentence) == expected
    assert pickle.loads(pickle.dumps(analyzer))(sentence) == expected


def test_stemmed_model_fits_and_pickles(units):
    model = fit_nmf(units["text"], 3, stemmer="snowball")
    assert "separ" in set(model.feature_names)
    again = pickle.loads(pickle.dumps(model.vectorizer))
    np.testing.assert_allclose(again.transform(units["text"]).toarray(), model.dtm.toarray())


# ---------------------------------------------------------------------------
# degenerate input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("fit", [fit_nmf, fit_lda])
@pytest.mark.parametrize(
    "texts, k, message",
    [
        (["border wall", "border fence"], 3, r"fewer units \(2\) than topics \(k=3\)"),
        ("generator", 3, r"fewer units \(2\) than topics"),
        (["the and of", "it is the", "of them all"], 2, "could not build a vocabulary"),
        (["border wall asylum", "border wall fence"], 0, "k .* must be >= 1"),
        (["border wall asylum", "border wall fence"], 2.0, "must be an integer"),
        (["border wall asylum", "border wall court"], 3, "fewer units"),
        (["border wall asylum", "border wall court", "border wall"], 3, "only 2 vocabulary terms"),
        (["border wall", None, "wall"], 1, "text number 1 is NoneType"),
        ("border wall", 1, "not a single string"),
    ],
)
def test_degenerate_input_raises_a_clear_value_error(fit, texts, k, message):
    if texts == "generator":  # no len(): the check happens after vectorising
        texts = (t for t in ["border wall fence", "border wall fence"])
    with pytest.raises(TopicModelError, match=message):
        fit(texts, k)


def test_empty_units_belong_to_no_topic(toy):
    texts = list(toy["text"]) + ["It is what it is."]
    for fit in (fit_nmf, fit_lda):
        model = fit(texts, 4)
        assert model.empty_units.tolist() == [False] * len(toy) + [True]
        assert model.dominant_topic()[-1] == -1
        assert model.proportions()[-1].tolist() == [0.0] * 4
        np.testing.assert_allclose(model.proportions()[:-1].sum(axis=1), 1.0)
        frame = pd.DataFrame({"text": texts, "label": list(toy["label"]) + ["cooking"]})
        shares = topic_shares(model, frame, by="label")
        cooking = shares[shares["label"] == "cooking"]
        assert cooking["n_units"].iloc[0] == 15 and cooking["n_empty"].iloc[0] == 1


# ---------------------------------------------------------------------------
# NPMI coherence
# ---------------------------------------------------------------------------

DOCS = ["border wall", "border wall fence", "border asylum", "asylum court"]


def _npmi(joint, pa, pb):
    return math.log(joint / (pa * pb)) / -math.log(joint)


def test_npmi_matches_hand_computation():
    # N = 4: p(border)=3/4, p(wall)=2/4, p(asylum)=2/4; joint border-wall 2/4,
    # border-asylum 1/4, wall-asylum 0 (-> -1 by definition)
    bw = _npmi(2 / 4, 3 / 4, 2 / 4)
    ba = _npmi(1 / 4, 3 / 4, 2 / 4)
    assert bw == pytest.approx(math.log(4 / 3) / math.log(2))
    got = npmi_coherence([["border", "wall", "asylum"], ["wall", "court"]], DOCS)
    assert got[0] == pytest.approx((bw + ba - 1.0) / 3)
    assert got[1] == -1.0


def test_npmi_is_one_for_terms_in_every_document():
    docs = ["border wall fence", "wall border", "border wall asylum"]
    # both in all 3 documents: p(x, y) = 1, Bouma's upper bound
    assert npmi_coherence([["border", "wall"]], docs).tolist() == [1.0]
    # fence in 1 of 3 documents, always with border: log(3) / log(3) = 1 as well
    assert npmi_coherence([["fence", "border"]], docs)[0] == pytest.approx(
        _npmi(1 / 3, 1 / 3, 1.0)
    )


def test_npmi_matrix_input_equals_text_input():
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(token_pattern=TOPIC_TOKEN_PATTERN)
    dtm = vec.fit_transform(DOCS)
    terms = [["border", "wall", "asylum"], ["court", "fence", "wall"]]
    by_text = npmi_coherence(terms, DOCS)
    by_matrix = npmi_coherence(terms, dtm, feature_names=vec.get_feature_names_out())
    by_dense = npmi_coherence(terms, dtm.toarray(), feature_names=vec.get_feature_names_out())
    np.testing.assert_allclose(by_text, by_matrix)
    np.testing.assert_allclose(by_text, by_dense)


def test_npmi_sliding_window_matches_hand_computation():
    # windows of 2 tokens: [border wall] [wall fence] [fence asylum] + [court] -> N = 4;
    # p(border)=1/4, p(wall)=2/4, p(fence)=2/4; joint border-wall 1/4, wall-fence 1/4,
    # border-fence 0 (-> -1)
    docs = ["border wall fence asylum", "court"]
    got = npmi_coherence([["border", "wall", "fence"], ["asylum", "court"]], docs, window=2)
    border_wall = math.log((1 / 4) / ((1 / 4) * (2 / 4))) / -math.log(1 / 4)
    wall_fence = math.log((1 / 4) / ((2 / 4) * (2 / 4))) / -math.log(1 / 4)
    assert (border_wall, wall_fence) == (pytest.approx(0.5), pytest.approx(0.0))
    assert got[0] == pytest.approx((border_wall + -1.0 + wall_fence) / 3)
    assert got[1] == -1.0
    with pytest.raises(TopicModelError, match="single-token"):
        npmi_coherence([["border wall", "fence"]], docs, window=2)


def test_npmi_unseen_terms_are_an_error_unless_asked():
    with pytest.raises(TopicModelError, match="never occur.*'separ'"):
        npmi_coherence([["border", "separ"]], DOCS)
    assert npmi_coherence([["border", "separ"]], DOCS, unseen="minus_one").tolist() == [-1.0]
    with pytest.raises(TopicModelError, match="at least 2"):
        npmi_coherence([["border"]], DOCS)
    with pytest.raises(TopicModelError, match="feature_names"):
        npmi_coherence([["border", "wall"]], sp.csr_matrix(np.ones((2, 2))))


def test_model_coherence_uses_the_models_own_tokens(nmf4, units):
    analyzer = nmf4.vectorizer.build_analyzer()
    expected = npmi_coherence(nmf4.top_terms(10), units["text"], analyzer=analyzer)
    np.testing.assert_allclose(nmf4.coherence(10), expected)
    assert ((nmf4.coherence(10) >= -1) & (nmf4.coherence(10) <= 1)).all()


# ---------------------------------------------------------------------------
# stability
# ---------------------------------------------------------------------------


def test_average_jaccard_reproduces_greene_table_1():
    r1 = ["album", "music", "best", "award", "win"]
    r2 = ["music", "album", "band", "award", "win"]
    expected = (0 / 2 + 2 / 2 + 2 / 4 + 3 / 5 + 4 / 6) / 5
    assert average_jaccard(r1, r2) == pytest.approx(expected)
    assert round(expected, 3) == 0.553  # the value printed in the paper
    assert average_jaccard(r1, r1) == 1.0
    assert average_jaccard(r1, r2[:2]) == pytest.approx((0 + 1) / 2)  # depth = shorter list


def test_agreement_reproduces_greene_table_2():
    s1 = [["sport", "win", "award"], ["bank", "finance", "money"], ["music", "album", "band"]]
    s2 = [["finance", "bank", "economy"], ["music", "band", "award"], ["win", "sport", "money"]]
    aj_sport = (0 + 1 + 2 / 4) / 3  # R11 vs R23
    aj_bank = (0 + 1 + 2 / 4) / 3  # R12 vs R21
    aj_music = (1 + 1 / 3 + 2 / 4) / 3  # R13 vs R22
    assert agreement_score(s1, s2) == pytest.approx((aj_sport + aj_bank + aj_music) / 3)
    assert agreement_score(s1, s1[::-1]) == 1.0


def test_agreement_is_the_best_one_to_one_matching():
    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(12)]
    a = [list(rng.choice(words, 5, replace=False)) for _ in range(4)]
    b = [list(rng.choice(words, 5, replace=False)) for _ in range(4)]
    brute = max(
        np.mean([average_jaccard(a[i], b[p[i]]) for i in range(4)])
        for p in itertools.permutations(range(4))
    )
    assert agreement_score(a, b) == pytest.approx(brute)
    with pytest.raises(TopicModelError, match="equal"):
        agreement_score(a, b[:3])


@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
def test_stability_is_one_when_subsamples_cannot_change_the_topics(units):
    # sample_ratio=1: every "subsample" is the full data, so every model equals the reference
    assert topic_stability(units["text"], 4, n_runs=2, sample_ratio=1.0, progress=False) == 1.0
    # duplicated documents: any 80 % subsample keeps both themes with identical term ranks
    texts = ["border wall fence"] * 10 + ["court judge lawyer"] * 10
    assert topic_stability(texts, 2, n_runs=5, top_n=3, min_df=1, progress=False) == 1.0


def test_stability_is_deterministic_and_in_range(toy):
    a = topic_stability(toy["text"], 4, n_runs=4, progress=False)
    b = topic_stability(iter(toy["text"]), 4, n_runs=4, progress=False)
    assert a == b
    assert 0.0 <= a <= 1.0
    assert topic_stability(toy["text"], 4, n_runs=4, seed=1, progress=False) != a
    with pytest.raises(TopicModelError, match="sample_ratio"):
        topic_stability(toy["text"], 4, sample_ratio=0.0)
    with pytest.raises(TopicModelError, match="fewer than k"):
        topic_stability(toy["text"][:6], 5, sample_ratio=0.5, min_df=1, progress=False)


@pytest.mark.parametrize(
    "value, expected",
    [(0.0, False), (STABILITY_THRESHOLD - 1e-9, False), (STABILITY_THRESHOLD, True), (1.0, True)],
)
def test_is_interpretable_threshold(value, expected):
    assert is_interpretable(value) is expected


def test_is_interpretable_arrays_and_bad_values():
    assert is_interpretable([0.2, 0.7], threshold=0.5).tolist() == [False, True]
    with pytest.raises(TopicModelError, match=r"\[0, 1\]"):
        is_interpretable(float("nan"))
    with pytest.raises(TopicModelError, match=r"\[0, 1\]"):
        is_interpretable(1.2)


def test_select_k_agrees_with_the_single_functions(units):
    scores = select_k(units["text"], [4, 2, 3], n_runs=3, progress=False)
    assert list(scores.columns) == [
        "k", "coherence", "stability", "stability_sd", "partition_ari", "interpretable",
    ]
    assert scores["k"].tolist() == [2, 3, 4]
    row = scores.set_index("k").loc[3]
    assert row["coherence"] == pytest.approx(fit_nmf(units["text"], 3).coherence(10).mean())
    assert row["stability"] == pytest.approx(topic_stability(units["text"], 3, n_runs=3, progress=False))
    assert scores["interpretable"].tolist() == list(is_interpretable(scores["stability"]))
    pd.testing.assert_frame_equal(scores, select_k(units["text"], [2, 3, 4], n_runs=3, progress=False))


def test_select_k_partition_stability_peaks_at_the_true_k(toy):
    scores = select_k(toy["text"], [2, 4, 6], n_runs=4, progress=False).set_index("k")
    assert scores["partition_ari"].idxmax() == 4


def test_select_k_rejects_bad_ks(units):
    with pytest.raises(TopicModelError, match="ks is empty"):
        select_k(units["text"], [], progress=False)
    with pytest.raises(TopicModelError, match="must be >= 1"):
        select_k(units["text"], [0, 2], progress=False)
    with pytest.raises(TopicModelError, match="fewer units"):
        select_k(units["text"][:5], [2, 8], min_df=1, progress=False)


def test_lda_stability_runs(units):
    value = topic_stability(
        units["text"], 3, n_runs=2, method="lda", model_options={"max_iter": 10}, progress=False
    )
    assert 0.0 <= value <= 1.0
    with pytest.raises(TopicModelError, match="method must be"):
        topic_stability(units["text"], 3, method="lsa")


# ---------------------------------------------------------------------------
# preprocessing sensitivity
# ---------------------------------------------------------------------------


def test_preprocessing_sensitivity_table(toy):
    table = preprocessing_sensitivity(toy["text"], 4, progress=False)
    assert list(table.columns) == [
        "stop_words", "stemming", "ngrams", "baseline", "n_terms", "term_jaccard", "ari", "nmi",
    ]
    assert len(table) == 8
    assert len(table[["stop_words", "stemming", "ngrams"]].drop_duplicates()) == 8
    base = table.iloc[0]
    assert base["baseline"] and base["stop_words"] and not base["stemming"] and base["ngrams"] == "1"
    assert (base[["term_jaccard", "ari", "nmi"]] == 1.0).all()
    assert table["baseline"].sum() == 1
    # the toy themes survive every choice; stemming is compared on stemmed baseline terms
    assert (table["ari"] == 1.0).all()  # measured 1.0 in all 8 rows
    stemmed = table[(table["stemming"]) & (table["stop_words"]) & (table["ngrams"] == "1")]
    assert stemmed["term_jaccard"].iloc[0] > 0.7  # measured 0.84
    assert table.loc[~table["stop_words"], "n_terms"].min() > base["n_terms"]


def test_preprocessing_sensitivity_refuses_grid_options(toy):
    with pytest.raises(TopicModelError, match="set by the sensitivity grid"):
        preprocessing_sensitivity(toy["text"], 4, stop_words=None)
    with pytest.raises(TopicModelError, match="stemmer"):
        preprocessing_sensitivity(toy["text"], 4, stemmer="lancaster")


# ---------------------------------------------------------------------------
# outputs and plots
# ---------------------------------------------------------------------------


def test_topic_shares_are_group_means_of_proportions(nmf4, units):
    shares = topic_shares(nmf4, units, by="outlet")
    assert list(shares.columns) == ["outlet", "topic", "share", "n_units", "n_empty"]
    assert shares["outlet"].unique().tolist() == sorted(OUTLETS.values())
    np.testing.assert_allclose(shares.groupby("outlet")["share"].sum(), 1.0)
    props = nmf4.proportions()
    mask = (units["outlet"] == "VOA").to_numpy() & ~nmf4.empty_units
    expected = props[mask].mean(axis=0)
    np.testing.assert_allclose(shares[shares["outlet"] == "VOA"]["share"], expected)


def test_topic_shares_checks_alignment(nmf4, units):
    with pytest.raises(TopicModelError, match="rows but the model was fitted on"):
        topic_shares(nmf4, units.iloc[:-1])
    with pytest.raises(TopicModelError, match="no column 'country'"):
        topic_shares(nmf4, units, by="country")
    gap = units.copy()
    gap.loc[5, "outlet"] = None
    with pytest.raises(TopicModelError, match="1 unit.* have no 'outlet'"):
        topic_shares(nmf4, gap)


def test_typical_units_are_the_highest_proportions(nmf4, units):
    typical = typical_units(nmf4, units, n=3)
    assert list(typical.columns[:3]) == ["topic", "rank", "proportion"]
    assert typical.groupby("topic").size().tolist() == [3, 3, 3, 3]
    props = nmf4.proportions()
    for t, block in typical.groupby("topic"):
        assert block["proportion"].is_monotonic_decreasing
        assert block["proportion"].iloc[0] == pytest.approx(props[:, t].max())
    assert typical.equals(typical_units(nmf4, units, n=3))


def test_plots_return_labelled_figures(nmf4, units):
    fig = plot_top_terms(nmf4, n=5)
    assert isinstance(fig, Figure)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["Topic 0", "Topic 1", "Topic 2", "Topic 3"]
    assert "Top 5 terms" in fig.get_suptitle()
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][::-1] == nmf4.top_terms(5)[0]

    shares = topic_shares(nmf4, units)
    heat = plot_topic_shares(shares, labels=nmf4.topic_labels(2))
    assert isinstance(heat, Figure)
    assert heat.axes[0].get_ylabel() == "outlet"
    assert [t.get_text() for t in heat.axes[0].get_xticklabels()] == nmf4.topic_labels(2)
    with pytest.raises(TopicModelError, match="labels for 4 topics"):
        plot_topic_shares(shares, labels=["a"])

    scores = pd.DataFrame({"k": [2, 3], "coherence": [0.3, 0.2], "stability": [0.7, 0.5],
                           "stability_sd": [0.1, 0.1], "partition_ari": [0.8, 0.6],
                           "interpretable": [True, False]})
    ks = plot_k_selection(scores)
    assert isinstance(ks, Figure) and len(ks.axes) == 2
    assert ks.axes[1].get_xlabel() == "number of topics k"


def test_sensitivity_plot_has_one_labelled_row_per_specification(toy):
    table = preprocessing_sensitivity(toy["text"], 4, progress=False)
    fig = topics.plot_preprocessing_sensitivity(table)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 8 and len(set(labels)) == 8
    assert labels[0] == "stop words removed, not stemmed, unigrams (baseline)"
    assert "stop words kept, stemmed, uni- + bigrams" in labels
    # one scatter per measure; the baseline row sits at x = 1 for all three
    assert [c.get_label() for c in ax.collections] == [
        "top terms (Jaccard)", "unit grouping (ARI)", "unit grouping (NMI)",
    ]
    for collection, column in zip(ax.collections, ["term_jaccard", "ari", "nmi"]):
        np.testing.assert_allclose(collection.get_offsets()[:, 0], table[column])
        assert collection.get_offsets()[0, 0] == 1.0
    with pytest.raises(TopicModelError, match="preprocessing_sensitivity"):
        topics.plot_preprocessing_sensitivity(table.drop(columns="ari"))
    with pytest.raises(TopicModelError, match="empty"):
        topics.plot_preprocessing_sensitivity(table.iloc[:0])


# ---------------------------------------------------------------------------
# helpers moved out of notebook 05: units, vocabulary, choice of k, model
# comparison, crossing units, units in context
# ---------------------------------------------------------------------------

VOA_PARAGRAPH_4 = "She told VOA there is no justification for detaining children."


def _hand_model(doc_topic, topic_term, names, *, method="nmf", vectorizer=None, empty=()):
    """A TopicModel with chosen weights; every unit contains every term except the ``empty`` ones."""
    doc_topic = np.asarray(doc_topic, dtype=float)
    presence = np.ones((doc_topic.shape[0], len(names)))
    presence[list(empty)] = 0.0
    return TopicModel(
        method=method, k=doc_topic.shape[1], seed=0, doc_topic=doc_topic,
        topic_term=np.asarray(topic_term, dtype=float), feature_names=np.array(names),
        vectorizer=vectorizer, model=None, dtm=sp.csr_matrix(presence),
    )


def _documents() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(OUTLETS), "outlet": list(OUTLETS.values())})


def test_tag_units_adds_outlet_number_article_and_length(sentences):
    plain = make_units(sentences)
    tagged = topics.tag_units(plain, _documents(), unit_name="paragraph")
    assert list(tagged.columns) == list(plain.columns) + ["outlet", "paragraph", "article", "n_words"]
    pd.testing.assert_frame_equal(tagged[plain.columns], plain)  # same rows, same order
    voa = tagged[tagged["doc_id"] == "001"]
    assert set(voa["outlet"]) == {"VOA"} and set(voa["article"]) == {"VOA · 001"}
    assert voa["paragraph"].tolist() == list(range(1, 11))  # the raw VOA text has 10 paragraphs
    row = voa[voa["text"] == VOA_PARAGRAPH_4].iloc[0]
    assert (row["paragraph"], row["n_words"]) == (4, 10)
    # numbering restarts in every article
    assert (tagged.groupby("doc_id")["paragraph"].min() == 1).all()
    by_doc_id = topics.tag_units(plain, _documents(), label="doc_id")
    assert "outlet" not in by_doc_id.columns and "position" not in by_doc_id.columns
    assert by_doc_id["article"].tolist() == plain["doc_id"].tolist()
    assert by_doc_id["unit"].tolist() == tagged["paragraph"].tolist()


def test_tag_units_refuses_gaps_duplicates_and_clashes(sentences):
    plain = make_units(sentences)
    with pytest.raises(TopicModelError, match="document '004' is not in documents_df"):
        topics.tag_units(plain, _documents().iloc[:4])
    no_label = _documents().assign(outlet=["Newsweek", "VOA", None, "GCM", "China"])
    with pytest.raises(TopicModelError, match="document '002' has no 'outlet'"):
        topics.tag_units(plain, no_label)
    with pytest.raises(TopicModelError, match="lists doc_id '000' twice"):
        topics.tag_units(plain, pd.concat([_documents(), _documents().iloc[:1]]))
    with pytest.raises(TopicModelError, match="already has column"):
        topics.tag_units(topics.tag_units(plain, _documents()), _documents())
    with pytest.raises(TopicModelError, match="lacks column"):
        topics.tag_units(plain, _documents(), label="country")


def test_term_document_frequency_counts_units_per_term():
    texts = ["Border wall", "border fence", "the asylum court", "wall and fence", "Border, border, border!"]
    table = topics.term_document_frequency(texts, min_df=1)
    # hand count: border in units 0, 1, 4; fence 1, 3; wall 0, 3; asylum 2; court 2
    # ("the" and "and" are stop words)
    assert table.to_dict("list") == {
        "term": ["border", "fence", "wall", "asylum", "court"],
        "n_units": [3, 2, 2, 1, 1],
        "share": [3 / 5, 2 / 5, 2 / 5, 1 / 5, 1 / 5],
    }
    assert topics.term_document_frequency(texts)["term"].tolist() == ["border", "fence", "wall"]
    assert topics.count_empty_units(texts) == 1  # "the asylum court" loses both words at min_df=2
    assert topics.count_empty_units(texts, min_df=1) == 0
    assert topics.count_empty_units(texts + ["It is what it is."], min_df=1) == 1


@pytest.mark.parametrize("term", ["children", "detention", "border", "rights"])
def test_term_document_frequency_matches_a_word_search_on_the_corpus(units, term):
    table = topics.term_document_frequency(units["text"]).set_index("term")
    found = units["text"].str.lower().str.contains(rf"\b{term}\b", regex=True)
    assert table.loc[term, "n_units"] == found.sum()
    assert table.loc[term, "share"] == pytest.approx(found.mean())
    assert len(table) == len(fit_nmf(units["text"], 2).feature_names)


SCORES = pd.DataFrame({
    "k": [2, 3, 4, 5],
    "coherence": [0.221, 0.211, 0.168, 0.238],
    "stability": [0.686, 0.515, 0.516, 0.479],
    "stability_sd": [0.128, 0.149, 0.109, 0.084],
    "partition_ari": [0.654, 0.318, 0.467, 0.561],
    "interpretable": [True, False, False, False],
})


@pytest.mark.parametrize(
    "coherence, stability, threshold, expected_k, interpretable",
    [
        # only k=2 is stable: chosen although k=5 is more coherent
        ([0.221, 0.211, 0.168, 0.238], [0.686, 0.515, 0.516, 0.479], 0.6, 2, True),
        # k=3 and k=4 stable: the more coherent of them
        ([0.20, 0.25, 0.30, 0.40], [0.50, 0.65, 0.70, 0.55], 0.6, 4, True),
        # tie in coherence among stable k: the smaller k
        ([0.30, 0.30, 0.30, 0.10], [0.90, 0.80, 0.70, 0.95], 0.6, 2, True),
        # none stable: the most stable k, not interpretable
        ([0.30, 0.40, 0.50, 0.60], [0.40, 0.55, 0.50, 0.30], 0.6, 3, False),
        # none stable, tie in stability: the smaller k
        ([0.30, 0.40, 0.50, 0.60], [0.40, 0.55, 0.55, 0.30], 0.6, 3, False),
        # a stricter threshold leaves none stable
        ([0.20, 0.25, 0.30, 0.40], [0.50, 0.65, 0.70, 0.55], 0.8, 4, False),
        # exactly at the threshold counts as stable
        ([0.20, 0.25, 0.30, 0.40], [0.50, 0.60, 0.59, 0.55], 0.6, 3, True),
    ],
)
def test_choose_k_follows_the_rule(coherence, stability, threshold, expected_k, interpretable):
    scores = SCORES.assign(coherence=coherence, stability=stability)
    chosen, verdict = topics.choose_k(scores, threshold=threshold)
    assert int(chosen["k"]) == expected_k
    assert bool(chosen["interpretable"]) is interpretable
    assert chosen["stability"] == stability[expected_k - 2]
    assert ("NOT interpretable" in verdict) is not interpretable


def test_choose_k_verdict_words_the_choice():
    chosen, verdict = topics.choose_k(SCORES, unit_name="paragraph")
    assert verdict == (
        "k = 2: stability 0.69 (threshold 0.6), coherence 0.221, partition ARI 0.65\n"
        "Verdict: the 2 topics are stable enough to read. Their top terms mostly come back "
        "when a fifth of the paragraphs is left out."
    )
    _, unstable = topics.choose_k(SCORES.drop(columns="partition_ari"), threshold=0.7, sample_ratio=0.75)
    assert unstable == (
        "k = 2: stability 0.69 (threshold 0.7), coherence 0.221\n"
        "Verdict: the topics are NOT interpretable. No k reaches stability 0.7; the top terms change "
        "when a quarter of the units is left out. They describe this one fit, not themes of the texts."
    )
    assert "when 30% of the units" in topics.choose_k(SCORES, sample_ratio=0.7)[1]


def test_choose_k_rejects_bad_tables():
    with pytest.raises(TopicModelError, match="select_k"):
        topics.choose_k(SCORES.drop(columns="coherence"))
    with pytest.raises(TopicModelError, match="empty"):
        topics.choose_k(SCORES.iloc[:0])
    with pytest.raises(TopicModelError, match="NaN"):
        topics.choose_k(SCORES.assign(coherence=[0.2, np.nan, 0.1, 0.3]))
    with pytest.raises(TopicModelError, match="threshold"):
        topics.choose_k(SCORES, threshold=1.5)


# Topics chosen so that greedy pairing (each NMF topic takes its most similar LDA topic)
# differs from the best one-to-one pairing. Average Jaccard by hand, depth 3:
#   NMF 0 [border, wall, fence]  vs LDA 0 [border, fence, asylum]: (1 + 1/3 + 2/4) / 3 = 11/18
#   NMF 0                        vs LDA 1 [wall, court, judge]:    (0 + 1/3 + 1/5) / 3 = 8/45
#   NMF 1 [border, asylum, court] vs LDA 0:                         (1 + 1/3 + 2/4) / 3 = 11/18
#   NMF 1                        vs LDA 1:                          (0 + 0 + 1/5) / 3 = 1/15
# Greedy: 11/18 + 1/15; best: 8/45 + 11/18 (NMF 0 -> LDA 1, NMF 1 -> LDA 0).
NAMES = ["asylum", "border", "court", "fence", "judge", "wall"]
NMF_TERMS = [[0, 3, 0, 1, 0, 2], [2, 3, 1, 0, 0, 0]]
LDA_TERMS = [[1, 3, 0, 2, 0, 0], [0, 0, 2, 0, 1, 3]]
# dominant NMF topics 0, 0, 1, 1 (unit 4 has no term); LDA 1, 0, 0, 0
NMF_UNITS = [[3, 1], [2, 1], [1, 4], [0, 2], [1, 1]]
LDA_UNITS = [[0.2, 0.8], [0.6, 0.4], [0.9, 0.1], [0.7, 0.3], [0.5, 0.5]]


@pytest.fixture
def pair():
    nmf = _hand_model(NMF_UNITS, NMF_TERMS, NAMES, vectorizer=TfidfVectorizer(), empty=[4])
    lda = _hand_model(LDA_UNITS, LDA_TERMS, NAMES, method="lda", vectorizer=CountVectorizer(), empty=[4])
    return nmf, lda


def test_match_topics_pairs_one_to_one_not_greedily(pair):
    nmf, lda = pair
    assert nmf.top_terms(3) == [["border", "wall", "fence"], ["border", "asylum", "court"]]
    assert lda.top_terms(3) == [["border", "fence", "asylum"], ["wall", "court", "judge"]]
    table = topics.match_topics(nmf, lda, n=3, shown=2)
    assert list(table.columns) == [
        "NMF topic", "NMF top terms", "LDA topic", "LDA top terms", "average Jaccard",
    ]
    assert table["LDA topic"].tolist() == [1, 0]
    np.testing.assert_allclose(table["average Jaccard"], [8 / 45, 11 / 18])
    assert table["NMF top terms"].tolist() == ["border, wall", "border, asylum"]
    assert table["LDA top terms"].tolist() == ["wall, court", "border, fence"]
    named = topics.match_topics(nmf, nmf, n=3, labels=("full", "refit"))
    assert named["refit topic"].tolist() == [0, 1] and named["average Jaccard"].tolist() == [1.0, 1.0]


def test_match_topics_refuses_ambiguous_or_unequal_models(pair):
    nmf, lda = pair
    with pytest.raises(TopicModelError, match="both models are labelled 'NMF'"):
        topics.match_topics(nmf, nmf)
    three = _hand_model(np.ones((5, 3)), np.ones((3, 6)), NAMES)
    with pytest.raises(TopicModelError, match="different numbers of topics"):
        topics.match_topics(nmf, three, labels=("a", "b"))
    with pytest.raises(TopicModelError, match="TopicModel"):
        topics.match_topics(nmf, "lda")


def test_compare_models_reports_agreement_on_dominant_topics(pair):
    nmf, lda = pair
    table = topics.compare_models(nmf, lda, stability=(0.69, 0.74), n=3)
    assert list(table.columns) == ["model", "coherence", "stability", "same dominant topic as NMF"]
    assert table["model"].tolist() == ["NMF on TF-IDF", "LDA on counts"]
    assert table["stability"].tolist() == [0.69, 0.74]
    # units 0-3 (unit 4 has no term): NMF 0, 0, 1, 1 -> partners 1, 1, 0, 0; LDA says 1, 0, 0, 0
    assert table["same dominant topic as NMF"].tolist() == [1.0, 0.75]
    # every term occurs in every non-empty unit: NPMI = 1 for every pair
    assert table["coherence"].tolist() == [pytest.approx(1.0), pytest.approx(1.0)]
    plain = topics.compare_models(nmf, lda, n=3)
    assert "stability" not in plain.columns


def test_compare_models_refuses_bad_input(pair):
    nmf, lda = pair
    with pytest.raises(TopicModelError, match="two values in \\[0, 1\\]"):
        topics.compare_models(nmf, lda, stability=(0.7, 1.2))
    with pytest.raises(TopicModelError, match="two values"):
        topics.compare_models(nmf, lda, stability=(0.7,))
    shorter = _hand_model(LDA_UNITS[:4], LDA_TERMS, NAMES, method="lda")
    with pytest.raises(TopicModelError, match="5 and 4 units"):
        topics.compare_models(nmf, shorter)


def test_tabulate_topic_shares_adds_dominant_counts():
    # proportions: A [.75 .25] [.25 .75]; B [.5 .5] (tie -> topic 0) [0 1] [0 1] and one empty unit
    model = _hand_model([[3, 1], [1, 3], [2, 2], [0, 4], [0, 5], [1, 1]], [[1, 0], [0, 1]],
                        ["asylum", "border"], empty=[5])
    units_df = pd.DataFrame({"text": ["x"] * 6, "outlet": ["A", "A", "B", "B", "B", "B"]})
    table = topics.tabulate_topic_shares(model, units_df, unit_name="paragraph")
    assert table.index.tolist() == ["A", "B"] and table.index.name == "outlet"
    assert list(table.columns) == ["share 0", "share 1", "paragraphs 0", "paragraphs 1", "n_units", "n_empty"]
    np.testing.assert_allclose(table["share 0"], [0.5, 1 / 6])
    np.testing.assert_allclose(table["share 1"], [0.5, 5 / 6])
    assert table[["paragraphs 0", "paragraphs 1", "n_units", "n_empty"]].to_numpy().tolist() == [
        [1, 1, 2, 0], [1, 2, 3, 1],
    ]


def test_crossing_units_are_off_their_articles_majority():
    # doc a: dominant 0, 0, 1 -> majority 0; doc b: 1, 0, 0, 1 -> tie, majority 0;
    # doc c: no term, 1 -> majority 1
    doc_topic = [[4, 1], [3, 1], [1, 3], [1, 4], [5, 0], [2, 1], [0, 2], [1, 1], [1, 9]]
    model = _hand_model(doc_topic, [[1, 0], [0, 1]], ["asylum", "border"], empty=[7])
    units_df = pd.DataFrame({"doc_id": list("aaabbbbcc"), "unit_id": [0, 1, 2, 0, 1, 2, 3, 0, 1],
                             "text": [f"unit {i}" for i in range(9)]})
    crossing = topics.crossing_units(model, units_df)
    assert list(crossing.columns) == ["topic", "proportion", "majority_topic", "doc_id", "unit_id", "text"]
    assert crossing["text"].tolist() == ["unit 2", "unit 3", "unit 6"]
    assert crossing["topic"].tolist() == [1, 1, 1]
    assert crossing["majority_topic"].tolist() == [0, 0, 0]
    np.testing.assert_allclose(crossing["proportion"], [3 / 4, 4 / 5, 1.0])
    assert crossing.index.tolist() == [0, 1, 2]
    by_outlet = topics.crossing_units(model, units_df.assign(outlet="one outlet"), by="outlet")
    # one group: dominant 0, 0, 1, 1, 0, 0, 1, -, 1 -> majority 0; the four topic-1 units cross
    assert by_outlet["text"].tolist() == ["unit 2", "unit 3", "unit 6", "unit 8"]
    with pytest.raises(TopicModelError, match="no column 'outlet'"):
        topics.crossing_units(model, units_df, by="outlet")


def _segments(block: str) -> tuple[str, dict[str, str]]:
    """Split a format_in_context block into its heading and its before/unit/after texts."""
    heading, *lines = block.splitlines()
    parts: dict[str, list[str]] = {}
    current = None
    for line in lines:
        assert line.startswith("    "), f"not indented: {line!r}"
        body = line[4:]
        for marker, name in (("before: ", "before"), (">> ", "unit"), ("after: ", "after")):
            if body.startswith(marker) and name not in parts:
                current, body = name, body[len(marker):]
                parts[current] = []
                break
        parts[current].append(body)
    return heading, {name: " ".join(words) for name, words in parts.items()}


def test_format_in_context_prints_typical_units_between_neighbours(sentences):
    voa = topics.tag_units(make_units(sentences[sentences["doc_id"] == "001"]), _documents(),
                           unit_name="paragraph")
    paragraphs = voa["text"].tolist()
    # typical units: topic 0 -> paragraph 4 (middle), topic 1 -> paragraph 10 (last),
    # topic 2 -> paragraph 1 (first); all other paragraphs mix the three topics
    doc_topic = np.ones((10, 3))
    doc_topic[3], doc_topic[9], doc_topic[0] = [5, 0, 0], [0, 5, 0], [0, 0, 5]
    model = _hand_model(doc_topic, [[3, 2, 1, 0], [0, 3, 2, 1], [1, 0, 2, 3]],
                        ["asylum", "border", "children", "detention"])
    text = topics.format_in_context(model, voa, columns="article", unit_name="paragraph", width=60, clip=50)
    blocks = text.split("\n\n")
    assert len(blocks) == 3
    body = [line for line in text.splitlines() if line.startswith("    ")]
    assert body and all(len(line) <= 60 + 4 for line in body)  # wrapped at 60, indented by 4

    heading, middle = _segments(blocks[0])
    assert heading == "Topic 0 (asylum, border, children): proportion 1.00, VOA · 001, paragraph 4 of 10"
    assert middle["unit"] == VOA_PARAGRAPH_4 == paragraphs[3]
    assert middle["before"].startswith("Human rights spokeswoman Ravina Shamdasani")
    assert middle["before"].endswith(" ...") and len(middle["before"]) <= 50
    assert paragraphs[2].startswith(middle["before"][: -len(" ...")])
    assert middle["after"].startswith("“Detention is never") and len(middle["after"]) <= 50

    heading, last = _segments(blocks[1])
    assert heading == "Topic 1 (border, children, detention): proportion 1.00, VOA · 001, paragraph 10 of 10"
    assert set(last) == {"before", "unit"}  # nothing after the last paragraph
    assert last["unit"] == paragraphs[9]  # printed in full, however long
    assert len(paragraphs[9]) > 60 and paragraphs[8].startswith(last["before"][: -len(" ...")])

    heading, first = _segments(blocks[2])
    assert heading == "Topic 2 (detention, children, asylum): proportion 1.00, VOA · 001, paragraph 1 of 10"
    assert set(first) == {"unit", "after"}  # nothing before the first paragraph
    assert first["unit"] == paragraphs[0]
    with pytest.raises(TopicModelError, match="lacks column"):
        topics.format_in_context(model, voa.drop(columns="unit_id"))
    with pytest.raises(TopicModelError, match=r"lacks column\(s\) \['article'\]"):
        topics.format_in_context(model, voa.drop(columns="article"), columns="article")
    two = topics.format_in_context(model, voa, columns=["article", "doc_id"], unit_name="paragraph")
    assert two.splitlines()[0].endswith("proportion 1.00, VOA · 001, 001, paragraph 4 of 10")
    with pytest.warns(FutureWarning, match=r"format_in_context\(label=\) is deprecated.*columns="):
        old = topics.format_in_context(model, voa, label="article", unit_name="paragraph", width=60, clip=50)
    assert old == text


# ---------------------------------------------------------------------------
# adapting to the corpus and wording the findings (topics.summarise)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n_units", "n_terms", "expected"),
    [
        (53, 207, [2, 3, 4, 5, 6, 7, 8]),  # capped at k_max
        (24, 65, [2, 3, 4]),  # five units per topic
        (11, 15, [2]),
        (12, 3, [2]),  # more terms than topics
        (9, 500, []),  # too few units for k = 2
        (500, 2, []),  # too few terms
        (0, 0, []),
    ],
)
def test_candidate_ks_follow_units_and_terms(n_units, n_terms, expected):
    assert topics.candidate_ks(n_units, n_terms) == expected


def test_candidate_ks_refuses_bad_sizes():
    with pytest.raises(TopicModelError, match="n_units"):
        topics.candidate_ks(-1, 10)


def test_describe_candidate_ks_says_what_would_enable_the_model():
    note = topics.describe_candidate_ks([], n_units=4, n_terms=20, unit_name="paragraph")
    assert note.startswith("**Skipped: Topic model.**") and "4 paragraphs" in note and "To enable it" in note
    assert "k from 2 to 5" in topics.describe_candidate_ks([2, 3, 4, 5], n_units=25, n_terms=90)


def _units(docs, outlets):
    return pd.DataFrame({"doc_id": docs, "outlet": outlets, "text": ["x"] * len(docs)})


def test_share_groups_use_the_label_when_it_has_two_values():
    groups = topics.choose_share_groups(_units(list("aabc"), list("XXYY")), label="outlet")
    assert (groups.column, groups.groups, groups.note) == ("outlet", ["X", "Y"], "")


def test_share_groups_fall_back_to_documents_then_to_nothing():
    one_outlet = topics.choose_share_groups(_units(list("aab"), list("XXX")), label="outlet", unit_name="paragraph")
    assert one_outlet.column == "doc_id" and one_outlet.groups == ["a", "b"]
    assert "same outlet (X)" in one_outlet.note
    one_doc = topics.choose_share_groups(_units(list("aaa"), list("XXX")), label="outlet")
    assert one_doc.column is None and one_doc.note.startswith("**Skipped: Topic shares by group.**")
    with pytest.raises(TopicModelError, match="no groups"):
        one_doc.select(pd.DataFrame({"outlet": ["X"]}))


def test_share_groups_are_bounded_to_the_largest():
    docs = [f"d{i:02d}" for i in range(30) for _ in range(1 + (i % 3))]
    groups = topics.choose_share_groups(_units(docs, docs), label="outlet", max_groups=5)
    assert len(groups.groups) == 5 and groups.n_groups == 30
    assert all(doc_number % 3 == 2 for doc_number in (int(g[1:]) for g in groups.groups))  # the 3-unit ones
    assert "5 values of outlet with the most units (of 30)" in groups.note


def test_topic_leans_name_the_group_and_topic_that_stand_out():
    shares = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "topic": [0, 1, 0, 1],
                           "share": [0.95, 0.05, 0.5, 0.5], "n_units": [10, 10, 40, 40], "n_empty": 0})
    text = topics.summarise_topic_leans(shares, by="outlet", labels=["0: sun", "1: rain"])
    # overall, units weighted: topic 0 = (0.95*10 + 0.5*40) / 50 = 0.59; B's topic 1 is 0.09 above 0.41
    assert "A leans on 0: sun: 95% of its units' topic weight against 59%" in text
    assert "B is within 10 points" in text
    with pytest.raises(TopicModelError, match="labels"):
        topics.summarise_topic_leans(shares, by="outlet", labels=["only one"])


def test_summarise_topics_says_whether_to_read_themes():
    texts = ["goal striker match", "match goal keeper", "striker keeper goal",
             "rain wind storm", "storm cloud rain", "wind cloud storm"]
    model = topics.fit_nmf(texts, 2, min_df=1)
    assert "may be read as themes" in topics.summarise_topics(model, interpretable=True)
    text = topics.summarise_topics(model, interpretable=False, unit_name="paragraph")
    assert "not themes" in text and text.count("\n- topic ") == 2 and "*goal*" in text


def test_fewer_units_message_is_accurate():
    with pytest.raises(TopicModelError, match="could fit it") as err:
        topics.fit_nmf(["sun rain", "rain wind"], 3, min_df=1)
    assert "cannot even" not in str(err.value) and "lower k" in str(err.value).lower()


def test_convergence_warnings_are_counted_not_printed(recwarn):
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    with topics.collect_convergence_warnings() as log:
        topics.fit_nmf(["sun rain wind", "rain wind storm", "storm sun cloud", "cloud rain sun"], 2, min_df=1,
                       max_iter=1)
        warnings.warn("something else", UserWarning, stacklevel=1)
    assert log.count >= 1 and "iteration limit" in log.note("the fit")
    assert [w.category for w in recwarn] == [UserWarning]  # other warnings pass through
    assert not any(issubclass(w.category, ConvergenceWarning) for w in recwarn)


def test_old_topics_token_pattern_name_warns_and_is_the_topic_variant():
    with pytest.warns(FutureWarning, match=r"topics\.TOKEN_PATTERN is deprecated.*TOPIC_TOKEN_PATTERN"):
        assert topics.TOKEN_PATTERN == TOPIC_TOKEN_PATTERN
    assert "TOKEN_PATTERN" not in topics.__all__
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        topics.nope  # noqa: B018



def test_sample_units_is_a_seeded_ordered_subset_and_leaves_small_tables_alone():
    units = pd.DataFrame({"unit_id": range(50), "text": [f"paragraph {i}" for i in range(50)]})
    first = topics.sample_units(units, n=12, seed=3)
    assert len(first) == 12 and first["unit_id"].is_monotonic_increasing
    assert set(first["unit_id"]) <= set(units["unit_id"])
    assert first.equals(topics.sample_units(units, n=12, seed=3))
    assert not first.equals(topics.sample_units(units, n=12, seed=4))
    assert topics.sample_units(units, n=50) is units and topics.sample_units(units, n=None) is units
    with pytest.raises(topics.TopicModelError, match="n"):
        topics.sample_units(units, n=0)
