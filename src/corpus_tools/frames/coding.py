"""Human coding sheets: export a stratified sample, load and validate filled sheets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.frames.aggregate import _by_columns
from corpus_tools.frames.codebook import Codebook, _codebook
from corpus_tools.frames.errors import CodingSheetError, FramesError
from corpus_tools.frames.tag import _as_sentence_frame
from corpus_tools.reliability import SHEET_META_COLUMNS


# ------------------------------------------------------------------------------- coding sheets
def _unit_ids(table: pd.DataFrame, *, caller: str) -> pd.Series:
    if "unit_id" in table.columns:
        ids = table["unit_id"].astype(str)
    elif "doc_id" in table.columns and "sent_id" in table.columns:
        ids = table["doc_id"].astype(str) + ":" + table["sent_id"].astype(str)
    else:
        ids = pd.Series([str(i) for i in table.index], index=table.index)
    if ids.duplicated().any():
        dupes = sorted(set(ids[ids.duplicated()]))[:10]
        raise FramesError(f"{caller}: unit ids are not unique ({dupes}); give 'doc_id' and 'sent_id' or a unique index.")
    return ids


def export_coding_sheet(tagged_or_sentences: Any, path: str | Path, *, n_per_stratum: int = 10,
                        by: str | None = "doc_id", seed: int = 0, coder: str | None = None,
                        codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Write a stratified random sample of sentences as a blank coding sheet (CSV) plus its questions.

    The sheet never shows dictionary labels (coders code blind). Files written:

    * ``path``: columns ``unit_id`` (``doc_id:sent_id``, else the input index), ``doc_id`` and
      ``sent_id`` if present, ``text``, ``coder`` (pre-filled if given), one empty column per
      codebook frame id (all frames, including human-only ones), ``notes``. Coders enter 1 or 0.
    * ``<stem>_questions.csv`` next to it: one row per frame with its question, definition,
      indicator questions and coding notes.

    Parameters
    ----------
    tagged_or_sentences
        Sentences table (``text``, ideally ``doc_id`` and ``sent_id``) or the output of
        :func:`tag_sentences`.
    path
        CSV file to write (folders are created).
    n_per_stratum
        Sentences drawn per stratum (all of them if the stratum is smaller).
    by
        Stratum column (default ``doc_id``); ``None`` for one simple random sample.
    seed
        Seed of ``numpy.random.default_rng``; strata are visited in sorted order.
    coder
        Optional value for the ``coder`` column.

    Returns
    -------
    pandas.DataFrame
        The sheet as written.

    Examples
    --------
    >>> import tempfile, os
    >>> s = pd.DataFrame({"doc_id": ["a"] * 3 + ["b"] * 2, "sent_id": [0, 1, 2, 0, 1],
    ...                   "text": ["One.", "Two.", "Three.", "Four.", "Five."]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sheet = export_coding_sheet(s, os.path.join(tmp, "sheet.csv"), n_per_stratum=2)
    ...     sorted(os.listdir(tmp))
    ['sheet.csv', 'sheet_questions.csv']
    >>> sheet["unit_id"].tolist(), sheet.columns[:5].tolist()
    (['a:1', 'a:2', 'b:0', 'b:1'], ['unit_id', 'doc_id', 'sent_id', 'text', 'coder'])
    """
    book = _codebook(codebook)
    table = _as_sentence_frame(tagged_or_sentences, caller="export_coding_sheet")
    if not isinstance(n_per_stratum, int) or isinstance(n_per_stratum, bool) or n_per_stratum < 1:
        raise FramesError(f"export_coding_sheet: n_per_stratum must be a positive integer, got {n_per_stratum!r}.")
    by_cols = _by_columns(table, by, caller="export_coding_sheet")
    table = table.assign(unit_id=_unit_ids(table, caller="export_coding_sheet"))
    rng = np.random.default_rng(seed)
    chosen = []
    groups = table.groupby(by_cols, sort=True) if by_cols else [((), table)]
    for _key, group in groups:
        take = min(n_per_stratum, len(group))
        picks = np.sort(rng.choice(len(group), size=take, replace=False))
        chosen.append(group.iloc[picks])
    sample = pd.concat(chosen)
    meta = ["unit_id", *[c for c in ("doc_id", "sent_id") if c in sample.columns], "text"]
    sheet = sample[meta].reset_index(drop=True)
    sheet["coder"] = coder if coder is not None else ""
    for frame_id in book.ids:
        sheet[frame_id] = ""
    sheet["notes"] = ""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    book.questions_table().to_csv(out.with_name(f"{out.stem}_questions.csv"), index=False, encoding="utf-8",
                                  lineterminator="\n")
    return sheet


def load_coding_sheet(path: str | Path, *, codebook: Codebook | str | Path | None = None,
                      expected_units: Iterable[str] | None = None, require_complete: bool = False) -> pd.DataFrame:
    """Read a filled coding sheet and check it; every problem is reported with file, row and column.

    Checks: ``unit_id`` and ``coder`` columns present and filled; every other column is either a
    known meta column (``doc_id``, ``sent_id``, ``text``, ``notes`` ...) or a codebook frame id;
    frame cells are ``1``, ``0`` or empty (empty = not coded; an error if ``require_complete``);
    no (unit_id, coder) pair twice; if ``expected_units`` is given, no unit missing or extra.

    Parameters
    ----------
    path
        CSV written by :func:`export_coding_sheet` and filled in by a coder.
    expected_units
        Unit ids the sheet must contain exactly (e.g. the exported sheet's ``unit_id``).
    require_complete
        Treat empty frame cells as errors.

    Returns
    -------
    pandas.DataFrame
        Meta columns as strings, frame columns as nullable ``Int8`` (``<NA>`` = not coded).
        Rows numbered as in the file: data row 1 is CSV line 2.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "s.csv"
    ...     _ = p.write_text("unit_id,text,coder,political\\na:0,One.,ana,1\\na:1,Two.,ana,\\n")
    ...     sheet = load_coding_sheet(p)
    >>> sheet["political"].tolist()
    [1, <NA>]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "s.csv"
    ...     _ = p.write_text("unit_id,text,coder,political\\na:0,One.,ana,yes\\n")
    ...     try:
    ...         load_coding_sheet(p)
    ...     except CodingSheetError as err:
    ...         print(str(err).split(": ", 1)[1])
    1 problem(s):
      row 1 (CSV line 2), column 'political': value 'yes' is not 1, 0 or empty
    """
    book = _codebook(codebook)
    path = Path(path)
    if not path.is_file():
        raise CodingSheetError(f"{path}: coding sheet not found.")
    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise CodingSheetError(f"{path}: not a readable UTF-8 CSV file: {err}") from None
    columns = list(sheet.columns)
    for required in ("unit_id", "coder"):
        if required not in columns:
            raise CodingSheetError(f"{path}: column {required!r} is missing (columns: {columns}).")
    frame_cols = [c for c in columns if c not in SHEET_META_COLUMNS]
    unknown = [c for c in frame_cols if c not in book]
    if unknown:
        raise CodingSheetError(
            f"{path}: unknown frame label column(s) {unknown}; frame columns must be codebook ids "
            f"({', '.join(book.ids)}), other columns one of {list(SHEET_META_COLUMNS)}.")
    if not frame_cols:
        raise CodingSheetError(f"{path}: no frame columns; expected codebook ids such as {book.ids[0]!r}.")
    problems = []
    for i, row in enumerate(sheet.itertuples(index=False), start=1):
        where = f"row {i} (CSV line {i + 1})"
        values = dict(zip(columns, row))
        if not values["unit_id"].strip():
            problems.append(f"{where}, column 'unit_id': empty")
        if not values["coder"].strip():
            problems.append(f"{where}, column 'coder': empty; write the coder's name or initials")
        for col in frame_cols:
            cell = values[col].strip()
            if cell not in ("", "0", "1"):
                problems.append(f"{where}, column {col!r}: value {values[col]!r} is not 1, 0 or empty")
            elif cell == "" and require_complete:
                problems.append(f"{where}, column {col!r}: empty, but require_complete=True")
    seen_rows: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(sheet["unit_id"].str.strip(), sheet["coder"].str.strip()), start=1):
        seen_rows.setdefault(key, []).append(i)
    for (unit, who), rows in seen_rows.items():
        if len(rows) > 1:
            problems.append(f"rows {rows}: unit {unit!r} coded twice by coder {who!r}")
    if expected_units is not None:
        expected = [str(u) for u in expected_units]
        present = set(sheet["unit_id"].str.strip())
        missing = [u for u in expected if u not in present]
        extra = sorted(present - set(expected))
        if missing:
            problems.append(f"missing unit(s) {missing[:20]}{' ...' if len(missing) > 20 else ''}")
        if extra:
            problems.append(f"unexpected unit(s) {extra[:20]}{' ...' if len(extra) > 20 else ''}")
    if problems:
        shown = "\n  ".join(problems[:30])
        more = f"\n  ... and {len(problems) - 30} more" if len(problems) > 30 else ""
        raise CodingSheetError(f"{path}: {len(problems)} problem(s):\n  {shown}{more}")
    out = sheet.copy()
    for col in ("unit_id", "coder"):
        out[col] = out[col].str.strip()
    for col in frame_cols:
        out[col] = pd.array([None if v.strip() == "" else int(v) for v in out[col]], dtype="Int8")
    return out


def coder_table(labels: pd.DataFrame, *, coder: str, frames: Sequence[str], unit_cols: Sequence[str] = ("doc_id", "sent_id")) -> pd.DataFrame:
    """Turn a table of 0/1 (or boolean) frame labels into one coder's rows for reliability.

    The result has ``unit_id`` (the ``unit_cols`` joined by ``:``), ``coder`` and one 0/1 column
    per frame, the layout :func:`corpus_tools.reliability.frame_alpha` and
    :func:`corpus_tools.reliability.coding_sets` expect. Use it to treat the dictionary as one
    more "coder" next to human coders.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "political": [True, False]})
    >>> coder_table(t, coder="dictionary", frames=["political"]).to_dict("records")
    [{'unit_id': 'a:0', 'coder': 'dictionary', 'political': 1}, {'unit_id': 'a:1', 'coder': 'dictionary', 'political': 0}]
    """
    missing = [c for c in (*unit_cols, *frames) if c not in labels.columns]
    if missing:
        raise FramesError(f"coder_table: missing column(s) {missing}.")
    unit_id = labels[list(unit_cols)].astype(str).agg(":".join, axis=1)
    out = pd.DataFrame({"unit_id": unit_id.to_numpy(), "coder": coder})
    for frame in frames:
        out[frame] = labels[frame].astype(int).to_numpy()
    return out
