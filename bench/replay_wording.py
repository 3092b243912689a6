"""Replay the statement wording rules on rated true/false drafts (no PDFs needed).

The rated packets (docs/draft_quality/roundN/<deck>.md) hold each true/false statement
with the text of the slides it cites. This applies the rules that polish a statement
(models.drafting.wording: agree_verb, with_article, lower_title_case; models.drafting.frames:
named_in_full, in_its_model; models.drafting.abbreviations.spell_out; and
models.drafting.slide_units.runs_on, which refuses a sentence cut before its symbol) to
every rated statement, with the cited slides as context, and prints each statement that
changes beside both raters' ratings: what the rules fix, and what they touch that raters
had found usable.

Run: .venv/bin/python bench/replay_wording.py [--rounds 15-22]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.drafting.abbreviations import spell_out  # noqa: E402
from models.drafting.frames import in_its_model, named_in_full  # noqa: E402
from models.drafting.slide_units import runs_on  # noqa: E402
from models.drafting.wording import (  # noqa: E402
    agree_verb,
    lower_title_case,
    with_article,
)

RATED = ROOT / "docs" / "draft_quality"


def ratings(rounds: range) -> dict[tuple[int, str], list[str]]:
    out: dict[tuple[int, str], list[str]] = {}
    for r in rounds:
        folder = RATED / f"round{r}"
        files = [*folder.glob("*.ratings.jsonl"), *folder.glob("second-rater/*.ratings.jsonl")]
        for f in sorted(files):
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    d = json.loads(line)
                    out.setdefault((r, d["id"]), []).append(d["rating"])
    return out


def polished(stem: str, slides: list[str]) -> str:
    context = "\n".join(slides)
    title = slides[0].split("\n")[0] if slides else ""
    text = lower_title_case(with_article(agree_verb(stem), context), context)
    text = spell_out(text, context)  # the cited slides stand in for the deck
    text = named_in_full(text, title, slides[0] if slides else "")
    return in_its_model(text, title, slides[0] if slides else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", default="15-22", help="first-last round, e.g. 15-22")
    args = ap.parse_args(argv)
    first, _, last = args.rounds.partition("-")
    rounds = range(int(first), int(last or first) + 1)
    rated = ratings(rounds)
    seen: set[str] = set()
    statements = changed = 0
    for r in rounds:
        for packet in sorted((RATED / f"round{r}").glob("*.md")):
            if packet.name == "SOURCES.md":
                continue
            for block in re.split(r"\n## ", packet.read_text(encoding="utf-8"))[1:]:
                draft_id, _, body = block.partition("\n")
                if "True / False" not in body:
                    continue
                stem = body.strip().split("\n\nTrue / False")[0].strip()
                statements += 1
                if stem in seen:
                    continue
                seen.add(stem)
                slides = re.findall(r"```text\n(.*?)```", block, re.S)
                new = polished(stem, slides)
                cut = any(runs_on(stem, s) for s in slides)
                if new == stem and not cut:
                    continue
                changed += 1
                verdicts = "/".join(rated.get((r, draft_id.strip()), ["?"]))
                note = " not used: cut short" if cut else ""
                print(f"round {r} {draft_id.strip()} [{verdicts}]{note}")
                print(f"   {stem}")
                if new != stem:
                    print(f"-> {new}")
    print(f"{statements} rated statements ({len(seen)} distinct), {changed} changed")
    print(json.dumps({"rated_statements": statements, "distinct": len(seen), "changed": changed}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
