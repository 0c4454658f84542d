"""Quotation vocabulary (kinds, columns, errors) and speaker matching with the actor table.

The actor table itself (its columns, validation and loader) lives in :mod:`corpus_tools.actors`,
shared with tone by target; its names are re-exported here for ``corpus_tools.quotes`` users.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from corpus_tools.actors import (  # noqa: F401  (re-exported by corpus_tools.quotes)
    ACTOR_COLUMNS,
    ACTOR_TYPES,
    ENTITIES,
    ActorTableError,
    load_actor_table,
    speaker_rows,
)
from corpus_tools.errors import CorpusError

#: Values of the ``kind`` column.
KINDS: tuple[str, ...] = ("direct", "partial", "phrase", "indirect")
#: Quotes with fewer words than this that are not direct quotes are ``phrase``.
PHRASE_MAX_WORDS = 4

QUOTE_COLUMNS: tuple[str, ...] = (
    "quote_id", "start", "end", "quote", "kind", "speaker", "actor_type", "resolved", "cue",
    "pattern", "resolution", "speaker_text", "speaker_start", "speaker_end", "role", "balanced",
    "mark_start", "mark_end", "n_words",
)
GOLD_COLUMNS: tuple[str, ...] = ("file", "kind", "speaker", "quote", "note")


class QuoteError(CorpusError):
    """Bad input to a quote function (wrong type, missing column, offsets outside the text)."""


@dataclass(frozen=True)
class _Actor:
    canonical: str
    actor_type: str
    entity: str
    regex: re.Pattern
    context: re.Pattern | None


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    canonical: str
    actor_type: str
    entity: str


def _compile_actors(actors: pd.DataFrame | None) -> list[_Actor]:
    table = load_actor_table() if actors is None else actors
    if not isinstance(table, pd.DataFrame):
        raise QuoteError(f"actors must be a DataFrame from load_actor_table(), got {type(table).__name__}.")
    missing = [c for c in ("canonical", "actor_type", "entity", "pattern") if c not in table.columns]
    if missing:
        raise QuoteError(f"actors table lacks column(s) {missing}. Fix: load it with load_actor_table().")
    out = []
    for rec in speaker_rows(table).to_dict("records"):
        context = rec.get("context") or ""
        flags = re.IGNORECASE if rec.get("case") == "insensitive" else 0
        out.append(_Actor(rec["canonical"], rec["actor_type"], rec["entity"],
                          re.compile(rf"(?<!\w)(?:{rec['pattern']})(?!\w)", flags),
                          re.compile(context) if isinstance(context, str) and context else None))
    return out


def _find_mentions(text: str, actors: list[_Actor]) -> list[_Mention]:
    """All actor-table matches in ``text`` (longest wins where two overlap), in text order."""
    found = []
    for actor in actors:
        if actor.context is not None and not actor.context.search(text):
            continue
        for m in actor.regex.finditer(text):
            if m.end() > m.start():
                found.append(_Mention(m.start(), m.end(), actor.canonical, actor.actor_type, actor.entity))
    kept: list[_Mention] = []
    for mention in sorted(found, key=lambda x: (-(x.end - x.start), x.start, x.canonical)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda x: x.start)
