"""Findings about quotations, generated from the result tables (true on any corpus).
"""

from __future__ import annotations

import pandas as pd

from corpus_tools.findings import format_share, join_names


def summarise_speakers(quotes: pd.DataFrame, *, n: int = 3) -> str:
    """One sentence naming the speakers quoted most (direct and partial quotations, by quoted words).

    Examples
    --------
    >>> q = pd.DataFrame({"kind": ["direct", "direct", "partial", "phrase"], "speaker": ["A", "B", "A", ""],
    ...                   "n_words": [10, 4, 5, 2]})
    >>> summarise_speakers(q)
    'The most quoted speakers (by quoted words in direct and partial quotations): A (15 words, 2 quotations) and B (4 words, 1 quotation).'
    >>> summarise_speakers(q.iloc[3:])
    'No direct or partial quotation was found, so no speaker is quoted.'
    """
    df = quotes[quotes["kind"].isin(("direct", "partial"))]
    if df.empty:
        return "No direct or partial quotation was found, so no speaker is quoted."
    named = df[df["speaker"].astype(str).str.strip() != ""]
    unresolved = len(df) - len(named)
    tail = f" {unresolved} of {len(df)} quotations have no speaker the rules could name." if unresolved else ""
    if named.empty:
        return f"None of the {len(df)} direct or partial quotations has a speaker the rules could name."
    top = (named.groupby("speaker").agg(words=("n_words", "sum"), quotes=("n_words", "size"))
           .reset_index().sort_values(["words", "quotes", "speaker"], ascending=[False, False, True]).head(n))
    parts = [f"{r.speaker} ({r.words} words, {r.quotes} quotation{'s' if r.quotes != 1 else ''})"
             for r in top.itertuples()]
    return ("The most quoted speakers (by quoted words in direct and partial quotations): "
            f"{join_names(parts, limit=n)}.{tail}")


def summarise_share_of_voice(table: pd.DataFrame, *, by: str) -> str:
    """Per group, the actor type with the largest share of quoted words (from :func:`share_of_voice`).

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B"], "actor_type": ["experts", "unknown", "citizens"],
    ...                   "n_words": [30, 10, 5], "share_words": [0.75, 0.25, 1.0]})
    >>> print(summarise_share_of_voice(t, by="outlet"))
    - A: speakers of type *experts* have the largest share of quoted words (75%).
    - B: speakers of type *citizens* have the largest share of quoted words (100%).
    >>> summarise_share_of_voice(t.iloc[:0], by="outlet")
    'There are no quotations, so there is no share of voice to compare.'
    """
    if table.empty:
        return "There are no quotations, so there is no share of voice to compare."
    lines = []
    for group, rows in table.groupby(by, sort=True):
        top = rows.sort_values(["share_words", "actor_type"], ascending=[False, True]).iloc[0]
        kind = str(top["actor_type"]).replace("_", " ")
        lines.append(f"- {group}: speakers of type *{kind}* have the largest share of quoted words "
                     f"({format_share(top['share_words'])}).")
    return "\n".join(lines)
