"""Parse a corpus table strictly: CSV (metadata or a ``doc_id,text`` table) and JSON Lines.

A row with too many or too few fields, a duplicate or unnamed column, a value of the wrong JSON
type: each is a problem named with its file and line, never silently dropped or padded.
"""

from __future__ import annotations

import csv
import json
from io import StringIO

import pandas as pd

from corpus_tools.errors import CorpusError


def parse_csv(raw: str, *, source: str, required: tuple[str, ...]) -> tuple[pd.DataFrame, list[int]]:
    """Parse CSV text strictly: every row as many fields as the header, no duplicate or unnamed
    columns, at least one row; return the table (all strings, stripped) and each row's line number.

    Line numbers are those of the file (the header is line 1; blank lines are skipped but
    counted), so a message's "row N" is the line an editor shows.

    Examples
    --------
    >>> table, rows = parse_csv("doc_id,file\\n\\na,a.txt\\n", source="m.csv", required=("doc_id",))
    >>> table.to_dict("records"), rows
    ([{'doc_id': 'a', 'file': 'a.txt'}], [3])
    >>> parse_csv("doc_id;file\\na;a.txt\\n", source="m.csv", required=("doc_id", "file"))
    Traceback (most recent call last):
    ...
    corpus_tools.errors.CorpusError: m.csv: the header has one column 'doc_id;file' and the file looks ';'-delimited. Fix: save it as comma-separated CSV (doc_id,file,...).
    """
    reader = csv.reader(StringIO(raw), strict=True)
    header: list[str] | None = None
    records, rows, problems = [], [], []
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not record:
                continue
            if header is None:
                header = [c.strip() for c in record]
                header_line = line
                continue
            if len(record) != len(header):
                problems.append(
                    f"{source}, row {line}: {len(record)} fields, but the header has {len(header)}. Fix: put "
                    'double quotes around a value that contains a comma ("Smith, J."), or remove the extra '
                    "or missing comma."
                )
                continue
            records.append([v.strip() for v in record])
            rows.append(line)
    except csv.Error as err:
        raise CorpusError(f"{source}, row {reader.line_num}: cannot parse as CSV ({err}). Fix: check the "
                          "quoting on that line (a value with a quote mark must be quoted, with the quote "
                          'doubled: "say ""no"""), and that it is a text file.') from None
    if header is None:
        raise CorpusError(f"{source}: the file is empty. Fix: a header row ({','.join(required)},...) and "
                          "one row per document.")
    for delimiter in (";", "\t", "|"):
        if len(header) == 1 and delimiter in header[0]:
            shown = "tab" if delimiter == "\t" else repr(delimiter)
            raise CorpusError(f"{source}: the header has one column {header[0]!r} and the file looks "
                              f"{shown}-delimited. Fix: save it as comma-separated CSV ({','.join(required)},...).")
    unnamed = [str(i + 1) for i, c in enumerate(header) if not c]
    if unnamed:
        problems.insert(0, f"{source}, row {header_line}: column(s) {', '.join(unnamed)} of the header have no "
                           "name. Fix: name every column, or delete the empty column (often a trailing comma).")
    dups = sorted({c for c in header if c and header.count(c) > 1})
    if dups:
        problems.insert(0, f"{source}, row {header_line}: duplicate column name(s) {', '.join(map(repr, dups))}. "
                           "Fix: give every column a different name.")
    missing = [c for c in required if c not in header]
    if missing:
        hint = ""
        if any(d in "".join(header) for d in (";", "\t")):
            hint = " The header contains ';' or tabs: save the file as comma-separated CSV."
        raise CorpusError(
            f"{source}: missing required column(s) {', '.join(missing)}; found {', '.join(header)}. "
            f"Fix: the header row needs {' and '.join(repr(c) for c in required)} columns.{hint}"
        )
    if problems:
        head = f"{len(problems)} problem(s) in {source}:"
        raise CorpusError("\n".join([head, *("  - " + p for p in problems)]))
    if not records:
        raise CorpusError(f"{source}: only a header row, no documents. Fix: add one row per document.")
    return pd.DataFrame(records, columns=header, dtype=str), rows


def _json_type(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object",
            type(None): "null", str: "a string"}.get(type(value), type(value).__name__)


def _read_jsonl(raw: str, *, source: str, problems: list[str]) -> tuple[pd.DataFrame, list[int]]:
    """Parse JSON Lines: one object per line, ``doc_id`` a string (or integer) and ``text`` a string."""
    records, rows, columns = [], [], {}
    for n, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"{source}, line {n}: not valid JSON ({err.msg}). Fix: one JSON object per line.")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{source}, line {n}: {_json_type(obj)}, not a JSON object. Fix: one object per line, "
                            '{"doc_id": "...", "text": "..."}.')
            continue
        record, ok = {}, True
        for key in ("doc_id", "text"):
            if key not in obj:
                problems.append(f"{source}, line {n}: no {key!r} field. Fix: every line needs "
                                '"doc_id" (a unique string) and "text" (a string).')
                ok = False
        doc_id = obj.get("doc_id")
        if "doc_id" in obj and not (isinstance(doc_id, str) or (isinstance(doc_id, int) and not isinstance(doc_id, bool))):
            problems.append(f"{source}, line {n}: 'doc_id' is {_json_type(doc_id)} ({json.dumps(doc_id)[:40]}), "
                            "not a string. Fix: give a unique string id.")
            ok = False
        text = obj.get("text")
        if "text" in obj and not isinstance(text, str):
            problems.append(f"{source}, line {n}: 'text' is {_json_type(text)} ({json.dumps(text)[:40]}), not a "
                            "string. Fix: the text must be one JSON string (join paragraphs with \\n\\n).")
            ok = False
        for key, value in obj.items():
            if isinstance(value, (list, dict)) and key != "text":
                problems.append(f"{source}, line {n}: field {key!r} is {_json_type(value)}. Fix: metadata "
                                "values must be strings, numbers, true/false or null.")
                ok = False
            elif isinstance(value, bool):
                record[key] = "true" if value else "false"
            elif value is None:
                record[key] = ""
            else:
                record[key] = str(value)
            columns.setdefault(key, None)
        if ok:
            records.append(record)
            rows.append(n)
    frame = pd.DataFrame([[r.get(c, "") for c in columns] for r in records], columns=list(columns), dtype=str)
    return frame, rows
