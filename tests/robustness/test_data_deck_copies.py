"""Issue 13, item 5: a deck is stored only with its kept copy, on a full disk and when
the import is killed while copying; a lost copy is made again."""

from __future__ import annotations

import resource
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.robustness.data_support import python, run
from tests.robustness.disks import mount_tmpfs, unmount
from tests.test_cli import EXE

BIG = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"  # 1.5 MB: its copy cannot fit below
SMALL = FIXTURES / "yandex-word-alignment-metropolis.pdf"  # 0.5 MB: fits, with the bank
SMALL_DISK = 1200 * 1024  # room for the bank with the deck's pages, not for the copy too


@dataclass
class SmallDisk:
    """A folder on which writes fail beyond SMALL_DISK bytes: a real small tmpfs where
    this machine lets us mount one, else a file-size limit (RLIMIT_FSIZE) on the
    `quizwright` process, which makes its writes fail the same way (EFBIG)."""

    folder: Path
    mounted: bool
    limited: bool = True

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert EXE
        limit = SMALL_DISK if self.limited and not self.mounted else None

        def cap() -> None:
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return subprocess.run(
            [EXE, *args], capture_output=True, text=True, timeout=120, preexec_fn=cap
        )

    def grow(self) -> None:
        """Free space: the disk gets bigger (or the limit goes)."""
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,size=16m", str(self.folder)], check=True)
        self.limited = False


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = not mount_tmpfs(folder, SMALL_DISK // 1024)
    try:
        yield SmallDisk(folder, mounted)
    finally:
        if mounted:
            unmount(folder)


def _decks(bank: Path) -> str:
    return run("decks", "list", "--bank", str(bank)).stdout


def test_a_full_disk_stores_no_deck_and_the_retry_imports_it(
    small_disk: SmallDisk, tmp_path: Path
) -> None:
    bank = small_disk.folder / "B.sqlite"
    assert small_disk.run("bank", "info", "--bank", str(bank)).returncode == 0
    full = small_disk.run("decks", "import", str(BIG), "--bank", str(bank))
    assert full.returncode == 1
    assert "Traceback" not in full.stderr and "could not be copied" in full.stderr, full.stderr
    assert "was not imported" in full.stderr
    copies = small_disk.folder / "B-decks"
    assert not copies.exists() or not any(copies.iterdir())  # no copy, no .partial
    assert "No decks yet" in _decks(bank)  # was: deck 1 stored without its copy
    small_disk.grow()
    again = small_disk.run("decks", "import", str(BIG), "--bank", str(bank))
    assert again.returncode == 0 and "imported" in again.stdout, again.stderr
    assert "already in the bank" not in again.stdout
    [copy] = copies.iterdir()
    assert copy.suffix == ".pdf" and copy.read_bytes() == BIG.read_bytes()


def test_an_update_on_a_full_disk_leaves_the_deck_as_it_was(small_disk: SmallDisk) -> None:
    bank = small_disk.folder / "B.sqlite"
    first = small_disk.run("decks", "import", str(SMALL), "--bank", str(bank))
    assert first.returncode == 0, first.stderr
    update = small_disk.run("decks", "import", str(BIG), "--update", "1", "--bank", str(bank))
    assert update.returncode == 1 and "Traceback" not in update.stderr
    assert "could not be copied" in update.stderr
    listed = _decks(bank)  # was: deck 1 replaced by the new pages, without their file
    assert "58 pages  Word Alignment Models" in listed, listed
    copies = small_disk.folder / "B-decks"
    assert [p.name.endswith(".partial") for p in copies.iterdir()] == [False]


# The import in a child the kernel kills (SIGXFSZ) at the first write past 1 MB:
# exactly while the deck file is being copied.
KILLED_WHILE_COPYING = """
import resource, signal, sys
from cli.main import main

signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it; the kernel's default kills
resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
sys.exit(main(["decks", "import", sys.argv[1], "--bank", sys.argv[2]]))
"""


def test_an_import_killed_while_copying_leaves_no_deck_and_the_retry_makes_the_copy(
    tmp_path: Path,
) -> None:
    bank = tmp_path / "B.sqlite"
    run("bank", "info", "--bank", str(bank))
    proc = python(KILLED_WHILE_COPYING, str(BIG), str(bank))
    assert proc.returncode == -signal.SIGXFSZ, proc.stderr
    assert "No decks yet" in _decks(bank)  # was: deck 1, its copy never made
    again = run("decks", "import", str(BIG), "--bank", str(bank))
    assert "imported" in again.stdout and "already in the bank" not in again.stdout
    copies = tmp_path / "B-decks"
    assert [p.name.endswith(".pdf") for p in copies.iterdir()] == [True]  # the .partial is gone
    [copy] = copies.iterdir()
    assert copy.read_bytes() == BIG.read_bytes()


def test_a_lost_copy_is_made_again_on_the_next_import_or_open(tmp_path: Path) -> None:
    from storage.database import open_bank
    from storage.slide_store import SlideLibrary

    notes = tmp_path / "lecture.md"
    notes.write_text("# Attention\n\nAttention weighs every token against the others.\n")
    bank = tmp_path / "B.sqlite"
    run("decks", "import", str(notes), "--bank", str(bank))
    [copy] = (tmp_path / "B-decks").iterdir()
    copy.unlink()
    again = run("decks", "import", str(notes), "--bank", str(bank))
    assert "already in the bank" in again.stdout
    assert copy.read_text() == notes.read_text()  # was: never made
    copy.unlink()
    with open_bank(bank) as opened:
        library = SlideLibrary(opened)
        [deck] = library.decks()
        assert library.deck_file(deck) == copy  # opening the deck makes it again
    assert copy.read_text() == notes.read_text()
    copy.unlink()
    notes.write_text("# Changed since\n")  # the original is no longer that deck: no copy
    with open_bank(bank) as opened:
        library = SlideLibrary(opened)
        assert library.deck_file(library.decks()[0]) == notes
    assert not copy.exists()
