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

One job per module; everything is re-exported here, so ``corpus_tools.io.load_corpus`` is the
name to use:

* :mod:`corpus_tools.io.files`: read one file safely (regular files only, size limit, one named
  encoding) and SHA-256 digests;
* :mod:`corpus_tools.io.tables`: parse CSV and JSON Lines strictly;
* :mod:`corpus_tools.io.corpus`: load a corpus folder or table, check ids and texts, re-read a
  text against its recorded digest;
* :mod:`corpus_tools.io.checksums`: check a folder against its ``SHA256SUMS`` manifest.
"""

from __future__ import annotations

from corpus_tools.io.checksums import load_checksums, verify_checksums
from corpus_tools.io.corpus import (
    METADATA_NAME,
    REQUIRED_METADATA,
    TEXT_SUFFIXES,
    load_corpus,
    read_corpus_text,
)
from corpus_tools.io.files import (
    MAX_TEXT_BYTES,
    decode_text,
    open_regular_file,
    read_regular_file,
    sha256_bytes,
    sha256_file,
)
from corpus_tools.io.tables import parse_csv

__all__ = [
    "MAX_TEXT_BYTES",
    "METADATA_NAME",
    "REQUIRED_METADATA",
    "TEXT_SUFFIXES",
    "decode_text",
    "load_checksums",
    "load_corpus",
    "open_regular_file",
    "parse_csv",
    "read_corpus_text",
    "read_regular_file",
    "sha256_bytes",
    "sha256_file",
    "verify_checksums",
]
