"""Checks on the notebook series itself: structure, declared outputs, no stray figures.

(nbval, run by `make test`, separately re-executes every notebook and compares its outputs.)
"""

from __future__ import annotations

import re

import nbformat
import pytest

from corpus_tools import paths
from corpus_tools.runner import list_notebooks

NOTEBOOKS = list_notebooks()


def _declared_figures(nb) -> set[str]:
    return set(re.findall(r"figures/(\d\d-[\w-]+\.png)", nb.cells[0].source))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_opens_with_question_inputs_outputs(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith(f"# {path.name[:2]} ")
    for needed in ("**Question.**", "**Method.**", "**Reads**", "**writes**"):
        assert needed in first.source, f"{path.name}: first cell lacks {needed}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_closes_with_findings_limits_exercises_and_footer(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("### What this shows", "### Limits", "### Exercises"):
        assert heading in text, f"{path.name}: missing {heading!r}"
    assert nb.cells[-1].source == nbformat.read(NOTEBOOKS[0], as_version=4).cells[-1].source, "footer differs"
    assert "**How to cite.**" in nb.cells[-1].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_declared_figures_are_the_saved_ones(path):
    nb = nbformat.read(path, as_version=4)
    declared = _declared_figures(nb)
    saved = set()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            plain = output.get("data", {}).get("text/plain", "")
            saved.update(re.findall(r"SavedFigure\('figures/([\w-]+\.png)'\)", plain))
    assert declared, f"{path.name} declares no figure"
    assert saved == declared, f"{path.name}: declared {sorted(declared)} but saved {sorted(saved)}"
    assert all(name.startswith(path.name[:3]) for name in saved)
    for name in declared:
        assert (paths.FIGURES_DIR / name).is_file(), f"figures/{name} is missing: run `make run`"


def test_every_figure_belongs_to_a_notebook_and_the_readme():
    declared = set().union(*(_declared_figures(nbformat.read(p, as_version=4)) for p in NOTEBOOKS))
    on_disk = {p.name for p in paths.FIGURES_DIR.glob("*.png")}
    assert on_disk == declared, f"stray or missing figures: {sorted(on_disk ^ declared)}"
    readme = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name in declared:
        assert name in readme, f"README.md does not say where {name} comes from"
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stored_outputs_are_clean(path):
    nb = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "run the notebook top to bottom (make run)"
    for cell in nb.cells:
        assert "execution" not in cell.metadata, "cell timing recorded: execute with record_timing=False"
        for output in cell.get("outputs", []):
            assert output.output_type != "error"
            text = output.get("text", "") + output.get("data", {}).get("text/plain", "")
            assert not re.search(r"/(root|home|work|tmp)/", text), f"{path.name}: machine path in output"
            assert output.get("name") != "stderr", f"{path.name}: stderr output (warning?) stored: {text[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_parameters_cell_parses_cleanly_with_papermill(path, caplog):
    """papermill reads every parameter without a warning: a second '=' on a line (even in a comment)
    makes it print 'Unable to parse line' to the user of `run` and skip that parameter."""
    import logging

    from papermill.translators import PythonTranslator

    from corpus_tools import adapt

    nb = nbformat.read(path, as_version=4)
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    with caplog.at_level(logging.WARNING):
        names = [p.name for p in PythonTranslator.inspect(cell)]
    assert [r.getMessage() for r in caplog.records] == []
    assert sorted(names) == sorted(adapt.notebook_parameters(nb))
