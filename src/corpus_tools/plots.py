"""One look for every figure, and deterministic figure files.

Notebooks call :func:`set_theme` once and :func:`save` for each figure. ``save`` writes PNG
(and optionally SVG) files whose bytes depend only on the figure: PNG metadata carries no
software version, SVG uses a fixed hash salt and no date. Same figure, same bytes, so
``git status`` stays clean after a rerun and a reader can check a regenerated figure with a hash.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import seaborn as sns

from corpus_tools import paths

#: Colour-blind-safe qualitative palette (seaborn's "colorblind", after Wong 2011).
PALETTE = "colorblind"
DPI = 150
_SVG_SALT = "border-frames"


def set_theme() -> None:
    """Apply the project's plotting theme (seaborn whitegrid, colour-blind palette, fixed sizes).

    Examples
    --------
    >>> set_theme()
    >>> matplotlib.rcParams["svg.hashsalt"]
    'border-frames'
    """
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook")
    # seaborn 0.13 calls a colormap method that matplotlib 3.11 flags as pending deprecation;
    # the warning says nothing about the analysis and would put a machine path in notebook output
    warnings.filterwarnings("ignore", category=PendingDeprecationWarning, module="seaborn")
    matplotlib.rcParams.update(
        {
            "figure.figsize": (8.0, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": DPI,
            "savefig.bbox": "tight",
            "font.family": "DejaVu Sans",
            "axes.titleweight": "bold",
            "axes.titlesize": 12,
            "svg.hashsalt": _SVG_SALT,
            "svg.fonttype": "none",
        }
    )


@dataclass(frozen=True)
class SavedFigure:
    """A figure written to disk; Jupyter shows it as the image, and its text form is the path."""

    path: Path
    label: str

    def _repr_png_(self) -> bytes | None:
        png = self.path.with_suffix(".png")
        return png.read_bytes() if png.is_file() else None

    def __repr__(self) -> str:
        return f"SavedFigure({self.label!r})"


def save(fig: matplotlib.figure.Figure, name: str, *, directory: str | Path | None = None,
         formats: tuple[str, ...] = ("png",)) -> SavedFigure:
    """Write ``fig`` deterministically as ``<directory>/<name>.<format>`` and close it.

    Parameters
    ----------
    fig
        The figure.
    name
        File name without suffix; by convention it starts with the notebook's number,
        e.g. ``"02-frames-by-outlet"``.
    directory
        Target folder; default ``figures/`` of the repository. Created if missing.
    formats
        Any of ``"png"``, ``"svg"``, ``"pdf"``.

    Returns
    -------
    SavedFigure
        Displays as the PNG in a notebook; its text form names ``<folder name>/<file>`` only,
        so stored notebook outputs do not depend on where the repository lives.

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     saved = save(fig, "00-line", directory=tmp, formats=("png", "svg"))
    ...     print(sorted(p.name for p in Path(tmp).iterdir()))
    ['00-line.png', '00-line.svg']
    """
    directory = Path(directory) if directory is not None else paths.FIGURES_DIR
    directory.mkdir(parents=True, exist_ok=True)
    metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                "pdf": {"CreationDate": None, "Creator": None, "Producer": None}}
    path = directory / f"{name}.png"
    with matplotlib.rc_context({"svg.hashsalt": _SVG_SALT}):
        for fmt in formats:
            if fmt not in metadata:
                raise ValueError(f"unsupported figure format {fmt!r}; use png, svg or pdf")
            fig.savefig(directory / f"{name}.{fmt}", format=fmt, metadata=metadata[fmt], dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return SavedFigure(path, f"{directory.name}/{name}.png")
