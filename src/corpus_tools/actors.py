"""The actor table: who the actors of a debate are, how the texts name them, and what kind each is.

One table per domain pack (``actors.csv``) serves two analyses:

* **who speaks** (:mod:`corpus_tools.quotes`): rows with ``speaker`` = ``yes`` turn a speaker
  phrase into a canonical name, an actor type and an entity (person, group, ...);
* **who a sentence mentions** (:mod:`corpus_tools.sentiment`, tone by target): rows with a
  ``target`` put their pattern into that target's alternation.

A row may serve both ("Nielsen" names a speaker and counts as a mention of the US
administration), so each actor is written once. Columns (:data:`ACTOR_COLUMNS`):

``canonical``
    The name reported as ``speaker`` (several rows may share one canonical name).
``actor_type``, ``entity``
    One of :data:`ACTOR_TYPES` and :data:`ENTITIES`; required on speaker rows, optional on
    rows that only mark a target (a mention of "children" is not a speaker).
``pattern``
    A Python regular expression, wrapped as ``(?<!\\w)(?:PATTERN)(?!\\w)`` so that it starts and
    ends at a word boundary (lookarounds, so that ``U\\.S\\.`` works too).
``case``
    ``sensitive`` (the default when empty: write ``[Tt]he`` where a phrase can open a sentence)
    or ``insensitive``.
``context``
    Optional regular expression: the row applies only to texts in which it occurs (speaker rows
    only: targets tag single sentences).
``speaker``
    ``yes`` or ``no``: whether quote attribution uses the row.
``target``
    Optional target name (lowercase letters, digits, ``_``) for tone by target.
``note``
    Why the row says what it says.

Examples
--------
>>> table = load_actor_table()
>>> table.set_index("canonical").loc["Kirstjen Nielsen", ["actor_type", "speaker", "target"]].tolist()
['us_federal_government', 'yes', 'us_administration']
>>> list(target_patterns(table))[:3]
['us_administration', 'un', 'democrats']
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from corpus_tools.errors import CorpusError
from corpus_tools.paths import DEFAULT_PACK_DIR
from corpus_tools.resources import load_resource

__all__ = [
    "ACTOR_COLUMNS",
    "ACTOR_TYPES",
    "CASES",
    "ENTITIES",
    "ActorTableError",
    "load_actor_table",
    "speaker_rows",
    "target_patterns",
]

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
#: Values of the ``case`` column (empty = ``sensitive``).
CASES: tuple[str, ...] = ("sensitive", "insensitive")
#: The columns of an actor table, in file order.
ACTOR_COLUMNS: tuple[str, ...] = (
    "canonical", "actor_type", "entity", "pattern", "case", "context", "speaker", "target", "note",
)
#: The header of actor tables written before speakers and sentiment targets were merged.
_OLD_COLUMNS: tuple[str, ...] = ("canonical", "actor_type", "entity", "pattern", "context", "note")
_TARGET_NAME = re.compile(r"[a-z][a-z0-9_]*")


class ActorTableError(CorpusError):
    """The actor table is malformed; the message names the file, line and field."""


def load_actor_table(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate an actor table (the immigration pack's ``actors.csv`` by default).

    Parameters
    ----------
    path
        A CSV file with the columns of :data:`ACTOR_COLUMNS` (``#`` comment lines allowed);
        ``None`` for the shipped ``domains/immigration/actors.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per pattern, with the columns of the file (``case`` filled in: ``sensitive``
        where empty) and ``line`` (its line number in the file).

    Raises
    ------
    ActorTableError
        Naming the file, line and field: a wrong header, an empty required field, a value
        outside :data:`ACTOR_TYPES` / :data:`ENTITIES` / :data:`CASES`, a pattern that is not a
        valid regular expression or matches the empty string, a row that neither names a
        speaker nor marks a target, a target row with a context, or one canonical name given two
        actor types.

    Examples
    --------
    >>> table = load_actor_table()
    >>> table.set_index("canonical").loc["Ravina Shamdasani", "actor_type"]
    'un_bodies'
    >>> sorted(set(table.loc[table["speaker"] == "yes", "entity"]))
    ['document', 'group', 'institution', 'person']
    """
    missing = lambda p: ActorTableError(f"{p}: actor table not found. Fix: pass an existing CSV file.")  # noqa: E731
    return load_resource(path, _parse_actor_table, name="actors.csv", directory=DEFAULT_PACK_DIR,
                         missing=missing).copy()


def speaker_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of an actor table that quote attribution uses (``speaker`` = ``yes``).

    A table without a ``speaker`` column (built by hand) is used whole.

    >>> table = load_actor_table()
    >>> len(speaker_rows(table)) < len(table)
    True
    """
    if "speaker" not in table.columns:
        return table
    return table[table["speaker"] == "yes"]


def target_patterns(table: pd.DataFrame) -> dict[str, re.Pattern]:
    """Compile one pattern per target from the actor table's ``target`` rows.

    Parameters
    ----------
    table
        From :func:`load_actor_table`.

    Returns
    -------
    dict of str to re.Pattern
        Target name to one compiled alternation, targets in order of first appearance in the
        table. Case-insensitive rows come first, grouped under ``(?i:...)``, then the
        case-sensitive ones; the whole is wrapped in ``(?<!\\w)(?:...)(?!\\w)``. An empty dict
        when no row has a target.

    Examples
    --------
    >>> rx = target_patterns(load_actor_table())["un"]
    >>> bool(rx.search("the UN said")), bool(rx.search("unhappy")), bool(rx.search("UNHCR staff"))
    (True, False, True)
    """
    missing = [c for c in ("pattern", "target") if c not in table.columns]
    if missing:
        raise ActorTableError(f"actor table lacks column(s) {missing}. Fix: load it with load_actor_table().")
    cases = table["case"] if "case" in table.columns else pd.Series("sensitive", index=table.index)
    groups: dict[str, dict[str, list[str]]] = {}
    for pattern, case, target in zip(table["pattern"], cases, table["target"]):
        if isinstance(target, str) and target:
            groups.setdefault(target, {"insensitive": [], "sensitive": []})[case or "sensitive"].append(pattern)
    out = {}
    for target, by_case in groups.items():
        alternatives = []
        if by_case["insensitive"]:
            alternatives.append("(?i:" + "|".join(f"(?:{p})" for p in by_case["insensitive"]) + ")")
        alternatives.extend(f"(?:{p})" for p in by_case["sensitive"])
        out[target] = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    return out


def _parse_actor_table(path: Path) -> pd.DataFrame:
    name = str(path)  # the whole path: a user may keep several packs
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
    header = tuple(h.strip() for h in parsed[0])
    if header == _OLD_COLUMNS:
        raise ActorTableError(
            f"{name}, line {lines[0][0]}: this is an actor table from before speakers and sentiment targets "
            f"were merged. Fix: use the header {','.join(ACTOR_COLUMNS)}, add 'sensitive,' before each context, "
            "',yes,' before each note (speaker rows, no target), and move the patterns of sentiment_targets.yml "
            "into rows with a target (see the generic pack's actors.csv).")
    if header != ACTOR_COLUMNS:
        raise ActorTableError(f"{name}, line {lines[0][0]}: header is {','.join(header)!r}; "
                              f"expected {','.join(ACTOR_COLUMNS)!r}.")
    records = [_check_row(name, lineno, row) for (lineno, _), row in zip(lines[1:], parsed[1:])]
    table = pd.DataFrame(records, columns=[*ACTOR_COLUMNS, "line"])
    typed = table[table["actor_type"] != ""]
    for canonical, group in typed.groupby("canonical", sort=True):
        if group["actor_type"].nunique() > 1:
            raise ActorTableError(f"{name}, lines {', '.join(map(str, group['line']))}: "
                                  f"{canonical!r} has two actor types "
                                  f"({', '.join(sorted(set(group['actor_type'])))}). Fix: use one.")
    return table


def _check_row(name: str, lineno: int, row: list[str]) -> dict:
    """Validate one row of an actor table; return it as a record with ``line``."""
    if len(row) != len(ACTOR_COLUMNS):
        raise ActorTableError(f"{name}, line {lineno}: {len(row)} fields, expected "
                              f"{len(ACTOR_COLUMNS)} ({','.join(ACTOR_COLUMNS)}). Fix: quote "
                              "fields that contain commas.")
    rec = {col: value.strip() for col, value in zip(ACTOR_COLUMNS, row)}
    where = f"{name}, line {lineno} ({rec['canonical'] or 'no canonical name'})"
    rec["case"] = rec["case"] or "sensitive"
    if rec["speaker"] not in ("yes", "no"):
        raise ActorTableError(f"{where}, field 'speaker': {rec['speaker']!r}; write yes or no.")
    required = ("canonical", "actor_type", "entity", "pattern") if rec["speaker"] == "yes" else ("canonical", "pattern")
    for col in required:
        if not rec[col]:
            raise ActorTableError(f"{where}, field '{col}': empty. Fix: fill it in.")
    if rec["actor_type"] and rec["actor_type"] not in ACTOR_TYPES:
        raise ActorTableError(f"{where}, field 'actor_type': {rec['actor_type']!r} is not one "
                              f"of {', '.join(ACTOR_TYPES)}.")
    if rec["entity"] and rec["entity"] not in ENTITIES:
        raise ActorTableError(f"{where}, field 'entity': {rec['entity']!r} is not one of "
                              f"{', '.join(ENTITIES)}.")
    if rec["case"] not in CASES:
        raise ActorTableError(f"{where}, field 'case': {rec['case']!r}; write sensitive or insensitive "
                              "(empty = sensitive).")
    if rec["target"] and not _TARGET_NAME.fullmatch(rec["target"]):
        raise ActorTableError(f"{where}, field 'target': {rec['target']!r}; a target name is lowercase "
                              "letters, digits and underscores, starting with a letter.")
    if rec["speaker"] == "no" and not rec["target"]:
        raise ActorTableError(f"{where}: the row names no speaker (speaker=no) and marks no target. "
                              "Fix: set speaker to yes, give a target, or delete the row.")
    if rec["target"] and rec["context"]:
        raise ActorTableError(f"{where}, field 'context': a context applies to speaker attribution in a "
                              "whole text, but targets tag single sentences. Fix: leave context empty on a "
                              "row with a target, or split it into a speaker row and a target row.")
    for col in ("pattern", "context"):
        if rec[col]:
            try:
                compiled = re.compile(rec[col])
            except re.error as err:
                raise ActorTableError(f"{where}, field '{col}': {rec[col]!r} is not a valid "
                                      f"regular expression ({err}).") from None
            if col == "pattern" and compiled.fullmatch(""):
                raise ActorTableError(f"{where}, field 'pattern': {rec[col]!r} matches the empty string.")
    rec["line"] = lineno
    return rec
