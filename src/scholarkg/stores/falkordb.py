"""``falkordb://[USER:PASSWORD@]HOST:PORT/GRAPH`` — a FalkorDB graph, written through its native client.

(FalkorDB's Bolt port is experimental and fails on parameter payloads of a few KB; the native protocol does
not.) FalkorDB runs each query atomically and undoes it when it fails, so a batch is written as one query:
the statements of ``write_statements`` chained with ``WITH count(*)`` so that an empty step never stops the
chain.

>>> FalkorDBStore.parse_uri("falkordb://localhost:6380/papers")
('localhost', 6380, 'papers', None, None)
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Mapping
from urllib.parse import unquote, urlsplit

from ..errors import ConfigError, QueryError, StoreAuthError, StoreBusy, StoreFull, StoreUnavailable, StoreWriteError
from .cypher import CypherStore, Statement, schema_statements

DEFAULT_GRAPH = "scholarkg"
LOCK_SECONDS = 6.0  # life of the write lock between renewals
LOCK_WAIT = 600.0  # how long a writer waits for another one's batch


def _retry():
    """Reconnect and resend up to 3 times (after 0.5 s, 1 s, 2 s) when the connection drops: a server restart
    or a network blip is absorbed, and resending is safe because every write is an idempotent MERGE."""
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    return Retry(ExponentialBackoff(cap=2.0, base=0.25), 3)


def _reason(exc: BaseException) -> str:
    """Why a connection failed, in a few words (redis messages may name the host, never the password)."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


class FalkorDBStore(CypherStore):
    dialect = "falkordb"

    def __init__(self, uri: str):
        import redis
        from falkordb import FalkorDB

        self.uri = uri
        host, port, graph, user, password = self.parse_uri(uri)
        self._where = f"falkordb://{host}:{port}/{graph}"  # for messages: never the password
        try:
            self._db = FalkorDB(host=host, port=port, username=user, password=password, socket_timeout=600,
                                socket_connect_timeout=10, retry=_retry())
            self._db.connection.ping()
        except redis.AuthenticationError:
            raise StoreAuthError(f"cannot log in to {self._where}: authentication failed") from None
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            raise StoreUnavailable(f"cannot reach FalkorDB at {self._where}: {_reason(exc)}") from None
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
        except redis.AuthenticationError:
            raise StoreAuthError(f"FalkorDB at {self._where} refused the credentials") from None
        except redis.ResponseError as exc:
            text = str(exc)
            if read_only and "empty key" in text:  # the graph does not exist until something is written
                return None
            if text.startswith(("NOAUTH", "WRONGPASS")):
                raise StoreAuthError(f"FalkorDB at {self._where} refused the credentials") from None
            if text.startswith(("OOM", "MISCONF")):  # maxmemory reached, or its disk is full
                raise StoreFull(f"FalkorDB at {self._where} cannot take more data: {text.splitlines()[0]}") from None
            if not read_only:
                raise StoreWriteError(f"FalkorDB ({self._where}) refused a write: {exc}") from exc
            raise QueryError(f"FalkorDB ({self._where}) refused a query: {exc}") from exc
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            raise self._lost(exc) from None

    def _lost(self, exc: BaseException) -> StoreUnavailable:
        return StoreUnavailable(f"lost FalkorDB at {self._where} ({_reason(exc)}); run the same command again once it "
                                "is back (writes are idempotent: nothing is duplicated)")

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
        with self._write_lock():
            self._call("\n".join(parts) + "\nRETURN 1", params, read_only=False)

    def exclusive(self):
        """The write lock (``_write_lock``) held across the corpus-wide passes; their own writes take it again."""
        return self._write_lock()

    _lock_depth = 0  # how many ``_write_lock`` blocks this store is inside (the lock is taken by the outermost)

    @contextmanager
    def _write_lock(self):
        """Hold the graph's write lock (a Redis key every scholarkg process honours) for one batch.

        FalkorDB runs one query atomically, but two writing queries at once can both find a node or edge missing
        and both create it: concurrent builds gave duplicate edges. With the lock, writes to one graph take turns.
        It lives ``LOCK_SECONDS`` and is renewed while the batch runs, so a writer killed with the lock held stalls
        the others for a few seconds at most.
        """
        import redis
        from redis.exceptions import LockError

        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        lock = self._db.connection.lock(f"scholarkg:write-lock:{self._graph.name}", timeout=LOCK_SECONDS,
                                        sleep=0.02, blocking_timeout=LOCK_WAIT, thread_local=False)
        try:
            acquired = lock.acquire()
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            raise self._lost(exc) from None
        if not acquired:
            raise StoreBusy(f"another scholarkg process has been writing to {self._where} for {LOCK_WAIT:g} s; "
                            "try again later")
        done = threading.Event()

        def renew() -> None:
            while not done.wait(LOCK_SECONDS / 3):
                try:
                    lock.reacquire()
                except (LockError, redis.RedisError, OSError):
                    return

        keeper = threading.Thread(target=renew, name="scholarkg-falkordb-lock", daemon=True)
        keeper.start()
        self._lock_depth = 1
        try:
            yield
        finally:
            self._lock_depth = 0
            done.set()
            keeper.join()
            try:
                lock.release()
            except (LockError, redis.RedisError, OSError):
                pass  # expired, or the server is gone: nothing left to free

    def ensure_schema(self) -> None:
        for statement in schema_statements("falkordb", "indexes.cypher"):
            try:
                self._call(statement, None, read_only=False)
            except StoreWriteError as exc:
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
