"""`quizwright decks import -` (text on standard input) and `decks rename`, as scripts run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

EXE = shutil.which("quizwright", path=str(Path(sys.executable).parent))
BENCH = Path(__file__).resolve().parents[1] / "bench" / "decks"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    assert EXE, "the quizwright console script is not installed in this environment"
    return subprocess.run(
        [EXE, *args],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        timeout=180,
        env=os.environ.copy(),
    )


def copied_text(pdf: Path) -> str:
    """The PDF's text as a viewer's copy gives it: one line per line, no blank lines."""
    with pymupdf.open(pdf) as doc:
        return "\n".join(
            line
            for page in doc
            for line in str(page.get_text()).split("\n")  # type: ignore[no-untyped-call]
            if line.strip()
        )


def test_text_on_standard_input_becomes_a_deck(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    text = copied_text(BENCH / "elte-nlp_3-tokenization.pdf")
    pasted = text.encode("utf-8").decode("mac_roman").encode("utf-8")  # mojibake, as on a Mac
    title = "Tokenization ‚Äì Why and What?"
    proc = run("decks", "import", "-", "--title", title, "--bank", bank, "--json", stdin=pasted)
    assert proc.returncode == 0, proc.stderr.decode()
    (deck,) = json.loads(proc.stdout)["decks"]
    assert deck["status"] == "imported" and deck["title"] == "Tokenization – Why and What?"
    assert 25 <= deck["pages"] <= 37  # the PDF has 31
    assert deck["pages_without_content"] <= 5
    shown = json.loads(run("slides", "show", "1", "2", "--bank", bank, "--json").stdout)
    assert "splitting the text at white" in shown["text"] and "‚Ä" not in shown["text"]
    again = run("decks", "import", "-", "--title", title, "--bank", bank, stdin=pasted)
    assert again.returncode == 0 and b"already in the bank" in again.stdout
    plain = run("decks", "import", "-", "--bank", bank, stdin=b"Heading\n- one\n- two\n")
    assert plain.returncode == 0 and b"Heading" in plain.stdout  # named from its first slide


@pytest.mark.parametrize(
    "stdin, message",
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (bytes(range(256)) * 8, "binary"),
        ("Gül's notes\nline two".encode("latin-1"), "not UTF-8"),
    ],
    ids=["empty", "blank", "binary", "latin-1"],
)
def test_standard_input_that_is_no_text_says_why(tmp_path: Path, stdin: bytes, message: str):
    bank = str(tmp_path / "bank.sqlite")
    proc = run("decks", "import", "-", "--title", "X", "--bank", bank, stdin=stdin)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and message in err and "Traceback" not in err
    assert json.loads(run("decks", "list", "--bank", bank, "--json").stdout)["decks"] == []


def test_rename_and_list_suggestions(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    pdf = BENCH / "elte-nlp_9-rnn_lm.pdf"
    imported = json.loads(run("decks", "import", str(pdf), "--bank", bank, "--json").stdout)
    deck = imported["decks"][0]
    assert deck["title"] == "Lecture 9: RNNs and language modeling"
    listed = json.loads(run("decks", "list", "--bank", bank, "--json").stdout)["decks"]
    assert listed[0]["suggested_title"] is None
    out = run("decks", "rename", str(deck["id"]), "Natural Language Processing", "--bank", bank)
    assert out.returncode == 0 and "renamed" in out.stdout.decode()
    text = run("decks", "list", "--bank", bank).stdout.decode()
    assert 'decks rename 1 "Lecture 9: RNNs and language modeling"' in text
    js = run("decks", "rename", "1", "RNN LMs", "--bank", bank, "--json")
    assert json.loads(js.stdout) == {
        "id": 1,
        "title": "RNN LMs",
        "previous_title": "Natural Language Processing",
    }
    for args, message in [
        (["rename", "7", "X"], "There is no deck 7"),
        (["rename", "1", "  "], "cannot be empty"),
        (["import", str(pdf), "--title", " "], "--title cannot be empty"),
    ]:
        bad = run("decks", *args, "--bank", bank)
        assert bad.returncode == 1 and message in bad.stderr.decode()
    named = run(
        "decks",
        "import",
        str(BENCH / "elte-nlp_4-ngram_lm.pdf"),
        "--title",
        "N-grams",
        "--bank",
        bank,
        "--json",
    )
    assert json.loads(named.stdout)["decks"][0]["title"] == "N-grams"


def test_standard_input_from_a_terminal_is_refused_in_words(tmp_path: Path) -> None:
    # no stdin at all (closed): the message says how to pipe text in
    proc = run("decks", "import", "-", "--title", "X", "--bank", str(tmp_path / "b.sqlite"))
    assert proc.returncode == 1
    assert b"empty" in proc.stderr or b"standard input" in proc.stderr
