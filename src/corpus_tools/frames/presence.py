"""Article-level frame presence from sentence tags, with the threshold chosen on coded data.

The codebooks were designed for whole articles, the dictionary tags sentences. The rule here:
**a frame is present in an article when at least** ``m`` **of the article's sentences carry it**
(:func:`article_presence`). ``m`` is not set by hand: :func:`choose_presence_threshold` picks it
by maximising agreement (share of article x frame cells on which the two say the same) with a
reference coding's article-level presence, where the reference reader's article presence is
"the reader coded the frame in at least one of the article's sentences". Ties go to the smaller
``m``. The agreement of the chosen ``m`` on the same articles is in-sample (``m`` was picked on
them); the function also reports leave-one-article-out agreement: for each article, ``m`` is
chosen on the other articles and scored on the one left out.

Examples
--------
>>> tags = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b"],
...                      "law": [True, True, False, True, False],
...                      "crime": [False, False, False, False, True]})
>>> article_presence(tags, frames=["law", "crime"], min_sentences=2).to_dict("index")
{'a': {'law': True, 'crime': False}, 'b': {'law': False, 'crime': False}}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from corpus_tools.frames.errors import FramesError

__all__ = ["PresenceThreshold", "article_presence", "choose_presence_threshold", "summarise_presence_threshold"]


def _check(tagged: pd.DataFrame, frames: Sequence[str], by: str, *, caller: str) -> list[str]:
    if by not in tagged.columns:
        raise FramesError(f"{caller}: the table has no {by!r} column; pass by= the article column.")
    cols = list(frames)
    if not cols:
        raise FramesError(f"{caller}: give at least one frame.")
    missing = [f for f in cols if f not in tagged.columns]
    if missing:
        raise FramesError(f"{caller}: frame column(s) {missing} not in the table; run tag_sentences first.")
    return cols


def _counts(tagged: pd.DataFrame, frames: Sequence[str], by: str) -> pd.DataFrame:
    return tagged[[by, *frames]].astype({f: int for f in frames}).groupby(by, sort=True)[list(frames)].sum()


def article_presence(tagged: pd.DataFrame, *, frames: Sequence[str], by: str = "doc_id",
                     min_sentences: int = 1) -> pd.DataFrame:
    """Return one row per article, one boolean column per frame: at least ``min_sentences`` carry it.

    Parameters
    ----------
    tagged
        Sentence table with the article column ``by`` and one boolean (or 0/1) column per frame.
    frames
        Frame columns to aggregate.
    by
        Article column (default ``doc_id``); rows come out sorted by it.
    min_sentences
        The threshold ``m`` (an integer >= 1); see :func:`choose_presence_threshold`.

    Examples
    --------
    >>> tags = pd.DataFrame({"doc_id": ["a", "b"], "law": [1, 0]})
    >>> article_presence(tags, frames=["law"])["law"].tolist()
    [True, False]
    """
    caller = "article_presence"
    cols = _check(tagged, frames, by, caller=caller)
    if isinstance(min_sentences, bool) or not isinstance(min_sentences, (int, np.integer)) or min_sentences < 1:
        raise FramesError(f"{caller}: min_sentences must be an integer >= 1, got {min_sentences!r}.")
    return _counts(tagged, cols, by) >= int(min_sentences)


@dataclass(frozen=True)
class PresenceThreshold:
    """The chosen article-presence threshold and how well it agrees with the reference.

    Attributes
    ----------
    min_sentences
        ``m`` chosen on all coded articles.
    agreement
        Its agreement with the reference article presence on those articles (IN-SAMPLE).
    held_out_agreement
        Leave-one-article-out agreement (``m`` chosen without the article it is scored on);
        NaN with fewer than two articles.
    held_out_choices
        Article -> the ``m`` chosen when that article was left out.
    table
        One row per candidate ``m``: ``min_sentences``, ``agreement`` (in-sample).
    n_articles, n_frames
        Size of the article x frame grid.
    """

    min_sentences: int
    agreement: float
    held_out_agreement: float
    held_out_choices: dict
    table: pd.DataFrame
    n_articles: int
    n_frames: int


def _best(dictionary: pd.DataFrame, reader: pd.DataFrame, candidates: list[int]) -> tuple[int, list[float]]:
    scores = [float(((dictionary >= m) == reader).to_numpy().mean()) for m in candidates]
    best = int(np.argmax(scores))  # first maximum: ties go to the smaller m
    return candidates[best], scores


def choose_presence_threshold(tagged: pd.DataFrame, reference: pd.DataFrame, *, frames: Sequence[str],
                              by: str = "doc_id", candidates: Iterable[int] = range(1, 11)) -> PresenceThreshold:
    """Choose ``m`` for :func:`article_presence` by agreement with a reference coding's article presence.

    Parameters
    ----------
    tagged
        Dictionary-tagged sentences (article column ``by`` and the frame columns).
    reference
        The reference coding of the SAME sentences (same index as ``tagged``; e.g. the output of
        :func:`corpus_tools.frames.try_align_reference_coding` and ``tagged.loc[reference.index]``),
        with the frame columns. The reader's article presence: coded in at least one sentence.
    frames
        Frames to score.
    by
        Article column.
    candidates
        Values of ``m`` to try (integers >= 1).

    Returns
    -------
    PresenceThreshold

    Examples
    --------
    >>> tags = pd.DataFrame({"doc_id": list("aaabbbccc"), "law": [1, 1, 0, 1, 0, 0, 1, 1, 1]})
    >>> gold = pd.DataFrame({"doc_id": list("aaabbbccc"), "law": [1, 0, 0, 0, 0, 0, 1, 1, 0]})
    >>> choice = choose_presence_threshold(tags, gold, frames=["law"], candidates=[1, 2, 3])
    >>> choice.min_sentences, choice.agreement
    (2, 1.0)
    """
    caller = "choose_presence_threshold"
    cols = _check(tagged, frames, by, caller=caller)
    missing = [f for f in cols if f not in reference.columns]
    if missing:
        raise FramesError(f"{caller}: the reference coding lacks frame column(s) {missing}.")
    if len(tagged) != len(reference) or not tagged.index.equals(reference.index):
        raise FramesError(f"{caller}: tagged and reference must hold the same sentences (same index); "
                          f"align them first (tagged.loc[reference.index]).")
    grid = sorted({int(m) for m in candidates})
    if not grid or grid[0] < 1:
        raise FramesError(f"{caller}: candidates must be integers >= 1.")
    if len(tagged) == 0:
        raise FramesError(f"{caller}: no coded sentences to choose a threshold on.")
    dictionary = _counts(tagged, cols, by)
    reader = _counts(reference[cols].assign(**{by: tagged[by]}), cols, by) >= 1
    chosen, scores = _best(dictionary, reader, grid)
    articles = list(dictionary.index)
    choices: dict = {}
    hits = []
    if len(articles) >= 2:
        for article in articles:
            rest = [a for a in articles if a != article]
            m, _ = _best(dictionary.loc[rest], reader.loc[rest], grid)
            choices[article] = m
            hits.append(((dictionary.loc[[article]] >= m) == reader.loc[[article]]).to_numpy().ravel())
    held_out = float(np.concatenate(hits).mean()) if hits else float("nan")
    return PresenceThreshold(min_sentences=chosen, agreement=scores[grid.index(chosen)],
                             held_out_agreement=held_out, held_out_choices=choices,
                             table=pd.DataFrame({"min_sentences": grid, "agreement": scores}),
                             n_articles=len(articles), n_frames=len(cols))


def summarise_presence_threshold(choice: PresenceThreshold) -> str:
    """Say in Markdown which ``m`` was chosen, its in-sample and leave-one-article-out agreement.

    Examples
    --------
    >>> table = pd.DataFrame({"min_sentences": [1, 2], "agreement": [0.8, 0.9]})
    >>> print(summarise_presence_threshold(PresenceThreshold(2, 0.9, 0.85, {"a": 2, "b": 1}, table, 2, 5)))
    A frame counts as present in an article when at least **2** of its sentences carry it: this threshold agrees with the reference reader's article-level presence on 90% of 10 article x frame cells (in-sample: chosen on these articles); chosen without the article it is scored on (leave one article out), agreement is 85% (thresholds chosen: 1-2).
    """
    text = (f"A frame counts as present in an article when at least **{choice.min_sentences}** of its "
            f"sentences carry it: this threshold agrees with the reference reader's article-level presence on "
            f"{100 * choice.agreement:.0f}% of {choice.n_articles * choice.n_frames} article x frame cells "
            f"(in-sample: chosen on these articles)")
    if choice.held_out_choices:
        ms = sorted(set(choice.held_out_choices.values()))
        span = str(ms[0]) if len(ms) == 1 else f"{ms[0]}-{ms[-1]}"
        text += (f"; chosen without the article it is scored on (leave one article out), agreement is "
                 f"{100 * choice.held_out_agreement:.0f}% (thresholds chosen: {span})")
    else:
        text += "; with one article there is no held-out check"
    return text + "."
