"""The comparison modules' error class."""

from corpus_tools.errors import CorpusError


class CompareError(CorpusError):
    """Bad input to a comparison function; the message says what is wrong and how to fix it.

    Examples
    --------
    >>> issubclass(CompareError, CorpusError)
    True
    """
