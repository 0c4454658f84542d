"""Extracting quotations and reported speech from one text or a documents table, with their speakers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import pandas as pd

from corpus_tools.quotes.actors import (
    PHRASE_MAX_WORDS,
    QUOTE_COLUMNS,
    QuoteError,
    _Actor,
    _compile_actors,
    _find_mentions,
    _Mention,
    load_actor_table,
    speaker_rows,
)
from corpus_tools.quotes.attribute import ATTRIBUTION_COLUMNS, _attribute_rows, _check_resources
from corpus_tools.quotes.lexicon import _Lexicon, _lexicon
from corpus_tools.quotes.patterns import (
    _ACCORDING,
    _AFTER_CUE_SPEAKER,
    _AFTER_SPEAKER_CUE,
    _AFTER_VERB_SPEAKER,
    _APPOSITIVE,
    _BEFORE_ACCORDING,
    _BEFORE_SPEAKER_CUE,
    _COORDINATOR,
    _DESCRIPTION_RE,
    _FUNCTION_WORDS,
    _GAP,
    _INVERTED_TAIL,
    _LINK,
    _MARKS,
    _NAME_RUN_RE,
    _NAME_TOKEN,
    _NOT_NAME,
    _NP_START_RE,
    _NP_STOP,
    _NP_WORD_RE,
    _PRONOUN,
    _PRONOUN_RE,
    _REPORT_RE,
    _ROLE,
    _ROLE_WORDS,
    _SP,
    _SPACE_RE,
    _THAT,
    _TOLD_OBJECT,
    _WORD_RE,
    _rstrip_pos,
    _scan_quote_marks,
    _skip_space,
    _Span,
)
from corpus_tools.tokenize import split_paragraphs, split_sentences

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


def _analyse(text: str, actors: list[_Actor]) -> tuple[list[_Event], list[_Event]]:
    """Detection: quotation spans and kinds, reported speech and its subject phrase (no speakers yet)."""
    doc = _Doc(text, actors)
    spans = _scan_quote_marks(text, doc.paragraphs)
    mentions = [m for m in _find_mentions(text, actors) if not any(s.start <= m.start < s.end for s in spans)]
    quotes: list[_Event] = []
    for span in spans:
        ev = _Event("", span.start, span.end, span.mark_start, span.mark_end, balanced=span.balanced)
        _quote_attribution(doc, span, ev)
        quotes.append(ev)
    # continuations and kinds: an attributed quote opening its sentence is direct
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
                ev.pattern, ev.cue = "continuation", prev.cue
        ev.kind = _kind(text[ev.start:ev.end], ev.pattern != "none", opens)
    consumed = {ev.cue_start for ev in quotes if ev.kind == "direct" and ev.cue_start >= 0}
    return quotes, _reported_speech(doc, spans, mentions, consumed)


def _rows(text: str, events: list[_Event]) -> list[dict]:
    """Detection's quotes as rows (the columns of :data:`QUOTE_COLUMNS` but ``quote_id``), no speakers yet."""
    rows = []
    for ev in sorted(events, key=lambda e: (e.start, e.end, e.kind)):
        quote = text[ev.start:ev.end]
        rows.append(dict(
            start=ev.start, end=ev.end, quote=quote, kind=ev.kind, speaker="",
            actor_type="unknown", resolved=False, cue=ev.cue, pattern=ev.pattern, resolution="",
            speaker_text=_normalise_space(ev.sp_text), speaker_start=ev.sp_start, speaker_end=ev.sp_end,
            role=ev.role, balanced=ev.balanced, mark_start=ev.mark_start, mark_end=ev.mark_end,
            n_words=_n_words(quote),
        ))
    return rows


# --------------------------------------------------------------------------------------------
# The quote table and its column types
# --------------------------------------------------------------------------------------------

#: Column types that do not depend on the text.
_FIXED_DTYPES = {"quote_id": "int64", "start": "int64", "end": "int64", "resolved": "bool",
                 "speaker_start": "Int64", "speaker_end": "Int64", "balanced": "bool",
                 "mark_start": "int64", "mark_end": "int64", "n_words": "int64"}


def _dtypes(rows: list[dict]) -> dict:
    """The type of each column of one text's quote table, from detection's rows.

    These are the types the table has always had (kept so that no result changes). Text
    columns are ``str``, except ``object`` where no row filled the column: without any quote all
    text columns are ``object``; with reported speech but no quote in marks, the columns
    attribution fills for quotes in marks (:data:`ATTRIBUTION_COLUMNS`) are.
    """
    has_marked = any(r["kind"] != "indirect" for r in rows)
    out = {}
    for col in QUOTE_COLUMNS:
        filled = has_marked if col in ATTRIBUTION_COLUMNS else bool(rows)
        out[col] = _FIXED_DTYPES.get(col, "str" if filled else object)
    return out


def _common_dtypes(signatures: list[dict]) -> dict:
    """The column types ``pandas.concat`` gives tables of these column types (one dict per table)."""
    distinct = {tuple(sig.items()) for sig in signatures}
    empty = [pd.DataFrame({col: pd.Series(dtype=dtype) for col, dtype in sig}) for sig in distinct]
    return dict(pd.concat(empty, ignore_index=True).dtypes)


def _table(rows: list[dict], dtypes: dict) -> pd.DataFrame:
    """One DataFrame from rows (dicts), column by column with the given types."""
    return pd.DataFrame({col: pd.Series([r[col] for r in rows], dtype=dtype) for col, dtype in dtypes.items()})


@dataclass(frozen=True)
class _Setup:
    """What the extraction of every text of a call shares: the actor table compiled, the word lists."""

    compiled: list[_Actor]
    actor_rows: list
    lexicon: _Lexicon
    window: int


def _setup(actors, *, window=2, resources=None) -> _Setup:
    compiled = _compile_actors(_actor_table(actors))
    window = _check_window(window)
    lexicon = _lexicon(_check_resources(resources))
    actor_rows = [(a.canonical, a.actor_type, a.entity, a.regex, a.context) for a in compiled]
    return _Setup(compiled, actor_rows, lexicon, window)


def _check_text(text) -> str:
    if not isinstance(text, str):
        raise QuoteError(f"text must be a str, got {type(text).__name__}. Fix: pass one document's text.")
    return text


def _check_window(window) -> int:
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise QuoteError(f"pronoun_window must be a non-negative int, got {window!r}.")
    return window


def _actor_table(actors) -> pd.DataFrame:
    """The rows of the actor table that name speakers (mention-only rows serve tone by target)."""
    table = load_actor_table() if actors is None else actors
    return speaker_rows(table) if isinstance(table, pd.DataFrame) else table


def _extract(text: str, setup: _Setup, *, include_indirect: bool) -> tuple[list[dict], dict]:
    """Detection (spans, kinds, reported-speech subjects) then attribution (speakers) of one text.

    Returns the quote rows (dicts with ``quote_id`` and the other :data:`QUOTE_COLUMNS`) in text
    order and the types of their table's columns.
    """
    quotes, reported = _analyse(text, setup.compiled)
    detected = _rows(text, quotes + reported)
    found = _attribute_rows(text, detected, lex=setup.lexicon, actor_rows=setup.actor_rows, window=setup.window)
    if not include_indirect:
        found = [r for r in found if r["kind"] != "indirect"]
    for i, row in enumerate(found):
        row["quote_id"] = i
    return found, _dtypes(detected)


def extract_quotes(text: str, *, actors: pd.DataFrame | None = None, include_indirect: bool = False,
                   pronoun_window: int = 2, resources=None) -> pd.DataFrame:
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
        How many paragraphs back a back-reference (pronoun, "the spokeswoman", a quote paragraph
        without a cue) may find its speaker.
    resources
        Attribution word lists (:func:`load_attribution_resources`); ``None`` for the shipped ones.

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
    setup = _setup(actors, window=pronoun_window, resources=resources)
    return _table(*_extract(text, setup, include_indirect=include_indirect))


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
    found = extract_quotes(text, actors=actors, include_indirect=True, pronoun_window=pronoun_window)
    found = found[found["kind"] == "indirect"].reset_index(drop=True)
    found["quote_id"] = range(len(found))
    return found


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
    setup = _setup(actors)
    keep = [c for c in columns if c in documents.columns and c not in ("doc_id", "text")]
    if not len(documents):
        return pd.DataFrame(columns=["doc_id", *keep, *QUOTE_COLUMNS])
    _check_copied(keep)
    rows, signatures = [], []
    for rec in documents.to_dict("records"):
        found, dtypes = _extract(_check_text(rec["text"]), setup, include_indirect=include_indirect)
        copied = {col: rec[col] for col in ["doc_id", *keep]}
        rows.extend({**copied, **row} for row in found)
        # a document's value on its quotes has the type pandas infers for it alone
        signatures.append({**{col: pd.Series([value]).dtype for col, value in copied.items()}, **dtypes})
    return _table(rows, _common_dtypes(signatures))


def _check_copied(keep: list[str]) -> None:
    """The copied document columns must be new columns of the quote table (as ``DataFrame.insert`` wants)."""
    for i, col in enumerate(keep):
        if col in QUOTE_COLUMNS or col in keep[:i]:
            raise ValueError(f"cannot insert {col}, already exists")
