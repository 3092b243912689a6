"""`quizwright draft` end to end: a real deck, the bundled setup, drafts stored in the bank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import run


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.sqlite"
    run("decks", "import", str(FIXTURES / "yandex-nlp-lecture-efficiency.pdf"), "--bank", str(path))
    return path


def test_draft_from_a_deck_prints_and_stores_cited_checked_drafts(bank: Path) -> None:
    out = json.loads(
        run(
            "draft",
            "--deck",
            "1",
            "--mcq",
            "3",
            "--tf",
            "2",
            "--difficulty",
            "hard",
            "--bank",
            str(bank),
            "--json",
        ).stdout
    )
    assert out["asked"] == 5 and out["delivered"] == len(out["drafts"]) >= 4
    for d in out["drafts"]:
        assert d["status"] == "draft" and d["difficulty"] == "hard"
        assert d["validation"]["valid"] and d["grounded"]
        assert d["sources"] and d["sources"][0]["deck_id"] == 1
        assert d["sources"][0]["supporting_text"]
        assert d["origin"]["method"] == "built"
    listed = json.loads(
        run("bank", "list", "--status", "draft", "--bank", str(bank), "--json").stdout
    )
    assert listed["count"] == out["delivered"]
    assert (
        len(
            json.loads(run("bank", "list", "--deck", "1", "--bank", str(bank), "--json").stdout)[
                "questions"
            ]
        )
        == out["delivered"]
    )


def test_draft_from_a_request(bank: Path) -> None:
    out = json.loads(
        run(
            "draft",
            "--query",
            "a quiz on knowledge distillation",
            "--mcq",
            "2",
            "--bank",
            str(bank),
            "--json",
        ).stdout
    )
    assert out["delivered"] >= 1
    assert all(
        "distil" in " ".join(s["supporting_text"] for s in d["sources"]).lower()
        or "student" in d["stem"].lower()
        or "teacher" in d["stem"].lower()
        for d in out["drafts"]
    )


def test_nothing_to_draft_from_is_refused(bank: Path) -> None:
    title_only = run("draft", "--deck", "1", "--pages", "1", "--bank", str(bank), check=False)
    assert title_only.returncode == 1 and "No slide with content" in title_only.stderr
    absent = run(
        "draft", "--query", "photosynthesis in chloroplasts", "--bank", str(bank), check=False
    )
    assert absent.returncode == 1 and "No slide mentions" in absent.stderr
    assert "Nothing was drafted" in absent.stderr
