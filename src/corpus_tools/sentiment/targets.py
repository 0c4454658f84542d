"""Sentiment targets (who a sentence is about): patterns, tagging, tone per target.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from corpus_tools.actors import load_actor_table, target_patterns
from corpus_tools.sentiment.vader import SentimentError, _as_series

# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------

def load_targets(path: str | Path | None = None) -> dict[str, re.Pattern]:
    """Load the sentiment targets of an actor table (the immigration pack's ``actors.csv`` by default).

    Targets are the actor table's rows with a ``target`` (:mod:`corpus_tools.actors`): each
    target's patterns become one alternation, so that a speaker named once in the table also
    counts as a mention of the target it belongs to.

    Parameters
    ----------
    path
        An actor table CSV (a domain pack's ``actors.csv``); ``None`` for the shipped one.

    Returns
    -------
    dict of str to re.Pattern
        Target name to one compiled pattern, in order of first appearance in the table
        (:func:`corpus_tools.actors.target_patterns`); empty when no row has a target.

    Raises
    ------
    corpus_tools.actors.ActorTableError
        Naming the file, the line and the field.

    Examples
    --------
    >>> targets = load_targets()
    >>> list(targets)[:3]
    ['us_administration', 'un', 'democrats']
    >>> bool(targets["un"].search("UNHCR spokesman")), bool(targets["un"].search("the UN said"))
    (True, True)
    >>> bool(targets["un"].search("unhappy")), bool(targets["united_states"].search("tell us"))
    (False, False)
    """
    return target_patterns(load_actor_table(path))


def _resolve_targets(targets) -> dict[str, re.Pattern]:
    if targets is None or isinstance(targets, (str, Path)):
        return load_targets(targets)
    if isinstance(targets, pd.DataFrame):
        return target_patterns(targets)
    if isinstance(targets, Mapping) and targets and all(
            isinstance(k, str) and isinstance(v, re.Pattern) for k, v in targets.items()):
        return dict(targets)
    raise SentimentError("targets: expected None, an actor table path or DataFrame, or the dict returned by "
                         "load_targets().")


def tag_targets(sentences, *, targets=None) -> pd.DataFrame:
    """Mark which actors of the debate each sentence mentions.

    Parameters
    ----------
    sentences
        List or Series of str.
    targets
        ``None`` (the shipped actor table), an actor table's path or DataFrame
        (:func:`corpus_tools.actors.load_actor_table`), or :func:`load_targets`'s dict.

    Returns
    -------
    pandas.DataFrame
        One bool column per target (file order); index as in :func:`vader_scores`. Mentions,
        not roles: check matches with :func:`extract_target_mentions`.

    Examples
    --------
    >>> tag_targets(["Shamdasani criticised the Trump administration.",
    ...              "Let us see."])[["us_administration", "un", "united_states"]]
       us_administration     un  united_states
    0               True   True          False
    1              False  False          False
    """
    series = _as_series(sentences)
    patterns = _resolve_targets(targets)
    data = {name: [bool(rx.search(t)) for t in series] for name, rx in patterns.items()}
    return pd.DataFrame(data, index=series.index, dtype=bool)


def extract_target_mentions(sentences, *, targets=None) -> pd.DataFrame:
    """List every target mention: which sentence, which target, the matched text and offsets.

    Parameters
    ----------
    sentences
        List or Series of str.
    targets
        As in :func:`tag_targets`.

    Returns
    -------
    pandas.DataFrame
        ``row`` (index label of the sentence), ``target``, ``match``, ``start``, ``end`` (character
        offsets in the sentence), ordered by sentence, then offset, then target file order.

    Examples
    --------
    >>> extract_target_mentions(["Nielsen defended the policy at the White House."])
       row             target        match  start  end
    0    0  us_administration      Nielsen      0    7
    1    0  us_administration  White House     35   46
    """
    series = _as_series(sentences)
    patterns = _resolve_targets(targets)
    rows = []
    for pos, (label, text) in enumerate(series.items()):
        for t_order, (name, rx) in enumerate(patterns.items()):
            for m in rx.finditer(text):
                rows.append((pos, m.start(), t_order, label, name, m.group(0), m.start(), m.end()))
    rows.sort(key=lambda r: r[:3])
    return pd.DataFrame([r[3:] for r in rows], columns=["row", "target", "match", "start", "end"])


def tone_by_target(scores: pd.DataFrame, targets: pd.DataFrame, *, by: str, column: str = "compound",
                   min_n: int = 3) -> pd.DataFrame:
    """Mean tone of the sentences that mention each target, per group.

    Parameters
    ----------
    scores
        One row per sentence with the ``by`` column and the score ``column``.
    targets
        Boolean table aligned with ``scores`` (same index), one column per target, e.g.
        :func:`tag_targets`. A sentence mentioning two targets counts for both.
    by
        Group column (e.g. ``"outlet"``).
    column
        Score column.
    min_n
        Cells with fewer sentences get ``mean`` NaN (shown blank), so that one sentence is not
        read as an outlet's tone towards an actor; ``n`` is always reported.

    Returns
    -------
    pandas.DataFrame
        ``target``, the ``by`` column, ``n`` and ``mean``, every target x group pair present
        (``n`` 0 where no sentence mentions the target).

    Examples
    --------
    >>> s = pd.DataFrame({"outlet": ["A", "A", "A", "B"], "compound": [0.5, -0.5, 0.3, 0.1]})
    >>> t = pd.DataFrame({"un": [True, True, True, False], "ngos": [False, True, False, True]})
    >>> tone_by_target(s, t, by="outlet", min_n=2).to_dict("records")
    [{'target': 'un', 'outlet': 'A', 'n': 3, 'mean': 0.1}, {'target': 'un', 'outlet': 'B', 'n': 0, 'mean': nan}, {'target': 'ngos', 'outlet': 'A', 'n': 1, 'mean': nan}, {'target': 'ngos', 'outlet': 'B', 'n': 1, 'mean': nan}]
    """
    for col in (by, column):
        if col not in scores.columns:
            raise SentimentError(f"tone_by_target: column {col!r} is not in the scores table.")
    if not targets.index.equals(scores.index):
        raise SentimentError("tone_by_target: targets and scores must have the same index "
                             "(tag the same sentences you scored).")
    if min_n < 1:
        raise SentimentError(f"tone_by_target: min_n={min_n!r}; use an integer >= 1.")
    groups = sorted(scores[by].astype(str).unique())
    rows = []
    for target in targets.columns:
        mask = targets[target].astype(bool)
        for group in groups:
            values = scores.loc[mask & (scores[by].astype(str) == group), column]
            n = int(len(values))
            rows.append({"target": target, by: group, "n": n,
                         "mean": round(float(values.mean()), 4) if n >= min_n else float("nan")})
    return pd.DataFrame(rows)
