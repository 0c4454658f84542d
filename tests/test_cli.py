"""Tests for the command line and the notebook runner: another corpus, without editing code."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import nbformat
import pytest

from corpus_tools import paths
from corpus_tools.cli import main
from corpus_tools.runner import list_notebooks


def _tree_hashes(*folders):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for f in folders for p in sorted(f.rglob("*")) if p.is_file()}


def test_build_command(small_corpus, tmp_path, capsys):
    assert main(["build", "--raw", str(small_corpus), "--out", str(tmp_path / "out")]) == 0
    assert "built 3 documents" in capsys.readouterr().out
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 3


def test_build_command_reports_bad_input_without_traceback(tmp_path, write_corpus, capsys):
    folder = write_corpus(tmp_path / "c", {"a.txt": ""})
    assert main(["build", "--raw", str(folder), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: 1 problem(s)")
    assert "a.txt: the text is empty" in err
    assert "Traceback" not in err


def test_run_needs_corpus_and_out_together(capsys):
    assert main(["run", "--corpus", "x"]) == 2
    assert "--corpus and --out go together" in capsys.readouterr().err


def test_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "corpus_tools", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "build" in result.stdout and "run" in result.stdout


def test_notebooks_are_numbered_in_order():
    names = [p.name for p in list_notebooks()]
    assert names[0] == "01-corpus.ipynb"
    numbers = [n[:2] for n in names]
    assert len(set(numbers)) == len(numbers), "two notebooks share a number"


def test_every_notebook_has_a_parameters_cell():
    for path in list_notebooks():
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert "PROCESSED_DIR = None" in tagged[0].source and "FIGURES_DIR = None" in tagged[0].source


def test_run_on_another_corpus_leaves_the_repository_untouched(small_corpus, tmp_path):
    """A run on a user's corpus (3 texts, own metadata) writes only under --out.

    One notebook is enough here: every notebook runs on other corpora in test_any_corpus.py, and
    nbval runs them all on the bundled corpus.
    """
    # figures/ is left out of the byte comparison: nbval may be re-executing a notebook (which
    # rewrites the same figures with the same bytes) on another worker at the same moment.
    before = _tree_hashes(paths.NOTEBOOKS_DIR, paths.PROCESSED_DIR)
    figure_names = {p.name for p in paths.FIGURES_DIR.iterdir()}
    out = tmp_path / "run"
    assert main(["run", "--corpus", str(small_corpus), "--out", str(out), "--notebooks", "01"]) == 0
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == ["01-corpus.ipynb"]
    assert json.loads((out / "processed" / "manifest.json").read_text())["counts"]["documents"] == 3
    assert any(p.name.startswith("01-") for p in (out / "figures").glob("*.png"))
    nb = nbformat.read(out / "notebooks" / "01-corpus.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and str(out / "processed") in injected[0].source and 'DOMAIN = "generic"' in injected[0].source
    assert _tree_hashes(paths.NOTEBOOKS_DIR, paths.PROCESSED_DIR) == before
    assert {p.name for p in paths.FIGURES_DIR.iterdir()} == figure_names


@pytest.mark.parametrize("target", [paths.FIGURES_DIR, paths.NOTEBOOKS_DIR, paths.DATA_DIR, paths.RAW_DIR / "sub"])
def test_run_refuses_to_write_into_the_repository(small_corpus, target, capsys):
    assert main(["run", "--corpus", str(small_corpus), "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert "would write into the repository's" in err and "Fix:" in err
    assert "Traceback" not in err


def test_build_twice_into_the_same_out_replaces_it(small_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--raw", str(small_corpus), "--out", str(out)]) == 0
    assert main(["build", "--raw", str(small_corpus), "--out", str(out)]) == 0
    assert capsys.readouterr().out.count("built 3 documents") == 2


def test_force_is_needed_for_a_folder_of_other_files(small_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main(["build", "--raw", str(small_corpus), "--out", str(out)]) == 1
    assert "pass --force" in capsys.readouterr().err
    assert main(["build", "--raw", str(small_corpus), "--out", str(out), "--force"]) == 0
    assert (out / "notes.txt").read_text() == "mine"


def test_module_entry_point_reports_errors_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "corpus_tools", "build", "--raw", str(tmp_path / "none"),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
