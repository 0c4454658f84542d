"""Topic models of short news units: NMF on TF-IDF, LDA on counts, and how far to trust them.

Five articles are far too few documents for a topic model, so the notebooks model
*units*: paragraphs (or windows of a few sentences) tagged with their article and
outlet (:func:`make_units`, then :func:`tag_units`). The main model is non-negative matrix factorisation of
a TF-IDF matrix (:func:`fit_nmf`), which behaves better than LDA on short texts; LDA
on raw counts (:func:`fit_lda`) is there for comparison. Both return a
:class:`TopicModel`.

Whether the topics deserve interpretation is checked three ways:

* coherence: :func:`npmi_coherence`, the mean normalised PMI (Bouma 2009) of each
  topic's top terms over the units they came from;
* stability: :func:`topic_stability` (Greene, O'Callaghan & Cunningham 2014), the
  agreement between the top terms of a model fitted on all units and models fitted
  on random 80 % subsamples, with :func:`is_interpretable` as the plain yes/no the
  notebook reports; :func:`select_k` tabulates both over a range of ``k``;
* preprocessing sensitivity: :func:`preprocessing_sensitivity` (Denny & Spirling
  2018) refits under stop-word, stemming and n-gram choices and says how much the
  topics move.

:func:`choose_k` applies the notebook's rule for ``k`` to a :func:`select_k` table
and words the verdict. :func:`match_topics` and :func:`compare_models` set NMF
against LDA. For reading the fitted model: :func:`term_document_frequency` (the
vocabulary), :func:`topic_shares` and :func:`tabulate_topic_shares` (by outlet),
:func:`typical_units`, :func:`crossing_units` (units off their article's main
topic) and :func:`format_in_context` (typical units between their neighbours).

Scale: every ``fit_*``/``select_k``/``topic_stability`` function reads its texts
exactly once (any iterable, including a generator) and keeps the document-term
matrix sparse; only the ``n_units x k`` document-topic matrix is dense. For 100,000
news-length documents pass ``max_features=`` (for example 20,000) to cap the
vocabulary. :func:`preprocessing_sensitivity` is the exception: it re-vectorises the
texts under each choice and therefore holds them in memory as a list.

References
----------
Bouma, G. (2009). Normalized (pointwise) mutual information in collocation
extraction. *Proceedings of GSCL*, 31-40.

Greene, D., O'Callaghan, D., & Cunningham, P. (2014). How many topics? Stability
analysis for topic models. *ECML PKDD 2014*, LNCS 8724, 498-513.

Denny, M. J., & Spirling, A. (2018). Text preprocessing for unsupervised learning:
why it matters, when it misleads, and what to do about it. *Political Analysis*
26(2), 168-189.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from matplotlib.figure import Figure
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    TfidfVectorizer,
)
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from tqdm import tqdm
from corpus_tools.errors import CorpusError
from corpus_tools.tokenize import TOPIC_TOKEN_PATTERN

__all__ = [
    "STABILITY_THRESHOLD",
    "TOKEN_PATTERN",
    "VECTORIZER_DEFAULTS",
    "TopicModel",
    "TopicModelError",
    "agreement_score",
    "average_jaccard",
    "choose_k",
    "compare_models",
    "count_empty_units",
    "crossing_units",
    "fit_lda",
    "fit_nmf",
    "format_in_context",
    "is_interpretable",
    "make_units",
    "match_topics",
    "npmi_coherence",
    "plot_k_selection",
    "plot_preprocessing_sensitivity",
    "plot_top_terms",
    "plot_topic_shares",
    "preprocessing_sensitivity",
    "select_k",
    "tabulate_topic_shares",
    "tag_units",
    "term_document_frequency",
    "topic_shares",
    "topic_stability",
    "typical_units",
]


class TopicModelError(CorpusError):
    """Bad input to a topic-model function; the message says what to change."""


#: Tokens are runs of two or more letters (no digits, no underscore). Years, counts
#: and ages ("2018", "550", "72") are dropped; "COVID-19" gives "covid".
TOKEN_PATTERN = TOPIC_TOKEN_PATTERN

#: Default vectoriser options of :func:`fit_nmf` (TF-IDF) and, without the last two,
#: of :func:`fit_lda` (counts). ``stop_words="english"`` is scikit-learn's list of
#: 318 words; note it contains "us" and "un", so after lowercasing the country "US"
#: and "UN" vanish too (pass ``stop_words=sorted(ENGLISH_STOP_WORDS - {"us", "un"})``
#: to keep them). ``min_df=2`` drops words found in one unit only: they cannot
#: co-occur and only add noise. ``sublinear_tf`` uses 1 + log(tf) so a word repeated
#: in one paragraph does not dominate it; ``norm="l2"`` makes units of different
#: length comparable.
VECTORIZER_DEFAULTS: dict[str, Any] = {
    "lowercase": True,
    "token_pattern": TOKEN_PATTERN,
    "stop_words": "english",
    "ngram_range": (1, 1),
    "min_df": 2,
    "max_df": 1.0,
    "max_features": None,
    "sublinear_tf": True,
    "norm": "l2",
}
_TFIDF_ONLY = ("sublinear_tf", "norm", "use_idf", "smooth_idf")

#: Default of :func:`is_interpretable`: a mean Greene et al. agreement of at least
#: 0.6 between the full-data model and models on 80 % subsamples. This is a project
#: convention, not a published cut-off. For a sense of scale, the Average Jaccard of
#: two 10-term lists is 0.95 when they share the first 8 terms in the same order,
#: 0.74 when only the top 5 agree, about 0.46 when all 10 terms are shared in random
#: order and about 0.28 when 5 terms are shared at random positions; so 0.6 means
#: matched topics mostly keep the same leading terms. Report the number too.
STABILITY_THRESHOLD = 0.6

_STEMMERS = ("porter", "snowball")


# ---------------------------------------------------------------------------
# units
# ---------------------------------------------------------------------------

_SENTENCE_COLUMNS = ("doc_id", "para_id", "sent_id", "text")


def make_units(
    sentences_df: pd.DataFrame,
    *,
    unit: str = "paragraph",
    size: int = 3,
    step: int | None = None,
) -> pd.DataFrame:
    """Group a sentences table into paragraph or sentence-window units for topic models.

    A topic model learns which words occur together across documents. With five
    articles, ``k`` topics would mostly restate the article boundaries (and NMF or
    LDA cannot even fit ``k > 5``), so the notebooks model smaller units that keep
    their article (``doc_id``) for aggregation. Paragraphs are the default: in news
    writing a paragraph usually carries one claim or one quotation, which is the
    grain at which frames are argued, and the five articles give about sixty of
    them. Windows of ``size`` consecutive sentences are the alternative for texts
    whose paragraphs are missing or very long; they may cross paragraph breaks but
    never article boundaries. Units from one article are not independent, so topic
    shares by outlet describe this corpus and support no significance test.

    Parameters
    ----------
    sentences_df : pandas.DataFrame
        Columns ``doc_id``, ``para_id``, ``sent_id`` and ``text`` (``start`` and
        ``end`` may be present and are ignored). One row per sentence;
        ``(doc_id, sent_id)`` must be unique.
    unit : {"paragraph", "window"}, default "paragraph"
        Unit type.
    size : int, default 3
        Sentences per window (``unit="window"`` only).
    step : int, optional
        Sentences between window starts; default ``size`` (windows do not overlap,
        so no sentence is counted twice). ``step < size`` gives overlapping windows;
        ``step > size`` is refused because it would skip sentences. The last window
        of an article may be shorter than ``size`` so every sentence is covered.

    Returns
    -------
    pandas.DataFrame
        One row per unit, sorted by ``doc_id`` then position, with columns
        ``doc_id``, ``unit_id`` (the paragraph's ``para_id``, or the 0-based window
        number within the article), ``first_sent``, ``last_sent``, ``n_sentences``
        and ``text`` (the sentences joined by single spaces).

    Raises
    ------
    TopicModelError
        On missing columns, an empty table, non-string text, duplicate sentence
        ids, an unknown ``unit`` or a bad ``size``/``step``.

    Examples
    --------
    >>> sents = pd.DataFrame({
    ...     "doc_id": ["a", "a", "a", "b"], "para_id": [0, 0, 1, 0],
    ...     "sent_id": [0, 1, 2, 0],
    ...     "text": ["One.", "Two.", "Three.", "Four."]})
    >>> make_units(sents)[["doc_id", "unit_id", "text"]]
      doc_id  unit_id       text
    0      a        0  One. Two.
    1      a        1     Three.
    2      b        0      Four.
    >>> make_units(sents, unit="window", size=2)["text"].tolist()
    ['One. Two.', 'Three.', 'Four.']
    """
    if not isinstance(sentences_df, pd.DataFrame):
        raise TopicModelError(
            f"make_units needs a pandas DataFrame of sentences, got {type(sentences_df).__name__}"
        )
    missing = [c for c in _SENTENCE_COLUMNS if c not in sentences_df.columns]
    if missing:
        raise TopicModelError(
            f"sentences table lacks column(s) {missing}; it needs {list(_SENTENCE_COLUMNS)} "
            "(the lead's sentences table has them)"
        )
    if len(sentences_df) == 0:
        raise TopicModelError("sentences table is empty: there is nothing to group into units")
    bad = ~sentences_df["text"].map(lambda t: isinstance(t, str))
    if bad.any():
        row = sentences_df.index[bad.to_numpy()][0]
        raise TopicModelError(
            f"sentence text must be str; row {row!r} holds {sentences_df.loc[row, 'text']!r}: "
            "drop or fill missing sentences before make_units"
        )
    dup = sentences_df.duplicated(["doc_id", "sent_id"])
    if dup.any():
        row = sentences_df.index[dup.to_numpy()][0]
        raise TopicModelError(
            f"duplicate (doc_id, sent_id) at row {row!r}: "
            f"{tuple(sentences_df.loc[row, ['doc_id', 'sent_id']])}; sentence ids must be unique per document"
        )
    if unit not in ("paragraph", "window"):
        raise TopicModelError(f"unit must be 'paragraph' or 'window', got {unit!r}")
    size = _positive_int(size, "size")
    step = size if step is None else _positive_int(step, "step")
    if step > size:
        raise TopicModelError(
            f"step={step} > size={size} would skip sentences; use step <= size"
        )

    df = sentences_df[list(_SENTENCE_COLUMNS)].copy()
    df["doc_id"] = df["doc_id"].astype(str)
    df = df.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)
    if unit == "paragraph":
        df["_unit"] = df["para_id"]
        rows = df
    elif step == size:
        df["_unit"] = df.groupby("doc_id", sort=False).cumcount() // size
        rows = df
    else:
        pieces = []
        for _, doc in df.groupby("doc_id", sort=True):
            n = len(doc)
            starts = list(range(0, max(n - size, 0) + 1, step))
            if starts[-1] + size < n:
                starts.append(starts[-1] + step)
            for w, s in enumerate(starts):
                piece = doc.iloc[s : s + size].copy()
                piece["_unit"] = w
                pieces.append(piece)
        rows = pd.concat(pieces, ignore_index=True)
    units = (
        rows.groupby(["doc_id", "_unit"], sort=True)
        .agg(
            first_sent=("sent_id", "min"),
            last_sent=("sent_id", "max"),
            n_sentences=("sent_id", "size"),
            text=("text", " ".join),
        )
        .reset_index()
        .rename(columns={"_unit": "unit_id"})
    )
    return units[["doc_id", "unit_id", "first_sent", "last_sent", "n_sentences", "text"]]


def tag_units(
    units_df: pd.DataFrame,
    documents_df: pd.DataFrame,
    *,
    label: str = "outlet",
    unit_name: str = "unit",
) -> pd.DataFrame:
    """Tag each unit with its document's label, its number in the document and its length.

    Topic shares are added up by outlet and typical units are read with their
    article, so every unit needs its document's label next to it. The label is
    looked up by ``doc_id`` (a unit whose document is missing, or has no label,
    is an error rather than a silent NaN).

    Parameters
    ----------
    units_df : pandas.DataFrame
        Output of :func:`make_units`: columns ``doc_id`` and ``text`` at least,
        units of one document in reading order.
    documents_df : pandas.DataFrame
        The documents table: one row per ``doc_id``, with a column ``label``.
    label : str, default "outlet"
        Document column copied onto the units. ``"doc_id"`` copies nothing, for
        corpora without outlet metadata.
    unit_name : str, default "unit"
        Name of the numbering column, e.g. ``"paragraph"``.

    Returns
    -------
    pandas.DataFrame
        A copy of ``units_df`` (index 0..n-1) with the columns ``label`` (unless
        it is ``"doc_id"``), ``unit_name`` (the unit's number from 1 within its
        document, in table order), ``article`` (``"<label> · <doc_id>"``, or the
        ``doc_id`` alone when ``label="doc_id"``) and ``n_words`` (words
        separated by whitespace).

    Raises
    ------
    TopicModelError
        On a missing column, a column name already taken, duplicate ``doc_id``
        in ``documents_df``, or a unit whose document or label is missing.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "b"], "unit_id": [0, 1, 0],
    ...                       "text": ["One two.", "Three.", "Four five six."]})
    >>> documents = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["TIME", "VOA"]})
    >>> tag_units(units, documents, unit_name="paragraph")
      doc_id  unit_id            text outlet  paragraph   article  n_words
    0      a        0        One two.   TIME          1  TIME · a        2
    1      a        1          Three.   TIME          2  TIME · a        1
    2      b        0  Four five six.    VOA          1   VOA · b        3
    """
    for name, table, needed in (
        ("units_df", units_df, ["doc_id", "text"]),
        ("documents_df", documents_df, ["doc_id", label]),
    ):
        if not isinstance(table, pd.DataFrame):
            raise TopicModelError(f"{name} must be a DataFrame, got {type(table).__name__}")
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise TopicModelError(f"{name} lacks column(s) {missing}; it needs {needed}")
    added = ([] if label == "doc_id" else [label]) + [unit_name, "article", "n_words"]
    if len(set(added)) < len(added):
        raise TopicModelError(f"unit_name={unit_name!r} clashes with another added column {added}")
    taken = [c for c in added if c in units_df.columns]
    if taken:
        raise TopicModelError(
            f"units_df already has column(s) {taken}; tag the output of make_units only once "
            "or pass another unit_name"
        )
    doc_ids = documents_df["doc_id"].astype(str)
    if doc_ids.duplicated().any():
        raise TopicModelError(
            f"documents_df lists doc_id {doc_ids[doc_ids.duplicated()].iloc[0]!r} twice; "
            "it needs one row per document"
        )
    out = units_df.reset_index(drop=True).copy()
    unit_docs = out["doc_id"].astype(str)
    if label != "doc_id":
        labels = pd.Series(documents_df[label].to_numpy(), index=doc_ids.to_numpy())
        values = unit_docs.map(labels)
        bad = values.isna().to_numpy()
        if bad.any():
            doc = unit_docs[bad].iloc[0]
            reason = "is not in documents_df" if doc not in labels.index else f"has no {label!r}"
            raise TopicModelError(
                f"{int(bad.sum())} unit(s) get no {label!r}: document {doc!r} {reason}; "
                "pass the documents table the units were made from"
            )
        out[label] = values.to_numpy()
    out[unit_name] = out.groupby("doc_id", sort=False).cumcount().to_numpy() + 1
    out["article"] = (
        unit_docs if label == "doc_id" else out[label].astype(str) + " · " + unit_docs
    ).to_numpy()
    out["n_words"] = out["text"].str.split().str.len()
    return out


# ---------------------------------------------------------------------------
# the fitted model
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class TopicModel:
    """A fitted topic model and the matrices it was fitted on.

    Attributes
    ----------
    method : str
        ``"nmf"`` or ``"lda"``.
    k : int
        Number of topics.
    seed : int
        ``random_state`` used.
    doc_topic : numpy.ndarray
        ``n_units x k`` document-topic weights as the model returns them (NMF ``W``,
        unnormalised; LDA ``theta``, rows sum to 1). See :meth:`proportions`.
    topic_term : numpy.ndarray
        ``k x n_terms`` topic-term weights (NMF ``H``; LDA ``components_``).
    feature_names : numpy.ndarray
        The ``n_terms`` vocabulary, in column order (alphabetical).
    vectorizer : sklearn vectoriser
        The fitted ``TfidfVectorizer`` (NMF) or ``CountVectorizer`` (LDA).
    model : sklearn estimator
        The fitted ``NMF`` or ``LatentDirichletAllocation``.
    dtm : scipy.sparse.csr_matrix
        The ``n_units x n_terms`` matrix the model was fitted on (TF-IDF or counts).
    """

    method: str
    k: int
    seed: int
    doc_topic: np.ndarray
    topic_term: np.ndarray
    feature_names: np.ndarray
    vectorizer: Any = field(repr=False)
    model: Any = field(repr=False)
    dtm: sp.csr_matrix = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"TopicModel(method={self.method!r}, k={self.k}, n_units={self.doc_topic.shape[0]}, "
            f"n_terms={len(self.feature_names)}, seed={self.seed})"
        )

    @property
    def empty_units(self) -> np.ndarray:
        """Boolean mask of units with no vocabulary term left after filtering."""
        return np.diff(self.dtm.indptr) == 0

    def top_terms(self, n: int = 10) -> list[list[str]]:
        """Return the ``n`` highest-weighted terms of each topic.

        Weights equal to 10 decimals count as tied and ties are broken
        alphabetically; terms of weight 0 are never listed, so a
        topic with fewer than ``n`` non-zero terms gets a shorter list.
        """
        n = _positive_int(n, "n")
        return [
            [str(self.feature_names[j]) for j in idx]
            for idx in _top_indices(self.topic_term, self.feature_names, n)
        ]

    def top_terms_table(self, n: int = 10) -> pd.DataFrame:
        """Return top terms as a tidy table with columns topic, rank, term, weight."""
        n = _positive_int(n, "n")
        rows = [
            (t, r + 1, str(self.feature_names[j]), float(self.topic_term[t, j]))
            for t, idx in enumerate(_top_indices(self.topic_term, self.feature_names, n))
            for r, j in enumerate(idx)
        ]
        return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])

    def topic_labels(self, n: int = 3) -> list[str]:
        """Return one short label per topic: its number and first ``n`` terms."""
        return [f"{t}: " + ", ".join(terms) for t, terms in enumerate(self.top_terms(n))]

    def proportions(self) -> np.ndarray:
        """Return doc-topic weights normalised so each unit's row sums to 1.

        Units with no vocabulary term (:attr:`empty_units`) get a row of zeros:
        they belong to no topic (LDA would otherwise give them its uniform prior).
        """
        w = np.asarray(self.doc_topic, dtype=np.float64).copy()
        w[self.empty_units] = 0.0
        totals = w.sum(axis=1, keepdims=True)
        np.divide(w, totals, out=w, where=totals > 0)
        w[totals[:, 0] <= 0] = 0.0
        return w

    def dominant_topic(self) -> np.ndarray:
        """Return each unit's highest-weighted topic (lowest index on ties; -1 if empty)."""
        p = self.proportions()
        out = p.argmax(axis=1).astype(np.int64)
        out[p.sum(axis=1) == 0] = -1
        return out

    def coherence(self, n: int = 10) -> np.ndarray:
        """Return each topic's NPMI coherence over the units the model was fitted on.

        Document co-occurrence in :attr:`dtm`, the same tokens the model saw
        (see :func:`npmi_coherence`).
        """
        return npmi_coherence(self.top_terms(n), self.dtm, feature_names=self.feature_names)


def _top_indices(topic_term: np.ndarray, names: np.ndarray, n: int) -> list[np.ndarray]:
    name_rank = np.argsort(np.argsort(np.asarray(names, dtype=str), kind="stable"), kind="stable")
    out = []
    for row in np.asarray(topic_term, dtype=np.float64):
        # weights equal to 10 decimals count as tied, so float noise in the last
        # bits cannot reorder terms between machines; ties go alphabetically
        order = np.lexsort((name_rank, -np.round(row, 10)))
        order = order[row[order] > 0][:n]
        out.append(order)
    return out


# ---------------------------------------------------------------------------
# vectorising and fitting
# ---------------------------------------------------------------------------


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TopicModelError(f"{name} must be a positive integer, got {value!r}")
    if value < 1:
        raise TopicModelError(f"{name} must be >= 1, got {value}")
    return int(value)


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


def _check_shape(dtm: sp.spmatrix, k: int) -> None:
    n_units, n_terms = dtm.shape
    if n_units < k:
        raise TopicModelError(
            f"fewer units ({n_units}) than topics (k={k}): lower k or split the texts "
            "into more units (make_units(..., unit='window', size=2))"
        )
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
        raise TopicModelError(
            f"fewer units ({len(texts)}) than topics (k={k}): lower k or split the texts "
            "into more units (make_units(..., unit='window', size=2))"
        )
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
        :data:`TOKEN_PATTERN`, word n-grams up to the longest top term, no
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
            vocabulary=vocab, binary=True, lowercase=True, token_pattern=TOKEN_PATTERN,
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
    pattern = re.compile(TOKEN_PATTERN)
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


# ---------------------------------------------------------------------------
# stability
# ---------------------------------------------------------------------------


def average_jaccard(ranking_a: Sequence[str], ranking_b: Sequence[str]) -> float:
    """Return the Average Jaccard (AJ) similarity of two ranked term lists.

    AJ = (1/t) * sum over d = 1..t of |A_d & B_d| / |A_d | B_d|, where A_d and
    B_d are the top-d prefixes and t is the shorter list's length (Greene et al.
    2014, eq. 1; as their reference implementation does for unequal lengths). It
    rewards agreement at the top of the lists more than lower down.

    Parameters
    ----------
    ranking_a, ranking_b : sequence of str
        Non-empty ranked lists, best first.

    Returns
    -------
    float
        In [0, 1]; 1 for identical lists.

    Examples
    --------
    The worked example of Greene et al. (2014, Table 1):

    >>> round(average_jaccard(["album", "music", "best", "award", "win"],
    ...                       ["music", "album", "band", "award", "win"]), 3)
    0.553
    """
    a, b = list(ranking_a), list(ranking_b)
    if not a or not b:
        raise TopicModelError("average_jaccard needs two non-empty ranked lists")
    depth = min(len(a), len(b))
    total = 0.0
    for d in range(1, depth + 1):
        sa, sb = set(a[:d]), set(b[:d])
        total += len(sa & sb) / len(sa | sb)
    return total / depth


def agreement_score(
    rankings_a: Sequence[Sequence[str]], rankings_b: Sequence[Sequence[str]]
) -> float:
    """Return Greene et al.'s agreement between two sets of topic rankings.

    Topics of the two sets are paired one-to-one by the Hungarian method
    (:func:`scipy.optimize.linear_sum_assignment`) so as to maximise the summed
    :func:`average_jaccard`; the score is the mean AJ over the k matched pairs.

    Parameters
    ----------
    rankings_a, rankings_b : sequence of sequences of str
        The same number k of ranked term lists each.

    Returns
    -------
    float
        In [0, 1]; 1 when every topic has an identical partner.

    Examples
    --------
    The worked example of Greene et al. (2014, Table 2):

    >>> s1 = [["sport", "win", "award"], ["bank", "finance", "money"],
    ...       ["music", "album", "band"]]
    >>> s2 = [["finance", "bank", "economy"], ["music", "band", "award"],
    ...       ["win", "sport", "money"]]
    >>> round(agreement_score(s1, s2), 3)
    0.537
    """
    a, b = list(rankings_a), list(rankings_b)
    if not a or len(a) != len(b):
        raise TopicModelError(
            f"agreement_score needs two equal, non-zero numbers of rankings; got {len(a)} and {len(b)}"
        )
    sim = np.array([[average_jaccard(x, y) for y in b] for x in a])
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return float(sim[rows, cols].mean())


def _jaccard_match(rankings_a: list[list[str]], rankings_b: list[list[str]]) -> float:
    """Mean Jaccard of top-term sets over a Hungarian best one-to-one matching."""
    sim = np.zeros((len(rankings_a), len(rankings_b)))
    for i, x in enumerate(rankings_a):
        for j, y in enumerate(rankings_b):
            sx, sy = set(x), set(y)
            sim[i, j] = len(sx & sy) / len(sx | sy) if sx | sy else 0.0
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return float(sim[rows, cols].mean())


def _check_ratio(sample_ratio: float) -> float:
    if not isinstance(sample_ratio, (int, float)) or not 0 < sample_ratio <= 1:
        raise TopicModelError(f"sample_ratio must be in (0, 1], got {sample_ratio!r}")
    return float(sample_ratio)


def _dominant(doc_topic: np.ndarray, dtm: sp.csr_matrix) -> np.ndarray:
    """Dominant topic per row; -1 for rows without any term or any topic weight."""
    w = np.asarray(doc_topic, dtype=np.float64)
    out = w.argmax(axis=1).astype(np.int64)
    out[(w.sum(axis=1) <= 0) | (np.diff(dtm.indptr) == 0)] = -1
    return out


def _ranking_agreement(a: list[list[str]], b: list[list[str]]) -> float:
    """:func:`agreement_score`, with AJ = 0 for a topic that has no non-zero term."""
    sim = np.array([[average_jaccard(x, y) if x and y else 0.0 for y in b] for x in a])
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return float(sim[rows, cols].mean())


def _stability_runs(
    dtm: sp.csr_matrix,
    names: np.ndarray,
    k: int,
    *,
    method: str,
    seed: int,
    options: dict[str, Any],
    n_runs: int,
    top_n: int,
    sample_ratio: float,
    bar: Any,
) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
    """Greene et al. (2014): reference model on all rows, models on random row subsets.

    Returns the per-run term agreement, the per-run adjusted Rand index between
    the dominant topics of the sampled units under the reference and the
    subsample model, and the reference top-term lists.
    """
    _, w_ref, h_ref = _factorise(dtm, k, method, seed, options)
    bar.update(1)
    reference = [[str(names[j]) for j in idx] for idx in _top_indices(h_ref, names, top_n)]
    dom_ref = _dominant(w_ref, dtm)
    n = dtm.shape[0]
    m = int(sample_ratio * n)
    if m < k:
        raise TopicModelError(
            f"a {sample_ratio:.0%} subsample holds {m} units, fewer than k={k}: "
            "raise sample_ratio, lower k or use more units"
        )
    rng = np.random.default_rng(seed)
    scores = np.empty(n_runs)
    aris = np.empty(n_runs)
    for r in range(n_runs):
        rows = np.sort(rng.permutation(n)[:m])
        sub = dtm[rows]
        _, w, h = _factorise(sub, k, method, seed, options)
        ranking = [[str(names[j]) for j in idx] for idx in _top_indices(h, names, top_n)]
        scores[r] = _ranking_agreement(reference, ranking)
        aris[r] = adjusted_rand_score(dom_ref[rows], _dominant(w, sub))
        bar.update(1)
    return scores, aris, reference


def topic_stability(
    texts: Iterable[str],
    k: int,
    *,
    n_runs: int = 10,
    seed: int = 0,
    top_n: int = 10,
    sample_ratio: float = 0.8,
    method: str = "nmf",
    model_options: dict[str, Any] | None = None,
    progress: bool = True,
    **vectorizer_options: Any,
) -> float:
    """Return the mean Greene et al. (2014) agreement of topics under subsampling.

    The texts are vectorised once. A reference model is fitted on all units;
    then ``n_runs`` models are fitted on random subsamples of
    ``int(sample_ratio * n_units)`` units (rows of the same matrix, drawn without
    replacement with ``numpy.random.default_rng(seed)``; Greene et al. use 0.8).
    Each subsample model's top-``top_n`` term lists are matched to the
    reference's by :func:`agreement_score`; the result is the mean over runs.
    Rows, not texts, are resampled, so vocabulary and IDF weights stay those of
    the full corpus (as in Greene et al.'s reference code), the texts are read
    once, and term lists are directly comparable. Restarting NMF with other
    seeds would measure nothing here: the ``nndsvda`` start is deterministic.

    Parameters
    ----------
    texts : iterable of str
        One string per unit; read once.
    k : int
        Number of topics.
    n_runs : int, default 10
        Number of subsamples (Greene et al. use 100; 10-20 suffice to rank k).
    seed : int, default 0
        Seed of the subsampling and of the models.
    top_n : int, default 10
        Depth of the ranked term lists compared.
    sample_ratio : float, default 0.8
        Share of units in each subsample.
    method : {"nmf", "lda"}, default "nmf"
        Model refitted (with :func:`fit_nmf`/:func:`fit_lda` defaults).
    model_options : dict, optional
        Options of ``NMF`` or ``LatentDirichletAllocation`` overriding the defaults.
    progress : bool, default True
        Show a tqdm bar over the ``n_runs + 1`` fits (pass False in notebooks).
    **vectorizer_options
        As in :func:`fit_nmf`.

    Returns
    -------
    float
        Mean agreement in [0, 1]; compare with :func:`is_interpretable`.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"] * 2
    >>> round(topic_stability(texts, 2, n_runs=3, top_n=3, progress=False), 3)
    0.833
    """
    k = _check_k(k)
    n_runs = _positive_int(n_runs, "n_runs")
    top_n = _positive_int(top_n, "top_n")
    sample_ratio = _check_ratio(sample_ratio)
    options = _model_options(method, model_options)
    vectorizer, dtm = _vectorize(texts, _kind(method), None, vectorizer_options)
    _check_shape(dtm, k)
    names = vectorizer.get_feature_names_out()
    with tqdm(total=n_runs + 1, desc=f"stability k={k}", disable=not progress) as bar:
        scores, _, _ = _stability_runs(
            dtm, names, k, method=method, seed=seed, options=options, n_runs=n_runs,
            top_n=top_n, sample_ratio=sample_ratio, bar=bar,
        )
    return float(scores.mean())


def is_interpretable(
    stability: float | Sequence[float] | np.ndarray | pd.Series,
    *,
    threshold: float = STABILITY_THRESHOLD,
) -> bool | np.ndarray:
    """Say whether topics are stable enough to interpret (agreement >= threshold).

    Parameters
    ----------
    stability : float or array-like of float
        Mean agreement from :func:`topic_stability` or the ``stability`` column
        of :func:`select_k`, each in [0, 1].
    threshold : float, default :data:`STABILITY_THRESHOLD` (0.6)
        A project convention, not a published cut-off; see
        :data:`STABILITY_THRESHOLD`.

    Returns
    -------
    bool or numpy.ndarray of bool
        A bool for a scalar, an array for array-like input.

    Examples
    --------
    >>> is_interpretable(0.72)
    True
    >>> is_interpretable([0.41, 0.6, 0.9]).tolist()
    [False, True, True]
    """
    values = np.asarray(stability, dtype=np.float64)
    if not 0 <= threshold <= 1:
        raise TopicModelError(f"threshold must lie in [0, 1], got {threshold!r}")
    if np.isnan(values).any() or (values < 0).any() or (values > 1).any():
        raise TopicModelError(
            f"stability values must lie in [0, 1] (Greene et al. agreement), got {stability!r}"
        )
    result = values >= threshold
    return bool(result) if result.ndim == 0 else result


def select_k(
    texts: Iterable[str],
    ks: Iterable[int],
    *,
    method: str = "nmf",
    seed: int = 0,
    n_runs: int = 10,
    top_n: int = 10,
    sample_ratio: float = 0.8,
    threshold: float = STABILITY_THRESHOLD,
    model_options: dict[str, Any] | None = None,
    progress: bool = True,
    **vectorizer_options: Any,
) -> pd.DataFrame:
    """Tabulate NPMI coherence and subsample stability for each candidate ``k``.

    The texts are vectorised once (any iterable). For each k the reference model
    is the one :func:`fit_nmf` (or :func:`fit_lda`) would return; its coherence
    is the mean :func:`npmi_coherence` of its top-``top_n`` terms over the units
    (document co-occurrence, the model's own tokens); stability is as in
    :func:`topic_stability` with the same arguments. Term-ranking stability is
    demanding on small corpora: when a topic's term weights are nearly flat the
    order of its top terms is noise, and Average Jaccard punishes order. On the
    60-document toy corpus of the tests, four cleanly separated themes are
    recovered exactly (NMI 1 against the labels) yet stability at k = 4 is about
    0.5; ``partition_ari`` shows the grouping of units is nonetheless stable.
    So a low ``stability`` says "do not read the topics off their term lists",
    not necessarily "the units do not cluster".

    Parameters
    ----------
    texts : iterable of str
        One string per unit; read once.
    ks : iterable of int
        Candidate numbers of topics, each at least 1 (reported sorted ascending).
    method, seed, n_runs, top_n, sample_ratio, model_options
        As in :func:`topic_stability`.
    threshold : float, default :data:`STABILITY_THRESHOLD`
        Cut-off for the ``interpretable`` column (:func:`is_interpretable`).
    progress : bool, default True
        Show a tqdm bar over all fits (pass False in notebooks).
    **vectorizer_options
        As in :func:`fit_nmf`.

    Returns
    -------
    pandas.DataFrame
        One row per k with columns ``k``, ``coherence`` (mean NPMI over topics),
        ``stability`` (mean agreement over runs), ``stability_sd`` (its standard
        deviation over runs, ddof=0), ``partition_ari`` (mean adjusted Rand index
        between the sampled units' dominant topics under the full-data and the
        subsample model: do the same units still group together?) and
        ``interpretable`` (``stability >= threshold``). A reference topic with
        fewer than 2 non-zero terms makes that k's coherence -1.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"] * 2
    >>> scores = select_k(texts, [2], n_runs=3, top_n=3, progress=False)
    >>> scores[["k", "coherence", "interpretable"]].round(2)
       k  coherence  interpretable
    0  2        0.5           True

    (k = 3 on these two themes splits one theme at random: its stability depends on
    floating-point ties, so it is not shown here.)
    """
    try:
        k_list = sorted({_check_k(k) for k in ks})
    except TypeError:
        raise TopicModelError(f"ks must be an iterable of integers, got {ks!r}") from None
    if not k_list:
        raise TopicModelError("ks is empty: pass candidate numbers of topics, e.g. range(2, 9)")
    n_runs = _positive_int(n_runs, "n_runs")
    top_n = _positive_int(top_n, "top_n")
    if top_n < 2:
        raise TopicModelError("top_n must be at least 2 for NPMI coherence")
    sample_ratio = _check_ratio(sample_ratio)
    options = _model_options(method, model_options)
    vectorizer, dtm = _vectorize(texts, _kind(method), None, vectorizer_options)
    _check_shape(dtm, max(k_list))
    names = vectorizer.get_feature_names_out()
    rows = []
    with tqdm(total=len(k_list) * (n_runs + 1), desc="select_k", disable=not progress) as bar:
        for k in k_list:
            scores, aris, reference = _stability_runs(
                dtm, names, k, method=method, seed=seed, options=options, n_runs=n_runs,
                top_n=top_n, sample_ratio=sample_ratio, bar=bar,
            )
            usable = [t for t in reference if len(t) >= 2]
            coherence = (
                float(npmi_coherence(usable, dtm, feature_names=names).mean())
                if len(usable) == len(reference)
                else -1.0  # a topic with < 2 non-zero terms has no coherent pair
            )
            rows.append(
                {
                    "k": k,
                    "coherence": coherence,
                    "stability": float(scores.mean()),
                    "stability_sd": float(scores.std()),
                    "partition_ari": float(aris.mean()),
                    "interpretable": bool(is_interpretable(scores.mean(), threshold=threshold)),
                }
            )
    return pd.DataFrame(rows)


def _share_in_words(share: float) -> str:
    for value, words in ((0.5, "half"), (0.25, "a quarter"), (0.2, "a fifth"), (0.1, "a tenth")):
        if math.isclose(share, value):
            return words
    return f"{share:.0%}"


def choose_k(
    scores: pd.DataFrame,
    *,
    threshold: float = STABILITY_THRESHOLD,
    sample_ratio: float = 0.8,
    unit_name: str = "unit",
) -> tuple[pd.Series, str]:
    """Choose the number of topics from a :func:`select_k` table and say whether to read them.

    The rule: among the values of ``k`` whose stability reaches ``threshold``,
    take the most coherent; if none reaches it, take the most stable ``k`` and
    say plainly that the topics are not interpretable. Ties go to the smaller
    ``k``. Stability comes first because a coherent topic that changes when a
    few units are left out describes one fit, not a theme of the corpus.
    Stability tends to favour small ``k``, so a stable ``k`` of 2 or 3 says only
    that the corpus splits reliably into that many parts.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`select_k`: columns ``k``, ``coherence`` and
        ``stability`` (``partition_ari`` is reported when present).
    threshold : float, default :data:`STABILITY_THRESHOLD`
        Stability needed to interpret the topics (:func:`is_interpretable`).
    sample_ratio : float, default 0.8
        The ``sample_ratio`` given to :func:`select_k`; only used in the verdict's
        wording ("a fifth of the units is left out").
    unit_name : str, default "unit"
        What the units are called in the verdict (e.g. ``"paragraph"``).

    Returns
    -------
    chosen : pandas.Series
        The chosen row of ``scores``, with ``interpretable`` set to
        ``stability >= threshold``.
    verdict : str
        Two lines: the chosen ``k`` with its scores, then the plain verdict.

    Raises
    ------
    TopicModelError
        If ``scores`` is not a :func:`select_k` table, is empty or holds NaN.

    Examples
    --------
    k = 4 is the most coherent but unstable; of the stable k, 3 is the most coherent:

    >>> scores = pd.DataFrame({"k": [2, 3, 4], "coherence": [0.20, 0.25, 0.30],
    ...                        "stability": [0.70, 0.65, 0.40]})
    >>> chosen, verdict = choose_k(scores)
    >>> int(chosen["k"]), bool(chosen["interpretable"])
    (3, True)
    >>> print(verdict)
    k = 3: stability 0.65 (threshold 0.6), coherence 0.250
    Verdict: the 3 topics are stable enough to read. Their top terms mostly come back when a fifth of the units is left out.
    >>> int(choose_k(scores, threshold=0.8)[0]["k"])
    2
    """
    needed = ["k", "coherence", "stability"]
    if not isinstance(scores, pd.DataFrame) or not set(needed) <= set(scores.columns):
        raise TopicModelError(f"scores must be the DataFrame returned by select_k (columns {needed})")
    if len(scores) == 0:
        raise TopicModelError("scores is empty: run select_k over at least one k")
    if scores[needed].isna().to_numpy().any():
        raise TopicModelError("scores holds NaN in k, coherence or stability: rerun select_k")
    if not 0 <= threshold <= 1:
        raise TopicModelError(f"threshold must lie in [0, 1], got {threshold!r}")
    sample_ratio = _check_ratio(sample_ratio)
    stable = np.asarray(is_interpretable(scores["stability"].to_numpy(), threshold=threshold))
    if stable.any():
        ranked = scores[stable].sort_values(["coherence", "k"], ascending=[False, True], kind="stable")
    else:
        ranked = scores.sort_values(["stability", "k"], ascending=[False, True], kind="stable")
    chosen = ranked.iloc[0].astype(object)  # object: the row mixes ints, floats and a bool
    interpretable = bool(is_interpretable(float(chosen["stability"]), threshold=threshold))
    chosen["interpretable"] = interpretable
    k = int(chosen["k"])
    summary = (
        f"k = {k}: stability {chosen['stability']:.2f} (threshold {threshold:g}), "
        f"coherence {chosen['coherence']:.3f}"
    )
    if "partition_ari" in chosen.index:
        summary += f", partition ARI {chosen['partition_ari']:.2f}"
    left_out = f"{_share_in_words(1 - sample_ratio)} of the {unit_name}s is left out"
    if interpretable:
        verdict = (
            f"Verdict: the {k} topics are stable enough to read. "
            f"Their top terms mostly come back when {left_out}."
        )
    else:
        verdict = (
            f"Verdict: the topics are NOT interpretable. No k reaches stability {threshold:g}; "
            f"the top terms change when {left_out}. "
            "They describe this one fit, not themes of the texts."
        )
    return chosen, f"{summary}\n{verdict}"


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


# ---------------------------------------------------------------------------
# outputs
# ---------------------------------------------------------------------------


def _check_units(model: TopicModel, units_df: pd.DataFrame, column: str | None = None) -> None:
    if not isinstance(model, TopicModel):
        raise TopicModelError(f"model must be a TopicModel (from fit_nmf/fit_lda), got {type(model).__name__}")
    if not isinstance(units_df, pd.DataFrame):
        raise TopicModelError(f"units_df must be a DataFrame, got {type(units_df).__name__}")
    if len(units_df) != model.doc_topic.shape[0]:
        raise TopicModelError(
            f"units_df has {len(units_df)} rows but the model was fitted on "
            f"{model.doc_topic.shape[0]} units: pass the same table, in the same order, "
            "whose 'text' column was fitted"
        )
    if column is not None and column not in units_df.columns:
        raise TopicModelError(
            f"units_df has no column {column!r}; add it first, e.g. "
            "units.merge(documents[['doc_id', 'outlet']], on='doc_id', how='left')"
        )


def topic_shares(model: TopicModel, units_df: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Return the mean topic proportion of the units in each group (e.g. outlet).

    Each unit's doc-topic row is normalised to sum to 1
    (:meth:`TopicModel.proportions`); the share of topic t in a group is the mean
    over the group's units. Units with no vocabulary term belong to no topic and
    are left out of the mean; ``n_empty`` counts them.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units, with a column ``by``.
    by : str, default "outlet"
        Grouping column.

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per group and topic, sorted, with columns ``by``,
        ``topic`` (int), ``share`` (shares of a group sum to 1), ``n_units``
        (units averaged) and ``n_empty``.

    Raises
    ------
    TopicModelError
        If the table does not match the model, lacks ``by``, or a group has
        only empty units.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"text": texts, "outlet": ["A", "A", "B", "B", "B", "B"]})
    >>> shares = topic_shares(fit_nmf(texts, 2, min_df=1), units)
    >>> shares.round(2)
      outlet  topic  share  n_units  n_empty
    0      A      0   0.00        2        0
    1      A      1   1.00        2        0
    2      B      0   0.75        4        0
    3      B      1   0.25        4        0
    """
    _check_units(model, units_df, by)
    missing = units_df[by].isna().to_numpy()
    if missing.any():
        raise TopicModelError(
            f"{int(missing.sum())} unit(s) have no {by!r} (first at row {int(missing.argmax())}): "
            "check the merge that added the column"
        )
    props = model.proportions()
    empty = model.empty_units
    groups = units_df[by].to_numpy()
    rows = []
    for group in sorted(pd.unique(groups), key=lambda g: (str(type(g)), g)):
        mask = groups == group
        used = mask & ~empty
        if not used.any():
            raise TopicModelError(
                f"every unit of {by}={group!r} is empty after vectorising: "
                "lower min_df or keep stop words"
            )
        mean = props[used].mean(axis=0)
        for t in range(model.k):
            rows.append(
                {
                    by: group,
                    "topic": t,
                    "share": float(mean[t]),
                    "n_units": int(used.sum()),
                    "n_empty": int((mask & empty).sum()),
                }
            )
    return pd.DataFrame(rows)


def tabulate_topic_shares(
    model: TopicModel, units_df: pd.DataFrame, *, by: str = "outlet", unit_name: str = "unit"
) -> pd.DataFrame:
    """Return a wide table of topic shares by group, with counts of units per dominant topic.

    The shares are those of :func:`topic_shares` (mean topic proportion of the
    group's units); the counts say how many of the group's units have each
    topic as their dominant topic (:meth:`TopicModel.dominant_topic`). Units
    with no term belong to no topic: they are counted in ``n_empty`` only.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units, with a column ``by``.
    by : str, default "outlet"
        Grouping column.
    unit_name : str, default "unit"
        What the units are called in the count columns (``"paragraph"`` gives
        ``"paragraphs 0"``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per group (index ``by``, sorted), columns ``"share 0"`` ...
        ``"share <k-1>"``, ``"<unit_name>s 0"`` ... ``"<unit_name>s <k-1>"``,
        ``n_units`` and ``n_empty``.

    Raises
    ------
    TopicModelError
        As :func:`topic_shares`.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"text": texts, "outlet": ["A", "A", "B", "B", "B", "B"]})
    >>> tabulate_topic_shares(fit_nmf(texts, 2, min_df=1), units).round(2)
            share 0  share 1  units 0  units 1  n_units  n_empty
    outlet                                                      
    A          0.00     1.00        0        2        2        0
    B          0.75     0.25        3        1        4        0
    """
    shares = topic_shares(model, units_df, by=by)
    table = shares.pivot(index=by, columns="topic", values="share").add_prefix("share ")
    counts = (
        pd.crosstab(units_df[by], model.dominant_topic())
        .reindex(columns=range(model.k), fill_value=0)
        .add_prefix(f"{unit_name}s ")
    )
    return table.join(counts).join(shares.groupby(by)[["n_units", "n_empty"]].first())

def typical_units(model: TopicModel, units_df: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """Return the ``n`` units most typical of each topic, for reading.

    Typicality is the unit's topic proportion (:meth:`TopicModel.proportions`,
    as in STM's ``findThoughts``); ties (to 10 decimals) go to the larger raw
    weight, then to the earlier unit. Units with proportion 0 are never listed.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units (any columns; all are carried into the result).
    n : int, default 3
        Units per topic.

    Returns
    -------
    pandas.DataFrame
        Columns ``topic``, ``rank`` (1 = most typical), ``proportion``, then the
        columns of ``units_df``; one block of up to ``n`` rows per topic.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"unit_id": range(6), "text": texts})
    >>> typical_units(fit_nmf(texts, 2, min_df=1), units, n=1)[["topic", "unit_id"]]
       topic  unit_id
    0      0        3
    1      1        0
    """
    _check_units(model, units_df)
    n = _positive_int(n, "n")
    props = model.proportions()
    raw = np.asarray(model.doc_topic, dtype=np.float64)
    position = np.arange(len(units_df))
    blocks = []
    for t in range(model.k):
        order = np.lexsort((position, -np.round(raw[:, t], 10), -np.round(props[:, t], 10)))
        order = order[props[order, t] > 0][:n]
        block = units_df.iloc[order].reset_index(drop=True)
        block.insert(0, "proportion", props[order, t])
        block.insert(0, "rank", np.arange(1, len(order) + 1))
        block.insert(0, "topic", t)
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)


def crossing_units(model: TopicModel, units_df: pd.DataFrame, *, by: str = "doc_id") -> pd.DataFrame:
    """Return the units whose dominant topic is not the most common one in their group.

    A group's (by default an article's) majority topic is the most frequent
    dominant topic (:meth:`TopicModel.dominant_topic`) of its units, the lower
    topic number on ties. Units whose dominant topic differs "cross over": they
    show what pulls a text, for a unit, into another topic. Units with no term
    belong to no topic and never cross.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units (any columns; all are carried into the result).
    by : str, default "doc_id"
        Grouping column.

    Returns
    -------
    pandas.DataFrame
        Columns ``topic`` (the unit's dominant topic), ``proportion`` (its
        share of the unit's weight), ``majority_topic`` (of the unit's group),
        then the columns of ``units_df``; one row per crossing unit, in table
        order, index 0..n-1.

    Raises
    ------
    TopicModelError
        If the table does not match the model or lacks ``by``.

    Examples
    --------
    Article "a" is mostly about football; its last unit is about the weather:

    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "a", "a", "b", "b"], "text": texts})
    >>> crossing_units(fit_nmf(texts, 2, min_df=1), units).round(2)
       topic  proportion  majority_topic doc_id             text
    0      0         1.0               1      a  rain wind storm
    """
    _check_units(model, units_df, by)
    dominant = model.dominant_topic()
    props = model.proportions()
    used = dominant >= 0
    frame = pd.DataFrame({"group": units_df[by].to_numpy()[used], "topic": dominant[used]})
    majority = frame.groupby("group", sort=False)["topic"].agg(lambda topics: topics.mode().min())
    group_majority = units_df[by].map(majority).to_numpy()
    crossing = used & (dominant != group_majority)
    rows = np.flatnonzero(crossing)
    out = units_df.iloc[rows].reset_index(drop=True)
    out.insert(0, "majority_topic", group_majority[rows].astype(np.int64))
    out.insert(0, "proportion", props[rows, dominant[rows]])
    out.insert(0, "topic", dominant[rows])
    return out


def format_in_context(
    model: TopicModel,
    units_df: pd.DataFrame,
    *,
    n: int = 1,
    label: str = "doc_id",
    unit_name: str = "unit",
    terms: int = 3,
    width: int = 110,
    clip: int = 180,
) -> str:
    """Return each topic's most typical units, in full, between their neighbours.

    A unit read alone can mislead: a quotation means something different in a
    reply than in an opening statement. For each of the ``n`` most typical units
    of each topic (:func:`typical_units`) the text gives a heading (topic, its
    top terms, the unit's proportion, its ``label`` and its position in its
    document), then the preceding unit shortened to ``clip`` characters, the
    unit itself in full (marked ``>>``) and the following unit shortened.
    Lines are wrapped at ``width`` characters and indented by four spaces.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units with columns ``doc_id``, ``unit_id``, ``text`` and ``label``;
        the units of one document in reading order.
    n : int, default 1
        Units per topic.
    label : str, default "doc_id"
        Column naming the unit's document in the heading (e.g. ``"article"``
        from :func:`tag_units`).
    unit_name : str, default "unit"
        What the units are called in the heading (e.g. ``"paragraph"``).
    terms : int, default 3
        Top terms of the topic in the heading.
    width : int, default 110
        Line width.
    clip : int, default 180
        Maximum length of the neighbouring units (``textwrap.shorten``).

    Returns
    -------
    str
        One block per unit, blocks separated by a blank line (print it).

    Raises
    ------
    TopicModelError
        If the table does not match the model or lacks a column.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b", "b"],
    ...                       "unit_id": [0, 1, 2, 0, 1, 2], "text": texts})
    >>> print(format_in_context(fit_nmf(texts, 2, min_df=1), units, unit_name="paragraph"))
    Topic 0 (storm, cloud, rain): proportion 1.00, b, paragraph 1 of 3
        >> rain wind storm
        after: storm cloud rain
    <BLANKLINE>
    Topic 1 (goal, keeper, match): proportion 1.00, a, paragraph 1 of 3
        >> goal striker match
        after: match goal keeper
    """
    _check_units(model, units_df)
    missing = [c for c in ("doc_id", "unit_id", "text", label) if c not in units_df.columns]
    if missing:
        raise TopicModelError(
            f"units_df lacks column(s) {missing}; format_in_context needs doc_id, unit_id, text "
            f"and the label column {label!r}"
        )
    for name, value in (("n", n), ("terms", terms), ("width", width), ("clip", clip)):
        _positive_int(value, name)
    top = model.top_terms(terms)
    blocks = []
    for _, row in typical_units(model, units_df, n=n).iterrows():
        doc = units_df[units_df["doc_id"] == row["doc_id"]].reset_index(drop=True)
        i = int(doc.index[(doc["unit_id"] == row["unit_id"]).to_numpy()][0])
        lines = [
            f"Topic {row['topic']} ({', '.join(top[row['topic']])}): proportion "
            f"{row['proportion']:.2f}, {row[label]}, {unit_name} {i + 1} of {len(doc)}"
        ]
        if i > 0:
            before = textwrap.shorten(doc.loc[i - 1, "text"], clip, placeholder=" ...")
            lines.append(textwrap.fill("before: " + before, width))
        lines.append(textwrap.fill(">> " + doc.loc[i, "text"], width))
        if i + 1 < len(doc):
            after = textwrap.shorten(doc.loc[i + 1, "text"], clip, placeholder=" ...")
            lines.append(textwrap.fill("after: " + after, width))
        blocks.append("\n".join([lines[0]] + [textwrap.indent(line, "    ") for line in lines[1:]]))
    return "\n\n".join(blocks)


# ---------------------------------------------------------------------------
# plots
# ---------------------------------------------------------------------------


def _palette(n: int) -> list[tuple[float, float, float]]:
    import seaborn as sns

    return list(sns.color_palette("colorblind", n))


def plot_top_terms(model: TopicModel, *, n: int = 10, ncols: int | None = None) -> Figure:
    """Plot each topic's top terms as a horizontal bar chart of their weights.

    Parameters
    ----------
    model : TopicModel
        A fitted model.
    n : int, default 10
        Terms per topic.
    ncols : int, optional
        Panels per row; default ``min(k, 4)``.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per topic (not attached to pyplot; display it or save it).

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> fig = plot_top_terms(fit_nmf(texts, 2, min_df=1), n=3)
    >>> len(fig.axes), fig.axes[0].get_title()
    (2, 'Topic 0')
    """
    if not isinstance(model, TopicModel):
        raise TopicModelError(f"model must be a TopicModel, got {type(model).__name__}")
    n = _positive_int(n, "n")
    ncols = min(model.k, 4) if ncols is None else _positive_int(ncols, "ncols")
    nrows = math.ceil(model.k / ncols)
    table = model.top_terms_table(n)
    colours = _palette(model.k)
    fig = Figure(figsize=(3.4 * ncols, (0.28 * n + 1.1) * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    label = "term weight (NMF H)" if model.method == "nmf" else "term weight (LDA pseudo-count)"
    for t, ax in enumerate(axes.ravel()):
        if t >= model.k:
            ax.set_axis_off()
            continue
        rows = table[table["topic"] == t]
        ax.barh(rows["term"].to_numpy()[::-1], rows["weight"].to_numpy()[::-1], color=colours[t])
        ax.set_title(f"Topic {t}")
        ax.set_xlabel(label)
        ax.tick_params(axis="y", labelsize=9)
    fig.suptitle(f"Top {n} terms per topic ({model.method.upper()}, k={model.k})")
    return fig


def plot_topic_shares(
    shares: pd.DataFrame, *, labels: Sequence[str] | None = None
) -> Figure:
    """Plot a :func:`topic_shares` table as a group x topic heatmap.

    Parameters
    ----------
    shares : pandas.DataFrame
        Output of :func:`topic_shares`.
    labels : sequence of str, optional
        Topic labels in topic order (e.g. ``model.topic_labels(3)``); default the
        topic numbers.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> shares = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "topic": [0, 1, 0, 1],
    ...                        "share": [0.8, 0.2, 0.3, 0.7], "n_units": 5, "n_empty": 0})
    >>> plot_topic_shares(shares).axes[0].get_ylabel()
    'outlet'
    """
    import seaborn as sns

    if not isinstance(shares, pd.DataFrame) or not {"topic", "share"} <= set(shares.columns):
        raise TopicModelError("shares must be the DataFrame returned by topic_shares")
    group_cols = [c for c in shares.columns if c not in ("topic", "share", "n_units", "n_empty")]
    if len(group_cols) != 1:
        raise TopicModelError(f"shares must have exactly one group column, found {group_cols}")
    by = group_cols[0]
    wide = shares.pivot(index=by, columns="topic", values="share")
    if labels is not None:
        if len(labels) != wide.shape[1]:
            raise TopicModelError(f"{len(labels)} labels for {wide.shape[1]} topics")
        wide.columns = list(labels)
    # room for long group names on the left and slanted topic labels below
    row_chars = max(len(str(name)) for name in wide.index)
    col_chars = max(len(str(name)) for name in wide.columns)
    cell = 1.5 if labels is not None else 1.1
    width = 0.085 * row_chars + cell * wide.shape[1] + 2.2
    height = 0.5 * wide.shape[0] + 2.2 + (0.06 * col_chars if labels is not None else 0.0)
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.subplots()
    sns.heatmap(
        wide, ax=ax, cmap="viridis", vmin=0, vmax=max(float(wide.to_numpy().max()), 1e-9),
        annot=True, fmt=".2f", cbar_kws={"label": "mean topic proportion"},
    )
    ax.set_xlabel("topic")
    ax.set_ylabel(by)
    ax.tick_params(axis="y", labelrotation=0)
    ax.set_title(f"Mean topic proportion of units, by {by}")
    if labels is not None:
        ax.tick_params(axis="x", labelrotation=35)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
    return fig


def plot_k_selection(scores: pd.DataFrame, *, threshold: float = STABILITY_THRESHOLD) -> Figure:
    """Plot coherence and stability against k from :func:`select_k`.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`select_k`.
    threshold : float, default :data:`STABILITY_THRESHOLD`
        Drawn as a dashed line on the stability panel.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels: mean NPMI coherence; mean top-term agreement with +/- 1 SD
        bars, the threshold, and ``partition_ari`` when the column is present.

    Examples
    --------
    >>> scores = pd.DataFrame({"k": [2, 3], "coherence": [0.1, 0.2], "stability": [0.9, 0.5],
    ...                        "stability_sd": [0.05, 0.1], "interpretable": [True, False]})
    >>> [ax.get_ylabel() for ax in plot_k_selection(scores).axes]
    ['mean NPMI of top terms', 'agreement with full-data model']
    """
    needed = {"k", "coherence", "stability", "stability_sd"}
    if not isinstance(scores, pd.DataFrame) or not needed <= set(scores.columns):
        raise TopicModelError(f"scores must be the DataFrame returned by select_k (columns {sorted(needed)})")
    blue, orange, green = _palette(3)
    fig = Figure(figsize=(9, 3.6), layout="constrained")
    ax_c, ax_s = fig.subplots(1, 2, sharex=True)
    ax_c.plot(scores["k"], scores["coherence"], marker="o", color=blue)
    ax_c.set_ylabel("mean NPMI of top terms")
    ax_c.set_title("Coherence (higher is better)")
    ax_s.errorbar(
        scores["k"], scores["stability"], yerr=scores["stability_sd"], marker="o",
        color=orange, capsize=3, label="top terms (Average Jaccard)",
    )
    if "partition_ari" in scores.columns:
        ax_s.plot(
            scores["k"], scores["partition_ari"], marker="s", linestyle=":", color=green,
            label="unit grouping (ARI)",
        )
    ax_s.axhline(threshold, linestyle="--", color="0.4", label=f"threshold {threshold:g}")
    ax_s.set_ylim(0, 1.05)
    ax_s.set_ylabel("agreement with full-data model")
    ax_s.set_title("Stability under subsampling")
    # legend under the panels, so it never hides a point
    handles, names = ax_s.get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", ncols=len(handles), frameon=False)
    for ax in (ax_c, ax_s):
        ax.set_xlabel("number of topics k")
        ax.set_xticks(list(scores["k"]))
    fig.suptitle("Choosing the number of topics")
    return fig


_SENSITIVITY_METRICS = (
    ("term_jaccard", "top terms (Jaccard)", "o"),
    ("ari", "unit grouping (ARI)", "s"),
    ("nmi", "unit grouping (NMI)", "^"),
)


def _specification_label(stop_words: bool, stemming: bool, ngrams: str) -> str:
    return ", ".join(
        [
            "stop words removed" if stop_words else "stop words kept",
            "stemmed" if stemming else "not stemmed",
            "unigrams" if str(ngrams) == "1" else "uni- + bigrams",
        ]
    )


def plot_preprocessing_sensitivity(table: pd.DataFrame) -> Figure:
    """Plot a :func:`preprocessing_sensitivity` table: agreement of each choice with the baseline.

    One row per preprocessing specification (baseline at the top, marked), one
    marker per measure: ``term_jaccard`` (do the top terms survive?), ``ari`` and
    ``nmi`` (are the units grouped the same way?). All three are 1 for the
    baseline; the further left a marker, the more that choice moved the topics.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`preprocessing_sensitivity` (columns ``stop_words``,
        ``stemming``, ``ngrams``, ``baseline``, ``term_jaccard``, ``ari``, ``nmi``).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TopicModelError
        If ``table`` lacks a column or is empty.

    Examples
    --------
    >>> table = pd.DataFrame({"stop_words": [True, False], "stemming": [False, True],
    ...                       "ngrams": ["1", "1-2"], "baseline": [True, False],
    ...                       "n_terms": [50, 80], "term_jaccard": [1.0, 0.4],
    ...                       "ari": [1.0, 0.5], "nmi": [1.0, 0.6]})
    >>> fig = plot_preprocessing_sensitivity(table)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['stop words removed, not stemmed, unigrams (baseline)', 'stop words kept, stemmed, uni- + bigrams']
    """
    needed = {"stop_words", "stemming", "ngrams", "baseline"} | {m for m, _, _ in _SENSITIVITY_METRICS}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise TopicModelError(
            "table must be the DataFrame returned by preprocessing_sensitivity "
            f"(columns {sorted(needed)})"
        )
    if len(table) == 0:
        raise TopicModelError("the sensitivity table is empty: nothing to plot")
    labels = [
        _specification_label(bool(stop), bool(stem), ngrams) + (" (baseline)" if base else "")
        for stop, stem, ngrams, base in zip(
            table["stop_words"], table["stemming"], table["ngrams"], table["baseline"]
        )
    ]
    y = np.arange(len(table))
    colours = _palette(len(_SENSITIVITY_METRICS))
    fig = Figure(figsize=(9, 0.42 * len(table) + 2.0), layout="constrained")
    ax = fig.subplots()
    offsets = np.linspace(-0.2, 0.2, len(_SENSITIVITY_METRICS))
    for (column, name, marker), colour, dy in zip(_SENSITIVITY_METRICS, colours, offsets):
        ax.scatter(table[column].to_numpy(dtype=float), y + dy, marker=marker, s=45,
                   color=colour, label=name, zorder=3)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(-0.02, 1.05)
    ax.set_xlabel("agreement with the baseline model (1 = identical)")
    ax.set_title("How far do the topics move under other preprocessing choices?")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=len(_SENSITIVITY_METRICS),
              frameon=False)
    return fig
