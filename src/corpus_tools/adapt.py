"""Adapt a notebook of the series to another corpus: bundled-only cells and parameters.

Every notebook states its findings from the run's own numbers (:mod:`corpus_tools.findings`).
Interpretation that only holds for the bundled corpus (it names its outlets, speakers or counts)
sits in cells tagged ``bundled-only``. On any other corpus :func:`adapt_notebook` replaces each
such cell with a short visible note, so a reader never sees findings about texts they did not
give. Parameters given on the command line (``-p NAME VALUE``) are parsed by
:func:`parse_parameter` and checked against the notebook's ``parameters`` cell by
:func:`check_parameters`.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_code_cell("LABEL = None", metadata={"tags": ["parameters"]}),
...     nbformat.v4.new_markdown_cell("The five articles ...", metadata={"tags": [BUNDLED_ONLY_TAG]}),
... ])
>>> adapted = adapt_notebook(nb, bundled=False)
>>> adapted.cells[1].source.startswith("*A passage about the bundled example")
True
>>> notebook_parameters(nb)
['LABEL']
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Mapping
from typing import Any

from corpus_tools.errors import CorpusError

#: Tag of a cell whose text holds only for the bundled corpus.
BUNDLED_ONLY_TAG = "bundled-only"
#: Tag papermill reads: the cell holding a notebook's parameters.
PARAMETERS_TAG = "parameters"
#: What replaces a bundled-only cell on another corpus.
OMITTED_NOTE = (
    "*A passage about the bundled example corpus is left out here: it describes those texts, "
    "not these. The findings in this notebook are computed from this corpus.*"
)


class ParameterError(CorpusError):
    """A notebook parameter given on the command line that the notebooks do not have."""


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def adapt_notebook(nb: Any, *, bundled: bool) -> Any:
    """Return a copy of ``nb`` for the bundled corpus (unchanged) or another corpus.

    On another corpus every cell tagged ``bundled-only`` becomes a markdown cell holding
    :data:`OMITTED_NOTE` (code cells too: their output would describe the bundled corpus).
    The notebook passed in is never modified.
    """
    out = copy.deepcopy(nb)
    if bundled:
        return out
    import nbformat

    for i, cell in enumerate(out.cells):
        if BUNDLED_ONLY_TAG in _tags(cell):
            note = nbformat.v4.new_markdown_cell(OMITTED_NOTE, metadata={"tags": ["bundled-only-omitted"]})
            if "id" in cell:
                note["id"] = cell["id"]
            out.cells[i] = note
    return out


def notebook_parameters(nb: Any) -> list[str]:
    """Return the names assigned in the notebook's ``parameters`` cell, in order.

    Raises :class:`ParameterError` when the notebook has no such cell.
    """
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in _tags(cell):
            names = []
            for node in ast.parse(cell.source).body:
                targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
                names += [t.id for t in targets if isinstance(t, ast.Name)]
            return list(dict.fromkeys(names))
    raise ParameterError("this notebook has no cell tagged 'parameters': tag the cell that holds its settings.")


def parse_parameter(value: str) -> Any:
    """Read a command-line parameter value as a Python literal, else keep it as text.

    >>> parse_parameter("3"), parse_parameter("['flood*', 'drought']"), parse_parameter("section")
    (3, ['flood*', 'drought'], 'section')
    >>> parse_parameter("None") is None, parse_parameter("true")
    (True, True)
    """
    lowered = value.strip().lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    if lowered in {"none", "null"}:
        return None
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value


def check_parameters(given: Mapping[str, Any], known: Mapping[str, list[str]]) -> None:
    """Refuse a parameter that no notebook of the series declares, naming where each is known.

    ``known`` maps each notebook's name to its parameter names.

    >>> check_parameters({"LABEL": "section"}, {"01-corpus": ["LABEL"]})
    >>> check_parameters({"LABLE": "x"}, {"01-corpus": ["LABEL"]})
    Traceback (most recent call last):
    ...
    corpus_tools.adapt.ParameterError: -p LABLE: no notebook has this parameter. Known: LABEL.
    """
    every = sorted({name for names in known.values() for name in names})
    for name in given:
        if name not in every:
            raise ParameterError(f"-p {name}: no notebook has this parameter. Known: {', '.join(every)}.")


def parameters_for(nb: Any, given: Mapping[str, Any]) -> dict[str, Any]:
    """Return the subset of ``given`` that this notebook declares (papermill sets only those)."""
    declared = set(notebook_parameters(nb))
    return {k: v for k, v in given.items() if k in declared}
