"""The dictionary against a human coding: precision, recall, F1 and the disagreements.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_score, recall_score

from corpus_tools.frames.aggregate import _frame_columns
from corpus_tools.frames.codebook import Codebook, _codebook
from corpus_tools.frames.errors import FramesError
from corpus_tools.frames.tag import tag_sentences


# --------------------------------------------------------------------------------- evaluation
def _check_gold(tagged: pd.DataFrame, gold: pd.DataFrame, *, caller: str) -> None:
    if not gold.index.is_unique or not tagged.index.is_unique:
        raise FramesError(f"{caller}: tagged and gold need unique indexes to be aligned.")
    missing = gold.index.difference(tagged.index)
    if len(missing):
        raise FramesError(f"{caller}: {len(missing)} gold unit(s) not in the tagged table, e.g. {missing[:5].tolist()}; "
                          "tag the same sentences table you aligned the gold coding to.")


def evaluate_against_gold(tagged: pd.DataFrame, gold: pd.DataFrame, *, frames: Sequence[str] | None = None,
                          zero_division: float = 0.0,
                          codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of the dictionary labels against a manual (gold) coding, per frame.

    Units are the rows of ``gold``, matched to ``tagged`` by index. Metrics come from
    ``sklearn.metrics`` with the positive class 1. ZERO DIVISION: precision is undefined when the
    dictionary never fires for a frame (``predicted == 0``), recall when the gold has no positive
    (``support == 0``); both are then set to ``zero_division`` (default 0.0, sklearn's convention;
    pass ``float("nan")`` to mark them undefined instead). F1 is 0 (or ``zero_division``) when
    precision and recall are both 0. Always read ``support`` and ``predicted`` next to the
    scores, and average only over frames with enough support.

    Parameters
    ----------
    tagged
        Output of :func:`tag_sentences`.
    gold
        0/1 frame columns (e.g. from :func:`align_reference_coding` or a loaded coding sheet
        indexed like ``tagged``); no missing values in the evaluated frames.
    frames
        Frames to evaluate; default the codebook frames present in both tables.

    Returns
    -------
    pandas.DataFrame
        One row per frame: ``frame``, ``n_units``, ``support`` (gold positives), ``predicted``
        (dictionary positives), ``tp``, ``fp``, ``fn``, ``precision``, ``recall``, ``f1``.

    Examples
    --------
    >>> tagged = pd.DataFrame({"political": [True, True, False, False]})
    >>> gold = pd.DataFrame({"political": [1, 0, 1, 0]})
    >>> evaluate_against_gold(tagged, gold).iloc[0][["tp", "fp", "fn", "precision", "recall", "f1"]].to_dict()
    {'tp': 1, 'fp': 1, 'fn': 1, 'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    """
    book = _codebook(codebook)
    _check_gold(tagged, gold, caller="evaluate_against_gold")
    if frames is None:
        frames = [f for f in book.ids if f in tagged.columns and f in gold.columns]
        if not frames:
            raise FramesError("evaluate_against_gold: no frame column is present in both tables.")
    _frame_columns(gold, frames, book, caller="evaluate_against_gold (gold)")
    _frame_columns(tagged, frames, book, caller="evaluate_against_gold (tagged)")
    rows = []
    for frame in frames:
        y_true = gold[frame].astype(int).to_numpy()
        y_pred = tagged.loc[gold.index, frame].astype(int).to_numpy()
        tp = int(((y_true == 1) & (y_pred == 1)).sum())
        fp = int(((y_true == 0) & (y_pred == 1)).sum())
        fn = int(((y_true == 1) & (y_pred == 0)).sum())
        kwargs = {"zero_division": zero_division, "labels": [1], "average": None}
        rows.append({"frame": frame, "n_units": len(y_true), "support": int(y_true.sum()),
                     "predicted": int(y_pred.sum()), "tp": tp, "fp": fp, "fn": fn,
                     "precision": float(precision_score(y_true, y_pred, **kwargs)[0]),
                     "recall": float(recall_score(y_true, y_pred, **kwargs)[0]),
                     "f1": float(f1_score(y_true, y_pred, **kwargs)[0])})
    return pd.DataFrame(rows)


def disagreements(tagged: pd.DataFrame, gold: pd.DataFrame, frame: str, *,
                  codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Sentences where the dictionary and the gold coding disagree on one frame, with the cues that fired.

    Parameters
    ----------
    tagged
        Output of :func:`tag_sentences` (needs ``text`` and ``cues``).
    gold
        0/1 frame columns indexed like ``tagged``.
    frame
        The frame id.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``/``sent_id`` if present, ``text``, ``error`` (``"false positive"``: dictionary
        yes, gold no; ``"false negative"``: the reverse), ``cues`` (this frame's matches only);
        false positives first, then in table order.

    Examples
    --------
    >>> tagged = tag_sentences(["Homeland Security Secretary Nielsen spoke.", "Troops guard the wall."])
    >>> gold = pd.DataFrame({"security_and_defense": [1, 1]})
    >>> disagreements(tagged, gold, "security_and_defense")[["error", "cues"]].to_dict("records")
    [{'error': 'false negative', 'cues': ''}]
    """
    _codebook(codebook)
    _check_gold(tagged, gold, caller="disagreements")
    for table, name in ((tagged, "tagged"), (gold, "gold")):
        if frame not in table.columns:
            raise FramesError(f"disagreements: frame {frame!r} is not a column of {name}.")
    if gold[frame].isna().any():
        raise FramesError(f"disagreements: gold column {frame!r} has missing values.")
    sub = tagged.loc[gold.index]
    pred = sub[frame].astype(bool).to_numpy()
    true = gold[frame].astype(int).to_numpy() == 1
    differs = pred != true
    extra = [c for c in ("doc_id", "sent_id") if c in sub.columns]
    out = sub.loc[differs, [*extra, "text"]].copy()
    out["error"] = np.where(pred[differs], "false positive", "false negative")
    prefix = f"{frame}:"
    cues = sub["cues"] if "cues" in sub.columns else pd.Series("", index=sub.index)
    out["cues"] = ["; ".join(c for c in str(v).split("; ") if c.startswith(prefix)).replace(prefix, "")
                   for v in cues[differs]]
    out["_order"] = (out["error"] != "false positive").astype(int)
    return out.sort_values("_order", kind="stable").drop(columns="_order")
