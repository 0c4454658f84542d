"""Two independent lexicons (TextBlob's pattern lexicon, AFINN) to triangulate VADER.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from corpus_tools.sentiment.vader import (
    SentimentError,
    _as_series,
    _prepare,
    vader_scores,
)

# --------------------------------------------------------------------------------------------
# Other lexicons
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _pattern_analyzer():
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


@lru_cache(maxsize=1)
def _afinn():
    from afinn import Afinn

    return Afinn(language="en", emoticons=False)


def textblob_scores(sentences, *, normalise_typography: bool = True) -> pd.DataFrame:
    """Score sentences with TextBlob's PatternAnalyzer (the Pattern library's lexicon).

    ``polarity`` in [-1, 1] is the mean polarity of the lexicon words found (mostly adjectives),
    after Pattern's own negation ("not") and intensifier ("very") rules; ``subjectivity`` in
    [0, 1]. No NLTK data is needed (``TextBlob(...).words`` would need punkt, and is not used).
    A sentence with no lexicon words gets polarity 0.

    Parameters
    ----------
    sentences
        List or Series of str.
    normalise_typography
        As in :func:`vader_scores`.

    Returns
    -------
    pandas.DataFrame
        Columns ``polarity``, ``subjectivity``; index as in :func:`vader_scores`.

    Examples
    --------
    >>> textblob_scores(["The book was good.", "The book was not good."]).round(3)
       polarity  subjectivity
    0      0.70           0.6
    1     -0.35           0.6
    """
    series = _as_series(sentences)
    analyzer = _pattern_analyzer()
    rows = [tuple(analyzer.analyze(_prepare(t, normalise_typography))) for t in series]
    return pd.DataFrame(rows, index=series.index, columns=["polarity", "subjectivity"],
                        dtype=float)


def afinn_scores(sentences, *, normalise_typography: bool = True) -> pd.DataFrame:
    """Score sentences with AFINN-165 (Nielsen 2011; words rated -5..+5, summed).

    AFINN has no negation or intensifier rules: ``afinn`` is the plain sum of the ratings of
    the words found, unbounded, and ``n_afinn_words`` counts them.

    Parameters
    ----------
    sentences
        List or Series of str.
    normalise_typography
        As in :func:`vader_scores`.

    Returns
    -------
    pandas.DataFrame
        Columns ``afinn`` (float), ``n_afinn_words`` (int); index as in :func:`vader_scores`.

    Examples
    --------
    >>> afinn_scores(["The book was good.", "This is bad and wrong."])
       afinn  n_afinn_words
    0    3.0              1
    1   -5.0              2
    """
    series = _as_series(sentences)
    scorer = _afinn()
    rows = []
    for text in series:
        ratings = scorer.scores_with_pattern(_prepare(text, normalise_typography))  # one rating per word found
        rows.append((float(sum(ratings)), len(ratings)))  # = scorer.score(text), len(scorer.find_all(text))
    return pd.DataFrame(rows, index=series.index, columns=["afinn", "n_afinn_words"]).astype(
        {"afinn": float, "n_afinn_words": int})


def lexicon_scores(sentences, *, normalise_typography: bool = True) -> pd.DataFrame:
    """Score sentences with all three lexicons: VADER compound, TextBlob polarity, AFINN sum.

    Parameters
    ----------
    sentences
        List or Series of str.
    normalise_typography
        As in :func:`vader_scores`.

    Returns
    -------
    pandas.DataFrame
        Columns ``vader``, ``textblob``, ``afinn``; index as in :func:`vader_scores`.

    Examples
    --------
    >>> lexicon_scores(["The book was good.", "This is bad and wrong."]).round(3)
       vader  textblob  afinn
    0  0.440       0.7    3.0
    1 -0.765      -0.6   -5.0
    """
    opts = {"normalise_typography": normalise_typography}
    return pd.DataFrame({
        "vader": vader_scores(sentences, **opts)["compound"],
        "textblob": textblob_scores(sentences, **opts)["polarity"],
        "afinn": afinn_scores(sentences, **opts)["afinn"],
    })


def _numeric_columns(df: pd.DataFrame, columns, *, who: str) -> list[str]:
    if not isinstance(df, pd.DataFrame):
        raise SentimentError(f"{who}: expected a DataFrame such as lexicon_scores(...).")
    cols = list(columns) if columns is not None else \
        [c for c in ("vader", "textblob", "afinn") if c in df.columns]
    if len(cols) < 2:
        raise SentimentError(f"{who}: need at least two score columns; got {cols}.")
    for col in cols:
        if col not in df.columns:
            raise SentimentError(f"{who}: column {col!r} is not in the table.")
        values = pd.to_numeric(df[col], errors="coerce")
        if values.isna().any():
            raise SentimentError(f"{who}: column {col!r} has missing or non-numeric values.")
        if values.nunique() < 2:
            raise SentimentError(f"{who}: column {col!r} is constant; correlations and "
                                 "normalisation are undefined.")
    if len(df) < 3:
        raise SentimentError(f"{who}: need at least 3 sentences, got {len(df)}.")
    return cols


def compare_lexicons(df: pd.DataFrame, *, columns=None) -> pd.DataFrame:
    """Correlate lexicon scores pairwise: Pearson r, Spearman rho and sign agreement.

    The scales differ (VADER compound and TextBlob polarity lie in [-1, 1], AFINN is an
    unbounded sum), and no rescaling is needed here: Pearson's r is unchanged by a linear
    rescaling of either score and Spearman's rho uses ranks only. ``sign_agreement`` is the share
    of sentences where both scores have the same sign (-, 0 or +), which depends only on where
    each lexicon puts zero.

    Parameters
    ----------
    df
        Table of scores, e.g. :func:`lexicon_scores`.
    columns
        Score columns to compare; default those of ``vader``, ``textblob``, ``afinn`` present.

    Returns
    -------
    pandas.DataFrame
        One row per pair (in column order): ``lexicon_a``, ``lexicon_b``, ``n``, ``pearson_r``,
        ``spearman_rho``, ``sign_agreement``.

    Examples
    --------
    >>> df = pd.DataFrame({"vader": [0.5, -0.2, 0.0, 0.9], "afinn": [3.0, -1.0, 1.0, 4.0]})
    >>> compare_lexicons(df).round(3)
      lexicon_a lexicon_b  n  pearson_r  spearman_rho  sign_agreement
    0     vader     afinn  4      0.969           1.0            0.75
    """
    from scipy import stats

    cols = _numeric_columns(df, columns, who="compare_lexicons")
    rows = []
    for i, a in enumerate(cols):
        for b in cols[i + 1:]:
            x, y = df[a].to_numpy(dtype=float), df[b].to_numpy(dtype=float)
            rows.append({"lexicon_a": a, "lexicon_b": b, "n": len(x),
                         "pearson_r": float(stats.pearsonr(x, y).statistic),
                         "spearman_rho": float(stats.spearmanr(x, y).statistic),
                         "sign_agreement": float(np.mean(np.sign(x) == np.sign(y)))})
    return pd.DataFrame(rows)


def most_disagreeing(df: pd.DataFrame, *, a: str = "vader", b: str = "afinn", n: int = 10,
                     method: str = "rank") -> pd.DataFrame:
    """Return the ``n`` sentences on which two lexicons disagree most, after normalisation.

    Parameters
    ----------
    df
        Table with score columns ``a`` and ``b`` (other columns, e.g. the text, are kept).
    a, b
        The two score columns.
    n
        Number of rows returned.
    method
        ``"rank"`` (default): each score becomes its percentile rank in [0, 1] (ties get
        their average rank), so only the order within this corpus matters and the very
        different units (VADER's bounded compound, AFINN's unbounded sum) drop out.
        ``"scale"``: each score is divided by its largest absolute value, giving [-1, 1]
        with 0 kept at 0 (so sign disagreements stand out, but one extreme sentence compresses
        all others).

    Returns
    -------
    pandas.DataFrame
        The rows of ``df`` plus ``<a>_norm``, ``<b>_norm`` and ``disagreement`` (``<a>_norm -
        <b>_norm``), sorted by absolute disagreement, largest first; ties keep input order.

    Examples
    --------
    >>> df = pd.DataFrame({"vader": [0.5, -0.2, 0.0, 0.9], "afinn": [3.0, -1.0, 1.0, -4.0]})
    >>> most_disagreeing(df, n=2, method="scale")
       vader  afinn  vader_norm  afinn_norm  disagreement
    3    0.9   -4.0         1.0       -1.00          2.00
    2    0.0    1.0         0.0        0.25         -0.25
    """
    cols = _numeric_columns(df, [a, b], who="most_disagreeing")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise SentimentError(f"most_disagreeing: n={n!r}; use a positive integer.")
    out = df.copy()
    for col in cols:
        values = pd.to_numeric(df[col]).astype(float)
        if method == "rank":
            out[f"{col}_norm"] = values.rank(method="average", pct=True)
        elif method == "scale":
            out[f"{col}_norm"] = values / values.abs().max()
        else:
            raise SentimentError(f"most_disagreeing: method={method!r}; use 'rank' or 'scale'.")
    out["disagreement"] = (out[f"{a}_norm"] - out[f"{b}_norm"]).round(4)
    out[f"{a}_norm"] = out[f"{a}_norm"].round(4)
    out[f"{b}_norm"] = out[f"{b}_norm"].round(4)
    order = np.argsort(-out["disagreement"].abs().to_numpy(), kind="stable")
    return out.iloc[order[:n]]
