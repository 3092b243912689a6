"""Local GGUF model files: what they are, whether this GPT4All can run them, where they are.

`inspect_gguf` reads the header only (no tensor data), so listing a folder of
multi-gigabyte models is quick. The limits below were checked on this
machine against gpt4all 2.8.2's own loader (see DESIGN.md, "Local models").
"""

from __future__ import annotations

import logging
import mmap
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType
from platformdirs import user_data_path

from models.chat_templates import template_for
from models.engine import EngineError, ModelInfo
from storage.paths import models_dir

log = logging.getLogger(__name__)

GPT4ALL_VERSION = "2.8.2"

# Architectures gpt4all 2.8.2 accepts (each tried with llmodel_model_create2);
# anything else fails with "Unsupported model architecture". Newer families
# (gemma3, qwen3, llama4, olmo2, granite, exaone, minicpm...) are refused.
SUPPORTED_ARCHITECTURES = frozenset(
    {
        "llama", "qwen", "qwen2", "qwen2moe", "phi2", "phi3", "gemma", "gemma2",
        "starcoder", "starcoder2", "olmo", "stablelm", "falcon", "gpt2", "gptneox",
        "mpt", "baichuan", "refact", "bloom", "command-r", "internlm2", "orion",
        "deepseek2", "chatglm", "codeshell", "xverse", "openelm", "jais",
    }
)  # fmt: skip
# Text-embedding models: loadable for embeddings only, they cannot write text.
EMBEDDING_ARCHITECTURES = frozenset({"bert", "nomic-bert", "jina-bert-v2"})

# BPE pre-tokenizers its llama.cpp knows (each tried on a copy of the bundled
# model); others fail to load with "unknown pre-tokenizer type".
KNOWN_PRE_TOKENIZERS = frozenset(
    {
        "default", "llama3", "llama-v3", "llama-bpe", "deepseek-llm", "deepseek-coder",
        "falcon", "mpt", "starcoder", "gpt-2", "phi-2", "jina-es", "jina-de", "refact",
        "command-r", "qwen2", "stablelm2", "olmo", "dbrx", "smaug-bpe", "poro-chat",
        "chatglm-bpe", "viking", "jais",
    }
)  # fmt: skip

# Its ggml knows tensor types up to BF16 (30); later ones (Q4_0_4_4, TQ1_0,
# MXFP4...) are not in the library.
LAST_KNOWN_TENSOR_TYPE = 30

PICK_ANOTHER = (
    "Pick e.g. Llama 3.2 3B Instruct or Qwen2.5 from the GPT4All catalog, "
    "or run newer models through an OpenAI-compatible server (Ollama, LM Studio)."
)

_MAX_COUNT = 1 << 24  # more keys, tensors or array items than this means a damaged header


class _Damaged(Exception):
    """The header is not what GGUF says it should be."""


@dataclass(frozen=True)
class GgufHeader:
    """The parts of a GGUF header this project uses. Arrays longer than 64 items
    (vocabularies, merges) are skipped, not stored: `array_lengths` keeps their size."""

    version: int
    metadata: dict[str, object]
    array_lengths: dict[str, int]
    tensor_count: int
    tensor_types: frozenset[int]
    data_end: int  # file offset where the last tensor's data ends
    file_size: int
    kv_bytes_per_token: int = field(default=0)  # KV-cache memory per context token (f16)


# GGUF value types: struct format of each fixed-size type.
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}  # fmt: skip
_STRING, _ARRAY = 8, 9


class _Reader:
    def __init__(self, buf: mmap.mmap, size: int) -> None:
        self.buf = buf
        self.size = size
        self.pos = 0

    def unpack(self, fmt: str) -> object:
        n = struct.calcsize(fmt)
        if self.pos + n > self.size:
            raise _Damaged("the header ends early")
        (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += n
        return value

    def uint(self, fmt: str = "<Q") -> int:
        value = self.unpack(fmt)
        assert isinstance(value, int)
        return value

    def count(self) -> int:
        n = self.uint()
        if n > _MAX_COUNT:
            raise _Damaged(f"the header gives an impossible count ({n})")
        return n

    def string(self) -> str:
        n = self.uint()
        if self.pos + n > self.size:
            raise _Damaged("a text value runs past the end of the file")
        raw = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return raw.decode("utf-8", errors="replace")

    def skip_string(self) -> None:
        n = self.uint()
        self.pos += n
        if self.pos > self.size:
            raise _Damaged("a text value runs past the end of the file")

    def value(self, vtype: int) -> object:
        if vtype in _SCALARS:
            return self.unpack(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        raise _Damaged(f"the header has a value of an unknown type ({vtype})")


def _read_array(r: _Reader) -> tuple[list[object] | None, int]:
    etype = r.uint("<I")
    n = r.count()
    if n <= 64:
        if etype == _ARRAY:
            raise _Damaged("the header has an array inside an array")
        return [r.value(etype) for _ in range(n)], n
    if etype in _SCALARS:  # skip fixed-size items in one step
        r.pos += n * struct.calcsize(_SCALARS[etype])
        if r.pos > r.size:
            raise _Damaged("an array runs past the end of the file")
    elif etype == _STRING:
        for _ in range(n):
            r.skip_string()
    else:
        raise _Damaged(f"the header has an array of an unsupported type ({etype})")
    return None, n


def _tensor_bytes(ggml_type: int, dims: list[int]) -> int:
    try:
        block, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(ggml_type)]
    except (ValueError, KeyError):
        return 0  # an unknown type is reported by the caller, not here
    n = 1
    for d in dims:
        n *= d
    return int(n // block * type_size)


def _kv_bytes_per_token(meta: dict[str, object]) -> int:
    arch = meta.get("general.architecture")
    layers, width, heads, kv_heads = (
        meta.get(f"{arch}.{k}")
        for k in ("block_count", "embedding_length", "attention.head_count",
                  "attention.head_count_kv")
    )  # fmt: skip
    if not (isinstance(layers, int) and isinstance(width, int)):
        return 0
    kv_width = width
    if isinstance(heads, int) and isinstance(kv_heads, int) and heads > 0:
        kv_width = width * kv_heads // heads  # grouped-query attention keeps fewer heads
    return 2 * layers * kv_width * 2  # keys and values, f16


def read_gguf_header(path: str | Path) -> GgufHeader:
    """Parse a GGUF header (metadata and tensor table, not the tensors). Raises EngineError."""
    p = Path(path)
    name = p.name
    if not p.exists():
        raise EngineError(
            f"The model file {p} does not exist. Pick another model, or download it again."
        )
    if p.is_dir():
        raise EngineError(f"{p} is a folder, not a model file. Pick the .gguf file inside it.")
    try:
        with p.open("rb") as fh:
            size = p.stat().st_size
            if size == 0:
                raise EngineError(
                    f"{name} is empty: an interrupted download or copy? Download it again."
                )
            if fh.read(4) != b"GGUF":
                raise EngineError(
                    f"{name} is not a GGUF model file (it does not start with 'GGUF'). "
                    "GPT4All needs a .gguf file; old .bin (GGML) and .safetensors models "
                    "must be replaced by a GGUF download."
                )
            if size < 24:
                raise EngineError(
                    f"{name} is incomplete ({size} bytes): an interrupted download or copy? "
                    "Download it again."
                )
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                return _parse(_Reader(buf, size), name)
    except PermissionError as exc:
        raise EngineError(f"{name} cannot be read (permission denied): {exc}") from exc
    except OSError as exc:
        raise EngineError(f"{name} cannot be read: {exc}") from exc


def _parse(r: _Reader, name: str) -> GgufHeader:
    r.pos = 4
    version = r.uint("<I")
    if version in (1 << 24, 2 << 24, 3 << 24):
        raise EngineError(f"{name} is a big-endian GGUF file, which this computer cannot run.")
    if version == 1:
        raise EngineError(
            f"{name} uses GGUF version 1 (2023), which llama.cpp no longer reads. "
            "Download a current GGUF version of the model."
        )
    if version not in (2, 3):
        raise EngineError(f"{name} is damaged: unknown GGUF version {version}. Download it again.")
    try:
        tensor_count = r.count()
        kv_count = r.count()
        meta: dict[str, object] = {}
        arrays: dict[str, int] = {}
        for _ in range(kv_count):
            key = r.string()
            vtype = r.uint("<I")
            if vtype == _ARRAY:
                items, n = _read_array(r)
                arrays[key] = n
                if items is not None:
                    meta[key] = items
            else:
                meta[key] = r.value(vtype)
        types: set[int] = set()
        data_size = 0
        for _ in range(tensor_count):
            r.skip_string()
            n_dims = r.uint("<I")
            if n_dims > 8:
                raise _Damaged(f"the header describes a tensor with {n_dims} dimensions")
            dims = [r.uint() for _ in range(n_dims)]
            ggml_type = r.uint("<I")
            offset = r.uint()
            types.add(ggml_type)
            data_size = max(data_size, offset + _tensor_bytes(ggml_type, dims))
    except _Damaged as exc:
        raise EngineError(f"{name} is damaged or incomplete: {exc}. Download it again.") from exc
    alignment = meta.get("general.alignment", 32)
    align = alignment if isinstance(alignment, int) and alignment > 0 else 32
    data_start = (r.pos + align - 1) // align * align
    return GgufHeader(
        version=version,
        metadata=meta,
        array_lengths=arrays,
        tensor_count=tensor_count,
        tensor_types=frozenset(types),
        data_end=data_start + data_size,
        file_size=r.size,
        kv_bytes_per_token=_kv_bytes_per_token(meta),
    )


def check_loadable(header: GgufHeader, name: str) -> None:
    """Raise EngineError if gpt4all 2.8.2 cannot run this model, saying why and what to pick."""
    meta = header.metadata
    arch = meta.get("general.architecture")
    if not isinstance(arch, str) or not arch:
        raise EngineError(f"{name} is not a language model: its metadata names no architecture.")
    if arch in EMBEDDING_ARCHITECTURES:
        raise EngineError(
            f"{name} is a text-embedding model ({arch}): it turns text into numbers and "
            f"cannot write questions. {PICK_ANOTHER}"
        )
    if arch not in SUPPORTED_ARCHITECTURES:
        raise EngineError(
            f"This GPT4All ({GPT4ALL_VERSION}, llama.cpp of mid-2024) cannot run {arch} "
            f"models ({name}). {PICK_ANOTHER}"
        )
    if header.tensor_count == 0:
        raise EngineError(f"{name} holds no model weights (metadata only).")
    if header.file_size < header.data_end:
        raise EngineError(
            f"{name} is incomplete: it should be {header.data_end:,} bytes but is "
            f"{header.file_size:,} (an interrupted download or copy?). Download it again."
        )
    newer = sorted(t for t in header.tensor_types if t > LAST_KNOWN_TENSOR_TYPE)
    if newer:
        names = ", ".join(_type_name(t) for t in newer)
        raise EngineError(
            f"{name} is quantized as {names}, newer than this GPT4All ({GPT4ALL_VERSION}) can "
            "read. Pick a Q4_0, Q4_K_M or Q8_0 file of the model instead."
        )
    pre = meta.get("tokenizer.ggml.pre")
    if (
        meta.get("tokenizer.ggml.model") == "gpt2"
        and isinstance(pre, str)
        and pre not in KNOWN_PRE_TOKENIZERS
    ):
        raise EngineError(
            f"This GPT4All ({GPT4ALL_VERSION}) does not know the tokenizer of {name} "
            f"(pre-tokenizer '{pre}') and cannot load it. {PICK_ANOTHER}"
        )


def _type_name(t: int) -> str:
    try:
        return GGMLQuantizationType(t).name
    except ValueError:
        return f"type {t}"


def model_info(header: GgufHeader, path: Path) -> ModelInfo:
    meta = header.metadata
    arch = str(meta.get("general.architecture", ""))
    ctx = meta.get(f"{arch}.context_length")
    template = template_for(meta)
    warnings: list[str] = []
    if template.guessed:
        warnings.append(
            "The model does not say which chat format it uses; ChatML is assumed, "
            "so answers may be poor."
        )
    return ModelInfo(
        name=path.name.removesuffix(".gguf"),
        path=str(path),
        architecture=arch,
        context_size=ctx if isinstance(ctx, int) and ctx > 0 else 2048,
        template=template.name,
        engine="gpt4all",
        warnings=tuple(warnings),
    )


def inspect_gguf(path: str | Path) -> ModelInfo:
    """What a GGUF model file is, from its header; EngineError if GPT4All cannot run it."""
    p = Path(path)
    header = read_gguf_header(p)
    check_loadable(header, p.name)
    return model_info(header, p)


def gpt4all_model_folders() -> list[Path]:
    """Where GPT4All keeps models: the Python package's cache and the desktop app's folder."""
    return [
        Path.home() / ".cache" / "gpt4all",  # gpt4all.gpt4all.DEFAULT_MODEL_DIRECTORY
        user_data_path(appname=None, appauthor=False) / "nomic.ai" / "GPT4All",
    ]


def local_models(
    folders: Sequence[Path] | None = None,
    notes: list[str] | None = None,
    include_bundled: bool = True,
) -> list[ModelInfo]:
    """Models this GPT4All can run: the bundled one first, then every loadable *.gguf
    in Quizwright's models folder and GPT4All's folders (or `folders`).

    Files that cannot be used are skipped; why is appended to `notes` (and logged).
    The first call may take a few seconds: it makes the bundled model's
    loadable copy (see models.bundled). Call it off the GUI thread.
    """
    from models.bundled import BundledModelError, ensure_bundled_model

    found: list[ModelInfo] = []
    seen: set[Path] = set()

    def note(message: str) -> None:
        log.warning("%s", message)
        if notes is not None:
            notes.append(message)

    try:
        if include_bundled:
            bundled = ensure_bundled_model()
            info = inspect_gguf(bundled)
            found.append(replace(info, name="SmolLM2 135M Instruct (bundled)"))
            seen.add(bundled.resolve())
    except (BundledModelError, EngineError) as exc:
        note(f"The bundled model is not available: {exc}")

    for folder in folders if folders is not None else [models_dir(), *gpt4all_model_folders()]:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.gguf"), key=lambda p: p.name.lower()):
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            try:
                found.append(inspect_gguf(path))
            except EngineError as exc:
                note(f"Skipped {path}: {exc}")
    return found
