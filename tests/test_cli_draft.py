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
    # the lecture's terse bullets give fewer good multiple-choice questions; the run says so
    assert out["asked"] == 5 and out["delivered"] == len(out["drafts"]) >= 3
    if out["delivered"] < 5:
        assert "fewer" in json.dumps(out)
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
            "--tf",
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


def test_draft_with_a_local_openai_compatible_server(bank: Path) -> None:
    """A model behind a server writes the question; the pipeline parses, checks and cites it."""
    import threading
    from http.server import ThreadingHTTPServer

    from tests.models.test_openai_engine import Handler, Script

    answer = (
        "Question: Which kind of quantization computes a grid of percentiles or centroids "
        "(k-means 1d)?\nA) Linear quantization\nB) Nonlinear quantization\n"
        "C) Product quantization\nD) Additive quantization\nAnswer: B"
    )
    script = Script(
        models=["qwen2.5:7b"], pieces=[answer[i : i + 20] for i in range(0, len(answer), 20)]
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (Handler,), {"script": script}))
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
        out = json.loads(
            run(
                "draft",
                "--deck",
                "1",
                "--pages",
                "61",
                "--mcq",
                "1",
                "--server",
                url,
                "--model",
                "qwen2.5:7b",
                "--bank",
                str(bank),
                "--json",
            ).stdout
        )
        wrong = run(
            "draft",
            "--deck",
            "1",
            "--server",
            url,
            "--model",
            "llama9",
            "--bank",
            str(bank),
            check=False,
        )
    finally:
        httpd.shutdown()
        httpd.server_close()
    [draft] = out["drafts"]
    assert draft["origin"]["method"] == "model" and draft["origin"]["model"] == "qwen2.5:7b"
    assert draft["origin"]["engine"] == "openai"
    assert [c["text"] for c in draft["choices"] if c["fraction"] > 0] == ["Nonlinear quantization"]
    assert draft["grounded"] and draft["sources"][0]["page"] == 61
    assert "percentiles" in script.requests[0]["messages"][-1]["content"]
    assert wrong.returncode == 1 and "has no model 'llama9'" in wrong.stderr


def test_draft_matching_from_terms_glossed_side_by_side(tmp_path: Path) -> None:
    from tests.models.test_built_drafts import PRUNING

    notes = tmp_path / "pruning.md"
    notes.write_text("# Pruning\n\n" + PRUNING.replace("• ", "- ") + "\n", encoding="utf-8")
    path = str(tmp_path / "bank.sqlite")
    run("decks", "import", str(notes), "--bank", path)
    out = json.loads(
        run("draft", "--deck", "1", "--matching", "1", "--bank", path, "--json").stdout
    )
    assert out["delivered"] == 1
    (draft,) = out["drafts"]
    assert draft["type"] == "matching" and draft["grounded"]
    pairs = {c["match"]: c["text"] for c in draft["choices"]}
    assert len(pairs) >= 4 and "Magnitude pruning" in pairs
    shown = run("bank", "show", str(draft["id"]), "--bank", path).stdout
    assert "Magnitude pruning" in shown
