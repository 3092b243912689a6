"""A command that loads a model prints no gpt4all GPU-backend noise; it goes to the log."""

from __future__ import annotations

import json
from pathlib import Path

from storage.jsonio import question_to_dict
from tests.conftest import SAMPLE
from tests.test_cli import run


def test_loading_the_model_keeps_gpu_backend_messages_in_the_log(
    tmp_path: Path, embedding_model_dir: Path, _private_home: Path
) -> None:
    models = _private_home / "models"  # the user's models folder, as after setup
    models.mkdir(parents=True, exist_ok=True)
    for f in embedding_model_dir.iterdir():
        (models / f.name).symlink_to(f)
    bank = str(tmp_path / "bank.sqlite")
    src = tmp_path / "questions.json"
    src.write_text(json.dumps({"questions": [question_to_dict(q) for q in SAMPLE[:2]]}))
    run("bank", "add", str(src), "--bank", bank, "--json")
    done = run("bank", "embed", "--bank", bank)  # loads the embedding model
    assert "Failed to load" not in done.stderr and "libllamamodel" not in done.stderr
    assert "Failed to load" not in done.stdout
    log = (_private_home / "logs" / "quizwright.log").read_text(encoding="utf-8")
    # this machine has no CUDA: gpt4all's attempt at its CUDA backend is kept here
    assert "native output while loading" in log and "libllamamodel" in log
