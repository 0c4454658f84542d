"""VADER sentence scores (reference vaderSentiment), polarity labels and the domain-adjustment table that modifies them.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from corpus_tools.errors import CorpusError
from corpus_tools.paths import DEFAULT_PACK_DIR
from corpus_tools.resources import load_resource
from corpus_tools.textnorm import ASCII_QUOTES, space_dashes

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


def load_domain_adjustments(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate the domain adjustments (the shipped YAML by default).

    Parameters
    ----------
    path
        YAML file with a top-level ``entries`` list (fields: word, action, borrow_from,
        rationale; see ``domains/immigration/sentiment_domain_adjustments.yml``); ``None`` for that file.

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
    return load_resource(path, _parse_adjustments_file, name="sentiment_domain_adjustments.yml", directory=DEFAULT_PACK_DIR,
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
                             "domains/immigration/sentiment_domain_adjustments.yml.")
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
