"""Quote marks (paired and straight) and the speech-cue patterns that attribute a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
