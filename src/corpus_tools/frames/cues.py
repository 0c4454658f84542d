"""Cue syntax of the codebook: cue lists compiled to one matcher (:func:`compile_cues`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from corpus_tools.frames.errors import CodebookError, FramesError
from corpus_tools.textnorm import APOSTROPHE_CHARS, HYPHEN_CHARS

_HYPHEN = rf"(?:\s*[{HYPHEN_CHARS}]\s*|\s+)?"
_APOSTROPHE = f"[{APOSTROPHE_CHARS}]"
_SEPARATOR = "\x00"


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
