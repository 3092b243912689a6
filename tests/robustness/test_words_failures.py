"""Issue 13, "never a traceback": each failure reaches the user as a message in
words with exit code 1. Real files, real permissions, a real full disk."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.engine import EngineError
from models.model_files import read_gguf_header
from storage.bank import QuestionBank
from storage.database import open_bank
from tests.robustness.disks import mount_tmpfs, unmount
from tests.robustness.limits_support import ROOT, assert_words, cli, env, questions_file, run

# Root ignores file permissions; without these capabilities it obeys them like anyone.
NO_OVERRIDE = ["-dac_override", "-dac_read_search", "-fowner"]
SETPRIV = [
    "setpriv",
    "--bounding-set",
    ",".join(NO_OVERRIDE),
    "--inh-caps",
    ",".join(NO_OVERRIDE),
]


def _unprivileged(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a process that file permissions really bind (root or not)."""
    prefix = SETPRIV if _is_root() else []
    return subprocess.run(
        [*prefix, *cli(*args)], capture_output=True, text=True, timeout=120, env=env(), cwd=ROOT
    )


def _is_root() -> bool:
    return os.geteuid() == 0


@pytest.fixture
def one_question_bank(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir()
    bank = folder / "bank.sqlite"
    src = questions_file(tmp_path, ["Which layer mixes tokens?"])
    assert run("bank", "add", str(src), "--bank", str(bank)).returncode == 0
    return bank


def test_a_read_only_bank_file_reads_and_refuses_writes_in_words(
    tmp_path: Path, one_question_bank: Path
) -> None:
    one_question_bank.chmod(0o444)
    listed = _unprivileged("bank", "list", "--json", "--bank", str(one_question_bank))
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["count"] == 1
    src = questions_file(tmp_path, ["Is this stored?"])
    err = assert_words(_unprivileged("bank", "add", str(src), "--bank", str(one_question_bank)))
    assert "read-only" in err and "Nothing was changed" in err


def test_a_bank_in_a_read_only_folder_reads_and_refuses_writes_in_words(
    tmp_path: Path, one_question_bank: Path
) -> None:
    folder = one_question_bank.parent
    folder.chmod(0o555)
    try:
        listed = _unprivileged("bank", "list", "--json", "--bank", str(one_question_bank))
        assert listed.returncode == 0, listed.stderr  # before: "not a Quizwright bank"
        assert json.loads(listed.stdout)["count"] == 1
        src = questions_file(tmp_path, ["Is this stored?"])
        err = assert_words(_unprivileged("bank", "add", str(src), "--bank", str(one_question_bank)))
        assert "read-only" in err
        err = assert_words(_unprivileged("bank", "info", "--bank", str(folder / "new.sqlite")))
        assert "cannot be made" in err and "read-only" in err
    finally:
        folder.chmod(0o755)
    with open_bank(one_question_bank) as b:
        assert QuestionBank(b).count() == 1


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB tmpfs. Only a real full disk gives the ENOSPC this test is about (a file
    size limit gives EFBIG), so where no tmpfs can be mounted the test says why and skips;
    the project's own machines and CI run as root, where it runs."""
    mount = tmp_path / "small"
    mount.mkdir()
    why = mount_tmpfs(mount, 2048)
    if why:
        pytest.skip(f"cannot mount a small tmpfs here: {why}")
    try:
        yield mount
    finally:
        unmount(mount)


def test_a_full_disk_during_an_import_is_said_in_words(tmp_path: Path, small_disk: Path) -> None:
    bank = small_disk / "bank.sqlite"
    assert run("bank", "info", "--bank", str(bank)).returncode == 0
    many = tmp_path / "many.json"
    stem = "Explain attention heads and keys. " * 200
    many.write_text(json.dumps([{"type": "essay", "stem": f"{i}. {stem}"} for i in range(400)]))
    err = assert_words(run("bank", "add", str(many), "--bank", str(bank)))
    assert "disk holding the bank file is full" in err and "Nothing was changed" in err
    # the disk filled to the last byte: even opening the bank is said in words
    filler = small_disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as fh:
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    err = assert_words(run("bank", "info", "--bank", str(bank)))
    assert "disk holding it is full" in err  # before: "is not a Quizwright bank"
    filler.unlink()
    with open_bank(bank) as b:
        assert QuestionBank(b).count() == 0


def test_update_with_another_decks_file_is_refused_in_words(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("# Attention\n\nAttention weighs tokens by relevance to each query.\n")
    b.write_text("# Quantization\n\nQuantization stores weights in fewer bits, like int8.\n")
    assert run("decks", "import", str(a), str(b), "--bank", bank).returncode == 0
    err = assert_words(run("decks", "import", str(b), "--update", "1", "--bank", bank))
    assert "already in the bank as deck 2" in err and "Nothing was changed" in err


def test_deeply_nested_json_is_refused_in_words(tmp_path: Path) -> None:
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    err = assert_words(run("bank", "add", str(nested), "--bank", str(tmp_path / "b.sqlite")))
    assert "nested too deeply" in err


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"points": "1e999"}, "Points must be a number from 0"),
        ({"penalty": -5}, "penalty for a wrong try is a share from 0 to 1"),
        ({"choices": [{"text": "yes", "fraction": "inf"}, {"text": "no"}]}, "runs from -1 to 1"),
        ({"choices": [{"text": "yes", "fraction": "-inf"}, {"text": "no"}]}, "runs from -1 to 1"),
    ],
)
def test_bank_add_refuses_non_finite_or_absurd_numbers(
    tmp_path: Path, fields: dict[str, object], words: str
) -> None:
    doc = {"type": "mcq", "stem": "Which is right?", "choices": [{"text": "yes", "fraction": 1}]}
    doc.update(fields)
    text = json.dumps(doc).replace('"1e999"', "1e999").replace('"inf"', "Infinity")
    src = tmp_path / "odd.json"
    src.write_text(text.replace('"-inf"', "-Infinity"), "utf-8")
    bank = tmp_path / "b.sqlite"
    assert words in assert_words(run("bank", "add", str(src), "--bank", str(bank)))
    with open_bank(bank) as b:
        assert QuestionBank(b).count() == 0


def test_json_output_never_prints_infinity(tmp_path: Path, one_question_bank: Path) -> None:
    con = sqlite3.connect(one_question_bank)  # an older version let such numbers in
    con.execute("UPDATE questions SET points = ?, penalty = ?", (math.inf, -math.inf))
    con.execute("UPDATE choices SET fraction = ?", (-math.inf,))
    con.commit()
    con.close()
    for args in (("bank", "list", "--json"), ("bank", "show", "1", "--json")):
        proc = run(*args, "--bank", str(one_question_bank))
        assert proc.returncode == 0, proc.stderr
        assert "Infinity" not in proc.stdout and "NaN" not in proc.stdout

        def refuse(name: str) -> object:
            raise AssertionError(f"{name} in JSON output")

        json.loads(proc.stdout, parse_constant=refuse)


def test_a_gguf_header_that_ends_early_reads_as_a_sentence(tmp_path: Path) -> None:
    cut = tmp_path / "cut.gguf"
    # version 3, no tensors, one key-value pair, and then the file ends
    cut.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1))
    with pytest.raises(EngineError) as info:
        read_gguf_header(cut)
    message = str(info.value)
    assert "header has the header" not in message
    assert "damaged or incomplete: the header ends early" in message


def test_a_block_taller_than_a_page_is_said_without_reportlab_internals() -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
    from reportlab.platypus.doctemplate import LayoutError

    from storage.exports.pdf import _layout_failure

    doc = SimpleDocTemplate(io.BytesIO())
    title = Paragraph("A very long exam title " * 800, getSampleStyleSheet()["Title"])
    with pytest.raises(LayoutError) as info:
        doc.build([Table([[title]])])
    message = _layout_failure(info.value)
    for internal in ("Flowable", "Table@", "frame", "template", "0x"):
        assert internal not in message, message
    assert "taller than a whole page" in message and "A very long exam title" in message


def test_an_exam_title_too_long_for_a_page_is_refused_in_words(tmp_path: Path) -> None:
    bank = tmp_path / "b.sqlite"
    src = questions_file(tmp_path, ["Which layer mixes tokens?"])
    assert run("bank", "add", str(src), "--bank", str(bank)).returncode == 0
    err = assert_words(
        run("exam", "create", "--title", "Long " * 1000, "--ids", "1", "--bank", str(bank))
    )
    assert "at most 300 characters" in err


def test_an_unexpected_error_is_said_in_words_and_logged(tmp_path: Path) -> None:
    """The last line of defence: an exception nobody planned for (here: a command
    module that fails on import) is one sentence, and its traceback goes to a log."""
    code = (
        "import sys, cli.main as m, cli.bank_commands as b\n"
        "def boom(args): raise ZeroDivisionError('an example')\n"
        "b.bank_command = boom\n"  # the command module main imports when it runs
        "sys.exit(m.main(sys.argv[1:]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "bank", "info", "--bank", str(tmp_path / "b.sqlite")],
        capture_output=True, text=True, env=env(), cwd=ROOT, timeout=120,
    )  # fmt: skip
    err = assert_words(proc)
    assert "something unexpected went wrong: an example (ZeroDivisionError)" in err
    log = Path(err.split("The details are in ")[1].rstrip().rstrip("."))
    assert "Traceback" in log.read_text("utf-8")
