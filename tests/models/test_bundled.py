"""The bundled SmolLM2 model is made loadable offline and really runs in GPT4All."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gpt4all import GPT4All

from models.bundled import LOADABLE_FILE, PRE_TOKENIZER, ensure_bundled_model, pre_tokenizer


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


def test_the_copy_has_the_pre_tokenizer_gpt4all_knows(model_dir: Path) -> None:
    path = ensure_bundled_model(model_dir)
    assert path.name == LOADABLE_FILE
    assert pre_tokenizer(path) == PRE_TOKENIZER
    assert path.stat().st_size > 90_000_000
    assert not list(model_dir.glob("*.partial"))


def test_it_is_made_once_and_remade_when_damaged(model_dir: Path) -> None:
    path = ensure_bundled_model(model_dir)
    stamp = path.stat().st_mtime_ns
    assert ensure_bundled_model(model_dir).stat().st_mtime_ns == stamp
    with path.open("r+b") as fh:  # a truncated copy, as after a full disk
        fh.truncate(1000)
    repaired = ensure_bundled_model(model_dir)
    assert repaired.stat().st_size > 90_000_000
    assert ensure_bundled_model(model_dir, verify_hash=True) == repaired


def test_gpt4all_loads_it_and_generates_text(model_dir: Path) -> None:
    path = ensure_bundled_model(model_dir)
    model = GPT4All(
        path.name,
        model_path=str(path.parent),
        allow_download=False,
        device="cpu",
        n_threads=min(2, os.cpu_count() or 1),
    )
    template = "<|im_start|>user\n{0}<|im_end|>\n<|im_start|>assistant\n"
    system = "<|im_start|>system\nYou are a helpful teaching assistant.<|im_end|>\n"
    with model.chat_session(system_prompt=system, prompt_template=template):
        reply = model.generate(
            "What is a token in NLP? Answer in one sentence.", max_tokens=40, temp=0.0
        )
    model.close()
    assert len(reply.split()) >= 3
    assert "token" in reply.lower()
