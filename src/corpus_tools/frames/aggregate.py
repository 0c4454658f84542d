"""Frame shares per group with bootstrap intervals (:func:`frame_shares`) and co-occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from corpus_tools.frames.codebook import Codebook, _codebook
from corpus_tools.frames.errors import FramesError
from corpus_tools.stats import (
    binomial_share_draws,
    bootstrap_unit,
    cluster_mean_draws,
    interval_note,
    percentile_interval,
)


# --------------------------------------------------------------------------------- aggregation
def _frame_columns(tagged: pd.DataFrame, frames: Sequence[str] | None, book: Codebook, *, caller: str) -> list[str]:
    if frames is None:
        cols = [f for f in book.ids if f in tagged.columns]
        if not cols:
            raise FramesError(f"{caller}: no frame columns found; run tag_sentences first "
                              f"(codebook ids: {', '.join(book.ids)}).")
    else:
        cols = list(frames)
        missing = [f for f in cols if f not in tagged.columns]
        if missing:
            raise FramesError(f"{caller}: frame column(s) {missing} not in the table.")
    for col in cols:
        values = tagged[col]
        if values.isna().any():
            raise FramesError(f"{caller}: frame column {col!r} has missing values; code or drop those rows.")
        if not values.isin([0, 1, True, False]).all():
            raise FramesError(f"{caller}: frame column {col!r} must hold booleans or 0/1.")
    return cols


def _by_columns(table: pd.DataFrame, by: str | Sequence[str] | None, *, caller: str) -> list[str]:
    if by is None:
        return []
    cols = [by] if isinstance(by, str) else list(by)
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise FramesError(f"{caller}: grouping column(s) {missing} not in the table; it has {list(table.columns)}.")
    for col in cols:
        if table[col].isna().any():
            raise FramesError(f"{caller}: grouping column {col!r} has missing values.")
    return cols


def frame_shares(tagged: pd.DataFrame, *, by: str | Sequence[str] | None, frames: Sequence[str] | None = None,
                 n_boot: int = 2000, seed: int = 0, level: float = 0.95,
                 codebook: Codebook | str | Path | None = None, cluster: str | None = "doc_id") -> pd.DataFrame:
    """Share of sentences carrying each frame, per group, with a percentile bootstrap interval.

    The interval resamples at the right unit (:func:`corpus_tools.stats.bootstrap_unit`): whole
    documents (every sentence of a drawn document kept) when a group holds several documents,
    since sentences of one article are not independent; sentences when it holds one, and then the
    interval describes these sentences only. For a sentence bootstrap of a 0/1 label the resampled
    share is exactly ``Binomial(n, share) / n``, so the replicates are drawn from that
    distribution. A group below :data:`corpus_tools.stats.MIN_SENTENCES` sentences (or, for a
    document bootstrap, :data:`~corpus_tools.stats.MIN_DOCUMENTS` documents) gets no interval and
    a ``note`` saying why. Groups are processed in sorted order from one
    ``numpy.random.default_rng(seed)``: same input, same output.

    Parameters
    ----------
    tagged
        Output of :func:`tag_sentences` (or any table with 0/1 frame columns).
    by
        Grouping column(s), e.g. ``"outlet"``; ``None`` for the whole table.
    frames
        Frame columns to summarise; default all codebook frames present.
    n_boot, seed, level
        Bootstrap replicates, random seed, interval coverage.
    cluster
        Column naming each sentence's document (``None``, or a table without it: every group
        is bootstrapped over sentences).

    Returns
    -------
    pandas.DataFrame
        Long table: the ``by`` columns, ``frame``, ``n_sentences``, ``n_documents``, ``n_tagged``,
        ``share``, ``ci_low``, ``ci_high``, ``unit`` (what was resampled) and ``note`` (why an
        interval is missing, else ""); groups sorted, frames in codebook order.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A"] * 4 + ["B"] * 2,
    ...                   "political": [1, 1, 0, 0, 1, 1], "economic": [0, 0, 0, 1, 0, 0]})
    >>> frame_shares(t, by="outlet", n_boot=200)[["outlet", "frame", "n_tagged", "share"]]
      outlet      frame  n_tagged  share
    0      A   economic         1   0.25
    1      A  political         2   0.50
    2      B   economic         0   0.00
    3      B  political         2   1.00
    """
    book = _codebook(codebook)
    cols = _frame_columns(tagged, frames, book, caller="frame_shares")
    by_cols = _by_columns(tagged, by, caller="frame_shares")
    if not isinstance(n_boot, int) or isinstance(n_boot, bool) or n_boot < 1:
        raise FramesError(f"frame_shares: n_boot must be a positive integer, got {n_boot!r}.")
    if not 0 < level < 1:
        raise FramesError(f"frame_shares: level must be between 0 and 1, got {level!r}.")
    if len(tagged) == 0:
        raise FramesError("frame_shares: the table has no rows.")
    rng = np.random.default_rng(seed)
    groups = tagged.groupby(by_cols, sort=True) if by_cols else [((), tagged)]
    use_cluster = cluster is not None and cluster in tagged.columns
    rows = []
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        values = group[cols].to_numpy(dtype=float)
        n = len(values)
        k = values.sum(axis=0)
        share = k / n
        n_docs = int(group[cluster].nunique()) if use_cluster else 1
        unit = bootstrap_unit(n_docs)
        note = interval_note(n, n_docs)
        if unit == "documents":
            draws = cluster_mean_draws(values, group[cluster].to_numpy(), n_boot=n_boot, rng=rng)
        else:
            draws = binomial_share_draws(n, share, n_boot=n_boot, rng=rng)
        low, high = percentile_interval(draws, level=level, axis=0)
        for j, col in enumerate(cols):
            row = dict(zip(by_cols, key))
            row.update(frame=col, n_sentences=n, n_documents=n_docs, n_tagged=int(k[j]), share=float(share[j]),
                       ci_low=float("nan") if note else float(low[j]), ci_high=float("nan") if note else float(high[j]),
                       unit=unit, note=note)
            rows.append(row)
    return pd.DataFrame(rows, columns=[*by_cols, "frame", "n_sentences", "n_documents", "n_tagged", "share",
                                       "ci_low", "ci_high", "unit", "note"])


def frame_cooccurrence(tagged: pd.DataFrame, *, frames: Sequence[str] | None = None, measure: str = "count",
                       codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Frame-by-frame co-occurrence within sentences.

    Parameters
    ----------
    tagged
        Table with 0/1 frame columns (output of :func:`tag_sentences`).
    frames
        Frames to include; default all codebook frames present.
    measure
        ``"count"``: sentences carrying both frames (the diagonal is each frame's count).
        ``"jaccard"``: both / either (diagonal 1; NaN when neither frame ever occurs).
        ``"conditional"``: row frame A, column frame B: share of A-sentences that also carry B,
        P(B | A) (diagonal 1; NaN rows for frames that never occur).

    Returns
    -------
    pandas.DataFrame
        Square matrix indexed and labelled by frame id.

    Examples
    --------
    >>> t = pd.DataFrame({"political": [1, 1, 0], "economic": [1, 0, 0]})
    >>> frame_cooccurrence(t, measure="count")
               economic  political
    economic          1          1
    political         1          2
    >>> frame_cooccurrence(t, measure="conditional").loc["political", "economic"]
    np.float64(0.5)
    """
    book = _codebook(codebook)
    cols = _frame_columns(tagged, frames, book, caller="frame_cooccurrence")
    x = tagged[cols].to_numpy(dtype=np.int64)
    both = x.T @ x
    if measure == "count":
        return pd.DataFrame(both, index=cols, columns=cols)
    diag = np.diag(both).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "jaccard":
            union = diag[:, None] + diag[None, :] - both
            values = np.where(union > 0, both / np.where(union > 0, union, 1), np.nan)
        elif measure == "conditional":
            values = np.where(diag[:, None] > 0, both / np.where(diag[:, None] > 0, diag[:, None], 1), np.nan)
        else:
            raise FramesError(f"frame_cooccurrence: measure must be 'count', 'jaccard' or 'conditional', got {measure!r}.")
    return pd.DataFrame(values, index=cols, columns=cols)


def _frame_label(frame_id: str, book: Codebook) -> str:
    return book[frame_id].name if frame_id in book else frame_id
