"""Attribute quotations in news prose to their speakers (who said each quote).

Detection and attribution are two layers. :func:`corpus_tools.quotes.extract_quotes` finds the
quotations (their spans, marks and kinds); :func:`attribute_quotes` decides who speaks each one,
with rules written for news prose in general rather than for one corpus:

* **speech verbs in any position**: ``"...," X said.`` / ``"...," said X.`` / ``X said: "..."`` /
  ``Said X: "..."`` / ``"...," X added, "..."`` (both halves of a split quote);
* **reported speech introduces speakers**: ``X warned (that) ...``, ``according to X``, ``X told
  reporters ...`` make X the most recent speaker, so a following ``He said: "..."`` or a quote
  paragraph without a cue goes to X;
* **organisations and roles speak**: ``the committee said``, ``the health board said in a
  statement``, ``a spokeswoman for the hospital said``, ``the statement said`` (see *Speaker
  strings* below);
* **back-references** to the most recent *compatible* speaker: he/she (gender from titles
  ``Mr``/``Ms``/``Mrs``, a small first-name list, role nouns such as *spokeswoman*, and earlier
  pronouns; unknown gender is compatible with both), they/it for organisations and groups,
  definite descriptions ``the spokeswoman``, ``the minister``, ``the board`` (to the most recent
  speaker with that role or organisation noun); surnames and ``Mr Gill`` to the full name given
  earlier (``Sandeep Gill``);
* **continuation**: a quote without a cue after a quote in the same paragraph keeps its speaker; a
  paragraph that is only a quote goes to the most recent speaker of the paragraphs just before;
* **multi-paragraph quotes**: a paragraph-opening quote whose paragraph ends without a closing
  mark is merged with the next paragraph's quote (English convention) when detection gave two
  rows (:func:`merge_multiparagraph_quotes`).

Speaker strings
---------------
The conventions of the project's gold files (``data/annotations/quotes_oos/gold_quotes.csv``):
a person's full name as the text first gives it, without titles (``Dr Miriam Lowe`` ->
``Miriam Lowe``; later ``Dr Lowe``, ``she`` and ``the surgeon`` resolve to it); an institution's
name as the text gives it (``Westfield Borough Council``); a body without a proper name as its
lowercase head phrase without article (``the transport ministry`` -> ``transport ministry``,
``The governing body's standards committee`` -> ``standards committee``); an unnamed spokesperson
speaks for their institution (``a spokeswoman for the council`` -> the council's name); a group
as a lowercase plural (``inspectors``); a document the text makes the subject with its article
(``the statement``, ``the report``). With an actor table (``actors=``), a phrase that matches a
row gets the row's canonical name instead.

Word lists are data files in ``corpus_tools/resources/attribution/`` (speech verbs, role nouns,
titles, pronouns, first names), validated on load (:func:`load_attribution_resources`).

The salience model is deliberately simple (Asr et al. 2021, the Gender Gap Tracker, use a
similar mix of verb-centred rules and coreference): entities are created from speaker phrases and
name mentions in text order; a back-reference takes the most recent compatible entity that was a
*subject* (speaker, or a name opening a clause) within ``window`` paragraphs, else the most recent
compatible mention. No parser, no model: results are reproducible and explainable per row
(columns ``pattern`` and ``resolution``).

Examples
--------
>>> text = ('Dr Jane Roe, a surgeon, warned that wards were full.\\n\\n'
...         '"We have no beds," she said. "None at all."\\n\\n'
...         'A spokesman for Eastfield Hospital said: "We are working on it."')
>>> df = extract_attributed_quotes(text)
>>> df[["quote", "speaker", "pattern", "resolution"]].values.tolist()
... # doctest: +NORMALIZE_WHITESPACE
[['We have no beds,', 'Jane Roe', 'quote_speaker_cue', 'pronoun'],
 ['None at all.', 'Jane Roe', 'continuation', 'pronoun'],
 ['We are working on it.', 'Eastfield Hospital', 'speaker_cue_quote', 'role']]
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from corpus_tools.errors import CorpusError
from corpus_tools.paths import RESOURCES_DIR
from corpus_tools.quotes import evaluate_quotes, extract_quotes, load_actor_table, load_gold_quotes
from corpus_tools.tokenize import split_paragraphs, split_sentences

#: Folder of the shipped word lists.
RESOURCE_FOLDER: Path = RESOURCES_DIR / "attribution"
#: Columns :func:`attribute_quotes` re-computes (the others are kept as detection gave them).
ATTRIBUTION_COLUMNS: tuple[str, ...] = (
    "speaker", "actor_type", "resolved", "resolution", "speaker_text", "speaker_start", "speaker_end",
    "cue", "pattern", "role",
)
#: Columns the input quote table must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("start", "end", "quote", "kind", "mark_start", "mark_end")

_GENDERS = ("f", "m", "")
_ENTITY_KINDS = ("person", "organisation", "group", "document")
_VERB_USES = ("quote", "report", "both")


class AttributionError(CorpusError):
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
_WORD = r"[\w’'\-]+"
_CAP = r"(?:[A-Z][\w’'\-.]*|[A-Z]\.)"
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
_SENT_END = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z“\"‘(])|\n")


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


# --------------------------------------------------------------------------------------------
# Entities and the discourse state
# --------------------------------------------------------------------------------------------


@dataclass
class _Entity:
    name: str
    kind: str                # person / organisation / group
    gender: str = ""
    actor_type: str = "unknown"
    roles: set = field(default_factory=set)      # role / organisation nouns it was named with
    last: int = -1           # position of its last mention
    last_subject: int = -1   # position of its last mention as a subject or speaker
    para_subject: int = -10**9

    def surname(self) -> str:
        return self.name.split()[-1] if self.kind == "person" and self.name else ""


@dataclass
class _Resolved:
    entity: _Entity | None
    resolution: str          # name, surname, table, pronoun, description, role, organisation, unresolved
    role: str = ""


class _State:
    def __init__(self, lex: _Lexicon, doc: _Doc, actors, window: int):
        self.lex = lex
        self.doc = doc
        self.entities: list[_Entity] = []
        self.actors = actors
        self.window = window

    # -- bookkeeping
    def touch(self, ent: _Entity, pos: int, subject: bool) -> None:
        ent.last = max(ent.last, pos)
        if subject:
            ent.last_subject = max(ent.last_subject, pos)

    def find_name(self, name: str) -> _Entity | None:
        key = name.casefold()
        for ent in reversed(self.entities):
            if ent.name.casefold() == key:
                return ent
        return None

    def find_surname(self, token: str, before: int) -> _Entity | None:
        best = None
        for ent in self.entities:
            if ent.kind in ("person", "unknown") and len(ent.name.split()) > 1 and ent.last < before + 1 and (
                    ent.surname() == token or token in ent.name.split()[1:]):
                if best is None or ent.last > best.last:
                    best = ent
        return best

    def new(self, name: str, kind: str, gender: str = "", actor_type: str = "unknown") -> _Entity:
        ent = _Entity(name, kind, gender, actor_type)
        self.entities.append(ent)
        return ent

    def compatible(self, pos: int, kinds, gender: str, *, roles: frozenset = frozenset(),
                   subject_only: bool) -> _Entity | None:
        floor = self.doc.para_index(pos) - self.window
        best, best_pos = None, -1
        for ent in self.entities:
            p = ent.last_subject if subject_only else ent.last
            if p < 0 or p >= pos or self.doc.para_index(p) < floor:
                continue
            if ent.kind not in kinds:
                continue
            if gender and ent.gender and ent.gender != gender:
                continue
            if roles and not (roles & ent.roles):
                continue
            if p > best_pos:
                best, best_pos = ent, p
        return best

    def antecedent(self, pos: int, kinds, gender: str, roles: frozenset = frozenset(), *,
                   subject_first: bool = True, kinds_first=None) -> _Entity | None:
        for ks in ((kinds_first, kinds) if kinds_first else (kinds,)):
            for subject_only in ((True, False) if subject_first else (False,)):
                ent = self.compatible(pos, ks, gender, roles=roles, subject_only=subject_only)
                if ent is not None:
                    return ent
        return None

    def find_prefix(self, label: str) -> _Entity | None:
        """An earlier entity this capitalised label abbreviates ("Carrow" for "Carrow Foods")."""
        for ent in reversed(self.entities):
            if ent.kind in ("organisation", "unknown") and ent.name != label and ent.name.startswith(label + " "):
                return ent
        return None


class _Doc:
    def __init__(self, text: str, masked: str):
        self.text = text
        self.masked = masked
        self.paragraphs = split_paragraphs(text) if text.strip() else [(0, len(text))]
        self.para_starts = [s for s, _ in self.paragraphs]
        # sentences of the text with every quotation read as one word (its final . ! ? kept), so a
        # sentence never ends inside a quotation and the attribution clause stays with its quote
        readable = re.sub(f"{_MASK}+", lambda m: "x" * len(m.group()), masked)
        for i, ch in enumerate(text):
            if masked[i] == _MASK and ch in ".!?" and (i + 1 == len(text) or masked[i + 1] != _MASK):
                readable = readable[:i] + ch + readable[i + 1:]
        sents = [(s, e) for _, s, e in split_sentences(readable)] if masked.strip() else []
        self.sentences = sents or [(0, len(text))]
        self.sent_starts = [s for s, _ in self.sentences]

    def para_index(self, pos: int) -> int:
        return max(bisect.bisect_right(self.para_starts, pos) - 1, 0)

    def para_span(self, pos: int) -> tuple[int, int]:
        return self.paragraphs[self.para_index(pos)]

    def sentence_span(self, pos: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)
        return self.sentences[i]


# --------------------------------------------------------------------------------------------
# Speaker phrases
# --------------------------------------------------------------------------------------------


def _clean_tokens(phrase: str) -> list[str]:
    return [t.strip(",") for t in phrase.replace("\u00a0", " ").split() if t.strip(",")]


def _strip_possessive(tok: str) -> str:
    return re.sub(r"[’']s$", "", tok)


class _Resolver:
    """Turn a speaker phrase into an entity, creating entities as they are introduced."""

    def __init__(self, state: _State):
        self.s = state
        self.lex = state.lex

    def gender_of_name(self, tokens: list[str], title_gender: str) -> str:
        if title_gender:
            return title_gender
        first = tokens[0] if tokens else ""
        return self.lex.res.first_names.get(first, "")

    def split_title(self, tokens: list[str]) -> tuple[list[str], str, str]:
        """(name tokens, title/role words, gender from the title)."""
        gender = ""
        cut = 0
        i = 0
        while i < len(tokens):
            rest = " ".join(tokens[i:])
            m = self.lex.title_re.match(rest)
            low = tokens[i].lower().rstrip(".")
            if m:
                n = len(m.group().split())
                g = self.lex.res.titles.get(m.group().rstrip(".").replace("  ", " "), "")
                gender = g or gender
                i += n
                cut = i
                continue
            if low in self.lex.person_roles or low in self.lex.org_roles or (
                    re.fullmatch(r"[A-Z]{2,}s?", tokens[i]) and i + 1 < len(tokens)) or (
                    tokens[i][:1].islower() and low not in _PARTICLE):
                if low in self.lex.person_roles:
                    g = self.lex.res.roles[low][1]
                    gender = gender or g
                i += 1
                cut = i
                continue
            i += 1
        return tokens[cut:], " ".join(tokens[:cut]), gender

    def is_org_name(self, tokens: list[str]) -> bool:
        lows = {t.lower().rstrip(".") for t in tokens}
        if lows & (self.lex.org_roles | {"international", "inc", "ltd", "corp", "plc", "voice", "watch",
                                         "foundation", "institute", "network", "alliance", "trust"}):
            return True
        return len(tokens) == 1 and bool(re.fullmatch(r"[A-Z]{2,}s?", tokens[0]))

    def table(self, phrase: str, pos: int) -> _Resolved | None:
        if not self.s.actors:
            return None
        for canonical, actor_type, entity, regex, context in self.s.actors:
            if context is not None and not context.search(self.s.doc.text):
                continue
            if regex.search(phrase):
                kind = {"person": "person", "group": "group", "document": "document"}.get(entity, "organisation")
                ent = self.s.find_name(canonical) or self.s.new(canonical, kind, actor_type=actor_type)
                if kind == "person" and not ent.gender:
                    ent.gender = self.lex.res.first_names.get(canonical.split()[0], "")
                return _Resolved(ent, "table")
        return None

    def resolve(self, phrase: str, pos: int, role: str = "") -> _Resolved:
        tokens = _clean_tokens(phrase)
        if not tokens:
            return _Resolved(None, "unresolved")
        low = [t.lower() for t in tokens]
        res = self.lex.res
        if len(tokens) == 1 and low[0] in res.pronouns:
            kinds, gender = res.pronouns[low[0]]
            ent = self.s.antecedent(pos, (*kinds, "unknown"), gender, kinds_first=kinds)
            if ent is None:
                return _Resolved(None, "unresolved")
            if ent.kind == "unknown":
                ent.kind = kinds[0]
            if gender and not ent.gender and ent.kind == "person":
                ent.gender = gender
            return _Resolved(ent, "pronoun")
        hit = self.table(phrase, pos)
        if hit is not None:
            if role:
                hit.entity.roles |= self.role_nouns(role)
            return hit
        if low[0] in ("a", "an", "the", "its", "his", "her", "their") or tokens[0][:1].islower():
            j = len(tokens)
            while j > 0 and (tokens[j - 1][:1].isupper() or (low[j - 1] in _PARTICLE and j < len(tokens))):
                j -= 1
            if 0 < j < len(tokens) and low[j - 1] not in _DETERMINERS and low[j - 1] not in _LINKS | _COMPLEMENT:
                # "the hospital spokeswoman Jane Doe", "health minister Jane Doe": the name, with its role
                named = self.resolve(" ".join(tokens[j:]), pos, " ".join(tokens[:j]))
                if named.entity is not None:
                    named.entity.roles |= self.role_nouns(" ".join(tokens[:j]))
                    named.role = named.role or " ".join(tokens[:j])
                    return named
            return self.noun_phrase(tokens, pos, role)
        if len(tokens) <= 4 and (low[0] in _QUANTIFIERS or _strip_possessive(low[0]) in self.lex.all_roles) and all(
                t[:1].islower() for t in tokens[1:]):
            # a common noun capitalised because it opens the sentence: "Police said", "Some parents said"
            rest = tokens[1:] if low[0] in _QUANTIFIERS else tokens
            return self.noun_phrase([t.lower() for t in rest] or [low[0]], pos, role)
        # capitalised phrase: a name, a titled name or an organisation
        poss = [i for i, t in enumerate(tokens[:-1]) if re.search(r"[’']s?$", t)]
        if poss:  # "Labour's Jane Doe", "Carrow's chief executive": the owner is not the name
            tokens = tokens[poss[-1] + 1:]
        tokens = [_strip_possessive(t) for t in tokens]
        name, title, gender = self.split_title(tokens)
        while name and (name[-1].lower() in _LINKS):
            name = name[:-1]
        if not name:
            if title:
                return self.noun_phrase(tokens, pos, role)
            return _Resolved(None, "unresolved")
        if not all(t[:1].isupper() or t.lower() in _PARTICLE | _LINKS for t in name):
            return _Resolved(None, "unresolved")
        if self.is_org_name(tokens) and not (title and len(name) >= 2 and name[0] in res.first_names):
            label = " ".join(name if self.is_org_name(name) else tokens)
            ent = self.s.find_name(label) or self.s.find_prefix(label) or self.s.new(label, "organisation")
            if ent.kind == "unknown":
                ent.kind = "organisation"
            ent.roles |= {t.lower() for t in tokens if t.lower() in self.lex.org_roles}
            return _Resolved(ent, "organisation")
        roles = self.role_nouns(title + " " + role)
        if len(name) == 1:
            ent = self.s.find_surname(name[0], pos)
            if ent is not None:
                if ent.kind == "unknown":
                    ent.kind = "person"
                if gender and not ent.gender:
                    ent.gender = gender
                ent.roles |= roles
                return _Resolved(ent, "surname", title)
            ent = self.s.find_prefix(name[0])
            if ent is not None:
                return _Resolved(ent, "organisation")
            fam = re.search(r"([A-Z][\w\-]+)[’']s\s+(?:" + "|".join(_FAMILY) + r")\b", role)
            if fam:
                owner = self.s.find_surname(fam.group(1), pos)
                name = [name[0], owner.surname() if owner is not None else fam.group(1)]
        full = " ".join(name)
        ent = self.s.find_name(full)
        org_roles = roles & (self.lex.org_roles | self.lex.group_roles)
        person_roles = roles & self.lex.person_roles
        if ent is None and org_roles and not person_roles and not title:
            # "The developer, Ashcroft Homes, said": named by an organisation noun
            ent = self.s.new(full, "organisation")
            ent.roles |= org_roles
            return _Resolved(ent, "organisation")
        if ent is None:
            known = bool(title) or name[0] in res.first_names or bool(person_roles)
            ent = self.s.new(full, "person" if known or len(name) == 1 else "unknown",
                             self.gender_of_name(name, gender))
        elif ent.kind == "unknown" and (title or roles):
            ent.kind = "person"
        elif gender and not ent.gender:
            ent.gender = gender
        ent.roles |= roles
        if not ent.gender:
            ent.gender = self.gender_from_roles(roles)
        return _Resolved(ent, "name", title)

    def role_nouns(self, words: str) -> set:
        """Role nouns of a title or appositive, up to its first complement ("organiser for the union")."""
        toks = [t.lower().strip(",.") for t in words.split()]
        if toks and toks[0] in ("who", "whose", "which", "where", "when", "whom"):
            return set()  # a relative clause describes, it does not name ("who chairs the committee")
        out = set()
        for t in toks:
            if t in _COMPLEMENT:
                break
            if t.endswith(("’s", "'s")):
                continue  # "Ms Whitaker's brother", "the union's": the owner is not the role
            if t in self.lex.all_roles:
                out.add(t)
        return out

    def gender_from_roles(self, roles: set) -> str:
        genders = {self.lex.res.roles[r][1] for r in roles if r in self.lex.res.roles} - {""}
        return genders.pop() if len(genders) == 1 else ""

    def head_of(self, tokens: list[str]):
        """(index of the head noun, index where the head phrase starts) of a determiner phrase."""
        low = [t.lower().strip(",.") for t in tokens]
        stop = next((i for i, t in enumerate(low) if i > 0 and t in _COMPLEMENT), len(low))
        nouns = self.lex.all_roles
        head_i = None
        for i in range(stop):
            if low[i] in nouns and not low[i].endswith(("’s", "'s")):
                head_i = i
        if head_i is None:
            return None, None
        first = 1 if low[0] in _DETERMINERS else 0
        for i in range(head_i):
            if low[i].endswith(("’s", "'s")):
                first = i + 1
        return head_i, first

    def org_label(self, tokens: list[str]) -> str:
        words = [w.strip(",") for w in tokens]
        if words and all(w[:1].isupper() for w in words):
            return " ".join(words)
        return " ".join(w.lower() if not re.fullmatch(r"[A-Z]{2,}s?", w) else w for w in words)

    def resolve_org(self, tokens: list[str], pos: int) -> _Entity | None:
        """An institution named by a phrase ("the council", "the hospital", "Westfield Borough Council")."""
        if not tokens:
            return None
        low = [t.lower().strip(",.") for t in tokens]
        if low[0] in _DETERMINERS:
            tokens, low = tokens[1:], low[1:]
        if not tokens:
            return None
        caps = [t for t in tokens if t[:1].isupper()]
        if caps and tokens[0][:1].isupper() and tokens[-1][:1].isupper() and all(
                t[:1].isupper() or t.lower() in _LINKS for t in tokens):
            label = " ".join(t.strip(",.") for t in tokens)
            label = re.sub(r"[’']s$", "", label)
            ent = self.s.find_name(label)
            if ent is None:
                sur = self.s.find_prefix(label)
                ent = sur or self.s.new(label, "organisation")
            return ent
        head = _strip_possessive(low[-1])
        ent = self.s.antecedent(pos, ("organisation", "unknown"), "", frozenset({head}))
        if ent is None:
            ent = next((e for e in reversed(self.s.entities) if e.kind in ("organisation", "unknown")
                        and head in e.name.lower().split() and e.last < pos), None)
        if ent is None and len(low) == 1 and head in self.lex.org_roles:
            ent = self.s.antecedent(pos, ("organisation", "unknown"), "", frozenset(), subject_first=True,
                                    kinds_first=("unknown",))
        if ent is None:
            label = self.org_label(tokens)
            ent = self.s.find_name(label) or self.s.new(label, "organisation")
            ent.roles.add(head)
        return ent

    def noun_phrase(self, tokens: list[str], pos: int, role: str) -> _Resolved:
        low = [t.lower().strip(",.") for t in tokens]
        det = low[0]
        if det == "the" and len(tokens) == 2 and low[1] in self.lex.person_roles:
            # "the Australian said", "the Scot said": a person named by nationality
            ent = self.s.antecedent(pos, ("person", "unknown"), self.lex.res.roles[low[1]][1], kinds_first=("person",))
            return _Resolved(ent, "description" if ent is not None else "unresolved")
        if det == "the" and len(tokens) >= 2 and tokens[1][:1].isupper() and tokens[-1][:1].isupper() and all(
                t[:1].isupper() or t.lower() in _LINKS for t in tokens[1:]):
            # "the Campaign to Protect Rural England", "the Health and Safety Executive"
            return _Resolved(self.resolve_org(tokens, pos), "organisation")
        head_i, first = self.head_of(tokens)
        if head_i is None and any(re.fullmatch(r"\d+-year-old", t) for t in low) and det in _DETERMINERS:
            # "the 28-year-old said": the most recent person
            ent = self.s.antecedent(pos, ("person", "unknown"), "", kinds_first=("person",))
            return _Resolved(ent, "description" if ent is not None else "unresolved")
        if head_i is None:
            caps = [t for t in tokens[1:] if t[:1].isupper()]
            if det == "the" and caps and len(caps) == len(tokens) - 1:
                return _Resolved(self.resolve_org(tokens, pos), "organisation")
            return _Resolved(None, "unresolved")
        head = low[head_i]
        kind, gender = self.lex.res.roles[head]
        modifiers = tokens[first:head_i]
        complement = tokens[head_i + 1:]
        definite = det in _DETERMINERS and det not in ("a", "an")
        owner = tokens[:first] if first > 1 else []
        if kind == "document":
            label = "the " + head
            ent = self.s.find_name(label) or self.s.new(label, "document")
            ent.roles.add(head)
            return _Resolved(ent, "organisation")
        if kind == "group":
            label = " ".join(w.lower() for w in tokens[first:head_i + 1])
            ent = self.s.find_name(label) or self.s.new(label, "group")
            ent.roles.add(head)
            return _Resolved(ent, "organisation")
        if kind == "organisation":
            if definite and not modifiers:
                ent = self.s.antecedent(pos, ("organisation", "unknown"), "", frozenset({head}))
                if ent is None:
                    ent = next((e for e in reversed(self.s.entities) if e.kind in ("organisation", "unknown")
                                and head in e.name.lower().split()), None)
                if ent is None and head in _COMPANY_NOUNS:
                    ent = self.s.antecedent(pos, ("unknown", "organisation"), "")
                if ent is not None:
                    ent.roles.add(head)
                    return _Resolved(ent, "description")
            label = self.org_label(tokens[first:head_i + 1])
            ent = self.s.find_name(label) or self.s.new(label, "organisation")
            ent.roles.add(head)
            return _Resolved(ent, "organisation")
        # a person named by a role
        if head in _SPOKES:
            org_tokens = None
            if complement and complement[0].lower() in ("for", "of", "at", "with", "from"):
                org_tokens = complement[1:]
            elif modifiers:
                org_tokens = ["the", *modifiers]
            elif owner:
                org_tokens = owner
            if org_tokens:
                org = self.resolve_org([_strip_possessive(t) for t in org_tokens], pos)
                if org is not None:
                    proxy = self.s.new(org.name, "person", gender, org.actor_type)
                    proxy.roles.add(head)
                    return _Resolved(proxy, "role")
        if definite:
            ent = self.s.antecedent(pos, ("person",), gender, frozenset({head}))
            if ent is None and head in _SPOKES:
                ent = self.s.antecedent(pos, ("person",), "", frozenset(_SPOKES))
            if ent is not None:
                return _Resolved(ent, "description")
        return _Resolved(None, "unresolved")


_DETERMINERS = ("the", "a", "an", "its", "his", "her", "their", "our")
_QUANTIFIERS = ("some", "many", "most", "other", "several", "two", "three", "four", "local", "angry", "worried")
_FAMILY = ("brother", "sister", "son", "daughter", "wife", "husband", "mother", "father", "partner", "widow",
           "widower", "niece", "nephew", "uncle", "aunt", "cousin", "grandson", "granddaughter", "grandmother",
           "grandfather", "fiancée", "fiance", "fiancé")
_COMPLEMENT = {"for", "of", "at", "with", "from", "in", "on", "that", "which", "who", "whose", "to", "representing",
               "behind", "under", "over", "said", "says"}
_SPOKES = {"spokeswoman", "spokesman", "spokesperson", "representative"}
_COMPANY_NOUNS = {"company", "firm", "group", "business", "manufacturer", "operator", "retailer", "airline",
                  "developer", "broadcaster", "club", "charity"}


# --------------------------------------------------------------------------------------------
# Finding speech events in the (masked) text
# --------------------------------------------------------------------------------------------


@dataclass
class _Event:
    verb_start: int
    verb_end: int
    cue: str
    sp_start: int
    sp_end: int
    sp_text: str
    role: str
    inverted: bool           # "said X" / "according to X"
    clause_end: int          # where the reported clause ends (sentence end)
    resolved: _Resolved | None = None
    lo: int = -1             # where the subject search started (a closing quote mark, or the sentence)
    inherited: bool = False  # the subject is shared with an earlier verb of the sentence ("... and said")


def _left_subject(lex: _Lexicon, masked: str, lo: int, verb_start: int):
    """The subject phrase ending just before a verb: (start, end, text, role) or None."""
    found = _left_subject_raw(lex, masked, lo, verb_start)
    if found is not None and re.search(r"[’']s?$", found[2]):
        return None  # "the ministry's claims": a possessive is not a subject
    return found


def _left_subject_raw(lex: _Lexicon, masked: str, lo: int, verb_start: int):
    seg_start = lo
    seg = masked[lo:verb_start]
    # drop auxiliaries / adverbs between subject and verb
    end = len(seg)
    while True:
        m = re.search(r"(?:^|\s)(" + "|".join(_ADVERBS) + r"|not|never|would|will|could|had|has|is|was)\s*$",
                      seg[:end])
        if not m:
            break
        end = m.start(1)
    core = seg[:end].rstrip()
    if not core:
        return None
    role = ""
    # appositive: "Jane Doe, a nurse at the hospital," / "Its chief executive, Adaeze Okafor,"
    app = re.search(r"^(?P<head>.*?\S)\s*,\s*(?P<app>[^,]{2,120}?)\s*,$", core)
    if app and not re.search(r"[.;:!?]", app.group("app")):
        head_text = app.group("head")
        # take the last clause of the head
        cut = max(head_text.rfind(","), head_text.rfind(";"))
        subj_off = cut + 1 if cut >= 0 else 0
        subject = head_text[subj_off:]
        appos = app.group("app")
        # "The transport minister, Joanna Reid," : the appositive is the name
        if _looks_like_name(appos) and not _looks_like_name(subject.strip()):
            role = subject.strip()
            a_off = core.rfind(appos)
            start = seg_start + a_off
            return start, start + len(appos), appos, role
        role = appos
        s0 = seg_start + subj_off + (len(subject) - len(subject.lstrip()))
        subject = subject.strip()
        # keep only the trailing noun phrase of the head clause
        sub = _trailing_np(lex, subject)
        if sub is None:
            return None
        s0 += len(subject) - len(sub)
        return s0, s0 + len(sub), sub, role
    if core.endswith(","):
        return None
    cut = max(core.rfind(","), core.rfind(";"), core.rfind("—"), core.rfind("–"))
    clause = core[cut + 1:] if cut >= 0 else core
    sub = _trailing_np(lex, clause.strip())
    if sub is None:
        return None
    start = seg_start + len(core) - len(sub)
    return start, start + len(sub), sub, role


def _looks_like_name(s: str) -> bool:
    toks = s.split()
    return 1 <= len(toks) <= 5 and all(t[:1].isupper() or t in _PARTICLE for t in toks) and toks[0] not in _OPENERS


def _trailing_np(lex: _Lexicon, clause: str) -> str | None:
    """The noun phrase at the end of a clause: a pronoun, a (titled) name, or a determiner phrase."""
    toks = clause.split()
    if not toks:
        return None
    last = toks[-1]
    if last.lower() in lex.res.pronouns:
        return last
    # determiner phrase: leftmost determiner whose phrase has no verb-like break
    for i in range(len(toks) - 1, -1, -1):
        t = toks[i]
        if t.lower() in ("the", "a", "an", "its", "his", "her", "their") and (
                i == 0 or toks[i - 1].lower() not in ("of", "for", "at", "from", "with", "in", "on", "to", "by")):
            phrase = toks[i:]
            if len(phrase) <= 9 and any(_strip_possessive(w.lower().strip(",.")) in lex.all_roles
                                        or re.fullmatch(r"\d+-year-old", w) for w in phrase) or (
                    len(phrase) >= 2 and all(w[:1].isupper() for w in phrase[1:]) and len(phrase) <= 7):
                return " ".join(phrase)
    # capitalised run at the end (with lowercase role words before it: "hospital spokeswoman Jane Doe")
    j = len(toks)
    while j > 0 and (toks[j - 1][:1].isupper() or (toks[j - 1].lower() in _PARTICLE and j < len(toks))):
        j -= 1
    run = toks[j:]
    while run and run[0] in _OPENERS and not lex.title_re.match(" ".join(run)):
        run = run[1:]
        j += 1
    if not run:
        # bare group noun: "Officials said", "Passenger groups said", "Unions representing staff said"
        k = len(toks)
        while k > 0 and toks[k - 1][:1].isalpha() and toks[k - 1].lower() not in ("that", "which", "who", "and"):
            k -= 1
            if len(toks) - k > 4:
                return None
        phrase = toks[k:]
        if phrase and any(w.lower() in lex.group_roles | lex.org_roles | lex.person_roles for w in phrase):
            return " ".join(phrase)
        return None
    k = j
    while k > 0 and toks[k - 1][:1].islower() and (
            _strip_possessive(toks[k - 1].lower()) in lex.person_roles | lex.org_roles
            or (k - 2 >= 0 and _strip_possessive(toks[k - 2].lower()) in lex.org_roles)):
        k -= 1
        if j - k > 3:
            break
    return " ".join(toks[k:]) if k < j and any(
        t.lower() in lex.person_roles for t in toks[k:j]) else " ".join(run)


def _right_subject(lex: _Lexicon, masked: str, pos: int, hi: int):
    """The subject after an inverted verb: "said Mr Gill" / "said Jane Doe, a nurse at X"."""
    m = re.match(r"[ \u00a0]+(?P<sp>[^,.;:!?\x1f“”\"\n]{1,80}?)[ \u00a0]*(?:,[ \u00a0]*(?P<role>[^,.;:!?\x1f“”\"\n]"
                 r"{1,120}?))?[ \u00a0]*(?=[.;:!?,\x1f“”\"\n]|$)", masked[pos:hi])
    if not m:
        return None
    sp = m.group("sp").strip()
    toks = sp.split()
    if not toks or len(toks) > 9:
        return None
    first = toks[0].lower()
    if first in lex.res.pronouns and len(toks) == 1:
        pass
    elif first in ("the", "a", "an", "its", "his", "her", "their"):
        if not any(_strip_possessive(w.lower()) in lex.all_roles
                   for w in toks) and not all(w[:1].isupper() for w in toks[1:]):
            return None
    elif not toks[0][:1].isupper():
        if not any(w.lower() in lex.person_roles for w in toks):
            return None
        if not toks[-1][:1].isupper():
            return None
    role = (m.group("role") or "").strip()
    if role and _looks_like_name(role) and not _looks_like_name(sp):
        # "said the club's chairman, Ian Holt": the appositive is the name
        r = pos + m.start("role")
        return r, r + len(role), role, sp
    s = pos + m.start("sp")
    return s, s + len(sp), sp, role


def _sentence_subject(lex: _Lexicon, masked: str, s_start: int, hi: int):
    """The name or noun phrase opening a sentence (after an introductory phrase and comma)."""
    seg = masked[s_start:hi]
    intro = re.match(r"\s*(?:(?:At|In|On|During|After|Before|Speaking|Outside|Earlier|Later)\b[^,\x1f]{0,60},\s*)?", seg)
    rest = seg[intro.end():]
    m = re.match(r"((?:(?:[A-Z][\w’'\-.]*|the|The|a|A|an|An|[a-z]+(?=\s+[A-Z]))\s+){0,6}?[A-Z][\w’'\-]*)(?=\s+[a-z])", rest)
    if not m:
        return None
    sub = _trailing_np(lex, m.group(1))
    if sub is None:
        return None
    start = s_start + intro.end() + m.group(1).rfind(sub)
    return start, start + len(sub), sub


def _speech_events(lex: _Lexicon, doc: _Doc) -> list[_Event]:
    masked = doc.masked
    events = []
    for s_start, s_end in doc.sentences:
        p_start, p_end = doc.para_span(s_start)
        for m in lex.verb_re.finditer(masked, s_start, s_end):
            v0, v1 = m.start(), m.end()
            verb = re.sub(r"\s+", " ", m.group().lower())
            # a verb form right after "to"/"would" with no subject of its own is part of a clause
            prev = masked[max(s_start, v0 - 12):v0]
            if re.search(r"(?:\bto|\bwould|\bwill|\bcould|\bmay|\bmight|\bcan|\bbeing|\bbeen|\bwas|\bwere|"
                         r"\bis|\bare|\bbe|\bgot|\bget)\s+$", prev, re.IGNORECASE):
                continue  # an infinitive or a passive ("were being asked", "was told"): no speaker here
            if m.group()[:1].isupper() and masked[s_start:v0].strip() not in ("", "“", '"'):
                continue  # "the United States", "Reads": a capitalised form inside a sentence is not a verb
            if m.group()[:1].isupper() and verb in lex.quote_verbs:
                # "Said Ms Okafor: ..."
                right = _right_subject(lex, masked, v1, s_end)
                if right:
                    events.append(_Event(v0, v1, verb, *right, True, s_end))
                continue
            lo = s_start
            for q in re.finditer(r"\x1f+[”\"»]?", masked[s_start:v0]):
                lo = s_start + q.end()
            if lo == s_start and masked[lo:lo + 1] in ("”", '"', "»"):
                lo += 1  # the sentence starts at the closing mark of a quotation
            left = _left_subject(lex, masked, lo, v0)
            if left is not None:
                events.append(_Event(v0, v1, verb, *left, False, s_end, lo=lo))
                continue
            between = masked[lo:v0]
            if re.search(r"(?:^|\s)and\s+(?:also\s+|then\s+|later\s+)?$", between):
                # "X defended the policy and said ...": the subject of the sentence
                prior = [e for e in events if e.clause_end == s_end and e.verb_start < v0]
                if prior:
                    p = prior[-1]
                    events.append(_Event(v0, v1, verb, p.sp_start, p.sp_end, p.sp_text, p.role, p.inverted,
                                         s_end, lo=lo, inherited=True))
                else:
                    head = _sentence_subject(lex, masked, s_start, v0)
                    if head is not None:
                        events.append(_Event(v0, v1, verb, *head, "", False, s_end, lo=lo, inherited=True))
                continue
            if re.fullmatch(r"[\s,—–-]*", between) or re.search(r",\s*$", between):
                right = _right_subject(lex, masked, v1, s_end)
                if right:
                    events.append(_Event(v0, v1, verb, *right, True, s_end, lo=lo))
        for m in re.finditer(r"(?<!\w)[Aa]ccording\s+to(?!\w)", masked[s_start:s_end]):
            pos = s_start + m.end()
            right = re.match(r"[ \u00a0]+(?:(?:figures|data|a\s+report|a\s+statement|a\s+study|a\s+survey|"
                             r"estimates|a\s+letter)[^,.;:]*?\s+(?:from|by|of)\s+)?(?P<sp>[^,.;:!?\x1f“”\"\n]{1,80}?)"
                             r"[ \u00a0]*(?=[.;:!?,\x1f“”\"\n]|\s+on\s|\s+in\s|$)", masked[pos:s_end])
            if right:
                sp = right.group("sp").strip()
                if sp and (sp[:1].isupper() or sp.split()[0].lower() in ("the", "a", "an", "its")):
                    sp0 = pos + right.start("sp")
                    events.append(_Event(s_start + m.start(), pos, "according to", sp0, sp0 + len(sp), sp,
                                         "", True, s_end))
    events.sort(key=lambda e: (e.verb_start, e.sp_start))
    return events


# --------------------------------------------------------------------------------------------
# Name mentions outside quotes (so pronouns and surnames find people not yet quoted)
# --------------------------------------------------------------------------------------------

_NAME_RUN = re.compile(r"(?<![\w’'\-])[A-Z][\w’'\-]*\.?(?:[ \u00a0]+(?:(?:de|van|von|der|da|del|al|bin|la|di|of|for|to|"
                       r"and|on|the)[ \u00a0]+)*[A-Z][\w’'\-]*\.?)*")


def _name_mentions(lex: _Lexicon, doc: _Doc):
    """(start, end, tokens, is_subject) for capitalised runs that look like person names."""
    out = []
    for run in _NAME_RUN.finditer(doc.masked):
        words = run.group().split()
        if any(w in _LINKS for w in words) and not _ORGISH(lex, words):
            # "Smith and Jones", "Minister for Transport": split at the link words
            parts = [(m.start() + run.start(), m) for m in re.finditer(r"(?<!\S)[A-Z][^\s]*(?:\s+[A-Z][^\s]*)*", run.group())]
        else:
            parts = [(run.start(), run)]
        for start, m in parts:
            out.extend(_one_mention(lex, doc, start, m.group()))
    return out


def _ORGISH(lex: _Lexicon, words: list[str]) -> bool:
    return any(_strip_possessive(w.lower()) in lex.org_roles | {"international", "foundation", "institute", "trust"}
               for w in words)


def _one_mention(lex: _Lexicon, doc: _Doc, start: int, group: str):
    toks = [_strip_possessive(t.rstrip(".")) if not re.fullmatch(r"[A-Z]", t.rstrip(".")) else t
            for t in group.split()]
    while toks and toks[0] in _OPENERS and not lex.title_re.match(" ".join(toks)):
        toks = toks[1:]
    if not toks:
        return []
    s_start, _ = doc.sentence_span(start)
    lead = doc.masked[s_start:start]
    cut = len(lead)
    while True:  # "Rovers striker Kwame Boateng", "Its chief executive, ...": role words before the name
        m = re.search(r"(\S+)\s*$", lead[:cut])
        if not m or not (_strip_possessive(m.group(1).lower()) in lex.all_roles or m.group(1)[:1].isupper()):
            break
        cut = m.start(1)
    subject = _is_subject_position(lead) or (cut < len(lead) and _is_subject_position(lead[:cut]))
    return [(start, start + len(group), toks, subject)]


def _is_subject_position(lead: str) -> bool:
    """True when a mention opens its clause (after at most an introductory phrase and a comma)."""
    return bool(re.fullmatch(r"\s*(?:[^,.;:\x1f]{0,80},\s*)?(?:(?:[Tt]he|[A-Z][\w.’'\-]*)\s+){0,3}", lead))


# --------------------------------------------------------------------------------------------
# Attribution
# --------------------------------------------------------------------------------------------


def _compile_actor_rows(actors) -> list:
    if actors is None:
        return []
    if not isinstance(actors, pd.DataFrame):
        raise AttributionError(f"actors must be a DataFrame from load_actor_table(), got {type(actors).__name__}.")
    missing = [c for c in ("canonical", "actor_type", "entity", "pattern") if c not in actors.columns]
    if missing:
        raise AttributionError(f"actors table lacks column(s) {missing}. Fix: load it with load_actor_table().")
    rows = []
    for rec in actors.to_dict("records"):
        context = rec.get("context") or ""
        rows.append((rec["canonical"], rec["actor_type"], rec["entity"],
                     re.compile(rf"(?<!\w)(?:{rec['pattern']})(?!\w)"),
                     re.compile(context) if isinstance(context, str) and context else None))
    return rows


def _check_quotes(text, quotes) -> pd.DataFrame:
    if not isinstance(text, str):
        raise AttributionError(f"text must be a str, got {type(text).__name__}. Fix: pass one document's text.")
    if not isinstance(quotes, pd.DataFrame):
        raise AttributionError(f"quotes must be a DataFrame from extract_quotes(), got {type(quotes).__name__}.")
    missing = [c for c in REQUIRED_COLUMNS if c not in quotes.columns]
    if missing:
        raise AttributionError(f"quotes table lacks column(s) {missing}; it has {list(quotes.columns)}. "
                               "Fix: pass the output of corpus_tools.quotes.extract_quotes(text).")
    for i, (s, e, ms, me) in enumerate(zip(quotes["start"], quotes["end"], quotes["mark_start"], quotes["mark_end"])):
        if not (0 <= ms <= s <= e <= me <= len(text)):
            raise AttributionError(f"quotes row {i}: offsets mark {ms}:{me} / quote {s}:{e} do not fit a text of "
                                   f"{len(text)} characters. Fix: extract the quotes from this same text.")
    return quotes


def merge_multiparagraph_quotes(text: str, quotes: pd.DataFrame) -> pd.DataFrame:
    """Merge a quote left open at its paragraph's end with the next paragraph's opening quote.

    English news continues a quotation over paragraphs by opening each paragraph with a mark and
    closing only the last. When detection returned the parts as separate rows, they are merged
    into one row spanning both paragraphs (``text[start:end]`` then includes the break and the
    repeated mark, as :func:`corpus_tools.quotes.extract_quotes` does for the quotes it merges).

    Examples
    --------
    >>> text = '“One thing.\\n\\n“Another,” she said.'
    >>> q = pd.DataFrame({"start": [1, 14], "end": [11, 22], "quote": ["One thing.", "Another,"],
    ...                   "kind": ["direct", "direct"], "mark_start": [0, 13], "mark_end": [11, 23]})
    >>> merge_multiparagraph_quotes(text, q)[["start", "end", "mark_end"]].values.tolist()
    [[1, 22, 23]]
    """
    quotes = _check_quotes(text, quotes)
    if len(quotes) < 2:
        return quotes.reset_index(drop=True)
    df = quotes.sort_values(["mark_start", "mark_end"], kind="mergesort").reset_index(drop=True)
    paras = split_paragraphs(text) if text.strip() else [(0, len(text))]
    starts = [s for s, _ in paras]

    def para(pos: int) -> int:
        return max(bisect.bisect_right(starts, pos) - 1, 0)

    keep = []
    i = 0
    rows = df.to_dict("records")
    while i < len(rows):
        cur = dict(rows[i])
        while i + 1 < len(rows):
            nxt = rows[i + 1]
            pi, pj = para(cur["mark_start"]), para(nxt["mark_start"])
            open_end = cur["mark_end"] == cur["end"] and not text[cur["end"]:paras[pi][1]].strip()
            next_opens = nxt["mark_start"] == len(text[:paras[pj][0]]) + (
                len(text[paras[pj][0]:nxt["mark_start"]]) - len(text[paras[pj][0]:nxt["mark_start"]].lstrip()))
            if pj == pi + 1 and open_end and next_opens and text[cur["mark_start"]] in "“\"«„":
                cur["end"], cur["mark_end"] = nxt["end"], nxt["mark_end"]
                cur["quote"] = text[cur["start"]:cur["end"]]
                if "n_words" in cur:
                    cur["n_words"] = len(re.findall(r"[\w’'\-]*\w[\w’'\-]*", cur["quote"]))
                i += 1
                continue
            break
        keep.append(cur)
        i += 1
    out = pd.DataFrame(keep, columns=df.columns)
    for col in df.columns:
        try:
            out[col] = out[col].astype(df[col].dtype)
        except (TypeError, ValueError):
            pass
    if "quote_id" in out.columns:
        out["quote_id"] = range(len(out))
    return out


def _mask(text: str, quotes: pd.DataFrame) -> str:
    chars = list(text)
    for s, e in zip(quotes["start"], quotes["end"]):
        for i in range(s, e):
            if chars[i] != "\n":
                chars[i] = _MASK
    return "".join(chars)


def attribute_quotes(text: str, quotes: pd.DataFrame, *, actors: pd.DataFrame | None = None,
                     resources: AttributionResources | None = None, window: int = 2,
                     merge_paragraphs: bool = True) -> pd.DataFrame:
    """Decide who speaks each quotation of one text (news-prose rules; see the module notes).

    Parameters
    ----------
    text
        The document's text (the one ``quotes`` was extracted from).
    quotes
        Rows from :func:`corpus_tools.quotes.extract_quotes` (at least ``start``, ``end``,
        ``quote``, ``kind``, ``mark_start``, ``mark_end``). Rows of kind ``indirect`` are kept with
        their speakers as given (they are not quotations in marks).
    actors
        Optional actor table (:func:`corpus_tools.quotes.load_actor_table`): a speaker phrase that
        matches a row gets its canonical name and ``actor_type``. ``None`` (the default): no
        table, speakers are named as the text names them and typed ``unknown``.
    resources
        Word lists (:func:`load_attribution_resources`); ``None`` for the shipped ones.
    window
        How many paragraphs back a back-reference (pronoun, "the spokeswoman", a cue-less quote
        paragraph) may find its speaker.
    merge_paragraphs
        Merge multi-paragraph quotes first (:func:`merge_multiparagraph_quotes`).

    Returns
    -------
    pandas.DataFrame
        The same rows (merged where a quote runs over paragraphs) with :data:`ATTRIBUTION_COLUMNS`
        re-computed: ``speaker`` ("" when the text names none), ``actor_type``, ``resolved``,
        ``resolution`` (name, surname, table, pronoun, description, role, organisation,
        continuation, salience or unresolved), ``speaker_text``/``speaker_start``/``speaker_end``
        (the words of the text that name the speaker, ``<NA>`` when inherited), ``cue``,
        ``pattern`` (quote_speaker_cue, quote_cue_speaker, speaker_cue_quote, according_to,
        inside_reported_speech, continuation, paragraph_speaker or none) and ``role``.

    Raises
    ------
    AttributionError
        ``text`` not a string, ``quotes`` not a quote table or with offsets outside ``text``.

    Examples
    --------
    >>> text = 'The committee said it would act. "We will not wait," it said.'
    >>> attribute_quotes(text, extract_quotes(text))[["speaker", "resolution"]].values.tolist()
    [['committee', 'pronoun']]
    """
    quotes = _check_quotes(text, quotes)
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise AttributionError(f"window must be a non-negative int, got {window!r}.")
    res = resources if resources is not None else load_attribution_resources()
    if not isinstance(res, AttributionResources):
        raise AttributionError("resources must come from load_attribution_resources().")
    lex = _lexicon(res)
    actor_rows = _compile_actor_rows(actors)
    indirect = quotes[quotes["kind"] == "indirect"] if len(quotes) else quotes
    marked = quotes[quotes["kind"] != "indirect"] if len(quotes) else quotes
    if merge_paragraphs:
        marked = merge_multiparagraph_quotes(text, marked)
    marked = marked.sort_values(["mark_start", "mark_end"], kind="mergesort").reset_index(drop=True)
    doc = _Doc(text, _mask(text, marked))
    state = _State(lex, doc, actor_rows, window)
    resolver = _Resolver(state)
    events = _speech_events(lex, doc)
    mentions = _name_mentions(lex, doc)
    # walk the text in order: name mentions and speech events update the discourse state
    items = [(e.sp_start, 1, e) for e in events] + [(m[0], 0, m) for m in mentions
                                                     if not any(e.sp_start <= m[0] < e.sp_end for e in events)]
    for _canonical, _actor_type, _entity, regex, context in actor_rows:
        if context is not None and not context.search(text):
            continue
        for m in regex.finditer(doc.masked):
            if m.end() > m.start() and not any(e.sp_start <= m.start() < e.sp_end for e in events):
                items.append((m.start(), 3, (m.start(), m.group())))
    for start, phrase in _np_mentions(lex, doc):
        if not any(e.sp_start <= start < e.sp_end for e in events):
            items.append((start, 4, (start, phrase)))
    for m in _GROUP_SUBJECT.finditer(doc.masked):
        if m.group("g").lower() in lex.group_roles and not any(e.sp_start <= m.start("g") < e.sp_end for e in events):
            items.append((m.start("g"), 2, (m.start("g"), m.group("g"))))
    items.sort(key=lambda x: (x[0], x[1]))
    for _pos, kind, item in items:
        if kind == 1:
            ev = item
            ev.resolved = resolver.resolve(ev.sp_text, ev.sp_start, ev.role)
            if ev.role and ev.resolved.entity is not None:
                ev.resolved.entity.roles |= resolver.role_nouns(ev.role)
                if not ev.resolved.entity.gender and ev.resolved.entity.kind == "person":
                    ev.resolved.entity.gender = resolver.gender_from_roles(resolver.role_nouns(ev.role))
            if ev.resolved.entity is not None:
                state.touch(ev.resolved.entity, ev.sp_start, True)
        elif kind == 0:
            start, end, toks, subject = item
            ent = _mention_entity(resolver, state, toks, start, doc.masked[end:end + 60],
                                  doc.masked[max(0, start - 60):start])
            if ent is not None:
                state.touch(ent, start, subject)
        elif kind == 4:
            start, phrase = item
            found = resolver.resolve(phrase, start)
            if found.entity is not None:
                state.touch(found.entity, start, True)
        elif kind == 3:
            start, phrase = item
            hit = resolver.table(phrase, start)
            if hit is not None:
                s_start, _ = doc.sentence_span(start)
                state.touch(hit.entity, start, _is_subject_position(doc.masked[s_start:start]))
        else:
            start, noun = item
            label = noun.lower()
            ent = state.find_name(label) or state.new(label, "group")
            ent.roles.add(label)
            state.touch(ent, start, True)
    return _assign(text, doc, lex, state, events, marked, indirect)


def _mention_entity(resolver: _Resolver, state: _State, toks: list[str], pos: int, after: str,
                    before: str = "") -> _Entity | None:
    lex = state.lex
    if resolver.is_org_name(toks):
        name, _, _ = resolver.split_title(toks)
        label = " ".join(name if name and resolver.is_org_name(name) else toks)
        ent = state.find_name(label) or state.find_prefix(label)
        if ent is None:
            ent = state.new(label, "organisation")
            ent.roles |= {t.lower() for t in toks if t.lower() in lex.org_roles}
        return ent
    name, title, gender = resolver.split_title(toks)
    if not name:
        return None
    person_cue = bool(re.match(r"\s*,\s*(?:\d{1,3}\s*,|who\s|an?\s+(?:\w+\s+){0,3}?(?:"
                               + "|".join(sorted(lex.person_roles)) + r")\b)", after))
    org_cue = bool(re.match(r"\s*,\s*which\s", after))
    if len(name) == 1:
        ent = state.find_surname(name[0], pos) or state.find_prefix(name[0])
        if ent is None and name[0] in lex.res.first_names:
            # "Tom Green and his wife, Sara,": a first name with the family's surname
            fam = re.search(r"(?:\b(?P<pron>his|her|their)|(?P<owner>[A-Z][\w\-]+)[’']s?)\s+(?:"
                            + "|".join(_FAMILY) + r"),?\s*$", before)
            if fam:
                owner = (state.find_surname(fam.group("owner"), pos) if fam.group("owner") else
                         state.antecedent(pos, ("person",), {"his": "m", "her": "f"}.get(fam.group("pron"), "")))
                surname = owner.surname() if owner is not None else (fam.group("owner") or "")
                if surname:
                    return state.new(f"{name[0]} {surname}", "person", lex.res.first_names[name[0]])
        return ent
    full = " ".join(name)
    ent = state.find_name(full)
    if ent is not None:
        if ent.kind == "unknown" and (person_cue or title):
            ent.kind = "person"
        return ent
    if name[0] in lex.res.first_names or title or person_cue:
        return state.new(full, "person", resolver.gender_of_name(name, gender))
    return state.new(full, "organisation" if org_cue else "unknown")


def _np_mentions(lex: _Lexicon, doc: _Doc):
    """(start, phrase) for determiner phrases opening a clause: "The transport ministry raised ...".

    Only phrases headed by a role, organisation, group or document noun and followed by a
    lowercase word (the verb); they make that entity the most recent subject.
    """
    out = []
    for s_start, s_end in doc.sentences:
        m = re.match(r"\s*(?:[^,.;:\x1f“”\"]{0,80},\s*)?(?P<np>(?:The|the|Its|its|A|An)\s+(?:[\w’'\-]+\s+){0,5})",
                     doc.masked[s_start:s_end])
        if not m:
            continue
        toks = m.group("np").split()
        for k in range(1, len(toks) - 1):
            word = toks[k].lower()
            if word.endswith(("’s", "'s")) or word not in lex.all_roles:
                continue
            nxt = toks[k + 1]
            if nxt[:1].islower() and nxt.lower() not in lex.all_roles and nxt.lower() not in _COMPLEMENT:
                out.append((s_start + m.start("np"), " ".join(toks[:k + 1])))
            break
    return out


_GROUP_SUBJECT = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))\s*(?:(?:Some|Many|Most|Other|Several|The|Local|Two|Three|Four|"
                            r"Angry|Worried)\s+)?(?P<g>[A-Za-z][a-z]+)(?=\s+(?:say|said|have|had|are|were|"
                            r"praised|welcomed|criticised|criticized|warned|believe|fear|found|described|told|"
                            r"defended|argue|argued|claim|claimed)\b)")


def _assign(text, doc, lex, state, events, marked, indirect) -> pd.DataFrame:
    rows = marked.to_dict("records")
    results = []
    prev = None  # (row, speaker entity, para index, resolution, pattern, cue, role, cue event)
    prev_cue = None
    for i, row in enumerate(rows):
        ms, me = row["mark_start"], row["mark_end"]
        p_idx = doc.para_index(ms)
        p_start, p_end = doc.paragraphs[p_idx]
        content = text[row["start"]:row["end"]]
        open_end = content.rstrip().endswith((",", "!", "?", "—", "–", "-")) or text[me:me + 1] == ","
        chosen, pattern = None, "none"
        # 1. cue after the quote: "...," she said / "...," said X
        end_para = doc.para_span(max(me - 1, ms))[1]  # a multi-paragraph quote ends in a later paragraph
        after = [e for e in events if me <= min(e.sp_start, e.verb_start) and e.verb_start < end_para
                 and (e.lo == me or re.fullmatch(r"[\s,—–-]*", doc.masked[me:min(e.sp_start, e.verb_start)]))
                 and (e.cue == "according to" or e.cue in lex.quote_verbs)]
        if after:
            e = after[0]
            ends_here = content.rstrip().endswith(".") and not open_end
            lower = doc.masked[min(e.sp_start, e.verb_start)][:1].islower()
            if not ends_here or lower or _clause_ends_after(doc.masked, e):
                chosen, pattern = e, ("according_to" if e.cue == "according to" else
                                      "quote_cue_speaker" if e.inverted else "quote_speaker_cue")
        # 2. cue before the quote: X said: "..." / Said X: "..." / according to X, "..."
        if chosen is None:
            lo = max(p_start, doc.sentence_span(ms)[0])
            if i > 0 and rows[i - 1]["mark_end"] > lo:
                lo = rows[i - 1]["mark_end"]
            before = [e for e in events if lo <= min(e.sp_start, e.verb_start) and max(e.verb_end, e.sp_end) <= ms]
            for e in reversed(before):
                if e.cue not in lex.quote_verbs and e.cue != "according to":
                    continue
                gap = doc.masked[max(e.verb_end, e.sp_end):ms]
                if re.fullmatch(r"(?:(?:[ \u00a0]+[^.!?;\x1f“”\"\n]{0,60}?)?[ \u00a0]*[:,]|[ \u00a0]+that)?[ \u00a0]*", gap):
                    chosen = e
                    pattern = "according_to" if e.cue == "according to" else "speaker_cue_quote"
                    break
            # inside reported speech: "X said the policy was "a disgrace""
            s_lo = max(p_start, doc.sentence_span(ms)[0])
            in_sentence = [e for e in events if s_lo <= e.verb_start and e.verb_end <= ms]
            if chosen is None and in_sentence and row["kind"] in ("partial", "phrase") and not _is_label(text, row):
                chosen, pattern = in_sentence[-1], "inside_reported_speech"
        # 3. partial quote before an inverted report in the same sentence: '... "deeply flawed", X said.'
        if chosen is None and row["kind"] in ("partial", "phrase") and not _is_label(text, row):
            s_start, s_end = doc.sentence_span(ms)
            later = [e for e in events if me <= e.verb_start < s_end and not e.inverted]
            if later and re.search(r",\s*$", doc.masked[me:later[0].sp_start]) and not any(
                    r["mark_start"] > me and r["mark_start"] < later[0].verb_start for r in rows):
                chosen, pattern = later[0], "inside_reported_speech"
        if chosen is not None:
            r = chosen.resolved or _Resolved(None, "unresolved")
            ent = r.entity
            resolution = r.resolution
            sp_text, sp_start, sp_end, cue = chosen.sp_text, chosen.sp_start, chosen.sp_end, chosen.cue
            role = chosen.role or r.role
        else:
            ent, resolution, sp_text, sp_start, sp_end, cue, role = None, "", "", None, None, "", ""
            if row["kind"] == "direct" or (row["kind"] == "partial" and _opens(doc, ms, p_start)):
                # 4. continuation within the paragraph
                if prev is not None and prev[2] == p_idx and prev[1] is not None and not _speech_between(
                        events, prev[0]["mark_end"], ms, prev[7]):
                    ent, resolution, pattern, cue = prev[1], "continuation", "continuation", prev[5]
                    role = prev[6]
                    if prev[3] != "continuation":
                        resolution = prev[3]
                # 5. a quote paragraph without a cue: the most recent speaker
                elif prev is not None and prev[1] is not None and prev[2] == p_idx - 1 and _opens(doc, ms, p_start):
                    last_sp = _last_speaker_before(state, events, ms, doc, 1)
                    ent = last_sp or prev[1]
                    resolution, pattern = "salience", "paragraph_speaker"
                elif _opens(doc, ms, p_start):
                    ent = _last_speaker_before(state, events, ms, doc, 1)
                    if ent is not None:
                        resolution, pattern = "salience", "paragraph_speaker"
        speaker = ent.name if ent is not None else ""
        results.append(dict(
            speaker=speaker, actor_type=ent.actor_type if ent is not None else "unknown", resolved=bool(speaker),
            resolution=resolution if speaker else ("unresolved" if pattern != "none" else ""),
            speaker_text=re.sub(r"\s+", " ", sp_text).strip(), speaker_start=sp_start, speaker_end=sp_end,
            cue=cue, pattern=pattern, role=re.sub(r"\s+", " ", role).strip(),
        ))
        prev = (row, ent, doc.para_index(max(me - 1, ms)), resolution, pattern, cue, role,
                chosen if chosen is not None else prev_cue)
        prev_cue = prev[7]
    out = marked.copy()
    for col in ATTRIBUTION_COLUMNS:
        out[col] = [r[col] for r in results] if results else pd.Series(dtype=object)
    if len(indirect):
        out = pd.concat([out, indirect], ignore_index=True)
    out = out.sort_values(["start", "end"], kind="mergesort").reset_index(drop=True)
    if "quote_id" in out.columns:
        out["quote_id"] = range(len(out))
    for col in ("speaker_start", "speaker_end"):
        out[col] = pd.array(out[col].tolist(), dtype="Int64") if len(out) else out[col].astype("Int64")
    out["resolved"] = out["resolved"].astype(bool)
    return out


_FUNCTION = {"and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "from", "by", "as", "that", "which",
             "when", "while", "because", "if", "than", "then", "so", "is", "was", "were", "are", "had", "has",
             "have", "would", "will", "could", "should", "after", "before", "since", "until", "about", "into"}


def _is_label(text: str, row: dict) -> bool:
    """A quoted title or label, not speech: 'Right Care, Right Place', 'a new "flexi-season" ticket'."""
    quote = text[row["start"]:row["end"]]
    words = re.findall(r"[\w’'\-]*\w[\w’'\-]*", quote)
    content = [w for w in words if w.lower() not in _FUNCTION and w.lower() not in ("a", "an", "the") and w[0].isalpha()]
    if len(words) >= 2 and content and all(w[0].isupper() for w in content):
        return True
    if row["kind"] == "phrase":
        nxt = re.match(r"[ \u00a0]+([a-z][\w\-]*)", text[row["mark_end"]:row["mark_end"] + 30])
        if nxt and nxt.group(1) not in _FUNCTION | set(_DETERMINERS) | {"this", "these", "those", "all"} and not quote.rstrip().endswith((",", ".", ";", ":", "!", "?")):
            return True
    return False


def _clause_ends_after(masked: str, e: _Event) -> bool:
    """'"...." Smith said.' : the attribution clause is the whole sentence (nothing follows the verb)."""
    tail = masked[max(e.verb_end, e.sp_end):e.clause_end]
    return bool(re.fullmatch(r"[^.!?]{0,40}?[.!?]?\s*", tail)) and "that" not in tail.split()


def _opens(doc: _Doc, ms: int, p_start: int) -> bool:
    return bool(re.search(r"(?:^|[.!?:;][\"”’)]*)\s*$", doc.masked[p_start:ms]))


def _speech_between(events, lo: int, hi: int, own=None) -> bool:
    return any(lo <= e.verb_start < hi and e is not own for e in events)


def _last_speaker_before(state: _State, events, pos: int, doc: _Doc, window: int) -> _Entity | None:
    floor = doc.para_index(pos) - window
    best = None
    for e in events:
        if e.verb_start >= pos or doc.para_index(e.verb_start) < floor:
            continue
        if e.resolved is not None and e.resolved.entity is not None:
            best = e.resolved.entity
    return best


# --------------------------------------------------------------------------------------------
# Detection + attribution, and evaluation
# --------------------------------------------------------------------------------------------


def extract_attributed_quotes(text: str, *, actors: pd.DataFrame | None = None,
                              resources: AttributionResources | None = None, window: int = 2,
                              include_indirect: bool = False) -> pd.DataFrame:
    """Quotations of one text with speakers: :func:`extract_quotes` then :func:`attribute_quotes`.

    Parameters
    ----------
    text
        One document's text.
    actors, resources, window
        As for :func:`attribute_quotes` (``actors`` is also given to detection when set).
    include_indirect
        Keep detection's reported-speech rows (kind ``indirect``, speakers as detection gave them).

    Examples
    --------
    >>> text = ('Sandeep Gill, a union organiser, said staff were tired.\\n\\n'
    ...         '"Our members want to treat these patients," said Mr Gill.')
    >>> extract_attributed_quotes(text)[["speaker", "pattern", "resolution"]].values.tolist()
    [['Sandeep Gill', 'quote_cue_speaker', 'surname']]
    """
    if not isinstance(text, str):
        raise AttributionError(f"text must be a str, got {type(text).__name__}. Fix: pass one document's text.")
    quotes = extract_quotes(text, actors=actors, include_indirect=include_indirect)
    return attribute_quotes(text, quotes, actors=actors, resources=resources, window=window)


def evaluate_attribution(texts: dict, gold: pd.DataFrame, *, extractor=None, kinds=("direct", "partial", "phrase"),
                         key: str = "file") -> pd.DataFrame:
    """Score an extractor against gold quotes over several texts (span P/R, attribution accuracy).

    Parameters
    ----------
    texts
        ``{file name: text}``; every ``gold[key]`` value must be a key.
    gold
        A gold table (:func:`corpus_tools.quotes.load_gold_quotes`).
    extractor
        A function ``text -> quote table``; ``None`` for :func:`extract_attributed_quotes`.
    kinds
        Gold and predicted rows of these kinds are scored (default: quotations in marks).
    key
        The gold column naming the text.

    Returns
    -------
    pandas.DataFrame
        One row, as :func:`corpus_tools.quotes.evaluate_quotes` (``span_precision``,
        ``span_recall``, ``attribution_accuracy``, ...).

    Examples
    --------
    >>> gold = pd.DataFrame({"file": ["a"], "kind": ["direct"], "speaker": ["Jane Roe"],
    ...                      "quote": ["We are full,"], "note": [""]})
    >>> texts = {"a": 'Jane Roe, a nurse, spoke. "We are full," she said.'}
    >>> evaluate_attribution(texts, gold)[["span_recall", "attribution_accuracy"]].values.tolist()
    [[1.0, 1.0]]
    """
    if not isinstance(texts, dict):
        raise AttributionError(f"texts must be a dict of file name -> text, got {type(texts).__name__}.")
    if not isinstance(gold, pd.DataFrame) or key not in gold.columns:
        raise AttributionError(f"gold must be a DataFrame with a {key!r} column (load_gold_quotes()).")
    missing = sorted(set(gold[key]) - set(texts))
    if missing:
        raise AttributionError(f"gold names text(s) {missing} that are not in texts. Fix: pass every text.")
    extractor = extractor or extract_attributed_quotes
    frames = []
    for name in sorted(set(gold[key])):
        df = extractor(texts[name])
        df = df[df["kind"].isin(kinds)].copy()
        df.insert(0, key, name)
        frames.append(df[[key, "quote", "speaker", "kind"]])
    predicted = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[key, "quote", "speaker", "kind"])
    return evaluate_quotes(predicted, gold[gold["kind"].isin(kinds)].reset_index(drop=True), key=key)


__all__ = [
    "ATTRIBUTION_COLUMNS", "AttributionError", "AttributionResources", "attribute_quotes",
    "evaluate_attribution", "extract_attributed_quotes", "load_attribution_resources",
    "merge_multiparagraph_quotes", "load_gold_quotes", "load_actor_table",
]
