"""Reading questions out of what a language model wrote.

The prompts (resources/prompts/) ask for a plain line format:

    Question: …            Statement: …
    A) …                   Answer: True
    B) …
    Answer: B

Models drift from it: "**Question:**", "1.", "(a)", "A. …; B. …" on one
line, "Correct answer: B) text", chatter before and after. The parser
accepts those variations and returns None when there is no question in the
text at all; deciding whether a parsed question is any good is validation's
job, not the parser's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.domain import QuestionType

_MARKUP = re.compile(r"[*_`#]+")
_FIELD = re.compile(
    r"^\s*(?:\d+[.)]\s*)?"
    r"(question|statement|answer|correct answer|key|explanation)\s*[:：]\s*(.*)$",
    re.I,
)
_OPTION = re.compile(r"^\s*[(\[]?([A-Ha-h])[).\]:]\s+(.+)$")
_INLINE_OPTION = re.compile(r"(?:^|[;\s])\(?([A-H])[).:]\s+(.+?)(?=(?:[;\s]\(?[A-H][).:]\s)|$)")
_LETTER = re.compile(r"^\(?([A-Ha-h])\b[).:]?")


@dataclass(frozen=True)
class ParsedQuestion:
    type: QuestionType
    stem: str
    options: tuple[str, ...] = ()
    answer: str = ""  # option letter (MCQ), "true"/"false" (TF) or the answer text (short)
    explanation: str = ""

    @property
    def answer_index(self) -> int | None:
        if self.type is not QuestionType.MCQ or not self.answer:
            return None
        index = ord(self.answer.upper()) - ord("A")
        return index if 0 <= index < len(self.options) else None


def _clean(line: str) -> str:
    return " ".join(_MARKUP.sub("", line).split()).strip()


def parse(text: str, kind: QuestionType) -> ParsedQuestion | None:
    """The first question of `kind` in `text`, or None if there is none."""
    fields: dict[str, str] = {}
    options: list[tuple[str, str]] = []
    last_field = ""
    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            continue
        field = _FIELD.match(line)
        if field:
            name = (
                field.group(1).lower().replace("correct answer", "answer").replace("key", "answer")
            )
            if name in fields:
                if name == "question" and (options or "answer" in fields):
                    break  # a second question: keep the first
                continue
            value = field.group(2)
            # "Statement: … Answer: True" on one line
            parts = re.split(r"\banswer\s*[:：]", value, maxsplit=1, flags=re.I)
            if len(parts) == 2 and name != "answer":
                value, fields["answer"] = parts[0], parts[1].strip()
            fields[name] = value.strip()
            last_field = name
            if name == "question" and kind is QuestionType.MCQ:
                inline = _INLINE_OPTION.findall(fields[name])
                if len(inline) >= 2:  # "Question: … A) x B) y" on one line
                    fields[name] = fields[name][: fields[name].find(inline[0][1]) - 3].strip()
                    options += [(letter.upper(), value.strip()) for letter, value in inline]
            continue
        option = _OPTION.match(line)
        if option and kind is QuestionType.MCQ and "answer" not in fields:
            options.append((option.group(1).upper(), option.group(2).strip()))
            last_field = "option"
            continue
        if line.lower().startswith("options") and kind is QuestionType.MCQ:
            inline = _INLINE_OPTION.findall(line.split(":", 1)[-1])
            options += [(letter.upper(), value.strip(" ;")) for letter, value in inline]
            continue
        if last_field in ("question", "statement") and not options and "answer" not in fields:
            fields[last_field] += " " + line  # a stem that wraps over lines
    stem = fields.get("statement" if kind is QuestionType.TRUE_FALSE else "question", "")
    if not stem and kind is QuestionType.TRUE_FALSE:
        stem = fields.get("question", "")
    if not stem:
        return None
    answer = fields.get("answer", "")
    if kind is QuestionType.MCQ:
        # letters in order, each once: "A B C D", not "A C A"
        seen: dict[str, str] = {}
        for letter, value in options:
            seen.setdefault(letter, value)
        letters = sorted(seen)
        if letters != [chr(ord("A") + i) for i in range(len(letters))]:
            return None
        match = _LETTER.match(answer)
        return ParsedQuestion(
            kind,
            stem,
            tuple(seen[letter] for letter in letters),
            match.group(1).upper() if match else "",
            fields.get("explanation", ""),
        )
    if kind is QuestionType.TRUE_FALSE:
        word = answer.split()[0].strip(".,!").lower() if answer else ""
        if word not in ("true", "false"):
            return ParsedQuestion(kind, stem, (), "", fields.get("explanation", ""))
        return ParsedQuestion(kind, stem, (), word, fields.get("explanation", ""))
    return ParsedQuestion(kind, stem, (), answer.strip(" ."), fields.get("explanation", ""))
