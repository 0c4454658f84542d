"""One bootstrap: seeding, resampling and percentile intervals shared by every analysis module.

:func:`corpus_tools.frames.frame_shares` (0/1 labels: binomial draws) and
:func:`corpus_tools.sentiment.summarise_tone` (means and shares: resampled rows) both take
``n_boot``, ``seed`` and ``level`` and report ``*_low`` / ``*_high`` (or ``ci_low`` / ``ci_high``)
bounds from :func:`percentile_interval`.

The unit of resampling (issue 12). Sentences of one document are not independent draws: a
writer's tone or framing carries from one sentence to the next. So when a group holds several
documents, the bootstrap resamples *documents* (a cluster bootstrap: each draw takes documents
with replacement and keeps all of their sentences; Davison and Hinkley 1997, section 3.8), and
only a group of one document falls back to resampling its sentences
(:func:`bootstrap_unit`, :func:`cluster_mean_draws`). Below :data:`MIN_SENTENCES` sentences, or
:data:`MIN_DOCUMENTS` documents for a document bootstrap, no interval is drawn
(:func:`interval_note` says why).

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(group_seed(0, "A"))
>>> idx = resample_indices(5, n_boot=3, rng=rng)
>>> idx.shape
(3, 5)
>>> [round(float(b), 6) for b in percentile_interval(np.arange(101.0), level=0.9)]
[5.0, 95.0]
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

__all__ = ["MIN_DOCUMENTS", "MIN_SENTENCES", "binomial_share_draws", "bootstrap_unit", "cluster_mean_draws",
           "group_seed", "interval_note", "percentile_interval", "resample_indices"]

#: Fewest sentences a group needs before an interval is drawn for it.
MIN_SENTENCES = 5
#: Fewest documents a group needs before a document (cluster) bootstrap interval is drawn.
MIN_DOCUMENTS = 3


def group_seed(seed: int, key: Any) -> list[int]:
    """Seed for one group: the user seed plus a stable hash (CRC-32) of the group key.

    A group's draws then do not depend on which other groups are present or on their order.

    Examples
    --------
    >>> group_seed(0, ("a", 1)) == group_seed(0, ("a", 1)) != group_seed(1, ("a", 1))
    True
    """
    parts = key if isinstance(key, tuple) else (key,)
    digest = zlib.crc32("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return [int(seed), int(digest)]


def resample_indices(n: int, *, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Row positions of ``n_boot`` resamples (with replacement) of ``n`` rows, shape ``(n_boot, n)``.

    Examples
    --------
    >>> int(resample_indices(4, n_boot=10, rng=np.random.default_rng(0)).max()) < 4
    True
    """
    return rng.integers(0, n, size=(n_boot, n))


def binomial_share_draws(n: int, shares: np.ndarray, *, n_boot: int,
                         rng: np.random.Generator) -> np.ndarray:
    """Bootstrap replicates of 0/1 shares: resampling ``n`` rows gives ``Binomial(n, share) / n``.

    Examples
    --------
    >>> draws = binomial_share_draws(10, np.array([0.0, 1.0]), n_boot=5, rng=np.random.default_rng(0))
    >>> draws.shape, float(draws[:, 0].max()), float(draws[:, 1].min())
    ((5, 2), 0.0, 1.0)
    """
    return rng.binomial(n, shares, size=(n_boot, len(shares))) / n


def percentile_interval(draws: Any, *, level: float, axis: int | None = 0) -> np.ndarray:
    """The ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles (numpy's linear method).

    Examples
    --------
    >>> [float(b) for b in percentile_interval([1.0, 2.0, 3.0], level=0.5)]
    [1.5, 2.5]
    """
    return np.quantile(draws, [(1 - level) / 2, (1 + level) / 2], axis=axis)


def bootstrap_unit(n_documents: int) -> str:
    """What to resample in a group: ``"documents"`` when it has several, ``"sentences"`` when one.

    Examples
    --------
    >>> bootstrap_unit(1), bootstrap_unit(4)
    ('sentences', 'documents')
    """
    return "documents" if n_documents >= 2 else "sentences"


def interval_note(n_sentences: int, n_documents: int = 1, *, min_sentences: int = MIN_SENTENCES,
                  min_documents: int = MIN_DOCUMENTS) -> str:
    """Why a group gets no interval (``""`` when it gets one), from its sentence and document counts.

    A group of one document is bootstrapped over its sentences and needs ``min_sentences``; a
    group of several documents is bootstrapped over documents and needs ``min_documents`` of
    them as well.

    Examples
    --------
    >>> interval_note(40, 5)
    ''
    >>> interval_note(2, 1)
    'no interval: 2 sentences (fewer than 5)'
    >>> interval_note(30, 2)
    'no interval: 2 documents (a document bootstrap needs 3)'
    """
    if n_sentences < min_sentences:
        return f"no interval: {n_sentences} sentence{'s' if n_sentences != 1 else ''} (fewer than {min_sentences})"
    if bootstrap_unit(n_documents) == "documents" and n_documents < min_documents:
        return f"no interval: {n_documents} documents (a document bootstrap needs {min_documents})"
    return ""


def cluster_mean_draws(values: Any, clusters: Any, *, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap replicates of column means when whole clusters (documents) are resampled.

    Each replicate draws as many clusters as there are, with replacement, keeps every row of
    each drawn cluster, and takes the mean over the pooled rows (a cluster drawn twice counts
    twice). With one row per cluster this is the ordinary row bootstrap.

    Parameters
    ----------
    values
        Array of shape ``(n_rows,)`` or ``(n_rows, k)``.
    clusters
        Cluster key of each row (e.g. its ``doc_id``), length ``n_rows``.
    n_boot
        Number of replicates.
    rng
        Generator (e.g. seeded with :func:`group_seed`).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_boot,)`` or ``(n_boot, k)``, matching ``values``.

    Examples
    --------
    >>> draws = cluster_mean_draws([1.0, 1.0, 3.0, 3.0], ["a", "a", "b", "b"], n_boot=200,
    ...                            rng=np.random.default_rng(0))
    >>> sorted({float(d) for d in draws})
    [1.0, 2.0, 3.0]
    """
    x = np.asarray(values, dtype=float)
    flat = x.ndim == 1
    x2 = x[:, None] if flat else x
    _, inverse = np.unique(np.asarray(clusters).astype(str), return_inverse=True)
    n_clusters = int(inverse.max()) + 1
    sums = np.zeros((n_clusters, x2.shape[1]))
    np.add.at(sums, inverse, x2)
    sizes = np.bincount(inverse, minlength=n_clusters).astype(float)
    picks = rng.integers(0, n_clusters, size=(n_boot, n_clusters))
    weights = np.stack([np.bincount(row, minlength=n_clusters) for row in picks]).astype(float)
    draws = (weights @ sums) / (weights @ sizes)[:, None]
    return draws[:, 0] if flat else draws
