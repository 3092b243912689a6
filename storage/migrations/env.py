"""Alembic environment: runs on the connection `storage.database` hands over."""

from __future__ import annotations

from alembic import context

from storage.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the app's own code runs migrations
    raise RuntimeError("Quizwright migrations run through storage.database.open_bank()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER by copying tables
)
with context.begin_transaction():
    context.run_migrations()
