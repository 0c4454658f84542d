"""Speech events in a masked text: speech verbs with their subjects, and name mentions.

Quotations are masked first (their characters replaced), so no rule reads inside a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus_tools.quotes.discourse import _MaskedText, _Resolved, _strip_possessive
from corpus_tools.quotes.lexicon import _ADVERBS, _LINKS, _OPENERS, _PARTICLE, _Lexicon


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


def _speech_events(lex: _Lexicon, doc: _MaskedText) -> list[_Event]:
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


def _name_mentions(lex: _Lexicon, doc: _MaskedText):
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


def _one_mention(lex: _Lexicon, doc: _MaskedText, start: int, group: str):
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


