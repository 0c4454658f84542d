"""Calibrate corpus_tools.topics.calibrate (against the null of topics.null): how often does each verdict rule pass real and themeless text?

Corpora (units are the texts a topic model sees):

* ``themes``: tests/data/topics_themes.csv, 5 distinct themes x 20 short paragraphs (~25 words);
* ``toy``: tests/data/topics_toy.csv, 4 themes x 15 one-sentence documents (~12 words);
* ``bundled``: the paragraphs of data/processed (``topics.make_units``, as notebook 05 does).

For each corpus the observed texts are scored, and so are ``--n-shuffled`` copies whose words were
shuffled across units (``shuffle_units(texts, seed=1000 + i)``): every such copy is themeless, so any
k that passes there is a false positive. ``themes`` is also scored with a *fraction* of its tokens
shuffled (0.25, 0.5, 0.75), a dose-response check. Each scoring is ``calibrated_select_k`` with
k = 2..8, ``n_permutations=3`` (``--n-permutations``), ``n_runs=10`` (20 for ``bundled``, as in
notebook 05) and seed 0. Verdicts under alternative margins/floors are recomputed from the same
columns, so every rule is judged on identical fits.

Usage (from the repository root; ~5 min on 2 shared cores)::

    nice -n 10 .venv/bin/python benchmarks/bench_topic_null.py > /tmp/topic_null.txt

This is a benchmark, not a test: it asserts nothing and is not run by pytest.
"""

from __future__ import annotations

import argparse
import platform
import re
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn

import corpus_tools as ct
from corpus_tools import topics as tp
from corpus_tools.tokenize import TOPIC_TOKEN_PATTERN
from corpus_tools.topics import calibrated_select_k, describe_k_verdict, shuffle_units

ROOT = Path(__file__).resolve().parents[1]
KS = range(2, 9)


def partly_shuffled(texts: list[str], fraction: float, seed: int) -> list[str]:
    """Shuffle a random ``fraction`` of all token positions among themselves; keep the rest."""
    pattern = re.compile(TOPIC_TOKEN_PATTERN)
    tokens = [pattern.findall(t) for t in texts]
    flat = [w for unit in tokens for w in unit]
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.permutation(len(flat))[: int(round(fraction * len(flat)))])
    moved = [flat[i] for i in chosen[rng.permutation(len(chosen))]]
    for i, w in zip(chosen, moved):
        flat[i] = w
    out, start = [], 0
    for unit in tokens:
        out.append(" ".join(flat[start : start + len(unit)]))
        start += len(unit)
    return out


def markdown(df: pd.DataFrame) -> str:
    """A pipe table (pandas' to_markdown needs tabulate, which is not a dependency)."""
    cells = [[str(c) for c in df.columns]] + [[str(v) for v in row] for row in df.itertuples(index=False)]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
    return "\n".join(lines)


def rules() -> dict[str, dict]:
    """Candidate verdict rules: stability margin, coherence margin, floor kind."""
    out = {}
    for sm in (0.05, 0.1, 0.15):
        for cm in (0.0, 0.05, 0.1):
            for floor in ("none", "zero", "null", "max"):
                out[f"s{sm}_c{cm}_f{floor}"] = {"sm": sm, "cm": cm, "floor": floor}
    return out


def verdict(t: pd.DataFrame, sm: float, cm: float | None, floor: str) -> np.ndarray:
    ok = t["stability"] > t["null_stability_mean"] + np.maximum(sm, 2 * t["null_stability_sd"])
    if cm is not None:
        ok &= t["coherence"] > t["null_coherence_mean"] + np.maximum(cm, 2 * t["null_coherence_sd"])
    if floor == "zero":
        ok &= t["min_topic_coherence"] > 0
    elif floor == "null":
        ok &= t["min_topic_coherence"] > t["null_topic_coherence_mean"]
    elif floor == "max":
        ok &= t["min_topic_coherence"] > np.maximum(0, t["null_topic_coherence_mean"])
    return ok.to_numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n-shuffled", type=int, default=8)
    parser.add_argument("--n-permutations", type=int, default=3)
    parser.add_argument("--save", help="also write every table to this CSV (for further analysis)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # NMF convergence warnings on themeless text

    themes = pd.read_csv(ROOT / "tests" / "data" / "topics_themes.csv", comment="#")["text"].tolist()
    toy = pd.read_csv(ROOT / "tests" / "data" / "topics_toy.csv", comment="#")["text"].tolist()
    bundled = tp.make_units(ct.load_processed().sentences, unit="paragraph")["text"].tolist()
    corpora = {"themes": (themes, 10), "toy": (toy, 10), "bundled": (bundled, 20)}

    runs = []  # (corpus, condition, table)
    t0 = time.time()
    for name, (texts, n_runs) in corpora.items():
        conditions = [("observed", texts)]
        if name == "themes":
            conditions += [(f"{f:.0%} shuffled", partly_shuffled(texts, f, 7)) for f in (0.25, 0.5, 0.75)]
        conditions += [(f"shuffled #{i}", shuffle_units(texts, seed=1000 + i)) for i in range(args.n_shuffled)]
        for cond, tx in conditions:
            table = calibrated_select_k(
                tx, KS, n_permutations=args.n_permutations, seed=0, n_runs=n_runs
            )
            runs.append((name, cond, table))
    elapsed = time.time() - t0
    if args.save:
        pd.concat([t.assign(corpus=n, condition=c) for n, c, t in runs]).to_csv(args.save, index=False)

    print(f"Machine: {platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}, "
          f"scikit-learn {sklearn.__version__}; {elapsed:.0f} s for {len(runs)} calibrated tables.\n")

    # 1. the raw numbers of every observed corpus and one shuffled copy
    show = ["k", "stability", "null_stability_mean", "null_stability_sd", "coherence",
            "null_coherence_mean", "null_coherence_sd", "min_topic_coherence", "coherence_floor",
            "partition_ari", "null_partition_ari_mean", "interpretable"]
    for name, cond, table in runs:
        if cond in ("observed", "shuffled #0") or "%" in cond:
            print(f"### {name}, {cond}\n")
            print(markdown(table[show].round(3)))
            print()
            print(describe_k_verdict(table))
            print()
            if cond == "observed":
                for _, row in table.iterrows():
                    print(f"- k = {int(row['k'])}: {row['reason']}")
                print()

    # 2. every rule: real corpora (how many k pass) vs shuffled copies (any k passing = false positive)
    lines = []
    for rule, p in rules().items():
        row = {"rule": rule}
        fp = 0
        n_shuf = 0
        where = []
        for name, cond, table in runs:
            ok = verdict(table, p["sm"], p["cm"], p["floor"])
            if cond.startswith("shuffled"):
                n_shuf += 1
                fp += bool(ok.any())
                where += [f"{name} {cond.split()[-1]} k={int(k)}" for k, o in zip(table["k"], ok) if o]
            else:
                row[f"{name} {cond}"] = "".join(str(int(k)) for k, o in zip(table["k"], ok) if o) or "-"
        row["shuffled copies with any k passing"] = f"{fp}/{n_shuf}" + (f" ({', '.join(where)})" if where else "")
        lines.append(row)
    print("### Every candidate rule (k that pass; '-' = none)\n")
    print(markdown(pd.DataFrame(lines)))


if __name__ == "__main__":
    main()
