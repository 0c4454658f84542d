"""Frames: a codebook as data, dictionary tagging of sentences, and the validation loop.

The codebook (a domain pack's ``codebook.yml``, e.g. ``corpus_tools.domains.load_domain("generic").path("codebook")``;
``domains/immigration/codebook.yml`` when none is given) holds the 15 Policy Frames Codebook dimensions
(Boydstun et al. 2014; Card et al. 2015) and the five generic news frames of Semetko &
Valkenburg (2000), each with its definition, the yes/no question a human coder answers for one
sentence, and the dictionary cues that approximate that answer. This module

* loads and validates the codebook (:func:`load_codebook`, :func:`validate_codebook`);
* tags sentences with every frame whose cues occur (:func:`tag_sentences`), keeping the matched
  cues so each label can be audited (:func:`kwic`);
* aggregates labels (:func:`frame_shares` with bootstrap intervals, :func:`frame_cooccurrence`)
  and plots them;
* counts contested labels for people ("illegal immigrant", "undocumented", "asylum seeker" ...)
  from a pack's ``contested_labels.yml`` (default ``domains/immigration/contested_labels.yml``; :func:`contested_label_counts`);
* closes the loop with human coding: coding sheets (:func:`export_coding_sheet`,
  :func:`load_coding_sheet`), a shipped reference coding of the seed corpus
  (:func:`load_reference_coding`, :func:`align_reference_coding`) and agreement between the
  dictionary and a gold coding (:func:`evaluate_against_gold`, :func:`disagreements`);
* learns frames from coded sentences (:mod:`~corpus_tools.frames.classify`:
  :func:`fit_frame_classifier`; :mod:`~corpus_tools.frames.crossval`: :func:`cross_validate_frames`,
  :func:`learning_curve_frames`, :func:`plot_learning_curve`, :func:`compare_evaluations`) and
  turns sentence tags into article-level presence (:func:`article_presence`).
  Inter-coder reliability lives in :mod:`corpus_tools.reliability`.

Cue syntax (the same for cues, exclusions and contested labels; matching is case-insensitive and
on whole words):

``family separation``
    the words in order; a space matches any whitespace, a hyphen matches a hyphen or dash, spaces
    or nothing, an apostrophe matches straight and curly apostrophes, other characters are literal.
``detain*``
    ``*`` at the end of a word matches zero or more further letters or digits (detain, detained,
    detainee); at least three characters must precede it and it may appear nowhere else.
``re:push(?:ed|ing)? back``
    a Python regular expression, wrapped in the same whole-word boundaries; it must compile, must
    not match the empty string and must not use named groups.

Within one frame the cue with the most words (then the longest entry) wins at each position and
matches never overlap, so a multi-word cue counts once and a shorter cue inside it is not counted
again. A cue match lying wholly inside a match of one of the frame's ``exclusions`` is dropped
("Homeland Security" does not fire ``security_and_defense``). Frames are matched independently.
"""

from __future__ import annotations

from corpus_tools.frames.aggregate import (
    frame_cooccurrence,
    frame_shares,
)
from corpus_tools.frames.classify import (
    THRESHOLD_GRID,
    FrameClassifier,
    FrameClassifierError,
    FrameClassifierWarning,
    fit_baseline_frame_classifier,
    fit_frame_classifier,
    frame_folds,
)
from corpus_tools.frames.codebook import (
    CODEBOOK_FILE,
    CONTESTED_LABELS_FILE,
    FAMILIES,
    REFERENCE_CODING_FILE,
    Codebook,
    Frame,
    describe_codebook,
    load_codebook,
    validate_codebook,
)
from corpus_tools.frames.coding import (
    coder_table,
    export_coding_sheet,
    load_coding_sheet,
)
from corpus_tools.frames.contested import (
    ContestedLabel,
    contested_label_counts,
    contested_label_kwic,
    load_contested_labels,
)
from corpus_tools.frames.crossval import (
    FrameEvaluation,
    compare_evaluations,
    cross_validate_frames,
    learning_curve_frames,
    plot_learning_curve,
)
from corpus_tools.frames.cues import (
    compile_cues,
)
from corpus_tools.frames.errors import (
    AlignmentError,
    CodebookError,
    CodingSheetError,
    FramesError,
)
from corpus_tools.frames.evaluate import (
    disagreements,
    evaluate_against_gold,
)
from corpus_tools.frames.plot import (
    plot_contested_labels,
    plot_cooccurrence,
    plot_evaluation,
    plot_frame_shares,
)
from corpus_tools.frames.presence import (
    PresenceThreshold,
    article_presence,
    choose_presence_threshold,
    summarise_presence_threshold,
)
from corpus_tools.frames.reference import (
    align_reference_coding,
    load_reference_coding,
    normalize_for_alignment,
    try_align_reference_coding,
)
from corpus_tools.frames.summarise import (
    frame_name,
    summarise_contested_labels,
    summarise_cooccurrence,
    summarise_evaluation,
    summarise_model_comparison,
    summarise_shares,
    summarise_voice,
)
from corpus_tools.frames.tag import (
    kwic,
    tag_sentences,
)

__all__ = [
    "frame_name",
    "summarise_contested_labels",
    "summarise_cooccurrence",
    "summarise_evaluation",
    "summarise_model_comparison",
    "summarise_shares",
    "summarise_voice",
    "PresenceThreshold",
    "article_presence",
    "choose_presence_threshold",
    "summarise_presence_threshold",
    "FrameClassifier",
    "FrameClassifierError",
    "FrameClassifierWarning",
    "FrameEvaluation",
    "THRESHOLD_GRID",
    "compare_evaluations",
    "cross_validate_frames",
    "fit_baseline_frame_classifier",
    "fit_frame_classifier",
    "frame_folds",
    "learning_curve_frames",
    "plot_learning_curve",
    "AlignmentError",
    "CODEBOOK_FILE",
    "CONTESTED_LABELS_FILE",
    "Codebook",
    "CodebookError",
    "CodingSheetError",
    "ContestedLabel",
    "FAMILIES",
    "Frame",
    "FramesError",
    "REFERENCE_CODING_FILE",
    "align_reference_coding",
    "coder_table",
    "compile_cues",
    "contested_label_counts",
    "contested_label_kwic",
    "describe_codebook",
    "disagreements",
    "evaluate_against_gold",
    "export_coding_sheet",
    "frame_cooccurrence",
    "frame_shares",
    "kwic",
    "load_codebook",
    "load_coding_sheet",
    "load_contested_labels",
    "load_reference_coding",
    "normalize_for_alignment",
    "plot_contested_labels",
    "plot_cooccurrence",
    "plot_evaluation",
    "plot_frame_shares",
    "tag_sentences",
    "try_align_reference_coding",
    "validate_codebook",
]
