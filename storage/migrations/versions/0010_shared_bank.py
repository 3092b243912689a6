"""Deck files stored in the bank, once per content (sha256), so slides render for every
colleague who opens a shared bank, not only beside one person's file.

Server banks fill the table as decks are imported. An SQLite bank keeps its files in
the `<bank>-decks` folder beside it as before (one copy on a laptop's disk, not two);
`quizwright bank copy` reads them into this table when the bank moves to a server.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deck_files",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("suffix", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("stored_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deck_files")
