"""`quizwright bank copy SRC DST`: a whole bank between SQLite and PostgreSQL.

All or nothing: a new SQLite file is written beside its final name and renamed into
place only when complete and checked; a server bank is filled in one transaction.
Every row keeps its id (and questions and exams their uuid), embeddings are copied as
stored, and the deck files go along: into the server's deck_files table, or into the
`<bank>-decks` folder beside a new SQLite file. The full-text index is rebuilt in the
target's own kind (FTS5 or tsvector). The target must be new or empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from storage.database import Bank, BankError, is_server_url, open_bank
from storage.schema import Base, DeckFileRow, DeckRow

_BATCH = 1000
_DERIVED = {"deck_files"}  # copied by content (see _deck_files), not row by row


class CopyError(BankError):
    pass


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    rows: dict[str, int]
    deck_files: int
    seconds: float


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in _DERIVED]


def _rows(conn: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    order: list[Any] = list(table.primary_key.columns)
    result = conn.execution_options(stream_results=True).execute(select(table).order_by(*order))
    while chunk := result.mappings().fetchmany(_BATCH):
        yield [dict(r) for r in chunk]


def _categories_in_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Categories so that every parent comes before its children."""
    by_id = {r["id"]: r for r in rows}
    done: set[int] = set()
    out: list[dict[str, Any]] = []

    def visit(r: dict[str, Any]) -> None:
        if r["id"] in done:
            return
        parent = r.get("parent_id")
        if parent is not None and parent in by_id:
            visit(by_id[parent])
        done.add(r["id"])
        out.append(r)

    for r in rows:
        visit(r)
    return out


def _highest_question_id(conn: Connection) -> int:
    """The highest question id ever given (deleted ones included): never given again."""
    if conn.dialect.name == "postgresql":
        value = conn.execute(
            text("SELECT last_value FROM questions_id_seq WHERE is_called")
        ).scalar()
    else:
        value = conn.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = 'questions'")
        ).scalar()
    return int(value or 0)


def _source_files(bank: Bank, conn: Connection) -> dict[str, tuple[str, bytes]]:
    """Every deck's file: the bank's stored copy, else (SQLite) the copy beside it."""
    files: dict[str, tuple[str, bytes]] = {}
    for sha, suffix, data in conn.execute(
        select(DeckFileRow.sha256, DeckFileRow.suffix, DeckFileRow.data)
    ):
        files[str(sha)] = (str(suffix), bytes(data))
    if not bank.is_server:
        from storage.slide_store import SlideLibrary

        folder = SlideLibrary(bank).files_dir
        for sha, source in conn.execute(select(DeckRow.sha256, DeckRow.source_path)):
            if sha in files:
                continue
            suffix = Path(source).suffix.lower() or ".pdf"
            with contextlib.suppress(OSError):
                data = (folder / f"{sha}{suffix}").read_bytes()
                if hashlib.sha256(data).hexdigest() == sha:
                    files[str(sha)] = (suffix, data)
    return files


def _check_empty(bank: Bank, where: str) -> None:
    with bank.engine.connect() as conn:
        counts = {
            name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar()
            for name in ("questions", "decks", "exams")
        }
    if any(counts.values()):
        raise CopyError(
            f"{where} already holds a bank ({counts['questions']} question(s), "
            f"{counts['decks']} deck(s), {counts['exams']} exam(s)); `bank copy` only fills a "
            "new or empty one, and nothing was changed. Choose a new file or an empty "
            "database (or bring the questions in with `bank merge`)."
        )


def _fill(src_conn: Connection, dst: Connection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in _tables():
        n = 0
        if table.name == "categories":
            rows = [r for chunk in _rows(src_conn, table) for r in chunk]
            rows = _categories_in_order(rows)
            if rows:
                dst.execute(insert(table), rows)
            n = len(rows)
        else:
            for chunk in _rows(src_conn, table):
                dst.execute(insert(table), chunk)
                n += len(chunk)
        counts[table.name] = n
    # the search index, in the target's own kind
    from storage.search_sql import group_concat_sql

    dst.execute(text("DELETE FROM question_fts"))
    dst.execute(text("DELETE FROM slide_fts"))
    dst.execute(
        text(
            "INSERT INTO question_fts (rowid, stem, answers, tags) "
            "SELECT q.id, q.title || ' ' || q.stem, "
            f"COALESCE((SELECT {group_concat_sql(dst.dialect.name, 't')} FROM (SELECT c.text AS t "
            "FROM choices c WHERE c.question_id = q.id ORDER BY c.position) a), ''), "
            f"COALESCE((SELECT {group_concat_sql(dst.dialect.name, 'n')} FROM (SELECT t.name AS n "
            "FROM question_tags qt JOIN tags t ON t.id = qt.tag_id "
            "WHERE qt.question_id = q.id ORDER BY t.name) b), '') FROM questions q"
        )
    )
    dst.execute(text("INSERT INTO slide_fts (rowid, clean_text) SELECT id, clean_text FROM slides"))
    return counts


def _sync_ids(src_conn: Connection, dst: Connection) -> None:
    """The target hands out ids after the copied ones (and never a deleted question's)."""
    highest = max(
        _highest_question_id(src_conn),
        int(dst.execute(text("SELECT COALESCE(max(id), 0) FROM questions")).scalar() or 0),
    )
    if dst.dialect.name == "postgresql":
        for table in _tables():
            if "id" not in table.c or [c.name for c in table.primary_key.columns] != ["id"]:
                continue
            top_sql = text(f"SELECT COALESCE(max(id), 0) FROM {table.name}")
            top = int(dst.execute(top_sql).scalar() or 0)
            if table.name == "questions":
                top = max(top, highest)
            if top:
                dst.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                    {"t": table.name, "v": top},
                )
    elif highest:
        dst.execute(text("DELETE FROM sqlite_sequence WHERE name = 'questions'"))
        dst.execute(
            text("INSERT INTO sqlite_sequence (name, seq) VALUES ('questions', :v)"), {"v": highest}
        )


def _verify(src_conn: Connection, dst: Connection, counts: dict[str, int]) -> None:
    for table in _tables():
        there = int(dst.execute(select(func.count()).select_from(table)).scalar() or 0)
        here = int(src_conn.execute(select(func.count()).select_from(table)).scalar() or 0)
        if not here == there == counts[table.name]:
            raise CopyError(
                f"The copy of {table.name} came out with {there} row(s) of {here}; "
                "nothing was kept. Try again."
            )


def copy_bank(
    source: str | Path,
    target: str | Path,
    source_password: str | None = None,
    target_password: str | None = None,
) -> CopyReport:
    """Copy the bank at `source` (file or URL) to `target` (a new file or an empty database)."""
    started = time.monotonic()
    target_is_server = is_server_url(target)
    if not target_is_server:
        target = Path(target).expanduser()
        if target.exists() and target.stat().st_size > 0:
            raise CopyError(
                f"{target} already exists; `bank copy` writes a new bank file and nothing was "
                "changed. Give a new file name (or delete that file first)."
            )
    if not is_server_url(source) and not Path(source).expanduser().is_file():
        raise CopyError(f"There is no bank file {source}.")
    with open_bank(source, source_password) as src:
        return copy_open_bank(src, target, target_password, started)


def copy_open_bank(
    src: Bank, target: str | Path, target_password: str | None = None, started: float = 0.0
) -> CopyReport:
    """`copy_bank` from a bank already open (a server bank's backup to a file)."""
    started = started or time.monotonic()
    with src.engine.connect() as src_conn:
        if src_conn.dialect.name == "postgresql":  # one consistent snapshot of every table
            src_conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        files = _source_files(src, src_conn)
        if is_server_url(target):
            report = _to_server(src_conn, str(target), target_password, files)
        else:
            report = _to_file(src_conn, Path(target).expanduser(), files)
        src_conn.rollback()
    rows, where_dst = report
    return CopyReport(src.location, where_dst, rows, len(files), time.monotonic() - started)


def _to_server(
    src_conn: Connection, url: str, password: str | None, files: dict[str, tuple[str, bytes]]
) -> tuple[dict[str, int], str]:
    with open_bank(url, password) as dst_bank:
        where = dst_bank.location
        if dst_bank.read_only:
            raise CopyError(f"You may only read {where}, so nothing can be copied into it.")
        _check_empty(dst_bank, where)
        from storage.schema import utcnow

        with dst_bank.engine.begin() as dst:  # one transaction: all of it or none
            counts = _fill(src_conn, dst)
            for sha, (suffix, data) in files.items():
                dst.execute(
                    insert(DeckFileRow),
                    {"sha256": sha, "suffix": suffix, "size": len(data), "data": data,
                     "stored_at": utcnow()},
                )  # fmt: skip
            _sync_ids(src_conn, dst)
            _verify(src_conn, dst, counts)
    return counts, where


def _to_file(
    src_conn: Connection, target: Path, files: dict[str, tuple[str, bytes]]
) -> tuple[dict[str, int], str]:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    folder = target.with_name(f"{target.stem}-decks")
    written: list[Path] = []
    try:
        with open_bank(partial) as dst_bank:
            with dst_bank.engine.connect() as dst:
                dst.exec_driver_sql("PRAGMA foreign_keys = OFF")  # rows arrive table by table
                dst.commit()
                with dst.begin():
                    counts = _fill(src_conn, dst)
                    _sync_ids(src_conn, dst)
                    _verify(src_conn, dst, counts)
                    bad = dst.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if bad is not None:
                        raise CopyError(
                            f"The source bank has a row in {bad[0]} that refers to a missing "
                            f"{bad[2]} entry; nothing was copied."
                        )
                dst.exec_driver_sql("PRAGMA foreign_keys = ON")
            for sha, (suffix, data) in files.items():
                path = folder / f"{sha}{suffix}"
                if not path.exists():
                    folder.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                    written.append(path)
        with contextlib.suppress(OSError):  # the partial's WAL side files, if any
            for side in ("-wal", "-shm"):
                partial.with_name(partial.name + side).unlink(missing_ok=True)
        os.replace(partial, target)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for leftover in (partial, partial.with_name(partial.name + "-wal"),
                         partial.with_name(partial.name + "-shm")):  # fmt: skip
            leftover.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty: it was made here
        raise
    return counts, str(target)
