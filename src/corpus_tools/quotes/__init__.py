"""Find quotations, their speakers and reported speech in news text; tell quote from narration.

Everything here is rule-based and works on one text at a time, with character offsets into it,
so ``text[start:end]`` always shows the span a row talks about.

Quote marks
-----------
Double quotation marks only: curly “ ” (and « » „) and straight ``"``. Single marks ‘ ’ are never
treated as quote delimiters, because ’ is overwhelmingly the apostrophe in news text; a quote
nested in single marks stays part of its outer quote. A straight ``"`` opens when it follows a
space (or bracket, dash, start of text) and is followed by a non-space, and closes otherwise.

* Nested double quotes (“A “B” C”, as in doc 004) are dropped: their words belong to the outer
  quote and would otherwise be counted twice.
* Multi-paragraph quotes follow the English convention: a paragraph that ends inside a quote,
  followed by a paragraph that begins with an opening mark, continues the same quote. The row then
  spans both paragraphs (``text[start:end]`` includes the paragraph break and the repeated mark).
* Unbalanced marks never raise; the row gets ``balanced=False``:

  - a closing mark in opening position (after a space, before text; doc 004's ``immigrants. ”``)
    is read as a mistyped opening mark;
  - an opening mark never closed quotes to the end of its paragraph;
  - a closing mark with no opener quotes from the start of its paragraph (or the end of the
    previous quote in it).

Kinds (column ``kind``)
-----------------------
``direct``
    A quotation standing as its own sentence or clause: it opens a sentence and is attributed by a
    cue (``"...," she said``), or it continues such a quote (``"A," she said. "B."``), or it opens
    a sentence and has 4 or more words.
``partial``
    4 or more quoted words embedded in the writer's own sentence (``called on the U.S. to adopt
    "..."``).
``phrase``
    Fewer than 4 quoted words, or a quoted title (every content word capitalised): scare quotes,
    labels and names of things (“zero tolerance”, “Convention on the Rights of the Child.”). They are
    quotations of words, not speech; a speaker is still given when the text supplies one.
``indirect``
    Reported speech without quote marks (``Shamdasani said the use of ...``): only from
    :func:`extract_reported_speech` or ``extract_quotes(..., include_indirect=True)``; the span is
    the reported content as far as the rules can tell.

Speakers (column ``speaker``)
-----------------------------
Attribution patterns, in the order tried (column ``pattern``):

``quote_speaker_cue``  ``"...," she noted`` / ``"...," the letter reads`` / ``"...," Zhu said``
``quote_cue_speaker``  ``"...," said Nikki Haley, United States Ambassador ...`` (the appositive
                       becomes ``role``); ``wrote Human Rights spokeswoman Ravina Shamdasani``
                       gives speaker "Ravina Shamdasani", role "Human Rights spokeswoman"
``speaker_cue_quote``  ``Haley said: "..."`` and ``according to X, "..."``
``continuation``       the second part of a split quote inherits the first part's speaker
``inside_reported_speech``  a partial quote or phrase inside reported content gets its speaker
``reported_*`` / ``according_to``  reported speech (kind ``indirect``)

A speaker phrase is resolved, in order, through the actor table (``resources/actors.csv``, see
:func:`load_actor_table`; gives the canonical name and ``actor_type``), as a surname of a speaker
named earlier in the text, or as the trailing capitalised words of the phrase after title words
(``actor_type`` "unknown"). Pronouns: he/she resolve to the most recent *person* mention (actor
table entry or earlier named speaker), they to the most recent *group*, it and "the agency"/"the
office"/... to the most recent *institution*, each only within the quote's paragraph and the
``pronoun_window`` paragraphs before it. Gender is not used (it is unknown for most names), so
"she" can resolve to a man; when nothing qualifies the speaker stays "" (``resolved=False``). A
definite description that is not in the table ("the agency" outside that rule) also stays "".
"the letter" is kept as the speaker (it is what the text says) and typed by a context rule in the
actor table (attorneys general's letter -> us_state_officials); ``speaker_text`` always keeps the
words of the text.

What the extractor misses
-------------------------
Measured against a single reader's gold labelling of the five bundled raw articles
(data/annotations/gold_quotes.csv; tests/test_quotes.py): quotes in marks 38/38 found, attribution
correct for 37/38; reported speech 34/36 found, speakers all correct. These are IN-SAMPLE figures:
the rules were written while reading the same five texts, so expect lower accuracy elsewhere.
Known misses:

* passive attributions (``described by Attorney General Jeff Sessions as ...``);
* subjects separated from the verb by more than a short prepositional phrase, one appositive and
  a short coordinated predicate (``Representatives from many countries, including Russia, ...
  Syria and Nicaragua also made speeches and urged ...``);
* bare sentence openers are found as subjects but not named: "Immigration officials said ..." and
  "Advocates said ..." give speaker "" (a lone capitalised opener such as "Smith said" is named
  only when the text gave "... Smith" in full as a speaker before);
* a phrase inside reported speech inherits the reporter even when it is only a label (doc 002's
  first “zero tolerance”, inside the attorneys general's call, is attributed to them);
* speech without a reporting clause: free indirect speech continuing a speaker's report in the next
  sentence (doc 004 ``Despite labelling itself a “human rights defender,” ...``), speech acts with
  no content clause (``expressed grave concern``), and paragraph-long quotes whose speaker is only
  given in an earlier paragraph;
* reported-content boundaries are sentence-based: content running over several sentences is cut
  at the first sentence end;
* it cannot see through a source's own mislabelling (doc 001 calls the human rights office
  "UNHCR": the speaker is reported as the text names it).

Examples
--------
>>> text = '"We will not stop," she said. Jane Doe, a nurse, said the wards are full.'
>>> extract_quotes(text)[["quote", "kind", "speaker", "pattern"]].to_dict("records")
[{'quote': 'We will not stop,', 'kind': 'direct', 'speaker': '', 'pattern': 'quote_speaker_cue'}]
>>> quotes = extract_quotes(text, include_indirect=True)
>>> quotes[["quote", "kind", "speaker", "role"]].values.tolist()[1]
['the wards are full.', 'indirect', 'Jane Doe', 'a nurse']
"""

from __future__ import annotations

from corpus_tools.quotes.actors import (
    ACTOR_COLUMNS,
    ACTOR_TYPES,
    ENTITIES,
    GOLD_COLUMNS,
    KINDS,
    PHRASE_MAX_WORDS,
    QUOTE_COLUMNS,
    ActorTableError,
    QuoteError,
    load_actor_table,
)
from corpus_tools.quotes.evaluate import (
    evaluate_quotes,
    load_gold_quotes,
    match_quotes,
)
from corpus_tools.quotes.extract import (
    extract_document_quotes,
    extract_quotes,
    extract_reported_speech,
)
from corpus_tools.quotes.voice import (
    narration_text,
    plot_share_of_voice,
    quote_in_context,
    share_of_voice,
    split_narration,
    tag_sentence_voice,
)

__all__ = [
    "ACTOR_COLUMNS",
    "ACTOR_TYPES",
    "ActorTableError",
    "ENTITIES",
    "GOLD_COLUMNS",
    "KINDS",
    "PHRASE_MAX_WORDS",
    "QUOTE_COLUMNS",
    "QuoteError",
    "evaluate_quotes",
    "extract_document_quotes",
    "extract_quotes",
    "extract_reported_speech",
    "load_actor_table",
    "load_gold_quotes",
    "match_quotes",
    "narration_text",
    "plot_share_of_voice",
    "quote_in_context",
    "share_of_voice",
    "split_narration",
    "tag_sentence_voice",
]
