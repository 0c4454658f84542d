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

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from tqdm import tqdm

from corpus_tools import paths
from corpus_tools.build import build_processed
from corpus_tools.errors import OutputError
from corpus_tools.formats import check_format, require_pyarrow
from corpus_tools.io import MAX_TEXT_BYTES
from corpus_tools.outputs import check_output_folder, environment_errors, lock_output
from corpus_tools.processed import document_columns

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
    coalesce_streams(nb)
    output = Path(output) if output is not None else path
    nbformat.write(nb, output)
    return output


def coalesce_streams(nb: Any) -> Any:
    """Merge consecutive stdout (or stderr) outputs of each cell into one, in place.

    A kernel flushes printed text on a timer, so one ``print("a", b)`` can arrive as one stream
    output or as two depending on how busy the machine is. Merging them makes the stored
    notebook the same bytes on every run.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('a', 1)", outputs=[
    ...     nbformat.v4.new_output("stream", name="stdout", text="a"),
    ...     nbformat.v4.new_output("stream", name="stdout", text=" 1\\n")])])
    >>> [o["text"] for o in coalesce_streams(nb).cells[0].outputs]
    ['a 1\\n']
    """
    for cell in nb.cells:
        outputs = cell.get("outputs")
        if not outputs:
            continue
        merged: list[Any] = []
        for output in outputs:
            previous = merged[-1] if merged else None
            if (output.get("output_type") == "stream" and previous is not None
                    and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
                previous["text"] = previous["text"] + output["text"]
            else:
                merged.append(output)
        cell["outputs"] = merged
    return nb


def run_in_place(notebooks: list[Path] | None = None, *, progress: bool = True) -> list[Path]:
    """Execute the repository's notebooks in place, in order (figures go to ``figures/``)."""
    notebooks = notebooks if notebooks is not None else list_notebooks()
    done = []
    for path in tqdm(notebooks, desc="notebooks", unit="nb", disable=not progress):
        done.append(execute_notebook(path))
    return done


@dataclass(frozen=True)
class NotebookResult:
    """How one notebook of a run on another corpus ended."""

    notebook: str
    path: Path
    ok: bool
    cell: int | None = None
    error: str = ""

    def line(self) -> str:
        """One line for the run's status file and the command line."""
        if self.ok:
            return f"{self.notebook}: executed"
        where = f" at cell [{self.cell}]" if self.cell is not None else ""
        return f"{self.notebook}: FAILED{where}: {self.error}"


class RunResults(list):
    """The :class:`NotebookResult` of every notebook of a run, in order (a list)."""

    @property
    def failed(self) -> list[NotebookResult]:
        return [r for r in self if not r.ok]


def select_notebooks(selection: list[str] | None = None) -> list[Path]:
    """Return the repository's notebooks named by number or name (all when ``selection`` is empty).

    >>> [p.name for p in select_notebooks(["02", "05-topics"])]
    ['02-framing.ipynb', '05-topics.ipynb']
    >>> select_notebooks(["09"])
    Traceback (most recent call last):
    ...
    corpus_tools.errors.OutputError: --notebooks 09: no such notebook. Known: 01, 02, 03, 04, 05.
    """
    every = list_notebooks()
    if not selection:
        return every
    chosen = []
    for item in selection:
        match = [p for p in every if p.stem == item or p.name == item or p.stem.split("-")[0] == item]
        if not match:
            known = ", ".join(p.stem.split("-")[0] for p in every)
            raise OutputError(f"--notebooks {item}: no such notebook. Known: {known}.")
        chosen += [p for p in match if p not in chosen]
    return sorted(chosen)


def _failure(err: Exception) -> tuple[int | None, str]:
    cell = getattr(err, "exec_count", None)
    ename, evalue = getattr(err, "ename", ""), getattr(err, "evalue", "")
    detail = f"{ename}: {evalue}".strip(": ") if (ename or evalue) else str(err).strip().splitlines()[-1:]
    return cell, (detail if isinstance(detail, str) else " ".join(detail))[:300]


def _write_status(out: Path, results: RunResults, parameters: dict[str, Any]) -> Path:
    lines = ["# Run status", "", "Written by `python -m corpus_tools run`; one line per notebook.", ""]
    lines += [f"- {r.line()}" for r in results]
    lines += ["", "Parameters passed to every notebook that declares them:", ""]
    lines += [f"- `{k}` = `{v!r}`" for k, v in parameters.items() if k not in ("PROCESSED_DIR", "FIGURES_DIR")]
    if results.failed:
        lines += ["", "**Some notebooks failed.** Their executed copies in `notebooks/` stop at the failing cell; "
                      "figures of a failed notebook may be missing. Fix the cause and run again."]
    status = out / "RUN_STATUS.md"
    status.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return status


def run_on_corpus(corpus: str | Path, out: str | Path, *, notebooks: list[Path] | None = None,
                  progress: bool = True, force: bool = False, encoding: str = "utf-8",
                  max_text_bytes: int = MAX_TEXT_BYTES, domain: str | Path | None = None,
                  label: str | None = None, key_terms: list[str] | None = None,
                  parameters: dict[str, Any] | None = None, format: str = "csv") -> RunResults:
    """Build ``corpus`` into ``out/processed`` and execute every notebook on it with papermill.

    Each notebook is adapted to the corpus first (:func:`corpus_tools.adapt.adapt_notebook`: cells
    about the bundled corpus only are replaced by a visible note) and given the parameters it
    declares. A notebook that fails does not stop the run: the others still execute, and
    ``out/RUN_STATUS.md`` lists every notebook with the cell that failed. Figures and executed
    notebooks of an earlier run in ``out`` are removed first, so nothing stale sits beside the new
    tables.

    Parameters
    ----------
    corpus
        A corpus folder (texts + ``metadata.csv``) or a CSV/JSONL table (see ``load_corpus``).
    out
        Output folder; receives ``processed/``, ``notebooks/``, ``figures/`` and ``RUN_STATUS.md``.
    notebooks
        Notebooks to run; default every numbered notebook of the repository.
    force
        Write into an ``out`` that holds other files (only ``processed/``, ``notebooks/`` and
        ``figures/`` are written there).
    encoding, max_text_bytes, format
        Passed to :func:`~corpus_tools.build.build_processed` (``format="parquet"`` writes Parquet
        tables; the notebooks read them through ``load_processed`` unchanged).
    domain
        Domain pack (a shipped pack's name or a folder); default ``generic``
        (:mod:`corpus_tools.domains`). Validated before anything is built.
    label
        The metadata column that groups documents (default: ``outlet`` when present).
    key_terms
        Key terms for notebook 01 (default: the pack's, else derived from the data).
    parameters
        Any other notebook parameter, by name (``-p NAME VALUE``); a name no notebook declares
        is refused.

    Returns
    -------
    RunResults
        One :class:`NotebookResult` per notebook (``.failed`` lists the failures).

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

    from corpus_tools import adapt, domains

    if check_format(format) == "parquet":
        require_pyarrow("--format parquet (format='parquet')")
    corpus, out = Path(corpus).resolve(), Path(out).resolve()
    for protected in (paths.DATA_DIR, paths.FIGURES_DIR, paths.NOTEBOOKS_DIR):
        protected = protected.resolve()
        if out == protected or out.is_relative_to(protected) or protected.is_relative_to(out):
            raise OutputError(f"{out}: would write into the repository's {protected.name}/. Fix: choose an --out "
                              "outside the repository's data/, figures/ and notebooks/.")
    notebooks = notebooks if notebooks is not None else list_notebooks()
    sources = {path: nbformat.read(path, as_version=4) for path in notebooks}
    given = dict(parameters or {})
    pack = domains.load_domain(domain if domain is not None else domains.DEFAULT_DOMAIN)
    given["DOMAIN"] = pack.name if pack.root.parent == domains.DOMAINS_DIR else str(pack.root)
    if label is not None:
        given["LABEL"] = label
    if key_terms is not None:
        given["KEY_TERMS"] = list(key_terms)
    adapt.check_parameters({k: v for k, v in given.items() if k not in ("DOMAIN", "LABEL", "KEY_TERMS")},
                           {p.stem: adapt.notebook_parameters(nb) for p, nb in sources.items()})
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
                            max_text_bytes=max_text_bytes, format=format)
            if label is not None:
                _check_label(processed, label)
            for stale in (executed, figures, out / "RUN_STATUS.md"):
                if stale.is_dir():
                    shutil.rmtree(stale)
                elif stale.exists():
                    stale.unlink()
            executed.mkdir(parents=True)
            figures.mkdir(parents=True)
            given.update({"PROCESSED_DIR": str(processed), "FIGURES_DIR": str(figures)})
            results = RunResults()
            for path in tqdm(notebooks, desc="notebooks", unit="nb", disable=not progress):
                target = executed / path.name
                nb = adapt.adapt_notebook(sources[path], bundled=False)
                try:
                    papermill.execute_notebook(
                        nb, str(target), kernel_name=KERNEL, cwd=str(path.parent), progress_bar=False,
                        parameters=adapt.parameters_for(nb, given),
                    )
                except Exception as err:  # noqa: BLE001 - a failing cell; recorded, the run goes on
                    if type(err).__name__ not in ("PapermillExecutionError", "CellExecutionError", "DeadKernelError"):
                        raise
                    cell, detail = _failure(err)
                    results.append(NotebookResult(path.stem, target, False, cell, detail))
                else:
                    results.append(NotebookResult(path.stem, target, True))
            _write_status(out, results, given)
    return results


def _check_label(processed: Path, label: str) -> None:
    columns = document_columns(processed)
    if label not in columns:
        raise OutputError(f"--label {label}: the corpus has no such column. Its columns: {', '.join(columns)}. "
                          "Fix: add the column to metadata.csv or name one of these.")
