"""Units for topic models: paragraphs or sentence windows (:func:`make_units`), tagged with their article (:func:`tag_units`).
"""

from __future__ import annotations

import pandas as pd

from corpus_tools.topics.model import TopicModelError, _positive_int

# ---------------------------------------------------------------------------
# units
# ---------------------------------------------------------------------------

_SENTENCE_COLUMNS = ("doc_id", "para_id", "sent_id", "text")


def make_units(
    sentences_df: pd.DataFrame,
    *,
    unit: str = "paragraph",
    size: int = 3,
    step: int | None = None,
) -> pd.DataFrame:
    """Group a sentences table into paragraph or sentence-window units for topic models.

    A topic model learns which words occur together across documents. With five
    articles, ``k`` topics would mostly restate the article boundaries (and NMF or
    LDA cannot even fit ``k > 5``), so the notebooks model smaller units that keep
    their article (``doc_id``) for aggregation. Paragraphs are the default: in news
    writing a paragraph usually carries one claim or one quotation, which is the
    grain at which frames are argued, and the five articles give about sixty of
    them. Windows of ``size`` consecutive sentences are the alternative for texts
    whose paragraphs are missing or very long; they may cross paragraph breaks but
    never article boundaries. Units from one article are not independent, so topic
    shares by outlet describe this corpus and support no significance test.

    Parameters
    ----------
    sentences_df : pandas.DataFrame
        Columns ``doc_id``, ``para_id``, ``sent_id`` and ``text`` (``start`` and
        ``end`` may be present and are ignored). One row per sentence;
        ``(doc_id, sent_id)`` must be unique.
    unit : {"paragraph", "window"}, default "paragraph"
        Unit type.
    size : int, default 3
        Sentences per window (``unit="window"`` only).
    step : int, optional
        Sentences between window starts; default ``size`` (windows do not overlap,
        so no sentence is counted twice). ``step < size`` gives overlapping windows;
        ``step > size`` is refused because it would skip sentences. The last window
        of an article may be shorter than ``size`` so every sentence is covered.

    Returns
    -------
    pandas.DataFrame
        One row per unit, sorted by ``doc_id`` then position, with columns
        ``doc_id``, ``unit_id`` (the paragraph's ``para_id``, or the 0-based window
        number within the article), ``first_sent``, ``last_sent``, ``n_sentences``
        and ``text`` (the sentences joined by single spaces).

    Raises
    ------
    TopicModelError
        On missing columns, an empty table, non-string text, duplicate sentence
        ids, an unknown ``unit`` or a bad ``size``/``step``.

    Examples
    --------
    >>> sents = pd.DataFrame({
    ...     "doc_id": ["a", "a", "a", "b"], "para_id": [0, 0, 1, 0],
    ...     "sent_id": [0, 1, 2, 0],
    ...     "text": ["One.", "Two.", "Three.", "Four."]})
    >>> make_units(sents)[["doc_id", "unit_id", "text"]]
      doc_id  unit_id       text
    0      a        0  One. Two.
    1      a        1     Three.
    2      b        0      Four.
    >>> make_units(sents, unit="window", size=2)["text"].tolist()
    ['One. Two.', 'Three.', 'Four.']
    """
    if not isinstance(sentences_df, pd.DataFrame):
        raise TopicModelError(
            f"make_units needs a pandas DataFrame of sentences, got {type(sentences_df).__name__}"
        )
    missing = [c for c in _SENTENCE_COLUMNS if c not in sentences_df.columns]
    if missing:
        raise TopicModelError(
            f"sentences table lacks column(s) {missing}; it needs {list(_SENTENCE_COLUMNS)} "
            "(the lead's sentences table has them)"
        )
    if len(sentences_df) == 0:
        raise TopicModelError("sentences table is empty: there is nothing to group into units")
    bad = ~sentences_df["text"].map(lambda t: isinstance(t, str))
    if bad.any():
        row = sentences_df.index[bad.to_numpy()][0]
        raise TopicModelError(
            f"sentence text must be str; row {row!r} holds {sentences_df.loc[row, 'text']!r}: "
            "drop or fill missing sentences before make_units"
        )
    dup = sentences_df.duplicated(["doc_id", "sent_id"])
    if dup.any():
        row = sentences_df.index[dup.to_numpy()][0]
        raise TopicModelError(
            f"duplicate (doc_id, sent_id) at row {row!r}: "
            f"{tuple(sentences_df.loc[row, ['doc_id', 'sent_id']])}; sentence ids must be unique per document"
        )
    if unit not in ("paragraph", "window"):
        raise TopicModelError(f"unit must be 'paragraph' or 'window', got {unit!r}")
    size = _positive_int(size, "size")
    step = size if step is None else _positive_int(step, "step")
    if step > size:
        raise TopicModelError(
            f"step={step} > size={size} would skip sentences; use step <= size"
        )

    df = sentences_df[list(_SENTENCE_COLUMNS)].copy()
    df["doc_id"] = df["doc_id"].astype(str)
    df = df.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)
    if unit == "paragraph":
        df["_unit"] = df["para_id"]
        rows = df
    elif step == size:
        df["_unit"] = df.groupby("doc_id", sort=False).cumcount() // size
        rows = df
    else:
        pieces = []
        for _, doc in df.groupby("doc_id", sort=True):
            n = len(doc)
            starts = list(range(0, max(n - size, 0) + 1, step))
            if starts[-1] + size < n:
                starts.append(starts[-1] + step)
            for w, s in enumerate(starts):
                piece = doc.iloc[s : s + size].copy()
                piece["_unit"] = w
                pieces.append(piece)
        rows = pd.concat(pieces, ignore_index=True)
    units = (
        rows.groupby(["doc_id", "_unit"], sort=True)
        .agg(
            first_sent=("sent_id", "min"),
            last_sent=("sent_id", "max"),
            n_sentences=("sent_id", "size"),
            text=("text", " ".join),
        )
        .reset_index()
        .rename(columns={"_unit": "unit_id"})
    )
    return units[["doc_id", "unit_id", "first_sent", "last_sent", "n_sentences", "text"]]


def tag_units(
    units_df: pd.DataFrame,
    documents_df: pd.DataFrame,
    *,
    label: str = "outlet",
    unit_name: str = "unit",
) -> pd.DataFrame:
    """Tag each unit with its document's label, its number in the document and its length.

    Topic shares are added up by outlet and typical units are read with their
    article, so every unit needs its document's label next to it. The label is
    looked up by ``doc_id`` (a unit whose document is missing, or has no label,
    is an error rather than a silent NaN).

    Parameters
    ----------
    units_df : pandas.DataFrame
        Output of :func:`make_units`: columns ``doc_id`` and ``text`` at least,
        units of one document in reading order.
    documents_df : pandas.DataFrame
        The documents table: one row per ``doc_id``, with a column ``label``.
    label : str, default "outlet"
        Document column copied onto the units. ``"doc_id"`` copies nothing, for
        corpora without outlet metadata.
    unit_name : str, default "unit"
        Name of the numbering column, e.g. ``"paragraph"``.

    Returns
    -------
    pandas.DataFrame
        A copy of ``units_df`` (index 0..n-1) with the columns ``label`` (unless
        it is ``"doc_id"``), ``unit_name`` (the unit's number from 1 within its
        document, in table order), ``article`` (``"<label> · <doc_id>"``, or the
        ``doc_id`` alone when ``label="doc_id"``) and ``n_words`` (words
        separated by whitespace).

    Raises
    ------
    TopicModelError
        On a missing column, a column name already taken, duplicate ``doc_id``
        in ``documents_df``, or a unit whose document or label is missing.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "b"], "unit_id": [0, 1, 0],
    ...                       "text": ["One two.", "Three.", "Four five six."]})
    >>> documents = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["TIME", "VOA"]})
    >>> tag_units(units, documents, unit_name="paragraph")
      doc_id  unit_id            text outlet  paragraph   article  n_words
    0      a        0        One two.   TIME          1  TIME · a        2
    1      a        1          Three.   TIME          2  TIME · a        1
    2      b        0  Four five six.    VOA          1   VOA · b        3
    """
    for name, table, needed in (
        ("units_df", units_df, ["doc_id", "text"]),
        ("documents_df", documents_df, ["doc_id", label]),
    ):
        if not isinstance(table, pd.DataFrame):
            raise TopicModelError(f"{name} must be a DataFrame, got {type(table).__name__}")
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise TopicModelError(f"{name} lacks column(s) {missing}; it needs {needed}")
    added = ([] if label == "doc_id" else [label]) + [unit_name, "article", "n_words"]
    if len(set(added)) < len(added):
        raise TopicModelError(f"unit_name={unit_name!r} clashes with another added column {added}")
    taken = [c for c in added if c in units_df.columns]
    if taken:
        raise TopicModelError(
            f"units_df already has column(s) {taken}; tag the output of make_units only once "
            "or pass another unit_name"
        )
    doc_ids = documents_df["doc_id"].astype(str)
    if doc_ids.duplicated().any():
        raise TopicModelError(
            f"documents_df lists doc_id {doc_ids[doc_ids.duplicated()].iloc[0]!r} twice; "
            "it needs one row per document"
        )
    out = units_df.reset_index(drop=True).copy()
    unit_docs = out["doc_id"].astype(str)
    if label != "doc_id":
        labels = pd.Series(documents_df[label].to_numpy(), index=doc_ids.to_numpy())
        values = unit_docs.map(labels)
        bad = values.isna().to_numpy()
        if bad.any():
            doc = unit_docs[bad].iloc[0]
            reason = "is not in documents_df" if doc not in labels.index else f"has no {label!r}"
            raise TopicModelError(
                f"{int(bad.sum())} unit(s) get no {label!r}: document {doc!r} {reason}; "
                "pass the documents table the units were made from"
            )
        out[label] = values.to_numpy()
    out[unit_name] = out.groupby("doc_id", sort=False).cumcount().to_numpy() + 1
    out["article"] = (
        unit_docs if label == "doc_id" else out[label].astype(str) + " · " + unit_docs
    ).to_numpy()
    out["n_words"] = out["text"].str.split().str.len()
    return out


def sample_units(units: pd.DataFrame, *, n: int | None, seed: int = 0) -> pd.DataFrame:
    """Return at most ``n`` units drawn at random (seeded), in their original order.

    Choosing *k* fits hundreds of models (subsamples for stability, shuffled copies for the null);
    on a large corpus they are fitted on a random sample of the units, and only the model at the
    chosen *k* on all of them. A table of ``n`` units or fewer, or ``n=None``, is returned
    unchanged, so small corpora are not affected.

    Parameters
    ----------
    units
        A units table (:func:`make_units`).
    n
        Largest number of units kept (``None``: all).
    seed
        Seed of the draw (``numpy.random.default_rng``).

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": range(10), "text": list("abcdefghij")})
    >>> sample_units(units, n=4, seed=0)["text"].tolist()
    ['c', 'e', 'f', 'h']
    >>> sample_units(units, n=20) is units
    True
    """
    import numpy as np

    if n is None or len(units) <= _positive_int(n, "n"):
        return units
    rows = np.sort(np.random.default_rng(seed).choice(len(units), size=n, replace=False))
    return units.iloc[rows]
