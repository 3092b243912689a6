"""Full-text search over questions (FTS5), filled from existing questions.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # rowid = questions.id; the bank service keeps it in step in the same
    # transaction as each write. unicode61 with diacritics removed, so
    # "Gulsen" finds "Gülşen".
    op.execute(
        "CREATE VIRTUAL TABLE question_fts USING fts5("
        "stem, answers, tags, tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        """
        INSERT INTO question_fts (rowid, stem, answers, tags)
        SELECT q.id, q.title || ' ' || q.stem,
               COALESCE((SELECT group_concat(c.text, ' ') FROM choices c
                         WHERE c.question_id = q.id), ''),
               COALESCE((SELECT group_concat(t.name, ' ') FROM question_tags qt
                         JOIN tags t ON t.id = qt.tag_id WHERE qt.question_id = q.id), '')
        FROM questions q
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE question_fts")
