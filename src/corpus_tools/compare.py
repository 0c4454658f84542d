"""Compare word use between texts: keyness statistics and plots, similarity, diversity, readability.

* :func:`log_likelihood` / :func:`signed_log_likelihood`: Dunning's (1993) G² for one term in a
  target versus a reference corpus, in the two-cell form of Rayson and Garside (2000) used by the
  UCREL log-likelihood calculator (``cells=4`` gives the full 2x2 G-test).
* :func:`log_ratio`: Hardie's (2014) effect size, the binary log of the ratio of relative
  frequencies.
* :func:`fightin_words`: Monroe, Colaresi and Quinn (2008) log-odds ratio with a Dirichlet prior
  and its z-score.
* :func:`keyness`: one group against the rest, for any number of groups.
* :func:`document_similarity`, :func:`lexical_diversity`, :func:`readability`.

All of these depend on text length. G² and z-scores grow with the amount of text, so the same
difference in use is "more significant" in a bigger corpus; with five short articles (a few
hundred words each) few terms reach conventional significance, and p-values are not corrected for
testing every term. Log ratio and delta are effect sizes but are noisy for rare terms. TF-IDF
similarity, type-token ratios and readability formulas all move with document length; MTLD and
MATTR are the less length-sensitive diversity measures, not length-free ones.

Examples
--------
>>> round(log_likelihood(52, 57, 50_000, 75_000), 2)  # Rayson and Garside (2000)
2.65
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform
from scipy.stats import chi2

from corpus_tools.errors import CorpusError
from corpus_tools.tokenize import READABILITY_WORD_PATTERN, split_sentences

#: z beyond which a fightin'-words term is drawn as distinctive (two-sided 5 %).
Z_CRITICAL = 1.96


class CompareError(CorpusError):
    """Bad input to a comparison function; the message says what is wrong and how to fix it."""


# --------------------------------------------------------------------------------------------
# Keyness statistics
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------------


def plot_keyness(keyness_df: pd.DataFrame, *, n: int = 10) -> plt.Figure:
    """Bar chart of each group's ``n`` most over-used terms (one facet per group).

    Parameters
    ----------
    keyness_df
        Output of :func:`keyness` (either method).
    n
        Terms per group (the highest signed G² or z-score).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> counts = {"A": {"border": 10, "child": 2, "law": 5}, "B": {"border": 2, "child": 9, "law": 5}}
    >>> fig = plot_keyness(keyness(counts, min_count=3), n=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['A (small group)', 'B (small group)']
    >>> plt.close(fig)
    """
    if not isinstance(keyness_df, pd.DataFrame) or not {"group", "term"} <= set(keyness_df.columns):
        raise CompareError("keyness_df must be the DataFrame returned by keyness().")
    score = "signed_g2" if "signed_g2" in keyness_df.columns else "zscore" if "zscore" in keyness_df.columns else None
    if score is None:
        raise CompareError("keyness_df has neither 'signed_g2' nor 'zscore'. Fix: pass keyness() output.")
    if keyness_df.empty or n < 1:
        raise CompareError("nothing to plot: keyness_df is empty or n < 1.")
    groups = list(dict.fromkeys(keyness_df["group"]))
    ncols = min(3, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.32 * n * nrows + 1.6 * nrows), squeeze=False)
    colours = sns.color_palette("colorblind", len(groups))
    for ax, group, colour in zip(axes.flat, groups, colours):
        rows = keyness_df[keyness_df["group"] == group]
        rows = rows.sort_values([score, "term"], ascending=[False, True], kind="mergesort").head(n)
        ax.barh(rows["term"][::-1], rows[score][::-1], color=colour)
        warn = "warning" in rows.columns and (rows["warning"] != "").any()
        ax.set_title(f"{group} (small group)" if warn else str(group))
        ax.set_xlabel("signed log-likelihood G²" if score == "signed_g2" else "log-odds z-score")
        ax.axvline(0, color="black", linewidth=0.6)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    method = "log-likelihood" if score == "signed_g2" else "log-odds ratio, Dirichlet prior"
    fig.suptitle(f"Most over-used terms per group, each group vs the rest ({method})")
    fig.tight_layout()
    return fig


def plot_fightin_words(fw_df: pd.DataFrame, *, label_top: int = 10, labels: tuple[str, str] = ("A", "B")) -> plt.Figure:
    """Scatter of log-odds z-scores against term frequency, after Monroe et al.'s (2008) figures.

    Points are sized by |z| and coloured by side (|z| > 1.96); the ``label_top`` terms with the
    highest and the lowest z are labelled. Terms with zero total count are not drawn.

    Parameters
    ----------
    fw_df
        Output of :func:`fightin_words` (``count_a``, ``count_b``, ``zscore``, indexed by term),
        or of ``keyness(..., method="fightin_words")`` for one group (``term``,
        ``count_target``, ``count_reference``, ``zscore``).
    label_top
        How many terms to label on each side.
    labels
        Names of corpus a and corpus b for the legend.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from collections import Counter
    >>> fw = fightin_words(Counter("a a a b c".split()), Counter("a b b b c".split()))
    >>> fig = plot_fightin_words(fw, label_top=1, labels=("Newsweek", "VOA"))
    >>> fig.axes[0].get_ylabel()
    'z-score of log-odds ratio (Newsweek vs VOA)'
    >>> plt.close(fig)
    """
    if not isinstance(fw_df, pd.DataFrame):
        raise CompareError(f"fw_df must be a DataFrame, got {type(fw_df).__name__}.")
    if {"count_a", "count_b", "zscore"} <= set(fw_df.columns):
        terms = fw_df["term"] if "term" in fw_df.columns else pd.Series(fw_df.index, index=fw_df.index)
        total = fw_df["count_a"] + fw_df["count_b"]
    elif {"term", "count_target", "count_reference", "zscore"} <= set(fw_df.columns):
        if "group" in fw_df.columns and fw_df["group"].nunique() > 1:
            raise CompareError("fw_df holds several groups. Fix: select one, e.g. df[df.group == 'X'].")
        terms, total = fw_df["term"], fw_df["count_target"] + fw_df["count_reference"]
    else:
        raise CompareError("fw_df must come from fightin_words() or keyness(method='fightin_words').")
    data = pd.DataFrame({"term": terms.astype(str).to_numpy(), "total": total.to_numpy(dtype=float),
                         "z": fw_df["zscore"].to_numpy(dtype=float)})
    data = data[data["total"] > 0]
    if data.empty:
        raise CompareError("nothing to plot: every term has a zero count.")
    data["x"] = np.log10(data["total"])
    blue, orange = sns.color_palette("colorblind", 2)
    side = np.where(data["z"] > Z_CRITICAL, 0, np.where(data["z"] < -Z_CRITICAL, 1, 2))
    fig, ax = plt.subplots(figsize=(8, 6))
    for code, colour, name in ((2, "0.7", f"|z| <= {Z_CRITICAL}"), (0, blue, f"more in {labels[0]}"),
                               (1, orange, f"more in {labels[1]}")):
        part = data[side == code]
        ax.scatter(part["x"], part["z"], s=8 + 12 * part["z"].abs().clip(upper=8), color=colour,
                   alpha=0.8, label=name, edgecolors="none")
    ax.axhline(Z_CRITICAL, color="0.4", linewidth=0.6, linestyle="--")
    ax.axhline(-Z_CRITICAL, color="0.4", linewidth=0.6, linestyle="--")
    ordered = data.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
    for _, row in pd.concat([ordered.head(label_top), ordered.tail(label_top)]).drop_duplicates("term").iterrows():
        ax.annotate(row["term"], (row["x"], row["z"]), xytext=(3, 0), textcoords="offset points",
                    fontsize=8, va="center")
    ax.set_xlabel("log10 frequency of the term (both corpora)")
    ax.set_ylabel(f"z-score of log-odds ratio ({labels[0]} vs {labels[1]})")
    ax.set_title("Fightin' words: log-odds ratio with Dirichlet prior (Monroe et al. 2008)")
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------------
# Similarity
# --------------------------------------------------------------------------------------------


def document_similarity(texts: Sequence[str], *, labels: Sequence[str], stop_words="english",
                        lowercase: bool = True, ngram_range: tuple[int, int] = (1, 1), min_df=1,
                        sublinear_tf: bool = False) -> pd.DataFrame:
    """Cosine similarity of the documents' TF-IDF vectors, as a labelled square table.

    Uses scikit-learn's ``TfidfVectorizer`` with its default tokenisation (words of 2+ word
    characters) and smoothed idf, ``norm="l2"``, and the options below (scikit-learn's English
    stop-word list by default). Values run from 0 (no shared weighted term) to 1. Similarity
    depends on document length and, with few documents, idf weights are coarse (a term in all
    five documents gets the lowest idf, not zero).

    Parameters
    ----------
    texts
        One string per document.
    labels
        One unique label per document (row and column names).
    stop_words, lowercase, ngram_range, min_df, sublinear_tf
        Passed to ``TfidfVectorizer``.

    Returns
    -------
    pandas.DataFrame
        ``labels`` x ``labels``, diagonal 1.

    Examples
    --------
    >>> sim = document_similarity(["border children detention", "children detention camps",
    ...                            "trade tariffs"], labels=["a", "b", "c"])
    >>> sim.round(2)
          a     b    c
    a  1.00  0.54  0.0
    b  0.54  1.00  0.0
    c  0.00  0.00  1.0
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts, labels = list(texts), [str(x) for x in labels]
    if len(texts) != len(labels):
        raise CompareError(f"{len(texts)} texts but {len(labels)} labels. Fix: one label per text.")
    if len(texts) < 2:
        raise CompareError("document_similarity needs at least two texts.")
    if len(set(labels)) != len(labels):
        raise CompareError(f"labels must be unique, got {labels}.")
    bad = [lab for lab, t in zip(labels, texts) if not isinstance(t, str) or not t.strip()]
    if bad:
        raise CompareError(f"empty or non-string text for label(s) {bad}.")
    vectorizer = TfidfVectorizer(stop_words=stop_words, lowercase=lowercase, ngram_range=ngram_range,
                                 min_df=min_df, sublinear_tf=sublinear_tf, norm="l2")
    matrix = vectorizer.fit_transform(texts)
    empty = [lab for lab, nnz in zip(labels, matrix.getnnz(axis=1)) if nnz == 0]
    if empty:
        raise CompareError(f"no term left for label(s) {empty} after stop words / min_df. Fix: relax the options.")
    sim = np.clip((matrix @ matrix.T).toarray(), 0.0, 1.0)
    np.fill_diagonal(sim, 1.0)
    return pd.DataFrame(sim, index=pd.Index(labels), columns=pd.Index(labels))


def most_similar_pair(sim: pd.DataFrame) -> tuple[str, str, float]:
    """Return the two different labels with the highest similarity, and that similarity.

    Ties are broken by label order (first row, then first column), so the choice is stable.

    Examples
    --------
    >>> sim = pd.DataFrame([[1, .2, .5], [.2, 1, .1], [.5, .1, 1]], index=list("abc"), columns=list("abc"))
    >>> most_similar_pair(sim)
    ('a', 'c', 0.5)
    """
    if sim.shape[0] < 2 or list(sim.index) != list(sim.columns):
        raise CompareError("most_similar_pair needs a square similarity table of at least two labels.")
    best = None
    for i, a in enumerate(sim.index):
        for b in sim.columns[i + 1:]:
            value = float(sim.loc[a, b])
            if best is None or value > best[2]:
                best = (str(a), str(b), value)
    return best


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


def plot_similarity(sim: pd.DataFrame, *, method: str = "average", annot: bool = True) -> plt.Figure:
    """Clustered heatmap of a similarity table (seaborn ``clustermap``), deterministic.

    The dendrograms come from ``scipy.cluster.hierarchy.linkage`` on the distances ``1 - sim``
    (``method`` linkage, default average), computed here and passed to seaborn, so the order does
    not depend on seaborn's defaults.

    Parameters
    ----------
    sim
        Square symmetric table, e.g. from :func:`document_similarity`.
    method
        Linkage method for ``scipy.cluster.hierarchy.linkage``.
    annot
        Print the values in the cells.

    Returns
    -------
    matplotlib.figure.Figure
        The ``ClusterGrid``'s figure.

    Examples
    --------
    >>> sim = document_similarity(["border children detention", "children detention camps",
    ...                            "trade tariffs"], labels=["a", "b", "c"])
    >>> fig = plot_similarity(sim)
    >>> fig._suptitle.get_text()
    'Cosine similarity of TF-IDF vectors (average-linkage clustering)'
    >>> plt.close(fig)
    """
    if not isinstance(sim, pd.DataFrame) or sim.shape[0] != sim.shape[1] or sim.shape[0] < 2:
        raise CompareError("sim must be a square DataFrame of at least 2 x 2 (from document_similarity).")
    if list(sim.index) != list(sim.columns):
        raise CompareError("sim must have the same labels, in the same order, on rows and columns.")
    values = sim.to_numpy(dtype=float)
    if not np.all(np.isfinite(values)) or not np.allclose(values, values.T):
        raise CompareError("sim must be finite and symmetric.")
    distance = np.clip(1.0 - values, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method=method)
    size = max(4.0, 1.1 * len(sim) + 2.5)
    grid = sns.clustermap(sim, row_linkage=tree, col_linkage=tree, cmap="viridis", vmin=0, vmax=1,
                          annot=annot, fmt=".2f", figsize=(size, size),
                          cbar_kws={"label": "cosine similarity"})
    grid.figure.suptitle(f"Cosine similarity of TF-IDF vectors ({method}-linkage clustering)", y=1.02)
    return grid.figure


# --------------------------------------------------------------------------------------------
# Lexical diversity and readability
# --------------------------------------------------------------------------------------------


def _mtld_pass(tokens: Sequence[str], threshold: float) -> float:
    factors, types, count = 0.0, set(), 0
    for tok in tokens:
        count += 1
        types.add(tok)
        if len(types) / count <= threshold:
            factors += 1
            types, count = set(), 0
    if count:
        factors += (1 - len(types) / count) / (1 - threshold)
    return len(tokens) / factors if factors > 0 else float("nan")


def lexical_diversity(tokens: Sequence[str], *, window: int = 100, threshold: float = 0.72) -> pd.Series:
    """Type-token ratio, moving-average TTR (MATTR) and MTLD of a token sequence.

    * TTR: types / tokens; falls as a text gets longer, so compare only texts of similar length.
    * MATTR (Covington and McFall 2010): mean TTR of every ``window``-token window; for a text
      shorter than the window it equals the TTR.
    * MTLD (McCarthy and Jarvis 2010): mean length of stretches whose running TTR stays above
      ``threshold`` (0.72), counting a partial factor for the remainder, averaged over a forward and
      a backward pass. NaN when the TTR never falls (e.g. all tokens distinct): the measure is
      undefined for such short texts. Texts under ~100 tokens give unstable values.

    Tokens are compared as given (lowercase them first if case should not matter).

    Parameters
    ----------
    tokens
        The word tokens (no punctuation).
    window
        MATTR window length.
    threshold
        MTLD factor threshold.

    Returns
    -------
    pandas.Series
        ``n_tokens``, ``n_types``, ``ttr``, ``mattr``, ``mtld``.

    Examples
    --------
    >>> lexical_diversity(["a", "b", "a", "c"], window=3).round(4).to_dict()
    {'n_tokens': 4.0, 'n_types': 3.0, 'ttr': 0.75, 'mattr': 0.8333, 'mtld': 4.24}
    """
    tokens = list(tokens)
    if not tokens:
        raise CompareError("lexical_diversity needs at least one token.")
    if not all(isinstance(t, str) for t in tokens):
        raise CompareError("tokens must be strings.")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise CompareError(f"window must be a positive int, got {window!r}.")
    if not 0 < threshold < 1:
        raise CompareError(f"threshold must be in (0, 1), got {threshold!r}.")
    n = len(tokens)
    ttr = len(set(tokens)) / n
    if n <= window:
        mattr = ttr
    else:
        counts = Counter(tokens[:window])
        ratios = [len(counts) / window]
        for i in range(window, n):
            out = tokens[i - window]
            counts[out] -= 1
            if counts[out] == 0:
                del counts[out]
            counts[tokens[i]] += 1
            ratios.append(len(counts) / window)
        mattr = float(np.mean(ratios))
    mtld = (_mtld_pass(tokens, threshold) + _mtld_pass(tokens[::-1], threshold)) / 2
    return pd.Series({"n_tokens": float(n), "n_types": float(len(set(tokens))), "ttr": ttr,
                      "mattr": mattr, "mtld": mtld}, dtype="float64")


_WORD = READABILITY_WORD_PATTERN


def count_syllables(word: str) -> int:
    """Estimate the syllables of an English word with a vowel-group heuristic.

    Rules: lowercase letters only (hyphenated parts counted separately and summed); count groups of
    consecutive vowels (a e i o u y); then subtract one for a silent final "e" (not "-le" after a
    consonant, not "-ee"/"-ye"), for "-es" not after s, x, z, ch, sh, c, g or i, and for "-ed" not
    after t or d; at least 1. Limits: vowel pairs read as one group even when they are two
    syllables (vi-o-la-tion -> 3, be-ing -> 1, cre-ate -> 1), acronyms are read as words
    ("VOA" -> 1), numbers are not words. Good enough for a Flesch score, not for a dictionary.

    Examples
    --------
    >>> [count_syllables(w) for w in ["border", "criminalized", "detained", "wanted", "places", "table"]]
    [2, 4, 2, 2, 2, 2]
    """
    parts = [p for p in re.split(r"[-\s]+", word.lower()) if p]
    total = 0
    for part in parts:
        w = re.sub(r"[^a-z]", "", part)
        if not w:
            continue
        n = len(re.findall(r"[aeiouy]+", w))
        if n > 1:
            if w.endswith("e") and not w.endswith(("ee", "ye")) and not (
                    w.endswith("le") and len(w) > 2 and w[-3] not in "aeiouy"):
                n -= 1
            elif w.endswith("es") and not re.search(r"(?:[sxzcgi]|ch|sh)es$", w):
                n -= 1
            elif w.endswith("ed") and not re.search(r"[td]ed$", w):
                n -= 1
        total += max(n, 1)
    return total


def readability(text: str) -> pd.Series:
    """Flesch Reading Ease and Flesch-Kincaid grade of a text.

    ``FRE = 206.835 - 1.015 (words / sentences) - 84.6 (syllables / words)`` (Flesch 1948);
    ``FKGL = 0.39 (words / sentences) + 11.8 (syllables / words) - 15.59`` (Kincaid et al. 1975).
    Sentences come from :func:`corpus_tools.tokenize.split_sentences` (Punkt, so a headline without
    a full stop is a sentence); words are runs of letters (with inner hyphens or apostrophes);
    syllables from :func:`count_syllables` (a heuristic: see its limits). Both formulas were fitted
    to school texts and depend only on sentence and word length, so they say nothing about
    vocabulary or content, and they are unstable for short texts.

    Returns
    -------
    pandas.Series
        ``n_sentences``, ``n_words``, ``n_syllables``, ``words_per_sentence``,
        ``syllables_per_word``, ``flesch_reading_ease``, ``flesch_kincaid_grade``.

    Examples
    --------
    >>> readability("Border-crossing should not be criminalized.").round(2).to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'n_sentences': 1.0, 'n_words': 5.0, 'n_syllables': 11.0, 'words_per_sentence': 5.0,
     'syllables_per_word': 2.2, 'flesch_reading_ease': 15.64, 'flesch_kincaid_grade': 12.32}
    """
    if not isinstance(text, str):
        raise CompareError(f"text must be a str, got {type(text).__name__}.")
    words = _WORD.findall(text)
    if not words:
        raise CompareError("readability needs a text with at least one word.")
    n_sent = len(split_sentences(text)) or 1
    n_words = len(words)
    n_syll = sum(count_syllables(w) for w in words)
    wps, spw = n_words / n_sent, n_syll / n_words
    return pd.Series({"n_sentences": float(n_sent), "n_words": float(n_words), "n_syllables": float(n_syll),
                      "words_per_sentence": wps, "syllables_per_word": spw,
                      "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
                      "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59}, dtype="float64")


# --------------------------------------------------------------------------------------------
# Bounding the number of groups, and findings from the results
# --------------------------------------------------------------------------------------------

#: Analyses whose cost or output grows with the number of groups (keyness tables, similarity
#: matrices, per-group plots) use at most this many groups: the largest by number of tokens.
MAX_GROUPS = 20


def top_groups(sizes: Mapping | pd.Series, *, n: int = MAX_GROUPS) -> list:
    """The ``n`` largest groups (ties broken by name), in the order given; all when there are fewer.

    Examples
    --------
    >>> top_groups({"a": 5, "b": 9, "c": 1, "d": 9}, n=2)
    ['b', 'd']
    >>> len(top_groups({f"g{i}": 1 for i in range(500)}))
    20
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise CompareError(f"n must be a positive int, got {n!r}.")
    sizes = pd.Series(dict(sizes)) if not isinstance(sizes, pd.Series) else sizes
    ranked = sorted(sizes.index, key=lambda g: (-sizes[g], str(g)))[:n]
    keep = set(ranked)
    return [g for g in sizes.index if g in keep]


def summarise_keyness(keyness_df: pd.DataFrame, *, n: int = 3) -> str:
    """Markdown bullets: the most distinctive words of each group (by G2, overused only).

    Examples
    --------
    >>> k = pd.DataFrame({"group": ["A", "A", "B"], "term": ["tram", "fare", "goal"],
    ...                   "g2": [9.1, 4.0, 6.2], "log_ratio": [2.0, 1.1, 3.0]})
    >>> print(summarise_keyness(k))
    - A: *tram*, *fare*.
    - B: *goal*.
    """
    if keyness_df.empty:
        return "No word passed the frequency filter, so no group has distinctive words to show."
    df = keyness_df[keyness_df["log_ratio"] > 0] if "log_ratio" in keyness_df.columns else keyness_df
    lines = []
    for group, rows in df.groupby("group", sort=False):
        terms = rows.sort_values(["g2", "term"], ascending=[False, True])["term"].head(n)
        lines.append(f"- {group}: {', '.join(f'*{t}*' for t in terms)}.")
    return "\n".join(lines) if lines else "No group uses any word distinctly more than the others."


def summarise_similarity(sim: pd.DataFrame) -> str:
    """One sentence naming the most and least similar pair of a similarity matrix.

    Examples
    --------
    >>> s = pd.DataFrame([[1, .4, .1], [.4, 1, .2], [.1, .2, 1]], index=list("ABC"), columns=list("ABC"))
    >>> summarise_similarity(s)
    'The most similar pair is A and B (cosine 0.40); the least similar is A and C (0.10).'
    """
    if len(sim) < 2:
        return "Similarity needs at least two texts to compare."
    a, b, best = most_similar_pair(sim)
    values = sim.to_numpy(dtype=float).copy()
    np.fill_diagonal(values, np.inf)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    low = f"; the least similar is {sim.index[i]} and {sim.columns[j]} ({values[i, j]:.2f})" if len(sim) > 2 else ""
    return f"The most similar pair is {a} and {b} (cosine {best:.2f}){low}."
