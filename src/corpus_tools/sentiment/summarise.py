"""Tone per group with percentile-bootstrap intervals at the right unit (:func:`summarise_tone`).

Groups of several documents are bootstrapped over documents (all sentences of a drawn document
kept), groups of one document over sentences; small groups get no interval
(:mod:`corpus_tools.stats`). :func:`summarise_tone_findings` turns the table into sentences.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corpus_tools.sentiment.vader import LABELS, THRESHOLD, SentimentError, label_polarity
from corpus_tools.stats import (
    MIN_DOCUMENTS,
    MIN_SENTENCES,
    bootstrap_unit,
    cluster_mean_draws,
    group_seed,
    interval_note,
    percentile_interval,
    resample_indices,
)

# --------------------------------------------------------------------------------------------
# Aggregation
# --------------------------------------------------------------------------------------------

def summarise_tone(scores: pd.DataFrame, *, by, column: str = "compound", n_boot: int = 2000,
                   seed: int = 0, level: float = 0.95,
                   threshold: float = THRESHOLD, cluster: str | None = None,
                   min_sentences: int = MIN_SENTENCES, min_documents: int = MIN_DOCUMENTS) -> pd.DataFrame:
    """Summarise sentence tone per group, with percentile-bootstrap intervals at the right unit.

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
    cluster
        Column naming each sentence's document (e.g. ``"doc_id"``). When given, a group with
        several documents is bootstrapped over documents (each resample draws documents with
        replacement and keeps all their sentences: a cluster bootstrap), and a group of one
        document over its sentences. ``None``: every group over its sentences, as if they were
        independent (only right when each group is one document).
    min_sentences, min_documents
        No interval below this many sentences, or (for a document bootstrap) documents; the
        interval columns are then NaN and ``note`` says why
        (:data:`corpus_tools.stats.MIN_SENTENCES` = 5, :data:`~corpus_tools.stats.MIN_DOCUMENTS` = 3).

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by group: the ``by`` column(s), ``n`` (sentences),
        ``n_documents`` (only with ``cluster``), ``unit`` (``"documents"`` or ``"sentences"``:
        what was resampled), ``mean``, ``mean_low``, ``mean_high``, ``median``, for each of
        positive, neutral, negative: ``share_<label>``, ``share_<label>_low``,
        ``share_<label>_high``, and ``note`` (``""``, or why the group has no interval). Each
        resample gives a mean and three shares over the pooled sentences; the bounds are
        percentiles of those. A group of identical values has a zero-width interval. Read a
        sentence-level interval as describing these sentences of one document, not as
        inference to the outlet's other documents.

    Raises
    ------
    SentimentError
        Empty table, missing column, missing values, unscored rows, an empty category of a
        categorical ``by`` column, or a bad option.

    Examples
    --------
    >>> df = pd.DataFrame({"doc": ["a", "a", "a", "a", "b"],
    ...                    "compound": [0.5, 0.5, -0.5, 0.0, 0.3]})
    >>> out = summarise_tone(df, by="doc", n_boot=200, min_sentences=2)
    >>> out[["doc", "n", "unit", "mean", "share_positive", "share_negative"]]
      doc  n       unit   mean  share_positive  share_negative
    0   a  4  sentences  0.125             0.5            0.25
    1   b  1  sentences  0.300             1.0            0.00
    >>> bool(out.loc[1, ["mean_low", "mean_high"]].isna().all()), out.loc[1, "note"]
    (True, 'no interval: 1 sentence (fewer than 2)')
    """
    if not isinstance(scores, pd.DataFrame):
        raise SentimentError("summarise_tone: scores must be a pandas DataFrame.")
    by_cols = [by] if isinstance(by, str) else list(by)
    if not by_cols:
        raise SentimentError("summarise_tone: 'by' names no column.")
    for col in by_cols + [column] + ([cluster] if cluster is not None else []):
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
    for name, value in (("min_sentences", min_sentences), ("min_documents", min_documents)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 2:
            raise SentimentError(f"summarise_tone: {name}={value!r}; use an integer >= 2.")
    if cluster is not None and scores[cluster].isna().any():
        raise SentimentError(f"summarise_tone: cluster column {cluster!r} has missing values.")
    doc_all = scores[cluster].astype(str).to_numpy() if cluster is not None else None
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
        n_docs = len(set(doc_all[pos])) if doc_all is not None else 1
        unit = bootstrap_unit(n_docs)
        row["n"] = n
        if doc_all is not None:
            row["n_documents"] = n_docs
        row.update(unit=unit, mean=float(np.mean(x)))
        shares = [float(np.mean(c == i)) for i in range(3)]
        note = interval_note(n, n_docs, min_sentences=min_sentences, min_documents=min_documents)
        if not note and unit == "sentences":
            rng = np.random.default_rng(group_seed(seed, key))
            idx = resample_indices(n, n_boot=n_boot, rng=rng)
            boot_mean = x[idx].mean(axis=1)
            boot_share = [(c[idx] == i).mean(axis=1) for i in range(3)]
            mean_ci = percentile_interval(boot_mean, level=level)
            share_ci = [percentile_interval(b, level=level) for b in boot_share]
        elif not note:
            rng = np.random.default_rng(group_seed(seed, key))
            columns = np.column_stack([x] + [(c == i).astype(float) for i in range(3)])
            draws = cluster_mean_draws(columns, doc_all[pos], n_boot=n_boot, rng=rng)
            mean_ci = percentile_interval(draws[:, 0], level=level)
            share_ci = [percentile_interval(draws[:, 1 + i], level=level) for i in range(3)]
        else:
            mean_ci = [np.nan, np.nan]
            share_ci = [[np.nan, np.nan]] * 3
        row.update(mean_low=float(mean_ci[0]), mean_high=float(mean_ci[1]),
                   median=float(np.median(x)))
        for i, lab in enumerate(LABELS):
            row[f"share_{lab}"] = shares[i]
            row[f"share_{lab}_low"] = float(share_ci[i][0])
            row[f"share_{lab}_high"] = float(share_ci[i][1])
        row["note"] = note
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Findings from the numbers
# --------------------------------------------------------------------------------------------

def _interval(row) -> str:
    """``-0.21 [-0.35, -0.08]; 24 sentences, 1 document, sentence bootstrap`` (or why no interval)."""
    docs = f", {row['n_documents']} document{'s' if row['n_documents'] != 1 else ''}" if "n_documents" in row else ""
    if row.get("note"):
        return f"{row['mean']:+.2f} ({row['n']} sentences{docs}; {row['note']})"
    return (f"{row['mean']:+.2f} [{row['mean_low']:+.2f}, {row['mean_high']:+.2f}] "
            f"({row['n']} sentences{docs}; {row['unit'][:-1]} bootstrap)")


def summarise_tone_findings(summary: pd.DataFrame, *, by: str, what: str = "Mean sentence tone") -> list[str]:
    """Sentences stating a :func:`summarise_tone` table: the range of means, with n and the interval.

    Examples
    --------
    >>> summary = pd.DataFrame({"outlet": ["X", "Y"], "n": [30, 3], "unit": ["sentences"] * 2,
    ...     "mean": [-0.2, 0.1], "mean_low": [-0.3, np.nan], "mean_high": [-0.1, np.nan],
    ...     "share_negative": [0.5, 0.0], "note": ["", "no interval: 3 sentences (fewer than 5)"]})
    >>> for line in summarise_tone_findings(summary, by="outlet"):
    ...     print(line)
    Mean sentence tone is lowest for X: -0.20 [-0.30, -0.10] (30 sentences; sentence bootstrap), and highest for Y: +0.10 (3 sentences; no interval: 3 sentences (fewer than 5)).
    The share of negative sentences ranges from 0% (Y) to 50% (X).
    """
    if summary.empty:
        return []
    order = summary.sort_values(["mean", by], ascending=[True, True])
    low, high = order.iloc[0], order.iloc[-1]
    if len(order) == 1:
        lines = [f"{what} for {low[by]}: {_interval(low)}; {100 * low['share_negative']:.0f}% of its sentences "
                 "are negative."]
        return lines
    lines = [f"{what} is lowest for {low[by]}: {_interval(low)}, and highest for {high[by]}: {_interval(high)}."]
    both = low.get("note", "") == "" and high.get("note", "") == ""
    if both and low["mean_high"] >= high["mean_low"]:
        lines.append("Their intervals overlap, so this ordering is not clear-cut.")
    neg = summary.sort_values(["share_negative", by])
    lines.append(f"The share of negative sentences ranges from {100 * neg['share_negative'].iloc[0]:.0f}% "
                 f"({neg[by].iloc[0]}) to {100 * neg['share_negative'].iloc[-1]:.0f}% ({neg[by].iloc[-1]}).")
    return lines


def summarise_adjustment_findings(effect: pd.DataFrame, before: pd.DataFrame, after: pd.DataFrame, *,
                                  by: str) -> list[str]:
    """Sentences on what a domain adjustment changed (:func:`adjustment_effect`, two summaries).

    Examples
    --------
    >>> effect = pd.DataFrame({"difference": [0.0, -0.4, 0.1], "label_changed": [False, True, False]})
    >>> before = pd.DataFrame({"g": ["X", "Y"], "mean": [0.1, -0.2]})
    >>> after = pd.DataFrame({"g": ["X", "Y"], "mean": [-0.3, -0.2]})
    >>> for line in summarise_adjustment_findings(effect, before, after, by="g"):
    ...     print(line)
    The domain adjustment changes the score of 2 of 3 sentences and the label of 1.
    The largest shift in a group's mean is X: +0.10 to -0.30.
    The ordering of groups by mean tone changes (before: Y, X; after: X, Y).
    """
    changed = int((effect["difference"] != 0).sum())
    lines = [f"The domain adjustment changes the score of {changed} of {len(effect)} sentences and the label "
             f"of {int(effect['label_changed'].sum())}."]
    merged = before[[by, "mean"]].merge(after[[by, "mean"]], on=by, suffixes=("_before", "_after"))
    if merged.empty:
        return lines
    merged["shift"] = (merged["mean_after"] - merged["mean_before"]).abs()
    top = merged.sort_values(["shift", by], ascending=[False, True]).iloc[0]
    if top["shift"] > 0:
        lines.append(f"The largest shift in a group's mean is {top[by]}: {top['mean_before']:+.2f} to "
                     f"{top['mean_after']:+.2f}.")
    if len(merged) >= 2:
        rank_b = merged.sort_values(["mean_before", by])[by].tolist()
        rank_a = merged.sort_values(["mean_after", by])[by].tolist()
        if rank_b == rank_a:
            lines.append("The ordering of groups by mean tone is the same before and after.")
        else:
            lines.append("The ordering of groups by mean tone changes "
                         f"(before: {', '.join(map(str, rank_b))}; after: {', '.join(map(str, rank_a))}).")
    return lines


def summarise_lexicon_agreement(comparison: pd.DataFrame) -> list[str]:
    """Sentences on how far lexicons agree, from :func:`compare_lexicons`.

    Examples
    --------
    >>> comp = pd.DataFrame({"lexicon_a": ["vader", "vader"], "lexicon_b": ["afinn", "textblob"],
    ...                      "n": [100, 100], "spearman_rho": [0.81, 0.42], "sign_agreement": [0.7, 0.5]})
    >>> print(summarise_lexicon_agreement(comp)[0])
    Over 100 sentences, rank agreement (Spearman's rho) is highest between vader and afinn (0.81) and lowest between vader and textblob (0.42).
    """
    comp = comparison.dropna(subset=["spearman_rho"]).sort_values("spearman_rho", ascending=False)
    if comp.empty:
        return ["No pair of lexicons could be compared (too few sentences with a score)."]
    best, worst = comp.iloc[0], comp.iloc[-1]
    if len(comp) == 1:
        return [f"Over {best['n']} sentences, Spearman's rho between {best['lexicon_a']} and {best['lexicon_b']} "
                f"is {best['spearman_rho']:.2f}."]
    return [f"Over {best['n']} sentences, rank agreement (Spearman's rho) is highest between {best['lexicon_a']} "
            f"and {best['lexicon_b']} ({best['spearman_rho']:.2f}) and lowest between {worst['lexicon_a']} and "
            f"{worst['lexicon_b']} ({worst['spearman_rho']:.2f})."]


def summarise_target_findings(by_target: pd.DataFrame, *, by: str) -> list[str]:
    """Sentences on tone by target, from :func:`tone_by_target` (cells left blank are not used).

    Examples
    --------
    >>> t = pd.DataFrame({"target": ["public", "public", "business"], "g": ["X", "Y", "X"],
    ...                   "n": [6, 1, 4], "mean": [-0.4, np.nan, 0.2]})
    >>> print(summarise_target_findings(t, by="g")[0])
    Of the 2 actor x group cells with enough sentences, the most negative is public in X (-0.40, 6 sentences) and the most positive business in X (+0.20, 4 sentences).
    """
    cells = by_target.dropna(subset=["mean"]).sort_values(["mean", "target", by])
    if cells.empty:
        return []
    low, high = cells.iloc[0], cells.iloc[-1]
    if len(cells) == 1:
        return [f"Only one actor x group cell has enough sentences: {low['target']} in {low[by]} "
                f"({low['mean']:+.2f}, {low['n']} sentences)."]
    return [f"Of the {len(cells)} actor x group cells with enough sentences, the "
            f"{'most negative' if low['mean'] < 0 else 'least positive'} is {low['target']} in "
            f"{low[by]} ({low['mean']:+.2f}, {low['n']} sentences) and the "
            f"{'most positive' if high['mean'] > 0 else 'least negative'} {high['target']} in "
            f"{high[by]} ({high['mean']:+.2f}, {high['n']} sentences)."]
