"""Find quotations, their speakers and reported speech in news text; tell quote from narration.

Everything here is rule-based and works on one text at a time, with character offsets into it,
so ``text[start:end]`` always shows the span a row talks about.

Quote marks
-----------
Double quotation marks only: curly “ ” (and « » „) and straight ``"``. Single marks ‘ ’ are never
treated as quote delimiters, because ’ is overwhelmingly the apostrophe in news text; a quote
nested in single marks stays part of its outer quote. A straight ``"`` opens when it follows a
space (or bracket, dash, start of text) and is followed by a non-space, and closes otherwise.

* Nested double quotes (“A “B” C”, as in doc 004) are dropped: their words belong to the outer
  quote and would otherwise be counted twice.
* Multi-paragraph quotes follow the English convention: a paragraph that ends inside a quote,
  followed by a paragraph that begins with an opening mark, continues the same quote. The row then
  spans both paragraphs (``text[start:end]`` includes the paragraph break and the repeated mark).
* Unbalanced marks never raise; the row gets ``balanced=False``:

  - a closing mark in opening position (after a space, before text; doc 004's ``immigrants. ”``)
    is read as a mistyped opening mark;
  - an opening mark never closed quotes to the end of its paragraph;
  - a closing mark with no opener quotes from the start of its paragraph (or the end of the
    previous quote in it).

Kinds (column ``kind``)
-----------------------
``direct``
    A quotation standing as its own sentence or clause: it opens a sentence and is attributed by a
    cue (``"...," she said``), or it continues such a quote (``"A," she said. "B."``), or it opens
    a sentence and has 4 or more words.
``partial``
    4 or more quoted words embedded in the writer's own sentence (``called on the U.S. to adopt
    "..."``).
``phrase``
    Fewer than 4 quoted words, or a quoted title (every content word capitalised): scare quotes,
    labels and names of things (“zero tolerance”, “Convention on the Rights of the Child.”). They are
    quotations of words, not speech; a speaker is still given when the text supplies one.
``indirect``
    Reported speech without quote marks (``Shamdasani said the use of ...``): only from
    :func:`extract_reported_speech` or ``extract_quotes(..., include_indirect=True)``; the span is
    the reported content as far as the rules can tell.

Speakers (column ``speaker``)
-----------------------------
Attribution patterns, in the order tried (column ``pattern``):

``quote_speaker_cue``  ``"...," she noted`` / ``"...," the letter reads`` / ``"...," Zhu said``
``quote_cue_speaker``  ``"...," said Nikki Haley, United States Ambassador ...`` (the appositive
                       becomes ``role``); ``wrote Human Rights spokeswoman Ravina Shamdasani``
                       gives speaker "Ravina Shamdasani", role "Human Rights spokeswoman"
``speaker_cue_quote``  ``Haley said: "..."`` and ``according to X, "..."``
``continuation``       the second part of a split quote inherits the first part's speaker
``inside_reported_speech``  a partial quote or phrase inside reported content gets its speaker
``reported_*`` / ``according_to``  reported speech (kind ``indirect``)

A speaker phrase is resolved, in order, through the actor table (``resources/actors.csv``, see
:func:`load_actor_table`; gives the canonical name and ``actor_type``), as a surname of a speaker
named earlier in the text, or as the trailing capitalised words of the phrase after title words
(``actor_type`` "unknown"). Pronouns: he/she resolve to the most recent *person* mention (actor
table entry or earlier named speaker), they to the most recent *group*, it and "the agency"/"the
office"/... to the most recent *institution*, each only within the quote's paragraph and the
``pronoun_window`` paragraphs before it. Gender is not used (it is unknown for most names), so
"she" can resolve to a man; when nothing qualifies the speaker stays "" (``resolved=False``). A
definite description that is not in the table ("the agency" outside that rule) also stays "".
"the letter" is kept as the speaker (it is what the text says) and typed by a context rule in the
actor table (attorneys general's letter -> us_state_officials); ``speaker_text`` always keeps the
words of the text.

What the extractor misses
-------------------------
Measured against a single reader's gold labelling of the five bundled raw articles
(data/annotations/gold_quotes.csv; tests/test_quotes.py): quotes in marks 38/38 found, attribution
correct for 37/38; reported speech 34/36 found, speakers all correct. These are IN-SAMPLE figures:
the rules were written while reading the same five texts, so expect lower accuracy elsewhere.
Known misses:

* passive attributions (``described by Attorney General Jeff Sessions as ...``);
* subjects separated from the verb by more than a short prepositional phrase, one appositive and
  a short coordinated predicate (``Representatives from many countries, including Russia, ...
  Syria and Nicaragua also made speeches and urged ...``);
* bare sentence openers are found as subjects but not named: "Immigration officials said ..." and
  "Advocates said ..." give speaker "" (a lone capitalised opener such as "Smith said" is named
  only when the text gave "... Smith" in full as a speaker before);
* a phrase inside reported speech inherits the reporter even when it is only a label (doc 002's
  first “zero tolerance”, inside the attorneys general's call, is attributed to them);
* speech without a reporting clause: free indirect speech continuing a speaker's report in the next
  sentence (doc 004 ``Despite labelling itself a “human rights defender,” ...``), speech acts with
  no content clause (``expressed grave concern``), and paragraph-long quotes whose speaker is only
  given in an earlier paragraph;
* reported-content boundaries are sentence-based: content running over several sentences is cut
  at the first sentence end;
* it cannot see through a source's own mislabelling (doc 001 calls the human rights office
  "UNHCR": the speaker is reported as the text names it).

Examples
--------
>>> text = '"We will not stop," she said. Jane Doe, a nurse, said the wards are full.'
>>> extract_quotes(text)[["quote", "kind", "speaker", "pattern"]].to_dict("records")
[{'quote': 'We will not stop,', 'kind': 'direct', 'speaker': '', 'pattern': 'quote_speaker_cue'}]
>>> quotes = extract_quotes(text, include_indirect=True)
>>> quotes[["quote", "kind", "speaker", "role"]].values.tolist()[1]
['the wards are full.', 'indirect', 'Jane Doe', 'a nurse']
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from corpus_tools.errors import CorpusError
from corpus_tools.kwic import cut_context
from corpus_tools.resources import load_resource
from corpus_tools.tokenize import split_paragraphs, split_sentences

#: Actor types allowed in the actor table (``unknown`` is also given to speakers not in it).
ACTOR_TYPES: tuple[str, ...] = (
    "us_federal_government",
    "us_state_officials",
    "us_congress_politicians",
    "un_bodies",
    "ngos_and_advocates",
    "foreign_governments",
    "experts",
    "migrants_and_families",
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
        ``None`` for the shipped ``resources/actors.csv``.

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
    return load_resource(path, _parse_actor_table, name="actors.csv", missing=missing).copy()


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


def _actor_for_name(name: str, actors: list[_Actor], text: str) -> _Actor | None:
    for actor in actors:
        if actor.context is not None and not actor.context.search(text):
            continue
        if actor.canonical == name or actor.regex.fullmatch(name):
            return actor
    return None


# --------------------------------------------------------------------------------------------
# Quote marks
# --------------------------------------------------------------------------------------------

_OPENERS = "“«„"
_CLOSERS = "”»"
_STRAIGHT = '"'
_MARKS = _OPENERS + _CLOSERS + _STRAIGHT
_BEFORE_OPEN = set("([{—–-/")
_AFTER_CLOSE = set(".,;:!?)]}—–-")


@dataclass
class _Span:
    mark_start: int
    start: int
    end: int
    mark_end: int
    balanced: bool
    closed: bool  # True when a closing mark ends the span


def _skip_space(text: str, i: int, limit: int) -> int:
    while i < limit and text[i].isspace():
        i += 1
    return i


def _rstrip_pos(text: str, i: int, floor: int) -> int:
    while i > floor and text[i - 1].isspace():
        i -= 1
    return i


def _straight_role(text: str, i: int, top_is_straight: bool) -> str:
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    opening = (prev.isspace() or prev in _BEFORE_OPEN) and not nxt.isspace()
    closing = not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE)
    if opening and not closing:
        return "open"
    if closing and not opening:
        return "close"
    return "close" if top_is_straight else "open"


def _scan_quote_marks(text: str, paragraphs: list[tuple[int, int]]) -> list[_Span]:
    """Pair quote marks into spans, paragraph by paragraph (see the module notes)."""
    spans: list[_Span] = []
    carry: dict | None = None

    def finish_unclosed(entry: dict) -> None:
        start = _skip_space(text, entry["content_start"], entry["limit"])
        end = _rstrip_pos(text, entry["limit"], start)
        spans.append(_Span(entry["mark_start"], start, end, end, False, False))

    for p_start, p_end in paragraphs:
        first = _skip_space(text, p_start, p_end)
        marks = [i for i in range(p_start, p_end) if text[i] in _MARKS]
        stack: list[dict] = []
        skip = None
        if carry is not None:
            if carry["at_para_end"]:  # a misdirected opener ended the previous paragraph
                carry["content_start"], carry["at_para_end"] = first, False
                stack = [carry]
            elif marks and marks[0] == first and (
                text[first] in _OPENERS or (text[first] == _STRAIGHT and _straight_role(text, first, False) == "open")
            ):
                skip = first  # multi-paragraph quote: the repeated opening mark is not a new quote
                stack = [carry]
            else:
                finish_unclosed(carry)
            carry = None
        last_close = p_start
        for i in marks:
            if i == skip:
                continue
            ch = text[i]
            if ch in _OPENERS:
                role = "open"
            elif ch in _CLOSERS:
                role = "close"
            else:
                role = _straight_role(text, i, bool(stack) and stack[-1]["glyph"] == _STRAIGHT)
            if role == "open":
                stack.append(dict(mark_start=i, content_start=i + 1, balanced=True, glyph=ch))
                continue
            if stack:
                entry = stack.pop()
                start = _skip_space(text, entry["content_start"], i)
                end = _rstrip_pos(text, i, start)
                spans.append(_Span(entry["mark_start"], start, end, i + 1, entry["balanced"], True))
                last_close = i + 1
                continue
            prev = text[i - 1] if i > p_start else " "
            nxt = text[i + 1] if i + 1 < p_end else " "
            if prev.isspace() and (nxt.isspace() or nxt.isalnum()):
                # a closing mark in opening position: read it as a mistyped opener
                stack.append(dict(mark_start=i, content_start=i + 1, balanced=False, glyph=ch))
            else:  # an orphan closing mark: quote from the paragraph start / previous quote
                start = _skip_space(text, last_close, i)
                end = _rstrip_pos(text, i, start)
                spans.append(_Span(start, start, end, i + 1, False, True))
                last_close = i + 1
        if stack:
            outer = stack[0]
            outer["limit"] = p_end
            outer["at_para_end"] = not text[outer["content_start"]:p_end].strip()
            carry = outer
    if carry is not None:
        finish_unclosed(carry)
    spans = [s for s in spans if s.end > s.start]
    # drop nested spans (inside another span's marks)
    spans.sort(key=lambda s: (s.mark_start, -s.mark_end))
    top: list[_Span] = []
    for span in spans:
        if top and span.mark_start >= top[-1].mark_start and span.mark_end <= top[-1].mark_end:
            continue
        top.append(span)
    return top


# --------------------------------------------------------------------------------------------
# Cue patterns
# --------------------------------------------------------------------------------------------

_CUE_VERBS = (
    "said says say wrote writes noted notes added adds explained explains told tells stated states "
    "asked asks argued argues claimed claims insisted insists warned warns continued continues "
    "reads read tweeted tweets declared declares stressed stresses recalled recalls replied replies "
    "responded responds remarked remarks observed observes concluded concludes acknowledged "
    "acknowledges admitted admits announced announces"
).split()
_CUE = "(?:" + "|".join(sorted(set(_CUE_VERBS), key=lambda v: (-len(v), v))) + ")"
_REPORT_VERBS = (
    r"called\s+(?:on|for)|calls\s+(?:on|for)|calling\s+(?:on|for)|pointed\s+out|announced\s+that|"
    r"announces\s+that|said|says|say|stated|noted|added|adds|explained|explains|told|"
    r"tells|argued|argues|argue|claimed|suggested|suggests|suggest|warned|warns|"
    r"insisted|insists|stressed|stresses|wrote|writes|asked|asks|urged|urges|urge|called|calls|"
    r"believes|believe|believed|maintained|maintains|acknowledged|acknowledges|admitted|admits|"
    r"emphasized|emphasised|emphasizes|emphasises|reiterated|reiterates"
)
_REPORT_RE = re.compile(rf"(?<![\w\-’'])(?:{_REPORT_VERBS})(?![\w\-])")
_ROLE_WORDS = (
    "spokeswoman spokesman spokesperson secretary minister ambassador president senator "
    "representative professor director chief lawyer attorney general commissioner official envoy "
    "deputy head chair chairman chairwoman adviser advisor expert"
).split()
_ROLE = "(?:" + "|".join(_ROLE_WORDS) + ")"
_SP = r"[ \u00a0]+"
_NAME_TOKEN = r"(?:[A-Z](?:\.[A-Z])*\.(?!\w)|[A-Z][\w’'\-]*)"
_LINK = r"(?:de|De|van|von|der|da|del|al|bin|of|for|on|to|the)"
_NAMEY = rf"(?:{_NAME_TOKEN}|{_ROLE})(?:{_SP}(?:{_NAME_TOKEN}|{_ROLE}|{_LINK}))*"
_PRONOUN = r"(?:he|she|they|it|we|He|She|They|It|We)"
_NP = rf"(?:[Tt]he|[Aa]n?){_SP}[\w’'\-]+(?:{_SP}[\w’'\-]+){{0,3}}?"
_SPEAKER = rf"(?:{_PRONOUN}|{_NP}|{_NAMEY})"
_AUX = rf"(?:(?:also|later|then|has|had|have){_SP})*"
# after a closing mark: "...," she said / the letter reads / Zhu said
_AFTER_SPEAKER_CUE = re.compile(rf"^[ \u00a0]*,?[ \u00a0]*(?P<sp>{_SPEAKER}){_SP}{_AUX}(?P<cue>{_CUE})(?!\w)")
# after a closing mark: "...," said Nikki Haley, United States Ambassador ...
_AFTER_CUE_SPEAKER = re.compile(
    rf"^[ \u00a0]*,?[ \u00a0]*(?P<cue>{_CUE}){_SP}(?P<sp>{_PRONOUN}(?!\w)|{_NP}(?=[ \u00a0]*[,.;:!?]|$)|{_NAMEY})"
    rf"(?:[ \u00a0]*,[ \u00a0]*(?P<role>[^,;:“”\"]+?))?[ \u00a0]*(?=[.;:!?](?:\s|$)|[.;:!?]?$|,)"
)
# before an opening mark: Haley said: "..." / According to X, "..."
_BEFORE_SPEAKER_CUE = re.compile(
    rf"(?P<sp>{_SPEAKER}){_SP}{_AUX}(?P<cue>{_CUE})(?!\w)(?:[ \u00a0]+[^:,“”\"]{{0,60}}?)?[ \u00a0]*[:,][ \u00a0]*$"
)
_ACCORDING = re.compile(
    rf"(?<!\w)(?P<cue>[Aa]ccording{_SP}to){_SP}(?:(?:a|an|the){_SP}(?:new{_SP}|recent{_SP})?"
    rf"(?:report|statement|study|survey|analysis|tweet|post|letter|data|figures|estimates?){_SP}"
    rf"(?:by|from|of|in){_SP})?(?P<sp>{_NAMEY}|{_NP})"
)
_BEFORE_ACCORDING = re.compile(rf"{_ACCORDING.pattern}[ \u00a0]*[:,][ \u00a0]*$")
_GAP = re.compile(
    r"""[ \u00a0]*
    (?:(?:in|from|of|at|for|with)[ \u00a0]+[^,.;:“”"]{1,30}?[ \u00a0]*)?
    (?:,(?![ \u00a0]*(?:and|or|but)(?!\w))[^;:“”"]*?,[ \u00a0]*)?
    (?:(?:also|has|have|had|are|is|was|were|will|would|further|then|again|now|repeatedly|recently|
        already|later|previously|both|all|once|been|not|never|separately|similarly|reportedly)[ \u00a0]+)*
    (?:[a-z]+[ \u00a0]+(?:[a-z]+[ \u00a0]+){0,3}?and[ \u00a0]+(?:also[ \u00a0]+)?)?""",
    re.VERBOSE,
)
_APPOSITIVE = re.compile(r",[ \u00a0]*(?P<role>[^;:“”\"]*?)[ \u00a0]*,")
_PRONOUN_RE = re.compile(r"(?<!\w)(?:he|she|they|it|He|She|They|It)(?!\w)")
_DESCRIPTION_RE = re.compile(
    r"(?<!\w)[Tt]he[ \u00a0]+(?:agency|office|organi[sz]ation|ministry|department|committee|council|body|group)(?!\w)"
)
_NAME_RUN_RE = re.compile(rf"(?<![\w’'])[A-Z][\w’'\-]*(?:{_SP}(?:de|De|van|von|[A-Z][\w’'\-]*))+(?![\w’'])")
_NP_START_RE = re.compile(rf"(?<!\w)(?:[Tt]he|[Aa]n?){_SP}")
_WORD_RE = re.compile(r"[\w’'\-]*\w[\w’'\-]*")
_NOT_NAME = {
    "The", "A", "An", "In", "On", "At", "But", "And", "Or", "For", "With", "As", "If", "When",
    "While", "After", "Before", "This", "That", "These", "Those", "Although", "Despite", "Under",
    "Around", "Nevertheless", "Likewise", "Yesterday", "However", "Meanwhile", "Increasingly",
    "Along", "Half", "Hundreds", "Neither", "Once", "Put", "So", "By", "Signed", "Read", "Updated",
}
_FUNCTION_WORDS = {"a", "an", "the", "of", "on", "in", "for", "and", "or", "to", "at", "by", "with", "from", "as"}
_TOLD_OBJECT = re.compile(r"[ \u00a0]+(?:[A-Z][\w.’'\-]*|reporters|journalists|him|her|them|us|me)(?=[ \u00a0])")
_PREPOSITION = r"(?:at|in|on|during|after|before|to|with|via|from|through|over)"
# "said at the video conference that ..."
_THAT = re.compile(rf"[ \u00a0]+(?:{_PREPOSITION}[ \u00a0]+[^,.;“”\"]{{0,50}}?[ \u00a0]+)?that[ \u00a0]+")
# "..., Chen Xu said during the video meeting."
_INVERTED_TAIL = re.compile(rf"^[ \u00a0]*(?:(?:{_PREPOSITION}|when|while)(?!\w)[^“”\"]*)?[.;!?]?[ \u00a0]*$")
_AFTER_VERB_SPEAKER = re.compile(rf"{_SP}(?P<sp>{_NAMEY}|{_NP})[ \u00a0]*(?:[.;!?,]|$)")
_NP_WORD_RE = re.compile(r"[\w’'\-.]*\w")
_SPACE_RE = re.compile(r"[ \u00a0]+")
_NP_STOP = {
    "also", "has", "have", "had", "are", "is", "was", "were", "will", "would", "further", "then",
    "again", "now", "and", "or", "but", "that", "which", "who", "to", "of", "in", "on", "at",
    "for", "with", "from", "by", "as", "not", "never", "been",
}
_COORDINATOR = re.compile(r"(?:,|;)[ \u00a0]*(?:(?:but|and|while|whereas|although|though)[ \u00a0]+)?$")


# --------------------------------------------------------------------------------------------
# The analysis of one text
# --------------------------------------------------------------------------------------------


@dataclass
class _Event:
    kind: str
    start: int
    end: int
    mark_start: int
    mark_end: int
    balanced: bool = True
    cue: str = ""
    cue_start: int = -1
    pattern: str = "none"
    sp_text: str = ""
    sp_start: int | None = None
    sp_end: int | None = None
    role: str = ""
    speaker: str = ""
    actor_type: str = "unknown"
    entity: str = ""
    resolution: str = ""
    pronoun: str = ""
    link: int | None = None  # index of the event this one takes its speaker from
    sp_source: str = ""  # which candidate rule found the subject of reported speech


class _Doc:
    """Text-level lookups shared by the rules."""

    def __init__(self, text: str, actors: list[_Actor]):
        self.text = text
        self.actors = actors
        self.paragraphs = split_paragraphs(text) if text.strip() else []
        self.para_starts = [s for s, _ in self.paragraphs]
        self.sentences = [(s, e) for _, s, e in split_sentences(text)] if text.strip() else []
        self.sent_starts = [s for s, _ in self.sentences]

    def para_index(self, pos: int) -> int:
        return max(bisect_right(self.para_starts, pos) - 1, 0)

    def para_span(self, pos: int) -> tuple[int, int]:
        return self.paragraphs[self.para_index(pos)] if self.paragraphs else (0, len(self.text))

    def sentence_span(self, pos: int) -> tuple[int, int]:
        if not self.sentences:
            return 0, len(self.text)
        i = max(bisect_right(self.sent_starts, pos) - 1, 0)
        return self.sentences[i]


def _normalise_space(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _n_words(s: str) -> int:
    return len(_WORD_RE.findall(s))


def _strip_link_words(tokens: list[str]) -> list[str]:
    while tokens and re.fullmatch(_LINK, tokens[-1]):
        tokens = tokens[:-1]
    return tokens


def _parse_phrase(doc: _Doc, phrase: str, start: int, mentions: list[_Mention],
                  named: list[tuple[int, str, str, str]], bare_opener: bool = False) -> dict:
    """Resolve a speaker phrase at ``text[start:start+len(phrase)]`` (pronouns are left for later)."""
    end = start + len(phrase)
    bare = _normalise_space(phrase)
    if re.fullmatch(_PRONOUN, bare):
        return dict(pronoun=bare.lower(), resolution="pronoun")
    if _DESCRIPTION_RE.fullmatch(bare):
        inside = [m for m in mentions if m.start >= start and m.end <= end]
        if not inside:
            return dict(pronoun="it", resolution="description")
    inside = [m for m in mentions if m.start >= start and m.end <= end]
    if inside:
        best = max(inside, key=lambda m: (m.end - m.start, m.start))
        role = _normalise_space(doc.text[start:best.start] + " " + doc.text[best.end:end]).strip(" ,")
        return dict(speaker=best.canonical, actor_type=best.actor_type, entity=best.entity,
                    resolution="table", role=role)
    if re.match(r"(?:[Tt]he|[Aa]n?)\s", bare):
        rest = bare.split(" ")[1:]
        if bare[0] in "Tt" and rest and rest[0][0].isupper() and all(
                t[0].isupper() or re.fullmatch(_LINK, t) for t in rest):  # "the ACLU", "the Red Cross"
            name = " ".join(_strip_link_words(rest))
            actor = _actor_for_name(name, doc.actors, doc.text)
            return dict(speaker=actor.canonical if actor else name,
                        actor_type=actor.actor_type if actor else "unknown",
                        entity=actor.entity if actor else "institution", resolution="name")
        return dict(resolution="unresolved")
    tokens = bare.split(" ")
    cut = 0
    for i, tok in enumerate(tokens):  # title words, acronyms and abbreviations before the name
        if tok.lower() in _ROLE_WORDS or re.fullmatch(r"[A-Z]{2,}|(?:[A-Z]\.)+", tok) or re.fullmatch(_LINK, tok):
            cut = i + 1
    name = _strip_link_words([t for t in tokens[cut:] if t])
    name = [t for t in name if t not in _NOT_NAME] if name else name
    if not name or not all(t[0].isupper() or re.fullmatch(_LINK, t) for t in name):
        return dict(resolution="unresolved")
    role = " ".join(tokens[:cut])
    if len(name) == 1:
        for _, canonical, actor_type, entity in reversed(named):
            if name[0] in canonical.split(" "):
                return dict(speaker=canonical, actor_type=actor_type, entity=entity,
                            resolution="surname", role=role)
        if bare_opener:  # "Advocates said ...": a capitalised sentence opener is not a name by itself
            return dict(resolution="unresolved")
    canonical = " ".join(name)
    actor = _actor_for_name(canonical, doc.actors, doc.text)
    return dict(speaker=actor.canonical if actor else canonical,
                actor_type=actor.actor_type if actor else "unknown",
                entity=actor.entity if actor else "person", resolution="name", role=role)


def _apply(event: _Event, parsed: dict) -> None:
    event.speaker = parsed.get("speaker", "")
    event.actor_type = parsed.get("actor_type", "unknown")
    event.entity = parsed.get("entity", "")
    event.resolution = parsed.get("resolution", "")
    event.pronoun = parsed.get("pronoun", "")
    if parsed.get("role") and not event.role:
        event.role = parsed["role"]


def _left_extension(text: str, start: int, floor: int) -> int:
    """Extend a subject leftwards over title words ("UNHCR spokesman", "DHS Secretary")."""
    left = text[floor:start]
    m = re.search(rf"(?:(?:{_NAME_TOKEN}|{_ROLE}){_SP})+$", left)
    if not m:
        return start
    words = m.group().split()
    keep = 0
    for tok in reversed(words):  # stop at sentence-opening words ("In", "At", ...)
        if tok in _NOT_NAME:
            break
        keep += 1
    if keep == 0:
        return start
    kept = words[-keep:]
    pos = start
    for tok in reversed(kept):
        pos = text.rfind(tok, floor, pos)
    return pos


def _quote_attribution(doc: _Doc, span: _Span, ev: _Event) -> None:
    text = doc.text
    p_start, p_end = doc.para_span(span.mark_start)
    content = text[span.start:span.end]
    ends_sentence = content.endswith(".") or text[span.mark_end:span.mark_end + 1] == "."
    if span.closed and not ends_sentence:
        after_start = span.mark_end
        after = text[after_start:doc.para_span(max(span.mark_end - 1, 0))[1]]
        m = _AFTER_SPEAKER_CUE.match(after)
        if m:
            ev.pattern = "quote_speaker_cue"
        else:
            m = _AFTER_CUE_SPEAKER.match(after)
            if m:
                ev.pattern = "quote_cue_speaker"
                if m.group("role"):
                    ev.role = _normalise_space(m.group("role"))
        if m:
            ev.cue, ev.cue_start = m.group("cue"), after_start + m.start("cue")
            ev.sp_start, ev.sp_end = after_start + m.start("sp"), after_start + m.end("sp")
            ev.sp_text = m.group("sp")
            return
    s_start, _ = doc.sentence_span(span.mark_start)
    lead = text[max(s_start, p_start):span.mark_start]
    for regex, pattern in ((_BEFORE_ACCORDING, "speaker_cue_quote"), (_BEFORE_SPEAKER_CUE, "speaker_cue_quote")):
        m = regex.search(lead)
        if m:
            base = max(s_start, p_start)
            ev.pattern = pattern
            ev.cue, ev.cue_start = _normalise_space(m.group("cue")).lower(), base + m.start("cue")
            ev.sp_start, ev.sp_end = base + m.start("sp"), base + m.end("sp")
            ev.sp_text = m.group("sp")
            return


def _opens_sentence(doc: _Doc, span: _Span) -> bool:
    p_start, _ = doc.para_span(span.mark_start)
    lead = doc.text[p_start:span.mark_start]
    return bool(re.search(r"(?:^|[.!?:;][\"”’)]*)\s*$", lead))


def _kind(quote: str, attributed: bool, opens: bool) -> str:
    words = _WORD_RE.findall(quote)
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS and w[0].isalpha()]
    title_case = len(words) >= 2 and bool(content) and all(w[0].isupper() for w in content)
    if attributed and opens:
        return "direct"
    if opens and len(words) >= PHRASE_MAX_WORDS and not title_case:
        return "direct"
    if len(words) < PHRASE_MAX_WORDS or title_case:
        return "phrase"
    return "partial"


def _inside(pos: int, spans: list[_Span]) -> bool:
    return any(s.mark_start <= pos < s.mark_end for s in spans)


def _subject_candidates(doc: _Doc, lo: int, hi: int, mentions: list[_Mention], spans: list[_Span]):
    """(start, end, priority, source) of possible subjects inside text[lo:hi]."""
    text = doc.text
    out = []
    for m in mentions:
        if lo <= m.start and m.end <= hi:
            out.append((m.start, m.end, 3, "table"))
    for m in _NAME_RUN_RE.finditer(text, lo, hi):
        tokens = m.group().split()
        if tokens[0] in _NOT_NAME:
            continue
        out.append((m.start(), m.end(), 2, "name"))
    for m in _PRONOUN_RE.finditer(text, lo, hi):
        out.append((m.start(), m.end(), 1, "pronoun"))
    pos = _skip_space(text, lo, hi)  # a bare noun phrase opening the sentence: "Immigration officials"
    first = pos
    for _ in range(3):
        w = _NP_WORD_RE.match(text, pos, hi)
        if not w or w.group().lower() in _NP_STOP or w.group() in _NOT_NAME or _PRONOUN_RE.fullmatch(w.group()):
            break
        out.append((first, w.end(), -1, "bare"))
        nxt = _SPACE_RE.match(text, w.end(), hi)
        if not nxt:
            break
        pos = nxt.end()
    for m in _NP_START_RE.finditer(text, lo, hi):
        pos = m.end()
        for _ in range(4):
            w = _NP_WORD_RE.match(text, pos, hi)
            if not w or w.group() in _NP_STOP:
                break
            out.append((m.start(), w.end(), 0, "np"))
            nxt = _SPACE_RE.match(text, w.end(), hi)
            if not nxt:
                break
            pos = nxt.end()
    return [c for c in out if not _inside(c[0], spans)]


def _reported_speech(doc: _Doc, spans: list[_Span], mentions: list[_Mention], consumed: set[int]) -> list[_Event]:
    text = doc.text
    reported: list[_Event] = []
    for s_start, s_end in doc.sentences:
        in_sentence: list[_Event] = []
        for m in _REPORT_RE.finditer(text, s_start, s_end):
            v_start, v_end = m.start(), m.end()
            if v_start in consumed or _inside(v_start, spans):
                continue
            owner = next((e for e in in_sentence if e.start <= v_start < e.end), None)
            cands = _subject_candidates(doc, s_start, v_start, mentions, spans)
            best = None
            for c_start, c_end, prio, source in cands:
                gap = text[c_end:v_start]
                if not _GAP.fullmatch(gap):
                    continue
                key = (c_end, prio, -c_start)
                if best is None or key > best[0]:
                    best = (key, c_start, c_end, source, gap)
            ev = _Event("indirect", 0, 0, 0, 0, cue=_normalise_space(m.group()), cue_start=v_start)
            if best is not None:
                _, c_start, c_end, source, gap = best
                if owner is not None:
                    coord = _COORDINATOR.search(text[owner.start:c_start])
                    if not coord:
                        continue
                    owner.end = _rstrip_pos(text, owner.start + coord.start(), owner.start)
                person = source == "name" or (source == "table" and any(
                    m.start == c_start and m.entity == "person" for m in mentions))
                ext = _left_extension(text, c_start, s_start) if person else c_start
                ev.sp_start, ev.sp_end, ev.sp_text, ev.sp_source = ext, c_end, text[ext:c_end], source
                app = _APPOSITIVE.search(gap)
                if app and app.group("role"):
                    ev.role = _normalise_space(app.group("role"))
                before = text[s_start:ext]
                right = text[v_end:s_end]
                if (re.search(r",[ \u00a0]*$", before) and _n_words(before) >= 4
                        and not _THAT.match(right) and _INVERTED_TAIL.match(right)):
                    ev.start, ev.end = s_start, _rstrip_pos(text, len(before.rstrip(" \u00a0,")) + s_start, s_start)
                    ev.pattern = "reported_inverted"
                else:
                    pos = v_end
                    if ev.cue in ("told", "tells"):
                        obj = _TOLD_OBJECT.match(text, pos, s_end)
                        pos = obj.end() if obj else pos
                    that = _THAT.match(text, pos, s_end)
                    pos = that.end() if that else pos
                    ev.start = _skip_space(text, pos, s_end)
                    ev.end = _rstrip_pos(text, s_end, ev.start)
                    ev.pattern = "reported_subject_verb"
            else:
                if owner is not None:
                    continue
                tail = _AFTER_VERB_SPEAKER.match(text, v_end, s_end)
                before = text[s_start:v_start].rstrip()
                if not tail or not re.search(r",[\"”’]?$", before):
                    continue
                ev.sp_start, ev.sp_end = tail.start("sp"), tail.end("sp")
                ev.sp_text = tail.group("sp")
                ev.start = _skip_space(text, s_start, v_start)
                ev.end = s_start + len(before.rstrip(" \u00a0,")) if before.endswith(",") else s_start + len(before)
                ev.pattern = "reported_verb_subject"
            for span in spans:  # a quote opening inside the content and closing after it
                if ev.start <= span.mark_start < ev.end < span.mark_end:
                    ev.end = _rstrip_pos(text, span.mark_start, ev.start)
            if _n_words(text[ev.start:ev.end]) < 2:
                continue
            ev.mark_start, ev.mark_end = ev.start, ev.end
            in_sentence.append(ev)
        for m in _ACCORDING.finditer(text, s_start, s_end):
            if m.start() in consumed or _inside(m.start(), spans):
                continue
            before = text[s_start:m.start()]
            ev = _Event("indirect", 0, 0, 0, 0, cue="according to", cue_start=m.start(), pattern="according_to")
            ev.sp_start, ev.sp_end, ev.sp_text = m.start("sp"), m.end("sp"), m.group("sp")
            if before.strip():
                ev.start, ev.end = _skip_space(text, s_start, m.start()), s_start + len(before.rstrip(" \u00a0,"))
            else:
                comma = text.find(",", m.end(), s_end)
                if comma < 0:
                    continue
                ev.start, ev.end = _skip_space(text, comma + 1, s_end), _rstrip_pos(text, s_end, comma + 1)
            if _n_words(text[ev.start:ev.end]) >= 2:
                ev.mark_start, ev.mark_end = ev.start, ev.end
                in_sentence.append(ev)
        reported.extend(in_sentence)
    return reported


def _resolve_pronouns(doc: _Doc, events: list[_Event], mentions: list[_Mention], window: int) -> None:
    named = [(e.sp_start, e.speaker, e.actor_type, e.entity or "person") for e in events
             if e.speaker and e.resolution in ("table", "name", "surname") and e.sp_start is not None]
    pool = [(m.start, m.canonical, m.actor_type, m.entity) for m in mentions] + named
    pool.sort(key=lambda x: x[0])
    wanted = {"he": ("person",), "she": ("person",), "they": ("group",), "it": ("institution", "document")}
    for ev in events:
        if not ev.pronoun:
            continue
        entities = wanted.get(ev.pronoun)
        if entities is None:  # "we": the writer's own voice
            ev.resolution = "unresolved"
            continue
        anchor = min(ev.mark_start, ev.sp_start if ev.sp_start is not None else ev.mark_start)
        floor_para = doc.para_index(anchor) - window
        choice = None
        for pos, canonical, actor_type, entity in pool:
            if pos >= anchor:
                break
            if entity in entities and doc.para_index(pos) >= floor_para:
                choice = (canonical, actor_type, entity)
        if choice:
            ev.speaker, ev.actor_type, ev.entity = choice
            ev.resolution = "pronoun" if ev.resolution == "pronoun" else "description"
        else:
            ev.resolution = "unresolved"


def _analyse(text: str, actors: list[_Actor], window: int) -> tuple[list[_Event], list[_Event]]:
    doc = _Doc(text, actors)
    spans = _scan_quote_marks(text, doc.paragraphs)
    mentions = [m for m in _find_mentions(text, actors) if not any(s.start <= m.start < s.end for s in spans)]
    quotes: list[_Event] = []
    for span in spans:
        ev = _Event("", span.start, span.end, span.mark_start, span.mark_end, balanced=span.balanced)
        _quote_attribution(doc, span, ev)
        quotes.append(ev)
    # continuations and kinds
    for i, (span, ev) in enumerate(zip(spans, quotes)):
        opens = _opens_sentence(doc, span) or ev.pattern == "speaker_cue_quote"
        if ev.pattern == "none" and opens and i > 0:
            prev = quotes[i - 1]
            between = text[prev.mark_end:ev.mark_start]
            ends = re.findall(r"(?<!\.[A-Z])[.!?](?=[\"”’]?\s|$)", between)
            same_para = doc.para_index(prev.mark_end - 1) == doc.para_index(ev.mark_start)
            after_cue = prev.pattern in ("quote_speaker_cue", "quote_cue_speaker") and len(ends) <= 1
            chained = prev.pattern == "continuation" and not re.search(r"\w", between)
            if (prev.kind == "direct" and same_para and (after_cue or chained) and len(between) < 250
                    and not any(c in _MARKS for c in between)):
                ev.pattern, ev.cue, ev.link = "continuation", prev.cue, i - 1
        attributed = ev.pattern != "none"
        ev.kind = _kind(text[ev.start:ev.end], attributed, opens)
    consumed = {ev.cue_start for ev in quotes if ev.kind == "direct" and ev.cue_start >= 0}
    reported = _reported_speech(doc, spans, mentions, consumed)
    events = quotes + reported
    named: list[tuple[int, str, str, str]] = []
    for ev in sorted(events, key=lambda e: e.sp_start if e.sp_start is not None else e.start):
        if ev.sp_start is None:
            continue
        _apply(ev, _parse_phrase(doc, ev.sp_text, ev.sp_start, mentions, named, ev.sp_source == "bare"))
        if ev.speaker and ev.resolution in ("table", "name"):
            named.append((ev.sp_start, ev.speaker, ev.actor_type, ev.entity or "person"))
    _resolve_pronouns(doc, events, mentions, window)
    for ev in quotes:
        if ev.link is not None:
            src = quotes[ev.link]
            ev.speaker, ev.actor_type, ev.entity = src.speaker, src.actor_type, src.entity
            ev.resolution, ev.role = src.resolution, src.role
    for ev in quotes:
        if ev.pattern == "none" and ev.kind in ("partial", "phrase"):
            host = next((r for r in reported if r.start <= ev.mark_start and ev.mark_end <= r.end and r.speaker), None)
            if host is not None:
                ev.pattern, ev.cue = "inside_reported_speech", host.cue
                ev.speaker, ev.actor_type, ev.entity = host.speaker, host.actor_type, host.entity
                ev.resolution, ev.role = host.resolution, host.role
                ev.sp_text, ev.sp_start, ev.sp_end = host.sp_text, host.sp_start, host.sp_end
    for ev in events:
        if not ev.speaker:
            ev.actor_type = "unknown"
            if ev.sp_start is not None and ev.resolution in ("", "description"):
                ev.resolution = "unresolved"
    return quotes, reported


def _frame(text: str, events: list[_Event]) -> pd.DataFrame:
    rows = []
    for ev in sorted(events, key=lambda e: (e.start, e.end, e.kind)):
        quote = text[ev.start:ev.end]
        rows.append(dict(
            start=ev.start, end=ev.end, quote=quote, kind=ev.kind, speaker=ev.speaker,
            actor_type=ev.actor_type if ev.speaker else "unknown", resolved=bool(ev.speaker),
            cue=ev.cue, pattern=ev.pattern, resolution=ev.resolution,
            speaker_text=_normalise_space(ev.sp_text), speaker_start=ev.sp_start, speaker_end=ev.sp_end,
            role=ev.role, balanced=ev.balanced, mark_start=ev.mark_start, mark_end=ev.mark_end,
            n_words=_n_words(quote),
        ))
    df = pd.DataFrame(rows, columns=[c for c in QUOTE_COLUMNS if c != "quote_id"])
    df.insert(0, "quote_id", range(len(df)))
    for col in ("quote_id", "start", "end", "mark_start", "mark_end", "n_words"):
        df[col] = df[col].astype("int64")
    for col in ("speaker_start", "speaker_end"):
        df[col] = df[col].astype("Int64")
    df["resolved"] = df["resolved"].astype(bool)
    df["balanced"] = df["balanced"].astype(bool)
    return df


def _check_text(text) -> str:
    if not isinstance(text, str):
        raise QuoteError(f"text must be a str, got {type(text).__name__}. Fix: pass one document's text.")
    return text


def extract_quotes(text: str, *, actors: pd.DataFrame | None = None, include_indirect: bool = False,
                   pronoun_window: int = 2) -> pd.DataFrame:
    """Extract quotations (and optionally reported speech) with their speakers from one text.

    Parameters
    ----------
    text
        One document's text (cleaned or raw; offsets refer to exactly this string).
    actors
        An actor table from :func:`load_actor_table`; ``None`` for the shipped one.
    include_indirect
        Also return reported speech without quote marks (``kind == "indirect"``), as
        :func:`extract_reported_speech` does.
    pronoun_window
        How many paragraphs before the quote's paragraph a pronoun's antecedent may be.

    Returns
    -------
    pandas.DataFrame
        One row per quotation in text order, columns :data:`QUOTE_COLUMNS`: ``start``/``end``
        (``text[start:end] == quote``, the characters between the marks), ``kind`` (see the module
        notes), ``speaker`` (canonical name, "" when unresolved), ``actor_type``, ``resolved``,
        ``cue`` (the attribution verb or "according to"), ``pattern`` (the rule that fired),
        ``resolution`` (table, name, surname, pronoun, description, unresolved or ""),
        ``speaker_text``/``speaker_start``/``speaker_end`` (the words of the text naming the
        speaker; ``<NA>`` offsets when none), ``role`` (title or appositive), ``balanced`` (False
        for quotes recovered from unbalanced marks), ``mark_start``/``mark_end`` (the span with its
        quote marks) and ``n_words``.

    Examples
    --------
    >>> text = ('“Detention is never the answer,” wrote UNHCR spokesman William Spindler. '
    ...         '“Children suffer.”')
    >>> df = extract_quotes(text)
    >>> df[["quote", "speaker", "role", "actor_type", "pattern"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['Detention is never the answer,', 'William Spindler', 'UNHCR spokesman', 'un_bodies',
      'quote_cue_speaker'],
     ['Children suffer.', 'William Spindler', 'UNHCR spokesman', 'un_bodies', 'continuation']]
    >>> bool((df["quote"] == [text[s:e] for s, e in zip(df["start"], df["end"])]).all())
    True
    >>> extract_quotes('It was “zero tolerance” policy.')[["quote", "kind", "speaker"]].values.tolist()
    [['zero tolerance', 'phrase', '']]
    """
    text = _check_text(text)
    if isinstance(pronoun_window, bool) or not isinstance(pronoun_window, int) or pronoun_window < 0:
        raise QuoteError(f"pronoun_window must be a non-negative int, got {pronoun_window!r}.")
    quotes, reported = _analyse(text, _compile_actors(actors), pronoun_window)
    return _frame(text, quotes + reported if include_indirect else quotes)


def extract_reported_speech(text: str, *, actors: pd.DataFrame | None = None,
                            pronoun_window: int = 2) -> pd.DataFrame:
    """Extract reported (indirect) speech: ``X said (that) ...``, ``..., X said``, ``according to X``.

    The span is the reported content: the rest of the sentence after the verb (and "that"), or
    the sentence before an inverted ``..., Ambassador Chen Xu, ..., said during the meeting``.
    Verbs inside quote marks, verbs already used as the cue of a direct quote and verbs inside
    another report's content (unless a new clause starts with ", but X said") are skipped.

    Parameters
    ----------
    text, actors, pronoun_window
        As for :func:`extract_quotes`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`QUOTE_COLUMNS`, ``kind == "indirect"``; ``mark_start``/``mark_end`` equal
        ``start``/``end``.

    Examples
    --------
    >>> text = "Zhu Ying, a professor of law, said that detention grew. He also urged the US to act."
    >>> extract_reported_speech(text)[["quote", "speaker", "resolution", "role"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['detention grew.', 'Zhu Ying', 'table', 'a professor of law'],
     ['the US to act.', 'Zhu Ying', 'pronoun', '']]
    """
    text = _check_text(text)
    _, reported = _analyse(text, _compile_actors(actors), pronoun_window)
    return _frame(text, reported)


def _check_documents(documents) -> pd.DataFrame:
    if not isinstance(documents, pd.DataFrame):
        raise QuoteError(f"documents must be a DataFrame, got {type(documents).__name__}.")
    missing = [c for c in ("doc_id", "text") if c not in documents.columns]
    if missing:
        raise QuoteError(f"documents table lacks column(s) {missing}; it has {list(documents.columns)}.")
    if documents["doc_id"].duplicated().any():
        dup = sorted(documents.loc[documents["doc_id"].duplicated(), "doc_id"].astype(str))
        raise QuoteError(f"documents table repeats doc_id {dup}. Fix: one row per document.")
    return documents


def extract_document_quotes(documents: pd.DataFrame, *, include_indirect: bool = False,
                            actors: pd.DataFrame | None = None, columns=("outlet",)) -> pd.DataFrame:
    """Run :func:`extract_quotes` on every row of a documents table.

    Parameters
    ----------
    documents
        Table with ``doc_id`` and ``text`` (the processed documents table).
    include_indirect, actors
        As for :func:`extract_quotes`.
    columns
        Document columns copied onto every quote row (those present; e.g. ``outlet``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, the copied columns, then the columns of :func:`extract_quotes`.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                      "text": ['"Stop it now," she said.', "No quotes."]})
    >>> extract_document_quotes(docs)[["doc_id", "outlet", "quote", "kind"]].values.tolist()
    [['a', 'X', 'Stop it now,', 'direct']]
    """
    documents = _check_documents(documents)
    compiled = _compile_actors(actors)
    keep = [c for c in columns if c in documents.columns and c not in ("doc_id", "text")]
    frames = []
    for rec in documents.to_dict("records"):
        quotes, reported = _analyse(_check_text(rec["text"]), compiled, 2)
        df = _frame(rec["text"], quotes + reported if include_indirect else quotes)
        for pos, col in enumerate(["doc_id", *keep]):
            df.insert(pos, col, rec[col])
        frames.append(df)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["doc_id", *keep, *QUOTE_COLUMNS])
    return out


# --------------------------------------------------------------------------------------------
# Quote versus narration
# --------------------------------------------------------------------------------------------


def _check_kinds(kinds) -> tuple[str, ...]:
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        raise QuoteError(f"kinds must be a non-empty selection of {KINDS}, got {kinds!r}.")
    return kinds


def _merged_intervals(df: pd.DataFrame) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(zip(df["mark_start"], df["mark_end"])):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def split_narration(text: str, *, kinds=("direct", "partial"), actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cut a text into consecutive quote and narration spans covering all of it.

    Parameters
    ----------
    text
        One document's text.
    kinds
        Quote kinds counted as the source's voice. The default keeps phrases (scare quotes,
        labels) in the narration: they are the writer's framing device, not a source speaking.
    actors
        As for :func:`extract_quotes`.

    Returns
    -------
    pandas.DataFrame
        ``start``, ``end``, ``kind`` ("quote" or "narration") and ``text``; quote spans include
        their quote marks; the spans tile ``text`` exactly (``"".join(df.text) == text``).

    Examples
    --------
    >>> split_narration('He left. "I am done," he said.').values.tolist()
    [[0, 9, 'narration', 'He left. '], [9, 21, 'quote', '"I am done,"'], [21, 30, 'narration', ' he said.']]
    """
    text = _check_text(text)
    kinds = _check_kinds(kinds)
    quotes = extract_quotes(text, actors=actors)
    quotes = quotes[quotes["kind"].isin(kinds)]
    rows, pos = [], 0
    for s, e in _merged_intervals(quotes):
        if s > pos:
            rows.append((pos, s, "narration"))
        rows.append((s, e, "quote"))
        pos = e
    if pos < len(text):
        rows.append((pos, len(text), "narration"))
    return pd.DataFrame([(s, e, k, text[s:e]) for s, e, k in rows], columns=["start", "end", "kind", "text"])


def quote_in_context(text: str, start: int, end: int, *, before: int = 120, after: int = 80) -> str:
    """Show ``text[start:end]`` between ``>>>`` and ``<<<`` with some context, whitespace folded.

    Examples
    --------
    >>> text = 'Officials met. "We are deeply concerned," wrote the spokeswoman. Then nothing.'
    >>> quote_in_context(text, 16, 40, before=15, after=20)
    '...fficials met. " >>>We are deeply concerned,<<< " wrote the spokeswo...'
    """
    if not 0 <= start <= end <= len(text):
        raise QuoteError(f"offsets {start}:{end} do not fit a text of {len(text)} characters.")

    left, match, right = cut_context(text, start, end, before=before, after=after, fold="space")
    return f"...{left} >>>{' '.join(match.split())}<<< {right}..."


def narration_text(text: str, *, kinds=("direct", "partial"), actors: pd.DataFrame | None = None) -> str:
    """Return ``text`` with its quotations cut out: the outlet's own words only.

    The narration spans of :func:`split_narration` are joined with a space, so words on either
    side of a removed quotation do not run together. Reported speech without quotation marks
    stays: the outlet chose those words.

    Examples
    --------
    >>> narration_text('The UN said: "Stop it now," in Geneva. Officials agreed.')
    'The UN said: in Geneva. Officials agreed.'
    """
    spans = split_narration(text, kinds=kinds, actors=actors)
    parts = (" ".join(t.split()) for t in spans.loc[spans["kind"] == "narration", "text"])
    return " ".join(p for p in parts if p)


def tag_sentence_voice(sentences: pd.DataFrame, documents: pd.DataFrame, *, kinds=("direct", "partial"),
                       quote_min: float = 0.5, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Label each sentence as the source's voice (quote), the writer's (narration) or mixed.

    Parameters
    ----------
    sentences
        Table with ``doc_id``, ``start``, ``end`` (offsets into the document's ``text``).
    documents
        Table with ``doc_id`` and ``text``.
    kinds
        Quote kinds whose characters count as quoted (default: direct and partial quotes; short
        phrases and scare quotes count as narration).
    quote_min
        Share of quoted characters from which a sentence is labelled "quote".
    actors
        As for :func:`extract_quotes`.

    Returns
    -------
    pandas.DataFrame
        The sentence rows with added columns ``quote_share`` (characters of the sentence inside
        quote marks, marks included, divided by its length), ``voice`` ("narration" when 0,
        "quote" when >= ``quote_min``, otherwise "mixed"), ``speakers`` and ``actor_types``
        ("; "-joined, sorted) of the quotes overlapping it, and ``reported_speakers`` (speakers of
        reported speech whose content overlaps it).

    Examples
    --------
    >>> text = ('Haley spoke. "We will remain a generous country," said Haley. '
    ...         '"No," said Nikki Haley, United States Ambassador to the United Nations.')
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    >>> sents = pd.DataFrame({"doc_id": ["d"] * 3, "start": [0, 13, 62], "end": [12, 61, 133]})
    >>> out = tag_sentence_voice(sents, docs)
    >>> out[["voice", "speakers", "actor_types"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['narration', '', ''], ['quote', 'Nikki Haley', 'us_federal_government'],
     ['mixed', 'Nikki Haley', 'us_federal_government']]
    >>> out["quote_share"].round(2).tolist()
    [0.0, 0.75, 0.07]
    """
    kinds = _check_kinds(kinds)
    documents = _check_documents(documents)
    if not isinstance(sentences, pd.DataFrame):
        raise QuoteError(f"sentences must be a DataFrame, got {type(sentences).__name__}.")
    missing = [c for c in ("doc_id", "start", "end") if c not in sentences.columns]
    if missing:
        raise QuoteError(f"sentences table lacks column(s) {missing}; it has {list(sentences.columns)}.")
    if not 0 < quote_min <= 1:
        raise QuoteError(f"quote_min must be in (0, 1], got {quote_min!r}.")
    texts = dict(zip(documents["doc_id"], documents["text"]))
    unknown = sorted(set(sentences["doc_id"]) - set(texts), key=str)
    if unknown:
        raise QuoteError(f"sentences name doc_id(s) {unknown} that are not in the documents table.")
    compiled = _compile_actors(actors)
    cache: dict = {}
    shares, voices, speakers, types, reported_speakers = [], [], [], [], []
    for row, (doc_id, s, e) in enumerate(zip(sentences["doc_id"], sentences["start"], sentences["end"])):
        text = texts[doc_id]
        if not (0 <= s < e <= len(text)):
            raise QuoteError(f"sentence row {row} (doc_id {doc_id!r}): offsets {s}:{e} are not a span of a "
                             f"{len(text)}-character text. Fix: use offsets into the same text.")
        if doc_id not in cache:
            q, r = _analyse(_check_text(text), compiled, 2)
            quotes = _frame(text, q)
            cache[doc_id] = (quotes[quotes["kind"].isin(kinds)], _frame(text, r))
        quotes, reported = cache[doc_id]
        overlap = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in _merged_intervals(quotes))
        share = overlap / (e - s)
        shares.append(share)
        voices.append("narration" if overlap == 0 else "quote" if share >= quote_min else "mixed")
        hit = quotes[(quotes["mark_start"] < e) & (quotes["mark_end"] > s)]
        speakers.append("; ".join(sorted({x for x in hit["speaker"] if x})))
        types.append("; ".join(sorted(set(hit["actor_type"]))) if len(hit) else "")
        rep = reported[(reported["start"] < e) & (reported["end"] > s)]
        reported_speakers.append("; ".join(sorted({x for x in rep["speaker"] if x})))
    out = sentences.copy()
    out["quote_share"] = pd.Series(shares, index=out.index, dtype="float64")
    out["voice"] = voices
    out["speakers"] = speakers
    out["actor_types"] = types
    out["reported_speakers"] = reported_speakers
    return out


def share_of_voice(quotes: pd.DataFrame, *, by: str = "outlet", kinds=None) -> pd.DataFrame:
    """Count quotes and quoted words per actor type within each group (e.g. outlet).

    Parameters
    ----------
    quotes
        A quote table with columns ``by``, ``actor_type`` and ``quote`` (``n_words`` used if
        present), e.g. from :func:`extract_document_quotes`.
    by
        The grouping column.
    kinds
        Keep only these kinds (``None``: all rows given).

    Returns
    -------
    pandas.DataFrame
        ``by``, ``actor_type``, ``n_quotes``, ``share_quotes``, ``n_words``, ``share_words``;
        shares are within the group. Groups with no quotes do not appear; sorted by group, then
        quoted words (descending), then actor type.

    Examples
    --------
    >>> q = pd.DataFrame({"outlet": ["A", "A", "B"], "actor_type": ["un_bodies", "media", "un_bodies"],
    ...                   "quote": ["one two three", "four", "five six"]})
    >>> share_of_voice(q).values.tolist()
    [['A', 'un_bodies', 1, 0.5, 3, 0.75], ['A', 'media', 1, 0.5, 1, 0.25], ['B', 'un_bodies', 1, 1.0, 2, 1.0]]
    """
    if not isinstance(quotes, pd.DataFrame):
        raise QuoteError(f"quotes must be a DataFrame, got {type(quotes).__name__}.")
    missing = [c for c in (by, "actor_type", "quote") if c not in quotes.columns]
    if missing:
        raise QuoteError(f"quotes table lacks column(s) {missing}; it has {list(quotes.columns)}. "
                         "Fix: add the group column (e.g. merge the documents' outlet).")
    df = quotes
    if kinds is not None:
        if "kind" not in df.columns:
            raise QuoteError("kinds= needs a 'kind' column in the quotes table.")
        df = df[df["kind"].isin(_check_kinds(kinds))]
    words = df["n_words"] if "n_words" in df.columns else df["quote"].map(_n_words)
    df = pd.DataFrame({by: df[by].to_numpy(), "actor_type": df["actor_type"].to_numpy(),
                       "n_words": words.to_numpy(dtype="int64")})
    columns = [by, "actor_type", "n_quotes", "share_quotes", "n_words", "share_words"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    out = (df.groupby([by, "actor_type"], sort=True)
           .agg(n_quotes=("n_words", "size"), n_words=("n_words", "sum")).reset_index())
    totals = out.groupby(by)[["n_quotes", "n_words"]].transform("sum")
    out["share_quotes"] = out["n_quotes"] / totals["n_quotes"]
    out["share_words"] = (out["n_words"] / totals["n_words"].where(totals["n_words"] > 0)).fillna(0.0)
    out = out.sort_values([by, "n_words", "actor_type"], ascending=[True, False, True], kind="mergesort")
    return out[columns].reset_index(drop=True)


def plot_share_of_voice(table: pd.DataFrame, *, by: str = "outlet", groups=None, value: str = "share_words"):
    """Stacked bars of who is quoted in each group, from :func:`share_of_voice`.

    Parameters
    ----------
    table
        Output of :func:`share_of_voice`.
    by
        Its group column.
    groups
        Every group to show, in order; groups absent from ``table`` (no quotation at all) get an
        empty bar labelled "no quotations", so silence is visible rather than dropped.
    value
        ``"share_words"`` (share of quoted words) or ``"share_quotes"``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A"], "actor_type": ["un_bodies", "media"], "n_quotes": [1, 1],
    ...                   "share_quotes": [0.5, 0.5], "n_words": [3, 1], "share_words": [0.75, 0.25]})
    >>> fig = plot_share_of_voice(t, groups=["A", "B"])
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A (2 quotes)', 'B (no quotations)']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if value not in ("share_words", "share_quotes"):
        raise QuoteError(f"value={value!r}; use 'share_words' or 'share_quotes'.")
    missing = [c for c in (by, "actor_type", value, "n_quotes") if c not in table.columns]
    if missing:
        raise QuoteError(f"share-of-voice table lacks column(s) {missing}; pass share_of_voice(...) output.")
    groups = list(groups) if groups is not None else sorted(table[by].astype(str).unique())
    wide = table.pivot_table(index=by, columns="actor_type", values=value, aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(groups).fillna(0.0)
    n_quotes = table.groupby(by)["n_quotes"].sum().reindex(groups).fillna(0).astype(int)
    order = wide.sum().sort_values(ascending=False).index.tolist()
    colours = dict(zip(order, sns.color_palette("colorblind", len(order))))
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(groups) + 1.9))
    left = pd.Series(0.0, index=groups)
    for actor in order:
        ax.barh(range(len(groups)), wide[actor], left=left, color=colours[actor], label=actor.replace("_", " "))
        left = left + wide[actor]
    labels = [f"{g} ({n} quote{'s' if n != 1 else ''})" if n else f"{g} (no quotations)" for g, n in zip(groups, n_quotes)]
    ax.set_yticks(range(len(groups)), labels)
    ax.set_ylim(len(groups) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of quoted words" if value == "share_words" else "share of quotations")
    ax.set_title("Whose words each outlet quotes (direct and partial quotations)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize="small", frameon=False)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------------
# Evaluation against a gold labelling
# --------------------------------------------------------------------------------------------


def load_gold_quotes(path: str | Path) -> pd.DataFrame:
    """Load a gold quote file (CSV with ``#`` comments; columns :data:`GOLD_COLUMNS`), validated.

    Examples
    --------
    >>> from corpus_tools import paths
    >>> gold = load_gold_quotes(paths.GOLD_QUOTES)
    >>> list(gold.columns), sorted(set(gold["kind"])) == sorted(KINDS)
    (['file', 'kind', 'speaker', 'quote', 'note'], True)
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuoteError(f"{path}: gold quote file not found.") from None
    body = "\n".join(line for line in raw.splitlines() if not line.lstrip().startswith("#"))
    gold = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    if tuple(gold.columns) != GOLD_COLUMNS:
        raise QuoteError(f"{path.name}: columns are {list(gold.columns)}, expected {list(GOLD_COLUMNS)}.")
    for i, rec in enumerate(gold.to_dict("records")):
        if rec["kind"] not in KINDS:
            raise QuoteError(f"{path.name}, data row {i + 1}, field 'kind': {rec['kind']!r} is not one of {KINDS}.")
        if not rec["quote"].strip():
            raise QuoteError(f"{path.name}, data row {i + 1}, field 'quote': empty.")
    return gold


def _norm_quote(s: str) -> str:
    s = unicodedata.normalize("NFC", str(s))
    return _normalise_space(s).strip(" " + _MARKS)


def _token_set(s: str) -> set[str]:
    return {w.lower().replace("’", "'") for w in _WORD_RE.findall(str(s))}


def match_quotes(predicted: pd.DataFrame, gold: pd.DataFrame, *, key: str = "file",
                 min_overlap: float = 1.0) -> pd.DataFrame:
    """Align predicted quotes with gold quotes by text, within each ``key`` (file or doc_id).

    Identical texts (whitespace-normalised, outer quote marks stripped) pair first, in order; then,
    when ``min_overlap < 1``, remaining pairs with a word-set Jaccard overlap of at least
    ``min_overlap`` pair greedily (highest overlap first). Reported-speech boundaries are fuzzy,
    so evaluate ``indirect`` rows with e.g. ``min_overlap=0.5``.

    Returns
    -------
    pandas.DataFrame
        One row per gold or predicted quote: ``status`` ("matched", "missed" or "spurious"),
        ``key``, ``gold_quote``, ``pred_quote``, ``gold_kind``, ``pred_kind``, ``gold_speaker``,
        ``pred_speaker``, ``overlap`` and ``speaker_correct``.

    Examples
    --------
    >>> gold = pd.DataFrame({"file": ["f", "f"], "quote": ["a b c", "d e"], "kind": ["direct"] * 2,
    ...                      "speaker": ["X", ""]})
    >>> pred = pd.DataFrame({"file": ["f"], "quote": ["a  b c"], "kind": ["direct"], "speaker": ["X"]})
    >>> match_quotes(pred, gold)[["status", "gold_quote", "speaker_correct"]].values.tolist()
    [['matched', 'a b c', True], ['missed', 'd e', False]]
    """
    for name, df in (("predicted", predicted), ("gold", gold)):
        if not isinstance(df, pd.DataFrame):
            raise QuoteError(f"{name} must be a DataFrame, got {type(df).__name__}.")
        missing = [c for c in (key, "quote", "speaker", "kind") if c not in df.columns]
        if missing:
            raise QuoteError(f"{name} table lacks column(s) {missing}; it has {list(df.columns)}.")
    if not 0 < min_overlap <= 1:
        raise QuoteError(f"min_overlap must be in (0, 1], got {min_overlap!r}.")
    rows = []
    keys = sorted(set(gold[key]) | set(predicted[key]), key=str)
    for k in keys:
        g = gold[gold[key] == k].reset_index(drop=True)
        p = predicted[predicted[key] == k].reset_index(drop=True)
        g_norm = [_norm_quote(x) for x in g["quote"]]
        p_norm = [_norm_quote(x) for x in p["quote"]]
        pairs: dict[int, tuple[int, float]] = {}
        used: set[int] = set()
        for gi, gn in enumerate(g_norm):
            for pi, pn in enumerate(p_norm):
                if pi not in used and gn == pn:
                    pairs[gi] = (pi, 1.0)
                    used.add(pi)
                    break
        if min_overlap < 1:
            g_sets = [_token_set(x) for x in g["quote"]]
            p_sets = [_token_set(x) for x in p["quote"]]
            scored = []
            for gi in range(len(g)):
                if gi in pairs:
                    continue
                for pi in range(len(p)):
                    if pi in used:
                        continue
                    union = g_sets[gi] | p_sets[pi]
                    jac = len(g_sets[gi] & p_sets[pi]) / len(union) if union else 0.0
                    if jac >= min_overlap:
                        scored.append((-jac, gi, pi))
            for neg, gi, pi in sorted(scored):
                if gi not in pairs and pi not in used:
                    pairs[gi] = (pi, -neg)
                    used.add(pi)
        for gi in range(len(g)):
            if gi in pairs:
                pi, ov = pairs[gi]
                gs, ps = str(g.at[gi, "speaker"]), str(p.at[pi, "speaker"])
                rows.append(("matched", k, g.at[gi, "quote"], p.at[pi, "quote"], g.at[gi, "kind"], p.at[pi, "kind"],
                             gs, ps, ov, _normalise_space(gs).casefold() == _normalise_space(ps).casefold()))
            else:
                rows.append(("missed", k, g.at[gi, "quote"], "", g.at[gi, "kind"], "", str(g.at[gi, "speaker"]),
                             "", 0.0, False))
        for pi in range(len(p)):
            if pi not in used:
                rows.append(("spurious", k, "", p.at[pi, "quote"], "", p.at[pi, "kind"], "", str(p.at[pi, "speaker"]),
                             0.0, False))
    return pd.DataFrame(rows, columns=["status", key, "gold_quote", "pred_quote", "gold_kind", "pred_kind",
                                       "gold_speaker", "pred_speaker", "overlap", "speaker_correct"])


def evaluate_quotes(predicted: pd.DataFrame, gold: pd.DataFrame, *, key: str = "file",
                    min_overlap: float = 1.0) -> pd.DataFrame:
    """Precision and recall of quote extraction (spans) and attribution (speakers) against gold.

    Parameters
    ----------
    predicted, gold
        Tables with ``key``, ``quote``, ``speaker`` and ``kind`` (predicted: rows of
        :func:`extract_quotes` plus a ``file`` column; gold: :func:`load_gold_quotes`).
        Filter both to the kinds you want to score before calling.
    key, min_overlap
        As for :func:`match_quotes`.

    Returns
    -------
    pandas.DataFrame
        One row: ``n_gold``, ``n_predicted``, ``n_matched``, ``span_precision`` (matched /
        predicted), ``span_recall`` (matched / gold), ``span_f1``, ``kind_accuracy`` (same kind,
        among matched), ``attribution_accuracy`` (same speaker, "" included, among matched),
        ``attribution_precision`` (correct among matched quotes given a speaker),
        ``attribution_recall`` (gold quotes with a speaker that were found AND given that
        speaker). A ratio with a zero denominator is NaN (e.g. precision with no predictions).

    Examples
    --------
    >>> gold = pd.DataFrame({"file": ["f"] * 3, "quote": ["a b", "c d", "e f"], "kind": ["direct"] * 3,
    ...                      "speaker": ["X", "Y", ""]})
    >>> pred = pd.DataFrame({"file": ["f"] * 3, "quote": ["a b", "c d", "g h"], "kind": ["direct"] * 3,
    ...                      "speaker": ["X", "Z", ""]})
    >>> evaluate_quotes(pred, gold).round(3).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'n_gold': 3.0, 'n_predicted': 3.0, 'n_matched': 2.0, 'span_precision': 0.667,
     'span_recall': 0.667, 'span_f1': 0.667, 'kind_accuracy': 1.0, 'attribution_accuracy': 0.5,
     'attribution_precision': 0.5, 'attribution_recall': 0.5}
    """
    m = match_quotes(predicted, gold, key=key, min_overlap=min_overlap)
    if len(gold) == 0:
        raise QuoteError("gold table is empty: nothing to evaluate against.")
    matched = m[m["status"] == "matched"]

    def ratio(a: float, b: float) -> float:
        return a / b if b else float("nan")

    n_gold, n_pred, n_match = len(gold), len(predicted), len(matched)
    p, r = ratio(n_match, n_pred), ratio(n_match, n_gold)
    given = matched[matched["pred_speaker"].str.strip() != ""]
    gold_with = m[(m["status"] != "spurious") & (m["gold_speaker"].str.strip() != "")]
    out = dict(
        n_gold=n_gold, n_predicted=n_pred, n_matched=n_match, span_precision=p, span_recall=r,
        span_f1=ratio(2 * p * r, p + r) if n_match else 0.0,
        kind_accuracy=ratio(int((matched["gold_kind"] == matched["pred_kind"]).sum()), n_match),
        attribution_accuracy=ratio(int(matched["speaker_correct"].sum()), n_match),
        attribution_precision=ratio(int(given["speaker_correct"].sum()), len(given)),
        attribution_recall=ratio(int(gold_with["speaker_correct"].sum()), len(gold_with)),
    )
    return pd.DataFrame([out]).astype("float64")
