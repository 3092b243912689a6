"""Full-text search over slides (FTS5) and its vocabulary, filled from existing slides.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # as question_fts (0002); the vocabulary is ts_stat over the slides' words
        op.execute(
            """
            CREATE TABLE slide_fts (
              rowid integer PRIMARY KEY,
              clean_text text NOT NULL,
              tsv tsvector GENERATED ALWAYS AS
                (to_tsvector('qw_search'::regconfig, clean_text)) STORED
            )
            """
        )
        op.execute("CREATE INDEX ix_slide_fts_tsv ON slide_fts USING gin (tsv)")
        op.execute(
            "CREATE VIEW slide_vocab AS SELECT word AS term, ndoc AS doc, nentry AS cnt "
            "FROM ts_stat('SELECT tsv FROM slide_fts')"
        )
        op.execute("INSERT INTO slide_fts (rowid, clean_text) SELECT id, clean_text FROM slides")
        op.create_index("ix_decks_source_path", "decks", ["source_path"])
        return
    # rowid = slides.id; the bank service writes both in one transaction.
    op.execute(
        "CREATE VIRTUAL TABLE slide_fts USING fts5("
        "clean_text, tokenize = 'unicode61 remove_diacritics 2')"
    )
    # Its terms and how many slides hold each: what typo-tolerant search matches against.
    op.execute("CREATE VIRTUAL TABLE slide_vocab USING fts5vocab(slide_fts, 'row')")
    op.execute("INSERT INTO slide_fts (rowid, clean_text) SELECT id, clean_text FROM slides")
    op.create_index("ix_decks_source_path", "decks", ["source_path"])


def downgrade() -> None:
    op.drop_index("ix_decks_source_path", "decks")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP VIEW slide_vocab")
    else:
        op.execute("DROP TABLE slide_vocab")
    op.execute("DROP TABLE slide_fts")
