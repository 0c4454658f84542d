"""Tests for corpus_tools.tokenize: Punkt with news abbreviations, word tokens, offsets."""

from __future__ import annotations

import pytest

from corpus_tools.errors import CorpusError
from corpus_tools.tokenize import (
    STOP_WORDS,
    is_punctuation,
    load_abbreviations,
    ngrams,
    split_sentences,
    tokenize_document,
    tokenize_words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # real sentences from the corpus: abbreviations must not end a sentence
        ("The United Nations Human Rights Office asked U.S. authorities to \"immediately halt\" the practice. "
         "The statement called on the U.S. to adopt it.",
         ["The United Nations Human Rights Office asked U.S. authorities to \"immediately halt\" the practice.",
          "The statement called on the U.S. to adopt it."]),
        ("The United States is the only country that has not ratified the U.N. Convention on the Rights of the Child. "
         "Nevertheless, the agency said this does not absolve the U.S. from its responsibilities.",
         ["The United States is the only country that has not ratified the U.N. Convention on the Rights of the Child.",
          "Nevertheless, the agency said this does not absolve the U.S. from its responsibilities."]),
        ("We reject a false dichotomy of \u201clegitimate\u201d asylum-seekers vs. \u201cIllegitimate\u201d migrants. "
         "Those who are forced to migrate should not be criminalized.",
         ["We reject a false dichotomy of \u201clegitimate\u201d asylum-seekers vs. \u201cIllegitimate\u201d migrants.",
          "Those who are forced to migrate should not be criminalized."]),
        ("\u201cParents who entered illegally are, by definition, criminals,\u201d she said. \u201cIllegal entry is a crime.",
         ["\u201cParents who entered illegally are, by definition, criminals,\u201d she said.", "\u201cIllegal entry is a crime."]),
        ("Gov. Smith met Mr. Li on Jan. 5. Sen. Jones did not.",
         ["Gov. Smith met Mr. Li on Jan. 5.", "Sen. Jones did not."]),
        ("Can't get their act together! Started the Wall.", ["Can't get their act together!", "Started the Wall."]),
    ],
    ids=["u.s.", "u.n.", "vs.", "quote-close", "titles-months", "exclamation"],
)
def test_sentences(text, expected):
    assert [text[s:e] for _, s, e in split_sentences(text)] == expected


def test_paragraph_break_ends_a_sentence_even_after_an_abbreviation():
    text = "people to attempt to come to the U.S.\n\n\u201cParents who entered illegally are criminals,\u201d she said."
    spans = split_sentences(text)
    assert [(p, text[s:e]) for p, s, e in spans] == [
        (0, "people to attempt to come to the U.S."),
        (1, "\u201cParents who entered illegally are criminals,\u201d she said."),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on the southern U.S.-Mexico border", ["on", "the", "southern", "U.S.", "-", "Mexico", "border"]),
        ("some 2,000 children", ["some", "2,000", "children"]),
        ("adopt non-custodial alternatives", ["adopt", "non-custodial", "alternatives"]),
        ("children\u2014including extremely young children\u2014taken", ["children", "\u2014", "including", "extremely", "young", "children", "\u2014", "taken"]),
        ("the Dems can't get", ["the", "Dems", "can", "'t", "get"]),
        ("a child's rights", ["a", "child", "'s", "rights"]),
        ("the COVID-19 pandemic", ["the", "COVID-19", "pandemic"]),
        ("23-month old Valeria", ["23-month", "old", "Valeria"]),
        ("\u201cinhumane\u201d and", ["\u201c", "inhumane", "\u201d", "and"]),
        ("H\u00e9ctor Constant Rosales", ["H\u00e9ctor", "Constant", "Rosales"]),
    ],
)
def test_word_tokens(text, expected):
    assert [t for _, _, t in tokenize_words(text)] == expected


def test_token_offsets_point_back_into_text():
    text = "In a briefing on Tuesday, Shamdasani called the practice a \u201cserious violation\u201d of children's rights."
    for start, end, token in tokenize_words(text, offset=100):
        assert text[start - 100:end - 100] == token


def test_document_rows_and_offsets():
    text = "The U.S. border. It was closed.\n\nNew paragraph here."
    sentences, tokens = tokenize_document(text)
    assert [(p, i, t) for p, i, _, _, t in sentences] == [
        (0, 0, "The U.S. border."), (0, 1, "It was closed."), (1, 2, "New paragraph here.")]
    for _sent_id, _token_id, start, end, token, norm, is_stop, _is_punct in tokens:
        assert text[start:end] == token
        assert norm == token.lower()
        assert is_stop == (norm in STOP_WORDS)
    assert [t[1] for t in tokens] == list(range(len(tokens)))
    assert [t[4] for t in tokens if t[7]] == [".", ".", "."]


def test_stop_words_are_sklearns_list():
    assert len(STOP_WORDS) == 318
    assert {"the", "and", "we"} <= STOP_WORDS
    assert "asylum" not in STOP_WORDS


def test_ngrams():
    assert list(ngrams(["zero", "tolerance", "policy"], 3)) == ["zero tolerance policy"]
    assert list(ngrams(["a"], 2)) == []
    with pytest.raises(ValueError, match="order must be at least 1, got 0"):
        ngrams(["a"], 0)
    assert list(ngrams(["a", "b", "c"], order=2, sep="+")) == ["a+b", "b+c"]


def test_ngrams_old_n_spelling_warns_and_is_the_order():
    with pytest.warns(FutureWarning, match=r"ngrams\(n=\) is deprecated.*pass order="):
        assert list(ngrams(["zero", "tolerance", "policy"], n=2)) == ["zero tolerance", "tolerance policy"]
    with pytest.raises(TypeError, match="pass order= only"):
        ngrams(["a"], 2, n=2)
    with pytest.raises(TypeError, match="missing the n-gram order"):
        ngrams(["a"])


def test_bad_abbreviation_file(tmp_path):
    path = tmp_path / "abbrevs.txt"
    path.write_text("u.s\nU.N.\n")
    with pytest.raises(CorpusError, match=r"line 2: 'U.N.' is not a valid abbreviation"):
        load_abbreviations(path)
    path.write_text("# only a comment\n")
    with pytest.raises(CorpusError, match="no abbreviations"):
        load_abbreviations(path)


def test_fast_tokeniser_equals_the_readable_pattern():
    """tokenize_words (re.split + cumulative offsets) must equal TOKEN_PATTERN.finditer exactly."""
    import random
    import string

    from corpus_tools import paths
    from corpus_tools.tokenize import TOKEN_PATTERN

    rng = random.Random(20180605)
    alphabet = string.ascii_letters + string.digits + " .,:-'\u2019\u201c\u201d\u2014\n\u00e9" + "U.S." * 3
    texts = [p.read_text(encoding="utf-8") for p in sorted(paths.RAW_DIR.glob("*.txt"))]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(2000)]
    for text in texts:
        expected = [(m.start() + 5, m.end() + 5, m.group()) for m in TOKEN_PATTERN.finditer(text)]
        assert tokenize_words(text, offset=5) == expected, repr(text)


def test_is_punctuation_is_no_letter_or_digit_for_every_code_point():
    """is_punctuation (one regex search) must equal its definition, `not any(ch.isalnum())`."""
    import sys

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert is_punctuation(ch) is (not ch.isalnum()), hex(code)
    for token in ("U.S.", "—", "'s", "2,000", "_", "__", "x_", "…", "²", "Ⅷ", ""):
        assert is_punctuation(token) is (not any(ch.isalnum() for ch in token)), token


def test_token_rows_equal_the_per_token_definition():
    """tokenize_document builds its rows column-wise; they must equal the plain per-token loop."""
    import random

    from corpus_tools import paths
    from corpus_tools.clean import clean_text

    def reference(text):
        sentences, tokens, token_id = [], [], 0
        for sent_id, (para, start, end) in enumerate(split_sentences(text)):
            sentences.append((para, sent_id, start, end, text[start:end]))
            for t_start, t_end, token in tokenize_words(text[start:end], offset=start):
                norm = token.lower()
                tokens.append((sent_id, token_id, t_start, t_end, token, norm, norm in STOP_WORDS,
                               not any(ch.isalnum() for ch in token)))
                token_id += 1
        return sentences, tokens

    rng = random.Random(14)
    words = ["Mr.", "U.S.", "the", "The", "2,000.", "child's", "non-U.S.", "\u201cNo,\u201d", "\u2014", "...", "?", "!",
             "x_y", "\u00e9t\u00e9", "\n\n", "I.", "said.", "(a)", "4:30", "THE", "Their"]
    texts = [clean_text(p.read_text(encoding="utf-8")).text for p in sorted(paths.RAW_DIR.glob("*.txt"))]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(0, 40))) for _ in range(500)]
    for text in texts:
        assert tokenize_document(text) == reference(text), text[:80]


def _real_news_texts() -> list[str]:
    """Every real news text shipped with the project: data/raw, the test corpora, the quotes OOS texts."""
    from corpus_tools import paths
    from corpus_tools.clean import clean_text

    files = sorted(paths.RAW_DIR.glob("*.txt"))
    files += sorted((paths.PROJECT_ROOT / "tests" / "data" / "corpora").glob("*/*.txt"))
    files += sorted((paths.PROJECT_ROOT / "data" / "annotations" / "quotes_oos" / "texts").glob("*.txt"))
    raw = [f.read_text(encoding="utf-8") for f in files]
    return raw + [clean_text(t).text for t in raw]


def _punkt_fuzz_texts(n: int) -> list[str]:
    """Random texts dense in Punkt's hard cases: abbreviations, initials, numbers, ellipses, quotes."""
    import random

    rnd = random.Random(0)
    words = ["Mr.", "Gov.", "U.S.", "U.N.", "a.", "J.", "No.", "no.", "5.", "2,000.", "1.5", "-3.", "etc.", "Jan.",
             "e.g.", "word.", "Word.", "word", "Word", "the", "The", "...", "..", ".", "?", "!", "?!", ",", ";", ":",
             "(", ")", "\u201c", "\u201d", "\u2019", "'", '"', "\u2014", "non-U.S.", "ex-Gov.", "x.y.", "_.", "\u00e9t\u00e9.",
             "\n", "\n\n", "24.", "I.", "i."]
    texts = []
    for _ in range(n):
        toks = [rnd.choice(words) for _ in range(rnd.randint(1, 25))]
        texts.append("".join(t + ("" if rnd.random() < 0.15 else " ") for t in toks).strip())
    return texts


def test_sentence_splitter_equals_nltks_punkt_on_news_and_hard_cases():
    """AbbreviationPunkt must split exactly as nltk's PunktSentenceTokenizer with the same parameters."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    from corpus_tools.tokenize import AbbreviationPunkt, sentence_splitter

    fast = sentence_splitter()
    assert isinstance(fast, AbbreviationPunkt)
    params = PunktParameters()
    params.abbrev_types = set(load_abbreviations())
    reference = PunktSentenceTokenizer(params)
    news = _real_news_texts()
    assert len(news) >= 40
    n_sentences = 0
    for text in news + _punkt_fuzz_texts(1500):
        expected = list(reference.span_tokenize(text))
        assert list(fast.span_tokenize(text)) == expected, text[:80]
        n_sentences += len(expected)
    assert n_sentences > 5000


def test_abbreviation_punkt_refuses_trained_parameters():
    from nltk.tokenize.punkt import PunktParameters

    from corpus_tools.tokenize import AbbreviationPunkt

    params = PunktParameters()
    params.sent_starters = {"however"}
    with pytest.raises(ValueError, match="abbreviations alone"):
        AbbreviationPunkt(params)
