"""Where Quizwright keeps its files on the user's machine."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Quizwright"


def data_dir() -> Path:
    """The user's Quizwright data folder; QUIZWRIGHT_HOME overrides it (tests, portable use)."""
    override = os.environ.get("QUIZWRIGHT_HOME")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def default_bank_path() -> Path:
    return data_dir() / "bank.sqlite"


def models_dir() -> Path:
    return data_dir() / "models"
