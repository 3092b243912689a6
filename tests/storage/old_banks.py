"""A bank file as an older Quizwright left it: the schema up to a given migration."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from storage.database import APPLICATION_ID, _alembic_config


def bank_at_revision(path: Path, revision: str) -> Path:
    """Create `path` with the schema of `revision` (e.g. "0004"), marked as a bank."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    engine.dispose()
    return path
