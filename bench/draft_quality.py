"""Blind rating packets, yield and speed of the drafts built from the slides (no model).

For every deck, drafts a fixed mix (6 MCQ, 1 multiple-answer, 2 true/false,
2 short answer) at easy, medium and hard with a fixed seed, and writes:

  OUT/<deck>.md            blind rating packet: each draft as a student sees it,
                           its key and the full text of the slides it cites;
                           nothing says how or at what setting it was made
  OUT/<deck>.drafts.jsonl  the same drafts with their metadata, for the analysis
  OUT/summary.json         yield and speed figures

Yield: per deck, ceil(content slides / 4) drafts asked in a mix of about 55% MCQ,
10% multiple-answer, 20% true/false and 15% short answer (medium); reports
delivered vs asked and drafts per 4 content slides. Speed: drafts per minute,
drafting time only. Raters follow docs/draft_quality/RUBRIC.md and write
OUT/<deck>.ratings.jsonl; bench/rate_summary.py OUT sums them up.
The last line of stdout is one JSON object with the figures.

Run: .venv/bin/python bench/draft_quality.py [--set tune|report|all | --decks a.pdf ...]
                                             [--out docs/draft_quality/latest]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.drafting import (  # noqa: E402
    Draft,
    DraftingError,
    DraftProgress,
    DraftRequest,
    DraftStats,
    content_slides,
    run_drafting,
)
from models.drafting.pipeline import prose_share  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.domain import Difficulty, Question, QuestionType, Slide  # noqa: E402
from storage.semantic import TextEmbedder  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "slides"
FIXTURES = ROOT / "tests" / "fixtures"
HELD_OUT = ROOT / "bench" / "decks"  # never tuned on: see its README
SAMPLE = ROOT / "resources" / "sample"
DEFAULT_OUT = ROOT / "docs" / "draft_quality" / "latest"
SEED = 0
SAMPLE_NAME = "sample"  # stands for resources/sample/*.pdf in a set
# The local embedding model ranks wrong options by meaning, as in the app (None without it,
# or with --no-embeddings: wording alone).
EMBEDDER: TextEmbedder | None = None
# A deck moves from "report" to "tune" once its drafts have been read to change the code
# (the ELTE decks held out in rounds 3, 4 and 5 did, after those rounds); "report" decks
# are only rated.
SETS = {
    "tune": (
        SAMPLE_NAME,
        "yandex-nlp-lecture-efficiency",
        "llm-helsinki-lecture1-intro-llms",
        "gt-nlp-ch02-linear-classification",
        "elte-nlp_3-tokenization",
        "elte-nlp_6-dependency_parsing",
        "elte-nlp_7-lexical_semantics",
        "elte-nlp_10-seq2seq",
        "elte-nlp_2-traditional_pipeline",
        "elte-nlp_4-ngram_lm",
        "elte-nlp_5-classification_and_tagging",
        "elte-nlp_11-transformers",
        "elte-nlp_1-introduction",
        "elte-nlp_8-neural_embeddings",
        "elte-nlp_9-rnn_lm",
        "elte-nlp_12-chatbots",
        # round 7: read to change the code (other universities and fields)
        "hoehle-sm4ide-vaccination",
        "mobleylab-molecular-dynamics",
        "py4e-regular-expressions",
        "tuda-dl4nlp-transformers",
        "datapsl-relational-databases",
        # held out in round 7 (economics, psychology, genomics, IR, ML), read since
        "jstac-econometrics-ols-geometry",
        "crumplab-psyc2530-behaviorism",
        "hbc-rnaseq-experimental-design",
        "tuwien-air-ir-evaluation",
        "lmu-iml-shapley-values",
        "stat479-L14-intro-rnn-part2",
        "yandex-word-alignment-metropolis",
        "elte-nlp_17-tooling",
        # held out in round 8 (epidemiology, software testing, political science,
        # philosophy, statistics, research methods), read since
        "arino-kermack-mckendrick-sir",
        "neu-cs4530-test-adequacy",
        "leeper-survey-experiments-designs",
        "matthews-ethics-kant-duty",
        "kanopka-statcomp-randomization-monte-carlo",
        "vasilescu-empirical-methods-literature-reviews",
        # held out in round 9 (security, networks, finance, optimization, graph
        # algorithms, operating systems, social networks), read since
        "yuzhang-cryptography-block-ciphers",
        "cnp3-networks-vpn",
        "derobertis-finance-dcf-cost-of-capital",
        "lmu-optimization-multicriteria-intro",
        "unimib-graph-algorithms-coloring",
        "docos-operating-systems-file-systems",
        "barbera-css-social-network-diffusion",
        # held out in round 10 (macroeconomics, distributed systems, design patterns,
        # graph compression, Bayesian statistics, sorting) and 11, read since
        "santetti-macro-aggregate-expenditures",
        "neu-cs4530-distributed-systems",
        "neu-cs4530-design-patterns",
        "unimib-graph-compression",
        "talent-bayes-choosing-priors",
        "kanopka-statcomp-sorting-algorithms",
        "ramalho-quantum-information-science",
        # round 12's held-out decks, read after their rating (docs/draft_quality/round12)
        "psychology-human-memory-free-recall-models",
        "philosophy-mind-intro",
        "genetics-association-studies-gwas",
        "physics-statistical-physics-ising",
        "engineering-control-stabilizing-control",
        "statistics-hypothesis-testing",
        "earth-science-seismology-intro",
        "research-software-literate-programming-reproducibility",
        # round 13's, read after their rating (docs/draft_quality/round13)
        "chemistry-drug-discovery-library-searching",
        "physics-nuclear-em-transitions-beta-decay",
        "programming-languages-r-object-oriented",
        "microeconomics-giffen-behavior",
        "psychology-reading-research-qalmri",
        "statistics-multiple-linear-regression",
        "social-science-web-scraping",
        "hci-trends-in-hci",
    ),
    "report": (
        # fresh decks go here until their drafts have been rated and read
        "nyu-dlsp20-04-rnn",
        "nyu-dlsp20-12-ebm",
        "yandex-nlp18-05-structured-learning-ru",
    ),
}
# A deck "written in sentences or bullet phrases" (the decks issue 12's yield target is
# about): at least this share of its lines hold five words or more.
TEXT_DECK_PROSE = 0.15
MIX = {
    QuestionType.MCQ: 6,
    QuestionType.MULTI: 1,
    QuestionType.TRUE_FALSE: 2,
    QuestionType.SHORT: 2,
}
YIELD_SHARES = {
    QuestionType.MCQ: 0.55,
    QuestionType.MULTI: 0.10,
    QuestionType.TRUE_FALSE: 0.20,
    QuestionType.SHORT: 0.15,
}
YIELD_DIFFICULTY = Difficulty.MEDIUM
SLIDE_CAP = 1500  # characters of a cited slide shown to the rater
CODES = {  # short, readable id prefixes; other decks get their initials
    "model-compression-lecture": "mcl",
    "yandex-nlp-lecture-efficiency": "yeff",
    "llm-helsinki-lecture1-intro-llms": "hel",
    "gt-nlp-ch02-linear-classification": "gtlc",
    "stat479-L14-intro-rnn-part2": "s479",
    "yandex-word-alignment-metropolis": "ywa",
    "nyu-dlsp20-04-rnn": "nyrnn",
    "nyu-dlsp20-12-ebm": "nyebm",
    "yandex-nlp18-05-structured-learning-ru": "ysl",
    "elte-nlp_3-tokenization": "etok",
    "elte-nlp_6-dependency_parsing": "edep",
    "elte-nlp_7-lexical_semantics": "elex",
    "elte-nlp_10-seq2seq": "eseq",
    "elte-nlp_2-traditional_pipeline": "epip",
    "elte-nlp_4-ngram_lm": "engr",
    "elte-nlp_5-classification_and_tagging": "ecls",
    "elte-nlp_11-transformers": "etrf",
    "elte-nlp_1-introduction": "eint",
    "elte-nlp_8-neural_embeddings": "eemb",
    "elte-nlp_9-rnn_lm": "ernn",
    "elte-nlp_12-chatbots": "echat",
    "elte-nlp_17-tooling": "etool",
}
CHOICE_TYPES = (QuestionType.MCQ, QuestionType.MULTI)


# --- which decks ---------------------------------------------------------------------------


def set_of(path: Path) -> str | None:
    """The deck set ("tune", "report") a deck belongs to, by file name stem."""
    if path.resolve().parent == SAMPLE.resolve():
        return "tune"
    return next((name for name, stems in SETS.items() if path.stem in stems), None)


def find_deck(name: str) -> list[Path]:
    if name == SAMPLE_NAME:
        return sorted(SAMPLE.glob("*.pdf"))
    for folder in (CORPUS, HELD_OUT, FIXTURES):
        hits = (
            [p for p in sorted(folder.glob("*.pdf")) if p.stem == name] if folder.is_dir() else []
        )
        if hits:
            return hits[:1]
    return []


def decks_for(set_name: str, notes: list[str]) -> list[Path]:
    names = [n for s in (("tune", "report") if set_name == "all" else (set_name,)) for n in SETS[s]]
    paths: list[Path] = []
    for name in names:
        found = find_deck(name)
        if not found:
            notes.append(f"skipped {name}: not found in {CORPUS} or {FIXTURES}")
        paths += found
    return paths


def code_for(stem: str, taken: set[str]) -> str:
    code = CODES.get(stem) or "".join(p[0] for p in stem.lower().split("-") if p[:1].isalnum())
    code = code or "deck"
    unique, n = code, 2
    while unique in taken:
        unique, n = f"{code}{n}", n + 1
    taken.add(unique)
    return unique


# --- drafting ------------------------------------------------------------------------------


def deck_slides(path: Path) -> tuple[str, list[Slide]]:
    deck = read_deck(path)
    slides = [
        Slide(1, i, text, flags)
        for i, (text, flags) in enumerate(zip(deck.pages, deck.flags, strict=True), 1)
    ]
    return deck.title, slides


def draft(
    slides: Sequence[Slide], counts: dict[QuestionType, int], difficulty: Difficulty
) -> tuple[list[Question], float, dict[str, object]]:
    """The delivered drafts, the seconds spent drafting and what the run reported."""
    stats = DraftStats()
    request = DraftRequest(counts=counts, difficulty=difficulty, seed=SEED, strategy="built")
    out: list[Question] = []
    messages: list[str] = []
    t0 = time.perf_counter()
    try:
        for item in run_drafting(slides, request, stats=stats, embedder=EMBEDDER):
            if isinstance(item, Draft):
                out.append(item.question)
            elif isinstance(item, DraftProgress):
                messages.append(item.message)
    except DraftingError as exc:
        messages.append(str(exc))
    secs = time.perf_counter() - t0
    shortfall = messages[-1] if messages and "fewer" in messages[-1] else ""
    info: dict[str, object] = {"rejected": dict(stats.rejected), "shortfall": shortfall}
    return out, secs, info


def yield_counts(n: int) -> dict[QuestionType, int]:
    """`n` drafts split by YIELD_SHARES (largest remainder, ties in listed order)."""
    exact = {t: n * s for t, s in YIELD_SHARES.items()}
    counts = {t: math.floor(v) for t, v in exact.items()}
    order = sorted(exact, key=lambda t: -(exact[t] - counts[t]))
    for t in order[: n - sum(counts.values())]:
        counts[t] += 1
    return {t: c for t, c in counts.items() if c}


def by_type(qs: Sequence[Question]) -> dict[str, int]:
    out: dict[str, int] = {}
    for q in qs:
        out[q.type.value] = out.get(q.type.value, 0) + 1
    return out


# --- the blind packet ----------------------------------------------------------------------


def letter(i: int) -> str:
    return chr(ord("A") + i)


def shown_key(q: Question) -> tuple[str, str]:
    """("Key: B", "B") and so on: the line the rater reads, and the bare key."""
    if q.type in CHOICE_TYPES:
        letters = ", ".join(letter(i) for i, c in enumerate(q.choices) if c.correct)
        label = "Keys" if q.type == QuestionType.MULTI else "Key"
        return f"{label}: {letters}", letters
    if q.type == QuestionType.TRUE_FALSE:
        key = (q.correct_answers[0] if q.correct_answers else "?").capitalize()
        return f"Key: {key}", key
    answers = " | ".join(q.correct_answers)
    return f"Accepted answers: {answers}", answers


def question_lines(q: Question) -> list[str]:
    """The question as a student sees it."""
    lines = [q.stem.strip(), ""]
    if q.type in CHOICE_TYPES:
        if q.type == QuestionType.MULTI:
            lines += ["(Select one or more.)", ""]
        lines += [f"{letter(i)}. {c.text.strip()}" for i, c in enumerate(q.choices)]
    elif q.type == QuestionType.TRUE_FALSE:
        lines.append("True / False")
    else:
        lines.append("(short answer)")
    return lines


def cited_pages(q: Question) -> list[int]:
    pages: list[int] = []
    for ref in q.sources:
        if ref.page not in pages:
            pages.append(ref.page)
    return pages


def slide_block(slides: dict[int, Slide], page: int) -> list[str]:
    slide = slides.get(page)
    text = slide.text.strip() if slide else "(no such page)"
    if len(text) > SLIDE_CAP:
        text = text[:SLIDE_CAP].rstrip() + " […]"
    return [f"Page {page}:", "```text", text.replace("```", "'''"), "```", ""]


def packet(
    title: str, stem: str, items: Sequence[tuple[str, Question]], slides: list[Slide]
) -> str:
    by_page = {s.page: s for s in slides}
    out = [
        f"# {stem}",
        "",
        f"Lecture: {title}. {len(items)} question(s). Rate each one with RUBRIC.md.",
        "",
    ]
    for qid, q in items:
        out += ["---", "", f"## {qid}", ""]
        out += question_lines(q)
        out += ["", shown_key(q)[0], "", "Cited slides:", ""]
        for page in cited_pages(q):
            out += slide_block(by_page, page)
    return "\n".join(out).rstrip() + "\n"


def record(qid: str, stem: str, q: Question, duplicate_of: str | None) -> dict[str, object]:
    return {
        "id": qid,
        "deck": stem,
        "difficulty": q.difficulty.value if q.difficulty else None,
        "type": q.type.value,
        "builder": q.origin.settings.get("builder"),
        "bloom": q.bloom.value if q.bloom else None,
        "stem": q.stem,
        "options": [c.text for c in q.choices] if q.type in CHOICE_TYPES else [],
        "key": shown_key(q)[1],
        "key_texts": list(q.correct_answers),
        "pages": cited_pages(q),
        "duplicate_of": duplicate_of,
    }


# --- one deck ------------------------------------------------------------------------------


def run_deck(path: Path, code: str, out_dir: Path) -> dict[str, object]:
    title, slides = deck_slides(path)
    content = len(content_slides(slides))
    prose = prose_share(content_slides(slides))
    runs: dict[str, object] = {}
    drafted: list[Question] = []
    secs_total = 0.0
    n_total = 0
    for diff in Difficulty:
        qs, secs, info = draft(slides, dict(MIX), diff)
        drafted += qs
        secs_total += secs
        n_total += len(qs)
        runs[diff.value] = {
            "asked": sum(MIX.values()),
            "delivered": len(qs),
            "by_type": by_type(qs),
            "seconds": round(secs, 3),
            **info,
        }
    asked_n = math.ceil(content / 4)
    counts = yield_counts(asked_n)
    yqs, ysecs, yinfo = draft(slides, counts, YIELD_DIFFICULTY) if counts else ([], 0.0, {})
    secs_total += ysecs
    n_total += len(yqs)
    got = by_type(yqs)
    yield_row = {
        "difficulty": YIELD_DIFFICULTY.value,
        "asked": asked_n,
        "delivered": len(yqs),
        "per_4_content_slides": round(4 * len(yqs) / content, 2) if content else 0.0,
        "by_type": {
            t.value: {"asked": c, "delivered": got.get(t.value, 0)} for t, c in counts.items()
        },
        "seconds": round(ysecs, 3),
        **yinfo,
    }

    # Blind order: the order of the runs and of the types within a run says nothing.
    order = list(range(len(drafted)))
    random.Random(path.stem).shuffle(order)
    items = [(f"{code}-{n:02d}", drafted[i]) for n, i in enumerate(order, 1)]
    seen: dict[tuple[object, ...], str] = {}
    records = []
    for qid, q in items:
        same = (q.type, q.stem, tuple((c.text, c.correct) for c in q.choices))
        records.append(record(qid, path.stem, q, seen.get(same)))
        seen.setdefault(same, qid)
    (out_dir / f"{path.stem}.md").write_text(packet(title, path.stem, items, slides), "utf-8")
    with (out_dir / f"{path.stem}.drafts.jsonl").open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({**r, "set": set_of(path)}, ensure_ascii=False) + "\n")
    return {
        "deck": path.stem,
        "set": set_of(path),
        "path": _rel(path),
        "pages": len(slides),
        "content_slides": content,
        "prose_share": round(prose, 2),
        "text_deck": prose >= TEXT_DECK_PROSE,
        "packet": _rel(out_dir / f"{path.stem}.md"),
        "packet_drafts": len(items),
        "repeated_drafts": sum(1 for r in records if r["duplicate_of"]),
        "mix": runs,
        "yield": yield_row,
        "speed": {
            "drafts": n_total,
            "seconds": round(secs_total, 3),
            "per_minute": round(60 * n_total / secs_total, 1) if secs_total else None,
        },
    }


def _rel(path: Path) -> str:
    """`path` relative to the project (summaries are committed; no machine's folders in them)."""
    return os.path.relpath(path.resolve(), ROOT)


def _aggregate(rows: Sequence[dict[str, object]]) -> dict[str, object]:
    def y(r: dict[str, object], k: str) -> int:
        v = r["yield"]
        assert isinstance(v, dict)
        return int(v[k])

    def s(r: dict[str, object], k: str) -> float:
        v = r["speed"]
        assert isinstance(v, dict)
        return float(v[k])

    content = sum(int(str(r["content_slides"])) for r in rows)
    asked, got = sum(y(r, "asked") for r in rows), sum(y(r, "delivered") for r in rows)
    text = [r for r in rows if r.get("text_deck")]
    text_content = sum(int(str(r["content_slides"])) for r in text)
    text_got = sum(y(r, "delivered") for r in text)
    drafts, secs = sum(s(r, "drafts") for r in rows), sum(s(r, "seconds") for r in rows)
    return {
        "decks": len(rows),
        "packet_drafts": sum(int(str(r["packet_drafts"])) for r in rows),
        "mix_asked": sum(3 * sum(MIX.values()) for _ in rows),
        "content_slides": content,
        "yield_asked": asked,
        "yield_delivered": got,
        "yield_share": round(got / asked, 3) if asked else None,
        "per_4_content_slides": round(4 * got / content, 2) if content else None,
        "text_decks": len(text),
        "text_decks_per_4_content_slides": (
            round(4 * text_got / text_content, 2) if text_content else None
        ),
        "drafts": int(drafts),
        "drafting_seconds": round(secs, 2),
        "drafts_per_minute": round(60 * drafts / secs, 1) if secs else None,
    }


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main(argv: Sequence[str] | None = None) -> dict[str, object]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    pick = ap.add_mutually_exclusive_group()
    pick.add_argument("--decks", nargs="+", type=Path, help="deck files")
    pick.add_argument("--set", choices=["tune", "report", "all"], default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--no-embeddings", action="store_true", help="rank wrong options by wording alone"
    )
    args = ap.parse_args(argv)
    notes: list[str] = []
    global EMBEDDER
    if EMBEDDER is None and not args.no_embeddings:
        from models.embeddings import try_load_embedder

        EMBEDDER, why = try_load_embedder()
        if EMBEDDER is None:
            notes.append(f"wrong options ranked by wording alone: {why}")
    if args.decks:
        paths = []
        for p in args.decks:
            if p.is_file():
                paths.append(p)
            else:
                notes.append(f"skipped {p}: no such file")
    else:
        paths = decks_for(args.set or "all", notes)
    # The same file under two names (the sample lecture is a corpus deck) is drafted once.
    unique: list[Path] = []
    hashes: dict[str, Path] = {}
    for p in paths:
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        if digest in hashes:
            notes.append(f"skipped {p.name}: same file as {hashes[digest].name}")
            continue
        hashes[digest] = p
        unique.append(p)
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    for note in notes:
        print(f"note: {note}")
    rows: list[dict[str, object]] = []
    taken: set[str] = set()
    for path in unique:
        row = run_deck(path, code_for(path.stem, taken), out_dir)
        rows.append(row)
        mix = row["mix"]
        yr = row["yield"]
        sp = row["speed"]
        assert isinstance(mix, dict) and isinstance(yr, dict) and isinstance(sp, dict)
        print(
            f"\n=== {path.stem} [{row['set'] or '-'}]  {row['pages']} pages, "
            f"{row['content_slides']} content slides, "
            + (
                "written in sentences or bullet phrases"
                if row["text_deck"]
                else "mostly figures, formulas or labels"
            )
            + f" (prose share {row['prose_share']})"
        )
        for diff, r in mix.items():
            print(
                f"  mix {diff:6} {r['delivered']:2}/{r['asked']} drafts {r['by_type']}"
                + (f"  ({r['shortfall']})" if r["shortfall"] else "")
            )
        print(
            f"  yield  {yr['delivered']}/{yr['asked']} asked (medium) = "
            f"{yr['per_4_content_slides']} drafts per 4 content slides  "
            + ", ".join(f"{t} {v['delivered']}/{v['asked']}" for t, v in yr["by_type"].items())
        )
        print(
            f"  speed  {sp['drafts']} drafts in {sp['seconds']:.2f}s = "
            f"{sp['per_minute']} drafts/min"
        )
        print(
            f"  packet {row['packet']} ({row['packet_drafts']} drafts, "
            f"{row['repeated_drafts']} repeated)"
        )
    summary: dict[str, object] = {
        "commit": _commit(),
        "seed": SEED,
        "mix": {t.value: n for t, n in MIX.items()},
        "notes": notes,
        "overall": _aggregate(rows),
        "sets": {
            name: _aggregate([r for r in rows if r["set"] == name])
            for name in SETS
            if any(r["set"] == name for r in rows)
        },
        "per_deck": {str(r["deck"]): r for r in rows},
    }
    (out_dir / "summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", "utf-8"
    )
    sets = summary["sets"]
    assert isinstance(sets, dict)
    for name, o in [*sets.items(), ("ALL", summary["overall"])]:
        assert isinstance(o, dict)
        print(
            f"\n{name.upper():6} {o['decks']} decks, {o['packet_drafts']}/{o['mix_asked']} mix "
            f"drafts; yield {o['yield_delivered']}/{o['yield_asked']} = "
            f"{o['per_4_content_slides']} per 4 content slides "
            f"({o['text_decks_per_4_content_slides']} on its {o['text_decks']} decks written in "
            f"sentences or bullet phrases); {o['drafts_per_minute']} drafts/min"
        )
    print(json.dumps(summary, ensure_ascii=False))
    return summary


if __name__ == "__main__":
    main()
