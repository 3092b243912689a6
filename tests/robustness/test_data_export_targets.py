"""Issue 13, items 1 and 6: an export never replaces the bank, its companions, its
backups or deck copies, another database, a device, a FIFO or a symbolic link."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from tests.robustness.data_support import bank_with_questions, count_questions, run


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    bank = bank_with_questions(tmp_path)
    notes = tmp_path / "lecture.md"
    notes.write_text("# Attention\n\nAttention weighs every token against the others.\n")
    run("decks", "import", str(notes), "--bank", str(bank))  # makes B-decks/<sha>.md
    run("exam", "create", "--title", "Quiz", "--ids", "1,2", "--bank", str(bank))
    return bank


def _refused(*args: str) -> str:
    proc = run(*args, check=False)
    assert proc.returncode == 1, proc.stdout
    assert "Traceback" not in proc.stderr
    assert "Nothing was exported" in proc.stderr
    return proc.stderr


def test_an_export_onto_the_bank_itself_is_refused_and_the_bank_is_kept(bank: Path) -> None:
    """The reported case: `export moodle B.sqlite --all --bank B.sqlite` replaced the bank."""
    said = _refused("export", "moodle", str(bank), "--all", "--bank", str(bank))
    assert "the question bank itself" in said
    # the same file by another spelling of its path
    other = bank.parent / "." / bank.name
    _refused("export", "gift", str(other), "--all", "--bank", str(bank))
    hard = bank.parent / "hard-link.xml"  # one file under two names
    os.link(bank, hard)
    assert "the question bank itself" in _refused(
        "export", "moodle", str(hard), "--all", "--bank", str(bank)
    )
    assert count_questions(bank) == 5
    assert "1 question(s)" not in run("bank", "info", "--bank", str(bank)).stdout
    assert "questions: 5" in run("bank", "info", "--bank", str(bank)).stdout


def test_the_banks_companion_files_backups_and_deck_copies_are_refused(bank: Path) -> None:
    decks = bank.with_name(f"{bank.stem}-decks")
    [kept_deck] = list(decks.iterdir())
    backup = bank.with_name(f"{bank.name}.before-0005.bak")
    backup.write_bytes(b"a backup's bytes")
    dated = bank.with_name(f"{bank.stem}-backup-2026-12-01-101010.sqlite")
    dated.write_bytes(b"another backup")
    deck_bytes = kept_deck.read_bytes()
    for target, why in (
        (Path(f"{bank}-wal"), "write-ahead log"),
        (Path(f"{bank}-shm"), "shared-memory"),
        (kept_deck, "deck files"),
        (decks / "new.xml", "deck files"),
        (backup, "backup of the bank"),
        (dated, "backup of the bank"),
    ):
        said = _refused("export", "moodle", str(target), "--all", "--bank", str(bank))
        assert why in said, said
    assert kept_deck.read_bytes() == deck_bytes and not (decks / "new.xml").exists()
    assert backup.read_bytes() == b"a backup's bytes" and dated.read_bytes() == b"another backup"
    assert count_questions(bank) == 5


def test_another_database_is_never_replaced(bank: Path, tmp_path: Path) -> None:
    other = bank_with_questions(tmp_path, "other.sqlite")
    before = _digest(other)
    said = _refused("export", "gift", str(other), "--all", "--bank", str(bank))
    assert "is a database" in said
    assert _digest(other) == before


def test_devices_fifos_sockets_folders_and_links_are_refused(bank: Path, tmp_path: Path) -> None:
    import socket

    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    real = tmp_path / "real.xml"
    real.write_text("not to be replaced")
    link = tmp_path / "link.xml"
    link.symlink_to(real)
    dangling = tmp_path / "dangling.xml"
    dangling.symlink_to(tmp_path / "nowhere.xml")
    sock_path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    if os.geteuid() == 0:  # a device node of our own: /dev is never put at risk
        device = tmp_path / "full"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    else:
        device = Path("/dev/full")
    try:
        for target, why in (
            (fifo, "named pipe"),
            (link, "symbolic link"),
            (dangling, "symbolic link"),
            (sock_path, "socket"),
            (device, "a device"),
            (tmp_path, "a folder"),
        ):
            fmt = "gift" if target in (fifo, device) else "moodle"
            said = _refused("export", fmt, str(target), "--all", "--bank", str(bank))
            assert why in said, said
        # `export pdf /dev/full` wrote /dev/full.pdf: the target as given is checked
        said = _refused("export", "pdf", str(device), "--exam", "1", "--bank", str(bank))
        assert "a device" in said
        assert not Path(f"{device}.pdf").exists() and not Path(f"{device}-key.pdf").exists()
        # each file a PDF export writes is checked, before any is written
        key_link = tmp_path / "exam-B-key.pdf"
        key_link.symlink_to(real)
        said = _refused(
            "export", "pdf", str(tmp_path / "exam.pdf"), "--exam", "1", "--versions", "2",
            "--bank", str(bank),
        )  # fmt: skip
        assert "exam-B-key.pdf is a symbolic link" in said
        assert not (tmp_path / "exam-A.pdf").exists()
    finally:
        sock.close()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert link.is_symlink() and real.read_text() == "not to be replaced"
    assert dangling.is_symlink() and not (tmp_path / "nowhere.xml").exists()
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_new_files_and_regular_files_are_still_written(bank: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.gift"
    old.write_text("an earlier export")
    run("export", "gift", str(old), "--all", "--bank", str(bank))
    assert "[id:" in old.read_text()
    run("export", "moodle", str(tmp_path / "new.xml"), "--all", "--bank", str(bank))
    assert (tmp_path / "new.xml").read_bytes().startswith(b"<?xml")
    run("export", "pdf", str(tmp_path / "exam.pdf"), "--exam", "1", "--bank", str(bank))
    assert (tmp_path / "exam.pdf").read_bytes().startswith(b"%PDF")
    assert count_questions(bank) == 5
