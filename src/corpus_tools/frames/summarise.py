"""Findings about frames written from the result tables, so they are true on any corpus.

Each function turns one table of notebook 02 into a short Markdown text (shown with
:func:`corpus_tools.findings.show`). None of them types a number, group or frame name that is
not in the table it is given.

Examples
--------
>>> shares = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "frame": ["law", "crime"] * 2,
...                        "share": [0.5, 0.2, 0.1, 0.4], "n_tagged": [5, 2, 1, 4],
...                        "n_sentences": [10, 10, 10, 10]})
>>> print(summarise_shares(shares, by="outlet", n=1))
- **A**: law (50% of 10 sentences).
- **B**: crime (40% of 10 sentences).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from corpus_tools.findings import _count_argument, bullets, format_share, join_names

__all__ = [
    "frame_name",
    "summarise_contested_labels",
    "summarise_cooccurrence",
    "summarise_evaluation",
    "summarise_model_comparison",
    "summarise_shares",
    "summarise_voice",
]


def frame_name(frame: str, codebook=None) -> str:
    """The codebook's display name of a frame id, in lower case (the id itself without a codebook).

    >>> frame_name("sv_conflict")
    'sv_conflict'
    """
    if codebook is not None:
        try:
            return codebook[frame].name.lower()
        except (KeyError, AttributeError):
            pass
    return frame


def summarise_shares(shares: pd.DataFrame, *, by: str, n: int | None = None, codebook=None, max_groups: int = 12,
                     top: int | None = None) -> str:
    """One bullet per group (at most ``max_groups``, the largest): its ``n`` frames (default 3)
    with shares and sentence counts. ``top=`` is the deprecated old name of ``n`` (one release,
    ``FutureWarning``).

    >>> shares = pd.DataFrame({"g": ["x"], "frame": ["law"], "share": [0.0], "n_tagged": [0], "n_sentences": [4]})
    >>> print(summarise_shares(shares, by="g"))
    - **x**: no frame carried by any of its 4 sentences.
    """
    n = _count_argument(n, top, function="summarise_shares", default=3)
    lines = []
    sizes = shares.groupby(by, sort=True)["n_sentences"].first().sort_values(ascending=False, kind="stable")
    for group in sizes.index[:max_groups]:
        rows = shares[shares[by] == group].sort_values(["share", "frame"], ascending=[False, True])
        rows = rows[rows["n_tagged"] > 0].head(n)
        size = int(sizes[group])
        if rows.empty:
            lines.append(f"**{group}**: no frame carried by any of its {size} sentences.")
            continue
        parts = [f"{frame_name(r.frame, codebook)} ({format_share(r.share)})" for r in rows.itertuples()]
        if len(parts) == 1:
            parts[0] = parts[0][:-1] + f" of {size} sentences)"
            lines.append(f"**{group}**: {parts[0]}.")
        else:
            lines.append(f"**{group}** ({size} sentences): {join_names(parts)}.")
    if len(sizes) > max_groups:
        lines.append(f"{len(sizes) - max_groups} smaller groups not listed (see the table).")
    return bullets(lines)


def summarise_cooccurrence(matrix: pd.DataFrame, *, n: int | None = None, codebook=None,
                           top: int | None = None) -> str:
    """Name the ``n`` frame pairs (default 3) with the highest similarity in a co-occurrence matrix.

    ``top=`` is the deprecated old name of ``n`` (one release, ``FutureWarning``).

    >>> m = pd.DataFrame([[1, .6, .1], [.6, 1, .2], [.1, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> print(summarise_cooccurrence(m, n=2))
    The frame pairs that most often tag the same sentences are a and b (Jaccard 0.60), and b and c (0.20).
    """
    n = _count_argument(n, top, function="summarise_cooccurrence", default=3)
    values = matrix.to_numpy(dtype=float)
    ids = list(matrix.index)
    pairs = [(values[i, j], ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids))
             if np.isfinite(values[i, j]) and values[i, j] > 0]
    if not pairs:
        return "No two frames tag the same sentence."
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    words = [f"{frame_name(a, codebook)} and {frame_name(b, codebook)}" for _, a, b in pairs[:n]]
    first = f"{words[0]} (Jaccard {pairs[0][0]:.2f})"
    rest = [f"{w} ({v:.2f})" for w, (v, _, _) in zip(words[1:], pairs[1:n], strict=False)]
    text = first if not rest else first + ", " + ", ".join(rest[:-1]) + (", " if rest[:-1] else "") + "and " + rest[-1]
    return f"The frame pairs that most often tag the same sentences are {text}."


def summarise_voice(voice_shares: pd.DataFrame, *, n: int | None = None, codebook=None, min_sentences: int = 10,
                    top: int | None = None) -> str:
    """The ``n`` frames (default 3) whose share differs most between quoted speech and narration,
    with both sentence counts. ``top=`` is the deprecated old name of ``n`` (one release,
    ``FutureWarning``).

    >>> t = pd.DataFrame({"voice": ["quote", "narration"] * 2, "frame": ["law", "law", "crime", "crime"],
    ...                   "share": [0.5, 0.2, 0.3, 0.3], "n_sentences": [12, 30, 12, 30]})
    >>> print(summarise_voice(t, n=1))
    Quoted speech (12 sentences) and narration (30 sentences) differ most on law (50% vs 20%).
    """
    n = _count_argument(n, top, function="summarise_voice", default=3)
    wide = voice_shares.pivot_table(index="frame", columns="voice", values="share")
    sizes = voice_shares.groupby("voice")["n_sentences"].first()
    if not {"quote", "narration"} <= set(wide.columns):
        return "The corpus has no quoted sentences (or no narration), so voices cannot be compared."
    nq, nn = int(sizes["quote"]), int(sizes["narration"])
    if min(nq, nn) < min_sentences:
        return (f"Only {nq} quoted and {nn} narration sentences: too few (under {min_sentences}) "
                f"to compare frames by voice.")
    diff = (wide["quote"] - wide["narration"]).abs().sort_values(ascending=False, kind="stable")
    diff = diff[diff > 0].head(n)
    if diff.empty:
        return f"Quoted speech ({nq} sentences) and narration ({nn} sentences) carry each frame equally often."
    parts = [f"{frame_name(f, codebook)} ({format_share(wide.loc[f, 'quote'])} vs "
             f"{format_share(wide.loc[f, 'narration'])})" for f in diff.index]
    return f"Quoted speech ({nq} sentences) and narration ({nn} sentences) differ most on {join_names(parts)}."


def summarise_contested_labels(counts: pd.DataFrame, *, n: int | None = None, top: int | None = None) -> str:
    """The ``n`` most frequent contested labels (default 4) over all groups, and the group that
    uses each most. ``top=`` is the deprecated old name of ``n`` (one release, ``FutureWarning``).

    >>> c = pd.DataFrame({"refugee": [3, 1], "alien": [0, 0]}, index=pd.Index(["A", "B"], name="outlet"))
    >>> print(summarise_contested_labels(c))
    4 mentions of 1 contested label: "refugee" 4 (most in A, 3).
    """
    n = _count_argument(n, top, function="summarise_contested_labels", default=4)
    totals = counts.sum(axis=0).sort_values(ascending=False, kind="stable")
    used = totals[totals > 0]
    if used.empty:
        return "None of the pack's contested labels occurs in these texts."
    parts = []
    for label in used.index[:n]:
        column = counts[label]
        parts.append(f'"{label.replace("_", " ")}" {int(used[label])} (most in {column.idxmax()}, {int(column.max())})')
    noun = "label" if len(used) == 1 else "labels"
    return f"{int(used.sum())} mentions of {len(used)} contested {noun}: {'; '.join(parts)}."


def summarise_evaluation(evaluation: pd.DataFrame, *, min_support: int = 3, codebook=None, weakest: int = 3) -> str:
    """Macro-F1 of the dictionary against the reference reader, and the frames it misses most.

    >>> e = pd.DataFrame({"frame": ["law", "crime", "rare"], "support": [10, 8, 1],
    ...                   "f1": [0.9, 0.5, 0.0], "recall": [0.9, 0.4, 0.0]})
    >>> print(summarise_evaluation(e, weakest=1))
    Agreement with the reference reader: macro-F1 0.70 over the 2 frames the reader coded in at least 3 sentences. Lowest recall (the reader's sentences the dictionary misses most): crime (0.40).
    """
    enough = evaluation[evaluation["support"] >= min_support]
    if enough.empty:
        return f"No frame was coded by the reference reader in {min_support} or more of these sentences."
    text = (f"Agreement with the reference reader: macro-F1 {enough['f1'].mean():.2f} over the {len(enough)} "
            f"frames the reader coded in at least {min_support} sentences.")
    low = enough.sort_values(["recall", "frame"]).head(weakest)
    low = low[low["recall"] < 1]
    if not low.empty:
        text += (" Lowest recall (the reader's sentences the dictionary misses most): "
                 + join_names(f"{frame_name(r.frame, codebook)} ({r.recall:.2f})" for r in low.itertuples()) + ".")
    return text


def summarise_model_comparison(comparison: pd.DataFrame, *, models: Sequence[str] | None = None) -> str:
    """Macro-F1 of each model in a :func:`corpus_tools.frames.compare_evaluations` table, best first.

    >>> t = pd.DataFrame({"support": [5, np.nan], "dictionary": [0.8, 0.8], "classifier": [0.4, 0.4]},
    ...                  index=["law", "macro-F1"])
    >>> print(summarise_model_comparison(t))
    Macro-F1 on the same folds: dictionary 0.80, classifier 0.40.
    """
    row = comparison.loc["macro-F1"].drop("support", errors="ignore")
    if models is not None:
        row = row[list(models)]
    row = row.astype(float).sort_values(ascending=False, kind="stable")
    return "Macro-F1 on the same folds: " + ", ".join(f"{m} {v:.2f}" for m, v in row.items()) + "."
