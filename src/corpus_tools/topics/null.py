"""The shuffled-text null: what stability and coherence does text without themes give?

:func:`corpus_tools.topics.select_k` measures two things per ``k``: how stable the top
terms are when a fifth of the units is left out (Greene, O'Callaghan & Cunningham 2014)
and how coherent they are (mean NPMI, Bouma 2009). Neither number means much on its own:
NMF finds "topics" in any matrix, and on short units the Average Jaccard of two term
lists is about 0.4-0.6 *by chance* (the issue that led here measured 0.49 on shuffled
paragraphs, just under the old fixed threshold of 0.6), while document-level NPMI of the
top terms can be clearly positive in text with no themes at all (a few frequent words
meet in every long paragraph) or clearly negative in text with real themes (short units,
where most pairs of top terms never meet and score -1).

So the yardstick is the same corpus with its themes destroyed. :func:`shuffle_units`
pools every word token of every unit, permutes the pool and refills the units, keeping
the vocabulary, every word's frequency and every unit's length; :func:`null_scores` runs
``select_k`` on a few such copies. :mod:`corpus_tools.topics.calibrate` sets the observed
table against this null (:func:`~corpus_tools.topics.calibrated_select_k`).

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

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.tokenize import TOPIC_TOKEN_PATTERN
from corpus_tools.topics.coherence import npmi_coherence
from corpus_tools.topics.fit import _checked_texts, fit_lda, fit_nmf
from corpus_tools.topics.model import TopicModelError
from corpus_tools.topics.stability import select_k

__all__ = [
    "null_scores",
    "shuffle_units",
]

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
