"""Findings written from the numbers: short Markdown sentences generated from result tables.

A notebook's "What this shows" must be true on every corpus it runs on, so any sentence that
states a result is built here from the run's own tables, never typed by hand. Interpretation
that holds only for the bundled corpus lives in notebook cells tagged ``bundled-only``, which
the runner leaves out (with a visible note) on any other corpus.

The helpers are deliberately plain: percentages, names joined in English, a sentence saying
that an analysis was skipped and what would enable it.

Examples
--------
>>> join_names(["Gazette", "Herald", "Courier"])
'Gazette, Herald and Courier'
>>> format_share(0.4249)
'42%'
>>> print(skip_note("Keyness", "needs at least two groups; this corpus has one outlet",
...                 "add a grouping column to metadata.csv or pass `-p LABEL column`"))
**Skipped: Keyness.** It needs at least two groups; this corpus has one outlet. To enable it: add a grouping column to metadata.csv or pass `-p LABEL column`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

__all__ = ["Findings", "bullets", "format_share", "join_names", "show", "skip_note"]


def _count_argument(n: int | None, top: int | None, *, function: str, default: int) -> int:
    """The count of items a ``summarise_*`` function names: ``n``, or its deprecated old name ``top=``
    (one release, ``FutureWarning``); ``default`` when neither is given."""
    if top is not None:
        if n is not None:
            raise TypeError(f"{function}: pass n= only (top= is its deprecated old name).")
        warnings.warn(f"{function}(top=) is deprecated and will be removed in the next release: "
                      "pass n= (the number of items named).", FutureWarning, stacklevel=3)
        return top
    return default if n is None else n


def format_share(share: float, *, digits: int = 0) -> str:
    """Return a proportion as a percentage string (``0.425`` -> ``'42%'``; NaN -> ``'n/a'``).

    >>> format_share(0.125, digits=1), format_share(float("nan"))
    ('12.5%', 'n/a')
    """
    if share != share:  # NaN
        return "n/a"
    return f"{100 * float(share):.{digits}f}%"


def join_names(names: Iterable[object], *, limit: int = 5, conjunction: str = "and") -> str:
    """Join names in English: ``'A, B and C'``; past ``limit`` names, ``'A, B and 3 others'``.

    >>> join_names(["A"]), join_names(["A", "B"]), join_names("ABCDEFG", limit=2)
    ('A', 'A and B', 'A, B and 5 others')
    >>> join_names([])
    'none'
    """
    items = [str(n) for n in names]
    if not items:
        return "none"
    if len(items) > limit:
        rest = len(items) - limit
        items = items[:limit] + [f"{rest} other" + ("s" if rest > 1 else "")]
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def skip_note(analysis: str, reason: str, fix: str | None = None) -> str:
    """Return one Markdown line saying an analysis was skipped, why, and what would enable it.

    >>> skip_note("Dispersion plot", "none of the key terms occurs in these texts")
    '**Skipped: Dispersion plot.** None of the key terms occurs in these texts.'
    """
    reason = reason.strip()
    if reason.lower().startswith(("needs", "requires")):
        reason = "it " + reason
    note = f"**Skipped: {analysis}.** {_sentence(reason)}"
    if fix:
        note += f" To enable it: {fix.strip().rstrip('.')}."
    return note


def bullets(lines: Sequence[str]) -> str:
    """Return Markdown bullet lines (empty lines dropped).

    >>> print(bullets(["one", "", "two"]))
    - one
    - two
    """
    return "\n".join(f"- {line}" for line in lines if line)


class Findings:
    """Collect findings as a notebook runs, then show them together as Markdown.

    >>> found = Findings()
    >>> found.add("3 documents from 2 outlets")
    >>> found.skip("Keyness", "needs two groups", "add an outlet column")
    >>> print(found.markdown())
    - 3 documents from 2 outlets.
    - **Skipped: Keyness.** It needs two groups. To enable it: add an outlet column.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str) -> None:
        """Add one finding (a sentence generated from the run's numbers)."""
        self.lines.append(_sentence(text))

    def skip(self, analysis: str, reason: str, fix: str | None = None) -> None:
        """Record that an analysis was skipped (see :func:`skip_note`)."""
        self.lines.append(skip_note(analysis, reason, fix))

    def markdown(self) -> str:
        """Return the findings as Markdown bullets."""
        return bullets(self.lines) if self.lines else "- No finding was recorded in this run."

    def _repr_markdown_(self) -> str:
        return self.markdown()


def show(markdown: str) -> object:
    """Return an IPython Markdown object for a notebook cell (a generated finding or skip note)."""
    from IPython.display import Markdown

    return Markdown(markdown)
