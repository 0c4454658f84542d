"""The header every notebook of the series shares, in one call.

Each notebook used to type the same lines: load the processed tables, fall back from the
``outlet`` column to ``doc_id`` when a corpus has no outlets, pick the figures folder and pass
``directory=`` to every :func:`corpus_tools.plots.save`. :func:`setup` does all four::

    corpus, LABEL, figures_dir, save = ct.notebook.setup(PROCESSED_DIR, figures_dir=FIGURES_DIR)
    save(fig, "02-frames-by-outlet")

Examples
--------
>>> nb = setup()
>>> nb.label, nb.figures_dir.name, len(nb.corpus.documents)
('outlet', 'figures', 5)
>>> corpus, label, figures_dir, save = nb
>>> callable(save)
True
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_tools import paths, plots
from corpus_tools.build import ProcessedCorpus, load_processed

__all__ = ["MAX_DOCUMENT_GROUPS", "NotebookSetup", "WHOLE_CORPUS", "group_label", "setup"]

#: With no grouping column, documents are their own groups up to this many documents ...
MAX_DOCUMENT_GROUPS = 12
#: ... and beyond it the whole corpus is one group, named by this value of a ``group`` column.
WHOLE_CORPUS = "all corpus"


def group_label(documents: Any, *, preferred: str | None = "outlet") -> str:
    """The column notebooks group documents by: ``preferred`` if the table has it, else ``doc_id``.

    With ``preferred=None`` (a notebook's ``LABEL = None``) the rule is: ``outlet`` if the table
    has it; else ``doc_id`` (each document its own group) while there are at most
    :data:`MAX_DOCUMENT_GROUPS` documents; else ``group``, a column :func:`setup` adds holding
    :data:`WHOLE_CORPUS` for every document.

    Examples
    --------
    >>> import pandas as pd
    >>> group_label(pd.DataFrame(columns=["doc_id", "outlet"])), group_label(pd.DataFrame(columns=["doc_id"]))
    ('outlet', 'doc_id')
    >>> group_label(pd.DataFrame({"doc_id": range(13)}), preferred=None)
    'group'
    """
    if preferred is None:
        if "outlet" in documents.columns:
            return "outlet"
        return "doc_id" if len(documents) <= MAX_DOCUMENT_GROUPS else "group"
    return preferred if preferred in documents.columns else "doc_id"


@dataclass(frozen=True)
class NotebookSetup:
    """What a notebook needs first: the processed corpus, the grouping column and the figures folder.

    Unpacks as ``corpus, label, figures_dir, save``.
    """

    corpus: ProcessedCorpus
    label: str
    figures_dir: Path

    def save(self, fig: Any, name: str, *, formats: tuple[str, ...] = ("png",)) -> plots.SavedFigure:
        """:func:`corpus_tools.plots.save` into this notebook's figures folder."""
        return plots.save(fig, name, directory=self.figures_dir, formats=formats)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.corpus, self.label, self.figures_dir, self.save))


def setup(processed_dir: str | Path | None = None, *, figures_dir: str | Path | None = None,
          label: str | None = "outlet") -> NotebookSetup:
    """Open the processed tables (each read when first used) with the grouping column and a bound ``save``.

    Parameters
    ----------
    processed_dir
        Folder of processed tables (the notebooks' ``PROCESSED_DIR`` parameter); ``None`` for
        ``data/processed``.
    figures_dir
        Where figures are written (``FIGURES_DIR``); ``None`` for ``figures/``.
    label
        Preferred document column to group by; ``doc_id`` when the corpus lacks it. ``None``
        applies the series' rule (:func:`group_label`); when that rule picks one group for the
        whole corpus, a ``group`` column is added to the documents table.

    Returns
    -------
    NotebookSetup

    Examples
    --------
    >>> setup(label="no_such_column").label
    'doc_id'
    """
    corpus = load_processed(processed_dir)
    folder = Path(figures_dir) if figures_dir else paths.FIGURES_DIR
    chosen = group_label(corpus.documents, preferred=label)
    if chosen == "group" and "group" not in corpus.documents.columns:
        corpus.documents["group"] = WHOLE_CORPUS
    return NotebookSetup(corpus=corpus, label=chosen, figures_dir=folder)
