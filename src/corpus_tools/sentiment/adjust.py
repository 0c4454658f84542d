"""The domain audit: words whose everyday polarity misleads on this debate, and their effect.
"""

from __future__ import annotations

import pandas as pd

from corpus_tools.sentiment.vader import (
    THRESHOLD,
    SentimentError,
    _as_series,
    _default_analyzer,
    _prepare,
    _vader_trace,
    label_polarity,
    load_domain_adjustments,
    vader_scores,
)

# --------------------------------------------------------------------------------------------
# Domain audit
# --------------------------------------------------------------------------------------------

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
