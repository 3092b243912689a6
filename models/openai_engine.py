"""A model served by a local OpenAI-compatible server: Ollama, LM Studio,
llama.cpp's server, vLLM...

Standard library only. Replies stream as server-sent events ("data: {...}"
lines ending with "data: [DONE]"). The response is read on a helper thread
so that a cancel is noticed even while the server is still reading the
prompt: cancelling closes the connection, which also tells the server to stop.
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
    ) -> None:
        url = base_url.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EngineError(
                f"'{base_url}' is not a server address. Use one like http://localhost:11434/v1"
            )
        self.base_url = url
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 80)
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
                "loading the model; try again, or raise the timeout."
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
            raw = resp.read()
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
        conn, sock, resp = self._request("POST", "/chat/completions", body)
        try:
            if "text/event-stream" not in (resp.getheader("Content-Type") or ""):
                return self._whole_reply(resp, settings, on_text)  # a server that won't stream
            return self._stream(sock, resp, settings, on_text)
        finally:
            resp.close()
            conn.close()

    # --- replies ------------------------------------------------------------

    def _whole_reply(
        self, resp: http.client.HTTPResponse, settings: GenerationSettings, on_text: OnText | None
    ) -> str:
        try:
            data = json.loads(resp.read())
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
    ) -> str:
        lines: queue.Queue[object] = queue.Queue()

        def read() -> None:
            try:
                for raw in iter(resp.readline, b""):
                    lines.put(raw)
                lines.put(_DONE)
            except BaseException as exc:  # handed to the caller's thread
                lines.put(exc)

        reader = threading.Thread(target=read, name="openai-stream", daemon=True)
        reader.start()
        scanner = StopScanner(settings.stop)
        pieces: list[str] = []
        cancelled = False

        def emit(text: str) -> bool:
            if not pieces:
                text = text.lstrip()
                if not text:
                    return True
            pieces.append(text)
            return on_text is None or on_text(text) is not False

        try:
            for content in self._events(lines, on_text):
                if content is None:  # an idle poll: give the caller a chance to cancel
                    if on_text is not None and on_text("") is False:
                        cancelled = True
                        break
                    continue
                safe = scanner.feed(content)
                if safe and not emit(safe):
                    cancelled = True
                    break
                if scanner.stopped:
                    break
        finally:
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

    def _events(self, lines: queue.Queue[object], on_text: OnText | None) -> Iterator[str | None]:
        """Reply text from the event stream; None while nothing has come for a while."""
        data: list[str] = []
        while True:
            try:
                item = lines.get(timeout=POLL_SECONDS if on_text is not None else self.timeout)
            except queue.Empty:
                if on_text is None:
                    raise self._network_error(TimeoutError()) from None
                yield None
                continue
            if item is _DONE:  # the server closed the stream, maybe without a last blank line
                payload = "\n".join(data)
                if payload.strip() and payload.strip() != "[DONE]":
                    yield from self._event_text(payload)
                return
            if isinstance(item, BaseException):
                raise self._network_error(item)
            assert isinstance(item, bytes)
            line = item.decode("utf-8", errors="replace").rstrip("\r\n")
            if line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
            elif not line and data:  # a blank line ends an event
                payload, data = "\n".join(data), []
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
