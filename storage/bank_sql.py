"""Low-level SQL the bank's parts share: ids in chunks, and the driver's own connection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy.orm import Session

from storage.search_sql import is_postgres

# Ids per IN (...) list: well under SQLite's bound-variable limit.
_CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _driver(s: Session) -> Any:
    """The session's sqlite3 (or psycopg) connection, for hot read paths; "?" marks work
    on both."""
    con = s.connection().connection.driver_connection
    assert con is not None
    return _QmarkConnection(con) if is_postgres(s) else con


class _QmarkConnection:
    """A psycopg connection taking sqlite3's "?" parameter marks."""

    def __init__(self, con: Any) -> None:
        self._con = con

    def execute(self, sql: str, params: Any = ()) -> Any:
        if isinstance(params, dict):
            return self._con.execute(sql, params)
        return self._con.execute(sql.replace("%", "%%").replace("?", "%s"), params)
