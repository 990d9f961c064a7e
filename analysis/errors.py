"""The one error type of the package: :class:`DataError`.

Every problem with input data -- a curated table, a user's own file, an
argument naming a table that does not exist -- raises ``DataError``. Its
message answers three questions: *where* (file, row as a spreadsheet numbers
it with the header as row 1, column), *what* (the offending value) and *how to
fix it* (what would have been accepted).

The words of the frame (row, column ...) and of the messages come from
``analysis/messages.csv`` in the language active when the problem was found
(:mod:`analysis.texts`): English by default, Indonesian with ``ANALYSIS_LANG=id``
or ``lang="id"`` ("berkas scores.csv, baris 14, kolom 'Nilai', nilai '9,5x': ...").
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from analysis.texts import LANGS, active_lang, count, language, requested_lang
from analysis.texts import message as _msg

__all__ = ["DataError", "Problem", "check_lang", "speaking"]


@dataclass(frozen=True)
class Problem:
    """One located problem in a table.

    Attributes
    ----------
    file : str or None
        File name (or table name) the problem is in.
    row : int or None
        Row as a spreadsheet numbers it: the header is row 1, the first data
        row is row 2.
    column : str or None
        Column name as it appears in the file.
    value : object
        The offending value as read (before any conversion). A long text is
        shown cut to its first 60 characters, with its length.
    message : str
        What is wrong.
    hint : str
        What would be accepted, or how to fix it.
    lang : {"en", "id"}
        Language of the frame's words (the language active when the problem
        was recorded); ``message`` and ``hint`` are written in it too.
    """

    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    message: str = ""
    hint: str = ""
    lang: str = field(default_factory=active_lang)

    def __str__(self) -> str:
        lang = self.lang
        where = []
        if self.file:
            where.append(_msg("frame.file", lang, file=self.file))
        if self.row is not None:
            where.append(_msg("frame.row", lang, row=self.row))
        if self.column is not None:
            where.append(_msg("frame.column", lang, column=self.column))
        text = ", ".join(where)
        if self.value is not None:
            shown = _shown(self.value, lang)
            text += (_msg("frame.value_after", lang, value=shown) if text
                     else _msg("frame.value", lang, value=shown))
        body = f"{text}: {self.message}" if text else self.message
        if self.hint:
            body += f"; {self.hint}"
        return body


SHOWN_CHARS = 80


def _shown(value: object, lang: str = "en") -> str:
    """Return ``repr(value)``, cut to about SHOWN_CHARS characters with the full length named."""
    if isinstance(value, (str, bytes)) and len(value) > SHOWN_CHARS:
        key = "frame.cut_chars" if isinstance(value, str) else "frame.cut_bytes"
        return _msg(key, lang, start=repr(value[:SHOWN_CHARS - 20]),
                       n=count(len(value), lang))
    return repr(value)


def check_lang(lang: str | None = None) -> str:
    """Return the language asked for (``lang``, else ``ANALYSIS_LANG``, else "en"), checked.

    Raises
    ------
    DataError
        For a language other than "en" (English) or "id" (Bahasa Indonesia).

    Examples
    --------
    >>> from analysis.errors import check_lang
    >>> check_lang("id")
    'id'
    """
    asked = lang if lang is not None else requested_lang()
    if asked is None:
        return "en"
    if asked not in LANGS:
        raise DataError([Problem(message=_msg("lang.unknown", "en", lang=repr(asked)),
                                 hint=_msg("lang.unknown_hint", "en"), lang="en")])
    return asked


@contextmanager
def speaking(lang: str | None = None):
    """Check ``lang`` (see :func:`check_lang`) and write the messages of the block in it."""
    with language(check_lang(lang)):
        yield


@dataclass
class DataError(ValueError):
    """Bad input data, with where, what and how to fix.

    ``DataError`` is a :class:`ValueError`, so code that already catches
    ``ValueError`` keeps working. It carries one or more :class:`Problem`
    records in ``problems``; ``str(err)`` lists them all (up to ``limit``).

    Examples
    --------
    >>> from analysis import DataError
    >>> err = DataError.at("scores.csv", row=14, column="Nilai", value="9,5x",
    ...                    message="is not a number", hint="expected 0-100")
    >>> print(err)
    scores.csv, row 14, column 'Nilai': '9,5x': is not a number; expected 0-100
    """

    problems: list[Problem] = field(default_factory=list)
    limit: int = 20

    def __post_init__(self) -> None:
        super().__init__(str(self))

    @classmethod
    def at(cls, file=None, row=None, column=None, value=None, message="", hint=""):
        """Build an error with a single located problem."""
        return cls([Problem(file, row, column, value, message, hint)])

    @classmethod
    def plain(cls, message: str, hint: str = "") -> DataError:
        """Build an error that has no file or row (for example a bad argument)."""
        return cls([Problem(message=message, hint=hint)])

    def __str__(self) -> str:
        lang = self.problems[0].lang if self.problems else "en"
        shown = [str(p) for p in self.problems[: self.limit]]
        if len(self.problems) > self.limit:
            shown.append(_msg("errors.more", lang, n=len(self.problems) - self.limit))
        if len(shown) == 1:
            return shown[0]
        return (_msg("errors.count", lang, n=len(self.problems)) + "\n"
                + "\n".join(f"  - {s}" for s in shown))

    def __reduce__(self):
        return (type(self), (self.problems, self.limit))
