"""One loader for the data files the library ships: word lists, codebooks, actor tables.

Every resource goes through :func:`load_resource`: the file is found (in the shipped
``corpus_tools/resources`` folder, or in ``directory=`` for a domain pack of your own), parsed
and validated by the owning module's ``parse`` function, and cached keyed on the file's path
and modification time, so an edited file is re-read on the next call without a restart.

Examples
--------
>>> from corpus_tools.resources import load_resource, resource_path
>>> resource_path("furniture.yml").name
'furniture.yml'
>>> lines = load_resource(None, lambda path: path.read_text(encoding="utf-8").split(),
...                       name="abbreviations.txt")
>>> "mr" in lines
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from corpus_tools.errors import CorpusError
from corpus_tools.paths import RESOURCES_DIR

__all__ = ["ResourceError", "load_resource", "resource_path"]

T = TypeVar("T")


class ResourceError(CorpusError):
    """A resource file that is missing (the message names the folder searched)."""


def resource_path(name: str, *, directory: str | Path | None = None) -> Path:
    """Return the path of resource file ``name`` in ``directory`` (default: the shipped folder).

    Parameters
    ----------
    name
        A file name inside the resource folder (``"codebook.yml"``).
    directory
        The folder to look in (a domain pack); ``None`` for the shipped
        ``corpus_tools/resources``.

    Raises
    ------
    ResourceError
        When the file does not exist.

    Examples
    --------
    >>> resource_path("abbreviations.txt").parent.name
    'resources'
    """
    folder = Path(directory) if directory is not None else RESOURCES_DIR
    path = folder / name
    if not path.is_file():
        raise ResourceError(f"{path}: no such resource file. Fix: check the name or the folder "
                            f"({folder}).")
    return path


@functools.lru_cache(maxsize=64)
def _parsed(parse: Callable[[Path], Any], path: str, mtime_ns: int) -> Any:
    return parse(Path(path))


def load_resource(path: str | Path | None, parse: Callable[[Path], T], *, name: str,
                  directory: str | Path | None = None,
                  missing: Callable[[Path], Exception] | None = None) -> T:
    """Parse and validate one resource file, cached on (path, modification time).

    Parameters
    ----------
    path
        The file the user gave; ``None`` for ``name`` in ``directory`` (see :func:`resource_path`).
    parse
        The owning module's reader: takes the path, returns the validated content and raises a
        :class:`~corpus_tools.errors.CorpusError` naming the file on bad content.
    name
        The resource's file name in a resource folder (``"actors.csv"``).
    directory
        Resource folder (a domain pack); ``None`` for the shipped one.
    missing
        Builds the error raised when the file does not exist (default :class:`ResourceError`).

    Returns
    -------
    The (shared, cached) result of ``parse``; callers that hand out mutable objects copy them.

    Examples
    --------
    >>> calls = []
    >>> def parse(path):
    ...     calls.append(path.name)
    ...     return path.stat().st_size > 0
    >>> load_resource(None, parse, name="furniture.yml"), load_resource(None, parse, name="furniture.yml"), calls
    (True, True, ['furniture.yml'])
    """
    resolved = Path(path) if path is not None else resource_path(name, directory=directory)
    if not resolved.is_file():
        if missing is not None:
            raise missing(resolved)
        raise ResourceError(f"{resolved}: no such {name} file. Fix: pass an existing file.")
    resolved = resolved.resolve()
    return _parsed(parse, str(resolved), resolved.stat().st_mtime_ns)
