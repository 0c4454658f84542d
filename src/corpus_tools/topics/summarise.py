"""Findings about a topic model written from its numbers, and the choices that adapt it to a corpus.

Notebook 05 runs on any corpus, so every sentence it states about the data is generated here
from the run's own results, and every size-dependent choice is made here from the data:

* :func:`candidate_ks` picks the range of ``k`` worth testing for the number of units and terms
  (empty when there is too little text), :func:`describe_candidate_ks` says which and why;
* :func:`choose_share_groups` picks what to compare topic shares across (the grouping column,
  else documents, else nothing) and bounds it to the largest groups;
* :func:`summarise_topics` words each topic's top terms and weight, and whether the topics may
  be read as themes; :func:`summarise_topic_leans` says which group leans on which topic.

The calibrated verdict itself is :func:`corpus_tools.topics.describe_k_verdict`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning

from corpus_tools.findings import format_share, join_names, skip_note
from corpus_tools.topics.model import TopicModel, TopicModelError, _positive_int

__all__ = [
    "MIN_UNITS_PER_TOPIC",
    "ConvergenceLog",
    "ShareGroups",
    "candidate_ks",
    "collect_convergence_warnings",
    "choose_share_groups",
    "describe_candidate_ks",
    "summarise_topic_leans",
    "summarise_topics",
]

#: Least number of units per topic for a ``k`` to be worth testing: ``k <= n_units // 5``.
#: A project convention, not a published rule. NMF and LDA can fit any ``k``, but with few
#: units per topic a topic is carried by a handful of units and says more about them than
#: about the corpus, and the stability check (which leaves a fifth of the units out) has
#: almost nothing to reproduce.
MIN_UNITS_PER_TOPIC = 5


def candidate_ks(
    n_units: int, n_terms: int, *, k_min: int = 2, k_max: int = 8, min_units_per_topic: int = MIN_UNITS_PER_TOPIC
) -> list[int]:
    """Return the numbers of topics worth testing for a corpus of this size (maybe none).

    ``k`` runs from ``k_min`` to the smallest of ``k_max``, ``n_units // min_units_per_topic``
    and ``n_terms - 1`` (a topic model needs more terms than topics to tell them apart).

    Examples
    --------
    >>> candidate_ks(53, 207), candidate_ks(24, 65), candidate_ks(11, 15)
    ([2, 3, 4, 5, 6, 7, 8], [2, 3, 4], [2])
    >>> candidate_ks(9, 40), candidate_ks(100, 2)
    ([], [])
    """
    for value, name in ((n_units, "n_units"), (n_terms, "n_terms")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise TopicModelError(f"{name} must be a non-negative integer, got {value!r}")
    k_min, k_max = _positive_int(k_min, "k_min"), _positive_int(k_max, "k_max")
    per_topic = _positive_int(min_units_per_topic, "min_units_per_topic")
    high = min(k_max, int(n_units) // per_topic, int(n_terms) - 1)
    return list(range(k_min, high + 1))


def describe_sample(sample: pd.DataFrame, units: pd.DataFrame, *, unit_name: str = "unit") -> str:
    """One sentence saying that *k* is chosen on a sample of the units (:func:`sample_units`).

    Examples
    --------
    >>> units = pd.DataFrame({"text": ["a"] * 2500})
    >>> describe_sample(units.head(2000), units, unit_name="paragraph")
    'k is chosen on a seeded random sample of 2,000 of the 2,500 paragraphs (MAX_CALIBRATION_UNITS): the stability, coherence and null scores, the LDA stability and the preprocessing panel. The model at the chosen k is fitted on all 2,500 paragraphs.'
    """
    return (f"k is chosen on a seeded random sample of {len(sample):,} of the {len(units):,} {unit_name}s "
            "(MAX_CALIBRATION_UNITS): the stability, coherence and null scores, the LDA stability and the "
            f"preprocessing panel. The model at the chosen k is fitted on all {len(units):,} {unit_name}s.")


def describe_candidate_ks(
    ks: Sequence[int], *, n_units: int, n_terms: int, k_max: int = 8, unit_name: str = "unit",
    min_units_per_topic: int = MIN_UNITS_PER_TOPIC,
) -> str:
    """Say which k are tested and why the range is what it is, or why nothing is fitted.

    Examples
    --------
    >>> print(describe_candidate_ks([2, 3, 4], n_units=24, n_terms=65, unit_name="paragraph"))
    k from 2 to 4 is tested (24 paragraphs and 65 terms: at most one topic per 5 paragraphs, up to k = 8).
    >>> print(describe_candidate_ks([], n_units=7, n_terms=30, unit_name="paragraph"))
    **Skipped: Topic model.** It needs at least 10 paragraphs (5 per topic for k = 2) and 3 vocabulary terms; this corpus has 7 paragraphs and 30 terms. To enable it: add texts, or split the texts into more, smaller units (blank lines between paragraphs, or windows of sentences with `tp.make_units(..., unit="window")`).
    """
    per = f"{min_units_per_topic} per topic"
    if not ks:
        return skip_note(
            "Topic model",
            f"needs at least {2 * min_units_per_topic} {unit_name}s ({per} for k = 2) and 3 vocabulary terms; "
            f"this corpus has {n_units} {unit_name}s and {n_terms} terms",
            'add texts, or split the texts into more, smaller units (blank lines between paragraphs, '
            'or windows of sentences with `tp.make_units(..., unit="window")`)',
        )
    ks = [int(k) for k in ks]
    what = f"k = {ks[0]} is" if len(ks) == 1 else f"k from {ks[0]} to {ks[-1]} is"
    return (f"{what} tested ({n_units} {unit_name}s and {n_terms} terms: at most one topic per "
            f"{min_units_per_topic} {unit_name}s, up to k = {k_max}).")


@dataclass(frozen=True)
class ShareGroups:
    """What topic shares are compared across: a column of the units, the groups kept, and a note.

    ``column`` is None when there is nothing to compare (one document in one group); ``note`` is
    Markdown saying what was chosen and why (empty when the grouping column is used as it is).
    """

    column: str | None
    groups: list
    n_groups: int
    note: str

    def select(self, table: pd.DataFrame) -> pd.DataFrame:
        """Keep the rows of a table (tidy or indexed by group) that belong to the kept groups.

        >>> g = ShareGroups("outlet", ["A"], 2, "")
        >>> g.select(pd.DataFrame({"outlet": ["A", "B"], "share": [0.1, 0.9]}))["outlet"].tolist()
        ['A']
        """
        if self.column is None:
            raise TopicModelError("no groups to select: this corpus has one document in one group")
        if self.column in table.columns:
            return table[table[self.column].isin(self.groups)].reset_index(drop=True)
        return table.loc[[g for g in table.index if g in set(self.groups)]]


def choose_share_groups(
    units: pd.DataFrame, *, label: str, max_groups: int = 12, unit_name: str = "unit"
) -> ShareGroups:
    """Choose what to compare topic shares across: ``label``, else documents, else nothing.

    With two or more values of ``label`` the shares are compared across them. With one (one
    outlet, say) they are compared across documents instead, if there are several; with one
    document there is nothing to compare. Past ``max_groups`` groups only the ``max_groups``
    with the most units are kept (ties: by name), and the note says so.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "outlet": ["X", "X", "X", "X"]})
    >>> g = choose_share_groups(units, label="outlet", unit_name="paragraph")
    >>> g.column, g.groups
    ('doc_id', ['a', 'b', 'c'])
    >>> print(g.note)
    Every paragraph has the same outlet (X), so topic shares are compared across documents instead.
    >>> choose_share_groups(units, label="doc_id", max_groups=2).note
    'Topic shares are shown for the 2 documents with the most units (of 3); set MAX_GROUPS to show more.'
    >>> choose_share_groups(units[:2], label="outlet").column is None
    True
    """
    if not isinstance(units, pd.DataFrame) or "doc_id" not in units.columns:
        raise TopicModelError("units must be the DataFrame from tag_units (with a doc_id column)")
    if label not in units.columns:
        raise TopicModelError(f"units has no column {label!r}: tag them with tag_units(..., label={label!r})")
    max_groups = _positive_int(max_groups, "max_groups")
    notes = []
    column = label
    if units[label].nunique() < 2:
        value = units[label].iloc[0] if len(units) else "none"
        if units["doc_id"].nunique() < 2:
            what = "one document" if label == "doc_id" else f"one document and one {label} ({value})"
            return ShareGroups(None, [], 1, skip_note(
                "Topic shares by group", f"needs at least two groups to compare; this corpus has {what}",
                "add documents, or a grouping column to metadata.csv and pass LABEL (`--label COLUMN`)"))
        column = "doc_id"
        notes.append(f"Every {unit_name} has the same {label} ({value}), so topic shares are compared "
                     "across documents instead.")
    sizes = units.groupby(column, sort=False).size()
    order = sorted(sizes.index, key=lambda g: (-int(sizes[g]), str(g)))
    kept = order[:max_groups]
    if len(order) > max_groups:
        name = "documents" if column == "doc_id" else f"values of {column}"
        notes.append(f"Topic shares are shown for the {max_groups} {name} with the most {unit_name}s "
                     f"(of {len(order)}); set MAX_GROUPS to show more.")
    return ShareGroups(column, sorted(kept, key=str), len(order), " ".join(notes))


def _topic_weights(model: TopicModel) -> np.ndarray:
    props = model.proportions()
    used = props.sum(axis=1) > 0
    return props[used].mean(axis=0) if used.any() else np.zeros(model.k)


def summarise_topics(
    model: TopicModel, *, interpretable: bool, n: int = 6, unit_name: str = "unit"
) -> str:
    """Word each topic's top terms and weight, and whether the topics may be read as themes.

    The weight of a topic is its mean proportion over the units with any term, rounded to a
    whole percent.

    Examples
    --------
    >>> from corpus_tools.topics import fit_nmf
    >>> texts = ["goal striker match", "match goal keeper", "striker keeper goal",
    ...          "rain wind storm", "storm cloud rain", "wind cloud storm"]
    >>> print(summarise_topics(fit_nmf(texts, 2, min_df=1), interpretable=False, n=1))
    **These 2 topics are descriptive groupings of units, not themes**: no k beat the shuffled-text null. What each groups:
    - topic 0 (50% of the units' topic weight): *storm*
    - topic 1 (50% of the units' topic weight): *goal*
    """
    if not isinstance(model, TopicModel):
        raise TopicModelError(f"model must be a TopicModel (from fit_nmf/fit_lda), got {type(model).__name__}")
    n = _positive_int(n, "n")
    weights = _topic_weights(model)
    if interpretable:
        head = f"The {model.k} topics passed the calibrated check and may be read as themes of these {unit_name}s:"
    else:
        head = (f"**These {model.k} topics are descriptive groupings of {unit_name}s, not themes**: "
                "no k beat the shuffled-text null. What each groups:")
    lines = [head]
    for t, terms in enumerate(model.top_terms(n)):
        words = ", ".join(f"*{w}*" for w in terms) or "no term"
        lines.append(f"- topic {t} ({format_share(weights[t])} of the {unit_name}s' topic weight): {words}")
    return "\n".join(lines)


def summarise_topic_leans(
    shares: pd.DataFrame, *, by: str, unit_name: str = "unit", min_difference: float = 0.1,
    labels: Sequence[str] | None = None,
) -> str:
    """Say which group leans on which topic, against the mean over all groups' units.

    For each group, the topic whose share exceeds its share over all the table's units (each
    group weighted by its non-empty units) by the most; only leans of at least
    ``min_difference`` (10 points) are named, the rest are summed up in one sentence.

    Parameters
    ----------
    shares : pandas.DataFrame
        Tidy output of :func:`~corpus_tools.topics.topic_shares` (maybe cut to some groups).
    by : str
        Its group column.
    labels : sequence of str, optional
        One label per topic (e.g. ``model.topic_labels(3)``); default ``"topic t"``.

    Examples
    --------
    >>> shares = pd.DataFrame({"outlet": ["A", "A", "B", "B", "C", "C"], "topic": [0, 1] * 3,
    ...     "share": [0.9, 0.1, 0.2, 0.8, 0.55, 0.45], "n_units": [10, 10, 10, 10, 10, 10], "n_empty": 0})
    >>> print(summarise_topic_leans(shares, by="outlet", unit_name="paragraph"))
    - A leans on topic 0: 90% of its paragraphs' topic weight against 55% over all 3 outlets.
    - B leans on topic 1: 80% of its paragraphs' topic weight against 45% over all 3 outlets.
    - C is within 10 points of the overall mix on every topic.
    """
    needed = {by, "topic", "share", "n_units", "n_empty"}
    if not isinstance(shares, pd.DataFrame) or not needed <= set(shares.columns):
        raise TopicModelError(f"shares must be the tidy table from topic_shares (columns {sorted(needed)})")
    if shares.empty:
        raise TopicModelError("shares is empty: there is no group to summarise")
    wide = shares.pivot(index=by, columns="topic", values="share").sort_index(key=lambda s: s.astype(str))
    sizes = shares.groupby(by)["n_units"].first().reindex(wide.index).to_numpy(dtype=float)
    overall = (wide.to_numpy() * sizes[:, None]).sum(axis=0) / max(sizes.sum(), 1.0)
    names = list(labels) if labels is not None else [f"topic {t}" for t in wide.columns]
    if len(names) != wide.shape[1]:
        raise TopicModelError(f"{len(names)} labels for {wide.shape[1]} topics")
    group_word = "documents" if by == "doc_id" else f"{by}s"
    named, flat = [], []
    for group, row in zip(wide.index, wide.to_numpy(), strict=True):
        excess = np.round(row - overall, 6)
        t = int(np.argmax(excess))
        if excess[t] >= min_difference:
            named.append(f"{group} leans on {names[t]}: {format_share(row[t])} of its {unit_name}s' topic weight "
                         f"against {format_share(overall[t])} over all {len(wide)} {group_word}.")
        else:
            flat.append(str(group))
    if flat:
        verb = "is" if len(flat) == 1 else "are"
        named.append(f"{join_names(flat, limit=8)} {verb} within {round(100 * min_difference)} points of the "
                     "overall mix on every topic.")
    return "\n".join(f"- {line}" for line in named)


@dataclass
class ConvergenceLog:
    """The convergence warnings of the fits inside :func:`collect_convergence_warnings`."""

    messages: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Number of fits that stopped at their iteration limit."""
        return len(self.messages)

    def note(self, what: str) -> str:
        """One Markdown sentence about the fits that did not converge ('' when all did).

        >>> ConvergenceLog(["x", "y"]).note("the calibrated scores")
        '2 model fits behind the calibrated scores stopped at their iteration limit before converging; their topics are used as they are (a fit that has not converged is still a valid, if less tight, factorisation).'
        >>> ConvergenceLog().note("anything")
        ''
        """
        if not self.messages:
            return ""
        fits = "1 model fit" if self.count == 1 else f"{self.count} model fits"
        return (f"{fits} behind {what} stopped at their iteration limit before converging; their topics are used "
                "as they are (a fit that has not converged is still a valid, if less tight, factorisation).")


@contextmanager
def collect_convergence_warnings() -> Iterator[ConvergenceLog]:
    """Record scikit-learn's ConvergenceWarnings raised in the block instead of printing them.

    Other warnings pass through unchanged. Show ``log.note(...)`` so that the reader still learns
    how many fits did not converge.

    >>> import warnings
    >>> with collect_convergence_warnings() as log:
    ...     warnings.warn("Maximum number of iterations 1000 reached.", ConvergenceWarning)
    >>> log.count
    1
    """
    log = ConvergenceLog()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        yield log
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            log.messages.append(str(w.message))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
