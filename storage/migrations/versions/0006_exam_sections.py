"""Exam sections' instructions (the heading is the items' section title).

Existing exams keep their items and section titles; they get no instructions.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam_sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "exam_id",
            sa.Integer,
            sa.ForeignKey("exams.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("instructions", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("exam_id", "position"),
    )
    op.create_index("ix_exam_sections_exam_id", "exam_sections", ["exam_id"])


def downgrade() -> None:
    op.drop_table("exam_sections")
