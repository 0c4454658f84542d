"""The word lists speaker attribution runs on (speech verbs, role nouns, titles, pronouns, first names).

Data files in ``corpus_tools/resources/attribution/``, validated on load
(:func:`load_attribution_resources`), compiled once into the patterns the rules use.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus_tools.paths import RESOURCES_DIR
from corpus_tools.quotes.actors import QuoteError

#: Folder of the shipped word lists.
RESOURCE_FOLDER: Path = RESOURCES_DIR / "attribution"

_GENDERS = ("f", "m", "")
_ENTITY_KINDS = ("person", "organisation", "group", "document")
_VERB_USES = ("quote", "report", "both")


class AttributionError(QuoteError):
    """Bad input to attribution, or a malformed resource file (the message names file, row, field)."""

# --------------------------------------------------------------------------------------------
# Resources
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class AttributionResources:
    """The word lists attribution runs on (see :func:`load_attribution_resources`)."""

    verbs: dict          # form -> use (quote / report / both)
    roles: dict          # noun -> (entity kind, gender)
    titles: dict         # title -> gender
    pronouns: dict       # pronoun -> (tuple of entity kinds, gender)
    first_names: dict    # first name -> gender


_FILES = {
    "speech_verbs.csv": ("form", "use"),
    "roles.csv": ("noun", "entity", "gender"),
    "titles.csv": ("title", "gender"),
    "pronouns.csv": ("pronoun", "refers", "gender"),
    "first_names.csv": ("name", "gender"),
}


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
    name = path.name
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AttributionError(f"{path}: resource file not found. Fix: restore it or pass a folder "
                               f"that has {', '.join(_FILES)}.") from None
    except UnicodeDecodeError as err:
        raise AttributionError(f"{name}: not UTF-8 ({err}). Fix: save the file as UTF-8.") from None
    lines = [(n, line) for n, line in enumerate(raw.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise AttributionError(f"{name}: no header and no rows. Fix: add the header {','.join(columns)}.")
    parsed = list(csv.reader(io.StringIO("\n".join(line for _, line in lines))))
    header = tuple(h.strip() for h in parsed[0])
    if header != columns:
        raise AttributionError(f"{name}, line {lines[0][0]}: header is {','.join(header)!r}; expected "
                               f"{','.join(columns)!r}.")
    out = []
    for (lineno, _), row in zip(lines[1:], parsed[1:]):
        if len(row) != len(columns):
            raise AttributionError(f"{name}, line {lineno}: {len(row)} fields, expected {len(columns)} "
                                   f"({','.join(columns)}).")
        out.append((lineno, {c: v.strip() for c, v in zip(columns, row)}))
    return out


def _check_field(name: str, lineno: int, rec: dict, col: str, allowed=None, required=True) -> str:
    value = rec[col]
    if required and not value:
        raise AttributionError(f"{name}, line {lineno}, field '{col}': empty. Fix: fill it in.")
    if allowed is not None and value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise AttributionError(f"{name}, line {lineno}, field '{col}': {value!r} is not one of {shown}.")
    return value


def _no_duplicates(name: str, seen: dict, key: str, lineno: int, col: str) -> None:
    if key in seen:
        raise AttributionError(f"{name}, line {lineno}, field '{col}': {key!r} repeats line {seen[key]}. "
                               "Fix: keep one row.")
    seen[key] = lineno


def load_attribution_resources(folder: str | Path | None = None) -> AttributionResources:
    """Load and validate the attribution word lists.

    Parameters
    ----------
    folder
        A folder with ``speech_verbs.csv``, ``roles.csv``, ``titles.csv``, ``pronouns.csv`` and
        ``first_names.csv`` (``#`` comment lines allowed); ``None`` for the shipped
        ``resources/attribution/``.

    Returns
    -------
    AttributionResources

    Raises
    ------
    AttributionError
        Naming the file, line and field: a missing file, a wrong header, an empty field, a value
        outside its allowed set (use, entity kind, gender), a repeated entry, or a word that is not
        lowercase where lowercase is required.

    Examples
    --------
    >>> res = load_attribution_resources()
    >>> res.verbs["said"], res.roles["spokeswoman"], res.titles["Mr"], res.pronouns["she"]
    ('both', ('person', 'f'), 'm', (('person',), 'f'))
    """
    folder = Path(folder) if folder is not None else RESOURCE_FOLDER
    stamps = tuple((f, (folder / f).stat().st_mtime_ns if (folder / f).is_file() else -1) for f in _FILES)
    return _load_resources_cached(str(folder), stamps)


@lru_cache(maxsize=8)
def _load_resources_cached(folder: str, _stamps: tuple) -> AttributionResources:
    base = Path(folder)
    tables = {f: _read_rows(base / f, cols) for f, cols in _FILES.items()}
    verbs, roles, titles, pronouns, names = {}, {}, {}, {}, {}
    seen: dict = {}
    for lineno, rec in tables["speech_verbs.csv"]:
        form = _check_field("speech_verbs.csv", lineno, rec, "form")
        if form != form.lower():
            raise AttributionError(f"speech_verbs.csv, line {lineno}, field 'form': {form!r} must be lowercase.")
        _no_duplicates("speech_verbs.csv", seen.setdefault("v", {}), form, lineno, "form")
        verbs[form] = _check_field("speech_verbs.csv", lineno, rec, "use", _VERB_USES)
    for lineno, rec in tables["roles.csv"]:
        noun = _check_field("roles.csv", lineno, rec, "noun")
        if noun != noun.lower():
            raise AttributionError(f"roles.csv, line {lineno}, field 'noun': {noun!r} must be lowercase.")
        _no_duplicates("roles.csv", seen.setdefault("r", {}), noun, lineno, "noun")
        roles[noun] = (_check_field("roles.csv", lineno, rec, "entity", _ENTITY_KINDS),
                       _check_field("roles.csv", lineno, rec, "gender", _GENDERS, required=False))
    for lineno, rec in tables["titles.csv"]:
        title = _check_field("titles.csv", lineno, rec, "title").rstrip(".")
        _no_duplicates("titles.csv", seen.setdefault("t", {}), title, lineno, "title")
        titles[title] = _check_field("titles.csv", lineno, rec, "gender", _GENDERS, required=False)
    for lineno, rec in tables["pronouns.csv"]:
        pron = _check_field("pronouns.csv", lineno, rec, "pronoun")
        if pron != pron.lower():
            raise AttributionError(f"pronouns.csv, line {lineno}, field 'pronoun': {pron!r} must be lowercase.")
        _no_duplicates("pronouns.csv", seen.setdefault("p", {}), pron, lineno, "pronoun")
        refers = tuple(r.strip() for r in _check_field("pronouns.csv", lineno, rec, "refers").split("|"))
        for r in refers:
            if r not in _ENTITY_KINDS:
                raise AttributionError(f"pronouns.csv, line {lineno}, field 'refers': {r!r} is not one of "
                                       f"{', '.join(_ENTITY_KINDS)} (separate several with '|').")
        pronouns[pron] = (refers, _check_field("pronouns.csv", lineno, rec, "gender", _GENDERS, required=False))
    for lineno, rec in tables["first_names.csv"]:
        name = _check_field("first_names.csv", lineno, rec, "name")
        _no_duplicates("first_names.csv", seen.setdefault("n", {}), name, lineno, "name")
        names[name] = _check_field("first_names.csv", lineno, rec, "gender", ("f", "m"))
    return AttributionResources(verbs, roles, titles, pronouns, names)


# --------------------------------------------------------------------------------------------
# Patterns built from the resources
# --------------------------------------------------------------------------------------------

_MASK = "\x1f"  # stands in for quoted characters, so no rule reads inside a quotation
_PARTICLE = {"de", "van", "von", "der", "da", "del", "al", "bin", "la", "le", "di", "du", "ter", "den"}
_LINKS = {"of", "for", "the", "on", "and", "at", "in", "to"}
_ADVERBS = (
    "also later then has had have further again now repeatedly recently already previously once "
    "separately similarly reportedly simply quickly flatly publicly privately firmly earlier "
    "subsequently immediately"
).split()
_OPENERS = {
    "The", "A", "An", "In", "On", "At", "But", "And", "Or", "For", "With", "As", "If", "When", "While",
    "After", "Before", "This", "That", "These", "Those", "Although", "Despite", "Under", "Around",
    "However", "Meanwhile", "Yesterday", "Today", "Last", "Since", "During", "Its", "His", "Her",
    "Their", "Our", "Some", "Many", "Most", "More", "Both", "All", "Nobody", "Everyone", "Several",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Speaking", "Asked", "Earlier", "Later", "Still", "Now", "Then", "Also",
    "Instead", "Even", "Only", "There", "Here", "It", "He", "She", "They", "We", "I", "You", "Said",
    "According", "From", "By", "To", "Of", "Not", "No", "Yes", "So", "Because", "Though", "Until",
}


@dataclass(frozen=True)
class _Lexicon:
    res: AttributionResources
    verb_re: re.Pattern         # any speech verb (whole word / phrase)
    quote_verbs: frozenset
    person_roles: frozenset
    org_roles: frozenset
    group_roles: frozenset
    doc_roles: frozenset
    title_re: re.Pattern

    @property
    def all_roles(self) -> frozenset:
        return self.person_roles | self.org_roles | self.group_roles | self.doc_roles


@lru_cache(maxsize=8)
def _lexicon(res: AttributionResources) -> _Lexicon:
    forms = sorted(res.verbs, key=lambda v: (-len(v), v))
    alternatives = []
    for f in forms:
        esc = re.escape(f).replace(r"\ ", r"\s+")
        alternatives.append(f"[{f[0].upper()}{f[0]}]{esc[1:]}" if f[0].isalpha() else esc)
    # lowercase forms, or the form capitalised (accepted only where it opens a sentence: "Said Ms Okafor:")
    verb_re = re.compile(r"(?<![\w’'\-])(?:" + "|".join(alternatives) + r")(?![\w’'\-])")
    titles = sorted(res.titles, key=lambda t: (-len(t), t))
    title_re = re.compile(r"^(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles) + r")\.?(?=\s|$)")
    return _Lexicon(
        res, verb_re,
        frozenset(f for f, u in res.verbs.items() if u in ("quote", "both")),
        frozenset(n for n, (k, _) in res.roles.items() if k == "person"),
        frozenset(n for n, (k, _) in res.roles.items() if k == "organisation"),
        frozenset(n for n, (k, _) in res.roles.items() if k == "group"),
        frozenset(n for n, (k, _) in res.roles.items() if k == "document"),
        title_re,
    )


