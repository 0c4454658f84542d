"""The per-document work of a build and the worker pool that runs it.

One job: turn a corpus's documents into the rows of the four processed tables. A document is
read (for a corpus folder), cleaned, split into sentences and tokens and formatted as CSV bytes
(or Arrow tables for Parquet) in chunks of :data:`CHUNK_DOCS`, in a pool of worker processes for
large corpora (:func:`_map_chunks`, at most :data:`IN_FLIGHT_PER_WORKER` chunks in flight per
worker). :func:`corpus_tools.build.build_processed` writes what comes back; nothing here writes a
file.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress
from multiprocessing import get_context
from operator import itemgetter, not_

from corpus_tools.clean import clean_text
from corpus_tools.errors import CorpusError
from corpus_tools.formats import DEFAULT_FORMAT, TABLE_NAMES, arrow_schema, arrow_table
from corpus_tools.io import read_corpus_text
from corpus_tools.processed import (  # noqa: F401  (STAT_COLUMNS: for a doctest)
    REMOVED_COLUMNS,
    SENTENCE_COLUMNS,
    STAT_COLUMNS,
    TABLES,
    TOKEN_COLUMNS,
)
from corpus_tools.tokenize import tokenize_document

#: Share of a document's characters that page-furniture rules may remove before the build warns
#: (a :class:`corpus_tools.build.FurnitureShareWarning`, also listed under ``warnings`` in
#: ``manifest.json``).
FURNITURE_WARN_SHARE = 0.3
#: Longest paragraph (characters between blank lines, after cleaning) that is split into
#: sentences. Punkt on one far longer block is slow and nltk stops its regular expressions after
#: a few seconds; such a text (usually one without blank lines between paragraphs) is refused.
MAX_PARAGRAPH_CHARS = 1_000_000


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


@dataclass
class _Chunk:
    """What a chunk's loop collects besides its rows: per-document counts, and the first error."""

    docs: list[tuple[int, int, int, str | None]] = field(default_factory=list)
    error: CorpusError | None = None


def _each_document(settings: _Settings, jobs: list[tuple], chunk: _Chunk) -> Iterator[tuple]:
    """Process a chunk's documents in order, for both table formats.

    Yields ``(doc_id, document-row values, cleaned text, sentences, tokens, removed-line rows,
    words per sentence)``; after the caller has used a document, its counts and furniture warning
    go to ``chunk.docs``. Stops at the first bad document, with its error in ``chunk.error``.
    """
    for doc_id, file, text, title, doc_values in jobs:
        try:
            cleaned, sentences, tokens, removed, n_words_by_sent = _read_and_process(settings, file, text, title,
                                                                                     doc_values[-2])
        except CorpusError as err:
            chunk.error = err
            return
        removed_rows = [(doc_id, file, r.line_no, r.rule, r.text) for r in removed]
        yield doc_id, doc_values, cleaned, sentences, tokens, removed_rows, n_words_by_sent
        chunk.docs.append((len(sentences), len(tokens), len(removed_rows),
                           _furniture_share_message(file, doc_id, len(cleaned), removed_rows)))


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
    chunk = _Chunk()
    for doc_id, doc_values, cleaned, sentences, tokens, removed_rows, n_words_by_sent in _each_document(
            settings, jobs, chunk):
        w_doc.writerow([*doc_values, len(cleaned), len({s[0] for s in sentences}), len(sentences), len(tokens),
                        sum(n_words_by_sent), len(removed_rows), cleaned])
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
    tables = tuple(b.getvalue().encode("utf-8") for b in buffers)
    return _ChunkResult(tables, chunk.docs, chunk.error)


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
    chunk = _Chunk()
    for doc_id, doc_values, cleaned, sentences, tokens, removed_rows, n_words_by_sent in _each_document(
            settings, jobs, chunk):
        doc_rows.append([*map(_cell, doc_values[:-1]), doc_values[-1], len(cleaned), len({s[0] for s in sentences}),
                         len(sentences), len(tokens), sum(n_words_by_sent), len(removed_rows), cleaned])
        sent_rows.extend((doc_id, p, i, s, e, n_words_by_sent[i], t) for (p, i, s, e, t) in sentences)
        tok_ids.extend([doc_id] * len(tokens))
        tok_rows.extend(tokens)
        rem_rows.extend(removed_rows)
    columns = (list(zip(*doc_rows)), list(zip(*sent_rows)), [tok_ids, *zip(*tok_rows)] if tok_rows else [],
               list(zip(*rem_rows)))
    tables = tuple(arrow_table(schema, cols) for schema, cols in zip(_schemas(settings.doc_columns), columns))
    return _ChunkResult(tables, chunk.docs, chunk.error)


def _schemas(doc_columns: tuple[str, ...]) -> list:
    """The Arrow schemas of the four tables (the documents table's columns as given).

    >>> [len(schema) for schema in _schemas(("doc_id", "file", *STAT_COLUMNS, "text"))]
    [11, 7, 9, 5]
    """
    return [arrow_schema(name, list(columns)) for name, columns in
            zip(TABLE_NAMES, (doc_columns, SENTENCE_COLUMNS, TOKEN_COLUMNS, REMOVED_COLUMNS))]



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
