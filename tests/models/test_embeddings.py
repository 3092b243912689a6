"""The embedding model is converted offline, checked, and really runs in GPT4All."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import models.embeddings as emb
from models.embeddings import (
    CHECK_PAIRS,
    MODEL_FILE,
    Embedder,
    EmbeddingModelError,
    ensure_embedding_model,
)


def test_conversion_gives_the_reference_models_similarities(tmp_path: Path) -> None:
    path = ensure_embedding_model(tmp_path)
    assert path.name == MODEL_FILE and 40_000_000 < path.stat().st_size < 50_000_000
    stamp = json.loads(path.with_suffix(".json").read_text())
    # as sentence-transformers' float32 model gives them, within f16 rounding
    for (_, _, want), got in zip(CHECK_PAIRS, stamp["check_cosines"], strict=True):
        assert abs(got - want) < 0.002
    assert not list(tmp_path.rglob("*.partial")) and not (tmp_path / ".checking").exists()
    again = path.stat().st_mtime_ns
    assert ensure_embedding_model(tmp_path).stat().st_mtime_ns == again  # made once


def test_a_wrong_conversion_is_refused_and_nothing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # word pieces without llama.cpp's word-start marker: every word is split badly
    monkeypatch.setattr(emb, "_phantom", lambda token: token)
    with pytest.raises(EmbeddingModelError, match="conversion is wrong"):
        ensure_embedding_model(tmp_path)
    assert not (tmp_path / MODEL_FILE).exists()
    assert not list(tmp_path.iterdir())  # no partial file or scratch folder left


def test_a_damaged_file_is_made_again(tmp_path: Path) -> None:
    path = ensure_embedding_model(tmp_path)
    with path.open("r+b") as fh:
        fh.truncate(1000)
    assert ensure_embedding_model(tmp_path).stat().st_size > 40_000_000


def test_paraphrases_are_closer_than_look_alikes(embedder: Embedder) -> None:
    bpe, bytes_, lora_up, lora_frozen, empty = embedder.embed(
        [
            "Byte-level BPE can encode any string without an unknown token.",
            "GPT-2 style tokenizers that operate on raw bytes never run into "
            "out-of-vocabulary input.",
            "In LoRA, which weights are updated?",
            "In LoRA, which weights are kept frozen?",
            "   ",
        ]
    )
    assert np.allclose(np.linalg.norm([bpe, bytes_, lora_up]), np.sqrt(3), atol=1e-4)
    assert float(bpe @ bytes_) > 0.4  # a paraphrase, no shared content word
    assert float(lora_up @ bytes_) < 0.2  # another topic
    assert not empty.any()  # nothing to embed: a zero row, not an error
    # the look-alike pair embeds close: why answers are compared too
    assert float(lora_up @ lora_frozen) > 0.6


def test_missing_file_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="could not load"):
        Embedder(tmp_path / MODEL_FILE)
