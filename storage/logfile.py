"""The app's log file (the window and the command line share it): a rotating file in
the data folder. Qt-free, so the CLI can keep there what it does not print
(e.g. gpt4all's native messages)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from storage.paths import data_dir

LOG_BYTES = 1_000_000
LOG_FILES = 5


def log_path() -> Path:
    return data_dir() / "logs" / "quizwright.log"


class ScrubbingFormatter(logging.Formatter):
    """Log lines (tracebacks included) with any password in a database URL masked."""

    def format(self, record: logging.LogRecord) -> str:
        from storage.server_bank import scrub

        return scrub(super().format(record))


def setup_file_log(name: str = "quizwright") -> Path:
    """Log `name` (and its children) to the rotating file (5 × 1 MB); returns its path."""
    log = logging.getLogger(name)
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in log.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_FILES, encoding="utf-8"
        )
        handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path
