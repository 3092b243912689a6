"""Matching, cloze, ordering, select missing words, drag into text: three choice fields.

A matching pair's answer (`match`), a gap choice's group (`choice_group`) and whether a
drag-into-text choice may fill several gaps (`unlimited`); see storage/question_types.py.
The new types' names fit the existing `qtype` column.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite adds these in place, no table copy.
    for column in (
        sa.Column("match", sa.Text, nullable=False, server_default=""),
        sa.Column("choice_group", sa.Integer, nullable=False, server_default="1"),
        sa.Column("unlimited", sa.Boolean, nullable=False, server_default="0"),
    ):
        op.add_column("choices", column)


def downgrade() -> None:
    with op.batch_alter_table("choices") as batch:
        for column in ("unlimited", "choice_group", "match"):
            batch.drop_column(column)
