"""The one exception tree of scholarkg.

Every failure the library raises on purpose is a ``ScholarKGError``; the CLI turns it into one
line on stderr and the exit code of its class.
"""
from __future__ import annotations


class ScholarKGError(Exception):
    """Root of every error scholarkg raises on purpose."""

    exit_code = 1


class InputError(ScholarKGError):
    """An input file (or one record in it) cannot be read.

    >>> str(InputError("bad date", path="a.txt", record="line 4"))
    'a.txt: line 4: bad date'
    """

    exit_code = 3

    def __init__(self, message: str, *, path: str | None = None, record: str | None = None):
        self.message = message
        self.path = path
        self.record = record
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.path, self.record) if part)
        return f"{where}: {self.message}" if where else self.message


class StoreError(ScholarKGError):
    """A store cannot be reached, refused a write, or answered with an error."""

    exit_code = 4


class QueryError(ScholarKGError):
    """A named query is unknown, or its parameters are wrong or ambiguous."""

    exit_code = 5


class ConfigError(ScholarKGError):
    """A store URI, option or setting is malformed."""

    exit_code = 2
