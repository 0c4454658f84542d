"""Calibrated topic verdicts: is a topic model's k better than what shuffled text gives?

:func:`calibrated_select_k` sets the observed :func:`~corpus_tools.topics.select_k` table
against the shuffled-text null of :mod:`corpus_tools.topics.null` (:func:`null_scores`)
and calls a ``k`` interpretable only when

1. its stability clearly beats chance:
   ``stability > null_stability_mean + max(margin, 2 * null_stability_sd)``;
2. its mean coherence clearly beats chance:
   ``coherence > null_coherence_mean + max(coherence_margin, 2 * null_coherence_sd)``;
3. every topic clears the floor:
   ``min topic NPMI > max(coherence_floor, null_topic_coherence_mean)``, i.e. no topic is
   less coherent than a typical topic of shuffled text (nor than ``coherence_floor`` if
   one is given; by default there is no absolute floor, see :data:`COHERENCE_FLOOR`).

The defaults (:data:`STABILITY_MARGIN`, :data:`COHERENCE_MARGIN`, :data:`COHERENCE_FLOOR`)
were chosen on data; the calibration is in ``benchmarks/TOPIC_NULL.md`` and
``benchmarks/bench_topic_null.py``. :func:`describe_k_verdict` words the result and
:func:`choose_calibrated_k` picks the ``k`` to fit;
:func:`~corpus_tools.topics.plot_calibrated_k` (in :mod:`corpus_tools.topics.plot`) draws it.

Bad input raises :class:`~corpus_tools.topics.TopicModelError` (a
:class:`~corpus_tools.errors.CorpusError`), like every function of :mod:`corpus_tools.topics`.

References
----------
Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
*Proceedings of GSCL*, 31-40.

Greene, D., O'Callaghan, D., & Cunningham, P. (2014). How many topics? Stability analysis
for topic models. *ECML PKDD 2014*, LNCS 8724, 498-513.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.topics.model import TopicModelError
from corpus_tools.topics.null import (
    _check_permutations,
    _k_list,
    _scores,
    _text_list,
    null_scores,
    shuffle_units,
)

__all__ = [
    "COHERENCE_FLOOR",
    "COHERENCE_MARGIN",
    "STABILITY_MARGIN",
    "calibrated_select_k",
    "choose_calibrated_k",
    "describe_k_verdict",
]

#: Least excess of stability over the null mean that counts as "clearly above chance"
#: (the bar is ``max(STABILITY_MARGIN, 2 * null SD)``). Chosen on data, see
#: benchmarks/TOPIC_NULL.md.
STABILITY_MARGIN = 0.1

#: Least excess of mean NPMI over the null's mean NPMI (the bar is
#: ``max(COHERENCE_MARGIN, 2 * null SD)``). Chosen on data, see benchmarks/TOPIC_NULL.md.
COHERENCE_MARGIN = 0.1

#: Absolute floor for every topic's NPMI, below the null's: the effective floor is
#: ``max(COHERENCE_FLOOR, null_topic_coherence_mean)``. The default -1 (NPMI's lower bound)
#: leaves the floor to the null. A fixed 0 (independence) was tried and rejected on data:
#: document-level NPMI of real themes in short units sits below 0 (pairs of top terms that
#: never meet in a unit score -1), and themeless long paragraphs sit above it (frequent words
#: meet by chance); see benchmarks/TOPIC_NULL.md. Pass ``coherence_floor=0`` to add it.
COHERENCE_FLOOR = -1.0

# ---------------------------------------------------------------------------
# the calibrated verdict
# ---------------------------------------------------------------------------


def _check_number(value: Any, name: str, *, low: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not math.isfinite(value):
        raise TopicModelError(f"{name} must be a finite number, got {value!r}")
    if low is not None and value < low:
        raise TopicModelError(f"{name} must be >= {low}, got {value!r}")
    return float(value)


def _reason(row: pd.Series) -> str:
    problems = []
    null_s = f"null {row['null_stability_mean']:.2f} ± {row['null_stability_sd']:.2f}"
    if not row["beats_null_stability"]:
        problems.append(
            f"stability {row['stability']:.2f} is within chance ({null_s}; needs > {row['stability_needed']:.2f})"
        )
    if not row["beats_null_coherence"]:
        problems.append(
            f"mean NPMI {row['coherence']:.2f} does not beat the null's "
            f"{row['null_coherence_mean']:.2f} ± {row['null_coherence_sd']:.2f} "
            f"(needs > {row['coherence_needed']:.2f})"
        )
    if not row["clears_floor"]:
        source = (
            " (a typical topic of shuffled text)"
            if row["coherence_floor"] == row.get("null_topic_coherence_mean") else ""
        )
        problems.append(
            f"topic {int(row['worst_topic'])} has NPMI {row['min_topic_coherence']:.2f} "
            f"< floor {row['coherence_floor']:.2f}{source}"
        )
    if problems:
        return "; ".join(problems)
    return (
        f"stability {row['stability']:.2f} beats chance ({null_s}) by {row['stability_excess']:.2f}; "
        f"mean NPMI {row['coherence']:.2f} vs null {row['null_coherence_mean']:.2f}; "
        f"every topic's NPMI >= {row['min_topic_coherence']:.2f} > floor {row['coherence_floor']:.2f}"
    )


def calibrated_select_k(
    texts: Iterable[str],
    ks: Iterable[int],
    *,
    n_permutations: int = 3,
    seed: int = 0,
    margin: float = STABILITY_MARGIN,
    coherence_margin: float = COHERENCE_MARGIN,
    coherence_floor: float = COHERENCE_FLOOR,
    **options: Any,
) -> pd.DataFrame:
    """Score each k on the texts and on shuffled copies; call k interpretable only if it beats both.

    The observed :func:`~corpus_tools.topics.select_k` table is joined with
    :func:`null_scores` (same ``seed`` and options). A ``k`` is ``interpretable`` when

    * ``stability > null_stability_mean + max(margin, 2 * null_stability_sd)``;
    * ``coherence > null_coherence_mean + max(coherence_margin, 2 * null_coherence_sd)``;
    * every topic's NPMI ``> max(coherence_floor, null_topic_coherence_mean)``.

    The last test is on every topic, not the mean: one reads every topic, and a mean can
    hide one incoherent topic among good ones (the case that led here: a topic with NPMI
    -0.23 called "stable enough to read"). Its floor comes from the null, not a fixed
    number, because document-level NPMI of themeless long paragraphs is itself positive
    (frequent words meet by chance) while on short units of real themes it can sit below
    0 (pairs of top terms that never meet score -1). The margins make "clearly" wider
    than the spread of a few shuffles. Defaults and their calibration:
    benchmarks/TOPIC_NULL.md.

    Parameters
    ----------
    texts : iterable of str
        One string per unit; held in memory as a list.
    ks : iterable of int
        Candidate numbers of topics.
    n_permutations : int, default 3
        Shuffled copies in the null (at least 2).
    seed : int, default 0
        Seeds the shuffles, the subsamples and the models.
    margin : float, default :data:`STABILITY_MARGIN` (0.1)
        Least stability excess over the null mean.
    coherence_margin : float, default :data:`COHERENCE_MARGIN` (0.1)
        Least mean-NPMI excess over the null mean.
    coherence_floor : float, default :data:`COHERENCE_FLOOR` (-1, i.e. none)
        Absolute floor for every topic's NPMI, used when above the null's typical topic
        (e.g. 0 to demand positive association).
    **options
        Passed to :func:`~corpus_tools.topics.select_k` (``n_runs``, ``top_n``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per k: ``k``, ``stability``, ``stability_sd``, ``null_stability_mean``,
        ``null_stability_sd``, ``null_stability_max``, ``stability_excess``
        (= ``stability - null_stability_mean``), ``stability_needed`` (the bar),
        ``coherence`` (mean NPMI over topics), ``null_coherence_mean``,
        ``null_coherence_sd``, ``null_coherence_max``, ``coherence_needed`` (the bar),
        ``min_topic_coherence`` (least coherent topic), ``worst_topic`` (its number),
        ``null_topic_coherence_mean`` (a typical topic of shuffled text),
        ``coherence_floor`` (the effective per-topic floor),
        ``partition_ari``, ``null_partition_ari_mean``, ``n_permutations``, the three
        tests ``beats_null_stability``, ``beats_null_coherence``, ``clears_floor``,
        ``interpretable`` (all three) and ``reason`` (in words).

    Raises
    ------
    TopicModelError
        On bad texts, ``ks``, ``n_permutations``, margins or options.

    Examples
    --------
    >>> texts = ["goal striker match keeper", "match goal keeper striker",
    ...          "rain wind storm cloud", "storm cloud rain wind"] * 5
    >>> table = calibrated_select_k(texts, [2], n_runs=3, top_n=4)
    >>> bool(table.loc[0, "interpretable"])
    True
    >>> bool(calibrated_select_k(shuffle_units(texts, seed=5), [2], n_runs=3,
    ...                          top_n=4).loc[0, "interpretable"])
    False
    """
    units = _text_list(texts)
    k_list = _k_list(ks)
    n_permutations = _check_permutations(n_permutations)
    margin = _check_number(margin, "margin", low=0)
    coherence_margin = _check_number(coherence_margin, "coherence_margin", low=0)
    coherence_floor = _check_number(coherence_floor, "coherence_floor")
    observed = _scores(units, k_list, seed, options)
    null = null_scores(units, k_list, n_permutations=n_permutations, seed=seed, **options)
    t = observed.merge(null, on="k", how="left", validate="one_to_one")
    t["stability_excess"] = t["stability"] - t["null_stability_mean"]
    t["stability_needed"] = t["null_stability_mean"] + np.maximum(margin, 2 * t["null_stability_sd"])
    t["coherence_needed"] = t["null_coherence_mean"] + np.maximum(coherence_margin, 2 * t["null_coherence_sd"])
    t["coherence_floor"] = np.maximum(coherence_floor, t["null_topic_coherence_mean"])
    t["beats_null_stability"] = t["stability"] > t["stability_needed"]
    t["beats_null_coherence"] = t["coherence"] > t["coherence_needed"]
    t["clears_floor"] = t["min_topic_coherence"] > t["coherence_floor"]
    t["interpretable"] = t["beats_null_stability"] & t["beats_null_coherence"] & t["clears_floor"]
    t["reason"] = t.apply(_reason, axis=1)
    columns = [
        "k", "stability", "stability_sd", "null_stability_mean", "null_stability_sd",
        "null_stability_max", "stability_excess", "stability_needed", "coherence",
        "null_coherence_mean", "null_coherence_sd", "null_coherence_max", "coherence_needed",
        "min_topic_coherence", "worst_topic", "null_topic_coherence_mean", "coherence_floor", "partition_ari", "null_partition_ari_mean", "n_permutations",
        "beats_null_stability", "beats_null_coherence", "clears_floor", "interpretable", "reason",
    ]
    return t[columns].astype({c: bool for c in ("beats_null_stability", "beats_null_coherence",
                                                "clears_floor", "interpretable")})


# ---------------------------------------------------------------------------
# words and pictures
# ---------------------------------------------------------------------------

_TABLE_COLUMNS = (
    "k", "stability", "null_stability_mean", "null_stability_sd", "stability_needed",
    "coherence", "null_coherence_mean", "coherence_needed", "min_topic_coherence",
    "coherence_floor", "interpretable",
)


def _check_table(table: Any) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame) or not set(_TABLE_COLUMNS) <= set(table.columns):
        missing = sorted(set(_TABLE_COLUMNS) - set(getattr(table, "columns", [])))
        raise TopicModelError(
            f"table must be the DataFrame returned by calibrated_select_k (missing {missing})"
        )
    if len(table) == 0:
        raise TopicModelError("table is empty: run calibrated_select_k over at least one k")
    return table.sort_values("k", kind="stable").reset_index(drop=True)


def _k_words(ks: Sequence[int]) -> str:
    ks = [str(int(k)) for k in ks]
    if len(ks) == 1:
        return f"k = {ks[0]}"
    return "k = " + ", ".join(ks[:-1]) + " and " + ks[-1]


def _k_range(ks: Sequence[int]) -> str:
    ks = [int(k) for k in ks]
    if len(ks) == 1:
        return f"k = {ks[0]}"
    if ks == list(range(ks[0], ks[-1] + 1)):
        return f"k from {ks[0]} to {ks[-1]}"
    return "k in " + ", ".join(map(str, ks))


def choose_calibrated_k(table: pd.DataFrame) -> tuple[int, bool]:
    """Return the k to fit and whether its topics may be read as themes.

    Among interpretable k, the most coherent (ties: the smaller k). If none is
    interpretable, the k whose stability exceeds the null by most (ties: the smaller k),
    with ``False``: fit it to look, not to report themes.

    Examples
    --------
    >>> table = pd.DataFrame({"k": [2, 3, 4], "stability": [0.9, 0.8, 0.5],
    ...     "null_stability_mean": [0.5] * 3, "null_stability_sd": [0.02] * 3,
    ...     "stability_needed": [0.6] * 3, "coherence": [0.2, 0.3, 0.4],
    ...     "null_coherence_mean": [0.0] * 3, "coherence_needed": [0.05] * 3,
    ...     "min_topic_coherence": [0.1, 0.2, 0.3], "coherence_floor": [0.0] * 3,
    ...     "interpretable": [True, True, False]})
    >>> choose_calibrated_k(table)
    (3, True)
    >>> choose_calibrated_k(table.assign(interpretable=False))
    (2, False)
    """
    t = _check_table(table)
    ok = t[t["interpretable"].astype(bool)]
    if len(ok):
        best = ok.sort_values(["coherence", "k"], ascending=[False, True], kind="stable").iloc[0]
        return int(best["k"]), True
    excess = t.assign(_excess=t["stability"] - t["null_stability_mean"])
    best = excess.sort_values(["_excess", "k"], ascending=[False, True], kind="stable").iloc[0]
    return int(best["k"]), False


def describe_k_verdict(table: pd.DataFrame, *, unit_name: str = "unit") -> str:
    """Word the calibrated verdict as short Markdown, from the table's numbers only.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`calibrated_select_k`.
    unit_name : str, default "unit"
        What the units are called ("paragraph").

    Returns
    -------
    str
        Two or three sentences: which k (if any) clear the null and the coherence floor,
        which to read, and the closest miss or the reason the others fail.

    Examples
    --------
    >>> table = pd.DataFrame({"k": [2, 3], "stability": [0.52, 0.55],
    ...     "null_stability_mean": [0.49, 0.50], "null_stability_sd": [0.03, 0.02],
    ...     "stability_needed": [0.59, 0.60], "coherence": [0.1, 0.1],
    ...     "null_coherence_mean": [0.1, 0.1], "coherence_needed": [0.15, 0.15],
    ...     "min_topic_coherence": [0.0, -0.2], "coherence_floor": [0.0, 0.0],
    ...     "interpretable": [False, False]})
    >>> print(describe_k_verdict(table, unit_name="paragraph"))  # doctest: +NORMALIZE_WHITESPACE
    **No k from 2 to 3 beats the shuffled-text null: do not read these topics as themes.**
    The closest, k = 3, has stability 0.55 against 0.50 ± 0.02 for the same paragraphs
    with their words shuffled (needs > 0.60).
    >>> describe_k_verdict(table[:1]).splitlines()[0]
    '**k = 2 does not beat the shuffled-text null: do not read these topics as themes.**'
    """
    t = _check_table(table)
    ok = t[t["interpretable"].astype(bool)]
    n_perm = int(t["n_permutations"].iloc[0]) if "n_permutations" in t.columns else None
    copies = f"{n_perm} copies; " if n_perm else ""
    if len(ok) == 0:
        k, _ = choose_calibrated_k(t)
        row = t[t["k"] == k].iloc[0]
        lines = [
            (f"**No {_k_range(t['k'])} beats the shuffled-text null" if len(t) > 1
             else f"**k = {int(t['k'].iloc[0])} does not beat the shuffled-text null")
            + ": do not read these topics as themes.**",
            f"The closest, k = {k}, has stability {row['stability']:.2f} against "
            f"{row['null_stability_mean']:.2f} ± {row['null_stability_sd']:.2f} for the same "
            f"{unit_name}s with their words shuffled ({copies}needs > {row['stability_needed']:.2f}).",
        ]
        if row["stability"] > row["stability_needed"]:
            if row["coherence"] <= row["coherence_needed"]:
                lines.append(
                    f"Its mean NPMI, {row['coherence']:.2f}, is no better than shuffled text's "
                    f"{row['null_coherence_mean']:.2f} (needs > {row['coherence_needed']:.2f})."
                )
            else:
                lines.append(
                    f"Its stability clears the null, but its least coherent topic has NPMI "
                    f"{row['min_topic_coherence']:.2f}, under the floor {row['coherence_floor']:.2f}."
                )
        return "\n".join(lines)
    best, _ = choose_calibrated_k(t)
    row = t[t["k"] == best].iloc[0]
    verb = "clears" if len(ok) == 1 else "clear"
    lines = [
        f"**{_k_words(ok['k'])} {verb} the shuffled-text null and the coherence floor"
        + (f"; k = {best} has the highest coherence.**" if len(ok) > 1 else ".**"),
        f"At k = {best}, stability is {row['stability']:.2f} against {row['null_stability_mean']:.2f} "
        f"± {row['null_stability_sd']:.2f} for the same {unit_name}s with their words shuffled "
        f"({copies}needs > {row['stability_needed']:.2f}), "
        f"mean NPMI {row['coherence']:.2f} against {row['null_coherence_mean']:.2f}, and every topic's "
        f"NPMI is at least {row['min_topic_coherence']:.2f} (floor {row['coherence_floor']:.2f}).",
    ]
    failed = t[~t["interpretable"].astype(bool)]
    if len(failed):
        lines.append(f"{_k_words(failed['k'])} do not clear it." if len(failed) > 1
                     else f"{_k_words(failed['k'])} does not clear it.")
    return "\n".join(lines)
