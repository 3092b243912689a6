"""bench/draft_quality.py writes blind packets; bench/rate_summary.py sums ratings of them."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from storage.decks import read_deck

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "tests" / "fixtures" / "yandex-nlp-lecture-efficiency.pdf"


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("draft_quality")
    _bench("draft_quality").main(["--decks", str(DECK), "--out", str(folder)])
    return folder


def test_the_packet_is_blind_and_complete(out: Path) -> None:
    packet = (out / f"{DECK.stem}.md").read_text(encoding="utf-8")
    records = [
        json.loads(line)
        for line in (out / f"{DECK.stem}.drafts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert records
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    for qid in ids:  # every draft once, under its own heading
        assert len(re.findall(rf"\b{re.escape(qid)}\b", packet)) == 1
        assert f"## {qid}\n" in packet
    for word in ("builder", "difficulty", "bloom", "generated"):
        assert word not in packet.lower()
    for builder in {r["builder"] for r in records}:
        assert builder
        if "-" in builder:  # "pairing" is an ordinary word a stem may use
            assert builder not in packet
    pages = read_deck(DECK).pages
    for r in records:
        assert r["difficulty"] in ("easy", "medium", "hard") and r["pages"]
        for page in r["pages"]:  # the cited slide's full text is there to judge the key
            assert f"Page {page}:" in packet
            assert pages[page - 1].strip()[:300] in packet
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    row = summary["per_deck"][DECK.stem]
    assert row["packet_drafts"] == len(records)
    assert row["yield"]["asked"] >= row["yield"]["delivered"] > 0
    assert summary["overall"]["drafts_per_minute"] > 0


def test_rate_summary_counts_ratings_and_reports_bad_lines(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [
        json.loads(line)["id"]
        for line in (out / f"{DECK.stem}.drafts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    ratings = [
        {"id": ids[0], "rating": "usable", "key_correct": True, "reason": "Fine."},
        {"id": ids[1], "rating": "light edit", "key_correct": True, "reason": "Wording."},
        {"id": ids[2], "rating": "unusable", "key_correct": False, "reason": "Wrong key."},
        {"id": ids[3], "rating": "usable", "key_correct": True, "reason": "Fine."},
    ]
    lines = [json.dumps(r) for r in ratings]
    lines.insert(2, '{"id": "' + ids[4] + '", "rating": "great"')  # cut short
    (out / f"{DECK.stem}.ratings.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    _bench("rate_summary").main([str(out)])
    printed = capsys.readouterr().out.strip().splitlines()
    summary = json.loads(printed[-1])
    overall = summary["overall"]
    assert overall["n"] == 4
    assert overall["usable_pct"] == 50.0
    assert overall["at_most_light_edit_pct"] == 75.0
    assert overall["wrong_keys"] == 1
    assert summary["sets"]["tune"]["n"] == 4  # the efficiency lecture is a tuning deck
    assert sum(f["n"] for f in overall["by_type"].values()) == 4
    assert sum(f["n"] for f in overall["by_difficulty"].values()) == 4
    assert any(":3: malformed" in p for p in summary["problems"])
    assert any(f"{len(ids) - 4} draft(s) not rated" in p for p in summary["problems"])


def test_rate_summary_counts_a_draft_repeated_at_another_difficulty_once(tmp_path: Path) -> None:
    base = {"deck": "d", "type": "truefalse", "builder": "true-false", "options": "[]"}
    drafts = [
        {**base, "id": "d-01", "difficulty": "easy", "stem": "A is B.", "key_texts": "['true']"},
        {**base, "id": "d-02", "difficulty": "hard", "stem": "A is B.", "key_texts": "['true']"},
        {**base, "id": "d-03", "difficulty": "hard", "stem": "C is D.", "key_texts": "['true']"},
    ]
    ratings = [
        {"id": "d-01", "rating": "unusable", "key_correct": False, "reason": "Wrong."},
        {"id": "d-02", "rating": "unusable", "key_correct": False, "reason": "Wrong."},
        {"id": "d-03", "rating": "usable", "key_correct": True, "reason": "Fine."},
    ]
    (tmp_path / "d.drafts.jsonl").write_text("\n".join(map(json.dumps, drafts)), encoding="utf-8")
    (tmp_path / "d.ratings.jsonl").write_text("\n".join(map(json.dumps, ratings)), encoding="utf-8")
    overall = _bench("rate_summary").main([str(tmp_path)])["overall"]
    assert isinstance(overall, dict)
    assert (overall["n"], overall["wrong_keys"], overall["usable_pct"]) == (3, 2, 33.3)
    assert overall["distinct"] == {
        "n": 2,
        "usable_pct": 50.0,
        "at_most_light_edit_pct": 50.0,
        "wrong_keys": 1,
    }
