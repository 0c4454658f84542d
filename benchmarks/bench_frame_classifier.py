"""Dictionary vs plain baseline vs tuned classifier on the bundled reference coding (and out of sample).

Prints the markdown tables of ``benchmarks/FRAME_CLASSIFIER.md``:

1. out of sample (if ``--oos FILE`` or ``data/annotations/frames_oos/frames_oos.csv`` exists):
   models trained on the 111 bundled reference-coded sentences, tested on the coded sentences of
   that file; the dictionary (``frames.tag_sentences``) tags the same sentences;
2. 5-fold cross-validation on the 111 bundled sentences, the same iteratively stratified folds
   for all three (the dictionary is not trained, only scored fold by fold), with fold SDs,
   bootstrap intervals and paired bootstrap differences;
3. the same over five fold seeds; a few variants of the tuned model (sensitivity, not tuning);
4. the learning curve.

Run: ``.venv/bin/python benchmarks/bench_frame_classifier.py [--oos FILE]`` (about a minute).
"""

from __future__ import annotations

import argparse
import functools
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from corpus_tools import domains, frames, paths
from corpus_tools.build import load_processed

DEFAULT_OOS = paths.PROJECT_ROOT / "data" / "annotations" / "frames_oos" / "frames_oos.csv"
MIN_SUPPORT = 3


def paired_difference(a: frames.FrameEvaluation, b: frames.FrameEvaluation, y: np.ndarray, *, seed: int = 0,
                      n_boot: int = 2000) -> tuple[float, float, float, float]:
    """Macro-F1(a) - macro-F1(b) with a paired percentile bootstrap over texts; share of resamples <= 0."""
    pa, pb = a.predictions.to_numpy(), b.predictions.to_numpy()
    keep = a.per_frame["in_macro"].to_numpy()
    n = len(y)
    rng = np.random.default_rng(seed)
    weights = np.zeros((n_boot, n), dtype=np.int64)
    np.add.at(weights, (np.repeat(np.arange(n_boot), n), rng.integers(0, n, size=n_boot * n)), 1)

    def macro(p: np.ndarray) -> np.ndarray:
        t, q = y[:, keep].astype(np.int64), p[:, keep].astype(np.int64)
        tp, fp, fn = weights @ (t * q), weights @ ((1 - t) * q), weights @ (t * (1 - q))
        return np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0).mean(axis=1)

    diff = macro(pa) - macro(pb)
    low, high = np.percentile(diff, [2.5, 97.5])
    return a.macro_f1 - b.macro_f1, float(low), float(high), float((diff <= 0).mean())


def md(table: pd.DataFrame, digits: int = 2) -> str:
    table = table.copy()
    if "support" in table.columns:
        table["support"] = table["support"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    for col in table.columns:
        if pd.api.types.is_float_dtype(table[col]):
            table[col] = table[col].map(lambda v: "" if pd.isna(v) else f"{v:.{digits}f}")
    header = "| " + " | ".join([table.index.name or ""] + [str(c) for c in table.columns]) + " |"
    rule = "|" + "---|" * (len(table.columns) + 1)
    rows = ["| " + " | ".join([str(i)] + [str(v) for v in row]) + " |" for i, row in zip(table.index, table.values)]
    return "\n".join([header, rule, *rows])


def describe(ev: frames.FrameEvaluation) -> str:
    low, high = ev.macro_f1_ci
    return f"{ev.macro_f1:.2f} [{low:.2f}, {high:.2f}], fold SD {ev.macro_f1_sd:.2f}"


def load_oos(path: Path, ids: list[str]) -> tuple[pd.Series, pd.DataFrame]:
    """Texts and 0/1 frame columns of an out-of-sample file: ``text`` + ``frames`` (';'-separated ids),
    or ``sentence``/``text`` + one 0/1 column per frame. Frames outside ``ids`` are dropped, with a note."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    text_col = next((c for c in ("sentence", "text") if c in table.columns), None)
    if text_col is None:
        raise SystemExit(f"{path}: no 'sentence' or 'text' column; columns are {list(table.columns)}")
    if "frames" in table.columns:
        sets = [{f.strip() for f in v.split(";") if f.strip()} for v in table["frames"]]
    else:
        sets = [{f for f in table.columns if f in ids and row[f] == "1"} for _, row in table.iterrows()]
    dropped = sorted(set().union(*sets) - set(ids))
    if dropped:
        print(f"(frames in the out-of-sample file that are not scored: {dropped})")
    labels = pd.DataFrame({f: [int(f in s) for s in sets] for f in ids})
    return table[text_col], labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oos", type=Path, default=DEFAULT_OOS)
    args = parser.parse_args()
    warnings.simplefilter("ignore", frames.FrameClassifierWarning)

    corpus = load_processed()
    book = frames.load_codebook(domains.load_domain("immigration").path("codebook"))  # the bundled run's codebook
    gold = frames.try_align_reference_coding(corpus.sentences, codebook=book)
    tagged = frames.tag_sentences(corpus.sentences, codebook=book)
    ids = [f for f in book.ids if f in tagged.columns]  # 'other' has no cues and no reference positive
    texts = corpus.sentences.loc[gold.index, "text"]
    labels = gold[ids]
    y = labels.to_numpy().astype(bool)
    dictionary = tagged.loc[gold.index, ids]

    # 1. out of sample first
    if args.oos.is_file():
        oos_texts, oos_labels = load_oos(args.oos, ids)
        print(f"## Out of sample: trained on the {len(texts)} bundled sentences, tested on "
              f"{len(oos_texts)} sentences of {args.oos.name}\n")
        oos_y = oos_labels.to_numpy().astype(bool)
        preds = {
            "dictionary": frames.tag_sentences(list(oos_texts), codebook=book)[ids].to_numpy().astype(bool),
            "baseline": frames.fit_baseline_frame_classifier(texts, labels, frames=ids).predict(list(oos_texts))
            .reindex(columns=ids, fill_value=False).to_numpy(),
            "classifier": frames.fit_frame_classifier(texts, labels, frames=ids).predict(list(oos_texts))
            .reindex(columns=ids, fill_value=False).to_numpy(),
        }
        # pooled scores do not depend on folds; the 5 folds only give an SD over parts of the test set
        evs = {name: frames.cross_validate_frames(list(oos_texts), oos_labels, frames=ids, min_support=MIN_SUPPORT,
                                              model=pd.DataFrame(p, columns=ids)) for name, p in preds.items()}
        table = frames.compare_evaluations(evs)
        table.index.name = "frame"
        print(md(table))
        print()
        for name, ev in evs.items():
            low, high = ev.macro_f1_ci
            print(f"- {name}: macro-F1 {ev.macro_f1:.2f} [{low:.2f}, {high:.2f}] over "
                  f"{int(ev.per_frame['in_macro'].sum())} frames with >= {MIN_SUPPORT} positives")
        d, lo, hi, p = paired_difference(evs["classifier"], evs["dictionary"], oos_y)
        print(f"- classifier - dictionary: {d:+.2f} [{lo:+.2f}, {hi:+.2f}] (share of resamples <= 0: {p:.3f})")
        d, lo, hi, p = paired_difference(evs["classifier"], evs["baseline"], oos_y)
        print(f"- classifier - baseline: {d:+.2f} [{lo:+.2f}, {hi:+.2f}] (share of resamples <= 0: {p:.3f})\n")
        print(f"### Within the {len(oos_texts)} out-of-sample sentences: 5-fold cross-validation (seed 0)\n")
        within = {
            "dictionary": evs["dictionary"],
            "baseline": frames.cross_validate_frames(list(oos_texts), oos_labels, model="baseline", frames=ids),
            "classifier": frames.cross_validate_frames(list(oos_texts), oos_labels, model="classifier", frames=ids),
        }
        for name, ev in within.items():
            print(f"- {name}: macro-F1 {describe(ev)}")
        d, lo, hi, p = paired_difference(within["classifier"], within["dictionary"], oos_y)
        print(f"- classifier - dictionary: {d:+.2f} [{lo:+.2f}, {hi:+.2f}] (share of resamples <= 0: {p:.3f})\n")
    else:
        print(f"(no out-of-sample file at {args.oos})\n")

    # 2. cross-validation on the bundled coding
    print(f"## 5-fold cross-validation on the {len(texts)} bundled reference-coded sentences (seed 0)\n")
    evs = {
        "dictionary": frames.cross_validate_frames(texts, labels, model=dictionary, frames=ids),
        "baseline": frames.cross_validate_frames(texts, labels, model="baseline", frames=ids),
        "classifier": frames.cross_validate_frames(texts, labels, model="classifier", frames=ids),
    }
    table = frames.compare_evaluations(evs)
    sd = evs["classifier"].per_frame.set_index("frame")["f1_fold_sd"]
    table["classifier fold SD"] = sd.reindex(table.index)
    print(md(table))
    print()
    for name, ev in evs.items():
        print(f"- {name}: macro-F1 {describe(ev)} (frames with >= {MIN_SUPPORT} positives: "
              f"{int(ev.per_frame['in_macro'].sum())})")
    for a, b in (("classifier", "baseline"), ("dictionary", "classifier")):
        d, lo, hi, p = paired_difference(evs[a], evs[b], y)
        print(f"- {a} - {b}: {d:+.2f}, paired bootstrap 95% [{lo:+.2f}, {hi:+.2f}] (share <= 0: {p:.3f})")
    thresholds = frames.fit_frame_classifier(texts, labels, frames=ids)
    print(f"- thresholds of the model fitted on all 111: {thresholds.thresholds.round(2).to_dict()}; "
          f"sources {thresholds.threshold_sources.value_counts().to_dict()}")
    if evs["classifier"].notes:
        print("- notes: " + "; ".join(evs["classifier"].notes))
    print()

    # 2b. leave one article out
    docs = corpus.sentences.loc[gold.index, "doc_id"].tolist()
    print(f"## Leave one article out ({len(set(docs))} articles; train on the others, test on the one left out)\n")
    evs = {name: frames.cross_validate_frames(texts, labels, model=m, frames=ids, groups=docs)
           for name, m in (("dictionary", dictionary), ("baseline", "baseline"), ("classifier", "classifier"))}
    print(md(frames.compare_evaluations(evs)))
    print()
    for name, ev in evs.items():
        print(f"- {name}: macro-F1 {describe(ev)} (SD over the articles)")
    d, lo, hi, p = paired_difference(evs["classifier"], evs["baseline"], y)
    print(f"- classifier - baseline: {d:+.2f}, paired bootstrap 95% [{lo:+.2f}, {hi:+.2f}] (share <= 0: {p:.3f})")
    if evs["classifier"].notes:
        print("- notes: " + "; ".join(evs["classifier"].notes))
    print()

    # 3. fold seeds and variants
    print("## Over fold seeds 0-4 (mean and SD of macro-F1 across seeds)\n")
    rows = []
    for name, model in (("dictionary", dictionary), ("baseline", "baseline"), ("classifier", "classifier")):
        values = [frames.cross_validate_frames(texts, labels, model=model, frames=ids, seed=s).macro_f1 for s in range(5)]
        rows.append({"model": name, "mean": float(np.mean(values)), "sd": float(np.std(values, ddof=1)),
                     "min": min(values), "max": max(values)})
    print(md(pd.DataFrame(rows).set_index("model")))
    print()
    print("## Variants of the tuned model (same folds, seed 0): sensitivity, not used to pick the defaults\n")
    variants = {
        "default (C=1, balanced, 3 inner folds)": "classifier",
        "C=10": functools.partial(frames.fit_frame_classifier, C=10.0, frames=ids),
        "class_weight=None": functools.partial(frames.fit_frame_classifier, class_weight=None, frames=ids),
        "5 inner folds": functools.partial(frames.fit_frame_classifier, inner_splits=5, frames=ids),
    }
    rows = [{"variant": name, "macro-F1": frames.cross_validate_frames(texts, labels, model=m, frames=ids).macro_f1}
            for name, m in variants.items()]
    print(md(pd.DataFrame(rows).set_index("variant")))
    print()

    # 4. learning curve
    print("## Learning curve (5 folds, seed 0; training subsets nested)\n")
    curve = pd.concat([frames.learning_curve_frames(texts, labels, model=m, frames=ids) for m in ("baseline", "classifier")])
    wide = curve.pivot_table(index="n_train", columns="model", values=["macro_f1", "macro_f1_sd"])
    wide.columns = [f"{model} {stat}" for stat, model in wide.columns]
    wide.index = [f"{v:.1f}" for v in wide.index]
    wide.index.name = "training sentences"
    print(md(wide))


if __name__ == "__main__":
    main()
