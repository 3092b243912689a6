"""The CLI with the newer types: import, list and show print them as a person reads them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import run

MOODLE = Path(__file__).resolve().parent / "fixtures" / "moodle"


def test_import_list_and_show_the_new_types(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    for name in ("ok_multianswer", "ok_match", "ok_gapselect", "ok_ddwtos", "ok_ordering"):
        out = run("bank", "import", str(MOODLE / f"rules_{name}.xml"), "--bank", bank).stdout
        assert out.startswith("Imported ")
    listing = run("bank", "list", "--bank", bank).stdout
    assert "One plus one is [1]." in listing  # cloze codes as numbered blanks
    for kind in ("cloze", "matching", "gapselect", "ddwtos", "ordering"):
        assert f"  {kind} " in listing
    shown = run("bank", "show", "1", "--bank", bank).stdout
    assert "[3] (pick one, 2 points): 3 / *4 / 5" in shown
    assert "[7] (number, 2 points): *3.14159 ± 0.01 / 3 ± 0.5 (50%)" in shown
    shown = run("bank", "show", "3", "--bank", bank).stdout
    assert "France → Paris" in shown and "extra wrong answer(s): Madrid" in shown
    shown = run("bank", "show", "5", "--bank", bank).stdout
    assert "gap 2 [[2]]: mat" in shown and "groups: 1: cat, dog, bird; 2: mat, table" in shown
    shown = run("bank", "show", "7", "--bank", bank).stdout
    assert "1. Mercury\n  2. Venus" in shown
    data = json.loads(run("bank", "show", "6", "--bank", bank, "--json").stdout)
    assert [(c["text"], c["unlimited"]) for c in data["choices"]][:2] == [
        ("7", False),
        ("even number", True),
    ]


def test_a_broken_new_type_is_skipped_with_its_reason(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    out = run("bank", "import", str(MOODLE / "rules_broken_gapselect_missingchoice.xml"),
              "--bank", bank).stdout  # fmt: skip
    assert "Imported 0 question(s)" in out
    assert "The gap [[3]] has no answer: there are only 2 choice(s)" in out


def test_bank_add_reads_the_new_fields_from_json(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    src = tmp_path / "q.json"
    pairs = [{"text": "frog", "match": "amphibian"}, {"text": "cat", "match": "mammal"}]
    src.write_text(json.dumps({"type": "matching", "stem": "Match.", "choices": pairs}))
    run("bank", "add", str(src), "--bank", bank)
    assert "frog → amphibian" in run("bank", "show", "1", "--bank", bank).stdout
    src.write_text(json.dumps({"type": "ordering", "stem": "Order.", "choices": pairs}))
    proc = run("bank", "add", str(src), "--bank", bank, check=False)
    assert proc.returncode == 1
    assert "An ordering question needs at least 3 items; this one has 2." in proc.stderr
    assert "Traceback" not in proc.stderr
