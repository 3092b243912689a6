"""In a bundle the bundled model is the file shipped inside it: checked, never rewritten."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

from models.bundled import (
    FROZEN_MODEL_DIR,
    LOADABLE_FILE,
    BundledModelError,
    bundle_dir,
    ensure_bundled_model,
    shipped_model,
)
from storage.paths import models_dir


def ship(bundle: Path, content: bytes) -> Path:
    """Lay out `<bundle>/bundled-model/` as packaging/quizwright.spec does."""
    folder = bundle / FROZEN_MODEL_DIR
    folder.mkdir(parents=True)
    model = folder / LOADABLE_FILE
    model.write_bytes(content)
    stamp = {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    model.with_suffix(".json").write_text(json.dumps(stamp))
    return model


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bundle = tmp_path / "dist" / "quizwright" / "_internal"
    bundle.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    return bundle


def test_not_frozen_means_no_bundle() -> None:
    assert not getattr(sys, "frozen", False)
    assert bundle_dir() is None
    assert shipped_model() is None


def test_frozen_uses_the_shipped_copy_and_writes_nothing(frozen: Path) -> None:
    model = ship(frozen, b"GGUF" + os.urandom(4096))
    assert bundle_dir() == frozen
    assert ensure_bundled_model() == model
    assert ensure_bundled_model(verify_hash=True) == model
    assert not models_dir().exists()  # no copy in the user's data folder


def test_frozen_refuses_a_damaged_copy_with_a_clear_message(frozen: Path) -> None:
    content = b"GGUF" + os.urandom(4096)
    model = ship(frozen, content)
    model.write_bytes(content[:-1] + bytes([content[-1] ^ 1]))  # same size, one bit flipped
    assert ensure_bundled_model() == model  # the quick check is by size
    with pytest.raises(BundledModelError, match=r"damaged.*Reinstall"):
        ensure_bundled_model(verify_hash=True)
    model.write_bytes(content[:100])  # truncated
    with pytest.raises(BundledModelError, match="damaged"):
        ensure_bundled_model()


def test_frozen_without_the_model_says_so(frozen: Path) -> None:
    with pytest.raises(BundledModelError, match=r"missing from this installation.*Reinstall"):
        ensure_bundled_model()


def test_frozen_without_meipass_looks_beside_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "quizwright"))
    model = ship(tmp_path, b"GGUF" + os.urandom(64))
    assert ensure_bundled_model() == model


def test_frozen_with_an_explicit_folder_behaves_as_before(
    frozen: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Callers that name a folder (tests, tools) get the usual checked copy there.
    ship(frozen, b"GGUF")
    target = tmp_path_factory.getbasetemp() / "bundled-model"
    made = ensure_bundled_model(target)
    assert made.parent == target
    assert made.stat().st_size > 90_000_000


def test_the_real_model_shipped_in_a_bundle_is_listed_and_loads(
    frozen: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from models.gpt4all_engine import Gpt4AllEngine
    from models.model_files import local_models

    real = ensure_bundled_model(tmp_path_factory.getbasetemp() / "bundled-model")
    folder = frozen / FROZEN_MODEL_DIR
    folder.mkdir()
    (folder / LOADABLE_FILE).symlink_to(real)
    (folder / LOADABLE_FILE).with_suffix(".json").write_text(real.with_suffix(".json").read_text())
    found = local_models(folders=[])
    assert found[0].path == str(folder / LOADABLE_FILE)
    assert "bundled" in found[0].name
    engine = Gpt4AllEngine(Path(found[0].path))
    try:
        assert engine.info.path == str(folder / LOADABLE_FILE)
    finally:
        engine.close()


def test_a_bundle_ships_the_converted_embedding_model(
    monkeypatch, tmp_path, embedding_model_dir
) -> None:
    import sys

    from models import embeddings

    shipped = tmp_path / "bundle" / embeddings.FROZEN_EMBEDDING_DIR
    shipped.mkdir(parents=True)
    (shipped / embeddings.MODEL_FILE).symlink_to(embedding_model_dir / embeddings.MODEL_FILE)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    # no wheel needed and nothing written to the user's models folder
    monkeypatch.setattr(embeddings, "source_dir", lambda: (_ for _ in ()).throw(AssertionError))
    assert embeddings.ensure_embedding_model() == shipped / embeddings.MODEL_FILE
    model = embeddings.load_embedder()
    try:
        assert model.embed(["attention"]).shape == (1, embeddings.DIMENSIONS)
    finally:
        model.close()
