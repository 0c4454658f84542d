"""Quotation vocabulary (kinds, columns, errors) and the actor table: speaker patterns to canonical name and actor type.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from corpus_tools.errors import CorpusError
from corpus_tools.paths import DEFAULT_PACK_DIR
from corpus_tools.resources import load_resource

#: Actor types allowed in an actor table: the types of the ``immigration`` pack (the bundled
#: debate) and the generic types of the ``generic`` pack (news on any topic); ``unknown`` is also
#: given to speakers not in the table. A row with another type is refused, so a typo cannot
#: silently create a new kind of actor.
ACTOR_TYPES: tuple[str, ...] = (
    "us_federal_government",
    "us_state_officials",
    "us_congress_politicians",
    "un_bodies",
    "ngos_and_advocates",
    "foreign_governments",
    "migrants_and_families",
    "government",
    "politicians",
    "public_bodies",
    "police_and_courts",
    "experts",
    "business",
    "civil_society",
    "citizens",
    "media",
    "unknown",
)
#: What an actor-table row names; pronoun resolution depends on it.
ENTITIES: tuple[str, ...] = ("person", "group", "institution", "document")
#: Values of the ``kind`` column.
KINDS: tuple[str, ...] = ("direct", "partial", "phrase", "indirect")
#: Quotes with fewer words than this that are not direct quotes are ``phrase``.
PHRASE_MAX_WORDS = 4

ACTOR_COLUMNS: tuple[str, ...] = ("canonical", "actor_type", "entity", "pattern", "context", "note")
QUOTE_COLUMNS: tuple[str, ...] = (
    "quote_id", "start", "end", "quote", "kind", "speaker", "actor_type", "resolved", "cue",
    "pattern", "resolution", "speaker_text", "speaker_start", "speaker_end", "role", "balanced",
    "mark_start", "mark_end", "n_words",
)
GOLD_COLUMNS: tuple[str, ...] = ("file", "kind", "speaker", "quote", "note")


class QuoteError(CorpusError):
    """Bad input to a quote function (wrong type, missing column, offsets outside the text)."""


class ActorTableError(QuoteError):
    """The actor table is malformed; the message names the file, line and field."""


# --------------------------------------------------------------------------------------------
# Actor table
# --------------------------------------------------------------------------------------------


def load_actor_table(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate the actor table (speaker patterns -> canonical name and actor type).

    Parameters
    ----------
    path
        A CSV file with the columns of :data:`ACTOR_COLUMNS` (``#`` comment lines allowed);
        ``None`` for the shipped ``domains/immigration/actors.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per pattern, with the columns of the file and ``line`` (its line number).

    Raises
    ------
    ActorTableError
        Naming the file, line and field: missing or extra columns, empty required field, an
        ``actor_type`` or ``entity`` outside :data:`ACTOR_TYPES` / :data:`ENTITIES`, a pattern
        that is not a valid regular expression, or one canonical name given two actor types.

    Examples
    --------
    >>> table = load_actor_table()
    >>> table.set_index("canonical").loc["Ravina Shamdasani", "actor_type"]
    'un_bodies'
    >>> sorted(set(table["entity"]))
    ['document', 'group', 'institution', 'person']
    """
    missing = lambda p: ActorTableError(f"{p}: actor table not found. Fix: pass an existing CSV file.")  # noqa: E731
    return load_resource(path, _parse_actor_table, name="actors.csv", directory=DEFAULT_PACK_DIR, missing=missing).copy()


def _parse_actor_table(path: Path) -> pd.DataFrame:
    name = Path(path).name
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ActorTableError(f"{path}: actor table not found. Fix: pass an existing CSV file.") from None
    except UnicodeDecodeError as err:
        raise ActorTableError(f"{name}: not UTF-8 ({err}). Fix: save the file as UTF-8.") from None
    lines = [(n, line) for n, line in enumerate(raw.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise ActorTableError(f"{name}: no header and no rows. Fix: add the header "
                              f"{','.join(ACTOR_COLUMNS)} and one row per actor.")
    parsed = list(csv.reader(io.StringIO("\n".join(line for _, line in lines))))
    header = [h.strip() for h in parsed[0]]
    if tuple(header) != ACTOR_COLUMNS:
        raise ActorTableError(f"{name}, line {lines[0][0]}: header is {','.join(header)!r}; "
                              f"expected {','.join(ACTOR_COLUMNS)!r}.")
    records = []
    for (lineno, _), row in zip(lines[1:], parsed[1:]):
        if len(row) != len(ACTOR_COLUMNS):
            raise ActorTableError(f"{name}, line {lineno}: {len(row)} fields, expected "
                                  f"{len(ACTOR_COLUMNS)} ({','.join(ACTOR_COLUMNS)}). Fix: quote "
                                  "fields that contain commas.")
        rec = {col: value.strip() for col, value in zip(ACTOR_COLUMNS, row)}
        where = f"{name}, line {lineno} ({rec['canonical'] or 'no canonical name'})"
        for col in ("canonical", "actor_type", "entity", "pattern"):
            if not rec[col]:
                raise ActorTableError(f"{where}, field '{col}': empty. Fix: fill it in.")
        if rec["actor_type"] not in ACTOR_TYPES:
            raise ActorTableError(f"{where}, field 'actor_type': {rec['actor_type']!r} is not one "
                                  f"of {', '.join(ACTOR_TYPES)}.")
        if rec["entity"] not in ENTITIES:
            raise ActorTableError(f"{where}, field 'entity': {rec['entity']!r} is not one of "
                                  f"{', '.join(ENTITIES)}.")
        for col in ("pattern", "context"):
            if rec[col]:
                try:
                    re.compile(rec[col])
                except re.error as err:
                    raise ActorTableError(f"{where}, field '{col}': {rec[col]!r} is not a valid "
                                          f"regular expression ({err}).") from None
        rec["line"] = lineno
        records.append(rec)
    table = pd.DataFrame(records, columns=[*ACTOR_COLUMNS, "line"])
    for canonical, group in table.groupby("canonical", sort=True):
        if group["actor_type"].nunique() > 1:
            raise ActorTableError(f"{name}, lines {', '.join(map(str, group['line']))}: "
                                  f"{canonical!r} has two actor types "
                                  f"({', '.join(sorted(set(group['actor_type'])))}). Fix: use one.")
    return table


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
    for rec in table.to_dict("records"):
        context = rec.get("context") or ""
        out.append(_Actor(rec["canonical"], rec["actor_type"], rec["entity"],
                          re.compile(rf"(?<!\w)(?:{rec['pattern']})(?!\w)"),
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
