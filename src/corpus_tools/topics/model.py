"""The fitted topic model (:class:`TopicModel`), its error and the shared settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from corpus_tools.errors import CorpusError
from corpus_tools.tokenize import TOPIC_TOKEN_PATTERN


class TopicModelError(CorpusError):
    """Bad input to a topic-model function; the message says what to change."""


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
    "token_pattern": TOPIC_TOKEN_PATTERN,
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
        from corpus_tools.topics.coherence import npmi_coherence  # coherence needs this module

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


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TopicModelError(f"{name} must be a positive integer, got {value!r}")
    if value < 1:
        raise TopicModelError(f"{name} must be >= 1, got {value}")
    return int(value)
