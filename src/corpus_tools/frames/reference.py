"""The shipped reference coding of the bundled corpus, aligned to the processed sentences.
"""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.frames.codebook import Codebook, _codebook
from corpus_tools.frames.errors import AlignmentError, CodingSheetError, FramesError
from corpus_tools.frames.tag import _as_sentence_frame
from corpus_tools.paths import REFERENCE_CODING
from corpus_tools.textnorm import ALIGNMENT_TABLE

# ---------------------------------------------------------------------------- reference coding



def normalize_for_alignment(text: str) -> str:
    """Key used to align sentences: NFKC, casefolded, quotes and dashes unified, all whitespace removed.

    Examples
    --------
    >>> print(normalize_for_alignment("Detention \u2013 it\u2019s  \u2018wrong\u2019"))
    detention-it's'wrong'
    >>> print(normalize_for_alignment("detention\u2014it's 'wrong'"))
    detention-it's'wrong'
    """
    if not isinstance(text, str):
        raise FramesError(f"normalize_for_alignment: expected a string, got {type(text).__name__}.")
    return "".join(unicodedata.normalize("NFKC", text).casefold().translate(ALIGNMENT_TABLE).split())


def load_reference_coding(path: str | Path | None = None, *,
                          codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Read the shipped reference coding of the seed corpus (one reader, by hand) and check it.

    The file (``resources/reference_coding.csv``, described in ``reference_coding.md``) has one
    row per body sentence of the five seed articles: ``file``, ``sentence`` (as written in the raw
    text, whitespace collapsed), ``coder`` and one 0/1 column per codebook frame id (all 20). It is
    ONE reference coding by one reader, not an inter-coder gold standard.

    Parameters
    ----------
    path
        Another file in the same format.

    Returns
    -------
    pandas.DataFrame
        Frame columns as ``int8``.

    Examples
    --------
    >>> ref = load_reference_coding()
    >>> len(ref), int(ref["crime_and_punishment"].sum()), ref["coder"].unique().tolist()
    (111, 46, ['reference'])
    """
    book = _codebook(codebook)
    resolved = Path(path) if path is not None else REFERENCE_CODING
    if not resolved.is_file():
        raise CodingSheetError(f"{resolved}: reference coding not found.")
    ref = pd.read_csv(resolved, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in ("file", "sentence", "coder", *book.ids) if c not in ref.columns]
    if missing:
        raise CodingSheetError(f"{resolved}: missing column(s) {missing}.")
    unknown = [c for c in ref.columns if c not in ("file", "sentence", "coder", *book.ids)]
    if unknown:
        raise CodingSheetError(f"{resolved}: unknown column(s) {unknown}.")
    problems = []
    for col in book.ids:
        bad = ref.index[~ref[col].isin(["0", "1"])].tolist()
        if bad:
            problems.append(f"column {col!r}, row(s) {[i + 1 for i in bad[:10]]}: values must be 0 or 1")
    empty = ref.index[ref["sentence"].str.strip() == ""].tolist()
    if empty:
        problems.append(f"row(s) {[i + 1 for i in empty]}: empty sentence")
    keys = pd.Series(list(zip(ref["file"], ref["sentence"].map(normalize_for_alignment))))
    if keys.duplicated().any():
        problems.append(f"duplicate sentence(s) in rows {[i + 1 for i in np.flatnonzero(keys.duplicated(keep=False))]}")
    if problems:
        raise CodingSheetError(f"{resolved}: " + "; ".join(problems))
    for col in book.ids:
        ref[col] = ref[col].astype("int8")
    return ref


def align_reference_coding(sentences: pd.DataFrame, *, reference: pd.DataFrame | None = None,
                           on_unmatched: str = "raise",
                           codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Attach reference labels to the rows of a sentences table by normalised sentence text.

    Texts are compared with :func:`normalize_for_alignment` (whitespace, quote and dash
    differences ignored). If ``sentences`` has a ``file`` column, the file must match too. Rows of
    ``sentences`` without a reference sentence (e.g. a signature line the reference skipped) are
    simply not in the result; every reference sentence must be found exactly once.

    Parameters
    ----------
    sentences
        Sentences table with ``text`` (e.g. ``data/processed/sentences.csv``).
    reference
        Default :func:`load_reference_coding`.
    on_unmatched
        ``"raise"`` (default): :class:`AlignmentError` listing every reference sentence not found
        (or found twice), which usually means the sentence splitters disagree. ``"warn"``: warn
        with that list, keep the aligned rows and store the list in ``result.attrs["unmatched"]``.

    Returns
    -------
    pandas.DataFrame
        Indexed like the matched rows of ``sentences`` (in their order), one ``int8`` column per
        frame id, plus ``coder``: ready as ``gold`` for :func:`evaluate_against_gold`.

    Examples
    --------
    >>> s = pd.DataFrame({"text": ["She told VOA there is no justification for detaining children.",
    ...                            "Signed, US members of the Global Coalition on Migration:"]})
    >>> ref = load_reference_coding()
    >>> one = ref[ref["sentence"].str.startswith("She told VOA")]
    >>> gold = align_reference_coding(s, reference=one)
    >>> gold.index.tolist(), int(gold.loc[0, "crime_and_punishment"]), int(gold.loc[0, "morality"])
    ([0], 1, 1)
    """
    book = _codebook(codebook)
    if on_unmatched not in ("raise", "warn"):
        raise FramesError(f"align_reference_coding: on_unmatched must be 'raise' or 'warn', got {on_unmatched!r}.")
    table = _as_sentence_frame(sentences, caller="align_reference_coding")
    ref = load_reference_coding(codebook=book) if reference is None else reference
    use_file = "file" in table.columns and "file" in ref.columns
    table_keys = table["text"].map(normalize_for_alignment).tolist()
    if use_file:
        table_keys = list(zip(table["file"].astype(str), table_keys))
    positions: dict[Any, list[int]] = {}
    for pos, key in enumerate(table_keys):
        positions.setdefault(key, []).append(pos)
    matched_pos, matched_ref, problems = [], [], []
    for i, row in enumerate(ref.itertuples(index=False)):
        key = normalize_for_alignment(row.sentence)
        if use_file:
            key = (str(row.file), key)
        found = positions.get(key, [])
        if len(found) == 1:
            matched_pos.append(found[0])
            matched_ref.append(i)
        else:
            what = "not found" if not found else f"found {len(found)} times"
            problems.append(f"{row.file}: {row.sentence[:90]!r} ({what})")
    if problems:
        message = (f"align_reference_coding: {len(problems)} of {len(ref)} reference sentence(s) could not be "
                   "aligned (the sentence splitter may cut them differently):\n  " + "\n  ".join(problems))
        if on_unmatched == "raise":
            raise AlignmentError(message)
        warnings.warn(message, stacklevel=2)
    order = np.argsort(matched_pos, kind="stable")
    matched_pos = [matched_pos[k] for k in order]
    matched_ref = [matched_ref[k] for k in order]
    frame_cols = [c for c in book.ids if c in ref.columns]
    gold = ref.iloc[matched_ref][[*frame_cols, "coder"]].copy()
    gold.index = table.index[matched_pos]
    gold.attrs["unmatched"] = problems
    return gold


def try_align_reference_coding(sentences: pd.DataFrame, *, reference: pd.DataFrame | None = None,
                               codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Like :func:`align_reference_coding`, but for a corpus the reference may not cover.

    Notebooks that run on any corpus call this: on the bundled corpus it returns the full
    alignment; on another corpus (or a subset) it returns whatever aligns, possibly nothing,
    without raising or warning. ``result.attrs["unmatched"]`` lists the reference sentences not
    found, so the caller can say how much of the reference was usable.

    Examples
    --------
    >>> s = pd.DataFrame({"text": ["A sentence no reference coder has seen."]})
    >>> gold = try_align_reference_coding(s)
    >>> len(gold), len(gold.attrs["unmatched"]) > 100
    (0, True)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        aligned = align_reference_coding(sentences, reference=reference, on_unmatched="warn", codebook=codebook)
    aligned.attrs.setdefault("unmatched", [])
    return aligned
