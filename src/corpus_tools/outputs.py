"""Where a build may write, and writing there safely.

One job: the output folder. The output rule (:func:`check_output_folder`): a build writes into
an ``out_dir`` that is new, empty, or holds an earlier output of this tool (recognised by its
``manifest.json`` and nothing else in it). Anything else is refused unless ``force=True``, and
then only the files of the same names are replaced, and tables of the other format removed
(nothing else in the folder is touched). Never, even with ``force``: the corpus being read (or a
folder holding it), the bundled ``data/raw``, or the repository's own ``data/processed`` for any
corpus but the bundled one.

The writer holds a lock (:func:`lock_output`), writes into a fresh temporary folder beside
``out_dir`` and swaps it into place when complete (:func:`swap_into_place`), so a failed,
interrupted or concurrent build never leaves a mix of tables; :func:`environment_errors` turns
an error of the disk or the permissions into one line naming the file and the fix. Used by
:mod:`corpus_tools.build` and :mod:`corpus_tools.runner`.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from corpus_tools import paths
from corpus_tools.errors import OutputError
from corpus_tools.formats import FORMATS, table_files

#: Every file a build of any format may write (a folder holding only these is an earlier output).
ANY_OUTPUT_FILES = (*(name for f in FORMATS for name in table_files(f)), "README.md", "manifest.json")
#: Files a file manager leaves in any folder: they do not make a folder foreign (and go with it).
JUNK_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")


def _real(path: str | Path) -> Path:
    """The absolute path with every symbolic link resolved (the path need not exist)."""
    return Path(os.path.realpath(path))


def _is_tool_manifest(path: Path) -> bool:
    """True if ``path`` is a ``manifest.json`` written by :func:`corpus_tools.build.build_processed`."""
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
    manifest last, so an interruption leaves a folder that :func:`corpus_tools.processed.load_processed` refuses; a file
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
