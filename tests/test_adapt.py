"""Tests for corpus_tools.adapt: bundled-only cells and command-line parameters."""

import nbformat
import pytest

from corpus_tools import adapt, runner


def _notebook():
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("PROCESSED_DIR = None\nLABEL: str | None = None\nA = B = 1",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("Newsweek quotes Nikki Haley.", metadata={"tags": ["bundled-only"]}),
        nbformat.v4.new_code_cell("print('bundled')", metadata={"tags": ["bundled-only"]}),
        nbformat.v4.new_markdown_cell("General method text."),
    ])


def test_other_corpus_gets_a_note_instead_of_each_bundled_only_cell():
    nb = _notebook()
    adapted = adapt.adapt_notebook(nb, bundled=False)
    assert [c.cell_type for c in adapted.cells] == ["code", "markdown", "markdown", "markdown"]
    assert adapted.cells[1].source == adapted.cells[2].source == adapt.OMITTED_NOTE
    assert "Newsweek" not in "".join(c.source for c in adapted.cells)
    assert adapted.cells[3].source == "General method text."
    assert nb.cells[1].source == "Newsweek quotes Nikki Haley."  # the original is untouched


def test_bundled_corpus_keeps_every_cell():
    nb = _notebook()
    assert adapt.adapt_notebook(nb, bundled=True) == nb


def test_notebook_parameters_reads_plain_annotated_and_chained_assignments():
    assert adapt.notebook_parameters(_notebook()) == ["PROCESSED_DIR", "LABEL", "A", "B"]


def test_a_notebook_without_parameters_cell_is_refused():
    with pytest.raises(adapt.ParameterError, match="tagged 'parameters'"):
        adapt.notebook_parameters(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]))


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("0.5", 0.5), ("[1, 2]", [1, 2]), ("'x'", "x"),
                                             ("outlet", "outlet"), ("False", False), ("null", None),
                                             ("a b", "a b")])
def test_parse_parameter(text, value):
    assert adapt.parse_parameter(text) == value


def test_unknown_parameter_names_the_known_ones():
    with pytest.raises(adapt.ParameterError, match=r"-p KEYTERMS: .* Known: KEY_TERMS, LABEL"):
        adapt.check_parameters({"KEYTERMS": 1}, {"01": ["LABEL"], "02": ["KEY_TERMS"]})


def test_parameters_for_keeps_only_declared_names():
    assert adapt.parameters_for(_notebook(), {"LABEL": "x", "OTHER": 1}) == {"LABEL": "x"}


def test_every_notebook_of_the_series_has_a_parameters_cell():
    for path in runner.list_notebooks():
        assert "PROCESSED_DIR" in adapt.notebook_parameters(nbformat.read(path, as_version=4)), path.name
