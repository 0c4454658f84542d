"""Topic coherence: the mean normalised PMI of each topic's top terms (:func:`npmi_coherence`; Bouma 2009).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from corpus_tools.tokenize import TOPIC_TOKEN_PATTERN
from corpus_tools.topics.fit import _checked_texts
from corpus_tools.topics.model import TopicModelError, _positive_int

# ---------------------------------------------------------------------------
# coherence
# ---------------------------------------------------------------------------


def _npmi(joint: float, pa: float, pb: float) -> float:
    if joint <= 0.0:
        return -1.0
    if joint >= 1.0:
        return 1.0
    return math.log(joint / (pa * pb)) / -math.log(joint)


def npmi_coherence(
    top_terms: Sequence[Sequence[str]],
    texts_or_binary_dtm: Iterable[str] | sp.spmatrix | np.ndarray,
    *,
    feature_names: Sequence[str] | None = None,
    window: int | None = None,
    analyzer: Callable[[str], list[str]] | None = None,
    unseen: str = "error",
) -> np.ndarray:
    """Return each topic's mean NPMI over all pairs of its top terms.

    For terms x and y, NPMI(x, y) = log(p(x, y) / (p(x) p(y))) / -log p(x, y)
    (Bouma 2009), where p(x) is the share of reference documents containing x and
    p(x, y) the share containing both. It lies in [-1, 1]: 1 when x and y always
    occur together, 0 when independent. Pairs that never co-occur (p(x, y) = 0)
    score -1, the limit of the formula; pairs found in every document score 1.
    A topic's coherence is the mean over its ``n (n - 1) / 2`` pairs; no smoothing.

    Parameters
    ----------
    top_terms : sequence of sequences of str
        Top terms per topic (``model.top_terms(10)``); at least 2 per topic.
    texts_or_binary_dtm : iterable of str, or sparse/dense matrix
        The reference corpus: texts, or a document-term matrix whose non-zero
        cells mark presence (then ``feature_names`` is required). Use the units
        the model was fitted on; :meth:`TopicModel.coherence` does that.
    feature_names : sequence of str, optional
        Column names of a matrix input.
    window : int, optional
        None (default): a document is the co-occurrence context. An integer w >= 2:
        boolean sliding windows of w tokens (step 1) are the contexts, a text
        shorter than w being one window (texts only; unigram terms only).
    analyzer : callable, optional
        For text input: text -> list of terms. Default: lowercase, tokens of
        :data:`~corpus_tools.tokenize.TOPIC_TOKEN_PATTERN`, word n-grams up to the longest top term, no
        stop-word removal. Pass ``model.vectorizer.build_analyzer()`` to count
        exactly the terms the model saw. With ``window`` it must return the
        token sequence (unigrams, in order); windows count its positions.
    unseen : {"error", "minus_one"}, default "error"
        A top term absent from the reference corpus usually means the corpus or
        tokenisation does not match the model, so by default it is an error;
        ``"minus_one"`` scores every pair with such a term -1.

    Returns
    -------
    numpy.ndarray
        One coherence value per topic.

    Raises
    ------
    TopicModelError
        On a topic with fewer than 2 terms, an empty reference corpus, a matrix
        without matching ``feature_names``, unseen terms (``unseen="error"``), or
        n-gram terms with ``window``.

    Examples
    --------
    Four documents; "border" and "wall" co-occur in 2 of them:

    >>> docs = ["border wall", "border wall fence", "border asylum", "asylum court"]
    >>> npmi_coherence([["border", "wall"], ["wall", "court"]], docs).round(3).tolist()
    [0.415, -1.0]
    """
    topics = [list(t) for t in top_terms]
    if not topics:
        raise TopicModelError("top_terms is empty: pass one list of terms per topic")
    for i, terms in enumerate(topics):
        if len(terms) < 2 or not all(isinstance(t, str) for t in terms):
            raise TopicModelError(
                f"topic {i} has {len(terms)} term(s) {terms!r}: NPMI needs at least 2 string "
                "terms per topic (ask for more top terms)"
            )
    if unseen not in ("error", "minus_one"):
        raise TopicModelError(f"unseen must be 'error' or 'minus_one', got {unseen!r}")
    vocab = sorted({t for terms in topics for t in terms})
    index = {t: i for i, t in enumerate(vocab)}

    if sp.issparse(texts_or_binary_dtm) or isinstance(texts_or_binary_dtm, np.ndarray):
        if window is not None:
            raise TopicModelError("window= needs texts, not a document-term matrix")
        df, co, n_ctx = _counts_from_matrix(texts_or_binary_dtm, feature_names, vocab)
    else:
        if window is None:
            df, co, n_ctx = _counts_from_texts(texts_or_binary_dtm, vocab, analyzer)
        else:
            df, co, n_ctx = _counts_from_windows(texts_or_binary_dtm, vocab, analyzer, window)
    if n_ctx == 0:
        raise TopicModelError("the reference corpus has no documents: pass the units' texts")
    never = [t for t in vocab if df[index[t]] == 0]
    if never and unseen == "error":
        raise TopicModelError(
            f"{len(never)} top term(s) never occur in the reference corpus, e.g. {never[:5]}: "
            "use the texts the model was fitted on and its analyzer "
            "(model.coherence(), or analyzer=model.vectorizer.build_analyzer()), "
            "or pass unseen='minus_one'"
        )
    p = df / n_ctx
    out = np.empty(len(topics))
    for t, terms in enumerate(topics):
        vals = []
        for a in range(len(terms)):
            for b in range(a + 1, len(terms)):
                i, j = index[terms[a]], index[terms[b]]
                vals.append(_npmi(co[i, j] / n_ctx, p[i], p[j]))
        out[t] = float(np.mean(vals))
    return out


def _counts_from_binary(b: sp.spmatrix) -> tuple[np.ndarray, np.ndarray]:
    b = sp.csc_matrix(b, dtype=np.int64)
    df = np.asarray(b.sum(axis=0)).ravel().astype(np.float64)
    co = (b.T @ b).toarray().astype(np.float64)  # vocab x vocab, small
    return df, co


def _counts_from_matrix(
    matrix: sp.spmatrix | np.ndarray, feature_names: Sequence[str] | None, vocab: list[str]
) -> tuple[np.ndarray, np.ndarray, int]:
    if feature_names is None:
        raise TopicModelError(
            "a document-term matrix needs feature_names= (its column names, "
            "e.g. model.feature_names)"
        )
    names = [str(f) for f in feature_names]
    if len(names) != matrix.shape[1]:
        raise TopicModelError(
            f"feature_names has {len(names)} entries but the matrix has {matrix.shape[1]} columns"
        )
    col = {name: j for j, name in enumerate(names)}
    present = [t for t in vocab if t in col]
    m = sp.csr_matrix(matrix)  # no copy for a CSR input; only the top-term columns are taken
    sub = m[:, [col[t] for t in present]] if present else sp.csr_matrix((m.shape[0], 0))
    sub = (sub != 0).astype(np.int64)
    df_p, co_p = _counts_from_binary(sub)
    df = np.zeros(len(vocab))
    co = np.zeros((len(vocab), len(vocab)))
    where = {t: i for i, t in enumerate(vocab)}
    pos = [where[t] for t in present]
    df[pos] = df_p
    co[np.ix_(pos, pos)] = co_p
    return df, co, m.shape[0]


def _counts_from_texts(
    texts: Iterable[str], vocab: list[str], analyzer: Callable[[str], list[str]] | None
) -> tuple[np.ndarray, np.ndarray, int]:
    if analyzer is None:
        max_n = max(len(t.split()) for t in vocab)
        vec = CountVectorizer(
            vocabulary=vocab, binary=True, lowercase=True, token_pattern=TOPIC_TOKEN_PATTERN,
            ngram_range=(1, max_n), stop_words=None,
        )
    else:
        vec = CountVectorizer(vocabulary=vocab, binary=True, analyzer=analyzer)
    b = vec.transform(_checked_texts(texts))
    df, co = _counts_from_binary(b)
    return df, co, b.shape[0]


def _counts_from_windows(
    texts: Iterable[str],
    vocab: list[str],
    analyzer: Callable[[str], list[str]] | None,
    window: int,
) -> tuple[np.ndarray, np.ndarray, int]:
    window = _positive_int(window, "window")
    if window < 2:
        raise TopicModelError("window must be at least 2 tokens (or None for whole documents)")
    multi = [t for t in vocab if " " in t]
    if multi:
        raise TopicModelError(
            f"window= works on single-token terms; got n-grams {multi[:3]}: use window=None"
        )
    pattern = re.compile(TOPIC_TOKEN_PATTERN)
    tokenize = analyzer if analyzer is not None else (lambda s: pattern.findall(s.lower()))
    index = {t: i for i, t in enumerate(vocab)}
    df = np.zeros(len(vocab))
    co = np.zeros((len(vocab), len(vocab)))
    n_ctx = 0
    for text in _checked_texts(texts):
        tokens = tokenize(text)
        n_tok = len(tokens)
        n_win = max(1, n_tok - window + 1)
        n_ctx += n_win
        ids = np.array([index.get(t, -1) for t in tokens], dtype=np.int64)
        present = np.unique(ids[ids >= 0])
        if present.size == 0:
            continue
        starts = np.arange(n_win)
        ends = np.minimum(starts + window, n_tok)
        in_win = np.empty((n_win, present.size), dtype=np.int64)
        for c, term in enumerate(present):
            cum = np.concatenate(([0], np.cumsum(ids == term)))
            in_win[:, c] = (cum[ends] - cum[starts]) > 0
        df[present] += in_win.sum(axis=0)
        co[np.ix_(present, present)] += in_win.T @ in_win
    return df, co, n_ctx
