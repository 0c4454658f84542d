"""Figures of tone: distributions, lexicon agreement, group comparisons, tone by target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corpus_tools.sentiment.lexicons import _numeric_columns, compare_lexicons
from corpus_tools.sentiment.vader import THRESHOLD, SentimentError

# --------------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------------

def plot_tone_distribution(scores: pd.DataFrame, *, by: str, column: str = "compound",
                           threshold: float = THRESHOLD, title: str | None = None):
    """Plot the per-sentence score distribution by group: box plot, points, neutral band shaded.

    Parameters
    ----------
    scores
        One row per sentence with columns ``by`` and ``column``.
    by
        Group column (one box per group, sorted).
    column
        Score column; default ``"compound"``.
    threshold
        Half-width of the shaded neutral band.
    title
        Figure title; a descriptive default is used when None.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "compound": [0.4, -0.2, 0.0]})
    >>> fig = plot_tone_distribution(df, by="outlet")
    >>> fig.axes[0].get_xlabel()
    'VADER compound (-1 most negative, +1 most positive)'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    for col in (by, column):
        if not isinstance(scores, pd.DataFrame) or col not in scores.columns:
            raise SentimentError(f"plot_tone_distribution: column {col!r} is missing.")
    if len(scores) == 0:
        raise SentimentError("plot_tone_distribution: the table is empty.")
    values = pd.to_numeric(scores[column], errors="coerce")
    if values.isna().any() or scores[by].isna().any():
        raise SentimentError(f"plot_tone_distribution: {column!r} or {by!r} has missing values.")
    groups = scores[by].astype(str)
    order = sorted(groups.unique())
    samples = [values[groups == g].to_numpy(dtype=float) for g in order]
    # seaborn's "colorblind" palette (Wong 2011), as in corpus_tools.plots
    colours = sns.color_palette("colorblind", len(order))
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(order) + 1.8))
    ax.axvspan(-threshold, threshold, color="0.88", zorder=0,
               label=f"neutral band (|score| < {threshold:g})")
    boxes = ax.boxplot(samples, positions=range(len(order)), orientation="horizontal",
                       widths=0.5, patch_artist=True, showfliers=False,
                       medianprops={"color": "0.1"}, zorder=1)
    for patch, colour in zip(boxes["boxes"], colours):
        patch.set_facecolor(colour)
        patch.set_alpha(0.45)
    rng = np.random.default_rng(0)  # fixed jitter: identical figure on every run
    for k, sample in enumerate(samples):
        jitter = rng.uniform(-0.15, 0.15, size=len(sample))
        ax.scatter(sample, k + jitter, s=12, color="0.15", alpha=0.8, zorder=2, linewidths=0)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.invert_yaxis()
    ax.set_xlabel("VADER compound (-1 most negative, +1 most positive)" if column == "compound"
                  else column)
    ax.set_ylabel(by)
    ax.set_yticks(range(len(order)), [f"{g} (n={len(x)})" for g, x in zip(order, samples)])
    ax.set_title(title or f"Sentence tone by {by}: one point per sentence")
    ax.legend(loc="lower right", fontsize="small", frameon=True)
    fig.tight_layout()
    return fig


def plot_lexicon_agreement(df: pd.DataFrame, *, x: str = "vader", y: str = "afinn",
                           title: str | None = None):
    """Scatter two lexicons' sentence scores, with Spearman's rho in the title.

    Parameters
    ----------
    df
        Table of scores, e.g. :func:`lexicon_scores`.
    x, y
        Score columns.
    title
        Figure title; default names both lexicons and rho.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> df = pd.DataFrame({"vader": [0.5, -0.2, 0.0, 0.9], "afinn": [3.0, -1.0, 1.0, 4.0]})
    >>> fig = plot_lexicon_agreement(df)
    >>> print(fig.axes[0].get_title())
    Sentence scores: vader vs afinn
    (Spearman rho = 1.00, n = 4)
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    cols = _numeric_columns(df, [x, y], who="plot_lexicon_agreement")
    rho = compare_lexicons(df, columns=cols).loc[0, "spearman_rho"]
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.axhline(0, color="0.7", lw=0.8, zorder=0)
    ax.axvline(0, color="0.7", lw=0.8, zorder=0)
    sns.scatterplot(data=df, x=x, y=y, color=sns.color_palette("colorblind")[0], alpha=0.75,
                    ax=ax)
    ax.set_xlabel(f"{x} score")
    ax.set_ylabel(f"{y} score")
    ax.set_title(title or f"Sentence scores: {x} vs {y}\n(Spearman rho = {rho:.2f}, n = {len(df)})")
    fig.tight_layout()
    return fig


def plot_tone_comparison(summaries: dict, *, by: str, title: str | None = None):
    """Dot-and-interval plot comparing several :func:`summarise_tone` tables group by group.

    Parameters
    ----------
    summaries
        Mapping ``label -> summarise_tone(...) table`` (e.g. ``{"VADER as shipped": a,
        "domain-adjusted": b}``); every table must have the ``by`` column.
    by
        The group column shared by the tables.
    title
        Figure title; a descriptive default is used when None.

    Returns
    -------
    matplotlib.figure.Figure
        One row per group, one marker per table (mean compound) with its bootstrap interval.

    Examples
    --------
    >>> a = pd.DataFrame({"outlet": ["A", "B"], "mean": [0.1, -0.2], "mean_low": [0.0, -0.3], "mean_high": [0.2, -0.1]})
    >>> fig = plot_tone_comparison({"default": a, "adjusted": a.assign(mean=[0.0, -0.1])}, by="outlet")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['default', 'adjusted']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if not summaries:
        raise SentimentError("plot_tone_comparison: no summaries given.")
    for label, table in summaries.items():
        missing = [c for c in (by, "mean", "mean_low", "mean_high") if c not in table.columns]
        if missing:
            raise SentimentError(f"plot_tone_comparison: summary {label!r} lacks column(s) {missing}.")
    order = sorted({g for t in summaries.values() for g in t[by].astype(str)})
    colours = sns.color_palette("colorblind", len(summaries))
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(order) + 1.8))
    ax.axvspan(-THRESHOLD, THRESHOLD, color="0.9", zorder=0)
    ax.axvline(0, color="0.6", lw=0.8, zorder=0)
    offsets = np.linspace(-0.18, 0.18, len(summaries)) if len(summaries) > 1 else [0.0]
    for (label, table), colour, off in zip(summaries.items(), colours, offsets):
        y = table[by].astype(str).map({g: i for i, g in enumerate(order)}).to_numpy() + off
        low = (table["mean"] - table["mean_low"]).to_numpy()
        high = (table["mean_high"] - table["mean"]).to_numpy()
        ax.errorbar(table["mean"], y, xerr=[low, high], fmt="o", color=colour, capsize=3, label=label)
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlabel("mean VADER compound per sentence (95% bootstrap interval)")
    ax.set_title(title or f"Mean sentence tone by {by}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=len(summaries), fontsize="small", frameon=False)
    fig.tight_layout()
    return fig


def plot_tone_by_target(table: pd.DataFrame, *, by: str, title: str | None = None):
    """Heatmap of :func:`tone_by_target`: mean tone per target (rows) and group (columns), n in cells.

    Examples
    --------
    >>> t = pd.DataFrame({"target": ["un", "un"], "outlet": ["A", "B"], "n": [3, 1], "mean": [0.2, float("nan")]})
    >>> fig = plot_tone_by_target(t, by="outlet")
    >>> fig.axes[0].get_xlabel()
    'outlet'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    means = table.pivot(index="target", columns=by, values="mean")
    counts = table.pivot(index="target", columns=by, values="n")
    order = list(dict.fromkeys(table["target"]))
    means, counts = means.loc[order], counts.loc[order]
    labels = np.array([[("" if np.isnan(m) else f"{m:+.2f}\n") + f"n={int(n)}" for m, n in zip(mr, nr)]
                       for mr, nr in zip(means.to_numpy(), counts.to_numpy())])
    fig, ax = plt.subplots(figsize=(1.6 * means.shape[1] + 2.5, 0.6 * means.shape[0] + 1.8))
    sns.heatmap(means, annot=labels, fmt="", cmap="RdBu", vmin=-1, vmax=1, center=0, linewidths=0.5,
                linecolor="white", cbar_kws={"label": "mean VADER compound"}, ax=ax, annot_kws={"fontsize": 8})
    ax.grid(False)
    ax.set_facecolor("white")
    ax.tick_params(axis="x", labelrotation=25)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    ax.set_ylabel("sentences mentioning")
    ax.set_xlabel(by)
    ax.set_title(title or "Tone of sentences that mention each actor (blank: too few sentences)")
    fig.tight_layout()
    return fig
