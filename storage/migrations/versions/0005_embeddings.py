"""Sentence-embedding vectors of questions (stem, answer) and slides.

Existing banks get empty tables: every question and slide is then pending,
and `storage.semantic.embed_pending` (the app in the background, or
`quizwright bank embed`) fills them; until then duplicate detection and the
slide finder use their lexical signals alone and say so.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_embeddings",
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("text_hash", sa.String(32), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
    )
    op.create_index("ix_question_embeddings_seq", "question_embeddings", ["seq"])
    op.create_table(
        "slide_embeddings",
        sa.Column(
            "slide_id",
            sa.Integer,
            sa.ForeignKey("slides.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("text_hash", sa.String(32), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("slide_embeddings")
    op.drop_table("question_embeddings")
