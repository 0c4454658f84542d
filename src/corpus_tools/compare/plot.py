"""Figures of comparison results: keyness bars, the fightin'-words scatter, a clustered
similarity heatmap."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform

from corpus_tools.compare.errors import CompareError
from corpus_tools.compare.similarity import document_similarity
from corpus_tools.compare.statistics import Z_CRITICAL, fightin_words, keyness


def plot_keyness(keyness_df: pd.DataFrame, *, n: int = 10) -> plt.Figure:
    """Bar chart of each group's ``n`` most over-used terms (one facet per group).

    Parameters
    ----------
    keyness_df
        Output of :func:`keyness` (either method).
    n
        Terms per group (the highest signed G² or z-score).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> counts = {"A": {"border": 10, "child": 2, "law": 5}, "B": {"border": 2, "child": 9, "law": 5}}
    >>> fig = plot_keyness(keyness(counts, min_count=3), n=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['A (small group)', 'B (small group)']
    >>> plt.close(fig)
    """
    if not isinstance(keyness_df, pd.DataFrame) or not {"group", "term"} <= set(keyness_df.columns):
        raise CompareError("keyness_df must be the DataFrame returned by keyness().")
    score = "signed_g2" if "signed_g2" in keyness_df.columns else "zscore" if "zscore" in keyness_df.columns else None
    if score is None:
        raise CompareError("keyness_df has neither 'signed_g2' nor 'zscore'. Fix: pass keyness() output.")
    if keyness_df.empty or n < 1:
        raise CompareError("nothing to plot: keyness_df is empty or n < 1.")
    groups = list(dict.fromkeys(keyness_df["group"]))
    ncols = min(3, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.32 * n * nrows + 1.6 * nrows), squeeze=False)
    colours = sns.color_palette("colorblind", len(groups))
    for ax, group, colour in zip(axes.flat, groups, colours):
        rows = keyness_df[keyness_df["group"] == group]
        rows = rows.sort_values([score, "term"], ascending=[False, True], kind="mergesort").head(n)
        ax.barh(rows["term"][::-1], rows[score][::-1], color=colour)
        warn = "warning" in rows.columns and (rows["warning"] != "").any()
        ax.set_title(f"{group} (small group)" if warn else str(group))
        ax.set_xlabel("signed log-likelihood G²" if score == "signed_g2" else "log-odds z-score")
        ax.axvline(0, color="black", linewidth=0.6)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    method = "log-likelihood" if score == "signed_g2" else "log-odds ratio, Dirichlet prior"
    fig.suptitle(f"Most over-used terms per group, each group vs the rest ({method})")
    fig.tight_layout()
    return fig


def plot_fightin_words(fw_df: pd.DataFrame, *, label_top: int = 10, labels: tuple[str, str] = ("A", "B")) -> plt.Figure:
    """Scatter of log-odds z-scores against term frequency, after Monroe et al.'s (2008) figures.

    Points are sized by |z| and coloured by side (|z| > 1.96); the ``label_top`` terms with the
    highest and the lowest z are labelled. Terms with zero total count are not drawn.

    Parameters
    ----------
    fw_df
        Output of :func:`fightin_words` (``count_a``, ``count_b``, ``zscore``, indexed by term),
        or of ``keyness(..., method="fightin_words")`` for one group (``term``,
        ``count_target``, ``count_reference``, ``zscore``).
    label_top
        How many terms to label on each side.
    labels
        Names of corpus a and corpus b for the legend.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from collections import Counter
    >>> fw = fightin_words(Counter("a a a b c".split()), Counter("a b b b c".split()))
    >>> fig = plot_fightin_words(fw, label_top=1, labels=("Newsweek", "VOA"))
    >>> fig.axes[0].get_ylabel()
    'z-score of log-odds ratio (Newsweek vs VOA)'
    >>> plt.close(fig)
    """
    if not isinstance(fw_df, pd.DataFrame):
        raise CompareError(f"fw_df must be a DataFrame, got {type(fw_df).__name__}.")
    if {"count_a", "count_b", "zscore"} <= set(fw_df.columns):
        terms = fw_df["term"] if "term" in fw_df.columns else pd.Series(fw_df.index, index=fw_df.index)
        total = fw_df["count_a"] + fw_df["count_b"]
    elif {"term", "count_target", "count_reference", "zscore"} <= set(fw_df.columns):
        if "group" in fw_df.columns and fw_df["group"].nunique() > 1:
            raise CompareError("fw_df holds several groups. Fix: select one, e.g. df[df.group == 'X'].")
        terms, total = fw_df["term"], fw_df["count_target"] + fw_df["count_reference"]
    else:
        raise CompareError("fw_df must come from fightin_words() or keyness(method='fightin_words').")
    data = pd.DataFrame({"term": terms.astype(str).to_numpy(), "total": total.to_numpy(dtype=float),
                         "z": fw_df["zscore"].to_numpy(dtype=float)})
    data = data[data["total"] > 0]
    if data.empty:
        raise CompareError("nothing to plot: every term has a zero count.")
    data["x"] = np.log10(data["total"])
    blue, orange = sns.color_palette("colorblind", 2)
    side = np.where(data["z"] > Z_CRITICAL, 0, np.where(data["z"] < -Z_CRITICAL, 1, 2))
    fig, ax = plt.subplots(figsize=(8, 6))
    for code, colour, name in ((2, "0.7", f"|z| <= {Z_CRITICAL}"), (0, blue, f"more in {labels[0]}"),
                               (1, orange, f"more in {labels[1]}")):
        part = data[side == code]
        ax.scatter(part["x"], part["z"], s=8 + 12 * part["z"].abs().clip(upper=8), color=colour,
                   alpha=0.8, label=name, edgecolors="none")
    ax.axhline(Z_CRITICAL, color="0.4", linewidth=0.6, linestyle="--")
    ax.axhline(-Z_CRITICAL, color="0.4", linewidth=0.6, linestyle="--")
    ordered = data.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
    for _, row in pd.concat([ordered.head(label_top), ordered.tail(label_top)]).drop_duplicates("term").iterrows():
        ax.annotate(row["term"], (row["x"], row["z"]), xytext=(3, 0), textcoords="offset points",
                    fontsize=8, va="center")
    ax.set_xlabel("log10 frequency of the term (both corpora)")
    ax.set_ylabel(f"z-score of log-odds ratio ({labels[0]} vs {labels[1]})")
    ax.set_title("Fightin' words: log-odds ratio with Dirichlet prior (Monroe et al. 2008)")
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig


def plot_similarity(sim: pd.DataFrame, *, method: str = "average", annot: bool = True) -> plt.Figure:
    """Clustered heatmap of a similarity table (seaborn ``clustermap``), deterministic.

    The dendrograms come from ``scipy.cluster.hierarchy.linkage`` on the distances ``1 - sim``
    (``method`` linkage, default average), computed here and passed to seaborn, so the order does
    not depend on seaborn's defaults.

    Parameters
    ----------
    sim
        Square symmetric table, e.g. from :func:`document_similarity`.
    method
        Linkage method for ``scipy.cluster.hierarchy.linkage``.
    annot
        Print the values in the cells.

    Returns
    -------
    matplotlib.figure.Figure
        The ``ClusterGrid``'s figure.

    Examples
    --------
    >>> sim = document_similarity(["border children detention", "children detention camps",
    ...                            "trade tariffs"], labels=["a", "b", "c"])
    >>> fig = plot_similarity(sim)
    >>> fig._suptitle.get_text()
    'Cosine similarity of TF-IDF vectors (average-linkage clustering)'
    >>> plt.close(fig)
    """
    if not isinstance(sim, pd.DataFrame) or sim.shape[0] != sim.shape[1] or sim.shape[0] < 2:
        raise CompareError("sim must be a square DataFrame of at least 2 x 2 (from document_similarity).")
    if list(sim.index) != list(sim.columns):
        raise CompareError("sim must have the same labels, in the same order, on rows and columns.")
    values = sim.to_numpy(dtype=float)
    if not np.all(np.isfinite(values)) or not np.allclose(values, values.T):
        raise CompareError("sim must be finite and symmetric.")
    distance = np.clip(1.0 - values, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method=method)
    size = max(4.0, 1.1 * len(sim) + 2.5)
    grid = sns.clustermap(sim, row_linkage=tree, col_linkage=tree, cmap="viridis", vmin=0, vmax=1,
                          annot=annot, fmt=".2f", figsize=(size, size),
                          cbar_kws={"label": "cosine similarity"})
    grid.figure.suptitle(f"Cosine similarity of TF-IDF vectors ({method}-linkage clustering)", y=1.02)
    return grid.figure
