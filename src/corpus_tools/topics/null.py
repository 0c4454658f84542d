"""Calibrated topic verdicts: is a topic model's k better than what shuffled text gives?

:func:`corpus_tools.topics.select_k` measures two things per ``k``: how stable the top
terms are when a fifth of the units is left out (Greene, O'Callaghan & Cunningham 2014)
and how coherent they are (mean NPMI, Bouma 2009). Neither number means much on its own:
NMF finds "topics" in any matrix, and on short units the Average Jaccard of two term
lists is about 0.4-0.6 *by chance* (the issue that led here measured 0.49 on shuffled
paragraphs, just under the old fixed threshold of 0.6), while document-level NPMI of the
top terms can be clearly positive in text with no themes at all (a few frequent words
meet in every long paragraph) or clearly negative in text with real themes (short units,
where most pairs of top terms never meet and score -1).

So the yardstick here is the same corpus with its themes destroyed. :func:`shuffle_units`
pools every word token of every unit, permutes the pool and refills the units, keeping
the vocabulary, every word's frequency and every unit's length; :func:`null_scores` runs
``select_k`` on a few such copies; :func:`calibrated_select_k` sets the observed table
against that null and calls a ``k`` interpretable only when

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
``benchmarks/bench_topic_null.py``. :func:`describe_k_verdict` words the result,
:func:`choose_calibrated_k` picks the ``k`` to fit and :func:`plot_calibrated_k` draws it.

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
import re
from collections.abc import Iterable, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from corpus_tools.tokenize import TOPIC_TOKEN_PATTERN
from corpus_tools.topics.coherence import npmi_coherence
from corpus_tools.topics.fit import _checked_texts, fit_lda, fit_nmf
from corpus_tools.topics.model import TopicModelError
from corpus_tools.topics.stability import select_k

__all__ = [
    "COHERENCE_FLOOR",
    "COHERENCE_MARGIN",
    "STABILITY_MARGIN",
    "calibrated_select_k",
    "choose_calibrated_k",
    "describe_k_verdict",
    "null_scores",
    "plot_calibrated_k",
    "shuffle_units",
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

# select_k's own keywords; every other keyword is a vectoriser option
_SELECT_K_KEYS = ("method", "n_runs", "top_n", "sample_ratio", "threshold", "model_options", "progress")
_FIT_MODEL_KEYS = {
    "nmf": ("init", "solver", "max_iter", "tol"),
    "lda": ("max_iter", "doc_topic_prior", "topic_word_prior"),
}


# ---------------------------------------------------------------------------
# the null: words shuffled across units
# ---------------------------------------------------------------------------


def _text_list(texts: Iterable[str]) -> list[str]:
    out = list(_checked_texts(texts))  # the same checks as fitting: strings, one per unit
    if not out:
        raise TopicModelError("texts is empty: pass one string per unit, e.g. units['text']")
    return out


def _compile_pattern(token_pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(token_pattern)
    except (re.error, TypeError) as err:
        raise TopicModelError(f"token_pattern {token_pattern!r} is not a valid regular expression: {err}") from err


def _shuffle(tokens: list[list[str]], rng: np.random.Generator) -> list[str]:
    lengths = [len(t) for t in tokens]
    pool = [w for unit in tokens for w in unit]
    order = rng.permutation(len(pool))
    shuffled = [pool[i] for i in order]
    out, start = [], 0
    for n in lengths:
        out.append(" ".join(shuffled[start : start + n]))
        start += n
    return out


def shuffle_units(
    texts: Iterable[str], *, seed: int = 0, token_pattern: str = TOPIC_TOKEN_PATTERN
) -> list[str]:
    """Return the units with their word tokens shuffled across units: the no-theme null.

    Every token of every unit is pooled, the pool is permuted with
    ``numpy.random.default_rng(seed)``, and the units are refilled in order, each with as
    many tokens as it had. The vocabulary, every word's corpus frequency and every unit's
    length are kept; which words share a unit (the themes) is destroyed.

    Tokens are the ones the topic models see: :data:`corpus_tools.tokenize.TOPIC_TOKEN_PATTERN`
    (runs of two or more letters), the pattern the TF-IDF and count vectorisers of
    :mod:`corpus_tools.topics` use. The library's general word tokeniser
    (:func:`corpus_tools.tokenize.tokenize_words`) is deliberately *not* used: it keeps
    "non-custodial" or "U.S." whole and emits numbers and punctuation, so a shuffled text
    would carry pairs ("non custodial") that stay together and tokens the models drop.
    Stop words are shuffled like every other token, so vectorising a shuffled copy yields
    exactly the same tokens per corpus, and the same number per unit, as the original.
    Output tokens are joined by single spaces (their case is kept; the vectoriser
    lowercases).

    Parameters
    ----------
    texts : iterable of str
        One string per unit.
    seed : int, default 0
        Seed of the permutation.
    token_pattern : str, default :data:`corpus_tools.tokenize.TOPIC_TOKEN_PATTERN`
        Pass the vectoriser's ``token_pattern`` if you changed it.

    Returns
    -------
    list of str
        One shuffled text per unit, in the same order.

    Raises
    ------
    TopicModelError
        If ``texts`` is not an iterable of strings or is empty, or the pattern is invalid.

    Examples
    --------
    >>> texts = ["goal striker match keeper", "rain wind storm", "cloud"]
    >>> shuffled = shuffle_units(texts, seed=1)
    >>> [len(t.split()) for t in shuffled]
    [4, 3, 1]
    >>> sorted(" ".join(shuffled).split()) == sorted(" ".join(texts).split())
    True
    >>> shuffle_units(texts, seed=1) == shuffled
    True
    """
    units = _text_list(texts)
    pattern = _compile_pattern(token_pattern)
    return _shuffle([pattern.findall(t) for t in units], np.random.default_rng(seed))


# ---------------------------------------------------------------------------
# scores per k, with every topic's coherence
# ---------------------------------------------------------------------------


def _split_options(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], str]:
    """Return (select_k options, fit_* model kwargs, vectoriser options, method)."""
    if "analyzer" in options or "tokenizer" in options:
        raise TopicModelError(
            "a custom analyzer= or tokenizer= cannot be mirrored by the word shuffle; "
            "use token_pattern= (and stop_words=) instead"
        )
    select_opts = {k: options[k] for k in _SELECT_K_KEYS if k in options}
    vector_opts = {k: v for k, v in options.items() if k not in _SELECT_K_KEYS}
    method = select_opts.get("method", "nmf")
    if method not in _FIT_MODEL_KEYS:
        raise TopicModelError(f"method must be 'nmf' or 'lda', got {method!r}")
    model_options = dict(select_opts.get("model_options") or {})
    unknown = sorted(set(model_options) - set(_FIT_MODEL_KEYS[method]))
    if unknown:
        raise TopicModelError(
            f"model option(s) {unknown} are not supported here for {method}; "
            f"use only {list(_FIT_MODEL_KEYS[method])}"
        )
    select_opts.setdefault("progress", False)
    return select_opts, model_options, vector_opts, method


def _topic_coherences(
    texts: list[str], k: int, *, seed: int, top_n: int, method: str,
    model_options: dict[str, Any], vector_opts: dict[str, Any],
) -> np.ndarray:
    """NPMI of each topic of the full-data model (the reference model of select_k)."""
    fit = fit_nmf if method == "nmf" else fit_lda
    model = fit(texts, k, seed=seed, **model_options, **vector_opts)
    out = np.full(k, -1.0)  # a topic with < 2 non-zero terms has no coherent pair (as select_k)
    terms = model.top_terms(top_n)
    usable = [t for t, tt in enumerate(terms) if len(tt) >= 2]
    if usable:
        out[usable] = npmi_coherence(
            [terms[t] for t in usable], model.dtm, feature_names=model.feature_names
        )
    return out


def _scores(texts: list[str], ks: list[int], seed: int, options: dict[str, Any]) -> pd.DataFrame:
    select_opts, model_options, vector_opts, method = _split_options(options)
    table = select_k(texts, ks, seed=seed, **select_opts, **vector_opts)
    topic_coh = [
        _topic_coherences(
            texts, int(k), seed=seed, top_n=select_opts.get("top_n", 10), method=method,
            model_options=model_options, vector_opts=vector_opts,
        )
        for k in table["k"]
    ]
    table = table.drop(columns=["interpretable"])
    table["min_topic_coherence"] = [float(c.min()) for c in topic_coh]
    table["worst_topic"] = [int(c.argmin()) for c in topic_coh]
    table["topic_coherence"] = [c.tolist() for c in topic_coh]
    return table


def _k_list(ks: Iterable[int]) -> list[int]:
    try:
        values = list(ks)
    except TypeError:
        raise TopicModelError(f"ks must be an iterable of integers, got {ks!r}") from None
    bad = [k for k in values if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1]
    if bad:
        raise TopicModelError(f"ks must hold integers >= 1 (numbers of topics), got {bad[:3]!r}")
    if not values:
        raise TopicModelError("ks is empty: pass candidate numbers of topics, e.g. range(2, 9)")
    return sorted({int(k) for k in values})


def _check_permutations(n_permutations: Any) -> int:
    if isinstance(n_permutations, bool) or not isinstance(n_permutations, (int, np.integer)) or n_permutations < 2:
        raise TopicModelError(
            f"n_permutations must be an integer >= 2 (the null's spread needs two shuffles), "
            f"got {n_permutations!r}"
        )
    return int(n_permutations)


def null_scores(
    texts: Iterable[str],
    ks: Iterable[int],
    *,
    n_permutations: int = 3,
    seed: int = 0,
    **select_k_options: Any,
) -> pd.DataFrame:
    """Run :func:`~corpus_tools.topics.select_k` on shuffled copies of the units; summarise per k.

    Copy ``p`` (0, 1, ...) is :func:`shuffle_units` with the generator
    ``numpy.random.default_rng([seed, p])``; each copy is scored with the same ``seed``,
    subsamples and options as the observed texts, so observed and null differ only in
    whether words keep their units. The texts are held in memory as a list.

    Parameters
    ----------
    texts : iterable of str
        One string per unit.
    ks : iterable of int
        Candidate numbers of topics.
    n_permutations : int, default 3
        Number of shuffled copies (at least 2, so that a spread can be estimated).
    seed : int, default 0
        Seeds the shuffles, the subsamples and the models.
    **select_k_options
        Passed to :func:`~corpus_tools.topics.select_k` (``n_runs``, ``top_n``,
        ``sample_ratio``, ``method``, ``model_options``, vectoriser options;
        ``progress`` defaults to False).

    Returns
    -------
    pandas.DataFrame
        One row per k: ``k``, ``n_permutations``, ``null_stability_mean``,
        ``null_stability_sd`` (SD over copies, ddof=1), ``null_stability_max``,
        ``null_coherence_mean``/``_sd``/``_max`` (mean NPMI over a copy's topics),
        ``null_min_coherence_mean`` (the least coherent topic of a copy, averaged),
        ``null_topic_coherence_mean``/``_sd`` (every topic of every copy pooled) and
        ``null_partition_ari_mean``.

    Raises
    ------
    TopicModelError
        On bad texts, ``ks`` or ``n_permutations``, or options ``select_k`` refuses.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"] * 2
    >>> null = null_scores(texts, [2], n_runs=2, top_n=3)
    >>> null["k"].tolist(), int(null["n_permutations"].iloc[0])
    ([2], 3)
    """
    units = _text_list(texts)
    k_list = _k_list(ks)
    n_permutations = _check_permutations(n_permutations)
    pattern = _compile_pattern(select_k_options.get("token_pattern", TOPIC_TOKEN_PATTERN))
    tokens = [pattern.findall(t) for t in units]
    runs = []
    for p in range(n_permutations):
        shuffled = _shuffle(tokens, np.random.default_rng([seed, p]))
        table = _scores(shuffled, k_list, seed, select_k_options)
        table["permutation"] = p
        runs.append(table)
    long = pd.concat(runs, ignore_index=True)
    rows = []
    for k, group in long.groupby("k", sort=True):
        pooled = np.concatenate([np.asarray(c) for c in group["topic_coherence"]])
        rows.append(
            {
                "k": int(k),
                "n_permutations": n_permutations,
                "null_stability_mean": float(group["stability"].mean()),
                "null_stability_sd": float(group["stability"].std(ddof=1)),
                "null_stability_max": float(group["stability"].max()),
                "null_coherence_mean": float(group["coherence"].mean()),
                "null_coherence_sd": float(group["coherence"].std(ddof=1)),
                "null_coherence_max": float(group["coherence"].max()),
                "null_min_coherence_mean": float(group["min_topic_coherence"].mean()),
                "null_topic_coherence_mean": float(pooled.mean()),
                "null_topic_coherence_sd": float(pooled.std(ddof=1)) if pooled.size > 1 else 0.0,
                "null_partition_ari_mean": float(group["partition_ari"].mean()),
            }
        )
    return pd.DataFrame(rows)


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


def plot_calibrated_k(table: pd.DataFrame) -> Figure:
    """Plot observed stability and coherence against k over the shuffled-text null.

    Left: stability with the null mean, a band of ± 2 null SD and the bar to beat.
    Right: mean NPMI and the least coherent topic, with the null mean, the bar to beat and
    the per-topic floor. Filled markers: interpretable k; hollow: not.

    Examples
    --------
    >>> table = pd.DataFrame({"k": [2, 3], "stability": [0.8, 0.5],
    ...     "null_stability_mean": [0.5, 0.5], "null_stability_sd": [0.03, 0.02],
    ...     "stability_needed": [0.6, 0.6], "coherence": [0.2, 0.1],
    ...     "null_coherence_mean": [0.0, 0.0], "coherence_needed": [0.05, 0.05],
    ...     "min_topic_coherence": [0.1, -0.2], "coherence_floor": [0.0, 0.0],
    ...     "interpretable": [True, False]})
    >>> [ax.get_ylabel() for ax in plot_calibrated_k(table).axes]
    ['agreement with full-data model', 'NPMI of top terms']
    """
    t = _check_table(table)
    colors = mpl.rcParams["axes.prop_cycle"].by_key().get("color", ["C0", "C1", "C2"])
    obs, null_c = colors[0], "0.45"
    ks = t["k"].to_numpy()
    ok = t["interpretable"].astype(bool).to_numpy()
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    ax_s, ax_c = fig.subplots(1, 2, sharex=True)

    mean, sd = t["null_stability_mean"].to_numpy(), t["null_stability_sd"].to_numpy()
    ax_s.fill_between(ks, mean - 2 * sd, mean + 2 * sd, color=null_c, alpha=0.2, label="null ± 2 SD")
    ax_s.plot(ks, mean, color=null_c, label="null (words shuffled)")
    ax_s.plot(ks, t["stability_needed"], color=null_c, linestyle="--", label="bar to beat")
    ax_s.plot(ks, t["stability"], color=obs, label="observed")
    ax_s.scatter(ks[ok], t["stability"].to_numpy()[ok], color=obs, zorder=3, label="interpretable")
    ax_s.scatter(ks[~ok], t["stability"].to_numpy()[~ok], facecolors="white", edgecolors=obs, zorder=3,
                 label="not interpretable")
    ax_s.set_ylim(0, 1.05)
    ax_s.set_ylabel("agreement with full-data model")
    ax_s.set_title("Stability vs shuffled text")

    cmean = t["null_coherence_mean"].to_numpy()
    ax_c.plot(ks, cmean, color=null_c)
    ax_c.plot(ks, t["coherence_needed"], color=null_c, linestyle="--")
    ax_c.plot(ks, t["coherence_floor"], color="0.2", linestyle=":", label="per-topic floor")
    ax_c.plot(ks, t["coherence"], color=obs)
    ax_c.scatter(ks[ok], t["coherence"].to_numpy()[ok], color=obs, zorder=3)
    ax_c.scatter(ks[~ok], t["coherence"].to_numpy()[~ok], facecolors="white", edgecolors=obs, zorder=3)
    ax_c.plot(ks, t["min_topic_coherence"], color=obs, linestyle="none", marker="v", alpha=0.7,
              label="least coherent topic")
    ax_c.set_ylabel("NPMI of top terms")
    ax_c.set_title("Coherence vs shuffled text (mean, least)")
    for ax in (ax_s, ax_c):
        ax.set_xlabel("number of topics k")
        ax.set_xticks([int(k) for k in ks])
    handles, names = [], []
    for ax in (ax_s, ax_c):
        h, n = ax.get_legend_handles_labels()
        handles += h
        names += n
    fig.legend(handles, names, loc="outside lower center", ncols=4, frameon=False)
    fig.suptitle("Is k better than shuffled text?")
    return fig
