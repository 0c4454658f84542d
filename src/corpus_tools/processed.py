"""The processed tables: their columns, their schema README, and reading them back.

One job: the contents of a processed folder (``documents``, ``sentences``, ``tokens``,
``removed_lines``, CSV or Parquet, with ``README.md`` and ``manifest.json``) as
:func:`corpus_tools.build.build_processed` writes them. :func:`load_processed` reads the tables,
checked against the manifest by :func:`verify_processed` (sizes always, SHA-256 for small corpora
or on request), and refuses a mixed or edited folder with the command that rebuilds it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from corpus_tools import paths
from corpus_tools.errors import CorpusError, StaleOutputError
from corpus_tools.formats import (
    DEFAULT_FORMAT,
    FORMATS,
    TABLE_NAMES,
    check_format,
    read_table,
    require_pyarrow,
    table_files,
)
from corpus_tools.io import sha256_file
from corpus_tools.outputs import _is_tool_manifest, _real

STAT_COLUMNS = ["sha256", "n_bytes", "n_chars", "n_paragraphs", "n_sentences", "n_tokens", "n_words", "n_removed_lines"]
SENTENCE_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "n_words", "text"]
TOKEN_COLUMNS = ["doc_id", "sent_id", "token_id", "start", "end", "token", "norm", "is_stop", "is_punct"]
REMOVED_COLUMNS = ["doc_id", "file", "line_no", "rule", "text"]
#: The tables of a CSV build (the default format); :func:`~corpus_tools.formats.table_files` for either.
TABLES = table_files("csv")
#: :func:`load_processed` hashes every table when their total size is below this (bytes).
VERIFY_HASH_BELOW = 50 * 2**20

#: The ``README.md`` of a CSV build (:func:`schema_readme` for either format).
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


class ProcessedCorpus:
    """The processed tables of a corpus, as returned by :func:`load_processed`; each read on first use.

    ``documents``, ``sentences``, ``tokens`` and ``removed`` are DataFrames. A table is read from
    its file the first time it is asked for and kept, so a notebook that never touches ``tokens``
    (tens of millions of rows on a large corpus) never pays to read it; :attr:`loaded` names the
    tables read so far. Before a table is read, its file is checked to be the one
    :func:`load_processed` verified (same size, modification time and inode): a folder rebuilt in
    between is refused with the command that rebuilds it, never mixed with the earlier tables.

    Tables can also be given directly (``ProcessedCorpus(documents=..., sentences=..., tokens=...,
    removed=..., manifest=...)``); then nothing is read.

    Examples
    --------
    >>> corpus = load_processed()
    >>> corpus.loaded
    ()
    >>> len(corpus.documents), corpus.loaded
    (5, ('documents',))
    >>> corpus.documents is corpus.documents   # read once, then kept
    True
    """

    #: Attribute name -> table name (file ``NAME.csv`` or ``NAME.parquet``).
    ATTRIBUTES = dict(zip(("documents", "sentences", "tokens", "removed"), TABLE_NAMES))

    def __init__(self, documents: pd.DataFrame | None = None, sentences: pd.DataFrame | None = None,
                 tokens: pd.DataFrame | None = None, removed: pd.DataFrame | None = None,
                 manifest: dict | None = None, *, folder: Path | None = None) -> None:
        given = {"documents": documents, "sentences": sentences, "tokens": tokens, "removed": removed}
        self._frames = {name: frame for name, frame in given.items() if frame is not None}
        self.manifest = manifest if manifest is not None else {}
        self._folder = folder
        missing = [name for name in self.ATTRIBUTES if name not in self._frames]
        if missing and folder is None:
            raise TypeError(f"ProcessedCorpus: no folder to read {', '.join(missing)} from; give every table "
                            "or use load_processed(folder)")
        self._format = self.manifest.get("format", "csv")
        self._stamps = {name: _stamp(folder / file) for name, file in self._files().items()} if folder else {}

    def _files(self) -> dict[str, str]:
        return dict(zip(self.ATTRIBUTES, table_files(self._format)))

    @property
    def loaded(self) -> tuple[str, ...]:
        """Names of the tables in memory (read so far, or given), in the order of :attr:`ATTRIBUTES`."""
        return tuple(name for name in self.ATTRIBUTES if name in self._frames)

    def _table(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            file = self._folder / self._files()[name]
            fix = _rebuild_hint(self._folder, self._format)
            if not file.is_file() or _stamp(file) != self._stamps[name]:
                raise StaleOutputError(
                    f"{file}: changed after load_processed checked the folder (rebuilt or edited since), so it "
                    f"cannot be mixed with the tables already read. Fix: load the folder again "
                    f"(load_processed), or {fix}.")
            self._frames[name] = read_table(file, self.ATTRIBUTES[name], self._format, fix=fix)
        return self._frames[name]

    documents = property(lambda self: self._table("documents"), doc="One row per document (metadata, counts, cleaned text).")
    sentences = property(lambda self: self._table("sentences"), doc="One row per sentence.")
    tokens = property(lambda self: self._table("tokens"), doc="One row per token.")
    removed = property(lambda self: self._table("removed"), doc="One row per line removed by cleaning.")

    def __repr__(self) -> str:
        where = f"{self._folder}, " if self._folder is not None else ""
        return f"ProcessedCorpus({where}{self._format}; loaded: {', '.join(self.loaded) or 'none'})"


def _stamp(path: Path) -> tuple[int, int, int]:
    """Size, modification time and inode of a file: it changed if any of them did."""
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ino


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
    """The processed tables written by :func:`corpus_tools.build.build_processed`, checked against the manifest.

    CSV or Parquet, as ``manifest.json`` says; the same corpus gives identical DataFrames (same
    columns, dtypes and values) in either format. The folder is checked now; each table is read
    when it is first used (:class:`ProcessedCorpus`), so a large corpus costs only the tables an
    analysis touches (a notebook that needs no tokens never reads them).

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
        Missing tables, or a table that cannot be parsed (naming the file; raised when that table
        is first used), or Parquet tables without pyarrow;
        :class:`~corpus_tools.errors.StaleOutputError` for tables that do not match the manifest,
        or that changed between this call and their first use, naming the command that rebuilds them.

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
    if manifest.get("format", "csv") == "parquet":
        require_pyarrow(str(path))
    return ProcessedCorpus(manifest=manifest, folder=path)


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
