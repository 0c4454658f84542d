"""Tone per group with percentile-bootstrap intervals over sentences (:func:`summarise_tone`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corpus_tools.sentiment.vader import LABELS, THRESHOLD, SentimentError, label_polarity
from corpus_tools.stats import group_seed, percentile_interval, resample_indices

# --------------------------------------------------------------------------------------------
# Aggregation
# --------------------------------------------------------------------------------------------

def summarise_tone(scores: pd.DataFrame, *, by, column: str = "compound", n_boot: int = 2000,
                   seed: int = 0, level: float = 0.95,
                   threshold: float = THRESHOLD) -> pd.DataFrame:
    """Summarise sentence tone per group, with percentile-bootstrap intervals over sentences.

    Parameters
    ----------
    scores
        One row per sentence with the ``by`` column(s) and a numeric ``column`` (e.g.
        :func:`vader_scores` joined to the sentences table). If a ``scored`` column is present it
        must be all True (drop empty sentences first; nothing is dropped silently).
    by
        Column name or list of names to group on. Missing values are an error.
    column
        Score column; default ``"compound"``.
    n_boot
        Bootstrap resamples per group (>= 100).
    seed
        Seed. Each group draws from its own ``numpy.random.Generator`` seeded with
        ``[seed, crc32(group key)]``, so a group's interval does not depend on which other groups
        are present or on their order.
    level
        Interval level in (0, 1); the bounds are the ``(1 - level) / 2`` and ``(1 + level) / 2``
        quantiles (numpy's linear method) of the bootstrap distribution.
    threshold
        Neutral band half-width for the shares (see :func:`label_polarity`).

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by group: the ``by`` column(s), ``n`` (sentences),
        ``mean``, ``mean_low``, ``mean_high``, ``median``, and for each of positive, neutral,
        negative: ``share_<label>``, ``share_<label>_low``, ``share_<label>_high``.
        Sentences are resampled with replacement within each group; each resample gives a mean
        and three shares. A group of one sentence has no sampling variability to estimate:
        its interval columns are NaN (documented, not an error). A group of identical values has
        a zero-width interval. Sentences of one article are not independent, so read the
        intervals as descriptive of these sentences, not as inference to other articles.

    Raises
    ------
    SentimentError
        Empty table, missing column, missing values, unscored rows, an empty category of a
        categorical ``by`` column, or a bad option.

    Examples
    --------
    >>> df = pd.DataFrame({"doc": ["a", "a", "a", "a", "b"],
    ...                    "compound": [0.5, 0.5, -0.5, 0.0, 0.3]})
    >>> out = summarise_tone(df, by="doc", n_boot=200)
    >>> out[["doc", "n", "mean", "share_positive", "share_negative"]]
      doc  n   mean  share_positive  share_negative
    0   a  4  0.125             0.5            0.25
    1   b  1  0.300             1.0            0.00
    >>> bool(out.loc[1, ["mean_low", "mean_high"]].isna().all())
    True
    """
    if not isinstance(scores, pd.DataFrame):
        raise SentimentError("summarise_tone: scores must be a pandas DataFrame.")
    by_cols = [by] if isinstance(by, str) else list(by)
    if not by_cols:
        raise SentimentError("summarise_tone: 'by' names no column.")
    for col in by_cols + [column]:
        if col not in scores.columns:
            raise SentimentError(f"summarise_tone: column {col!r} is not in the table "
                                 f"(columns: {list(scores.columns)}).")
    if len(scores) == 0:
        raise SentimentError("summarise_tone: the table is empty; there is nothing to summarise.")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise SentimentError(f"summarise_tone: n_boot={n_boot!r}; use an integer >= 100.")
    if not (isinstance(level, float) and 0 < level < 1):
        raise SentimentError(f"summarise_tone: level={level!r}; use a float in (0, 1), e.g. 0.95.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise SentimentError(f"summarise_tone: seed={seed!r}; use a non-negative integer.")
    if "scored" in scores.columns and not scores["scored"].astype(bool).all():
        n_bad = int((~scores["scored"].astype(bool)).sum())
        raise SentimentError(f"summarise_tone: {n_bad} row(s) have scored == False (empty "
                             "sentences). Fix: scores[scores['scored']] before summarising.")
    for col in by_cols:
        if scores[col].isna().any():
            raise SentimentError(f"summarise_tone: group column {col!r} has missing values; "
                                 "fill or drop them first.")
        if isinstance(scores[col].dtype, pd.CategoricalDtype):
            unused = sorted(set(scores[col].cat.categories) - set(scores[col].dropna()), key=str)
            if unused:
                raise SentimentError(
                    f"summarise_tone: group(s) {unused} of {col!r} have no sentences. Fix: "
                    f"scores[{col!r}] = scores[{col!r}].cat.remove_unused_categories().")
    values = pd.to_numeric(scores[column], errors="coerce")
    if values.isna().any():
        raise SentimentError(f"summarise_tone: column {column!r} has missing or non-numeric "
                             "values.")
    labels = label_polarity(values, threshold=threshold)
    codes = labels.map({lab: i for i, lab in enumerate(LABELS)}).to_numpy(dtype=int)
    x_all = values.to_numpy(dtype=float)
    positions = scores[by_cols].assign(_position=np.arange(len(scores)))
    rows = []
    # sort=True: groups in sorted order (numbers numerically, categories in category order)
    for key, frame in positions.groupby(by_cols, sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        pos = frame["_position"].to_numpy()
        x, c = x_all[pos], codes[pos]
        n = len(x)
        row = dict(zip(by_cols, key))
        row.update(n=n, mean=float(np.mean(x)))
        shares = [float(np.mean(c == i)) for i in range(3)]
        if n >= 2:
            rng = np.random.default_rng(group_seed(seed, key))
            idx = resample_indices(n, n_boot=n_boot, rng=rng)
            boot_mean = x[idx].mean(axis=1)
            boot_share = [(c[idx] == i).mean(axis=1) for i in range(3)]
            mean_ci = percentile_interval(boot_mean, level=level)
            share_ci = [percentile_interval(b, level=level) for b in boot_share]
        else:
            mean_ci = [np.nan, np.nan]
            share_ci = [[np.nan, np.nan]] * 3
        row.update(mean_low=float(mean_ci[0]), mean_high=float(mean_ci[1]),
                   median=float(np.median(x)))
        for i, lab in enumerate(LABELS):
            row[f"share_{lab}"] = shares[i]
            row[f"share_{lab}_low"] = float(share_ci[i][0])
            row[f"share_{lab}_high"] = float(share_ci[i][1])
        rows.append(row)
    return pd.DataFrame(rows)
