"""Hostile and unlucky input: every case is built in a temporary folder and must end in a clear
error (its class, the file and the fix), with the inputs unchanged, nothing written outside
``--out`` and no temporary folder left behind.

The command line is driven through ``cli.main`` (exit status and the one-line error on stderr);
environment failures (disk full, permission denied, out of memory, Ctrl-C) are simulated by
making a public function the build calls raise the error.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

import pytest

import corpus_tools.build as build_module
import corpus_tools.build_workers as build_workers_module
from corpus_tools import paths
from corpus_tools.build import (
    FurnitureShareWarning,
    build_processed,
    load_processed,
    lock_output,
)
from corpus_tools.cli import main
from corpus_tools.errors import CorpusError, OutputError, StaleOutputError
from corpus_tools.io import load_corpus

ARTICLE = ("The agency said the policy separated families at the border. Officials defended it in court.\n\n"
           "Lawyers for the families said the children were held for weeks. A judge ordered them reunited.\n")
OTHER = "A second article about detention centres. It describes the conditions inside.\n"


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: a hash for files, the kind for anything else (links not followed)."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        mode = os.lstat(path).st_mode
        rel = str(path.relative_to(folder))
        if stat.S_ISLNK(mode):
            entries[rel] = "link -> " + os.readlink(path)
        elif stat.S_ISREG(mode):  # big (sparse) files: size, time and first MiB, to stay fast
            info = os.lstat(path)
            with path.open("rb") as handle:
                head = hashlib.sha256(handle.read(2**20)).hexdigest()
            entries[rel] = head if info.st_size <= 2**20 else f"{head} {info.st_size} {info.st_mtime_ns}"
        else:
            entries[rel] = "dir" if stat.S_ISDIR(mode) else "special"
    return entries


def leftovers(folder: Path) -> list[str]:
    """Temporary folders or lock files of a build left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and (".build-" in p.name
                  or ".old-" in p.name or p.name.endswith(".lock")))


def good_corpus(folder: Path, write_corpus) -> Path:
    return write_corpus(folder, {"a.txt": ARTICLE, "b.txt": OTHER})


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def _link_private(folder: Path) -> None:
    secret = folder.parent / "secret.txt"
    secret.write_text("password: hunter2\n")
    (folder / "b.txt").unlink()
    (folder / "b.txt").symlink_to(secret)


def _link_dev_zero(folder: Path) -> None:
    (folder / "b.txt").unlink()
    (folder / "b.txt").symlink_to("/dev/zero")


def _fifo(folder: Path) -> None:
    (folder / "b.txt").unlink()
    os.mkfifo(folder / "b.txt")


def _folder_as_text(folder: Path) -> None:
    (folder / "b.txt").unlink()
    (folder / "b.txt").mkdir()


def _metadata_link(folder: Path) -> None:
    real = folder.parent / "elsewhere.csv"
    real.write_bytes((folder / "metadata.csv").read_bytes())
    (folder / "metadata.csv").unlink()
    (folder / "metadata.csv").symlink_to(real)


def _meta(text: str):
    def write(folder: Path) -> None:
        (folder / "metadata.csv").write_text(text, encoding="utf-8")
    return write


def _text(name: str, data: bytes):
    def write(folder: Path) -> None:
        (folder / name).write_bytes(data)
    return write


def _sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space (and no time) to write."""
    with path.open("wb") as handle:
        handle.truncate(size)


def _sums_mismatch(folder: Path) -> None:
    (folder / "SHA256SUMS").write_text("0" * 64 + "  a.txt\n")


FOLDER_CASES = [
    # (id, how the corpus is spoiled, extra CLI options, phrases the error must contain)
    ("symlink-to-private-file", _link_private, [], ["b.txt: is a symbolic link", "copy the real file"]),
    ("symlink-to-dev-zero", _link_dev_zero, [], ["b.txt: is a symbolic link (to /dev/zero)"]),
    ("fifo", _fifo, [], ["b.txt: is a FIFO (named pipe), not a regular file", "Fix:"]),
    ("folder-listed-as-text", _folder_as_text, [], ["b.txt: is a folder, not a regular file"]),
    ("metadata-is-a-symlink", _metadata_link, [], ["metadata.csv: is a symbolic link"]),
    ("dotdot-path", _meta("doc_id,file\na,a.txt\nb,../secret.txt\n"), [], ["row 3: file '../secret.txt' is a path"]),
    ("absolute-path", _meta("doc_id,file\na,a.txt\nb,/etc/passwd\n"), [], ["row 3: file '/etc/passwd' is a path"]),
    ("dotdot-alone", _meta("doc_id,file\na,a.txt\nb,..\n"), [], ["row 3: file '..' is a path"]),
    ("200-MB-file", lambda f: _sparse(f / "b.txt", 200 * 2**20), [],
     ["b.txt: 200.0 MiB, over the limit of 50.0 MiB for one text", "split it into several documents"]),
    ("text-over-size-cap", _text("b.txt", ARTICLE.encode() * 20), ["--max-text-mb", "0.001"],
     ["b.txt: 3,780 bytes, over the limit of 1,048 bytes for one text", "--max-text-mb"]),
    ("blank-lines-in-metadata", _meta("doc_id,file\n\na,a.txt\n\nb,missing.txt\n"), [],
     ["missing.txt: listed in metadata.csv (row 5) but not found"]),
    ("semicolon-metadata", _meta("doc_id;file\na;a.txt\nb;b.txt\n"), [], ["looks ';'-delimited", "comma-separated"]),
    ("extra-field-per-row", _meta("doc_id,file\na,a.txt,A\nb,b.txt,B\n"), [],
     ["row 2: 3 fields, but the header has 2", "row 3: 3 fields"]),
    ("duplicate-columns", _meta("doc_id,file,outlet,outlet\na,a.txt,X,Y\nb,b.txt,X,Y\n"), [],
     ["duplicate column name(s) 'outlet'"]),
    ("header-only-metadata", _meta("doc_id,file\n"), [], ["only a header row, no documents"]),
    ("empty-metadata", _meta(""), [], ["metadata.csv: the file is empty"]),
    ("missing-doc-id-column", _meta("file,outlet\na.txt,X\nb.txt,Y\n"), [], ["missing required column(s) doc_id"]),
    ("utf16-text", _text("b.txt", OTHER.encode("utf-16")), [],
     ["b.txt: the file is UTF-16", "--encoding utf-16"]),
    ("utf16-metadata", lambda f: (f / "metadata.csv").write_bytes("doc_id,file\na,a.txt\nb,b.txt\n".encode("utf-16")),
     [], ["metadata is not UTF-8", "CSV UTF-8"]),
    ("cp1252-text", _text("b.txt", "caf\u00e9 au lait.".encode("cp1252")), [], ["--encoding cp1252"]),
    ("user-checksums-mismatch", _sums_mismatch, [], ["restore the changed files from your backup"]),
    ("one-huge-paragraph", _text("b.txt", ("word " * 220_000).encode()), [],
     ["b.txt: one paragraph has 1,099,999 characters", "separate paragraphs with an empty line"]),
]


@pytest.mark.parametrize(("spoil", "options", "phrases"), [c[1:] for c in FOLDER_CASES],
                         ids=[c[0] for c in FOLDER_CASES])
def test_bad_corpus_folder_is_refused_cleanly(tmp_path, write_corpus, capsys, spoil, options, phrases):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    spoil(corpus)
    before = snapshot(tmp_path)
    code, err = run_cli(["build", "--raw", str(corpus), "--out", str(tmp_path / "out"), *options], capsys)
    assert code == 1
    assert err.startswith("error: ") and "Traceback" not in err
    for phrase in phrases:
        assert phrase in err
    assert "Fix:" in err
    assert snapshot(tmp_path) == before  # inputs unchanged, no output, no temporary folder


def test_user_checksum_advice_is_not_git_checkout(tmp_path, write_corpus):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    _sums_mismatch(corpus)
    with pytest.raises(CorpusError) as err:
        build_processed(corpus, tmp_path / "out")
    assert "git checkout" not in str(err.value)


def test_symlink_is_refused_by_the_library_too(tmp_path, write_corpus):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    _link_private(corpus)
    with pytest.raises(CorpusError, match=r"b\.txt: is a symbolic link") as err:
        load_corpus(corpus)
    assert "hunter2" not in str(err.value)


def test_size_cap_is_a_keyword(tmp_path, write_corpus):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    with pytest.raises(CorpusError, match=r"a\.txt: .* over the limit"):
        load_corpus(corpus, max_text_bytes=100)
    assert len(load_corpus(corpus, max_text_bytes=len(ARTICLE))) == 2


def test_utf16_text_builds_with_the_advised_encoding(tmp_path, write_corpus):
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": ARTICLE.encode("utf-16")})
    assert main(["build", "--raw", str(corpus), "--out", str(tmp_path / "out"), "--encoding", "utf-16"]) == 0
    assert load_processed(tmp_path / "out").documents["n_sentences"].tolist() == [4]


def _jsonl(*lines: object) -> str:
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"


TABLE_CASES = [
    ("text-is-a-number", "c.jsonl", _jsonl({"doc_id": "a", "text": ARTICLE}, {"doc_id": "b", "text": 42}),
     "c.jsonl, line 2: 'text' is a number (42), not a string"),
    ("text-is-true", "c.jsonl", _jsonl({"doc_id": "a", "text": True}), "line 1: 'text' is true/false"),
    ("text-is-a-list", "c.jsonl", _jsonl({"doc_id": "a", "text": ["para one.", "para two."]}),
     "line 1: 'text' is a list"),
    ("text-is-null", "c.jsonl", _jsonl({"doc_id": "a", "text": None}), "line 1: 'text' is null"),
    ("text-missing", "c.jsonl", _jsonl({"doc_id": "a", "text": ARTICLE}, {"doc_id": "b", "body": "x"}),
     "line 2: no 'text' field"),
    ("line-not-an-object", "c.jsonl", _jsonl({"doc_id": "a", "text": ARTICLE}, ["a", "b"]),
     "line 2: a list, not a JSON object"),
    ("doc-id-missing", "c.jsonl", _jsonl({"doc_id": "a", "text": ARTICLE}, {"text": OTHER}),
     "line 2: no 'doc_id' field"),
    ("doc-id-null", "c.jsonl", _jsonl({"doc_id": None, "text": ARTICLE}), "line 1: 'doc_id' is null"),
    ("metadata-is-an-object", "c.jsonl", _jsonl({"doc_id": "a", "text": ARTICLE, "meta": {"x": 1}}),
     "line 1: field 'meta' is an object"),
    ("not-json", "c.jsonl", _jsonl({"doc_id": "a", "text": ARTICLE}, "{oops"), "line 2: not valid JSON"),
    ("empty-jsonl", "c.jsonl", "\n\n", "c.jsonl: no documents"),
    ("csv-extra-field", "c.csv", 'doc_id,text\na,"One. Two."\nb,"Three.",extra\n', "c.csv, row 3: 3 fields"),
    ("csv-header-only", "c.csv", "doc_id,text\n", "only a header row"),
    ("csv-missing-doc-id", "c.csv", 'doc_id,text\na,"One."\n,"Two."\n', "c.csv, row 3: 'doc_id' is empty"),
]


@pytest.mark.parametrize(("name", "content", "phrase"), [c[1:] for c in TABLE_CASES], ids=[c[0] for c in TABLE_CASES])
def test_bad_table_values_are_refused_with_their_line(tmp_path, name, content, phrase):
    table = tmp_path / name
    table.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(table)
    assert phrase in str(err.value)
    assert "Fix:" in str(err.value)
    assert "nan" not in str(err.value)


def test_jsonl_scalars_become_strings_and_missing_fields_empty(tmp_path):
    table = tmp_path / "c.jsonl"
    table.write_text(_jsonl({"doc_id": 7, "text": ARTICLE, "year": 2018, "checked": True},
                            {"doc_id": "b", "text": OTHER, "outlet": None}), encoding="utf-8")
    corpus = load_corpus(table)
    assert corpus["doc_id"].tolist() == ["7", "b"]
    assert corpus["year"].tolist() == ["2018", ""]
    assert corpus["checked"].tolist() == ["true", ""]
    assert corpus["outlet"].tolist() == ["", ""]


# ---------------------------------------------------------------- the output rule

def _earlier_output(tmp_path: Path, write_corpus) -> tuple[Path, Path]:
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    out = tmp_path / "out"
    build_processed(corpus, out)
    return corpus, out


OUTPUT_CASES = [
    # (id, where --out points, relative to the workspace; extra options; phrase)
    ("out-is-the-corpus", "corpus", ["--force"], "would write into the corpus being read"),
    ("out-inside-the-corpus", "corpus/processed", ["--force"], "would write into the corpus being read"),
    ("out-holds-the-corpus", ".", ["--force"], "would write into the corpus being read"),
    ("out-holds-user-files", "mine", [], "holds files this tool did not write (README.md, notes.txt)"),
    ("out-is-a-file", "mine/notes.txt", ["--force"], "is a file, not a folder"),
]


@pytest.mark.parametrize(("where", "options", "phrase"), [c[1:] for c in OUTPUT_CASES], ids=[c[0] for c in OUTPUT_CASES])
def test_output_rule_refuses_and_writes_nothing(tmp_path, write_corpus, capsys, where, options, phrase):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "README.md").write_text("my notes\n")
    (tmp_path / "mine" / "notes.txt").write_text("keep me\n")
    before = snapshot(tmp_path)
    code, err = run_cli(["build", "--raw", str(corpus), "--out", str(tmp_path / where), *options], capsys)
    assert code == 1
    assert phrase in err and "Fix:" in err and "Traceback" not in err
    assert snapshot(tmp_path) == before


def test_file_manager_junk_does_not_make_an_output_foreign(tmp_path, write_corpus):
    corpus, out = _earlier_output(tmp_path, write_corpus)
    (out / ".DS_Store").write_bytes(b"\0")
    build_processed(corpus, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(build_module.OUTPUT_FILES)


def test_force_replaces_only_the_files_a_build_writes(tmp_path, write_corpus):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me\n")
    (mine / "documents.csv").write_text("my own table\n")
    build_processed(corpus, mine, force=True)
    assert (mine / "notes.txt").read_text() == "keep me\n"
    assert load_processed(mine).documents["doc_id"].tolist() == ["a", "b"]
    assert leftovers(tmp_path) == [] and leftovers(mine) == []


@pytest.mark.parametrize("target", [paths.RAW_DIR, paths.RAW_DIR / "sub", paths.DATA_DIR, paths.PROCESSED_DIR])
def test_repository_data_is_never_written_for_another_corpus(tmp_path, write_corpus, capsys, target):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    before = snapshot(paths.DATA_DIR)
    code, err = run_cli(["build", "--raw", str(corpus), "--out", str(target), "--force"], capsys)
    assert code == 1
    assert ("data/raw" in err or "data/processed" in err) and "Fix:" in err
    assert snapshot(paths.DATA_DIR) == before


def test_build_of_another_corpus_needs_out(tmp_path, write_corpus, capsys):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    before = snapshot(paths.PROCESSED_DIR)
    code, err = run_cli(["build", "--raw", str(corpus)], capsys)
    assert code == 1
    assert "no output folder given. Fix: pass --out" in err
    assert snapshot(paths.PROCESSED_DIR) == before


def test_run_refuses_a_folder_of_user_files(tmp_path, write_corpus, capsys):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("chapter 1")
    before = snapshot(tmp_path)
    code, err = run_cli(["run", "--corpus", str(corpus), "--out", str(tmp_path / "mine")], capsys)
    assert code == 1 and "holds files this tool did not write (thesis.docx)" in err
    assert snapshot(tmp_path) == before


def test_earlier_output_is_replaced_whole(tmp_path, write_corpus):
    corpus, out = _earlier_output(tmp_path, write_corpus)
    (corpus / "c.txt").write_text("A third text. It is short.\n")
    (corpus / "metadata.csv").write_text("doc_id,file\na,a.txt\nb,b.txt\nc,c.txt\n")
    build_processed(corpus, out)
    assert load_processed(out, verify=True).documents["doc_id"].tolist() == ["a", "b", "c"]
    assert sorted(p.name for p in out.iterdir()) == sorted(build_module.OUTPUT_FILES)
    assert leftovers(tmp_path) == []


def test_failed_build_leaves_the_earlier_output_intact(tmp_path, write_corpus):
    corpus, out = _earlier_output(tmp_path, write_corpus)
    before = snapshot(out)
    (corpus / "b.txt").write_text("3 minute read\n\nScreenshot of a page\n")
    with pytest.raises(CorpusError, match="nothing is left after cleaning"):
        build_processed(corpus, out)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []
    load_processed(out, verify=True)


def test_stale_temporary_folders_of_a_killed_build_are_removed(tmp_path, write_corpus):
    corpus, out = _earlier_output(tmp_path, write_corpus)
    (tmp_path / ".out.build-killed").mkdir()
    (tmp_path / ".out.build-killed" / "tokens.csv").write_text("half")
    build_processed(corpus, out)
    assert leftovers(tmp_path) == []


def test_second_build_into_a_locked_folder_stops(tmp_path, write_corpus, capsys):
    corpus, out = _earlier_output(tmp_path, write_corpus)
    before = snapshot(out)
    with lock_output(out):
        code, err = run_cli(["build", "--raw", str(corpus), "--out", str(out)], capsys)
    assert code == 1 and "another build is writing to this folder right now" in err
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------- environment failures

def _raiser(error: BaseException):
    def fail(*args, **kwargs):
        raise error
    return fail


# (module, function): patched where the build calls it (sha256_file in build, the per-document
# work in build_workers), so the patch reaches the code that runs.
ENVIRONMENT_CASES = [
    ("disk-full", build_module, "sha256_file", OSError(errno.ENOSPC, "No space left on device", "out/tokens.csv"),
     1, "error: out/tokens.csv: No space left on device. Fix: free disk space"),
    ("out-of-memory", build_workers_module, "tokenize_document", MemoryError(), 1, "error: out of memory. Fix:"),
    ("interrupted", build_workers_module, "tokenize_document", KeyboardInterrupt(), 130, "interrupted (Ctrl-C)"),
]


@pytest.mark.parametrize(("module", "function", "error", "code", "line"), [c[1:] for c in ENVIRONMENT_CASES],
                         ids=[c[0] for c in ENVIRONMENT_CASES])
def test_environment_failure_is_one_line_and_leaves_no_trace(tmp_path, write_corpus, capsys, monkeypatch,
                                                             module, function, error, code, line):
    corpus, out = _earlier_output(tmp_path, write_corpus)
    before = snapshot(tmp_path)
    monkeypatch.setattr(module, function, _raiser(error))
    got, err = run_cli(["build", "--raw", str(corpus), "--out", str(out)], capsys)
    assert got == code
    assert err.startswith(line) and err.count("\n") == 1 and "Traceback" not in err
    assert snapshot(tmp_path) == before  # earlier output intact, temporary folder removed


def test_permission_denied_is_one_line(tmp_path, write_corpus, capsys, monkeypatch):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    monkeypatch.setattr(tempfile, "mkdtemp", _raiser(PermissionError(errno.EACCES, "Permission denied", str(tmp_path))))
    code, err = run_cli(["build", "--raw", str(corpus), "--out", str(tmp_path / "out")], capsys)
    assert code == 1
    assert err == f"error: {tmp_path}: Permission denied. Fix: choose a folder you can write to, or change its permissions.\n"
    assert leftovers(tmp_path) == []


def test_unwritable_parent_is_refused(tmp_path, write_corpus):
    corpus = good_corpus(tmp_path / "corpus", write_corpus)
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match=r"file is a file, not a folder\. Fix: choose an --out"):
        build_processed(corpus, tmp_path / "file" / "out")


# ---------------------------------------------------------------- mixed outputs

def test_mixed_tables_are_refused_with_the_rebuild_command(tmp_path, write_corpus):
    corpus, out = _earlier_output(tmp_path, write_corpus)
    other = write_corpus(tmp_path / "other", {"x.txt": OTHER + "\nMore text here. And more.\n"})
    build_processed(other, tmp_path / "out2")
    (out / "sentences.csv").write_bytes((tmp_path / "out2" / "sentences.csv").read_bytes())
    with pytest.raises(StaleOutputError, match=r"sentences\.csv has .* bytes, the manifest says .*mixes the outputs "
                                               r"of different builds.*python -m corpus_tools build --raw"):
        load_processed(out)


def test_same_size_edit_is_caught_by_the_hash(tmp_path, write_corpus):
    corpus, out = _earlier_output(tmp_path, write_corpus)
    table = out / "documents.csv"
    table.write_bytes(table.read_bytes().replace(b"agency", b"AGENCY"))
    with pytest.raises(StaleOutputError, match=r"documents\.csv differs from its SHA-256"):
        load_processed(out)
    assert len(load_processed(out, verify=False).documents) == 2  # sizes only, on request


# ---------------------------------------------------------------- silent loss in cleaning

def test_read_more_mid_article_keeps_the_rest(tmp_path, write_corpus):
    text = ARTICLE + "\nRead more:\n\n" + ARTICLE.replace("agency", "ministry") * 3
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": text})
    build_processed(corpus, tmp_path / "out")
    processed = load_processed(tmp_path / "out")
    assert "ministry" in processed.documents.loc[0, "text"]
    assert processed.removed["text"].tolist() == ["Read more:"]


def test_furniture_removing_much_of_a_document_warns_and_is_recorded(tmp_path, write_corpus, capsys):
    credits = "".join(f"Photo: picture number {i} by a staff photographer\n" for i in range(12))
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": ARTICLE + "\n" + credits, "b.txt": OTHER})
    with pytest.warns(FurnitureShareWarning, match=r"a\.txt \(doc_id 'a'\): page-furniture rules removed \d+% "):
        manifest = build_processed(corpus, tmp_path / "out")
    assert len(manifest["warnings"]) == 1 and "photo_credit" in manifest["warnings"][0]
    assert main(["build", "--raw", str(corpus), "--out", str(tmp_path / "out")]) == 0
    assert "warning: a.txt (doc_id 'a'): page-furniture rules removed" in capsys.readouterr().err
