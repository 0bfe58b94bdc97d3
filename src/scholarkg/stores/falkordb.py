"""``falkordb://[USER:PASSWORD@]HOST:PORT/GRAPH`` — a FalkorDB graph, written through its native client.

(FalkorDB's Bolt port is experimental and fails on parameter payloads of a few KB; the native protocol does
not.) FalkorDB runs each query atomically and undoes it when it fails, so a batch is written as one query:
the statements of ``write_statements`` chained with ``WITH count(*)`` so that an empty step never stops the
chain.

>>> FalkorDBStore.parse_uri("falkordb://localhost:6380/papers")
('localhost', 6380, 'papers', None, None)
"""
from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import unquote, urlsplit

from ..errors import ConfigError, QueryError, StoreError
from .cypher import CypherStore, Statement, schema_statements

DEFAULT_GRAPH = "scholarkg"


class FalkorDBStore(CypherStore):
    dialect = "falkordb"

    def __init__(self, uri: str):
        import redis
        from falkordb import FalkorDB

        self.uri = uri
        host, port, graph, user, password = self.parse_uri(uri)
        self._where = f"falkordb://{host}:{port}/{graph}"  # for messages: never the password
        try:
            self._db = FalkorDB(host=host, port=port, username=user, password=password, socket_timeout=600)
            self._db.connection.ping()
        except redis.AuthenticationError as exc:
            raise StoreError(f"cannot log in to {self._where}: authentication failed") from exc
        except (redis.ConnectionError, OSError) as exc:
            raise StoreError(f"cannot reach FalkorDB at {self._where}: {exc.__class__.__name__}") from exc
        self._graph = self._db.select_graph(graph)

    @staticmethod
    def parse_uri(uri: str) -> tuple[str, int, str, str | None, str | None]:
        parts = urlsplit(uri)
        if parts.scheme != "falkordb" or not parts.hostname:
            raise ConfigError(f"expected falkordb://HOST:PORT/GRAPH, not {uri!r}")
        graph = parts.path.strip("/") or DEFAULT_GRAPH
        user = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password else None
        return parts.hostname, parts.port or 6379, graph, user, password

    def _call(self, cypher: str, params: Mapping[str, Any] | None, *, read_only: bool):
        import redis

        try:
            if read_only:
                return self._graph.ro_query(cypher, dict(params or {}))
            return self._graph.query(cypher, dict(params or {}))
        except redis.ResponseError as exc:
            if read_only and "empty key" in str(exc):  # the graph does not exist until something is written
                return None
            raise QueryError(f"FalkorDB ({self._where}) refused a query: {exc}") from exc
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            raise StoreError(f"lost FalkorDB at {self._where}: {exc.__class__.__name__}") from exc

    def _read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        result = self._call(cypher, params, read_only=True)
        if result is None:
            return []
        header = [h[1] if isinstance(h, (list, tuple)) else h for h in result.header]
        header = [h.decode() if isinstance(h, bytes) else h for h in header]
        return [dict(zip(header, row)) for row in result.result_set]

    def _write(self, statements: list[Statement]) -> None:
        if not statements:
            return
        parts: list[str] = []
        params: dict[str, Any] = {}
        for i, (cypher, stmt_params) in enumerate(statements):
            for k, v in stmt_params.items():
                params[f"{k}{i}"] = v
            renamed = cypher
            for k in sorted(stmt_params, key=len, reverse=True):
                renamed = renamed.replace(f"${k}", f"${k}{i}")
            parts.append(renamed + f"\nWITH count(*) AS step{i}")
        self._call("\n".join(parts) + "\nRETURN 1", params, read_only=False)

    def ensure_schema(self) -> None:
        for statement in schema_statements("falkordb", "indexes.cypher"):
            try:
                self._call(statement, None, read_only=False)
            except QueryError as exc:
                if "already indexed" not in str(exc):
                    raise

    def clear(self) -> None:
        """Delete the whole graph (used by tests and ``--force`` rebuilds)."""
        try:
            self._graph.delete()
        except Exception:  # an empty graph does not exist yet
            pass

    def close(self) -> None:
        try:
            self._db.connection.close()
        except Exception:
            pass
