"""Similarity of whole texts: cosine similarity of their TF-IDF vectors.

TF-IDF similarity moves with document length, and with few documents the idf weights are coarse.

Examples
--------
>>> sim = document_similarity(["border wall", "border fence", "trade tariffs"], labels=["a", "b", "c"])
>>> most_similar_pair(sim)[:2]
('a', 'b')
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from corpus_tools.compare.errors import CompareError
from corpus_tools.tokenize import SIMILARITY_TOKEN_PATTERN


def document_similarity(texts: Sequence[str], *, labels: Sequence[str], stop_words="english",
                        lowercase: bool = True, ngram_range: tuple[int, int] = (1, 1), min_df=1,
                        sublinear_tf: bool = False,
                        token_pattern: str = SIMILARITY_TOKEN_PATTERN) -> pd.DataFrame:
    """Cosine similarity of the documents' TF-IDF vectors, as a labelled square table.

    Uses scikit-learn's ``TfidfVectorizer`` with
    :data:`corpus_tools.tokenize.SIMILARITY_TOKEN_PATTERN` (words of 2+ word characters, the
    vectoriser's default) and smoothed idf, ``norm="l2"``, and the options below (scikit-learn's English
    stop-word list by default). Values run from 0 (no shared weighted term) to 1. Similarity
    depends on document length and, with few documents, idf weights are coarse (a term in all
    five documents gets the lowest idf, not zero).

    Parameters
    ----------
    texts
        One string per document.
    labels
        One unique label per document (row and column names).
    stop_words, lowercase, ngram_range, min_df, sublinear_tf, token_pattern
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
                                 min_df=min_df, sublinear_tf=sublinear_tf, token_pattern=token_pattern, norm="l2")
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
