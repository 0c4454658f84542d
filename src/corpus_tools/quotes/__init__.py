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
Detection (``extract``) finds the spans, their kinds and the subject phrase of reported speech;
attribution (``attribute``, with ``discourse``, ``speech`` and the word lists of ``lexicon``)
decides who speaks each row, with rules written for news prose in general (issue 12):

* **speech verbs in any position**: ``"...," X said.`` / ``"...," said X.`` / ``X said: "..."`` /
  ``Said X: "..."`` / ``according to X, "..."`` (column ``pattern``: quote_speaker_cue,
  quote_cue_speaker, speaker_cue_quote, according_to);
* **reported speech introduces speakers**: ``X warned (that) ...`` makes X the most recent
  speaker, so a following ``He said: "..."`` goes to X;
* **organisations, roles and documents speak**: ``the committee said``, ``a spokeswoman for the
  council said`` (the unnamed spokesperson speaks for the institution), ``the statement said``;
* **back-references** to the most recent *compatible* speaker within ``pronoun_window``
  paragraphs: he/she (gender from titles, a small first-name list and role nouns; unknown gender
  fits both), they/it for organisations and groups, ``the spokeswoman``, ``the minister``, and
  surnames or ``Mr Gill`` to the full name given earlier;
* **continuation**: a cue-less quote after a quote in the same paragraph keeps its speaker
  (``continuation``); a paragraph that is only a quote goes to the speaker of the paragraph
  before (``paragraph_speaker``); a partial quote or phrase inside reported content gets its
  reporter (``inside_reported_speech``); quoted titles and labels get no speaker.

Speaker strings follow ``data/annotations/quotes_oos/README.md``: a person's full name without
titles, an institution's name as the text gives it, a body without a proper name as its lowercase
head phrase (``transport ministry``), a group as a lowercase plural, a document with its article
(``the statement``); "" when the text names nobody. **The actor table** (a domain pack's
``actors.csv``, :func:`load_actor_table` from :mod:`corpus_tools.actors`, its rows with ``speaker``
= ``yes``; ``None`` = the shipped immigration table) maps names to
canonical names and actor types: a row whose canonical label starts with a capital names one actor
("Nikki Haley", "UNHCR") and a phrase matching it is that actor; other rows name a kind of actor
("minister", "the council", "attorneys general") and only give the actor type of the speaker the
rules find (their label is the speaker only when the rules find none). Speakers matching no row
are typed ``unknown``. Word lists (speech verbs, role nouns, titles, pronouns, first names) are
data files in ``resources/attribution/`` (:func:`load_attribution_resources`).

How good it is
--------------
(benchmarks/QUOTE_ATTRIBUTION.md; :func:`evaluate_out_of_sample`.) **Out of sample**, on 10
held-out news articles on other topics (data/annotations/quotes_oos, split ``test``, 92
quotations, generic pack): span precision = recall = 1.0, speaker accuracy 0.902; the superseded
first rules scored 0.196 there. **In sample**, on the five bundled articles
(data/annotations/gold_quotes.csv, immigration pack): quotes in marks 38/38 found, speaker accuracy
0.895 (34/38); reported speech 34/36 found, speakers 0.912. The in-sample gold and the first rules
were written on the same texts. Known misses: passive attributions (``described by Attorney
General Jeff Sessions as ...``); speech without a reporting clause (free indirect speech, speech
acts with no content clause); the text's own synonyms for a group ("state officials", "AGs") are
kept rather than mapped to the table's label; reported content is cut at the first sentence end;
a source's own mislabelling (doc 001 calls the human rights office "UNHCR") is reported as written.

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
from corpus_tools.quotes.attribute import (
    ATTRIBUTION_COLUMNS,
    attribute_quotes,
    merge_multiparagraph_quotes,
)
from corpus_tools.quotes.evaluate import (
    SPLITS,
    evaluate_attribution,
    evaluate_out_of_sample,
    evaluate_quotes,
    load_gold_quotes,
    match_quotes,
)
from corpus_tools.quotes.extract import (
    extract_document_quotes,
    extract_quotes,
    extract_reported_speech,
)
from corpus_tools.quotes.lexicon import (
    RESOURCE_FOLDER,
    AttributionError,
    AttributionResources,
    load_attribution_resources,
)
from corpus_tools.quotes.summarise import summarise_share_of_voice, summarise_speakers
from corpus_tools.quotes.voice import (
    narration_text,
    narration_texts,
    plot_share_of_voice,
    quote_in_context,
    share_of_voice,
    split_narration,
    tag_sentence_voice,
)

__all__ = [
    "ACTOR_COLUMNS",
    "ATTRIBUTION_COLUMNS",
    "AttributionError",
    "AttributionResources",
    "RESOURCE_FOLDER",
    "attribute_quotes",
    "SPLITS",
    "evaluate_attribution",
    "evaluate_out_of_sample",
    "load_attribution_resources",
    "merge_multiparagraph_quotes",
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
    "narration_texts",
    "plot_share_of_voice",
    "quote_in_context",
    "share_of_voice",
    "split_narration",
    "summarise_share_of_voice",
    "summarise_speakers",
    "tag_sentence_voice",
]
