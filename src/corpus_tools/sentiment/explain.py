"""Word-level explanation of one sentence's VADER score (:func:`explain_sentence`).
"""

from __future__ import annotations

import pandas as pd

from corpus_tools.sentiment.vader import (
    SentimentError,
    _analyzer_for,
    _parse_adjustments,
    _prepare,
    _Trace,
    _vader_trace,
)

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
