"""The one exception tree of scholarkg.

Every failure the library raises on purpose is a ``ScholarKGError``; the CLI turns it into one
line on stderr and the exit code of its class. Every store (Oxigraph, FalkorDB, Neo4j, ``sparql+http``) raises the
same class for the same fault, so callers (and the CLI's hints) decide by class, never by message text:

====  ====================  ==========================================================
code  class                 meaning
====  ====================  ==========================================================
1     ScholarKGError        anything else we raise on purpose
2     ConfigError           a malformed store URI, option or setting
3     InputError            an input file or a record in it cannot be read
4     StoreError            the store answered with an error (StoreWriteError: it refused a write)
5     QueryError            an unknown query, or wrong or ambiguous parameters
6     StoreUnavailable      the store cannot be reached, or went away mid-job (retry later)
7     StoreAuthError        the store refused the credentials
8     StoreBusy             an Oxigraph store is in use by another process
9     StoreFull             the disk under the store is full
70    (none)                an unexpected failure: a bug (``--debug`` shows the traceback)
130   (none)                interrupted (Ctrl-C)
====  ====================  ==========================================================
"""
from __future__ import annotations

import re


class ScholarKGError(Exception):
    """Root of every error scholarkg raises on purpose."""

    exit_code = 1


class InputError(ScholarKGError):
    """An input file (or one record in it) cannot be read.

    >>> str(InputError("bad date", path="a.txt", record="line 4"))
    'a.txt: line 4: bad date'
    """

    exit_code = 3

    def __init__(self, message: str, *, path: str | None = None, record: str | None = None,
                 says_what_to_do: bool = False):
        self.message = message
        self.path = path
        self.record = record
        self.says_what_to_do = says_what_to_do  # the message names what to give instead (a PDF, a URL, an arXiv id)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.path, self.record) if part)
        return f"{where}: {self.message}" if where else self.message


class MissingInput(InputError):
    """An input path names nothing: no such file or directory."""


class StoreError(ScholarKGError):
    """A store cannot be reached, refused a write, or answered with an error."""

    exit_code = 4


class StoreWriteError(StoreError):
    """The store refused a write (a value it cannot hold, a constraint, a server-side error); the batch did not land."""


class QueryError(ScholarKGError):
    """A named query is unknown, or its parameters are wrong or ambiguous."""

    exit_code = 5


class ConfigError(ScholarKGError):
    """A store URI, option or setting is malformed."""

    exit_code = 2


class UnknownStoreURI(ConfigError):
    """A store URI whose scheme no backend has (``oxigraph:``, ``falkordb://``, ``neo4j://``, ``sparql+http://``...)."""


class NotInGraph(QueryError):
    """A parameter names a node the graph does not hold; ``label`` is its label, ``close`` the names that come near.

    >>> str(NotInGraph("Author", "Ada", ["Ada Lovelace"]))
    "no Author named 'Ada' in the graph. Close matches: Ada Lovelace."
    """

    def __init__(self, label: str, text: str, close: list[str] | None = None):
        self.label, self.text, self.close = label, text, list(close or [])
        hint = f" Close matches: {', '.join(self.close)}." if self.close else ""
        super().__init__(f"no {label} named {text!r} in the graph.{hint}")


class StoreUnavailable(StoreError):
    """The store cannot be reached (down, wrong host or port) or went away in the middle of a job.

    Nothing half-written stays: re-running the same command once the store is back finishes the job.
    """

    exit_code = 6


class StoreAuthError(StoreError):
    """The store refused the user name or password (never part of the message)."""

    exit_code = 7


class StoreBusy(StoreError):
    """The store is locked by another process (an Oxigraph directory is used by one process at a time)."""

    exit_code = 8


class StoreFull(StoreError):
    """The disk under the store is full; the batch being written did not land."""

    exit_code = 9


_URI_SECRET = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/@:\s]*):(?P<password>[^/@\s]*)@")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` with the password of any ``scheme://user:password@`` URI, and each of ``secrets``, masked.

    >>> redact("cannot reach falkordb://ada:s3cret@db:6379/g")
    'cannot reach falkordb://ada:***@db:6379/g'
    >>> redact("login failed for hunter2", ("hunter2",))
    'login failed for ***'
    """
    text = _URI_SECRET.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
