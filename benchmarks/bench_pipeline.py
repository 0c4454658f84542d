"""Benchmark load + clean + tokenise throughput of corpus_tools (issue 3). A benchmark, not a test.

What it measures, in one run:

1. **Stages, one core each.** A synthetic corpus of ``--docs`` news-length documents (default
   100,000) is generated lazily and reproducibly from the cleaned paragraphs of ``data/raw/*.txt``
   and streamed, chunk by chunk, through each stage: ``clean_text``, ``tokenize_words``,
   ``split_sentences`` (Punkt), ``tokenize_document`` and the combinations clean + words and
   clean + document; then the two baselines on the same texts, scikit-learn's default analyzer
   (``CountVectorizer().build_analyzer()``) and nltk's ``word_tokenize(text, preserve_line=True)``
   (the Treebank-style tokenizer, which runs offline); and the two sides of the build, per
   document: the pool worker's work and the main process's work. Each stage stops after
   ``--docs`` documents or ``--budget`` CPU seconds, whichever comes first (the documents are the
   same prefix of the same stream for every stage), and reports MB/s of UTF-8 input per CPU
   second (robust on a shared machine) and per wall second, medians over chunks of 100 documents.
2. **Faster alternatives (demonstration only).** ``fast_*`` functions and :class:`FastPunkt`
   below give output identical to the library's (checked before timing) and are timed the same
   way, to show what the changes suggested in ``benchmarks/README.md`` buy. The library is not
   modified.
3. **Load and the full build on both cores.** The corpus is written to a temporary folder as
   ``.txt`` files + ``metadata.csv`` at two sizes (``--build-docs``, default 5,000 and 20,000
   documents); ``load_corpus`` and ``build_processed`` with ``workers=1`` and ``workers=2`` each
   run in a fresh subprocess, so each peak RSS (``ru_maxrss``) is that run's own.

Usage::

    .venv/bin/python benchmarks/bench_pipeline.py            # default, ~11-13 minutes on 2 cores
    .venv/bin/python benchmarks/bench_pipeline.py --quick    # ~2-4 minutes, small sizes
    nice -n 10 .venv/bin/python benchmarks/bench_pipeline.py --write-readme   # update README table

Options: ``--docs N``, ``--build-docs 5000,20000``, ``--budget SECONDS``, ``--rounds R``, ``--seed S``,
``--only STAGE,...``, ``--no-stages``, ``--no-build``, ``--json PATH``, ``--write-readme``,
``--from-json RUN.json [RUN.json ...]`` (re-print saved runs, merged: stages and builds of each).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import pickle
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata
from itertools import accumulate, compress, cycle, islice, repeat
from operator import itemgetter, not_
from pathlib import Path

import numpy as np

from corpus_tools import paths
from corpus_tools import tokenize as _tokenize
from corpus_tools.tokenize import AbbreviationPunkt
from corpus_tools import build_workers as _build_workers
from corpus_tools.build import build_processed
from corpus_tools.clean import clean_text, load_furniture_rules
from corpus_tools.io import load_corpus
from corpus_tools.tokenize import (
    STOP_WORDS,
    TOKEN_PATTERN,
    sentence_splitter,
    split_paragraphs,
    split_sentences,
    tokenize_document,
    tokenize_words,
)

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
README_START = "<!-- bench_pipeline results: start (written by bench_pipeline.py --write-readme) -->"
README_END = "<!-- bench_pipeline results: end -->"
CHUNK = 100  # documents generated (untimed) before each timed chunk: bounds memory
MAIN_SAMPLE = 300  # distinct documents whose build results the main-process stages cycle over
TARGET_MB_S = 15.0


# --------------------------------------------------------------------------------------------
# Synthetic corpus
# --------------------------------------------------------------------------------------------


def load_paragraph_pool() -> list[str]:
    """Return the cleaned paragraphs of the seed corpus (``data/raw``), in file order."""
    corpus = load_corpus(paths.RAW_DIR)
    titles = corpus["title"] if "title" in corpus.columns else [""] * len(corpus)
    pool = []
    for text, title in zip(corpus["text"], titles):
        cleaned = clean_text(text, title=title or None).text
        pool.extend(cleaned[s:e] for s, e in split_paragraphs(cleaned))
    return pool


def synthetic_documents(n: int, *, seed: int, pool: list[str], low: int = 8, high: int = 14) -> Iterator[str]:
    """Yield ``n`` documents of ``low``..``high`` paragraphs drawn with replacement from ``pool``.

    Lazy (one document at a time) and reproducible: the same ``seed`` and pool give the same
    stream, so every stage sees the same prefix of the same documents.
    """
    rng = np.random.default_rng(seed)
    for _ in range(n):
        k = int(rng.integers(low, high + 1))
        yield "\n\n".join(pool[i] for i in rng.integers(0, len(pool), size=k))


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Yield lists of up to ``size`` consecutive items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def write_corpus_folder(folder: Path, n: int, *, seed: int, pool: list[str]) -> int:
    """Write ``n`` synthetic documents as ``.txt`` files + ``metadata.csv``; return total bytes."""
    folder.mkdir(parents=True)
    total = 0
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["doc_id", "file", "title", "outlet"])
        for i, text in enumerate(synthetic_documents(n, seed=seed, pool=pool)):
            name = f"doc{i:06d}.txt"
            data = text.encode("utf-8")
            (folder / name).write_bytes(data)
            total += len(data)
            writer.writerow([f"syn-{i:06d}", name, f"Synthetic document {i}", "synthetic"])
    return total


# --------------------------------------------------------------------------------------------
# Faster alternatives (identical output to the library; demonstration only)
# --------------------------------------------------------------------------------------------

# clean_text and tokenize_words already carry the first round of speed-ups measured here
# (commit 5f1c904: one regex pass for the character maps, the "/" look-ahead in the photo-caption
# rule, one word count per line, re.split + cumulative offsets); the alternatives below are the
# next round.

# the library's own split pattern (possessive quantifiers, one group), not a copy of it
_TOKEN_SPLIT = _tokenize._TOKEN_SPLIT


def fast_token_columns(text: str, *, offset: int = 0) -> tuple[list[int], list[int], list[str]]:
    """Return ``starts, ends, tokens`` as three columns (``tokenize_words`` zips them into tuples).

    One ``re.split`` yields the tokens and the gaps between them; cumulative lengths give every
    offset. ``zip(*fast_token_columns(t))`` equals ``tokenize_words(t)``.
    """
    parts = _TOKEN_SPLIT.split(text)
    pos = list(accumulate(map(len, parts), initial=offset))
    return pos[1::2], pos[2::2], parts[1::2]


#: ``[^\W_]`` is exactly ``str.isalnum`` per character, so "no match" == ``tokenize.is_punctuation``.
_HAS_ALNUM = re.compile(r"[^\W_]").search


def fast_tokenize_document(text: str, *, stop_words: frozenset[str] = STOP_WORDS, splitter=None) -> tuple[list, list]:
    """Same output as ``tokenize.tokenize_document``, token rows built column-wise.

    ``norm``, ``is_stop`` and ``is_punct`` come from ``map`` over C functions (``str.lower``,
    ``frozenset.__contains__``, a compiled regex) and rows from one ``zip`` per sentence: no
    Python-level call per token. ``splitter=None`` uses nltk's Punkt exactly as the library does;
    pass ``fast_sentence_splitter()`` for the Punkt shortcut.
    """
    splitter = splitter or sentence_splitter()
    is_stop = stop_words.__contains__
    sentence_rows, token_rows = [], []
    sent_id = token_id = 0
    for para, (p_start, p_end) in enumerate(split_paragraphs(text)):
        for s, e in splitter.span_tokenize(text[p_start:p_end]):
            start, end = p_start + s, p_start + e
            sentence = text[start:end]
            sentence_rows.append((para, sent_id, start, end, sentence))
            starts, ends, tokens = fast_token_columns(sentence, offset=start)
            n = len(tokens)
            norms = list(map(str.lower, tokens))
            token_rows.extend(zip(repeat(sent_id, n), range(token_id, token_id + n), starts, ends, tokens,
                                  norms, map(is_stop, norms), map(not_, map(_HAS_ALNUM, tokens))))
            token_id += n
            sent_id += 1
    return sentence_rows, token_rows


# The demonstrated faster Punkt was adopted by the library (tokenize.AbbreviationPunkt, with its
# own equivalence tests); the benchmark keeps the name for its "fast" rows.
FastPunkt = AbbreviationPunkt


@lru_cache(maxsize=1)
def fast_sentence_splitter() -> FastPunkt:
    """A :class:`FastPunkt` with the library splitter's parameters (same abbreviations), cached."""
    return FastPunkt(sentence_splitter()._params)


def fast_split_sentences(text: str) -> list[tuple[int, int, int]]:
    """``split_sentences`` with :class:`FastPunkt` (same output)."""
    return split_sentences(text, splitter=fast_sentence_splitter())


def _process_document(job: tuple[str, str, str, str]) -> tuple[dict, list, list, list]:
    """The build's per-document worker as it was before issue 14: row tuples that the main process
    formats (the build now formats CSV in its workers, ``build_workers._process_chunk``); the cleaning and
    tokenising are the library's current ones (``build_workers._process_document``)."""
    doc_id, file, text, title = job
    cleaned, sentences, tokens, removed = _build_workers._process_document(file, text, title)
    n_words_by_sent = [0] * len(sentences)
    for row in tokens:
        if not row[7]:
            n_words_by_sent[row[0]] += 1
    stats = {"n_chars": len(cleaned), "n_paragraphs": len({s[0] for s in sentences}),
             "n_sentences": len(sentences), "n_tokens": len(tokens), "n_words": sum(n_words_by_sent),
             "n_removed_lines": len(removed), "text": cleaned}
    sentence_rows = [(doc_id, p, i, s, e, n_words_by_sent[i], t) for (p, i, s, e, t) in sentences]
    token_rows = [(doc_id, *row) for row in tokens]
    removed_rows = [(doc_id, file, r.line_no, r.rule, r.text) for r in removed]
    return stats, sentence_rows, token_rows, removed_rows


def fast_process_document(job: tuple[str, str, str, str]) -> tuple[dict, list, list, list]:
    """Same output as the build's per-document worker (``build_workers._process_document``), with
    :func:`fast_tokenize_document`, :class:`FastPunkt` and the per-sentence word counts taken from
    the token rows with ``map``/``compress`` instead of a Python loop over every token."""
    doc_id, file, text, title = job
    result = clean_text(text, title=title or None)
    sentences, tokens = fast_tokenize_document(result.text, splitter=fast_sentence_splitter())
    n_words_by_sent = [0] * len(sentences)
    for sent_id in compress(map(itemgetter(0), tokens), map(not_, map(itemgetter(7), tokens))):
        n_words_by_sent[sent_id] += 1
    stats = {"n_chars": len(result.text), "n_paragraphs": len({s[0] for s in sentences}),
             "n_sentences": len(sentences), "n_tokens": len(tokens), "n_words": sum(n_words_by_sent),
             "n_removed_lines": len(result.removed), "text": result.text}
    sentence_rows = [(doc_id, p, i, s, e, n_words_by_sent[i], t) for (p, i, s, e, t) in sentences]
    token_rows = list(zip(repeat(doc_id, len(tokens)), *zip(*tokens))) if tokens else []
    removed_rows = [(doc_id, file, r.line_no, r.rule, r.text) for r in result.removed]
    return stats, sentence_rows, token_rows, removed_rows


def csv_text(rows: list[tuple]) -> str:
    """Format rows exactly as the build's ``csv.writer(handle, lineterminator="\\n")`` would."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _job(i: int, text: str) -> tuple[str, str, str, str]:
    return (f"syn-{i:06d}", f"doc{i:06d}.txt", text, f"Synthetic document {i}")


def punkt_fuzz_texts(n: int, *, seed: int = 0) -> list[str]:
    """Random texts dense in Punkt's hard cases: abbreviations, initials, numbers, ellipses, quotes."""
    import random

    rnd = random.Random(seed)
    words = ["Mr.", "Gov.", "U.S.", "U.N.", "a.", "J.", "No.", "no.", "5.", "2,000.", "1.5", "-3.", "etc.", "Jan.",
             "e.g.", "word.", "Word.", "word", "Word", "the", "The", "...", "..", ".", "?", "!", "?!", ",", ";", ":",
             "(", ")", "\u201c", "\u201d", "\u2019", "'", '"', "\u2014", "non-U.S.", "ex-Gov.", "x.y.", "_.", "\u00e9t\u00e9.",
             "\n", "\n\n", "24.", "I.", "i."]
    texts = []
    for _ in range(n):
        toks = [rnd.choice(words) for _ in range(rnd.randint(1, 25))]
        texts.append("".join(t + ("" if rnd.random() < 0.15 else " ") for t in toks).strip())
    return texts


def _same(ok: bool, what: str) -> None:
    if not ok:
        raise RuntimeError(f"a fast_* alternative differs from the library on: {what!r}")


def check_equivalence(docs: list[str]) -> str:
    """Check that the ``fast_*`` functions reproduce the library exactly; return a summary line."""
    corpus = load_corpus(paths.RAW_DIR)
    tricky = ["child\u2019s \u2018x\u2019 a\u2019 \u00a0b\u200bc\u2013d \u00abq\u00bb ``t'' 2,000 U.S.-Mexico e.g. _ __-_ \u00b2 \u2167",
              "\u2022 Politics\n\nA  headline\n\n3 minute read\n\nIt said \u201cno.\u201d\nMore Must-Reads from TIME\nx",
              "Caption here. Spencer Platt/Getty Images\n\nBody text.", ""]
    raw = list(zip(corpus["text"], corpus["title"])) + [(t, "A headline") for t in tricky] + [(d, None) for d in docs]
    fast_punkt = fast_sentence_splitter()
    for text, title in raw:
        cleaned = clean_text(text, title=title).text
        for t in (text, cleaned):
            _same(list(zip(*fast_token_columns(t))) == tokenize_words(t), t[:80])
            _same(list(zip(*fast_token_columns(t, offset=7))) == tokenize_words(t, offset=7), t[:80])
        if cleaned:
            reference = tokenize_document(cleaned)
            _same(fast_tokenize_document(cleaned) == reference, cleaned[:80])
            _same(fast_tokenize_document(cleaned, splitter=fast_punkt) == reference, cleaned[:80])
    for i, text in enumerate(docs[:50]):
        _same(fast_process_document(_job(i, text)) == _process_document(_job(i, text)), text[:80])
    fuzz = punkt_fuzz_texts(3000)
    library = sentence_splitter()
    for text in fuzz:
        _same(split_sentences(text, splitter=fast_punkt) == split_sentences(text), text)
        _same(list(zip(*fast_token_columns(text))) == tokenize_words(text), text)
        _same(fast_tokenize_document(text, splitter=fast_punkt) == tokenize_document(text), text)
        for _, context in library._match_potential_end_contexts(text):
            _same(fast_punkt.text_contains_sentbreak(context) == library.text_contains_sentbreak(context), context)
    return (f"fast_* output identical to the library on {len(raw)} texts (5 raw files, {len(tricky)} edge cases, "
            f"{len(docs)} synthetic documents) and, for Punkt and words, on {len(fuzz)} random abbreviation/number/quote texts")


# --------------------------------------------------------------------------------------------
# Stages (each runs in its own subprocess)
# --------------------------------------------------------------------------------------------


def _stage_functions() -> dict[str, tuple[str, Callable[[], object]]]:
    """name -> (group, factory).

    The factory returns the per-document function, or ``(prepare, function)`` where
    ``prepare(index, text)`` makes the function's input untimed, or ``(prepare, function, n)`` to
    cycle over the first ``n`` documents (preparing each once).
    """

    def sklearn_analyzer():
        from sklearn.feature_extraction.text import CountVectorizer

        return CountVectorizer().build_analyzer()

    def nltk_word_tokenize():
        from nltk.tokenize import word_tokenize

        return lambda text: word_tokenize(text, preserve_line=True)

    return {
        "clean": ("library", lambda: clean_text),
        "words": ("library", lambda: tokenize_words),
        "sentences": ("library", lambda: split_sentences),
        "document": ("library", lambda: tokenize_document),
        "clean+words": ("library", lambda: lambda t: tokenize_words(clean_text(t).text)),
        "clean+document": ("library", lambda: lambda t: tokenize_document(clean_text(t).text)),
        "sklearn analyzer": ("baseline", sklearn_analyzer),
        "nltk word_tokenize": ("baseline", nltk_word_tokenize),
        "fast document": ("demo", lambda: fast_tokenize_document),
        "fast sentences": ("demo", lambda: fast_split_sentences),
        "fast document+punkt": ("demo", lambda: lambda t: fast_tokenize_document(t, splitter=fast_sentence_splitter())),
        "clean+fast document+punkt": ("demo", lambda: lambda t: fast_tokenize_document(clean_text(t).text,
                                                                                        splitter=fast_sentence_splitter())),
        "TOKEN_PATTERN.findall": ("ceiling", lambda: TOKEN_PATTERN.findall),
        # The build's two sides, per document: the pool worker (clean, tokenise, rows, pickle) and
        # the main process (unpickle, write the CSV rows to a real file).
        "build worker": ("build part", lambda: (_job, lambda job: pickle.dumps(_process_document(job)))),
        # main-process stages cycle over the results of the first MAIN_SAMPLE documents: preparing
        # each result (the worker's work, untimed) would otherwise cost more time than the stage.
        "build main": ("build part", lambda: (lambda i, t: pickle.dumps(_process_document(_job(i, t))), _main_writes_rows(),
                                              MAIN_SAMPLE)),
        "fast build worker": ("demo", lambda: (_job, lambda job: pickle.dumps(_worker_csv(fast_process_document(job))))),
        "fast build main": ("demo", lambda: (lambda i, t: pickle.dumps(_worker_csv(_process_document(_job(i, t)))),
                                             _main_writes_text(), MAIN_SAMPLE)),
    }


def _scratch_writers() -> list:
    """A real temporary file (deleted when the process ends) and the build's CSV writer on it."""
    handle = tempfile.TemporaryFile("w", encoding="utf-8", newline="")
    return [handle, csv.writer(handle, lineterminator="\n")]


def _main_writes_rows() -> Callable[[bytes], None]:
    """What the build's main process does per document: unpickle the result, write CSV rows."""
    _, writer = _scratch_writers()

    def write(blob: bytes) -> None:
        stats, sentence_rows, token_rows, removed_rows = pickle.loads(blob)
        writer.writerow(list(stats.values()))
        writer.writerows(sentence_rows)
        writer.writerows(token_rows)
        writer.writerows(removed_rows)

    return write


def _worker_csv(result: tuple) -> tuple:
    """Worker-side formatting: the row lists become CSV text (same bytes as the main's writer)."""
    stats, sentence_rows, token_rows, removed_rows = result
    return stats, csv_text(sentence_rows), csv_text(token_rows), csv_text(removed_rows)


def _main_writes_text() -> Callable[[bytes], None]:
    """Main process when workers send CSV text: unpickle, one write per table."""
    handle, writer = _scratch_writers()

    def write(blob: bytes) -> None:
        stats, sentences, tokens, removed = pickle.loads(blob)
        writer.writerow(list(stats.values()))
        handle.write(sentences)
        handle.write(tokens)
        handle.write(removed)

    return write


STAGES = list(_stage_functions())


def _rusage() -> dict:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_self": me.ru_utime + me.ru_stime, "cpu_children": kids.ru_utime + kids.ru_stime,
            "maxrss_self_mb": me.ru_maxrss / 1024, "maxrss_children_mb": kids.ru_maxrss / 1024}


def run_stream_stage(name: str, *, docs: int, seed: int, budget: float) -> dict:
    """Stream the synthetic corpus through one stage; time only the stage function."""
    group, factory = _stage_functions()[name]
    spec = factory()
    prepare, func, sample = (spec + (None,) * (3 - len(spec))) if isinstance(spec, tuple) else (None, spec, None)
    pool = load_paragraph_pool()
    sentence_splitter()  # build the cached Punkt splitter and load the rules before timing
    load_furniture_rules()
    func(prepare(0, pool[0]) if prepare else pool[0])  # warm-up (lazy imports, regex compilation)
    stream = synthetic_documents(docs, seed=seed, pool=pool)
    prepared: dict[int, object] = {}
    if sample:  # cycle over the first `sample` documents, preparing each once
        stream = islice(cycle(list(islice(stream, sample))), docs)

    def prepared_input(i: int, text: str) -> object:
        if not sample:
            return prepare(i, text)
        if i % sample not in prepared:
            prepared[i % sample] = prepare(i % sample, text)
        return prepared[i % sample]

    cpu = wall = 0.0
    n_docs = n_bytes = 0
    cpu_rates, wall_rates = [], []
    for chunk in chunked(stream, CHUNK):
        inputs = [prepared_input(n_docs + i, t) for i, t in enumerate(chunk)] if prepare else chunk
        c0, w0 = time.process_time(), time.perf_counter()
        for item in inputs:
            func(item)
        c1, w1 = time.process_time() - c0, time.perf_counter() - w0
        mb = sum(len(t.encode("utf-8")) for t in chunk) / 1e6
        cpu, wall, n_docs, n_bytes = cpu + c1, wall + w1, n_docs + len(chunk), n_bytes + mb * 1e6
        cpu_rates.append(mb / max(c1, 1e-9))
        wall_rates.append(mb / max(w1, 1e-9))
        if budget and cpu >= budget:
            break
    # Medians over chunks of 100 documents resist bursts of contention on a shared machine;
    # the totals are kept too.
    return {"stage": name, "group": group, "docs": n_docs, "mb": n_bytes / 1e6, "cpu_s": cpu, "wall_s": wall,
            "mb_per_cpu_s": float(np.median(cpu_rates)), "mb_per_wall_s": float(np.median(wall_rates)),
            "mb_per_cpu_s_total": n_bytes / 1e6 / cpu, "mb_per_wall_s_total": n_bytes / 1e6 / wall,
            "maxrss_mb": _rusage()["maxrss_self_mb"]}


def run_load(folder: str) -> dict:
    """Time ``load_corpus`` on a corpus folder."""
    r0, w0 = _rusage(), time.perf_counter()
    corpus = load_corpus(folder)
    wall = time.perf_counter() - w0
    r1 = _rusage()
    n_bytes = int(corpus["n_bytes"].sum())
    return {"stage": "load", "docs": len(corpus), "mb": n_bytes / 1e6, "wall_s": wall,
            "cpu_s": r1["cpu_self"] - r0["cpu_self"], "mb_per_wall_s": n_bytes / 1e6 / wall,
            "maxrss_mb": r1["maxrss_self_mb"]}


def _rss_mb() -> float | None:
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        return None


def run_build(folder: str, out: str, *, workers: int) -> dict:
    """Time ``build_processed`` (load + clean + tokenise + write) with ``workers`` processes.

    A thread samples this process's RSS every 20 ms, separating the peak while documents are
    processed (until ``documents.csv`` is renamed into place) from the peak of the whole call
    (which includes hashing the finished tables for the manifest).
    """
    import threading

    n_bytes = sum(p.stat().st_size for p in Path(folder).glob("*.txt"))
    done = Path(out) / "documents.csv"
    peak = {"loop": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.02):
            rss = _rss_mb()
            if rss is not None and not done.exists():
                peak["loop"] = max(peak["loop"], rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    r0, w0 = _rusage(), time.perf_counter()
    manifest = build_processed(folder, out, workers=workers)
    wall = time.perf_counter() - w0
    r1 = _rusage()
    stop.set()
    sampler.join()
    sizes = {p.name: p.stat().st_size / 1e6 for p in Path(out).iterdir()}
    return {"stage": f"build workers={workers}", "workers": workers, "docs": manifest["counts"]["documents"],
            "tokens": manifest["counts"]["tokens"], "mb": n_bytes / 1e6, "out_mb": sum(sizes.values()),
            "tokens_csv_mb": sizes.get("tokens.csv"), "wall_s": wall,
            "cpu_main_s": r1["cpu_self"] - r0["cpu_self"], "cpu_workers_s": r1["cpu_children"] - r0["cpu_children"],
            "mb_per_wall_s": n_bytes / 1e6 / wall, "maxrss_main_mb": r1["maxrss_self_mb"],
            "rss_loop_peak_mb": peak["loop"] / 1.048576 if peak["loop"] else None,
            "maxrss_worker_mb": r1["maxrss_children_mb"] if workers > 1 else None}


def in_subprocess(task: dict) -> dict:
    """Run one measurement in a fresh Python process (separate peak RSS); return its JSON."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--task", json.dumps(task)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"task {task} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _task_main(task: dict) -> None:
    kind = task.pop("kind")
    if kind == "stream":
        result = run_stream_stage(**task)
    elif kind == "load":
        result = run_load(**task)
    else:
        result = run_build(**task)
    print(json.dumps(result))


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def environment() -> dict:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next((ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if ln.startswith("Model name")), "?")
    except OSError:
        model = platform.processor() or "?"
    versions = {}
    for pkg in ("numpy", "pandas", "nltk", "regex", "scikit-learn", "PyYAML"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    try:  # read-only: which library code was measured
        commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(HERE), "status", "--porcelain", "--", "../src"], capture_output=True,
                               text=True).stdout.strip()
        commit = (commit + (" + uncommitted changes in src/" if dirty else "")) if commit else "unknown"
    except OSError:
        commit = "unknown"
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cpu": model, "commit": commit,
            "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(), "packages": versions,
            "nice": os.nice(0), "loadavg_start": os.getloadavg()}


def _fmt(x, spec=".1f"):
    return "—" if x is None else format(x, spec)


def stage_table(stages: list[dict]) -> list[str]:
    by = {s["stage"]: s for s in stages}
    sk = by.get("sklearn analyzer", {}).get("mb_per_cpu_s")
    nl = by.get("nltk word_tokenize", {}).get("mb_per_cpu_s")
    rows = ["| stage | what | docs (best round) | MB | MB/s per core (CPU time) | rounds, MB/s | MB/s (wall) | "
            "× sklearn analyzer | × nltk word_tokenize | ≥ 15 MB/s | peak RSS MiB |",
            "|---|---|---:|---:|---:|---|---:|---:|---:|:-:|---:|"]
    for s in stages:
        v = s["mb_per_cpu_s"]
        spread = ", ".join(f"{x:.1f}" for x in s.get("rounds", [v]))
        rows.append(f"| {s['stage']} | {s['group']} | {s['docs']:,} | {s['mb']:.1f} | {v:.2f} | {spread} | {s['mb_per_wall_s']:.2f} | "
                    f"{_fmt(v / sk if sk else None, '.2f')} | {_fmt(v / nl if nl else None, '.1f')} | "
                    f"{'yes' if v >= TARGET_MB_S else 'no'} | {s['maxrss_mb']:.0f} |")
    return rows


def _loads(b: dict) -> str:
    return ", ".join(f"{x:.1f}" for x in b["loadavg"]) if "loadavg" in b else "—"


def build_table(builds: list[dict]) -> list[str]:
    rows = ["| docs | raw MB | step | wall s | MB/s (wall) | speed-up | CPU s main | CPU s workers | peak RSS main MiB "
            "(whole call) | peak RSS main MiB (while processing) | peak RSS one worker MiB | tokens | tokens.csv MB | cores used (CPU s / wall s) | load avg before, after |",
            "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    w1 = {b["docs"]: b["wall_s"] for b in builds if b.get("workers") == 1}
    for b in builds:
        head = f"| {b['docs']:,} | {b['mb']:.1f} | {b['stage']} | {b['wall_s']:.1f} | {b['mb_per_wall_s']:.2f} |"
        if "workers" not in b:  # load_corpus alone
            rows.append(f"{head} — | {b['cpu_s']:.1f} | — | {b['maxrss_mb']:.0f} | — | — | — | — | "
                        f"{b['cpu_s'] / b['wall_s']:.2f} | {_loads(b)} |")
            continue
        speed = w1[b["docs"]] / b["wall_s"] if b["workers"] == 2 and b["docs"] in w1 else None
        rows.append(f"{head} {_fmt(speed, '.2f')} | {b['cpu_main_s']:.1f} | {b['cpu_workers_s']:.1f} | "
                    f"{b['maxrss_main_mb']:.0f} | {_fmt(b['rss_loop_peak_mb'], '.0f')} | {_fmt(b['maxrss_worker_mb'], '.0f')} | "
                    f"{b['tokens']:,} | {_fmt(b['tokens_csv_mb'], '.0f')} | "
                    f"{(b['cpu_main_s'] + b['cpu_workers_s']) / b['wall_s']:.2f} | {_loads(b)} |")
    return rows


def summary(stages: list[dict], builds: list[dict]) -> list[str]:
    """The headline figures: target met or not, with and without sentence splitting."""
    v = {s["stage"]: s["mb_per_cpu_s"] for s in stages}
    out = []

    def line(label: str, lib: str, fast: str, *, target: bool = True) -> None:
        if lib in v:
            text = f"- {label}: library {v[lib]:.1f} MB/s per core"
            if fast in v:
                text += f", with the demonstrated changes {v[fast]:.1f} MB/s ({v[fast] / v[lib]:.1f}×)"
            best = max(v[lib], v.get(fast, 0))
            if target:
                text += f"; target {TARGET_MB_S:g} MB/s {'met' if best >= TARGET_MB_S else 'NOT met'}"
            out.append(text + ".")

    line("clean alone", "clean", "", target=False)
    line("clean + word tokenise (no sentence splitting)", "clean+words", "")
    line("clean + tokenize_document (Punkt sentences + token rows)", "clean+document", "clean+fast document+punkt")
    line("Punkt sentence splitting alone", "sentences", "fast sentences", target=False)
    if "sklearn analyzer" in v and "nltk word_tokenize" in v:
        out.append(f"- baselines on the same texts: scikit-learn's default analyzer {v['sklearn analyzer']:.1f} MB/s, "
                   f"nltk word_tokenize {v['nltk word_tokenize']:.2f} MB/s per core.")
    if {"build worker", "build main"} <= set(v):
        cpu = 1 / v["build worker"] + 1 / v["build main"]
        text = (f"- build CPU per MB of text: {cpu:.2f} CPU s (worker {1 / v['build worker']:.2f} + main process "
                f"{1 / v['build main']:.2f}), i.e. at most {2 / cpu:.1f} MB/s on two fully free cores")
        if {"fast build worker", "fast build main"} <= set(v):
            fast = 1 / v["fast build worker"] + 1 / v["fast build main"]
            text += f"; with the demonstrated changes {fast:.2f} CPU s per MB (at most {2 / fast:.1f} MB/s on two cores)"
        out.append(text + ".")
    for n in sorted({b["docs"] for b in builds}):
        by = {b["stage"]: b for b in builds if b["docs"] == n}
        one, two = by.get("build workers=1"), by.get("build workers=2")
        if one and two:
            cores = (two["cpu_main_s"] + two["cpu_workers_s"]) / two["wall_s"]
            out.append(f"- build of {n:,} documents: {one['wall_s']:.0f} s with 1 worker, {two['wall_s']:.0f} s with 2 "
                       f"(speed-up {one['wall_s'] / two['wall_s']:.2f}, {cores:.2f} cores busy on average); peak RSS of the main process "
                       f"{one['maxrss_main_mb']:.0f} / {two['maxrss_main_mb']:.0f} MiB (whole call, 1 / 2 workers), "
                       f"{_fmt(one['rss_loop_peak_mb'], '.0f')} / {_fmt(two['rss_loop_peak_mb'], '.0f')} MiB while processing.")
    return out


def report(env: dict, args: argparse.Namespace, equivalence: str, stages: list[dict], builds: list[dict]) -> str:
    lines = [f"Measured {env['date']} (library at git commit {env.get('commit', 'unknown')}) on {env['cpu']} "
             f"({env['cores']} cores, {env['platform']}), Python {env['python']}, "
             + ", ".join(f"{k} {v}" for k, v in env["packages"].items()) + ".",
             f"Load average (1, 5, 15 min) at start {', '.join(f'{x:.1f}' for x in env['loadavg_start'])}, "
             f"at end {', '.join(f'{x:.1f}' for x in env['loadavg_end'])}; niceness {env['nice']}; "
             f"total run time {env['elapsed_s'] / 60:.1f} min.",
             f"Command: `{env['command']}`. Synthetic corpus: seed {args.seed}, 8-14 paragraphs per document "
             f"drawn from the {env['pool']} cleaned paragraphs of data/raw; stage limit {args.docs:,} documents "
             f"or {args.budget:g} CPU s per stage, split over {args.rounds} round(s), best round reported. {equivalence}.",
             *[f"Merged with a later run for its {' and '.join(r['has'])}: {r['date']}, load average at start "
               f"{', '.join(f'{x:.1f}' for x in r['loadavg_start'])}, at end {', '.join(f'{x:.1f}' for x in r['loadavg_end'])}, "
               f"command `{r['command']}`." for r in env.get("later_runs", [])], "", *summary(stages, builds), ""]
    if stages:
        lines += ["Stages: a fresh process per stage and round; input MB = UTF-8 bytes of the synthetic documents; "
                  "MB/s per core = MB per CPU second, median over chunks of 100 documents, best of the rounds:",
                  "", *stage_table(stages), ""]
    if builds:
        lines += ["Load and full build (`build_processed`, files + metadata.csv in a temporary folder), each in a fresh "
                  "process, one run each:",
                  "", *build_table(builds), ""]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    current = README.read_text(encoding="utf-8")
    if README_START not in current or README_END not in current:
        raise SystemExit(f"{README}: markers not found; add {README_START!r} and {README_END!r}.")
    head, rest = current.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    README.write_text(head + README_START + "\n\n" + text + "\n" + README_END + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=None, help="documents streamed per stage (default 100000)")
    parser.add_argument("--build-docs", default=None, help="comma-separated corpus sizes for load/build (default 5000,20000)")
    parser.add_argument("--budget", type=float, default=None, help="CPU seconds per stage over all rounds, 0 = no limit (default 9)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds over all stages; best round counts (default 3)")
    parser.add_argument("--seed", type=int, default=20180605)
    parser.add_argument("--quick", action="store_true", help="small sizes: --docs 5000 --build-docs 1000,4000 --budget 3")
    parser.add_argument("--only", default=None, help=f"comma-separated stages to run (of: {', '.join(STAGES)})")
    parser.add_argument("--no-build", action="store_true", help="skip the load/build measurements")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage measurements")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results as JSON")
    parser.add_argument("--write-readme", action="store_true", help="replace the results block in benchmarks/README.md")
    parser.add_argument("--from-json", type=Path, nargs="+", default=None,
                        help="re-print (and with --write-readme re-write) saved --json runs, merged")
    parser.add_argument("--task", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.task:
        _task_main(json.loads(args.task))
        return
    quick = {"docs": 5000, "build_docs": "1000,4000", "budget": 3.0, "rounds": 1}
    default = {"docs": 100_000, "build_docs": "5000,20000", "budget": 9.0, "rounds": 3}
    for key, value in (quick if args.quick else default).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    stage_names = STAGES if args.only is None else [s.strip() for s in args.only.split(",")]
    unknown = set(stage_names) - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s) {sorted(unknown)}; choose from {STAGES}")

    if args.from_json:
        runs = [json.loads(path.read_text(encoding="utf-8")) for path in args.from_json]
        for key, value in runs[0]["args"].items():
            setattr(args, key, value)
        env = dict(runs[0]["environment"])
        if len(runs) > 1:
            env["later_runs"] = [{**r["environment"], "args": r["args"], "has": [k for k in ("stages", "builds") if r[k]]}
                                 for r in runs[1:]]
        stages, builds = runs[0]["stages"], runs[0]["builds"]
        for r in runs[1:]:  # a later run's stages or builds replace the earlier ones
            stages, builds = r["stages"] or stages, r["builds"] or builds
        text = report(env, args, runs[0]["equivalence"], stages, builds)
        print(text)
        if args.write_readme:
            write_readme(text)
        return
    t_start = time.perf_counter()
    env = environment()
    given = list(argv if argv is not None else sys.argv[1:])
    for flag in ("--json",):  # output-only options are not part of the measured command
        while flag in given:
            del given[given.index(flag):given.index(flag) + 2]
    env["command"] = " ".join(["python benchmarks/bench_pipeline.py", *[g for g in given if g != "--write-readme"]])
    pool = load_paragraph_pool()
    env["pool"] = len(pool)
    sample = list(islice(synthetic_documents(args.docs, seed=args.seed, pool=pool), 200))
    _same(all(clean_text(d).text == d for d in sample[:50]), "synthetic documents should already be clean")
    equivalence = check_equivalence(sample)
    print(equivalence, flush=True)

    # Rounds: every stage runs once per round (fresh process each time) with budget / rounds CPU s;
    # a stage's figure is its best round (as timeit does), so a slow spell on the shared machine
    # during one stage does not skew the ratios. The spread over rounds is reported.
    rounds: dict[str, list[dict]] = {name: [] for name in stage_names}
    for r in range(0 if args.no_stages else args.rounds):
        for name in stage_names:
            result = in_subprocess({"kind": "stream", "name": name, "docs": args.docs, "seed": args.seed,
                                    "budget": args.budget / args.rounds})
            rounds[name].append(result)
            print(f"  round {r + 1}/{args.rounds} {name:22s} {result['mb_per_cpu_s']:7.2f} MB/s per CPU s  "
                  f"{result['mb_per_wall_s']:7.2f} MB/s wall  {result['docs']:>7,} docs  peak RSS {result['maxrss_mb']:.0f} MiB",
                  flush=True)
    stages = []
    for name, results in rounds.items():
        if not results:
            continue
        best = dict(max(results, key=itemgetter("mb_per_cpu_s")))
        best["rounds"] = [x["mb_per_cpu_s"] for x in results]
        best["maxrss_mb"] = max(x["maxrss_mb"] for x in results)
        stages.append(best)

    builds = []
    if not args.no_build:
        sizes = [int(x) for x in args.build_docs.split(",") if x.strip()]
        with tempfile.TemporaryDirectory(prefix="bench_pipeline_") as tmp:
            for n in sizes:
                folder = Path(tmp) / f"corpus_{n}"
                write_corpus_folder(folder, n, seed=args.seed, pool=pool)
                runs = [{"kind": "load", "folder": str(folder)}] + [
                    {"kind": "build", "folder": str(folder), "out": str(Path(tmp) / f"out_{n}_{w}"), "workers": w} for w in (1, 2)]
                for task in runs:
                    load_before = os.getloadavg()[0]
                    result = in_subprocess(dict(task))
                    result["loadavg"] = (load_before, os.getloadavg()[0])
                    builds.append(result)
                    print(f"  {n:>7,} docs  {result['stage']:16s} {result['wall_s']:7.1f} s  {result['mb_per_wall_s']:6.2f} MB/s wall  "
                          f"peak RSS {result.get('maxrss_main_mb', result.get('maxrss_mb')):.0f} MB", flush=True)
                    if "out" in task:
                        shutil.rmtree(task["out"], ignore_errors=True)
                shutil.rmtree(folder, ignore_errors=True)

    env["loadavg_end"] = os.getloadavg()
    env["elapsed_s"] = time.perf_counter() - t_start
    text = report(env, args, equivalence, stages, builds)
    print()
    print(text)
    if args.json:
        saved_args = {k: getattr(args, k) for k in ("docs", "build_docs", "budget", "rounds", "seed")}
        args.json.write_text(json.dumps({"environment": env, "args": saved_args, "equivalence": equivalence,
                                         "stages": stages, "builds": builds}, indent=2) + "\n", encoding="utf-8")
    if args.write_readme:
        write_readme(text)
        print(f"wrote results into {README}")


if __name__ == "__main__":
    main()
