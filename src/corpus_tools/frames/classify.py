"""Supervised frame coding beside the dictionary: a TF-IDF + logistic-regression classifier.

(``corpus_tools.frames.classify``: fitting and predicting; cross-validation, comparisons and the
learning curve are in :mod:`corpus_tools.frames.crossval`; both are re-exported by
:mod:`corpus_tools.frames`.)

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
  0.43 [0.31, 0.50], tuned classifier 0.19 [0.14, 0.24], baseline 0.05 [0.03, 0.07]. 111
  sentences on one issue do not teach a model to code frames on other topics; the dictionary's
  general cue words transfer better.
* Bundled coding, 5 iteratively stratified folds (seed 0), 19 frames: baseline 0.17 [0.15, 0.18],
  tuned classifier 0.42 [0.38, 0.45] (paired difference +0.25 [+0.21, +0.28]); leave one article
  out 0.14 vs 0.34. The dictionary's 0.80 there is IN-SAMPLE (its cues were written on these
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
    "THRESHOLD_GRID",
    "fit_baseline_frame_classifier",
    "fit_frame_classifier",
    "frame_folds",
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
