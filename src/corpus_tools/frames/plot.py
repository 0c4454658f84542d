"""Figures of frames: shares, co-occurrence, contested labels, evaluation.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from corpus_tools.frames.aggregate import _frame_label, frame_cooccurrence, frame_shares
from corpus_tools.frames.codebook import Codebook, _codebook
from corpus_tools.frames.errors import FramesError


def plot_frame_shares(shares: pd.DataFrame, *, by: str | None = None, title: str | None = None,
                      codebook: Codebook | str | Path | None = None) -> plt.Figure:
    """Heatmap of frame shares (rows: frames, columns: groups), annotated in percent.

    Parameters
    ----------
    shares
        Output of :func:`frame_shares`.
    by
        The group column to use as heatmap columns; default the single grouping column.
    title
        Figure title; a descriptive default is used.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B"], "political": [1, 0, 1]})
    >>> fig = plot_frame_shares(frame_shares(t, by="outlet", n_boot=50))
    >>> fig.axes[0].get_xlabel()
    'outlet'
    >>> plt.close(fig)
    """
    book = _codebook(codebook)
    stats = {"frame", "n_sentences", "n_documents", "n_tagged", "share", "ci_low", "ci_high", "unit", "note"}
    missing = {"frame", "share"} - set(shares.columns)
    if missing:
        raise FramesError(f"plot_frame_shares: expected the output of frame_shares; missing {sorted(missing)}.")
    group_cols = [c for c in shares.columns if c not in stats]
    if by is None:
        if len(group_cols) > 1:
            raise FramesError(f"plot_frame_shares: several grouping columns {group_cols}; say which one with by=.")
        by = group_cols[0] if group_cols else None
    data = shares.assign(_group=shares[by].astype(str) if by else "all")
    order = [f for f in book.ids if f in set(data["frame"])] + sorted(set(data["frame"]) - set(book.ids))
    matrix = data.pivot(index="frame", columns="_group", values="share").reindex(order)
    matrix.index = [_frame_label(f, book) for f in matrix.index]
    fig, ax = plt.subplots(figsize=(4.8 + 1.1 * matrix.shape[1], 0.9 + 0.42 * matrix.shape[0]))
    sns.heatmap(matrix, annot=True, fmt=".0%", cmap="cividis", vmin=0, vmax=1, linewidths=0.5,
                cbar_kws={"label": "share of sentences"}, ax=ax)
    ax.set_xlabel(by or "")
    ax.set_ylabel("frame")
    ax.set_title(title or f"Share of sentences carrying each frame (dictionary), by {by or 'corpus'}")
    fig.tight_layout()
    return fig


def plot_cooccurrence(matrix: pd.DataFrame, *, title: str | None = None,
                      codebook: Codebook | str | Path | None = None) -> plt.Figure:
    """Heatmap of a :func:`frame_cooccurrence` matrix (counts as integers, other measures 2 decimals).

    Parameters
    ----------
    matrix
        Square frame-by-frame table.
    title
        Figure title; a descriptive default is used.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"political": [1, 1, 0], "economic": [1, 0, 0]})
    >>> fig = plot_cooccurrence(frame_cooccurrence(t))
    >>> fig.axes[0].get_title()
    'Sentences carrying both frames (dictionary)'
    >>> plt.close(fig)
    """
    book = _codebook(codebook)
    if matrix.shape[0] != matrix.shape[1] or list(matrix.index) != list(matrix.columns):
        raise FramesError("plot_cooccurrence: expected a square frame-by-frame matrix from frame_cooccurrence.")
    is_count = pd.api.types.is_integer_dtype(matrix.to_numpy().dtype)
    labels = [_frame_label(f, book) for f in matrix.index]
    shown = pd.DataFrame(matrix.to_numpy(), index=labels, columns=labels)
    size = 1.5 + 0.5 * len(labels)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    sns.heatmap(shown, annot=True, fmt="d" if is_count else ".2f", cmap="cividis", linewidths=0.5,
                square=True, cbar_kws={"label": "sentences" if is_count else "value"}, ax=ax,
                annot_kws={"fontsize": 7})
    ax.set_xlabel("frame")
    ax.set_ylabel("frame")
    ax.set_title(title or ("Sentences carrying both frames (dictionary)" if is_count
                           else "Frame co-occurrence (dictionary)"))
    fig.tight_layout()
    return fig


def plot_contested_labels(counts: pd.DataFrame, *, title: str | None = None) -> plt.Figure:
    """Heatmap of :func:`contested_label_counts` (groups x labels), zero-count labels dropped.

    Examples
    --------
    >>> counts = pd.DataFrame({"illegal": [2, 0], "migrant": [0, 3], "alien": [0, 0]}, index=["A", "B"])
    >>> fig = plot_contested_labels(counts)
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['illegal', 'migrant']
    >>> plt.close(fig)
    """
    if not isinstance(counts, pd.DataFrame) or counts.empty:
        raise FramesError("plot_contested_labels: expected a non-empty table from contested_label_counts.")
    used = counts.loc[:, counts.sum(axis=0) > 0]
    if used.empty:
        raise FramesError("plot_contested_labels: no contested label occurs in these texts.")
    fig, ax = plt.subplots(figsize=(1.2 + 0.75 * used.shape[1], 1.4 + 0.5 * used.shape[0]))
    sns.heatmap(used, annot=True, fmt="d", cmap="Greys", linewidths=0.5, linecolor="white", cbar=False, ax=ax)
    ax.set_xlabel("label (each mention counted once, under its most specific label)")
    ax.set_ylabel("")
    ax.tick_params(axis="x", labelrotation=35)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    ax.set_title(title or "Words for people who migrate: mentions per group")
    fig.tight_layout()
    return fig


def plot_evaluation(evaluation: pd.DataFrame, *, title: str | None = None,
                    codebook: Codebook | str | Path | None = None) -> plt.Figure:
    """Precision, recall and F1 per frame (from :func:`evaluate_against_gold`), support in labels.

    Examples
    --------
    >>> ev = pd.DataFrame({"frame": ["political"], "support": [4], "precision": [0.5], "recall": [1.0], "f1": [0.667]})
    >>> fig = plot_evaluation(ev)
    >>> fig.axes[0].get_yticklabels()[0].get_text()
    'Political (n=4)'
    >>> plt.close(fig)
    """
    missing = {"frame", "support", "precision", "recall", "f1"} - set(evaluation.columns)
    if missing:
        raise FramesError(f"plot_evaluation: expected evaluate_against_gold output; missing {sorted(missing)}.")
    book = _codebook(codebook)
    ev = evaluation.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.5, 1.6 + 0.36 * len(ev)))
    markers = {"precision": "o", "recall": "s", "f1": "D"}
    for (metric, marker), colour in zip(markers.items(), sns.color_palette("colorblind", 3)):
        ax.scatter(ev[metric], range(len(ev)), marker=marker, color=colour, label=metric, zorder=3,
                   s=40 if metric == "f1" else 28)
    ax.set_yticks(range(len(ev)), [f"{_frame_label(f, book)} (n={n})" for f, n in zip(ev["frame"], ev["support"])])
    ax.set_ylim(len(ev) - 0.5, -0.5)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("score against the reference coding\n(n = sentences the reference codes as carrying the frame)")
    ax.set_title(title or "Dictionary vs reference coding, per frame")
    ax.legend(loc="lower left", frameon=True, fontsize="small")
    fig.tight_layout()
    return fig
