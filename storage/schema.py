"""The bank's tables as a typed SQLAlchemy 2.x ORM.

Rows are named `...Row` so that "model" keeps meaning the language model.
The schema itself is created and changed only by the Alembic migrations in
`storage/migrations`; this module must describe the same tables.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


question_tags = Table(
    "question_tags",
    Base.metadata,
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class DeckRow(Base):
    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    source_path: Mapped[str] = mapped_column(Text, index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    page_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    slides: Mapped[list[SlideRow]] = relationship(
        back_populates="deck", cascade="all, delete-orphan", order_by="SlideRow.page"
    )


class SlideRow(Base):
    __tablename__ = "slides"
    __table_args__ = (UniqueConstraint("deck_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    page: Mapped[int] = mapped_column(Integer)  # 1-based
    raw_text: Mapped[str] = mapped_column(Text, default="")
    clean_text: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated reasons a slide carries nothing to ask about
    # ("title", "agenda", "closing", "empty", "overlay": storage.page_flags); empty when
    # it is content.
    flags: Mapped[str] = mapped_column(String(200), default="")

    deck: Mapped[DeckRow] = relationship(back_populates="slides")


class CategoryRow(Base):
    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))

    parent: Mapped[CategoryRow | None] = relationship(remote_side=[id])


class TagRow(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class QuestionRow(Base):
    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_type_status", "qtype", "status"),
        Index("ix_questions_category", "category_id"),
        {"sqlite_autoincrement": True},  # an id is never given to a second question
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    qtype: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500), default="")
    stem: Mapped[str] = mapped_column(Text)
    general_feedback: Mapped[str] = mapped_column(Text, default="")
    grader_info: Mapped[str] = mapped_column(Text, default="")
    difficulty: Mapped[str | None] = mapped_column(String(10))
    bloom: Mapped[str | None] = mapped_column(String(12))
    points: Mapped[float] = mapped_column(Float, default=1.0)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    unit: Mapped[str] = mapped_column(String(50), default="")
    text_format: Mapped[str] = mapped_column(String(10), default="plain")
    penalty: Mapped[float] = mapped_column(Float, default=0.3333333)
    shuffle_answers: Mapped[bool] = mapped_column(Boolean, default=True)
    answer_numbering: Mapped[str] = mapped_column(String(10), default="abc")
    response_template: Mapped[str] = mapped_column(Text, default="")
    correct_feedback: Mapped[str] = mapped_column(Text, default="", server_default="")
    partial_feedback: Mapped[str] = mapped_column(Text, default="", server_default="")
    incorrect_feedback: Mapped[str] = mapped_column(Text, default="", server_default="")
    show_num_correct: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    hints: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # JSON
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL")
    )
    origin_method: Mapped[str] = mapped_column(String(30), default="manual")
    origin_engine: Mapped[str] = mapped_column(String(100), default="")
    origin_model: Mapped[str] = mapped_column(String(300), default="")
    origin_settings: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Raised by one with every save, by the service (not per flush); the ORM's UPDATE
    # names the version it read, so a save made from an older version is refused
    # (storage.question_history).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    updated_by: Mapped[str] = mapped_column(String(100), default="", server_default="")

    __mapper_args__ = {  # noqa: RUF012 (SQLAlchemy's declarative attribute)
        "version_id_col": version,
        "version_id_generator": False,
    }

    choices: Mapped[list[ChoiceRow]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="ChoiceRow.position"
    )
    tags: Mapped[list[TagRow]] = relationship(secondary=question_tags)
    category: Mapped[CategoryRow | None] = relationship()
    sources: Mapped[list[QuestionSlideRow]] = relationship(
        back_populates="question", cascade="all, delete-orphan"
    )
    images: Mapped[list[QuestionImageRow]] = relationship(
        cascade="all, delete-orphan", order_by="QuestionImageRow.position"
    )


class QuestionVersionRow(Base):
    """An earlier version of a question: its content as JSON (storage.question_history)."""

    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(DateTime)
    saved_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    snapshot: Mapped[str] = mapped_column(Text)


class ChoiceRow(Base):
    __tablename__ = "choices"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    fraction: Mapped[float] = mapped_column(Float, default=0.0)
    feedback: Mapped[str] = mapped_column(Text, default="")
    tolerance: Mapped[float | None] = mapped_column(Float)
    # matching, gapselect, ddwtos (storage/question_types.py)
    match: Mapped[str] = mapped_column(Text, default="")
    choice_group: Mapped[int] = mapped_column(Integer, default=1)
    unlimited: Mapped[bool] = mapped_column(Boolean, default=False)

    question: Mapped[QuestionRow] = relationship(back_populates="choices")


class QuestionImageRow(Base):
    __tablename__ = "question_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class QuestionSlideRow(Base):
    """A slide a question was drafted from, with the sentence that supports it."""

    __tablename__ = "question_slides"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    slide_id: Mapped[int] = mapped_column(
        ForeignKey("slides.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    supporting_text: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[QuestionRow] = relationship(back_populates="sources")
    slide: Mapped[SlideRow] = relationship()


class ExamRow(Base):
    __tablename__ = "exams"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    course: Mapped[str] = mapped_column(String(500), default="")
    exam_date: Mapped[str] = mapped_column(String(50), default="")
    duration: Mapped[str] = mapped_column(String(50), default="")
    instructions: Mapped[str] = mapped_column(Text, default="")
    seed: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    items: Mapped[list[ExamItemRow]] = relationship(
        back_populates="exam", cascade="all, delete-orphan", order_by="ExamItemRow.position"
    )
    sections: Mapped[list[ExamSectionRow]] = relationship(
        cascade="all, delete-orphan", order_by="ExamSectionRow.position"
    )


class ExamSectionRow(Base):
    """A section's instructions, printed under its heading. Items name their section
    by title (`ExamItemRow.section`); a section without instructions needs no row."""

    __tablename__ = "exam_sections"
    __table_args__ = (UniqueConstraint("exam_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    instructions: Mapped[str] = mapped_column(Text, default="")


class ExamItemRow(Base):
    __tablename__ = "exam_items"
    __table_args__ = (UniqueConstraint("exam_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(300), default="")
    # RESTRICT: a question an exam uses is deleted only after the service
    # has shown what it breaks and the caller has agreed to remove it.
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="RESTRICT"), index=True
    )
    points: Mapped[float | None] = mapped_column(Float)

    exam: Mapped[ExamRow] = relationship(back_populates="items")


class QuestionEmbeddingRow(Base):
    """A question's stem or answer as a sentence-embedding vector (float16 bytes).

    `text_hash` is of the exact text embedded: a vector whose text no longer
    matches the question (after an edit) is stale and is made again.
    """

    __tablename__ = "question_embeddings"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # "stem" | "answer"
    model: Mapped[str] = mapped_column(String(100))
    text_hash: Mapped[str] = mapped_column(String(32))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    # increases with every write: an in-memory index reads only what is newer
    seq: Mapped[int] = mapped_column(Integer, index=True)


class SlideEmbeddingRow(Base):
    """A slide's cleaned text as a sentence-embedding vector (float16 bytes)."""

    __tablename__ = "slide_embeddings"

    slide_id: Mapped[int] = mapped_column(
        ForeignKey("slides.id", ondelete="CASCADE"), primary_key=True
    )
    model: Mapped[str] = mapped_column(String(100))
    text_hash: Mapped[str] = mapped_column(String(32))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class DeckFileRow(Base):
    """A deck's file, once per content: what renders its pages on any computer."""

    __tablename__ = "deck_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    suffix: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CourseRow(Base):
    """A course: the decks an instructor teaches together, searched and drafted as one."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    decks: Mapped[list[CourseDeckRow]] = relationship(
        cascade="all, delete-orphan", order_by="CourseDeckRow.position"
    )


class CourseDeckRow(Base):
    """A deck in a course, in the order it was added (a deck may be in several courses)."""

    __tablename__ = "course_decks"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    deck_id: Mapped[int] = mapped_column(
        ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
