"""How far topics move: :func:`preprocessing_sensitivity` (Denny & Spirling 2018) and NMF against LDA (:func:`match_topics`, :func:`compare_models`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from tqdm import tqdm

from corpus_tools.topics.fit import _check_k, _checked_texts, _fit, _make_stemmer, fit_lda, fit_nmf
from corpus_tools.topics.model import _STEMMERS, TopicModel, TopicModelError, _positive_int
from corpus_tools.topics.stability import _jaccard_match, average_jaccard

# ---------------------------------------------------------------------------
# preprocessing sensitivity
# ---------------------------------------------------------------------------


def preprocessing_sensitivity(
    texts: Iterable[str],
    k: int,
    *,
    seed: int = 0,
    top_n: int = 10,
    method: str = "nmf",
    stemmer: str = "porter",
    model_options: dict[str, Any] | None = None,
    progress: bool = True,
    **vectorizer_options: Any,
) -> pd.DataFrame:
    """Refit under a grid of preprocessing choices and measure how topics move.

    After Denny & Spirling (2018): eight specifications, stop-word removal
    (scikit-learn's English list) yes/no x stemming (NLTK ``stemmer``) yes/no x
    unigrams vs. unigrams + bigrams, each fitted with ``k`` topics and otherwise
    the :func:`fit_nmf` (or :func:`fit_lda`) defaults. The baseline is the
    default: stop words removed, no stemming, unigrams. Each specification is
    compared with the baseline on

    * ``term_jaccard``: mean Jaccard overlap of top-``top_n`` term sets over a
      Hungarian one-to-one matching of topics (for stemmed specifications the
      baseline's terms are stemmed first, so "separation" matches "separ");
    * ``ari`` and ``nmi``: adjusted Rand index and normalised mutual information
      between the units' dominant topics (:meth:`TopicModel.dominant_topic`;
      empty units form their own group -1). Both are 1 for the baseline.

    The texts are held in memory as a list (they are vectorised eight times).

    Parameters
    ----------
    texts : iterable of str
        One string per unit.
    k : int
        Number of topics.
    seed, method, model_options
        As in :func:`topic_stability`.
    top_n : int, default 10
        Depth of the term sets compared.
    stemmer : {"porter", "snowball"}, default "porter"
        Stemmer of the stemmed specifications.
    progress : bool, default True
        Show a tqdm bar over the eight fits (pass False in notebooks).
    **vectorizer_options
        Other vectoriser options (``min_df`` etc.) used in every specification;
        ``stop_words`` and ``ngram_range`` are set by the grid and refused here.

    Returns
    -------
    pandas.DataFrame
        One row per specification, baseline first, columns ``stop_words``
        (bool, removed), ``stemming`` (bool), ``ngrams`` ("1" or "1-2"),
        ``baseline`` (bool), ``n_terms``, ``term_jaccard``, ``ari``, ``nmi``.

    Examples
    --------
    >>> texts = ["the goal of the striker", "a goal for the keeper", "the keeper and striker",
    ...          "the rain and the wind", "a storm of rain", "the wind and a storm"]
    >>> table = preprocessing_sensitivity(texts, 2, min_df=1, progress=False)
    >>> table[["stop_words", "stemming", "ngrams", "ari"]].round(2).head(3)
       stop_words  stemming ngrams  ari
    0        True     False      1  1.0
    1        True     False    1-2  1.0
    2        True      True      1  1.0
    """
    k = _check_k(k)
    top_n = _positive_int(top_n, "top_n")
    clash = sorted({"stop_words", "ngram_range"} & set(vectorizer_options))
    if clash:
        raise TopicModelError(
            f"{clash} are set by the sensitivity grid; drop them from the call"
        )
    if stemmer not in _STEMMERS:
        raise TopicModelError(f"stemmer must be one of {_STEMMERS}, got {stemmer!r}")
    texts = list(_checked_texts(texts))
    stem = _make_stemmer(stemmer)
    grid = [
        (stop, stemming, ngrams)
        for stop in (True, False)
        for stemming in (False, True)
        for ngrams in ((1, 1), (1, 2))
    ]
    fitted = []
    for stop, stemming, ngrams in tqdm(grid, desc="preprocessing", disable=not progress):
        model = _fit(
            texts, k, method=method, seed=seed, stemmer=stemmer if stemming else None,
            model_options=model_options,
            vectorizer_options={
                **vectorizer_options,
                "stop_words": "english" if stop else None,
                "ngram_range": ngrams,
            },
        )
        fitted.append(model)
    base = fitted[0]
    base_terms = base.top_terms(top_n)
    base_stemmed = [[" ".join(stem(w) for w in t.split()) for t in terms] for terms in base_terms]
    base_dom = base.dominant_topic()
    rows = []
    for (stop, stemming, ngrams), model in zip(grid, fitted):
        terms = model.top_terms(top_n)
        dom = model.dominant_topic()
        rows.append(
            {
                "stop_words": stop,
                "stemming": stemming,
                "ngrams": "1" if ngrams == (1, 1) else "1-2",
                "baseline": model is base,
                "n_terms": len(model.feature_names),
                "term_jaccard": _jaccard_match(base_stemmed if stemming else base_terms, terms),
                "ari": float(adjusted_rand_score(base_dom, dom)),
                "nmi": float(normalized_mutual_info_score(base_dom, dom)),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# comparing two models
# ---------------------------------------------------------------------------


def _model_labels(model_a: TopicModel, model_b: TopicModel, labels: Sequence[str] | None) -> tuple[str, str]:
    for name, model in (("model_a", model_a), ("model_b", model_b)):
        if not isinstance(model, TopicModel):
            raise TopicModelError(
                f"{name} must be a TopicModel (from fit_nmf/fit_lda), got {type(model).__name__}"
            )
    if model_a.k != model_b.k:
        raise TopicModelError(
            f"the models have different numbers of topics ({model_a.k} and {model_b.k}); "
            "fit both with the same k to pair their topics one to one"
        )
    if labels is None:
        labels = (model_a.method.upper(), model_b.method.upper())
    if isinstance(labels, str) or len(labels) != 2 or not all(isinstance(x, str) for x in labels):
        raise TopicModelError(f"labels must be two strings, got {labels!r}")
    if labels[0] == labels[1]:
        raise TopicModelError(
            f"both models are labelled {labels[0]!r}; pass labels=('first', 'second') to tell them apart"
        )
    return labels[0], labels[1]


def _pair_topics(model_a: TopicModel, model_b: TopicModel, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Average-Jaccard similarity of top-n term lists and the Hungarian match a -> b."""
    terms_a, terms_b = model_a.top_terms(n), model_b.top_terms(n)
    sim = np.array([[average_jaccard(x, y) if x and y else 0.0 for y in terms_b] for x in terms_a])
    _, match = linear_sum_assignment(sim, maximize=True)
    return sim, match


def match_topics(
    model_a: TopicModel,
    model_b: TopicModel,
    *,
    n: int = 10,
    shown: int = 8,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Pair the topics of two models one to one by the similarity of their top terms.

    Each pair's top-``n`` term lists are compared by :func:`average_jaccard`
    and topics are paired by the Hungarian method
    (:func:`scipy.optimize.linear_sum_assignment`) so as to maximise the summed
    similarity, as in :func:`agreement_score` (Greene et al. 2014). Where two
    methods (say NMF and LDA) give matched topics with similar terms, the split
    is less likely to be an artefact of one method.

    Parameters
    ----------
    model_a, model_b : TopicModel
        Fitted with the same ``k``.
    n : int, default 10
        Depth of the term lists compared.
    shown : int, default 8
        Terms of each topic listed in the table.
    labels : pair of str, optional
        Names of the two models in the column headers; default their methods
        in capitals (``("NMF", "LDA")``).

    Returns
    -------
    pandas.DataFrame
        One row per topic of ``model_a``, columns ``"<A> topic"``,
        ``"<A> top terms"``, ``"<B> topic"`` (its partner in ``model_b``),
        ``"<B> top terms"`` and ``"average Jaccard"`` of the pair.

    Raises
    ------
    TopicModelError
        If the models differ in ``k`` or carry the same label.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> table = match_topics(fit_nmf(texts, 2, min_df=1), fit_lda(texts, 2, min_df=1), n=3)
    >>> table[["NMF topic", "LDA topic", "average Jaccard"]].round(2)
       NMF topic  LDA topic  average Jaccard
    0          0          0             0.61
    1          1          1             0.61
    """
    label_a, label_b = _model_labels(model_a, model_b, labels)
    n = _positive_int(n, "n")
    shown = _positive_int(shown, "shown")
    sim, match = _pair_topics(model_a, model_b, n)
    terms_a, terms_b = model_a.top_terms(n), model_b.top_terms(n)
    return pd.DataFrame(
        {
            f"{label_a} topic": np.arange(model_a.k),
            f"{label_a} top terms": [", ".join(t[:shown]) for t in terms_a],
            f"{label_b} topic": match,
            f"{label_b} top terms": [", ".join(terms_b[j][:shown]) for j in match],
            "average Jaccard": sim[np.arange(model_a.k), match],
        }
    )


def _weighting(model: TopicModel) -> str:
    if isinstance(model.vectorizer, TfidfVectorizer):
        return " on TF-IDF"
    if isinstance(model.vectorizer, CountVectorizer):
        return " on counts"
    return ""


def compare_models(
    model_a: TopicModel,
    model_b: TopicModel,
    *,
    stability: Sequence[float] | None = None,
    n: int = 10,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Compare two topic models of the same units: coherence, stability, agreement.

    Topics are paired as in :func:`match_topics`. Agreement is the share of
    units whose dominant topic under ``model_b`` is the partner of their
    dominant topic under ``model_a`` (units with no term in either model
    belong to no topic and are left out); it is 1 for ``model_a`` itself.

    Parameters
    ----------
    model_a, model_b : TopicModel
        Fitted with the same ``k`` on the same units, in the same order.
    stability : pair of float, optional
        Stability of each model (from :func:`select_k` or
        :func:`topic_stability`), reported as given; omitted when None.
    n : int, default 10
        Top terms used for coherence (:meth:`TopicModel.coherence`) and pairing.
    labels : pair of str, optional
        As in :func:`match_topics`; default ``("NMF", "LDA")`` style.

    Returns
    -------
    pandas.DataFrame
        Two rows, columns ``model`` (the label and the matrix it was fitted on,
        e.g. ``"NMF on TF-IDF"``), ``coherence`` (mean NPMI over topics),
        ``stability`` (when given) and ``"same dominant topic as <A>"``.

    Raises
    ------
    TopicModelError
        If the models differ in ``k`` or in the number of units, a stability
        value is outside [0, 1], or no unit has a term in both models.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> nmf, lda = fit_nmf(texts, 2, min_df=1), fit_lda(texts, 2, min_df=1)
    >>> compare_models(nmf, lda, stability=(0.9, 0.7), n=3).round(2)
               model  coherence  stability  same dominant topic as NMF
    0  NMF on TF-IDF        0.5        0.9                         1.0
    1  LDA on counts        0.5        0.7                         1.0
    """
    label_a, label_b = _model_labels(model_a, model_b, labels)
    n = _positive_int(n, "n")
    if model_a.doc_topic.shape[0] != model_b.doc_topic.shape[0]:
        raise TopicModelError(
            f"the models were fitted on {model_a.doc_topic.shape[0]} and "
            f"{model_b.doc_topic.shape[0]} units: compare models of the same units"
        )
    table = {
        "model": [label_a + _weighting(model_a), label_b + _weighting(model_b)],
        "coherence": [float(model_a.coherence(n).mean()), float(model_b.coherence(n).mean())],
    }
    if stability is not None:
        values = [float(v) for v in stability]
        if len(values) != 2 or not all(0 <= v <= 1 for v in values):
            raise TopicModelError(
                f"stability must be two values in [0, 1], one per model; got {stability!r}"
            )
        table["stability"] = values
    _, match = _pair_topics(model_a, model_b, n)
    dom_a, dom_b = model_a.dominant_topic(), model_b.dominant_topic()
    in_both = (dom_a >= 0) & (dom_b >= 0)
    if not in_both.any():
        raise TopicModelError("no unit has a vocabulary term in both models: nothing to compare")
    same = float(np.mean(match[dom_a[in_both]] == dom_b[in_both]))
    table[f"same dominant topic as {label_a}"] = [1.0, same]
    return pd.DataFrame(table)
