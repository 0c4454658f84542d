"""The run command's options on another corpus: failures named, parameters and labels checked, packs written."""

from __future__ import annotations

import re

import nbformat

from corpus_tools import paths
from corpus_tools.cli import main

CORPORA = paths.PROJECT_ROOT / "tests" / "data" / "corpora"


def test_a_failing_notebook_is_named_and_the_others_still_run(tmp_path):
    from corpus_tools.runner import run_on_corpus

    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name, code in [("01-fails.ipynb", "raise RuntimeError('boom')"), ("02-works.ipynb", "print('fine')")]:
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("PROCESSED_DIR = None\nFIGURES_DIR = None", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(code),
        ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        nbformat.write(nb, folder / name)
    out = tmp_path / "run"
    results = run_on_corpus(CORPORA / "single", out, notebooks=sorted(folder.glob("*.ipynb")), progress=False)
    assert [r.ok for r in results] == [False, True]
    assert results.failed[0].error == "RuntimeError: boom"
    status = (out / "RUN_STATUS.md").read_text(encoding="utf-8")
    assert re.search(r"01-fails: FAILED at cell \[\d+\]: RuntimeError: boom", status) and "02-works: executed" in status


def test_unknown_parameter_is_refused_before_anything_is_built(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "--corpus", str(CORPORA / "single"), "--out", str(out), "-p", "NO_SUCH", "1"]) == 1
    assert "-p NO_SUCH: no notebook has this parameter" in capsys.readouterr().err
    assert not out.exists()


def test_unknown_label_names_the_columns(tmp_path, capsys):
    assert main(["run", "--corpus", str(CORPORA / "science"), "--out", str(tmp_path / "run"),
                 "--label", "outlet", "--notebooks", "01"]) == 1
    assert "--label outlet: the corpus has no such column" in capsys.readouterr().err


def test_new_domain_writes_a_pack_that_runs(tmp_path, capsys):
    pack = tmp_path / "council_pack"
    assert main(["new-domain", str(pack)]) == 0
    assert (pack / "domain.yml").is_file() and (pack / "codebook.yml").is_file()
    assert main(["new-domain", str(pack)]) == 1  # not empty any more: refused, nothing overwritten
    assert "not an empty folder" in capsys.readouterr().err
