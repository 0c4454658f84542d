"""Describe a processed corpus: document sizes, term frequencies, n-grams.

These functions read the tables of :func:`corpus_tools.load_processed` and return small, tidy
DataFrames (and figures from the ``plot_*`` functions), so notebooks stay narrative.
"""

from __future__ import annotations

from collections import Counter

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from corpus_tools.tokenize import ngrams


def document_table(documents: pd.DataFrame, *, label: str = "outlet") -> pd.DataFrame:
    """Return one row per document with its label, date and size.

    Parameters
    ----------
    documents
        The ``documents`` table of a processed corpus.
    label
        The column used to name documents (falls back to ``doc_id`` if absent).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, the label, ``date`` (if present), ``paragraphs``, ``sentences``, ``words``,
        ``words_per_sentence`` (rounded to 1 decimal) and ``lines_removed``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "n_paragraphs": [2], "n_sentences": [4],
    ...                      "n_words": [50], "n_removed_lines": [1]})
    >>> document_table(docs).to_dict("records")
    [{'doc_id': 'a', 'outlet': 'X', 'paragraphs': 2, 'sentences': 4, 'words': 50, 'words_per_sentence': 12.5, 'lines_removed': 1}]
    """
    label = label if label in documents.columns else "doc_id"
    columns = ["doc_id"] + ([label] if label != "doc_id" else []) + (["date"] if "date" in documents.columns else [])
    table = documents[columns].copy()
    table["paragraphs"] = documents["n_paragraphs"]
    table["sentences"] = documents["n_sentences"]
    table["words"] = documents["n_words"]
    table["words_per_sentence"] = (documents["n_words"] / documents["n_sentences"]).round(1)
    table["lines_removed"] = documents["n_removed_lines"]
    return table.reset_index(drop=True)


def _content_tokens(tokens: pd.DataFrame, *, drop_stop: bool, min_length: int) -> pd.DataFrame:
    keep = ~tokens["is_punct"] & (tokens["norm"].str.len() >= min_length) & ~tokens["norm"].str.startswith(("'", "\u2019"))
    if drop_stop:
        keep &= ~tokens["is_stop"]
    return tokens[keep]


def term_frequencies(tokens: pd.DataFrame, *, by: pd.Series | None = None, n: int = 20,
                     drop_stop: bool = True, min_length: int = 2) -> pd.DataFrame:
    """Count the most frequent lowercase terms, overall or per group.

    Parameters
    ----------
    tokens
        The ``tokens`` table (``norm``, ``is_stop``, ``is_punct``, ``doc_id``).
    by
        Optional mapping ``doc_id -> group`` (a Series indexed by doc_id), e.g. outlet.
    n
        Terms kept per group. Ties are broken alphabetically, so the table is stable.
    drop_stop
        Drop stop words (the list recorded in the tokens table). Clitics split off by the
        tokeniser ("'s", "'t") and punctuation are always dropped.
    min_length
        Drop terms shorter than this (one-letter leftovers such as "s").

    Returns
    -------
    pandas.DataFrame
        ``group`` (if ``by``), ``term``, ``count`` and ``per_1000`` words of the group (rounded to
        1 decimal); words exclude punctuation but include stop words.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 4, "norm": ["asylum", "the", "asylum", "."],
    ...                      "is_stop": [False, True, False, False], "is_punct": [False, False, False, True]})
    >>> term_frequencies(toks, n=1).to_dict("records")
    [{'term': 'asylum', 'count': 2, 'per_1000': 666.7}]
    """
    words = tokens[~tokens["is_punct"]]
    kept = _content_tokens(tokens, drop_stop=drop_stop, min_length=min_length)
    if by is None:
        counts = kept["norm"].value_counts().rename_axis("term").reset_index(name="count")
        counts["per_1000"] = (1000 * counts["count"] / len(words)).round(1)
        return counts.sort_values(["count", "term"], ascending=[False, True]).head(n).reset_index(drop=True)
    group_of = kept["doc_id"].map(by)
    totals = words["doc_id"].map(by).value_counts()
    counts = kept.groupby([group_of.rename("group"), kept["norm"].rename("term")]).size().reset_index(name="count")
    counts["per_1000"] = (1000 * counts["count"] / counts["group"].map(totals)).round(1)
    counts = counts.sort_values(["group", "count", "term"], ascending=[True, False, True])
    return counts.groupby("group", sort=False).head(n).reset_index(drop=True)


def ngram_frequencies(tokens: pd.DataFrame, *, n: int = 2, top: int = 15, drop_stop: bool = True,
                      min_length: int = 2) -> pd.DataFrame:
    """Count the most frequent word n-grams within sentences (never across a sentence break).

    Stop words and punctuation are removed first when ``drop_stop`` is True, so "separation of
    families" counts as the bigram "separation families"; set ``drop_stop=False`` to keep them.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 5, "sent_id": [0, 0, 0, 1, 1],
    ...     "norm": ["zero", "tolerance", "policy", "zero", "tolerance"],
    ...     "is_stop": [False] * 5, "is_punct": [False] * 5})
    >>> ngram_frequencies(toks, n=2).to_dict("records")
    [{'ngram': 'zero tolerance', 'count': 2}, {'ngram': 'tolerance policy', 'count': 1}]
    """
    kept = _content_tokens(tokens, drop_stop=drop_stop, min_length=min_length)
    counter: Counter[str] = Counter()
    for _, sentence in kept.groupby(["doc_id", "sent_id"], sort=False)["norm"]:
        counter.update(ngrams(sentence.tolist(), n))
    table = pd.DataFrame(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])), columns=["ngram", "count"])
    return table.head(top).reset_index(drop=True)


def plot_document_lengths(table: pd.DataFrame, *, label: str = "outlet") -> plt.Figure:
    """Bar chart of words per document, annotated with sentence counts (from :func:`document_table`)."""
    label = label if label in table.columns else "doc_id"
    fig, ax = plt.subplots(figsize=(8, 3.5))
    order = table.sort_values("words", ascending=True)
    ax.barh(order[label], order["words"], color=sns.color_palette()[0])
    for y, (words, sents) in enumerate(zip(order["words"], order["sentences"])):
        ax.text(words, y, f"  {words} words, {sents} sentences", va="center", fontsize=9)
    ax.set_xlim(0, order["words"].max() * 1.45)
    ax.set_xlabel("words after cleaning (tokens that are not punctuation)")
    ax.set_ylabel("")
    ax.set_title("Document lengths")
    return fig


def plot_term_frequencies(freqs: pd.DataFrame, *, title: str = "Most frequent terms (stop words removed)") -> plt.Figure:
    """Horizontal bar chart of a :func:`term_frequencies` table; one panel per group if grouped."""
    if "group" not in freqs.columns:
        fig, ax = plt.subplots(figsize=(6, 0.25 * len(freqs) + 1))
        sns.barplot(data=freqs, y="term", x="per_1000", ax=ax, color=sns.color_palette()[0])
        ax.set_xlabel("occurrences per 1,000 words")
        ax.set_ylabel("")
        ax.set_title(title)
        return fig
    groups = list(dict.fromkeys(freqs["group"]))
    fig, axes = plt.subplots(1, len(groups), figsize=(3.1 * len(groups), 4.2), squeeze=False)
    for ax, group, colour in zip(axes[0], groups, sns.color_palette(n_colors=len(groups))):
        part = freqs[freqs["group"] == group]
        ax.barh(part["term"][::-1], part["per_1000"][::-1], color=colour)
        ax.set_title(str(group), fontsize=10)
        ax.set_xlabel("per 1,000 words")
        ax.tick_params(axis="y", labelsize=9)
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig
