"""Tests for the processed tables' two formats (corpus_tools.formats): CSV and Parquet, one loader."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools import paths
from corpus_tools.build import ANY_OUTPUT_FILES, TABLES, build_processed, document_columns, load_processed
from corpus_tools.cli import main
from corpus_tools.errors import CorpusError, StaleOutputError
from corpus_tools.formats import ParquetTableWriter, arrow_schema, arrow_table, table_files

CORPORA = Path(__file__).parent / "data" / "corpora"
PARQUET = table_files("parquet")


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_same_corpus(a, b):
    for name in ("documents", "sentences", "tokens", "removed"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


@pytest.fixture(scope="module")
def bundled_parquet(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled") / "parquet"
    return out, build_processed(paths.RAW_DIR, out, format="parquet")


def test_parquet_build_writes_its_own_files_and_records_them(bundled_parquet):
    out, manifest = bundled_parquet
    assert sorted(p.name for p in out.iterdir()) == sorted([*PARQUET, "README.md", "manifest.json"])
    assert manifest["format"] == "parquet"
    assert json.loads((out / "manifest.json").read_text())["format"] == "parquet"
    assert sorted(manifest["outputs"]) == sorted(PARQUET)
    for name in PARQUET:
        assert manifest["outputs"][name] == _sha(out / name)
        assert manifest["output_bytes"][name] == (out / name).stat().st_size
        assert (out / name).read_bytes()[:4] == b"PAR1"
    assert manifest["packages"]["pyarrow"] != "not installed"
    assert manifest["counts"] == {"documents": 5, "sentences": 113, "tokens": 3096, "removed_lines": 13}
    readme = (out / "README.md").read_text()
    assert "All tables are Parquet files" in readme and "`tokens.parquet` | token" in readme
    assert ".csv`" not in readme


def test_csv_manifest_has_no_format_key_so_the_bundled_bytes_stay():
    """A CSV build's manifest is what it was before the option: the committed data/processed is unchanged."""
    committed = json.loads((paths.PROCESSED_DIR / "manifest.json").read_text())
    assert "format" not in committed and "pyarrow" not in committed["packages"]
    assert load_processed().manifest.get("format", "csv") == "csv"


def test_parquet_build_is_byte_identical_when_repeated(bundled_parquet, tmp_path):
    first, _ = bundled_parquet
    build_processed(paths.RAW_DIR, tmp_path / "again", format="parquet")
    for name in (*PARQUET, "README.md", "manifest.json"):
        assert _sha(first / name) == _sha(tmp_path / "again" / name), name


def test_bundled_corpus_loads_identically_from_csv_and_parquet(bundled_parquet):
    parquet = load_processed(bundled_parquet[0], verify=True)
    _assert_same_corpus(load_processed(paths.PROCESSED_DIR), parquet)
    assert parquet.tokens["is_stop"].dtype == bool and parquet.tokens["start"].dtype == "int64"
    assert str(parquet.documents["doc_id"].dtype) == "str"


@pytest.mark.parametrize("name", ["council", "science", "single"])
def test_small_corpora_load_identically_from_csv_and_parquet(name, tmp_path):
    corpus = CORPORA / name
    build_processed(corpus, tmp_path / "csv")
    build_processed(corpus, tmp_path / "parquet", format="parquet")
    _assert_same_corpus(load_processed(tmp_path / "csv"), load_processed(tmp_path / "parquet"))
    assert document_columns(tmp_path / "parquet") == document_columns(tmp_path / "csv")


def test_metadata_values_are_kept_as_written_in_both_formats(tmp_path, write_corpus):
    """Ids and metadata that look like numbers stay strings ("007", "1.50"), in both formats."""
    folder = write_corpus(tmp_path / "c", {"a.txt": "First text here.", "b.txt": "Second text here."},
                          metadata="doc_id,file,issue,price\n007,a.txt,01,1.50\n8,b.txt,2,\n")
    build_processed(folder, tmp_path / "csv")
    build_processed(folder, tmp_path / "parquet", format="parquet")
    for out in ("csv", "parquet"):
        corpus = load_processed(tmp_path / out)
        assert corpus.documents["doc_id"].tolist() == ["007", "8"]
        assert corpus.documents["issue"].tolist() == ["01", "2"]
        assert corpus.documents["price"].tolist() == ["1.50", ""]
        assert set(corpus.tokens["doc_id"]) == {"007", "8"}
    _assert_same_corpus(load_processed(tmp_path / "csv"), load_processed(tmp_path / "parquet"))


def test_parallel_parquet_build_equals_serial(tmp_path, write_corpus):
    """Workers (and the chunk size, which depends on their number) must not change a byte."""
    base = (paths.RAW_DIR / "002_efbd4e5175582263.txt").read_text(encoding="utf-8")
    folder = write_corpus(tmp_path / "many", {f"d{i:03d}.txt": base + f"\n\nDocument number {i}." for i in range(60)})
    build_processed(folder, tmp_path / "serial", workers=1, format="parquet")
    build_processed(folder, tmp_path / "parallel", workers=2, format="parquet")
    for name in PARQUET:
        assert _sha(tmp_path / "serial" / name) == _sha(tmp_path / "parallel" / name), name
    build_processed(folder, tmp_path / "csv", workers=2)
    _assert_same_corpus(load_processed(tmp_path / "csv"), load_processed(tmp_path / "parallel"))


def test_row_groups_do_not_depend_on_how_rows_arrive(tmp_path):
    """The same rows given in different pieces give the same file: row groups are cut by the rows alone."""
    import pyarrow.parquet as pq

    columns = ["doc_id", "file", "line_no", "rule", "text"]
    schema = arrow_schema("removed_lines", columns)
    rows = [(f"d{i}", f"d{i}.txt", i, "share", "x" * (i % 7)) for i in range(50)]
    table = arrow_table(schema, list(zip(*rows)))
    for name, pieces in (("whole", [(0, 50)]), ("pieces", [(0, 3), (3, 20), (20, 21), (21, 50)])):
        with ParquetTableWriter(tmp_path / f"{name}.parquet", schema, rows=8, max_bytes=30) as writer:
            for start, end in pieces:
                writer.write(table.slice(start, end - start))
    assert _sha(tmp_path / "whole.parquet") == _sha(tmp_path / "pieces.parquet")
    meta = pq.ParquetFile(tmp_path / "whole.parquet").metadata
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert sum(sizes) == 50 and max(sizes) <= 8 and meta.num_row_groups > 50 // 8
    assert pq.read_table(tmp_path / "pieces.parquet").to_pylist()[17]["line_no"] == 17


def test_rebuilding_in_the_other_format_leaves_one_format(small_corpus, tmp_path):
    out = tmp_path / "out"
    build_processed(small_corpus, out)
    build_processed(small_corpus, out, format="parquet")
    assert sorted(p.name for p in out.iterdir()) == sorted([*PARQUET, "README.md", "manifest.json"])
    (out / "notes.txt").write_text("mine")  # a foreign file: only --force may write here, and keeps it
    build_processed(small_corpus, out, force=True)
    assert sorted(p.name for p in out.iterdir()) == sorted([*TABLES, "README.md", "manifest.json", "notes.txt"])
    assert load_processed(out).manifest.get("format") is None
    assert set(ANY_OUTPUT_FILES) >= {*TABLES, *PARQUET}


# ---- errors: one line, naming the file and the fix ----

_WITHOUT_PYARROW = """
import contextlib, io, json, sys
sys.modules["pyarrow"] = None  # as on a machine without pyarrow (pandas then stores strings in Python)
from corpus_tools.build import load_processed
from corpus_tools.cli import main
from corpus_tools.errors import CorpusError
corpus, out, parquet = sys.argv[1:]
result = {}
for name, argv in (("parquet", ["--format", "parquet"]), ("csv", [])):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        result[name] = [main(["build", "--raw", corpus, "--out", out + "-" + name, *argv]), err.getvalue()]
try:
    load_processed(parquet, verify=False)
except CorpusError as error:
    result["load"] = str(error)
print(json.dumps(result))
"""


def test_parquet_without_pyarrow_is_one_clear_error(bundled_parquet, small_corpus, tmp_path):
    """Without pyarrow: a Parquet build and a Parquet load each fail in one line naming the fix; CSV works."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _WITHOUT_PYARROW, str(small_corpus), str(tmp_path / "out"),
                           str(bundled_parquet[0])], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    status, err = result["parquet"]
    assert status == 1 and err.count("\n") == 1
    assert re.fullmatch(r"error: --format parquet .*: Parquet tables need the pyarrow package, which cannot be "
                        r"imported \(.*\)\. Fix: install it \(`pip install pyarrow`.*\), or build with --format csv\.\n",
                        err)
    assert not (tmp_path / "out-parquet").exists()
    assert result["csv"] == [0, ""]
    assert re.match(rf"{re.escape(str(bundled_parquet[0]))}: Parquet tables need the pyarrow package.*Fix: install it",
                    result["load"])


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(CorpusError, match=r"format 'feather': unknown table format\. Fix: choose one of csv, parquet"):
        build_processed(paths.RAW_DIR, tmp_path / "out", format="feather")
    assert not (tmp_path / "out").exists()


@pytest.fixture
def parquet_copy(bundled_parquet, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(bundled_parquet[0], copy)
    return copy


def test_missing_parquet_table_is_named_with_the_format(parquet_copy):
    (parquet_copy / "tokens.parquet").unlink()
    (parquet_copy / "tokens.csv").write_text("doc_id\n")  # a table of the other format does not stand in for it
    with pytest.raises(CorpusError, match=r"copy: missing tokens\.parquet \(manifest\.json says the tables are "
                                          r"PARQUET\)\. Fix: run `python -m corpus_tools build --raw YOUR_CORPUS "
                                          r"--out .*copy --format parquet` to build"):
        load_processed(parquet_copy)


def test_corrupt_parquet_table_is_one_clear_error(parquet_copy):
    table = parquet_copy / "tokens.parquet"
    data = bytearray(table.read_bytes())
    data[-4:] = b"XXXX"  # same size: only reading the file can tell
    table.write_bytes(bytes(data))
    corpus = load_processed(parquet_copy, verify=False)  # sizes match; each table is read when first used
    assert len(corpus.sentences) > 0
    with pytest.raises(CorpusError, match=r"tokens\.parquet: not a readable PARQUET table \(.+\)\. Fix: run "
                                          r"`python -m corpus_tools build .*--format parquet` to rebuild"):
        _ = corpus.tokens
    with pytest.raises(StaleOutputError, match=r"tokens\.parquet differs from its SHA-256 in the manifest"):
        load_processed(parquet_copy, verify=True)


def test_corrupt_csv_table_is_one_clear_error(tmp_path, small_corpus):
    out = tmp_path / "out"
    build_processed(small_corpus, out)
    table = out / "sentences.csv"
    data = table.read_bytes()
    table.write_bytes(data.replace(b",0,0,0,", b",x,0,0,", 1))  # same size, a letter in an integer column
    with pytest.raises(CorpusError, match=r"sentences\.csv: not a readable CSV table \(.+\)\. Fix: run"):
        _ = load_processed(out, verify=False).sentences


def test_manifest_naming_an_unknown_format_is_refused(parquet_copy):
    manifest = json.loads((parquet_copy / "manifest.json").read_text())
    manifest["format"] = "feather"
    (parquet_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CorpusError, match=r"manifest\.json names the table format 'feather', which this version "
                                          r"of corpus_tools cannot read \(it reads csv, parquet\)\. Fix: run"):
        load_processed(parquet_copy)


def test_cli_build_writes_parquet(small_corpus, tmp_path, capsys):
    assert main(["build", "--raw", str(small_corpus), "--out", str(tmp_path / "out"), "--format", "parquet"]) == 0
    assert "built 3 documents" in capsys.readouterr().out
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["format"] == "parquet"


def test_cli_refuses_an_unknown_format(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--format", "xlsx"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xlsx'" in capsys.readouterr().err


def test_a_notebook_runs_unchanged_on_a_parquet_build(tmp_path):
    """`run --corpus ... --format parquet`: the notebooks read the tables through load_processed."""
    import nbformat

    out = tmp_path / "run"
    argv = ["run", "--corpus", str(CORPORA / "council"), "--out", str(out), "--format", "parquet", "--label", "outlet",
            "--notebooks", "01"]
    assert main(argv) == 0
    assert json.loads((out / "processed" / "manifest.json").read_text())["format"] == "parquet"
    assert not list((out / "processed").glob("*.csv"))
    nb = nbformat.read(out / "notebooks" / "01-corpus.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs and not [o for o in outputs if o.output_type == "error"]
    assert "executed" in (out / "RUN_STATUS.md").read_text()
    assert any(p.name.startswith("01-") for p in (out / "figures").glob("*.png"))
    with pytest.raises(CorpusError, match=r"--label no_such: the corpus has no such column"):
        from corpus_tools.runner import run_on_corpus

        run_on_corpus(CORPORA / "council", tmp_path / "run2", notebooks=[], label="no_such", format="parquet",
                      progress=False)


def test_in_place_run_refuses_another_format(capsys):
    """The bundled corpus stays CSV: --format belongs to a run on another corpus."""
    assert main(["run", "--format", "parquet"]) == 2
    assert "--format apply to a run on another corpus" in capsys.readouterr().err
