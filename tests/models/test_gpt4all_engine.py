"""The GPT4All engine with the REAL bundled model: streaming, cancelling, stop
strings, context overflow, and clear errors for files it cannot load."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import gguf
import numpy as np
import pytest

from models.bundled import ensure_bundled_model
from models.engine import Engine, EngineError, GenerationSettings
from models.gpt4all_engine import Gpt4AllEngine, default_threads

pytestmark = pytest.mark.slow

SYSTEM = "You are a helpful teaching assistant."
QUESTION = "What is a token in NLP? Answer in one sentence."
GREEDY = GenerationSettings(max_tokens=60, temperature=0.0)


@pytest.fixture(scope="session")
def bundled_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One copy for the whole session, shared with the other model tests.
    return ensure_bundled_model(tmp_path_factory.getbasetemp() / "bundled-model")


@pytest.fixture(scope="session")
def engine(bundled_model: Path) -> Iterator[Gpt4AllEngine]:
    eng = Gpt4AllEngine(bundled_model)  # loads once for the whole session
    yield eng
    eng.close()


@pytest.fixture(scope="session")
def greedy_answer(engine: Gpt4AllEngine) -> str:
    return engine.generate(SYSTEM, QUESTION, GREEDY)


def test_it_loads_the_bundled_model_as_an_engine(engine: Gpt4AllEngine) -> None:
    assert isinstance(engine, Engine)
    assert engine.info.engine == "gpt4all"
    assert engine.info.architecture == "llama"
    assert engine.info.template == "chatml"
    assert engine.info.context_size == 2048  # the window it runs with, not the trained 8192
    assert engine.load_seconds < 30
    assert engine.n_threads == default_threads() >= 1
    assert engine.count_tokens("What is a token?") > 0


def test_it_streams_pieces_whose_concatenation_is_the_answer(engine: Gpt4AllEngine) -> None:
    pieces: list[str] = []
    answer = engine.generate(SYSTEM, QUESTION, GREEDY, on_text=lambda t: pieces.append(t) or True)
    real = [p for p in pieces if p]  # "" is a cancel poll while the prompt is read
    assert len(real) >= 5
    assert "".join(pieces) == answer
    assert len(answer.split()) >= 5 and "token" in answer.lower()
    assert answer == answer.lstrip()
    assert "<|im_end|>" not in answer and "<|im_start|>" not in answer
    assert 20 < engine.last_prompt_tokens < 80  # counted by gpt4all while reading the prompt


def test_greedy_answers_repeat(engine: Gpt4AllEngine, greedy_answer: str) -> None:
    assert engine.generate(SYSTEM, QUESTION, GREEDY) == greedy_answer


def test_cancelling_after_the_third_piece_stops_within_a_fraction_of_a_second(
    engine: Gpt4AllEngine,
) -> None:
    pieces: list[str] = []
    cancelled_at = 0.0

    def on_text(text: str) -> bool:
        nonlocal cancelled_at
        if not text:
            return True
        pieces.append(text)
        if len(pieces) == 3:
            cancelled_at = time.perf_counter()
            return False
        return True

    settings = GenerationSettings(max_tokens=300, temperature=0.0)
    answer = engine.generate(SYSTEM, "Write a long essay about tokenization.", settings, on_text)
    latency = time.perf_counter() - cancelled_at
    assert len(pieces) == 3
    assert answer == "".join(pieces)
    assert len(answer) < 40
    assert latency < 0.5, f"generation went on for {latency:.3f} s after cancel"


def test_cancel_is_noticed_while_a_long_prompt_is_still_being_read(
    engine: Gpt4AllEngine,
) -> None:
    slides = "Byte pair encoding merges the most frequent pair of adjacent symbols. " * 100
    polls: list[str] = []

    def on_text(text: str) -> bool:
        polls.append(text)
        return False  # cancel at the first chance

    answer = engine.generate(SYSTEM, slides, GREEDY, on_text)
    assert answer == ""
    assert polls == [""]  # it was asked during the prompt, before any answer text
    assert engine.last_prompt_tokens < 1000  # about 1,300 tokens were never read


def test_stop_strings_end_the_answer_and_are_not_returned(
    engine: Gpt4AllEngine, greedy_answer: str
) -> None:
    assert "." in greedy_answer
    settings = GenerationSettings(max_tokens=60, temperature=0.0, stop=(".",))
    pieces: list[str] = []
    answer = engine.generate(SYSTEM, QUESTION, settings, on_text=lambda t: pieces.append(t) or True)
    assert answer == greedy_answer.split(".")[0]
    assert "".join(pieces) == answer


def test_a_prompt_bigger_than_the_context_is_an_error_not_an_answer(
    engine: Gpt4AllEngine,
) -> None:
    with pytest.raises(EngineError, match="too long for this model's context window"):
        engine.generate(SYSTEM, "token " * 3000, GREEDY)
    # The engine still works afterwards.
    assert engine.generate(SYSTEM, "Say hello.", GenerationSettings(max_tokens=5, temperature=0))


def test_an_exception_in_on_text_reaches_the_caller(engine: Gpt4AllEngine) -> None:
    def broken(text: str) -> bool:
        if text:
            raise RuntimeError("the GUI went away")
        return True

    with pytest.raises(RuntimeError, match="the GUI went away"):
        engine.generate(SYSTEM, QUESTION, GREEDY, broken)


# --- files it cannot load -------------------------------------------------------------


def load_error(path: Path) -> str:
    with pytest.raises(EngineError) as caught:
        Gpt4AllEngine(path)
    return str(caught.value)


def test_a_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in load_error(tmp_path / "Llama-3.2-3B-Instruct-Q4_0.gguf")


def test_a_text_file_renamed_gguf(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_text("I am a lecture transcript, not a model.\n" * 50)
    assert "not a GGUF model file" in load_error(fake)


def test_a_truncated_copy_of_the_model(bundled_model: Path, tmp_path: Path) -> None:
    cut = tmp_path / "SmolLM2-cut.gguf"
    with bundled_model.open("rb") as src, cut.open("wb") as dst:
        dst.write(src.read(60_000_000))
    message = load_error(cut)
    assert "incomplete" in message and "Download it again" in message


def test_a_gemma3_model(tmp_path: Path) -> None:
    path = tmp_path / "gemma-3-4b-it-Q4_0.gguf"
    w = gguf.GGUFWriter(path, arch="gemma3")
    w.add_context_length(8192)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    message = load_error(path)
    assert "cannot run gemma3 models" in message and "Llama 3.2 3B Instruct" in message


def test_a_file_gpt4all_fails_to_load_is_caught_by_checking_it_really_loaded(
    tmp_path: Path,
) -> None:
    # A header that passes every check, but no vocabulary: llama.cpp refuses it,
    # and gpt4all 2.8.2 would otherwise carry on with an unloaded model.
    path = tmp_path / "no-vocab.gguf"
    w = gguf.GGUFWriter(path, arch="llama")
    w.add_block_count(1)
    w.add_context_length(2048)
    w.add_tensor("token_embd.weight", np.zeros((4, 4), dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    message = load_error(path)
    assert message.startswith("GPT4All could not load no-vocab.gguf")
    assert "tokenizer.ggml.tokens" in message  # llama.cpp's own reason, from its stderr


def test_not_enough_memory(bundled_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("models.gpt4all_engine.available_memory", lambda: 64 * 1024 * 1024)
    message = load_error(bundled_model)
    assert "Not enough memory" in message and "0.1 GB is free" in message


def test_a_closed_engine_says_so(bundled_model: Path) -> None:
    eng = Gpt4AllEngine(bundled_model, n_threads=1, n_ctx=512)
    assert eng.info.context_size == 512
    eng.close()
    eng.close()  # twice is fine
    with pytest.raises(EngineError, match="closed"):
        eng.generate(SYSTEM, QUESTION, GREEDY)


def test_the_chat_session_strings_give_the_engines_answer(
    bundled_model: Path, greedy_answer: str
) -> None:
    # Code that drives gpt4all's own chat_session with ChatTemplate.gpt4all_chat
    # gets the same prompt, token for token, as the engine builds.
    from gpt4all import GPT4All

    from models.chat_templates import CHATML
    from models.gpt4all_engine import REPEAT_LAST_N, REPEAT_PENALTY

    model = GPT4All(
        bundled_model.name,
        model_path=str(bundled_model.parent),
        allow_download=False,
        device="cpu",
        n_threads=default_threads(),
    )
    system_prompt, prompt_template = CHATML.gpt4all_chat(SYSTEM)
    with model.chat_session(system_prompt=system_prompt, prompt_template=prompt_template):
        reply = model.generate(
            QUESTION,
            max_tokens=GREEDY.max_tokens,
            temp=0.0,
            top_k=GREEDY.top_k,
            top_p=GREEDY.top_p,
            repeat_penalty=REPEAT_PENALTY,
            repeat_last_n=REPEAT_LAST_N,
            n_batch=128,
        )
    model.close()
    assert reply.strip() == greedy_answer


def test_a_second_caller_gets_an_error_not_a_crash(engine: Gpt4AllEngine) -> None:
    import threading

    inside, release = threading.Event(), threading.Event()
    result: list[str] = []

    def slow_reader(text: str) -> bool:
        inside.set()
        release.wait(10)
        return False  # then cancel

    worker = threading.Thread(
        target=lambda: result.append(engine.generate(SYSTEM, QUESTION, GREEDY, slow_reader))
    )
    worker.start()
    try:
        assert inside.wait(10)
        with pytest.raises(EngineError, match="already answering"):
            engine.generate(SYSTEM, QUESTION, GREEDY)
    finally:
        release.set()
        worker.join(10)
    assert result == [""] or len(result[0]) < 20
    assert engine.generate(SYSTEM, "Say hi.", GenerationSettings(max_tokens=3, temperature=0))
