"""Benchmark corpus_tools.topics at scale: TF-IDF vectorising and NMF on N synthetic documents.

The synthetic corpus has N documents of about ``--words`` words (default 500), each
built by resampling sentences of the five seed articles in data/raw with a fixed
seed; documents are generated lazily (a generator), never held as a list.
Resampling ~130 sentences gives a vocabulary of only ~1,500 words, far smaller
than real news; ``--tail-words M`` appends M words per document drawn from a
Zipf(1.1) law over ``--tail-vocab`` synthetic word types to mimic a long tail.

Each stage runs in its own child process (a fresh interpreter, started with
subprocess) so that its peak resident memory (``resource.getrusage`` ``ru_maxrss``)
is its own. Stages:

* ``baseline``: imports only (the interpreter + numpy/scipy/sklearn floor);
* ``ours:vectorise``: ``fit_nmf``'s TF-IDF vectoriser (project defaults) on the
  generator; the matrix is saved to a temporary .npz (not timed) for the NMF stages;
* ``ours:nmf-cd`` / ``ours:nmf-mu``: ``fit_nmf``'s NMF (nndsvda init,
  max_iter=1000, tol=1e-4) with the coordinate-descent / multiplicative-update
  solver on that matrix;
* ``ours:fit_nmf``: the public ``fit_nmf(generator, k)`` end to end;
* ``sklearn:vectorise`` / ``sklearn:nmf``: a plain ``TfidfVectorizer()`` +
  ``NMF(n_components=k)`` with scikit-learn's default options.

Usage (from the repository root; other jobs share the cores, so be nice)::

    nice -n 10 .venv/bin/python benchmarks/bench_topics.py --n 20000
    nice -n 10 .venv/bin/python benchmarks/bench_topics.py            # N = 100,000

This is a benchmark, not a test: it asserts nothing and is not run by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
STAGES = (
    "baseline",
    "ours:vectorise",
    "ours:nmf-cd",
    "ours:nmf-mu",
    "ours:fit_nmf",
    "sklearn:vectorise",
    "sklearn:nmf",
)


def seed_sentences() -> list[str]:
    """Sentences of the seed articles (blank-line paragraphs, split after . ! ?)."""
    out = []
    for path in sorted(RAW.glob("*.txt")):
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            para = " ".join(para.split())
            if para:
                out.extend(s for s in re.split(r'(?<=[.!?])["”’]?\s+(?=[A-Z“"])', para) if s)
    return out


def _tail_word(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    word = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        word = letters[r] + word
    return "zq" + word


def synthetic_corpus(
    n: int, *, words: int = 500, seed: int = 0, tail_words: int = 0, tail_vocab: int = 200_000
) -> Iterator[str]:
    """Yield ``n`` documents of >= ``words`` words resampled from the seed sentences."""
    import numpy as np

    sentences = seed_sentences()
    lengths = np.array([len(s.split()) for s in sentences])
    per_doc = int(np.ceil(words / lengths.mean() * 2)) + 5
    rng = np.random.default_rng(seed)
    tail = [_tail_word(i) for i in range(tail_vocab)] if tail_words else []
    for _ in range(n):
        idx = rng.integers(0, len(sentences), size=per_doc)
        while lengths[idx].sum() < words:  # rare: draw more
            idx = np.concatenate([idx, rng.integers(0, len(sentences), size=per_doc)])
        stop = int(np.searchsorted(np.cumsum(lengths[idx]), words)) + 1
        doc = " ".join(sentences[i] for i in idx[:stop])
        if tail_words:
            ranks = rng.zipf(1.1, size=tail_words)
            ranks = ranks[ranks <= tail_vocab]
            doc += " " + " ".join(tail[r - 1] for r in ranks)
        yield doc


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def run_stage(stage: str, args: argparse.Namespace, workdir: Path) -> dict:
    """Run one stage in this (child) process and return its measurements."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    from corpus_tools import topics

    docs = lambda: synthetic_corpus(  # noqa: E731
        args.n, words=args.words, seed=args.seed, tail_words=args.tail_words,
        tail_vocab=args.tail_vocab,
    )
    before = _peak_mb()
    info: dict = {}
    if stage == "baseline":
        start = time.perf_counter()
    elif stage in ("ours:vectorise", "sklearn:vectorise"):
        start = time.perf_counter()
        if stage == "ours:vectorise":
            _, X = topics._vectorize(docs(), "tfidf", None, {})
        else:
            X = TfidfVectorizer().fit_transform(docs())
        elapsed = time.perf_counter() - start
        sp.save_npz(workdir / f"{stage.split(':')[0]}.npz", sp.csr_matrix(X), compressed=False)
        info = {"shape": list(X.shape), "nnz": int(X.nnz)}
        return {"stage": stage, "seconds": elapsed, "peak_mb": _peak_mb(), "before_mb": before, **info}
    elif stage in ("ours:nmf-cd", "ours:nmf-mu", "sklearn:nmf"):
        X = sp.load_npz(workdir / f"{stage.split(':')[0]}.npz")
        before = _peak_mb()
        start = time.perf_counter()
        if stage == "sklearn:nmf":
            model = NMF(n_components=args.k)
            model.fit_transform(X)
        else:
            solver = stage.rsplit("-", 1)[1]
            model, _, _ = topics._factorise(
                X, args.k, "nmf", 0, topics._nmf_options({"solver": solver})
            )
        info = {"n_iter": int(model.n_iter_), "err": float(model.reconstruction_err_),
                "norm": float(sp.linalg.norm(X))}
    elif stage == "ours:fit_nmf":
        start = time.perf_counter()
        model = topics.fit_nmf(docs(), args.k)
        info = {"shape": list(model.dtm.shape), "n_iter": int(model.model.n_iter_)}
    else:
        raise SystemExit(f"unknown stage {stage!r}; choose from {STAGES}")
    elapsed = time.perf_counter() - start
    return {"stage": stage, "seconds": elapsed, "peak_mb": _peak_mb(), "before_mb": before, **info}


def machine() -> str:
    import numpy
    import scipy
    import sklearn

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_kb / 2**20:.1f} GiB RAM; Python "
        f"{platform.python_version()}, numpy {numpy.__version__}, scipy {scipy.__version__}, "
        f"scikit-learn {sklearn.__version__}; load average at start {load}; niceness {os.nice(0)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="documents (default 100000)")
    parser.add_argument("--k", type=int, default=10, help="topics (default 10)")
    parser.add_argument("--words", type=int, default=500, help="words per document (default 500)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tail-words", type=int, default=0,
                        help="extra Zipf-distributed synthetic words per document (default 0)")
    parser.add_argument("--tail-vocab", type=int, default=200_000,
                        help="synthetic word types for --tail-words (default 200000)")
    parser.add_argument("--stages", default=",".join(STAGES),
                        help=f"comma-separated subset of {','.join(STAGES)}")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.stage:  # child process
        print(json.dumps(run_stage(args.stage, args, Path(args.workdir))))
        return 0

    stages = [s for s in args.stages.split(",") if s]
    print(f"# bench_topics: N={args.n:,} documents x ~{args.words} words"
          f"{f' + {args.tail_words} tail words' if args.tail_words else ''}, k={args.k}")
    print(f"# machine: {machine()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_topics_") as workdir:
        for stage in stages:
            cmd = [sys.executable, __file__, "--stage", stage, "--workdir", workdir,
                   "--n", str(args.n), "--k", str(args.k), "--words", str(args.words),
                   "--seed", str(args.seed), "--tail-words", str(args.tail_words),
                   "--tail-vocab", str(args.tail_vocab)]
            wall = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"stage {stage} failed:\n{done.stderr}", file=sys.stderr)
                return 1
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["wall_s"] = time.perf_counter() - wall
            results.append(result)
            print(f"#   {stage}: {result['seconds']:.1f} s, peak {result['peak_mb']:.0f} MB",
                  flush=True)

    print()
    print("| stage | seconds | peak RSS (MB) | RSS before stage (MB) | notes |")
    print("|---|---:|---:|---:|---|")
    for r in results:
        notes = []
        if "shape" in r:
            notes.append(f"matrix {r['shape'][0]:,} x {r['shape'][1]:,}")
        if "nnz" in r:
            notes.append(f"nnz {r['nnz']:,}")
        if "n_iter" in r:
            notes.append(f"{r['n_iter']} iterations")
        if "err" in r:
            notes.append(f"relative error {r['err'] / r['norm']:.4f}")
        print(f"| {r['stage']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['before_mb']:.0f} | "
              f"{', '.join(notes)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
