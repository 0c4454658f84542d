"""The two file formats of the processed tables: CSV (the default) and Parquet (large corpora).

A build (:func:`corpus_tools.build.build_processed`, ``--format csv|parquet``) writes the same four
tables with the same columns and values in either format; ``manifest.json`` says which
(``"format": "parquet"``; a manifest without ``format`` is a CSV build, as every build before the
option existed) and :func:`corpus_tools.build.load_processed` reads either, returning identical
DataFrames (same columns, dtypes and values).

* **CSV** (UTF-8, ``\\n`` line ends): readable and diffable; the bundled corpus is kept in it.
  About 11 MB of tables per MB of raw text.
* **Parquet** (written with pyarrow, zstd-compressed): several times smaller and faster to load;
  for corpora of thousands of documents. Written in bounded memory: rows are buffered and
  written as row groups of at most :data:`ROW_GROUP_ROWS` rows or :data:`ROW_GROUP_BYTES` bytes
  of text, cut at positions that depend on the rows alone (not on how many workers or chunks
  produced them), so the same corpus gives the same bytes with the same pyarrow version.

pyarrow is imported only when Parquet is written or read (:func:`require_pyarrow`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from corpus_tools.errors import CorpusError

#: Table formats a build can write; the first is the default of the command line and the API.
FORMATS = ("csv", "parquet")
DEFAULT_FORMAT = "csv"
#: The four processed tables, by name (the file is ``NAME.csv`` or ``NAME.parquet``).
TABLE_NAMES = ("documents", "sentences", "tokens", "removed_lines")
#: Columns that are not strings, per table (every other column, metadata included, is a string).
TYPED_COLUMNS = {
    "documents": {c: "int64" for c in ("n_bytes", "n_chars", "n_paragraphs", "n_sentences", "n_tokens", "n_words",
                                       "n_removed_lines")},
    "sentences": {c: "int64" for c in ("para_id", "sent_id", "start", "end", "n_words")},
    "tokens": {**{c: "int64" for c in ("sent_id", "token_id", "start", "end")}, "is_stop": "bool", "is_punct": "bool"},
    "removed_lines": {"line_no": "int64"},
}
#: A Parquet row group is closed when it holds this many rows ...
ROW_GROUP_ROWS = 262_144
#: ... or this many bytes of text (UTF-8 bytes of its string fields), whichever comes first.
ROW_GROUP_BYTES = 64 * 2**20
#: Options of every Parquet file written (set explicitly: a pyarrow default that changes would
#: change the bytes). The footer records the writer (``parquet-cpp-arrow version X``), no time.
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 3, "version": "2.6", "use_dictionary": True,
                   "write_statistics": True, "data_page_version": "1.0"}


def table_files(format: str = DEFAULT_FORMAT) -> tuple[str, ...]:
    """File names of the four processed tables in ``format``.

    Examples
    --------
    >>> table_files("parquet")
    ('documents.parquet', 'sentences.parquet', 'tokens.parquet', 'removed_lines.parquet')
    >>> table_files("xlsx")
    Traceback (most recent call last):
    ...
    corpus_tools.errors.CorpusError: format 'xlsx': unknown table format. Fix: choose one of csv, parquet.
    """
    check_format(format)
    return tuple(f"{name}.{format}" for name in TABLE_NAMES)


def check_format(format: str) -> str:
    """Return ``format`` if it is one of :data:`FORMATS`, else raise a :class:`CorpusError`.

    Examples
    --------
    >>> check_format("csv")
    'csv'
    """
    if format not in FORMATS:
        raise CorpusError(f"format {format!r}: unknown table format. Fix: choose one of {', '.join(FORMATS)}.")
    return format


def require_pyarrow(purpose: str) -> tuple[Any, Any]:
    """Import and return ``(pyarrow, pyarrow.parquet)``, or raise one clear :class:`CorpusError`.

    ``purpose`` names what needs it (a folder, a file, an option) at the start of the message.

    Examples
    --------
    >>> pa, pq = require_pyarrow("--format parquet")
    >>> pa.__name__, pq.__name__
    ('pyarrow', 'pyarrow.parquet')
    """
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as err:
        raise CorpusError(
            f"{purpose}: Parquet tables need the pyarrow package, which cannot be imported ({err}). Fix: "
            "install it (`pip install pyarrow`; `make setup` installs the pinned version), or build with "
            "--format csv."
        ) from None
    return pyarrow, pyarrow.parquet


def arrow_schema(table: str, columns: list[str]) -> Any:
    """The Arrow schema of one processed table with these ``columns`` (types from :data:`TYPED_COLUMNS`).

    Examples
    --------
    >>> arrow_schema("removed_lines", ["doc_id", "file", "line_no", "rule", "text"]).field("line_no").type
    DataType(int64)
    """
    pa, _ = require_pyarrow("Parquet tables")
    types = {"int64": pa.int64(), "bool": pa.bool_()}
    typed = TYPED_COLUMNS[table]
    return pa.schema([pa.field(c, types[typed[c]] if c in typed else pa.string(), nullable=False) for c in columns])


def arrow_table(schema: Any, columns: list) -> Any:
    """An Arrow table of ``schema`` from one sequence of values per column (no rows: empty columns).

    Examples
    --------
    >>> schema = arrow_schema("removed_lines", ["doc_id", "file", "line_no", "rule", "text"])
    >>> arrow_table(schema, [("a",), ("a.txt",), (3,), ("share",), ("Share this",)]).num_rows
    1
    """
    pa, _ = require_pyarrow("Parquet tables")
    if not columns:
        columns = [()] * len(schema)
    arrays = [pa.array(values, type=field.type) for values, field in zip(columns, schema)]
    return pa.Table.from_arrays(arrays, schema=schema)


class ParquetTableWriter:
    """Write Arrow tables, in order, into one Parquet file, in bounded memory and deterministic bytes.

    Rows are buffered until :data:`ROW_GROUP_ROWS` rows or :data:`ROW_GROUP_BYTES` bytes of text
    are pending, then written as one row group (one contiguous chunk per column), so the row
    groups, and the bytes, do not depend on how the rows were split into the tables given to
    :meth:`write`.

    Examples
    --------
    >>> import tempfile
    >>> schema = arrow_schema("removed_lines", ["doc_id", "file", "line_no", "rule", "text"])
    >>> rows = [("a",), ("a.txt",), (3,), ("share",), ("Share this",)]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with ParquetTableWriter(Path(tmp) / "t.parquet", schema, rows=2) as writer:
    ...         for _ in range(3):
    ...             writer.write(arrow_table(schema, rows))
    ...     _, pq = require_pyarrow("example")
    ...     meta = pq.ParquetFile(Path(tmp) / "t.parquet").metadata
    >>> meta.num_rows, meta.num_row_groups
    (3, 2)
    """

    def __init__(self, path: str | Path, schema: Any, *, rows: int = ROW_GROUP_ROWS,
                 max_bytes: int = ROW_GROUP_BYTES) -> None:
        self._pa, pq = require_pyarrow(str(path))
        self._writer = pq.ParquetWriter(str(path), schema, **PARQUET_OPTIONS)
        self._rows_limit, self._bytes_limit = rows, max_bytes
        self._pending: list = []
        self._rows = self._bytes = 0

    def _weights(self, table: Any) -> Any:
        """Per row: UTF-8 bytes of its string fields (computed from the values alone)."""
        import numpy as np
        import pyarrow.compute as pc

        weights = np.zeros(table.num_rows, dtype=np.int64)
        for column, field in zip(table.columns, table.schema):
            if self._pa.types.is_string(field.type):
                weights += pc.binary_length(column).to_numpy(zero_copy_only=False).astype(np.int64)
        return weights

    def write(self, table: Any) -> None:
        """Append the rows of ``table`` (its schema must be the file's)."""
        import numpy as np

        weights = self._weights(table)
        start, n = 0, table.num_rows
        while start < n:
            room = self._rows_limit - self._rows
            running = np.cumsum(weights[start:start + room]) + self._bytes
            take = min(len(running), int(np.searchsorted(running, self._bytes_limit)) + 1)
            self._pending.append(table.slice(start, take))
            self._rows += take
            self._bytes = int(running[take - 1])
            start += take
            if self._rows >= self._rows_limit or self._bytes >= self._bytes_limit:
                self._flush()

    def _flush(self) -> None:
        if self._rows:
            group = self._pa.concat_tables(self._pending).combine_chunks()
            self._writer.write_table(group, row_group_size=self._rows)
        self._pending, self._rows, self._bytes = [], 0, 0

    def close(self) -> None:
        """Write the pending rows and the file's footer."""
        try:
            self._flush()
        finally:
            self._writer.close()

    def __enter__(self) -> ParquetTableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def normalise_table(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Give a processed table its dtypes: int64 and bool per :data:`TYPED_COLUMNS`, ``str`` otherwise.

    Both formats go through it, so the same corpus loads into identical DataFrames.

    Examples
    --------
    >>> frame = normalise_table(pd.DataFrame({"doc_id": ["a"], "line_no": ["3"]}), "removed_lines")
    >>> frame.dtypes.astype(str).tolist()
    ['str', 'int64']
    """
    typed = TYPED_COLUMNS[table]
    return frame.astype({c: typed.get(c, str) for c in frame.columns})


def read_table(path: Path, table: str, format: str, *, fix: str) -> pd.DataFrame:
    """Read one processed table file of ``format``; a file that cannot be parsed is one clear error.

    ``fix`` is the command that rebuilds the folder (said in the error).

    Examples
    --------
    >>> from corpus_tools import paths
    >>> read_table(paths.PROCESSED_DIR / "removed_lines.csv", "removed_lines", "csv", fix="rebuild").columns.tolist()
    ['doc_id', 'file', 'line_no', 'rule', 'text']
    """
    try:
        if format == "csv":
            header = pd.read_csv(path, nrows=0).columns
            typed = TYPED_COLUMNS[table]
            frame = pd.read_csv(path, dtype={c: str for c in header if c not in typed}, keep_default_na=False,
                                na_values=[])
        else:
            pa, pq = require_pyarrow(str(path))
            try:
                # one block per column and the Arrow buffers freed as they are converted: no
                # consolidation copy (about 3x less CPU) and no second copy of the table in memory
                frame = pq.read_table(path).to_pandas(split_blocks=True, self_destruct=True)
            except pa.ArrowException as err:
                raise ValueError(str(err).splitlines()[0]) from None
        return normalise_table(frame, table)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as err:
        if isinstance(err, CorpusError):
            raise
        raise CorpusError(f"{path}: not a readable {format.upper()} table ({str(err).splitlines()[0][:200]}). "
                          f"Fix: {fix} to rebuild the processed corpus.") from None
