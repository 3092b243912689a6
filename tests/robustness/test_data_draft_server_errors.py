"""Issue 13, item 7: a model server failing in the middle of drafting (HTTP 500, an
event that is not JSON) ends the run with its message; the drafts made before are
stored. Against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.models.test_openai_engine import chunk
from tests.robustness.data_support import run

MODEL = "qwen2.5:7b"
# A good multiple-choice question about page 61 of the fixture deck.
ANSWER = (
    "Question: Which kind of quantization computes a grid of percentiles or centroids "
    "(k-means 1d)?\nA) Linear quantization\nB) Nonlinear quantization\n"
    "C) Product quantization\nD) Additive quantization\nAnswer: B"
)


class Scripted(BaseHTTPRequestHandler):
    """Answers the first chat request with ANSWER, the next ones with `failure`."""

    failure = "http500"
    chats: list[dict[str, Any]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        body = json.dumps({"object": "list", "data": [{"id": MODEL}]}).encode()
        self._send(200, "application/json", body)

    def do_POST(self) -> None:
        self.chats.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        if len(self.chats) == 1:
            pieces = [ANSWER[i : i + 20] for i in range(0, len(ANSWER), 20)]
            stream = b"".join(chunk(p) for p in pieces) + b"data: [DONE]\n\n"
            self._send(200, "text/event-stream", stream)
        elif self.failure == "http500":
            error = json.dumps({"error": {"message": "CUDA error: out of memory"}}).encode()
            self._send(500, "application/json", error)
        else:  # a proxy's error page in the middle of the event stream
            stream = chunk("Question: ") + b"data: <html>502 Bad Gateway</html>\n\n"
            self._send(200, "text/event-stream", stream)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.sqlite"
    run("decks", "import", str(FIXTURES / "yandex-nlp-lecture-efficiency.pdf"), "--bank", str(path))
    return path


@pytest.fixture(params=["http500", "not-json"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, type[Scripted]]]:
    handler = type("H", (Scripted,), {"failure": request.param, "chats": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def _draft(bank: Path, url: str, *extra: str) -> Any:
    return run(
        "draft", "--deck", "1", "--pages", "61", "--mcq", "3", "--strategy", "model",
        "--server", url, "--model", MODEL, "--bank", str(bank), *extra, check=False,
    )  # fmt: skip


def test_a_server_error_mid_run_keeps_the_drafts_made(
    bank: Path, server: tuple[str, type[Scripted]]
) -> None:
    url, handler = server
    proc = _draft(bank, url, "--json")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "Drafting stopped" in proc.stderr and "1 draft(s) made before" in proc.stderr
    said = "HTTP 500" if handler.failure == "http500" else "not JSON"
    assert said in proc.stderr, proc.stderr
    out = json.loads(proc.stdout)  # still one JSON document, with what was made
    assert out["delivered"] == 1 and said in out["error"]
    [draft] = out["drafts"]
    assert draft["origin"]["method"] == "model" and draft["id"] == 1
    assert len(handler.chats) == 2  # the run ended at the failing request
    listed = json.loads(run("bank", "list", "--bank", str(bank), "--json").stdout)
    assert [q["id"] for q in listed["questions"]] == [1]
    assert listed["questions"][0]["stem"] == draft["stem"]


def test_the_text_output_shows_the_drafts_made_then_the_error(
    bank: Path, server: tuple[str, type[Scripted]]
) -> None:
    url, _ = server
    proc = _draft(bank, url)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "1 of 3 drafted and stored as drafts" in proc.stdout
    assert "percentiles or centroids" in proc.stdout
    assert proc.stderr.rstrip().splitlines()[-1].startswith("quizwright: error: Drafting stopped")


class OddEvents(BaseHTTPRequestHandler):
    """Events that are JSON but not of the expected shape, around real text."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        odd = [{"choices": "oops"}, {"choices": {"0": 1}}, {"choices": [7, None]}, [1, 2]]
        body = b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in odd)
        body += chunk("A token") + chunk(" is a unit.") + b"data: [DONE]\n\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_events_of_an_odd_shape_are_passed_over_not_a_crash() -> None:
    from models.engine import GenerationSettings
    from models.openai_engine import OpenAICompatibleEngine

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), OddEvents)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        engine = OpenAICompatibleEngine(f"http://127.0.0.1:{httpd.server_address[1]}/v1", MODEL)
        text = engine.generate("", "What is a token?", GenerationSettings(max_tokens=20))
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert text == "A token is a unit."
