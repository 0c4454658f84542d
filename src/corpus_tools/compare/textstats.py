"""Statistics of one text's style: lexical diversity (TTR, MATTR, MTLD) and readability (Flesch).

Type-token ratios and readability formulas move with text length; MTLD and MATTR are the less
length-sensitive diversity measures, not length-free ones.

Examples
--------
>>> float(lexical_diversity("the wall the fence".split())["ttr"])
0.75
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from corpus_tools.compare.errors import CompareError
from corpus_tools.tokenize import READABILITY_WORD_PATTERN, split_sentences


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
    words = READABILITY_WORD_PATTERN.findall(text)
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
