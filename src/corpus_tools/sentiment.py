"""Sentence tone with VADER, checked against two other lexicons, audited for this debate.

What the module measures, and how a reader can check it:

* :func:`vader_scores` scores sentences with the reference implementation of VADER
  (``vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer``, Hutto & Gilbert 2014; not
  NLTK's port). ``compound`` is VADER's normalised sum of rule-adjusted word valences in
  [-1, 1]; ``neg``/``neu``/``pos`` are the shares of the sentence's tokens in each class.
* :func:`label_polarity` applies Hutto & Gilbert's convention: compound >= 0.05 positive,
  <= -0.05 negative, otherwise neutral.
* :func:`summarise_tone` aggregates per group with percentile-bootstrap intervals over sentences.
* :func:`textblob_scores`, :func:`afinn_scores`, :func:`compare_lexicons` and
  :func:`most_disagreeing` triangulate VADER with two independent lexicons.
* :func:`explain_sentence` shows the words that drove a score, before and after VADER's rules,
  computed by re-running the reference implementation's own steps (its own methods are called;
  only the loop of ``polarity_scores`` is repeated, and the tests check the result is identical).
* :func:`audit_lexicon`, :func:`load_domain_adjustments` and :func:`adjustment_effect` document
  and test domain adjustments (``resources/sentiment_domain_adjustments.yml``).
* :func:`tag_targets` marks sentences that mention each actor of the debate
  (``resources/sentiment_targets.yml``).

Typography. VADER splits on white space and strips only ASCII punctuation from token edges, so
``“inhumane”`` is looked up as ``“inhumane”`` and missed, ``detained.”`` is missed, and
``children—including`` is one unknown token; a curly apostrophe also hides VADER's "n't"
negation. The project's cleaned text keeps curly quotes and unspaced em dashes, so by default
every scorer here first applies :func:`normalise_typography` (curly quotes to ASCII quotes,
dashes spaced). Case, ``!`` and ``?`` are never changed: VADER uses them. Pass
``normalise_typography=False`` to feed text exactly as written.

VADER's results are deterministic; the default analyser is built once and cached (it is never
modified: adjusted scoring uses a separate copy of the lexicon).
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from corpus_tools.errors import CorpusError
from corpus_tools.resources import load_resource
from corpus_tools.stats import group_seed, percentile_interval, resample_indices
from corpus_tools.textnorm import ASCII_QUOTES, space_dashes

__all__ = [
    "SentimentError",
    "normalise_typography",
    "vader_scores",
    "label_polarity",
    "summarise_tone",
    "textblob_scores",
    "afinn_scores",
    "lexicon_scores",
    "compare_lexicons",
    "most_disagreeing",
    "explain_sentence",
    "load_domain_adjustments",
    "audit_lexicon",
    "adjustment_effect",
    "load_targets",
    "tag_targets",
    "extract_target_mentions",
    "plot_tone_distribution",
    "plot_lexicon_agreement",
]

#: Hutto & Gilbert's (2014) threshold for calling a compound score positive or negative.
THRESHOLD = 0.05
LABELS = ("positive", "neutral", "negative")
_ACTIONS = ("keep", "neutralise", "borrow")
_SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]


class SentimentError(CorpusError):
    """Bad input to a sentiment function, or a malformed sentiment resource file.

    Examples
    --------
    >>> issubclass(SentimentError, ValueError)
    True
    """


# --------------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------------




def normalise_typography(text: str) -> str:
    """Return ``text`` with curly quotes made ASCII and dashes spaced, so VADER can see words.

    Curly double quotes become ``"``, curly single quotes and apostrophes become ``'``; an en
    or em dash (spaced or not) becomes `` — `` with one space on each side, i.e. its own token,
    as if the writer had spaced it. Nothing else changes (case, ``!``, ``?`` are VADER cues).

    Parameters
    ----------
    text
        One sentence.

    Returns
    -------
    str

    Examples
    --------
    >>> normalise_typography("the policy is “inhumane”—and it doesn’t work")
    'the policy is "inhumane" — and it doesn\\'t work'
    """
    return space_dashes(text.translate(ASCII_QUOTES))


def _as_series(sentences, *, what: str = "sentences") -> pd.Series:
    """Validate a sequence of strings; return an object Series (index kept if a Series)."""
    if isinstance(sentences, str):
        raise SentimentError(
            f"{what}: got a single string; pass a list or pandas Series of sentences, "
            "e.g. [text] for one sentence.")
    if isinstance(sentences, pd.DataFrame):
        raise SentimentError(f"{what}: got a DataFrame; pass one column, e.g. sentences['text'].")
    if isinstance(sentences, pd.Series):
        series = sentences.astype(object)
    elif isinstance(sentences, (Sequence, np.ndarray, pd.Index)):
        series = pd.Series(list(sentences), dtype=object)
    else:
        raise SentimentError(f"{what}: expected a list or pandas Series of str, got "
                             f"{type(sentences).__name__}.")
    for label, value in series.items():
        if not isinstance(value, str):
            raise SentimentError(
                f"{what}: entry at index {label!r} is {value!r} ({type(value).__name__}), not a "
                "string. Fix: drop or fill missing sentences before scoring.")
    return series


def _prepare(text: str, normalise: bool) -> str:
    return normalise_typography(text) if normalise else text


# --------------------------------------------------------------------------------------------
# VADER
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _default_analyzer():
    """The reference analyser with VADER's own lexicon; built once, never modified."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@dataclass(frozen=True)
class _Adjustments:
    """Normalised adjustments: lexicon updates (None = remove) and neutralised phrases."""

    updates: tuple[tuple[str, float | None], ...]
    phrases: tuple[tuple[str, ...], ...]


def _analyzer_for(adj: _Adjustments | None):
    """Return the cached default analyser, or a separate copy with an adjusted lexicon."""
    base = _default_analyzer()
    if adj is None or not adj.updates:
        return base
    analyzer = copy.copy(base)
    lexicon = dict(base.lexicon)
    for word, valence in adj.updates:
        if valence is None:
            lexicon.pop(word, None)
        else:
            lexicon[word] = float(valence)
    analyzer.lexicon = lexicon
    return analyzer


def _parse_adjustments(adjustments) -> _Adjustments | None:
    """Accept None, a table from :func:`load_domain_adjustments`, a YAML path, or a mapping."""
    if adjustments is None:
        return None
    lexicon = _default_analyzer().lexicon
    if isinstance(adjustments, (str, Path)):
        adjustments = load_domain_adjustments(adjustments)
    updates: list[tuple[str, float | None]] = []
    phrases: list[tuple[str, ...]] = []
    if isinstance(adjustments, pd.DataFrame):
        missing = {"word", "action", "borrow_from"} - set(adjustments.columns)
        if missing:
            raise SentimentError(
                f"adjustments: table lacks column(s) {sorted(missing)}. Fix: pass the table "
                "returned by load_domain_adjustments().")
        for row in adjustments.itertuples(index=False):
            word = _check_word(row.word, where="adjustments")
            if row.action == "keep":
                continue
            if row.action == "neutralise":
                if " " in word:
                    phrases.append(tuple(word.split(" ")))
                else:
                    updates.append((word, None))
            elif row.action == "borrow":
                if row.borrow_from not in lexicon:
                    raise SentimentError(f"adjustments, {word!r}: borrow_from {row.borrow_from!r} "
                                         "is not a VADER lexicon word.")
                updates.append((word, lexicon[row.borrow_from]))
            else:
                raise SentimentError(f"adjustments, {word!r}: action {row.action!r} is not one of "
                                     f"{', '.join(_ACTIONS)}.")
    elif isinstance(adjustments, Mapping):
        for word, valence in adjustments.items():
            word = _check_word(word, where="adjustments")
            if valence is not None and (isinstance(valence, bool)
                                        or not isinstance(valence, (int, float))
                                        or not math.isfinite(valence)):
                raise SentimentError(f"adjustments, {word!r}: valence {valence!r} must be a "
                                     "finite number or None.")
            neutral = valence is None or valence == 0
            if " " in word:
                if not neutral:
                    raise SentimentError(
                        f"adjustments, {word!r}: a phrase can only be neutralised (None or 0); "
                        "VADER's lexicon holds single tokens.")
                phrases.append(tuple(word.split(" ")))
            else:
                updates.append((word, None if neutral else float(valence)))
    else:
        raise SentimentError("adjustments: expected None, a table from load_domain_adjustments(), "
                             f"a YAML path or a dict, got {type(adjustments).__name__}.")
    return _Adjustments(tuple(updates), tuple(phrases))


def _check_word(word, *, where: str) -> str:
    if not isinstance(word, str) or not word or word != word.strip() or "  " in word:
        raise SentimentError(f"{where}: word {word!r} must be a non-empty string without leading, "
                             "trailing or double spaces.")
    if word != word.lower():
        raise SentimentError(f"{where}: word {word!r} must be lowercase (VADER lowercases tokens "
                             "before the lexicon look-up).")
    return word


@dataclass
class _Trace:
    text: str
    tokens: list[str]
    lexicon_valence: list[float | None]
    looked_up: list[bool]
    rule_valence: list[float]
    masked: list[bool]
    final_valence: list[float]
    scores: dict


def _vader_trace(analyzer, text: str, phrases: tuple[tuple[str, ...], ...] = ()) -> _Trace:
    """Re-run ``SentimentIntensityAnalyzer.polarity_scores`` step by step, keeping every list.

    The loop below is the loop of ``polarity_scores`` in vaderSentiment 3.3.2; every rule is
    applied by the analyser's own methods (``sentiment_valence``, ``_but_check``,
    ``score_valence``). Tokens of neutralised ``phrases`` get valence 0 after the rules and
    before the "but" rule.
    """
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    # 1. emoji -> description, exactly as polarity_scores does
    text_no_emoji, prev_space = "", True
    for ch in text:
        if ch in analyzer.emojis:
            if not prev_space:
                text_no_emoji += " "
            text_no_emoji += analyzer.emojis[ch]
            prev_space = False
        else:
            text_no_emoji += ch
            prev_space = ch == " "
    text = text_no_emoji.strip()
    sentitext = SentiText(text)
    tokens = sentitext.words_and_emoticons
    sentiments: list[float] = []
    looked_up: list[bool] = []
    for i, item in enumerate(tokens):
        lower = item.lower()
        if lower in BOOSTER_DICT or (i < len(tokens) - 1 and lower == "kind"
                                     and tokens[i + 1].lower() == "of"):
            sentiments.append(0)
            looked_up.append(False)
            continue
        sentiments = analyzer.sentiment_valence(0, sentitext, item, i, sentiments)
        looked_up.append(lower in analyzer.lexicon)
    rule_valence = list(sentiments)
    masked = [False] * len(tokens)
    if phrases:
        lowered = [t.lower() for t in tokens]
        for phrase in phrases:
            k = len(phrase)
            for start in range(len(lowered) - k + 1):
                if tuple(lowered[start:start + k]) == phrase:
                    for j in range(start, start + k):
                        masked[j] = True
        sentiments = [0.0 if m else s for s, m in zip(sentiments, masked)]
    final = analyzer._but_check(tokens, sentiments)
    scores = analyzer.score_valence(final, text)
    lexicon_valence = [analyzer.lexicon.get(t.lower()) if lk else None
                       for t, lk in zip(tokens, looked_up)]
    return _Trace(text, tokens, lexicon_valence, looked_up, rule_valence, masked, list(final),
                  scores)


def vader_scores(sentences, *, adjustments=None, normalise_typography: bool = True) -> pd.DataFrame:
    """Score each sentence with the reference VADER implementation.

    Parameters
    ----------
    sentences
        List or pandas Series of str (one sentence each). A bare string, ``None`` or any
        non-string entry raises :class:`SentimentError`.
    adjustments
        ``None`` (default): VADER's own lexicon. Otherwise domain adjustments, scored with a
        separate analyser whose lexicon is an adjusted copy (the cached default is never
        changed): the table from :func:`load_domain_adjustments`, a path to such a YAML file, or a
        dict ``{word: valence}`` where ``None`` or ``0`` removes the word (it then scores like
        any unknown word) and a phrase key ("zero tolerance") neutralises its tokens.
    normalise_typography
        Apply :func:`normalise_typography` first (default True; see the module notes).

    Returns
    -------
    pandas.DataFrame
        One row per sentence, in input order, index equal to the input Series' index (else
        0..n-1). Columns: ``neg``, ``neu``, ``pos``, ``compound`` (VADER's values, rounded by
        VADER to 3 and 4 decimals); ``n_tokens`` (VADER's white-space tokens);
        ``n_lexicon_words`` (tokens whose valence came from the lexicon in use; phrase-neutralised
        tokens not counted); ``scored`` (False when the sentence has no tokens).

    Notes
    -----
    Defined edge cases (all tested):

    * Empty or white-space-only sentence: VADER's own result ``neg = neu = pos = compound = 0``,
      with ``n_tokens = 0`` and ``scored = False``. :func:`summarise_tone` refuses such rows
      until you drop them.
    * Non-English text: VADER does no language detection; it looks tokens up in its English
      lexicon, so text with no English lexicon words gets ``compound = 0``, ``neu = 1`` and
      ``n_lexicon_words = 0`` (a false friend such as Spanish "no" can still match). Use
      ``n_lexicon_words`` to find sentences VADER could not read.
    * Very long sentences are scored whole, not truncated. ``compound = s / sqrt(s**2 + 15)``
      of the summed valences ``s`` saturates towards +-1 as lexicon words accumulate, so the
      compound of a long text is not comparable with that of a sentence; check ``n_tokens``.

    Examples
    --------
    >>> vader_scores(["VADER is smart, handsome, and funny.", "   "])
       neg    neu    pos  compound  n_tokens  n_lexicon_words  scored
    0  0.0  0.254  0.746    0.8316         6                3    True
    1  0.0  0.000  0.000    0.0000         0                0   False
    """
    series = _as_series(sentences)
    adj = _parse_adjustments(adjustments)
    analyzer = _analyzer_for(adj)
    phrases = adj.phrases if adj is not None else ()
    rows = []
    for text in series:
        prepared = _prepare(text, normalise_typography)
        trace = _vader_trace(analyzer, prepared, phrases)
        # The numbers come straight from the reference method whenever no phrase is masked.
        scores = trace.scores if any(trace.masked) else analyzer.polarity_scores(prepared)
        n_lex = sum(1 for lk, m in zip(trace.looked_up, trace.masked) if lk and not m)
        rows.append([scores["neg"], scores["neu"], scores["pos"], scores["compound"],
                     len(trace.tokens), n_lex, len(trace.tokens) > 0])
    out = pd.DataFrame(rows, index=series.index,
                       columns=_SCORE_COLUMNS + ["n_tokens", "n_lexicon_words", "scored"])
    out = out.astype({"neg": float, "neu": float, "pos": float, "compound": float,
                      "n_tokens": int, "n_lexicon_words": int, "scored": bool})
    return out


def label_polarity(compound, *, threshold: float = THRESHOLD):
    """Label compound scores "positive", "neutral" or "negative" (Hutto & Gilbert's cut-offs).

    ``compound >= threshold`` is positive, ``compound <= -threshold`` negative, anything in
    between neutral. The boundary values themselves (0.05, -0.05) are therefore not neutral.

    Parameters
    ----------
    compound
        A number, or a list / array / Series of numbers in [-1, 1]. NaN is an error.
    threshold
        Half-width of the neutral band, in [0, 1); default 0.05.

    Returns
    -------
    str or pandas.Series
        A str for a scalar input; otherwise a Series of str (index kept for a Series input).

    Examples
    --------
    >>> label_polarity(0.05), label_polarity(0.0499), label_polarity(-0.05)
    ('positive', 'neutral', 'negative')
    >>> label_polarity([0.8316, -0.7424, 0.0]).tolist()
    ['positive', 'negative', 'neutral']
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) \
            or not 0 <= threshold < 1:
        raise SentimentError(f"label_polarity: threshold {threshold!r} must be a number in [0, 1).")
    scalar = np.ndim(compound) == 0 and not isinstance(compound, pd.Series)
    if scalar:
        values = pd.Series([compound], dtype=object)
    elif isinstance(compound, pd.Series):
        values = compound
    else:
        values = pd.Series(list(compound))
    try:
        numbers = pd.to_numeric(values, errors="raise").astype(float)
    except (TypeError, ValueError):
        raise SentimentError("label_polarity: compound scores must be numbers.") from None
    if numbers.isna().any():
        where = numbers.index[numbers.isna()][0]
        raise SentimentError(f"label_polarity: compound at index {where!r} is missing (NaN). "
                             "Fix: drop unscored rows first.")
    if ((numbers < -1) | (numbers > 1)).any():
        raise SentimentError("label_polarity: compound scores must lie in [-1, 1]; these "
                             "cut-offs are for VADER's compound (or TextBlob polarity).")
    labels = np.where(numbers >= threshold, "positive",
                      np.where(numbers <= -threshold, "negative", "neutral"))
    if scalar:
        return str(labels[0])
    return pd.Series(labels, index=numbers.index, dtype=object, name="polarity")


# --------------------------------------------------------------------------------------------
# Aggregation
# --------------------------------------------------------------------------------------------

def summarise_tone(scores: pd.DataFrame, *, by, column: str = "compound", n_boot: int = 2000,
                   seed: int = 0, level: float = 0.95,
                   threshold: float = THRESHOLD) -> pd.DataFrame:
    """Summarise sentence tone per group, with percentile-bootstrap intervals over sentences.

    Parameters
    ----------
    scores
        One row per sentence with the ``by`` column(s) and a numeric ``column`` (e.g.
        :func:`vader_scores` joined to the sentences table). If a ``scored`` column is present it
        must be all True (drop empty sentences first; nothing is dropped silently).
    by
        Column name or list of names to group on. Missing values are an error.
    column
        Score column; default ``"compound"``.
    n_boot
        Bootstrap resamples per group (>= 100).
    seed
        Seed. Each group draws from its own ``numpy.random.Generator`` seeded with
        ``[seed, crc32(group key)]``, so a group's interval does not depend on which other groups
        are present or on their order.
    level
        Interval level in (0, 1); the bounds are the ``(1 - level) / 2`` and ``(1 + level) / 2``
        quantiles (numpy's linear method) of the bootstrap distribution.
    threshold
        Neutral band half-width for the shares (see :func:`label_polarity`).

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by group: the ``by`` column(s), ``n`` (sentences),
        ``mean``, ``mean_low``, ``mean_high``, ``median``, and for each of positive, neutral,
        negative: ``share_<label>``, ``share_<label>_low``, ``share_<label>_high``.
        Sentences are resampled with replacement within each group; each resample gives a mean
        and three shares. A group of one sentence has no sampling variability to estimate:
        its interval columns are NaN (documented, not an error). A group of identical values has
        a zero-width interval. Sentences of one article are not independent, so read the
        intervals as descriptive of these sentences, not as inference to other articles.

    Raises
    ------
    SentimentError
        Empty table, missing column, missing values, unscored rows, an empty category of a
        categorical ``by`` column, or a bad option.

    Examples
    --------
    >>> df = pd.DataFrame({"doc": ["a", "a", "a", "a", "b"],
    ...                    "compound": [0.5, 0.5, -0.5, 0.0, 0.3]})
    >>> out = summarise_tone(df, by="doc", n_boot=200)
    >>> out[["doc", "n", "mean", "share_positive", "share_negative"]]
      doc  n   mean  share_positive  share_negative
    0   a  4  0.125             0.5            0.25
    1   b  1  0.300             1.0            0.00
    >>> bool(out.loc[1, ["mean_low", "mean_high"]].isna().all())
    True
    """
    if not isinstance(scores, pd.DataFrame):
        raise SentimentError("summarise_tone: scores must be a pandas DataFrame.")
    by_cols = [by] if isinstance(by, str) else list(by)
    if not by_cols:
        raise SentimentError("summarise_tone: 'by' names no column.")
    for col in by_cols + [column]:
        if col not in scores.columns:
            raise SentimentError(f"summarise_tone: column {col!r} is not in the table "
                                 f"(columns: {list(scores.columns)}).")
    if len(scores) == 0:
        raise SentimentError("summarise_tone: the table is empty; there is nothing to summarise.")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise SentimentError(f"summarise_tone: n_boot={n_boot!r}; use an integer >= 100.")
    if not (isinstance(level, float) and 0 < level < 1):
        raise SentimentError(f"summarise_tone: level={level!r}; use a float in (0, 1), e.g. 0.95.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise SentimentError(f"summarise_tone: seed={seed!r}; use a non-negative integer.")
    if "scored" in scores.columns and not scores["scored"].astype(bool).all():
        n_bad = int((~scores["scored"].astype(bool)).sum())
        raise SentimentError(f"summarise_tone: {n_bad} row(s) have scored == False (empty "
                             "sentences). Fix: scores[scores['scored']] before summarising.")
    for col in by_cols:
        if scores[col].isna().any():
            raise SentimentError(f"summarise_tone: group column {col!r} has missing values; "
                                 "fill or drop them first.")
        if isinstance(scores[col].dtype, pd.CategoricalDtype):
            unused = sorted(set(scores[col].cat.categories) - set(scores[col].dropna()), key=str)
            if unused:
                raise SentimentError(
                    f"summarise_tone: group(s) {unused} of {col!r} have no sentences. Fix: "
                    f"scores[{col!r}] = scores[{col!r}].cat.remove_unused_categories().")
    values = pd.to_numeric(scores[column], errors="coerce")
    if values.isna().any():
        raise SentimentError(f"summarise_tone: column {column!r} has missing or non-numeric "
                             "values.")
    labels = label_polarity(values, threshold=threshold)
    codes = labels.map({lab: i for i, lab in enumerate(LABELS)}).to_numpy(dtype=int)
    x_all = values.to_numpy(dtype=float)
    positions = scores[by_cols].assign(_position=np.arange(len(scores)))
    rows = []
    # sort=True: groups in sorted order (numbers numerically, categories in category order)
    for key, frame in positions.groupby(by_cols, sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        pos = frame["_position"].to_numpy()
        x, c = x_all[pos], codes[pos]
        n = len(x)
        row = dict(zip(by_cols, key))
        row.update(n=n, mean=float(np.mean(x)))
        shares = [float(np.mean(c == i)) for i in range(3)]
        if n >= 2:
            rng = np.random.default_rng(group_seed(seed, key))
            idx = resample_indices(n, n_boot=n_boot, rng=rng)
            boot_mean = x[idx].mean(axis=1)
            boot_share = [(c[idx] == i).mean(axis=1) for i in range(3)]
            mean_ci = percentile_interval(boot_mean, level=level)
            share_ci = [percentile_interval(b, level=level) for b in boot_share]
        else:
            mean_ci = [np.nan, np.nan]
            share_ci = [[np.nan, np.nan]] * 3
        row.update(mean_low=float(mean_ci[0]), mean_high=float(mean_ci[1]),
                   median=float(np.median(x)))
        for i, lab in enumerate(LABELS):
            row[f"share_{lab}"] = shares[i]
            row[f"share_{lab}_low"] = float(share_ci[i][0])
            row[f"share_{lab}_high"] = float(share_ci[i][1])
        rows.append(row)
    return pd.DataFrame(rows)


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
        prepared = _prepare(text, normalise_typography)
        rows.append((float(scorer.score(prepared)), len(scorer.find_all(prepared))))
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


# --------------------------------------------------------------------------------------------
# Word-level explanations
# --------------------------------------------------------------------------------------------

def _modifiers(trace: _Trace, i: int, is_cap_diff: bool, analyzer) -> str:
    """Describe the rule triggers VADER checks around token ``i`` (descriptive only)."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, negated

    notes = []
    tokens = trace.tokens
    if tokens[i].lower() == "no" and i < len(tokens) - 1 and tokens[i + 1].lower() in analyzer.lexicon:
        notes.append("'no' before a lexicon word: own valence 0, negates that word")
    for dist in (1, 2, 3):
        j = i - dist
        if j < 0:
            break
        word = tokens[j]
        low = word.lower()
        if low == "no" and (dist < 3 or tokens[i - 1].lower() in ("or", "nor")):
            notes.append(f"negation '{word}' (-{dist})")  # VADER's separate "no" rule
            continue
        if low in analyzer.lexicon:
            continue  # VADER skips lexicon words when looking for modifiers
        if low in BOOSTER_DICT:
            notes.append(f"booster '{word}' (-{dist})")
        elif negated([low]):
            notes.append(f"negation '{word}' (-{dist})")
        elif low == "least" and dist == 1:
            notes.append("'least' (-1)")
    if tokens[i].isupper() and is_cap_diff:
        notes.append("ALL CAPS")
    lowered = [t.lower() for t in tokens]
    if "but" in lowered:
        bi = lowered.index("but")
        if i < bi:
            notes.append("before 'but' (x0.5)")
        elif i > bi:
            notes.append("after 'but' (x1.5)")
    if trace.masked[i]:
        notes.append("phrase neutralised")
    return "; ".join(notes)


def explain_sentence(sentence: str, *, adjustments=None, normalise_typography: bool = True,
                     all_tokens: bool = False) -> pd.DataFrame:
    """Show the words that drove VADER's score of one sentence, before and after its rules.

    VADER's own steps are re-run (its ``sentiment_valence``, ``_but_check`` and
    ``score_valence`` methods are called on its own tokens), so the numbers are those the
    reference implementation sums: ``compound = s / sqrt(s**2 + 15)`` with ``s`` the sum of
    ``final_valence`` plus VADER's ``!``/``?`` emphasis (0.292 per "!", up to 4), rounded to 4
    decimals. The tests check the re-run reproduces ``polarity_scores`` exactly.

    Parameters
    ----------
    sentence
        One sentence (str).
    adjustments
        As in :func:`vader_scores`; explains the adjusted score.
    normalise_typography
        As in :func:`vader_scores`.
    all_tokens
        False (default): only tokens found in the lexicon or with a non-zero valence.
        True: every VADER token.

    Returns
    -------
    pandas.DataFrame
        ``position`` (token index), ``token`` (as VADER sees it: white-space split, outer ASCII
        punctuation stripped), ``lexicon_valence`` (raw value in the lexicon used, NaN if the
        token is not in it), ``rule_valence`` (after booster, negation, ALL-CAPS, idiom and
        "least" rules), ``final_valence`` (after the "but" rule and phrase neutralisation: what
        enters the sum), ``modifiers`` (the triggers VADER checks near the token: boosters and
        negations up to 3 tokens back, ALL CAPS, position relative to "but"; descriptive, the
        numbers are authoritative).

    Notes
    -----
    VADER's "but" rule finds each value with ``list.index``, so when two tokens share the same
    valence the multiplier can land on a different occurrence than the position suggests; the
    ``final_valence`` column shows what VADER actually used.

    Examples
    --------
    >>> words = explain_sentence("VADER is not smart, handsome, nor funny.")
    >>> words[["position", "token", "lexicon_valence", "rule_valence", "final_valence"]]
       position     token  lexicon_valence  rule_valence  final_valence
    0         3     smart              1.7        -1.258         -1.258
    1         4  handsome              2.2        -1.628         -1.628
    2         6     funny              1.9        -1.406         -1.406
    >>> words["modifiers"].tolist()
    ["negation 'not' (-1)", "negation 'not' (-2)", "negation 'nor' (-1)"]
    """
    if not isinstance(sentence, str):
        raise SentimentError(f"explain_sentence: expected one sentence (str), got "
                             f"{type(sentence).__name__}.")
    adj = _parse_adjustments(adjustments)
    analyzer = _analyzer_for(adj)
    trace = _vader_trace(analyzer, _prepare(sentence, normalise_typography),
                         adj.phrases if adj is not None else ())
    from vaderSentiment.vaderSentiment import allcap_differential

    is_cap_diff = allcap_differential(trace.tokens)
    rows = []
    for i, token in enumerate(trace.tokens):
        keep = all_tokens or trace.lexicon_valence[i] is not None or trace.final_valence[i] != 0 \
            or trace.rule_valence[i] != 0
        if not keep:
            continue
        lex = trace.lexicon_valence[i]
        rows.append({"position": i, "token": token,
                     "lexicon_valence": float("nan") if lex is None else float(lex),
                     "rule_valence": round(float(trace.rule_valence[i]), 4),
                     "final_valence": round(float(trace.final_valence[i]), 4),
                     "modifiers": _modifiers(trace, i, is_cap_diff, analyzer)})
    columns = ["position", "token", "lexicon_valence", "rule_valence", "final_valence", "modifiers"]
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"position": int, "lexicon_valence": float, "rule_valence": float,
                       "final_valence": float})


# --------------------------------------------------------------------------------------------
# Domain audit
# --------------------------------------------------------------------------------------------

def load_domain_adjustments(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate the domain adjustments (the shipped YAML by default).

    Parameters
    ----------
    path
        YAML file with a top-level ``entries`` list (fields: word, action, borrow_from,
        rationale; see ``resources/sentiment_domain_adjustments.yml``); ``None`` for that file.

    Returns
    -------
    pandas.DataFrame
        Columns ``word``, ``is_phrase``, ``action``, ``borrow_from`` ("" unless borrowing),
        ``rationale``, in file order.

    Raises
    ------
    SentimentError
        Naming the file, the entry and the field: unreadable YAML, missing or unknown fields,
        duplicate words, upper-case words, an unknown action, ``borrow`` on a phrase or from a
        word VADER lacks, ``neutralise`` of a single word VADER lacks (it would do nothing:
        use ``keep``).

    Examples
    --------
    >>> table = load_domain_adjustments()
    >>> table.set_index("word").loc[["detention", "zero tolerance", "inhumane"], "action"].tolist()
    ['neutralise', 'neutralise', 'borrow']
    """
    return load_resource(path, _parse_adjustments_file, name="sentiment_domain_adjustments.yml",
                         missing=_missing_file("domain adjustments")).copy()


def _missing_file(what: str):
    return lambda p: SentimentError(f"{p}: cannot read {what} (file not found). Fix: check the path.")


def _parse_adjustments_file(path: Path) -> pd.DataFrame:
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise SentimentError(f"{path}: cannot read domain adjustments ({err}). Fix: check the "
                             "path and the YAML syntax.") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list) or not doc["entries"]:
        raise SentimentError(f"{path}: expected a non-empty top-level 'entries:' list. Fix: see "
                             "resources/sentiment_domain_adjustments.yml.")
    lexicon = _default_analyzer().lexicon
    rows, seen = [], set()
    for i, entry in enumerate(doc["entries"], start=1):
        where = f"{path}, entry {i}"
        if not isinstance(entry, dict):
            raise SentimentError(f"{where}: expected a mapping with word, action, rationale.")
        where = f"{path}, entry {i} ({entry.get('word', 'no word')!r})"
        for field in ("word", "action", "rationale"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise SentimentError(f"{where}: field '{field}' is missing or empty.")
        unknown = set(entry) - {"word", "action", "borrow_from", "rationale"}
        if unknown:
            raise SentimentError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
        word = _check_word(entry["word"], where=f"{where}, field 'word'")
        if word in seen:
            raise SentimentError(f"{where}: duplicate word {word!r}. Fix: list each word once.")
        seen.add(word)
        action = entry["action"]
        if action not in _ACTIONS:
            raise SentimentError(f"{where}: field 'action' is {action!r}; use one of "
                                 f"{', '.join(_ACTIONS)}.")
        is_phrase = " " in word
        borrow_from = entry.get("borrow_from", "")
        if action == "borrow":
            if is_phrase:
                raise SentimentError(f"{where}: field 'action': a phrase cannot borrow a valence "
                                     "(VADER's lexicon holds single tokens); use neutralise or keep.")
            if not isinstance(borrow_from, str) or borrow_from not in lexicon:
                raise SentimentError(f"{where}: field 'borrow_from' is {borrow_from!r}; it must be "
                                     "a word in VADER's lexicon.")
        elif "borrow_from" in entry:
            raise SentimentError(f"{where}: field 'borrow_from' is only allowed with action borrow.")
        if action == "neutralise" and not is_phrase and word not in lexicon:
            raise SentimentError(f"{where}: field 'action': {word!r} is not in VADER's lexicon, so "
                                 "neutralising it does nothing. Fix: use action keep.")
        if "\n" in entry["rationale"].strip():
            raise SentimentError(f"{where}: field 'rationale' must be one line.")
        rows.append({"word": word, "is_phrase": is_phrase, "action": action,
                     "borrow_from": borrow_from, "rationale": entry["rationale"].strip()})
    return pd.DataFrame(rows, columns=["word", "is_phrase", "action", "borrow_from", "rationale"])


def _token_lists(texts, normalise: bool) -> list[list[str]]:
    analyzer = _default_analyzer()
    return [[t.lower() for t in _vader_trace(analyzer, _prepare(t, normalise)).tokens]
            for t in texts]


def audit_lexicon(words=None, *, adjustments=None, texts=None,
                  normalise_typography: bool = True) -> pd.DataFrame:
    """Look domain words up in VADER's lexicon and show each documented adjustment.

    Parameters
    ----------
    words
        Words or phrases to audit (lowercased). ``None``: every entry of ``adjustments``.
        Words not listed there get action ``"unlisted"``.
    adjustments
        Table from :func:`load_domain_adjustments` (default: the shipped file).
    texts
        Optional sentences; adds ``n_texts``, the number of texts in which the word (or phrase,
        as consecutive tokens) occurs as a VADER token, case-insensitively.
    normalise_typography
        Used when counting in ``texts``.

    Returns
    -------
    pandas.DataFrame
        ``word``, ``is_phrase``, ``in_lexicon`` (a single word VADER knows; always False for a
        phrase), ``vader_valence`` (the lexicon value, 0.0 when absent, as VADER scores unknown
        words; for a phrase the sum over its words, i.e. what VADER adds before its rules),
        ``components`` (``word=value`` for each word), ``action``, ``borrow_from``,
        ``adjusted_valence`` (0.0 for neutralise, the borrowed value for borrow, unchanged
        otherwise), ``rationale`` [, ``n_texts``].

    Examples
    --------
    >>> audit_lexicon(["detention", "zero tolerance", "asylum"])[
    ...     ["word", "in_lexicon", "vader_valence", "action", "adjusted_valence"]]
                 word  in_lexicon  vader_valence      action  adjusted_valence
    0       detention        True           -1.5  neutralise               0.0
    1  zero tolerance       False            1.2  neutralise               0.0
    2          asylum       False            0.0        keep               0.0
    """
    table = load_domain_adjustments() if adjustments is None else adjustments
    if not isinstance(table, pd.DataFrame) or \
            not {"word", "action", "borrow_from", "rationale"} <= set(table.columns):
        raise SentimentError("audit_lexicon: adjustments must be the table returned by "
                             "load_domain_adjustments().")
    if words is None:
        words = list(table["word"])
    elif isinstance(words, str):
        raise SentimentError("audit_lexicon: pass a list of words, e.g. ['detention'].")
    lexicon = _default_analyzer().lexicon
    by_word = table.set_index("word")
    token_lists = None
    if texts is not None:
        token_lists = _token_lists(_as_series(texts, what="texts"), normalise_typography)
    rows = []
    for raw in words:
        if not isinstance(raw, str) or not raw.strip():
            raise SentimentError(f"audit_lexicon: word {raw!r} must be a non-empty string.")
        word = " ".join(raw.lower().split())
        parts = word.split(" ")
        values = [lexicon.get(p, 0.0) for p in parts]
        is_phrase = len(parts) > 1
        vader_valence = float(sum(values))
        if word in by_word.index:
            entry = by_word.loc[word]
            action, borrow_from, rationale = entry["action"], entry["borrow_from"], entry["rationale"]
        else:
            action, borrow_from, rationale = "unlisted", "", "(not in the domain adjustment file)"
        if action == "neutralise":
            adjusted = 0.0
        elif action == "borrow":
            adjusted = float(lexicon[borrow_from])
        else:
            adjusted = vader_valence
        row = {"word": word, "is_phrase": is_phrase,
               "in_lexicon": (not is_phrase) and word in lexicon,
               "vader_valence": vader_valence,
               "components": " ".join(f"{p}={v:+.1f}" for p, v in zip(parts, values)),
               "action": action, "borrow_from": borrow_from, "adjusted_valence": adjusted,
               "rationale": rationale}
        if token_lists is not None:
            k = len(parts)
            row["n_texts"] = sum(
                any(toks[s:s + k] == parts for s in range(len(toks) - k + 1))
                for toks in token_lists)
        rows.append(row)
    return pd.DataFrame(rows)


def adjustment_effect(sentences, *, adjustments=None, normalise_typography: bool = True,
                      threshold: float = THRESHOLD) -> pd.DataFrame:
    """Compare VADER's default and domain-adjusted compound per sentence.

    Parameters
    ----------
    sentences
        List or Series of str.
    adjustments
        As in :func:`vader_scores`; ``None`` here means the shipped domain adjustments.
    normalise_typography
        As in :func:`vader_scores`.
    threshold
        For the labels (see :func:`label_polarity`).

    Returns
    -------
    pandas.DataFrame
        ``compound_default``, ``compound_adjusted``, ``difference`` (adjusted - default),
        ``label_default``, ``label_adjusted``, ``label_changed``; index as in
        :func:`vader_scores`.

    Examples
    --------
    >>> effect = adjustment_effect(["Sessions announced the zero tolerance policy."])
    >>> [v.item() if hasattr(v, "item") else v for v in effect.iloc[0]]
    [0.296, 0.0, -0.296, 'positive', 'neutral', True]
    """
    table = load_domain_adjustments() if adjustments is None else adjustments
    default = vader_scores(sentences, normalise_typography=normalise_typography)
    adjusted = vader_scores(sentences, adjustments=table,
                            normalise_typography=normalise_typography)
    out = pd.DataFrame({"compound_default": default["compound"],
                        "compound_adjusted": adjusted["compound"]})
    out["difference"] = (out["compound_adjusted"] - out["compound_default"]).round(4)
    out["label_default"] = label_polarity(out["compound_default"], threshold=threshold)
    out["label_adjusted"] = label_polarity(out["compound_adjusted"], threshold=threshold)
    out["label_changed"] = out["label_default"] != out["label_adjusted"]
    return out


# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------

_TARGET_NAME = re.compile(r"[a-z][a-z0-9_]*")


def load_targets(path: str | Path | None = None) -> dict[str, re.Pattern]:
    """Load and validate actor patterns (the shipped ``sentiment_targets.yml`` by default).

    Parameters
    ----------
    path
        YAML file with a top-level ``targets`` mapping; ``None`` for the shipped file.

    Returns
    -------
    dict of str to re.Pattern
        Target name to one compiled pattern, in file order. Case-insensitive patterns are
        grouped under ``(?i:...)``, ``case_sensitive`` ones are matched as written, and the whole
        alternation is wrapped in ``(?<!\\w)(?:...)(?!\\w)`` (word boundaries that also work after
        a final dot, as in "U.S.").

    Raises
    ------
    SentimentError
        Naming the file, the target and the field.

    Examples
    --------
    >>> targets = load_targets()
    >>> list(targets)[:3]
    ['us_administration', 'un', 'democrats']
    >>> bool(targets["un"].search("UNHCR spokesman")), bool(targets["un"].search("the UN said"))
    (True, True)
    >>> bool(targets["un"].search("unhappy")), bool(targets["united_states"].search("tell us"))
    (False, False)
    """
    return dict(load_resource(path, _parse_targets_file, name="sentiment_targets.yml",
                              missing=_missing_file("targets")))


def _parse_targets_file(path: Path) -> tuple[tuple[str, re.Pattern], ...]:
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise SentimentError(f"{path}: cannot read targets ({err}). Fix: check the path and the "
                             "YAML syntax.") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("targets"), dict) or not doc["targets"]:
        raise SentimentError(f"{path}: expected a non-empty top-level 'targets:' mapping. Fix: see "
                             "resources/sentiment_targets.yml.")
    out = []
    for name, entry in doc["targets"].items():
        where = f"{path}, target {name!r}"
        if not isinstance(name, str) or not _TARGET_NAME.fullmatch(name):
            raise SentimentError(f"{where}: the name must be lowercase letters, digits and "
                                 "underscores, starting with a letter.")
        if not isinstance(entry, dict):
            raise SentimentError(f"{where}: expected a mapping with label, patterns, case_sensitive.")
        unknown = set(entry) - {"label", "patterns", "case_sensitive"}
        if unknown:
            raise SentimentError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
        if not isinstance(entry.get("label"), str) or not entry["label"].strip():
            raise SentimentError(f"{where}: field 'label' is missing or empty.")
        groups = {}
        for field in ("patterns", "case_sensitive"):
            pats = entry.get(field, [])
            if pats is None:
                pats = []
            if not isinstance(pats, list):
                raise SentimentError(f"{where}: field '{field}' must be a list of patterns.")
            for j, pat in enumerate(pats, start=1):
                if not isinstance(pat, str) or not pat.strip():
                    raise SentimentError(f"{where}: field '{field}', item {j} is empty or not a "
                                         "string.")
                try:
                    compiled = re.compile(pat)
                except re.error as err:
                    raise SentimentError(f"{where}: field '{field}', item {j} ({pat!r}) is not a "
                                         f"valid regular expression ({err}).") from None
                if compiled.fullmatch(""):
                    raise SentimentError(f"{where}: field '{field}', item {j} ({pat!r}) matches "
                                         "the empty string.")
            groups[field] = pats
        if not groups["patterns"] and not groups["case_sensitive"]:
            raise SentimentError(f"{where}: no patterns; give 'patterns' or 'case_sensitive'.")
        alternatives = []
        if groups["patterns"]:
            alternatives.append("(?i:" + "|".join(f"(?:{p})" for p in groups["patterns"]) + ")")
        alternatives.extend(f"(?:{p})" for p in groups["case_sensitive"])
        out.append((name, re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")))
    return tuple(out)


def _resolve_targets(targets) -> dict[str, re.Pattern]:
    if targets is None or isinstance(targets, (str, Path)):
        return load_targets(targets)
    if isinstance(targets, Mapping) and targets and all(
            isinstance(k, str) and isinstance(v, re.Pattern) for k, v in targets.items()):
        return dict(targets)
    raise SentimentError("targets: expected None, a YAML path, or the dict returned by "
                         "load_targets().")


def tag_targets(sentences, *, targets=None) -> pd.DataFrame:
    """Mark which actors of the debate each sentence mentions.

    Parameters
    ----------
    sentences
        List or Series of str.
    targets
        ``None`` (shipped ``sentiment_targets.yml``), a YAML path, or :func:`load_targets`'s dict.

    Returns
    -------
    pandas.DataFrame
        One bool column per target (file order); index as in :func:`vader_scores`. Mentions,
        not roles: check matches with :func:`extract_target_mentions`.

    Examples
    --------
    >>> tag_targets(["Shamdasani criticised the Trump administration.",
    ...              "Let us see."])[["us_administration", "un", "united_states"]]
       us_administration     un  united_states
    0               True   True          False
    1              False  False          False
    """
    series = _as_series(sentences)
    patterns = _resolve_targets(targets)
    data = {name: [bool(rx.search(t)) for t in series] for name, rx in patterns.items()}
    return pd.DataFrame(data, index=series.index, dtype=bool)


def extract_target_mentions(sentences, *, targets=None) -> pd.DataFrame:
    """List every target mention: which sentence, which target, the matched text and offsets.

    Parameters
    ----------
    sentences
        List or Series of str.
    targets
        As in :func:`tag_targets`.

    Returns
    -------
    pandas.DataFrame
        ``row`` (index label of the sentence), ``target``, ``match``, ``start``, ``end`` (character
        offsets in the sentence), ordered by sentence, then offset, then target file order.

    Examples
    --------
    >>> extract_target_mentions(["Nielsen defended the policy at the White House."])
       row             target        match  start  end
    0    0  us_administration      Nielsen      0    7
    1    0  us_administration  White House     35   46
    """
    series = _as_series(sentences)
    patterns = _resolve_targets(targets)
    rows = []
    for pos, (label, text) in enumerate(series.items()):
        for t_order, (name, rx) in enumerate(patterns.items()):
            for m in rx.finditer(text):
                rows.append((pos, m.start(), t_order, label, name, m.group(0), m.start(), m.end()))
    rows.sort(key=lambda r: r[:3])
    return pd.DataFrame([r[3:] for r in rows], columns=["row", "target", "match", "start", "end"])


# --------------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------------

def plot_tone_distribution(scores: pd.DataFrame, *, by: str, column: str = "compound",
                           threshold: float = THRESHOLD, title: str | None = None):
    """Plot the per-sentence score distribution by group: box plot, points, neutral band shaded.

    Parameters
    ----------
    scores
        One row per sentence with columns ``by`` and ``column``.
    by
        Group column (one box per group, sorted).
    column
        Score column; default ``"compound"``.
    threshold
        Half-width of the shaded neutral band.
    title
        Figure title; a descriptive default is used when None.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "compound": [0.4, -0.2, 0.0]})
    >>> fig = plot_tone_distribution(df, by="outlet")
    >>> fig.axes[0].get_xlabel()
    'VADER compound (-1 most negative, +1 most positive)'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    for col in (by, column):
        if not isinstance(scores, pd.DataFrame) or col not in scores.columns:
            raise SentimentError(f"plot_tone_distribution: column {col!r} is missing.")
    if len(scores) == 0:
        raise SentimentError("plot_tone_distribution: the table is empty.")
    values = pd.to_numeric(scores[column], errors="coerce")
    if values.isna().any() or scores[by].isna().any():
        raise SentimentError(f"plot_tone_distribution: {column!r} or {by!r} has missing values.")
    groups = scores[by].astype(str)
    order = sorted(groups.unique())
    samples = [values[groups == g].to_numpy(dtype=float) for g in order]
    # seaborn's "colorblind" palette (Wong 2011), as in corpus_tools.plots
    colours = sns.color_palette("colorblind", len(order))
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(order) + 1.8))
    ax.axvspan(-threshold, threshold, color="0.88", zorder=0,
               label=f"neutral band (|score| < {threshold:g})")
    boxes = ax.boxplot(samples, positions=range(len(order)), orientation="horizontal",
                       widths=0.5, patch_artist=True, showfliers=False,
                       medianprops={"color": "0.1"}, zorder=1)
    for patch, colour in zip(boxes["boxes"], colours):
        patch.set_facecolor(colour)
        patch.set_alpha(0.45)
    rng = np.random.default_rng(0)  # fixed jitter: identical figure on every run
    for k, sample in enumerate(samples):
        jitter = rng.uniform(-0.15, 0.15, size=len(sample))
        ax.scatter(sample, k + jitter, s=12, color="0.15", alpha=0.8, zorder=2, linewidths=0)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.invert_yaxis()
    ax.set_xlabel("VADER compound (-1 most negative, +1 most positive)" if column == "compound"
                  else column)
    ax.set_ylabel(by)
    ax.set_yticks(range(len(order)), [f"{g} (n={len(x)})" for g, x in zip(order, samples)])
    ax.set_title(title or f"Sentence tone by {by}: one point per sentence")
    ax.legend(loc="lower right", fontsize="small", frameon=True)
    fig.tight_layout()
    return fig


def plot_lexicon_agreement(df: pd.DataFrame, *, x: str = "vader", y: str = "afinn",
                           title: str | None = None):
    """Scatter two lexicons' sentence scores, with Spearman's rho in the title.

    Parameters
    ----------
    df
        Table of scores, e.g. :func:`lexicon_scores`.
    x, y
        Score columns.
    title
        Figure title; default names both lexicons and rho.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> df = pd.DataFrame({"vader": [0.5, -0.2, 0.0, 0.9], "afinn": [3.0, -1.0, 1.0, 4.0]})
    >>> fig = plot_lexicon_agreement(df)
    >>> print(fig.axes[0].get_title())
    Sentence scores: vader vs afinn
    (Spearman rho = 1.00, n = 4)
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    cols = _numeric_columns(df, [x, y], who="plot_lexicon_agreement")
    rho = compare_lexicons(df, columns=cols).loc[0, "spearman_rho"]
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.axhline(0, color="0.7", lw=0.8, zorder=0)
    ax.axvline(0, color="0.7", lw=0.8, zorder=0)
    sns.scatterplot(data=df, x=x, y=y, color=sns.color_palette("colorblind")[0], alpha=0.75,
                    ax=ax)
    ax.set_xlabel(f"{x} score")
    ax.set_ylabel(f"{y} score")
    ax.set_title(title or f"Sentence scores: {x} vs {y}\n(Spearman rho = {rho:.2f}, n = {len(df)})")
    fig.tight_layout()
    return fig


def plot_tone_comparison(summaries: dict, *, by: str, title: str | None = None):
    """Dot-and-interval plot comparing several :func:`summarise_tone` tables group by group.

    Parameters
    ----------
    summaries
        Mapping ``label -> summarise_tone(...) table`` (e.g. ``{"VADER as shipped": a,
        "domain-adjusted": b}``); every table must have the ``by`` column.
    by
        The group column shared by the tables.
    title
        Figure title; a descriptive default is used when None.

    Returns
    -------
    matplotlib.figure.Figure
        One row per group, one marker per table (mean compound) with its bootstrap interval.

    Examples
    --------
    >>> a = pd.DataFrame({"outlet": ["A", "B"], "mean": [0.1, -0.2], "mean_low": [0.0, -0.3], "mean_high": [0.2, -0.1]})
    >>> fig = plot_tone_comparison({"default": a, "adjusted": a.assign(mean=[0.0, -0.1])}, by="outlet")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['default', 'adjusted']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if not summaries:
        raise SentimentError("plot_tone_comparison: no summaries given.")
    for label, table in summaries.items():
        missing = [c for c in (by, "mean", "mean_low", "mean_high") if c not in table.columns]
        if missing:
            raise SentimentError(f"plot_tone_comparison: summary {label!r} lacks column(s) {missing}.")
    order = sorted({g for t in summaries.values() for g in t[by].astype(str)})
    colours = sns.color_palette("colorblind", len(summaries))
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(order) + 1.8))
    ax.axvspan(-THRESHOLD, THRESHOLD, color="0.9", zorder=0)
    ax.axvline(0, color="0.6", lw=0.8, zorder=0)
    offsets = np.linspace(-0.18, 0.18, len(summaries)) if len(summaries) > 1 else [0.0]
    for (label, table), colour, off in zip(summaries.items(), colours, offsets):
        y = table[by].astype(str).map({g: i for i, g in enumerate(order)}).to_numpy() + off
        low = (table["mean"] - table["mean_low"]).to_numpy()
        high = (table["mean_high"] - table["mean"]).to_numpy()
        ax.errorbar(table["mean"], y, xerr=[low, high], fmt="o", color=colour, capsize=3, label=label)
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlabel("mean VADER compound per sentence (95% bootstrap interval)")
    ax.set_title(title or f"Mean sentence tone by {by}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=len(summaries), fontsize="small", frameon=False)
    fig.tight_layout()
    return fig


def tone_by_target(scores: pd.DataFrame, targets: pd.DataFrame, *, by: str, column: str = "compound",
                   min_n: int = 3) -> pd.DataFrame:
    """Mean tone of the sentences that mention each target, per group.

    Parameters
    ----------
    scores
        One row per sentence with the ``by`` column and the score ``column``.
    targets
        Boolean table aligned with ``scores`` (same index), one column per target, e.g.
        :func:`tag_targets`. A sentence mentioning two targets counts for both.
    by
        Group column (e.g. ``"outlet"``).
    column
        Score column.
    min_n
        Cells with fewer sentences get ``mean`` NaN (shown blank), so that one sentence is not
        read as an outlet's tone towards an actor; ``n`` is always reported.

    Returns
    -------
    pandas.DataFrame
        ``target``, the ``by`` column, ``n`` and ``mean``, every target x group pair present
        (``n`` 0 where no sentence mentions the target).

    Examples
    --------
    >>> s = pd.DataFrame({"outlet": ["A", "A", "A", "B"], "compound": [0.5, -0.5, 0.3, 0.1]})
    >>> t = pd.DataFrame({"un": [True, True, True, False], "ngos": [False, True, False, True]})
    >>> tone_by_target(s, t, by="outlet", min_n=2).to_dict("records")
    [{'target': 'un', 'outlet': 'A', 'n': 3, 'mean': 0.1}, {'target': 'un', 'outlet': 'B', 'n': 0, 'mean': nan}, {'target': 'ngos', 'outlet': 'A', 'n': 1, 'mean': nan}, {'target': 'ngos', 'outlet': 'B', 'n': 1, 'mean': nan}]
    """
    for col in (by, column):
        if col not in scores.columns:
            raise SentimentError(f"tone_by_target: column {col!r} is not in the scores table.")
    if not targets.index.equals(scores.index):
        raise SentimentError("tone_by_target: targets and scores must have the same index "
                             "(tag the same sentences you scored).")
    if min_n < 1:
        raise SentimentError(f"tone_by_target: min_n={min_n!r}; use an integer >= 1.")
    groups = sorted(scores[by].astype(str).unique())
    rows = []
    for target in targets.columns:
        mask = targets[target].astype(bool)
        for group in groups:
            values = scores.loc[mask & (scores[by].astype(str) == group), column]
            n = int(len(values))
            rows.append({"target": target, by: group, "n": n,
                         "mean": round(float(values.mean()), 4) if n >= min_n else float("nan")})
    return pd.DataFrame(rows)


def plot_tone_by_target(table: pd.DataFrame, *, by: str, title: str | None = None):
    """Heatmap of :func:`tone_by_target`: mean tone per target (rows) and group (columns), n in cells.

    Examples
    --------
    >>> t = pd.DataFrame({"target": ["un", "un"], "outlet": ["A", "B"], "n": [3, 1], "mean": [0.2, float("nan")]})
    >>> fig = plot_tone_by_target(t, by="outlet")
    >>> fig.axes[0].get_xlabel()
    'outlet'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    means = table.pivot(index="target", columns=by, values="mean")
    counts = table.pivot(index="target", columns=by, values="n")
    order = list(dict.fromkeys(table["target"]))
    means, counts = means.loc[order], counts.loc[order]
    labels = np.array([[("" if np.isnan(m) else f"{m:+.2f}\n") + f"n={int(n)}" for m, n in zip(mr, nr)]
                       for mr, nr in zip(means.to_numpy(), counts.to_numpy())])
    fig, ax = plt.subplots(figsize=(1.6 * means.shape[1] + 2.5, 0.6 * means.shape[0] + 1.8))
    sns.heatmap(means, annot=labels, fmt="", cmap="RdBu", vmin=-1, vmax=1, center=0, linewidths=0.5,
                linecolor="white", cbar_kws={"label": "mean VADER compound"}, ax=ax, annot_kws={"fontsize": 8})
    ax.grid(False)
    ax.set_facecolor("white")
    ax.tick_params(axis="x", labelrotation=25)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    ax.set_ylabel("sentences mentioning")
    ax.set_xlabel(by)
    ax.set_title(title or "Tone of sentences that mention each actor (blank: too few sentences)")
    fig.tight_layout()
    return fig
