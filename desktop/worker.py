"""One pattern for work off the GUI thread.

`run_in_background(fn, on_done, on_error)` runs `fn()` on Qt's thread pool
and delivers its result (or exception) back on the GUI thread through
signals. `fn` must never touch widgets.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object, str)  # exception, formatted traceback


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI, never lost in a thread
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None],
    pool: QThreadPool | None = None,
) -> _Signals:
    job = _Job(fn)
    job.signals.done.connect(on_done)
    job.signals.failed.connect(on_error)
    (pool or QThreadPool.globalInstance()).start(job)
    return job.signals  # keep a reference while the job may still report
