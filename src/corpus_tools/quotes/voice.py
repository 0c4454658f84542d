"""Quotation against narration: split a text, tag sentences by voice, share of voice per group.
"""

from __future__ import annotations

import pandas as pd

from corpus_tools.kwic import cut_context
from corpus_tools.quotes.actors import KINDS, QuoteError
from corpus_tools.quotes.extract import (
    _check_documents,
    _check_text,
    _extract,
    _n_words,
    _setup,
    extract_document_quotes,
    extract_quotes,
)

# --------------------------------------------------------------------------------------------
# Quote versus narration
# --------------------------------------------------------------------------------------------


def _check_kinds(kinds) -> tuple[str, ...]:
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        raise QuoteError(f"kinds must be a non-empty selection of {KINDS}, got {kinds!r}.")
    return kinds


def _merged_intervals(spans) -> list[tuple[int, int]]:
    """The union of (mark_start, mark_end) spans as sorted, disjoint intervals."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _quote_spans(found: list[dict], kinds) -> tuple[list, list, list]:
    """One document's quote rows as plain tuples, so that each sentence is matched without pandas:
    the merged quoted intervals, (mark_start, mark_end, speaker, actor_type) of the quotes of
    ``kinds``, and (start, end, speaker) of the reported speech."""
    quotes = [r for r in found if r["kind"] in kinds]
    reported = [r for r in found if r["kind"] == "indirect"]
    return (_merged_intervals((r["mark_start"], r["mark_end"]) for r in quotes),
            [(r["mark_start"], r["mark_end"], r["speaker"], r["actor_type"]) for r in quotes],
            [(r["start"], r["end"], r["speaker"]) for r in reported])


def split_narration(text: str, *, kinds=("direct", "partial"), actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cut a text into consecutive quote and narration spans covering all of it.

    Parameters
    ----------
    text
        One document's text.
    kinds
        Quote kinds counted as the source's voice. The default keeps phrases (scare quotes,
        labels) in the narration: they are the writer's framing device, not a source speaking.
    actors
        As for :func:`extract_quotes`.

    Returns
    -------
    pandas.DataFrame
        ``start``, ``end``, ``kind`` ("quote" or "narration") and ``text``; quote spans include
        their quote marks; the spans tile ``text`` exactly (``"".join(df.text) == text``).

    Examples
    --------
    >>> split_narration('He left. "I am done," he said.').values.tolist()
    [[0, 9, 'narration', 'He left. '], [9, 21, 'quote', '"I am done,"'], [21, 30, 'narration', ' he said.']]
    """
    text = _check_text(text)
    kinds = _check_kinds(kinds)
    quotes = extract_quotes(text, actors=actors)
    return _tile(text, quotes[quotes["kind"].isin(kinds)])


def _tile(text: str, quotes: pd.DataFrame) -> pd.DataFrame:
    """Cut ``text`` into narration and quote spans, the quotes' marks (``mark_start``, ``mark_end``) given."""
    rows, pos = [], 0
    for s, e in _merged_intervals(zip(quotes["mark_start"], quotes["mark_end"])):
        if s > pos:
            rows.append((pos, s, "narration"))
        rows.append((s, e, "quote"))
        pos = e
    if pos < len(text):
        rows.append((pos, len(text), "narration"))
    return pd.DataFrame([(s, e, k, text[s:e]) for s, e, k in rows], columns=["start", "end", "kind", "text"])


def _join_narration(spans: pd.DataFrame) -> str:
    parts = (" ".join(t.split()) for t in spans.loc[spans["kind"] == "narration", "text"])
    return " ".join(p for p in parts if p)


def quote_in_context(text: str, start: int, end: int, *, before: int = 120, after: int = 80) -> str:
    """Show ``text[start:end]`` between ``>>>`` and ``<<<`` with some context, whitespace folded.

    Examples
    --------
    >>> text = 'Officials met. "We are deeply concerned," wrote the spokeswoman. Then nothing.'
    >>> quote_in_context(text, 16, 40, before=15, after=20)
    '...fficials met. " >>>We are deeply concerned,<<< " wrote the spokeswo...'
    """
    if not 0 <= start <= end <= len(text):
        raise QuoteError(f"offsets {start}:{end} do not fit a text of {len(text)} characters.")

    left, match, right = cut_context(text, start, end, before=before, after=after, fold="space")
    return f"...{left} >>>{' '.join(match.split())}<<< {right}..."


def narration_text(text: str, *, kinds=("direct", "partial"), actors: pd.DataFrame | None = None) -> str:
    """Return ``text`` with its quotations cut out: the outlet's own words only.

    The narration spans of :func:`split_narration` are joined with a space, so words on either
    side of a removed quotation do not run together. Reported speech without quotation marks
    stays: the outlet chose those words.

    Examples
    --------
    >>> narration_text('The UN said: "Stop it now," in Geneva. Officials agreed.')
    'The UN said: in Geneva. Officials agreed.'
    """
    return _join_narration(split_narration(text, kinds=kinds, actors=actors))


def narration_texts(documents: pd.DataFrame, quotes: pd.DataFrame, *, kinds=("direct", "partial")) -> pd.Series:
    """Each document's narration (:func:`narration_text`), from quotes already extracted.

    Cutting the quotations out of many documents does not need a second extraction: pass the
    table :func:`extract_document_quotes` returned for the same documents.

    Parameters
    ----------
    documents
        Table with ``doc_id`` and ``text``.
    quotes
        From :func:`extract_document_quotes` on ``documents`` (``doc_id``, ``kind``,
        ``mark_start``, ``mark_end``).
    kinds
        Quote kinds cut out, as for :func:`narration_text`.

    Returns
    -------
    pandas.Series
        Narration text indexed by ``doc_id``, in the documents' order.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ['The UN said: "Stop it now," in Geneva.', "No quotes."]})
    >>> narration_texts(docs, extract_document_quotes(docs)).tolist()
    ['The UN said: in Geneva.', 'No quotes.']
    """
    documents = _check_documents(documents)
    kinds = _check_kinds(kinds)
    missing = [c for c in ("doc_id", "kind", "mark_start", "mark_end") if c not in quotes.columns]
    if missing:
        raise QuoteError(f"quotes table lacks column(s) {missing}. Fix: pass what extract_document_quotes returned.")
    kept = quotes[quotes["kind"].isin(kinds)]
    by_doc = {doc_id: group for doc_id, group in kept.groupby("doc_id", sort=False)}
    empty = kept.iloc[:0]
    return pd.Series([_join_narration(_tile(_check_text(text), by_doc.get(doc_id, empty)))
                      for doc_id, text in zip(documents["doc_id"], documents["text"])],
                     index=pd.Index(documents["doc_id"], name="doc_id"), dtype=object)


def tag_sentence_voice(sentences: pd.DataFrame, documents: pd.DataFrame, *, kinds=("direct", "partial"),
                       quote_min: float = 0.5, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Label each sentence as the source's voice (quote), the writer's (narration) or mixed.

    Parameters
    ----------
    sentences
        Table with ``doc_id``, ``start``, ``end`` (offsets into the document's ``text``).
    documents
        Table with ``doc_id`` and ``text``.
    kinds
        Quote kinds whose characters count as quoted (default: direct and partial quotes; short
        phrases and scare quotes count as narration).
    quote_min
        Share of quoted characters from which a sentence is labelled "quote".
    actors
        As for :func:`extract_quotes`.

    Returns
    -------
    pandas.DataFrame
        The sentence rows with added columns ``quote_share`` (characters of the sentence inside
        quote marks, marks included, divided by its length), ``voice`` ("narration" when 0,
        "quote" when >= ``quote_min``, otherwise "mixed"), ``speakers`` and ``actor_types``
        ("; "-joined, sorted) of the quotes overlapping it, and ``reported_speakers`` (speakers of
        reported speech whose content overlaps it).

    Examples
    --------
    >>> text = ('Haley spoke. "We will remain a generous country," said Haley. '
    ...         '"No," said Nikki Haley, United States Ambassador to the United Nations.')
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    >>> sents = pd.DataFrame({"doc_id": ["d"] * 3, "start": [0, 13, 62], "end": [12, 61, 133]})
    >>> out = tag_sentence_voice(sents, docs)
    >>> out[["voice", "speakers", "actor_types"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['narration', '', ''], ['quote', 'Nikki Haley', 'us_federal_government'],
     ['mixed', 'Nikki Haley', 'us_federal_government']]
    >>> out["quote_share"].round(2).tolist()
    [0.0, 0.75, 0.07]
    """
    kinds = _check_kinds(kinds)
    documents = _check_documents(documents)
    if not isinstance(sentences, pd.DataFrame):
        raise QuoteError(f"sentences must be a DataFrame, got {type(sentences).__name__}.")
    missing = [c for c in ("doc_id", "start", "end") if c not in sentences.columns]
    if missing:
        raise QuoteError(f"sentences table lacks column(s) {missing}; it has {list(sentences.columns)}.")
    if not 0 < quote_min <= 1:
        raise QuoteError(f"quote_min must be in (0, 1], got {quote_min!r}.")
    texts = dict(zip(documents["doc_id"], documents["text"]))
    unknown = sorted(set(sentences["doc_id"]) - set(texts), key=str)
    if unknown:
        raise QuoteError(f"sentences name doc_id(s) {unknown} that are not in the documents table.")
    setup = _setup(actors)
    cache: dict = {}
    shares, voices, speakers, types, reported_speakers = [], [], [], [], []
    for row, (doc_id, s, e) in enumerate(zip(sentences["doc_id"], sentences["start"], sentences["end"])):
        text = texts[doc_id]
        if not (0 <= s < e <= len(text)):
            raise QuoteError(f"sentence row {row} (doc_id {doc_id!r}): offsets {s}:{e} are not a span of a "
                             f"{len(text)}-character text. Fix: use offsets into the same text.")
        if doc_id not in cache:
            found, _ = _extract(_check_text(text), setup, include_indirect=True)
            cache[doc_id] = _quote_spans(found, kinds)
        merged, quoted, reported = cache[doc_id]
        overlap = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in merged)
        share = overlap / (e - s)
        shares.append(share)
        voices.append("narration" if overlap == 0 else "quote" if share >= quote_min else "mixed")
        hit = [(speaker, actor_type) for qs, qe, speaker, actor_type in quoted if qs < e and qe > s]
        speakers.append("; ".join(sorted({x for x, _ in hit if x})))
        types.append("; ".join(sorted({t for _, t in hit})))
        reported_speakers.append("; ".join(sorted({x for rs, re_, x in reported if rs < e and re_ > s and x})))
    out = sentences.copy()
    out["quote_share"] = pd.Series(shares, index=out.index, dtype="float64")
    out["voice"] = voices
    out["speakers"] = speakers
    out["actor_types"] = types
    out["reported_speakers"] = reported_speakers
    return out


def share_of_voice(quotes: pd.DataFrame, *, by: str = "outlet", kinds=None) -> pd.DataFrame:
    """Count quotes and quoted words per actor type within each group (e.g. outlet).

    Parameters
    ----------
    quotes
        A quote table with columns ``by``, ``actor_type`` and ``quote`` (``n_words`` used if
        present), e.g. from :func:`extract_document_quotes`.
    by
        The grouping column.
    kinds
        Keep only these kinds (``None``: all rows given).

    Returns
    -------
    pandas.DataFrame
        ``by``, ``actor_type``, ``n_quotes``, ``share_quotes``, ``n_words``, ``share_words``;
        shares are within the group. Groups with no quotes do not appear; sorted by group, then
        quoted words (descending), then actor type.

    Examples
    --------
    >>> q = pd.DataFrame({"outlet": ["A", "A", "B"], "actor_type": ["un_bodies", "media", "un_bodies"],
    ...                   "quote": ["one two three", "four", "five six"]})
    >>> share_of_voice(q).values.tolist()
    [['A', 'un_bodies', 1, 0.5, 3, 0.75], ['A', 'media', 1, 0.5, 1, 0.25], ['B', 'un_bodies', 1, 1.0, 2, 1.0]]
    """
    if not isinstance(quotes, pd.DataFrame):
        raise QuoteError(f"quotes must be a DataFrame, got {type(quotes).__name__}.")
    missing = [c for c in (by, "actor_type", "quote") if c not in quotes.columns]
    if missing:
        raise QuoteError(f"quotes table lacks column(s) {missing}; it has {list(quotes.columns)}. "
                         "Fix: add the group column (e.g. merge the documents' outlet).")
    df = quotes
    if kinds is not None:
        if "kind" not in df.columns:
            raise QuoteError("kinds= needs a 'kind' column in the quotes table.")
        df = df[df["kind"].isin(_check_kinds(kinds))]
    words = df["n_words"] if "n_words" in df.columns else df["quote"].map(_n_words)
    df = pd.DataFrame({by: df[by].to_numpy(), "actor_type": df["actor_type"].to_numpy(),
                       "n_words": words.to_numpy(dtype="int64")})
    columns = [by, "actor_type", "n_quotes", "share_quotes", "n_words", "share_words"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    out = (df.groupby([by, "actor_type"], sort=True)
           .agg(n_quotes=("n_words", "size"), n_words=("n_words", "sum")).reset_index())
    totals = out.groupby(by)[["n_quotes", "n_words"]].transform("sum")
    out["share_quotes"] = out["n_quotes"] / totals["n_quotes"]
    out["share_words"] = (out["n_words"] / totals["n_words"].where(totals["n_words"] > 0)).fillna(0.0)
    out = out.sort_values([by, "n_words", "actor_type"], ascending=[True, False, True], kind="mergesort")
    return out[columns].reset_index(drop=True)


def plot_share_of_voice(table: pd.DataFrame, *, by: str = "outlet", groups=None, value: str = "share_words"):
    """Stacked bars of who is quoted in each group, from :func:`share_of_voice`.

    Parameters
    ----------
    table
        Output of :func:`share_of_voice`.
    by
        Its group column.
    groups
        Every group to show, in order; groups absent from ``table`` (no quotation at all) get an
        empty bar labelled "no quotations", so silence is visible rather than dropped.
    value
        ``"share_words"`` (share of quoted words) or ``"share_quotes"``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A"], "actor_type": ["un_bodies", "media"], "n_quotes": [1, 1],
    ...                   "share_quotes": [0.5, 0.5], "n_words": [3, 1], "share_words": [0.75, 0.25]})
    >>> fig = plot_share_of_voice(t, groups=["A", "B"])
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A (2 quotes)', 'B (no quotations)']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if value not in ("share_words", "share_quotes"):
        raise QuoteError(f"value={value!r}; use 'share_words' or 'share_quotes'.")
    missing = [c for c in (by, "actor_type", value, "n_quotes") if c not in table.columns]
    if missing:
        raise QuoteError(f"share-of-voice table lacks column(s) {missing}; pass share_of_voice(...) output.")
    groups = list(groups) if groups is not None else sorted(table[by].astype(str).unique())
    wide = table.pivot_table(index=by, columns="actor_type", values=value, aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(groups).fillna(0.0)
    n_quotes = table.groupby(by)["n_quotes"].sum().reindex(groups).fillna(0).astype(int)
    order = wide.sum().sort_values(ascending=False).index.tolist()
    colours = dict(zip(order, sns.color_palette("colorblind", len(order))))
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(groups) + 1.9))
    left = pd.Series(0.0, index=groups)
    for actor in order:
        ax.barh(range(len(groups)), wide[actor], left=left, color=colours[actor], label=actor.replace("_", " "))
        left = left + wide[actor]
    labels = [f"{g} ({n} quote{'s' if n != 1 else ''})" if n else f"{g} (no quotations)" for g, n in zip(groups, n_quotes)]
    ax.set_yticks(range(len(groups)), labels)
    ax.set_ylim(len(groups) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of quoted words" if value == "share_words" else "share of quotations")
    ax.set_title("Whose words each outlet quotes (direct and partial quotations)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize="small", frameon=False)
    fig.tight_layout()
    return fig
