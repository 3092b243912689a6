"""Question ids are never reused: the questions table gets AUTOINCREMENT.

Without it SQLite hands the id of the most recently added question out again once
that question is deleted (a discarded draft), so one number could name two
different questions in an afternoon. The table is rebuilt (ids, rows and indexes
kept); SQLite then remembers the highest id ever given in sqlite_sequence.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # a PostgreSQL sequence never hands an id out twice
    with op.batch_alter_table(
        "questions", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "questions", recreate="always", table_kwargs={"sqlite_autoincrement": False}
    ):
        pass
