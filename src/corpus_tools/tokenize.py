"""Split cleaned text into paragraphs, sentences and word tokens, keeping character offsets.

Every span is a pair of offsets into the cleaned text, so ``text[start:end]`` gives back the
sentence or token exactly as written and any count can be traced to its place.

* Paragraphs: blank-line separated blocks (the cleaner writes one blank line between them).
* Sentences: nltk's Punkt splitter (Kiss and Strunk 2006), built in code with a list of news
  abbreviations (``resources/abbreviations.txt``) instead of downloaded ``punkt_tab`` data
  (:class:`AbbreviationPunkt`: the same splits with a faster boundary test).
  Punkt runs inside each paragraph, so a sentence never crosses a paragraph break.
* Words: one regular expression (:data:`TOKEN_PATTERN`): dotted abbreviations ("U.S."), numbers
  with separators ("2,000"), words with inner hyphens ("non-custodial", "COVID-19"), clitics split
  off ("child" + "'s"), and each punctuation mark on its own.
* Stop words: scikit-learn's ``ENGLISH_STOP_WORDS`` (318 words, from the Glasgow Information
  Retrieval Group's list); Nothman, Qin and Yurchak (2018) document its quirks (it holds "system",
  "fire", "bill"), so it is a default you can replace (``stop_words=``), not a neutral choice.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate, repeat
from operator import not_
from pathlib import Path

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktToken
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from corpus_tools.errors import CorpusError
from corpus_tools.resources import load_resource

#: Word-token pattern, tried left to right at each position.
TOKEN_PATTERN = re.compile(
    r"""
    (?:[A-Za-z]\.){2,}            # dotted abbreviations: U.S., U.N., e.g.
    | \d+(?:[.,:]\d+)+            # numbers with separators: 2,000  11.5  7:30
    | \w+(?:-\w+)*                # words, inner hyphens kept: non-custodial, 23-month
    | ['\u2019]\w+                # clitics: 's  't  're
    | [^\w\s]                     # any other single non-space character: punctuation
    """,
    re.VERBOSE,
)
#: Variant for topic models (a scikit-learn ``token_pattern``): runs of two or more letters, no
#: digits or underscore, so years, counts and ages ("2018", "550") drop out and "COVID-19" gives
#: "covid". Kept apart from :data:`TOKEN_PATTERN` because topic results depend on it.
TOPIC_TOKEN_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
#: Variant for document similarity (a scikit-learn ``token_pattern``): runs of two or more word
#: characters, digits included ("2018", "covid"), hyphenated words split. It is scikit-learn's
#: default, named here so the definition lives in one place; kept apart from
#: :data:`TOPIC_TOKEN_PATTERN` because the published similarities depend on it (dropping numbers
#: moves 4 of the bundled corpus's 25 outlet-pair cosines at two decimals).
SIMILARITY_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
#: Variant for readability formulas: alphabetic words with inner apostrophes and hyphens
#: ("border-crossing", "don't"); numbers and punctuation are not words there.
READABILITY_WORD_PATTERN = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")
# The same alternatives with possessive quantifiers (no backtracking; Python >= 3.11), in one
# group so that re.split returns [gap, token, gap, token, ..., gap]: offsets then follow from the
# cumulative lengths, with no Python-level work per match (about 1.4x faster than finditer).
_TOKEN_SPLIT = re.compile(
    r"((?:[A-Za-z]\.){2,}+|\d++(?:[.,:]\d++)++|\w++(?:-\w++)*+|['\u2019]\w++|[^\w\s])"
)
#: ``[^\W_]`` matches exactly the characters for which ``str.isalnum`` is true, so a token with no
#: match is what :func:`is_punctuation` calls punctuation (one C call instead of a generator).
_HAS_ALNUM = re.compile(r"[^\W_]").search
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
#: The default stop-word list (a frozenset of lowercase words).
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS)
_ABBREVIATION = re.compile(r"^[a-z](?:[a-z.]*[a-z])?$")


def load_abbreviations(path: str | Path | None = None) -> frozenset[str]:
    """Load the abbreviations Punkt must not treat as sentence ends (validated).

    Parameters
    ----------
    path
        A text file, one lowercase abbreviation per line without its final period, ``#``
        comments allowed; ``None`` for the shipped ``resources/abbreviations.txt``.

    Examples
    --------
    >>> abbrevs = load_abbreviations()
    >>> {"u.s", "mr", "gov", "jan"} <= abbrevs
    True
    """
    return load_resource(path, _parse_abbreviations, name="abbreviations.txt")


def _parse_abbreviations(path: Path) -> frozenset[str]:
    found = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not _ABBREVIATION.match(entry):
            raise CorpusError(
                f"{path}, line {n}: {entry!r} is not a valid abbreviation entry. Fix: lowercase letters "
                "and inner periods only, no final period (write 'U.S.' as 'u.s')."
            )
        found.add(entry)
    if not found:
        raise CorpusError(f"{path}: no abbreviations found. Fix: one per line, e.g. 'u.s'.")
    return frozenset(found)


_PUNKT_END = (".", "?", "!")
_PUNKT_PUNCT = frozenset(";:,.!?")
# nltk's own compiled patterns (its ReDoS-guarded `regex` engine), so \w and \d mean what Punkt means
_PUNKT_ELLIPSIS = PunktToken._RE_ELLIPSIS
_PUNKT_NUMERIC = PunktToken._RE_NUMERIC
_PUNKT_INITIAL = PunktToken._RE_INITIAL


class AbbreviationPunkt(PunktSentenceTokenizer):
    """nltk's Punkt, with a shortcut for its boundary decision when only abbreviations are set.

    nltk decides each candidate boundary (``text_contains_sentbreak``) by building a
    ``PunktToken`` object per word of the context and running its two annotation passes through
    generators: about two thirds of Punkt's time on news text. With no collocations, sentence
    starters or orthographic context (the project's splitter is built in code from abbreviations
    alone), those passes reduce to :meth:`_is_break`: the same decisions on the same Punkt word
    tokens. Everything else (candidate contexts, realignment of boundaries) is nltk's own code.
    Same output as ``PunktSentenceTokenizer(params)`` (tested against it on the bundled news
    texts, the test corpora and random texts dense in abbreviations, initials and numbers);
    about 1.3x faster. It relies on nltk internals (``_lang_vars``, ``PunktToken._RE_*``), so
    nltk is pinned and the equivalence test guards an upgrade.

    Examples
    --------
    >>> params = PunktParameters()
    >>> params.abbrev_types = {"mr", "u.s"}
    >>> AbbreviationPunkt(params).tokenize("Mr. Li met U.S. officials. They left.")
    ['Mr. Li met U.S. officials.', 'They left.']
    """

    def __init__(self, params: PunktParameters):
        super().__init__(params)
        if params.collocations or params.sent_starters or any(params.ortho_context.values()):
            raise ValueError("AbbreviationPunkt reproduces Punkt built from abbreviations alone; use "
                             "nltk's PunktSentenceTokenizer for trained parameters")
        self._abbrevs = params.abbrev_types

    def _is_break(self, tok: str, nxt: str) -> bool:
        """Punkt's two annotation passes for token ``tok`` followed by ``nxt`` (empty context)."""
        if tok in _PUNKT_END:  # first pass: bare . ? ! are breaks (never initials or numbers)
            return True
        if not tok.endswith(".") or tok.endswith("..") or _PUNKT_ELLIPSIS.match(tok):
            return False
        low = tok[:-1].lower()
        brk = not (low in self._abbrevs or low.split("-")[-1] in self._abbrevs)
        initial = _PUNKT_INITIAL.match(tok) is not None
        if initial or _PUNKT_NUMERIC.match(tok.lower()):  # second pass, empty orthographic context
            if nxt in _PUNKT_PUNCT or nxt[0].islower() or (initial and nxt[0].isupper()):
                return False
        return brk

    def text_contains_sentbreak(self, text: str) -> bool:
        """True if a token but the last of ``text`` ends a sentence (as nltk's method decides)."""
        tokens = [tok for line in text.split("\n") if line.strip() for tok in self._lang_vars.word_tokenize(line)]
        return any(self._is_break(tokens[i], tokens[i + 1]) for i in range(len(tokens) - 1))


@lru_cache(maxsize=4)
def sentence_splitter(abbreviations: frozenset[str] | None = None) -> PunktSentenceTokenizer:
    """Return a Punkt splitter configured in code with news abbreviations (cached).

    An :class:`AbbreviationPunkt`: nltk's ``PunktSentenceTokenizer`` with the same output, faster.

    Examples
    --------
    >>> splitter = sentence_splitter()
    >>> splitter.tokenize("The U.S. and the U.N. met on Jan. 5. Mr. Smith spoke.")
    ['The U.S. and the U.N. met on Jan. 5.', 'Mr. Smith spoke.']
    """
    params = PunktParameters()
    params.abbrev_types = set(abbreviations if abbreviations is not None else load_abbreviations())
    return AbbreviationPunkt(params)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the blank-line separated paragraphs of ``text``.

    Examples
    --------
    >>> text = "One. Two.\\n\\nThree."
    >>> [text[s:e] for s, e in split_paragraphs(text)]
    ['One. Two.', 'Three.']
    """
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def split_sentences(text: str, *, splitter: PunktSentenceTokenizer | None = None) -> list[tuple[int, int, int]]:
    """Return ``(paragraph, start, end)`` for every sentence, offsets into ``text``.

    Parameters
    ----------
    text
        Cleaned text (paragraphs separated by blank lines).
    splitter
        A Punkt tokenizer; ``None`` uses :func:`sentence_splitter`.

    Examples
    --------
    >>> text = "The U.S. border. Gov. Smith said no.\\n\\nAfter that, nothing."
    >>> [(p, text[s:e]) for p, s, e in split_sentences(text)]
    [(0, 'The U.S. border.'), (0, 'Gov. Smith said no.'), (1, 'After that, nothing.')]
    """
    splitter = splitter or sentence_splitter()
    out = []
    for para, (p_start, p_end) in enumerate(split_paragraphs(text)):
        for s, e in splitter.span_tokenize(text[p_start:p_end]):
            out.append((para, p_start + s, p_start + e))
    return out


def tokenize_words(text: str, *, offset: int = 0) -> list[tuple[int, int, str]]:
    """Return ``(start, end, token)`` for each word and punctuation token of ``text``.

    Parameters
    ----------
    text
        Any string (typically one sentence).
    offset
        Added to every position, so tokens of a sentence carry offsets into its document.

    Examples
    --------
    >>> tokenize_words("The U.S. child's non-custodial care—2,000 kids.")
    ... # doctest: +NORMALIZE_WHITESPACE
    [(0, 3, 'The'), (4, 8, 'U.S.'), (9, 14, 'child'), (14, 16, "'s"), (17, 30, 'non-custodial'),
     (31, 35, 'care'), (35, 36, '—'), (36, 41, '2,000'), (42, 46, 'kids'), (46, 47, '.')]
    """
    parts = _TOKEN_SPLIT.split(text)
    positions = list(accumulate(map(len, parts), initial=offset))
    return list(zip(positions[1::2], positions[2::2], parts[1::2]))


def is_punctuation(token: str) -> bool:
    """Return True when ``token`` holds no letter or digit.

    Examples
    --------
    >>> is_punctuation("—"), is_punctuation("U.S.")
    (True, False)
    """
    return _HAS_ALNUM(token) is None


def ngrams(tokens: Iterable[str], order: int | None = None, *, sep: str = " ", n: int | None = None) -> Iterator[str]:
    """Return an iterator over the n-grams of ``order`` words of a token sequence, joined by ``sep``.

    ``order`` is the n-gram length (2: bigrams); it may be given by position. ``n=`` is its
    deprecated old name (one release, ``FutureWarning``): ``n`` is a count of rows or items
    everywhere else in the library.

    Raises
    ------
    ValueError
        If ``order`` is less than 1 (raised at the call, not on first iteration).

    Examples
    --------
    >>> list(ngrams(["zero", "tolerance", "policy"], 2))
    ['zero tolerance', 'tolerance policy']
    >>> list(ngrams(["zero", "tolerance", "policy"], order=3, sep="_"))
    ['zero_tolerance_policy']
    """
    if n is not None:
        if order is not None:
            raise TypeError("ngrams: pass order= only (n= is its deprecated old name).")
        warnings.warn("ngrams(n=) is deprecated and will be removed in the next release: pass order= "
                      "(the number of words per n-gram).", FutureWarning, stacklevel=2)
        order = n
    if order is None:
        raise TypeError("ngrams: missing the n-gram order, e.g. ngrams(tokens, 2) or ngrams(tokens, order=2).")
    if order < 1:
        raise ValueError(f"order must be at least 1, got {order}")
    return _ngrams(list(tokens), order, sep)


def _ngrams(tokens: list[str], order: int, sep: str) -> Iterator[str]:
    for i in range(len(tokens) - order + 1):
        yield sep.join(tokens[i : i + order])


def tokenize_document(text: str, *, stop_words: frozenset[str] = STOP_WORDS, splitter=None) -> tuple[list[tuple], list[tuple]]:
    """Split one cleaned document into sentence rows and token rows.

    Parameters
    ----------
    text
        The cleaned text.
    stop_words
        Lowercase words flagged ``is_stop``.
    splitter
        A Punkt tokenizer; ``None`` uses :func:`sentence_splitter`.

    Returns
    -------
    sentences, tokens
        Sentence rows ``(para_id, sent_id, start, end, text)`` and token rows
        ``(sent_id, token_id, start, end, token, norm, is_stop, is_punct)``; ``token_id`` counts
        within the document.

    Examples
    --------
    >>> sentences, tokens = tokenize_document("Mr. Li left. He won!")
    >>> [s[4] for s in sentences]
    ['Mr. Li left.', 'He won!']
    >>> tokens[5]
    (1, 5, 13, 15, 'He', 'he', True, False)
    """
    # Column-wise: norm, is_stop and is_punct come from map() over C functions (str.lower,
    # frozenset.__contains__, a compiled regex) and each sentence's rows from one zip, so there is
    # no Python-level call per token (the per-token loop with is_punctuation cost about 20% of a build).
    is_stop = stop_words.__contains__
    sentence_rows, token_rows = [], []
    token_id = 0
    for sent_id, (para, start, end) in enumerate(split_sentences(text, splitter=splitter)):
        sentence = text[start:end]
        sentence_rows.append((para, sent_id, start, end, sentence))
        parts = _TOKEN_SPLIT.split(sentence)
        positions = list(accumulate(map(len, parts), initial=start))
        tokens = parts[1::2]
        n = len(tokens)
        norms = list(map(str.lower, tokens))
        token_rows.extend(zip(repeat(sent_id, n), range(token_id, token_id + n), positions[1::2], positions[2::2],
                              tokens, norms, map(is_stop, norms), map(not_, map(_HAS_ALNUM, tokens))))
        token_id += n
    return sentence_rows, token_rows
