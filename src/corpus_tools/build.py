"""Build ``data/processed/`` from a raw corpus (read it back with :func:`load_processed`).

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

This module's job is the build itself (:func:`build_processed` and the writing of the tables and
the manifest). The rest lives beside it and is re-exported here, so ``corpus_tools.build.X``
keeps working: the per-document work and the worker pool in :mod:`corpus_tools.build_workers`,
the output folder's rule, lock and swap in :mod:`corpus_tools.outputs`, the tables' columns and
reading them back (:func:`load_processed`) in :mod:`corpus_tools.processed`.
"""

from __future__ import annotations

import csv
import io
import json
import platform
import shutil
import warnings
from dataclasses import replace
from importlib import metadata
from itertools import islice
from pathlib import Path

import pandas as pd
from tqdm import tqdm

import corpus_tools
from corpus_tools import paths
from corpus_tools.build_workers import (  # noqa: F401  (the private names: re-exported for older scripts)
    CHUNK_DOCS,
    FURNITURE_WARN_SHARE,
    IN_FLIGHT_PER_WORKER,
    MAX_PARAGRAPH_CHARS,
    _cell,
    _ChunkResult,
    _furniture_share_message,
    _ignore_sigint,
    _map_chunks,
    _process_chunk,
    _process_chunk_columns,
    _process_document,
    _read_and_process,
    _schemas,
    _Settings,
    _wind_down,
    available_cores,
)
from corpus_tools.clean import load_furniture_rules
from corpus_tools.errors import OutputError
from corpus_tools.formats import DEFAULT_FORMAT, ParquetTableWriter, check_format, require_pyarrow, table_files
from corpus_tools.io import MAX_TEXT_BYTES, load_corpus, sha256_bytes, sha256_file, verify_checksums
from corpus_tools.outputs import (  # noqa: F401  (the private names: re-exported for older scripts)
    ANY_OUTPUT_FILES,
    JUNK_FILES,
    _is_tool_manifest,
    _make_temp_folder,
    _real,
    _remove_stale_temps,
    _sigint_deferred,
    _temp_prefixes,
    check_output_folder,
    environment_errors,
    explain_os_error,
    lock_output,
    swap_into_place,
)
from corpus_tools.processed import (  # noqa: F401  (the private names: re-exported for older scripts)
    REMOVED_COLUMNS,
    SCHEMA_README,
    SENTENCE_COLUMNS,
    STAT_COLUMNS,
    TABLES,
    TOKEN_COLUMNS,
    VERIFY_HASH_BELOW,
    ProcessedCorpus,
    _rebuild_hint,
    document_columns,
    load_processed,
    schema_readme,
    verify_processed,
)

__all__ = [
    "ANY_OUTPUT_FILES",
    "CHUNK_DOCS",
    "FURNITURE_WARN_SHARE",
    "IN_FLIGHT_PER_WORKER",
    "JUNK_FILES",
    "MAX_PARAGRAPH_CHARS",
    "OUTPUT_FILES",
    "RECORDED_PACKAGES",
    "REMOVED_COLUMNS",
    "SCHEMA_README",
    "SENTENCE_COLUMNS",
    "STAT_COLUMNS",
    "TABLES",
    "TOKEN_COLUMNS",
    "VERIFY_HASH_BELOW",
    "FurnitureShareWarning",
    "ProcessedCorpus",
    "available_cores",
    "build_processed",
    "check_output_folder",
    "document_columns",
    "environment_errors",
    "explain_os_error",
    "load_processed",
    "lock_output",
    "schema_readme",
    "swap_into_place",
    "verify_processed",
]

#: Every file a CSV build writes into its output folder.
OUTPUT_FILES = (*TABLES, "README.md", "manifest.json")
#: Packages whose versions can change the processed bytes; recorded in the manifest.
RECORDED_PACKAGES = ("nltk", "scikit-learn", "pandas", "numpy", "PyYAML")


class FurnitureShareWarning(UserWarning):
    """Page-furniture rules removed a large share of one document (see ``removed_lines.csv``)."""


def _package_versions(extra: tuple[str, ...] = ()) -> dict[str, str]:
    versions = {}
    for name in (*RECORDED_PACKAGES, *extra):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions

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
