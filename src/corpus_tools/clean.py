"""Clean a raw article: normalise characters and whitespace, strip page furniture, keep an audit.

Cleaning never edits a file on disk; it returns a new string plus a record of every line it
removed and why (:class:`RemovedLine`), so a reader can check that nothing but page furniture went.
The steps, in order:

1. Unicode NFC normalisation (composed accents: "Héctor" has one code point for "é").
2. Invisible and odd spaces (no-break, zero-width, tabs) become plain spaces or disappear.
3. Dashes: en dash, em dash, horizontal bar and minus used as punctuation become one em dash
   "—"; hyphen look-alikes (U+2010, U+2011) become "-".
4. Quotes: exotic quote marks (« » „ ‟ ″ ＂ ``...'') become the standard curly pair “ ” (or
   straight ``"`` with ``straight_quotes=True``); a right single quote between letters (child’s)
   becomes the apostrophe ``'``. Curly “ ” are kept by default because their direction helps
   quotation extraction.
5. Page furniture: whole lines matched by the rules in ``resources/furniture.yml``, and a first
   line that repeats the document's title (the headline is kept in the metadata instead, so that
   files with and without a headline line are treated alike).
6. Whitespace: lines stripped, runs of spaces collapsed, paragraphs separated by one blank line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

import yaml

from corpus_tools.errors import CorpusError
from corpus_tools.resources import load_resource
from corpus_tools.textnorm import CLEAN_DASHES, CLEAN_QUOTES, CLEAN_SPACES

# All three maps in one pass: a regular expression finds the (rare) characters to change and a
# dict gives each replacement. str.translate with non-ASCII keys looks up every character of the
# text in Python and was the slowest step of cleaning (about 10x slower on news text).
# (Characters mapped to themselves, such as the em dash, are left out: each would cost a callback.)
_CHAR_MAP = {chr(k): (v or "") for table in (CLEAN_SPACES, CLEAN_DASHES, CLEAN_QUOTES) for k, v in table.items()
             if (v or "") != chr(k)}
_CHARS_TO_MAP = re.compile("[" + re.escape("".join(_CHAR_MAP)) + "]")
_STRAIGHT_MAP = {ord("\u201c"): '"', ord("\u201d"): '"', ord("\u2018"): "'", ord("\u2019"): "'"}
# a right single quote between two word characters; the literal comes first so that the engine
# jumps from quote to quote instead of trying the look-behind at every position
_APOSTROPHE = re.compile(r"\u2019(?<=\w\u2019)(?=\w)")
_DOUBLE_TICKS = re.compile(r"``|''")
_SPACES = re.compile(r" {2,}")
#: A ``tail`` rule (a footer: "Read more:", "Contact us at ...") removes the lines after its
#: match only near the end: when they hold at most this share of the document's characters, or
#: at most :data:`TAIL_MAX_CHARS` characters (a few link lines). Matched in mid-article, it
#: removes its own line alone, so the rest of the article is kept.
TAIL_MAX_SHARE = 0.2
TAIL_MAX_CHARS = 300


@dataclass(frozen=True)
class FurnitureRule:
    """One page-furniture rule from ``furniture.yml`` (see that file for the fields)."""

    name: str
    why: str
    pattern: re.Pattern
    scope: str = "line"
    max_words: int | None = None

    def matches(self, line: str, *, n_words: int | None = None) -> bool:
        """Return True if the stripped ``line`` is furniture under this rule.

        ``n_words`` (the line's word count) can be passed to avoid counting once per rule.
        """
        if self.max_words is not None:
            if (n_words if n_words is not None else len(line.split())) > self.max_words:
                return False
        return self.pattern.fullmatch(line) is not None


@dataclass(frozen=True)
class RemovedLine:
    """A line that cleaning removed: its 1-based line number in the raw text, the rule, the text."""

    line_no: int
    rule: str
    text: str


@dataclass(frozen=True)
class CleanResult:
    """The cleaned text and the audit record of removed lines."""

    text: str
    removed: tuple[RemovedLine, ...]


def load_furniture_rules(path: str | Path | None = None) -> tuple[FurnitureRule, ...]:
    """Load and validate page-furniture rules from YAML (the shipped file by default).

    Read through :func:`corpus_tools.resources.load_resource`, so the rules are cached on the
    file's modification time: an edited file is re-read on the next call.

    Parameters
    ----------
    path
        A YAML file with a top-level ``rules`` list; ``None`` for ``resources/furniture.yml``.

    Returns
    -------
    tuple of FurnitureRule

    Raises
    ------
    CorpusError
        Naming the file, the rule and the field when a rule is malformed
        (:class:`~corpus_tools.resources.ResourceError` when the file does not exist).

    Examples
    --------
    >>> rules = load_furniture_rules()
    >>> [r.name for r in rules][:3]
    ['breadcrumb', 'reading_time', 'photo_caption']
    """
    return load_resource(path, _parse_furniture_rules, name="furniture.yml")


def _parse_furniture_rules(path: Path) -> tuple[FurnitureRule, ...]:
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise CorpusError(f"{path}: cannot read furniture rules ({err}). Fix: check the YAML syntax.") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise CorpusError(f"{path}: expected a top-level 'rules:' list. Fix: see resources/furniture.yml.")
    rules, seen = [], set()
    for i, entry in enumerate(doc["rules"], start=1):
        where = f"{path}, rule {i}"
        if not isinstance(entry, dict):
            raise CorpusError(f"{where}: expected a mapping with name, why, pattern, scope.")
        name = entry.get("name")
        where = f"{path}, rule {i} ({name or 'unnamed'})"
        for field in ("name", "why", "pattern"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise CorpusError(f"{where}: field '{field}' is missing or empty.")
        unknown = set(entry) - {"name", "why", "pattern", "scope", "max_words"}
        if unknown:
            raise CorpusError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
        if name in seen:
            raise CorpusError(f"{where}: duplicate rule name {name!r}. Fix: names must be unique.")
        seen.add(name)
        scope = entry.get("scope", "line")
        if scope not in ("line", "tail"):
            raise CorpusError(f"{where}: field 'scope' is {scope!r}; use 'line' or 'tail'.")
        max_words = entry.get("max_words")
        if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
            raise CorpusError(f"{where}: field 'max_words' must be a positive integer.")
        try:
            pattern = re.compile(entry["pattern"])
        except re.error as err:
            raise CorpusError(f"{where}: field 'pattern' is not a valid regular expression ({err}).") from None
        rules.append(FurnitureRule(name, entry["why"], pattern, scope, max_words))
    return tuple(rules)


def normalize_characters(text: str, *, straight_quotes: bool = False) -> str:
    """Apply steps 1-4: NFC, spaces, dashes, quotes and in-word apostrophes.

    Examples
    --------
    >>> print(normalize_characters("children\\u2013including the child\\u2019s \\u00abright\\u00bb"))
    children—including the child's “right”
    >>> normalize_characters("\\u201cNo,\\u201d she said", straight_quotes=True)
    '"No," she said'
    """
    text = unicodedata.normalize("NFC", text)
    text = _CHARS_TO_MAP.sub(lambda m: _CHAR_MAP[m.group()], text)
    text = _DOUBLE_TICKS.sub("\u201c", text) if "``" in text else text
    text = _APOSTROPHE.sub("'", text) if "\u2019" in text else text
    if straight_quotes:
        text = text.translate(_STRAIGHT_MAP)
    return text


def _same_title(line: str, title: str) -> bool:
    def squash(s: str) -> str:
        return re.sub(r"\W+", " ", normalize_characters(s)).strip().casefold()

    return bool(title) and squash(line) == squash(title)


def clean_text(
    text: str,
    *,
    title: str | None = None,
    rules: tuple[FurnitureRule, ...] | None = None,
    straight_quotes: bool = False,
    tail_max_share: float = TAIL_MAX_SHARE,
) -> CleanResult:
    """Clean one document's text and record every removed line.

    Parameters
    ----------
    text
        The decoded raw text.
    title
        The document's title from the metadata; a first line repeating it is removed (rule
        ``title_line``). ``None`` keeps every headline line.
    rules
        Page-furniture rules; ``None`` loads ``resources/furniture.yml``.
    straight_quotes
        Turn curly quotes into straight ones.
    tail_max_share
        A ``tail`` rule cuts the rest of the text only when the lines after its match are at
        most this share of the document's characters (default :data:`TAIL_MAX_SHARE`, 0.2) or
        at most :data:`TAIL_MAX_CHARS` characters; otherwise it removes its own line only.

    Returns
    -------
    CleanResult
        ``text``: paragraphs separated by a blank line, no leading or trailing whitespace;
        ``removed``: the removed lines, in order, with raw line numbers.

    Examples
    --------
    >>> raw = "• Politics\\n\\nA  headline\\n\\n3 minute read\\n\\nIt said \\u201cno.\\u201d\\nMore Must-Reads from TIME\\nx"
    >>> result = clean_text(raw, title="A headline")
    >>> result.text
    'It said “no.”'
    >>> [(r.line_no, r.rule) for r in result.removed]
    [(1, 'breadcrumb'), (3, 'title_line'), (5, 'reading_time'), (8, 'publisher_footer'), (9, 'publisher_footer')]

    A footer line in mid-article does not cut the article short:

    >>> story = "The story goes on here, at length, with many more words. " * 8
    >>> middle = clean_text("First paragraph.\\nRead more:\\n" + story)
    >>> middle.text.startswith("First paragraph. The story goes on"), [(r.line_no, r.rule) for r in middle.removed]
    (True, [(2, 'read_more_stub')])
    """
    rules = load_furniture_rules() if rules is None else rules
    text = normalize_characters(text, straight_quotes=straight_quotes)
    removed: list[RemovedLine] = []
    paragraphs: list[list[str]] = [[]]
    seen_content = False
    tail_rule: str | None = None
    lines = text.split("\n")
    chars_from: list[int] | None = None  # chars_from[i]: characters in lines[i:], computed when needed
    for line_no, raw_line in enumerate(lines, start=1):
        line = _SPACES.sub(" ", raw_line.strip())
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if tail_rule is not None:
            removed.append(RemovedLine(line_no, tail_rule, line))
            continue
        if not seen_content and title is not None and _same_title(line, title):
            removed.append(RemovedLine(line_no, "title_line", line))
            continue
        n_words = len(line.split())
        rule = next((r for r in rules if r.matches(line, n_words=n_words)), None)
        if rule is not None:
            removed.append(RemovedLine(line_no, rule.name, line))
            if rule.scope == "tail":
                if chars_from is None:
                    chars_from = list(accumulate(len(x.strip()) for x in reversed(lines)))[::-1] + [0]
                if chars_from[line_no] <= max(tail_max_share * chars_from[0], TAIL_MAX_CHARS):
                    tail_rule = rule.name
            continue
        seen_content = True
        paragraphs[-1].append(line)
    cleaned = "\n\n".join(" ".join(p) for p in paragraphs if p)
    return CleanResult(cleaned, tuple(removed))
