"""Start-up time: process start → main window shown and idle.

Starts the app as a new process (`python -m cli.main gui`, or a built bundle
with --exe) with QT_QPA_PLATFORM=offscreen and QUIZWRIGHT_SMOKE=1 (see
desktop/app.py: the app quits by itself once its window is painted and the
bank's first load and the model list are done, printing a "ready" line). The
time is taken here, from just before the process is spawned to that line.
Model loading is not part of start-up (models load when a draft needs them).

Banks: a first run (no bank file yet: created and migrated), an empty bank,
and a 100,000-question bank built with bench/bank.py's generator and cached
in bench/out/cache/ so reruns are quick. Median of --runs runs each.
Target on 2 cores: under 2 s with the empty and with the 100,000-question bank.
Also `quizwright --help` from spawn to exit (target under 0.25 s: the command line
imports only what a command needs).

Run: .venv/bin/python bench/startup.py [--runs 5] [--n 100000] [--exe dist/quizwright/quizwright]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

try:
    import resource  # Unix only: the children's CPU time
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.app import SMOKE_ENV, SMOKE_MARK, SMOKE_SHOWN  # noqa: E402
from storage.database import head_revision, open_bank  # noqa: E402

CACHE = ROOT / "bench" / "out" / "cache"
TARGET_S = 2.0


def big_bank(n: int, rebuild: bool) -> Path:
    """A bank of `n` generated questions, cached per size and schema revision."""
    path = CACHE / f"startup-bank-{n}-{head_revision()}.sqlite"
    if path.is_file() and not rebuild:
        return path
    from bench.bank import make_questions, real_sentences
    from storage.bank import QuestionBank

    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for p in (partial, path):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    questions = list(make_questions(n, real_sentences(), random.Random(1)))
    with open_bank(partial) as bank:
        service = QuestionBank(bank)
        for i in range(0, len(questions), 2000):
            service.add_many(questions[i : i + 2000])
    for suffix in ("-wal", "-shm"):  # closed cleanly: nothing left to carry over
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.replace(path)
    print(f"built a {n:,}-question bank in {time.perf_counter() - t:.0f} s: {path}")
    return path


class Run(NamedTuple):
    shown: float  # window painted with the bank's first page, timed from here
    ready: float  # also every start-up job done, timed from here
    ready_app: float  # `ready` as the app's own clock saw it
    exited: float
    cpu: float  # the process's CPU seconds, start to exit (less sensitive to other load)


def start_once(command: list[str], bank: Path, home: Path) -> Run:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QUIZWRIGHT_HOME=str(home))
    env[SMOKE_ENV] = "1"
    with tempfile.TemporaryFile() as err:
        before = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*command, "--bank", str(bank), "gui"],
            stdout=subprocess.PIPE,
            stderr=err,
            env=env,
            text=True,
        )
        assert proc.stdout is not None
        shown = ready = inside = None
        for line in proc.stdout:
            if line.startswith(SMOKE_SHOWN):
                shown = time.perf_counter() - t0
            elif line.startswith(SMOKE_MARK):
                ready = time.perf_counter() - t0
                inside = float(line[len(SMOKE_MARK) :].split()[0])
                break
        proc.stdout.read()
        code = proc.wait(timeout=120)
        exited = time.perf_counter() - t0
        cpu = float("nan")
        if resource and before:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        if shown is None or ready is None or inside is None or code != 0:
            err.seek(0)
            sys.exit(
                f"the app did not report ready (exit {code}): "
                f"{err.read().decode(errors='replace')[-2000:]}"
            )
    return Run(shown, ready, inside, exited, cpu)


def scenario(
    name: str, command: list[str], runs: int, make_bank: Callable[[Path], Path]
) -> dict[str, object]:
    results: list[Run] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            results.append(start_once(command, make_bank(home), home))
    shown = [r.shown for r in results]
    ready = [r.ready for r in results]
    med_shown, med_ready = statistics.median(shown), statistics.median(ready)

    def verdict(s: float) -> str:
        return "ok" if s < TARGET_S else "OVER"

    print(
        f"{name}:\n"
        f"  shown with the bank's first page: median {med_shown:.2f} s "
        f"(min {min(shown):.2f}, max {max(shown):.2f})  [target < {TARGET_S:g} s: "
        f"{verdict(med_shown)}]\n"
        f"  idle, every start-up job done:    median {med_ready:.2f} s "
        f"(min {min(ready):.2f}, max {max(ready):.2f}; app's own clock "
        f"{statistics.median(r.ready_app for r in results):.2f} s)  [target < {TARGET_S:g} s: "
        f"{verdict(med_ready)}]\n"
        f"  process exited after:             median "
        f"{statistics.median(r.exited for r in results):.2f} s, using "
        f"{statistics.median(r.cpu for r in results):.2f} CPU s"
    )
    return {
        "shown_median_s": round(med_shown, 3),
        "shown_min_s": round(min(shown), 3),
        "shown_max_s": round(max(shown), 3),
        "ready_median_s": round(med_ready, 3),
        "ready_min_s": round(min(ready), 3),
        "ready_max_s": round(max(ready), 3),
        "ready_app_clock_median_s": round(statistics.median(r.ready_app for r in results), 3),
        "exit_median_s": round(statistics.median(r.exited for r in results), 3),
        "cpu_median_s": round(statistics.median(r.cpu for r in results), 3),
        "runs": runs,
    }


HELP_TARGET_S = 0.25  # issue 16: `quizwright --help` answers at once


def help_time(runs: int) -> dict[str, float]:
    """`quizwright --help` (the installed command) from spawn to exit: median and worst of
    `runs`, beside a bare `python -c pass` for the interpreter's own share."""
    exe = Path(sys.executable).with_name("quizwright")
    command = [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "cli.main", "-h"]

    def timed(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        return time.perf_counter() - t

    timed(command)  # warm the file cache
    helps = [timed(command) for _ in range(runs)]
    bare = [timed([sys.executable, "-c", "pass"]) for _ in range(runs)]
    out = {
        "median_s": round(statistics.median(helps), 3),
        "max_s": round(max(helps), 3),
        "python_alone_median_s": round(statistics.median(bare), 3),
    }
    verdict = "meets" if out["median_s"] < HELP_TARGET_S else "MISSES"
    print(
        f"quizwright --help: median {out['median_s']:.3f} s, worst {out['max_s']:.3f} s "
        f"(python alone {out['python_alone_median_s']:.3f} s) — {verdict} the "
        f"{HELP_TARGET_S} s target"
    )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--n", type=int, default=100_000, help="questions in the big bank")
    ap.add_argument("--exe", type=Path, help="a built bundle's executable (default: this venv)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached big bank")
    args = ap.parse_args()

    command = [str(args.exe.resolve())] if args.exe else [sys.executable, "-m", "cli.main"]
    os.chdir(ROOT)  # `-m cli.main` from this source tree
    big = big_bank(args.n, args.rebuild)

    def fresh(home: Path) -> Path:
        return home / "bank.sqlite"  # does not exist yet: the first run creates it

    def empty(home: Path) -> Path:
        path = home / "bank.sqlite"
        open_bank(path).close()
        return path

    def full(home: Path) -> Path:
        # a private copy: the app may checkpoint or touch the file
        path = home / "bank.sqlite"
        shutil.copyfile(big, path)
        return path

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{os.cpu_count()} cores (load average {load:.1f} at the start); "
        f"{args.runs} runs each; {' '.join(command)}"
    )
    results = {
        "help": help_time(max(args.runs, 10)),
        "first_run": scenario("first run (no bank yet)", command, args.runs, fresh),
        "empty_bank": scenario("empty bank", command, args.runs, empty),
        f"bank_{args.n}": scenario(f"{args.n:,}-question bank", command, args.runs, full),
    }
    load_end = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at the end: {load_end:.1f} (figures are wall times on a shared machine)")
    print(
        json.dumps(
            {
                "command": "bundle" if args.exe else "python -m cli.main",
                "target_s": TARGET_S,
                "big_bank_questions": args.n,
                "cores": os.cpu_count(),
                "load_average": round(load, 2),
                "load_average_end": round(load_end, 2),
                **results,
            }
        )
    )


if __name__ == "__main__":
    main()
