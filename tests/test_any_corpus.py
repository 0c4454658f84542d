"""The notebook series on corpora about other topics (issue 11): it runs, and says only what is true.

The corpora in ``tests/data/corpora/`` were written for these tests (CC0; see their data cards):
council news from three outlets, sport from ONE outlet, science WITHOUT an outlet column, a
SINGLE document, and climate policy WITHOUT quotation marks. None shares a word of subject with
the bundled corpus, so any bundled outlet, speaker or count in a notebook run on them is a bug.

Every notebook runs on the council corpus (one run per notebook, so the slowest test stays short);
the other corpora run the notebooks their shape stresses (one group, no grouping column, one
document, no quotations).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from corpus_tools import paths
from corpus_tools.cli import main
from corpus_tools.runner import list_notebooks

CORPORA = paths.PROJECT_ROOT / "tests" / "data" / "corpora"

#: Names, counts and phrases of the bundled corpus: none may appear in a run on other texts.
BUNDLED_WORDS = re.compile(
    r"Newsweek|\bTIME\b|Voice of America|\bVOA\b|Global Coalition|CGTN|Xinhua|Chinese state media|"
    r"Haley|Nielsen(?!,? \(?\d{4}|, F\.|\d{4})|Sessions|Trump|Shamdasani|Spindler|Bachelet|attorneys general|"
    r"five articles|five texts|the five|zero tolerance|family separation|immigra|asylum|detention|"
    r"agreement 0\.69|53 paragraphs"
)


def _cells_text(nb) -> list[tuple[int, str]]:
    """(cell index, text) for every markdown source and every code output of the notebook."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            out.append((i, cell.source))
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                out.append((i, output.get("text", "")))
            for key in ("text/plain", "text/markdown", "text/html"):
                value = output.get("data", {}).get(key)
                if value:
                    out.append((i, value if isinstance(value, str) else "".join(value)))
    return out


def _check_executed(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert code and all(c.get("execution_count") for c in code), f"{path.name}: a cell did not execute"
    errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    stderr = [o for c in code for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not stderr, f"{path.name}: wrote to stderr: {stderr[0].get('text', '')[:300]}"
    leaks = [(i, m.group(0)) for i, text in _cells_text(nb) for m in BUNDLED_WORDS.finditer(text)]
    assert not leaks, f"{path.name}: bundled-corpus words in a run on other texts (cell, word): {leaks[:5]}"


#: Notebook 05 fits 20 NMF subsamples per candidate k (``N_RUNS``) and 10 LDA subsamples
#: (``N_LDA_RUNS``); on these corpora 5 and 3 take the same
#: code path in a third of the time (the defaults run under nbval on the bundled corpus).
FEWER_TOPIC_FITS = ("-p", "N_RUNS", "5", "-p", "N_LDA_RUNS", "3")


def _run(corpus: str, out: Path, *extra: str) -> Path:
    if "05" in extra or any(e.startswith("05-") for e in extra):
        extra = (*extra, *FEWER_TOPIC_FITS)
    assert main(["run", "--corpus", str(CORPORA / corpus), "--out", str(out), *extra]) == 0, \
        (out / "RUN_STATUS.md").read_text() if (out / "RUN_STATUS.md").exists() else "run failed"
    return out


@pytest.mark.parametrize("notebook", [p.name for p in list_notebooks()])
def test_every_notebook_on_council_news(tmp_path, notebook):
    """Each notebook on a 3-outlet corpus (one run each, so no single test waits for all five)."""
    before = {p.name: p.stat().st_mtime_ns for p in paths.NOTEBOOKS_DIR.glob("*.ipynb")}
    out = _run("council", tmp_path / "run", "--notebooks", notebook[:2])
    _check_executed(out / "notebooks" / notebook)
    assert any(p.name.startswith(notebook[:3]) for p in (out / "figures").glob("*.png")), \
        f"{notebook} saved no figure on a 3-outlet corpus"
    assert "FAILED" not in (out / "RUN_STATUS.md").read_text(encoding="utf-8")
    assert json.loads((out / "processed" / "manifest.json").read_text())["counts"]["documents"] == 8
    assert {p.name: p.stat().st_mtime_ns for p in paths.NOTEBOOKS_DIR.glob("*.ipynb")} == before


@pytest.mark.parametrize(
    ("corpus", "notebooks", "extra"),
    [
        ("sport", ["01"], []),                                # one outlet
        ("sport", ["04"], []),                                # one outlet: keyness needs two groups
        ("science", ["01"], []),                              # no outlet column
        ("science", ["02"], []),
        ("science", ["03"], ["--label", "section"]),          # a grouping column the user names
        ("single", ["04"], []),                               # one document
        ("single", ["05"], []),
        ("climate-noquotes", ["03"], []),                     # no quotation marks at all
        ("climate-noquotes", ["04"], []),
    ],
)
def test_notebooks_on_corpora_of_other_shapes(tmp_path, corpus, notebooks, extra):
    out = _run(corpus, tmp_path / "run", "--notebooks", *notebooks, *extra)
    for path in sorted((out / "notebooks").glob("*.ipynb")):
        _check_executed(path)
    assert len(list((out / "notebooks").glob("*.ipynb"))) == len(notebooks)


@pytest.fixture(scope="module")
def many_ungrouped(tmp_path_factory) -> Path:
    """A corpus of more than notebook.MAX_DOCUMENT_GROUPS documents with NO grouping column: the
    council, sport and science texts together, with only doc_id, file and date."""
    import csv

    from corpus_tools.notebook import MAX_DOCUMENT_GROUPS

    folder = tmp_path_factory.mktemp("many-ungrouped")
    rows = []
    for corpus in ("council", "sport", "science"):
        with (CORPORA / corpus / "metadata.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                (folder / row["file"]).write_bytes((CORPORA / corpus / row["file"]).read_bytes())
                rows.append({"doc_id": row["doc_id"], "file": row["file"], "date": row["date"]})
    assert len(rows) > MAX_DOCUMENT_GROUPS  # the whole-corpus path, not one group per document
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["doc_id", "file", "date"])
        writer.writeheader()
        writer.writerows(rows)
    return folder


@pytest.mark.parametrize("notebook", ["01", "03", "04", "05"])
def test_many_documents_without_a_grouping_column(tmp_path, many_ungrouped, notebook):
    """More than 12 documents and no outlet column. Notebooks 01, 03 and 05 (LABEL=None) treat the
    corpus as one group (notebook.WHOLE_CORPUS); notebook 04 compares sources, so each document is
    its own group there (as its parameters cell says), bounded by compare.MAX_GROUPS."""
    from corpus_tools.notebook import WHOLE_CORPUS

    out = tmp_path / "run"
    extra = FEWER_TOPIC_FITS if notebook == "05" else ()
    assert main(["run", "--corpus", str(many_ungrouped), "--out", str(out), "--notebooks", notebook, *extra]) == 0, \
        (out / "RUN_STATUS.md").read_text() if (out / "RUN_STATUS.md").exists() else "run failed"
    (path,) = (out / "notebooks").glob(f"{notebook}-*.ipynb")
    _check_executed(path)
    text = "\n".join(t for _, t in _cells_text(nbformat.read(path, as_version=4)))
    if notebook == "04":
        assert "19 documents in 19 groups (column 'doc_id')" in text
    else:
        assert WHOLE_CORPUS in text, f"{path.name} does not name the whole-corpus group"
