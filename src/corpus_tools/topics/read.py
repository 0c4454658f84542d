"""Reading a fitted model: topic shares by group, typical and crossing units, units in context.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd

from corpus_tools.kwic import _shown_columns, cut_context
from corpus_tools.topics.fit import fit_nmf
from corpus_tools.topics.model import TopicModel, TopicModelError, _positive_int

# ---------------------------------------------------------------------------
# outputs
# ---------------------------------------------------------------------------


def _check_units(model: TopicModel, units_df: pd.DataFrame, column: str | None = None) -> None:
    if not isinstance(model, TopicModel):
        raise TopicModelError(f"model must be a TopicModel (from fit_nmf/fit_lda), got {type(model).__name__}")
    if not isinstance(units_df, pd.DataFrame):
        raise TopicModelError(f"units_df must be a DataFrame, got {type(units_df).__name__}")
    if len(units_df) != model.doc_topic.shape[0]:
        raise TopicModelError(
            f"units_df has {len(units_df)} rows but the model was fitted on "
            f"{model.doc_topic.shape[0]} units: pass the same table, in the same order, "
            "whose 'text' column was fitted"
        )
    if column is not None and column not in units_df.columns:
        raise TopicModelError(
            f"units_df has no column {column!r}; add it first, e.g. "
            "units.merge(documents[['doc_id', 'outlet']], on='doc_id', how='left')"
        )


def topic_shares(model: TopicModel, units_df: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Return the mean topic proportion of the units in each group (e.g. outlet).

    Each unit's doc-topic row is normalised to sum to 1
    (:meth:`TopicModel.proportions`); the share of topic t in a group is the mean
    over the group's units. Units with no vocabulary term belong to no topic and
    are left out of the mean; ``n_empty`` counts them.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units, with a column ``by``.
    by : str, default "outlet"
        Grouping column.

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per group and topic, sorted, with columns ``by``,
        ``topic`` (int), ``share`` (shares of a group sum to 1), ``n_units``
        (units averaged) and ``n_empty``.

    Raises
    ------
    TopicModelError
        If the table does not match the model, lacks ``by``, or a group has
        only empty units.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"text": texts, "outlet": ["A", "A", "B", "B", "B", "B"]})
    >>> shares = topic_shares(fit_nmf(texts, 2, min_df=1), units)
    >>> shares.round(2)
      outlet  topic  share  n_units  n_empty
    0      A      0   0.00        2        0
    1      A      1   1.00        2        0
    2      B      0   0.75        4        0
    3      B      1   0.25        4        0
    """
    _check_units(model, units_df, by)
    missing = units_df[by].isna().to_numpy()
    if missing.any():
        raise TopicModelError(
            f"{int(missing.sum())} unit(s) have no {by!r} (first at row {int(missing.argmax())}): "
            "check the merge that added the column"
        )
    props = model.proportions()
    empty = model.empty_units
    groups = units_df[by].to_numpy()
    rows = []
    for group in sorted(pd.unique(groups), key=lambda g: (str(type(g)), g)):
        mask = groups == group
        used = mask & ~empty
        if not used.any():
            raise TopicModelError(
                f"every unit of {by}={group!r} is empty after vectorising: "
                "lower min_df or keep stop words"
            )
        mean = props[used].mean(axis=0)
        for t in range(model.k):
            rows.append(
                {
                    by: group,
                    "topic": t,
                    "share": float(mean[t]),
                    "n_units": int(used.sum()),
                    "n_empty": int((mask & empty).sum()),
                }
            )
    return pd.DataFrame(rows)


def tabulate_topic_shares(
    model: TopicModel, units_df: pd.DataFrame, *, by: str = "outlet", unit_name: str = "unit"
) -> pd.DataFrame:
    """Return a wide table of topic shares by group, with counts of units per dominant topic.

    The shares are those of :func:`topic_shares` (mean topic proportion of the
    group's units); the counts say how many of the group's units have each
    topic as their dominant topic (:meth:`TopicModel.dominant_topic`). Units
    with no term belong to no topic: they are counted in ``n_empty`` only.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units, with a column ``by``.
    by : str, default "outlet"
        Grouping column.
    unit_name : str, default "unit"
        What the units are called in the count columns (``"paragraph"`` gives
        ``"paragraphs 0"``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per group (index ``by``, sorted), columns ``"share 0"`` ...
        ``"share <k-1>"``, ``"<unit_name>s 0"`` ... ``"<unit_name>s <k-1>"``,
        ``n_units`` and ``n_empty``.

    Raises
    ------
    TopicModelError
        As :func:`topic_shares`.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"text": texts, "outlet": ["A", "A", "B", "B", "B", "B"]})
    >>> tabulate_topic_shares(fit_nmf(texts, 2, min_df=1), units).round(2)
            share 0  share 1  units 0  units 1  n_units  n_empty
    outlet                                                      
    A          0.00     1.00        0        2        2        0
    B          0.75     0.25        3        1        4        0
    """
    shares = topic_shares(model, units_df, by=by)
    table = shares.pivot(index=by, columns="topic", values="share").add_prefix("share ")
    counts = (
        pd.crosstab(units_df[by], model.dominant_topic())
        .reindex(columns=range(model.k), fill_value=0)
        .add_prefix(f"{unit_name}s ")
    )
    return table.join(counts).join(shares.groupby(by)[["n_units", "n_empty"]].first())

def typical_units(model: TopicModel, units_df: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """Return the ``n`` units most typical of each topic, for reading.

    Typicality is the unit's topic proportion (:meth:`TopicModel.proportions`,
    as in STM's ``findThoughts``); ties (to 10 decimals) go to the larger raw
    weight, then to the earlier unit. Units with proportion 0 are never listed.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units (any columns; all are carried into the result).
    n : int, default 3
        Units per topic.

    Returns
    -------
    pandas.DataFrame
        Columns ``topic``, ``rank`` (1 = most typical), ``proportion``, then the
        columns of ``units_df``; one block of up to ``n`` rows per topic.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"unit_id": range(6), "text": texts})
    >>> typical_units(fit_nmf(texts, 2, min_df=1), units, n=1)[["topic", "unit_id"]]
       topic  unit_id
    0      0        3
    1      1        0
    """
    _check_units(model, units_df)
    n = _positive_int(n, "n")
    props = model.proportions()
    raw = np.asarray(model.doc_topic, dtype=np.float64)
    position = np.arange(len(units_df))
    blocks = []
    for t in range(model.k):
        order = np.lexsort((position, -np.round(raw[:, t], 10), -np.round(props[:, t], 10)))
        order = order[props[order, t] > 0][:n]
        block = units_df.iloc[order].reset_index(drop=True)
        block.insert(0, "proportion", props[order, t])
        block.insert(0, "rank", np.arange(1, len(order) + 1))
        block.insert(0, "topic", t)
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)


def crossing_units(model: TopicModel, units_df: pd.DataFrame, *, by: str = "doc_id") -> pd.DataFrame:
    """Return the units whose dominant topic is not the most common one in their group.

    A group's (by default an article's) majority topic is the most frequent
    dominant topic (:meth:`TopicModel.dominant_topic`) of its units, the lower
    topic number on ties. Units whose dominant topic differs "cross over": they
    show what pulls a text, for a unit, into another topic. Units with no term
    belong to no topic and never cross.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units (any columns; all are carried into the result).
    by : str, default "doc_id"
        Grouping column.

    Returns
    -------
    pandas.DataFrame
        Columns ``topic`` (the unit's dominant topic), ``proportion`` (its
        share of the unit's weight), ``majority_topic`` (of the unit's group),
        then the columns of ``units_df``; one row per crossing unit, in table
        order, index 0..n-1.

    Raises
    ------
    TopicModelError
        If the table does not match the model or lacks ``by``.

    Examples
    --------
    Article "a" is mostly about football; its last unit is about the weather:

    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "a", "a", "b", "b"], "text": texts})
    >>> crossing_units(fit_nmf(texts, 2, min_df=1), units).round(2)
       topic  proportion  majority_topic doc_id             text
    0      0         1.0               1      a  rain wind storm
    """
    _check_units(model, units_df, by)
    dominant = model.dominant_topic()
    props = model.proportions()
    used = dominant >= 0
    frame = pd.DataFrame({"group": units_df[by].to_numpy()[used], "topic": dominant[used]})
    majority = frame.groupby("group", sort=False)["topic"].agg(lambda topics: topics.mode().min())
    group_majority = units_df[by].map(majority).to_numpy()
    crossing = used & (dominant != group_majority)
    rows = np.flatnonzero(crossing)
    out = units_df.iloc[rows].reset_index(drop=True)
    out.insert(0, "majority_topic", group_majority[rows].astype(np.int64))
    out.insert(0, "proportion", props[rows, dominant[rows]])
    out.insert(0, "topic", dominant[rows])
    return out


def _opening(text: str, clip: int) -> str:
    """The start of a neighbouring unit, at most ``clip`` characters (the shared KWIC cut, whole words)."""
    return cut_context(text, 0, 0, before=0, after=clip, fold="words")[2]


def format_in_context(
    model: TopicModel,
    units_df: pd.DataFrame,
    *,
    n: int = 1,
    columns: str | Sequence[str] | None = None,
    unit_name: str = "unit",
    terms: int = 3,
    width: int = 110,
    clip: int = 180,
    label: str | None = None,
) -> str:
    """Return each topic's most typical units, in full, between their neighbours.

    A unit read alone can mislead: a quotation means something different in a
    reply than in an opening statement. For each of the ``n`` most typical units
    of each topic (:func:`typical_units`) the text gives a heading (topic, its
    top terms, the unit's proportion, the values of ``columns`` and its position
    in its document), then the opening of the preceding unit, the unit itself in
    full (marked ``>>``) and the opening of the following unit. The neighbours are
    cut to ``clip`` characters by the shared KWIC rule
    (:func:`corpus_tools.kwic.cut_context`, ``fold="words"``: whole words, a cut
    marked " ..."). Lines are wrapped at ``width`` characters and indented by four
    spaces.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``units_df["text"]`` in row order.
    units_df : pandas.DataFrame
        The units with columns ``doc_id``, ``unit_id``, ``text`` and ``columns``;
        the units of one document in reading order.
    n : int, default 1
        Units per topic.
    columns : str or list of str, default "doc_id"
        Column(s) naming the unit's document in the heading (shown, not grouped
        by; e.g. ``"article"`` from :func:`tag_units`), joined by ", ".
    unit_name : str, default "unit"
        What the units are called in the heading (e.g. ``"paragraph"``).
    terms : int, default 3
        Top terms of the topic in the heading.
    width : int, default 110
        Line width.
    clip : int, default 180
        Maximum length of the neighbouring units' openings.
    label : str, optional
        Deprecated old name of ``columns`` (one release, ``FutureWarning``).

    Returns
    -------
    str
        One block per unit, blocks separated by a blank line (print it).

    Raises
    ------
    TopicModelError
        If the table does not match the model or lacks a column.

    Examples
    --------
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b", "b"],
    ...                       "unit_id": [0, 1, 2, 0, 1, 2], "text": texts})
    >>> print(format_in_context(fit_nmf(texts, 2, min_df=1), units, unit_name="paragraph", clip=15))
    Topic 0 (storm, cloud, rain): proportion 1.00, b, paragraph 1 of 3
        >> rain wind storm
        after: storm cloud ...
    <BLANKLINE>
    Topic 1 (goal, keeper, match): proportion 1.00, a, paragraph 1 of 3
        >> goal striker match
        after: match goal ...
    """
    _check_units(model, units_df)
    shown = _shown_columns(columns, label, function="format_in_context", default="doc_id")
    missing = [c for c in ("doc_id", "unit_id", "text", *shown) if c not in units_df.columns]
    if missing:
        raise TopicModelError(
            f"units_df lacks column(s) {missing}; format_in_context needs doc_id, unit_id, text "
            f"and the shown column(s) {shown}"
        )
    for name, value in (("n", n), ("terms", terms), ("width", width), ("clip", clip)):
        _positive_int(value, name)
    top = model.top_terms(terms)
    blocks = []
    for _, row in typical_units(model, units_df, n=n).iterrows():
        doc = units_df[units_df["doc_id"] == row["doc_id"]].reset_index(drop=True)
        i = int(doc.index[(doc["unit_id"] == row["unit_id"]).to_numpy()][0])
        names = ", ".join(str(row[c]) for c in shown)
        lines = [
            f"Topic {row['topic']} ({', '.join(top[row['topic']])}): proportion "
            f"{row['proportion']:.2f}, {names}, {unit_name} {i + 1} of {len(doc)}"
        ]
        if i > 0:
            lines.append(textwrap.fill("before: " + _opening(doc.loc[i - 1, "text"], clip), width))
        lines.append(textwrap.fill(">> " + doc.loc[i, "text"], width))
        if i + 1 < len(doc):
            lines.append(textwrap.fill("after: " + _opening(doc.loc[i + 1, "text"], clip), width))
        blocks.append("\n".join([lines[0]] + [textwrap.indent(line, "    ") for line in lines[1:]]))
    return "\n\n".join(blocks)
