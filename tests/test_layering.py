"""storage/ and models/ never import Qt; the GUI is a layer on top."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_storage_and_models_do_not_import_qt_or_upper_layers() -> None:
    assert not {"PySide6", "shiboken6", "desktop", "cli", "models"} & _imports("storage")
    assert not {"PySide6", "shiboken6", "desktop", "cli"} & _imports("models")


def test_the_cli_runs_headless_without_loading_qt() -> None:
    code = (
        "import sys, cli.main, storage.bank, storage.dedup, models.bundled;"
        "cli.main.build_parser();"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
