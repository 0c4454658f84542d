"""Build ``data/processed/`` from a raw corpus, and read it back.

``python -m corpus_tools build`` calls :func:`build_processed`. It is the only writer of the
processed folder. The build is deterministic (same input and versions -> same bytes) and records
its inputs' SHA-256 and the versions of the software that made it in ``manifest.json``.

Tables (UTF-8 CSV, ``\\n`` line ends; the schema is written next to them as ``README.md``):

``documents.csv``
    one row per document: the metadata columns, ``sha256`` and ``n_bytes`` of the raw file,
    counts (``n_chars``, ``n_paragraphs``, ``n_sentences``, ``n_tokens``, ``n_words``,
    ``n_removed_lines``) and ``text``, the cleaned text every offset refers to.
``sentences.csv``
    ``doc_id, para_id, sent_id, start, end, n_words, text``.
``tokens.csv``
    ``doc_id, sent_id, token_id, start, end, token, norm, is_stop, is_punct``.
``removed_lines.csv``
    the cleaning audit: ``doc_id, file, line_no, rule, text`` for every removed line.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

import pandas as pd
from tqdm import tqdm

import corpus_tools
from corpus_tools import paths
from corpus_tools.clean import clean_text, load_furniture_rules
from corpus_tools.errors import CorpusError
from corpus_tools.io import load_corpus, sha256_bytes, sha256_file, verify_checksums
from corpus_tools.tokenize import tokenize_document

STAT_COLUMNS = ["sha256", "n_bytes", "n_chars", "n_paragraphs", "n_sentences", "n_tokens", "n_words", "n_removed_lines"]
SENTENCE_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "n_words", "text"]
TOKEN_COLUMNS = ["doc_id", "sent_id", "token_id", "start", "end", "token", "norm", "is_stop", "is_punct"]
REMOVED_COLUMNS = ["doc_id", "file", "line_no", "rule", "text"]
TABLES = ("documents.csv", "sentences.csv", "tokens.csv", "removed_lines.csv")
#: Packages whose versions can change the processed bytes; recorded in the manifest.
RECORDED_PACKAGES = ("nltk", "scikit-learn", "pandas", "numpy", "PyYAML")

SCHEMA_README = """\
# Processed corpus

Written by `python -m corpus_tools build` (`corpus_tools.build.build_processed`). Do not edit by
hand: change the raw data, the cleaning rules or the code, and rebuild. `manifest.json` records
the SHA-256 of every input and output file and the software versions that made them.

All tables are UTF-8 CSV. Offsets (`start`, `end`) are character positions in the document's
cleaned `text` in `documents.csv`: `text[start:end]` is the sentence or token as written.

| table | one row per | columns |
|---|---|---|
| `documents.csv` | document | metadata columns as given (at least `doc_id`, `file`), `sha256` and `n_bytes` of the raw file, `n_chars`, `n_paragraphs`, `n_sentences`, `n_tokens` (all tokens), `n_words` (tokens that are not punctuation), `n_removed_lines`, `text` (cleaned) |
| `sentences.csv` | sentence | `doc_id`, `para_id` (paragraph, from 0), `sent_id` (from 0 within the document), `start`, `end`, `n_words`, `text` |
| `tokens.csv` | token | `doc_id`, `sent_id`, `token_id` (from 0 within the document), `start`, `end`, `token` (as written), `norm` (lowercase), `is_stop` (in the stop-word list), `is_punct` (no letter or digit) |
| `removed_lines.csv` | line removed by cleaning | `doc_id`, `file`, `line_no` (1-based, in the raw file), `rule` (see `corpus_tools/resources/furniture.yml`; `title_line` = first line repeating the title), `text` |
"""


@dataclass(frozen=True)
class ProcessedCorpus:
    """The processed tables of a corpus, as read by :func:`load_processed`."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    removed: pd.DataFrame
    manifest: dict


def _process_document(args: tuple[str, str, str, str]) -> tuple[dict, list, list, list]:
    """Clean and tokenise one document (runs in a worker process for large corpora)."""
    doc_id, file, text, title = args
    result = clean_text(text, title=title or None)
    sentences, tokens = tokenize_document(result.text)
    n_words_by_sent = [0] * len(sentences)
    for row in tokens:
        if not row[7]:
            n_words_by_sent[row[0]] += 1
    stats = {
        "n_chars": len(result.text),
        "n_paragraphs": len({s[0] for s in sentences}),
        "n_sentences": len(sentences),
        "n_tokens": len(tokens),
        "n_words": sum(n_words_by_sent),
        "n_removed_lines": len(result.removed),
        "text": result.text,
    }
    sentence_rows = [(doc_id, p, i, s, e, n_words_by_sent[i], t) for (p, i, s, e, t) in sentences]
    token_rows = [(doc_id, *row) for row in tokens]
    removed_rows = [(doc_id, file, r.line_no, r.rule, r.text) for r in result.removed]
    return stats, sentence_rows, token_rows, removed_rows


def _package_versions() -> dict[str, str]:
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def available_cores() -> int:
    """Return the number of CPU cores this process may use.

    Examples
    --------
    >>> available_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _open_csv(path: Path, header: list[str]):
    handle = path.open("w", encoding="utf-8", newline="")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    return handle, writer


def _map_documents(jobs: list[tuple], *, workers: int) -> Iterator[tuple]:
    """Process documents in order, in ``workers`` processes when the corpus is large enough."""
    if workers > 1 and len(jobs) >= 50:
        chunksize = max(1, min(256, len(jobs) // (workers * 8)))
        with get_context("spawn" if sys.platform == "darwin" else "fork").Pool(workers) as pool:
            yield from pool.imap(_process_document, jobs, chunksize=chunksize)
    else:
        yield from map(_process_document, jobs)


def build_processed(
    raw_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    workers: int | None = None,
    progress: bool = False,
    encoding: str = "utf-8",
) -> dict:
    """Load, clean and tokenise a corpus and write the processed tables and manifest.

    Parameters
    ----------
    raw_dir
        A corpus folder (texts + ``metadata.csv``) or a CSV/JSONL table; default ``data/raw``.
        If the folder holds a ``SHA256SUMS`` manifest, the files are checked against it first.
    out_dir
        Where to write; default ``data/processed``. Created if missing. Files are written to a
        temporary name and renamed, so a failed build never leaves half a table.
    workers
        Processes for cleaning and tokenising; default: every available core. Corpora under 50
        documents are processed in this process (starting workers would cost more).
    progress
        Show a progress bar.
    encoding
        Encoding of the raw texts.

    Returns
    -------
    dict
        The manifest that was written to ``manifest.json``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     manifest = build_processed(paths.RAW_DIR, tmp)
    >>> manifest["counts"]["documents"]
    5
    """
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.RAW_DIR
    out_dir = Path(out_dir) if out_dir is not None else paths.PROCESSED_DIR
    if raw_dir.is_dir() and (raw_dir / "SHA256SUMS").is_file():
        verify_checksums(raw_dir)
    corpus = load_corpus(raw_dir, encoding=encoding)
    load_furniture_rules()  # fail early on a malformed rules file, before any work
    workers = workers or available_cores()
    out_dir.mkdir(parents=True, exist_ok=True)
    titles = corpus["title"] if "title" in corpus.columns else [""] * len(corpus)
    jobs = list(zip(corpus["doc_id"], corpus["file"], corpus["text"], titles))
    meta_columns = [c for c in corpus.columns if c not in ("text", "sha256", "n_bytes")]

    tmp = {name: out_dir / (name + ".tmp") for name in TABLES}
    handles = []
    try:
        h_doc, w_doc = _open_csv(tmp["documents.csv"], meta_columns + STAT_COLUMNS + ["text"])
        h_sent, w_sent = _open_csv(tmp["sentences.csv"], SENTENCE_COLUMNS)
        h_tok, w_tok = _open_csv(tmp["tokens.csv"], TOKEN_COLUMNS)
        h_rem, w_rem = _open_csv(tmp["removed_lines.csv"], REMOVED_COLUMNS)
        handles = [h_doc, h_sent, h_tok, h_rem]
        counts = {"documents": 0, "sentences": 0, "tokens": 0, "removed_lines": 0}
        results = _map_documents(jobs, workers=workers)
        bar = tqdm(results, total=len(jobs), desc="clean + tokenise", unit="doc", disable=not progress)
        for (_, row), (stats, sentence_rows, token_rows, removed_rows) in zip(corpus.iterrows(), bar):
            if stats["n_sentences"] == 0:
                raise CorpusError(
                    f"{row['file']}: nothing is left after cleaning (every line was page furniture). "
                    "Fix: check the text, or the rules in resources/furniture.yml."
                )
            w_doc.writerow([row[c] for c in meta_columns] + [row["sha256"], row["n_bytes"]]
                           + [stats[c] for c in STAT_COLUMNS[2:]] + [stats["text"]])
            w_sent.writerows(sentence_rows)
            w_tok.writerows(token_rows)
            w_rem.writerows(removed_rows)
            counts["documents"] += 1
            counts["sentences"] += len(sentence_rows)
            counts["tokens"] += len(token_rows)
            counts["removed_lines"] += len(removed_rows)
    finally:
        for handle in handles:
            handle.close()
    outputs = {}
    for name, path in tmp.items():
        path.replace(out_dir / name)
        outputs[name] = sha256_file(out_dir / name)
    (out_dir / "README.md").write_text(SCHEMA_README, encoding="utf-8")
    manifest = {
        "built_by": f"corpus_tools {corpus_tools.__version__} (python -m corpus_tools build)",
        "python": platform.python_version(),
        "packages": _package_versions(),
        "inputs": {
            "corpus": raw_dir.name,
            "files": {f: h for f, h in zip(corpus["file"], corpus["sha256"])},
            "metadata.csv": sha256_bytes((raw_dir / "metadata.csv").read_bytes()) if raw_dir.is_dir() else None,
            "furniture_rules": sha256_bytes(paths.resource("furniture.yml").read_bytes()),
            "abbreviations": sha256_bytes(paths.resource("abbreviations.txt").read_bytes()),
        },
        "outputs": outputs,
        "counts": counts,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def load_processed(path: str | Path | None = None) -> ProcessedCorpus:
    """Read the processed tables written by :func:`build_processed`.

    Parameters
    ----------
    path
        The processed folder; default ``data/processed``.

    Returns
    -------
    ProcessedCorpus
        ``documents``, ``sentences``, ``tokens``, ``removed`` DataFrames and the ``manifest`` dict.

    Examples
    --------
    >>> corpus = load_processed()
    >>> corpus.documents["doc_id"].tolist()[:2]
    ['newsweek-2018', 'voa-2018']
    >>> doc = corpus.documents.set_index("doc_id").loc["voa-2018", "text"]
    >>> first = corpus.sentences.iloc[len(corpus.sentences) // 2]
    >>> corpus.documents.set_index("doc_id").loc[first.doc_id, "text"][first.start:first.end] == first.text
    True
    """
    path = Path(path) if path is not None else paths.PROCESSED_DIR
    missing = [name for name in (*TABLES, "manifest.json") if not (path / name).is_file()]
    if missing:
        raise CorpusError(
            f"{path}: missing {', '.join(missing)}. Fix: run `python -m corpus_tools build` "
            "(or `make run`) to build the processed corpus."
        )

    def read(name: str, text_columns: list[str]) -> pd.DataFrame:
        return pd.read_csv(path / name, dtype={c: str for c in text_columns}, keep_default_na=False, na_values=[])

    documents = read("documents.csv", [])
    documents = documents.astype({c: str for c in documents.columns if c not in STAT_COLUMNS[1:]})
    sentences = read("sentences.csv", ["doc_id", "text"])
    tokens = read("tokens.csv", ["doc_id", "token", "norm"])
    removed = read("removed_lines.csv", ["doc_id", "file", "rule", "text"])
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    return ProcessedCorpus(documents, sentences, tokens, removed, manifest)
