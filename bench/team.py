"""A department's bank: PostgreSQL and SQLite side by side on one machine.

For each backend: N questions (default 100,000) made from real text as bench/bank.py
makes them; search p50/p95, near-duplicate check p95, browser page load (ordered ids
and the first page of rows); then W writer processes (default 8) adding and editing
for S seconds (default 60) while R readers (default 4) search: commits per second,
p95 commit latency, and a final count check that proves no write was lost (every add
is in the bank, every writer's last edit is what the bank holds). Some edits go to
questions all writers share, saved from a copy read a moment earlier: a colleague's
save in between must be refused (`conflicts_detected`), and no two saves may build on
the same version (`conflicts_missed`, target 0).

Targets: search p95 < 50 ms on both, 0 lost writes, every conflicting edit detected.

PostgreSQL: a throw-away server started here (tests/pg_server.py, Debian's server
programs), or --url of an empty database.

Run: .venv/bin/python bench/team.py [--n 100000] [--seconds 60] [--backend both]
Prints readable figures and, as its last line, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bank import edited_copy, make_questions, percentile, real_sentences  # noqa: E402
from storage.bank import QuestionBank  # noqa: E402
from storage.database import open_bank  # noqa: E402
from storage.domain import QuestionFilter, SortKey  # noqa: E402
from storage.question_history import EditConflictError  # noqa: E402


def _queries(sentences: list[str], rnd: random.Random, n: int = 300) -> list[str]:
    import re

    words = sorted({w for s in sentences for w in re.findall(r"[A-Za-zÀ-ÿ][\w-]{3,}", s)})
    out = []
    for _ in range(n):
        picked = rnd.sample(words, rnd.choice((1, 1, 2, 2, 3)))
        if rnd.random() < 0.3:  # typed so far: a prefix
            picked[-1] = picked[-1][: max(3, len(picked[-1]) // 2)]
        out.append(" ".join(picked))
    return out


def _single_user(target: str, n: int, sentences: list[str], seed: int) -> dict[str, Any]:
    rnd = random.Random(seed)
    questions = list(make_questions(n, sentences, rnd))
    with open_bank(target) as bank:
        service = QuestionBank(bank)
        t = time.perf_counter()
        for i in range(0, len(questions), 2000):
            service.add_many(questions[i : i + 2000])
        insert_s = time.perf_counter() - t
        search_ms = []
        for q in _queries(sentences, rnd):
            t = time.perf_counter()
            service.search(q)
            search_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        service.dedup_index()
        index_s = time.perf_counter() - t
        probes = [edited_copy(rnd.choice(questions), rnd) for _ in range(100)]
        probes += list(make_questions(100, sentences, random.Random(seed + 1)))
        dup_ms = []
        for q in probes:
            t = time.perf_counter()
            service.find_duplicates(q)
            dup_ms.append((time.perf_counter() - t) * 1000)
        page_ms = []
        for sort in (SortKey.ID, SortKey.UPDATED, SortKey.ID, SortKey.UPDATED, SortKey.ID):
            fresh = QuestionBank(bank)  # what a window opening the browser does
            t = time.perf_counter()
            ids = fresh.ordered_ids(QuestionFilter(), sort, True)
            fresh.summaries(ids[:200])
            page_ms.append((time.perf_counter() - t) * 1000)
    return {
        "insert_per_s": round(n / insert_s),
        "search_p50_ms": round(percentile(search_ms, 50), 2),
        "search_p95_ms": round(percentile(search_ms, 95), 2),
        "dup_check_p95_ms": round(percentile(dup_ms, 95), 2),
        "dedup_index_build_s": round(index_s, 2),
        "page_load_ms": round(sorted(page_ms)[len(page_ms) // 2], 1),
    }


def _writer(target: str, env: dict[str, str], wid: int, seconds: float, sentences: list[str],
            out: Any, shared: list[int]) -> None:  # fmt: skip
    os.environ.update(env)
    rnd = random.Random(1000 + wid)
    latencies: list[float] = []
    added: list[int] = []
    last_edit: dict[int, str] = {}
    shared_saves: list[tuple[int, int, bool]] = []  # (question, version read, saved?)
    conflicts = 0
    failures = 0
    gen = make_questions(10_000_000, sentences, rnd)
    with open_bank(target) as bank:
        service = QuestionBank(bank)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                t = time.perf_counter()
                if shared and rnd.random() < 0.2:
                    # a question every writer edits, saved from a copy read a moment ago
                    qid = rnd.choice(shared)
                    q = service.get_many([qid])[0]
                    time.sleep(rnd.uniform(0, 0.02))
                    try:
                        service.update(replace(q, stem=f"{q.stem.split(' [shared ')[0]}"
                                                        f" [shared {wid}-{len(latencies)}]"))
                        shared_saves.append((qid, q.version, True))
                    except EditConflictError:
                        conflicts += 1
                        shared_saves.append((qid, q.version, False))
                elif not added or rnd.random() < 0.5:
                    q = next(gen)
                    added.append(service.add_many([replace(q, tags=(*q.tags, f"writer{wid}"))])[0])
                else:
                    qid = rnd.choice(added)
                    q = service.get_many([qid])[0]
                    stem = f"{q.stem.split(' [edit ')[0]} [edit {wid}-{len(latencies)}]"
                    service.update(replace(q, stem=stem))
                    last_edit[qid] = stem
                latencies.append((time.perf_counter() - t) * 1000)
            except Exception:  # a refused write counts; the check below finds lost ones
                failures += 1
    out.put({"latencies": latencies, "added": added, "last_edit": last_edit,
             "failures": failures, "conflicts": conflicts,
             "shared_saves": shared_saves})  # fmt: skip


def _reader(target: str, env: dict[str, str], rid: int, seconds: float, queries: list[str],
            out: Any) -> None:  # fmt: skip
    os.environ.update(env)
    latencies = []
    with open_bank(target) as bank:
        service = QuestionBank(bank)
        end = time.monotonic() + seconds
        i = rid
        while time.monotonic() < end:
            t = time.perf_counter()
            service.search(queries[i % len(queries)])
            latencies.append((time.perf_counter() - t) * 1000)
            i += 1
    out.put({"latencies": latencies})


def _team(target: str, writers: int, readers: int, seconds: float, sentences: list[str]
          ) -> dict[str, Any]:  # fmt: skip
    ctx = mp.get_context("spawn")
    w_out, r_out = ctx.Queue(), ctx.Queue()
    env = {k: v for k, v in os.environ.items() if k.startswith(("PG", "QUIZWRIGHT"))}
    with open_bank(target) as bank:
        before = QuestionBank(bank).count()
        shared = QuestionBank(bank).ordered_ids()[:20]  # the questions every writer edits
    queries = _queries(sentences, random.Random(7), 200)
    procs = [ctx.Process(target=_writer, args=(target, env, i, seconds, sentences, w_out,
                                               shared))
             for i in range(writers)]  # fmt: skip
    procs += [ctx.Process(target=_reader, args=(target, env, i, seconds, queries, r_out))
              for i in range(readers)]  # fmt: skip
    for p in procs:
        p.start()
    results = [w_out.get() for _ in range(writers)]
    reads = [r_out.get() for _ in range(readers)]
    for p in procs:
        p.join()
    commits = [x for r in results for x in r["latencies"]]
    added = [i for r in results for i in r["added"]]
    edits = {k: v for r in results for k, v in r["last_edit"].items()}
    with open_bank(target) as bank:
        service = QuestionBank(bank)
        after = service.count()
        held = {q.id: q.stem for q in service.get_many(sorted(edits))}
    lost_adds = before + len(added) - after
    lost_edits = sum(1 for qid, stem in edits.items() if held.get(qid) != stem)
    search = [x for r in reads for x in r["latencies"]]
    # two saves built on one version: the second overwrote the first unseen
    bases = Counter((qid, v) for r in results for qid, v, ok in r["shared_saves"] if ok)
    missed = sum(n - 1 for n in bases.values() if n > 1)
    return {
        "commits_per_s": round(len(commits) / seconds, 1),
        "commit_p95_ms": round(percentile(commits, 95), 1) if len(commits) > 1 else None,
        "refused_writes": sum(r["failures"] for r in results),
        "lost_writes": lost_adds + lost_edits,
        "count_check": f"{before:,} + {len(added):,} added = {after:,} in the bank",
        "search_under_load_p95_ms": round(percentile(search, 95), 1) if len(search) > 1 else None,
        "conflicts_detected": sum(r["conflicts"] for r in results),
        "conflicts_missed": missed,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--readers", type=int, default=4)
    ap.add_argument("--backend", choices=("both", "sqlite", "postgresql"), default="both")
    ap.add_argument("--url", help="an empty PostgreSQL database (default: a throw-away server)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    sentences = real_sentences()
    print(f"{len(sentences):,} real sentences; {args.n:,} questions per backend; "
          f"{args.writers} writers + {args.readers} readers for {args.seconds:g} s")  # fmt: skip
    figures: dict[str, Any] = {"questions": args.n, "seconds": args.seconds,
                               "writers": args.writers, "readers": args.readers}  # fmt: skip
    tmp = tempfile.TemporaryDirectory()
    server = None
    try:
        targets: dict[str, str] = {}
        if args.backend in ("both", "sqlite"):
            targets["sqlite"] = str(Path(tmp.name) / "team.sqlite")
        if args.backend in ("both", "postgresql"):
            if args.url:
                targets["postgresql"] = args.url
            else:
                from tests.pg_server import PgServer

                server = PgServer.start()
                os.environ["PGPASSFILE"] = str(server.passfile)
                targets["postgresql"] = server.create_database("team_bench")
        for name, target in targets.items():
            single = _single_user(target, args.n, sentences, args.seed)
            team = _team(target, args.writers, args.readers, args.seconds, sentences)
            figures[name] = {**single, **team}
        rows = [
            ("search p50 / p95 (ms) [p95 < 50]", "search_p50_ms", "search_p95_ms"),
            ("near-duplicate check p95 (ms)", "dup_check_p95_ms", None),
            ("browser page load (ms)", "page_load_ms", None),
            ("commits per second", "commits_per_s", None),
            ("p95 commit latency (ms)", "commit_p95_ms", None),
            ("search p95 under load (ms)", "search_under_load_p95_ms", None),
            ("refused writes", "refused_writes", None),
            ("lost writes [0]", "lost_writes", None),
        ]
        names = list(targets)
        print(f"{'':40}" + "".join(f"{n:>22}" for n in names))
        for label, a, b in rows:
            cells = []
            for n in names:
                f = figures[n]
                cells.append(f"{f[a]} / {f[b]}" if b else str(f[a]))
            print(f"{label:40}" + "".join(f"{c:>22}" for c in cells))
        for n in names:
            print(f"{n}: {figures[n]['count_check']}; conflicting edits refused: "
                  f"{figures[n]['conflicts_detected']}, saved over another unseen: "
                  f"{figures[n]['conflicts_missed']}")  # fmt: skip
    finally:
        if server is not None:
            server.stop()
        tmp.cleanup()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
