"""GPT4All's public model catalog, and downloading a model from it.

The catalog (models3.json) is cached on disk so the model picker still shows
it offline. Downloads go to `<file>.part`, resume with an HTTP Range request
after an interruption or a cancel, are checked against the catalog's MD5 and
size, and only then take the real name (atomically), so a half-downloaded
file is never mistaken for a model.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html
import http.client
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from models.engine import EngineError
from models.model_files import SUPPORTED_ARCHITECTURES

GPT4ALL_MODELS_URL = "https://gpt4all.io/models/models3.json"
GPT4ALL_FILES_URL = "https://gpt4all.io/models/gguf/"
CHUNK = 1 << 20
RETRIES = 3  # reconnections per download after a dropped connection that made progress
USER_AGENT = "Quizwright (model download)"

OnProgress = Callable[[int, int], bool]

# The catalog's "type" field, as GPT4All writes it, to a GGUF architecture.
_TYPE_ARCH = {
    "llama": "llama", "llama2": "llama", "llama3": "llama", "openllama": "llama",
    "mistral": "llama", "phi-3": "phi3", "phi3": "phi3", "falcon": "falcon", "mpt": "mpt",
    "starcoder": "starcoder", "qwen2": "qwen2", "qwen": "qwen2", "gemma": "gemma",
    "gemma2": "gemma2", "bert": "bert", "replit": "mpt", "deepseek": "llama",
}  # fmt: skip
# Name hints when the type says nothing, checked in order (most specific first).
_NAME_ARCH = (
    ("phi-3", "phi3"), ("phi3", "phi3"), ("gemma-2", "gemma2"), ("gemma2", "gemma2"),
    ("gemma", "gemma"), ("qwen2", "qwen2"), ("llama", "llama"), ("mistral", "llama"),
    ("orca", "llama"), ("hermes", "llama"), ("falcon", "falcon"), ("mpt", "mpt"),
    ("starcoder", "starcoder"),
)  # fmt: skip
# Families this GPT4All (2.8.2) cannot load, whatever the catalog calls them:
# newer architectures, or tokenizers its llama.cpp does not know.
_TOO_NEW = (
    ("gemma-3", "Gemma 3"), ("gemma3", "Gemma 3"), ("qwen3", "Qwen3"), ("qwen-3", "Qwen3"),
    ("llama-4", "Llama 4"), ("llama4", "Llama 4"), ("olmo-2", "OLMo 2"), ("olmo2", "OLMo 2"),
    ("granite", "Granite"), ("exaone", "EXAONE"), ("minicpm", "MiniCPM"),
    ("mistral-nemo", "Mistral Nemo (tokenizer)"), ("deepseek-r1-distill", "DeepSeek-R1 "
    "distills (tokenizer)"), ("smollm", "SmolLM (tokenizer)"),
)  # fmt: skip


class DownloadCancelled(EngineError):
    """The download was cancelled; its .part file stays so the next call resumes it."""


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    filename: str
    size: int  # bytes; 0 when the catalog does not say
    md5sum: str  # lower-case hex; "" when the catalog does not say
    ram_required_gb: int  # 0 when the catalog does not say
    description: str  # as the catalog writes it (HTML)
    url: str  # where the file itself is downloaded from
    architecture: str  # GGUF architecture, "" when unknown
    parameters: str = ""
    quant: str = ""
    loadable: bool = False  # whether this GPT4All (2.8.2) can run it
    why_not: str = ""  # why not, when not loadable

    @property
    def description_text(self) -> str:
        """The description without HTML, for plain labels and tooltips."""
        text = re.sub(r"<\s*(br|li|/li|/ul|p)\b[^>]*>", "\n", self.description, flags=re.I)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        return re.sub(r"\n\s*\n+", "\n", text).strip()


@dataclass(frozen=True)
class Catalog:
    entries: tuple[CatalogEntry, ...]
    offline: bool = False
    message: str = ""  # for the user, e.g. "offline: showing the cached catalog from ..."
    fetched: datetime | None = None  # when this copy came from the network


def _int(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def _architecture(raw: dict[str, Any], name: str, filename: str) -> str:
    kind = str(raw.get("type", "")).strip().lower().replace(" ", "")
    if kind in _TYPE_ARCH:
        return _TYPE_ARCH[kind]
    hay = f"{name} {filename}".lower().replace("_", "-").replace(" ", "-")
    return next((arch for hint, arch in _NAME_ARCH if hint in hay), "")


def _download_url(raw: dict[str, Any], filename: str) -> str:
    url = str(raw.get("url") or "").strip()
    if not url:
        return GPT4ALL_FILES_URL + filename  # what gpt4all itself does without a url
    if "huggingface.co/" in url and "/resolve/" not in url:
        return url.rstrip("/") + "/resolve/main/" + filename  # a repository page, not a file
    return url


def parse_entry(raw: dict[str, Any]) -> CatalogEntry | None:
    """One catalog entry, or None for entries that are not models or were withdrawn."""
    filename = str(raw.get("filename") or "").strip()
    if not filename or "/" in filename or "\\" in filename or filename.startswith("."):
        return None  # no file, or a name that would escape the target folder
    if raw.get("removedIn"):
        return None  # GPT4All withdrew it in favour of a newer file
    name = str(raw.get("name") or filename)
    description = raw.get("description", "")
    if isinstance(description, list):
        description = "\n".join(str(d) for d in description)
    arch = _architecture(raw, name, filename)
    hay = f"{name} {filename}".lower().replace("_", "-").replace(" ", "-")
    why_not = ""
    too_new = next((label for hint, label in _TOO_NEW if hint in hay), None)
    if str(raw.get("embeddingModel", "")).lower() == "true" or arch == "bert":
        why_not = "an embedding model: it cannot write text"
    elif str(raw.get("disableGUI", "")).lower() == "true":
        why_not = "a code-completion model, not a chat model"
    elif too_new:
        why_not = f"{too_new} is newer than this GPT4All (2.8.2) can run"
    elif not arch:
        why_not = "its architecture is unknown"
    elif arch not in SUPPORTED_ARCHITECTURES:
        why_not = f"this GPT4All (2.8.2) cannot run {arch} models"
    return CatalogEntry(
        name=name,
        filename=filename,
        size=_int(raw.get("filesize")),
        md5sum=str(raw.get("md5sum") or "").strip().lower(),
        ram_required_gb=_int(raw.get("ramrequired")),
        description=str(description),
        url=_download_url(raw, filename),
        architecture=arch,
        parameters=str(raw.get("parameters") or ""),
        quant=str(raw.get("quant") or ""),
        loadable=not why_not,
        why_not=why_not,
    )


def parse_catalog(data: bytes) -> tuple[CatalogEntry, ...]:
    """Entries of a models3.json document; ValueError if it is not one."""
    doc = json.loads(data)
    if not isinstance(doc, list):
        raise ValueError("the catalog is not a JSON list")
    entries = (parse_entry(raw) for raw in doc if isinstance(raw, dict))
    return tuple(e for e in entries if e is not None)


def _open(url: str, timeout: float, headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    return urllib.request.urlopen(request, timeout=timeout)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def fetch_catalog(
    cache_path: str | Path, url: str = GPT4ALL_MODELS_URL, timeout: float = 10
) -> Catalog:
    """The catalog from `url`, cached at `cache_path`.

    Offline (or when the server sends garbage) the cached copy is returned
    with `offline=True` and a message saying how old it is; with no cached
    copy, EngineError("offline and no cached catalog: showing local models only").
    """
    cache = Path(cache_path)
    try:
        with _open(url, timeout) as resp:
            data = resp.read()
        entries = parse_catalog(data)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # URLError, timeouts and refused connections are OSErrors; ValueError is bad JSON.
        try:
            entries = parse_catalog(cache.read_bytes())
        except (OSError, ValueError):
            raise EngineError("offline and no cached catalog: showing local models only") from exc
        when = datetime.fromtimestamp(cache.stat().st_mtime)
        return Catalog(
            entries=entries,
            offline=True,
            message=f"offline: showing the cached catalog from {when:%Y-%m-%d %H:%M}",
        )
    with contextlib.suppress(OSError):  # a cache that cannot be written is not worth failing for
        _write_atomically(cache, data)
    return Catalog(entries=entries, offline=False, fetched=datetime.now())


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _disk_error(exc: OSError, part: Path) -> EngineError:
    if exc.errno == errno.ENOSPC:
        return EngineError(
            f"The disk is full: {part.name} could not be written. Free some space and "
            "download again; it resumes where it stopped."
        )
    return EngineError(f"Could not write {part}: {exc}")


def download(
    entry: CatalogEntry,
    target_dir: str | Path,
    on_progress: OnProgress | None = None,
    timeout: float = 30,
) -> Path:
    """Download `entry` into `target_dir` and return the model's path.

    Writes `<file>.part` and resumes it (HTTP Range) after a dropped
    connection or a cancel. `on_progress(done, total)` returning False cancels:
    DownloadCancelled is raised and the .part file stays. A file whose MD5
    does not match the catalog is deleted (EngineError). Other failures raise
    EngineError and keep the .part file for the next try.
    """
    folder = Path(target_dir)
    target = folder / entry.filename
    part = folder / (entry.filename + ".part")
    if target.is_file() and (not entry.size or target.stat().st_size == entry.size):
        return target  # already here
    folder.mkdir(parents=True, exist_ok=True)
    done = part.stat().st_size if part.is_file() else 0
    if entry.size and done > entry.size:
        part.unlink()  # longer than the model: not a prefix of it
        done = 0
    if entry.size:
        free = shutil.disk_usage(folder).free
        if free < entry.size - done:
            raise EngineError(
                f"Not enough disk space for {entry.name}: it needs "
                f"{(entry.size - done) / 1e9:.1f} GB more and {free / 1e9:.1f} GB is free."
            )

    retries = RETRIES
    while not entry.size or done < entry.size:
        before = done
        try:
            done, finished = _fetch_into(entry, part, done, on_progress, timeout)
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EACCES, errno.EROFS):
                raise _disk_error(exc, part) from exc
            done = part.stat().st_size if part.is_file() else 0
            if done > before and retries > 0:  # the connection dropped mid-way: resume
                retries -= 1
                time.sleep(0.2)
                continue
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise EngineError(
                f"The download of {entry.name} was interrupted ({reason}). Check the "
                f"connection and try again: it will resume from {done / 1e6:.0f} MB."
            ) from exc
        if finished:
            break

    if entry.size and done != entry.size:
        raise EngineError(
            f"The download of {entry.name} ended at {done:,} bytes instead of {entry.size:,}. "
            "Try again."
        )
    if entry.md5sum and _md5(part) != entry.md5sum:
        part.unlink(missing_ok=True)
        raise EngineError(
            f"The downloaded {entry.name} is damaged (its MD5 checksum does not match the "
            "catalog), so it was deleted. Download it again."
        )
    os.replace(part, target)  # atomic: the model name only ever holds a whole, checked file
    return target


def _fetch_into(
    entry: CatalogEntry,
    part: Path,
    done: int,
    on_progress: OnProgress | None,
    timeout: float,
) -> tuple[int, bool]:
    """One HTTP request appending to `part` from byte `done`: (bytes now in part, finished)."""
    headers = {"Accept-Encoding": "identity"}  # a compressed body would break byte ranges
    if done:
        headers["Range"] = f"bytes={done}-"
    try:
        resp = _open(entry.url, timeout, headers)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and entry.size and done >= entry.size:
            return done, True  # the .part is already whole
        if exc.code == 416:
            part.unlink(missing_ok=True)  # the server's file changed: start again
            return 0, False
        raise EngineError(
            f"The download of {entry.name} failed: HTTP {exc.code} {exc.reason} from {entry.url}."
        ) from exc
    with resp:
        if done and resp.status == 206:
            content_range = resp.headers.get("Content-Range", "")
            if not content_range.startswith(f"bytes {done}-"):
                raise EngineError(f"The server resumed {entry.name} at the wrong place; try again.")
            mode = "ab"
        else:
            mode, done = "wb", 0  # the server ignored the Range: start over
        length = int(resp.headers.get("Content-Length") or 0)
        expected_end = done + length
        total = entry.size or (expected_end if length else 0)
        try:
            fh = part.open(mode)
        except OSError as exc:
            raise _disk_error(exc, part) from exc
        with fh:
            while True:
                block = resp.read1(CHUNK)
                if not block:
                    break
                try:
                    fh.write(block)
                except OSError as exc:
                    raise _disk_error(exc, part) from exc
                done += len(block)
                if on_progress is not None and on_progress(done, total) is False:
                    fh.flush()
                    raise DownloadCancelled(
                        f"Download of {entry.name} cancelled at {done / 1e6:.0f} MB; "
                        "starting it again resumes from there."
                    )
            fh.flush()
            os.fsync(fh.fileno())
    if length and done < expected_end:
        # The connection closed before the promised length: a drop, resumed by the caller.
        raise http.client.IncompleteRead(b"", expected_end - done)
    return done, True
