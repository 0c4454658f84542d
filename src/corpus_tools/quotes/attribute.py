"""Attribute quotations to their speakers: walk one text in order, updating the discourse state.

Called by :func:`corpus_tools.quotes.extract_quotes` after detection; see the package notes for
the rules and the speaker-string conventions.
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from corpus_tools.quotes.actors import _compile_actors
from corpus_tools.quotes.discourse import (
    _COMPLEMENT,
    _DETERMINERS,
    _FAMILY,
    _Entity,
    _MaskedText,
    _names_one_actor,
    _Resolved,
    _Resolver,
    _State,
)
from corpus_tools.quotes.lexicon import (
    _MASK,
    AttributionError,
    AttributionResources,
    _Lexicon,
    _lexicon,
    load_attribution_resources,
)
from corpus_tools.quotes.speech import _Event, _is_subject_position, _name_mentions, _speech_events
from corpus_tools.tokenize import split_paragraphs

#: Columns :func:`attribute_quotes` re-computes (the others are kept as detection gave them).
ATTRIBUTION_COLUMNS: tuple[str, ...] = (
    "speaker", "actor_type", "resolved", "resolution", "speaker_text", "speaker_start", "speaker_end",
    "cue", "pattern", "role",
)
#: Columns the input quote table must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("start", "end", "quote", "kind", "mark_start", "mark_end")

def _compile_actor_rows(actors) -> list:
    if actors is None:
        return []
    if not isinstance(actors, pd.DataFrame):
        raise AttributionError(f"actors must be a DataFrame from load_actor_table(), got {type(actors).__name__}.")
    return [(a.canonical, a.actor_type, a.entity, a.regex, a.context) for a in _compile_actors(actors)]


def _check_quotes(text, quotes) -> pd.DataFrame:
    if not isinstance(text, str):
        raise AttributionError(f"text must be a str, got {type(text).__name__}. Fix: pass one document's text.")
    if not isinstance(quotes, pd.DataFrame):
        raise AttributionError(f"quotes must be a DataFrame from extract_quotes(), got {type(quotes).__name__}.")
    missing = [c for c in REQUIRED_COLUMNS if c not in quotes.columns]
    if missing:
        raise AttributionError(f"quotes table lacks column(s) {missing}; it has {list(quotes.columns)}. "
                               "Fix: pass the output of corpus_tools.quotes.extract_quotes(text).")
    _check_offsets(text, zip(quotes["start"], quotes["end"], quotes["mark_start"], quotes["mark_end"]))
    return quotes


def _check_offsets(text: str, spans) -> None:
    """Each (start, end, mark_start, mark_end) must be a span of ``text`` inside its marks."""
    for i, (s, e, ms, me) in enumerate(spans):
        if not (0 <= ms <= s <= e <= me <= len(text)):
            raise AttributionError(f"quotes row {i}: offsets mark {ms}:{me} / quote {s}:{e} do not fit a text of "
                                   f"{len(text)} characters. Fix: extract the quotes from this same text.")


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


def _mask(text: str, rows: list[dict]) -> str:
    chars = list(text)
    for row in rows:
        for i in range(row["start"], row["end"]):
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
    >>> from corpus_tools.quotes import extract_quotes
    >>> text = 'The committee said it would act. "We will not wait," it said.'
    >>> attribute_quotes(text, extract_quotes(text))[["speaker", "resolution"]].values.tolist()
    [['committee', 'pronoun']]
    """
    quotes = _check_quotes(text, quotes)
    window = _check_window(window)
    lex = _lexicon(_check_resources(resources))
    actor_rows = _compile_actor_rows(actors)
    indirect = quotes[quotes["kind"] == "indirect"] if len(quotes) else quotes
    marked = quotes[quotes["kind"] != "indirect"] if len(quotes) else quotes
    if merge_paragraphs:
        marked = merge_multiparagraph_quotes(text, marked)
    marked = marked.sort_values(["mark_start", "mark_end"], kind="mergesort").reset_index(drop=True)
    subjects = list(zip(indirect["speaker_start"], indirect["speaker_end"], indirect["speaker_text"])) if len(
        indirect) else []
    found, reported = _attribute(text, marked.to_dict("records"), subjects, lex=lex, actor_rows=actor_rows,
                                 window=window)
    return _attributed_frame(marked, indirect, found, reported)


def _check_window(window) -> int:
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise AttributionError(f"window must be a non-negative int, got {window!r}.")
    return window


def _check_resources(resources) -> AttributionResources:
    res = resources if resources is not None else load_attribution_resources()
    if not isinstance(res, AttributionResources):
        raise AttributionError("resources must come from load_attribution_resources().")
    return res


def _attributed_frame(marked: pd.DataFrame, indirect: pd.DataFrame, found: list[dict],
                      reported: list[tuple]) -> pd.DataFrame:
    """:func:`attribute_quotes`' table: the quote rows with the speakers :func:`_attribute` found."""
    out = marked.copy()
    for col in ATTRIBUTION_COLUMNS:
        out[col] = [r[col] for r in found] if found else pd.Series(dtype=object)
    if len(indirect):
        ind = indirect.copy()
        ind["speaker"] = [speaker for speaker, _, _ in reported]
        ind["actor_type"] = [actor_type for _, actor_type, _ in reported]
        ind["resolution"] = [resolution for _, _, resolution in reported]
        ind["resolved"] = [bool(speaker) for speaker, _, _ in reported]
        out = pd.concat([out, ind], ignore_index=True)
    out = out.sort_values(["start", "end"], kind="mergesort").reset_index(drop=True)
    if "quote_id" in out.columns:
        out["quote_id"] = range(len(out))
    for col in ("speaker_start", "speaker_end"):
        out[col] = pd.array(out[col].tolist(), dtype="Int64") if len(out) else out[col].astype("Int64")
    out["resolved"] = out["resolved"].astype(bool)
    return out


def _attribute_rows(text: str, rows: list[dict], *, lex: _Lexicon, actor_rows: list, window: int) -> list[dict]:
    """:func:`attribute_quotes` without pandas, for detection's rows (one dict per quote, text order).

    The quotes in marks are attributed in (mark_start, mark_end) order, then reported speech;
    returns new rows with the speakers, in (start, end) order as :func:`attribute_quotes` sorts.
    """
    _check_offsets(text, ((r["start"], r["end"], r["mark_start"], r["mark_end"]) for r in rows))
    marked = sorted((r for r in rows if r["kind"] != "indirect"), key=lambda r: (r["mark_start"], r["mark_end"]))
    indirect = [r for r in rows if r["kind"] == "indirect"]
    subjects = [(r["speaker_start"], r["speaker_end"], r["speaker_text"]) for r in indirect]
    found, reported = _attribute(text, marked, subjects, lex=lex, actor_rows=actor_rows, window=window)
    out = [{**row, **attribution} for row, attribution in zip(marked, found)]
    for row, (speaker, actor_type, resolution) in zip(indirect, reported):
        out.append({**row, "speaker": speaker, "actor_type": actor_type, "resolution": resolution,
                    "resolved": bool(speaker)})
    return sorted(out, key=lambda r: (r["start"], r["end"]))


def _attribute(text: str, rows: list[dict], subjects: list[tuple], *, lex: _Lexicon, actor_rows: list,
               window: int) -> tuple[list[dict], list[tuple]]:
    """The walk: the :data:`ATTRIBUTION_COLUMNS` of each quote in marks (``rows``, sorted by mark)
    and (speaker, actor_type, resolution) of each reported speech (its detected subject in
    ``subjects``: speaker_start, speaker_end, speaker_text)."""
    doc = _MaskedText(text, _mask(text, rows))
    state = _State(lex, doc, actor_rows, window)
    resolver = _Resolver(state)
    events = _speech_events(lex, doc)
    mentions = _name_mentions(lex, doc)
    # walk the text in order: name mentions and speech events update the discourse state
    items = [(e.sp_start, 1, e) for e in events] + [(m[0], 0, m) for m in mentions
                                                     if not any(e.sp_start <= m[0] < e.sp_end for e in events)]
    for canonical, _actor_type, _entity, regex, context in actor_rows:
        if not _names_one_actor(canonical):
            continue  # a kind of actor ("the minister") is no mention of one entity
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
    for ent in state.entities:  # type by the table the entities the walk met before it could type them
        resolver.type_by_name(ent)
        if ent.actor_type == "unknown":
            ent.actor_type = resolver.kind_type(ent.name)
    found = _assign(text, doc, lex, state, events, rows)
    return found, (_attribute_indirect(events, subjects, resolver) if subjects else [])


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


def _np_mentions(lex: _Lexicon, doc: _MaskedText):
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


def _assign(text, doc, lex, state, events, rows: list[dict]) -> list[dict]:
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
            introduces_next = ends_here and any(e.verb_end <= r["mark_start"] < e.clause_end for r in rows[i + 1:i + 2])
            if not introduces_next and (not ends_here or lower or _clause_ends_after(doc.masked, e)):
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
    return results


def _attribute_indirect(events, subjects: list[tuple], resolver: _Resolver) -> list[tuple]:
    """Reported speech: detection found the subject phrase; the speech event over it says who it is.

    ``subjects``: (speaker_start, speaker_end, speaker_text) of each report; returns (speaker,
    actor_type, resolution) of each.
    """
    out = []
    for sp_start, sp_end, phrase in subjects:
        ent, resolution = None, ""
        if not pd.isna(sp_start):
            resolution = "unresolved"
            hit = next((e for e in events if e.resolved is not None and e.sp_start < sp_end and sp_start < e.sp_end),
                       None)
            if hit is not None and hit.resolved.entity is not None:
                ent, resolution = hit.resolved.entity, hit.resolved.resolution
            elif hit is None:  # a subject only detection found ("..., Ambassador Chen Xu, ..., said")
                found = resolver.resolve(text_of, int(sp_start)) if (text_of := str(phrase).strip()) else None
                if found is not None and found.entity is not None:
                    resolver.type_by_name(found.entity)
                    ent, resolution = found.entity, found.resolution
        out.append((ent.name if ent is not None else "", ent.actor_type if ent is not None else "unknown", resolution))
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


def _opens(doc: _MaskedText, ms: int, p_start: int) -> bool:
    return bool(re.search(r"(?:^|[.!?:;][\"”’)]*)\s*$", doc.masked[p_start:ms]))


def _speech_between(events, lo: int, hi: int, own=None) -> bool:
    return any(lo <= e.verb_start < hi and e is not own for e in events)


def _last_speaker_before(state: _State, events, pos: int, doc: _MaskedText, window: int) -> _Entity | None:
    floor = doc.para_index(pos) - window
    best = None
    for e in events:
        if e.verb_start >= pos or doc.para_index(e.verb_start) < floor:
            continue
        if e.resolved is not None and e.resolved.entity is not None:
            best = e.resolved.entity
    return best


