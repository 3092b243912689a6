"""The full-text search statements for each kind of bank.

SQLite banks use FTS5 virtual tables; PostgreSQL banks use plain tables of the same
names and columns with a generated tsvector (GIN-indexed, configuration qw_search:
unaccented, unstemmed, see migrations 0002 and 0004). The writes (INSERT/DELETE by
rowid) are the same on both; only matching, ranking and aggregation differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, literal_column, select, table, text
from sqlalchemy.orm import Session

# Matches ranked per PostgreSQL search (see search_questions).
PG_RANKED = 2000


def is_postgres(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def question_match(s: Session, words: Sequence[str]) -> ColumnElement[bool] | None:
    """`questions.id IN (…)` for questions holding every word, each as a prefix."""
    from storage.schema import QuestionRow

    if not words:
        return None
    if is_postgres(s):
        match = text("tsv @@ to_tsquery('qw_search', :fts)").bindparams(fts=pg_prefix(words))
    else:
        fts = " AND ".join(f'"{w}"*' for w in words)
        match = text("question_fts MATCH :fts").bindparams(fts=fts)
    fts_rows = table("question_fts")
    sub: Select[Any] = select(literal_column("rowid")).select_from(fts_rows).where(match)
    return QuestionRow.id.in_(sub)


def pg_prefix(words: Sequence[str]) -> str:
    """A to_tsquery text: every word (letters and digits only) as a prefix."""
    return " & ".join(f"'{w}':*" for w in words)


def search_questions(s: Session, words: Sequence[str], limit: int) -> list[Any]:
    """(question id, score (higher is better), snippet with [marks]) best first."""
    if is_postgres(s):
        rows = s.execute(
            text(
                # Ranking reads every match's tsvector from the table: a query that
                # matches tens of thousands (a 3-letter prefix) ranks the first
                # PG_RANKED matches only, so typing stays fast; the next letter narrows it.
                "WITH q AS (SELECT to_tsquery('qw_search', :q) AS q), "
                "m AS (SELECT f.rowid, f.tsv, f.stem FROM question_fts f, q "
                "WHERE f.tsv @@ q.q LIMIT :cap) "
                "SELECT m.rowid, ts_rank('{0.1, 0.4, 0.6, 1.0}', m.tsv, q.q) AS rank, "
                "ts_headline('qw_search', m.stem, q.q, 'StartSel=[, StopSel=], MaxWords=12, "
                "MinWords=4, HighlightAll=false') "
                "FROM m, q ORDER BY rank DESC, m.rowid LIMIT :n"
            ),
            {"q": pg_prefix(words), "n": limit, "cap": PG_RANKED},
        ).all()
        return [(int(r[0]), round(float(r[1]), 3), str(r[2])) for r in rows]
    rows = s.execute(
        text(
            "SELECT rowid, bm25(question_fts, 3.0, 1.5, 2.0) AS rank, "
            "snippet(question_fts, 0, '[', ']', '…', 12) "
            "FROM question_fts WHERE question_fts MATCH :q ORDER BY rank LIMIT :n"
        ),
        {"q": " AND ".join(f'"{w}"*' for w in words), "n": limit},
    ).all()
    return [(int(r[0]), round(-float(r[1]), 3), str(r[2])) for r in rows]


def group_concat(s: Session, expr: str) -> str:
    """The dialect's 'join these strings with a space' aggregate over `expr`."""
    return group_concat_sql(s.get_bind().dialect.name, expr)


def group_concat_sql(dialect: str, expr: str) -> str:
    return f"string_agg({expr}, ' ')" if dialect == "postgresql" else f"group_concat({expr}, ' ')"


def search_slides(s: Session, words: Sequence[str], deck_clause: str) -> list[tuple[int, float]]:
    """(slide id, BM25-like rank: lower is better) of unflagged slides with any word."""
    if is_postgres(s):
        query = " | ".join("'" + w.replace("'", "''").replace("\\", "\\\\") + "'" for w in words)
        sql = (
            "SELECT s.id, -ts_rank(f.tsv, CAST(:q AS tsquery)) * 10 AS rank FROM slide_fts f "
            "JOIN slides s ON s.id = f.rowid "
            f"WHERE f.tsv @@ CAST(:q AS tsquery) AND s.flags = ''{deck_clause} "
            "ORDER BY rank, s.id LIMIT 500"
        )
    else:
        query = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = (
            "SELECT s.id, bm25(slide_fts) AS rank FROM slide_fts "
            "JOIN slides s ON s.id = slide_fts.rowid "
            f"WHERE slide_fts MATCH :q AND s.flags = ''{deck_clause} "
            "ORDER BY rank LIMIT 500"
        )
    return [(int(i), float(r)) for i, r in s.execute(text(sql), {"q": query})]
