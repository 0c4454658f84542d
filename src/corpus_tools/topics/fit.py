"""Vectorising and fitting: :func:`fit_nmf` (TF-IDF), :func:`fit_lda` (counts), vocabulary tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer

from corpus_tools.topics.model import (
    _STEMMERS,
    _TFIDF_ONLY,
    VECTORIZER_DEFAULTS,
    TopicModel,
    TopicModelError,
)

# ---------------------------------------------------------------------------
# vectorising and fitting
# ---------------------------------------------------------------------------


def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TopicModelError(f"k (number of topics) must be an integer >= 1, got {k!r}")
    if k < 1:
        raise TopicModelError(f"k (number of topics) must be >= 1, got {k}; ask for at least one topic")
    return int(k)


def _checked_texts(texts: Iterable[str]) -> Iterator[str]:
    if isinstance(texts, (str, bytes)):
        raise TopicModelError(
            "texts must be an iterable of strings (one per unit), not a single string; "
            "wrap it in a list or pass units['text']"
        )
    if isinstance(texts, pd.DataFrame):
        raise TopicModelError("texts must be an iterable of strings; pass one column, e.g. units['text']")
    try:
        iterator = iter(texts)
    except TypeError:
        raise TopicModelError(
            f"texts must be an iterable of strings, got {type(texts).__name__}"
        ) from None
    for i, text in enumerate(iterator):
        if not isinstance(text, str):
            raise TopicModelError(
                f"text number {i} is {type(text).__name__} ({text!r:.40}), not str: "
                "drop or fill missing texts before fitting"
            )
        yield text


class _StemmingAnalyzer:
    """Lowercase, tokenise, drop stop words, stem, then form word n-grams.

    The same order as scikit-learn's word analyzer (stop words are removed before
    n-grams are formed) with a stemming step added. A class, not a closure, so
    fitted vectorisers pickle.
    """

    def __init__(
        self,
        *,
        stemmer: str,
        stop_words: frozenset[str],
        ngram_range: tuple[int, int],
        token_pattern: str,
        lowercase: bool,
    ) -> None:
        self.stemmer = stemmer
        self.stop_words = stop_words
        self.ngram_range = ngram_range
        self.token_pattern = token_pattern
        self.lowercase = lowercase
        self._pattern = re.compile(token_pattern)
        self._stem = _make_stemmer(stemmer)
        self._cache: dict[str, str] = {}

    def _stem_cached(self, token: str) -> str:
        out = self._cache.get(token)
        if out is None:
            out = self._cache[token] = self._stem(token)
        return out

    def __call__(self, doc: str) -> list[str]:
        if self.lowercase:
            doc = doc.lower()
        tokens = [
            self._stem_cached(t) for t in self._pattern.findall(doc) if t not in self.stop_words
        ]
        lo, hi = self.ngram_range
        if (lo, hi) == (1, 1):
            return tokens
        grams = []
        for n in range(lo, hi + 1):
            grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return grams

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_stem"], state["_pattern"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._pattern = re.compile(self.token_pattern)
        self._stem = _make_stemmer(self.stemmer)


def _make_stemmer(name: str) -> Callable[[str], str]:
    if name == "porter":
        from nltk.stem import PorterStemmer

        return PorterStemmer().stem
    if name == "snowball":
        from nltk.stem import SnowballStemmer

        return SnowballStemmer("english").stem
    raise TopicModelError(f"stemmer must be one of {_STEMMERS} or None, got {name!r}")


def _stop_set(stop_words: Any) -> frozenset[str]:
    if stop_words is None:
        return frozenset()
    if stop_words == "english":
        return frozenset(ENGLISH_STOP_WORDS)
    if isinstance(stop_words, str):
        raise TopicModelError(f"stop_words must be 'english', None or a list of words, got {stop_words!r}")
    return frozenset(stop_words)


def _resolve_options(kind: str, options: dict[str, Any]) -> dict[str, Any]:
    cls = TfidfVectorizer if kind == "tfidf" else CountVectorizer
    allowed = set(cls().get_params())
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TopicModelError(
            f"unknown vectoriser option(s) {unknown} for {cls.__name__}; "
            f"allowed: {sorted(allowed)}"
        )
    resolved = {k: v for k, v in VECTORIZER_DEFAULTS.items() if kind == "tfidf" or k not in _TFIDF_ONLY}
    resolved.update(options)
    return resolved


def _make_vectorizer(kind: str, stemmer: str | None, options: dict[str, Any]) -> Any:
    resolved = _resolve_options(kind, options)
    cls = TfidfVectorizer if kind == "tfidf" else CountVectorizer
    if stemmer is None:
        return cls(**resolved)
    if stemmer not in _STEMMERS:
        raise TopicModelError(f"stemmer must be one of {_STEMMERS} or None, got {stemmer!r}")
    if resolved.get("analyzer", "word") != "word" or resolved.get("tokenizer") is not None:
        raise TopicModelError("stemmer= cannot be combined with a custom analyzer or tokenizer")
    analyzer = _StemmingAnalyzer(
        stemmer=stemmer,
        stop_words=_stop_set(resolved.pop("stop_words")),
        ngram_range=tuple(resolved.pop("ngram_range")),
        token_pattern=resolved.pop("token_pattern"),
        lowercase=resolved.pop("lowercase"),
    )
    resolved.pop("analyzer", None)
    return cls(analyzer=analyzer, lowercase=False, token_pattern=None, **resolved)


def _vectorize(
    texts: Iterable[str], kind: str, stemmer: str | None, options: dict[str, Any]
) -> tuple[Any, sp.csr_matrix]:
    vectorizer = _make_vectorizer(kind, stemmer, options)
    try:
        dtm = vectorizer.fit_transform(_checked_texts(texts))
    except TopicModelError:
        raise
    except ValueError as err:  # scikit-learn's empty-vocabulary and min_df/max_df errors
        raise TopicModelError(
            f"could not build a vocabulary ({err}). After stop words, min_df={vectorizer.min_df} "
            f"and max_df={vectorizer.max_df} no usable term is left: pass more or longer units, "
            "lower min_df (e.g. min_df=1) or keep stop words (stop_words=None)"
        ) from err
    return vectorizer, sp.csr_matrix(dtm)


def _fewer_units_message(n_units: int, k: int) -> str:
    """The refusal of k > units, worded accurately (LDA, and NMF from a random start, could fit it).

    >>> _fewer_units_message(3, 5)[:40]
    'fewer units (3) than topics (k=5): this '
    """
    return (
        f"fewer units ({n_units}) than topics (k={k}): this library refuses such a model. NMF and LDA "
        "could fit it, but with more topics than units some topics are not carried by any unit of their "
        "own, so they are not identified by the data and cannot be read (and NMF's deterministic NNDSVD "
        "start needs k <= units). Lower k or split the texts into more units "
        "(make_units(..., unit='window', size=2))"
    )


def _check_shape(dtm: sp.spmatrix, k: int) -> None:
    n_units, n_terms = dtm.shape
    if n_units < k:
        raise TopicModelError(_fewer_units_message(n_units, k))
    if n_terms < k:
        raise TopicModelError(
            f"only {n_terms} vocabulary terms for k={k} topics: lower k, lower min_df "
            "or keep stop words (stop_words=None)"
        )


def _nmf_options(model_options: dict[str, Any] | None) -> dict[str, Any]:
    opts = {"init": "nndsvda", "solver": "cd", "max_iter": 1000, "tol": 1e-4}
    if model_options:
        allowed = set(NMF().get_params()) - {"n_components", "random_state"}
        unknown = sorted(set(model_options) - allowed)
        if unknown:
            raise TopicModelError(f"unknown NMF option(s) {unknown}; allowed: {sorted(allowed)}")
        opts.update(model_options)
    return opts


def _lda_options(model_options: dict[str, Any] | None) -> dict[str, Any]:
    opts = {"learning_method": "batch", "max_iter": 50}
    if model_options:
        allowed = set(LatentDirichletAllocation().get_params()) - {"n_components", "random_state"}
        unknown = sorted(set(model_options) - allowed)
        if unknown:
            raise TopicModelError(f"unknown LDA option(s) {unknown}; allowed: {sorted(allowed)}")
        opts.update(model_options)
    return opts


def _factorise(
    dtm: sp.csr_matrix, k: int, method: str, seed: int, options: dict[str, Any]
) -> tuple[Any, np.ndarray, np.ndarray]:
    _check_shape(dtm, k)
    if method == "nmf":
        model = NMF(n_components=k, random_state=seed, **options)
    else:
        model = LatentDirichletAllocation(n_components=k, random_state=seed, **options)
    doc_topic = np.asarray(model.fit_transform(dtm))
    order = _canonical_topic_order(doc_topic, np.asarray(model.components_))
    # number the topics the same way on every machine: a BLAS kernel may return them permuted
    for name in ("components_", "exp_dirichlet_component_"):
        if hasattr(model, name):
            setattr(model, name, getattr(model, name)[order])
    return model, doc_topic[:, order], np.asarray(model.components_)


def _canonical_topic_order(doc_topic: np.ndarray, topic_term: np.ndarray) -> np.ndarray:
    """Order topics by share of the corpus (largest first), ties by their term weights.

    Factorisations are unique only up to a permutation of the topics, and which permutation
    comes out depends on floating-point details (the CPU's BLAS kernel). Sorting by a quantity
    that does not depend on the permutation makes topic 0 the largest topic everywhere; shares
    equal to 6 decimals count as tied and are broken by the topic-term rows (largest first).

    >>> _canonical_topic_order(np.array([[0.1, 0.9], [0.2, 0.8]]), np.eye(2)).tolist()
    [1, 0]
    >>> _canonical_topic_order(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]])).tolist()
    [1, 0]
    """
    w = np.asarray(doc_topic, dtype=np.float64)
    totals = w.sum(axis=1, keepdims=True)
    share = np.divide(w, totals, out=np.zeros_like(w), where=totals > 0).sum(axis=0)
    share = np.round(share / max(share.sum(), 1e-300), 6)
    rows = np.round(np.asarray(topic_term, dtype=np.float64), 6)
    keys = sorted(range(w.shape[1]), key=lambda t: (-share[t], [-x for x in rows[t]]))
    return np.asarray(keys, dtype=np.int64)


def _kind(method: str) -> str:
    if method == "nmf":
        return "tfidf"
    if method == "lda":
        return "count"
    raise TopicModelError(f"method must be 'nmf' or 'lda', got {method!r}")


def _model_options(method: str, model_options: dict[str, Any] | None) -> dict[str, Any]:
    return _nmf_options(model_options) if method == "nmf" else _lda_options(model_options)


def _fit(
    texts: Iterable[str],
    k: int,
    *,
    method: str,
    seed: int,
    stemmer: str | None,
    model_options: dict[str, Any] | None,
    vectorizer_options: dict[str, Any],
) -> TopicModel:
    k = _check_k(k)
    kind = _kind(method)
    options = _model_options(method, model_options)
    if hasattr(texts, "__len__") and not isinstance(texts, (str, bytes)) and len(texts) < k:
        raise TopicModelError(_fewer_units_message(len(texts), k))
    vectorizer, dtm = _vectorize(texts, kind, stemmer, vectorizer_options)
    model, doc_topic, topic_term = _factorise(dtm, k, method, seed, options)
    return TopicModel(
        method=method,
        k=k,
        seed=seed,
        doc_topic=doc_topic,
        topic_term=topic_term,
        feature_names=vectorizer.get_feature_names_out(),
        vectorizer=vectorizer,
        model=model,
        dtm=dtm,
    )


def fit_nmf(
    texts: Iterable[str],
    k: int,
    *,
    seed: int = 0,
    init: str = "nndsvda",
    solver: str = "cd",
    max_iter: int = 1000,
    tol: float = 1e-4,
    stemmer: str | None = None,
    **vectorizer_options: Any,
) -> TopicModel:
    """Fit an NMF topic model to the TF-IDF matrix of ``texts``.

    Vectorising uses :data:`VECTORIZER_DEFAULTS` (scikit-learn's English stop
    words, letter-only tokens of 2+ characters, ``min_df=2``, unigrams,
    ``sublinear_tf=True``, ``norm="l2"``); any ``TfidfVectorizer`` option
    overrides them, e.g. ``max_features=20000`` for large corpora. The texts are
    read once, so a generator works (``fit_transform`` is called once on the
    iterable; nothing is re-read for ``transform``).

    NMF minimises the Frobenius loss with ``init="nndsvda"`` (an SVD-based start,
    deterministic, with zeros filled by the mean so coordinate descent can move
    them) and the coordinate-descent solver (``solver="cd"``), stopping after
    ``max_iter=1000`` iterations or when the relative improvement falls below
    ``tol``. With this init the result does not depend on ``seed`` (it is passed
    as ``random_state`` for the ``"random"``/``"nndsvdar"`` inits); use
    :func:`topic_stability` to see how robust topics are. ``solver="mu"``
    (multiplicative updates) is the alternative; see benchmarks/README.md for
    speed on 100,000 documents.

    Parameters
    ----------
    texts : iterable of str
        One string per unit (a list, a pandas Series or a generator).
    k : int
        Number of topics, at least 1 and at most the number of units and terms.
    seed : int, default 0
        ``random_state`` of ``NMF``.
    init, solver, max_iter, tol
        Passed to :class:`sklearn.decomposition.NMF`.
    stemmer : {"porter", "snowball"}, optional
        Stem tokens with NLTK's stemmer after stop-word removal (works offline).
    **vectorizer_options
        Options of :class:`sklearn.feature_extraction.text.TfidfVectorizer`.

    Returns
    -------
    TopicModel

    Raises
    ------
    TopicModelError
        If ``k < 1``, there are fewer units or vocabulary terms than ``k``, the
        vocabulary is empty after filtering, or a text is not a string.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> model = fit_nmf(texts, 2, min_df=1)
    >>> model
    TopicModel(method='nmf', k=2, n_units=6, n_terms=8, seed=0)
    >>> model.top_terms(3)
    [['storm', 'cloud', 'rain'], ['goal', 'keeper', 'match']]
    >>> model.dominant_topic().tolist()
    [1, 1, 1, 0, 0, 0]
    """
    return _fit(
        texts,
        k,
        method="nmf",
        seed=seed,
        stemmer=stemmer,
        model_options={"init": init, "solver": solver, "max_iter": max_iter, "tol": tol},
        vectorizer_options=vectorizer_options,
    )


def fit_lda(
    texts: Iterable[str],
    k: int,
    *,
    seed: int = 0,
    max_iter: int = 50,
    doc_topic_prior: float | None = None,
    topic_word_prior: float | None = None,
    stemmer: str | None = None,
    **vectorizer_options: Any,
) -> TopicModel:
    """Fit an LDA topic model to word counts of ``texts`` (for comparison with NMF).

    Counts come from a ``CountVectorizer`` with the same defaults as
    :func:`fit_nmf` (without the TF-IDF weighting). LDA is scikit-learn's
    variational Bayes with ``learning_method="batch"`` (deterministic for a given
    ``seed``), ``max_iter=50`` passes, and priors ``1/k`` unless given.

    Parameters
    ----------
    texts : iterable of str
        One string per unit; read once.
    k : int
        Number of topics.
    seed : int, default 0
        ``random_state`` of ``LatentDirichletAllocation``.
    max_iter, doc_topic_prior, topic_word_prior
        Passed to :class:`sklearn.decomposition.LatentDirichletAllocation`.
    stemmer : {"porter", "snowball"}, optional
        As in :func:`fit_nmf`.
    **vectorizer_options
        Options of :class:`sklearn.feature_extraction.text.CountVectorizer`.

    Returns
    -------
    TopicModel
        ``doc_topic`` rows are topic proportions; ``topic_term`` holds
        ``components_`` (pseudo-counts).

    Raises
    ------
    TopicModelError
        As :func:`fit_nmf`.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> fit_lda(texts, 2, min_df=1).dominant_topic().tolist()
    [1, 1, 1, 0, 0, 0]
    """
    return _fit(
        texts,
        k,
        method="lda",
        seed=seed,
        stemmer=stemmer,
        model_options={
            "max_iter": max_iter,
            "doc_topic_prior": doc_topic_prior,
            "topic_word_prior": topic_word_prior,
        },
        vectorizer_options=vectorizer_options,
    )


def term_document_frequency(
    texts: Iterable[str], *, stemmer: str | None = None, **vectorizer_options: Any
) -> pd.DataFrame:
    """Return how many units contain each vocabulary term, most widespread first.

    The texts are vectorised exactly as :func:`fit_nmf` would
    (:data:`VECTORIZER_DEFAULTS`, overridden by ``vectorizer_options``), so the
    table lists the model's vocabulary: its length is the number of terms. The
    terms found in most units are the shared vocabulary of the whole corpus; a
    topic model has to separate units with other words.

    Parameters
    ----------
    texts : iterable of str
        One string per unit; read once.
    stemmer : {"porter", "snowball"}, optional
        As in :func:`fit_nmf`.
    **vectorizer_options
        As in :func:`fit_nmf`.

    Returns
    -------
    pandas.DataFrame
        One row per term, columns ``term``, ``n_units`` (units containing it)
        and ``share`` (``n_units`` over the number of units), sorted by
        ``n_units`` (descending) then ``term``.

    Raises
    ------
    TopicModelError
        As :func:`fit_nmf`, when no vocabulary is left.

    Examples
    --------
    With the default ``min_df=2``, "asylum" and "court" (one unit each) drop out:

    >>> texts = ["Border wall", "border fence", "the asylum court", "wall and fence"]
    >>> term_document_frequency(texts)
         term  n_units  share
    0  border        2    0.5
    1   fence        2    0.5
    2    wall        2    0.5
    """
    vectorizer, dtm = _vectorize(texts, "tfidf", stemmer, vectorizer_options)
    counts = np.asarray((dtm != 0).sum(axis=0)).ravel().astype(np.int64)
    table = pd.DataFrame(
        {
            "term": [str(t) for t in vectorizer.get_feature_names_out()],
            "n_units": counts,
            "share": counts / dtm.shape[0],
        }
    )
    return table.sort_values(
        ["n_units", "term"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def count_empty_units(
    texts: Iterable[str], *, stemmer: str | None = None, **vectorizer_options: Any
) -> int:
    """Return how many units keep no vocabulary term once vectorised as :func:`fit_nmf` would.

    Such units (a caption, a one-line list of names) belong to no topic:
    :meth:`TopicModel.dominant_topic` gives them -1 and :func:`topic_shares`
    counts them in ``n_empty``.

    Parameters
    ----------
    texts : iterable of str
        One string per unit; read once.
    stemmer, **vectorizer_options
        As in :func:`fit_nmf`.

    Returns
    -------
    int

    Examples
    --------
    >>> count_empty_units(["Border wall", "border fence", "the asylum court", "wall and fence"])
    1
    """
    _, dtm = _vectorize(texts, "tfidf", stemmer, vectorizer_options)
    return int((np.diff(dtm.indptr) == 0).sum())
