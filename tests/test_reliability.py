"""Tests for corpus_tools.reliability against published and hand-computed values."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import binary_distance

from corpus_tools import frames as fr
from corpus_tools import reliability as rel

NAN = np.nan
# Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section C: 4 coders x 12 units.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
K2011_PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


@pytest.mark.parametrize("level, published", sorted(K2011_PUBLISHED.items()))
def test_krippendorff_2011_worked_example(level, published):
    assert round(rel.krippendorff_alpha(K2011, level=level), 3) == published
    # the same data written with "." for missing, as in the paper
    dotted = [["." if np.isnan(v) else int(v) for v in row] for row in K2011]
    assert round(rel.krippendorff_alpha(dotted, level=level), 3) == published
    assert round(rel.krippendorff_alpha(pd.DataFrame(K2011), level=level), 3) == published


def test_nominal_alpha_agrees_with_an_independent_implementation():
    triples = [(f"c{i}", f"u{j}", v) for i, row in enumerate(K2011) for j, v in enumerate(row) if not np.isnan(v)]
    nltk_alpha = AnnotationTask(data=triples, distance=binary_distance).alpha()
    assert rel.krippendorff_alpha(K2011) == pytest.approx(nltk_alpha)


def test_nominal_alpha_accepts_text_labels():
    letters = {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}
    text = [[None if np.isnan(v) else letters[int(v)] for v in row] for row in K2011]
    assert rel.krippendorff_alpha(text) == pytest.approx(rel.krippendorff_alpha(K2011))
    with pytest.raises(rel.ReliabilityError, match="level='nominal'"):
        rel.krippendorff_alpha(text, level="interval")


@pytest.mark.parametrize("data, kwargs, fragment", [
    ([[1, 2, 3]], {}, "need at least 2 coders (rows), got 1"),
    ([1, 2, 3], {}, "must be 2-dimensional"),
    ([[1, NAN, 3], [NAN, 2, NAN]], {}, "no unit was coded by 2 or more coders"),
    ([[1, 1, NAN], [1, 1, 2]], {}, "every pairable value is 1"),
    ([[1, 2], [1, 2]], {"level": "ordinal-ish"}, "level must be one of"),
    ([[1, -2], [1, -2]], {"level": "ratio"}, "non-negative"),
    ([[1, np.inf], [1, 2]], {}, "infinite"),
    ([[1, 2], [1]], {}, "rectangular"),
])
def test_krippendorff_alpha_input_errors(data, kwargs, fragment):
    with pytest.raises(rel.ReliabilityError, match=re.escape(fragment)):
        rel.krippendorff_alpha(data, **kwargs)


# ------------------------------------------------------------------------------------ MASI
HAND_CASE = [("A", 1, {"a"}), ("B", 1, {"a"}), ("A", 2, {"a", "b"}), ("B", 2, {"a"}),
             ("A", 3, {"b"}), ("B", 3, {"b"})]


def test_masi_alpha_hand_computed_case():
    # Only unit 2 disagrees: MASI({a,b},{a}) = 1 - (1/2)(2/3) = 2/3.
    # D_o = 2 * (2/3) / 6 = 2/9; n = 6 values: {a} x3, {a,b} x1, {b} x2;
    # D_e = 2 * (3*1*2/3 + 3*2*1 + 1*2*2/3) / (6*5) = 28/45; alpha = 1 - (2/9)/(28/45) = 9/14.
    assert rel.krippendorff_alpha_masi(HAND_CASE) == pytest.approx(9 / 14)
    frame = pd.DataFrame(HAND_CASE, columns=["coder", "unit", "labels"])
    assert rel.krippendorff_alpha_masi(frame) == pytest.approx(9 / 14)


def test_masi_alpha_identical_codings_is_one_even_with_empty_sets():
    sets = [{"a"}, {"a", "b"}, set(), {"c"}, {"b", "c"}]
    data = [(coder, unit, labels) for coder in ("A", "B", "C") for unit, labels in enumerate(sets)]
    assert rel.krippendorff_alpha_masi(data) == 1.0
    assert rel.masi_distance_safe(frozenset(), frozenset()) == 0.0
    assert rel.masi_distance_safe(frozenset(), frozenset({"a"})) == 1.0


def test_masi_alpha_with_single_labels_equals_nominal_alpha():
    """With one label per unit MASI is the 0/1 distance, so alpha equals nominal alpha."""
    triples = [(f"c{i}", j, {str(int(v))}) for i, row in enumerate(K2011) for j, v in enumerate(row) if not np.isnan(v)]
    assert rel.krippendorff_alpha_masi(triples) == pytest.approx(rel.krippendorff_alpha(K2011))


@pytest.mark.parametrize("data, fragment", [
    ([("A", 1, "ab"), ("B", 1, {"a"})], "labels must be a set of strings"),
    ([("A", 1, {"a"}), ("A", 1, {"b"}), ("B", 1, {"a"})], "coded unit 1 more than once"),
    ([("A", 1, {"a"}), ("A", 2, {"b"})], "need at least 2 coders"),
    ([("A", 1, {"a"}), ("B", 2, {"b"})], "no unit was coded by 2 or more coders"),
    ([("A", 1, {"a"}), ("B", 1, {"a"})], "every pairable value is the same label set"),
    ([("A", 1)], "not a (coder, unit, labels) triple"),
])
def test_masi_alpha_input_errors(data, fragment):
    with pytest.raises(rel.ReliabilityError, match=re.escape(fragment)):
        rel.krippendorff_alpha_masi(data)


# ------------------------------------------------------------------------------- frame alpha
def test_frame_alpha_hand_computed():
    # political: units (1,1) (0,0) (1,1) (0,1): n1=5, n0=3; D_o = 2/8, D_e = 2*5*3/(8*7);
    # alpha = 1 - (1/4)/(15/28) = 8/15.
    codings = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"] * 2, "coder": ["A"] * 4 + ["B"] * 4,
                            "political": [1, 0, 1, 0, 1, 0, 1, 1], "economic": [0] * 8})
    out = rel.frame_alpha(codings).set_index("frame")
    assert out.loc["political", "alpha"] == pytest.approx(8 / 15)
    assert out.loc["political", ["n_coders", "n_units", "n_pairable"]].tolist() == [2, 4, 8]
    assert out.loc["political", "share_positive"] == pytest.approx(5 / 8)
    assert np.isnan(out.loc["economic", "alpha"]) and out.loc["economic", "note"].startswith("undefined")


def test_frame_alpha_and_masi_from_coding_sheets(tmp_path):
    """Two coders fill exported sheets; per-frame and set-based alpha are computed from them."""
    sentences = pd.DataFrame({"doc_id": ["d"] * 4, "sent_id": range(4), "text": ["One.", "Two.", "Three.", "Four."]})
    sheets = []
    codes = {"ana": {"political": "1100", "crime_and_punishment": "1010"},
             "bo": {"political": "1101", "crime_and_punishment": "1010"}}
    for coder, frames in codes.items():
        path = tmp_path / f"{coder}.csv"
        sheet = fr.export_coding_sheet(sentences, path, n_per_stratum=4, coder=coder)
        for frame_id in fr.load_codebook().ids:
            sheet[frame_id] = list(frames.get(frame_id, "0000"))
        sheet.to_csv(path, index=False)
        sheets.append(fr.load_coding_sheet(path, expected_units=sheet["unit_id"], require_complete=True))
    stacked = pd.concat(sheets, ignore_index=True)
    alphas = rel.frame_alpha(stacked).set_index("frame")
    assert alphas.loc["crime_and_punishment", "alpha"] == 1.0
    # political: units (1,1) (1,1) (0,0) (0,1): same structure as the hand case -> 8/15
    assert alphas.loc["political", "alpha"] == pytest.approx(8 / 15)
    assert alphas.loc["economic", "note"] == "undefined: every pairable value is the same"
    triples = rel.coding_sets(stacked)
    assert len(triples) == 8 and triples[0] == ("ana", "d:0", frozenset({"political", "crime_and_punishment"}))
    assert 0 < rel.krippendorff_alpha_masi(triples) < 1


def test_coding_sets_rejects_partly_coded_units():
    codings = pd.DataFrame({"unit_id": ["u1", "u1"], "coder": ["A", "B"], "political": [1, None]})
    with pytest.raises(rel.ReliabilityError, match="empty frame cells"):
        rel.coding_sets(codings)


@pytest.mark.parametrize("codings, fragment", [
    (pd.DataFrame({"unit": ["u1"], "coder": ["A"], "political": [1]}), "column 'unit_id' missing"),
    (pd.DataFrame({"unit_id": ["u1", "u1"], "coder": ["A", "A"], "political": [1, 0]}), "more than once"),
    (pd.DataFrame({"unit_id": ["u1"], "coder": ["A"], "political": [2]}), "must hold 0/1"),
])
def test_frame_alpha_input_errors(codings, fragment):
    with pytest.raises(rel.ReliabilityError, match=re.escape(fragment)):
        rel.frame_alpha(codings)
