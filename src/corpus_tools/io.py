"""Read a corpus from disk into one pandas DataFrame, refusing bad input loudly.

A corpus is either

* a **folder** of plain-text files plus a ``metadata.csv`` with one row per file (``doc_id`` and
  ``file`` are required; any other columns, such as ``outlet`` or ``date``, are kept), or
* a **single table**, ``.csv`` or ``.jsonl``, with a ``doc_id`` and a ``text`` column.

Everything that could silently lose or duplicate a document is an error, reported all at once in
one :class:`~corpus_tools.errors.CorpusError` that names each file and the fix.

Only regular files directly inside the corpus folder are read: a symbolic link, a device, a FIFO
or a sub-folder listed in ``metadata.csv`` is refused (a link could pull a private file into the
tables, a device or FIFO could exhaust memory or hang the build), and so is a text larger than
:data:`MAX_TEXT_BYTES`.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import json
import os
import re
import stat
from io import StringIO
from pathlib import Path

import pandas as pd

from corpus_tools.errors import CorpusError

REQUIRED_METADATA = ("doc_id", "file")
METADATA_NAME = "metadata.csv"
TEXT_SUFFIXES = (".txt",)
#: Largest text (file, or one ``text`` value of a table) that is read, in bytes: 50 MiB, about
#: 8 million words. Larger inputs are refused with a message before they are read (a 200 MB file
#: would otherwise run the build out of memory). Override with ``max_text_bytes=``.
MAX_TEXT_BYTES = 50 * 2**20
#: Byte-order marks, longest first: the encoding they announce.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def sha256_bytes(data: bytes) -> str:
    """Return the hexadecimal SHA-256 digest of ``data``.

    Examples
    --------
    >>> sha256_bytes(b"abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """Return the SHA-256 of a file, read in chunks (memory stays flat for large tables).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as tmp:
    ...     _ = tmp.write(b"abc"); tmp.flush()
    ...     sha256_file(tmp.name) == sha256_bytes(b"abc")
    True
    """
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _announced_encoding(data: bytes) -> str | None:
    """Return the encoding a byte-order mark (or NUL-interleaved ASCII) announces, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:2000]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        return "utf-16"
    return None


def decode_text(data: bytes, *, source: str, encoding: str = "utf-8") -> str:
    """Decode file bytes, naming the file, the encoding tried and the bad byte on failure.

    A UTF-8 byte-order mark is dropped. Line endings become ``\\n``. A UTF-16 or UTF-32 file
    (recognised by its byte-order mark) gets advice for its real encoding.

    Parameters
    ----------
    data
        The raw bytes.
    source
        The file name used in error messages.
    encoding
        The encoding to try (only one: guessing encodings silently corrupts text).

    Examples
    --------
    >>> decode_text("caf\\u00e9\\r\\n".encode("utf-8"), source="a.txt")
    'café\\n'
    >>> decode_text(b"caf\\xe9", source="a.txt")
    Traceback (most recent call last):
    ...
    corpus_tools.errors.CorpusError: a.txt: cannot decode byte 0xe9 at position 3 as utf-8. Fix: re-save the file as UTF-8, or give its real encoding: `--encoding cp1252` on the command line, encoding='cp1252' in Python (cp1252 is the usual one for Windows text).
    >>> decode_text("hi".encode("utf-16"), source="b.txt")
    Traceback (most recent call last):
    ...
    corpus_tools.errors.CorpusError: b.txt: the file is UTF-16 (it starts with a UTF-16 byte-order mark), not utf-8. Fix: re-save it as UTF-8, or pass `--encoding utf-16` on the command line (encoding='utf-16' in Python).
    """
    announced = _announced_encoding(data)
    if announced is not None and not encoding.lower().replace("_", "-").startswith(announced):
        how = "it starts with a " + announced.upper() + " byte-order mark" if data[:2] in (b"\xff\xfe", b"\xfe\xff") \
            or data[:4] == b"\x00\x00\xfe\xff" else "every other byte is zero"
        raise CorpusError(
            f"{source}: the file is {announced.upper()} ({how}), not {encoding}. Fix: re-save it as "
            f"UTF-8, or pass `--encoding {announced}` on the command line (encoding='{announced}' in Python)."
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        bad = data[err.start : err.start + 1].hex()
        raise CorpusError(
            f"{source}: cannot decode byte 0x{bad} at position {err.start} as {encoding}. "
            "Fix: re-save the file as UTF-8, or give its real encoding: `--encoding cp1252` on the "
            "command line, encoding='cp1252' in Python (cp1252 is the usual one for Windows text)."
        ) from None
    except LookupError:
        raise CorpusError(f"{source}: unknown encoding {encoding!r}. Fix: pass a Python codec name "
                          "(utf-8, cp1252, latin-1, utf-16).") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_regular_file(path: str | Path, *, max_bytes: int = MAX_TEXT_BYTES, source: str | None = None) -> bytes:
    """Read a file's bytes only if it is a regular file (not a link, device, FIFO or folder)
    no larger than ``max_bytes``.

    The checks are made on the opened file itself (``O_NOFOLLOW``, ``fstat``), so a file swapped
    for a link between the check and the read is still refused.

    Raises
    ------
    CorpusError
        Naming the file (``source``, default the path) and the fix.
    FileNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> read_regular_file("/dev/null")
    Traceback (most recent call last):
    ...
    corpus_tools.errors.CorpusError: /dev/null: is a character device, not a regular file. Fix: put the text itself in the corpus folder as a plain file.
    """
    with open_regular_file(path, source=source) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise _too_large(source if source is not None else str(path), size, max_bytes)
        data = handle.read()
    if len(data) > max_bytes:  # the file grew after the check
        raise _too_large(source if source is not None else str(path), len(data), max_bytes)
    return data


def open_regular_file(path: str | Path, *, source: str | None = None):
    """Open a file for binary reading only if it is a regular file (see :func:`read_regular_file`).

    Examples
    --------
    >>> from corpus_tools import paths
    >>> with open_regular_file(paths.RAW_DIR / "metadata.csv") as handle:
    ...     handle.read(6)
    b'doc_id'
    """
    path = Path(path)
    source = source if source is not None else str(path)
    info = os.lstat(path)  # FileNotFoundError propagates: the caller names the metadata row
    kind = _file_kind(info.st_mode)
    if kind == "symbolic link":
        raise CorpusError(
            f"{source}: is a symbolic link (to {os.readlink(path)}), not a regular file. Fix: copy the "
            "real file into the corpus folder (links are not followed, so a corpus cannot pull in "
            "files from elsewhere)."
        )
    if kind != "regular file":
        raise CorpusError(f"{source}: is a {kind}, not a regular file. Fix: put the text itself in the "
                          "corpus folder as a plain file.")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise CorpusError(f"{source}: is a symbolic link, not a regular file. Fix: copy the real file "
                              "into the corpus folder.") from None
        raise
    handle = os.fdopen(fd, "rb")
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        handle.close()
        raise CorpusError(f"{source}: is a {_file_kind(info.st_mode)}, not a regular file. Fix: put "
                          "the text itself in the corpus folder as a plain file.")
    return handle


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISREG, "regular file"), (stat.S_ISLNK, "symbolic link"), (stat.S_ISDIR, "folder"),
                       (stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "special file"


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n:,} bytes"


def _too_large(source: str, size: int, limit: int) -> CorpusError:
    return CorpusError(
        f"{source}: {_size(size)}, over the limit of {_size(limit)} for one text. Fix: split it "
        "into several documents (one file per article), or raise the limit with `--max-text-mb` on the "
        "command line (max_text_bytes= in Python) if it really is one text."
    )


def _fingerprint(text: str) -> bytes:
    """Whitespace-insensitive fingerprint used to detect duplicate texts ("" for an empty text).

    A 32-byte digest, so a million documents' fingerprints take about 70 MB.
    """
    if not text.strip():
        return b""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).digest()


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


def _read_metadata(path: Path, *, max_bytes: int) -> tuple[pd.DataFrame, list[int]]:
    data = read_regular_file(path, max_bytes=max_bytes)
    if _announced_encoding(data) is not None or b"\x00" in data:
        raise CorpusError(f"{path}: metadata is not UTF-8 (it looks like UTF-16, as Excel's 'Unicode text' "
                          "saves). Fix: re-save it as 'CSV UTF-8 (comma delimited)'.")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{path}: metadata is not UTF-8 (byte 0x{data[err.start:err.start + 1].hex()} at "
                          f"position {err.start}). Fix: re-save it as UTF-8 CSV.") from None
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return parse_csv(raw, source=str(path), required=REQUIRED_METADATA)


def _check_ids(frame: pd.DataFrame, *, source: str, rows: list[int], problems: list[str]) -> None:
    """Append problems for empty or duplicate doc_ids (rows numbered as lines of the file)."""
    ids = frame["doc_id"].tolist()
    for row, doc_id in zip(rows, ids):
        if not doc_id:
            problems.append(f"{source}, row {row}: 'doc_id' is empty. Fix: give every document a unique id.")
    where: dict[str, list[str]] = {}
    for row, doc_id in zip(rows, ids):
        if doc_id:
            where.setdefault(doc_id, []).append(str(row))
    for doc_id in sorted(d for d, r in where.items() if len(r) > 1):
        problems.append(f"{source}, rows {', '.join(where[doc_id])}: duplicate doc_id {doc_id!r}. Fix: make ids unique.")


def _check_texts(doc_ids, sources, prints, *, problems: list[str]) -> None:
    """Append problems for empty texts and for texts that duplicate another document.

    ``prints`` are the texts' :func:`_fingerprint` values, in the order of ``doc_ids``/``sources``.
    """
    seen: dict[bytes, str] = {}
    for doc_id, source, key in zip(doc_ids, sources, prints):
        if not key:
            problems.append(f"{source}: the text is empty. Fix: add the text, or drop its metadata row.")
            continue
        if key in seen:
            problems.append(
                f"{source}: same text as {seen[key]} (doc_id {doc_id!r}). Fix: remove one copy, "
                "or correct the file if the wrong article was saved."
            )
        else:
            seen[key] = source


def _raise_if(problems: list[str], *, where: Path) -> None:
    if problems:
        head = f"{len(problems)} problem(s) in the corpus at {where}:"
        raise CorpusError("\n".join([head, *("  - " + p for p in problems)]))


def _load_folder(folder: Path, *, encoding: str, max_bytes: int, texts: bool = True) -> pd.DataFrame:
    meta_path = folder / METADATA_NAME
    if not os.path.lexists(meta_path):
        raise CorpusError(
            f"{folder}: no {METADATA_NAME}. Fix: add a CSV with one row per text file and at least "
            "the columns doc_id,file (see data/raw/metadata.csv for an example)."
        )
    meta, meta_rows = _read_metadata(meta_path, max_bytes=max_bytes)
    problems: list[str] = []
    _check_ids(meta, source=METADATA_NAME, rows=meta_rows, problems=problems)
    kept, hashes, sizes, prints = [], [], [], []
    for row, name in zip(meta_rows, meta["file"]):
        text, digest, size, key = "", "", 0, None
        if not name:
            problems.append(f"{METADATA_NAME}, row {row}: 'file' is empty (a metadata row without a text). "
                            "Fix: name the text file, or delete the row.")
        elif Path(name).name != name or name in (".", "..") or "/" in name or "\\" in name:
            problems.append(f"{METADATA_NAME}, row {row}: file {name!r} is a path. Fix: give the bare "
                            "file name of a text inside the corpus folder.")
        else:
            path = folder / name
            try:
                data = read_regular_file(path, max_bytes=max_bytes, source=name)
            except FileNotFoundError:
                problems.append(f"{name}: listed in {METADATA_NAME} (row {row}) but not found in {folder}. "
                                "Fix: add the file or correct the name.")
            except CorpusError as err:
                problems.append(str(err))
            except OSError as err:
                problems.append(f"{name}: cannot be read ({err.strerror}). Fix: check the file's permissions.")
            else:
                try:
                    text = decode_text(data, source=name, encoding=encoding)
                except CorpusError as err:
                    problems.append(str(err))
                else:
                    digest, size, key = sha256_bytes(data), len(data), _fingerprint(text)
        if texts:
            kept.append(text)
        hashes.append(digest)
        sizes.append(size)
        prints.append(key)
    dup_files = meta["file"][meta["file"].duplicated() & (meta["file"] != "")]
    for name in sorted(set(dup_files)):
        problems.append(f"{METADATA_NAME}: file {name!r} is listed more than once. Fix: one row per file.")
    listed = set(meta["file"])
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in TEXT_SUFFIXES and path.name not in listed:
            problems.append(f"{path.name}: a text with no row in {METADATA_NAME}. "
                            "Fix: add a row for it (doc_id,file,...), or move the file out of the folder.")
    readable = [i for i, key in enumerate(prints) if key is not None]
    _check_texts([meta["doc_id"].iat[i] for i in readable], [meta["file"].iat[i] for i in readable],
                 [prints[i] for i in readable], problems=problems)
    _raise_if(problems, where=folder)
    return meta.assign(text=kept, sha256=hashes, n_bytes=sizes) if texts else meta.assign(sha256=hashes, n_bytes=sizes)


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


def _load_table(path: Path, *, encoding: str, max_bytes: int) -> pd.DataFrame:
    try:
        data = read_regular_file(path, max_bytes=20 * max_bytes)
    except OSError as err:
        raise CorpusError(f"{path}: cannot be read ({err.strerror}). Fix: check the path and permissions.") from None
    raw = decode_text(data, source=path.name, encoding=encoding)
    problems: list[str] = []
    if path.suffix.lower() == ".jsonl":
        frame, rows = _read_jsonl(raw, source=path.name, problems=problems)
        unit = "line"
        if not rows and not problems:
            problems.append(f"{path.name}: no documents (the file has no JSON lines). Fix: one object per line.")
        _raise_if(problems, where=path)
    else:
        frame, rows = parse_csv(raw, source=path.name, required=("doc_id", "text"))
        unit = "row"
    _check_ids(frame, source=path.name, rows=rows, problems=problems)
    if "file" not in frame.columns:
        frame.insert(1, "file", [f"{path.name}:{unit}{r}" for r in rows])
    text = frame.pop("text").str.replace("\r\n", "\n")
    n_bytes = [len(t.encode("utf-8")) for t in text]
    for r, size in zip(rows, n_bytes):
        if size > max_bytes:
            problems.append(str(_too_large(f"{path.name}, {unit} {r}", size, max_bytes)))
    frame = frame.assign(text=text, sha256=[sha256_bytes(t.encode("utf-8")) for t in text], n_bytes=n_bytes)
    _check_texts(frame["doc_id"], [f"{path.name}, {unit} {r}" for r in rows], map(_fingerprint, text), problems=problems)
    _raise_if(problems, where=path)
    return frame


def load_corpus(path: str | Path, *, encoding: str = "utf-8", max_text_bytes: int = MAX_TEXT_BYTES,
                texts: bool = True) -> pd.DataFrame:
    """Load a corpus folder (texts + ``metadata.csv``) or a CSV/JSONL table into a DataFrame.

    Parameters
    ----------
    path
        A folder with ``.txt`` files and ``metadata.csv``, or a ``.csv`` / ``.jsonl`` file with
        ``doc_id`` and ``text`` columns.
    encoding
        The text encoding to decode with (one, never guessed).
    max_text_bytes
        Largest text read, in bytes (default :data:`MAX_TEXT_BYTES`, 50 MiB); a table file may be
        20 times as large.
    texts
        Keep the texts (default). ``False`` for a folder: every file is still read, decoded and
        checked (hashes, duplicates), but its text is dropped at once, so memory does not grow
        with the corpus; the frame then has no ``text`` column, and :func:`read_corpus_text`
        reads a text again when it is needed (as the build does). A table keeps its texts.

    Returns
    -------
    pandas.DataFrame
        One row per document, in metadata order: the metadata columns as strings (empty string
        where a field is blank), then ``text`` (decoded, not cleaned), ``sha256`` (of the file's
        bytes, or of the UTF-8 text for tables) and ``n_bytes``.

    Raises
    ------
    CorpusError
        Listing every problem found: missing or unreadable files, links, devices and other
        non-regular files, texts over the size limit, undecodable bytes, empty texts, metadata
        rows without a file, files without a metadata row, duplicate ids or texts, rows with the
        wrong number of fields, duplicate columns, JSON values of the wrong type.

    Examples
    --------
    >>> from corpus_tools import paths
    >>> corpus = load_corpus(paths.RAW_DIR)
    >>> len(corpus), list(corpus.columns[:3])
    (5, ['doc_id', 'file', 'title'])
    >>> "text" in load_corpus(paths.RAW_DIR, texts=False).columns
    False
    >>> load_corpus("no/such/folder")
    Traceback (most recent call last):
    ...
    corpus_tools.errors.CorpusError: no/such/folder: no such file or folder. Fix: pass a folder with metadata.csv, or a .csv/.jsonl file.
    """
    path = Path(path)
    if path.is_symlink() and path.is_file():
        path = path.resolve()  # a table named on the command line may be a link; texts in a folder may not
    if path.is_dir():
        return _load_folder(path, encoding=encoding, max_bytes=max_text_bytes, texts=texts)
    if path.exists():
        if path.suffix.lower() not in (".csv", ".jsonl"):
            raise CorpusError(f"{path}: unsupported file type {path.suffix!r}. Fix: pass a folder, a .csv or a .jsonl file.")
        return _load_table(path, encoding=encoding, max_bytes=max_text_bytes)
    raise CorpusError(f"{path}: no such file or folder. Fix: pass a folder with metadata.csv, or a .csv/.jsonl file.")


def read_corpus_text(folder: str | Path, name: str, *, sha256: str, encoding: str = "utf-8",
                     max_text_bytes: int = MAX_TEXT_BYTES) -> str:
    """Read one text of a corpus folder again, checked against the SHA-256 :func:`load_corpus` recorded.

    The same checks as the first read (a regular file, not a link; at most ``max_text_bytes``;
    decodable), and the bytes must be those that were validated.

    Raises
    ------
    CorpusError
        Naming the file and the fix, also when the file changed since it was first read.

    Examples
    --------
    >>> from corpus_tools import paths
    >>> row = load_corpus(paths.RAW_DIR, texts=False).iloc[0]
    >>> read_corpus_text(paths.RAW_DIR, row["file"], sha256=row["sha256"])[:26]
    'U.N. Calls on Trump Admini'
    >>> read_corpus_text(paths.RAW_DIR, row["file"], sha256="0" * 64)
    Traceback (most recent call last):
    ...
    corpus_tools.errors.CorpusError: 000_4b622dc1c3371434.txt: changed while the corpus was being read (its SHA-256 is not the one checked first). Fix: do not edit or replace the corpus's files during a build; run the build again.
    """
    try:
        data = read_regular_file(Path(folder) / name, max_bytes=max_text_bytes, source=name)
    except FileNotFoundError:
        raise CorpusError(f"{name}: disappeared from {folder} while the corpus was being read. Fix: do not "
                          "move or delete the corpus's files during a build; run the build again.") from None
    if sha256_bytes(data) != sha256:
        raise CorpusError(f"{name}: changed while the corpus was being read (its SHA-256 is not the one checked "
                          "first). Fix: do not edit or replace the corpus's files during a build; run the build again.")
    return decode_text(data, source=name, encoding=encoding)


_SUMS_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


def load_checksums(path: str | Path) -> dict[str, str]:
    """Read a ``sha256sum``-style manifest (``<hex>  <file>`` per line) into a dict.

    Examples
    --------
    >>> from corpus_tools import paths
    >>> sums = load_checksums(paths.RAW_DIR / "SHA256SUMS")
    >>> "metadata.csv" in sums
    True
    """
    sums: dict[str, str] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        match = _SUMS_LINE.match(line)
        if not match:
            raise CorpusError(f"{path}, line {n}: not '<sha256>  <file>'. Fix: regenerate with `sha256sum`.")
        sums[match.group(2)] = match.group(1)
    return sums


def verify_checksums(folder: str | Path, *, manifest: str = "SHA256SUMS", ignore: tuple[str, ...] = ("README.md",)) -> None:
    """Check every file listed in ``folder/manifest`` against its SHA-256; raise on any drift.

    Also refuses files in the folder that the manifest does not list (except the documentation
    files named in ``ignore``), so a new file cannot slip in unrecorded.

    Examples
    --------
    >>> from corpus_tools import paths
    >>> verify_checksums(paths.RAW_DIR)
    """
    folder = Path(folder)
    sums = load_checksums(folder / manifest)
    problems = []
    for name, digest in sums.items():
        path = folder / name
        if Path(name).name != name or name in (".", ".."):
            problems.append(f"{name}: is a path, not a file name in the folder")
            continue
        try:
            with open_regular_file(path, source=name) as handle:
                actual = hashlib.file_digest(handle, "sha256").hexdigest()
        except FileNotFoundError:
            problems.append(f"{name}: listed in {manifest} but missing")
        except CorpusError as err:
            problems.append(str(err).split(". Fix:")[0])
        else:
            if actual != digest:
                problems.append(f"{name}: content differs from {manifest} (raw data must never be edited)")
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != manifest and path.name not in sums and path.name not in ignore:
            problems.append(f"{path.name}: not listed in {manifest}")
    if problems:
        from corpus_tools import paths

        if folder.resolve() == paths.RAW_DIR.resolve():
            fix = ("Fix: restore the files from git (`git checkout -- data/raw`); if the change is deliberate, "
                   "regenerate the manifest with `cd data/raw && sha256sum $(ls | grep -v SHA256SUMS) > SHA256SUMS`.")
        else:
            fix = (f"Fix: restore the changed files from your backup or their source; if the change is deliberate, "
                   f"regenerate the manifest with `cd {folder} && sha256sum $(ls | grep -v {manifest}) > {manifest}` "
                   f"(or delete {manifest} to stop checking).")
        raise CorpusError(
            f"{folder}: the files do not match {manifest}:\n"
            + "\n".join("  - " + p for p in problems) + "\n" + fix
        )
