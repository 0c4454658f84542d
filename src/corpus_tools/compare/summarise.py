"""Bounding the number of groups compared, and sentences about comparison results."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from corpus_tools.compare.errors import CompareError
from corpus_tools.compare.similarity import most_similar_pair

#: Analyses whose cost or output grows with the number of groups (keyness tables, similarity
#: matrices, per-group plots) use at most this many groups: the largest by number of tokens.
MAX_GROUPS = 20


def top_groups(sizes: Mapping | pd.Series, *, n: int = MAX_GROUPS) -> list:
    """The ``n`` largest groups (ties broken by name), in the order given; all when there are fewer.

    Examples
    --------
    >>> top_groups({"a": 5, "b": 9, "c": 1, "d": 9}, n=2)
    ['b', 'd']
    >>> len(top_groups({f"g{i}": 1 for i in range(500)}))
    20
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise CompareError(f"n must be a positive int, got {n!r}.")
    sizes = pd.Series(dict(sizes)) if not isinstance(sizes, pd.Series) else sizes
    ranked = sorted(sizes.index, key=lambda g: (-sizes[g], str(g)))[:n]
    keep = set(ranked)
    return [g for g in sizes.index if g in keep]


def summarise_keyness(keyness_df: pd.DataFrame, *, n: int = 3) -> str:
    """Markdown bullets: the most distinctive words of each group (by G2, overused only).

    Examples
    --------
    >>> k = pd.DataFrame({"group": ["A", "A", "B"], "term": ["tram", "fare", "goal"],
    ...                   "g2": [9.1, 4.0, 6.2], "log_ratio": [2.0, 1.1, 3.0]})
    >>> print(summarise_keyness(k))
    - A: *tram*, *fare*.
    - B: *goal*.
    """
    if keyness_df.empty:
        return "No word passed the frequency filter, so no group has distinctive words to show."
    df = keyness_df[keyness_df["log_ratio"] > 0] if "log_ratio" in keyness_df.columns else keyness_df
    lines = []
    for group, rows in df.groupby("group", sort=False):
        terms = rows.sort_values(["g2", "term"], ascending=[False, True])["term"].head(n)
        lines.append(f"- {group}: {', '.join(f'*{t}*' for t in terms)}.")
    return "\n".join(lines) if lines else "No group uses any word distinctly more than the others."


def summarise_similarity(sim: pd.DataFrame) -> str:
    """One sentence naming the most and least similar pair of a similarity matrix.

    Examples
    --------
    >>> s = pd.DataFrame([[1, .4, .1], [.4, 1, .2], [.1, .2, 1]], index=list("ABC"), columns=list("ABC"))
    >>> summarise_similarity(s)
    'The most similar pair is A and B (cosine 0.40); the least similar is A and C (0.10).'
    """
    if len(sim) < 2:
        return "Similarity needs at least two texts to compare."
    a, b, best = most_similar_pair(sim)
    values = sim.to_numpy(dtype=float).copy()
    np.fill_diagonal(values, np.inf)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    low = f"; the least similar is {sim.index[i]} and {sim.columns[j]} ({values[i, j]:.2f})" if len(sim) > 2 else ""
    return f"The most similar pair is {a} and {b} (cosine {best:.2f}){low}."
