"""Tests for corpus_tools.clean: character normalisation and audited page-furniture removal."""

from __future__ import annotations

import os

import pytest

from corpus_tools import paths
from corpus_tools.clean import clean_text, load_furniture_rules, normalize_characters
from corpus_tools.errors import CorpusError
from corpus_tools.io import load_corpus
from corpus_tools.resources import ResourceError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("their children\u2014including extremely young children\u2014taken", "their children\u2014including extremely young children\u2014taken"),
        ("place them in detention \u2013 eliminating all options", "place them in detention \u2014 eliminating all options"),
        ("the United States\u2019 new zero tolerance policy", "the United States\u2019 new zero tolerance policy"),
        ("a violation of a child\u2019s rights", "a violation of a child's rights"),
        ("H\u0065\u0301ctor Constant Rosales", "H\u00e9ctor Constant Rosales"),
        ("non\u2011custodial\u00a0alternatives", "non-custodial alternatives"),
        ("\u00abremain in Mexico\u00bb and \u201eso-called\u201c", "\u201cremain in Mexico\u201d and \u201cso-called\u201c"),
        ("zero\u200btolerance", "zerotolerance"),
    ],
    ids=["em-dash", "en-dash", "plural-possessive-kept", "apostrophe", "nfc", "nb-hyphen-and-space", "guillemets", "zero-width"],
)
def test_normalize_characters(raw, expected):
    assert normalize_characters(raw) == expected


def test_straight_quotes_option():
    assert normalize_characters("\u201cinhumane\u201d and \u2018x\u2019", straight_quotes=True) == "\"inhumane\" and 'x'"


@pytest.mark.parametrize(
    ("file", "expected_rules"),
    [
        ("000_4b622dc1c3371434.txt", ["title_line", "photo_caption", "update_note"]),
        ("001_d7b56f5512766d62.txt", []),
        ("002_efbd4e5175582263.txt", ["breadcrumb", "breadcrumb", "title_line", "reading_time", "publisher_footer", "publisher_footer"]),
        ("003_c250adfb4dbbb869.txt", ["read_more_stub", "read_more_stub"]),
        ("004_e60a04217e0ba73f.txt", ["title_line", "screenshot_label"]),
    ],
)
def test_seed_furniture_is_removed_and_recorded(file, expected_rules):
    corpus = load_corpus(paths.RAW_DIR).set_index("file")
    raw, title = corpus.loc[file, "text"], corpus.loc[file, "title"]
    result = clean_text(raw, title=title)
    assert [r.rule for r in result.removed] == expected_rules
    raw_lines = raw.split("\n")
    for r in result.removed:  # line numbers point at the raw line
        assert " ".join(raw_lines[r.line_no - 1].split()) == r.text
        assert r.text not in result.text.split("\n\n")  # no kept paragraph is a removed line


def test_content_is_kept_word_for_word():
    """Cleaning removes lines, never words: every kept word appears in the raw text in order."""
    corpus = load_corpus(paths.RAW_DIR)
    for raw, title in zip(corpus["text"], corpus["title"]):
        result = clean_text(raw, title=title)
        removed_words = sum(len(r.text.split()) for r in result.removed)
        assert len(result.text.split()) + removed_words == len(normalize_characters(raw).split())


def test_signatories_are_kept_but_link_stub_goes():
    raw = load_corpus(paths.RAW_DIR).set_index("doc_id").loc["gcm-2019", "text"]
    text = clean_text(raw).text
    assert text.endswith("Pan Africa Network in Defense of Migrant Rights (PANIDMR)")
    assert "Read here" not in text


def test_paragraphs_and_whitespace():
    result = clean_text("  First   line.  \n\n\n\nSecond\tline.\n", title=None)
    assert result.text == "First line.\n\nSecond line."
    assert result.removed == ()


def test_title_only_removed_when_first():
    result = clean_text("Body first.\n\nA Title\n", title="A Title")
    assert result.text == "Body first.\n\nA Title"


def test_tail_rule_removes_everything_after_it():
    result = clean_text("Text.\n\nMore Must-Reads from TIME\nStory one\nStory two")
    assert result.text == "Text."
    assert [r.line_no for r in result.removed] == [3, 4, 5]


def test_max_words_guards_long_lines():
    long_line = "Updated " + "word " * 30
    assert clean_text(long_line).text.startswith("Updated word")


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("rules: [{name: a, why: b, pattern: '('}]", r"rule 1 \(a\): field 'pattern' is not a valid regular expression"),
        ("rules: [{name: a, why: b}]", r"rule 1 \(a\): field 'pattern' is missing"),
        ("rules: [{name: a, why: b, pattern: x}, {name: a, why: c, pattern: y}]", r"rule 2 \(a\): duplicate rule name"),
        ("rules: [{name: a, why: b, pattern: x, scope: page}]", r"field 'scope' is 'page'"),
        ("rules: [{name: a, why: b, pattern: x, colour: red}]", r"unknown field\(s\) colour"),
        ("rules: 3", r"expected a top-level 'rules:' list"),
        ("rules: [{name: a, why: b, pattern: x, max_words: 0}]", r"'max_words' must be a positive integer"),
    ],
)
def test_malformed_rules_name_rule_and_field(tmp_path, yaml_text, expected):
    path = tmp_path / "rules.yml"
    path.write_text(yaml_text)
    with pytest.raises(CorpusError, match=expected):
        load_furniture_rules(path)


def test_rules_file_is_reread_when_it_changes_and_missing_file_is_named(tmp_path):
    path = tmp_path / "rules.yml"
    path.write_text("rules: [{name: credit, why: photo credit, pattern: 'Photo: .*'}]\n")
    assert clean_text("Photo: AP\n\nText.", rules=load_furniture_rules(path)).text == "Text."
    path.write_text("rules: [{name: byline, why: byline, pattern: 'By .*'}]\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a later edit, whatever the clock
    rules = load_furniture_rules(path)
    assert [r.name for r in rules] == ["byline"]
    assert clean_text("Photo: AP\n\nBy Ann Lee\n\nText.", rules=rules).text == "Photo: AP\n\nText."
    with pytest.raises(ResourceError, match=r"missing\.yml: no such furniture\.yml file"):
        load_furniture_rules(tmp_path / "missing.yml")


def test_shipped_rules_are_valid_and_documented():
    rules = load_furniture_rules()
    assert len(rules) >= 8
    assert all(r.why for r in rules)


def test_single_pass_normalisation_equals_chained_translate_tables():
    """normalize_characters (one regex pass) must equal applying the three public tables in turn."""
    import random
    import re
    import unicodedata

    from corpus_tools.textnorm import CLEAN_DASHES, CLEAN_QUOTES, CLEAN_SPACES

    def reference(text):
        text = unicodedata.normalize("NFC", text).translate(CLEAN_SPACES).translate(CLEAN_DASHES)
        text = text.translate(CLEAN_QUOTES)
        if "``" in text:  # TeX-style quotes: both `` and '' open a quotation
            text = re.sub(r"``|''", "\u201c", text)
        return re.sub(r"(?<=\w)\u2019(?=\w)", "'", text)  # in-word apostrophe

    mapped = "".join(chr(k) for table in (CLEAN_SPACES, CLEAN_DASHES, CLEAN_QUOTES) for k in table)
    rng = random.Random(7)
    alphabet = mapped + "ab c'`\"\u2019\u201ce\u0301"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert normalize_characters(text) == reference(text), repr(text)
