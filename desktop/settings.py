"""The app's settings, kept by QSettings, read and written through typed methods.

Every value read back is checked: a hand-edited or stale settings file gives
the default (never a crash or a nonsense value), and `validate_*` say plainly
what is wrong with a value the user typed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QSettings

from storage.database import is_server_url
from storage.domain import Bloom, Difficulty, QuestionType
from storage.exports.versions import PAPERS
from storage.paths import data_dir
from storage.server_bank import display

MIN_CONTEXT, MAX_CONTEXT = 512, 32768
DEFAULT_SERVER_URL = "http://localhost:11434/v1"  # Ollama's; LM Studio uses :1234/v1
DEFAULT_COUNTS = {QuestionType.MCQ: 3, QuestionType.TRUE_FALSE: 2}


def validate_server_url(url: str) -> str:
    """'' when fine, else what is wrong."""
    if not url:
        return ""
    if not url.startswith(("http://", "https://")):
        return "The server address starts with http:// or https://, e.g. http://localhost:11434/v1."
    return ""


def validate_context(size: int) -> str:
    if not MIN_CONTEXT <= size <= MAX_CONTEXT:
        return f"The context size must be between {MIN_CONTEXT} and {MAX_CONTEXT} tokens."
    return ""


def validate_threads(n: int) -> str:
    cores = os.cpu_count() or 1
    if not 1 <= n <= cores:
        return f"Use between 1 and {cores} threads (this computer has {cores} cores)."
    return ""


class AppSettings:
    """Kept in settings.ini in Quizwright's data folder (QUIZWRIGHT_HOME moves it),
    beside the bank and the models, so one folder holds everything of a user's."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        try:
            value = int(str(self.q.value(key, default)))
        except ValueError:
            return default
        return value if low <= value <= high else default

    def _float(self, key: str, default: float, low: float, high: float) -> float:
        try:
            value = float(str(self.q.value(key, default)))
        except ValueError:
            return default
        return value if low <= value <= high else default

    def _str(self, key: str, default: str = "") -> str:
        value = self.q.value(key, default)
        return value if isinstance(value, str) else default

    # ----- first run -------------------------------------------------------------------

    def welcomed(self) -> bool:
        return self._str("app/welcomed") == "yes"

    def set_welcomed(self) -> None:
        self.q.setValue("app/welcomed", "yes")

    # ----- model -----------------------------------------------------------------------

    def model_path(self) -> str:
        """A GGUF file, '' for the bundled model, or 'server:' for the server."""
        return self._str("model/path")

    def set_model_path(self, path: str) -> None:
        self.q.setValue("model/path", path)

    def server_url(self) -> str:
        url = self._str("model/server_url", DEFAULT_SERVER_URL)
        return url if not validate_server_url(url) else DEFAULT_SERVER_URL

    def server_model(self) -> str:
        return self._str("model/server_model")

    def set_server(self, url: str, model: str) -> None:
        self.q.setValue("model/server_url", url)
        self.q.setValue("model/server_model", model)

    def threads(self) -> int:
        cores = os.cpu_count() or 1
        return self._int("model/threads", cores, 1, cores)

    def server_deadline(self) -> float:
        """Seconds one request to a model server may take in all (model/server_deadline)."""
        return self._float("model/server_deadline", 300.0, 10.0, 3600.0)

    def context_size(self) -> int:
        return self._int("model/context", 4096, MIN_CONTEXT, MAX_CONTEXT)

    def set_engine(self, threads: int, context: int) -> None:
        self.q.setValue("model/threads", threads)
        self.q.setValue("model/context", context)

    def prepare_models(self) -> bool:
        """Make the embedding model in the data folder on first use (the default)."""
        return self._str("model/prepare", "yes") != "no"

    def set_prepare_models(self, on: bool) -> None:
        self.q.setValue("model/prepare", "yes" if on else "no")

    # ----- drafting defaults -----------------------------------------------------------

    def difficulty(self) -> Difficulty:
        value = self._str("draft/difficulty", Difficulty.MEDIUM.value)
        return Difficulty(value) if value in {d.value for d in Difficulty} else Difficulty.MEDIUM

    def counts(self) -> dict[QuestionType, int]:
        return {
            t: self._int(f"draft/count_{t.value}", DEFAULT_COUNTS.get(t, 0), 0, 50)
            for t in QuestionType
        }

    def set_drafting(self, difficulty: Difficulty, counts: dict[QuestionType, int]) -> None:
        self.q.setValue("draft/difficulty", difficulty.value)
        for t, n in counts.items():
            self.q.setValue(f"draft/count_{t.value}", n)

    def bloom_and_focus(self) -> tuple[str, str]:
        """The Bloom level ("" for any) and focus terms asked for last time."""
        bloom = self._str("draft/bloom", "")
        valid = {b.value for b in Bloom}
        return (bloom if bloom in valid else ""), self._str("draft/focus", "")[:500]

    def set_bloom_and_focus(self, bloom: str, focus: str) -> None:
        self.q.setValue("draft/bloom", bloom)
        self.q.setValue("draft/focus", focus)

    # ----- bank ------------------------------------------------------------------------

    def last_bank(self) -> Path | str | None:
        """The bank file used last, or a shared bank's URL (never with a password)."""
        value = self._str("bank/last")
        if value and is_server_url(value):
            return display(value)
        return Path(value) if value and Path(value).is_file() else None

    def set_last_bank(self, path: Path | str) -> None:
        # a server bank's address is kept without any password (see storage.server_bank)
        self.q.setValue("bank/last", display(path) if is_server_url(path) else str(path))

    # ----- window layout ---------------------------------------------------------------

    def layout(self, key: str) -> object:
        """A stored layout value (window geometry, splitter sizes, browser columns)."""
        raw = self._str(f"layout/{key}")
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

    def set_layout(self, key: str, value: object) -> None:
        self.q.setValue(f"layout/{key}", json.dumps(value))

    # ----- PDF exams -------------------------------------------------------------------

    def institution(self) -> str:
        return self._str("pdf/institution")

    def paper(self) -> str:
        value = self._str("pdf/paper", "A4")
        return value if value in PAPERS else "A4"

    def font_size(self) -> float:
        return self._float("pdf/font_size", 10.5, 7, 16)

    def set_pdf(self, institution: str, paper: str, font_size: float) -> None:
        self.q.setValue("pdf/institution", institution)
        self.q.setValue("pdf/paper", paper if paper in PAPERS else "A4")
        self.q.setValue("pdf/font_size", font_size)

    def export_folder(self) -> Path:
        value = self._str("pdf/folder")
        if value and Path(value).is_dir():
            return Path(value)
        docs = Path.home() / "Documents"
        return docs if docs.is_dir() else Path.home()

    def set_export_folder(self, folder: Path) -> None:
        self.q.setValue("pdf/folder", str(folder))

    # ----- who saves ------------------------------------------------------------------

    def author_name(self) -> str:
        """The name questions are saved under (created_by / updated_by); "" for the
        login name (storage.question_history.default_author)."""
        return self._str("bank/author").strip()[:100]

    def set_author_name(self, name: str) -> None:
        self.q.setValue("bank/author", name.strip()[:100])
