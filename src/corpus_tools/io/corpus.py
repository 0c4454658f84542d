"""Load a corpus folder (texts + ``metadata.csv``) or a CSV/JSONL table into one DataFrame.

Everything that could silently lose or duplicate a document is an error, reported all at once in
one :class:`~corpus_tools.errors.CorpusError` that names each file and the fix: missing or extra
files, empty or duplicate ids and texts, unreadable or oversized files (the file checks are
:mod:`corpus_tools.io.files`, the table parsing :mod:`corpus_tools.io.tables`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from corpus_tools.errors import CorpusError
from corpus_tools.io.files import (
    MAX_TEXT_BYTES,
    _announced_encoding,
    _too_large,
    decode_text,
    read_regular_file,
    sha256_bytes,
)
from corpus_tools.io.tables import _read_jsonl, parse_csv

REQUIRED_METADATA = ("doc_id", "file")
METADATA_NAME = "metadata.csv"
TEXT_SUFFIXES = (".txt",)


def _fingerprint(text: str) -> bytes:
    """Whitespace-insensitive fingerprint used to detect duplicate texts ("" for an empty text).

    A 32-byte digest, so a million documents' fingerprints take about 70 MB.
    """
    if not text.strip():
        return b""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).digest()


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
