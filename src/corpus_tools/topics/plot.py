"""Figures of topic models: top terms, shares, ``k`` selection (plain and calibrated against
shuffled text), preprocessing sensitivity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from corpus_tools.topics.calibrate import _check_table
from corpus_tools.topics.fit import fit_nmf
from corpus_tools.topics.model import (
    STABILITY_THRESHOLD,
    TopicModel,
    TopicModelError,
    _positive_int,
)

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


def plot_calibrated_k(table: pd.DataFrame) -> Figure:
    """Plot observed stability and coherence against k over the shuffled-text null.

    Left: stability with the null mean, a band of ± 2 null SD and the bar to beat.
    Right: mean NPMI and the least coherent topic, with the null mean, the bar to beat and
    the per-topic floor. Filled markers: interpretable k; hollow: not.

    Examples
    --------
    >>> table = pd.DataFrame({"k": [2, 3], "stability": [0.8, 0.5],
    ...     "null_stability_mean": [0.5, 0.5], "null_stability_sd": [0.03, 0.02],
    ...     "stability_needed": [0.6, 0.6], "coherence": [0.2, 0.1],
    ...     "null_coherence_mean": [0.0, 0.0], "coherence_needed": [0.05, 0.05],
    ...     "min_topic_coherence": [0.1, -0.2], "coherence_floor": [0.0, 0.0],
    ...     "interpretable": [True, False]})
    >>> [ax.get_ylabel() for ax in plot_calibrated_k(table).axes]
    ['agreement with full-data model', 'NPMI of top terms']
    """
    t = _check_table(table)
    colors = mpl.rcParams["axes.prop_cycle"].by_key().get("color", ["C0", "C1", "C2"])
    obs, null_c = colors[0], "0.45"
    ks = t["k"].to_numpy()
    ok = t["interpretable"].astype(bool).to_numpy()
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    ax_s, ax_c = fig.subplots(1, 2, sharex=True)

    mean, sd = t["null_stability_mean"].to_numpy(), t["null_stability_sd"].to_numpy()
    ax_s.fill_between(ks, mean - 2 * sd, mean + 2 * sd, color=null_c, alpha=0.2, label="null ± 2 SD")
    ax_s.plot(ks, mean, color=null_c, label="null (words shuffled)")
    ax_s.plot(ks, t["stability_needed"], color=null_c, linestyle="--", label="bar to beat")
    ax_s.plot(ks, t["stability"], color=obs, label="observed")
    ax_s.scatter(ks[ok], t["stability"].to_numpy()[ok], color=obs, zorder=3, label="interpretable")
    ax_s.scatter(ks[~ok], t["stability"].to_numpy()[~ok], facecolors="white", edgecolors=obs, zorder=3,
                 label="not interpretable")
    ax_s.set_ylim(0, 1.05)
    ax_s.set_ylabel("agreement with full-data model")
    ax_s.set_title("Stability vs shuffled text")

    cmean = t["null_coherence_mean"].to_numpy()
    ax_c.plot(ks, cmean, color=null_c)
    ax_c.plot(ks, t["coherence_needed"], color=null_c, linestyle="--")
    ax_c.plot(ks, t["coherence_floor"], color="0.2", linestyle=":", label="per-topic floor")
    ax_c.plot(ks, t["coherence"], color=obs)
    ax_c.scatter(ks[ok], t["coherence"].to_numpy()[ok], color=obs, zorder=3)
    ax_c.scatter(ks[~ok], t["coherence"].to_numpy()[~ok], facecolors="white", edgecolors=obs, zorder=3)
    ax_c.plot(ks, t["min_topic_coherence"], color=obs, linestyle="none", marker="v", alpha=0.7,
              label="least coherent topic")
    ax_c.set_ylabel("NPMI of top terms")
    ax_c.set_title("Coherence vs shuffled text (mean, least)")
    for ax in (ax_s, ax_c):
        ax.set_xlabel("number of topics k")
        ax.set_xticks([int(k) for k in ks])
    handles, names = [], []
    for ax in (ax_s, ax_c):
        h, n = ax.get_legend_handles_labels()
        handles += h
        names += n
    fig.legend(handles, names, loc="outside lower center", ncols=4, frameon=False)
    fig.suptitle("Is k better than shuffled text?")
    return fig
