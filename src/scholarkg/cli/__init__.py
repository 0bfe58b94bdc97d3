"""The ``scholarkg`` command line: a thin click layer over the library.

Each command lives in its own module here and parses options, calls the library, and lets the group
turn a ``ScholarKGError`` into one line on stderr and the exit code of its class. Only the CLI draws
progress bars.
"""
from __future__ import annotations

from ._app import main

# Importing a command module registers its command on ``main``; one line per module.
from . import parse  # noqa: E402,F401
from . import query  # noqa: E402,F401
from . import build  # noqa: E402,F401
from . import stats  # noqa: E402,F401
from . import extract  # noqa: E402,F401
from . import viz  # noqa: E402,F401
from . import falkordb  # noqa: E402,F401
from . import neo4j  # noqa: E402,F401

__all__ = ["main"]
