"""The OpenAI-compatible engine against a real HTTP server on 127.0.0.1 that
streams server-sent events the way Ollama, LM Studio and llama.cpp do."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from models.engine import Engine, EngineError, GenerationSettings
from models.openai_engine import OpenAICompatibleEngine

SETTINGS = GenerationSettings(max_tokens=50, temperature=0.0, seed=7)


@dataclass
class Script:
    """What the fake server does; tests change it."""

    models: list[str] = field(default_factory=lambda: ["llama3.2:3b", "qwen2.5:7b"])
    pieces: list[str] = field(default_factory=lambda: ["A token", " is a", " unit", " of text."])
    delay: float = 0.0  # between pieces
    first_delay: float = 0.0  # before the first piece: the server reading the prompt
    stream: bool = True  # False: a server that ignores stream=true
    status: int = 200
    error_body: str = ""
    models_body: bytes | None = None  # replaces the /models answer
    api_key: str = ""  # required key, if any
    mid_stream_error: bool = False
    requests: list[dict[str, Any]] = field(default_factory=list)
    client_gone: threading.Event = field(default_factory=threading.Event)


def chunk(text: str) -> bytes:
    delta = {"index": 0, "delta": {"content": text}}
    event = {"object": "chat.completion.chunk", "choices": [delta]}
    return f"data: {json.dumps(event)}\n\n".encode()


class Handler(BaseHTTPRequestHandler):
    script: Script

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _json(self, status: int, body: Any) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        s = self.script
        if s.api_key and self.headers.get("Authorization") != f"Bearer {s.api_key}":
            self._json(401, {"error": {"message": "Invalid API key"}})
            return False
        return True

    def do_GET(self) -> None:
        s = self.script
        if not self._authorised():
            return
        if self.path != "/v1/models":
            self._json(404, {"error": "404 page not found"})
        elif s.models_body is not None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(s.models_body)
        else:
            self._json(200, {"object": "list", "data": [{"id": m} for m in s.models]})

    def do_POST(self) -> None:
        s = self.script
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        s.requests.append(body)
        if not self._authorised():
            return
        if self.path != "/v1/chat/completions":
            self._json(404, {"error": "404 page not found"})
            return
        if s.status != 200:
            self._json(s.status, {"error": {"message": s.error_body}})
            return
        if body["model"] not in s.models:
            self._json(404, {"error": f'model "{body["model"]}" not found, try pulling it first'})
            return
        if not s.stream:
            whole = {"choices": [{"message": {"role": "assistant", "content": "".join(s.pieces)}}]}
            self._json(200, whole)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        time.sleep(s.first_delay)
        try:
            self.wfile.write(b": keep-alive comment\n\n")
            for i, piece in enumerate(s.pieces):
                if s.mid_stream_error and i == 2:
                    self.wfile.write(b'data: {"error": {"message": "the model crashed"}}\n\n')
                    return
                self.wfile.write(chunk(piece))
                self.wfile.flush()
                time.sleep(s.delay)
            self.wfile.write(b'data: {"choices": [{"delta": {}, "finish_reason": "stop"}]}\n\n')
            self.wfile.write(b"data: [DONE]\n\n")
        except OSError:
            s.client_gone.set()  # the client closed the connection: generation stops


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()
    handler = type("ScriptedHandler", (Handler,), {"script": script})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed when the block ends: nothing listens


# --- talking to a server ------------------------------------------------------------


def test_it_streams_the_reply_piece_by_piece(server: tuple[str, Script]) -> None:
    url, script = server
    engine = OpenAICompatibleEngine(url, "llama3.2:3b")
    assert isinstance(engine, Engine)
    pieces: list[str] = []
    answer = engine.generate("Be brief.", "What is a token?", SETTINGS, pieces.append)
    assert answer == "A token is a unit of text."
    assert [p for p in pieces if p] == script.pieces
    assert "".join(pieces) == answer
    sent = script.requests[-1]
    assert sent["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "What is a token?"},
    ]
    assert sent["stream"] is True
    assert (sent["max_tokens"], sent["temperature"], sent["seed"]) == (50, 0.0, 7)
    assert engine.info.engine == "openai" and engine.info.warnings == ()


def test_non_ascii_text_and_no_system_message(server: tuple[str, Script]) -> None:
    url, script = server
    script.pieces = ["x ∈ ℝ", "ⁿ, √2 — ", "Gülşen’s ", "lecture"]
    answer = OpenAICompatibleEngine(url, "qwen2.5:7b").generate("", "Hi", SETTINGS)
    assert answer == "x ∈ ℝⁿ, √2 — Gülşen’s lecture"
    assert script.requests[-1]["messages"] == [{"role": "user", "content": "Hi"}]


def test_stop_strings_cut_the_reply_even_across_pieces(server: tuple[str, Script]) -> None:
    url, script = server
    script.pieces = ["Q1: What is BPE?", "\nEN", "D\nQ2: more"]
    settings = GenerationSettings(stop=("END",))
    pieces: list[str] = []
    answer = OpenAICompatibleEngine(url, "qwen2.5:7b").generate("", "q", settings, pieces.append)
    assert answer == "Q1: What is BPE?\n"
    assert "".join(pieces) == answer
    assert script.requests[-1]["stop"] == ["END"]


def test_a_server_that_does_not_stream_still_answers(server: tuple[str, Script]) -> None:
    url, script = server
    script.stream = False
    pieces: list[str] = []
    answer = OpenAICompatibleEngine(url, "qwen2.5:7b").generate("", "q", SETTINGS, pieces.append)
    assert answer == "A token is a unit of text." and pieces == [answer]


def test_cancel_after_the_third_piece_closes_the_connection(server: tuple[str, Script]) -> None:
    url, script = server
    script.pieces = [f"word{i} " for i in range(200)]
    script.delay = 0.02
    got: list[str] = []
    cancelled_at = 0.0

    def on_text(text: str) -> bool:
        nonlocal cancelled_at
        if text:
            got.append(text)
        if len(got) == 3:
            cancelled_at = time.perf_counter()
            return False
        return True

    answer = OpenAICompatibleEngine(url, "qwen2.5:7b").generate("", "essay", SETTINGS, on_text)
    assert time.perf_counter() - cancelled_at < 0.5
    assert answer == "word0 word1 word2 "
    assert script.client_gone.wait(5), "the server kept streaming to nobody"


def test_cancel_while_the_server_is_still_reading_the_prompt(server: tuple[str, Script]) -> None:
    url, script = server
    script.first_delay = 3.0
    started = time.perf_counter()

    def on_text(text: str) -> bool:
        return time.perf_counter() - started < 0.3  # the user presses Cancel after 0.3 s

    answer = OpenAICompatibleEngine(url, "qwen2.5:7b").generate("", "long", SETTINGS, on_text)
    assert answer == ""
    assert time.perf_counter() - started < 1.0


def test_an_error_in_the_middle_of_the_stream(server: tuple[str, Script]) -> None:
    url, script = server
    script.mid_stream_error = True
    with pytest.raises(EngineError, match="the model crashed"):
        OpenAICompatibleEngine(url, "qwen2.5:7b").generate("", "q", SETTINGS)


# --- test_connection and its errors -------------------------------------------------


def test_test_connection_lists_the_models(server: tuple[str, Script]) -> None:
    url, _ = server
    assert OpenAICompatibleEngine(url, "qwen2.5:7b").test_connection() == [
        "llama3.2:3b",
        "qwen2.5:7b",
    ]
    assert OpenAICompatibleEngine(url + "/", "").test_connection()  # no model chosen yet


def test_an_unknown_model(server: tuple[str, Script]) -> None:
    url, _ = server
    engine = OpenAICompatibleEngine(url, "gemma3:4b")
    with pytest.raises(EngineError, match=r"no model 'gemma3:4b'.*llama3\.2:3b, qwen2\.5:7b"):
        engine.test_connection()
    with pytest.raises(EngineError, match=r"has no model 'gemma3:4b'.*try pulling it first"):
        engine.generate("", "q", SETTINGS)


def test_connection_refused() -> None:
    engine = OpenAICompatibleEngine(f"http://127.0.0.1:{closed_port()}/v1", "m")
    with pytest.raises(EngineError, match=r"connection refused.*ollama serve"):
        engine.test_connection()
    with pytest.raises(EngineError, match="connection refused"):
        engine.generate("", "q", SETTINGS)


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as listener:  # accepts connections, never replies
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
        engine = OpenAICompatibleEngine(url, "m", timeout=0.5)
        started = time.perf_counter()
        with pytest.raises(EngineError, match=r"did not answer within 0\.5 s"):
            engine.test_connection()
        assert time.perf_counter() - started < 3


def test_a_slow_first_token_times_out_without_on_text(server: tuple[str, Script]) -> None:
    url, script = server
    script.first_delay = 2.0
    engine = OpenAICompatibleEngine(url, "qwen2.5:7b", timeout=0.5)
    with pytest.raises(EngineError, match="did not answer within"):
        engine.generate("", "q", SETTINGS)


def test_http_errors_say_what_to_do(server: tuple[str, Script]) -> None:
    url, script = server
    no_v1 = OpenAICompatibleEngine(url.removesuffix("/v1"), "qwen2.5:7b")
    with pytest.raises(EngineError, match=r"HTTP 404.*usually ends in /v1"):
        no_v1.test_connection()
    script.status, script.error_body = 500, "CUDA out of memory"
    with pytest.raises(EngineError, match=r"HTTP 500.*CUDA out of memory"):
        OpenAICompatibleEngine(url, "qwen2.5:7b").generate("", "q", SETTINGS)


def test_api_keys_are_sent_and_refusals_explained(server: tuple[str, Script]) -> None:
    url, script = server
    script.api_key = "secret"
    with pytest.raises(EngineError, match=r"HTTP 401.*Invalid API key.*Check the API key"):
        OpenAICompatibleEngine(url, "qwen2.5:7b").test_connection()
    assert OpenAICompatibleEngine(url, "qwen2.5:7b", api_key="secret").test_connection()


def test_an_answer_that_is_not_json(server: tuple[str, Script]) -> None:
    url, script = server
    script.models_body = b"<html><body>Welcome to my router</body></html>"
    with pytest.raises(EngineError, match="not with JSON"):
        OpenAICompatibleEngine(url, "").test_connection()


def test_bad_addresses_and_remote_hosts() -> None:
    with pytest.raises(EngineError, match="not a server address"):
        OpenAICompatibleEngine("localhost:11434", "m")
    remote = OpenAICompatibleEngine("https://api.example.com/v1", "m")  # nothing is contacted
    assert remote.info.warnings and "slide text will be sent there" in remote.info.warnings[0]
    assert OpenAICompatibleEngine("http://localhost:11434/v1", "m").info.warnings == ()
    assert OpenAICompatibleEngine("http://192.168.1.20:1234/v1", "m").info.warnings == ()


def test_a_closed_engine_refuses_to_generate(server: tuple[str, Script]) -> None:
    url, _ = server
    engine = OpenAICompatibleEngine(url, "qwen2.5:7b")
    engine.close()
    with pytest.raises(EngineError, match="closed"):
        engine.generate("", "q", SETTINGS)
