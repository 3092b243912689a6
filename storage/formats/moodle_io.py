"""Moodle XML's reading and writing machinery, shared by the modules of each family of
types: the text writer (CDATA, embedded files, `@@PLUGINFILE@@` links) and a reader of one
<question> that names it in every error and warning."""

from __future__ import annotations

import base64
import binascii
import html
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from storage.domain import Question, QuestionImage, TextFormat
from storage.formats.common import (
    QuestionImportError,
    is_allowed_fraction,
    plain_to_html,
    snap_fraction,
)

# Characters XML 1.0 cannot hold, not even in CDATA.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class MoodleImportError(QuestionImportError):
    """A Moodle XML file that cannot be read: unsafe, not XML, or a malformed question."""


def number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def cdata(text: str) -> str:
    """Text content for XML: CDATA when it holds markup (as Moodle writes), "]]>" split."""
    if any(ch in text for ch in "<>&"):
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return text


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def num(value: float) -> str:
    return f"{value:.7f}"


def exact(value: float) -> str:
    """A float that reads back exactly ("0.01", "2", "1e-05")."""
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


URL_ATTR = re.compile(r"""(\b(?:src|href)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
PLUGINFILE = "@@PLUGINFILE@@/"


class Out:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, depth: int, line: str) -> None:
        self.lines.append("  " * depth + line)

    def text_field(
        self,
        depth: int,
        tag: str,
        text: str,
        fmt: str | None = "html",
        files: Sequence[QuestionImage] = (),
        close: bool = True,
    ) -> None:
        """<tag format><text>…</text><file>…</tag>; `close=False` leaves it open for more."""
        opening = f'<{tag} format="{fmt}">' if fmt else f"<{tag}>"
        self.add(depth, opening)
        self.add(depth + 1, f"<text>{cdata(text)}</text>")
        for f in files:
            self.file(depth + 1, f)
        if close:
            self.add(depth, f"</{tag}>")

    def file(self, depth: int, f: QuestionImage) -> None:
        data = base64.b64encode(f.data).decode("ascii")
        self.add(depth, f'<file name="{attr(f.name)}" path="/" encoding="base64">{data}</file>')

    def element(self, depth: int, tag: str, value: str) -> None:
        self.add(depth, f"<{tag}>{cdata(value)}</{tag}>")


class Texts:
    """A question's texts as Moodle HTML, with the images each of them shows."""

    def __init__(self, q: Question) -> None:
        self.q = q
        self.by_name = {i.name: i for i in q.images}

    def html(self, text: str) -> tuple[str, list[QuestionImage]]:
        text = text.strip()
        if self.q.text_format is TextFormat.PLAIN:
            return plain_to_html(text), []
        used: list[QuestionImage] = []

        def link(m: re.Match[str]) -> str:
            value = m.group(3).strip()
            name = value if value in self.by_name else unquote(value)
            image = self.by_name.get(name)
            if image is None:
                return m.group()
            if image not in used:
                used.append(image)
            return f"{m.group(1)}{m.group(2)}{PLUGINFILE}{quote(name, safe='')}{m.group(2)}"

        return URL_ATTR.sub(link, text), used

    def stem(self) -> tuple[str, list[QuestionImage]]:
        text, _ = self.html(self.q.stem)
        if self.q.text_format is TextFormat.PLAIN:
            text += "".join(
                f'<p><img src="{PLUGINFILE}{quote(i.name, safe="")}" alt="{attr(i.name)}"></p>'
                for i in self.q.images
            )
        return text, list(self.q.images)  # every image travels with the question text


class Skip(Exception):
    """The question is well-formed but Quizwright cannot hold it; the message says why."""


def parse(data: bytes) -> Any:
    if not data.strip():
        raise MoodleImportError("The file is empty: no Moodle XML to read.")
    parser = DefusedXMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        parser.feed(data)
        return parser.close()
    except DefusedXmlException as e:
        raise MoodleImportError(
            "Refused: the file declares XML entities or external references "
            f"({type(e).__name__}), which Moodle files never need and which can be used "
            "to attack the reader."
        ) from None
    except ET.ParseError as e:
        raise MoodleImportError(f"The file is not well-formed XML: {e}.") from None


def is_comment(el: Any) -> bool:
    return el.tag is ET.Comment


@dataclass
class Field:
    text: str
    kind: str  # "html", "plain" or "markdown"
    files: list[QuestionImage]


FORMAT_KIND = {
    "html": "html",
    "moodle_auto_format": "html",
    "plain_text": "plain",
    "wiki_like": "plain",
    "markdown": "markdown",
}


class Reader:
    """Reads one <question>, naming it in every error and warning."""

    def __init__(self, el: Any, label: str) -> None:
        self.el = el
        self.label = label
        self.warnings: list[str] = []

    def fail(self, message: str) -> MoodleImportError:
        return MoodleImportError(f"{self.label}: {message}")

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.label}: {message}")

    def inner_text(self, text_el: Any, where: str) -> str:
        parts = [text_el.text or ""]
        for child in text_el:
            if not is_comment(child):
                raise self.fail(
                    f"<{where}><text> holds the XML element <{child.tag}>; HTML in Moodle XML "
                    "must be escaped or inside CDATA"
                )
            parts.append(child.tail or "")
        return "".join(parts).strip()

    def text(self, parent: Any, tag: str) -> str:
        """The <text> of child `tag` of `parent`, trimmed ("" when missing)."""
        el = parent.find(tag)
        if el is None:
            return ""
        text_el = el.find("text")
        if text_el is None:
            return self.inner_text(el, tag) if len(el) == 0 else ""
        return self.inner_text(text_el, tag)

    def plain(self, tag: str, default: str = "") -> str:
        el = self.el.find(tag)
        if el is None or el.text is None:
            return default
        return str(el.text).strip()

    def number(self, tag: str, default: float) -> float:
        raw = self.plain(tag)
        if raw == "":
            return default
        value = number(raw)
        if value is None:
            raise self.fail(f'<{tag}> "{raw}" is not a number')
        return value

    def flag(self, tag: str, default: bool) -> bool:
        """Moodle's trans_single(): "false", "" and "0" are false, anything else true."""
        el = self.el.find(tag)
        if el is None:
            return default
        return (el.text or "").strip().lower() not in ("false", "", "0")

    def field(self, parent: Any, tag: str, default_kind: str) -> Field:
        """Child `tag` of `parent` as a text field (format, text, embedded files)."""
        return self.own_field(parent.find(tag), tag, default_kind)

    def own_field(self, el: Any, where: str, default_kind: str) -> Field:
        if el is None:
            return Field("", default_kind, [])
        fmt = el.get("format")
        if fmt is None:
            kind = default_kind
        else:
            kind = FORMAT_KIND.get(fmt.strip(), "")
            if not kind:
                self.warn(f'<{where}> format "{fmt}" is unknown; read as html, as Moodle does')
                kind = "html"
        text_el = el.find("text")
        text = "" if text_el is None else self.inner_text(text_el, where)
        return Field(text, kind, self.files(el, where))

    def files(self, el: Any, where: str) -> list[QuestionImage]:
        images: list[QuestionImage] = []
        for f in el.findall("file"):
            name = (f.get("name") or "").strip()
            if not name:
                self.warn(f"<{where}> has a <file> without a name; it is left out")
                continue
            encoding = (f.get("encoding") or "base64").strip().lower()
            if encoding != "base64":
                raise self.fail(f'<file> "{name}" has encoding "{encoding}", not base64')
            raw = re.sub(r"\s+", "", f.text or "")
            try:
                data = base64.b64decode(raw, validate=True)
            except (binascii.Error, ValueError):
                raise self.fail(f'<file> "{name}" is not valid base64') from None
            images.append(QuestionImage(name, data))
        return images

    def fraction(self, answer: Any) -> float:
        raw = (answer.get("fraction") or "0").strip()
        value = number(raw)
        if value is None:
            raise self.fail(f'<answer> fraction "{raw}" is not a number')
        f = value / 100
        if not -1 - 1e-9 <= f <= 1 + 1e-9:
            raise self.fail(f'<answer> fraction "{raw}" is outside -100..100')
        if is_allowed_fraction(f, 0.0001):
            return snap_fraction(f)
        self.warn(f"grade {raw}% is not one of Moodle's grades; kept as it is")
        return f


APPENDED_IMAGES = re.compile(r'(?:<p><img src="@@PLUGINFILE@@/[^"<>]*" alt="[^"<>]*"></p>)+$')
PLUGINFILE_REF = re.compile(r"@@PLUGINFILE@@/([^\"'\s<>?#]*)")


def unlink_images(text: str) -> str:
    return PLUGINFILE_REF.sub(lambda m: unquote(m.group(1)), text)
