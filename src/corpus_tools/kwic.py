"""Keywords in context (KWIC) and lexical dispersion, traced through token offsets.

The one KWIC module: :func:`kwic` finds a term in the token table; every other
keyword-in-context view of the library (:func:`corpus_tools.frames.kwic` for cues,
:func:`corpus_tools.frames.contested_label_kwic`, :func:`corpus_tools.quotes.quote_in_context`)
cuts its context with :func:`cut_context`, so context is measured the same way everywhere.

Every row points back to a character span of the cleaned text, so a reader can check each hit.
A term is a lowercase token (``"asylum"``) or a prefix ending in ``*`` (``"separat*"`` matches
separation, separated, separating).
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns


def cut_context(text: str, start: int, end: int, *, before: int, after: int,
                fold: str = "lines") -> tuple[str, str, str]:
    """Return ``(left, match, right)`` around ``text[start:end]``.

    Parameters
    ----------
    before, after
        Characters of context on each side (cut at the text's edges).
    fold
        ``"lines"``: line breaks shown as spaces and the context stripped (token KWIC);
        ``"space"``: every whitespace run folded to one space (sentence and quotation views);
        ``"words"``: whitespace folded and each side cut back to whole words, a cut marked with
        ``"... "`` (left) or ``" ..."`` (right) within the ``before``/``after`` characters (the
        right side is :func:`textwrap.shorten` of the rest of the text; reading views of whole
        units, :func:`corpus_tools.topics.format_in_context`).

    Examples
    --------
    >>> cut_context("They sought\\nasylum at the border.", 12, 18, before=7, after=7)
    ('sought', 'asylum', 'at the')
    >>> cut_context("a  b   c", 3, 4, before=3, after=4, fold="space")
    ('a', 'b', 'c')
    >>> cut_context("They sought asylum at the border.", 12, 18, before=10, after=10, fold="words")
    ('... sought', 'asylum', 'at the ...')
    """
    if fold == "words":
        left = " ".join(text[:start].split())
        if len(left) > before:
            kept = left.split()
            while kept and len(" ".join(["...", *kept])) > before:
                kept.pop(0)
            left = " ".join(["...", *kept])
        right = textwrap.shorten(text[end:], after, placeholder=" ...") if text[end:].strip() else ""
        return left, text[start:end], right
    left, match, right = text[max(0, start - before):start], text[start:end], text[end:end + after]
    if fold == "lines":
        return left.replace("\n", " ").strip(), match, right.replace("\n", " ").strip()
    if fold == "space":
        return " ".join(left.split()), match, " ".join(right.split())
    raise ValueError(f"cut_context: fold must be 'lines', 'space' or 'words', got {fold!r}.")


def match_terms(norms: pd.Series, term: str) -> pd.Series:
    """Return a boolean mask of the tokens matching ``term`` (exact, or prefix with ``*``).

    Examples
    --------
    >>> match_terms(pd.Series(["separation", "separate", "asylum"]), "separat*").tolist()
    [True, True, False]
    """
    term = term.lower()
    if term.endswith("*"):
        return norms.str.startswith(term[:-1])
    return norms == term


def _shown_columns(columns: str | Sequence[str] | None, label: str | None, *, function: str,
                   default: str | Sequence[str]) -> list[str]:
    """The columns a display shows: ``columns``, or the deprecated ``label=`` (one release)."""
    if label is not None:
        if columns is not None:
            raise TypeError(f"{function}: pass columns= only (label= is its deprecated old name).")
        warnings.warn(f"{function}(label=) is deprecated and will be removed in the next release: "
                      "pass columns= (the column or columns shown with each row).", FutureWarning, stacklevel=3)
        columns = label
    columns = default if columns is None else columns
    return [columns] if isinstance(columns, str) else list(columns)


def kwic(documents: pd.DataFrame, tokens: pd.DataFrame, term: str, *, width: int = 45,
         columns: str | Sequence[str] | None = None, label: str | None = None) -> pd.DataFrame:
    """Return every occurrence of ``term`` with its left and right context from the cleaned text.

    Parameters
    ----------
    documents, tokens
        Tables of a processed corpus.
    term
        Lowercase token or ``prefix*``.
    width
        Characters of context on each side (cut at the document edge; line breaks shown as spaces).
    columns
        Document column or columns shown with each hit (shown, not grouped by; default
        ``"outlet"``); names that are not columns of ``documents`` are left out.
    label
        Deprecated old name of ``columns`` (one release, ``FutureWarning``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, the shown columns, ``start`` (offset in the cleaned text), ``left``, ``match``,
        ``right``, in document and text order.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["They sought asylum at the border."]})
    >>> toks = pd.DataFrame({"doc_id": ["a"], "norm": ["asylum"], "start": [12], "end": [18]})
    >>> kwic(docs, toks, "asylum", width=7).to_dict("records")
    [{'doc_id': 'a', 'outlet': 'X', 'start': 12, 'left': 'sought', 'match': 'asylum', 'right': 'at the'}]
    >>> kwic(docs, toks, "asylum", width=7, columns=[]).columns.tolist()
    ['doc_id', 'start', 'left', 'match', 'right']
    """
    shown = [c for c in _shown_columns(columns, label, function="kwic", default="outlet")
             if c in documents.columns and c != "doc_id"]
    by_id = documents.set_index("doc_id")
    texts = by_id["text"]
    hits = tokens[match_terms(tokens["norm"], term)]
    rows = []
    for doc_id, start, end in zip(hits["doc_id"], hits["start"], hits["end"]):
        row = {"doc_id": doc_id, **{c: by_id.at[doc_id, c] for c in shown}}
        left, match, right = cut_context(texts[doc_id], start, end, before=width, after=width)
        row.update({"start": int(start), "left": left, "match": match, "right": right})
        rows.append(row)
    return pd.DataFrame(rows, columns=["doc_id", *shown, "start", "left", "match", "right"])


def dispersion(tokens: pd.DataFrame, terms: list[str]) -> pd.DataFrame:
    """Return the relative position (0 = start, 1 = end of document) of each hit of each term.

    Positions count words (punctuation excluded), so documents of different lengths share one axis.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 4, "norm": ["x", "asylum", "y", "z"], "is_punct": [False] * 4})
    >>> dispersion(toks, ["asylum"]).to_dict("records")
    [{'doc_id': 'a', 'term': 'asylum', 'position': 0.25}]
    """
    words = tokens[~tokens["is_punct"]].copy()
    words["index"] = words.groupby("doc_id").cumcount()
    sizes = words.groupby("doc_id")["index"].transform("size")
    words["position"] = words["index"] / sizes
    frames = []
    for term in terms:
        hit = words[match_terms(words["norm"], term)]
        frames.append(pd.DataFrame({"doc_id": hit["doc_id"], "term": term, "position": hit["position"].round(4)}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["doc_id", "term", "position"])


def plot_dispersion(positions: pd.DataFrame, *, labels: dict[str, str] | None = None,
                    order: list[str] | None = None) -> plt.Figure:
    """Lexical dispersion plot: one panel per term, one row per document, a tick per occurrence.

    Parameters
    ----------
    positions
        Output of :func:`dispersion`.
    labels
        Optional ``doc_id -> label`` for the rows.
    order
        Document ids from top to bottom (default: as they first appear).
    """
    terms = list(dict.fromkeys(positions["term"]))
    order = order or list(dict.fromkeys(positions["doc_id"]))
    labels = labels or {d: d for d in order}
    fig, axes = plt.subplots(len(terms), 1, figsize=(8, 1.0 + max(0.32 * len(order), 0.9) * len(terms)), sharex=True,
                             squeeze=False)
    colours = sns.color_palette(n_colors=len(terms))
    for ax, term, colour in zip(axes[:, 0], terms, colours):
        part = positions[positions["term"] == term]
        y = part["doc_id"].map({d: i for i, d in enumerate(order)})
        ax.scatter(part["position"], y, marker="|", s=160, color=colour, linewidths=2)
        ax.set_yticks(range(len(order)), [labels.get(d, d) for d in order], fontsize=9)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_title(f"\u201c{term}\u201d ({len(part)} hits)", fontsize=10, loc="left")
        ax.grid(axis="y", visible=False)
    axes[-1, 0].set_xlim(0, 1)
    axes[-1, 0].set_xlabel("position in the document (share of its words)")
    fig.suptitle("Where key terms occur", fontweight="bold")
    fig.tight_layout()
    return fig
