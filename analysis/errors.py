"""The one error type of the package: :class:`DataError`.

Every problem with input data -- a curated table, a user's own file, an
argument naming a table that does not exist -- raises ``DataError``. Its
message answers three questions: *where* (file, row as a spreadsheet numbers
it with the header as row 1, column), *what* (the offending value) and *how to
fix it* (what would have been accepted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DataError", "Problem"]


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
    """

    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    message: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = ", ".join(where)
        if self.value is not None:
            shown = _shown(self.value)
            text += f": {shown}" if text else shown
        body = f"{text}: {self.message}" if text else self.message
        if self.hint:
            body += f"; {self.hint}"
        return body


SHOWN_CHARS = 80


def _shown(value: object) -> str:
    """Return ``repr(value)``, cut to about SHOWN_CHARS characters with the full length named."""
    if isinstance(value, (str, bytes)) and len(value) > SHOWN_CHARS:
        unit = "characters" if isinstance(value, str) else "bytes"
        return f"{value[:SHOWN_CHARS - 20]!r}... ({len(value):,} {unit})"
    return repr(value)


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
        shown = [str(p) for p in self.problems[: self.limit]]
        if len(self.problems) > self.limit:
            shown.append(f"... and {len(self.problems) - self.limit} more problems")
        if len(shown) == 1:
            return shown[0]
        return f"{len(self.problems)} problems:\n" + "\n".join(f"  - {s}" for s in shown)

    def __reduce__(self):
        return (type(self), (self.problems, self.limit))
