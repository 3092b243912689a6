"""`bank embed` and the semantic duplicate check from the command line (real model)."""

from __future__ import annotations

import json
from pathlib import Path

from storage.jsonio import question_to_dict
from tests.conftest import mcq, true_false
from tests.test_cli import run

QUESTIONS = [
    true_false("Byte-level BPE can encode any string without an unknown token.", True),
    true_false(
        "GPT-2 style tokenizers that operate on raw bytes never run into out-of-vocabulary input.",
        True,
    ),
    mcq("In LoRA, which weights are updated?", "the low-rank adapter matrices", "all weights"),
    mcq("In LoRA, which weights are kept frozen?", "the pre-trained weights", "the adapters"),
]


def test_embed_then_dupes_finds_the_paraphrase_only(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    src = tmp_path / "questions.json"
    src.write_text(json.dumps({"questions": [question_to_dict(q) for q in QUESTIONS]}))
    added = json.loads(run("bank", "add", str(src), "--bank", bank, "--json").stdout)
    assert added["added"] == [1, 2, 3, 4]
    assert "models prepare" in added["note"]  # no model yet: checked by wording, and said so

    before = json.loads(run("bank", "dupes", "--bank", bank, "--json").stdout)
    assert before["groups"] == [] and before["embedded"] == 0
    assert "bank embed" in before["note"]

    done = json.loads(run("bank", "embed", "--bank", bank, "--json").stdout)
    assert done["embedded_now"] == 8 and done["questions_current"] == 4
    again = json.loads(run("bank", "embed", "--bank", bank, "--json").stdout)
    assert again["embedded_now"] == 0  # nothing pending

    after = json.loads(run("bank", "dupes", "--bank", bank, "--json").stdout)
    assert [[m["id"] for m in g] for g in after["groups"]] == [[1, 2]]
    assert after["note"] == ""
    lexical = run("bank", "dupes", "--method", "lexical", "--bank", bank, "--json").stdout
    assert json.loads(lexical)["groups"] == []
    bad = run("bank", "embed", "--batch", "0", "--bank", bank, check=False)
    assert bad.returncode == 1 and "--batch" in bad.stderr
