"""Smoke test of the built desktop bundle (dist/quizwright/, made by `make bundle`).

Runs the frozen executable the way a user's first session would, in a fresh
data folder and a fresh HOME, outside the source tree:

1. `models prepare`: the bundled model is the file shipped inside the bundle
   (checked by SHA-256), nothing is written to the data folder;
2. `decks import` of a lecture PDF (default: the MIT-licensed test deck);
3. `draft --mcq 1`: one question built from the slides (the default path);
4. `draft --mcq 1 --model SmolLM2 --strategy model`: the bundled model loaded by
   the bundled gpt4all native libraries and asked to write the question;
5. `exam create` + `export pdf` (reportlab with the bundled DejaVu fonts) and
   `export moodle` of the drafted questions;
6. `gui` with QT_QPA_PLATFORM=offscreen and QUIZWRIGHT_SMOKE=1: the window opens
   on that bank and the app quits by itself once idle (desktop/app.py).

Prints the bundle's size and each step's time, then, as the last line, one JSON
object with the same figures. Exits 0 when every step passed, 1 otherwise.
Needs only the Python standard library (any python3).

Run: python3 packaging/smoke_test.py [--exe dist/quizwright/quizwright] [--deck FILE.pdf]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXE = ROOT / "dist" / "quizwright" / ("quizwright.exe" if os.name == "nt" else "quizwright")
DEFAULT_DECK = ROOT / "tests" / "fixtures" / "yandex-nlp-lecture-efficiency.pdf"
SMOKE_SHOWN = "quizwright-smoke: shown"
SMOKE_READY = "quizwright-smoke: ready"


class SmokeFailure(Exception):
    pass


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


class Runner:
    def __init__(self, exe: Path, home: Path) -> None:
        self.exe = exe
        self.home = home
        # A clean environment: nothing from a venv or the source tree can help the bundle.
        keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "TEMP", "TMP")
        self.env = {k: v for k, v in os.environ.items() if k in keep}
        self.env.update(
            QUIZWRIGHT_HOME=str(home / "data"),
            HOME=str(home),
            USERPROFILE=str(home),
            QT_QPA_PLATFORM="offscreen",
            XDG_RUNTIME_DIR=str(home),
        )
        self.times: dict[str, float] = {}

    def run(self, step: str, *args: str, env: dict[str, str] | None = None) -> str:
        t = time.perf_counter()
        proc = subprocess.run(
            [str(self.exe), *args],
            cwd=self.home,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.times[step] = round(time.perf_counter() - t, 2)
        if proc.returncode != 0:
            raise SmokeFailure(
                f"{step}: `quizwright {' '.join(args)}` exited {proc.returncode}\n"
                f"stdout: {proc.stdout[-1500:]}\nstderr: {proc.stderr[-1500:]}"
            )
        print(f"  {step:<14} ok in {self.times[step]:.1f} s")
        return proc.stdout

    def run_json(self, step: str, *args: str) -> Any:
        out = self.run(step, *args, "--json")
        try:
            return json.loads(out)
        except ValueError:
            raise SmokeFailure(f"{step}: not one JSON document on stdout: {out[:500]!r}") from None


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def smoke(exe: Path, deck: Path) -> dict[str, Any]:
    check(exe.is_file(), f"No bundle at {exe}: build it first with `make bundle`.")
    check(deck.is_file(), f"No deck at {deck}.")
    bundle = exe.parent
    size = folder_size(bundle)
    print(f"bundle: {bundle} ({size / 1e6:.0f} MB)")
    with tempfile.TemporaryDirectory(prefix="quizwright-smoke-") as tmp:
        r = Runner(exe, Path(tmp))
        data = Path(tmp) / "data"

        prepared = r.run_json("models", "models", "prepare")
        model = Path(prepared["model"])
        check(
            bundle in model.parents,
            f"the bundled model should be the one inside the bundle, got {model}",
        )
        check(not (data / "models").exists(), "the bundle wrote a model copy to the data folder")

        imported = r.run_json("import deck", "decks", "import", str(deck))
        entry = imported["decks"][0]
        check(entry.get("status") == "imported", f"deck not imported: {entry}")
        deck_id = str(entry["id"])

        built = r.run_json("draft built", "draft", "--deck", deck_id, "--mcq", "1")
        check(built["delivered"] == 1, f"no drafted question: {built}")
        check(bool(built["drafts"][0]["sources"]), "the draft cites no slide")

        written = r.run_json(
            "draft model",
            *("draft", "--deck", deck_id, "--mcq", "1", "--model", "SmolLM2"),
            *("--strategy", "model"),
        )
        check(written["delivered"] == 1, f"no drafted question with the model: {written}")
        # Exit 0 means gpt4all loaded the model (the engine loads eagerly and the
        # command fails otherwise). The 135M model rarely writes a usable question:
        # either it did, or its attempts were read and rejected before the
        # question was built from the slides; both mean it generated.
        ran = written["drafts"][0]["origin"]["method"] == "model" or bool(written["rejected"])
        check(ran, f"the bundled model did not run: {written}")

        ids = ",".join(str(d["id"]) for d in built["drafts"] + written["drafts"])
        exam = r.run_json("exam", "exam", "create", "--title", "Smoke test", "--ids", ids)
        pdf, xml = Path(tmp) / "exam.pdf", Path(tmp) / "exam.xml"
        r.run_json("export pdf", "export", "pdf", str(pdf), "--exam", str(exam["id"]))
        check(pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), "no exam PDF written")
        check(b"DejaVu" in pdf.read_bytes(), "the exam PDF does not embed the bundled fonts")
        r.run_json("export moodle", "export", "moodle", str(xml), "--exam", str(exam["id"]))
        check(b"<quiz>" in xml.read_bytes(), "no Moodle XML written")

        out = r.run("gui", "gui", env={"QUIZWRIGHT_SMOKE": "1"})
        marks = {}
        for line in out.splitlines():
            for mark in (SMOKE_SHOWN, SMOKE_READY):
                if line.startswith(mark):
                    marks[mark] = float(line[len(mark) :].split()[0])
        check(len(marks) == 2, f"the GUI did not report shown and ready: {out!r}")

    return {
        "bundle_bytes": size,
        "bundle_mb": round(size / 1e6),
        "gui_shown_s": marks[SMOKE_SHOWN],
        "gui_ready_s": marks[SMOKE_READY],
        "steps_s": r.times,
        "model_rejected": written["rejected"],
        "drafted_stem": built["drafts"][0]["stem"],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exe", type=Path, default=DEFAULT_EXE)
    ap.add_argument("--deck", type=Path, default=DEFAULT_DECK)
    args = ap.parse_args()
    try:
        result = smoke(args.exe.resolve(), args.deck.resolve())
    except (SmokeFailure, subprocess.TimeoutExpired, KeyError, IndexError) as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    print(
        f"smoke test passed: bundle {result['bundle_mb']} MB; GUI shown "
        f"{result['gui_shown_s']:.2f} s and idle {result['gui_ready_s']:.2f} s after "
        f"process start; drafted: {result['drafted_stem']}"
    )
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
