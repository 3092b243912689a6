"""A real loopback HTTP server that answers like a local model server gone wrong.

Modes for POST /chat/completions (GET /models always lists model "m"):
  pings     200 event stream of keep-alive comments, never a token, never the end
  endless   200 event stream of tokens without end (the server ignores max_tokens)
  longline  200 event stream whose one line never ends (no newline, ever)
  silent    accepts the request and never answers
  drip      a whole JSON reply (not streamed) that comes one byte at a time, for ever
  good      a short proper reply, then [DONE]
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPLY = (
    "Question: Which part of the model does attention weigh?\n"
    "A) The tokens of the input\nB) The learning rate\nC) The batch size\nD) The optimizer\n"
    "Answer: A\n"
)


def _event(text: str) -> bytes:
    return b"data: " + json.dumps({"choices": [{"delta": {"content": text}}]}).encode() + b"\n\n"


class _Handler(BaseHTTPRequestHandler):
    mode = "good"
    protocol_version = "HTTP/1.1"

    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:
        body = json.dumps({"data": [{"id": "m"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        mode = self.server.mode  # type: ignore[attr-defined]
        if mode == "silent":
            time.sleep(3600)
            return
        if mode == "drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(1 << 40))
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            if mode == "good":
                for word in REPLY.split(" "):
                    self.wfile.write(_event(word + " "))
                self.wfile.write(b"data: [DONE]\n\n")
            elif mode == "pings":
                while True:
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
                    time.sleep(0.05)
            elif mode == "endless":
                while True:
                    self.wfile.write(_event("token ") * 50)
            elif mode == "longline":
                self.wfile.write(b"data: ")
                chunk = b"x" * 65536
                while True:
                    self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up: what a well-behaved client does here


@contextmanager
def serving(mode: str) -> Iterator[str]:
    """A server in a thread of this process; yields its base URL (…/v1)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.mode = mode  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":  # a manual probe: python -m tests.robustness.misbehaving_server MODE
    import sys

    with serving(sys.argv[1]) as url:
        print(url, flush=True)
        time.sleep(3600)
