"""Exceptions raised by corpus_tools.

Every error about the user's input is a :class:`CorpusError`. Its message names the file (and row
or field) that is wrong and says how to fix it, so a researcher never has to read a traceback to
know what to do.
"""


class CorpusError(ValueError):
    """Bad corpus input: a missing, empty or undecodable file, or inconsistent metadata.

    Examples
    --------
    >>> try:
    ...     raise CorpusError("metadata.csv, row 3: 'file' is empty. Fix: name the text file.")
    ... except ValueError as err:
    ...     print(err)
    metadata.csv, row 3: 'file' is empty. Fix: name the text file.
    """


class OutputError(CorpusError):
    """An output folder that must not be written: not empty and not an earlier output of this
    tool, one of the inputs, the repository's raw data, busy with another build, or unwritable.

    Examples
    --------
    >>> issubclass(OutputError, CorpusError)
    True
    """


class StaleOutputError(CorpusError):
    """Processed tables that do not match their ``manifest.json`` (a mixed or edited folder).

    Examples
    --------
    >>> issubclass(StaleOutputError, CorpusError)
    True
    """
