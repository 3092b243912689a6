"""Moodle XML for the newer types: matching, cloze (multianswer), ordering, select missing
words (gapselect) and drag and drop into text (ddwtos), written as Moodle 4.5's own export
writes them and read as its import reads them (shared/MOODLE_XML_RULES.md; element names
from Moodle's fixtures, tests/fixtures/moodle/).

How Quizwright holds these types is described in storage/question_types.py.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from storage.domain import Choice, Question, QuestionType
from storage.formats.moodle_feedback import read_feedback, write_combined_feedback, write_hints
from storage.formats.moodle_io import Field, Out, Reader, Skip, Texts
from storage.question_types import cloze_gaps, cloze_points, type_issue

__all__ = ["MOODLE_NAMES", "READ_NAMES", "check_newer", "read_newer", "write_newer"]

MOODLE_NAMES = {
    QuestionType.MATCHING: "matching",
    QuestionType.CLOZE: "cloze",
    QuestionType.ORDERING: "ordering",
    QuestionType.GAPSELECT: "gapselect",
    QuestionType.DDWTOS: "ddwtos",
}
# Every name Moodle's import takes for them ("match" and "multianswer" are older names).
READ_NAMES = {
    "matching": QuestionType.MATCHING,
    "match": QuestionType.MATCHING,
    "cloze": QuestionType.CLOZE,
    "multianswer": QuestionType.CLOZE,
    "ordering": QuestionType.ORDERING,
    "gapselect": QuestionType.GAPSELECT,
    "ddwtos": QuestionType.DDWTOS,
}
ORDERING_NUMBERING = ("none", "123", "abc", "ABCD", "iii", "IIII")
DEFAULT_GRADING = "RELATIVE_NEXT_EXCLUDE_LAST"  # Moodle's default for a new question

# --------------------------------------------------------------------------- pre-flight


def check_newer(q: Question, bad: Callable[[str, str], None]) -> None:
    """Report (rule, detail) for each Moodle import rule `q` of a newer type breaks."""
    issue = type_issue(q)
    if issue:
        rule = {
            QuestionType.MATCHING: "matching needs 2 pairs, each stem with an answer, no repeats",
            QuestionType.ORDERING: "ordering needs 3 or more different items",
            QuestionType.GAPSELECT: "every [[n]] gap needs a choice n",
            QuestionType.DDWTOS: "every [[n]] gap needs a choice n",
            QuestionType.CLOZE: "a cloze text needs valid gaps, each with a right answer",
        }[q.type]
        bad(rule, issue)
        return
    if q.type is QuestionType.MATCHING:
        answers = {c.match.strip() for c in q.choices}
        if len(answers) < 3:
            bad(
                "Moodle's matching editor needs at least 3 answers",
                f"it has {len(answers)}: add an extra wrong answer",
            )
    for i, c in enumerate(q.choices, 1):
        if q.type is QuestionType.MATCHING and "\n" in c.match.strip():
            bad("a matching answer is one line", f"answer of pair {i} has a line break")


# --------------------------------------------------------------------------- export


def _plain_choice(text: str) -> str:
    """A gap choice as Moodle stores it (HTML): "<" and "&" escaped."""
    return html.escape(text.strip(), quote=False)


def write_newer(out: Out, texts: Texts, q: Question) -> None:
    """The type's own elements, after the common ones (name, texts, grades, idnumber)."""
    t = q.type
    if t is QuestionType.MATCHING:
        out.element(2, "shuffleanswers", "true" if q.shuffle_answers else "false")
        write_combined_feedback(out, texts, q)
        for c in q.choices:
            stem, files = texts.html(c.text) if c.text.strip() else ("", [])
            out.text_field(2, "subquestion", stem, files=files, close=False)
            out.add(3, "<answer>")
            out.element(4, "text", c.match.strip())
            out.add(3, "</answer>")
            out.add(2, "</subquestion>")
    elif t is QuestionType.ORDERING:
        numbering = q.answer_numbering if q.answer_numbering in ORDERING_NUMBERING else "none"
        out.element(2, "layouttype", "VERTICAL")
        # ALL: with Moodle's default (RANDOM, 6) a student may see only some items
        out.element(2, "selecttype", "ALL")
        out.element(2, "selectcount", str(len(q.choices)))
        out.element(2, "gradingtype", DEFAULT_GRADING)
        out.element(2, "showgrading", "SHOW")
        out.element(2, "numberingstyle", numbering)
        write_combined_feedback(out, texts, q)
        for i, c in enumerate(q.choices, 1):
            body, files = texts.html(c.text)
            out.add(2, f'<answer fraction="{i}.0000000" format="html">')
            out.element(3, "text", body)
            for f in files:
                out.file(3, f)
            feedback, fb_files = texts.html(c.feedback)
            out.text_field(3, "feedback", feedback, files=fb_files)
            out.add(2, "</answer>")
    elif t in (QuestionType.GAPSELECT, QuestionType.DDWTOS):
        out.element(2, "shuffleanswers", "1" if q.shuffle_answers else "0")
        write_combined_feedback(out, texts, q)
        tag = "selectoption" if t is QuestionType.GAPSELECT else "dragbox"
        for c in q.choices:
            out.add(2, f"<{tag}>")
            out.element(3, "text", _plain_choice(c.text))
            out.element(3, "group", str(c.group))
            if t is QuestionType.DDWTOS and c.unlimited:
                out.add(3, "<infinite/>")
            out.add(2, f"</{tag}>")
    # CLOZE: everything is in the question text, but for its hints
    write_hints(out, texts, q)  # after the type's own elements, as Moodle writes them


# --------------------------------------------------------------------------- import

Convert = Callable[[str], str]  # a field key → its text in the question's format
# → the type, the choices, and Question fields that differ from the common reading
Finish = Callable[[Convert], tuple[QuestionType, tuple[Choice, ...], dict[str, Any]]]


def read_newer(r: Reader, el: Any, qtype: str, fields: dict[str, Field]) -> Finish:
    """Read the type's own elements, combined feedback and hints; texts go into `fields`
    (so the question's text format is chosen from all of them), and the returned function
    builds the answers from them."""
    finish = _read_answers(r, el, READ_NAMES[qtype], fields)
    feedback = read_feedback(r, el, READ_NAMES[qtype], fields)

    def finish_all(convert: Convert) -> tuple[QuestionType, tuple[Choice, ...], dict[str, Any]]:
        kind, choices, extra = finish(convert)
        return kind, choices, {**extra, **feedback(convert)}

    return finish_all


def _read_answers(r: Reader, el: Any, kind: QuestionType, fields: dict[str, Field]) -> Finish:
    extra: dict[str, Any] = {}
    if kind is QuestionType.MATCHING:
        pairs: list[tuple[str, str]] = []  # (field key or "", answer)
        subs = el.findall("subquestion")
        if not subs:
            raise Skip("a matching question without <subquestion>s has nothing to match")
        for i, sub in enumerate(subs):
            stem = r.own_field(sub, "subquestion", "html")
            answer = r.text(sub, "answer")
            if not stem.text and not answer:
                continue  # Moodle skips these
            if stem.text and not answer:
                raise Skip(
                    f'the stem "{stem.text[:40]}" has no answer (Moodle stops importing '
                    "at this question)"
                )
            key = f"sub{i}" if stem.text else ""
            if key:
                fields[key] = stem
            pairs.append((key, answer))
        extra["shuffle_answers"] = r.flag("shuffleanswers", True)

        def finish_matching(convert: Convert) -> Any:
            # a stem that is one <p>…</p> (as Moodle's editor writes it) shows the same bare
            choices = tuple(Choice(_unwrap_p(convert(k)) if k else "", match=a) for k, a in pairs)
            return kind, choices, extra

        return finish_matching
    if kind is QuestionType.ORDERING:
        items: list[int] = []
        for i, a in enumerate(el.findall("answer")):
            fields[f"item{i}"] = r.own_field(a, "answer", fields["stem"].kind)
            fields[f"feedback{i}"] = r.field(a, "feedback", fields["stem"].kind)
            if fields[f"item{i}"].text.strip():
                items.append(i)
        select = r.plain("selecttype") or ("RANDOM" if r.plain("logical") != "1" else "ALL")
        count = int(r.number("selectcount", 6))
        if select != "ALL" and 2 <= count < len(items):
            r.warn(
                f"Moodle shows each student {count} of the {len(items)} items ({select}); "
                "Quizwright keeps all items and asks for all of them"
            )
        grading = r.plain("gradingtype") or DEFAULT_GRADING
        if grading != DEFAULT_GRADING:
            r.warn(f"grading {grading} is not kept; Moodle's default is used on export")
        if el.find("shownumcorrect") is None and len(el.findall("hint")) < 2:
            r.warn(
                "no <shownumcorrect> and fewer than 2 hints: Moodle's own import of this "
                "question fails on PostgreSQL/MySQL; Quizwright's export writes it as it should"
            )
        numbering = r.plain("numberingstyle", "none") or "none"
        extra["answer_numbering"] = numbering if numbering in ORDERING_NUMBERING else "none"

        def finish_ordering(convert: Convert) -> Any:
            choices = tuple(
                Choice(_unwrap_p(convert(f"item{i}")), 1.0, convert(f"feedback{i}")) for i in items
            )
            return kind, choices, extra

        return finish_ordering
    if kind in (QuestionType.GAPSELECT, QuestionType.DDWTOS):
        tag = "selectoption" if kind is QuestionType.GAPSELECT else "dragbox"
        options = el.findall(tag)
        if not options:
            raise Skip(
                f"it has no <{tag}> choices (Moodle would save it without choices and fail "
                "when it is shown)"
            )
        gap_choices: list[Choice] = []
        for o in options:
            text = html.unescape(r.text(o, "text") if o.find("text") is not None else "")
            group_raw = (o.findtext("group") or "1").strip() or "1"
            try:
                group = int(group_raw)
            except ValueError:
                raise r.fail(f'<{tag}> group "{group_raw}" is not a whole number') from None
            unlimited = o.find("infinite") is not None
            gap_choices.append(Choice(text, 0.0, group=group, unlimited=unlimited))
        if any(not c.text.strip() for c in gap_choices):
            r.warn("empty choices are left out and the gaps after them renumbered, as Moodle does")
        extra["shuffle_answers"] = r.flag("shuffleanswers", True)

        def finish_gaps(convert: Convert) -> Any:
            if any(not c.text.strip() for c in gap_choices):
                extra["stem"] = renumbered_gaps(convert("stem"), tuple(gap_choices))
            return kind, tuple(c for c in gap_choices if c.text.strip()), extra

        return finish_gaps

    # cloze: the gaps are in the question text; it is worth the sum of their weights
    def finish_cloze(convert: Convert) -> Any:
        stem = convert("stem")
        if cloze_gaps(stem):
            extra["points"] = cloze_points(stem)
        return kind, (), extra

    return finish_cloze


def _unwrap_p(text: str) -> str:
    """Moodle saves an ordering item that is exactly one <p>…</p> without the <p>."""
    inner = text.strip()
    if inner.startswith("<p>") and inner.endswith("</p>") and inner.count("<p>") == 1:
        return inner[3:-4].strip()
    return text


def renumbered_gaps(stem: str, choices: tuple[Choice, ...]) -> str:
    """The stem with [[n]] renumbered after blank choices are dropped (as Moodle saves)."""
    kept = [i for i, c in enumerate(choices, 1) if c.text.strip()]
    new = {old: new for new, old in enumerate(kept, 1)}
    return re.sub(r"\[\[(\d+)]]", lambda m: f"[[{new.get(int(m.group(1)), m.group(1))}]]", stem)
