"""Waiting for another writer to the same bank file.

SQLite lets one process write at a time. A writer that finds the bank busy
waits (SQLite's busy handler retries the lock until `busy_limit()` seconds
have passed) instead of failing at once; after `NOTICE_AFTER` seconds of
waiting, whoever registered with `on_long_wait` (the CLI: a line on stderr)
is told, so a long import elsewhere does not look like a hang. Past the
limit the write fails as a StorageError of kind "busy", in words.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event

__all__ = ["NOTICE_AFTER", "WAIT_NOTICE", "busy_limit", "on_long_wait", "set_busy_limit", "watch"]

LIMIT_ENV = "QUIZWRIGHT_BUSY_SECONDS"  # for scripts (and tests) that want another limit
DEFAULT_LIMIT = 120.0  # a deck import of a few hundred pages holds the lock far less
NOTICE_AFTER = 2.0
WAIT_NOTICE = "waiting for another Quizwright writing to this bank"

_READ = re.compile(r"^\s*(SELECT|WITH)\b", re.I)
_notice: Callable[[str], None] | None = None
_started: dict[int, float] = {}  # id(cursor) -> when its write statement began
_told: set[int] = set()
_lock = threading.Lock()
_watcher: threading.Thread | None = None


_limit: float | None = None  # set_busy_limit's, over the environment's


def set_busy_limit(seconds: float | None) -> None:
    """Wait this long for another writer in banks opened from now on (None: the default).
    The desktop app may want less than a command line script."""
    global _limit
    _limit = seconds


def busy_limit() -> float:
    """Seconds a writer waits for another before giving up (default 120)."""
    try:
        value = float(_limit if _limit is not None else os.environ.get(LIMIT_ENV, DEFAULT_LIMIT))
    except ValueError:
        return DEFAULT_LIMIT
    return min(max(value, 0.1), 3600.0) if value == value else DEFAULT_LIMIT


def on_long_wait(callback: Callable[[str], None] | None) -> None:
    """Call `callback(message)` once per write that waits longer than NOTICE_AFTER."""
    global _notice, _watcher
    _notice = callback
    with _lock:
        if callback is not None and _watcher is None:
            _watcher = threading.Thread(target=_watch_loop, name="bank-busy", daemon=True)
            _watcher.start()


def _watch_loop() -> None:
    while True:
        time.sleep(0.25)
        now = time.monotonic()
        with _lock:
            due = [k for k, t in _started.items() if now - t >= NOTICE_AFTER and k not in _told]
            _told.update(due)
        notice = _notice
        if due and notice is not None:
            notice(f"{WAIT_NOTICE} (up to {busy_limit():g} s)…")


def _begin(_conn: Any, cursor: Any, statement: str, *_: Any) -> None:
    if _notice is not None and not _READ.match(statement):
        with _lock:
            _started[id(cursor)] = time.monotonic()


def _end(_conn: Any, cursor: Any, *_: Any) -> None:
    if _started:
        with _lock:
            _started.pop(id(cursor), None)
            _told.discard(id(cursor))


def _failed(ctx: Any) -> None:
    cursor = getattr(ctx, "cursor", None)  # absent when the failure came before a cursor
    if cursor is None and ctx.execution_context is not None:
        cursor = getattr(ctx.execution_context, "cursor", None)
    if cursor is not None:
        _end(None, cursor)


def watch(engine: Engine) -> None:
    """Time `engine`'s write statements, for the long-wait notice."""
    event.listen(engine, "before_cursor_execute", _begin)
    event.listen(engine, "after_cursor_execute", _end)
    event.listen(engine, "handle_error", _failed)
