"""Domain packs: everything specific to one debate, in one folder a user can copy and edit.

A *domain pack* is data, not code: the key terms, the frame codebook's cues, the actor table,
(who speaks, and whom a sentence mentions for tone by target), the sentiment domain adjustments,
and the contested labels of one public debate.
The bundled corpus (US immigration detention and family separation) uses the ``immigration``
pack; any other corpus uses ``generic`` (issue-general cues, generic actor types, no sentiment
adjustments, key terms derived from the data) unless the user names a pack of their own.

A pack is a folder holding a ``domain.yml``::

    name: my_debate
    description: One line saying what debate the pack is for.
    files:                     # every key optional; a missing key means "not in this pack"
      codebook: codebook.yml
      actors: actors.csv
      sentiment_adjustments: sentiment_domain_adjustments.yml
      contested_labels: contested_labels.yml
      key_terms: key_terms.txt

Each file is validated on load by the module that uses it (:func:`validate_domain`), so an
error names the file, the row or entry, and the field. ``python -m corpus_tools new-domain DIR``
(:func:`write_domain_template`) writes a commented pack to edit.

Examples
--------
>>> pack = load_domain("generic")
>>> pack.name, pack.has("sentiment_adjustments")
('generic', False)
>>> load_domain("immigration").key_terms()[:2]
['separat*', 'detain*']
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_tools.errors import CorpusError

#: Folder holding the packs shipped with the package.
DOMAINS_DIR: Path = Path(__file__).resolve().parent
#: Pack used for the bundled corpus.
BUNDLED_DOMAIN = "immigration"
#: Pack used for any other corpus unless the user names one.
DEFAULT_DOMAIN = "generic"
#: The files a pack may hold, and what each is for.
PACK_FILES: dict[str, str] = {
    "codebook": "frame codebook with cues (corpus_tools.frames.load_codebook)",
    "actors": "actor table: who speaks, which kind of actor, and the targets of tone by target "
              "(corpus_tools.actors.load_actor_table)",
    "sentiment_adjustments": "VADER domain adjustments (corpus_tools.sentiment.load_domain_adjustments)",
    "contested_labels": "contested labels to count (corpus_tools.frames.load_contested_labels)",
    "key_terms": "key terms, one per line, '*' = any ending (load_key_terms)",
}
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_TERM = re.compile(r"^[^\s*]+(?: [^\s*]+)*\*?$")


class DomainError(CorpusError):
    """A domain pack that is missing, malformed or refers to a file it does not hold."""


@dataclass(frozen=True)
class DomainPack:
    """A validated domain pack: its name, folder and the files it holds.

    Attributes
    ----------
    name, description : str
        From ``domain.yml``.
    root : pathlib.Path
        The pack's folder.
    files : mapping of str to pathlib.Path
        Kind of file (a key of :data:`PACK_FILES`) to its path inside ``root``.
    """

    name: str
    description: str
    root: Path
    files: Mapping[str, Path] = field(default_factory=dict)

    def has(self, kind: str) -> bool:
        """Return True when the pack holds a file of this kind (a key of :data:`PACK_FILES`)."""
        _check_kind(kind)
        return kind in self.files

    def path(self, kind: str) -> Path | None:
        """Return the path of the pack's file of this kind, or None when the pack has none.

        >>> load_domain("generic").path("sentiment_adjustments") is None
        True
        """
        _check_kind(kind)
        return self.files.get(kind)

    def key_terms(self) -> list[str]:
        """Return the pack's key terms ([] when it has none: derive them from the data)."""
        path = self.path("key_terms")
        return load_key_terms(path) if path is not None else []


def _check_kind(kind: str) -> None:
    if kind not in PACK_FILES:
        raise DomainError(f"unknown kind of pack file {kind!r}; known: {', '.join(PACK_FILES)}")


def list_domains() -> list[str]:
    """Return the names of the packs shipped with the package.

    >>> list_domains()
    ['generic', 'immigration']
    """
    return sorted(p.name for p in DOMAINS_DIR.iterdir() if (p / "domain.yml").is_file())


def _pack_root(domain: str | Path) -> Path:
    text = str(domain)
    if isinstance(domain, str) and _NAME.match(text) and (DOMAINS_DIR / text / "domain.yml").is_file():
        return DOMAINS_DIR / text
    root = Path(domain).expanduser()
    if root.is_file() and root.name == "domain.yml":
        root = root.parent
    if not root.is_dir():
        raise DomainError(
            f"{text}: no such domain pack. Give a shipped pack ({', '.join(list_domains())}) or a "
            "folder holding a domain.yml; `python -m corpus_tools new-domain DIR` writes one to edit."
        )
    if not (root / "domain.yml").is_file():
        raise DomainError(f"{root}: this folder has no domain.yml. Fix: `python -m corpus_tools new-domain {root}` "
                          "writes a commented pack, or add a domain.yml naming the pack's files.")
    return root


def _read_manifest(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise DomainError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start}); save it as UTF-8.") from None
    except yaml.YAMLError as err:
        raise DomainError(f"{path}: not valid YAML ({err}).") from None
    if not isinstance(data, dict):
        raise DomainError(f"{path}: must be a mapping with name, description and files.")
    unknown = sorted(set(data) - {"name", "description", "files"})
    if unknown:
        raise DomainError(f"{path}: unknown field(s) {', '.join(unknown)}; allowed: name, description, files.")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise DomainError(f"{path}, field 'name': give a short lowercase name (letters, digits, _ or -), got {name!r}.")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise DomainError(f"{path}, field 'description': must be one line of text, got {description!r}.")
    files = data.get("files") or {}
    if not isinstance(files, dict):
        raise DomainError(f"{path}, field 'files': must map kinds of file to file names, got {files!r}.")
    return {"name": name, "description": description.strip(), "files": files}


def load_domain(domain: str | Path | None = None, *, validate: bool = True) -> DomainPack:
    """Load a domain pack by name (a shipped pack) or folder, and validate every file in it.

    Parameters
    ----------
    domain
        A shipped pack's name (:func:`list_domains`), a folder holding ``domain.yml``, or None
        for :data:`DEFAULT_DOMAIN`.
    validate
        Load each file with the module that uses it (:func:`validate_domain`); errors name the
        file and the row or entry.

    Returns
    -------
    DomainPack

    Raises
    ------
    DomainError
        The pack or a file it names is missing, or ``domain.yml`` is malformed; a file that
        fails its own validation raises that module's error (a :class:`CorpusError`).

    Examples
    --------
    >>> sorted(load_domain("immigration").files)[:3]
    ['actors', 'codebook', 'contested_labels']
    >>> load_domain("no_such_pack")
    Traceback (most recent call last):
    ...
    corpus_tools.domains.DomainError: no_such_pack: no such domain pack. Give a shipped pack (generic, immigration) or a folder holding a domain.yml; `python -m corpus_tools new-domain DIR` writes one to edit.
    """
    root = _pack_root(DEFAULT_DOMAIN if domain is None else domain).resolve()
    manifest_path = root / "domain.yml"
    manifest = _read_manifest(manifest_path)
    files: dict[str, Path] = {}
    for kind, name in manifest["files"].items():
        if kind == "sentiment_targets":
            raise DomainError(f"{manifest_path}, files: 'sentiment_targets' is no longer a file of its own: the "
                              "targets of tone by target are rows of the actor table (column 'target'). Fix: move "
                              "each target's patterns into actors.csv as rows with speaker=no and that target "
                              "(see the generic pack's actors.csv), then delete the line.")
        if kind not in PACK_FILES:
            raise DomainError(f"{manifest_path}, files: unknown kind {kind!r}; known: {', '.join(PACK_FILES)}.")
        if not isinstance(name, str) or not name.strip():
            raise DomainError(f"{manifest_path}, files.{kind}: give a file name inside the pack, got {name!r}.")
        path = (root / name).resolve()
        if not path.is_relative_to(root):
            raise DomainError(f"{manifest_path}, files.{kind}: {name!r} is outside the pack folder; keep pack files inside it.")
        if path.is_symlink() or not path.is_file():
            raise DomainError(f"{manifest_path}, files.{kind}: {name!r} is not a file in {root}. "
                              f"Fix: add the file, or remove the line to leave {kind} out of the pack.")
        files[kind] = path
    pack = DomainPack(name=manifest["name"], description=manifest["description"], root=root, files=files)
    if validate:
        validate_domain(pack)
    return pack


def load_key_terms(path: str | Path) -> list[str]:
    """Read a key-terms file: one lowercase term per line, ``*`` at the end = any ending.

    Blank lines and lines starting with ``#`` are ignored. A term with ``*`` needs at least three
    characters before it; duplicates are refused.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "key_terms.txt")
    ...     _ = open(p, "w", encoding="utf-8").write("# comment\\nflood*\\nsea level\\n")
    ...     load_key_terms(p)
    ['flood*', 'sea level']
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise DomainError(f"{path}: cannot read key terms ({err}); save the file as UTF-8 text.") from None
    terms: list[str] = []
    for number, line in enumerate(lines, start=1):
        term = line.strip()
        if not term or term.startswith("#"):
            continue
        if term != term.lower() or not _TERM.match(term) or (term.endswith("*") and len(term) < 4):
            raise DomainError(
                f"{path}, line {number}: {term!r} is not a key term. Write one lowercase word or phrase "
                "per line; '*' only at the end, after at least three letters (e.g. 'detain*')."
            )
        if term in terms:
            raise DomainError(f"{path}, line {number}: {term!r} is listed twice.")
        terms.append(term)
    return terms


def validate_domain(pack: DomainPack) -> None:
    """Load every file of ``pack`` with the module that uses it; raise on the first bad file.

    The loaders' own errors (:class:`CorpusError` subclasses) name the file, row and field;
    any other error is re-raised as :class:`DomainError` naming the file.
    """
    from corpus_tools import actors, frames, sentiment

    loaders = {
        "codebook": frames.load_codebook,
        "actors": actors.load_actor_table,
        "sentiment_adjustments": sentiment.load_domain_adjustments,
        "contested_labels": frames.load_contested_labels,
        "key_terms": load_key_terms,
    }
    for kind, path in pack.files.items():
        try:
            loaders[kind](path)
        except CorpusError:
            raise
        except (ValueError, KeyError, TypeError, OSError) as err:
            raise DomainError(f"{path} ({kind} of domain pack {pack.name!r}): {err}") from None


_TEMPLATE_HEADER = """\
# A Border Frames domain pack: everything specific to one debate.
# Written by `python -m corpus_tools new-domain` from the {base!r} pack. Edit the files, then run
#   python -m corpus_tools run --corpus YOUR_TEXTS --out runs/mine --domain {folder}
# Every file is validated when the pack is loaded; an error names the file, the row and the field.
#
# name:         a short lowercase name (letters, digits, _ or -)
# description:  one line: which debate, which language, who wrote the pack
# files:        the files of the pack; delete a line to leave that resource out:
{kinds}
"""


def write_domain_template(directory: str | Path, *, base: str = DEFAULT_DOMAIN, name: str | None = None) -> Path:
    """Write a commented copy of a shipped pack into a new folder, to edit for another debate.

    Parameters
    ----------
    directory
        A folder that does not exist yet, or is empty.
    base
        The shipped pack to start from (``generic`` by default; ``immigration`` to see a full
        domain pack).
    name
        The new pack's name (default: the folder's name, lowercased).

    Returns
    -------
    pathlib.Path
        The new pack's ``domain.yml``.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = write_domain_template(os.path.join(d, "housing"))
    ...     load_domain(path.parent).name
    'housing'
    """
    import yaml

    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DomainError(f"{target}: exists and is not an empty folder; choose a new folder for the pack.")
    source = load_domain(base)
    name = name or re.sub(r"[^a-z0-9_-]+", "_", target.name.lower()).strip("_-") or "my_domain"
    if not _NAME.match(name):
        raise DomainError(f"{name!r}: a pack name is lowercase letters, digits, _ or -, starting with a letter.")
    target.mkdir(parents=True, exist_ok=True)
    names = {}
    for kind, path in source.files.items():
        shutil.copyfile(path, target / path.name)
        names[kind] = path.name
    readme = source.root / "README.md"
    if readme.is_file():
        shutil.copyfile(readme, target / "README.md")
    kinds = "\n".join(f"#   {kind:<22} {what}" for kind, what in PACK_FILES.items())
    body = yaml.safe_dump(
        {"name": name, "description": f"Edit me: the debate this pack is for (started from {base}).", "files": names},
        sort_keys=False, allow_unicode=True,
    )
    manifest = target / "domain.yml"
    manifest.write_text(_TEMPLATE_HEADER.format(base=base, folder=target, kinds=kinds) + body, encoding="utf-8")
    return manifest
