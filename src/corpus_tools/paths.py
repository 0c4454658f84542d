"""Repository locations, resolved once from this file's position.

Every notebook and command gets its paths from here, so nothing depends on the folder a command
is started from. The layout is the one described in the README::

    PROJECT_ROOT/
        data/raw/         the bundled corpus (read-only)
        data/processed/   tables built by ``python -m corpus_tools build``
        figures/          figures saved by the notebooks
        notebooks/        the numbered notebook series

Examples
--------
>>> from corpus_tools import paths
>>> paths.RAW_DIR.relative_to(paths.PROJECT_ROOT).as_posix()
'data/raw'
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (``src/corpus_tools/paths.py`` is two levels below it).
PROJECT_ROOT: Path = Path(__file__).resolve().parents[2]
DATA_DIR: Path = PROJECT_ROOT / "data"
RAW_DIR: Path = DATA_DIR / "raw"
PROCESSED_DIR: Path = DATA_DIR / "processed"
FIGURES_DIR: Path = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
#: Hand labellings of the bundled corpus (gold data for evaluation).
ANNOTATIONS_DIR: Path = DATA_DIR / "annotations"
#: The reference labelling of the quotations (:func:`corpus_tools.quotes.load_gold_quotes`).
GOLD_QUOTES: Path = ANNOTATIONS_DIR / "gold_quotes.csv"
#: Word lists, codebooks and other data files shipped inside the package.
RESOURCES_DIR: Path = Path(__file__).resolve().parent / "resources"
#: The domain pack whose files are the defaults when no pack or file is named: the bundled
#: debate's (codebook, actor table, sentiment targets and adjustments, contested labels).
DEFAULT_PACK_DIR: Path = Path(__file__).resolve().parent / "domains" / "immigration"


def resource(name: str) -> Path:
    """Return the path of a data file shipped in ``corpus_tools/resources``.

    Parameters
    ----------
    name
        File name inside the resources folder, e.g. ``"abbreviations.txt"``.

    Returns
    -------
    pathlib.Path
        The path; a ``FileNotFoundError`` names the folder when the file is absent.

    Examples
    --------
    >>> resource("abbreviations.txt").name
    'abbreviations.txt'
    """
    path = RESOURCES_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such resource shipped with corpus_tools")
    return path


#: The reference frame coding of the bundled corpus (:func:`corpus_tools.frames.load_reference_coding`).
REFERENCE_CODING: Path = RESOURCES_DIR / "reference_coding.csv"
