"""Text format, Moodle settings (penalty, shuffling, numbering, essay template), images.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite adds these in place, no table copy.
    for column in (
        sa.Column("text_format", sa.String(10), nullable=False, server_default="plain"),
        sa.Column("penalty", sa.Float, nullable=False, server_default="0.3333333"),
        sa.Column("shuffle_answers", sa.Boolean, nullable=False, server_default="1"),
        sa.Column("answer_numbering", sa.String(10), nullable=False, server_default="abc"),
        sa.Column("response_template", sa.Text, nullable=False, server_default=""),
    ):
        op.add_column("questions", column)
    op.create_table(
        "question_images",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_question_images_question_id", "question_images", ["question_id"])


def downgrade() -> None:
    op.drop_table("question_images")
    with op.batch_alter_table("questions") as batch:
        for column in (
            "response_template",
            "answer_numbering",
            "shuffle_answers",
            "penalty",
            "text_format",
        ):
            batch.drop_column(column)
