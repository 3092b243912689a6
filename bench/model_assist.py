"""Does the bundled model help the drafts built in code? Measured, not assumed.

Two ways a 135M model could help built drafts (issue #4): rephrasing a stem so
it reads less like a template, and choosing the better of two candidate
questions on the same slides. For each, this prints how often the model's
answer is usable, checked in code:

- rephrase: the reply is one question ending in "?", keeps every quoted slide
  phrase word for word (the grounding depends on them), brings in no content
  word that is in neither the stem nor the slides (no invented facts), is no
  more than 1.6× as long, and the rephrased draft still validates and grounds;
- choose: the model is shown two drafts, one of them with a known defect
  (a distractor replaced by a copy of the key's words shuffled, or the stem
  cut in the middle); usable = it picks the sound one, against 50% by chance.

With the bundled model the pipeline keeps the built drafts as they are when
these rates are low (models/drafting/pipeline.py); the figures are the reason.

Run: .venv/bin/python bench/model_assist.py [--n 30]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.bundled import ensure_bundled_model  # noqa: E402
from models.drafting.built import build_drafts  # noqa: E402
from models.drafting.grounding import ground  # noqa: E402
from models.drafting.validation import errors, validate  # noqa: E402
from models.drafting.words import (  # noqa: E402
    content_tokens,
)
from models.engine import GenerationSettings  # noqa: E402
from models.gpt4all_engine import Gpt4AllEngine  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.domain import Choice, Difficulty, Question, QuestionType, Slide  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "slides"
FIXTURES = ROOT / "tests" / "fixtures"
SETTINGS = GenerationSettings(max_tokens=80, temperature=0.2, seed=1)

# One worked example: the model's best chance to see what is wanted.
REPHRASE = (
    "Rewrite the exam question so that it reads naturally. Keep every phrase in "
    "“quotes” exactly as it is. Do not answer it.\n\n"
    "Question: Which term is described on the slides as “a fixed-size vector for each word”?\n"
    "Rewritten: Which term do the slides use for “a fixed-size vector for each word”?\n\n"
    "Question: {stem}\nRewritten:"
)
CHOOSE = (
    "Which exam question is better written and correct, A or B? Reply with one letter.\n\n"
    "A: {a}\n\nB: {b}\n\nAnswer:"
)


def deck_slides(path: Path, deck_id: int) -> list[Slide]:
    deck = read_deck(path)
    return [
        Slide(deck_id, i, text, flags)
        for i, (text, flags) in enumerate(zip(deck.pages, deck.flags, strict=True), 1)
    ]


def drafts(n: int) -> list[tuple[Question, list[Slide]]]:
    paths = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else sorted(FIXTURES.glob("*.pdf"))
    out: list[tuple[Question, list[Slide]]] = []
    counts = {QuestionType.MCQ: 4, QuestionType.TRUE_FALSE: 2, QuestionType.SHORT: 2}
    for d, path in enumerate(paths, 1):
        slides = deck_slides(path, d)
        out += [(q, slides) for q in build_drafts(slides, counts, Difficulty.MEDIUM, seed=d)]
    random.Random(7).shuffle(out)
    return out[:n]


def as_text(q: Question) -> str:
    letters = "ABCDEFG"
    options = " ".join(f"({letters[i]}) {c.text}" for i, c in enumerate(q.choices))
    return f"{q.stem} {options}" if q.type is QuestionType.MCQ else q.stem


def rephrase_ok(q: Question, reply: str, slides: list[Slide]) -> tuple[bool, str]:
    text = " ".join(reply.strip().split("\n")[0].split()).strip('"')
    # a true/false item is a statement, the others a question
    wants_question = q.stem.rstrip().endswith(("?", "”"))
    if wants_question and (not text.endswith("?") or text.count("?") > 1):
        return False, "not one question"
    if not wants_question and (not text or "?" in text):
        return False, "not one statement"
    for quoted in re.findall(r"“([^”]+)”", q.stem):
        if quoted not in text:
            return False, "changed a quoted slide phrase"
    known = set(content_tokens(q.stem)) | {t for s in slides for t in content_tokens(s.text)}
    new = [t for t in content_tokens(text) if t not in known]
    if new:
        return False, "brought in new words: " + ", ".join(new[:3])
    if len(text) > 1.6 * len(q.stem):
        return False, "much longer"
    q2 = replace(q, stem=text)
    if errors(validate(q2)) or not ground(q2, slides).supported:
        return False, "fails the checks"
    return True, ""


def broken(q: Question, rng: random.Random) -> Question:
    """The same draft with a defect the checks would catch."""
    if q.type is QuestionType.MCQ and len(q.choices) > 2:
        key = next(c for c in q.choices if c.correct)
        words = key.text.split()
        rng.shuffle(words)
        wrong = [c for c in q.choices if not c.correct]
        wrong[0] = Choice(" ".join(words), 0.0)  # a distractor that is the key jumbled
        return replace(q, choices=(key, *wrong))
    cut = q.stem.split()
    return replace(q, stem=" ".join(cut[: max(3, len(cut) // 2)]))  # stem cut short


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30, help="drafts to try each way on")
    args = ap.parse_args()
    engine = Gpt4AllEngine(ensure_bundled_model())
    sample = drafts(args.n)
    rng = random.Random(3)
    print(f"{len(sample)} built drafts from the corpus decks; model: {engine.info.name}\n")

    start = time.perf_counter()
    usable, reasons, shown = 0, {}, 0
    for q, slides in sample:
        reply = engine.generate("", REPHRASE.format(stem=q.stem), SETTINGS)
        ok, why = rephrase_ok(q, reply, slides)
        usable += ok
        if not ok:
            key = why.split(":")[0]
            reasons[key] = reasons.get(key, 0) + 1
        if shown < 4:
            shown += 1
            print(
                f"  stem:  {q.stem}\n  model: {reply.strip()[:200]}\n"
                f"  -> {'usable' if ok else why}\n"
            )
    rephrase_s = time.perf_counter() - start

    start = time.perf_counter()
    right = 0
    for i, (q, _slides) in enumerate(sample):
        bad = broken(q, rng)
        good_first = i % 2 == 0  # the sound draft is A half of the time
        a, b = (q, bad) if good_first else (bad, q)
        reply = engine.generate("", CHOOSE.format(a=as_text(a), b=as_text(b)), SETTINGS)
        letter = next((ch for ch in reply.upper() if ch in "AB"), "")
        right += letter == ("A" if good_first else "B")
    choose_s = time.perf_counter() - start
    engine.close()

    n = max(1, len(sample))
    print(
        f"rephrase: {usable}/{len(sample)} usable ({usable / n:.0%}); rejected: {reasons}; "
        f"{rephrase_s / n:.2f} s per draft"
    )
    print(
        f"choose:   {right}/{len(sample)} picked the sound draft ({right / n:.0%}; chance 50%); "
        f"{choose_s / n:.2f} s per pair"
    )
    print(
        json.dumps(
            {
                "drafts": len(sample),
                "rephrase_usable": usable,
                "rephrase_rate": round(usable / n, 3),
                "rephrase_rejected": reasons,
                "rephrase_s_per_draft": round(rephrase_s / n, 2),
                "choose_right": right,
                "choose_rate": round(right / n, 3),
                "choose_s_per_pair": round(choose_s / n, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
