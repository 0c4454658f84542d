"""Execute the numbered notebooks: in place on the bundled corpus, or on another corpus.

* :func:`run_in_place` executes ``notebooks/NN-*.ipynb`` top to bottom and stores the outputs in
  the notebooks themselves (what ``make run`` does). Cell timing is not recorded, so rerunning an
  up-to-date notebook leaves ``git status`` clean.
* :func:`run_on_corpus` builds another corpus into ``OUT/processed`` and executes every notebook
  with papermill, passing ``PROCESSED_DIR`` and ``FIGURES_DIR`` to the cell tagged
  ``parameters``; executed copies go to ``OUT/notebooks`` and figures to ``OUT/figures``. The
  repository's own notebooks, data and figures are not touched.

``OUT`` follows the same output rule as a build: new, empty, or an earlier run's output
(``processed/``, ``notebooks/``, ``figures/`` and nothing else, with the build's manifest);
anything else needs ``force=True`` (``--force``), and the corpus, ``data/``, ``figures/`` and
``notebooks/`` of the repository are never written.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient
from tqdm import tqdm

from corpus_tools import paths
from corpus_tools.build import build_processed, check_output_folder, environment_errors, lock_output
from corpus_tools.errors import OutputError
from corpus_tools.io import MAX_TEXT_BYTES

KERNEL = "python3"
TIMEOUT = 1200
#: What ``run_on_corpus`` writes into its output folder.
RUN_OUTPUTS = ("processed", "notebooks", "figures")


def list_notebooks(directory: str | Path | None = None) -> list[Path]:
    """Return the numbered notebooks (``NN-*.ipynb``) of ``directory`` in order.

    Examples
    --------
    >>> [p.name for p in list_notebooks()][:1]
    ['01-corpus.ipynb']
    """
    directory = Path(directory) if directory is not None else paths.NOTEBOOKS_DIR
    return sorted(p for p in directory.glob("[0-9][0-9]-*.ipynb"))


def execute_notebook(path: str | Path, *, output: str | Path | None = None) -> Path:
    """Execute one notebook top to bottom in its own folder and write it (in place by default).

    Raises ``nbclient.exceptions.CellExecutionError`` (with the failing cell) if a cell fails.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=TIMEOUT, kernel_name=KERNEL, record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    output = Path(output) if output is not None else path
    nbformat.write(nb, output)
    return output


def run_in_place(notebooks: list[Path] | None = None, *, progress: bool = True) -> list[Path]:
    """Execute the repository's notebooks in place, in order (figures go to ``figures/``)."""
    notebooks = notebooks if notebooks is not None else list_notebooks()
    done = []
    for path in tqdm(notebooks, desc="notebooks", unit="nb", disable=not progress):
        done.append(execute_notebook(path))
    return done


def run_on_corpus(corpus: str | Path, out: str | Path, *, notebooks: list[Path] | None = None,
                  progress: bool = True, force: bool = False, encoding: str = "utf-8",
                  max_text_bytes: int = MAX_TEXT_BYTES) -> list[Path]:
    """Build ``corpus`` into ``out/processed`` and execute every notebook on it with papermill.

    Parameters
    ----------
    corpus
        A corpus folder (texts + ``metadata.csv``) or a CSV/JSONL table (see ``load_corpus``).
    out
        Output folder; receives ``processed/``, ``notebooks/`` and ``figures/``.
    notebooks
        Notebooks to run; default every numbered notebook of the repository.
    force
        Write into an ``out`` that holds other files (only ``processed/``, ``notebooks/`` and
        ``figures/`` are written there).
    encoding, max_text_bytes
        Passed to :func:`~corpus_tools.build.build_processed`.

    Returns
    -------
    list of Path
        The executed notebooks.

    Raises
    ------
    OutputError
        For an ``out`` inside the repository's ``data/``, ``figures/`` or ``notebooks/``, one that
        holds the corpus, or one that holds other files (without ``force``).

    Examples
    --------
    >>> run_on_corpus(paths.RAW_DIR, paths.FIGURES_DIR / "mine")
    Traceback (most recent call last):
    ...
    corpus_tools.errors.OutputError: .../figures/mine: would write into the repository's figures/. Fix: choose an --out outside the repository's data/, figures/ and notebooks/.
    """
    import papermill

    corpus, out = Path(corpus).resolve(), Path(out).resolve()
    for protected in (paths.DATA_DIR, paths.FIGURES_DIR, paths.NOTEBOOKS_DIR):
        protected = protected.resolve()
        if out == protected or out.is_relative_to(protected) or protected.is_relative_to(out):
            raise OutputError(f"{out}: would write into the repository's {protected.name}/. Fix: choose an --out "
                              "outside the repository's data/, figures/ and notebooks/.")
    with environment_errors(out):
        check_output_folder(out, inputs=(corpus,), force=force, expected=RUN_OUTPUTS,
                            marker="processed/manifest.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        with lock_output(out):
            check_output_folder(out, inputs=(corpus,), force=force, expected=RUN_OUTPUTS,
                                marker="processed/manifest.json")
            out.mkdir(exist_ok=True)
            processed, figures, executed = out / "processed", out / "figures", out / "notebooks"
            build_processed(corpus, processed, progress=progress, force=force, encoding=encoding,
                            max_text_bytes=max_text_bytes)
            executed.mkdir(parents=True, exist_ok=True)
            figures.mkdir(parents=True, exist_ok=True)
            notebooks = notebooks if notebooks is not None else list_notebooks()
            done = []
            for path in tqdm(notebooks, desc="notebooks", unit="nb", disable=not progress):
                target = executed / path.name
                papermill.execute_notebook(
                    str(path), str(target), kernel_name=KERNEL, cwd=str(path.parent), progress_bar=False,
                    parameters={"PROCESSED_DIR": str(processed), "FIGURES_DIR": str(figures)},
                )
                done.append(target)
    return done
