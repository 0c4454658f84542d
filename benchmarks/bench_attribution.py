"""Quote attribution of corpus_tools.quotes.extract_quotes on gold sets, in and out of sample.

Scores quotations in marks (direct, partial, phrase) with corpus_tools.quotes.evaluate_quotes
(exact quote text after whitespace normalisation; speaker compared case-insensitively, "" counts):

* in-sample: the bundled gold (data/annotations/gold_quotes.csv, data/raw texts), with the
  immigration pack's actor table (the default) and with an empty one;
* out-of-sample: data/annotations/quotes_oos/ (or --oos FOLDER), one row per split.

Usage::

    .venv/bin/python benchmarks/bench_attribution.py [--oos FOLDER] [--splits dev test]

Prints a Markdown table (the one in benchmarks/QUOTE_ATTRIBUTION.md). Deterministic: no
randomness, no timing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from corpus_tools import paths
from corpus_tools.quotes import ACTOR_COLUMNS, evaluate_attribution, extract_quotes, load_gold_quotes

COLUMNS = ["n_gold", "n_predicted", "n_matched", "span_precision", "span_recall", "span_f1",
           "attribution_accuracy"]


def score(texts: dict, gold: pd.DataFrame, extractor) -> dict:
    row = evaluate_attribution(texts, gold, extractor=extractor).iloc[0]
    out = {c: row[c] for c in COLUMNS}
    # speakers right over all gold quotations (a missed quote counts as wrong)
    out["correct_of_gold"] = row["attribution_accuracy"] * row["n_matched"] / row["n_gold"]
    return out


def gold_sets(oos: Path, splits) -> list[tuple[str, dict, pd.DataFrame, bool]]:
    sets = []
    gold = load_gold_quotes(paths.DATA_DIR / "annotations" / "gold_quotes.csv")
    texts = {f: (paths.RAW_DIR / f).read_text(encoding="utf-8") for f in sorted(set(gold["file"]))}
    sets.append(("in-sample (bundled, 5 texts)", texts, gold, True))
    if (oos / "gold_quotes.csv").is_file():
        meta = pd.read_csv(oos / "texts" / "metadata.csv", dtype=str)
        all_gold = load_gold_quotes(oos / "gold_quotes.csv")
        for split in splits:
            files = sorted(meta.loc[meta["split"] == split, "file"])
            g = all_gold[all_gold["file"].isin(files)].reset_index(drop=True)
            t = {f: (oos / "texts" / f).read_text(encoding="utf-8") for f in files}
            sets.append((f"out-of-sample {split} ({len(files)} texts)", t, g, False))
    return sets


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oos", type=Path, default=paths.DATA_DIR / "annotations" / "quotes_oos")
    parser.add_argument("--splits", nargs="+", default=["dev", "test"])
    args = parser.parse_args(argv)
    no_table = pd.DataFrame(columns=list(ACTOR_COLUMNS))
    rows = []
    for name, texts, gold, in_sample in gold_sets(args.oos, args.splits):
        extractors = [("extract_quotes", extract_quotes)]
        if in_sample:
            extractors.append(("extract_quotes(actors=empty table)", lambda t: extract_quotes(t, actors=no_table)))
        for label, fn in extractors:
            rows.append({"gold set": name, "method": label, **score(texts, gold, fn)})
    table = pd.DataFrame(rows)
    header = "| gold set | method | gold | predicted | matched | span P | span R | span F1 | speaker accuracy | correct / gold |"
    print(header)
    print("|" + "---|" * 10)
    for r in table.to_dict("records"):
        print(f"| {r['gold set']} | `{r['method']}` | {int(r['n_gold'])} | {int(r['n_predicted'])} | "
              f"{int(r['n_matched'])} | {r['span_precision']:.3f} | {r['span_recall']:.3f} | {r['span_f1']:.3f} | "
              f"{r['attribution_accuracy']:.3f} | {r['correct_of_gold']:.3f} |")


if __name__ == "__main__":
    main()
