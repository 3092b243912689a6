"""The newer question types: matching, cloze, ordering, select missing words, drag into
text. How their answers are held (below), read and checked, for every layer.

Representation (no extra tables; `Choice` has three optional fields):

- MATCHING: one choice per pair, `text` = the stem shown on the left, `match` = its
  answer; a choice whose `text` is "" is an extra wrong answer. Pairs have fraction 1,
  extra answers 0. Two stems may share an answer (Moodle lists it once).
- ORDERING: the choices are the items in the right order (fraction 1).
- GAPSELECT / DDWTOS: `[[n]]` in the stem is a gap whose right answer is choice n
  (1-based); `group` (1..20) puts choices in one drop-down (gapselect) or one colour
  (ddwtos) and a gap offers the choices of its right answer's group. ddwtos choices with
  `unlimited` may fill several gaps. Fraction 1 for a choice a gap asks for, else 0.
- CLOZE: the stem holds Moodle's embedded-answer codes, e.g. `{1:SHORTANSWER:=Paris}`,
  `{2:MULTICHOICE:3~=4~5}`, `{1:NUMERICAL:=3.14:0.01}`; there are no choices. The points
  are the sum of the gaps' weights (as Moodle counts them). `cloze_gaps` parses them.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, replace

from storage.domain import GAP_TYPES, Choice, Question, QuestionType

__all__ = [
    "CLOZE_KINDS",
    "NEWER_TYPES",
    "ClozeGap",
    "cloze_code",
    "cloze_gaps",
    "cloze_leftovers",
    "gap_numbers",
    "normalised",
    "type_issue",
]

NEWER_TYPES = (
    QuestionType.MATCHING,
    QuestionType.CLOZE,
    QuestionType.ORDERING,
    QuestionType.GAPSELECT,
    QuestionType.DDWTOS,
)
MAX_GROUP = 20  # Moodle's gapselect/ddwtos editing forms offer groups 1..20
MIN_ORDERING_ITEMS = 3
MIN_MATCHING_PAIRS = 2

GAP = re.compile(r"\[\[(\d+)]]")

# Moodle's sub-question codes (qtype_multianswer ANSWER_TYPE_DEF_REGEX), by kind.
CLOZE_KINDS: dict[str, str] = {
    "NUMERICAL": "numerical", "NM": "numerical",
    "MULTICHOICE": "choice", "MC": "choice",
    "MULTICHOICE_V": "choice", "MCV": "choice",
    "MULTICHOICE_H": "choice", "MCH": "choice",
    "MULTICHOICE_S": "choice", "MCS": "choice",
    "MULTICHOICE_VS": "choice", "MCVS": "choice",
    "MULTICHOICE_HS": "choice", "MCHS": "choice",
    "SHORTANSWER": "short", "SA": "short", "MW": "short",
    "SHORTANSWER_C": "short_c", "SAC": "short_c", "MWC": "short_c",
    "MULTIRESPONSE": "multiresponse", "MR": "multiresponse",
    "MULTIRESPONSE_H": "multiresponse", "MRH": "multiresponse",
    "MULTIRESPONSE_S": "multiresponse", "MRS": "multiresponse",
    "MULTIRESPONSE_HS": "multiresponse", "MRHS": "multiresponse",
}  # fmt: skip
_CODES = "|".join(sorted(CLOZE_KINDS, key=len, reverse=True))
# A gap: {weight:CODE:alternatives}; "}" inside an answer is written "\}".
_CLOZE = re.compile(r"\{(\d*):(" + _CODES + r"):((?:\\.|[^\\}])+)\}", re.S)
_CLOZE_START = re.compile(r"\{\d*:[A-Za-z_]+[:}]")
_FRACTION = re.compile(r"^(?:=|%(-?\d+(?:[.,]\d*)?)%)")
_NUMBER = re.compile(r"^-?(?:\d+[.,]?\d*|[.,]\d+)(?:[eE][-+]?\d+)?$")


@dataclass(frozen=True)
class ClozeGap:
    """One embedded answer of a cloze stem."""

    number: int  # 1-based, in the order of the text
    weight: int  # Moodle's N in {N:...}: the gap's share of the points
    code: str  # as written: "SHORTANSWER", "MCV", ...
    answers: tuple[Choice, ...]  # text, fraction, feedback; numerical: tolerance
    start: int  # span of the code in the stem
    end: int

    @property
    def kind(self) -> str:
        """ "short", "short_c", "numerical", "choice" or "multiresponse"."""
        return CLOZE_KINDS[self.code]

    @property
    def right(self) -> tuple[str, ...]:
        return tuple(a.text for a in self.answers if a.fraction >= 1.0 - 1e-9) or tuple(
            a.text for a in self.answers if a.fraction > 0
        )


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _unescape(text: str) -> str:
    return html.unescape(text.replace("\\}", "}").replace("\\#", "#").replace("\\~", "~")).strip()


def _alternative(raw: str, kind: str) -> Choice:
    m = _FRACTION.match(raw)
    fraction = 0.0
    if m:
        fraction = 1.0 if m.group() == "=" else float(m.group(1).replace(",", ".")) / 100
        raw = raw[m.end() :]
    # "#" starts the feedback unless escaped or part of an entity such as "&#39;"
    cut = re.search(r"(?<!\\)(?<!&)#", raw)
    answer, feedback = (raw[: cut.start()], raw[cut.end() :]) if cut else (raw, "")
    answer = _unescape(answer)
    tolerance: float | None = None
    if kind == "numerical" and ":" in answer and answer != "*":
        value, _, tol = answer.partition(":")
        if _NUMBER.match(tol.strip()):
            answer, tolerance = value.strip(), abs(float(tol.strip().replace(",", ".")))
    return Choice(answer, fraction, _unescape(feedback), tolerance)


def cloze_gaps(stem: str) -> list[ClozeGap]:
    """The embedded answers of a cloze stem, in text order (Moodle's reading of them)."""
    gaps: list[ClozeGap] = []
    for m in _CLOZE.finditer(stem):
        code = m.group(2)
        kind = CLOZE_KINDS[code]
        answers = tuple(_alternative(a, kind) for a in _split_unescaped(m.group(3), "~"))
        gaps.append(
            ClozeGap(len(gaps) + 1, int(m.group(1) or 1), code, answers, m.start(), m.end())
        )
    return gaps


def cloze_leftovers(stem: str) -> list[str]:
    """Text that starts like a gap but is not one Moodle reads (it would show as text)."""
    taken = [(g.start, g.end) for g in cloze_gaps(stem)]
    out = []
    for m in _CLOZE_START.finditer(stem):
        if not any(s <= m.start() < e for s, e in taken):
            out.append(stem[m.start() : m.start() + 30])
    return out


def _escape_cloze(text: str) -> str:
    return text.replace("\\", "\\\\").replace("}", "\\}").replace("#", "\\#").replace("~", "\\~")


def cloze_code(code: str, answers: list[Choice], weight: int = 1) -> str:
    """A gap as Moodle writes it: {1:SHORTANSWER:=Paris#Right~%50%paris}."""
    parts = []
    for a in answers:
        mark = "=" if a.fraction >= 1.0 else f"%{a.fraction * 100:g}%" if a.fraction else ""
        text = _escape_cloze(a.text.strip())
        if a.tolerance is not None and CLOZE_KINDS.get(code) == "numerical":
            text += f":{a.tolerance:g}"
        fb = f"#{_escape_cloze(a.feedback.strip())}" if a.feedback.strip() else ""
        parts.append(f"{mark}{text}{fb}")
    return "{" + f"{weight}:{code}:" + "~".join(parts) + "}"


def gap_numbers(stem: str) -> list[int]:
    """The n of every [[n]] in a gapselect / ddwtos stem, in text order."""
    return [int(n) for n in GAP.findall(stem)]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _cloze_issue(stem: str) -> str | None:
    gaps = cloze_gaps(stem)
    if not gaps:
        left = cloze_leftovers(stem)
        if left:
            return (
                f'"{_short(left[0])}" is not a gap Moodle can read: write it like '
                "{1:SHORTANSWER:=answer} (types in capitals, closed with })."
            )
        return (
            "A cloze question needs at least one gap in its text, e.g. {1:SHORTANSWER:=Paris} "
            "or {1:MULTICHOICE:=right~wrong}."
        )
    for g in gaps:
        where = f"Gap {g.number} ({g.code})"
        if not any(a.text for a in g.answers):
            return f"{where} has no answer."
        if any(not a.text for a in g.answers):
            return f"{where} has an empty answer; write one or remove the extra ~."
        if g.kind == "choice" and len(g.answers) < 2:
            return f"{where} is a multiple-choice gap with one option; give it at least two."
        if g.kind == "numerical":
            for a in g.answers:
                if a.text != "*" and not _NUMBER.match(a.text):
                    return f'{where}: the answer "{_short(a.text)}" is not a number.'
        if g.kind == "multiresponse":
            if not any(a.fraction > 0 for a in g.answers):
                return f"{where} has no correct answer: mark one with = or a positive %."
        elif not any(abs(a.fraction - 1.0) < 1e-9 for a in g.answers):
            return f"{where} has no fully right answer: mark one with = (or %100%)."
    left = cloze_leftovers(stem)
    if left:
        return f'"{_short(left[0])}" looks like a gap but is not one Moodle can read.'
    return None


def type_issue(q: Question) -> str | None:
    """Why a question of a newer type cannot be kept, in words (None: it is fine)."""
    t = q.type
    if t is QuestionType.MATCHING:
        pairs = [c for c in q.choices if c.text.strip()]
        for c in q.choices:
            if c.text.strip() and not c.match.strip():
                return f'The stem "{_short(c.text)}" has no matching answer.'
            if not c.text.strip() and not c.match.strip():
                return "An extra wrong answer is empty; write it or remove it."
        if len(pairs) < MIN_MATCHING_PAIRS:
            return f"A matching question needs at least 2 pairs; this one has {len(pairs)}."
        stems = Counter(c.text.strip() for c in pairs)
        twice = [s for s, n in stems.items() if n > 1]
        if twice:
            return f'The stem "{_short(twice[0])}" appears in more than one pair.'
        answers = {c.match.strip() for c in pairs}
        extra = [c.match.strip() for c in q.choices if not c.text.strip()]
        dup = next((a for a in extra if a in answers), None) or next(
            (a for a, n in Counter(extra).items() if n > 1), None
        )
        if dup:
            return f'The extra wrong answer "{_short(dup)}" is already an answer.'
        return None
    if t is QuestionType.ORDERING:
        items = [c.text.strip() for c in q.choices]
        if any(not i for i in items):
            return "An item to order is empty; write it or remove it."
        if len(items) < MIN_ORDERING_ITEMS:
            return (
                f"An ordering question needs at least {MIN_ORDERING_ITEMS} items; "
                f"this one has {len(items)}."
            )
        twice = [i for i, n in Counter(items).items() if n > 1]
        if twice:
            return f'The item "{_short(twice[0])}" appears twice; items to order must differ.'
        return None
    if t in GAP_TYPES:
        numbers = gap_numbers(q.stem)
        if not numbers:
            return "The text needs at least one gap: write [[1]] where choice 1 goes."
        for n in numbers:
            if not 1 <= n <= len(q.choices):
                return (
                    f"The gap [[{n}]] has no answer: there are only {len(q.choices)} "
                    f"choice(s); add choice {n} or fix the number."
                )
        for i, c in enumerate(q.choices, 1):
            if not c.text.strip():
                return f"Choice {i} is empty; write it or remove it."
            if not 1 <= c.group <= MAX_GROUP:
                return f"Choice {i} is in group {c.group}; groups run from 1 to {MAX_GROUP}."
        if t is QuestionType.DDWTOS:
            for n, count in Counter(numbers).items():
                if count > 1 and not q.choices[n - 1].unlimited:
                    return (
                        f'Choice {n} "{_short(q.choices[n - 1].text)}" fills {count} gaps; '
                        "mark it unlimited or use another choice."
                    )
        return None
    if t is QuestionType.CLOZE:
        return _cloze_issue(q.stem)
    return None


def normalised(q: Question) -> Question:
    """`q` with the fractions its type implies (see the module text), for storage."""
    t = q.type
    if t is QuestionType.MATCHING:
        choices = tuple(replace(c, fraction=1.0 if c.text.strip() else 0.0) for c in q.choices)
    elif t is QuestionType.ORDERING:
        choices = tuple(replace(c, fraction=1.0) for c in q.choices)
    elif t in GAP_TYPES:
        asked = set(gap_numbers(q.stem))
        choices = tuple(
            replace(c, fraction=1.0 if i in asked else 0.0) for i, c in enumerate(q.choices, 1)
        )
    else:
        return q
    return q if choices == q.choices else replace(q, choices=choices)


def cloze_points(stem: str) -> float:
    """What Moodle makes a cloze question worth: the sum of its gaps' weights."""
    return float(sum(g.weight for g in cloze_gaps(stem)))


# --------------------------------------------------------------------------- reading aloud

_CLOZE_KIND_WORDS = {
    "short": "typed answer",
    "short_c": "typed answer, case matters",
    "numerical": "number",
    "choice": "pick one",
    "multiresponse": "pick all that apply",
}


def readable_stem(q: Question) -> str:
    """The stem with cloze codes shown as numbered blanks ("[1]"), for lists and keys."""
    if q.type is not QuestionType.CLOZE:
        return q.stem
    out, pos = [], 0
    for g in cloze_gaps(q.stem):
        out += [q.stem[pos : g.start], f"[{g.number}]"]
        pos = g.end
    return "".join(out) + q.stem[pos:]


def _percent(f: float) -> str:
    return f"{f * 100:g}%"


def answer_lines(q: Question) -> list[str] | None:
    """The answers of a newer type as lines of text (the key), or None for other types."""
    from storage.formats.common import one_line  # it imports this module

    t = q.type
    if t is QuestionType.MATCHING:
        lines = [
            f"{one_line(c.text, q.text_format)} → {c.match}" for c in q.choices if c.text.strip()
        ]
        extra = [c.match for c in q.choices if not c.text.strip()]
        return lines + ([f"extra wrong answer(s): {', '.join(extra)}"] if extra else [])
    if t is QuestionType.ORDERING:
        return [f"{i}. {one_line(c.text, q.text_format)}" for i, c in enumerate(q.choices, 1)]
    if t in GAP_TYPES:
        asked = gap_numbers(q.stem)
        lines = []
        for pos, n in enumerate(asked, 1):
            c = q.choices[n - 1] if 1 <= n <= len(q.choices) else None
            lines.append(f"gap {pos} [[{n}]]: {c.text if c else '(no such choice)'}")
        unused = [c for i, c in enumerate(q.choices, 1) if i not in asked]
        if unused:
            lines.append("also offered: " + ", ".join(c.text for c in unused))
        groups = sorted({c.group for c in q.choices})
        if len(groups) > 1:
            lines.append(
                "groups: "
                + "; ".join(
                    f"{g}: " + ", ".join(c.text for c in q.choices if c.group == g) for g in groups
                )
            )
        if any(c.unlimited for c in q.choices):
            lines.append("may be used more than once: " + ", ".join(
                c.text for c in q.choices if c.unlimited
            ))  # fmt: skip
        return lines
    if t is QuestionType.CLOZE:
        lines = []
        for g in cloze_gaps(q.stem):
            parts = []
            for a in g.answers:
                if a.fraction <= 0 and g.kind != "choice":
                    continue
                text = a.text + (f" ± {a.tolerance:g}" if a.tolerance else "")
                if a.fraction >= 1.0:
                    text = f"*{text}"
                elif a.fraction > 0:
                    text += f" ({_percent(a.fraction)})"
                parts.append(text)
            weight = f", {g.weight} points" if g.weight != 1 else ""
            lines.append(
                f"[{g.number}] ({_CLOZE_KIND_WORDS[g.kind]}{weight}): " + " / ".join(parts)
            )
        return lines
    return None
