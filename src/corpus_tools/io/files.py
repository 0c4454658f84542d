"""Read one file safely: only regular files, within a size limit, decoded with one named encoding.

The checks are made on the opened file itself (``O_NOFOLLOW``, ``fstat``): a symbolic link, a
device, a FIFO or a folder is refused (a link could pull a private file into the tables, a device
or FIFO could exhaust memory or hang the build), and so is a text larger than
:data:`MAX_TEXT_BYTES`. Every refusal is a :class:`~corpus_tools.errors.CorpusError` that names
the file and the fix. Also the SHA-256 digests the build records.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from corpus_tools.errors import CorpusError

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
