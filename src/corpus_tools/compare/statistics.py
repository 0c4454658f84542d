"""Keyness statistics: which words one text (or group) uses more than another, and how surely.

* :func:`log_likelihood` / :func:`signed_log_likelihood`: Dunning's (1993) G² for one term in a
  target versus a reference corpus, in the two-cell form of Rayson and Garside (2000) used by the
  UCREL log-likelihood calculator (``cells=4`` gives the full 2x2 G-test).
* :func:`log_ratio`: Hardie's (2014) effect size, the binary log of the ratio of relative
  frequencies.
* :func:`fightin_words`: Monroe, Colaresi and Quinn (2008) log-odds ratio with a Dirichlet prior
  and its z-score; :func:`background_prior` for an informative prior.
* :func:`keyness`: one group against the rest, for any number of groups.

G² and z-scores grow with the amount of text, so the same difference in use is "more
significant" in a bigger corpus; with five short articles (a few hundred words each) few terms
reach conventional significance, and p-values are not corrected for testing every term. Log
ratio and delta are effect sizes but are noisy for rare terms.

Examples
--------
>>> round(log_likelihood(52, 57, 50_000, 75_000), 2)  # Rayson and Garside (2000)
2.65
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.stats import chi2

from corpus_tools.compare.errors import CompareError

#: z beyond which a fightin'-words term is drawn as distinctive (two-sided 5 %).
Z_CRITICAL = 1.96




def _counts(a, b, c, d) -> tuple[np.ndarray, ...]:
    arrays = []
    for name, x in zip("abcd", (a, b, c, d)):
        try:
            arr = np.asarray(x, dtype="float64")
        except (TypeError, ValueError):
            raise CompareError(f"{name} must be numbers (a count or an array of counts), got {x!r}.") from None
        if not np.all(np.isfinite(arr)):
            raise CompareError(f"{name} holds NaN or infinite values. Fix: pass finite counts.")
        if np.any(arr < 0):
            raise CompareError(f"{name} holds negative values. Fix: counts are >= 0.")
        arrays.append(arr)
    try:
        a, b, c, d = np.broadcast_arrays(*arrays)
    except ValueError:
        raise CompareError(f"a, b, c, d have shapes {[x.shape for x in arrays]} that do not broadcast.") from None
    if np.any(c <= 0) or np.any(d <= 0):
        raise CompareError("corpus sizes c and d must be > 0 tokens.")
    if np.any(a > c) or np.any(b > d):
        raise CompareError("a term cannot occur more often than its corpus has tokens (a <= c, b <= d).")
    return a, b, c, d


def _out(x: np.ndarray):
    return float(x) if x.ndim == 0 else x


def _plogp(obs: np.ndarray, exp: np.ndarray) -> np.ndarray:
    """obs * ln(obs / exp), with 0 * ln(0) = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(obs > 0, obs * np.log(np.where(obs > 0, obs, 1.0) / np.where(exp > 0, exp, 1.0)), 0.0)


def log_likelihood(a, b, c, d, *, cells: int = 2):
    """Dunning's log-likelihood G² of a term's frequency in a target versus a reference corpus.

    With expected counts ``E1 = c (a + b) / (c + d)`` and ``E2 = d (a + b) / (c + d)``,
    ``G2 = 2 (a ln(a / E1) + b ln(b / E2))`` (Rayson and Garside 2000), where ``0 ln 0 = 0``.
    ``cells=4`` adds the two cells of the other tokens, ``(c - a)`` and ``(d - b)``, giving the
    G-test of independence on the 2x2 table (what ``scipy.stats.chi2_contingency(...,
    lambda_="log-likelihood", correction=False)`` returns); the two differ little when the term is
    rare. G² grows with corpus size (see the module notes).

    Parameters
    ----------
    a, b
        Occurrences of the term in the target and in the reference corpus (scalars or arrays).
    c, d
        Tokens in the target and in the reference corpus (> 0).
    cells
        2 (default, Rayson and Garside) or 4 (full 2x2 table).

    Returns
    -------
    float or numpy.ndarray
        G² (>= 0), a float for scalar input, an array of the broadcast shape otherwise.

    Examples
    --------
    >>> round(log_likelihood(52, 57, 50_000, 75_000), 4)
    2.6517
    >>> log_likelihood([52, 0, 10], [57, 0, 0], 50_000, 75_000).round(2)
    array([ 2.65,  0.  , 18.33])
    """
    if cells not in (2, 4):
        raise CompareError(f"cells must be 2 or 4, got {cells!r}.")
    a, b, c, d = _counts(a, b, c, d)
    n = c + d
    g = _plogp(a, c * (a + b) / n) + _plogp(b, d * (a + b) / n)
    if cells == 4:
        rest = n - a - b
        g = g + _plogp(c - a, c * rest / n) + _plogp(d - b, d * rest / n)
    return _out(np.maximum(2.0 * g, 0.0))


def signed_log_likelihood(a, b, c, d, *, cells: int = 2):
    """G² with the sign of the difference: positive when the term is over-used in the target.

    Examples
    --------
    >>> round(signed_log_likelihood(57, 52, 75_000, 50_000), 2)
    -2.65
    """
    g = np.asarray(log_likelihood(a, b, c, d, cells=cells))
    a, b, c, d = _counts(a, b, c, d)
    return _out(np.sign(a / c - b / d) * g)


def log_ratio(a, b, c, d, *, smoothing: float = 0.5):
    """Hardie's (2014) Log Ratio: ``log2((a / c) / (b / d))``, the binary log of relative frequencies.

    1 means twice as frequent in the target, -1 half as frequent. A zero count is replaced by
    ``smoothing`` (0.5, Hardie's suggestion) so the ratio stays finite; a term absent from both
    corpora gets 0.

    Examples
    --------
    >>> round(log_ratio(52, 57, 50_000, 75_000), 4)
    0.4525
    >>> log_ratio([10, 0, 0], [5, 4, 0], 1000, 1000).round(3)
    array([ 1., -3.,  0.])
    """
    if not smoothing > 0:
        raise CompareError(f"smoothing must be > 0, got {smoothing!r}.")
    a, b, c, d = _counts(a, b, c, d)
    both_zero = (a == 0) & (b == 0)
    a2 = np.where(a == 0, smoothing, a)
    b2 = np.where(b == 0, smoothing, b)
    return _out(np.where(both_zero, 0.0, np.log2((a2 / c) / (b2 / d))))


def _as_counter(counts, name: str) -> dict[str, float]:
    if isinstance(counts, pd.Series):
        counts = counts.to_dict()
    if not isinstance(counts, Mapping):
        raise CompareError(f"{name} must be a mapping term -> count (e.g. a Counter), got {type(counts).__name__}.")
    out = {}
    for term, value in counts.items():
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise CompareError(f"{name}[{term!r}] = {value!r} is not a number.") from None
        if not math.isfinite(v) or v < 0:
            raise CompareError(f"{name}[{term!r}] = {value!r}: counts must be finite and >= 0.")
        out[str(term)] = v
    return out


def fightin_words(counts_a, counts_b, *, prior=0.01) -> pd.DataFrame:
    """Monroe, Colaresi and Quinn's (2008) weighted log-odds ratio with a Dirichlet prior.

    For each term w, with counts ``y_a``, ``y_b``, corpus sizes ``n_a``, ``n_b``, pseudo-count
    ``alpha_w`` and ``alpha_0 = sum_w alpha_w`` (their eq. 16 and 19-20)::

        delta_w = ln((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
                - ln((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
        var_w   = 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
        z_w     = delta_w / sqrt(var_w)

    A term absent from both corpora gets ``delta = ln((n_b + alpha_0 - alpha_w) / (n_a + alpha_0 -
    alpha_w))``: 0 only when the corpora have the same size. z grows with corpus size.

    Parameters
    ----------
    counts_a, counts_b
        Mappings term -> count (``Counter``, dict or Series). The vocabulary is their union.
    prior
        A number: the same pseudo-count ``alpha_w`` for every term (uninformative prior); or a
        mapping term -> pseudo-count covering the whole vocabulary (informative prior, e.g.
        background counts scaled to a chosen total, as in Monroe et al.'s section 3.5).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``term``: ``count_a``, ``count_b``, ``prior``, ``delta`` (a minus b),
        ``variance`` and ``zscore``; sorted by ``zscore`` descending, ties by term.

    Examples
    --------
    >>> from collections import Counter
    >>> fw = fightin_words(Counter("a a a b c".split()), Counter("a b b b c".split()), prior=1)
    >>> fw["delta"].round(3).to_dict(), fw["zscore"].round(3).to_dict()
    ({'a': 1.099, 'c': 0.0, 'b': -1.099}, {'a': 1.269, 'c': 0.0, 'b': -1.269})
    """
    a = _as_counter(counts_a, "counts_a")
    b = _as_counter(counts_b, "counts_b")
    vocab = sorted(set(a) | set(b))
    if len(vocab) < 2:
        raise CompareError(f"fightin_words needs at least 2 distinct terms, got {len(vocab)}.")
    y_a = np.array([a.get(t, 0.0) for t in vocab])
    y_b = np.array([b.get(t, 0.0) for t in vocab])
    if y_a.sum() == 0 or y_b.sum() == 0:
        raise CompareError("counts_a and counts_b must each contain at least one token.")
    if isinstance(prior, Mapping) or isinstance(prior, pd.Series):
        p = _as_counter(prior, "prior")
        missing = [t for t in vocab if t not in p]
        if missing:
            raise CompareError(f"prior has no pseudo-count for {len(missing)} term(s), e.g. {missing[:5]}. "
                               "Fix: give every term of the vocabulary a prior > 0.")
        alpha = np.array([p[t] for t in vocab])
    else:
        try:
            value = float(prior)
        except (TypeError, ValueError):
            raise CompareError(f"prior must be a number or a mapping term -> pseudo-count, got {prior!r}.") from None
        alpha = np.full(len(vocab), value)
    if not np.all(np.isfinite(alpha)) or np.any(alpha <= 0):
        raise CompareError("prior pseudo-counts must be finite and > 0.")
    n_a, n_b, a0 = y_a.sum(), y_b.sum(), alpha.sum()
    delta = (np.log((y_a + alpha) / (n_a + a0 - y_a - alpha))
             - np.log((y_b + alpha) / (n_b + a0 - y_b - alpha)))
    variance = 1.0 / (y_a + alpha) + 1.0 / (y_b + alpha)
    df = pd.DataFrame({"count_a": y_a, "count_b": y_b, "prior": alpha, "delta": delta,
                       "variance": variance, "zscore": delta / np.sqrt(variance)},
                      index=pd.Index(vocab, name="term"))
    df["_term"] = df.index
    df = df.sort_values(["zscore", "_term"], ascending=[False, True], kind="mergesort").drop(columns="_term")
    return df


def _counts_table(counts_by_group) -> pd.DataFrame:
    if isinstance(counts_by_group, pd.DataFrame):
        table = counts_by_group.copy()
    elif isinstance(counts_by_group, Mapping):
        groups = {str(g): _as_counter(c, f"counts_by_group[{g!r}]") for g, c in counts_by_group.items()}
        table = pd.DataFrame(groups).fillna(0.0)
    else:
        raise CompareError("counts_by_group must be a DataFrame (terms x groups) or a mapping group -> "
                           f"Counter, got {type(counts_by_group).__name__}.")
    if table.shape[1] < 2:
        raise CompareError(f"keyness needs at least two groups, got {table.shape[1]} "
                           f"({list(map(str, table.columns))}). Fix: compare two or more groups.")
    if table.columns.duplicated().any():
        raise CompareError(f"duplicate group names: {sorted(set(table.columns[table.columns.duplicated()]))}.")
    try:
        table = table.astype("float64")
    except (TypeError, ValueError):
        raise CompareError("counts_by_group holds non-numeric values. Fix: pass counts.") from None
    values = table.to_numpy()
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise CompareError("counts_by_group holds NaN, infinite or negative values. Fix: pass counts >= 0 "
                           "(fill absent terms with 0).")
    empty = [str(g) for g in table.columns if table[g].sum() == 0]
    if empty:
        raise CompareError(f"group(s) {empty} have no tokens. Fix: drop them or check the grouping.")
    table.index = table.index.map(str)
    table.columns = table.columns.map(str)
    return table


def keyness(counts_by_group, *, min_count: int = 5, method: str = "log_likelihood", prior=0.01,
            small_group: int = 1000) -> pd.DataFrame:
    """Distinctive terms of each group against all other groups together (one versus the rest).

    Parameters
    ----------
    counts_by_group
        A DataFrame of counts, terms as index and one column per group, or a mapping
        group -> mapping term -> count. At least two groups, none empty.
    min_count
        Keep terms seen at least this often in all groups together (a guard against ranking
        hapaxes; the statistics are still computed on the full vocabulary).
    method
        ``"log_likelihood"`` (G², signed G², log ratio, p-value) or ``"fightin_words"`` (delta and
        z-score of :func:`fightin_words`, group versus rest).
    prior
        The prior of :func:`fightin_words` (ignored for log-likelihood).
    small_group
        Groups with fewer tokens get a ``warning`` saying their keyness is unstable.

    Returns
    -------
    pandas.DataFrame
        Tidy rows: ``group``, ``term``, ``count_target``, ``count_reference``, ``total_target``,
        ``total_reference``, then ``g2``, ``signed_g2``, ``log_ratio``, ``p_value`` (chi-squared,
        1 df, uncorrected) or ``delta``, ``zscore``; and ``warning`` ("" when none). Groups in
        input order; within a group by ``signed_g2`` (or ``zscore``) descending, ties by term.

    Raises
    ------
    CompareError
        Fewer than two groups, an empty group, bad counts, an unknown method, or no term reaching
        ``min_count``.

    Examples
    --------
    >>> counts = {"A": {"border": 10, "child": 2, "law": 5}, "B": {"border": 2, "child": 9, "law": 5}}
    >>> key = keyness(counts, min_count=3)
    >>> key[["group", "term", "count_target", "count_reference"]].head(3).values.tolist()
    [['A', 'border', 10.0, 2.0], ['A', 'law', 5.0, 5.0], ['A', 'child', 2.0, 9.0]]
    >>> key["signed_g2"].round(2).tolist()
    [5.35, -0.01, -5.25, 5.25, 0.01, -5.35]
    >>> key["warning"].iloc[0]
    'small group: 17 tokens, keyness is unstable at this size'
    """
    if method not in ("log_likelihood", "fightin_words"):
        raise CompareError(f"method must be 'log_likelihood' or 'fightin_words', got {method!r}.")
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise CompareError(f"min_count must be a positive int, got {min_count!r}.")
    table = _counts_table(counts_by_group)
    totals = table.sum(axis=1)
    keep = totals >= min_count
    if not keep.any():
        raise CompareError(f"no term occurs at least min_count={min_count} times in all groups together "
                           f"(most frequent: {int(totals.max())}). Fix: lower min_count.")
    frames = []
    for group in table.columns:
        target = table[group]
        reference = totals - target
        c, d = float(target.sum()), float(reference.sum())
        if method == "log_likelihood":
            a, b = target[keep].to_numpy(), reference[keep].to_numpy()
            stats = {"g2": log_likelihood(a, b, c, d), "signed_g2": signed_log_likelihood(a, b, c, d),
                     "log_ratio": log_ratio(a, b, c, d)}
            stats["p_value"] = chi2.sf(stats["g2"], df=1)
            score = "signed_g2"
            terms = target[keep].index
        else:
            fw = fightin_words(target, reference, prior=prior)
            fw = fw.loc[[t for t in fw.index if keep.get(t, False)]]
            stats = {"delta": fw["delta"].to_numpy(), "zscore": fw["zscore"].to_numpy()}
            score = "zscore"
            terms = fw.index
        frame = pd.DataFrame({"group": group, "term": list(terms),
                              "count_target": target[terms].to_numpy(),
                              "count_reference": reference[terms].to_numpy(),
                              "total_target": c, "total_reference": d, **stats})
        frame["warning"] = (f"small group: {int(c)} tokens, keyness is unstable at this size"
                            if c < small_group else "")
        frames.append(frame.sort_values([score, "term"], ascending=[False, True], kind="mergesort"))
    return pd.concat(frames, ignore_index=True)


def background_prior(background, *, total: float) -> dict[str, float]:
    """Scale background counts into an informative Dirichlet prior summing to ``total``.

    Monroe, Colaresi and Quinn (2008, section 3.5) use a word's frequency in a larger body of text
    as its prior: words that are common anyway need stronger evidence to count as distinctive.
    ``total`` (their alpha_0) sets how much the prior weighs against the observed counts; a
    common choice is a fraction of the compared texts' size.

    Parameters
    ----------
    background
        Mapping term -> count (the whole corpus, say).
    total
        The prior's total pseudo-count, > 0.

    Examples
    --------
    >>> background_prior({"border": 3, "wall": 1}, total=2)
    {'border': 1.5, 'wall': 0.5}
    """
    counts = _as_counter(background, "background")
    whole = sum(counts.values())
    if whole <= 0:
        raise CompareError("background counts are empty; an informative prior needs counts.")
    if not total > 0:
        raise CompareError(f"total must be > 0, got {total!r}.")
    return {term: total * c / whole for term, c in counts.items()}
