"""Every rated draft of docs/draft_quality/round*/ with the text of the slides its packet
cites: one row per rater and draft (first and second raters; a draft the bench asked at
two difficulties is rated once, its repeats left out). The replay scripts read these
rows to count what a new check refuses, by rating.

Run: .venv/bin/python bench/rated_rows.py [OUT.jsonl]   (prints the counts; writes OUT)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATINGS = ROOT / "docs" / "draft_quality"


def cited_slides(packet: Path) -> dict[str, list[str]]:
    """Draft id → the text of each slide the packet cites for it, in order."""
    if not packet.exists():
        return {}
    out = {}
    for section in packet.read_text(encoding="utf-8").split("\n## ")[1:]:
        ident = section.split("\n", 1)[0].strip()
        cited = section.split("Cited slides:", 1)
        blocks = re.findall(r"```text\n(.*?)```", cited[1], re.S) if len(cited) > 1 else []
        out[ident] = blocks
    return out


def rated_rows(root: Path = RATINGS) -> list[dict]:
    """{round, rater, rating, key_correct, reason, slide, slides, **draft} for every rated
    draft: `slide` is the cited slides' text together, `slides` each one's."""
    rows = []
    for ratings in sorted(root.glob("round*/**/*.ratings.jsonl")):
        rel = str(ratings.relative_to(root))
        match = re.match(r"round(\d+)", rel)
        drafts_file = ratings.with_name(ratings.name.replace(".ratings.", ".drafts."))
        if match is None or "newer" in rel or not drafts_file.exists():
            continue
        drafts = {}
        for line in drafts_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                drafts[d["id"]] = d
        name = ratings.name.replace(".ratings.jsonl", ".md")
        slides = cited_slides(ratings.with_name(name)) or cited_slides(ratings.parent.parent / name)
        for line in ratings.read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            d = drafts.get(r.get("id"))
            if not d or d.get("duplicate_of"):
                continue
            rows.append(
                {
                    "round": int(match.group(1)),
                    "rater": "second" if "second-rater" in rel else "first",
                    "rating": r.get("rating"),
                    "key_correct": bool(r.get("key_correct")),
                    "reason": r.get("reason", ""),
                    "slide": "\n".join(slides.get(d["id"], [])),
                    "slides": slides.get(d["id"], []),
                    **d,
                }
            )
    return rows


def main() -> None:
    rows = rated_rows()
    print(f"{len(rows)} rated drafts; by type {dict(Counter(r['type'] for r in rows))}")
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        print(f"wrote {sys.argv[1]}")


if __name__ == "__main__":
    main()
