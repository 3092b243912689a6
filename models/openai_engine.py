"""A model served by a local OpenAI-compatible server: Ollama, LM Studio,
llama.cpp's server, vLLM...

Standard library only. Replies stream as server-sent events ("data: {...}"
lines ending with "data: [DONE]"). The response is read on a helper thread
so that a cancel is noticed even while the server is still reading the
prompt: cancelling closes the connection, which also tells the server to stop.

A misbehaving server cannot hang drafting or exhaust memory: every request
has an overall deadline (`deadline`, REQUEST_DEADLINE by default) that
keep-alive pings or a slow drip do not reset; a reply is cut at the
request's max_tokens even if the server ignores it; a line of the event
stream (or a whole reply) longer than MAX_LINE_BYTES (MAX_REPLY_BYTES) ends
the request with a message.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import json
import queue
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from models.engine import (
    EngineError,
    GenerationSettings,
    ModelInfo,
    OnText,
    StopScanner,
    estimate_tokens,
)

POLL_SECONDS = 0.2  # how often on_text("") is called while waiting for the server
MAX_ERROR_BODY = 64 * 1024
REQUEST_DEADLINE = 300.0  # seconds for one whole request, however busy the server looks
MAX_LINE_BYTES = 1 << 20  # one event-stream line; a token event is well under 1 KB
MAX_REPLY_BYTES = 16 << 20  # a reply that is not streamed, or the model list
MAX_CHARS_PER_TOKEN = 16  # a reply longer than max_tokens × this ignored max_tokens
_QUEUE_LINES = 4096  # lines read ahead of the consumer, so memory stays bounded

_DONE = object()


def _is_local(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return False
    return addr.is_loopback or addr.is_private or addr.is_link_local


def _error_message(body: bytes) -> str:
    """The server's own words from an error body, in any of the usual shapes."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return text[:300]
    if isinstance(data, dict):
        err = data.get("error", data)
        if isinstance(err, dict):
            err = err.get("message") or err.get("detail") or err
        if isinstance(err, str):
            return err[:300]
        msg = data.get("message") or data.get("detail")
        if isinstance(msg, str):
            return msg[:300]
    return text[:300]


class OpenAICompatibleEngine:
    """Chat completions from `{base_url}/chat/completions`, streamed.

    `base_url` is the API root, usually ending in /v1 (Ollama:
    http://localhost:11434/v1, LM Studio: http://localhost:1234/v1,
    llama.cpp server: http://localhost:8080/v1). An empty `model` lets
    servers that run a single model (llama.cpp) use it.
    Use one instance from one thread at a time.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout: float = 120,
        context_size: int = 4096,
        deadline: float = REQUEST_DEADLINE,
        timeout_hint: str = "",
    ) -> None:
        url = base_url.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EngineError(
                f"'{base_url}' is not a server address. Use one like http://localhost:11434/v1"
            )
        try:
            port = parts.port
        except ValueError:  # urlsplit checks the port only when asked for it
            raise EngineError(
                f"'{base_url}' has no valid port: a port is a number from 1 to 65535, "
                "as in http://localhost:11434/v1"
            ) from None
        self.base_url = url
        self.model = model
        self.api_key = api_key
        self.deadline = deadline
        self.timeout = min(timeout, deadline)
        # How the user allows a longer wait, where there is a way ("" in the app)
        self.timeout_hint = timeout_hint
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = port or (443 if self._https else 80)
        self._prefix = parts.path.rstrip("/")
        warnings: tuple[str, ...] = ()
        if not _is_local(self._host):
            warnings = (
                f"{self._host} is not on this computer or its local network: "
                "slide text will be sent there.",
            )
        self.info = ModelInfo(
            name=model or "(server default)",
            path=None,
            architecture="",
            context_size=context_size,
            template="server",  # the server applies the model's own chat format
            engine="openai",
            warnings=warnings,
        )
        self._closed = False

    # --- HTTP -----------------------------------------------------------------

    def _connection(self) -> http.client.HTTPConnection:
        if self._https:
            return http.client.HTTPSConnection(
                self._host, self._port, timeout=self.timeout, context=ssl.create_default_context()
            )
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)

    def _headers(self, json_body: bool) -> dict[str, str]:
        headers = {"Accept": "application/json, text/event-stream"}
        if json_body:
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _network_error(self, exc: BaseException) -> EngineError:
        where = self.base_url
        if isinstance(exc, ConnectionRefusedError):
            return EngineError(
                f"Nothing is listening at {where} (connection refused). Start the server "
                "(e.g. `ollama serve`, or LM Studio's local server) or check the address and port."
            )
        if isinstance(exc, (socket.timeout, TimeoutError)):
            return EngineError(
                f"The server at {where} did not answer within {self.timeout:g} s. It may still be "
                f"loading the model; wait a moment and try again{self.timeout_hint}."
            )
        if isinstance(exc, socket.gaierror):
            return EngineError(f"Cannot find the server '{self._host}': check the address.")
        if isinstance(exc, ssl.SSLError):
            return EngineError(f"Secure connection to {where} failed: {exc}")
        if isinstance(exc, (ConnectionResetError, http.client.RemoteDisconnected)):
            return EngineError(f"The server at {where} closed the connection: {exc}")
        return EngineError(f"Cannot reach the server at {where}: {exc}")

    def _http_error(self, status: int, reason: str, body: bytes, endpoint: str) -> EngineError:
        said = _error_message(body)
        where = f"{self.base_url}{endpoint}"
        if status in (401, 403):
            return EngineError(
                f"The server refused access (HTTP {status}): {said or reason}. Check the API key."
            )
        if status == 404 and "model" in said.lower():
            return EngineError(
                f"The server has no model '{self.model}': {said}. "
                "Pick one of the models it lists (Test connection)."
            )
        if status == 404:
            return EngineError(
                f"{where} was not found (HTTP 404): this does not look like an OpenAI-compatible "
                "API. The address usually ends in /v1, e.g. http://localhost:11434/v1 (Ollama) "
                "or http://localhost:1234/v1 (LM Studio)."
            )
        return EngineError(f"The server failed (HTTP {status} {reason}) at {where}: {said}")

    def _request(
        self, method: str, endpoint: str, body: dict[str, Any] | None
    ) -> tuple[http.client.HTTPConnection, socket.socket | None, http.client.HTTPResponse]:
        """Send a request: (connection, its socket, the 200 response), or EngineError."""
        conn = self._connection()
        data = None if body is None else json.dumps(body).encode("utf-8")
        try:
            conn.request(
                method, self._prefix + endpoint, body=data, headers=self._headers(data is not None)
            )
            # Kept for cancelling: a response that reads to the end of the
            # connection takes it over and the connection forgets its socket.
            sock = conn.sock
            resp = conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise self._network_error(exc) from exc
        if resp.status != 200:
            try:
                raw = resp.read(MAX_ERROR_BODY)
            except (OSError, http.client.HTTPException):
                raw = b""
            conn.close()
            raise self._http_error(resp.status, resp.reason, raw, endpoint)
        return conn, sock, resp

    # --- API ------------------------------------------------------------------

    def test_connection(self) -> list[str]:
        """The ids of the server's models (GET /models); EngineError saying what is wrong,
        including when `model` is set and the server does not have it."""
        conn, _, resp = self._request("GET", "/models", None)
        try:
            raw = self._read_capped(resp, time.monotonic() + self.deadline)
        except (OSError, http.client.HTTPException) as exc:
            raise self._network_error(exc) from exc
        finally:
            resp.close()
            conn.close()
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise EngineError(
                f"The server at {self.base_url} answered, but not with JSON: is this an "
                "OpenAI-compatible API? (The address usually ends in /v1.)"
            ) from exc
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise EngineError(
                f"The server at {self.base_url} answered JSON without a model list "
                "('data'): is this an OpenAI-compatible API?"
            )
        ids = [str(m["id"]) for m in items if isinstance(m, dict) and "id" in m]
        if self.model and self.model not in ids:
            have = ", ".join(ids) if ids else "none"
            raise EngineError(
                f"The server at {self.base_url} has no model '{self.model}'. Its models: {have}."
            )
        return ids

    def count_tokens(self, text: str) -> int:
        # No standard tokenize endpoint across servers: an estimate that errs high.
        return estimate_tokens(text)

    def close(self) -> None:
        self._closed = True  # nothing is held between requests

    def generate(
        self,
        system: str,
        user: str,
        settings: GenerationSettings,
        on_text: OnText | None = None,
    ) -> str:
        """See `Engine.generate`."""
        if self._closed:
            raise EngineError("This server connection was closed; connect again.")
        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": user})
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "stream": True,
            "max_tokens": settings.max_tokens,
            "temperature": settings.temperature,
            "top_p": settings.top_p,
            "top_k": settings.top_k,  # not OpenAI's, but Ollama, LM Studio, llama.cpp, vLLM take it
        }
        if settings.seed is not None:
            body["seed"] = settings.seed
        if settings.stop:
            body["stop"] = list(settings.stop)[:4]  # OpenAI's limit; all are also applied here
        ends_at = time.monotonic() + self.deadline
        conn, sock, resp = self._request("POST", "/chat/completions", body)
        try:
            if "text/event-stream" not in (resp.getheader("Content-Type") or ""):
                # a server that won't stream
                return self._whole_reply(resp, settings, on_text, ends_at)
            return self._stream(sock, resp, settings, on_text, ends_at)
        finally:
            resp.close()
            conn.close()

    # --- replies ------------------------------------------------------------

    def _read_capped(self, resp: http.client.HTTPResponse, ends_at: float) -> bytes:
        """A whole (not streamed) reply: at most MAX_REPLY_BYTES, by `ends_at`."""
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > ends_at:  # a drip of bytes resets the socket timeout
                raise self._past_deadline()
            chunk = resp.read1(64 * 1024)  # what has come, not a full 64 KB
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                raise EngineError(
                    f"The server at {self.base_url} sent a reply of more than "
                    f"{MAX_REPLY_BYTES >> 20} MB; that is not a model's answer, so it was not read."
                )
            chunks.append(chunk)

    def _whole_reply(
        self,
        resp: http.client.HTTPResponse,
        settings: GenerationSettings,
        on_text: OnText | None,
        ends_at: float,
    ) -> str:
        try:
            data = json.loads(self._read_capped(resp, ends_at))
            text = data["choices"][0]["message"]["content"] or ""
        except (OSError, http.client.HTTPException) as exc:
            raise self._network_error(exc) from exc
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise EngineError(
                f"The server at {self.base_url} sent a reply without a message in it."
            ) from exc
        scanner = StopScanner(settings.stop)
        text = (scanner.feed(str(text)) + scanner.flush()).lstrip()
        if text and on_text is not None:
            on_text(text)
        return text

    def _stream(
        self,
        sock: socket.socket | None,
        resp: http.client.HTTPResponse,
        settings: GenerationSettings,
        on_text: OnText | None,
        ends_at: float,
    ) -> str:
        lines: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_LINES)
        stop = threading.Event()

        def put(item: object) -> bool:
            while not stop.is_set():  # bounded: wait for the consumer, or for the end
                try:
                    lines.put(item, timeout=POLL_SECONDS)
                    return True
                except queue.Full:
                    continue
            return False

        def read() -> None:
            try:
                while True:
                    raw = resp.readline(MAX_LINE_BYTES + 1)
                    if not raw:
                        put(_DONE)
                        return
                    if len(raw) > MAX_LINE_BYTES:
                        put(self._line_too_long())
                        return
                    if not put(raw):
                        return
            except BaseException as exc:  # handed to the caller's thread
                put(exc)

        reader = threading.Thread(target=read, name="openai-stream", daemon=True)
        reader.start()
        scanner = StopScanner(settings.stop)
        pieces: list[str] = []
        cancelled = False
        # Servers are asked for max_tokens; one that ignores it is cut here. A token
        # event carries one token, and no token is MAX_CHARS_PER_TOKEN characters.
        events_left = settings.max_tokens
        chars_left = settings.max_tokens * MAX_CHARS_PER_TOKEN

        def emit(text: str) -> bool:
            if not pieces:
                text = text.lstrip()
                if not text:
                    return True
            pieces.append(text)
            return on_text is None or on_text(text) is not False

        try:
            for content in self._events(lines, on_text, ends_at):
                if content is None:  # an idle poll: give the caller a chance to cancel
                    if on_text is not None and on_text("") is False:
                        cancelled = True
                        break
                    continue
                events_left -= 1
                chars_left -= len(content)
                if chars_left < 0:
                    content = content[: len(content) + chars_left]
                safe = scanner.feed(content)
                if safe and not emit(safe):
                    cancelled = True
                    break
                if scanner.stopped or events_left <= 0 or chars_left <= 0:
                    break
        finally:
            stop.set()
            if reader.is_alive():
                # Shutting the socket down under the reader wakes it up, and
                # tells the server to stop generating.
                with contextlib.suppress(OSError):
                    if sock is not None:
                        sock.shutdown(socket.SHUT_RDWR)
                reader.join(timeout=1)
        if not cancelled:
            tail = scanner.flush()
            if tail:
                emit(tail)
        return "".join(pieces)

    def _line_too_long(self) -> EngineError:
        return EngineError(
            f"The server at {self.base_url} sent a reply line of more than "
            f"{MAX_LINE_BYTES >> 20} MB without ending it: that is not a model's event "
            "stream, so the request was stopped. Check that the address is a model server."
        )

    def _past_deadline(self) -> EngineError:
        return EngineError(
            f"The server at {self.base_url} did not finish its reply within {self.deadline:g} s, "
            "the limit for one request, so the request was stopped. The server may be "
            f"overloaded or stuck: check it, then try again{self.timeout_hint}."
        )

    def _events(
        self, lines: queue.Queue[object], on_text: OnText | None, ends_at: float
    ) -> Iterator[str | None]:
        """Reply text from the event stream; None while nothing has come for a while."""
        data: list[str] = []
        data_size = 0
        silent_until = time.monotonic() + self.timeout
        while True:
            now = time.monotonic()
            if now >= ends_at:  # keep-alive pings or a drip of tokens do not extend it
                raise self._past_deadline()
            wait = min(POLL_SECONDS if on_text is not None else self.timeout, ends_at - now)
            try:
                item = lines.get(timeout=max(wait, 0.01))
            except queue.Empty:
                if time.monotonic() >= silent_until and on_text is None:
                    raise self._network_error(TimeoutError()) from None
                if on_text is not None:
                    yield None
                continue
            silent_until = time.monotonic() + self.timeout
            if item is _DONE:  # the server closed the stream, maybe without a last blank line
                payload = "\n".join(data)
                if payload.strip() and payload.strip() != "[DONE]":
                    yield from self._event_text(payload)
                return
            if isinstance(item, EngineError):
                raise item
            if isinstance(item, BaseException):
                raise self._network_error(item)
            assert isinstance(item, bytes)
            line = item.decode("utf-8", errors="replace").rstrip("\r\n")
            if line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
                data_size += len(data[-1])
                if data_size > MAX_LINE_BYTES:  # one event, spread over many lines
                    raise self._line_too_long()
            elif not line and data:  # a blank line ends an event
                payload, data, data_size = "\n".join(data), [], 0
                if payload.strip() == "[DONE]":
                    return
                yield from self._event_text(payload)
            # ":" comments, "event:" and "id:" lines carry nothing we need

    def _event_text(self, payload: str) -> Iterator[str]:
        try:
            event = json.loads(payload)
        except ValueError as exc:
            raise EngineError(
                f"The server at {self.base_url} sent a reply that is not JSON: {payload[:120]!r}"
            ) from exc
        if not isinstance(event, dict):
            return
        if "error" in event:
            said = _error_message(json.dumps(event).encode())
            raise EngineError(f"The server stopped with an error: {said}")
        choices = event.get("choices")
        for choice in choices if isinstance(choices, list) else ():
            if not isinstance(choice, dict):  # an odd event: nothing in it to show
                continue
            delta = choice.get("delta") or choice.get("message") or {}
            text = delta.get("content") if isinstance(delta, dict) else None
            if isinstance(text, str) and text:
                yield text
