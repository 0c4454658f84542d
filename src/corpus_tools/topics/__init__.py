"""Topic models of short news units: NMF on TF-IDF, LDA on counts, and how far to trust them.

Five articles are far too few documents for a topic model, so the notebooks model
*units*: paragraphs (or windows of a few sentences) tagged with their article and
outlet (:func:`make_units`, then :func:`tag_units`). The main model is non-negative matrix factorisation of
a TF-IDF matrix (:func:`fit_nmf`), which behaves better than LDA on short texts; LDA
on raw counts (:func:`fit_lda`) is there for comparison. Both return a
:class:`TopicModel`.

Whether the topics deserve interpretation is checked three ways:

* coherence: :func:`npmi_coherence`, the mean normalised PMI (Bouma 2009) of each
  topic's top terms over the units they came from;
* stability: :func:`topic_stability` (Greene, O'Callaghan & Cunningham 2014), the
  agreement between the top terms of a model fitted on all units and models fitted
  on random 80 % subsamples, with :func:`is_interpretable` as the plain yes/no the
  notebook reports; :func:`select_k` tabulates both over a range of ``k``;
* preprocessing sensitivity: :func:`preprocessing_sensitivity` (Denny & Spirling
  2018) refits under stop-word, stemming and n-gram choices and says how much the
  topics move.

:func:`choose_k` applies the old fixed-threshold rule for ``k`` to a :func:`select_k`
table. The rule the notebook uses is calibrated against chance
(:mod:`corpus_tools.topics.null`, :mod:`corpus_tools.topics.calibrate`): :func:`calibrated_select_k` scores every ``k`` on the
units and on copies with their words shuffled across units (:func:`shuffle_units`), and
calls a ``k`` interpretable only if it clearly beats that null in stability and
coherence and every topic clears a coherence floor; :func:`describe_k_verdict`,
:func:`choose_calibrated_k` and :func:`plot_calibrated_k` word, pick and draw it.
:mod:`corpus_tools.topics.summarise` adapts the analysis to the corpus
(:func:`candidate_ks`, :func:`choose_share_groups`) and words the findings
(:func:`summarise_topics`, :func:`summarise_topic_leans`). :func:`match_topics` and :func:`compare_models` set NMF
against LDA. For reading the fitted model: :func:`term_document_frequency` (the
vocabulary), :func:`topic_shares` and :func:`tabulate_topic_shares` (by outlet),
:func:`typical_units`, :func:`crossing_units` (units off their article's main
topic) and :func:`format_in_context` (typical units between their neighbours).

Scale: every ``fit_*``/``select_k``/``topic_stability`` function reads its texts
exactly once (any iterable, including a generator) and keeps the document-term
matrix sparse; only the ``n_units x k`` document-topic matrix is dense. For 100,000
news-length documents pass ``max_features=`` (for example 20,000) to cap the
vocabulary. :func:`preprocessing_sensitivity` is the exception: it re-vectorises the
texts under each choice and therefore holds them in memory as a list.

References
----------
Bouma, G. (2009). Normalized (pointwise) mutual information in collocation
extraction. *Proceedings of GSCL*, 31-40.

Greene, D., O'Callaghan, D., & Cunningham, P. (2014). How many topics? Stability
analysis for topic models. *ECML PKDD 2014*, LNCS 8724, 498-513.

Denny, M. J., & Spirling, A. (2018). Text preprocessing for unsupervised learning:
why it matters, when it misleads, and what to do about it. *Political Analysis*
26(2), 168-189.
"""

from __future__ import annotations

from corpus_tools.topics.calibrate import (
    COHERENCE_FLOOR,
    COHERENCE_MARGIN,
    STABILITY_MARGIN,
    calibrated_select_k,
    choose_calibrated_k,
    describe_k_verdict,
)
from corpus_tools.topics.coherence import (
    npmi_coherence,
)
from corpus_tools.topics.fit import (
    _factorise,  # noqa: F401
    _nmf_options,  # noqa: F401
    _vectorize,  # noqa: F401
    count_empty_units,
    fit_lda,
    fit_nmf,
    term_document_frequency,
)
from corpus_tools.topics.model import (
    STABILITY_THRESHOLD,
    VECTORIZER_DEFAULTS,
    TopicModel,
    TopicModelError,
)
from corpus_tools.topics.null import (
    null_scores,
    shuffle_units,
)
from corpus_tools.topics.plot import (
    plot_calibrated_k,
    plot_k_selection,
    plot_preprocessing_sensitivity,
    plot_top_terms,
    plot_topic_shares,
)
from corpus_tools.topics.read import (
    crossing_units,
    format_in_context,
    tabulate_topic_shares,
    topic_shares,
    typical_units,
)
from corpus_tools.topics.robustness import (
    compare_models,
    match_topics,
    preprocessing_sensitivity,
)
from corpus_tools.topics.stability import (
    agreement_score,
    average_jaccard,
    choose_k,
    is_interpretable,
    select_k,
    topic_stability,
)
from corpus_tools.topics.summarise import (
    MIN_UNITS_PER_TOPIC,
    ConvergenceLog,
    ShareGroups,
    candidate_ks,
    choose_share_groups,
    collect_convergence_warnings,
    describe_candidate_ks,
    describe_sample,
    summarise_topic_leans,
    summarise_topics,
)
from corpus_tools.topics.units import (
    make_units,
    sample_units,
    tag_units,
)

__all__ = [
    "COHERENCE_FLOOR",
    "COHERENCE_MARGIN",
    "ConvergenceLog",
    "MIN_UNITS_PER_TOPIC",
    "STABILITY_MARGIN",
    "STABILITY_THRESHOLD",
    "ShareGroups",
    "TopicModel",
    "TopicModelError",
    "VECTORIZER_DEFAULTS",
    "agreement_score",
    "average_jaccard",
    "calibrated_select_k",
    "candidate_ks",
    "choose_calibrated_k",
    "choose_k",
    "choose_share_groups",
    "collect_convergence_warnings",
    "compare_models",
    "count_empty_units",
    "crossing_units",
    "describe_candidate_ks",
    "describe_sample",
    "describe_k_verdict",
    "fit_lda",
    "fit_nmf",
    "format_in_context",
    "is_interpretable",
    "make_units",
    "sample_units",
    "match_topics",
    "npmi_coherence",
    "null_scores",
    "plot_calibrated_k",
    "plot_k_selection",
    "plot_preprocessing_sensitivity",
    "plot_top_terms",
    "plot_topic_shares",
    "preprocessing_sensitivity",
    "select_k",
    "shuffle_units",
    "summarise_topic_leans",
    "summarise_topics",
    "tabulate_topic_shares",
    "tag_units",
    "term_document_frequency",
    "topic_shares",
    "topic_stability",
    "typical_units",
]


def __getattr__(name: str):
    # Deprecated for one release: topics.TOKEN_PATTERN meant something else than
    # tokenize.TOKEN_PATTERN; the topic models' tokens are tokenize.TOPIC_TOKEN_PATTERN.
    if name == "TOKEN_PATTERN":
        import warnings

        from corpus_tools.tokenize import TOPIC_TOKEN_PATTERN

        warnings.warn("corpus_tools.topics.TOKEN_PATTERN is deprecated and will be removed in the next release: "
                      "use corpus_tools.tokenize.TOPIC_TOKEN_PATTERN (the same pattern).", FutureWarning, stacklevel=2)
        return TOPIC_TOKEN_PATTERN
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
