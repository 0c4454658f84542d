"""Benchmark: the whole build against the floor of reading the files, at growing corpus sizes (issue 14).

For each size N the script writes N synthetic news-length documents (``.txt`` files +
``metadata.csv``, the generator of ``bench_pipeline.py``: paragraphs of ``data/raw`` resampled with a
fixed seed) into a temporary folder and, in the same run, measures in fresh subprocesses:

* **floor**: read every file (``open().read()``, UTF-8 decode) and run scikit-learn's default
  analyzer (``CountVectorizer().build_analyzer()``) once over each text, in one process; the
  time is the loop alone (imports excluded).
* **build**: ``build_processed(folder, out, workers=W, format=F)`` (default W = 2), wall time of
  the call, once per format F of ``--formats`` (default ``csv,parquet``, same corpus, same run).
* **load**: ``load_processed(out)`` of each build (the notebooks' first step), in two steps: the
  documents and sentences tables (all that notebooks 02, 03 and 05 use), then the tokens and
  removed lines too (notebooks 01 and 04); wall and CPU time up to each step and the load
  process's peak RSS (``ru_maxrss``; it includes the imports, about 200 MiB).

Peak memory of the build is the largest sum over the build process and all its descendants (the
pool workers) of the proportional set size (PSS, ``/proc/PID/smaps_rollup``: a page shared by forked
processes counted once) and of the resident set size (RSS: shared pages counted in every process,
an overstatement), sampled from ``/proc`` every 100 ms by this script (the sampling costs about 2% of a core); next to ``ru_maxrss`` of the
build process itself and of its largest waited-for child (``RUSAGE_CHILDREN``).
Output size is the sum of the four tables' bytes per byte of raw text.

The machine is shared: wall times move with the other jobs' load, CPU times (user + system of the
process, and of its pool workers for the build) much less; both are printed.

Run ``python benchmarks/bench_build.py --sizes 2000,20000`` (``--formats csv`` for one format only,
``--json PATH`` saves the numbers,
``--label`` names the row group, ``--from-json A.json B.json`` prints a table of saved runs). To
measure another version of the library, put its ``src`` first on ``PYTHONPATH``. This is a
measurement, not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SEED = 20180605
PAGE = os.sysconf("SC_PAGE_SIZE")


def write_corpus(folder: Path, n: int, *, seed: int = SEED) -> int:
    """Write ``n`` synthetic documents + metadata.csv into ``folder``; return the total bytes."""
    import numpy as np

    from corpus_tools import paths
    from corpus_tools.clean import clean_text
    from corpus_tools.io import load_corpus
    from corpus_tools.tokenize import split_paragraphs

    corpus = load_corpus(paths.RAW_DIR)
    pool = []
    for text, title in zip(corpus["text"], corpus["title"]):
        cleaned = clean_text(text, title=title or None).text
        pool.extend(cleaned[s:e] for s, e in split_paragraphs(cleaned))
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True)
    total = 0
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["doc_id", "file", "title", "outlet"])
        for i in range(n):
            k = int(rng.integers(8, 15))
            data = "\n\n".join(pool[j] for j in rng.integers(0, len(pool), size=k)).encode("utf-8")
            name = f"doc{i:06d}.txt"
            (folder / name).write_bytes(data)
            total += len(data)
            writer.writerow([f"syn-{i:06d}", name, f"Synthetic document {i}", "synthetic"])
    return total


# ---- the two measured tasks (run as ``python bench_build.py --task ...`` in a fresh process) ----

def task_floor(folder: str) -> dict:
    from sklearn.feature_extraction.text import CountVectorizer

    analyzer = CountVectorizer().build_analyzer()
    with open(Path(folder) / "metadata.csv", encoding="utf-8", newline="") as handle:
        files = [row["file"] for row in csv.DictReader(handle)]
    t0, c0 = time.perf_counter(), time.process_time()
    n_tokens = 0
    for name in files:
        with open(Path(folder) / name, "rb") as f:
            n_tokens += len(analyzer(f.read().decode("utf-8")))
    return {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "tokens": n_tokens}


def task_build(folder: str, out: str, workers: int, format: str = "csv") -> dict:
    import corpus_tools
    from corpus_tools.build import build_processed

    t0 = time.perf_counter()
    manifest = build_processed(folder, out, workers=workers, format=format)
    wall = time.perf_counter() - t0
    self_ru, child_ru = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    sizes = {p.name: p.stat().st_size for p in Path(out).iterdir()}
    return {"wall": wall, "cpu_main": self_ru.ru_utime + self_ru.ru_stime,
            "cpu_children": child_ru.ru_utime + child_ru.ru_stime,
            "maxrss_self_mb": self_ru.ru_maxrss / 1024, "maxrss_children_mb": child_ru.ru_maxrss / 1024,
            "tokens": manifest["counts"]["tokens"], "output_bytes": sizes, "library": corpus_tools.__file__}


def task_load(out: str) -> dict:
    """Load the tables as the notebooks do, in two steps timed separately in one process: the
    documents and sentences (all that notebooks 02, 03 and 05 read), then the tokens and removed
    lines too (notebooks 01 and 04). ``load_processed`` reads each table on first use."""
    from corpus_tools.build import load_processed

    def usage() -> tuple[float, float]:
        ru = resource.getrusage(resource.RUSAGE_SELF)
        return ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024

    t0, (c0, _) = time.perf_counter(), usage()
    corpus = load_processed(out)
    first = (corpus.documents, corpus.sentences)
    t1, (c1, rss1) = time.perf_counter(), usage()
    frames = (*first, corpus.tokens, corpus.removed)
    t2, (c2, rss2) = time.perf_counter(), usage()
    return {"wall_text": t1 - t0, "cpu_text": c1 - c0, "maxrss_text_mb": rss1,
            "wall": t2 - t0, "cpu": c2 - c0, "maxrss_self_mb": rss2,
            "rows": [len(f) for f in frames], "frames_mb": sum(f.memory_usage(deep=True).sum() for f in frames) / 2**20}


# ---- memory sampling of a process tree from /proc (no psutil) ----

def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size: resident bytes with pages shared between processes split among them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def tree_memory(pid: int) -> tuple[int, int]:
    """``(RSS, PSS)`` bytes of ``pid`` and all its descendants, summed.

    Forked pool workers share their parent's pages until written, so the RSS sum counts those
    pages once per process (an overstatement); the PSS sum counts every page once.
    """
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        rss += _rss(p)
        pss += _pss(p)
        todo += _children(p)
    return rss, pss


def run_task(args: list[str]) -> dict:
    """Run this script with ``--task ...`` in a fresh process; return its JSON and the sampled peak RSS."""
    proc = subprocess.Popen([sys.executable, __file__, "--task", *args], stdout=subprocess.PIPE, text=True)
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            rss, pss = tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    stop.set()
    thread.join()
    if proc.returncode:
        raise RuntimeError(f"task {args} failed with exit code {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_tree_mb"] = peak[0] / 2**20
    result["peak_tree_pss_mb"] = peak[1] / 2**20
    return result


def measure(n: int, *, workers: int, tmp: Path, label: str, formats: tuple[str, ...] = ("csv",)) -> list[dict]:
    """One row per format: the floor (measured once), the build and the load of its tables."""
    folder = tmp / f"corpus{n}"
    raw_bytes = write_corpus(folder, n)
    subprocess.run(["sync"], check=False)
    floor = run_task(["floor", str(folder)])
    rows = []
    for format in formats:
        rows.append(_measure_format(n, format, folder=folder, raw_bytes=raw_bytes, floor=floor, workers=workers,
                                    tmp=tmp, label=label))
        print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    return rows


def _measure_format(n: int, format: str, *, folder: Path, raw_bytes: int, floor: dict, workers: int, tmp: Path,
                    label: str) -> dict:
    out = tmp / f"out{n}-{format}"
    build = run_task(["build", str(folder), str(out), str(workers), format])
    subprocess.run(["sync"], check=False)
    load = run_task(["load", str(out)])
    tables = [f"{t}.{format}" for t in ("documents", "sentences", "tokens", "removed_lines")]
    out_bytes = sum(build["output_bytes"].get(t, 0) for t in tables)
    row = {"label": label, "format": format, "docs": n, "raw_mb": raw_bytes / 1e6, "workers": workers,
           "floor_wall": floor["wall"], "build_wall": build["wall"], "ratio": build["wall"] / floor["wall"],
           "cpu_main": build["cpu_main"], "cpu_children": build["cpu_children"],
           "peak_tree_mb": build["peak_tree_mb"], "peak_tree_pss_mb": build["peak_tree_pss_mb"], "maxrss_self_mb": build["maxrss_self_mb"],
           "maxrss_children_mb": build["maxrss_children_mb"], "out_mb_per_mb": out_bytes / raw_bytes,
           "tokens_mb_per_mb": build["output_bytes"].get(f"tokens.{format}", 0) / raw_bytes,
           "out_mb": out_bytes / 1e6, "load_wall": load["wall"], "load_cpu": load["cpu"],
           "load_maxrss_mb": load["maxrss_self_mb"], "load_frames_mb": load["frames_mb"],
           "load_text_wall": load["wall_text"], "load_text_cpu": load["cpu_text"],
           "load_text_maxrss_mb": load["maxrss_text_mb"],
           "tokens": build["tokens"], "load_before": os.getloadavg()[0], "library": build["library"]}
    shutil.rmtree(out, ignore_errors=True)
    return row


def table(rows: list[dict]) -> str:
    lines = ["| version | format | N docs | raw MB | floor wall s | build wall s | build / floor | build CPU s (main + workers) "
             "| peak memory MiB, PSS (RSS) of main + workers, sampled | max RSS MiB main / one worker | output MB "
             "| output MB per input MB (tokens table) | load documents + sentences: wall s, CPU s, max RSS MiB "
             "| load all four tables: wall s | load CPU s | load max RSS MiB | load avg |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        pss = f"{r['peak_tree_pss_mb']:.0f}" if "peak_tree_pss_mb" in r else "n/a"
        load = (f"{r['load_wall']:.1f} | {r['load_cpu']:.1f} | {r['load_maxrss_mb']:.0f}" if "load_wall" in r
                else "n/a | n/a | n/a")
        out_mb = f"{r['out_mb']:.0f}" if "out_mb" in r else f"{r['out_mb_per_mb'] * r['raw_mb']:.0f}"
        text = (f"{r['load_text_wall']:.1f}, {r['load_text_cpu']:.1f}, {r['load_text_maxrss_mb']:.0f}"
                if "load_text_wall" in r else "n/a")
        lines.append(f"| {r['label']} | {r.get('format', 'csv')} | {r['docs']:,} | {r['raw_mb']:.1f} | {r['floor_wall']:.2f} "
                     f"| {r['build_wall']:.1f} | {r['ratio']:.1f}x | {r['cpu_main']:.0f} + {r['cpu_children']:.0f} "
                     f"| {pss} ({r['peak_tree_mb']:.0f}) | {r['maxrss_self_mb']:.0f} / {r['maxrss_children_mb']:.0f} "
                     f"| {out_mb} | {r['out_mb_per_mb']:.2f} ({r['tokens_mb_per_mb']:.2f}) | {text} | {load} "
                     f"| {r['load_before']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--task":
        kind, *rest = argv[1:]
        if kind == "floor":
            result = task_floor(*rest)
        elif kind == "load":
            result = task_load(*rest)
        else:
            result = task_build(rest[0], rest[1], int(rest[2]), *rest[3:])
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--formats", default="csv,parquet", help="table formats to build and load, in this order")
    parser.add_argument("--label", default="this version")
    parser.add_argument("--json")
    parser.add_argument("--from-json", nargs="+")
    args = parser.parse_args(argv)
    if args.from_json:
        rows = [r for p in args.from_json for r in json.loads(Path(p).read_text())["rows"]]
        print(table(rows))
        return
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
          file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_build_") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            rows += measure(n, workers=args.workers, tmp=Path(tmp), label=args.label,
                            formats=tuple(args.formats.split(",")))
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps({"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                                               "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
