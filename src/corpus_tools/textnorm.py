"""One place for the character tables that normalise quotes, dashes and apostrophes.

Three consumers need different strengths of normalisation, so the tables are named for their
purpose, not copied into each module:

- :data:`CLEAN_SPACES` / :data:`CLEAN_DASHES` / :data:`CLEAN_QUOTES` (used by
  :mod:`corpus_tools.clean`): Unicode spaces become a space and invisible characters go; the
  many variants of a dash or quote mark fold onto the typographic ones a news text uses (em dash,
  hyphen, curly quotes). The cleaned text keeps its typography.
- :data:`ASCII_QUOTES` and :func:`space_dashes` (used by :mod:`corpus_tools.sentiment`): curly
  quotes become ASCII so VADER sees ``n't`` and quoted words; a dash becomes its own token.
- :data:`ALIGNMENT_TABLE` (used by :func:`corpus_tools.frames.normalize_for_alignment`): every
  quote becomes ASCII and every dash a hyphen, so two copies of one sentence match.

Cue patterns (:mod:`corpus_tools.frames.cues`) accept the same dash and apostrophe variants:
:data:`HYPHEN_CHARS`, :data:`APOSTROPHE_CHARS`.

Examples
--------
>>> "it\u2019s \u201cfine\u201d".translate(ASCII_QUOTES)
'it\\'s "fine"'
>>> space_dashes("detention\u2013and")
'detention \u2014 and'
>>> "a\u2013b \u2018c\u2019".translate(ALIGNMENT_TABLE)
"a-b 'c'"
"""

from __future__ import annotations

import re

__all__ = [
    "ALIGNMENT_TABLE",
    "APOSTROPHE_CHARS",
    "ASCII_QUOTES",
    "CLEAN_DASHES",
    "CLEAN_QUOTES",
    "CLEAN_SPACES",
    "HYPHEN_CHARS",
    "space_dashes",
]

#: Cleaning: Unicode spaces and tabs -> a space; zero-width characters and soft hyphens removed.
CLEAN_SPACES: dict[int, str | None] = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u3000\t\f\v"}
CLEAN_SPACES.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})

#: Cleaning: dash variants -> em dash (U+2014); the two hyphen variants -> ASCII hyphen.
CLEAN_DASHES: dict[int, str] = {ord(c): "\u2014" for c in "\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
CLEAN_DASHES.update({ord("\u2010"): "-", ord("\u2011"): "-"})

#: Cleaning: quote-mark variants -> the four curly quotes.
CLEAN_QUOTES: dict[int, str] = {ord(c): "\u201c" for c in "\u00ab\u201e\u201f\u301d\uff02"}
CLEAN_QUOTES.update({ord(c): "\u201d" for c in "\u00bb\u2033\u301e"})
CLEAN_QUOTES.update({ord(c): "\u2018" for c in "\u201a\u201b\u2039"})
CLEAN_QUOTES.update({ord(c): "\u2019" for c in "\u203a\u2032"})

#: Sentiment: curly double quotes -> ``"``, curly single quotes and apostrophes -> ``'``.
ASCII_QUOTES: dict[int, str] = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
})

_SPACED_DASH = re.compile(r"\s*[\u2013\u2014\u2015]\s*")


def space_dashes(text: str) -> str:
    """Return ``text`` with every en/em dash (spaced or not) as `` — `` with one space each side.

    Examples
    --------
    >>> space_dashes("a \u2014b\u2013c")
    'a \u2014 b \u2014 c'
    """
    return _SPACED_DASH.sub(" \u2014 ", text)


#: Alignment: all quotes ASCII, all dashes and hyphens ``-``.
ALIGNMENT_TABLE: dict[int, str] = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
})

#: Body of a regex character class for the characters a cue's hyphen matches (ASCII hyphen too).
HYPHEN_CHARS = r"-\u2010\u2011\u2012\u2013\u2014\u2015"
#: Characters a cue's apostrophe matches.
APOSTROPHE_CHARS = "'\u2018\u2019"
