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

__all__ = ["NotebookSetup", "group_label", "setup"]


def group_label(documents: Any, *, preferred: str = "outlet") -> str:
    """The column notebooks group documents by: ``preferred`` if the table has it, else ``doc_id``.

    Examples
    --------
    >>> import pandas as pd
    >>> group_label(pd.DataFrame(columns=["doc_id", "outlet"])), group_label(pd.DataFrame(columns=["doc_id"]))
    ('outlet', 'doc_id')
    """
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


#: With ``label=None`` and no ``outlet`` column, documents are their own groups up to this many.
MAX_DOCUMENT_GROUPS = 12

#: The one group of a corpus with no grouping column and too many documents to compare one by one.
ALL_CORPUS = "all corpus"


def setup(processed_dir: str | Path | None = None, *, figures_dir: str | Path | None = None,
          label: str | None = "outlet", max_groups: int = MAX_DOCUMENT_GROUPS) -> NotebookSetup:
    """Load the processed tables and return them with the grouping column and a bound ``save``.

    Parameters
    ----------
    processed_dir
        Folder of processed tables (the notebooks' ``PROCESSED_DIR`` parameter); ``None`` for
        ``data/processed``.
    figures_dir
        Where figures are written (``FIGURES_DIR``); ``None`` for ``figures/``.
    label
        Preferred document column to group by; ``doc_id`` when the corpus lacks it. ``None`` (a
        notebook's ``LABEL = None``): ``outlet`` if the corpus has it, else ``doc_id`` while there
        are at most ``max_groups`` documents, else one group: a column ``group`` holding
        :data:`ALL_CORPUS` is added to the documents.
    max_groups
        See ``label=None``.

    Returns
    -------
    NotebookSetup

    Examples
    --------
    >>> setup(label="no_such_column").label, setup(label=None).label
    ('doc_id', 'outlet')
    """
    corpus = load_processed(processed_dir)
    folder = Path(figures_dir) if figures_dir else paths.FIGURES_DIR
    if label is None:
        documents = corpus.documents
        if "outlet" in documents.columns or len(documents) <= max_groups:
            label = group_label(documents)
        else:
            documents["group"] = ALL_CORPUS
            label = "group"
    else:
        label = group_label(corpus.documents, preferred=label)
    return NotebookSetup(corpus=corpus, label=label, figures_dir=folder)
