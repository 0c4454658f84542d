"""Tests for corpus_tools.findings: sentences generated from numbers."""

import math

import pytest

from corpus_tools import findings


@pytest.mark.parametrize(
    ("names", "limit", "expected"),
    [
        ([], 5, "none"),
        (["Gazette"], 5, "Gazette"),
        (["Gazette", "Herald"], 5, "Gazette and Herald"),
        (["a", "b", "c", "d"], 3, "a, b, c and 1 other"),
        (list(range(10)), 2, "0, 1 and 8 others"),
    ],
)
def test_join_names(names, limit, expected):
    assert findings.join_names(names, limit=limit) == expected


@pytest.mark.parametrize(("share", "digits", "expected"), [(0.0, 0, "0%"), (1.0, 0, "100%"), (0.4251, 1, "42.5%"), (math.nan, 0, "n/a")])
def test_format_share(share, digits, expected):
    assert findings.format_share(share, digits=digits) == expected


def test_skip_note_names_the_analysis_reason_and_fix():
    note = findings.skip_note("Keyness", "needs at least two groups; this corpus has one outlet", "pass `-p LABEL section`")
    assert note.startswith("**Skipped: Keyness.** It needs at least two groups")
    assert note.endswith("To enable it: pass `-p LABEL section`.")


def test_findings_collects_in_order_and_says_when_empty():
    found = findings.Findings()
    assert "No finding" in found.markdown()
    found.add("first")
    found.skip("Topics", "too few paragraphs")
    assert found.markdown().splitlines() == ["- First.", "- **Skipped: Topics.** Too few paragraphs."]
    assert found._repr_markdown_() == found.markdown()
