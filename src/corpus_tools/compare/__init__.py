"""Compare word use between texts and groups; one job per module.

* :mod:`~corpus_tools.compare.statistics`: keyness statistics: Dunning's G² and Hardie's log
  ratio (:func:`log_likelihood`, :func:`signed_log_likelihood`, :func:`log_ratio`), Monroe et
  al.'s Fightin' Words (:func:`fightin_words`, :func:`background_prior`) and one-vs-rest
  :func:`keyness` for any number of groups.
* :mod:`~corpus_tools.compare.similarity`: TF-IDF cosine similarity of whole texts
  (:func:`document_similarity`, :func:`most_similar_pair`).
* :mod:`~corpus_tools.compare.textstats`: one text's lexical diversity and readability
  (:func:`lexical_diversity`, :func:`readability`, :func:`count_syllables`).
* :mod:`~corpus_tools.compare.plot`: :func:`plot_keyness`, :func:`plot_fightin_words`,
  :func:`plot_similarity`.
* :mod:`~corpus_tools.compare.summarise`: at most :data:`MAX_GROUPS` groups
  (:func:`top_groups`) and sentences about the results.

All of these depend on text length. G² and z-scores grow with the amount of text; TF-IDF
similarity, type-token ratios and readability formulas move with document length. Users and
notebooks write ``corpus_tools.compare.keyness``, never the inner module.

Examples
--------
>>> from corpus_tools import compare
>>> round(compare.log_likelihood(52, 57, 50_000, 75_000), 2)  # Rayson and Garside (2000)
2.65
"""

from corpus_tools.compare.errors import CompareError
from corpus_tools.compare.plot import plot_fightin_words, plot_keyness, plot_similarity
from corpus_tools.compare.similarity import document_similarity, most_similar_pair
from corpus_tools.compare.statistics import (
    Z_CRITICAL,
    background_prior,
    fightin_words,
    keyness,
    log_likelihood,
    log_ratio,
    signed_log_likelihood,
)
from corpus_tools.compare.summarise import MAX_GROUPS, summarise_keyness, summarise_similarity, top_groups
from corpus_tools.compare.textstats import count_syllables, lexical_diversity, readability

__all__ = [
    "MAX_GROUPS",
    "Z_CRITICAL",
    "CompareError",
    "background_prior",
    "count_syllables",
    "document_similarity",
    "fightin_words",
    "keyness",
    "lexical_diversity",
    "log_likelihood",
    "log_ratio",
    "most_similar_pair",
    "plot_fightin_words",
    "plot_keyness",
    "plot_similarity",
    "readability",
    "signed_log_likelihood",
    "summarise_keyness",
    "summarise_similarity",
    "top_groups",
]
