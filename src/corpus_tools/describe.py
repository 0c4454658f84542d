"""Describe a processed corpus: document sizes, term frequencies, n-grams.

These functions read the tables of :func:`corpus_tools.load_processed` and return small, tidy
DataFrames (and figures from the ``plot_*`` functions), so notebooks stay narrative.
"""

from __future__ import annotations

import warnings
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from corpus_tools.errors import CorpusError
from corpus_tools.tokenize import ngrams


class DescribeError(CorpusError):
    """Bad input to a describe function; the message says what is wrong and how to fix it."""


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


def _group_of(tokens: pd.DataFrame, by: str | pd.Series, *, function: str) -> pd.Series:
    """The group of every token row: the column ``by`` (a ``doc_id -> group`` Series is deprecated)."""
    if isinstance(by, pd.Series):
        warnings.warn(f"{function}(by=<Series>) is deprecated and will be removed in the next release: "
                      "by is the name of a column now. Add the column first, e.g. "
                      "tokens.assign(group=tokens['doc_id'].map(series)), and pass by='group'.",
                      FutureWarning, stacklevel=3)
        return tokens["doc_id"].map(by)
    if not isinstance(by, str) or by not in tokens.columns:
        raise DescribeError(f"{function}: by={by!r} is not a column of the tokens table. Fix: add the "
                            "grouping column first, e.g. tokens.assign(outlet=tokens['doc_id'].map("
                            "documents.set_index('doc_id')['outlet'])), and pass by='outlet'.")
    return tokens[by]


def term_frequencies(tokens: pd.DataFrame, *, by: str | None = None, n: int = 20,
                     drop_stop: bool = True, min_length: int = 2) -> pd.DataFrame:
    """Count the most frequent lowercase terms, overall or per group.

    Parameters
    ----------
    tokens
        The ``tokens`` table (``norm``, ``is_stop``, ``is_punct``, ``doc_id``).
    by
        Optional name of a column of ``tokens`` to group by (e.g. ``"outlet"``, added with
        ``tokens.assign(outlet=tokens["doc_id"].map(...))``). Rows whose group is missing are
        left out. (A ``doc_id -> group`` Series still works for one release, with a
        ``FutureWarning``.)
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

    Raises
    ------
    DescribeError
        If ``by`` is not a column of ``tokens``.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 2, "outlet": ["X"] * 4 + ["Y"] * 2,
    ...                      "norm": ["asylum", "the", "asylum", ".", "court", "asylum"],
    ...                      "is_stop": [False, True, False, False, False, False],
    ...                      "is_punct": [False, False, False, True, False, False]})
    >>> term_frequencies(toks, n=1).to_dict("records")
    [{'term': 'asylum', 'count': 3, 'per_1000': 600.0}]
    >>> term_frequencies(toks, by="outlet", n=1).to_dict("records")
    [{'group': 'X', 'term': 'asylum', 'count': 2, 'per_1000': 666.7}, {'group': 'Y', 'term': 'asylum', 'count': 1, 'per_1000': 500.0}]
    """
    words = tokens[~tokens["is_punct"]]
    kept = _content_tokens(tokens, drop_stop=drop_stop, min_length=min_length)
    if by is None:
        counts = kept["norm"].value_counts().rename_axis("term").reset_index(name="count")
        counts["per_1000"] = (1000 * counts["count"] / len(words)).round(1)
        return counts.sort_values(["count", "term"], ascending=[False, True]).head(n).reset_index(drop=True)
    group = _group_of(tokens, by, function="term_frequencies")
    totals = group[words.index].value_counts()
    counts = kept.groupby([group[kept.index].rename("group"), kept["norm"].rename("term")]).size().reset_index(name="count")
    counts["per_1000"] = (1000 * counts["count"] / counts["group"].map(totals)).round(1)
    counts = counts.sort_values(["group", "count", "term"], ascending=[True, False, True])
    return counts.groupby("group", sort=False).head(n).reset_index(drop=True)


def ngram_frequencies(tokens: pd.DataFrame, *, order: int | None = None, n: int | None = None,
                      drop_stop: bool = True, min_length: int = 2, top: int | None = None) -> pd.DataFrame:
    """Count the ``n`` most frequent word n-grams of length ``order`` within sentences.

    N-grams never cross a sentence break. Stop words and punctuation are removed first when
    ``drop_stop`` is True, so "separation of families" counts as the bigram "separation
    families"; set ``drop_stop=False`` to keep them.

    Parameters
    ----------
    tokens
        The ``tokens`` table (``doc_id``, ``sent_id``, ``norm``, ``is_stop``, ``is_punct``).
    order
        Words per n-gram (2: bigrams). Default 2.
    n
        Rows returned, most frequent first (ties alphabetically). Default 15.
    drop_stop, min_length
        As in :func:`term_frequencies`.
    top
        Deprecated (one release, ``FutureWarning``): the old name of ``n``. In the old spelling
        ``n`` was the order, so ``n=`` without ``order=`` is still read as the order, with a
        ``FutureWarning``; pass ``order=`` to use ``n`` as the row count.

    Returns
    -------
    pandas.DataFrame
        ``ngram`` (words joined by a space) and ``count``.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 5, "sent_id": [0, 0, 0, 1, 1],
    ...     "norm": ["zero", "tolerance", "policy", "zero", "tolerance"],
    ...     "is_stop": [False] * 5, "is_punct": [False] * 5})
    >>> ngram_frequencies(toks, order=2).to_dict("records")
    [{'ngram': 'zero tolerance', 'count': 2}, {'ngram': 'tolerance policy', 'count': 1}]
    >>> ngram_frequencies(toks, order=3, n=1).to_dict("records")
    [{'ngram': 'zero tolerance policy', 'count': 1}]
    """
    if top is not None or (n is not None and order is None):
        warnings.warn("ngram_frequencies(n=<order>, top=<rows>) is deprecated and will be removed in the "
                      "next release: pass order= for the n-gram length and n= for the number of rows.",
                      FutureWarning, stacklevel=2)
        order, n = (order if order is not None else n if n is not None else 2), top
    order = 2 if order is None else order
    n = 15 if n is None else n
    kept = _content_tokens(tokens, drop_stop=drop_stop, min_length=min_length)
    counter: Counter[str] = Counter()
    for _, sentence in kept.groupby(["doc_id", "sent_id"], sort=False)["norm"]:
        counter.update(ngrams(sentence.tolist(), order))
    table = pd.DataFrame(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])), columns=["ngram", "count"])
    return table.head(n).reset_index(drop=True)


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


# --------------------------------------------------------------------------------------------
# Key terms from the data, when the domain pack has none
# --------------------------------------------------------------------------------------------

def derive_key_terms(tokens: pd.DataFrame, *, n: int = 5, min_count: int = 2, min_length: int = 3,
                     max_df: float = 0.5) -> list[str]:
    """Return ``n`` key terms derived from the data: the content words with the highest summed TF-IDF.

    Used when a domain pack lists no key terms (``pack.key_terms() == []``). Each document's term
    frequency (count / the document's content words) is weighted by scikit-learn's smoothed
    inverse document frequency ``ln((1 + N) / (1 + df)) + 1`` (Sparck Jones 1972; Salton and
    Buckley 1988) and summed over documents, so a term ranks high when it is frequent in some
    documents and not spread evenly over all of them. With one document the ranking is plain
    frequency. Stop words, punctuation, clitics and words shorter than ``min_length`` are left
    out, and so are terms occurring fewer than ``min_count`` times in the corpus (a hapax is not
    a key term). Terms spread over most documents do not tell documents apart ("said" in news):
    in a corpus of four or more documents a term must occur in at most ``max_df`` of them
    (scikit-learn's ``max_df``); in a corpus of three, in fewer than all three. Ties are broken
    alphabetically, so the list is stable.

    Parameters
    ----------
    tokens
        The ``tokens`` table (``doc_id``, ``norm``, ``is_stop``, ``is_punct``).
    n
        Number of terms returned (fewer if fewer terms pass ``min_count``).
    min_count, min_length
        Filters described above.
    max_df
        Largest share of documents a key term may occur in (corpora of four or more documents).

    Returns
    -------
    list of str
        Lowercase terms, best first (exact words, no ``*``).

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": list("aaaabbbb"),
    ...     "norm": ["budget", "budget", "council", "the", "park", "park", "council", "budget"],
    ...     "is_stop": [False, False, False, True, False, False, False, False], "is_punct": [False] * 8})
    >>> derive_key_terms(toks, n=2)
    ['budget', 'park']
    """
    if n < 1 or min_count < 1:
        raise DescribeError(f"derive_key_terms: n={n!r} and min_count={min_count!r} must be >= 1.")
    if not 0 < max_df <= 1:
        raise DescribeError(f"derive_key_terms: max_df={max_df!r}; give a share of documents in (0, 1].")
    kept = _content_tokens(tokens, drop_stop=True, min_length=min_length)
    if kept.empty:
        return []
    counts = kept.groupby(["doc_id", "norm"]).size().rename("count").reset_index()
    totals = counts.groupby("norm")["count"].transform("sum")
    counts = counts[totals >= min_count]
    if counts.empty:
        return []
    n_docs = kept["doc_id"].nunique()
    doc_words = kept.groupby("doc_id").size()
    df = counts.groupby("norm")["doc_id"].nunique()
    if n_docs >= 3:
        most = max_df * n_docs if n_docs >= 4 else n_docs - 1
        counts = counts[counts["norm"].map(df) <= most]
        if counts.empty:
            return []
    idf = np.log((1 + n_docs) / (1 + df)) + 1
    counts["tfidf"] = counts["count"] / counts["doc_id"].map(doc_words) * counts["norm"].map(idf)
    score = counts.groupby("norm")["tfidf"].sum().round(12).rename("score").reset_index()
    score = score.sort_values(["score", "norm"], ascending=[False, True])
    return score["norm"].head(n).tolist()


def choose_key_terms(given: list[str] | str | None, pack_terms: list[str], tokens: pd.DataFrame, *,
                     n: int = 5) -> tuple[list[str], str]:
    """Pick the key terms a notebook reads: the user's, else the domain pack's, else derived from the data.

    Returns the terms and a sentence saying where they came from (for the notebook to show).

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 3, "norm": ["park", "park", "the"],
    ...                      "is_stop": [False, False, True], "is_punct": [False] * 3})
    >>> choose_key_terms("bus*, tram", [], toks)
    (['bus*', 'tram'], 'Key terms given by the user (KEY_TERMS): bus*, tram.')
    >>> choose_key_terms(None, [], toks)
    (['park'], 'The domain pack lists no key terms, so they are derived from the data (up to 5 content words occurring at least twice and not spread over most documents, highest summed TF-IDF first): park.')
    """
    if isinstance(given, str):
        given = [t.strip() for t in given.split(",") if t.strip()]
    if given:
        terms = [str(t).strip().lower() for t in given]
        return terms, f"Key terms given by the user (KEY_TERMS): {', '.join(terms)}."
    if pack_terms:
        return list(pack_terms), f"Key terms from the domain pack: {', '.join(pack_terms)}."
    terms = derive_key_terms(tokens, n=n)
    if not terms:
        return [], ("The domain pack lists no key terms and no content word occurs twice without being spread "
                    "over most documents, so there are no key terms to read.")
    return terms, ("The domain pack lists no key terms, so they are derived from the data (up to "
                   f"{n} content words occurring at least twice and not spread over most documents, "
                   f"highest summed TF-IDF first): {', '.join(terms)}.")


# --------------------------------------------------------------------------------------------
# Bounded displays
# --------------------------------------------------------------------------------------------

def largest_groups(tokens: pd.DataFrame, by: str, *, limit: int = 6) -> list:
    """The ``limit`` groups with the most words (ties alphabetically), for plots with one panel per group.

    ``by`` names a column of ``tokens`` (a ``doc_id -> group`` Series still works for one release,
    with a ``FutureWarning``).

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "outlet": ["X", "X", "Y", "Z"],
    ...                      "is_punct": [False] * 4})
    >>> largest_groups(toks, "outlet", limit=2)
    ['X', 'Y']
    """
    words = _group_of(tokens, by, function="largest_groups")[~tokens["is_punct"]]
    sizes = words.value_counts().rename_axis("group").reset_index(name="n")
    sizes["key"] = sizes["group"].astype(str)
    return sizes.sort_values(["n", "key"], ascending=[False, True])["group"].head(limit).tolist()


# --------------------------------------------------------------------------------------------
# Findings from the numbers
# --------------------------------------------------------------------------------------------

def _n(value: int, noun: str) -> str:
    return f"{value:,} {noun}{'' if value == 1 else 's'}"


def summarise_documents(sizes: pd.DataFrame, *, label: str = "doc_id", removed: pd.DataFrame | None = None) -> list[str]:
    """Sentences about corpus size and cleaning, from :func:`document_table` (and ``removed_lines``).

    Examples
    --------
    >>> sizes = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "sentences": [4, 10],
    ...                       "words": [60, 200]})
    >>> for line in summarise_documents(sizes, label="outlet", removed=pd.DataFrame({"rule": ["footer"]})):
    ...     print(line)
    2 documents (2 outlets), 14 sentences, 260 words.
    The longest document is b (Y, 200 words), the shortest a (X, 60 words).
    Cleaning removed 1 line (rule: footer); the audit table lists every one.
    """
    n_docs = len(sizes)
    groups = f" ({_n(sizes[label].nunique(), label.replace('_', ' '))})" if label in sizes and label != "doc_id" else ""
    lines = [f"{_n(n_docs, 'document')}{groups}, {_n(int(sizes['sentences'].sum()), 'sentence')}, "
             f"{_n(int(sizes['words'].sum()), 'word')}."]
    if n_docs >= 2:
        order = sizes.sort_values(["words", "doc_id"], ascending=[False, True])
        big, small = order.iloc[0], order.iloc[-1]

        def name(row):
            extra = f"{row[label]}, " if label in row and label != "doc_id" else ""
            return f"{row['doc_id']} ({extra}{row['words']:,} words)"

        lines.append(f"The longest document is {name(big)}, the shortest {name(small)}.")
    if removed is not None:
        if len(removed):
            rules = removed["rule"].value_counts()
            listed = ", ".join(f"{rule} {count}" if count > 1 else str(rule) for rule, count in rules.items())
            lines.append(f"Cleaning removed {_n(len(removed), 'line')} (rule{'s' if len(rules) > 1 else ''}: "
                         f"{listed}); the audit table lists every one.")
        else:
            lines.append("Cleaning removed no line as page furniture.")
    return lines


def summarise_terms(overall: pd.DataFrame, by_group: pd.DataFrame | None = None, *, n: int | None = None,
                    bigrams: pd.DataFrame | None = None, top: int | None = None) -> list[str]:
    """Sentences about the most frequent terms (from :func:`term_frequencies`, :func:`ngram_frequencies`).

    The first sentence names the ``n`` most frequent terms of ``overall`` (default 5); ``top=`` is
    the deprecated old name of ``n`` (one release, ``FutureWarning``).

    Examples
    --------
    >>> overall = pd.DataFrame({"term": ["park", "budget"], "count": [9, 4], "per_1000": [30.0, 13.3]})
    >>> groups = pd.DataFrame({"group": ["X", "X", "Y"], "term": ["park", "budget", "budget"],
    ...                        "count": [5, 1, 3], "per_1000": [50.0, 10.0, 15.0]})
    >>> for line in summarise_terms(overall, groups):
    ...     print(line)
    The most frequent content words are park (9) and budget (4).
    The most frequent word per group: X: park (50.0 per 1,000 words); Y: budget (15.0).
    """
    from corpus_tools.findings import _count_argument, join_names

    n = _count_argument(n, top, function="summarise_terms", default=5)
    if overall.empty:
        return ["No content word passed the filters (stop words, punctuation, one-letter words)."]
    head = overall.head(n)

    lines = [f"The most frequent content words are {join_names(f'{t} ({c})' for t, c in zip(head['term'], head['count']))}."]
    if by_group is not None and not by_group.empty and by_group["group"].nunique() >= 2:
        firsts = by_group.groupby("group", sort=False).head(1)
        parts = [f"{g}: {t} ({p:.1f} per 1,000 words)" if i == 0 else f"{g}: {t} ({p:.1f})"
                 for i, (g, t, p) in enumerate(zip(firsts["group"], firsts["term"], firsts["per_1000"]))]
        lines.append("The most frequent word per group: " + "; ".join(parts) + ".")
    if bigrams is not None and not bigrams.empty and int(bigrams["count"].iloc[0]) >= 2:
        b = bigrams.head(3)
        lines.append("The most frequent word pairs within a sentence are "
                     f"{join_names(f'{g} ({c})' for g, c in zip(b['ngram'], b['count']))}.")
    return lines


def summarise_key_terms(hits: pd.DataFrame, *, n_documents: int) -> list[str]:
    """Sentences about where key terms occur, from a table with ``term``, ``occurrences``, ``documents``.

    Examples
    --------
    >>> hits = pd.DataFrame({"term": ["park", "tram*", "levy"], "occurrences": [7, 2, 0], "documents": [3, 1, 0]})
    >>> for line in summarise_key_terms(hits, n_documents=3):
    ...     print(line)
    Key terms in the texts: park 7 times in all 3 documents; tram* 2 times in 1 of 3 documents.
    Not found in any document: levy.
    """
    found = hits[hits["occurrences"] > 0]
    lines = []
    if not found.empty:
        parts = []
        for term, occ, docs in zip(found["term"], found["occurrences"], found["documents"]):
            where = (f"in all {n_documents} documents" if docs == n_documents and n_documents > 1
                     else "in the one document" if n_documents == 1 else f"in {docs} of {n_documents} documents")
            parts.append(f"{term} {occ} time{'s' if occ != 1 else ''} {where}")
        lines.append("Key terms in the texts: " + "; ".join(parts) + ".")
    missing = hits.loc[hits["occurrences"] == 0, "term"].tolist()
    if missing:
        lines.append(f"Not found in any document: {', '.join(missing)}.")
    return lines
