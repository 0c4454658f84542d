"""Tests for corpus_tools.io: loading a corpus and refusing bad input with a clear message."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from corpus_tools import paths
from corpus_tools.errors import CorpusError
from corpus_tools.io import load_checksums, load_corpus, read_corpus_text, verify_checksums

GOOD = "The U.N. criticised the policy.\n\nIt called it arbitrary."


def test_bundled_corpus_loads_with_metadata_kept():
    corpus = load_corpus(paths.RAW_DIR)
    assert corpus["doc_id"].tolist() == ["newsweek-2018", "voa-2018", "time-2018", "gcm-2019", "statemedia-2021"]
    assert {"title", "outlet", "outlet_type", "country", "date", "author", "url", "evidence"} <= set(corpus.columns)
    assert corpus.loc[1, "text"].startswith("The U.N. human rights office (UNHCR)")
    assert (corpus["n_bytes"] > 2000).all()
    assert corpus["sha256"].str.len().eq(64).all()


def test_only_doc_id_and_file_are_required(write_corpus, tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": GOOD}, metadata="doc_id,file\na,a.txt\n")
    corpus = load_corpus(folder)
    assert corpus.columns.tolist() == ["doc_id", "file", "text", "sha256", "n_bytes"]


def test_utf8_bom_and_crlf_are_normalised(write_corpus, tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "\ufeffLine one.\r\nLine two.".encode("utf-8")})
    assert load_corpus(folder).loc[0, "text"] == "Line one.\nLine two."


@pytest.mark.parametrize(
    ("texts", "metadata", "expected"),
    [
        ({"a.txt": ""}, None, r"a\.txt: the text is empty"),
        ({"a.txt": "  \n\n  "}, None, r"a\.txt: the text is empty"),
        ({"a.txt": b"caf\xe9 au lait"}, None, r"a\.txt: cannot decode byte 0xe9 at position 3 as utf-8.*encoding="),
        ({"a.txt": GOOD}, "doc_id,file\na,a.txt\nb,b.txt\n", r"b\.txt: listed in metadata\.csv \(row 3\) but not found"),
        ({"a.txt": GOOD}, "doc_id,file\na,a.txt\nb,\n", r"row 3: 'file' is empty \(a metadata row without a text\)"),
        ({"a.txt": GOOD, "b.txt": "Another text."}, "doc_id,file\na,a.txt\n", r"b\.txt: a text with no row in metadata\.csv"),
        ({"a.txt": GOOD, "b.txt": "Other."}, "doc_id,file\na,a.txt\na,b.txt\n", r"rows 2, 3: duplicate doc_id 'a'"),
        ({"a.txt": GOOD, "b.txt": GOOD.replace("\n\n", "\n")}, None, r"b\.txt: same text as a\.txt"),
        ({"a.txt": GOOD}, "doc_id,file\n,a.txt\n", r"row 2: 'doc_id' is empty"),
        ({"a.txt": GOOD}, "id,file\na,a.txt\n", r"missing required column\(s\) doc_id"),
        ({"a.txt": GOOD}, "doc_id,file\na,../a.txt\n", r"is a path"),
    ],
    ids=["empty", "whitespace-only", "bad-encoding", "missing-file", "row-without-file", "file-without-row",
         "duplicate-id", "duplicate-text", "empty-id", "missing-column", "path-in-file"],
)
def test_bad_folder_input_raises_a_clear_error(write_corpus, tmp_path, texts, metadata, expected):
    folder = write_corpus(tmp_path / "c", texts, metadata)
    with pytest.raises(CorpusError, match=expected) as err:
        load_corpus(folder)
    assert "Fix:" in str(err.value)


def test_every_problem_is_reported_at_once(write_corpus, tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "", "b.txt": b"\xff\xfe", "c.txt": GOOD},
                          metadata="doc_id,file\na,a.txt\nb,b.txt\n")
    with pytest.raises(CorpusError) as err:
        load_corpus(folder)
    message = str(err.value)
    assert message.startswith("3 problem(s)")
    for name in ("a.txt", "b.txt", "c.txt"):
        assert name in message


def test_other_encoding_can_be_requested(write_corpus, tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "caf\u00e9".encode("cp1252")})
    assert load_corpus(folder, encoding="cp1252").loc[0, "text"] == "caf\u00e9"


def test_folder_without_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    with pytest.raises(CorpusError, match=r"no metadata\.csv.*doc_id,file"):
        load_corpus(tmp_path)


def test_csv_table_corpus(tmp_path):
    table = tmp_path / "corpus.csv"
    table.write_text('doc_id,outlet,text\na,X,"One. Two."\nb,Y,"Three."\n', encoding="utf-8")
    corpus = load_corpus(table)
    assert corpus["doc_id"].tolist() == ["a", "b"]
    assert corpus["file"].tolist() == ["corpus.csv:row2", "corpus.csv:row3"]
    assert corpus["outlet"].tolist() == ["X", "Y"]


def test_jsonl_table_corpus_and_its_errors(tmp_path):
    table = tmp_path / "corpus.jsonl"
    table.write_text("\n".join(json.dumps(r) for r in [{"doc_id": "a", "text": "Hi."}, {"doc_id": "b", "text": " "}]))
    with pytest.raises(CorpusError, match=r"corpus\.jsonl, line 2: the text is empty"):
        load_corpus(table)
    table.write_text('{"doc_id": "a", "text": "Hi."}\n{oops\n')
    with pytest.raises(CorpusError, match=r"line 2: not valid JSON"):
        load_corpus(table)


def test_table_needs_text_column(tmp_path):
    table = tmp_path / "corpus.csv"
    table.write_text("doc_id,body\na,Hello\n")
    with pytest.raises(CorpusError, match=r"missing required column\(s\) text"):
        load_corpus(table)


def test_raw_data_matches_its_checksum_manifest():
    verify_checksums(paths.RAW_DIR)
    listed = set(load_checksums(paths.RAW_DIR / "SHA256SUMS"))
    assert listed == {p.name for p in paths.RAW_DIR.iterdir()} - {"SHA256SUMS", "README.md"}


def test_checksum_drift_is_caught(write_corpus, tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": GOOD})
    (folder / "SHA256SUMS").write_text("0" * 64 + "  a.txt\n" + "0" * 64 + "  metadata.csv\n")
    with pytest.raises(CorpusError, match=r"a\.txt: content differs from SHA256SUMS"):
        verify_checksums(folder)


def test_raw_copies_are_byte_identical_to_the_shared_seeds():
    seeds = paths.PROJECT_ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    for seed in seeds.glob("*.txt"):
        assert (paths.RAW_DIR / seed.name).read_bytes() == seed.read_bytes()


def test_row_numbers_are_file_lines_even_with_quoted_newlines(write_corpus, tmp_path):
    metadata = 'doc_id,file,title\na,a.txt,"A title\non two lines"\n\nb,b.txt,B\n'
    folder = write_corpus(tmp_path / "c", {"a.txt": GOOD}, metadata=metadata)
    with pytest.raises(CorpusError, match=r"b\.txt: listed in metadata\.csv \(row 5\) but not found"):
        load_corpus(folder)


def test_metadata_values_keep_commas_inside_quotes(write_corpus, tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": GOOD}, metadata='doc_id,file,author\na,a.txt,"Smith, J."\n')
    assert load_corpus(folder).loc[0, "author"] == "Smith, J."


def test_a_table_named_directly_may_be_a_link(tmp_path):
    table = tmp_path / "real.csv"
    table.write_text('doc_id,text\na,"One. Two."\n', encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(table)
    assert load_corpus(tmp_path / "link.csv")["doc_id"].tolist() == ["a"]


def test_texts_false_checks_everything_but_keeps_no_text(write_corpus, tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": GOOD, "b.txt": "Other text.\r\nSecond line."})
    full, lean = load_corpus(folder), load_corpus(folder, texts=False)
    assert "text" not in lean.columns
    pd.testing.assert_frame_equal(full.drop(columns="text"), lean)
    for row, text in zip(lean.itertuples(), full["text"]):
        assert read_corpus_text(folder, row.file, sha256=row.sha256) == text
    (folder / "c.txt").write_text(GOOD + " ")  # an unlisted file is still found without the texts
    with pytest.raises(CorpusError, match=r"c\.txt: a text with no row"):
        load_corpus(folder, texts=False)


def test_a_text_changed_after_its_check_is_refused(write_corpus, tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": GOOD})
    row = load_corpus(folder, texts=False).iloc[0]
    (folder / "a.txt").write_text(GOOD + " Edited.")
    with pytest.raises(CorpusError, match=r"a\.txt: changed while the corpus was being read"):
        read_corpus_text(folder, "a.txt", sha256=row["sha256"])
    (folder / "a.txt").unlink()
    with pytest.raises(CorpusError, match=r"a\.txt: disappeared"):
        read_corpus_text(folder, "a.txt", sha256=row["sha256"])
    (folder / "a.txt").symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(CorpusError, match=r"a\.txt: is a symbolic link"):
        read_corpus_text(folder, "a.txt", sha256=row["sha256"])


# the package split (files, tables, corpus, checksums) keeps one public surface: corpus_tools.io.X
@pytest.mark.parametrize(("name", "module"), [
    ("sha256_bytes", "files"), ("sha256_file", "files"), ("decode_text", "files"),
    ("read_regular_file", "files"), ("open_regular_file", "files"), ("parse_csv", "tables"),
    ("load_corpus", "corpus"), ("read_corpus_text", "corpus"),
    ("load_checksums", "checksums"), ("verify_checksums", "checksums"),
])
def test_io_names_are_reexported_from_their_module(name, module):
    import corpus_tools.io as io_package

    assert name in io_package.__all__
    assert getattr(io_package, name).__module__ == f"corpus_tools.io.{module}"


def test_io_all_lists_exactly_the_public_names():
    import __future__

    import corpus_tools.io as io_package

    public = {n for n, v in vars(io_package).items()
              if not n.startswith("_") and not isinstance(v, (type(io_package), __future__._Feature))}
    assert set(io_package.__all__) == public
    assert io_package.MAX_TEXT_BYTES == 50 * 2**20 and io_package.METADATA_NAME == "metadata.csv"
