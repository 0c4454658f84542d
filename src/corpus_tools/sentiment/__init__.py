"""Sentence tone with VADER, checked against two other lexicons, audited for this debate.

What the module measures, and how a reader can check it:

* :func:`vader_scores` scores sentences with the reference implementation of VADER
  (``vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer``, Hutto & Gilbert 2014; not
  NLTK's port). ``compound`` is VADER's normalised sum of rule-adjusted word valences in
  [-1, 1]; ``neg``/``neu``/``pos`` are the shares of the sentence's tokens in each class.
* :func:`label_polarity` applies Hutto & Gilbert's convention: compound >= 0.05 positive,
  <= -0.05 negative, otherwise neutral.
* :func:`summarise_tone` aggregates per group with percentile-bootstrap intervals at the right
  unit (documents when a group has several, else sentences; none below a minimum n);
  ``summarise_*_findings`` turn result tables into sentences for a notebook.
* :func:`textblob_scores`, :func:`afinn_scores`, :func:`compare_lexicons` and
  :func:`most_disagreeing` triangulate VADER with two independent lexicons.
* :func:`explain_sentence` shows the words that drove a score, before and after VADER's rules,
  computed by re-running the reference implementation's own steps (its own methods are called;
  only the loop of ``polarity_scores`` is repeated, and the tests check the result is identical).
* :func:`audit_lexicon`, :func:`load_domain_adjustments` and :func:`adjustment_effect` document
  and test domain adjustments (a domain pack's ``sentiment_domain_adjustments.yml``).
* :func:`tag_targets` marks sentences that mention each actor of the debate (the rows of a
  domain pack's actor table, ``actors.csv``, that have a ``target``: :mod:`corpus_tools.actors`).

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

from corpus_tools.sentiment.adjust import (
    adjustment_effect,
    audit_lexicon,
)
from corpus_tools.sentiment.explain import (
    explain_sentence,
)
from corpus_tools.sentiment.lexicons import (
    afinn_scores,
    compare_lexicons,
    lexicon_scores,
    most_disagreeing,
    textblob_scores,
)
from corpus_tools.sentiment.plot import (
    plot_lexicon_agreement,
    plot_tone_by_target,
    plot_tone_comparison,
    plot_tone_distribution,
)
from corpus_tools.sentiment.summarise import (
    summarise_adjustment_findings,
    summarise_lexicon_agreement,
    summarise_target_findings,
    summarise_tone,
    summarise_tone_findings,
)
from corpus_tools.sentiment.targets import (
    extract_target_mentions,
    load_targets,
    tag_targets,
    tone_by_target,
)
from corpus_tools.sentiment.vader import (
    LABELS,
    THRESHOLD,
    SentimentError,
    label_polarity,
    load_domain_adjustments,
    normalise_typography,
    vader_scores,
)

__all__ = [
    "LABELS",
    "SentimentError",
    "THRESHOLD",
    "adjustment_effect",
    "afinn_scores",
    "audit_lexicon",
    "compare_lexicons",
    "explain_sentence",
    "extract_target_mentions",
    "label_polarity",
    "lexicon_scores",
    "load_domain_adjustments",
    "load_targets",
    "most_disagreeing",
    "normalise_typography",
    "plot_lexicon_agreement",
    "plot_tone_by_target",
    "plot_tone_comparison",
    "plot_tone_distribution",
    "summarise_adjustment_findings",
    "summarise_lexicon_agreement",
    "summarise_target_findings",
    "summarise_tone",
    "summarise_tone_findings",
    "tag_targets",
    "textblob_scores",
    "tone_by_target",
    "vader_scores",
]
