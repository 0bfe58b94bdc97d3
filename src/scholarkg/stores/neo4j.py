"""``neo4j://HOST:PORT`` / ``bolt://HOST:PORT`` (and ``+s`` / ``+ssc`` variants) — Neo4j 5 through the official driver.

User and password come from ``NEO4J_USER`` / ``NEO4J_PASSWORD`` (or ``user:password@`` in the URI), the database
from ``NEO4J_DATABASE`` (default: the server's default database). ``neo4j://`` routes reads and writes across a
cluster or Aura; ``bolt://`` talks to one server. ``ensure_schema`` applies ``schema/neo4j/constraints.cypher``
before any write; a batch is one managed write transaction (the driver retries transient failures), running the
generated files in ``queries/write/``.

>>> Neo4jStore.parse_uri("neo4j://reader:s3cret@db.example.org:7687")
('neo4j://db.example.org:7687', 'reader', 's3cret')
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Mapping
from urllib.parse import unquote, urlsplit, urlunsplit

from ..errors import ConfigError, QueryError, StoreAuthError, StoreError, StoreUnavailable, StoreWriteError
from .cypher import CypherStore, Statement, schema_statements

SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


class Neo4jStore(CypherStore):
    dialect = "neo4j"

    def __init__(self, uri: str):
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.uri = uri
        address, user, password = self.parse_uri(uri)
        user = user or os.environ.get("NEO4J_USER", "neo4j")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        self._where = address  # for messages: never the password
        self._database = os.environ.get("NEO4J_DATABASE") or None
        self._columns: dict[str, tuple[str, ...]] = {}  # catalogue file text -> its columns (``_read_answer``)
        auth = (user, password) if password is not None else None
        try:
            # notifications off: the server's hints about our own files (an unknown label in a graph without rankings)
            # would otherwise be logged on stderr next to the answer
            self._driver = neo4j.GraphDatabase.driver(address, auth=auth, notifications_min_severity="OFF")
            self._driver.verify_connectivity()
        except AuthError:
            raise StoreAuthError(f"cannot log in to Neo4j at {address} as {user!r}: authentication failed") from None
        except (ServiceUnavailable, OSError) as exc:
            raise StoreUnavailable(f"cannot reach Neo4j at {address}: {exc.__class__.__name__}") from None
        except ValueError as exc:
            raise ConfigError(f"bad Neo4j URI {address!r}: {exc}") from exc

    @staticmethod
    def parse_uri(uri: str) -> tuple[str, str | None, str | None]:
        """(address without credentials, user, password)."""
        parts = urlsplit(uri)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise ConfigError(f"expected neo4j://HOST:PORT or bolt://HOST:PORT, not {uri.split('@')[-1]!r}")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        address = urlunsplit((parts.scheme, netloc, "", "", ""))
        user = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password else None
        return address, user, password

    @contextmanager
    def _translated(self, doing: str):
        """Driver errors as our own (never with a secret): the server gone is StoreUnavailable, the credentials
        refused StoreAuthError, a refused write StoreWriteError, a refused query QueryError."""
        from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        writing = doing == "a write"
        try:
            yield
        except AuthError:
            raise StoreAuthError(f"Neo4j at {self._where} refused the credentials") from None
        except ClientError as exc:
            error: type[Exception] = StoreWriteError if writing else QueryError
            raise error(f"Neo4j ({self._where}) refused {doing}: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            # the driver has retried for 30 s by now; every write is an idempotent MERGE, so a re-run finishes the job
            raise StoreUnavailable(f"lost Neo4j at {self._where} ({exc.__class__.__name__}); run the same command "
                                   "again once it is back (writes are idempotent: nothing is duplicated)") from None
        except (Neo4jError, DriverError) as exc:
            error = StoreWriteError if writing else StoreError
            raise error(f"Neo4j ({self._where}) failed: {getattr(exc, 'message', None) or exc}") from exc

    def _read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        import neo4j

        with self._translated("a query"):
            records, _, _ = self._driver.execute_query(cypher, dict(params or {}), database_=self._database,
                                                       routing_=neo4j.RoutingControl.READ)
        return [record.data() for record in records]

    def _read_answer(self, cypher: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The rows of a catalogue file as ONE record holding them all: ``CALL () { file } RETURN collect([...])``.

        The Python driver reads every Bolt record as its own message (two socket reads and a Record object each,
        about 30 us of CPU per row even with neo4j-rust-ext), so 5,384 rows took it 140-220 ms of CPU where the
        server needed 7 ms; the same rows collected into one list take 7 ms (scripts/bench_neo4j_driver.py).
        ``collect`` keeps the order in which the file's rows arrive. Only catalogue answers go this way: they are
        bounded by their limits, while the whole-graph reads of ``iter_graph`` would make one list of the graph
        in the server's heap. The columns come from the file's own plan (``EXPLAIN``, once per file). (``CALL () {``
        needs Neo4j 5.23 or later; 5.26 is the LTS the project runs.)"""
        import neo4j

        columns = self._columns.get(cypher)
        with self._translated("a query"):
            if columns is None:
                with self._driver.session(database=self._database, default_access_mode=neo4j.READ_ACCESS) as s:
                    columns = self._columns[cypher] = tuple(s.run("EXPLAIN " + cypher, dict(params)).keys())
            items = ", ".join("`" + c.replace("`", "``") + "`" for c in columns)
            records, _, _ = self._driver.execute_query(f"CALL () {{\n{cypher}\n}}\nRETURN collect([{items}]) AS rows",
                                                       dict(params), database_=self._database,
                                                       routing_=neo4j.RoutingControl.READ)
        return [dict(zip(columns, row)) for row in records[0][0]]

    def _write(self, statements: list[Statement]) -> None:
        if not statements:
            return

        def work(tx) -> None:
            for cypher, params in statements:
                tx.run(cypher, params).consume()

        with self._translated("a write"), self._driver.session(database=self._database) as session:
            session.execute_write(work)  # one transaction, retried by the driver on transient errors

    def ensure_schema(self) -> None:
        for statement in schema_statements("neo4j", "constraints.cypher"):
            self._write([(statement, {})])

    def clear(self) -> None:
        """Delete every node and edge (used by tests and benchmarks), 10,000 nodes per transaction: one
        transaction deleting a whole big graph would have to hold all of it in memory."""
        with self._translated("a write"), self._driver.session(database=self._database) as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def close(self) -> None:
        self._driver.close()
