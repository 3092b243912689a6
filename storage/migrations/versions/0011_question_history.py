"""Who changed a question and when, a version number, and its earlier versions.

`questions` gets `version` (raised by every save; a save made from an older
version is refused, so two instructors never overwrite each other unseen),
`created_by` and `updated_by`. `question_versions` keeps each earlier version
as a JSON snapshot (storage.question_history). Existing questions start at
version 1, by nobody named.

Revision ID: 0011
Revises: 0010 (re-chained after 0010 at merge)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("created_by", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("updated_by", sa.String(100), nullable=False, server_default=""))
    op.create_table(
        "question_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("saved_at", sa.DateTime, nullable=False),
        sa.Column("saved_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.UniqueConstraint("question_id", "version"),
    )
    op.create_index("ix_question_versions_question_id", "question_versions", ["question_id"])


def downgrade() -> None:
    op.drop_table("question_versions")
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("updated_by")
        batch.drop_column("created_by")
        batch.drop_column("version")
