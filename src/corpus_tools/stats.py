"""One bootstrap: seeding, resampling and percentile intervals shared by every analysis module.

:func:`corpus_tools.frames.frame_shares` (0/1 labels: binomial draws) and
:func:`corpus_tools.sentiment.summarise_tone` (means and shares: resampled rows) both take
``n_boot``, ``seed`` and ``level`` and report ``*_low`` / ``*_high`` (or ``ci_low`` / ``ci_high``)
bounds from :func:`percentile_interval`.

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

__all__ = ["binomial_share_draws", "group_seed", "percentile_interval", "resample_indices"]


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
