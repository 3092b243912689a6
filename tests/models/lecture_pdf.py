"""A small lecture deck written as a real PDF (PyMuPDF), for the end-to-end tests of the
built matching, ordering and cloze drafts: a title per slide, bullets and wrapped
sentences laid out as a slide tool would."""

from __future__ import annotations

from pathlib import Path

import pymupdf

# a databases lecture: a term–gloss list (matching), numbered steps (ordering), key
# sentences with named terms (cloze), and slides with neither
TRANSACTIONS: list[tuple[str, list[str]]] = [
    ("Databases, lecture 7: Transactions and recovery", ["Spring term"]),
    ("Transactions", [
        "A transaction groups several reads and writes into one unit of work.",
        "The database management system runs many transactions at the same time.",
    ]),
    ("ACID properties", [
        "- Atomicity: a transaction is executed completely or not at all",
        "- Consistency: every transaction moves the database from one valid state to another",
        "- Isolation: concurrent transactions give the result of some serial order",
        "- Durability: once a transaction commits, its changes survive a crash",
    ]),
    ("Write-ahead logging (WAL)", [
        "Write-ahead logging records every change in the log before the buffer manager",
        "flushes the changed data page to disk.",
    ]),
    ("Buffer manager", [
        "The buffer manager keeps recently used data pages in main memory.",
        "Buffer manager: decides which data page leaves main memory when space runs out.",
    ]),
    ("Committing a transaction", [
        "The steps of a commit:",
        "1. Write a commit record to the log",
        "2. Flush the log to stable storage",
        "3. Release the locks held by the transaction",
        "4. Acknowledge the commit to the client",
    ]),
    ("Course logistics", [
        "Week 1: Introduction",
        "Week 2: Transactions",
        "Week 3: Recovery",
    ]),
]  # fmt: skip


def lecture_pdf(path: Path, slides: list[tuple[str, list[str]]] = TRANSACTIONS) -> Path:
    """The slides as a landscape PDF, one page each: the title in large type, then lines."""
    doc = pymupdf.open()
    for title, lines in slides:
        page = doc.new_page(width=960, height=540)
        page.insert_text((48, 72), title, fontsize=30)
        y = 130.0
        for line in lines:
            page.insert_text((56, y), line, fontsize=20)
            y += 34
    doc.save(path)
    doc.close()
    return path
