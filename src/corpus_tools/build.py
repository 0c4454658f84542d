"""Build ``data/processed/`` from a raw corpus, and read it back.

``python -m corpus_tools build`` calls :func:`build_processed`. It is the only writer of the
processed folder. The build is deterministic (same input and versions -> same bytes) and records
its inputs' SHA-256 and the versions of the software that made it in ``manifest.json``.

Tables (UTF-8 CSV, ``\\n`` line ends, by default; Parquet with ``format="parquet"``, see
:mod:`corpus_tools.formats`; the schema is written next to them as ``README.md``):

``documents.csv``
    one row per document: the metadata columns, ``sha256`` and ``n_bytes`` of the raw file,
    counts (``n_chars``, ``n_paragraphs``, ``n_sentences``, ``n_tokens``, ``n_words``,
    ``n_removed_lines``) and ``text``, the cleaned text every offset refers to.
``sentences.csv``
    ``doc_id, para_id, sent_id, start, end, n_words, text``.
``tokens.csv``
    ``doc_id, sent_id, token_id, start, end, token, norm, is_stop, is_punct``.
``removed_lines.csv``
    the cleaning audit: ``doc_id, file, line_no, rule, text`` for every removed line.

Where a build may write (the output rule): into an ``out_dir`` that is new, empty, or holds an
earlier output of this tool (recognised by its ``manifest.json`` and nothing else in it).
Anything else is refused unless ``force=True``, and then only the files of the same names are
replaced, and tables of the other format removed (nothing else in the folder is touched). Never, even with ``force``: the corpus being
read (or a folder holding it), the bundled ``data/raw``, or the repository's own
``data/processed`` for any corpus but the bundled one.

How: the whole build is written into a fresh temporary folder next to ``out_dir`` and swapped
into place only when complete (the old output is renamed aside, the new one renamed in, the old
one deleted), under a lock, so a failed, interrupted or concurrent build never leaves a mix of
tables. :func:`load_processed` checks the tables against the manifest (sizes always, SHA-256 for
small corpora or on request) and refuses a mixed or edited folder.
"""

from __future__ import annotations

import csv
import errno
import fcntl
import io
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import warnings
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import metadata
from itertools import compress, islice
from multiprocessing import get_context
from operator import itemgetter, not_
from pathlib import Path

import pandas as pd
from tqdm import tqdm

import corpus_tools
from corpus_tools import paths
from corpus_tools.clean import clean_text, load_furniture_rules
from corpus_tools.errors import CorpusError, OutputError, StaleOutputError
from corpus_tools.formats import (
    DEFAULT_FORMAT,
    FORMATS,
    TABLE_NAMES,
    ParquetTableWriter,
    arrow_schema,
    arrow_table,
    check_format,
    read_table,
    require_pyarrow,
    table_files,
)
from corpus_tools.io import (
    MAX_TEXT_BYTES,
    load_corpus,
    read_corpus_text,
    sha256_bytes,
    sha256_file,
    verify_checksums,
)
from corpus_tools.tokenize import tokenize_document

STAT_COLUMNS = ["sha256", "n_bytes", "n_chars", "n_paragraphs", "n_sentences", "n_tokens", "n_words", "n_removed_lines"]
SENTENCE_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "n_words", "text"]
TOKEN_COLUMNS = ["doc_id", "sent_id", "token_id", "start", "end", "token", "norm", "is_stop", "is_punct"]
REMOVED_COLUMNS = ["doc_id", "file", "line_no", "rule", "text"]
#: The tables of a CSV build (the default format); :func:`~corpus_tools.formats.table_files` for either.
TABLES = table_files("csv")
#: Every file a CSV build writes into its output folder.
OUTPUT_FILES = (*TABLES, "README.md", "manifest.json")
#: Every file a build of any format may write (a folder holding only these is an earlier output).
ANY_OUTPUT_FILES = (*(name for f in FORMATS for name in table_files(f)), "README.md", "manifest.json")
#: Files a file manager leaves in any folder: they do not make a folder foreign (and go with it).
JUNK_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")
#: Packages whose versions can change the processed bytes; recorded in the manifest.
RECORDED_PACKAGES = ("nltk", "scikit-learn", "pandas", "numpy", "PyYAML")
#: Share of a document's characters that page-furniture rules may remove before the build warns
#: (a :class:`FurnitureShareWarning`, also listed under ``warnings`` in ``manifest.json``).
FURNITURE_WARN_SHARE = 0.3
#: Longest paragraph (characters between blank lines, after cleaning) that is split into
#: sentences. Punkt on one far longer block is slow and nltk stops its regular expressions after
#: a few seconds; such a text (usually one without blank lines between paragraphs) is refused.
MAX_PARAGRAPH_CHARS = 1_000_000
#: :func:`load_processed` hashes every table when their total size is below this (bytes).
VERIFY_HASH_BELOW = 50 * 2**20


class FurnitureShareWarning(UserWarning):
    """Page-furniture rules removed a large share of one document (see ``removed_lines.csv``)."""

SCHEMA_README = """\
# Processed corpus

Written by `python -m corpus_tools build` (`corpus_tools.build.build_processed`). Do not edit by
hand: change the raw data, the cleaning rules or the code, and rebuild. `manifest.json` records
the SHA-256 of every input and output file, the size of every table and the software versions
that made them; `load_processed` refuses tables that do not match it. The build writes the whole
folder beside this one and swaps it in when complete, so the tables always come from one build.

All tables are UTF-8 CSV. Offsets (`start`, `end`) are character positions in the document's
cleaned `text` in `documents.csv`: `text[start:end]` is the sentence or token as written.

| table | one row per | columns |
|---|---|---|
| `documents.csv` | document | metadata columns as given (at least `doc_id`, `file`), `sha256` and `n_bytes` of the raw file, `n_chars`, `n_paragraphs`, `n_sentences`, `n_tokens` (all tokens), `n_words` (tokens that are not punctuation), `n_removed_lines`, `text` (cleaned) |
| `sentences.csv` | sentence | `doc_id`, `para_id` (paragraph, from 0), `sent_id` (from 0 within the document), `start`, `end`, `n_words`, `text` |
| `tokens.csv` | token | `doc_id`, `sent_id`, `token_id` (from 0 within the document), `start`, `end`, `token` (as written), `norm` (lowercase), `is_stop` (in the stop-word list), `is_punct` (no letter or digit) |
| `removed_lines.csv` | line removed by cleaning | `doc_id`, `file`, `line_no` (1-based, in the raw file), `rule` (see `corpus_tools/resources/furniture.yml`; `title_line` = first line repeating the title), `text` |
"""


def schema_readme(format: str = DEFAULT_FORMAT) -> str:
    """The ``README.md`` a build writes beside its tables in ``format`` (the CSV one is :data:`SCHEMA_README`).

    Examples
    --------
    >>> "`tokens.parquet` | token" in schema_readme("parquet"), schema_readme("csv") == SCHEMA_README
    (True, True)
    """
    if check_format(format) == "csv":
        return SCHEMA_README
    text = SCHEMA_README.replace(
        "All tables are UTF-8 CSV.",
        "All tables are Parquet files (written with pyarrow, zstd-compressed; `manifest.json` says\n"
        '`"format": "parquet"`). Read them with `corpus_tools.build.load_processed(folder)`: the DataFrames\n'
        "are identical to those of a CSV build of the same corpus (string columns, int64 counts and\n"
        "offsets, bool `is_stop` and `is_punct`).\n")
    for name in TABLE_NAMES:
        text = text.replace(f"`{name}.csv`", f"`{name}.parquet`")
    return text


@dataclass(frozen=True)
class ProcessedCorpus:
    """The processed tables of a corpus, as read by :func:`load_processed`."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    removed: pd.DataFrame
    manifest: dict


def _process_document(file: str, text: str, title: str) -> tuple[str, list, list, list]:
    """Clean and tokenise one document: cleaned text, sentence rows, token rows, removed lines."""
    result = clean_text(text, title=title or None)
    longest = max((len(p) for p in result.text.split("\n\n")), default=0)
    if longest > MAX_PARAGRAPH_CHARS:
        raise CorpusError(
            f"{file}: one paragraph has {longest:,} characters after cleaning (the limit is "
            f"{MAX_PARAGRAPH_CHARS:,}); the text has no blank lines between its paragraphs. Fix: separate "
            "paragraphs with an empty line (or split the file into several documents)."
        )
    try:
        sentences, tokens = tokenize_document(result.text)
    except TimeoutError:
        raise CorpusError(f"{file}: sentence splitting timed out on this text (a very long run without "
                          "sentence ends or blank lines?). Fix: check the file; separate paragraphs with an "
                          "empty line.") from None
    return result.text, sentences, tokens, result.removed


@dataclass(frozen=True)
class _Settings:
    """What every job of one build shares (sent to a worker once per chunk)."""

    folder: str | None  # the corpus folder when texts are read by the workers; None for a table
    encoding: str
    max_text_bytes: int
    format: str = DEFAULT_FORMAT
    doc_columns: tuple[str, ...] = ()  # the documents table's columns (for the Parquet schema)


@dataclass
class _ChunkResult:
    """A chunk of documents, processed: the four tables' rows as UTF-8 CSV bytes (or Arrow tables
    for Parquet), and per document ``(n_sentences, n_tokens, n_removed_lines, furniture warning or
    None)``. ``error`` is the :class:`CorpusError` of the first document that failed (``docs`` then
    lists those before it)."""

    tables: tuple
    docs: list[tuple[int, int, int, str | None]]
    error: CorpusError | None = None


def _read_and_process(settings: _Settings, file: str, text: str | None, title: str,
                      sha256: str) -> tuple[str, list, list, list, list[int]]:
    """One job of a chunk: read the text (for a folder) and process it; also the words per sentence.

    >>> cleaned, sentences, tokens, removed, words = _read_and_process(
    ...     _Settings(None, "utf-8", 10_000), "a.txt", "One sentence here. Two.", "", "0" * 64)
    >>> len(sentences), len(tokens), words
    (2, 6, [3, 1])
    """
    if text is None:
        text = read_corpus_text(settings.folder, file, sha256=sha256, encoding=settings.encoding,
                                max_text_bytes=settings.max_text_bytes)
    cleaned, sentences, tokens, removed = _process_document(file, text, title)
    if not sentences:
        raise CorpusError(
            f"{file}: nothing is left after cleaning (every line was page furniture). "
            "Fix: check the text, or the rules in resources/furniture.yml."
        )
    n_words_by_sent = [0] * len(sentences)
    for sent_id in compress(map(itemgetter(0), tokens), map(not_, map(itemgetter(7), tokens))):
        n_words_by_sent[sent_id] += 1
    return cleaned, sentences, tokens, removed, n_words_by_sent


def _process_chunk(task: tuple[_Settings, list[tuple]]) -> _ChunkResult:
    """Read (for a folder), clean, tokenise and format a chunk of documents (runs in a worker).

    Each job is ``(doc_id, file, text or None, title, document-row values before the counts)``.
    The rows are formatted here with the same ``csv.writer`` settings as the tables, so the main
    process only writes bytes (the bytes are those that writing the rows there would give).
    """
    settings, jobs = task
    if settings.format == "parquet":
        return _process_chunk_columns(settings, jobs)
    buffers = [io.StringIO() for _ in TABLES]
    w_doc, w_sent, w_tok, w_rem = (csv.writer(b, lineterminator="\n") for b in buffers)
    prefix_buffer = io.StringIO()
    w_prefix = csv.writer(prefix_buffer, lineterminator="\n")
    docs: list[tuple[int, int, int, str | None]] = []
    error = None
    for doc_id, file, text, title, doc_values in jobs:
        try:
            cleaned, sentences, tokens, removed, n_words_by_sent = _read_and_process(settings, file, text, title,
                                                                                     doc_values[-2])
        except CorpusError as err:
            error = err
            break
        removed_rows = [(doc_id, file, r.line_no, r.rule, r.text) for r in removed]
        w_doc.writerow([*doc_values, len(cleaned), len({s[0] for s in sentences}), len(sentences), len(tokens),
                        sum(n_words_by_sent), len(removed), cleaned])
        w_sent.writerows([(doc_id, p, i, s, e, n_words_by_sent[i], t) for (p, i, s, e, t) in sentences])
        # Token rows are written without doc_id, which is then put in front of every line with one
        # str.replace: no field of a token row can hold a line break (tokens hold no whitespace).
        w_prefix.writerow([doc_id])
        prefix = prefix_buffer.getvalue()[:-1] + ","
        prefix_buffer.seek(0)
        prefix_buffer.truncate()
        block = io.StringIO()
        csv.writer(block, lineterminator="\n").writerows(tokens)
        block_text = block.getvalue()
        if block_text:
            buffers[2].write(prefix + block_text[:-1].replace("\n", "\n" + prefix) + "\n")
        w_rem.writerows(removed_rows)
        docs.append((len(sentences), len(tokens), len(removed),
                     _furniture_share_message(file, doc_id, len(cleaned), removed_rows)))
    tables = tuple(b.getvalue().encode("utf-8") for b in buffers)
    return _ChunkResult(tables, docs, error)


def _cell(value: object) -> str:
    """A metadata value as the CSV table holds it (``csv.writer``: None -> empty, else ``str``).

    >>> _cell(None), _cell("007"), _cell(2.5)
    ('', '007', '2.5')
    """
    return "" if value is None else str(value)


def _process_chunk_columns(settings: _Settings, jobs: list[tuple]) -> _ChunkResult:
    """:func:`_process_chunk` for Parquet: the same rows and values, as four Arrow tables.

    >>> settings = _Settings(None, "utf-8", 10_000, "parquet", ("doc_id", "file", *STAT_COLUMNS, "text"))
    >>> job = ("a", "a.txt", "One sentence here. Two.", "", ["a", "a.txt", "0" * 64, 23])
    >>> [table.num_rows for table in _process_chunk_columns(settings, [job]).tables]
    [1, 2, 6, 0]
    """
    doc_rows: list[list] = []
    sent_rows: list[tuple] = []
    tok_ids: list[str] = []
    tok_rows: list[tuple] = []
    rem_rows: list[tuple] = []
    docs: list[tuple[int, int, int, str | None]] = []
    error = None
    for doc_id, file, text, title, doc_values in jobs:
        try:
            cleaned, sentences, tokens, removed, n_words_by_sent = _read_and_process(settings, file, text, title,
                                                                                     doc_values[-2])
        except CorpusError as err:
            error = err
            break
        removed_rows = [(doc_id, file, r.line_no, r.rule, r.text) for r in removed]
        doc_rows.append([*map(_cell, doc_values[:-1]), doc_values[-1], len(cleaned), len({s[0] for s in sentences}),
                         len(sentences), len(tokens), sum(n_words_by_sent), len(removed), cleaned])
        sent_rows.extend((doc_id, p, i, s, e, n_words_by_sent[i], t) for (p, i, s, e, t) in sentences)
        tok_ids.extend([doc_id] * len(tokens))
        tok_rows.extend(tokens)
        rem_rows.extend(removed_rows)
        docs.append((len(sentences), len(tokens), len(removed),
                     _furniture_share_message(file, doc_id, len(cleaned), removed_rows)))
    columns = (list(zip(*doc_rows)), list(zip(*sent_rows)), [tok_ids, *zip(*tok_rows)] if tok_rows else [],
               list(zip(*rem_rows)))
    tables = tuple(arrow_table(schema, cols) for schema, cols in zip(_schemas(settings.doc_columns), columns))
    return _ChunkResult(tables, docs, error)


def _schemas(doc_columns: tuple[str, ...]) -> list:
    """The Arrow schemas of the four tables (the documents table's columns as given).

    >>> [len(schema) for schema in _schemas(("doc_id", "file", *STAT_COLUMNS, "text"))]
    [11, 7, 9, 5]
    """
    return [arrow_schema(name, list(columns)) for name, columns in
            zip(TABLE_NAMES, (doc_columns, SENTENCE_COLUMNS, TOKEN_COLUMNS, REMOVED_COLUMNS))]


def _package_versions(extra: tuple[str, ...] = ()) -> dict[str, str]:
    versions = {}
    for name in (*RECORDED_PACKAGES, *extra):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def available_cores() -> int:
    """Return the number of CPU cores this process may use.

    Examples
    --------
    >>> available_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _ignore_sigint() -> None:
    """Worker initialiser: Ctrl-C is handled by the main process alone (no worker tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


#: Documents per task sent to a worker, at most (fewer for small corpora, so both cores get work).
CHUNK_DOCS = 32
#: Tasks in flight per worker: submitted and not yet written. Bounds the memory the results take
#: while they wait (a few MB), whatever the corpus size.
IN_FLIGHT_PER_WORKER = 3


def _wind_down(pool, pending: deque) -> None:
    """Let the chunks in flight finish and the workers exit before the pool is torn down.

    ``Pool.terminate`` (what leaving ``with Pool()`` does) kills workers at once; one killed
    while it sends a result keeps the result queue's lock, and the pool then waits for that lock
    forever (a race in CPython's ``multiprocessing``, seen as a hung test). At most
    ``IN_FLIGHT_PER_WORKER * workers`` chunks are in flight, so this waits a few seconds at most.
    """
    pool.close()
    for result in pending:
        result.wait()
    pool.join()


def _map_chunks(tasks: Iterator[tuple], *, workers: int, n_docs: int) -> Iterator[_ChunkResult]:
    """Process chunks in order, in ``workers`` processes when the corpus is large enough.

    At most ``IN_FLIGHT_PER_WORKER * workers`` chunks are submitted and not yet consumed, so
    neither the jobs (texts of a table) nor the results pile up in memory (``Pool.imap`` reads
    its whole input at once and queues every result).
    """
    if workers > 1 and n_docs >= 50:
        context = get_context("spawn" if sys.platform == "darwin" else "fork")
        with context.Pool(workers, initializer=_ignore_sigint) as pool:
            pending: deque = deque()
            try:
                for task in tasks:
                    pending.append(pool.apply_async(_process_chunk, (task,)))
                    if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                        yield pending.popleft().get()
                while pending:
                    yield pending.popleft().get()
            except GeneratorExit:  # the consumer stopped early: a bad document, a write error, Ctrl-C
                _wind_down(pool, pending)
                raise
            _wind_down(pool, pending)
    else:
        yield from map(_process_chunk, tasks)


def _real(path: str | Path) -> Path:
    """The absolute path with every symbolic link resolved (the path need not exist)."""
    return Path(os.path.realpath(path))


def _is_tool_manifest(path: Path) -> bool:
    """True if ``path`` is a ``manifest.json`` written by :func:`build_processed`."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(doc, dict) and str(doc.get("built_by", "")).startswith("corpus_tools ")
            and isinstance(doc.get("outputs"), dict))


def check_output_folder(
    out_dir: str | Path,
    *,
    inputs: tuple[str | Path, ...] = (),
    force: bool = False,
    bundled: bool = False,
    expected: tuple[str, ...] = ANY_OUTPUT_FILES,
    marker: str = "manifest.json",
) -> str:
    """Apply the output rule to ``out_dir``; return how it may be written, or raise.

    Parameters
    ----------
    out_dir
        The output folder.
    inputs
        Files or folders that are read (the corpus): never written, nor a folder holding them.
    force
        Allow a folder that holds other files; only the ``expected`` names are then replaced.
    bundled
        True when the bundled corpus is built: only then may ``data/processed`` be written.
    expected
        The names this tool writes into the folder.
    marker
        The manifest (relative to ``out_dir``) that marks an earlier output of this tool.

    Returns
    -------
    str
        ``"new"`` (does not exist yet), ``"replace"`` (empty, or an earlier output: swapped whole)
        or ``"merge"`` (``force``: other files present, only the ``expected`` files replaced).

    Raises
    ------
    OutputError
        Naming the folder, why it may not be written, and the fix.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.mkdtemp()
    >>> check_output_folder(Path(tmp) / "new"), check_output_folder(tmp)
    ('new', 'replace')
    >>> _ = (Path(tmp) / "notes.txt").write_text("mine")
    >>> check_output_folder(tmp)
    Traceback (most recent call last):
    ...
    corpus_tools.errors.OutputError: ...: holds files this tool did not write (notes.txt) and no manifest.json of an earlier build. Fix: choose a new or empty folder for --out, or pass --force to replace only the files a build writes (documents.csv, sentences.csv, tokens.csv, removed_lines.csv, documents.parquet, sentences.parquet, tokens.parquet, removed_lines.parquet, README.md, manifest.json); nothing else in it is touched.
    >>> check_output_folder(tmp, force=True)
    'merge'
    >>> check_output_folder(paths.RAW_DIR, force=True)
    Traceback (most recent call last):
    ...
    corpus_tools.errors.OutputError: ...raw: would write into the bundled raw corpus (data/raw) at .... Fix: choose an --out outside it (inputs are never written, not even with --force).
    >>> import shutil; shutil.rmtree(tmp)
    """
    out = Path(out_dir)
    real = _real(out)
    protected = [(Path(p), "the corpus being read") for p in inputs]
    protected.append((paths.RAW_DIR, "the bundled raw corpus (data/raw)"))
    for path, what in protected:
        target = _real(path)
        if real == target or target.is_relative_to(real) or (target.is_dir() and real.is_relative_to(target)):
            raise OutputError(
                f"{out}: would write into {what} at {path}. Fix: choose an --out outside it "
                "(inputs are never written, not even with --force)."
            )
    processed = _real(paths.PROCESSED_DIR)
    if real != processed and real.is_relative_to(processed):
        raise OutputError(f"{out}: is inside the repository's data/processed. Fix: choose an --out elsewhere.")
    if (real == processed or processed.is_relative_to(real)) and not bundled:
        raise OutputError(
            f"{out}: the repository's data/processed holds the bundled corpus and is written only by "
            "`python -m corpus_tools build` with no --raw. Fix: pass another --out for your corpus."
        )
    if out.is_symlink():
        raise OutputError(f"{out}: is a symbolic link. Fix: pass the folder it points to ({os.readlink(out)}) "
                          "as --out, or another folder.")
    for ancestor in out.parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise OutputError(f"{out}: {ancestor} is a file, not a folder. Fix: choose an --out whose "
                                  "parent folders are folders.")
            break
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder. Fix: give --out a folder name (a build writes "
                          "several files); the file is left as it is.")
    if not out.exists():
        return "new"
    entries = sorted(p.name for p in out.iterdir())
    foreign = [name for name in entries if name not in expected and name not in JUNK_FILES]
    ours = _is_tool_manifest(out / marker)
    if not foreign and (ours or all(name in JUNK_FILES for name in entries)):
        return "replace"
    if force:
        return "merge"
    if ours:
        why = f"an earlier output of this tool, but it also holds other files ({', '.join(foreign[:5])})"
    else:
        why = f"holds files this tool did not write ({', '.join(entries[:5])}) and no {marker} of an earlier build"
    raise OutputError(
        f"{out}: {why}. Fix: choose a new or empty folder for --out, or pass --force to replace only the "
        f"files a build writes ({', '.join(expected)}); nothing else in it is touched."
    )


def explain_os_error(err: OSError, *, where: str | Path | None = None) -> str:
    """One line naming the file, what the system said and the fix, for an error of the environment.

    Examples
    --------
    >>> print(explain_os_error(OSError(errno.ENOSPC, "No space left on device", "out/tokens.csv")))
    out/tokens.csv: No space left on device. Fix: free disk space (a build needs room for the new tables beside the old ones while it writes), or choose an --out on another disk.
    """
    name = err.filename if err.filename is not None else where
    fixes = {
        errno.ENOSPC: "free disk space (a build needs room for the new tables beside the old ones while it "
                      "writes), or choose an --out on another disk",
        errno.EDQUOT: "free space within your disk quota, or choose an --out on another disk",
        errno.EACCES: "choose a folder you can write to, or change its permissions",
        errno.EPERM: "choose a folder you can write to, or change its permissions",
        errno.EROFS: "the disk is read-only: choose an --out on a writable disk",
        errno.ENOTDIR: "a part of the path is a file, not a folder: choose another path",
        errno.EISDIR: "a folder stands where a file is expected: choose another path",
        errno.EEXIST: "a file stands where a folder is needed: choose another path",
    }
    fix = fixes.get(err.errno, "check the path, the disk and the permissions")
    reason = err.strerror or str(err)
    return f"{name}: {reason}. Fix: {fix}." if name is not None else f"{reason}. Fix: {fix}."


@contextmanager
def environment_errors(where: str | Path):
    """Turn an ``OSError`` raised in the block into an :class:`OutputError` with one clear line.

    Examples
    --------
    >>> with environment_errors("out"):
    ...     raise PermissionError(errno.EACCES, "Permission denied", "out/tokens.csv")
    Traceback (most recent call last):
    ...
    corpus_tools.errors.OutputError: out/tokens.csv: Permission denied. Fix: choose a folder you can write to, or change its permissions.
    """
    try:
        yield
    except OSError as err:
        raise OutputError(explain_os_error(err, where=where)) from None


@contextmanager
def lock_output(out_dir: str | Path):
    """Hold an exclusive lock for writing ``out_dir`` (a lock file beside it, removed afterwards).

    A second build into the same folder stops at once with an :class:`OutputError`.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with lock_output(Path(tmp) / "out"):
    ...         with lock_output(Path(tmp) / "out"):
    ...             pass
    Traceback (most recent call last):
    ...
    corpus_tools.errors.OutputError: ...out: another build is writing to this folder right now (lock file ....out.lock). Fix: wait until it has finished, or choose another --out.
    """
    out = Path(out_dir)
    lock_path = out.parent / f".{out.name}.lock"
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(
                f"{out}: another build is writing to this folder right now (lock file {lock_path}). "
                "Fix: wait until it has finished, or choose another --out."
            ) from None
        try:
            current = os.stat(lock_path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:  # not a lock file that its holder removed while we waited for it
            break
        os.close(fd)
    try:
        yield lock_path
    finally:
        try:
            os.unlink(lock_path)
        except FileNotFoundError:
            pass
        os.close(fd)


@contextmanager
def _sigint_deferred():
    """Postpone Ctrl-C to the end of the block (a swap is two renames that must not be split)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt


def _temp_prefixes(out: Path) -> tuple[str, str]:
    return f".{out.name}.build-", f".{out.name}.old-"


def _remove_stale_temps(out: Path) -> None:
    """Delete temporary folders left beside ``out`` by a build that was killed (call under the lock)."""
    prefixes = _temp_prefixes(out)
    for path in out.parent.iterdir():
        if path.name.startswith(prefixes) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def _make_temp_folder(out: Path) -> Path:
    """A fresh, uniquely named folder beside ``out``, with the permissions of a normal folder."""
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=_temp_prefixes(out)[0]))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)
    return tmp


def swap_into_place(new: Path, out: Path, *, mode: str, names: tuple[str, ...] = ANY_OUTPUT_FILES) -> None:
    """Put the finished folder ``new`` in place of ``out`` (``mode`` from :func:`check_output_folder`).

    ``new``/``replace``: ``out`` is renamed aside, ``new`` renamed in, the old one deleted.
    ``merge``: the old manifest is removed first, then each of ``names`` is moved in, the
    manifest last, so an interruption leaves a folder that :func:`load_processed` refuses; a file
    of ``names`` that ``new`` lacks (a table of the other format) is removed from ``out``.
    """
    with _sigint_deferred():
        if mode == "new":
            os.rename(new, out)
        elif mode == "replace":
            aside = Path(tempfile.mkdtemp(dir=out.parent, prefix=_temp_prefixes(out)[1]))
            os.rmdir(aside)
            os.rename(out, aside)
            try:
                os.rename(new, out)
            except BaseException:
                os.rename(aside, out)
                raise
            shutil.rmtree(aside, ignore_errors=True)
        elif mode == "merge":
            order = [n for n in names if n != "manifest.json"] + [n for n in names if n == "manifest.json"]
            if (out / "manifest.json").is_file():
                (out / "manifest.json").unlink()
            for name in order:
                target = out / name
                if (new / name).exists():
                    if target.is_dir() and not target.is_symlink():
                        shutil.rmtree(target)
                    os.replace(new / name, target)
                elif target.is_file() or target.is_symlink():
                    target.unlink()
            shutil.rmtree(new, ignore_errors=True)
        else:
            raise ValueError(f"unknown mode {mode!r}")


def _write_tables(corpus: pd.DataFrame, out_dir: Path, *, settings: _Settings, workers: int,
                  progress: bool) -> tuple[dict, dict, list]:
    """Clean, tokenise and write the four tables into ``out_dir``; return counts, hashes, warnings.

    ``corpus`` holds the metadata (and, for a table, the texts); a folder's texts are read by the
    workers, a bounded number of chunks at a time.
    """
    n_docs = len(corpus)
    titles = corpus["title"] if "title" in corpus.columns else [""] * n_docs
    texts = corpus["text"] if "text" in corpus.columns else [None] * n_docs
    meta_columns = [c for c in corpus.columns if c not in ("text", "sha256", "n_bytes")]
    settings = replace(settings, doc_columns=(*meta_columns, *STAT_COLUMNS, "text"))
    value_columns = [corpus[c] for c in [*meta_columns, "sha256", "n_bytes"]]
    jobs = zip(corpus["doc_id"], corpus["file"], texts, titles, map(list, zip(*value_columns)))
    size = max(1, min(CHUNK_DOCS, n_docs // (max(workers, 1) * 8)))
    tasks = ((settings, chunk) for chunk in iter(lambda: list(islice(jobs, size)), []))
    counts = {"documents": 0, "sentences": 0, "tokens": 0, "removed_lines": 0}
    found: list[str] = []
    handles: list = []
    names = table_files(settings.format)
    results = _map_chunks(tasks, workers=workers, n_docs=n_docs)
    try:
        if settings.format == "parquet":
            for name, schema in zip(names, _schemas(settings.doc_columns)):
                handles.append(ParquetTableWriter(out_dir / name, schema))
        else:
            for name, header in zip(names, (list(settings.doc_columns), SENTENCE_COLUMNS, TOKEN_COLUMNS,
                                            REMOVED_COLUMNS)):
                handle = (out_dir / name).open("wb")
                handles.append(handle)
                header_text = io.StringIO()
                csv.writer(header_text, lineterminator="\n").writerow(header)
                handle.write(header_text.getvalue().encode("utf-8"))
        bar = tqdm(total=n_docs, desc="clean + tokenise", unit="doc", disable=not progress)
        for chunk in results:
            for n_sentences, n_tokens, n_removed, message in chunk.docs:
                if message is not None:
                    warnings.warn(message, FurnitureShareWarning, stacklevel=3)
                    found.append(message)
                counts["documents"] += 1
                counts["sentences"] += n_sentences
                counts["tokens"] += n_tokens
                counts["removed_lines"] += n_removed
            if chunk.error is not None:
                raise chunk.error
            for handle, data in zip(handles, chunk.tables):
                handle.write(data)
            bar.update(len(chunk.docs))
        bar.close()
    finally:
        results.close()  # stops the worker pool now, also on an error or Ctrl-C
        for handle in handles:
            handle.close()
    outputs = {name: sha256_file(out_dir / name) for name in names}
    return counts, outputs, found


def _furniture_share_message(file: str, doc_id: str, kept_chars: int, removed_rows: list) -> str | None:
    """The warning text when furniture rules (not the title line) removed too much of a document."""
    furniture = [r for r in removed_rows if r[3] != "title_line"]
    removed_chars = sum(len(r[4]) for r in furniture)
    if not removed_chars:
        return None
    share = removed_chars / (removed_chars + kept_chars)
    if share <= FURNITURE_WARN_SHARE:
        return None
    rules = ", ".join(sorted({r[3] for r in furniture}))
    return (f"{file} (doc_id {doc_id!r}): page-furniture rules removed {share:.0%} of the text "
            f"({len(furniture)} lines from line {furniture[0][2]} on; rules: {rules}). Check removed_lines.csv; "
            "if article text was removed, change resources/furniture.yml and rebuild.")


def build_processed(
    raw_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    workers: int | None = None,
    progress: bool = False,
    encoding: str = "utf-8",
    force: bool = False,
    max_text_bytes: int = MAX_TEXT_BYTES,
    format: str = DEFAULT_FORMAT,
) -> dict:
    """Load, clean and tokenise a corpus and write the processed tables and manifest.

    Parameters
    ----------
    raw_dir
        A corpus folder (texts + ``metadata.csv``) or a CSV/JSONL table; default ``data/raw``.
        If the folder holds a ``SHA256SUMS`` manifest, the files are checked against it first.
    out_dir
        Where to write; default ``data/processed`` (only for the bundled corpus: another corpus
        needs an ``out_dir``). It must be new, empty or an earlier output of this tool (see the
        output rule above). The build is written beside it and swapped in when complete.
    workers
        Processes for cleaning and tokenising; default: every available core. Corpora under 50
        documents are processed in this process (starting workers would cost more).
    progress
        Show a progress bar.
    encoding
        Encoding of the raw texts.
    force
        Write into a folder that holds other files too, replacing only the files a build writes.
    max_text_bytes
        Largest text read (default ``io.MAX_TEXT_BYTES``, 50 MiB).
    format
        ``"csv"`` (default: readable, diffable; the bundled corpus) or ``"parquet"`` (several times
        smaller and faster to load, for large corpora; needs pyarrow). Same tables, columns and
        values; :func:`load_processed` reads either (see :mod:`corpus_tools.formats`).

    Returns
    -------
    dict
        The manifest that was written to ``manifest.json`` (with ``"format": "parquet"`` for Parquet).

    Raises
    ------
    CorpusError
        Bad input (see :func:`~corpus_tools.io.load_corpus`); :class:`OutputError` for an output
        folder that may not be written, is busy, or cannot be written (disk full, permissions).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     manifest = build_processed(paths.RAW_DIR, tmp)
    >>> manifest["counts"]["documents"]
    5
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     manifest = build_processed(paths.RAW_DIR, tmp, format="parquet")
    >>> manifest["format"], sorted(manifest["outputs"])[0]
    ('parquet', 'documents.parquet')
    """
    check_format(format)
    if format == "parquet":
        require_pyarrow("--format parquet (format='parquet')")
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.RAW_DIR
    bundled = _real(raw_dir) == _real(paths.RAW_DIR)
    if out_dir is None:
        if not bundled:
            raise OutputError(
                f"{raw_dir}: no output folder given. Fix: pass --out (out_dir= in Python) for your corpus; "
                "the repository's data/processed holds the bundled corpus only."
            )
        out_dir = paths.PROCESSED_DIR
    out_dir = Path(out_dir)
    with environment_errors(out_dir):
        check_output_folder(out_dir, inputs=(raw_dir,), force=force, bundled=bundled)
    if raw_dir.is_dir() and (raw_dir / "SHA256SUMS").is_file():
        verify_checksums(raw_dir)
    # texts=False: every file is read and checked now, but only its metadata, hash and size are
    # kept; the workers read each text again (checked against that hash), so memory stays flat.
    corpus = load_corpus(raw_dir, encoding=encoding, max_text_bytes=max_text_bytes, texts=False)
    settings = _Settings(str(raw_dir) if raw_dir.is_dir() else None, encoding, max_text_bytes, format)
    load_furniture_rules()  # fail early on a malformed rules file, before any work
    workers = workers or available_cores()
    with environment_errors(out_dir):
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with lock_output(out_dir):
            mode = check_output_folder(out_dir, inputs=(raw_dir,), force=force, bundled=bundled)
            _remove_stale_temps(out_dir)
            tmp = _make_temp_folder(out_dir)
            try:
                counts, outputs, found = _write_tables(corpus, tmp, settings=settings, workers=workers, progress=progress)
                (tmp / "README.md").write_text(schema_readme(format), encoding="utf-8")
                manifest = {
                    "built_by": f"corpus_tools {corpus_tools.__version__} (python -m corpus_tools build)",
                    "python": platform.python_version(),
                    "packages": _package_versions(("pyarrow",) if format == "parquet" else ()),
                    "inputs": {
                        "corpus": raw_dir.name,
                        "files": {f: h for f, h in zip(corpus["file"], corpus["sha256"])},
                        "metadata.csv": sha256_bytes((raw_dir / "metadata.csv").read_bytes()) if raw_dir.is_dir() else None,
                        "furniture_rules": sha256_bytes(paths.resource("furniture.yml").read_bytes()),
                        "abbreviations": sha256_bytes(paths.resource("abbreviations.txt").read_bytes()),
                    },
                    "outputs": outputs,
                    "output_bytes": {name: (tmp / name).stat().st_size for name in outputs},
                    "counts": counts,
                    "warnings": found,
                }
                if format != "csv":  # a CSV build's manifest stays as before the option (no key = CSV)
                    manifest["format"] = format
                (tmp / "manifest.json").write_text(
                    json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
                swap_into_place(tmp, out_dir, mode=mode)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)  # nothing left after a swap; everything after a failure
    return manifest


def _rebuild_hint(path: Path, format: str = "csv") -> str:
    if _real(path) == _real(paths.PROCESSED_DIR):
        return "run `python -m corpus_tools build` (or `make run`)"
    option = f" --format {format}" if format != "csv" else ""
    return f"run `python -m corpus_tools build --raw YOUR_CORPUS --out {path}{option}`"


def verify_processed(path: str | Path | None = None, *, hashes: bool | None = None) -> dict:
    """Check a processed folder against its manifest; return the manifest or raise.

    Sizes are always compared; SHA-256 too when ``hashes`` is True, or by default when the tables
    total less than :data:`VERIFY_HASH_BELOW` bytes (or the manifest records no sizes).

    The tables checked are those of the format the manifest names (``format``; none: CSV).

    Raises
    ------
    CorpusError
        When files are missing (naming the format the manifest gives) or the manifest names an
        unknown format; :class:`StaleOutputError` when a table does not match the manifest (a mix
        of two builds, or an edited table), with the command that rebuilds it.

    Examples
    --------
    >>> verify_processed()["counts"]["documents"]
    5
    """
    path = Path(path) if path is not None else paths.PROCESSED_DIR
    if not (path / "manifest.json").is_file():
        missing = [name for name in (*TABLES, "manifest.json") if not (path / name).is_file()]
        raise CorpusError(
            f"{path}: missing {', '.join(missing)}. Fix: {_rebuild_hint(path)} to build the processed corpus."
        )
    if not _is_tool_manifest(path / "manifest.json"):
        raise StaleOutputError(f"{path}: manifest.json is not a manifest written by corpus_tools. "
                               f"Fix: {_rebuild_hint(path)}.")
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    format = manifest.get("format", "csv")
    if format not in FORMATS:
        raise CorpusError(f"{path}: manifest.json names the table format {format!r}, which this version of "
                          f"corpus_tools cannot read (it reads {', '.join(FORMATS)}). Fix: {_rebuild_hint(path)}.")
    tables = table_files(format)
    missing = [name for name in tables if not (path / name).is_file()]
    if missing:
        raise CorpusError(
            f"{path}: missing {', '.join(missing)} (manifest.json says the tables are {format.upper()}). "
            f"Fix: {_rebuild_hint(path, format)} to build the processed corpus."
        )
    recorded, sizes = manifest["outputs"], manifest.get("output_bytes")
    problems = []
    actual = {name: (path / name).stat().st_size for name in tables}
    for name in tables:
        if name not in recorded:
            problems.append(f"{name} is not in the manifest")
        elif sizes is not None and sizes.get(name) != actual[name]:
            problems.append(f"{name} has {actual[name]:,} bytes, the manifest says {sizes.get(name, 0):,}")
    if hashes is None:
        hashes = sizes is None or sum(actual.values()) < VERIFY_HASH_BELOW
    if hashes and not problems:
        problems += [f"{name} differs from its SHA-256 in the manifest" for name in tables
                     if sha256_file(path / name) != recorded[name]]
    if problems:
        raise StaleOutputError(
            f"{path}: the tables do not match manifest.json ({'; '.join(problems)}): the folder mixes the "
            f"outputs of different builds, or a table was edited. Fix: {_rebuild_hint(path, format)}."
        )
    return manifest


def load_processed(path: str | Path | None = None, *, verify: bool | None = None) -> ProcessedCorpus:
    """Read the processed tables written by :func:`build_processed`, checked against the manifest.

    CSV or Parquet, as ``manifest.json`` says; the same corpus gives identical DataFrames (same
    columns, dtypes and values) in either format.

    Parameters
    ----------
    path
        The processed folder; default ``data/processed``.
    verify
        Compare every table's SHA-256 with the manifest: ``None`` (default) when the tables are
        small (under 50 MiB together), ``True`` always, ``False`` never (sizes are always compared).

    Returns
    -------
    ProcessedCorpus
        ``documents``, ``sentences``, ``tokens``, ``removed`` DataFrames and the ``manifest`` dict.

    Raises
    ------
    CorpusError
        Missing tables, or a table that cannot be parsed (naming the file), or Parquet tables
        without pyarrow; :class:`~corpus_tools.errors.StaleOutputError` for tables that do not
        match the manifest, naming the command that rebuilds them.

    Examples
    --------
    >>> corpus = load_processed()
    >>> corpus.documents["doc_id"].tolist()[:2]
    ['newsweek-2018', 'voa-2018']
    >>> doc = corpus.documents.set_index("doc_id").loc["voa-2018", "text"]
    >>> first = corpus.sentences.iloc[len(corpus.sentences) // 2]
    >>> corpus.documents.set_index("doc_id").loc[first.doc_id, "text"][first.start:first.end] == first.text
    True
    """
    path = Path(path) if path is not None else paths.PROCESSED_DIR
    manifest = verify_processed(path, hashes=verify)
    format = manifest.get("format", "csv")
    fix = _rebuild_hint(path, format)
    documents, sentences, tokens, removed = (read_table(path / file, name, format, fix=fix)
                                             for name, file in zip(TABLE_NAMES, table_files(format)))
    return ProcessedCorpus(documents, sentences, tokens, removed, manifest)


def document_columns(path: str | Path | None = None) -> list[str]:
    """The columns of a processed folder's documents table (either format), without reading its rows.

    Examples
    --------
    >>> document_columns()[:3]
    ['doc_id', 'file', 'title']
    """
    path = Path(path) if path is not None else paths.PROCESSED_DIR
    manifest = verify_processed(path, hashes=False)
    format = manifest.get("format", "csv")
    file = path / table_files(format)[0]
    if format == "parquet":
        return list(require_pyarrow(str(file))[1].read_schema(file).names)
    return list(pd.read_csv(file, nrows=0).columns)
