"""The built desktop bundle (dist/quizwright/, `make bundle`) passes its smoke test.

Building takes minutes, so the test suite does not build it: this test runs
packaging/smoke_test.py when a bundle is there and is skipped otherwise. The
frozen-path logic itself is tested without a bundle (tests/models/test_bundled_frozen.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SMOKE = ROOT / "packaging" / "smoke_test.py"
EXE = ROOT / "dist" / "quizwright" / ("quizwright.exe" if sys.platform == "win32" else "quizwright")


@pytest.mark.slow
@pytest.mark.skipif(not EXE.is_file(), reason="no bundle built (make bundle)")
def test_the_built_bundle_imports_drafts_and_starts() -> None:
    proc = subprocess.run(
        [sys.executable, str(SMOKE), "--exe", str(EXE)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    # A bundle is a snapshot of the sources when it was built: after changes, rebuild it.
    assert proc.returncode == 0, (
        f"(rebuilt since the last change? make bundle)\n{proc.stdout}{proc.stderr}"
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["bundle_bytes"] > 100_000_000  # the model alone is 98 MB
    assert 0 < result["gui_shown_s"] <= result["gui_ready_s"]
    assert result["drafted_stem"]


def test_the_smoke_script_refuses_a_missing_bundle(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(SMOKE), "--exe", str(tmp_path / "quizwright")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "No bundle at" in proc.stderr and "make bundle" in proc.stderr
