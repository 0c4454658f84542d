"""The frame codebook: :class:`Frame`, :class:`Codebook`, validated loading (:func:`load_codebook`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
import yaml

from corpus_tools.frames.cues import _Matcher, _matcher, compile_cues
from corpus_tools.frames.errors import CodebookError, FramesError
from corpus_tools.paths import DEFAULT_PACK_DIR
from corpus_tools.resources import load_resource

#: The two frame families a codebook may use.
FAMILIES: tuple[str, str] = ("policy_frames", "generic_news_frames")

CODEBOOK_FILE = "codebook.yml"
CONTESTED_LABELS_FILE = "contested_labels.yml"
REFERENCE_CODING_FILE = "reference_coding.csv"


_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_MISSING = object()
# --------------------------------------------------------------------------------- the codebook
@dataclass(frozen=True)
class Frame:
    """One frame of the codebook (see ``domains/immigration/codebook.yml`` for the field meanings).

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
    """Read and validate a codebook YAML file (default: the shipped ``domains/immigration/codebook.yml``).

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
    return load_resource(path, _parse_codebook, name=CODEBOOK_FILE, directory=DEFAULT_PACK_DIR,
                         missing=lambda p: CodebookError(f"{p}: codebook file not found."))


def _codebook(codebook: Codebook | str | Path | None) -> Codebook:
    if isinstance(codebook, Codebook):
        return codebook
    return load_codebook(codebook)


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
