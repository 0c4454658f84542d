"""Read a corpus from disk into one pandas DataFrame, refusing bad input loudly.

A corpus is either

* a **folder** of plain-text files plus a ``metadata.csv`` with one row per file (``doc_id`` and
  ``file`` are required; any other columns, such as ``outlet`` or ``date``, are kept), or
* a **single table**, ``.csv`` or ``.jsonl``, with a ``doc_id`` and a ``text`` column.

Everything that could silently lose or duplicate a document is an error, reported all at once in
one :class:`~corpus_tools.errors.CorpusError` that names each file and the fix.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd

from corpus_tools.errors import CorpusError

REQUIRED_METADATA = ("doc_id", "file")
METADATA_NAME = "metadata.csv"
TEXT_SUFFIXES = (".txt",)


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


def decode_text(data: bytes, *, source: str, encoding: str = "utf-8") -> str:
    """Decode file bytes, naming the file, the encoding tried and the bad byte on failure.

    A UTF-8 byte-order mark is dropped. Line endings become ``\\n``.

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
    corpus_tools.errors.CorpusError: a.txt: cannot decode byte 0xe9 at position 3 as utf-8. Fix: re-save the file as UTF-8, or pass encoding='cp1252' (or the file's real encoding) to load_corpus.
    """
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        bad = data[err.start : err.start + 1].hex()
        raise CorpusError(
            f"{source}: cannot decode byte 0x{bad} at position {err.start} as {encoding}. "
            "Fix: re-save the file as UTF-8, or pass encoding='cp1252' "
            "(or the file's real encoding) to load_corpus."
        ) from None
    except LookupError:
        raise CorpusError(f"{source}: unknown encoding {encoding!r}. Fix: pass a Python codec name.") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fingerprint(text: str) -> str:
    """Whitespace-insensitive fingerprint used to detect duplicate texts."""
    return sha256_bytes(" ".join(text.split()).encode("utf-8"))


def _read_metadata(path: Path) -> pd.DataFrame:
    try:
        meta = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: metadata is not UTF-8. Fix: re-save it as UTF-8 CSV.") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise CorpusError(f"{path}: cannot parse as CSV ({err}). Fix: check quoting and the header row.") from None
    meta.columns = [c.strip() for c in meta.columns]
    missing = [c for c in REQUIRED_METADATA if c not in meta.columns]
    if missing:
        raise CorpusError(
            f"{path}: missing required column(s) {', '.join(missing)}; found {', '.join(meta.columns)}. "
            "Fix: add a 'doc_id' column (a unique short name) and a 'file' column (the text file's name)."
        )
    return meta.apply(lambda col: col.str.strip())


def _check_ids(frame: pd.DataFrame, *, source: str, row_offset: int, problems: list[str]) -> None:
    """Append problems for empty or duplicate doc_ids (rows numbered as in the file)."""
    for i, doc_id in enumerate(frame["doc_id"]):
        if not doc_id:
            problems.append(f"{source}, row {i + row_offset}: 'doc_id' is empty. Fix: give every document a unique id.")
    dup = frame["doc_id"][frame["doc_id"].duplicated(keep=False) & (frame["doc_id"] != "")]
    for doc_id in sorted(set(dup)):
        rows = [str(i + row_offset) for i in dup.index[dup == doc_id]]
        problems.append(f"{source}, rows {', '.join(rows)}: duplicate doc_id {doc_id!r}. Fix: make ids unique.")


def _check_texts(frame: pd.DataFrame, *, problems: list[str]) -> None:
    """Append problems for empty texts and for texts that duplicate another document."""
    seen: dict[str, str] = {}
    for doc_id, source, text in zip(frame["doc_id"], frame["_source"], frame["text"]):
        if not text.strip():
            problems.append(f"{source}: the text is empty. Fix: add the text, or drop its metadata row.")
            continue
        key = _fingerprint(text)
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


def _load_folder(folder: Path, *, encoding: str) -> pd.DataFrame:
    meta_path = folder / METADATA_NAME
    if not meta_path.is_file():
        raise CorpusError(
            f"{folder}: no {METADATA_NAME}. Fix: add a CSV with one row per text file and at least "
            "the columns doc_id,file (see data/raw/metadata.csv for an example)."
        )
    meta = _read_metadata(meta_path)
    problems: list[str] = []
    _check_ids(meta, source=METADATA_NAME, row_offset=2, problems=problems)
    texts, hashes, sizes = [], [], []
    for i, name in enumerate(meta["file"]):
        row = i + 2
        text, digest, size = "", "", 0
        if not name:
            problems.append(f"{METADATA_NAME}, row {row}: 'file' is empty (a metadata row without a text). "
                            "Fix: name the text file, or delete the row.")
        elif Path(name).name != name:
            problems.append(f"{METADATA_NAME}, row {row}: file {name!r} is a path. Fix: give the bare "
                            "file name of a text inside the corpus folder.")
        else:
            path = folder / name
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                problems.append(f"{name}: listed in {METADATA_NAME} (row {row}) but not found in {folder}. "
                                "Fix: add the file or correct the name.")
            except OSError as err:
                problems.append(f"{name}: cannot be read ({err.strerror}). Fix: check the file's permissions.")
            else:
                try:
                    text = decode_text(data, source=name, encoding=encoding)
                except CorpusError as err:
                    problems.append(str(err))
                else:
                    digest, size = sha256_bytes(data), len(data)
        texts.append(text)
        hashes.append(digest)
        sizes.append(size)
    dup_files = meta["file"][meta["file"].duplicated() & (meta["file"] != "")]
    for name in sorted(set(dup_files)):
        problems.append(f"{METADATA_NAME}: file {name!r} is listed more than once. Fix: one row per file.")
    listed = set(meta["file"])
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in TEXT_SUFFIXES and path.name not in listed:
            problems.append(f"{path.name}: a text with no row in {METADATA_NAME}. "
                            "Fix: add a row for it (doc_id,file,...), or move the file out of the folder.")
    frame = meta.assign(text=texts, sha256=hashes, n_bytes=sizes, _source=list(meta["file"]))
    readable = frame[frame["sha256"] != ""]
    _check_texts(readable, problems=problems)
    _raise_if(problems, where=folder)
    return frame.drop(columns="_source")


def _load_table(path: Path, *, encoding: str) -> pd.DataFrame:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(f"{path}: cannot be read ({err.strerror}). Fix: check the path and permissions.") from None
    raw = decode_text(data, source=path.name, encoding=encoding)
    if path.suffix.lower() == ".jsonl":
        records = []
        for n, line in enumerate(raw.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise CorpusError(f"{path.name}, line {n}: not valid JSON ({err.msg}). Fix: one JSON object per line.") from None
        frame = pd.DataFrame.from_records(records).astype(str)
        row_offset, unit = 1, "line"
    else:
        from io import StringIO

        try:
            frame = pd.read_csv(StringIO(raw), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise CorpusError(f"{path.name}: cannot parse as CSV ({err}). Fix: check quoting and the header row.") from None
        row_offset, unit = 2, "row"
    missing = [c for c in ("doc_id", "text") if c not in frame.columns]
    if missing:
        raise CorpusError(f"{path.name}: missing column(s) {', '.join(missing)}. Fix: a table corpus needs "
                          "a 'doc_id' and a 'text' column.")
    problems: list[str] = []
    _check_ids(frame, source=path.name, row_offset=row_offset, problems=problems)
    if "file" not in frame.columns:
        frame.insert(1, "file", [f"{path.name}:{unit}{i + row_offset}" for i in range(len(frame))])
    text = frame.pop("text").str.replace("\r\n", "\n")
    frame = frame.assign(
        text=text,
        sha256=[sha256_bytes(t.encode("utf-8")) for t in text],
        n_bytes=[len(t.encode("utf-8")) for t in text],
        _source=[f"{path.name}, {unit} {i + row_offset}" for i in range(len(frame))],
    )
    _check_texts(frame, problems=problems)
    _raise_if(problems, where=path)
    return frame.drop(columns="_source")


def load_corpus(path: str | Path, *, encoding: str = "utf-8") -> pd.DataFrame:
    """Load a corpus folder (texts + ``metadata.csv``) or a CSV/JSONL table into a DataFrame.

    Parameters
    ----------
    path
        A folder with ``.txt`` files and ``metadata.csv``, or a ``.csv`` / ``.jsonl`` file with
        ``doc_id`` and ``text`` columns.
    encoding
        The text encoding to decode with (one, never guessed).

    Returns
    -------
    pandas.DataFrame
        One row per document, in metadata order: the metadata columns as strings (empty string
        where a field is blank), then ``text`` (decoded, not cleaned), ``sha256`` (of the file's
        bytes, or of the UTF-8 text for tables) and ``n_bytes``.

    Raises
    ------
    CorpusError
        Listing every problem found: missing or unreadable files, undecodable bytes, empty texts,
        metadata rows without a file, files without a metadata row, duplicate ids or texts.

    Examples
    --------
    >>> from corpus_tools import paths
    >>> corpus = load_corpus(paths.RAW_DIR)
    >>> len(corpus), list(corpus.columns[:3])
    (5, ['doc_id', 'file', 'title'])
    >>> load_corpus("no/such/folder")
    Traceback (most recent call last):
    ...
    corpus_tools.errors.CorpusError: no/such/folder: no such file or folder. Fix: pass a folder with metadata.csv, or a .csv/.jsonl file.
    """
    path = Path(path)
    if path.is_dir():
        return _load_folder(path, encoding=encoding)
    if path.is_file():
        if path.suffix.lower() not in (".csv", ".jsonl"):
            raise CorpusError(f"{path}: unsupported file type {path.suffix!r}. Fix: pass a folder, a .csv or a .jsonl file.")
        return _load_table(path, encoding=encoding)
    raise CorpusError(f"{path}: no such file or folder. Fix: pass a folder with metadata.csv, or a .csv/.jsonl file.")


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
        if not path.is_file():
            problems.append(f"{name}: listed in {manifest} but missing")
        elif sha256_bytes(path.read_bytes()) != digest:
            problems.append(f"{name}: content differs from {manifest} (raw data must never be edited)")
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != manifest and path.name not in sums and path.name not in ignore:
            problems.append(f"{path.name}: not listed in {manifest}")
    if problems:
        raise CorpusError(
            f"{folder}: raw data does not match {manifest}:\n"
            + "\n".join("  - " + p for p in problems)
            + "\nFix: restore the files from git (`git checkout -- data/raw`); if the change is deliberate, "
            "regenerate the manifest with `cd data/raw && sha256sum $(ls | grep -v SHA256SUMS) > SHA256SUMS`."
        )
