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


# PostgreSQL: a plain table with the same columns (rowid = questions.id), its words in a
# generated tsvector column with a GIN index. The text search configuration qw_search is
# 'simple' (no stemming, like FTS5's unicode61) with unaccent first: "Gulsen" finds "Gülşen".
_PG_SETUP = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'qw_search'
                     AND cfgnamespace = current_schema()::regnamespace) THEN
        CREATE TEXT SEARCH CONFIGURATION qw_search (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION qw_search
          ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
          WITH unaccent, simple;
      END IF;
    END $$
    """,
    """
    CREATE TABLE question_fts (
      rowid integer PRIMARY KEY,
      stem text NOT NULL DEFAULT '',
      answers text NOT NULL DEFAULT '',
      tags text NOT NULL DEFAULT '',
      tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('qw_search'::regconfig, stem), 'A')
        || setweight(to_tsvector('qw_search'::regconfig, tags), 'B')
        || setweight(to_tsvector('qw_search'::regconfig, answers), 'C')) STORED
    )
    """,
    "CREATE INDEX ix_question_fts_tsv ON question_fts USING gin (tsv)",
    """
    INSERT INTO question_fts (rowid, stem, answers, tags)
    SELECT q.id, q.title || ' ' || q.stem,
           COALESCE((SELECT string_agg(c.text, ' ' ORDER BY c.position) FROM choices c
                     WHERE c.question_id = q.id), ''),
           COALESCE((SELECT string_agg(t.name, ' ' ORDER BY t.name) FROM question_tags qt
                     JOIN tags t ON t.id = qt.tag_id WHERE qt.question_id = q.id), '')
    FROM questions q
    """,
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _PG_SETUP:
            op.execute(statement)
        return
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
