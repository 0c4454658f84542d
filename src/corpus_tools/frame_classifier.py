"""Supervised frame coding beside the dictionary: a TF-IDF + logistic-regression classifier.

Burscher, Odijk, Vliegenthart, de Rijke and de Vreese (2014, "Teaching the computer to code
frames in news", *Communication Methods and Measures* 8(3)) and Card et al. (2016) show that a
classifier trained on a few hundred hand-coded units reproduces human frame coding far better
than keyword lists. This module trains one from a coding sheet (texts + the frame ids a coder
gave each text), scores it by cross-validation against the same folds as a plain baseline and
the dictionary, and draws its learning curve.

* :func:`fit_frame_classifier` the tuned model; :func:`fit_baseline_frame_classifier` the plain
  one it must at least match. Both return a :class:`FrameClassifier` (``.predict``,
  ``.predict_proba``, ``.frame_ids``, ``.thresholds``, ``.skipped``).
* :func:`frame_folds` multi-label stratified folds (iterative stratification, Sechidis,
  Tsoumakas and Vlahavas 2011), used by every evaluation here so all models meet the same folds.
* :func:`cross_validate_frames` per-frame precision/recall/F1 and macro-F1 of out-of-fold
  predictions, with fold SDs and a bootstrap interval; it also scores precomputed predictions
  (the dictionary's :func:`corpus_tools.frames.tag_sentences` columns) on the same units.
* :func:`compare_evaluations` puts several evaluations side by side;
  :func:`learning_curve_frames` and :func:`plot_learning_curve` give macro-F1 against the number
  of training texts.

Choices (each also in the docstring of the function that makes it)
------------------------------------------------------------------
Features (tuned model): scikit-learn ``TfidfVectorizer`` on lowercased, accent-stripped text,
word unigrams and bigrams (``ngram_range=(1, 2)``; bigrams keep "family separation" and "zero
tolerance" whole), its default token pattern (words of 2+ letters or digits), no stop-word list
(negations and prepositions carry frames: "not legal", "against the law"), ``min_df=1`` (a corpus
of a few hundred units has few repeated bigrams), sublinear tf (``1 + log tf``, so a word repeated
in one unit does not dominate), l2-normalised rows. The vectorizer is fitted on training texts
only, inside every fold.

Model: one binary ``LogisticRegression`` per frame (one-vs-rest), ``solver="liblinear"``, l2,
``C=1.0``, ``class_weight="balanced"`` (rare frames weigh as much as common ones),
``random_state=seed``.

Thresholds: per frame, chosen by inner cross-validation on the training texts only: out-of-fold
probabilities from ``inner_splits`` (default 3) multi-label stratified folds, then the threshold
on the grid 0.05, 0.10, ..., 0.95 with the highest F1 on those out-of-fold predictions (ties: the
one nearest 0.5, then the lower). A frame with fewer than ``inner_splits`` positive (or negative)
training texts keeps 0.5; ``model.threshold_sources`` says which frames were tuned.

Frames with fewer than ``min_positives`` (default 2) positive training texts, or fewer than 2
negatives, cannot be learned: they are EXCLUDED from the model, listed with the reason in
``model.skipped`` and announced with a :class:`FrameClassifierWarning`. If no frame is left,
:class:`FrameClassifierError` is raised.

Baseline: scikit-learn defaults, ``TfidfVectorizer()`` (unigrams, raw tf) and
``OneVsRestClassifier(LogisticRegression(random_state=seed))`` (lbfgs, C=1, no class weights),
threshold 0.5 for every frame.

Measured (``benchmarks/FRAME_CLASSIFIER.md``, made by ``benchmarks/bench_frame_classifier.py``;
macro-F1 over frames with at least 3 positives, 95% bootstrap interval over sentences):

* OUT OF SAMPLE first: trained on the 111 bundled reference-coded sentences (US immigration),
  tested on 60 coded sentences on other topics (``data/annotations/frames_oos/``): dictionary
  0.49 [0.33, 0.56], tuned classifier 0.19 [0.14, 0.24], baseline 0.05 [0.03, 0.07]. 111
  sentences on one issue do not teach a model to code frames on other topics; the dictionary's
  general cue words transfer better.
* Bundled coding, 5 iteratively stratified folds (seed 0), 19 frames: baseline 0.17 [0.15, 0.18],
  tuned classifier 0.42 [0.38, 0.45] (paired difference +0.25 [+0.21, +0.28]); leave one article
  out 0.14 vs 0.34. The dictionary's 0.87 there is IN-SAMPLE (its cues were written on these
  sentences). The learning curve still rises at 89 training sentences.

All of it is agreement with ONE coder on small samples; read the intervals.

Examples
--------
>>> texts = ["the court ruled the policy illegal", "judges said the law was broken",
...          "children cried for their parents", "families were torn apart at the border"] * 3
>>> labels = [["legality"], ["legality"], ["human_interest"], ["human_interest"]] * 3
>>> model = fit_frame_classifier(texts, labels, seed=0)
>>> model.frame_ids
('human_interest', 'legality')
>>> model.predict(["the court said it was illegal", "the children cried at the border"]).to_dict("list")
{'human_interest': [False, True], 'legality': [True, False]}
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from corpus_tools.errors import CorpusError

__all__ = [
    "FrameClassifier",
    "FrameClassifierError",
    "FrameClassifierWarning",
    "FrameEvaluation",
    "THRESHOLD_GRID",
    "compare_evaluations",
    "cross_validate_frames",
    "fit_baseline_frame_classifier",
    "fit_frame_classifier",
    "frame_folds",
    "learning_curve_frames",
    "plot_learning_curve",
]

#: Candidate thresholds for the per-frame F1 search (0.05 steps; a coarse grid keeps the choice
#: stable when out-of-fold probabilities move in the last digits).
THRESHOLD_GRID: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(1, 20))

_MODELS = ("classifier", "baseline")


class FrameClassifierError(CorpusError):
    """Bad input to the frame classifier (empty input, mismatched lengths, wrong types, nothing to learn).

    Examples
    --------
    >>> try:
    ...     fit_frame_classifier(["one text"], [[], []])
    ... except FrameClassifierError as err:
    ...     print(err)
    fit_frame_classifier: 1 text(s) but 2 label set(s); give one iterable of frame ids per text (an empty one for no frame).
    """


class FrameClassifierWarning(UserWarning):
    """A frame was left out of a model because it has too few positive (or negative) training texts.

    Examples
    --------
    >>> issubclass(FrameClassifierWarning, UserWarning)
    True
    """


# ------------------------------------------------------------------------------------ inputs
def _texts(texts: Any, *, caller: str) -> tuple[list[str], pd.Index]:
    """Texts as a list of strings plus the index the outputs get (a Series keeps its own)."""
    if isinstance(texts, (str, bytes)):
        raise FrameClassifierError(f"{caller}: texts must be a list (or Series) of strings, got one string; "
                                   "wrap it in a list.")
    if isinstance(texts, pd.DataFrame):
        raise FrameClassifierError(f"{caller}: texts must be a list or Series of strings, got a DataFrame; "
                                   "pass its text column, e.g. sentences['text'].")
    if not isinstance(texts, Iterable):
        raise FrameClassifierError(f"{caller}: texts must be a list or Series of strings, got {type(texts).__name__}.")
    index = texts.index if isinstance(texts, pd.Series) else None
    values = list(texts)
    if not values:
        raise FrameClassifierError(f"{caller}: no texts given; pass at least one text.")
    for pos, value in enumerate(values):
        if not isinstance(value, str):
            raise FrameClassifierError(f"{caller}: texts[{pos}] is {type(value).__name__} ({value!r:.40}), not a string; "
                                       "remove missing texts or convert them with str().")
    return values, (index if index is not None else pd.RangeIndex(len(values)))


def _label_sets(labels: Any, *, n_texts: int, caller: str) -> tuple[list[frozenset[str]], list[str] | None]:
    """Labels as one frozenset of frame ids per text, plus the column order if a 0/1 table was given."""
    if isinstance(labels, pd.DataFrame):
        columns = [str(c) for c in labels.columns]
        if len(labels) != n_texts:
            raise FrameClassifierError(f"{caller}: {n_texts} text(s) but {len(labels)} label row(s); "
                                       "give one row of 0/1 frame columns per text.")
        bad = [c for c in labels.columns if not labels[c].isin([0, 1, True, False]).all()]
        if bad:
            raise FrameClassifierError(f"{caller}: label column(s) {bad} must hold only 0/1 (or True/False); "
                                       "drop non-frame columns such as 'coder' or 'text'.")
        matrix = labels.astype(bool).to_numpy()
        return [frozenset(c for c, v in zip(columns, row) if v) for row in matrix], columns
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Iterable):
        raise FrameClassifierError(f"{caller}: labels must be one iterable of frame ids per text (or a 0/1 "
                                   f"DataFrame with one column per frame), got {type(labels).__name__}.")
    sets = []
    for pos, item in enumerate(labels):
        if isinstance(item, (str, bytes)):
            raise FrameClassifierError(f"{caller}: labels[{pos}] is the string {item!r}; give a list of frame ids "
                                       f"per text, e.g. [{item!r}] (an empty list for no frame).")
        if not isinstance(item, Iterable):
            raise FrameClassifierError(f"{caller}: labels[{pos}] is {type(item).__name__}, not an iterable of frame ids; "
                                       "use an empty list for a text with no frame.")
        ids = list(item)
        for frame in ids:
            if not isinstance(frame, str) or not frame:
                raise FrameClassifierError(f"{caller}: labels[{pos}] holds {frame!r}; frame ids must be non-empty strings.")
        sets.append(frozenset(ids))
    if len(sets) != n_texts:
        raise FrameClassifierError(f"{caller}: {n_texts} text(s) but {len(sets)} label set(s); give one iterable "
                                   "of frame ids per text (an empty one for no frame).")
    return sets, None


def _frame_order(sets: Sequence[frozenset[str]], table_columns: list[str] | None, frames: Sequence[str] | None,
                 *, caller: str) -> list[str]:
    """Column order: ``frames`` if given, else the label table's columns, else sorted ids."""
    seen = set().union(*sets) if sets else set()
    if frames is not None:
        if isinstance(frames, str):
            raise FrameClassifierError(f"{caller}: frames must be a list of frame ids, got the string {frames!r}.")
        order = list(dict.fromkeys(str(f) for f in frames))
        unknown = sorted(seen - set(order))
        if unknown:
            raise FrameClassifierError(f"{caller}: label(s) {unknown} are not in frames; add them to frames "
                                       "or remove them from the labels.")
        return order
    if table_columns is not None:
        return table_columns
    return sorted(seen)


def _matrix(sets: Sequence[frozenset[str]], order: Sequence[str]) -> np.ndarray:
    return np.array([[f in s for f in order] for s in sets], dtype=bool).reshape(len(sets), len(order))


def _prepare(texts: Any, labels: Any, frames: Sequence[str] | None, *, caller: str
             ) -> tuple[list[str], pd.Index, np.ndarray, list[str]]:
    values, index = _texts(texts, caller=caller)
    sets, columns = _label_sets(labels, n_texts=len(values), caller=caller)
    if isinstance(texts, pd.Series) and isinstance(labels, pd.DataFrame) and not texts.index.equals(labels.index):
        raise FrameClassifierError(f"{caller}: texts and labels have different indexes, so rows would be paired by "
                                   "position with the wrong labels; align them first, e.g. texts.loc[labels.index].")
    order = _frame_order(sets, columns, frames, caller=caller)
    if not order:
        raise FrameClassifierError(f"{caller}: no text carries any frame; code at least two texts per frame first.")
    return values, index, _matrix(sets, order), order


# -------------------------------------------------------------------------------------- folds
def frame_folds(labels: Any, *, n_splits: int = 5, seed: int = 0, frames: Sequence[str] | None = None) -> np.ndarray:
    """Assign each text to one of ``n_splits`` folds, stratified over all its frames at once.

    Iterative stratification (Sechidis, Tsoumakas and Vlahavas 2011, "On the stratification of
    multi-label data"): the rarest remaining frame is distributed first, each of its texts going
    to the fold that still most lacks that frame (then the fold that most lacks texts, then a
    seeded random choice); texts with no frame fill the folds that are short of texts last. Rare
    frames so spread over the folds as evenly as their counts allow, which a shuffled ``KFold``
    does not guarantee. Deterministic for a given ``seed``.

    Parameters
    ----------
    labels
        One iterable of frame ids per text, or a 0/1 DataFrame with one column per frame.
    n_splits
        Number of folds, at least 2 and at most the number of texts.

    Returns
    -------
    numpy.ndarray
        Fold number (0 .. n_splits-1) of each text, in input order.

    Examples
    --------
    >>> labels = [["a"], ["a"], ["a"], ["a"], ["b"], ["b"], [], []]
    >>> folds = frame_folds(labels, n_splits=2, seed=0)
    >>> [sorted({tuple(labels[i]) for i in np.flatnonzero(folds == f)}) for f in (0, 1)]
    [[(), ('a',), ('b',)], [(), ('a',), ('b',)]]
    >>> np.bincount(folds).tolist()
    [4, 4]
    """
    if isinstance(labels, pd.DataFrame):
        n = len(labels)
    elif isinstance(labels, (str, bytes)) or not isinstance(labels, Iterable):
        raise FrameClassifierError("frame_folds: labels must be one iterable of frame ids per text or a 0/1 DataFrame, "
                                   f"got {type(labels).__name__}.")
    else:
        labels = list(labels)
        n = len(labels)
    if n == 0:
        raise FrameClassifierError("frame_folds: no labels given.")
    sets, columns = _label_sets(labels, n_texts=n, caller="frame_folds")
    order = _frame_order(sets, columns, frames, caller="frame_folds")
    return _folds(_matrix(sets, order), n_splits=n_splits, seed=seed, caller="frame_folds")


def _folds(y: np.ndarray, *, n_splits: int, seed: int, caller: str) -> np.ndarray:
    n = len(y)
    if isinstance(n_splits, bool) or not isinstance(n_splits, (int, np.integer)) or not 2 <= n_splits <= n:
        raise FrameClassifierError(f"{caller}: n_splits must be an integer from 2 to the number of texts ({n}), "
                                   f"got {n_splits!r}.")
    k = int(n_splits)
    rng = np.random.default_rng(seed)
    y = y.astype(np.int64)
    # desired counts times k, as integers (exact ties): n - k * (texts already in the fold)
    want_texts = np.full(k, n, dtype=np.int64)
    want_frame = np.tile(y.sum(axis=0), (k, 1))
    fold = np.full(n, -1, dtype=np.int64)
    left = np.ones(n, dtype=bool)
    visit = rng.permutation(n)

    def pick(scores: list[np.ndarray]) -> int:
        candidates = np.arange(k)
        for score in scores:
            best = score[candidates].max()
            candidates = candidates[score[candidates] == best]
        return int(candidates[0] if len(candidates) == 1 else rng.choice(candidates))

    while left.any():
        counts = y[left].sum(axis=0)
        if counts.any():
            frame = int(np.argmin(np.where(counts > 0, counts, np.iinfo(np.int64).max)))
            members = [i for i in visit if left[i] and y[i, frame]]
        else:
            frame = -1
            members = [i for i in visit if left[i]]
        for i in members:
            f = pick([want_frame[:, frame], want_texts] if frame >= 0 else [want_texts])
            fold[i] = f
            left[i] = False
            want_texts[f] -= k
            want_frame[f] -= k * y[i]
    if np.bincount(fold, minlength=k).min() == 0:
        raise FrameClassifierError(f"{caller}: {n_splits} folds leave one empty; use fewer folds.")
    return fold


# -------------------------------------------------------------------------------------- model
@dataclass(frozen=True, repr=False, eq=False)
class FrameClassifier:
    """A fitted frame classifier: one binary logistic regression per frame over shared TF-IDF features.

    Made by :func:`fit_frame_classifier` or :func:`fit_baseline_frame_classifier`.

    Attributes
    ----------
    frame_ids
        The frames it predicts, in column order (the ``frames`` argument's order if given, else the
        label table's column order, else sorted).
    thresholds
        Probability threshold per frame (a ``pandas.Series`` of floats in [0, 1]).
    threshold_sources
        Per frame: ``"tuned"`` (inner cross-validation), ``"default"`` (too few positives to tune:
        0.5) or ``"fixed"`` (baseline: 0.5).
    skipped
        Frames seen in the labels but left out, with the reason (too few positive or negative texts).
    kind
        ``"classifier"`` or ``"baseline"``.
    seed
        The seed it was fitted with.

    Examples
    --------
    >>> model = fit_frame_classifier(["legal case", "court case", "sad child", "crying child"] * 2,
    ...                              [["law"], ["law"], ["human"], ["human"]] * 2)
    >>> model
    FrameClassifier(kind='classifier', frames=2, skipped=0, seed=0)
    """

    frame_ids: tuple[str, ...]
    thresholds: pd.Series
    threshold_sources: pd.Series
    skipped: Mapping[str, str]
    kind: str
    seed: int
    _vectorizer: TfidfVectorizer = field(repr=False)
    _estimators: tuple[LogisticRegression, ...] = field(repr=False)

    def __repr__(self) -> str:
        return (f"FrameClassifier(kind={self.kind!r}, frames={len(self.frame_ids)}, skipped={len(self.skipped)}, "
                f"seed={self.seed})")

    def predict_proba(self, texts: Any) -> pd.DataFrame:
        """Probability of each frame for each text (rows in input order; a Series keeps its index).

        Examples
        --------
        >>> model = fit_frame_classifier(["legal case", "court case", "sad child", "crying child"] * 2,
        ...                              [["law"], ["law"], ["human"], ["human"]] * 2)
        >>> proba = model.predict_proba(["a court case", "a child"])
        >>> bool(proba.loc[0, "law"] > proba.loc[0, "human"]), bool(((proba >= 0) & (proba <= 1)).all().all())
        (True, True)
        """
        values, index = _texts(texts, caller="FrameClassifier.predict_proba")
        return pd.DataFrame(_scores(self._vectorizer, self._estimators, values), index=index,
                            columns=list(self.frame_ids))

    def predict(self, texts: Any) -> pd.DataFrame:
        """One boolean column per frame (probability >= the frame's threshold), one row per text, in order.

        Examples
        --------
        >>> model = fit_frame_classifier(["legal case", "court case", "sad child", "crying child"] * 2,
        ...                              [["law"], ["law"], ["human"], ["human"]] * 2)
        >>> model.predict(pd.Series(["the court case"], index=[7]))
           human   law
        7  False  True
        """
        proba = self.predict_proba(texts)
        return proba.ge(self.thresholds[list(self.frame_ids)], axis=1).astype(bool)


def _scores(vectorizer: TfidfVectorizer, estimators: Sequence[LogisticRegression], texts: Sequence[str]) -> np.ndarray:
    features = vectorizer.transform(texts)
    if not estimators:
        return np.zeros((len(texts), 0))
    return np.column_stack([est.predict_proba(features)[:, 1] for est in estimators])


def _tuned_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(lowercase=True, strip_accents="unicode", ngram_range=(1, 2), min_df=1, sublinear_tf=True)


def _tuned_estimator(*, seed: int, C: float, class_weight: str | None) -> LogisticRegression:
    return LogisticRegression(solver="liblinear", C=C, class_weight=class_weight, random_state=seed)


def _vectorize(vectorizer: TfidfVectorizer, texts: Sequence[str], *, caller: str):
    try:
        return vectorizer.fit_transform(texts)
    except ValueError as err:  # e.g. "empty vocabulary" when no text has a word
        raise FrameClassifierError(f"{caller}: the training texts give no features ({err}); "
                                   "give texts with words in them.") from err


def _learnable(y: np.ndarray, order: Sequence[str], *, min_positives: int) -> tuple[list[int], dict[str, str]]:
    keep, skipped = [], {}
    n = len(y)
    for j, frame in enumerate(order):
        pos = int(y[:, j].sum())
        if pos < min_positives:
            skipped[frame] = f"{pos} positive training text(s), fewer than min_positives={min_positives}"
        elif n - pos < 2:
            skipped[frame] = f"{n - pos} negative training text(s), fewer than 2"
        else:
            keep.append(j)
    return keep, skipped


def _check_fit_options(caller: str, *, min_positives: Any, seed: Any) -> None:
    if isinstance(min_positives, bool) or not isinstance(min_positives, (int, np.integer)) or min_positives < 2:
        raise FrameClassifierError(f"{caller}: min_positives must be an integer >= 2, got {min_positives!r}.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise FrameClassifierError(f"{caller}: seed must be an integer, got {seed!r}.")


def _finish(values, y, order, keep, skipped, *, caller: str) -> None:
    if skipped:
        warnings.warn(f"{caller}: left out {len(skipped)} frame(s) that cannot be learned: "
                      + "; ".join(f"{f} ({why})" for f, why in skipped.items()), FrameClassifierWarning, stacklevel=3)
    if not keep:
        raise FrameClassifierError(f"{caller}: no frame has enough positive and negative training texts "
                                   f"({len(values)} texts); code more texts.")


def fit_frame_classifier(texts: Any, labels: Any, *, seed: int = 0, frames: Sequence[str] | None = None,
                         min_positives: int = 2, inner_splits: int = 3, C: float = 1.0,
                         class_weight: str | None = "balanced") -> FrameClassifier:
    """Train the tuned frame classifier on coded texts (multi-label: any number of frames per text).

    Features: TF-IDF of word unigrams and bigrams (lowercased, accents stripped, sublinear tf,
    l2 rows, no stop-word list, ``min_df=1``), fitted on these texts. Model: per frame a
    ``LogisticRegression(solver="liblinear", C=C, class_weight=class_weight, random_state=seed)``.
    Thresholds: per frame, the value on :data:`THRESHOLD_GRID` (0.05 .. 0.95) that maximises F1
    of out-of-fold probabilities from ``inner_splits`` multi-label stratified folds of THESE
    training texts (the vectorizer refitted inside each inner fold; ties: nearest 0.5, then lower).
    A frame with fewer than ``inner_splits`` positive or negative texts keeps 0.5
    (``threshold_sources`` says ``"default"``).

    Frames with fewer than ``min_positives`` positive texts (or fewer than 2 negatives) are
    excluded: listed in ``model.skipped`` and announced with a :class:`FrameClassifierWarning`.

    Parameters
    ----------
    texts
        List or Series of strings. Texts and labels are paired by position; a Series of texts
        with a DataFrame of labels must share the same index (else an error).
    labels
        One iterable of frame ids per text (an empty one: no frame), or a DataFrame of 0/1 (or
        boolean) frame columns, one row per text (e.g. an aligned reference coding's frame columns).
    seed
        Seeds the folds and the solver; same inputs and seed, same model.
    frames
        Column order and the allowed frame ids (e.g. ``codebook.ids``); a label not in it is an
        error. Default: the table's column order, else the sorted ids seen in ``labels``.

    Returns
    -------
    FrameClassifier

    Examples
    --------
    >>> texts = ["the court ruled it illegal", "a judge heard the case", "the child cried",
    ...          "a mother wept for her child", "the court and the child", "weather report"] * 2
    >>> labels = [["law"], ["law"], ["human"], ["human"], ["law", "human"], []] * 2
    >>> model = fit_frame_classifier(texts, labels, seed=0)
    >>> model.predict(["the judge ruled", "her child cried"]).to_dict("records")
    [{'human': False, 'law': True}, {'human': True, 'law': False}]
    >>> bool(((model.thresholds >= 0) & (model.thresholds <= 1)).all())
    True
    """
    caller = "fit_frame_classifier"
    _check_fit_options(caller, min_positives=min_positives, seed=seed)
    if isinstance(inner_splits, bool) or not isinstance(inner_splits, (int, np.integer)) or inner_splits < 2:
        raise FrameClassifierError(f"{caller}: inner_splits must be an integer >= 2, got {inner_splits!r}.")
    values, _, y, order = _prepare(texts, labels, frames, caller=caller)
    keep, skipped = _learnable(y, order, min_positives=min_positives)
    _finish(values, y, order, keep, skipped, caller=caller)
    make = lambda: _tuned_estimator(seed=int(seed), C=C, class_weight=class_weight)  # noqa: E731
    vectorizer = _tuned_vectorizer()
    features = _vectorize(vectorizer, values, caller=caller)
    estimators = tuple(make().fit(features, y[:, j]) for j in keep)
    thresholds, sources = _tune_thresholds(values, y[:, keep], make=make, inner_splits=int(inner_splits),
                                           seed=int(seed))
    kept = tuple(order[j] for j in keep)
    return FrameClassifier(frame_ids=kept, thresholds=pd.Series(thresholds, index=list(kept), dtype=float),
                           threshold_sources=pd.Series(sources, index=list(kept), dtype=object),
                           skipped=dict(skipped), kind="classifier", seed=int(seed),
                           _vectorizer=vectorizer, _estimators=estimators)


def _tune_thresholds(texts: list[str], y: np.ndarray, *, make: Callable[[], LogisticRegression],
                     inner_splits: int, seed: int) -> tuple[list[float], list[str]]:
    n, m = y.shape
    pos = y.sum(axis=0)
    tunable = (pos >= inner_splits) & (n - pos >= inner_splits)
    thresholds, sources = [0.5] * m, ["default"] * m
    if not tunable.any() or n < 2 * inner_splits:
        return thresholds, sources
    folds = _folds(y, n_splits=inner_splits, seed=seed, caller="fit_frame_classifier (inner folds)")
    oof = np.zeros((n, m))
    for f in range(inner_splits):
        train, test = folds != f, folds == f
        vectorizer = _tuned_vectorizer()
        try:
            x_train = vectorizer.fit_transform([texts[i] for i in np.flatnonzero(train)])
        except ValueError:
            continue  # an inner fold with no words: its texts keep probability 0
        x_test = vectorizer.transform([texts[i] for i in np.flatnonzero(test)])
        for j in np.flatnonzero(tunable):
            target = y[train, j]
            if target.all() or not target.any():
                oof[test, j] = float(target.all())
                continue
            oof[test, j] = make().fit(x_train, target).predict_proba(x_test)[:, 1]
    grid = np.array(THRESHOLD_GRID)
    for j in np.flatnonzero(tunable):
        truth = y[:, j].astype(bool)
        scores = [_f1(truth, oof[:, j] >= t) for t in grid]
        best = max(scores)
        candidates = [t for t, s in zip(grid, scores) if s == best]
        thresholds[j] = float(min(candidates, key=lambda t: (abs(t - 0.5), t)))
        sources[j] = "tuned"
    return thresholds, sources


def _f1(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = int((truth & pred).sum())
    wrong = int((truth != pred).sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + wrong)


def fit_baseline_frame_classifier(texts: Any, labels: Any, *, seed: int = 0, frames: Sequence[str] | None = None,
                                  min_positives: int = 2) -> FrameClassifier:
    """Train the plain baseline: default TF-IDF + one-vs-rest logistic regression, threshold 0.5.

    ``TfidfVectorizer()`` with scikit-learn's defaults (lowercased word unigrams, raw tf, l2
    rows) and ``OneVsRestClassifier(LogisticRegression(random_state=seed))`` (lbfgs, C=1, no class
    weights), every threshold 0.5 (``threshold_sources`` ``"fixed"``). The same frames are
    excluded as by :func:`fit_frame_classifier` (fewer than ``min_positives`` positives), so the
    two models differ only in features, weighting and thresholds.

    Examples
    --------
    >>> model = fit_baseline_frame_classifier(["legal case", "court case", "sad child", "crying child"] * 3,
    ...                                       [["law"], ["law"], ["human"], ["human"]] * 3)
    >>> model.thresholds.tolist(), model.kind
    ([0.5, 0.5], 'baseline')
    >>> model.predict(["court case"]).to_dict("records")
    [{'human': False, 'law': True}]
    """
    caller = "fit_baseline_frame_classifier"
    _check_fit_options(caller, min_positives=min_positives, seed=seed)
    values, _, y, order = _prepare(texts, labels, frames, caller=caller)
    keep, skipped = _learnable(y, order, min_positives=min_positives)
    _finish(values, y, order, keep, skipped, caller=caller)
    vectorizer = TfidfVectorizer()
    features = _vectorize(vectorizer, values, caller=caller)
    ovr = OneVsRestClassifier(LogisticRegression(random_state=int(seed))).fit(features, y[:, keep].astype(int))
    kept = tuple(order[j] for j in keep)
    return FrameClassifier(frame_ids=kept, thresholds=pd.Series(0.5, index=list(kept), dtype=float),
                           threshold_sources=pd.Series("fixed", index=list(kept), dtype=object),
                           skipped=dict(skipped), kind="baseline", seed=int(seed),
                           _vectorizer=vectorizer, _estimators=tuple(ovr.estimators_))


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
