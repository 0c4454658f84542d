"""Topic stability over subsamples (Greene et al. 2014): :func:`topic_stability`, :func:`select_k`, :func:`choose_k`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score
from tqdm import tqdm

from corpus_tools.topics.coherence import npmi_coherence
from corpus_tools.topics.fit import (
    _check_k,
    _check_shape,
    _factorise,
    _kind,
    _model_options,
    _vectorize,
)
from corpus_tools.topics.model import (
    STABILITY_THRESHOLD,
    TopicModelError,
    _positive_int,
    _top_indices,
)

# ---------------------------------------------------------------------------
# stability
# ---------------------------------------------------------------------------


def average_jaccard(ranking_a: Sequence[str], ranking_b: Sequence[str]) -> float:
    """Return the Average Jaccard (AJ) similarity of two ranked term lists.

    AJ = (1/t) * sum over d = 1..t of |A_d & B_d| / |A_d | B_d|, where A_d and
    B_d are the top-d prefixes and t is the shorter list's length (Greene et al.
    2014, eq. 1; as their reference implementation does for unequal lengths). It
    rewards agreement at the top of the lists more than lower down.

    Parameters
    ----------
    ranking_a, ranking_b : sequence of str
        Non-empty ranked lists, best first.

    Returns
    -------
    float
        In [0, 1]; 1 for identical lists.

    Examples
    --------
    The worked example of Greene et al. (2014, Table 1):

    >>> round(average_jaccard(["album", "music", "best", "award", "win"],
    ...                       ["music", "album", "band", "award", "win"]), 3)
    0.553
    """
    a, b = list(ranking_a), list(ranking_b)
    if not a or not b:
        raise TopicModelError("average_jaccard needs two non-empty ranked lists")
    depth = min(len(a), len(b))
    total = 0.0
    for d in range(1, depth + 1):
        sa, sb = set(a[:d]), set(b[:d])
        total += len(sa & sb) / len(sa | sb)
    return total / depth


def agreement_score(
    rankings_a: Sequence[Sequence[str]], rankings_b: Sequence[Sequence[str]]
) -> float:
    """Return Greene et al.'s agreement between two sets of topic rankings.

    Topics of the two sets are paired one-to-one by the Hungarian method
    (:func:`scipy.optimize.linear_sum_assignment`) so as to maximise the summed
    :func:`average_jaccard`; the score is the mean AJ over the k matched pairs.

    Parameters
    ----------
    rankings_a, rankings_b : sequence of sequences of str
        The same number k of ranked term lists each.

    Returns
    -------
    float
        In [0, 1]; 1 when every topic has an identical partner.

    Examples
    --------
    The worked example of Greene et al. (2014, Table 2):

    >>> s1 = [["sport", "win", "award"], ["bank", "finance", "money"],
    ...       ["music", "album", "band"]]
    >>> s2 = [["finance", "bank", "economy"], ["music", "band", "award"],
    ...       ["win", "sport", "money"]]
    >>> round(agreement_score(s1, s2), 3)
    0.537
    """
    a, b = list(rankings_a), list(rankings_b)
    if not a or len(a) != len(b):
        raise TopicModelError(
            f"agreement_score needs two equal, non-zero numbers of rankings; got {len(a)} and {len(b)}"
        )
    sim = np.array([[average_jaccard(x, y) for y in b] for x in a])
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return float(sim[rows, cols].mean())


def _jaccard_match(rankings_a: list[list[str]], rankings_b: list[list[str]]) -> float:
    """Mean Jaccard of top-term sets over a Hungarian best one-to-one matching."""
    sim = np.zeros((len(rankings_a), len(rankings_b)))
    for i, x in enumerate(rankings_a):
        for j, y in enumerate(rankings_b):
            sx, sy = set(x), set(y)
            sim[i, j] = len(sx & sy) / len(sx | sy) if sx | sy else 0.0
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return float(sim[rows, cols].mean())


def _check_ratio(sample_ratio: float) -> float:
    if not isinstance(sample_ratio, (int, float)) or not 0 < sample_ratio <= 1:
        raise TopicModelError(f"sample_ratio must be in (0, 1], got {sample_ratio!r}")
    return float(sample_ratio)


def _dominant(doc_topic: np.ndarray, dtm: sp.csr_matrix) -> np.ndarray:
    """Dominant topic per row; -1 for rows without any term or any topic weight."""
    w = np.asarray(doc_topic, dtype=np.float64)
    out = w.argmax(axis=1).astype(np.int64)
    out[(w.sum(axis=1) <= 0) | (np.diff(dtm.indptr) == 0)] = -1
    return out


def _ranking_agreement(a: list[list[str]], b: list[list[str]]) -> float:
    """:func:`agreement_score`, with AJ = 0 for a topic that has no non-zero term."""
    sim = np.array([[average_jaccard(x, y) if x and y else 0.0 for y in b] for x in a])
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return float(sim[rows, cols].mean())


def _stability_runs(
    dtm: sp.csr_matrix,
    names: np.ndarray,
    k: int,
    *,
    method: str,
    seed: int,
    options: dict[str, Any],
    n_runs: int,
    top_n: int,
    sample_ratio: float,
    bar: Any,
) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
    """Greene et al. (2014): reference model on all rows, models on random row subsets.

    Returns the per-run term agreement, the per-run adjusted Rand index between
    the dominant topics of the sampled units under the reference and the
    subsample model, and the reference top-term lists.
    """
    _, w_ref, h_ref = _factorise(dtm, k, method, seed, options)
    bar.update(1)
    reference = [[str(names[j]) for j in idx] for idx in _top_indices(h_ref, names, top_n)]
    dom_ref = _dominant(w_ref, dtm)
    n = dtm.shape[0]
    m = int(sample_ratio * n)
    if m < k:
        raise TopicModelError(
            f"a {sample_ratio:.0%} subsample holds {m} units, fewer than k={k}: "
            "raise sample_ratio, lower k or use more units"
        )
    rng = np.random.default_rng(seed)
    scores = np.empty(n_runs)
    aris = np.empty(n_runs)
    for r in range(n_runs):
        rows = np.sort(rng.permutation(n)[:m])
        sub = dtm[rows]
        _, w, h = _factorise(sub, k, method, seed, options)
        ranking = [[str(names[j]) for j in idx] for idx in _top_indices(h, names, top_n)]
        scores[r] = _ranking_agreement(reference, ranking)
        aris[r] = adjusted_rand_score(dom_ref[rows], _dominant(w, sub))
        bar.update(1)
    return scores, aris, reference


def topic_stability(
    texts: Iterable[str],
    k: int,
    *,
    n_runs: int = 10,
    seed: int = 0,
    top_n: int = 10,
    sample_ratio: float = 0.8,
    method: str = "nmf",
    model_options: dict[str, Any] | None = None,
    progress: bool = True,
    **vectorizer_options: Any,
) -> float:
    """Return the mean Greene et al. (2014) agreement of topics under subsampling.

    The texts are vectorised once. A reference model is fitted on all units;
    then ``n_runs`` models are fitted on random subsamples of
    ``int(sample_ratio * n_units)`` units (rows of the same matrix, drawn without
    replacement with ``numpy.random.default_rng(seed)``; Greene et al. use 0.8).
    Each subsample model's top-``top_n`` term lists are matched to the
    reference's by :func:`agreement_score`; the result is the mean over runs.
    Rows, not texts, are resampled, so vocabulary and IDF weights stay those of
    the full corpus (as in Greene et al.'s reference code), the texts are read
    once, and term lists are directly comparable. Restarting NMF with other
    seeds would measure nothing here: the ``nndsvda`` start is deterministic.

    Parameters
    ----------
    texts : iterable of str
        One string per unit; read once.
    k : int
        Number of topics.
    n_runs : int, default 10
        Number of subsamples (Greene et al. use 100; 10-20 suffice to rank k).
    seed : int, default 0
        Seed of the subsampling and of the models.
    top_n : int, default 10
        Depth of the ranked term lists compared.
    sample_ratio : float, default 0.8
        Share of units in each subsample.
    method : {"nmf", "lda"}, default "nmf"
        Model refitted (with :func:`fit_nmf`/:func:`fit_lda` defaults).
    model_options : dict, optional
        Options of ``NMF`` or ``LatentDirichletAllocation`` overriding the defaults.
    progress : bool, default True
        Show a tqdm bar over the ``n_runs + 1`` fits (pass False in notebooks).
    **vectorizer_options
        As in :func:`fit_nmf`.

    Returns
    -------
    float
        Mean agreement in [0, 1]; compare with :func:`is_interpretable`.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"] * 2
    >>> round(topic_stability(texts, 2, n_runs=3, top_n=3, progress=False), 3)
    0.833
    """
    k = _check_k(k)
    n_runs = _positive_int(n_runs, "n_runs")
    top_n = _positive_int(top_n, "top_n")
    sample_ratio = _check_ratio(sample_ratio)
    options = _model_options(method, model_options)
    vectorizer, dtm = _vectorize(texts, _kind(method), None, vectorizer_options)
    _check_shape(dtm, k)
    names = vectorizer.get_feature_names_out()
    with tqdm(total=n_runs + 1, desc=f"stability k={k}", disable=not progress) as bar:
        scores, _, _ = _stability_runs(
            dtm, names, k, method=method, seed=seed, options=options, n_runs=n_runs,
            top_n=top_n, sample_ratio=sample_ratio, bar=bar,
        )
    return float(scores.mean())


def is_interpretable(
    stability: float | Sequence[float] | np.ndarray | pd.Series,
    *,
    threshold: float = STABILITY_THRESHOLD,
) -> bool | np.ndarray:
    """Say whether topics are stable enough to interpret (agreement >= threshold).

    Parameters
    ----------
    stability : float or array-like of float
        Mean agreement from :func:`topic_stability` or the ``stability`` column
        of :func:`select_k`, each in [0, 1].
    threshold : float, default :data:`STABILITY_THRESHOLD` (0.6)
        A project convention, not a published cut-off; see
        :data:`STABILITY_THRESHOLD`.

    Returns
    -------
    bool or numpy.ndarray of bool
        A bool for a scalar, an array for array-like input.

    Examples
    --------
    >>> is_interpretable(0.72)
    True
    >>> is_interpretable([0.41, 0.6, 0.9]).tolist()
    [False, True, True]
    """
    values = np.asarray(stability, dtype=np.float64)
    if not 0 <= threshold <= 1:
        raise TopicModelError(f"threshold must lie in [0, 1], got {threshold!r}")
    if np.isnan(values).any() or (values < 0).any() or (values > 1).any():
        raise TopicModelError(
            f"stability values must lie in [0, 1] (Greene et al. agreement), got {stability!r}"
        )
    result = values >= threshold
    return bool(result) if result.ndim == 0 else result


def select_k(
    texts: Iterable[str],
    ks: Iterable[int],
    *,
    method: str = "nmf",
    seed: int = 0,
    n_runs: int = 10,
    top_n: int = 10,
    sample_ratio: float = 0.8,
    threshold: float = STABILITY_THRESHOLD,
    model_options: dict[str, Any] | None = None,
    progress: bool = True,
    **vectorizer_options: Any,
) -> pd.DataFrame:
    """Tabulate NPMI coherence and subsample stability for each candidate ``k``.

    The texts are vectorised once (any iterable). For each k the reference model
    is the one :func:`fit_nmf` (or :func:`fit_lda`) would return; its coherence
    is the mean :func:`npmi_coherence` of its top-``top_n`` terms over the units
    (document co-occurrence, the model's own tokens); stability is as in
    :func:`topic_stability` with the same arguments. Term-ranking stability is
    demanding on small corpora: when a topic's term weights are nearly flat the
    order of its top terms is noise, and Average Jaccard punishes order. On the
    60-document toy corpus of the tests, four cleanly separated themes are
    recovered exactly (NMI 1 against the labels) yet stability at k = 4 is about
    0.5; ``partition_ari`` shows the grouping of units is nonetheless stable.
    So a low ``stability`` says "do not read the topics off their term lists",
    not necessarily "the units do not cluster".

    Parameters
    ----------
    texts : iterable of str
        One string per unit; read once.
    ks : iterable of int
        Candidate numbers of topics, each at least 1 (reported sorted ascending).
    method, seed, n_runs, top_n, sample_ratio, model_options
        As in :func:`topic_stability`.
    threshold : float, default :data:`STABILITY_THRESHOLD`
        Cut-off for the ``interpretable`` column (:func:`is_interpretable`).
    progress : bool, default True
        Show a tqdm bar over all fits (pass False in notebooks).
    **vectorizer_options
        As in :func:`fit_nmf`.

    Returns
    -------
    pandas.DataFrame
        One row per k with columns ``k``, ``coherence`` (mean NPMI over topics),
        ``stability`` (mean agreement over runs), ``stability_sd`` (its standard
        deviation over runs, ddof=0), ``partition_ari`` (mean adjusted Rand index
        between the sampled units' dominant topics under the full-data and the
        subsample model: do the same units still group together?) and
        ``interpretable`` (``stability >= threshold``). A reference topic with
        fewer than 2 non-zero terms makes that k's coherence -1.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"] * 2
    >>> scores = select_k(texts, [2], n_runs=3, top_n=3, progress=False)
    >>> scores[["k", "coherence", "interpretable"]].round(2)
       k  coherence  interpretable
    0  2        0.5           True

    (k = 3 on these two themes splits one theme at random: its stability depends on
    floating-point ties, so it is not shown here.)
    """
    try:
        k_list = sorted({_check_k(k) for k in ks})
    except TypeError:
        raise TopicModelError(f"ks must be an iterable of integers, got {ks!r}") from None
    if not k_list:
        raise TopicModelError("ks is empty: pass candidate numbers of topics, e.g. range(2, 9)")
    n_runs = _positive_int(n_runs, "n_runs")
    top_n = _positive_int(top_n, "top_n")
    if top_n < 2:
        raise TopicModelError("top_n must be at least 2 for NPMI coherence")
    sample_ratio = _check_ratio(sample_ratio)
    options = _model_options(method, model_options)
    vectorizer, dtm = _vectorize(texts, _kind(method), None, vectorizer_options)
    _check_shape(dtm, max(k_list))
    names = vectorizer.get_feature_names_out()
    rows = []
    with tqdm(total=len(k_list) * (n_runs + 1), desc="select_k", disable=not progress) as bar:
        for k in k_list:
            scores, aris, reference = _stability_runs(
                dtm, names, k, method=method, seed=seed, options=options, n_runs=n_runs,
                top_n=top_n, sample_ratio=sample_ratio, bar=bar,
            )
            usable = [t for t in reference if len(t) >= 2]
            coherence = (
                float(npmi_coherence(usable, dtm, feature_names=names).mean())
                if len(usable) == len(reference)
                else -1.0  # a topic with < 2 non-zero terms has no coherent pair
            )
            rows.append(
                {
                    "k": k,
                    "coherence": coherence,
                    "stability": float(scores.mean()),
                    "stability_sd": float(scores.std()),
                    "partition_ari": float(aris.mean()),
                    "interpretable": bool(is_interpretable(scores.mean(), threshold=threshold)),
                }
            )
    return pd.DataFrame(rows)


def _share_in_words(share: float) -> str:
    for value, words in ((0.5, "half"), (0.25, "a quarter"), (0.2, "a fifth"), (0.1, "a tenth")):
        if math.isclose(share, value):
            return words
    return f"{share:.0%}"


def choose_k(
    scores: pd.DataFrame,
    *,
    threshold: float = STABILITY_THRESHOLD,
    sample_ratio: float = 0.8,
    unit_name: str = "unit",
) -> tuple[pd.Series, str]:
    """Choose the number of topics from a :func:`select_k` table and say whether to read them.

    The rule: among the values of ``k`` whose stability reaches ``threshold``,
    take the most coherent; if none reaches it, take the most stable ``k`` and
    say plainly that the topics are not interpretable. Ties go to the smaller
    ``k``. Stability comes first because a coherent topic that changes when a
    few units are left out describes one fit, not a theme of the corpus.
    Stability tends to favour small ``k``, so a stable ``k`` of 2 or 3 says only
    that the corpus splits reliably into that many parts.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`select_k`: columns ``k``, ``coherence`` and
        ``stability`` (``partition_ari`` is reported when present).
    threshold : float, default :data:`STABILITY_THRESHOLD`
        Stability needed to interpret the topics (:func:`is_interpretable`).
    sample_ratio : float, default 0.8
        The ``sample_ratio`` given to :func:`select_k`; only used in the verdict's
        wording ("a fifth of the units is left out").
    unit_name : str, default "unit"
        What the units are called in the verdict (e.g. ``"paragraph"``).

    Returns
    -------
    chosen : pandas.Series
        The chosen row of ``scores``, with ``interpretable`` set to
        ``stability >= threshold``.
    verdict : str
        Two lines: the chosen ``k`` with its scores, then the plain verdict.

    Raises
    ------
    TopicModelError
        If ``scores`` is not a :func:`select_k` table, is empty or holds NaN.

    Examples
    --------
    k = 4 is the most coherent but unstable; of the stable k, 3 is the most coherent:

    >>> scores = pd.DataFrame({"k": [2, 3, 4], "coherence": [0.20, 0.25, 0.30],
    ...                        "stability": [0.70, 0.65, 0.40]})
    >>> chosen, verdict = choose_k(scores)
    >>> int(chosen["k"]), bool(chosen["interpretable"])
    (3, True)
    >>> print(verdict)
    k = 3: stability 0.65 (threshold 0.6), coherence 0.250
    Verdict: the 3 topics are stable enough to read. Their top terms mostly come back when a fifth of the units is left out.
    >>> int(choose_k(scores, threshold=0.8)[0]["k"])
    2
    """
    needed = ["k", "coherence", "stability"]
    if not isinstance(scores, pd.DataFrame) or not set(needed) <= set(scores.columns):
        raise TopicModelError(f"scores must be the DataFrame returned by select_k (columns {needed})")
    if len(scores) == 0:
        raise TopicModelError("scores is empty: run select_k over at least one k")
    if scores[needed].isna().to_numpy().any():
        raise TopicModelError("scores holds NaN in k, coherence or stability: rerun select_k")
    if not 0 <= threshold <= 1:
        raise TopicModelError(f"threshold must lie in [0, 1], got {threshold!r}")
    sample_ratio = _check_ratio(sample_ratio)
    stable = np.asarray(is_interpretable(scores["stability"].to_numpy(), threshold=threshold))
    if stable.any():
        ranked = scores[stable].sort_values(["coherence", "k"], ascending=[False, True], kind="stable")
    else:
        ranked = scores.sort_values(["stability", "k"], ascending=[False, True], kind="stable")
    chosen = ranked.iloc[0].astype(object)  # object: the row mixes ints, floats and a bool
    interpretable = bool(is_interpretable(float(chosen["stability"]), threshold=threshold))
    chosen["interpretable"] = interpretable
    k = int(chosen["k"])
    summary = (
        f"k = {k}: stability {chosen['stability']:.2f} (threshold {threshold:g}), "
        f"coherence {chosen['coherence']:.3f}"
    )
    if "partition_ari" in chosen.index:
        summary += f", partition ARI {chosen['partition_ari']:.2f}"
    left_out = f"{_share_in_words(1 - sample_ratio)} of the {unit_name}s is left out"
    if interpretable:
        verdict = (
            f"Verdict: the {k} topics are stable enough to read. "
            f"Their top terms mostly come back when {left_out}."
        )
    else:
        verdict = (
            f"Verdict: the topics are NOT interpretable. No k reaches stability {threshold:g}; "
            f"the top terms change when {left_out}. "
            "They describe this one fit, not themes of the texts."
        )
    return chosen, f"{summary}\n{verdict}"
