"""Check a folder against a ``sha256sum``-style manifest (``<hex>  <file>`` per line).

The raw corpus is never edited: :func:`verify_checksums` refuses any file that changed, is
missing, or is in the folder without being listed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from corpus_tools.errors import CorpusError
from corpus_tools.io.files import open_regular_file

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
        if Path(name).name != name or name in (".", ".."):
            problems.append(f"{name}: is a path, not a file name in the folder")
            continue
        try:
            with open_regular_file(path, source=name) as handle:
                actual = hashlib.file_digest(handle, "sha256").hexdigest()
        except FileNotFoundError:
            problems.append(f"{name}: listed in {manifest} but missing")
        except CorpusError as err:
            problems.append(str(err).split(". Fix:")[0])
        else:
            if actual != digest:
                problems.append(f"{name}: content differs from {manifest} (raw data must never be edited)")
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != manifest and path.name not in sums and path.name not in ignore:
            problems.append(f"{path.name}: not listed in {manifest}")
    if problems:
        from corpus_tools import paths

        if folder.resolve() == paths.RAW_DIR.resolve():
            fix = ("Fix: restore the files from git (`git checkout -- data/raw`); if the change is deliberate, "
                   "regenerate the manifest with `cd data/raw && sha256sum $(ls | grep -v SHA256SUMS) > SHA256SUMS`.")
        else:
            fix = (f"Fix: restore the changed files from your backup or their source; if the change is deliberate, "
                   f"regenerate the manifest with `cd {folder} && sha256sum $(ls | grep -v {manifest}) > {manifest}` "
                   f"(or delete {manifest} to stop checking).")
        raise CorpusError(
            f"{folder}: the files do not match {manifest}:\n"
            + "\n".join("  - " + p for p in problems) + "\n" + fix
        )
