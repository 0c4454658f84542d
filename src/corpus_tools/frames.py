"""Frames: a codebook as data, dictionary tagging of sentences, and the validation loop.

The codebook (``resources/codebook.yml``) holds the 15 Policy Frames Codebook dimensions
(Boydstun et al. 2014; Card et al. 2015) and the five generic news frames of Semetko &
Valkenburg (2000), each with its definition, the yes/no question a human coder answers for one
sentence, and the dictionary cues that approximate that answer. This module

* loads and validates the codebook (:func:`load_codebook`, :func:`validate_codebook`);
* tags sentences with every frame whose cues occur (:func:`tag_sentences`), keeping the matched
  cues so each label can be audited (:func:`kwic`);
* aggregates labels (:func:`frame_shares` with bootstrap intervals, :func:`frame_cooccurrence`)
  and plots them;
* counts contested labels for people ("illegal immigrant", "undocumented", "asylum seeker" ...)
  from ``resources/contested_labels.yml`` (:func:`contested_label_counts`);
* closes the loop with human coding: coding sheets (:func:`export_coding_sheet`,
  :func:`load_coding_sheet`), a shipped reference coding of the seed corpus
  (:func:`load_reference_coding`, :func:`align_reference_coding`) and agreement between the
  dictionary and a gold coding (:func:`evaluate_against_gold`, :func:`disagreements`).
  Inter-coder reliability lives in :mod:`corpus_tools.reliability`.

Cue syntax (the same for cues, exclusions and contested labels; matching is case-insensitive and
on whole words):

``family separation``
    the words in order; a space matches any whitespace, a hyphen matches a hyphen or dash, spaces
    or nothing, an apostrophe matches straight and curly apostrophes, other characters are literal.
``detain*``
    ``*`` at the end of a word matches zero or more further letters or digits (detain, detained,
    detainee); at least three characters must precede it and it may appear nowhere else.
``re:push(?:ed|ing)? back``
    a Python regular expression, wrapped in the same whole-word boundaries; it must compile, must
    not match the empty string and must not use named groups.

Within one frame the cue with the most words (then the longest entry) wins at each position and
matches never overlap, so a multi-word cue counts once and a shorter cue inside it is not counted
again. A cue match lying wholly inside a match of one of the frame's ``exclusions`` is dropped
("Homeland Security" does not fire ``security_and_defense``). Frames are matched independently.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
import yaml
from sklearn.metrics import f1_score, precision_score, recall_score

from corpus_tools.kwic import cut_context
from corpus_tools.paths import REFERENCE_CODING, RESOURCES_DIR
from corpus_tools.reliability import SHEET_META_COLUMNS
from corpus_tools.resources import load_resource
from corpus_tools.stats import binomial_share_draws, percentile_interval
from corpus_tools.textnorm import ALIGNMENT_TABLE, APOSTROPHE_CHARS, HYPHEN_CHARS
from corpus_tools.errors import CorpusError

__all__ = [
    "FAMILIES",
    "Codebook",
    "CodebookError",
    "CodingSheetError",
    "ContestedLabel",
    "Frame",
    "FramesError",
    "AlignmentError",
    "align_reference_coding",
    "compile_cues",
    "contested_label_counts",
    "contested_label_kwic",
    "disagreements",
    "evaluate_against_gold",
    "export_coding_sheet",
    "frame_cooccurrence",
    "frame_shares",
    "kwic",
    "load_codebook",
    "load_coding_sheet",
    "load_contested_labels",
    "load_reference_coding",
    "normalize_for_alignment",
    "plot_cooccurrence",
    "plot_frame_shares",
    "tag_sentences",
    "validate_codebook",
]

#: The two frame families a codebook may use.
FAMILIES: tuple[str, str] = ("policy_frames", "generic_news_frames")

CODEBOOK_FILE = "codebook.yml"
CONTESTED_LABELS_FILE = "contested_labels.yml"
REFERENCE_CODING_FILE = "reference_coding.csv"


_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_HYPHEN = rf"(?:\s*[{HYPHEN_CHARS}]\s*|\s+)?"
_APOSTROPHE = f"[{APOSTROPHE_CHARS}]"
_SEPARATOR = "\x00"
_MISSING = object()


# --------------------------------------------------------------------------------------- errors
class FramesError(CorpusError):
    """Bad input to a frames function (wrong type, missing column, unknown frame).

    Examples
    --------
    >>> isinstance(FramesError("x"), ValueError)
    True
    """


class CodebookError(FramesError):
    """A malformed codebook or label list; the message names the file, the entry and the field.

    Examples
    --------
    >>> try:
    ...     validate_codebook({"frames": []}, source="my.yml")
    ... except CodebookError as err:
    ...     print(err)
    my.yml: 'frames' must be a non-empty list of frame entries.
    """


class CodingSheetError(FramesError):
    """A coding sheet that cannot be used; the message names the file, row and column.

    Examples
    --------
    >>> issubclass(CodingSheetError, ValueError)
    True
    """


class AlignmentError(FramesError):
    """Reference sentences that could not be matched to a sentences table.

    Examples
    --------
    >>> issubclass(AlignmentError, ValueError)
    True
    """


# ------------------------------------------------------------------------------ cue compilation
@dataclass(frozen=True)
class _Entry:
    """One translated cue entry: its text, priority rank, and regex (whole and split at the first char)."""

    text: str
    rank: int
    body: str
    first: str | None  # regex of the first character for plain/wildcard cues, None for re: entries
    rest: str


def _translate(cue: Any, *, where: str) -> tuple[str, str | None, str, int]:
    """Translate one cue entry: (regex body, first-char regex or None, rest of body, word count)."""
    if not isinstance(cue, str) or not cue.strip():
        raise CodebookError(f"{where}: every entry must be a non-empty string, got {cue!r}.")
    text = cue.strip()
    if text.startswith("re:"):
        body = text[3:].strip()
        if not body:
            raise CodebookError(f"{where}: regex entry {cue!r} is empty after 're:'.")
        if "(?P<" in body:
            raise CodebookError(f"{where}: regex entry {cue!r} uses a named group; use (?:...) instead.")
        try:
            compiled = re.compile(body, re.IGNORECASE)
        except re.error as err:
            raise CodebookError(f"{where}: regex entry {cue!r} does not compile: {err}.") from None
        if compiled.fullmatch("") is not None:
            raise CodebookError(f"{where}: regex entry {cue!r} matches the empty string.")
        return body, None, body, len(re.split(r"\s+|\\s", body))
    words = text.lower().split()
    parts = []
    for word in words:
        segments = word.split("-")
        if any(seg == "" for seg in segments):
            raise CodebookError(f"{where}: cue {cue!r} has a hyphen without a word on both sides.")
        seg_res = []
        for seg in segments:
            if "*" in seg:
                if seg.count("*") > 1 or not seg.endswith("*"):
                    raise CodebookError(
                        f"{where}: cue {cue!r}: '*' is only allowed once, at the end of a word "
                        "(e.g. 'detain*'); write a 're:' entry for other patterns.")
                if len(seg) - 1 < 3:
                    raise CodebookError(
                        f"{where}: cue {cue!r}: at least three characters must precede '*' "
                        "(a shorter prefix matches too many words).")
                seg_res.append(_escape_literal(seg[:-1]) + r"\w*")
            else:
                seg_res.append(_escape_literal(seg))
        parts.append(_HYPHEN.join(seg_res))
    body = r"\s+".join(parts)
    first = _escape_literal(words[0][0])
    return body, first, body[len(first):], len(words)


def _escape_literal(text: str) -> str:
    return "".join(_APOSTROPHE if ch in APOSTROPHE_CHARS else re.escape(ch) for ch in text)


def _entries(entries: Sequence[str], *, where: str) -> tuple[_Entry, ...]:
    """Translate and rank entries: more words first, then longer entries, then file order."""
    keyed = []
    for position, entry in enumerate(entries):
        body, first, rest, n_words = _translate(entry, where=where)
        text = str(entry).strip()
        keyed.append(((-n_words, -len(text), position), text, body, first, rest))
    keyed.sort()
    return tuple(_Entry(text=k[1], rank=rank, body=k[2], first=k[3], rest=k[4]) for rank, k in enumerate(keyed))


def _single_pattern(entries: Sequence[_Entry], *, where: str) -> re.Pattern:
    """Reference form: one case-insensitive alternation in rank order, group ``c{rank}``."""
    alternatives = "|".join(f"(?P<c{e.rank}>{e.body})" for e in entries)
    try:
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    except re.error as err:  # e.g. a regex entry with a global flag in the middle
        raise CodebookError(f"{where}: the entries do not compile together: {err}.") from None


@dataclass(frozen=True)
class _Matcher:
    """Compiled entries of one frame (or label list) for fast scanning of lowercased text.

    Plain and wildcard cues ending in a word character go into ``fast``: it consumes the non-word
    character before the cue (so ``re`` skips every position inside a word quickly) and then the
    alternatives grouped by their first character. ``re:`` entries and cues ending in punctuation
    (``u.n.``) go into ``slow`` (case-insensitive, also consuming the non-word character before).
    :func:`_matches` merges both exactly as the single alternation (:func:`_single_pattern`)
    would match.
    """

    entries: tuple[_Entry, ...]
    fast: re.Pattern | None
    slow: re.Pattern | None

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(e.text for e in self.entries)


def _matcher(entries: Sequence[str], *, where: str) -> _Matcher:
    ranked = _entries(entries, where=where)
    _single_pattern(ranked, where=where)  # compile check of the reference form
    by_first: dict[str, list[_Entry]] = {}
    for entry in ranked:
        if entry.first is not None and re.match(r"\w", entry.text.rstrip("*")[-1]):
            by_first.setdefault(entry.first, []).append(entry)
    fast = None
    if by_first:
        branches = [first + "(?:" + "|".join(f"(?P<c{e.rank}>{e.rest})" for e in group) + ")"
                    for first, group in by_first.items()]
        fast = re.compile(r"\W(?:" + "|".join(branches) + r")(?!\w)")
    in_fast = {e.rank for group in by_first.values() for e in group}
    regexes = [e for e in ranked if e.rank not in in_fast]
    slow = None
    if regexes:
        alternatives = "|".join(f"(?P<c{e.rank}>{e.body})" for e in regexes)
        slow = re.compile(rf"\W(?:{alternatives})(?!\w)", re.IGNORECASE)
    return _Matcher(entries=ranked, fast=fast, slow=slow)


def _lower(text: str) -> str:
    """Lowercase without changing length (so offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _finditer(matcher: _Matcher, which: int, low: str, pos: int) -> Iterator[tuple[int, int, int]]:
    # Both patterns consume the non-word character before the cue (the text starts with one), so
    # ``re`` skips positions inside words quickly; reported starts are shifted past it.
    if which == 0:  # fast: its matches end in a word character, so finditer never eats a needed \W
        for m in matcher.fast.finditer(low, max(pos - 1, 0)):
            yield m.start() + 1, m.end(), int(m.lastgroup[1:])
    else:  # slow: a match may end in punctuation, so resume one character earlier each time
        while (m := matcher.slow.search(low, max(pos - 1, 0))) is not None:
            yield m.start() + 1, m.end(), int(m.lastgroup[1:])
            pos = m.end()


def _matches(matcher: _Matcher, low: str) -> Iterator[tuple[int, int, int]]:
    """Leftmost, non-overlapping matches (start, end, rank) in ``low``, best rank first at equal starts.

    ``low`` is lowercased text that starts with a non-word character (callers prepend one).
    """
    sources = [k for k, p in enumerate((matcher.fast, matcher.slow)) if p is not None]
    if len(sources) == 1:
        yield from _finditer(matcher, sources[0], low, 0)
        return
    iters = {k: _finditer(matcher, k, low, 0) for k in sources}
    heads = {k: next(iters[k], None) for k in sources}
    pos = 0
    while True:
        for k in sources:  # a head overtaken by an accepted match: rescan that pattern from pos
            if heads[k] is not None and heads[k][0] < pos:
                iters[k] = _finditer(matcher, k, low, pos)
                heads[k] = next(iters[k], None)
        live = [(heads[k][0], heads[k][2], k) for k in sources if heads[k] is not None]
        if not live:
            return
        _start, _rank, k = min(live)
        hit = heads[k]
        yield hit
        pos = hit[1]
        heads[k] = next(iters[k], None)


def compile_cues(cues: Iterable[str]) -> re.Pattern:
    """Compile a list of cue entries (module cue syntax) into one case-insensitive pattern.

    This is the reference form of the matching rule; :func:`tag_sentences` uses an equivalent,
    faster construction.

    Parameters
    ----------
    cues
        Cue entries such as ``"border security"``, ``"detain*"`` or ``"re:push(?:ed)? back"``.

    Returns
    -------
    re.Pattern
        One pattern; ``finditer`` yields non-overlapping whole-word matches, the cue with the most
        words winning at each position.

    Examples
    --------
    >>> pattern = compile_cues(["security", "border security", "detain*", "asylum-seeker"])
    >>> [m.group(0) for m in pattern.finditer("Border Security; detainees; asylum seeker")]
    ['Border Security', 'detainees', 'asylum seeker']
    """
    cues = list(cues)
    if not cues:
        raise FramesError("compile_cues: give at least one cue.")
    return _single_pattern(_entries(cues, where="cue list"), where="cue list")


# --------------------------------------------------------------------------------- the codebook
@dataclass(frozen=True)
class Frame:
    """One frame of the codebook (see ``resources/codebook.yml`` for the field meanings).

    Examples
    --------
    >>> frame = load_codebook()["crime_and_punishment"]
    >>> frame.family, frame.dictionary, "detain*" in frame.cues
    ('policy_frames', True, True)
    """

    id: str
    name: str
    family: str
    definition: str
    question: str
    cues: tuple[str, ...]
    exclusions: tuple[str, ...]
    source: Mapping[str, str]
    dictionary: bool = True
    questions: tuple[str, ...] = ()
    coding_notes: str = ""
    code: int | None = None
    matcher: _Matcher | None = field(default=None, repr=False, compare=False)
    exclusion_matcher: _Matcher | None = field(default=None, repr=False, compare=False)

    @property
    def pattern(self) -> re.Pattern | None:
        """The cues as one case-insensitive pattern (reference form; ``None`` without cues)."""
        return compile_cues(self.cues) if self.cues else None


@dataclass(frozen=True)
class Codebook:
    """A validated codebook: an ordered tuple of :class:`Frame` plus where it was read from.

    Examples
    --------
    >>> book = load_codebook()
    >>> len(book), len(book.family("policy_frames")), len(book.family("generic_news_frames"))
    (20, 15, 5)
    >>> "other" in book.dictionary_ids
    False
    """

    frames: tuple[Frame, ...]
    source: str
    name: str = ""
    version: int | None = None

    def __len__(self) -> int:
        return len(self.frames)

    def __iter__(self):
        return iter(self.frames)

    def __contains__(self, frame_id: object) -> bool:
        return frame_id in self.ids

    def __getitem__(self, frame_id: str) -> Frame:
        for frame in self.frames:
            if frame.id == frame_id:
                return frame
        raise FramesError(f"{self.source}: no frame with id {frame_id!r}; known ids: {', '.join(self.ids)}.")

    @property
    def ids(self) -> tuple[str, ...]:
        """All frame ids in codebook order."""
        return tuple(frame.id for frame in self.frames)

    @property
    def dictionary_ids(self) -> tuple[str, ...]:
        """Ids of the frames detected by cues (all but human-only frames such as ``other``)."""
        return tuple(frame.id for frame in self.frames if frame.dictionary)

    def family(self, family: str) -> tuple[Frame, ...]:
        """Frames of one family, in codebook order."""
        if family not in FAMILIES:
            raise FramesError(f"unknown family {family!r}; use one of {FAMILIES}.")
        return tuple(frame for frame in self.frames if frame.family == family)

    def questions_table(self) -> pd.DataFrame:
        """One row per frame: id, name, family, question, definition, indicator questions."""
        return pd.DataFrame(
            [{"frame": f.id, "name": f.name, "family": f.family, "question": f.question,
              "definition": f.definition, "indicator_questions": " | ".join(f.questions),
              "coding_notes": f.coding_notes} for f in self.frames])


_FRAME_REQUIRED = ("id", "name", "family", "definition", "question", "cues", "source")
_FRAME_OPTIONAL = ("exclusions", "dictionary", "questions", "coding_notes", "code")
_TOP_KEYS = ("frames", "codebook_version", "name", "unit")


def validate_codebook(data: Any, *, source: str = "<codebook>") -> Codebook:
    """Check a parsed codebook (the YAML as Python objects) and return the :class:`Codebook`.

    The schema, checked field by field (an error names ``source``, the frame and the field):

    * top level: a mapping with ``frames`` (non-empty list) and optionally ``codebook_version``
      (int), ``name`` and ``unit`` (strings); no other keys.
    * each frame: a mapping with exactly the keys ``id``, ``name``, ``family``, ``definition``,
      ``question``, ``cues``, ``source`` and optionally ``exclusions``, ``dictionary``,
      ``questions``, ``coding_notes``, ``code`` (unknown keys are errors, to catch typos).
    * ``id``: snake_case (``^[a-z][a-z0-9]*(_[a-z0-9]+)*$``), unique in the codebook.
    * ``family``: ``"policy_frames"`` or ``"generic_news_frames"``.
    * ``name``, ``definition``, ``question``: non-empty strings; ``coding_notes`` a string.
    * ``dictionary`` (default true): when true, ``cues`` is a non-empty list; when false, ``cues``
      must be empty (the frame is coded by humans only, like ``other``).
    * ``cues``, ``exclusions``: lists of strings in the module's cue syntax, no duplicates;
      regex entries must compile and must not match the empty string.
    * ``questions``: list of non-empty strings; required and non-empty for generic news frames.
    * ``code``: integer if present, unique.
    * ``source``: a mapping with non-empty ``definition`` and ``cues`` strings (and optionally
      ``questions``).

    Parameters
    ----------
    data
        The object returned by ``yaml.safe_load``.
    source
        File name used in error messages.

    Returns
    -------
    Codebook

    Examples
    --------
    >>> frame = {"id": "economic", "name": "Economic", "family": "policy_frames",
    ...          "definition": "Costs.", "question": "Money?", "cues": ["cost*"],
    ...          "source": {"definition": "PFC", "cues": "ours"}}
    >>> validate_codebook({"frames": [frame]}).ids
    ('economic',)
    >>> try:
    ...     validate_codebook({"frames": [dict(frame, family="news")]}, source="cb.yml")
    ... except CodebookError as err:
    ...     print(err)
    cb.yml, frame 'economic', field 'family': unknown family 'news'; use one of ('policy_frames', 'generic_news_frames').
    """
    if not isinstance(data, Mapping):
        raise CodebookError(f"{source}: the file must contain a mapping with a 'frames' list, got {type(data).__name__}.")
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise CodebookError(f"{source}: unknown top-level key(s) {unknown}; allowed: {list(_TOP_KEYS)}.")
    entries = data.get("frames")
    if not isinstance(entries, list) or not entries:
        raise CodebookError(f"{source}: 'frames' must be a non-empty list of frame entries.")
    version = data.get("codebook_version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        raise CodebookError(f"{source}: 'codebook_version' must be an integer, got {version!r}.")
    frames: list[Frame] = []
    seen: dict[str, int] = {}
    codes: dict[int, str] = {}
    for number, entry in enumerate(entries, start=1):
        frame = _validate_frame(entry, number=number, source=source)
        if frame.id in seen:
            raise CodebookError(
                f"{source}, frame {frame.id!r}, field 'id': duplicate id (entries {seen[frame.id]} and {number}).")
        seen[frame.id] = number
        if frame.code is not None:
            if frame.code in codes:
                raise CodebookError(
                    f"{source}, frame {frame.id!r}, field 'code': code {frame.code} already used by {codes[frame.code]!r}.")
            codes[frame.code] = frame.id
        frames.append(frame)
    return Codebook(frames=tuple(frames), source=source, name=str(data.get("name", "")), version=version)


def _validate_frame(entry: Any, *, number: int, source: str) -> Frame:
    if not isinstance(entry, Mapping):
        raise CodebookError(f"{source}, frame entry {number}: must be a mapping, got {type(entry).__name__}.")
    label = repr(entry["id"]) if isinstance(entry.get("id"), str) else f"entry {number}"
    where = f"{source}, frame {label}"
    for key in _FRAME_REQUIRED:
        if key not in entry:
            raise CodebookError(f"{where}, field {key!r}: missing (required fields: {', '.join(_FRAME_REQUIRED)}).")
    unknown = sorted(set(entry) - set(_FRAME_REQUIRED) - set(_FRAME_OPTIONAL))
    if unknown:
        raise CodebookError(f"{where}: unknown field(s) {unknown}; allowed: {list(_FRAME_REQUIRED + _FRAME_OPTIONAL)}.")
    frame_id = entry["id"]
    if not isinstance(frame_id, str) or not _ID_RE.match(frame_id):
        raise CodebookError(f"{where}, field 'id': {frame_id!r} is not a snake_case id (e.g. 'crime_and_punishment').")
    for key in ("name", "definition", "question"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise CodebookError(f"{where}, field {key!r}: must be a non-empty string.")
    family = entry["family"]
    if family not in FAMILIES:
        raise CodebookError(f"{where}, field 'family': unknown family {family!r}; use one of {FAMILIES}.")
    dictionary = entry.get("dictionary", True)
    if not isinstance(dictionary, bool):
        raise CodebookError(f"{where}, field 'dictionary': must be true or false, got {dictionary!r}.")
    cues = _string_list(entry["cues"], where=f"{where}, field 'cues'")
    exclusions = _string_list(entry.get("exclusions") or [], where=f"{where}, field 'exclusions'")
    questions = _string_list(entry.get("questions") or [], where=f"{where}, field 'questions'")
    if dictionary and not cues:
        raise CodebookError(
            f"{where}, field 'cues': empty, but the frame is detected by the dictionary; "
            "add cues or set 'dictionary: false'.")
    if not dictionary and cues:
        raise CodebookError(f"{where}, field 'cues': must be empty when 'dictionary: false' (human coding only).")
    if family == "generic_news_frames" and not questions:
        raise CodebookError(f"{where}, field 'questions': generic news frames need their indicator questions.")
    notes = entry.get("coding_notes", "")
    if not isinstance(notes, str):
        raise CodebookError(f"{where}, field 'coding_notes': must be a string.")
    code = entry.get("code")
    if code is not None and (not isinstance(code, int) or isinstance(code, bool)):
        raise CodebookError(f"{where}, field 'code': must be an integer, got {code!r}.")
    src = entry["source"]
    if not isinstance(src, Mapping):
        raise CodebookError(f"{where}, field 'source': must be a mapping with 'definition' and 'cues'.")
    for key in ("definition", "cues"):
        if not isinstance(src.get(key), str) or not src[key].strip():
            raise CodebookError(f"{where}, field 'source': needs a non-empty {key!r} string (where the {key} came from).")
    matcher = _matcher(cues, where=f"{where}, field 'cues'") if cues else None
    excl = _matcher(exclusions, where=f"{where}, field 'exclusions'") if exclusions else None
    return Frame(id=frame_id, name=entry["name"].strip(), family=family, definition=" ".join(entry["definition"].split()),
                 question=" ".join(entry["question"].split()), cues=cues, exclusions=exclusions,
                 source=MappingProxyType({str(k): str(v) for k, v in src.items()}), dictionary=dictionary, questions=questions,
                 coding_notes=" ".join(notes.split()), code=code, matcher=matcher,
                 exclusion_matcher=excl)


def _string_list(value: Any, *, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise CodebookError(f"{where}: must be a list, got {type(value).__name__}.")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise CodebookError(f"{where}: every entry must be a non-empty string, got {item!r}.")
        out.append(item.strip())
    dupes = sorted({item for item in out if out.count(item) > 1})
    if dupes:
        raise CodebookError(f"{where}: duplicate entries {dupes}.")
    return tuple(out)


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise CodebookError(f"{path}: file not found.")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise CodebookError(f"{path}: not valid YAML: {err}") from None


def _parse_codebook(path: Path) -> Codebook:
    return validate_codebook(_read_yaml(path), source=str(path))


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a codebook YAML file (default: the shipped ``resources/codebook.yml``).

    Parameters
    ----------
    path
        A codebook file following the schema of :func:`validate_codebook`.

    Returns
    -------
    Codebook
        Frames in file order, cue patterns compiled.

    Examples
    --------
    >>> book = load_codebook()
    >>> book.ids[:3]
    ('economic', 'capacity_and_resources', 'morality')
    >>> len(book["sv_conflict"].questions)
    4
    """
    return load_resource(path, _parse_codebook, name=CODEBOOK_FILE,
                         missing=lambda p: CodebookError(f"{p}: codebook file not found."))


def _codebook(codebook: Codebook | str | Path | None) -> Codebook:
    if isinstance(codebook, Codebook):
        return codebook
    return load_codebook(codebook)


# ------------------------------------------------------------------------------------ matching
def _as_sentence_frame(sentences: Any, *, caller: str) -> pd.DataFrame:
    """A copy of the input as a DataFrame with a ``text`` column of strings."""
    if isinstance(sentences, pd.DataFrame):
        if "text" not in sentences.columns:
            raise FramesError(f"{caller}: the DataFrame needs a 'text' column; it has {list(sentences.columns)}.")
        table = sentences.copy()
    elif isinstance(sentences, pd.Series):
        table = sentences.rename("text").to_frame()
    elif isinstance(sentences, str):
        raise FramesError(f"{caller}: pass a list of sentences, not a single string (wrap it: [text]).")
    elif isinstance(sentences, Iterable):
        table = pd.DataFrame({"text": list(sentences)})
    else:
        raise FramesError(f"{caller}: expected a list/Series of strings or a DataFrame with 'text', "
                          f"got {type(sentences).__name__}.")
    bad = [label for label, value in table["text"].items() if not isinstance(value, str)]
    if bad:
        raise FramesError(
            f"{caller}: 'text' must hold strings; rows {bad[:10]} do not (missing or non-text). Drop or fill them first.")
    return table


@dataclass(frozen=True)
class _Prepared:
    """Sentences joined into one lowercased string: separator, sentence, separator, sentence ..."""

    texts: list[str]
    low: str
    starts: list[int]


def _prepare(texts: Sequence[str]) -> _Prepared:
    texts = list(texts)
    low = _lower(_SEPARATOR + _SEPARATOR.join(texts))
    starts = (np.cumsum([1] + [len(t) + 1 for t in texts[:-1]]).tolist()) if texts else []
    return _Prepared(texts=texts, low=low, starts=starts)


def _scan(matcher: _Matcher, exclusion: _Matcher | None, prepared: _Prepared) -> list[tuple[int, int, int, int]]:
    """All matches as (row, start, end, rank), dropping those lying inside an exclusion match."""
    texts, starts, low = prepared.texts, prepared.starts, prepared.low
    if not texts:
        return []
    ex_starts: list[int] = []
    ex_ends: list[int] = []
    if exclusion is not None:
        for s, e, _rank in _matches(exclusion, low):
            ex_starts.append(s)
            ex_ends.append(e)
    hits = []
    for s, e, rank in _matches(matcher, low):
        row = bisect.bisect_right(starts, s) - 1
        if row < 0 or e > starts[row] + len(texts[row]):
            continue  # a user regex ran across the sentence separator
        k = bisect.bisect_right(ex_starts, s) - 1
        if k >= 0 and ex_ends[k] >= e:
            continue
        hits.append((row, s - starts[row], e - starts[row], rank))
    return hits


def tag_sentences(sentences: Any, codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Label each sentence with every dictionary frame whose cues occur in it.

    Parameters
    ----------
    sentences
        A list or Series of sentence strings, or a DataFrame with a ``text`` column (its other
        columns and its index are kept, e.g. ``doc_id`` and ``sent_id``).
    codebook
        A :class:`Codebook` or a path; default the shipped codebook.

    Returns
    -------
    pandas.DataFrame
        The input rows, one boolean column per dictionary frame id (codebook order; human-only
        frames such as ``other`` get no column) and ``cues``: the matches as
        ``"frame_id:matched text"`` joined by ``"; "`` (frame order, then text order), ``""`` when
        nothing matched.

    Examples
    --------
    >>> tagged = tag_sentences(["Homeland Security agents detained 300 asylum seekers.",
    ...                         "Border Security laws should be changed."])
    >>> tagged.loc[0, "crime_and_punishment"], tagged.loc[0, "security_and_defense"]
    (np.True_, np.False_)
    >>> tagged.loc[1, "cues"]
    'legality_and_jurisprudence:laws; security_and_defense:border security; sv_responsibility:should'
    """
    book = _codebook(codebook)
    table = _as_sentence_frame(sentences, caller="tag_sentences")
    frames = [book[f] for f in book.dictionary_ids]
    clash = [c for c in [f.id for f in frames] + ["cues"] if c in table.columns]
    if clash:
        raise FramesError(f"tag_sentences: the input already has column(s) {clash}; drop or rename them first.")
    texts = table["text"].tolist()
    prepared = _prepare(texts)
    labels = np.zeros((len(texts), len(frames)), dtype=bool)
    found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    for j, frame in enumerate(frames):
        for row, s, e, _rank in _scan(frame.matcher, frame.exclusion_matcher, prepared):
            labels[row, j] = True
            found[row].append((j, s, f"{frame.id}:{_flat(texts[row][s:e]).lower()}"))
    for j, frame in enumerate(frames):
        table[frame.id] = labels[:, j]
    table["cues"] = ["; ".join(item[2] for item in sorted(hits)) for hits in found]
    return table


def _flat(text: str) -> str:
    return " ".join(text.split())


def _sentence_context(text: str, s: int, e: int, width: int) -> dict[str, str]:
    """Left, match and right of one hit; context folded to single spaces, at most ``width`` each."""
    left, match, right = cut_context(text, s, e, before=width, after=width, fold="space")
    return {"left": left[-width:] if width else "", "match": match, "right": right[:width] if width else ""}


def kwic(sentences: Any, cue_or_frame: str, *, width: int = 40,
         codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Show every match of a frame's cues (or of one cue) with its left and right context.

    Parameters
    ----------
    sentences
        List/Series of strings or a DataFrame with ``text`` (``doc_id``/``sent_id`` are carried).
    cue_or_frame
        A dictionary frame id of the codebook (its cues and exclusions are used), or else one cue
        entry in the module's cue syntax.
    width
        Characters of context on each side (whitespace collapsed).

    Returns
    -------
    pandas.DataFrame
        One row per match: ``row`` (input index label), ``doc_id``/``sent_id`` if present,
        ``frame`` (``""`` for a single cue), ``cue`` (the cue entry that matched), ``left``,
        ``match``, ``right``; in input order.

    Examples
    --------
    >>> rows = kwic(["Parents are taken to federal custody while children wait."],
    ...             "crime_and_punishment", width=12)
    >>> rows[["cue", "left", "match", "right"]].to_dict("records")
    [{'cue': 'custody', 'left': 'to federal', 'match': 'custody', 'right': 'while child'}]
    >>> kwic(["They were detained."], "detain*")["match"].tolist()
    ['detained']
    """
    if not isinstance(width, int) or width < 0:
        raise FramesError(f"kwic: width must be a non-negative integer, got {width!r}.")
    book = _codebook(codebook)
    table = _as_sentence_frame(sentences, caller="kwic")
    if cue_or_frame in book:
        frame = book[cue_or_frame]
        if not frame.dictionary:
            raise FramesError(f"kwic: frame {frame.id!r} has no cues (human coding only).")
        matcher, excl, frame_id = frame.matcher, frame.exclusion_matcher, frame.id
    else:
        matcher, excl, frame_id = _matcher([cue_or_frame], where=f"kwic cue {cue_or_frame!r}"), None, ""
    texts = table["text"].tolist()
    index = table.index.tolist()
    extra = [c for c in ("doc_id", "sent_id") if c in table.columns]
    rows = []
    order = matcher.order
    for row, s, e, rank in _scan(matcher, excl, _prepare(texts)):
        text = texts[row]
        record = {"row": index[row]}
        record.update({c: table[c].iloc[row] for c in extra})
        record.update({"frame": frame_id, "cue": order[rank], **_sentence_context(text, s, e, width)})
        rows.append(record)
    columns = ["row", *extra, "frame", "cue", "left", "match", "right"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------- aggregation
def _frame_columns(tagged: pd.DataFrame, frames: Sequence[str] | None, book: Codebook, *, caller: str) -> list[str]:
    if frames is None:
        cols = [f for f in book.ids if f in tagged.columns]
        if not cols:
            raise FramesError(f"{caller}: no frame columns found; run tag_sentences first "
                              f"(codebook ids: {', '.join(book.ids)}).")
    else:
        cols = list(frames)
        missing = [f for f in cols if f not in tagged.columns]
        if missing:
            raise FramesError(f"{caller}: frame column(s) {missing} not in the table.")
    for col in cols:
        values = tagged[col]
        if values.isna().any():
            raise FramesError(f"{caller}: frame column {col!r} has missing values; code or drop those rows.")
        if not values.isin([0, 1, True, False]).all():
            raise FramesError(f"{caller}: frame column {col!r} must hold booleans or 0/1.")
    return cols


def _by_columns(table: pd.DataFrame, by: str | Sequence[str] | None, *, caller: str) -> list[str]:
    if by is None:
        return []
    cols = [by] if isinstance(by, str) else list(by)
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise FramesError(f"{caller}: grouping column(s) {missing} not in the table; it has {list(table.columns)}.")
    for col in cols:
        if table[col].isna().any():
            raise FramesError(f"{caller}: grouping column {col!r} has missing values.")
    return cols


def frame_shares(tagged: pd.DataFrame, *, by: str | Sequence[str] | None, frames: Sequence[str] | None = None,
                 n_boot: int = 2000, seed: int = 0, level: float = 0.95,
                 codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Share of sentences carrying each frame, per group, with a percentile bootstrap interval.

    The bootstrap resamples sentences with replacement within each group. For a 0/1 label the
    resampled share is exactly ``Binomial(n, share) / n``, so the ``n_boot`` replicates are drawn
    from that distribution (fast and identical in law to resampling rows). Groups are processed
    in sorted order from one ``numpy.random.default_rng(seed)``: same input, same output.
    Sentences of one article are not independent, so read the intervals as optimistic.

    Parameters
    ----------
    tagged
        Output of :func:`tag_sentences` (or any table with 0/1 frame columns).
    by
        Grouping column(s), e.g. ``"outlet"``; ``None`` for the whole table.
    frames
        Frame columns to summarise; default all codebook frames present.
    n_boot, seed, level
        Bootstrap replicates, random seed, interval coverage.

    Returns
    -------
    pandas.DataFrame
        Long table: the ``by`` columns, ``frame``, ``n_sentences``, ``n_tagged``, ``share``,
        ``ci_low``, ``ci_high``; groups sorted, frames in codebook order.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A"] * 4 + ["B"] * 2,
    ...                   "political": [1, 1, 0, 0, 1, 1], "economic": [0, 0, 0, 1, 0, 0]})
    >>> frame_shares(t, by="outlet", n_boot=200)[["outlet", "frame", "n_tagged", "share"]]
      outlet      frame  n_tagged  share
    0      A   economic         1   0.25
    1      A  political         2   0.50
    2      B   economic         0   0.00
    3      B  political         2   1.00
    """
    book = _codebook(codebook)
    cols = _frame_columns(tagged, frames, book, caller="frame_shares")
    by_cols = _by_columns(tagged, by, caller="frame_shares")
    if not isinstance(n_boot, int) or isinstance(n_boot, bool) or n_boot < 1:
        raise FramesError(f"frame_shares: n_boot must be a positive integer, got {n_boot!r}.")
    if not 0 < level < 1:
        raise FramesError(f"frame_shares: level must be between 0 and 1, got {level!r}.")
    if len(tagged) == 0:
        raise FramesError("frame_shares: the table has no rows.")
    rng = np.random.default_rng(seed)
    groups = tagged.groupby(by_cols, sort=True) if by_cols else [((), tagged)]
    rows = []
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        values = group[cols].to_numpy(dtype=float)
        n = len(values)
        k = values.sum(axis=0)
        share = k / n
        draws = binomial_share_draws(n, share, n_boot=n_boot, rng=rng)
        low, high = percentile_interval(draws, level=level, axis=0)
        for j, col in enumerate(cols):
            row = dict(zip(by_cols, key))
            row.update(frame=col, n_sentences=n, n_tagged=int(k[j]), share=float(share[j]),
                       ci_low=float(low[j]), ci_high=float(high[j]))
            rows.append(row)
    return pd.DataFrame(rows, columns=[*by_cols, "frame", "n_sentences", "n_tagged", "share", "ci_low", "ci_high"])


def frame_cooccurrence(tagged: pd.DataFrame, *, frames: Sequence[str] | None = None, measure: str = "count",
                       codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Frame-by-frame co-occurrence within sentences.

    Parameters
    ----------
    tagged
        Table with 0/1 frame columns (output of :func:`tag_sentences`).
    frames
        Frames to include; default all codebook frames present.
    measure
        ``"count"``: sentences carrying both frames (the diagonal is each frame's count).
        ``"jaccard"``: both / either (diagonal 1; NaN when neither frame ever occurs).
        ``"conditional"``: row frame A, column frame B: share of A-sentences that also carry B,
        P(B | A) (diagonal 1; NaN rows for frames that never occur).

    Returns
    -------
    pandas.DataFrame
        Square matrix indexed and labelled by frame id.

    Examples
    --------
    >>> t = pd.DataFrame({"political": [1, 1, 0], "economic": [1, 0, 0]})
    >>> frame_cooccurrence(t, measure="count")
               economic  political
    economic          1          1
    political         1          2
    >>> frame_cooccurrence(t, measure="conditional").loc["political", "economic"]
    np.float64(0.5)
    """
    book = _codebook(codebook)
    cols = _frame_columns(tagged, frames, book, caller="frame_cooccurrence")
    x = tagged[cols].to_numpy(dtype=np.int64)
    both = x.T @ x
    if measure == "count":
        return pd.DataFrame(both, index=cols, columns=cols)
    diag = np.diag(both).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "jaccard":
            union = diag[:, None] + diag[None, :] - both
            values = np.where(union > 0, both / np.where(union > 0, union, 1), np.nan)
        elif measure == "conditional":
            values = np.where(diag[:, None] > 0, both / np.where(diag[:, None] > 0, diag[:, None], 1), np.nan)
        else:
            raise FramesError(f"frame_cooccurrence: measure must be 'count', 'jaccard' or 'conditional', got {measure!r}.")
    return pd.DataFrame(values, index=cols, columns=cols)


def _frame_label(frame_id: str, book: Codebook) -> str:
    return book[frame_id].name if frame_id in book else frame_id


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
    stats = {"frame", "n_sentences", "n_tagged", "share", "ci_low", "ci_high"}
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


# ---------------------------------------------------------------------------- contested labels
@dataclass(frozen=True)
class ContestedLabel:
    """One contested label for people (see ``resources/contested_labels.yml``).

    Examples
    --------
    >>> load_contested_labels()[0].id
    'illegal_immigrant'
    """

    id: str
    name: str
    cues: tuple[str, ...]
    exclusions: tuple[str, ...]
    note: str = ""
    exclusion_matcher: _Matcher | None = field(default=None, repr=False, compare=False)


def _parse_contested_labels(path: Path) -> tuple[ContestedLabel, ...]:
    data = _read_yaml(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("labels"), list) or not data["labels"]:
        raise CodebookError(f"{path}: the file must contain a mapping with a non-empty 'labels' list.")
    labels, seen = [], set()
    for number, entry in enumerate(data["labels"], start=1):
        if not isinstance(entry, Mapping):
            raise CodebookError(f"{path}, label entry {number}: must be a mapping.")
        label_id = entry.get("id")
        where = f"{path}, label {label_id!r}" if isinstance(label_id, str) else f"{path}, label entry {number}"
        unknown = sorted(set(entry) - {"id", "name", "cues", "exclusions", "note"})
        if unknown:
            raise CodebookError(f"{where}: unknown field(s) {unknown}.")
        if not isinstance(label_id, str) or not _ID_RE.match(label_id):
            raise CodebookError(f"{where}, field 'id': must be a snake_case id.")
        if label_id in seen:
            raise CodebookError(f"{where}, field 'id': duplicate id.")
        seen.add(label_id)
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise CodebookError(f"{where}, field 'name': must be a non-empty string.")
        if "cues" not in entry:
            raise CodebookError(f"{where}, field 'cues': missing.")
        cues = _string_list(entry["cues"], where=f"{where}, field 'cues'")
        if not cues:
            raise CodebookError(f"{where}, field 'cues': empty.")
        _matcher(cues, where=f"{where}, field 'cues'")
        exclusions = _string_list(entry.get("exclusions") or [], where=f"{where}, field 'exclusions'")
        excl = _matcher(exclusions, where=f"{where}, field 'exclusions'") if exclusions else None
        labels.append(ContestedLabel(id=label_id, name=entry["name"].strip(), cues=cues, exclusions=exclusions,
                                     note=" ".join(str(entry.get("note", "")).split()), exclusion_matcher=excl))
    owners: dict[str, str] = {}
    for label in labels:
        for cue in label.cues:
            if cue in owners:
                raise CodebookError(f"{path}, label {label.id!r}, field 'cues': {cue!r} is also a cue of {owners[cue]!r}.")
            owners[cue] = label.id
    return tuple(labels)


def load_contested_labels(path: str | Path | None = None) -> tuple[ContestedLabel, ...]:
    """Read and validate the contested-label list (default ``resources/contested_labels.yml``).

    Parameters
    ----------
    path
        A YAML file with a ``labels`` list (fields ``id``, ``name``, ``cues``, ``exclusions``,
        ``note``); bad entries raise :class:`CodebookError` naming file, label and field.

    Returns
    -------
    tuple of ContestedLabel

    Examples
    --------
    >>> [label.id for label in load_contested_labels()][:5]
    ['illegal_immigrant', 'illegal_alien', 'undocumented_immigrant', 'irregular_migrant', 'illegal']
    """
    return load_resource(path, _parse_contested_labels, name=CONTESTED_LABELS_FILE,
                         missing=lambda p: CodebookError(f"{p}: contested-label file not found."))


def _label_matches(texts: Sequence[str], labels: Sequence[ContestedLabel]) -> list[tuple[int, int, int, str, str]]:
    """(row, start, end, label id, cue) for every contested-label mention, one label per mention."""
    entries, owner = [], {}
    for label in labels:
        for cue in label.cues:
            entries.append(cue)
            owner[cue] = label
    matcher = _matcher(entries, where="contested labels")
    order = matcher.order
    hits = []
    for row, s, e, rank in _scan(matcher, None, _prepare(texts)):
        label = owner[order[rank]]
        if label.exclusion_matcher is not None and any(
                xs <= s + 1 and xe >= e + 1
                for xs, xe, _r in _matches(label.exclusion_matcher, _lower(_SEPARATOR + texts[row]))):
            continue
        hits.append((row, s, e, label.id, order[rank]))
    return hits


def _texts_from_tokens(tokens: pd.DataFrame, by_cols: list[str]) -> pd.DataFrame:
    keys = [c for c in ("doc_id", "sent_id") if c in tokens.columns]
    if not keys:
        raise FramesError("contested_label_counts: a tokens table needs 'doc_id' (and 'sent_id') to rebuild sentences.")
    word = "token" if "token" in tokens.columns else "norm"
    group_keys = list(dict.fromkeys(keys + by_cols))
    sort_cols = [c for c in (*keys, "token_id") if c in tokens.columns]
    ordered = tokens.sort_values(sort_cols, kind="stable")
    return ordered.groupby(group_keys, sort=True)[word].agg(lambda s: " ".join(map(str, s))).rename("text").reset_index()


def contested_label_counts(sentences_or_tokens: Any, *, by: str | Sequence[str] | None,
                           labels: str | Path | Sequence[ContestedLabel] | None = None) -> pd.DataFrame:
    """Count contested labels for people ("illegal immigrant", "undocumented", "refugee" ...) per group.

    Each mention is counted once, under its most specific label (see the counting rule in
    ``resources/contested_labels.yml``): "illegal immigrants" is ``illegal_immigrant`` only.

    Parameters
    ----------
    sentences_or_tokens
        Sentences (list/Series of strings, or a DataFrame with ``text``), or a tokens table
        (``doc_id``, ``sent_id``, ``token_id``, ``token``) whose tokens are re-joined with spaces.
    by
        Grouping column(s) (e.g. ``"doc_id"`` or ``"outlet"``); ``None`` for one total row.
    labels
        A label list or the path of a label file; default the shipped list.

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted), one integer column per label (file order), zeros included.

    Examples
    --------
    >>> s = pd.DataFrame({"outlet": ["A", "A", "B"],
    ...                   "text": ["Illegal immigrants and asylum-seekers.",
    ...                            "The UN Refugee Agency helps refugees.", "Undocumented migrants."]})
    >>> counts = contested_label_counts(s, by="outlet")
    >>> cols = ["illegal_immigrant", "immigrant", "asylum_seeker", "refugee", "undocumented_immigrant"]
    >>> counts.loc["A", cols].tolist(), counts.loc["B", cols].tolist()
    ([1, 0, 1, 1, 0], [0, 0, 0, 0, 1])
    """
    label_list = _labels(labels)
    is_tokens = isinstance(sentences_or_tokens, pd.DataFrame) and "text" not in sentences_or_tokens.columns \
        and ("token" in sentences_or_tokens.columns or "norm" in sentences_or_tokens.columns)
    if is_tokens:
        by_cols = _by_columns(sentences_or_tokens, by, caller="contested_label_counts")
        table = _texts_from_tokens(sentences_or_tokens, by_cols)
    else:
        table = _as_sentence_frame(sentences_or_tokens, caller="contested_label_counts")
        by_cols = _by_columns(table, by, caller="contested_label_counts")
    ids = [label.id for label in label_list]
    counts = np.zeros((len(table), len(ids)), dtype=np.int64)
    position = {label_id: j for j, label_id in enumerate(ids)}
    for row, _s, _e, label_id, _cue in _label_matches(table["text"].tolist(), label_list):
        counts[row, position[label_id]] += 1
    result = pd.DataFrame(counts, columns=ids, index=table.index)
    if by_cols:
        result = pd.concat([table[by_cols], result], axis=1).groupby(by_cols, sort=True)[ids].sum()
    else:
        result = result.sum().to_frame("all").T
    return result.astype("int64")


def _labels(labels: str | Path | Sequence[ContestedLabel] | None) -> tuple[ContestedLabel, ...]:
    if labels is None or isinstance(labels, (str, Path)):
        return load_contested_labels(labels)
    out = tuple(labels)
    if not out or not all(isinstance(label, ContestedLabel) for label in out):
        raise FramesError("labels must be a path or a non-empty sequence of ContestedLabel.")
    return out


def contested_label_kwic(sentences: Any, *, labels: str | Path | Sequence[ContestedLabel] | None = None,
                         only: Sequence[str] | None = None, width: int = 40) -> pd.DataFrame:
    """Concordance of contested-label mentions: one row per mention with its label and context.

    Parameters
    ----------
    sentences
        List/Series of strings or a DataFrame with ``text`` (``doc_id``/``sent_id`` carried).
    labels
        Label list or file; default the shipped list.
    only
        Restrict to these label ids.
    width
        Characters of context on each side.

    Returns
    -------
    pandas.DataFrame
        ``row``, ``doc_id``/``sent_id`` if present, ``label``, ``left``, ``match``, ``right``.

    Examples
    --------
    >>> rows = contested_label_kwic(["Parents who entered illegally are criminals."], width=13)
    >>> rows[["label", "left", "match", "right"]].to_dict("records")
    [{'label': 'illegal', 'left': 'who entered', 'match': 'illegally', 'right': 'are criminal'}]
    """
    label_list = _labels(labels)
    if only is not None:
        unknown = sorted(set(only) - {label.id for label in label_list})
        if unknown:
            raise FramesError(f"contested_label_kwic: unknown label id(s) {unknown}.")
    table = _as_sentence_frame(sentences, caller="contested_label_kwic")
    texts, index = table["text"].tolist(), table.index.tolist()
    extra = [c for c in ("doc_id", "sent_id") if c in table.columns]
    rows = []
    for row, s, e, label_id, _cue in _label_matches(texts, label_list):
        if only is not None and label_id not in only:
            continue
        text = texts[row]
        record = {"row": index[row], **{c: table[c].iloc[row] for c in extra}, "label": label_id,
                  **_sentence_context(text, s, e, width)}
        rows.append(record)
    return pd.DataFrame(rows, columns=["row", *extra, "label", "left", "match", "right"])


# ------------------------------------------------------------------------------- coding sheets
def _unit_ids(table: pd.DataFrame, *, caller: str) -> pd.Series:
    if "unit_id" in table.columns:
        ids = table["unit_id"].astype(str)
    elif "doc_id" in table.columns and "sent_id" in table.columns:
        ids = table["doc_id"].astype(str) + ":" + table["sent_id"].astype(str)
    else:
        ids = pd.Series([str(i) for i in table.index], index=table.index)
    if ids.duplicated().any():
        dupes = sorted(set(ids[ids.duplicated()]))[:10]
        raise FramesError(f"{caller}: unit ids are not unique ({dupes}); give 'doc_id' and 'sent_id' or a unique index.")
    return ids


def export_coding_sheet(tagged_or_sentences: Any, path: str | Path, *, n_per_stratum: int = 10,
                        by: str | None = "doc_id", seed: int = 0, coder: str | None = None,
                        codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Write a stratified random sample of sentences as a blank coding sheet (CSV) plus its questions.

    The sheet never shows dictionary labels (coders code blind). Files written:

    * ``path``: columns ``unit_id`` (``doc_id:sent_id``, else the input index), ``doc_id`` and
      ``sent_id`` if present, ``text``, ``coder`` (pre-filled if given), one empty column per
      codebook frame id (all frames, including human-only ones), ``notes``. Coders enter 1 or 0.
    * ``<stem>_questions.csv`` next to it: one row per frame with its question, definition,
      indicator questions and coding notes.

    Parameters
    ----------
    tagged_or_sentences
        Sentences table (``text``, ideally ``doc_id`` and ``sent_id``) or the output of
        :func:`tag_sentences`.
    path
        CSV file to write (folders are created).
    n_per_stratum
        Sentences drawn per stratum (all of them if the stratum is smaller).
    by
        Stratum column (default ``doc_id``); ``None`` for one simple random sample.
    seed
        Seed of ``numpy.random.default_rng``; strata are visited in sorted order.
    coder
        Optional value for the ``coder`` column.

    Returns
    -------
    pandas.DataFrame
        The sheet as written.

    Examples
    --------
    >>> import tempfile, os
    >>> s = pd.DataFrame({"doc_id": ["a"] * 3 + ["b"] * 2, "sent_id": [0, 1, 2, 0, 1],
    ...                   "text": ["One.", "Two.", "Three.", "Four.", "Five."]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sheet = export_coding_sheet(s, os.path.join(tmp, "sheet.csv"), n_per_stratum=2)
    ...     sorted(os.listdir(tmp))
    ['sheet.csv', 'sheet_questions.csv']
    >>> sheet["unit_id"].tolist(), sheet.columns[:5].tolist()
    (['a:1', 'a:2', 'b:0', 'b:1'], ['unit_id', 'doc_id', 'sent_id', 'text', 'coder'])
    """
    book = _codebook(codebook)
    table = _as_sentence_frame(tagged_or_sentences, caller="export_coding_sheet")
    if not isinstance(n_per_stratum, int) or isinstance(n_per_stratum, bool) or n_per_stratum < 1:
        raise FramesError(f"export_coding_sheet: n_per_stratum must be a positive integer, got {n_per_stratum!r}.")
    by_cols = _by_columns(table, by, caller="export_coding_sheet")
    table = table.assign(unit_id=_unit_ids(table, caller="export_coding_sheet"))
    rng = np.random.default_rng(seed)
    chosen = []
    groups = table.groupby(by_cols, sort=True) if by_cols else [((), table)]
    for _key, group in groups:
        take = min(n_per_stratum, len(group))
        picks = np.sort(rng.choice(len(group), size=take, replace=False))
        chosen.append(group.iloc[picks])
    sample = pd.concat(chosen)
    meta = ["unit_id", *[c for c in ("doc_id", "sent_id") if c in sample.columns], "text"]
    sheet = sample[meta].reset_index(drop=True)
    sheet["coder"] = coder if coder is not None else ""
    for frame_id in book.ids:
        sheet[frame_id] = ""
    sheet["notes"] = ""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    book.questions_table().to_csv(out.with_name(f"{out.stem}_questions.csv"), index=False, encoding="utf-8",
                                  lineterminator="\n")
    return sheet


def load_coding_sheet(path: str | Path, *, codebook: Codebook | str | Path | None = None,
                      expected_units: Iterable[str] | None = None, require_complete: bool = False) -> pd.DataFrame:
    """Read a filled coding sheet and check it; every problem is reported with file, row and column.

    Checks: ``unit_id`` and ``coder`` columns present and filled; every other column is either a
    known meta column (``doc_id``, ``sent_id``, ``text``, ``notes`` ...) or a codebook frame id;
    frame cells are ``1``, ``0`` or empty (empty = not coded; an error if ``require_complete``);
    no (unit_id, coder) pair twice; if ``expected_units`` is given, no unit missing or extra.

    Parameters
    ----------
    path
        CSV written by :func:`export_coding_sheet` and filled in by a coder.
    expected_units
        Unit ids the sheet must contain exactly (e.g. the exported sheet's ``unit_id``).
    require_complete
        Treat empty frame cells as errors.

    Returns
    -------
    pandas.DataFrame
        Meta columns as strings, frame columns as nullable ``Int8`` (``<NA>`` = not coded).
        Rows numbered as in the file: data row 1 is CSV line 2.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "s.csv"
    ...     _ = p.write_text("unit_id,text,coder,political\\na:0,One.,ana,1\\na:1,Two.,ana,\\n")
    ...     sheet = load_coding_sheet(p)
    >>> sheet["political"].tolist()
    [1, <NA>]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "s.csv"
    ...     _ = p.write_text("unit_id,text,coder,political\\na:0,One.,ana,yes\\n")
    ...     try:
    ...         load_coding_sheet(p)
    ...     except CodingSheetError as err:
    ...         print(str(err).split(": ", 1)[1])
    1 problem(s):
      row 1 (CSV line 2), column 'political': value 'yes' is not 1, 0 or empty
    """
    book = _codebook(codebook)
    path = Path(path)
    if not path.is_file():
        raise CodingSheetError(f"{path}: coding sheet not found.")
    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise CodingSheetError(f"{path}: not a readable UTF-8 CSV file: {err}") from None
    columns = list(sheet.columns)
    for required in ("unit_id", "coder"):
        if required not in columns:
            raise CodingSheetError(f"{path}: column {required!r} is missing (columns: {columns}).")
    frame_cols = [c for c in columns if c not in SHEET_META_COLUMNS]
    unknown = [c for c in frame_cols if c not in book]
    if unknown:
        raise CodingSheetError(
            f"{path}: unknown frame label column(s) {unknown}; frame columns must be codebook ids "
            f"({', '.join(book.ids)}), other columns one of {list(SHEET_META_COLUMNS)}.")
    if not frame_cols:
        raise CodingSheetError(f"{path}: no frame columns; expected codebook ids such as {book.ids[0]!r}.")
    problems = []
    for i, row in enumerate(sheet.itertuples(index=False), start=1):
        where = f"row {i} (CSV line {i + 1})"
        values = dict(zip(columns, row))
        if not values["unit_id"].strip():
            problems.append(f"{where}, column 'unit_id': empty")
        if not values["coder"].strip():
            problems.append(f"{where}, column 'coder': empty; write the coder's name or initials")
        for col in frame_cols:
            cell = values[col].strip()
            if cell not in ("", "0", "1"):
                problems.append(f"{where}, column {col!r}: value {values[col]!r} is not 1, 0 or empty")
            elif cell == "" and require_complete:
                problems.append(f"{where}, column {col!r}: empty, but require_complete=True")
    seen_rows: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(sheet["unit_id"].str.strip(), sheet["coder"].str.strip()), start=1):
        seen_rows.setdefault(key, []).append(i)
    for (unit, who), rows in seen_rows.items():
        if len(rows) > 1:
            problems.append(f"rows {rows}: unit {unit!r} coded twice by coder {who!r}")
    if expected_units is not None:
        expected = [str(u) for u in expected_units]
        present = set(sheet["unit_id"].str.strip())
        missing = [u for u in expected if u not in present]
        extra = sorted(present - set(expected))
        if missing:
            problems.append(f"missing unit(s) {missing[:20]}{' ...' if len(missing) > 20 else ''}")
        if extra:
            problems.append(f"unexpected unit(s) {extra[:20]}{' ...' if len(extra) > 20 else ''}")
    if problems:
        shown = "\n  ".join(problems[:30])
        more = f"\n  ... and {len(problems) - 30} more" if len(problems) > 30 else ""
        raise CodingSheetError(f"{path}: {len(problems)} problem(s):\n  {shown}{more}")
    out = sheet.copy()
    for col in ("unit_id", "coder"):
        out[col] = out[col].str.strip()
    for col in frame_cols:
        out[col] = pd.array([None if v.strip() == "" else int(v) for v in out[col]], dtype="Int8")
    return out


# ---------------------------------------------------------------------------- reference coding



def normalize_for_alignment(text: str) -> str:
    """Key used to align sentences: NFKC, casefolded, quotes and dashes unified, all whitespace removed.

    Examples
    --------
    >>> print(normalize_for_alignment("Detention \u2013 it\u2019s  \u2018wrong\u2019"))
    detention-it's'wrong'
    >>> print(normalize_for_alignment("detention\u2014it's 'wrong'"))
    detention-it's'wrong'
    """
    if not isinstance(text, str):
        raise FramesError(f"normalize_for_alignment: expected a string, got {type(text).__name__}.")
    return "".join(unicodedata.normalize("NFKC", text).casefold().translate(ALIGNMENT_TABLE).split())


def load_reference_coding(path: str | Path | None = None, *,
                          codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Read the shipped reference coding of the seed corpus (one reader, by hand) and check it.

    The file (``resources/reference_coding.csv``, described in ``reference_coding.md``) has one
    row per body sentence of the five seed articles: ``file``, ``sentence`` (as written in the raw
    text, whitespace collapsed), ``coder`` and one 0/1 column per codebook frame id (all 20). It is
    ONE reference coding by one reader, not an inter-coder gold standard.

    Parameters
    ----------
    path
        Another file in the same format.

    Returns
    -------
    pandas.DataFrame
        Frame columns as ``int8``.

    Examples
    --------
    >>> ref = load_reference_coding()
    >>> len(ref), int(ref["crime_and_punishment"].sum()), ref["coder"].unique().tolist()
    (111, 46, ['reference'])
    """
    book = _codebook(codebook)
    resolved = Path(path) if path is not None else REFERENCE_CODING
    if not resolved.is_file():
        raise CodingSheetError(f"{resolved}: reference coding not found.")
    ref = pd.read_csv(resolved, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in ("file", "sentence", "coder", *book.ids) if c not in ref.columns]
    if missing:
        raise CodingSheetError(f"{resolved}: missing column(s) {missing}.")
    unknown = [c for c in ref.columns if c not in ("file", "sentence", "coder", *book.ids)]
    if unknown:
        raise CodingSheetError(f"{resolved}: unknown column(s) {unknown}.")
    problems = []
    for col in book.ids:
        bad = ref.index[~ref[col].isin(["0", "1"])].tolist()
        if bad:
            problems.append(f"column {col!r}, row(s) {[i + 1 for i in bad[:10]]}: values must be 0 or 1")
    empty = ref.index[ref["sentence"].str.strip() == ""].tolist()
    if empty:
        problems.append(f"row(s) {[i + 1 for i in empty]}: empty sentence")
    keys = pd.Series(list(zip(ref["file"], ref["sentence"].map(normalize_for_alignment))))
    if keys.duplicated().any():
        problems.append(f"duplicate sentence(s) in rows {[i + 1 for i in np.flatnonzero(keys.duplicated(keep=False))]}")
    if problems:
        raise CodingSheetError(f"{resolved}: " + "; ".join(problems))
    for col in book.ids:
        ref[col] = ref[col].astype("int8")
    return ref


def align_reference_coding(sentences: pd.DataFrame, *, reference: pd.DataFrame | None = None,
                           on_unmatched: str = "raise",
                           codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Attach reference labels to the rows of a sentences table by normalised sentence text.

    Texts are compared with :func:`normalize_for_alignment` (whitespace, quote and dash
    differences ignored). If ``sentences`` has a ``file`` column, the file must match too. Rows of
    ``sentences`` without a reference sentence (e.g. a signature line the reference skipped) are
    simply not in the result; every reference sentence must be found exactly once.

    Parameters
    ----------
    sentences
        Sentences table with ``text`` (e.g. ``data/processed/sentences.csv``).
    reference
        Default :func:`load_reference_coding`.
    on_unmatched
        ``"raise"`` (default): :class:`AlignmentError` listing every reference sentence not found
        (or found twice), which usually means the sentence splitters disagree. ``"warn"``: warn
        with that list, keep the aligned rows and store the list in ``result.attrs["unmatched"]``.

    Returns
    -------
    pandas.DataFrame
        Indexed like the matched rows of ``sentences`` (in their order), one ``int8`` column per
        frame id, plus ``coder``: ready as ``gold`` for :func:`evaluate_against_gold`.

    Examples
    --------
    >>> s = pd.DataFrame({"text": ["She told VOA there is no justification for detaining children.",
    ...                            "Signed, US members of the Global Coalition on Migration:"]})
    >>> ref = load_reference_coding()
    >>> one = ref[ref["sentence"].str.startswith("She told VOA")]
    >>> gold = align_reference_coding(s, reference=one)
    >>> gold.index.tolist(), int(gold.loc[0, "crime_and_punishment"]), int(gold.loc[0, "morality"])
    ([0], 1, 1)
    """
    book = _codebook(codebook)
    if on_unmatched not in ("raise", "warn"):
        raise FramesError(f"align_reference_coding: on_unmatched must be 'raise' or 'warn', got {on_unmatched!r}.")
    table = _as_sentence_frame(sentences, caller="align_reference_coding")
    ref = load_reference_coding(codebook=book) if reference is None else reference
    use_file = "file" in table.columns and "file" in ref.columns
    table_keys = table["text"].map(normalize_for_alignment).tolist()
    if use_file:
        table_keys = list(zip(table["file"].astype(str), table_keys))
    positions: dict[Any, list[int]] = {}
    for pos, key in enumerate(table_keys):
        positions.setdefault(key, []).append(pos)
    matched_pos, matched_ref, problems = [], [], []
    for i, row in enumerate(ref.itertuples(index=False)):
        key = normalize_for_alignment(row.sentence)
        if use_file:
            key = (str(row.file), key)
        found = positions.get(key, [])
        if len(found) == 1:
            matched_pos.append(found[0])
            matched_ref.append(i)
        else:
            what = "not found" if not found else f"found {len(found)} times"
            problems.append(f"{row.file}: {row.sentence[:90]!r} ({what})")
    if problems:
        message = (f"align_reference_coding: {len(problems)} of {len(ref)} reference sentence(s) could not be "
                   "aligned (the sentence splitter may cut them differently):\n  " + "\n  ".join(problems))
        if on_unmatched == "raise":
            raise AlignmentError(message)
        warnings.warn(message, stacklevel=2)
    order = np.argsort(matched_pos, kind="stable")
    matched_pos = [matched_pos[k] for k in order]
    matched_ref = [matched_ref[k] for k in order]
    frame_cols = [c for c in book.ids if c in ref.columns]
    gold = ref.iloc[matched_ref][[*frame_cols, "coder"]].copy()
    gold.index = table.index[matched_pos]
    gold.attrs["unmatched"] = problems
    return gold


# --------------------------------------------------------------------------------- evaluation
def _check_gold(tagged: pd.DataFrame, gold: pd.DataFrame, *, caller: str) -> None:
    if not gold.index.is_unique or not tagged.index.is_unique:
        raise FramesError(f"{caller}: tagged and gold need unique indexes to be aligned.")
    missing = gold.index.difference(tagged.index)
    if len(missing):
        raise FramesError(f"{caller}: {len(missing)} gold unit(s) not in the tagged table, e.g. {missing[:5].tolist()}; "
                          "tag the same sentences table you aligned the gold coding to.")


def evaluate_against_gold(tagged: pd.DataFrame, gold: pd.DataFrame, *, frames: Sequence[str] | None = None,
                          zero_division: float = 0.0,
                          codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of the dictionary labels against a manual (gold) coding, per frame.

    Units are the rows of ``gold``, matched to ``tagged`` by index. Metrics come from
    ``sklearn.metrics`` with the positive class 1. ZERO DIVISION: precision is undefined when the
    dictionary never fires for a frame (``predicted == 0``), recall when the gold has no positive
    (``support == 0``); both are then set to ``zero_division`` (default 0.0, sklearn's convention;
    pass ``float("nan")`` to mark them undefined instead). F1 is 0 (or ``zero_division``) when
    precision and recall are both 0. Always read ``support`` and ``predicted`` next to the
    scores, and average only over frames with enough support.

    Parameters
    ----------
    tagged
        Output of :func:`tag_sentences`.
    gold
        0/1 frame columns (e.g. from :func:`align_reference_coding` or a loaded coding sheet
        indexed like ``tagged``); no missing values in the evaluated frames.
    frames
        Frames to evaluate; default the codebook frames present in both tables.

    Returns
    -------
    pandas.DataFrame
        One row per frame: ``frame``, ``n_units``, ``support`` (gold positives), ``predicted``
        (dictionary positives), ``tp``, ``fp``, ``fn``, ``precision``, ``recall``, ``f1``.

    Examples
    --------
    >>> tagged = pd.DataFrame({"political": [True, True, False, False]})
    >>> gold = pd.DataFrame({"political": [1, 0, 1, 0]})
    >>> evaluate_against_gold(tagged, gold).iloc[0][["tp", "fp", "fn", "precision", "recall", "f1"]].to_dict()
    {'tp': 1, 'fp': 1, 'fn': 1, 'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    """
    book = _codebook(codebook)
    _check_gold(tagged, gold, caller="evaluate_against_gold")
    if frames is None:
        frames = [f for f in book.ids if f in tagged.columns and f in gold.columns]
        if not frames:
            raise FramesError("evaluate_against_gold: no frame column is present in both tables.")
    _frame_columns(gold, frames, book, caller="evaluate_against_gold (gold)")
    _frame_columns(tagged, frames, book, caller="evaluate_against_gold (tagged)")
    rows = []
    for frame in frames:
        y_true = gold[frame].astype(int).to_numpy()
        y_pred = tagged.loc[gold.index, frame].astype(int).to_numpy()
        tp = int(((y_true == 1) & (y_pred == 1)).sum())
        fp = int(((y_true == 0) & (y_pred == 1)).sum())
        fn = int(((y_true == 1) & (y_pred == 0)).sum())
        kwargs = {"zero_division": zero_division, "labels": [1], "average": None}
        rows.append({"frame": frame, "n_units": len(y_true), "support": int(y_true.sum()),
                     "predicted": int(y_pred.sum()), "tp": tp, "fp": fp, "fn": fn,
                     "precision": float(precision_score(y_true, y_pred, **kwargs)[0]),
                     "recall": float(recall_score(y_true, y_pred, **kwargs)[0]),
                     "f1": float(f1_score(y_true, y_pred, **kwargs)[0])})
    return pd.DataFrame(rows)


def disagreements(tagged: pd.DataFrame, gold: pd.DataFrame, frame: str, *,
                  codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Sentences where the dictionary and the gold coding disagree on one frame, with the cues that fired.

    Parameters
    ----------
    tagged
        Output of :func:`tag_sentences` (needs ``text`` and ``cues``).
    gold
        0/1 frame columns indexed like ``tagged``.
    frame
        The frame id.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``/``sent_id`` if present, ``text``, ``error`` (``"false positive"``: dictionary
        yes, gold no; ``"false negative"``: the reverse), ``cues`` (this frame's matches only);
        false positives first, then in table order.

    Examples
    --------
    >>> tagged = tag_sentences(["Homeland Security Secretary Nielsen spoke.", "Troops guard the wall."])
    >>> gold = pd.DataFrame({"security_and_defense": [1, 1]})
    >>> disagreements(tagged, gold, "security_and_defense")[["error", "cues"]].to_dict("records")
    [{'error': 'false negative', 'cues': ''}]
    """
    _codebook(codebook)
    _check_gold(tagged, gold, caller="disagreements")
    for table, name in ((tagged, "tagged"), (gold, "gold")):
        if frame not in table.columns:
            raise FramesError(f"disagreements: frame {frame!r} is not a column of {name}.")
    if gold[frame].isna().any():
        raise FramesError(f"disagreements: gold column {frame!r} has missing values.")
    sub = tagged.loc[gold.index]
    pred = sub[frame].astype(bool).to_numpy()
    true = gold[frame].astype(int).to_numpy() == 1
    differs = pred != true
    extra = [c for c in ("doc_id", "sent_id") if c in sub.columns]
    out = sub.loc[differs, [*extra, "text"]].copy()
    out["error"] = np.where(pred[differs], "false positive", "false negative")
    prefix = f"{frame}:"
    cues = sub["cues"] if "cues" in sub.columns else pd.Series("", index=sub.index)
    out["cues"] = ["; ".join(c for c in str(v).split("; ") if c.startswith(prefix)).replace(prefix, "")
                   for v in cues[differs]]
    out["_order"] = (out["error"] != "false positive").astype(int)
    return out.sort_values("_order", kind="stable").drop(columns="_order")


# --------------------------------------------------------------------------------------------
# Notebook helpers: codebook overview, contested-label and evaluation plots, coder tables
# --------------------------------------------------------------------------------------------


def describe_codebook(codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """One row per frame: id, family, name, number of cues and exclusions, the coding question.

    Examples
    --------
    >>> table = describe_codebook()
    >>> table.loc[table["id"] == "crime_and_punishment", ["family", "name"]].values.tolist()
    [['policy_frames', 'Crime and punishment']]
    >>> int((table["family"] == "policy_frames").sum()), int((table["family"] == "generic_news_frames").sum())
    (15, 5)
    """
    book = _codebook(codebook)
    return pd.DataFrame(
        [{"id": f.id, "family": f.family, "name": f.name, "n_cues": len(f.cues),
          "n_exclusions": len(f.exclusions), "question": f.question} for f in book.frames]
    )


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


def coder_table(labels: pd.DataFrame, *, coder: str, frames: Sequence[str], unit_cols: Sequence[str] = ("doc_id", "sent_id")) -> pd.DataFrame:
    """Turn a table of 0/1 (or boolean) frame labels into one coder's rows for reliability.

    The result has ``unit_id`` (the ``unit_cols`` joined by ``:``), ``coder`` and one 0/1 column
    per frame, the layout :func:`corpus_tools.reliability.frame_alpha` and
    :func:`corpus_tools.reliability.coding_sets` expect. Use it to treat the dictionary as one
    more "coder" next to human coders.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "political": [True, False]})
    >>> coder_table(t, coder="dictionary", frames=["political"]).to_dict("records")
    [{'unit_id': 'a:0', 'coder': 'dictionary', 'political': 1}, {'unit_id': 'a:1', 'coder': 'dictionary', 'political': 0}]
    """
    missing = [c for c in (*unit_cols, *frames) if c not in labels.columns]
    if missing:
        raise FramesError(f"coder_table: missing column(s) {missing}.")
    unit_id = labels[list(unit_cols)].astype(str).agg(":".join, axis=1)
    out = pd.DataFrame({"unit_id": unit_id.to_numpy(), "coder": coder})
    for frame in frames:
        out[frame] = labels[frame].astype(int).to_numpy()
    return out


def try_align_reference_coding(sentences: pd.DataFrame, *, reference: pd.DataFrame | None = None,
                               codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Like :func:`align_reference_coding`, but for a corpus the reference may not cover.

    Notebooks that run on any corpus call this: on the bundled corpus it returns the full
    alignment; on another corpus (or a subset) it returns whatever aligns, possibly nothing,
    without raising or warning. ``result.attrs["unmatched"]`` lists the reference sentences not
    found, so the caller can say how much of the reference was usable.

    Examples
    --------
    >>> s = pd.DataFrame({"text": ["A sentence no reference coder has seen."]})
    >>> gold = try_align_reference_coding(s)
    >>> len(gold), len(gold.attrs["unmatched"]) > 100
    (0, True)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        aligned = align_reference_coding(sentences, reference=reference, on_unmatched="warn", codebook=codebook)
    aligned.attrs.setdefault("unmatched", [])
    return aligned
