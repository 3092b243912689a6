"""QUIZWRIGHT_SMOKE=1: the real app, started as a process, opens its window on the
bank, reports when it is shown and idle, and quits by itself with exit code 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import SMOKE_ENV, SMOKE_MARK, SMOKE_SHOWN, seconds_since_process_start
from storage.bank import QuestionBank
from storage.database import open_bank
from tests.conftest import mcq

ROOT = Path(__file__).resolve().parents[2]


def start(bank: Path, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QUIZWRIGHT_HOME=str(home), **extra)
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--bank", str(bank), "gui"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def marks(stdout: str) -> dict[str, float]:
    found = {}
    for line in stdout.splitlines():
        for mark in (SMOKE_SHOWN, SMOKE_MARK):
            if line.startswith(mark):
                found[mark] = float(line[len(mark) :].split()[0])
    return found


@pytest.mark.slow
def test_smoke_mode_reports_shown_then_ready_and_exits_0(tmp_path: Path) -> None:
    bank_path = tmp_path / "bank.sqlite"
    with open_bank(bank_path) as bank:
        QuestionBank(bank).add(mcq("What does a tokenizer produce?", "tokens", "pixels", "rows"))
    proc = start(bank_path, tmp_path, **{SMOKE_ENV: "1"})
    assert proc.returncode == 0, proc.stderr
    found = marks(proc.stdout)
    assert set(found) == {SMOKE_SHOWN, SMOKE_MARK}, proc.stdout
    assert 0 < found[SMOKE_SHOWN] <= found[SMOKE_MARK]
    with open_bank(bank_path) as bank:  # the bank is left as it was
        assert QuestionBank(bank).count() == 1


@pytest.mark.slow
def test_smoke_mode_times_out_with_exit_1(tmp_path: Path) -> None:
    proc = start(
        tmp_path / "bank.sqlite", tmp_path, **{SMOKE_ENV: "1"}, QUIZWRIGHT_SMOKE_TIMEOUT="0"
    )
    assert proc.returncode == 1
    assert "not ready before the timeout" in proc.stderr
    assert SMOKE_MARK not in proc.stdout


def test_process_age_is_a_plausible_number() -> None:
    age = seconds_since_process_start()
    assert 0 <= age < 24 * 3600


FONT_PROBE = """
import json
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from desktop.app import _fonts_if_none
app = QApplication([])
before = (QFontMetrics(app.font()).inFont("A"), app.font().family())
_fonts_if_none(app)
after = (QFontMetrics(app.font()).inFont("A"), app.font().family())
print(json.dumps([before, after]))
"""


def probe_fonts(env: dict[str, str]) -> list[list[object]]:
    proc = subprocess.run(
        [sys.executable, "-c", FONT_PROBE],
        cwd=ROOT,
        env=dict(env, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_machine_without_fonts_gets_the_bundled_ones(tmp_path: Path) -> None:
    empty = tmp_path / "fonts.conf"  # a fontconfig that knows no font at all
    empty.write_text(f"<fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>")
    before, after = probe_fonts(dict(os.environ, FONTCONFIG_FILE=str(empty)))
    assert before[0] is False  # Qt would draw boxes
    assert after == [True, "DejaVu Sans"]


def test_system_fonts_are_left_alone(tmp_path: Path) -> None:
    # a fontconfig that knows one font folder, so "the system has fonts" on any machine
    fonts = ROOT / "resources" / "fonts"
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path}</cachedir></fontconfig>")
    before, after = probe_fonts(dict(os.environ, FONTCONFIG_FILE=str(conf)))
    assert before[0] is True
    assert after == before
