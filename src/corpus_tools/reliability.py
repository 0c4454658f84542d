"""Inter-coder reliability: Krippendorff's alpha for single-label, per-frame and multi-label coding.

* :func:`krippendorff_alpha` wraps the ``krippendorff`` package (Castro 2017) with input checks;
  tested against the worked example of Krippendorff (2011), "Computing Krippendorff's
  Alpha-Reliability", section C (nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797).
* :func:`frame_alpha` computes a binary nominal alpha per frame from stacked coding sheets
  (one row per coder and unit, one 0/1 column per frame).
* :func:`krippendorff_alpha_masi` treats each unit's set of frames as one multi-label value and
  uses the MASI distance (Passonneau 2006) through ``nltk.metrics.agreement.AnnotationTask``.

Alpha is 1 for perfect agreement and 0 for agreement at chance level; Krippendorff (2004)
suggests alpha >= 0.800 for firm conclusions and >= 0.667 for tentative ones. When every pairable
value is the same, expected disagreement is zero and alpha is undefined: the functions raise (or,
in :func:`frame_alpha`, report NaN with a note) instead of returning a misleading number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import krippendorff
import numpy as np
import pandas as pd
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import masi_distance

from corpus_tools.errors import CorpusError

__all__ = [
    "LEVELS",
    "SHEET_META_COLUMNS",
    "ReliabilityError",
    "coding_sets",
    "frame_alpha",
    "krippendorff_alpha",
    "krippendorff_alpha_masi",
    "masi_distance_safe",
]

#: Levels of measurement accepted by :func:`krippendorff_alpha`.
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

#: Columns of a coding table (sheet) that are never frame labels; shared with
#: :func:`corpus_tools.frames.load_coding_sheet`.
SHEET_META_COLUMNS: tuple[str, ...] = (
    "unit_id", "doc_id", "para_id", "sent_id", "file", "text", "sentence", "coder", "notes",
)
#: Old name of :data:`SHEET_META_COLUMNS`.
META_COLUMNS = SHEET_META_COLUMNS


class ReliabilityError(CorpusError):
    """Reliability data that cannot give an alpha (wrong shape, one coder, nothing pairable ...).

    Examples
    --------
    >>> try:
    ...     krippendorff_alpha([[1, 2, 3]])
    ... except ReliabilityError as err:
    ...     print(err)
    krippendorff_alpha: need at least 2 coders (rows), got 1. Rows are coders, columns are units; transpose if needed.
    """


def _reliability_matrix(data: Any, level: str) -> np.ndarray:
    if isinstance(data, pd.DataFrame):
        values = data.to_numpy()
    else:
        try:
            values = np.asarray(data)
        except ValueError as err:  # ragged lists
            raise ReliabilityError(f"krippendorff_alpha: data is not a rectangular coders x units table ({err}).") from None
    if values.ndim != 2:
        raise ReliabilityError(
            f"krippendorff_alpha: data must be 2-dimensional (coders x units), got {values.ndim} dimension(s).")
    if values.dtype.kind in "biuf":
        return values.astype(float)
    # object or string data: None / NaN / "" / "." are missing
    flat = [None if _is_missing(v) else v for v in values.ravel()]
    numeric = []
    for v in flat:
        if v is None:
            numeric.append(np.nan)
            continue
        try:
            numeric.append(float(v))
        except (TypeError, ValueError):
            break
    else:
        return np.array(numeric, dtype=float).reshape(values.shape)
    if level != "nominal":
        raise ReliabilityError(f"krippendorff_alpha: non-numeric values need level='nominal' (got level={level!r}).")
    categories = sorted({str(v) for v in flat if v is not None})
    code = {c: float(i) for i, c in enumerate(categories)}
    return np.array([np.nan if v is None else code[str(v)] for v in flat], dtype=float).reshape(values.shape)


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    if isinstance(value, str) and value.strip() in ("", "."):
        return True
    return value is pd.NA


def krippendorff_alpha(data: Any, *, level: str = "nominal") -> float:
    """Krippendorff's alpha for a coders x units table with missing values.

    Parameters
    ----------
    data
        Array-like of shape (coders, units): rows are coders, columns are units. Missing values
        are ``NaN`` (or ``None``, ``""``, ``"."``). Non-numeric labels are allowed for
        ``level="nominal"`` (they are mapped to codes).
    level
        ``"nominal"``, ``"ordinal"``, ``"interval"`` or ``"ratio"``.

    Returns
    -------
    float
        Alpha, computed by ``krippendorff.alpha``.

    Raises
    ------
    ReliabilityError
        Not 2-D, fewer than 2 coders, infinite values, no unit coded by two or more coders, all
        pairable values identical (alpha undefined), negative values at ratio level.

    Examples
    --------
    Krippendorff (2011), section C: 4 coders, 12 units, "." missing.

    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, ".", ".", "."],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, ".", 3],
    ...         [".", 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, "."],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, "."]]
    >>> [round(krippendorff_alpha(data, level=lv), 3) for lv in LEVELS]
    [0.743, 0.815, 0.849, 0.797]
    """
    if level not in LEVELS:
        raise ReliabilityError(f"krippendorff_alpha: level must be one of {LEVELS}, got {level!r}.")
    arr = _reliability_matrix(data, level)
    n_coders, n_units = arr.shape
    if n_coders < 2:
        raise ReliabilityError(
            f"krippendorff_alpha: need at least 2 coders (rows), got {n_coders}. "
            "Rows are coders, columns are units; transpose if needed.")
    if n_units < 1:
        raise ReliabilityError("krippendorff_alpha: no units (columns).")
    if np.isinf(arr).any():
        raise ReliabilityError("krippendorff_alpha: data contains infinite values.")
    pairable = (~np.isnan(arr)).sum(axis=0) >= 2
    if not pairable.any():
        raise ReliabilityError(
            "krippendorff_alpha: no unit was coded by 2 or more coders, so there are no pairable values.")
    values = arr[:, pairable]
    distinct = np.unique(values[~np.isnan(values)])
    if len(distinct) < 2:
        raise ReliabilityError(
            f"krippendorff_alpha: every pairable value is {distinct[0]:g}; expected disagreement is 0 "
            "and alpha is undefined (perfect agreement on a constant is not evidence of reliability).")
    if level == "ratio" and (distinct < 0).any():
        raise ReliabilityError("krippendorff_alpha: ratio level needs non-negative values.")
    return float(krippendorff.alpha(reliability_data=arr, level_of_measurement=level))


def _frame_columns(codings: pd.DataFrame, frames: Sequence[str] | None, *, unit_col: str, coder_col: str,
                   caller: str) -> list[str]:
    for col in (unit_col, coder_col):
        if col not in codings.columns:
            raise ReliabilityError(f"{caller}: column {col!r} missing; columns are {list(codings.columns)}.")
    if frames is None:
        frames = [c for c in codings.columns if c not in SHEET_META_COLUMNS and c not in (unit_col, coder_col)]
    frames = list(frames)
    if not frames:
        raise ReliabilityError(f"{caller}: no frame columns.")
    missing = [f for f in frames if f not in codings.columns]
    if missing:
        raise ReliabilityError(f"{caller}: frame column(s) {missing} not in the table.")
    for f in frames:
        ok = codings[f].dropna().isin([0, 1, True, False]).all()
        if not ok:
            raise ReliabilityError(f"{caller}: column {f!r} must hold 0/1 (or missing).")
    dup = codings.duplicated([unit_col, coder_col])
    if dup.any():
        first = codings.loc[dup, [unit_col, coder_col]].iloc[0].tolist()
        raise ReliabilityError(f"{caller}: unit {first[0]!r} is coded more than once by coder {first[1]!r}.")
    return frames


def frame_alpha(codings: pd.DataFrame, *, frames: Sequence[str] | None = None, unit_col: str = "unit_id",
                coder_col: str = "coder") -> pd.DataFrame:
    """Binary nominal Krippendorff's alpha per frame, from stacked coding sheets.

    Parameters
    ----------
    codings
        One row per (coder, unit): ``unit_col``, ``coder_col`` and one 0/1 column per frame
        (missing = not coded), e.g. ``pd.concat([load_coding_sheet(a), load_coding_sheet(b)])``.
    frames
        Frames to assess; default every column that is not a known meta column.

    Returns
    -------
    pandas.DataFrame
        One row per frame: ``frame``, ``alpha`` (NaN when undefined, with the reason in
        ``note``), ``n_coders``, ``n_units`` (units coded by 2+ coders), ``n_pairable``
        (values in those units), ``share_positive`` (share of 1 among pairable values),
        ``note``.

    Examples
    --------
    >>> c = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"] * 2, "coder": ["A"] * 4 + ["B"] * 4,
    ...                   "political": [1, 0, 1, 0, 1, 0, 1, 1], "economic": [0, 0, 0, 0, 0, 0, 0, 0]})
    >>> print(frame_alpha(c)[["frame", "alpha", "n_units", "note"]].round(3).to_csv(index=False))
    frame,alpha,n_units,note
    political,0.533,4,
    economic,,4,undefined: every pairable value is the same
    <BLANKLINE>
    """
    frames = _frame_columns(codings, frames, unit_col=unit_col, coder_col=coder_col, caller="frame_alpha")
    rows = []
    coders = sorted(codings[coder_col].astype(str).unique())
    for frame in frames:
        wide = codings.assign(_v=codings[frame].astype("Float64")).pivot(index=coder_col, columns=unit_col, values="_v")
        arr = wide.to_numpy(dtype=float, na_value=np.nan)
        pairable = (~np.isnan(arr)).sum(axis=0) >= 2
        values = arr[:, pairable]
        values = values[~np.isnan(values)]
        row = {"frame": frame, "alpha": np.nan, "n_coders": len(coders), "n_units": int(pairable.sum()),
               "n_pairable": int(values.size), "share_positive": float(values.mean()) if values.size else np.nan,
               "note": ""}
        if len(coders) < 2:
            row["note"] = "undefined: fewer than 2 coders"
        elif not pairable.any():
            row["note"] = "undefined: no unit coded by 2+ coders"
        elif len(np.unique(values)) < 2:
            row["note"] = "undefined: every pairable value is the same"
        else:
            row["alpha"] = krippendorff_alpha(arr, level="nominal")
        rows.append(row)
    return pd.DataFrame(rows, columns=["frame", "alpha", "n_coders", "n_units", "n_pairable", "share_positive", "note"])


def coding_sets(codings: pd.DataFrame, *, frames: Sequence[str] | None = None, unit_col: str = "unit_id",
                coder_col: str = "coder") -> list[tuple[str, str, frozenset[str]]]:
    """Turn stacked 0/1 coding sheets into (coder, unit, set of frames) triples for MASI alpha.

    Every frame cell of a row must be filled (a partly coded unit has no well-defined label set).

    Examples
    --------
    >>> c = pd.DataFrame({"unit_id": ["u1", "u1"], "coder": ["A", "B"],
    ...                   "political": [1, 1], "economic": [1, 0]})
    >>> [(coder, unit, sorted(labels)) for coder, unit, labels in coding_sets(c)]
    [('A', 'u1', ['economic', 'political']), ('B', 'u1', ['political'])]
    """
    frames = _frame_columns(codings, frames, unit_col=unit_col, coder_col=coder_col, caller="coding_sets")
    incomplete = codings[frames].isna().any(axis=1)
    if incomplete.any():
        bad = codings.loc[incomplete, [coder_col, unit_col]].head(5).values.tolist()
        raise ReliabilityError(
            f"coding_sets: {int(incomplete.sum())} row(s) have empty frame cells, e.g. (coder, unit) {bad}; "
            "fill them with 0/1 or drop those rows before computing a set-based alpha.")
    out = []
    for row in codings[[coder_col, unit_col, *frames]].itertuples(index=False):
        coder, unit, *flags = row
        out.append((str(coder), str(unit), frozenset(f for f, v in zip(frames, flags) if int(v) == 1)))
    return out


def masi_distance_safe(a: frozenset, b: frozenset) -> float:
    """MASI distance (Passonneau 2006) that also accepts two empty sets (distance 0).

    ``nltk.metrics.distance.masi_distance`` divides by the size of the union and fails when both
    coders chose no label; two empty sets are identical, so their distance is 0.

    Examples
    --------
    >>> round(masi_distance_safe(frozenset("ab"), frozenset("a")), 4)
    0.6667
    >>> masi_distance_safe(frozenset(), frozenset())
    0.0
    """
    if not a and not b:
        return 0.0
    return float(masi_distance(set(a), set(b)))


def krippendorff_alpha_masi(codings: Iterable[tuple[Any, Any, Iterable[str]]] | pd.DataFrame) -> float:
    """Krippendorff's alpha for multi-label coding, with the MASI distance between label sets.

    Parameters
    ----------
    codings
        Triples ``(coder, unit, labels)`` where ``labels`` is a set (or list/tuple) of label
        strings, possibly empty; or a DataFrame with columns ``coder``, ``unit``, ``labels``.
        See :func:`coding_sets` to build them from coding sheets.

    Returns
    -------
    float
        Alpha from ``nltk.metrics.agreement.AnnotationTask(distance=masi_distance_safe).alpha()``,
        which implements Krippendorff's alpha with an arbitrary distance.

    Raises
    ------
    ReliabilityError
        Labels given as a bare string, a (coder, unit) pair twice, fewer than 2 coders, no unit
        coded by 2+ coders, or only one distinct label set among pairable values (undefined).

    Examples
    --------
    Two coders, three units; they differ only on unit 2 ({a, b} vs {a}, MASI distance 2/3):
    observed disagreement 2/9, expected 28/45, alpha = 1 - (2/9)/(28/45) = 9/14.

    >>> data = [("A", 1, {"a"}), ("B", 1, {"a"}), ("A", 2, {"a", "b"}), ("B", 2, {"a"}),
    ...         ("A", 3, {"b"}), ("B", 3, {"b"})]
    >>> round(krippendorff_alpha_masi(data), 4), round(9 / 14, 4)
    (0.6429, 0.6429)
    """
    if isinstance(codings, pd.DataFrame):
        missing = [c for c in ("coder", "unit", "labels") if c not in codings.columns]
        if missing:
            raise ReliabilityError(
                f"krippendorff_alpha_masi: DataFrame needs columns coder, unit, labels; missing {missing}.")
        triples = list(codings[["coder", "unit", "labels"]].itertuples(index=False, name=None))
    else:
        triples = list(codings)
    data, seen = [], set()
    for i, item in enumerate(triples):
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise ReliabilityError(f"krippendorff_alpha_masi: item {i} is not a (coder, unit, labels) triple: {item!r}.")
        coder, unit, labels = item
        if isinstance(labels, str) or not isinstance(labels, Iterable):
            raise ReliabilityError(
                f"krippendorff_alpha_masi: item {i} (coder {coder!r}, unit {unit!r}): labels must be a set of "
                f"strings, got {labels!r}; wrap a single label as {{{labels!r}}}.")
        key = (str(coder), str(unit))
        if key in seen:
            raise ReliabilityError(f"krippendorff_alpha_masi: coder {coder!r} coded unit {unit!r} more than once.")
        seen.add(key)
        data.append((key[0], key[1], frozenset(str(x) for x in labels)))
    coders = {c for c, _u, _l in data}
    if len(coders) < 2:
        raise ReliabilityError(f"krippendorff_alpha_masi: need at least 2 coders, got {len(coders)}.")
    by_unit: dict[str, list[frozenset]] = {}
    for _c, unit, labels in data:
        by_unit.setdefault(unit, []).append(labels)
    pairable = [sets for sets in by_unit.values() if len(sets) >= 2]
    if not pairable:
        raise ReliabilityError("krippendorff_alpha_masi: no unit was coded by 2 or more coders.")
    if len({s for sets in pairable for s in sets}) < 2:
        raise ReliabilityError(
            "krippendorff_alpha_masi: every pairable value is the same label set; alpha is undefined.")
    task = AnnotationTask(data=data, distance=masi_distance_safe)
    return float(task.alpha())
