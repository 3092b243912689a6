"""The question bank: decks, slides, questions, choices, tags, categories, exams.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("source_path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("page_count", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "slides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "deck_id", sa.Integer, sa.ForeignKey("decks.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("clean_text", sa.Text, nullable=False),
        sa.Column("flags", sa.String(200), nullable=False),
        sa.UniqueConstraint("deck_id", "page"),
    )
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("categories.id", ondelete="CASCADE")),
        sa.Column("name", sa.String(300), nullable=False),
        sa.UniqueConstraint("parent_id", "name"),
    )
    op.create_index("ix_categories_parent_id", "categories", ["parent_id"])
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("qtype", sa.String(20), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("stem", sa.Text, nullable=False),
        sa.Column("general_feedback", sa.Text, nullable=False),
        sa.Column("grader_info", sa.Text, nullable=False),
        sa.Column("difficulty", sa.String(10)),
        sa.Column("bloom", sa.String(12)),
        sa.Column("points", sa.Float, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("case_sensitive", sa.Boolean, nullable=False),
        sa.Column("unit", sa.String(50), nullable=False),
        sa.Column("category_id", sa.Integer, sa.ForeignKey("categories.id", ondelete="SET NULL")),
        sa.Column("origin_method", sa.String(30), nullable=False),
        sa.Column("origin_engine", sa.String(100), nullable=False),
        sa.Column("origin_model", sa.String(300), nullable=False),
        sa.Column("origin_settings", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_questions_type_status", "questions", ["qtype", "status"])
    op.create_index("ix_questions_category", "questions", ["category_id"])
    op.create_table(
        "question_tags",
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "tag_id", sa.Integer, sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_index("ix_question_tags_tag_id", "question_tags", ["tag_id"])
    op.create_table(
        "choices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("fraction", sa.Float, nullable=False),
        sa.Column("feedback", sa.Text, nullable=False),
        sa.Column("tolerance", sa.Float),
    )
    op.create_index("ix_choices_question_id", "choices", ["question_id"])
    op.create_table(
        "question_slides",
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "slide_id", sa.Integer, sa.ForeignKey("slides.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("supporting_text", sa.Text, nullable=False),
    )
    op.create_index("ix_question_slides_slide_id", "question_slides", ["slide_id"])
    op.create_table(
        "exams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("course", sa.String(500), nullable=False),
        sa.Column("exam_date", sa.String(50), nullable=False),
        sa.Column("duration", sa.String(50), nullable=False),
        sa.Column("instructions", sa.Text, nullable=False),
        sa.Column("seed", sa.Integer),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "exam_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "exam_id", sa.Integer, sa.ForeignKey("exams.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("section", sa.String(300), nullable=False),
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("questions.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("points", sa.Float),
        sa.UniqueConstraint("exam_id", "position"),
    )
    op.create_index("ix_exam_items_question_id", "exam_items", ["question_id"])


def downgrade() -> None:
    for table in (
        "exam_items",
        "exams",
        "question_slides",
        "choices",
        "question_tags",
        "questions",
        "tags",
        "categories",
        "slides",
        "decks",
    ):
        op.drop_table(table)
