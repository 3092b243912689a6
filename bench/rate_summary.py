"""Sum up blind ratings of the packets written by bench/draft_quality.py.

Reads OUT/<deck>.ratings.jsonl (one JSON object a line: {"id", "rating":
"usable" | "light edit" | "unusable", "key_correct": true | false, "reason"}),
joins each rating with OUT/<deck>.drafts.jsonl and prints, per deck, per deck
set (tune, report) and overall: drafts rated, % usable as they stand, % usable
with at most a light edit and wrong keys, then the same by builder, difficulty
and question type. The bench asks each deck at three difficulties, and a draft
that comes back the same at two of them is rated twice: "distinct" counts each
(deck, type, stem, options, key) once, with its first rating. Ratings that are
malformed, repeated or for unknown ids, and drafts with no rating, are listed,
never fatal. The last line of stdout is
one JSON object with the figures.

Run: .venv/bin/python bench/rate_summary.py docs/draft_quality/latest
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

RATINGS = ("usable", "light edit", "unusable")
BREAKDOWNS = ("builder", "difficulty", "type")
SET_ORDER = ("tune", "report")


def figures(rows: Iterable[dict[str, object]]) -> dict[str, object]:
    rows = list(rows)
    n = len(rows)
    usable = sum(1 for r in rows if r["rating"] == "usable")
    light = sum(1 for r in rows if r["rating"] == "light edit")
    return {
        "n": n,
        "usable_pct": round(100 * usable / n, 1) if n else None,
        "at_most_light_edit_pct": round(100 * (usable + light) / n, 1) if n else None,
        "wrong_keys": sum(1 for r in rows if r["key_correct"] is False),
    }


def distinct(rows: Iterable[dict[str, object]]) -> list[dict[str, object]]:
    """Each draft once: the same question drafted at another difficulty is no new draft."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for r in rows:
        ident = tuple(str(r.get(k)) for k in ("deck", "type", "stem", "options", "key_texts"))
        if ident not in seen:
            seen.add(ident)
            out.append(r)
    return out


def with_breakdowns(rows: Sequence[dict[str, object]]) -> dict[str, object]:
    out = figures(rows)
    out["distinct"] = figures(distinct(rows))
    for field in BREAKDOWNS:
        groups: dict[str, list[dict[str, object]]] = {}
        for r in rows:
            groups.setdefault(str(r.get(field)), []).append(r)
        out[f"by_{field}"] = {k: figures(v) for k, v in sorted(groups.items())}
    return out


def _problem(line: str) -> tuple[dict[str, object] | None, str]:
    """The rating on a line, or None and what is wrong with it."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    if not isinstance(obj, dict):
        return None, "not a JSON object"
    if not isinstance(obj.get("id"), str) or not obj["id"]:
        return None, "no id"
    if obj.get("rating") not in RATINGS:
        return None, f"rating {obj.get('rating')!r} is not one of {', '.join(RATINGS)}"
    if not isinstance(obj.get("key_correct"), bool):
        return None, f"key_correct {obj.get('key_correct')!r} is not true or false"
    return obj, ""


def read_jsonl(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(i, ln) for i, ln in enumerate(lines, 1) if ln.strip()]


def collect(out_dir: Path) -> tuple[list[dict[str, object]], list[str], dict[str, object]]:
    """The rated drafts (metadata + rating), the problems found, and coverage per deck."""
    rated: list[dict[str, object]] = []
    problems: list[str] = []
    coverage: dict[str, object] = {}
    drafts_files = sorted(out_dir.glob("*.drafts.jsonl"))
    decks = {p.name.removesuffix(".drafts.jsonl") for p in drafts_files}
    for p in sorted(out_dir.glob("*.ratings.jsonl")):
        if p.name.removesuffix(".ratings.jsonl") not in decks:
            problems.append(f"{p.name}: no matching .drafts.jsonl; ignored")
    for dpath in drafts_files:
        deck = dpath.name.removesuffix(".drafts.jsonl")
        meta: dict[str, dict[str, object]] = {}
        for lineno, line in read_jsonl(dpath):
            try:
                obj = json.loads(line)
                meta[str(obj["id"])] = obj
            except (json.JSONDecodeError, TypeError, KeyError):
                problems.append(f"{dpath.name}:{lineno}: unreadable draft line; skipped")
        rpath = out_dir / f"{deck}.ratings.jsonl"
        if not rpath.exists():
            coverage[deck] = {"drafts": len(meta), "rated": 0, "ratings_file": False}
            problems.append(f"{deck}: no ratings file ({rpath.name})")
            continue
        seen: set[str] = set()
        bad = 0
        for lineno, line in read_jsonl(rpath):
            obj, why = _problem(line)
            where = f"{rpath.name}:{lineno}"
            if obj is None:
                problems.append(f"{where}: malformed, {why}: {line[:80]}")
                bad += 1
                continue
            qid = str(obj["id"])
            if qid not in meta:
                problems.append(f"{where}: unknown id {qid}")
                bad += 1
                continue
            if qid in seen:
                problems.append(f"{where}: second rating for {qid}; the first one counts")
                bad += 1
                continue
            seen.add(qid)
            rated.append(
                {
                    **meta[qid],
                    **{k: obj[k] for k in ("rating", "key_correct")},
                    "reason": str(obj.get("reason", "")),
                }
            )
        missing = [qid for qid in meta if qid not in seen]
        if missing:
            problems.append(f"{deck}: {len(missing)} draft(s) not rated: {', '.join(missing)}")
        coverage[deck] = {
            "drafts": len(meta),
            "rated": len(seen),
            "missing": missing,
            "bad_lines": bad,
            "ratings_file": True,
        }
    return rated, problems, coverage


def _pct(v: object) -> str:
    return "   -  " if v is None else f"{v:5.1f}%"


def _line(label: str, f: dict[str, object], width: int = 28) -> str:
    return (
        f"{label:{width}} n={f['n']:<3} usable {_pct(f['usable_pct'])}  "
        f"≤ light edit {_pct(f['at_most_light_edit_pct'])}  wrong keys {f['wrong_keys']}"
    )


def _print_block(title: str, f: dict[str, object]) -> None:
    print(f"\n=== {title}")
    print(_line("all", f))
    one_each = f["distinct"]
    assert isinstance(one_each, dict)
    print(_line("  distinct drafts", one_each))
    for field in BREAKDOWNS:
        groups = f[f"by_{field}"]
        assert isinstance(groups, dict)
        for k, g in groups.items():
            print(_line(f"  {field} {k}", g))


def main(argv: Sequence[str] | None = None) -> dict[str, object]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path, help="folder written by bench/draft_quality.py")
    args = ap.parse_args(argv)
    out_dir: Path = args.out_dir
    if not out_dir.is_dir():
        print(f"{out_dir}: no such folder", file=sys.stderr)
        raise SystemExit(2)
    rated, problems, coverage = collect(out_dir)
    decks = sorted({str(r["deck"]) for r in rated})
    per_deck = {d: with_breakdowns([r for r in rated if r["deck"] == d]) for d in decks}
    sets = {
        s: with_breakdowns([r for r in rated if r.get("set") == s])
        for s in SET_ORDER
        if any(r.get("set") == s for r in rated)
    }
    overall = with_breakdowns(rated)
    for d, f in per_deck.items():
        c = coverage[d]
        assert isinstance(c, dict)
        _print_block(f"{d} ({c['rated']} of {c['drafts']} drafts rated)", f)
    for s, f in sets.items():
        _print_block(f"set {s}", f)
    _print_block("overall", overall)
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print(f"  {p}")
    summary = {
        "overall": overall,
        "sets": sets,
        "per_deck": per_deck,
        "coverage": coverage,
        "problems": problems,
    }
    print(json.dumps(summary, ensure_ascii=False))
    return summary


if __name__ == "__main__":
    main()
