"""Replay the option-level checks (models.drafting.option_kinds: `narrower`, and
`DeckPhrases.said_same_or_kind` with the deck's list headings) on the rated multiple
choice drafts: how many rated rows they refuse, by rating (usable / light edit /
unusable / wrong key), and each refused draft with why.

The word check needs only the options. The deck checks read the draft's whole deck,
found by name under the folders given (a row whose deck is not found is counted apart).
The rated drafts are read from docs/draft_quality by bench/rated_rows.py, or from a file
it wrote (--rated).

Run: .venv/bin/python bench/replay_option_levels.py [--rated FILE] [--pdfs DIR ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from itertools import permutations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from draft_quality import deck_slides  # noqa: E402
from rated_rows import rated_rows  # noqa: E402

from models.drafting.facts import extract_facts  # noqa: E402
from models.drafting.option_kinds import DeckPhrases, narrower  # noqa: E402
from models.drafting.slide_units import slide_sentences  # noqa: E402
from models.drafting.words import norm_key  # noqa: E402

_TERM_WORDS = 6  # as checks.option_kind: a longer option says something, it names nothing


def _deck_reader(folders: list[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in folders:
        for pdf in sorted(folder.rglob("*.pdf")):
            if "round32" not in str(pdf):  # held out for blind rating: never read
                found.setdefault(pdf.stem, pdf)
    return found


def _deck_view(path: Path) -> tuple[DeckPhrases, list[tuple[str, frozenset[str]]]]:
    _, slides = deck_slides(path)
    content = [s for s in slides if s.is_content and s.text.strip()]
    sentences = [f" {norm_key(t)} " for s in content for t, _ in slide_sentences(s)]
    lists = [
        (norm_key(f.term), frozenset(norm_key(i) for i in f.items))
        for f in extract_facts(content)
        if f.kind == "list"
    ]
    return DeckPhrases(sentences, [s.text for s in content]), lists


def why_refused(
    options: list[str], keys: list[str], view: tuple[DeckPhrases, list] | None
) -> str:
    """Why the option checks refuse a draft's options, or ""."""
    if len(options) < 2 or any(len(o.split()) > _TERM_WORDS for o in options):
        return ""
    for a, b in permutations(options, 2):
        ka, kb = norm_key(a), norm_key(b)
        if narrower(ka.split(), kb.split()):
            return f"words: “{a}” is a kind of “{b}”"
        if view is None:
            continue
        phrases, lists = view
        if why := phrases.said_same_or_kind(ka, kb):
            return f"deck: {why}"
        if any(head == ka and kb in items for head, items in lists):
            return f"deck: “{b}” is listed under “{a}”"
    return ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rated", type=Path, default=None, help="rows bench/rated_rows.py wrote")
    ap.add_argument("--pdfs", type=Path, nargs="*", default=[ROOT.parent])
    ap.add_argument("--rounds", default="1-99")
    args = ap.parse_args()
    first, last = (int(x) for x in args.rounds.split("-"))
    decks = _deck_reader(args.pdfs)
    views: dict[str, tuple[DeckPhrases, list] | None] = {}
    rows: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    no_deck: Counter[str] = Counter()
    shown: dict[str, tuple[str, str]] = {}
    if args.rated:
        lines = args.rated.read_text(encoding="utf-8").splitlines()
        rated = [json.loads(line) for line in lines if line.strip()]
    else:
        rated = rated_rows()
    for r in rated:
        if r["type"] not in ("mcq", "multi") or not first <= r["round"] <= last:
            continue
        rating = "wrong key" if r.get("key_correct") is False else r["rating"]
        rows[rating] += 1
        deck = r.get("deck", "")
        if deck not in views:
            views[deck] = _deck_view(decks[deck]) if deck in decks else None
        if views[deck] is None:
            no_deck[rating] += 1
        why = why_refused(r["options"], r.get("key_texts", []), views[deck])
        if why:
            refused[rating] += 1
            shown.setdefault(f"{r['stem']} {sorted(r['options'])}", (rating, why))
    for text, (rating, why) in shown.items():
        print(f"  [{rating}] {why}: {text}")
    print(json.dumps({"rows": dict(rows), "refused": dict(refused), "no_deck": dict(no_deck)}))


if __name__ == "__main__":
    main()
