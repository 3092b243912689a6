"""How many pages each import flag takes, per deck and over all decks.

Flagged pages (title, empty, agenda, closing, overlay: storage/page_flags.py) are
left out by the slide finder and by drafting, so a flag that takes a content page
costs both. Reads every PDF in bench/decks and ../shared/corpus/slides (each file
once) as an import does and prints a line per deck and the totals; --show FLAG
lists the pages FLAG took with their first words, to read whether they are content.

Run: .venv/bin/python bench/flag_counts.py [--show title] [--json OUT]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.decks import read_deck  # noqa: E402

FLAGS = ("title", "empty", "agenda", "closing", "overlay")
FOLDERS = (
    ROOT / "bench" / "decks",
    next(
        (c for c in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if c.is_dir()),
        ROOT.parent / "shared",
    )
    / "corpus"
    / "slides",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", choices=FLAGS, help="list the pages this flag took")
    ap.add_argument("--json", type=Path, help="write per-deck flags here")
    args = ap.parse_args()
    seen: set[str] = set()
    total: Counter[str] = Counter()
    per_deck: dict[str, list[list[str]]] = {}
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.pdf")) if folder.is_dir() else []:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            deck = read_deck(path)
            counts = Counter(f for page in deck.flags for f in page)
            counts["pages"] = deck.page_count
            counts["flagged"] = sum(1 for page in deck.flags if page)
            total.update(counts)
            per_deck[path.stem] = [list(f) for f in deck.flags]
            print(
                f"{path.stem[:40]:<40} "
                + " ".join(f"{k} {counts[k]}" for k in ("pages", "flagged", *FLAGS))
            )
            if args.show:
                for page, (flags, text) in enumerate(zip(deck.flags, deck.pages, strict=True), 1):
                    if args.show in flags:
                        words = " | ".join(text.split("\n"))[:90]
                        print(f"    p{page:<4} {','.join(flags):<20} {words}")
    print(
        f"ALL {len(per_deck)} decks: "
        + ", ".join(f"{k} {total[k]}" for k in ("pages", "flagged", *FLAGS))
    )
    if args.json:
        args.json.write_text(json.dumps(per_deck), encoding="utf-8")


if __name__ == "__main__":
    main()
