"""Tests for corpus_tools.build: deterministic, traceable processed tables."""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd
import pytest

from corpus_tools import paths
from corpus_tools.build import OUTPUT_FILES, TABLES, build_processed, load_processed
from corpus_tools.errors import CorpusError, OutputError, StaleOutputError


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    manifest = build_processed(paths.RAW_DIR, out)
    return out, manifest


def test_second_build_is_byte_identical(fresh_build, tmp_path):
    first, _ = fresh_build
    build_processed(paths.RAW_DIR, tmp_path)
    for name in (*TABLES, "manifest.json", "README.md"):
        assert (first / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_committed_processed_data_is_up_to_date(fresh_build):
    """data/processed must be exactly what a build of data/raw gives (rerun `make run` if not)."""
    fresh, manifest = fresh_build
    for name in (*TABLES, "README.md"):
        assert (paths.PROCESSED_DIR / name).read_bytes() == (fresh / name).read_bytes(), (
            f"data/processed/{name} is stale: run `python -m corpus_tools build` and commit")
    committed = json.loads((paths.PROCESSED_DIR / "manifest.json").read_text())
    assert committed["inputs"] == manifest["inputs"]
    assert committed["outputs"] == manifest["outputs"]
    assert committed["output_bytes"] == manifest["output_bytes"]


def test_manifest_records_input_and_output_hashes(fresh_build):
    out, manifest = fresh_build
    for name, digest in manifest["inputs"]["files"].items():
        assert hashlib.sha256((paths.RAW_DIR / name).read_bytes()).hexdigest() == digest
    assert manifest["inputs"]["metadata.csv"] == hashlib.sha256((paths.RAW_DIR / "metadata.csv").read_bytes()).hexdigest()
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
        assert (out / name).stat().st_size == manifest["output_bytes"][name]
    assert manifest["warnings"] == []  # no bundled text loses more than 30% to furniture rules
    assert set(manifest["packages"]) >= {"nltk", "scikit-learn", "pandas"}
    assert re.fullmatch(r"3\.\d+\.\d+", manifest["python"])
    assert manifest["counts"] == {"documents": 5, "sentences": 113, "tokens": 3096, "removed_lines": 13}


def test_offsets_trace_every_sentence_and_token(fresh_build):
    corpus = load_processed(fresh_build[0])
    texts = corpus.documents.set_index("doc_id")["text"]
    for row in corpus.sentences.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
    for row in corpus.tokens.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.token
    sentence_of = corpus.sentences[["doc_id", "sent_id", "start", "end"]]
    joined = corpus.tokens.merge(sentence_of, on=["doc_id", "sent_id"], suffixes=("", "_sent"))
    assert len(joined) == len(corpus.tokens)
    assert ((joined["start"] >= joined["start_sent"]) & (joined["end"] <= joined["end_sent"])).all()


def test_counts_are_consistent(fresh_build):
    corpus = load_processed(fresh_build[0])
    docs = corpus.documents.set_index("doc_id")
    assert corpus.sentences.groupby("doc_id").size().to_dict() == docs["n_sentences"].to_dict()
    assert corpus.tokens.groupby("doc_id").size().to_dict() == docs["n_tokens"].to_dict()
    words = corpus.tokens[~corpus.tokens["is_punct"]].groupby("doc_id").size()
    assert words.to_dict() == docs["n_words"].to_dict()
    assert corpus.sentences["n_words"].sum() == docs["n_words"].sum()
    assert len(corpus.removed) == docs["n_removed_lines"].sum()
    assert corpus.tokens["is_stop"].dtype == bool


def test_metadata_columns_survive_the_build(fresh_build):
    corpus = load_processed(fresh_build[0])
    raw_meta = pd.read_csv(paths.RAW_DIR / "metadata.csv", dtype=str, keep_default_na=False)
    for column in raw_meta.columns:
        assert corpus.documents[column].tolist() == raw_meta[column].tolist()


def test_parallel_build_equals_serial(tmp_path, write_corpus):
    """Worker processes (used from 50 documents on) must not change a byte."""
    base = (paths.RAW_DIR / "002_efbd4e5175582263.txt").read_text(encoding="utf-8")
    texts = {f"d{i:03d}.txt": base + f"\n\nDocument number {i}." for i in range(60)}
    folder = write_corpus(tmp_path / "many", texts)
    build_processed(folder, tmp_path / "serial", workers=1)
    build_processed(folder, tmp_path / "parallel", workers=2)
    for name in TABLES:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes()


def test_document_that_is_all_furniture_is_an_error(tmp_path, write_corpus):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Real text here.", "b.txt": "3 minute read\n\nScreenshot of a page"})
    with pytest.raises(CorpusError, match=r"b\.txt: nothing is left after cleaning"):
        build_processed(folder, tmp_path / "out")


def test_raw_drift_stops_the_build(tmp_path, write_corpus):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Some text."})
    (folder / "SHA256SUMS").write_text("0" * 64 + "  a.txt\n")
    with pytest.raises(CorpusError, match="content differs"):
        build_processed(folder, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_load_processed_names_the_fix(tmp_path):
    with pytest.raises(CorpusError, match=r"missing documents\.csv.*python -m corpus_tools build"):
        load_processed(tmp_path)


def test_bundled_metadata_is_complete_and_honest():
    meta = pd.read_csv(paths.RAW_DIR / "metadata.csv", dtype=str, keep_default_na=False)
    assert meta.columns.tolist() == ["doc_id", "file", "title", "outlet", "outlet_type", "country", "date",
                                     "author", "url", "evidence"]
    assert meta["date"].str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?").all()
    assert (meta["evidence"].str.len() > 50).all()
    assert meta["evidence"].str.contains("inferred").all()  # every date is inferred, and says so
    assert meta["author"].eq("").all()  # no byline is printed in any text: left empty, not guessed
    assert meta.set_index("doc_id").loc["statemedia-2021", "url"] == ""


def test_build_leaves_only_its_files(fresh_build):
    out, _ = fresh_build
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


def test_load_processed_checks_the_manifest(fresh_build, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(fresh_build[0], copy)
    load_processed(copy, verify=True)
    tokens = copy / "tokens.csv"
    tokens.write_bytes(tokens.read_bytes()[:-200])
    with pytest.raises(StaleOutputError, match=r"tokens\.csv has .* bytes, the manifest says"):
        load_processed(copy, verify=False)


def test_load_processed_reads_each_table_when_first_used(fresh_build, monkeypatch):
    """A notebook that needs no tokens never reads them (issue 14: the token table of 100,000
    documents is tens of millions of rows); a table is read once, then kept."""
    from corpus_tools import processed

    read = []
    real_read = processed.read_table
    monkeypatch.setattr(processed, "read_table", lambda path, *a, **k: read.append(path.name) or real_read(path, *a, **k))
    corpus = load_processed(fresh_build[0])
    assert read == [] and corpus.loaded == ()
    assert corpus.sentences is corpus.sentences
    assert read == ["sentences.csv"] and corpus.loaded == ("sentences",)
    assert len(corpus.documents) == 5 and corpus.loaded == ("documents", "sentences")
    assert read == ["sentences.csv", "documents.csv"]


def test_a_folder_rebuilt_after_loading_is_not_mixed_in(tmp_path, write_corpus):
    """Tables are read lazily, so a rebuild between load_processed and a table's first use must be
    caught: the new tokens would not belong to the documents already read."""
    folder = write_corpus(tmp_path / "c", {"a.txt": "One text. Two sentences.", "b.txt": "Another text."})
    out = tmp_path / "out"
    build_processed(folder, out)
    corpus = load_processed(out)
    assert corpus.documents["doc_id"].tolist() == ["a", "b"]
    (folder / "b.txt").write_text("A changed text, with more words than before.", encoding="utf-8")
    build_processed(folder, out)  # an earlier output: replaced whole
    with pytest.raises(StaleOutputError, match=r"tokens\.csv: changed after load_processed checked the folder.*"
                                               r"Fix: load the folder again"):
        _ = corpus.tokens
    assert load_processed(out).tokens["doc_id"].nunique() == 2


def test_processed_corpus_from_frames_reads_nothing(fresh_build):
    from corpus_tools.build import ProcessedCorpus

    frames = load_processed(fresh_build[0])
    given = ProcessedCorpus(documents=frames.documents, sentences=frames.sentences, tokens=frames.tokens,
                            removed=frames.removed, manifest=frames.manifest)
    assert given.loaded == ("documents", "sentences", "tokens", "removed") and given.tokens is frames.tokens
    with pytest.raises(TypeError, match=r"no folder to read tokens, removed from"):
        ProcessedCorpus(documents=frames.documents, sentences=frames.sentences)


def test_bundled_corpus_is_the_only_one_built_into_data_processed(tmp_path, write_corpus):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Some text. More text."})
    with pytest.raises(OutputError, match=r"no output folder given\. Fix: pass --out"):
        build_processed(folder)
    with pytest.raises(OutputError, match=r"data/processed holds the bundled corpus"):
        build_processed(folder, paths.PROCESSED_DIR, force=True)


def test_parallel_build_of_a_table_with_awkward_ids_equals_serial(tmp_path):
    """Workers format the CSV rows themselves: ids with quotes and commas, quoted tokens, a table corpus."""
    base = (paths.RAW_DIR / "002_efbd4e5175582263.txt").read_text(encoding="utf-8")
    table = tmp_path / "corpus.jsonl"
    with table.open("w", encoding="utf-8") as handle:
        for i in range(70):
            text = base + f'\n\nDocument "{i}", with ""quotes"", commas, and \u201ccurly\u201d ones.'
            handle.write(json.dumps({"doc_id": f'id,"{i}"', "text": text, "outlet": f"o, {i}"}) + "\n")
    build_processed(table, tmp_path / "serial", workers=1)
    build_processed(table, tmp_path / "parallel", workers=2)
    for name in TABLES:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes()
    corpus = load_processed(tmp_path / "parallel")
    assert corpus.documents["doc_id"].tolist() == [f'id,"{i}"' for i in range(70)]
    texts = corpus.documents.set_index("doc_id")["text"]
    sample = corpus.tokens.iloc[::997]
    assert [texts[r.doc_id][r.start:r.end] for r in sample.itertuples()] == sample["token"].tolist()
    assert set(corpus.tokens["doc_id"]) == set(texts.index)


def test_a_bad_document_in_a_parallel_build_is_named_and_leaves_nothing(tmp_path, write_corpus):
    base = (paths.RAW_DIR / "002_efbd4e5175582263.txt").read_text(encoding="utf-8")
    texts = {f"d{i:03d}.txt": base + f"\n\nDocument number {i}." for i in range(80)}
    texts["d061.txt"] = "3 minute read\n\nScreenshot of a page"
    folder = write_corpus(tmp_path / "many", texts)
    with pytest.raises(CorpusError, match=r"^d061\.txt: nothing is left after cleaning"):
        build_processed(folder, tmp_path / "out", workers=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many"]
