"""Errors of the frames package; all derive from :class:`corpus_tools.errors.CorpusError`.
"""

from __future__ import annotations

from corpus_tools.errors import CorpusError


# --------------------------------------------------------------------------------------- errors
class FramesError(CorpusError):
    """Bad input to a frames function (wrong type, missing column, unknown frame).

    Examples
    --------
    >>> isinstance(FramesError("x"), CorpusError)
    True
    """


class CodebookError(FramesError):
    """A malformed codebook or label list; the message names the file, the entry and the field.

    Examples
    --------
    >>> from corpus_tools.frames import validate_codebook
    >>> try:
    ...     validate_codebook({"frames": []}, source="my.yml")
    ... except CodebookError as err:
    ...     print(err)
    my.yml: 'frames' must be a non-empty list of frame entries.
    """


class CodingSheetError(FramesError):
    """A coding sheet that cannot be used; the message names the file, row and column.

    Examples
    --------
    >>> issubclass(CodingSheetError, CorpusError)
    True
    """


class AlignmentError(FramesError):
    """Reference sentences that could not be matched to a sentences table.

    Examples
    --------
    >>> issubclass(AlignmentError, CorpusError)
    True
    """
