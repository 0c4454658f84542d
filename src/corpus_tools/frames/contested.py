"""Contested labels ("illegal immigrant", "asylum seeker" ...): counts and keywords in context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.frames.aggregate import _by_columns
from corpus_tools.frames.codebook import _ID_RE, CONTESTED_LABELS_FILE, _read_yaml, _string_list
from corpus_tools.frames.cues import _SEPARATOR, _lower, _Matcher, _matcher, _matches
from corpus_tools.frames.errors import CodebookError, FramesError
from corpus_tools.frames.tag import _as_sentence_frame, _prepare, _scan, _sentence_context
from corpus_tools.paths import DEFAULT_PACK_DIR
from corpus_tools.resources import load_resource


# ---------------------------------------------------------------------------- contested labels
@dataclass(frozen=True)
class ContestedLabel:
    """One contested label for people (see ``domains/immigration/contested_labels.yml``).

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
    """Read and validate the contested-label list (default ``domains/immigration/contested_labels.yml``).

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
    return load_resource(path, _parse_contested_labels, name=CONTESTED_LABELS_FILE, directory=DEFAULT_PACK_DIR,
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
    ``domains/immigration/contested_labels.yml``): "illegal immigrants" is ``illegal_immigrant`` only.

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
