"""GPT4All's catalog and model downloads, against a real HTTP server on
127.0.0.1 that serves a fake catalog and a binary file with Range support.
No test contacts a real host."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from models.catalog import (
    Catalog,
    CatalogEntry,
    DownloadCancelled,
    download,
    fetch_catalog,
)
from models.engine import EngineError

DATA = os.urandom(3 * 1024 * 1024 + 123)  # a 3 MB "model"
MD5 = hashlib.md5(DATA).hexdigest()


def catalog_json(base: str) -> list[dict[str, Any]]:
    """Entries shaped like the real models3.json, quirks included."""
    return [
        {
            "order": "a",
            "md5sum": MD5,
            "name": "Llama 3.2 3B Instruct",
            "filename": "Llama-3.2-3B-Instruct-Q4_0.gguf",
            "filesize": str(len(DATA)),
            "requires": "3.4.0",
            "ramrequired": "4",
            "parameters": "3 billion",
            "quant": "q4_0",
            "type": "LLaMA3",
            "description": "<ul><li>Fast responses</li><li>Trained by Meta &amp; friends</li></ul>",
            "url": f"{base}/files/llama.gguf",
        },
        {
            "name": "Qwen2.5 Coder 7B",
            "filename": "qwen2.5-coder-7b-instruct-q4_0.gguf",
            "filesize": "4431390720",
            "ramrequired": "8",
            "type": "qwen2",
            "description": ["<strong>Coder</strong>", "Supports 32k context"],
            "url": "https://huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct-GGUF",
        },
        {"name": "Gemma 3 4B Instruct", "filename": "gemma-3-4b-it-Q4_0.gguf", "type": "gemma"},
        {"name": "Qwen3 8B", "filename": "Qwen3-8B-Q4_0.gguf", "type": "qwen2"},
        {
            "name": "Nomic Embed Text v1.5",
            "filename": "nomic-embed-text-v1.5.f16.gguf",
            "type": "Bert",
            "embeddingModel": True,
        },
        {"name": "Phi-3 Mini Instruct", "filename": "Phi-3-mini-4k-instruct.Q4_0.gguf"},
        {"name": "MPT Chat", "filename": "mpt-7b-chat-newbpe-q4_0.gguf", "removedIn": "2.7.3"},
        {"name": "Mystery", "filename": "mystery.gguf", "type": "RWKV"},
        {"name": "Escape", "filename": "../../.bashrc"},
        "not an entry",
    ]


@dataclass
class Server:
    base: str = ""
    catalog: bytes = b"[]"
    files: dict[str, bytes] = field(default_factory=lambda: {"llama.gguf": DATA})
    drop_after: int | None = None  # bytes sent before the connection drops (once)
    ignore_range: bool = False
    requests: list[tuple[str, str | None]] = field(default_factory=list)


class Handler(BaseHTTPRequestHandler):
    server_state: Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        s = self.server_state
        s.requests.append((self.path, self.headers.get("Range")))
        if self.path == "/models3.json":
            self._send(200, s.catalog, "application/json")
            return
        name = self.path.removeprefix("/files/")
        data = s.files.get(name)
        if data is None:
            self._send(404, b"Not Found", "text/plain")
            return
        start = 0
        byte_range = self.headers.get("Range")
        if byte_range and not s.ignore_range:
            start = int(byte_range.removeprefix("bytes=").split("-")[0])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        body = data[start:]
        if s.drop_after is not None:
            cut, s.drop_after = s.drop_after, None
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)  # the network goes away mid-file
            self.close_connection = True
            return
        for i in range(0, len(body), 256 * 1024):
            self.wfile.write(body[i : i + 256 * 1024])

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (Handler,), {"server_state": state}))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    state.catalog = json.dumps(catalog_json(state.base)).encode()
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/models3.json"  # nothing listens there any more


@pytest.fixture
def entry(server: Server, tmp_path: Path) -> CatalogEntry:
    catalog = fetch_catalog(tmp_path / "catalog.json", url=f"{server.base}/models3.json")
    return next(e for e in catalog.entries if e.name.startswith("Llama 3.2"))


# --- the catalog ------------------------------------------------------------------------


def test_the_catalog_is_parsed_and_cached(server: Server, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "models3.json"
    catalog = fetch_catalog(cache, url=f"{server.base}/models3.json", timeout=5)
    assert isinstance(catalog, Catalog)
    assert not catalog.offline and catalog.message == "" and catalog.fetched is not None
    assert cache.read_bytes() == server.catalog
    by_name = {e.name: e for e in catalog.entries}
    assert "MPT Chat" not in by_name  # withdrawn by GPT4All
    assert "Escape" not in by_name  # a file name that would leave the models folder
    llama = by_name["Llama 3.2 3B Instruct"]
    assert (llama.filename, llama.size, llama.md5sum, llama.ram_required_gb) == (
        "Llama-3.2-3B-Instruct-Q4_0.gguf",
        len(DATA),
        MD5,
        4,
    )
    assert llama.architecture == "llama" and llama.loadable and llama.why_not == ""
    assert llama.description_text == "Fast responses\nTrained by Meta & friends"
    qwen = by_name["Qwen2.5 Coder 7B"]
    assert qwen.loadable and qwen.size == 4431390720
    assert qwen.url.endswith("Qwen2.5-Coder-7B-Instruct-GGUF/resolve/main/" + qwen.filename)
    assert "Supports 32k context" in qwen.description_text


def test_entries_this_gpt4all_cannot_run_are_marked_with_the_reason(
    server: Server, tmp_path: Path
) -> None:
    catalog = fetch_catalog(tmp_path / "c.json", url=f"{server.base}/models3.json")
    by_name = {e.name: e for e in catalog.entries}
    assert not by_name["Gemma 3 4B Instruct"].loadable
    assert "Gemma 3" in by_name["Gemma 3 4B Instruct"].why_not
    assert not by_name["Qwen3 8B"].loadable and "Qwen3" in by_name["Qwen3 8B"].why_not
    assert "embedding" in by_name["Nomic Embed Text v1.5"].why_not
    assert not by_name["Mystery"].loadable and "unknown" in by_name["Mystery"].why_not
    phi = by_name["Phi-3 Mini Instruct"]  # no type: the name says phi3
    assert phi.loadable and phi.architecture == "phi3"
    assert phi.url == "https://gpt4all.io/models/gguf/Phi-3-mini-4k-instruct.Q4_0.gguf"
    assert [e.name for e in catalog.entries if e.loadable] == [
        "Llama 3.2 3B Instruct",
        "Qwen2.5 Coder 7B",
        "Phi-3 Mini Instruct",
    ]


def test_offline_with_a_cache_shows_the_cached_catalog(server: Server, tmp_path: Path) -> None:
    cache = tmp_path / "models3.json"
    online = fetch_catalog(cache, url=f"{server.base}/models3.json")
    offline = fetch_catalog(cache, url=closed_port_url(), timeout=2)
    assert offline.offline
    assert offline.message.startswith("offline: showing the cached catalog from 20")
    assert offline.entries == online.entries
    assert cache.read_bytes() == server.catalog  # the cache is not touched


def test_offline_without_a_cache_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EngineError) as caught:
        fetch_catalog(tmp_path / "none.json", url=closed_port_url(), timeout=2)
    assert str(caught.value) == "offline and no cached catalog: showing local models only"


def test_a_garbled_catalog_falls_back_to_the_cache(server: Server, tmp_path: Path) -> None:
    cache = tmp_path / "models3.json"
    fetch_catalog(cache, url=f"{server.base}/models3.json")
    server.catalog = b"<html>captive portal</html>"
    catalog = fetch_catalog(cache, url=f"{server.base}/models3.json")
    assert catalog.offline and len(catalog.entries) == 7
    assert json.loads(cache.read_bytes())  # the good copy was kept


# --- downloads -----------------------------------------------------------------------------


def test_a_full_download_is_verified_and_renamed(entry: CatalogEntry, tmp_path: Path) -> None:
    progress: list[tuple[int, int]] = []
    path = download(entry, tmp_path / "models", lambda d, t: progress.append((d, t)) or True)
    assert path == tmp_path / "models" / "Llama-3.2-3B-Instruct-Q4_0.gguf"
    assert path.read_bytes() == DATA
    assert not list(path.parent.glob("*.part"))
    assert len(progress) >= 3
    assert progress[-1] == (len(DATA), len(DATA))
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)


def test_a_dropped_connection_is_resumed_with_a_range_request(
    server: Server, entry: CatalogEntry, tmp_path: Path
) -> None:
    server.drop_after = 1_500_000
    path = download(entry, tmp_path)
    assert path.read_bytes() == DATA
    files = [r for r in server.requests if r[0].startswith("/files/")]
    assert files[0] == ("/files/llama.gguf", None)
    assert files[1][1] is not None and files[1][1].startswith("bytes=")
    resumed_from = int(files[1][1].removeprefix("bytes=").rstrip("-"))
    assert 0 < resumed_from <= 1_500_000


def test_a_cancelled_download_keeps_its_part_file_and_resumes_later(
    server: Server, entry: CatalogEntry, tmp_path: Path
) -> None:
    with pytest.raises(DownloadCancelled, match="resumes"):
        download(entry, tmp_path, lambda done, total: done < 500_000)
    part = tmp_path / (entry.filename + ".part")
    kept = part.stat().st_size
    assert 0 < kept < len(DATA)
    assert not (tmp_path / entry.filename).exists()

    path = download(entry, tmp_path)
    assert server.requests[-1] == ("/files/llama.gguf", f"bytes={kept}-")
    assert path.read_bytes() == DATA and not part.exists()


def test_a_server_that_ignores_ranges_makes_it_start_over(
    server: Server, entry: CatalogEntry, tmp_path: Path
) -> None:
    with pytest.raises(DownloadCancelled):
        download(entry, tmp_path, lambda done, total: False)
    server.ignore_range = True
    assert download(entry, tmp_path).read_bytes() == DATA


def test_an_md5_mismatch_deletes_the_file(entry: CatalogEntry, tmp_path: Path) -> None:
    wrong = replace(entry, md5sum="0" * 32)
    with pytest.raises(EngineError, match="MD5 checksum does not match"):
        download(wrong, tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []  # neither the model nor a .part


def test_a_complete_part_file_is_only_verified(
    server: Server, entry: CatalogEntry, tmp_path: Path
) -> None:
    (tmp_path / (entry.filename + ".part")).write_bytes(DATA)  # crashed before the rename
    assert download(entry, tmp_path).read_bytes() == DATA
    assert not [r for r in server.requests if r[0].startswith("/files/")]


def test_an_existing_model_is_not_downloaded_again(
    server: Server, entry: CatalogEntry, tmp_path: Path
) -> None:
    (tmp_path / entry.filename).write_bytes(DATA)
    before = len(server.requests)
    assert download(entry, tmp_path) == tmp_path / entry.filename
    assert len(server.requests) == before


def test_a_missing_file_on_the_server(server: Server, entry: CatalogEntry, tmp_path: Path) -> None:
    gone = replace(entry, url=f"{server.base}/files/deleted.gguf")
    with pytest.raises(EngineError, match="HTTP 404"):
        download(gone, tmp_path)


def test_no_server_at_all_keeps_the_part_file(entry: CatalogEntry, tmp_path: Path) -> None:
    part = tmp_path / (entry.filename + ".part")
    part.write_bytes(DATA[:1000])
    offline = replace(entry, url=closed_port_url())
    with pytest.raises(EngineError, match=r"interrupted.*resume"):
        download(offline, tmp_path, timeout=2)
    assert part.read_bytes() == DATA[:1000]
