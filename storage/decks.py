"""Reading lecture decks: PDF slides (PyMuPDF) and Markdown or plain-text notes.

`read_deck` only reads and cleans; storing is the bank's job, so a file that
fails here leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storage.deck_names import deck_name, first_slide_title
from storage.input_files import InputFileError, read_input
from storage.page_flags import pdf_figures
from storage.slide_text import clean_deck, clean_title
from storage.text_slides import is_markdown, split_text

if TYPE_CHECKING:
    pass  # imported where used: it costs ~0.15 s at start-up

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text"}
# Below this many characters a page is treated as having no text layer.
_MIN_PAGE_CHARS = 10
# Plain-text notes with no separators are cut into pages of about this size.
_TEXT_PAGE_CHARS = 1200
MAX_DECK_BYTES = 1 << 30  # a PDF is read into memory whole
MAX_NOTES_BYTES = 64 << 20
MAX_NOTES_WORDS = 1_000_000  # a long textbook is a few hundred thousand words


class DeckImportError(Exception):
    """A deck that cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class DeckContent:
    title: str
    source_path: str
    sha256: str
    raw_pages: tuple[str, ...]
    pages: tuple[str, ...]  # cleaned text
    flags: tuple[tuple[str, ...], ...]  # per page: why it carries nothing to ask about
    data: bytes = field(default=b"", repr=False, compare=False)  # the file itself
    meta_title: str = ""  # the file's own title, before naming (see deck_names)

    @property
    def suffix(self) -> str:
        return Path(self.source_path).suffix.lower() or ".pdf"

    @property
    def page_count(self) -> int:
        return len(self.pages)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _describe_non_pdf(head: bytes) -> str:
    if head.startswith(b"PK"):
        return "a ZIP-based file (such as .pptx, .docx or .odp); export it as PDF first"
    if head.startswith((b"\xd0\xcf\x11\xe0",)):
        return "an old Microsoft Office file; export it as PDF first"
    if head[:4] in (b"\x89PNG", b"GIF8") or head.startswith(b"\xff\xd8"):
        return "an image, not a PDF"
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML), not a PDF"
    return "not a PDF (it does not start with %PDF)"


def _pdf_pages(path: Path, data: bytes) -> tuple[str, list[str]]:
    import pymupdf

    if b"%PDF-" not in data[:1024]:
        raise DeckImportError(f"{path.name} is {_describe_non_pdf(data[:16])}.")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
    except Exception as exc:  # PyMuPDF raises its own types for broken files
        raise DeckImportError(f"{path.name} is damaged and cannot be read ({exc}).") from exc
    with doc:
        if doc.needs_pass or doc.is_encrypted:
            raise DeckImportError(
                f"{path.name} is password-protected. Open it with the password and save or "
                "print it to a PDF without one, then import that copy."
            )
        if doc.page_count == 0:
            raise DeckImportError(f"{path.name} is damaged: it has no pages.")
        try:
            pages = [str(doc[i].get_text()) for i in range(doc.page_count)]  # type: ignore[no-untyped-call]
        except Exception as exc:
            raise DeckImportError(f"{path.name} is damaged and cannot be read ({exc}).") from exc
        title = (doc.metadata or {}).get("title", "") or ""
    if all(len(p.strip()) < _MIN_PAGE_CHARS for p in pages):
        raise DeckImportError(
            f"{path.name} has no extractable text on any of its {len(pages)} pages: it looks "
            "scanned or made of images. Run text recognition (OCR, e.g. ocrmypdf) on it first."
        )
    return title, pages


_MD_BREAK = re.compile(r"^(?:#{1,2}\s+\S.*|-{3,}\s*|\*{3,}\s*|_{3,}\s*)$", re.M)
_TEXT_BREAK = re.compile(r"^(?:-{3,}|={3,}|\f)\s*$", re.M)


def split_notes(text: str, markdown: bool) -> list[str]:
    """Cut lecture notes into slide-sized pages at headings or separators."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n")
    pages: list[str] = []
    if markdown:
        start = 0
        for m in _MD_BREAK.finditer(text):
            if m.start() > start:
                pages.append(text[start : m.start()])
            # a heading opens the next page; a rule only separates
            start = m.start() if m.group(0).startswith("#") else m.end()
        pages.append(text[start:])
    else:
        pages = _TEXT_BREAK.split(text)
    pages = [p.strip("\n") for p in pages if p.strip()]
    if not markdown and len(pages) == 1 and len(pages[0]) > 2 * _TEXT_PAGE_CHARS:
        # no separators at all: group paragraphs into pages of a readable size
        chunks: list[str] = []
        for para in re.split(r"\n\s*\n", pages[0]):
            if chunks and len(chunks[-1]) + len(para) < _TEXT_PAGE_CHARS:
                chunks[-1] += "\n\n" + para
            else:
                chunks.append(para)
        pages = chunks
    return pages


# Control characters (not tab, newline, carriage return, form feed): a few are what a
# PDF viewer's copy brings along from odd fonts; many are a binary file.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
BINARY_SHARE = 0.05


def _looks_binary(text: str) -> bool:
    return "\x00" in text and len(_CONTROLS.findall(text)) > BINARY_SHARE * len(text)


def without_controls(text: str, name: str) -> str:
    """`text` without stray control characters; DeckImportError if it is binary data."""
    if _looks_binary(text):
        raise DeckImportError(f"{name} is binary data, not text.")
    return _CONTROLS.sub("", text)


def decode_text(data: bytes, name: str) -> str:
    """Text notes or pasted text as a string; DeckImportError in words if it is none."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DeckImportError(f"{name} is damaged UTF-16 text; save it as UTF-8.") from None
    if _looks_binary(data[:8192].decode("latin-1")):
        raise DeckImportError(f"{name} is a binary file, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeckImportError(
            f"{name} is not UTF-8 text (byte {exc.start} cannot be read); "
            "save it as UTF-8 and import it again."
        ) from exc
    if _looks_binary(text):
        raise DeckImportError(f"{name} is a binary file, not text.")
    return _CONTROLS.sub("", text)


def text_pages(text: str, name: str, markdown: bool) -> list[str]:
    """Notes or pasted text cut into slides; DeckImportError if there is no text."""
    words = len(text.split())
    if words > MAX_NOTES_WORDS:
        raise DeckImportError(
            f"{name} has {words:,} words; text notes may have at most {MAX_NOTES_WORDS:,} "
            "(a long textbook). Split it into several files, a chapter or lecture each."
        )
    # Markdown keeps the author's own sections; other text is cut where it shows slides.
    pages = split_notes(text, markdown=True) if markdown else split_text(text)
    if not pages or not any(re.search(r"\w", p) for p in pages):
        raise DeckImportError(f"{name} contains no text.")
    return pages


def _notes_pages(path: Path, data: bytes) -> tuple[str, list[str]]:
    text = decode_text(data, path.name)
    markdown = path.suffix.lower() in {".md", ".markdown"} or is_markdown(text)
    pages = text_pages(text, path.name, markdown)
    heading = re.match(r"#\s+(.+)", pages[0].strip()) if markdown else None
    return (heading.group(1).strip() if heading else ""), pages


def deck_from_text(text: str, title: str = "", name: str = "pasted text") -> DeckContent:
    """A deck from text the user pasted or piped in; `title` names it (else its first
    slide does). Its source is a made-up file name, so pasting under the same title
    again is taken for a new version of that deck."""
    if not text.strip():
        raise DeckImportError(f"The {name} is empty: there is nothing to import.")
    text = without_controls(text, f"The {name}")
    pages = text_pages(text, f"The {name}", is_markdown(text))
    cleaned = clean_deck(pages, notes=True)
    given = clean_title(title)
    first = cleaned.pages[0] if cleaned.pages else ""
    deck_title = given or first_slide_title(first) or "Pasted text"
    slug = re.sub(r"[^\w-]+", "-", deck_title.casefold()).strip("-")[:80] or "pasted"
    data = text.encode("utf-8")
    return DeckContent(
        title=deck_title,
        source_path=f"{name}/{slug}.txt",
        sha256=_sha256(data),
        raw_pages=tuple(pages),
        pages=tuple(cleaned.pages),
        flags=tuple(tuple(f) for f in cleaned.flags),
        data=data,
        meta_title=deck_title,
    )


def read_deck(path: str | Path) -> DeckContent:
    """Read and clean a deck; raise DeckImportError with a specific message."""
    path = Path(path)
    notes = path.suffix.lower() in TEXT_SUFFIXES
    try:
        data = read_input(
            path,
            MAX_NOTES_BYTES if notes else MAX_DECK_BYTES,
            "text notes" if notes else "a PDF, Markdown or text file",
        )
    except InputFileError as exc:
        raise DeckImportError(str(exc)) from None
    if not data:
        raise DeckImportError(f"{path.name} is empty (0 bytes).")
    if notes:
        meta_title, raw = _notes_pages(path, data)
    else:
        meta_title, raw = _pdf_pages(path, data)
    # a slide with a heading and a chart is content: the PDF says which pages show one
    cleaned = clean_deck(raw, notes=notes, figures=None if notes else pdf_figures(data))
    return DeckContent(
        title=deck_name(meta_title, cleaned.pages, str(path)),
        source_path=str(path.resolve()),
        sha256=_sha256(data),
        raw_pages=tuple(raw),
        pages=tuple(cleaned.pages),
        flags=tuple(tuple(f) for f in cleaned.flags),
        data=data,
        meta_title=meta_title,
    )
