"""Tagging sentences with frames (:func:`tag_sentences`) and cue keywords in context (:func:`kwic`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.frames.codebook import Codebook, _codebook
from corpus_tools.frames.cues import _SEPARATOR, _lower, _Matcher, _matcher, _matches
from corpus_tools.frames.errors import FramesError
from corpus_tools.kwic import cut_context


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
