"""Cross-validated scores, comparisons and learning curves for frame models on coded texts.

``corpus_tools.frames.crossval`` scores :func:`corpus_tools.frames.fit_frame_classifier`, the plain
baseline or precomputed predictions (the dictionary's columns) on the SAME folds
(:func:`corpus_tools.frames.frame_folds`, or leave one group out with ``groups=``), puts several
evaluations side by side and draws the learning curve. The choices and the measured numbers are
in :mod:`corpus_tools.frames.classify`.

Examples
--------
>>> texts = ["the court ruled the policy illegal", "judges said the law was broken",
...          "children cried for their parents", "families were torn apart at the border"] * 3
>>> labels = [["legality"], ["legality"], ["human_interest"], ["human_interest"]] * 3
>>> cross_validate_frames(texts, labels, n_splits=3, seed=0).macro_f1 > 0.5
True
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from corpus_tools.frames.classify import (
    _MODELS,
    FrameClassifierError,
    FrameClassifierWarning,
    _folds,
    _matrix,
    _prepare,
    fit_baseline_frame_classifier,
    fit_frame_classifier,
)

__all__ = [
    "FrameEvaluation",
    "compare_evaluations",
    "cross_validate_frames",
    "learning_curve_frames",
    "plot_learning_curve",
]

# --------------------------------------------------------------------------------- evaluation
@dataclass(frozen=True, repr=False, eq=False)
class FrameEvaluation:
    """Out-of-fold scores of one model (or of precomputed predictions) on coded texts.

    Attributes
    ----------
    model
        ``"classifier"``, ``"baseline"``, ``"precomputed"`` or the callable's name.
    per_frame
        One row per frame: ``frame``, ``support`` (positive texts), ``predicted``, ``tp``, ``fp``,
        ``fn``, ``precision``, ``recall``, ``f1`` (all from the pooled out-of-fold predictions,
        zero when undefined), ``f1_fold_sd`` (SD of the per-fold F1 over folds with a positive),
        ``in_macro`` (support >= ``min_support``).
    macro_f1
        Mean ``f1`` over the frames with ``in_macro``.
    macro_f1_ci
        95% percentile bootstrap interval of ``macro_f1`` (1,000 resamples of texts, fixed seed;
        texts of one article are not independent, so it is too narrow rather than too wide).
    macro_f1_folds
        Macro-F1 within each fold (over its ``in_macro`` frames with a positive in that fold).
    predictions
        Out-of-fold boolean predictions, one row per text (input index), one column per frame.
    folds
        The fold of each text (:func:`frame_folds`).
    notes
        Frames left out of some fold's model (predicted False there), e.g. ``"economic: 2 of 5 folds"``.
    """

    model: str
    per_frame: pd.DataFrame
    macro_f1: float
    macro_f1_ci: tuple[float, float]
    macro_f1_folds: tuple[float, ...]
    predictions: pd.DataFrame
    folds: np.ndarray
    min_support: int
    notes: tuple[str, ...] = ()

    @property
    def macro_f1_sd(self) -> float:
        """Standard deviation (ddof=1) of the per-fold macro-F1."""
        return float(np.std(self.macro_f1_folds, ddof=1)) if len(self.macro_f1_folds) > 1 else float("nan")

    def __repr__(self) -> str:
        low, high = self.macro_f1_ci
        return (f"FrameEvaluation(model={self.model!r}, n_texts={len(self.predictions)}, "
                f"n_splits={len(self.macro_f1_folds)}, frames_in_macro={int(self.per_frame['in_macro'].sum())}, "
                f"macro_f1={self.macro_f1:.2f} [{low:.2f}, {high:.2f}], fold_sd={self.macro_f1_sd:.2f})")


def _model_name(model: Any) -> str:
    if isinstance(model, str):
        return model
    if isinstance(model, pd.DataFrame):
        return "precomputed"
    return getattr(model, "__name__", type(model).__name__)


def _fitter(model: Any, *, caller: str) -> Callable[..., Any] | None:
    """The fit function for a model name or callable; None for precomputed predictions."""
    if isinstance(model, str):
        if model == "classifier":
            return fit_frame_classifier
        if model == "baseline":
            return fit_baseline_frame_classifier
        raise FrameClassifierError(f"{caller}: model must be one of {list(_MODELS)}, a fit function "
                                   f"(texts, labels, seed=...) -> model with .predict, or a DataFrame of "
                                   f"precomputed predictions; got {model!r}.")
    if isinstance(model, pd.DataFrame):
        return None
    if callable(model):
        return model
    raise FrameClassifierError(f"{caller}: model must be {list(_MODELS)}, a callable or a DataFrame of predictions, "
                               f"got {type(model).__name__}.")


def _fit_predict(fit: Callable[..., Any], texts: list[str], y: np.ndarray, order: list[str], train: np.ndarray,
                 test: np.ndarray, *, seed: int, builtin: bool, caller: str) -> tuple[np.ndarray, list[str]]:
    """Fit on the train rows, predict the test rows; frames the fold model lacks are False."""
    train_texts = [texts[i] for i in np.flatnonzero(train)]
    train_labels = [[order[j] for j in np.flatnonzero(row)] for row in y[train]]
    test_texts = [texts[i] for i in np.flatnonzero(test)]
    out = np.zeros((int(test.sum()), len(order)), dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FrameClassifierWarning)
        try:
            fitted = (fit(train_texts, train_labels, seed=seed, frames=order) if builtin
                      else fit(train_texts, train_labels, seed=seed))
        except FrameClassifierError:
            if not builtin:
                raise
            return out, list(order)  # nothing learnable in this training subset: every frame False
    pred = fitted.predict(test_texts)
    if not isinstance(pred, pd.DataFrame) or len(pred) != len(test_texts):
        raise FrameClassifierError(f"{caller}: the model's predict() must return a DataFrame with one row per text.")
    missing = []
    for j, frame in enumerate(order):
        if frame in pred.columns:
            out[:, j] = pred[frame].astype(bool).to_numpy()
        else:
            missing.append(frame)
    return out, missing


def _counts(truth: np.ndarray, pred: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t, p = truth.astype(np.int64), pred.astype(np.int64)
    return (t * p).sum(axis=0), ((1 - t) * p).sum(axis=0), (t * (1 - p)).sum(axis=0)


def _f1_from_counts(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    denominator = 2 * tp + fp + fn
    return np.where(tp > 0, 2 * tp / np.maximum(denominator, 1), 0.0)


def _evaluate(name: str, y: np.ndarray, pred: np.ndarray, order: list[str], folds: np.ndarray, index: pd.Index, *,
              min_support: int, seed: int, notes: Sequence[str] = ()) -> FrameEvaluation:
    tp, fp, fn = _counts(y, pred)
    support = y.sum(axis=0)
    f1 = _f1_from_counts(tp, fp, fn)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)
        recall = np.where(support > 0, tp / np.maximum(support, 1), 0.0)
    in_macro = support >= min_support
    fold_f1 = []
    per_fold_rows = []
    for f in np.unique(folds):
        rows = folds == f
        ftp, ffp, ffn = _counts(y[rows], pred[rows])
        has = y[rows].sum(axis=0) > 0
        values = _f1_from_counts(ftp, ffp, ffn)
        per_fold_rows.append(np.where(has, values, np.nan))
        chosen = in_macro & has
        if chosen.any():
            fold_f1.append(float(values[chosen].mean()))
    per_fold = np.array(per_fold_rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fold_sd = np.nanstd(per_fold, axis=0, ddof=1) if len(per_fold) > 1 else np.full(len(order), np.nan)
    table = pd.DataFrame({"frame": order, "support": support.astype(int), "predicted": pred.sum(axis=0).astype(int),
                          "tp": tp.astype(int), "fp": fp.astype(int), "fn": fn.astype(int), "precision": precision,
                          "recall": recall, "f1": f1, "f1_fold_sd": fold_sd, "in_macro": in_macro})
    macro = float(f1[in_macro].mean()) if in_macro.any() else float("nan")
    ci = _bootstrap_macro(y, pred, in_macro, seed=seed)
    return FrameEvaluation(model=name, per_frame=table, macro_f1=macro, macro_f1_ci=ci,
                           macro_f1_folds=tuple(fold_f1),
                           predictions=pd.DataFrame(pred, index=index, columns=order).astype(bool),
                           folds=folds.copy(), min_support=min_support, notes=tuple(notes))


def _bootstrap_macro(y: np.ndarray, pred: np.ndarray, in_macro: np.ndarray, *, seed: int,
                     n_boot: int = 1000) -> tuple[float, float]:
    """Percentile interval of macro-F1 over texts resampled with replacement (integer arithmetic)."""
    if not in_macro.any():
        return (float("nan"), float("nan"))
    n = len(y)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(n_boot, n))
    weights = np.zeros((n_boot, n), dtype=np.int64)
    np.add.at(weights, (np.repeat(np.arange(n_boot), n), draws.ravel()), 1)
    t, p = y[:, in_macro].astype(np.int64), pred[:, in_macro].astype(np.int64)
    tp = weights @ (t * p)
    fp = weights @ ((1 - t) * p)
    fn = weights @ (t * (1 - p))
    macro = _f1_from_counts(tp, fp, fn).mean(axis=1)
    low, high = np.percentile(macro, [2.5, 97.5])
    return (float(low), float(high))


def _check_min_support(min_support: Any, caller: str) -> int:
    if isinstance(min_support, bool) or not isinstance(min_support, (int, np.integer)) or min_support < 1:
        raise FrameClassifierError(f"{caller}: min_support must be an integer >= 1, got {min_support!r}.")
    return int(min_support)


def cross_validate_frames(texts: Any, labels: Any, *, n_splits: int = 5, seed: int = 0,
                          model: str | Callable[..., Any] | pd.DataFrame = "classifier",
                          frames: Sequence[str] | None = None, min_support: int = 3,
                          groups: Sequence[Any] | None = None) -> FrameEvaluation:
    """Score a model by k-fold cross-validation: per-frame P/R/F1 and macro-F1 of out-of-fold predictions.

    Folds come from :func:`frame_folds` (iterative multi-label stratification, ``seed``), so the
    same ``labels``, ``n_splits`` and ``seed`` give every model the same folds. In each fold the
    model is fitted on the other folds only (vectorizer included) and predicts the held-out
    texts; the pooled out-of-fold predictions are scored per frame. A frame the fold's model
    could not learn (too few positives in that training part) is predicted False there and noted.
    Macro-F1 averages F1 over the frames with at least ``min_support`` positive texts (default 3,
    as notebook 02 does for the dictionary); rarer frames are in ``per_frame`` but not averaged.

    Parameters
    ----------
    texts, labels
        As for :func:`fit_frame_classifier`.
    model
        ``"classifier"`` (:func:`fit_frame_classifier`), ``"baseline"``
        (:func:`fit_baseline_frame_classifier`), a function ``fit(texts, labels, seed=...)`` whose
        result has ``.predict(texts) -> DataFrame`` of boolean frame columns, or a DataFrame of
        PRECOMPUTED boolean predictions, one row per text in the same order (e.g. the dictionary's
        ``tag_sentences`` columns); nothing is fitted then, and the same folds give its fold SDs.
    frames
        Frames to score and their order (see :func:`fit_frame_classifier`).
    groups
        One group label per text (e.g. ``doc_id``): leave-one-group-out instead, each group one
        fold (``n_splits`` is then not used). Sentences of one article share words and frames,
        so this is the harder, more honest test of coding a NEW article.

    Returns
    -------
    FrameEvaluation

    Examples
    --------
    >>> texts = ["the court ruled it illegal", "a judge heard the case", "the child cried",
    ...          "a mother wept for her child"] * 5
    >>> labels = [["law"], ["law"], ["human"], ["human"]] * 5
    >>> result = cross_validate_frames(texts, labels, n_splits=5, seed=0)
    >>> result.per_frame[["frame", "support", "tp", "fp", "fn"]].to_dict("records")
    [{'frame': 'human', 'support': 10, 'tp': 10, 'fp': 0, 'fn': 0}, {'frame': 'law', 'support': 10, 'tp': 10, 'fp': 0, 'fn': 0}]
    >>> round(result.macro_f1, 2)
    1.0
    >>> always_law = pd.DataFrame({"human": False, "law": True}, index=range(20))
    >>> round(cross_validate_frames(texts, labels, model=always_law).macro_f1, 2)
    0.33
    >>> by_article = cross_validate_frames(texts, labels, groups=[i % 5 for i in range(20)])
    >>> np.bincount(by_article.folds).tolist()
    [4, 4, 4, 4, 4]
    """
    caller = "cross_validate_frames"
    min_support = _check_min_support(min_support, caller)
    values, index, y, order = _prepare(texts, labels, frames, caller=caller)
    fit = _fitter(model, caller=caller)
    folds = _folds(y, n_splits=n_splits, seed=seed, caller=caller) if groups is None else \
        _group_folds(groups, len(values), caller=caller)
    n_folds = int(folds.max()) + 1
    name = _model_name(model)
    if fit is None:
        pred = _precomputed(model, order, len(values), caller=caller)
        return _evaluate(name, y, pred, order, folds, index, min_support=min_support, seed=seed)
    pred = np.zeros_like(y, dtype=bool)
    missing_by_frame: dict[str, int] = {}
    for f in range(n_folds):
        test = folds == f
        out, missing = _fit_predict(fit, values, y, order, ~test, test, seed=seed,
                                    builtin=isinstance(model, str), caller=caller)
        pred[test] = out
        for frame in missing:
            missing_by_frame[frame] = missing_by_frame.get(frame, 0) + 1
    notes = [f"{frame}: not learned in {k} of {n_folds} folds (predicted False there)"
             for frame, k in missing_by_frame.items()]
    return _evaluate(name, y, pred, order, folds, index, min_support=min_support, seed=seed, notes=notes)


def _group_folds(groups: Any, n: int, *, caller: str) -> np.ndarray:
    if isinstance(groups, (str, bytes)) or not isinstance(groups, Iterable):
        raise FrameClassifierError(f"{caller}: groups must be one label per text (e.g. the doc_id column).")
    values = list(groups)
    if len(values) != n:
        raise FrameClassifierError(f"{caller}: {n} text(s) but {len(values)} group label(s); give one per text.")
    if any(v is None or (isinstance(v, float) and np.isnan(v)) for v in values):
        raise FrameClassifierError(f"{caller}: groups has missing values; give every text a group.")
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), sort=False)
    if len(uniques) < 2:
        raise FrameClassifierError(f"{caller}: groups has {len(uniques)} distinct value(s); leave-one-group-out "
                                   "needs at least 2.")
    return codes.astype(np.int64)


def _precomputed(table: pd.DataFrame, order: list[str], n: int, *, caller: str) -> np.ndarray:
    if len(table) != n:
        raise FrameClassifierError(f"{caller}: the precomputed predictions have {len(table)} row(s) for {n} text(s); "
                                   "give one row per text, in the same order.")
    missing = [f for f in order if f not in table.columns]
    if missing:
        raise FrameClassifierError(f"{caller}: the precomputed predictions lack frame column(s) {missing}; "
                                   "pass frames=[...] to score only the frames both have.")
    sub = table[order]
    bad = [c for c in order if not sub[c].isin([0, 1, True, False]).all()]
    if bad:
        raise FrameClassifierError(f"{caller}: precomputed column(s) {bad} must be boolean or 0/1.")
    return sub.astype(bool).to_numpy()


def compare_evaluations(evaluations: Mapping[str, FrameEvaluation]) -> pd.DataFrame:
    """Per-frame F1 of several evaluations side by side, with support and a final macro-F1 row.

    Examples
    --------
    >>> texts = ["the court ruled it illegal", "a judge heard the case", "the child cried",
    ...          "a mother wept for her child"] * 5
    >>> labels = [["law"], ["law"], ["human"], ["human"]] * 5
    >>> evals = {m: cross_validate_frames(texts, labels, model=m) for m in ("baseline", "classifier")}
    >>> compare_evaluations(evals).round(2).to_dict("index")["macro-F1"]
    {'support': nan, 'baseline': 1.0, 'classifier': 1.0}
    """
    if not isinstance(evaluations, Mapping) or not evaluations:
        raise FrameClassifierError("compare_evaluations: give a non-empty mapping of name -> FrameEvaluation.")
    items = list(evaluations.items())
    for name, ev in items:
        if not isinstance(ev, FrameEvaluation):
            raise FrameClassifierError(f"compare_evaluations: {name!r} is {type(ev).__name__}, not a FrameEvaluation.")
    first = items[0][1]
    for name, ev in items[1:]:
        if list(ev.per_frame["frame"]) != list(first.per_frame["frame"]) or not np.array_equal(ev.folds, first.folds):
            raise FrameClassifierError(f"compare_evaluations: {name!r} was scored on other frames or other folds than "
                                       f"{items[0][0]!r}; use the same labels, frames, n_splits and seed.")
    table = pd.DataFrame({"support": first.per_frame["support"].to_numpy().astype(float)},
                         index=pd.Index(first.per_frame["frame"], name="frame"))
    for name, ev in items:
        table[name] = ev.per_frame["f1"].to_numpy()
    macro = {"support": np.nan, **{name: ev.macro_f1 for name, ev in items}}
    return pd.concat([table, pd.DataFrame(macro, index=pd.Index(["macro-F1"], name="frame"))])


# ----------------------------------------------------------------------------- learning curve
def learning_curve_frames(texts: Any, labels: Any, *, sizes: Sequence[float | int] = (0.2, 0.4, 0.6, 0.8, 1.0),
                          n_splits: int = 5, seed: int = 0, model: str | Callable[..., Any] = "classifier",
                          frames: Sequence[str] | None = None, min_support: int = 3) -> pd.DataFrame:
    """Macro-F1 on held-out folds against the number of training texts.

    The folds are those of :func:`cross_validate_frames` (same ``seed``). In each fold the
    training part is put in a seeded random order and the model is fitted on its first
    ``size`` texts (a float in (0, 1]: that share of the training part; an int: that many
    texts), so smaller training sets are nested in larger ones; the held-out fold is always
    scored in full. Frames with fewer than ``min_support`` positives overall are not averaged;
    a frame too rare in a small training subset is predicted False (F1 0), which is what a
    researcher with that few coded texts would get.

    Returns
    -------
    pandas.DataFrame
        One row per size: ``model``, ``size``, ``n_train`` (mean training texts per fold),
        ``macro_f1`` (pooled out-of-fold), ``macro_f1_sd`` (SD over folds), ``n_frames``.

    Examples
    --------
    >>> texts = ["the court ruled it illegal", "a judge heard the case", "the child cried",
    ...          "a mother wept for her child"] * 5
    >>> labels = [["law"], ["law"], ["human"], ["human"]] * 5
    >>> curve = learning_curve_frames(texts, labels, sizes=(4, 1.0), n_splits=5, seed=0)
    >>> curve[["size", "n_train", "n_frames"]].to_dict("records")
    [{'size': 4.0, 'n_train': 4.0, 'n_frames': 2}, {'size': 1.0, 'n_train': 16.0, 'n_frames': 2}]
    >>> round(float(curve["macro_f1"].iloc[-1]), 2)
    1.0
    """
    caller = "learning_curve_frames"
    min_support = _check_min_support(min_support, caller)
    if isinstance(model, pd.DataFrame):
        raise FrameClassifierError(f"{caller}: precomputed predictions have no training size; give a model.")
    values, index, y, order = _prepare(texts, labels, frames, caller=caller)
    fit = _fitter(model, caller=caller)
    folds = _folds(y, n_splits=n_splits, seed=seed, caller=caller)
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Iterable) or not list(sizes):
        raise FrameClassifierError(f"{caller}: sizes must be a non-empty list of fractions in (0, 1] or counts.")
    train_parts = [np.random.default_rng([seed, f]).permutation(np.flatnonzero(folds != f)) for f in range(n_splits)]
    smallest = min(len(p) for p in train_parts)
    rows = []
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, float, np.integer, np.floating)):
            raise FrameClassifierError(f"{caller}: size {size!r} is not a number.")
        if isinstance(size, (int, np.integer)):
            if not 2 <= size <= smallest:
                raise FrameClassifierError(f"{caller}: size {size} must be from 2 to {smallest} "
                                           "(the smallest training part).")
            counts = [int(size)] * n_splits
        else:
            if not 0 < size <= 1:
                raise FrameClassifierError(f"{caller}: fraction {size} must be in (0, 1].")
            counts = [max(2, int(round(size * len(p)))) for p in train_parts]
        pred = np.zeros_like(y, dtype=bool)
        for f in range(n_splits):
            train = np.zeros(len(values), dtype=bool)
            train[train_parts[f][:counts[f]]] = True
            test = folds == f
            out, _ = _fit_predict(fit, values, y, order, train, test, seed=seed,
                                  builtin=isinstance(model, str), caller=caller)
            pred[test] = out
        ev = _evaluate(_model_name(model), y, pred, order, folds, index, min_support=min_support, seed=seed)
        rows.append({"model": ev.model, "size": float(size), "n_train": float(np.mean(counts)),
                     "macro_f1": ev.macro_f1, "macro_f1_sd": ev.macro_f1_sd,
                     "n_frames": int(ev.per_frame["in_macro"].sum())})
    return pd.DataFrame(rows)


def plot_learning_curve(table: pd.DataFrame, *, title: str | None = None) -> plt.Figure:
    """Line plot of macro-F1 (with +/- one fold SD) against training texts, one line per model.

    ``table`` is one :func:`learning_curve_frames` result or several concatenated (and, if
    wanted, rows ``model="dictionary"`` with a constant ``macro_f1``, drawn as a dashed level).

    Examples
    --------
    >>> table = pd.DataFrame({"model": ["classifier"] * 2, "size": [0.5, 1.0], "n_train": [40.0, 80.0],
    ...                       "macro_f1": [0.4, 0.5], "macro_f1_sd": [0.1, 0.1], "n_frames": [10, 10]})
    >>> fig = plot_learning_curve(table)
    >>> fig.axes[0].get_xlabel()
    'training texts (per fold)'
    >>> plt.close(fig)
    """
    needed = ["model", "n_train", "macro_f1"]
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in needed) or table.empty:
        raise FrameClassifierError(f"plot_learning_curve: give a non-empty table with columns {needed} "
                                   "(from learning_curve_frames).")
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name, part in table.groupby("model", sort=False):
        part = part.sort_values("n_train")
        sd = part["macro_f1_sd"] if "macro_f1_sd" in part.columns else None
        if part["n_train"].nunique() == 1 and len(table["n_train"].unique()) > 1:
            ax.axhline(float(part["macro_f1"].iloc[0]), linestyle="--", color="grey", label=str(name))
            continue
        ax.errorbar(part["n_train"], part["macro_f1"], yerr=sd, marker="o", capsize=3, label=str(name))
    ax.set_xlabel("training texts (per fold)")
    ax.set_ylabel("macro-F1 on held-out folds")
    ax.set_ylim(0, 1)
    ax.set_title(title or "Learning curve: macro-F1 against coded training texts")
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig
