"""GPT4All (2.8.2) running a local GGUF model in this process, on the CPU.

Threads: gpt4all is not thread-safe. One `Gpt4AllEngine` must be created,
used and closed on one thread (the app's model worker thread); callbacks
(`on_text`) run on that thread too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from models.chat_templates import template_for
from models.engine import (
    EngineError,
    GenerationSettings,
    ModelInfo,
    OnText,
    StopScanner,
    estimate_tokens,
)
from models.model_files import (
    PICK_ANOTHER,
    GgufHeader,
    check_loadable,
    model_info,
    read_gguf_header,
)
from models.native_stderr import log as native_log
from models.native_stderr import native_stderr, quiet_native

log = logging.getLogger(__name__)

# llama.cpp in gpt4all 2.8.2 caps a prompt batch at 128 tokens; its default of
# 8 reads prompts several times slower on a CPU.
DEFAULT_N_BATCH = 128
# Mild: a strong penalty spoils answers that must repeat a format ("A) ... B) ...").
REPEAT_PENALTY = 1.1
REPEAT_LAST_N = 64
# How often on_text("") is called while the prompt is read, so cancel is seen.
PROMPT_POLL_SECONDS = 0.1
# What llama.cpp needs beyond the weights and the KV cache (compute buffers).
RUNTIME_OVERHEAD_BYTES = 300 * 1024 * 1024

OVERFLOW_TEXT = "ERROR: The prompt size exceeds the context window size"


def default_threads() -> int:
    """Threads for generation: the physical cores but one, at most 8.

    llama.cpp's threads spin while they wait for each other. With as many
    threads as cores, anything else wanting the CPU (the GUI, another
    program) makes generation collapse: on this 2-core machine 2 threads ran
    at 75 tokens/s when idle and under 2 tokens/s when another process was
    busy, while 1 thread kept ~50 tokens/s. Hyper-threads do not help it.
    """
    try:
        logical = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        logical = os.cpu_count() or 1
    physical = logical // 2 if logical >= 8 else logical  # most such CPUs run 2 threads a core
    return max(1, min(8, physical - 1))


def available_memory() -> int | None:
    """Bytes of memory available to a new program, or None if this system won't say."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil  # optional: present on some installs

        return int(psutil.virtual_memory().available)
    except ImportError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _check_memory(header: GgufHeader, n_ctx: int, name: str) -> None:
    need = header.file_size + header.kv_bytes_per_token * n_ctx + RUNTIME_OVERHEAD_BYTES
    free = available_memory()
    if free is not None and need > free:
        gb = 1024**3
        raise EngineError(
            f"Not enough memory for {name}: it needs about {need / gb:.1f} GB and "
            f"{free / gb:.1f} GB is free. Close other programs, or pick a smaller model "
            "(fewer parameters, or a Q4 file instead of Q8)."
        )


# collected while a model loads: llama.cpp's only error channel (see native_stderr)
_native_stderr = native_stderr


def _load_failure(name: str, native: str, exc: BaseException | None) -> str:
    """A user-facing reason for a failed load, from llama.cpp's messages."""
    said = f"{exc or ''}\n{native}"
    low = said.lower()
    if "unknown pre-tokenizer" in low:
        return f"This GPT4All (2.8.2) does not know the tokenizer of {name}. {PICK_ANOTHER}"
    if "unsupported model architecture" in low:
        return f"This GPT4All (2.8.2, llama.cpp of mid-2024) cannot run {name}. {PICK_ANOTHER}"
    if "not within the file bounds" in low or "corrupted or incomplete" in low:
        return f"{name} is incomplete or damaged. Download it again."
    if "unsupported file format" in low:
        return f"GPT4All cannot read {name}: it is not a model file it knows. {PICK_ANOTHER}"
    if any(s in low for s in ("bad_alloc", "out of memory", "failed to allocate")):
        return f"Not enough memory to load {name}. Close other programs, or pick a smaller model."
    reason = re.search(r"error loading model: (.+)", said)  # llama.cpp's own words
    if reason:
        detail = reason.group(1).strip()
    else:
        lines = [ln.strip() for ln in said.splitlines() if ln.strip()]
        detail = next((ln for ln in reversed(lines) if "error" in ln.lower()), "")
        detail = detail or (lines[-1] if lines else "no reason given")
    return f"GPT4All could not load {name}: {detail}"


class Gpt4AllEngine:
    """A GGUF model loaded in-process by gpt4all 2.8.2 (CPU only, never downloads).

    Not thread-safe: use one instance from one thread only (see module docstring).
    Raises EngineError, with a reason the user can act on, if the model cannot
    be loaded.
    """

    def __init__(
        self,
        path: str | Path,
        n_threads: int | None = None,
        n_ctx: int = 2048,
        n_batch: int = DEFAULT_N_BATCH,
    ) -> None:
        p = Path(path)
        # The header check is cheap and gives precise reasons; gpt4all itself
        # often says only "Model not loaded".
        header = read_gguf_header(p)
        check_loadable(header, p.name)
        if p.suffix not in (".gguf", ".bin"):
            raise EngineError(f"GPT4All only opens files ending in .gguf: rename {p.name}.")
        base = model_info(header, p)
        ctx = max(256, min(n_ctx, base.context_size))
        _check_memory(header, ctx, p.name)
        self._template = template_for(header.metadata)
        self._n_batch = max(1, min(n_batch, 128))
        self.n_threads = n_threads or default_threads()
        self.last_prompt_tokens = 0  # exact, counted while the last prompt was read

        with quiet_native("loading the gpt4all library"):  # it tries its GPU backends
            from gpt4all import GPT4All  # the native library: only when a model is used

        model: Any = None
        failure: BaseException | None = None
        started = time.perf_counter()
        with _native_stderr() as native:
            try:
                model = GPT4All(
                    p.name,
                    model_path=str(p.parent),
                    allow_download=False,
                    device="cpu",
                    n_threads=self.n_threads,
                    n_ctx=ctx,
                    verbose=False,
                )
                # gpt4all ignores llama.cpp's load result; ask whether it loaded.
                model.model.thread_count()
            except Exception as exc:  # gpt4all raises bare Exception("Model not loaded")
                failure = exc
        messages = "".join(native)
        if messages.strip():
            # kept in the app's log file (the terminal and the window stay quiet)
            native_log.info("native output while loading %s:\n%s", p.name, messages.strip())
        if failure is not None:
            if model is not None:
                model.close()
            raise EngineError(_load_failure(p.name, messages, failure)) from failure
        self.load_seconds = time.perf_counter() - started
        self._model: Any = model
        # Held while the model runs: a second caller gets an error, not a crash.
        self._busy = threading.Lock()
        self.info: ModelInfo = replace(base, context_size=ctx)

    def __enter__(self) -> Gpt4AllEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count_tokens(self, text: str) -> int:
        # gpt4all 2.8.2 exposes no tokenizer: an estimate that errs high.
        return estimate_tokens(text)

    def close(self) -> None:
        """Free the model. Waits for a running generate() (freeing under it would crash)."""
        with self._busy:
            if self._model is not None:
                self._model.close()
                self._model = None

    def generate(
        self,
        system: str,
        user: str,
        settings: GenerationSettings,
        on_text: OnText | None = None,
    ) -> str:
        """See `Engine.generate`. `settings.seed` is ignored: gpt4all 2.8.2 has no seed
        (temperature 0 gives repeatable answers)."""
        if not self._busy.acquire(blocking=False):
            raise EngineError(
                "The model is already answering another request; wait for it or cancel it."
            )
        try:
            if self._model is None:
                raise EngineError("The model was closed; load it again.")
            return self._generate(system, user, settings, on_text)
        finally:
            self._busy.release()

    def _generate(
        self,
        system: str,
        user: str,
        settings: GenerationSettings,
        on_text: OnText | None,
    ) -> str:
        llm = self._model.model  # gpt4all's LLModel: one prompt call, full control
        scanner = StopScanner((*settings.stop, *self._template.stop))
        pieces: list[str] = []
        state: dict[str, Any] = {"cancelled": False, "error": None, "raised": None}
        prompt_tokens = 0
        last_poll = time.monotonic()

        def emit(text: str) -> bool:
            if not pieces:
                text = text.lstrip()  # SentencePiece models start with a space
                if not text:
                    return True
            pieces.append(text)
            if on_text is not None and on_text(text) is False:
                state["cancelled"] = True
                return False
            return True

        # ctypes swallows exceptions raised in callbacks: keep them and stop.
        def on_prompt_token(token_id: int) -> bool:
            nonlocal prompt_tokens, last_poll
            prompt_tokens += 1
            if on_text is None or time.monotonic() - last_poll < PROMPT_POLL_SECONDS:
                return True
            last_poll = time.monotonic()
            try:
                if on_text("") is False:
                    state["cancelled"] = True
                    return False
            except BaseException as exc:
                state["raised"] = exc
                return False
            return True

        def on_token(token_id: int, text: str) -> bool:
            try:
                if token_id == -1:  # gpt4all reports errors as reply text with id -1
                    state["error"] = text
                    return False
                safe = scanner.feed(text)
                if safe and not emit(safe):
                    return False
                return not scanner.stopped
            except BaseException as exc:
                state["raised"] = exc
                return False

        # The whole prompt is one template around %1, so gpt4all checks the
        # whole prompt (system text included) against the context window.
        template = self._template.llmodel_template(system)
        llm._prompt_callback = on_prompt_token  # instance attribute shadows gpt4all's no-op
        try:
            llm.prompt_model(
                user,
                template,
                on_token,
                n_predict=max(1, settings.max_tokens),
                top_k=max(1, settings.top_k),
                top_p=settings.top_p,
                min_p=0.0,
                temp=settings.temperature,
                n_batch=self._n_batch,
                repeat_penalty=REPEAT_PENALTY,
                repeat_last_n=REPEAT_LAST_N,
                reset_context=True,
                special=False,  # markers in slide text stay text
            )
        finally:
            with contextlib.suppress(AttributeError):
                del llm._prompt_callback
        self.last_prompt_tokens = prompt_tokens

        if state["raised"] is not None:
            raise state["raised"]
        error = state["error"]
        if error is not None:
            if OVERFLOW_TEXT in error:
                est = estimate_tokens(template) + estimate_tokens(user)
                raise EngineError(
                    f"The prompt is too long for this model's context window "
                    f"({self.info.context_size} tokens; this prompt is about {est}). "
                    "Select fewer slides, or load the model with a larger context."
                )
            raise EngineError(f"The model could not answer: {error.removeprefix('ERROR: ')}")
        if not state["cancelled"]:
            tail = scanner.flush()
            if tail:
                emit(tail)
        return "".join(pieces)
