"""Checks that a draft question is well formed before an instructor sees it.

`validate` returns issues, each an error (the question is broken: wrong number
of correct answers, duplicate or empty options, a truncated text) or a warning
(it works but an instructor should look: a key that stands out by its length,
a true/false statement that is a slide sentence with "not" inserted, a short
answer without its obvious variants). It needs nothing but the question; when
the question cites slides, their supporting sentences are used too.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from models.drafting.words import (
    word_rank,
)
from storage.domain import Question, QuestionType

ERROR = "error"
WARNING = "warning"

__all__ = ["ERROR", "WARNING", "Issue", "errors", "normalize_option", "validate"]


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    severity: str  # "error" | "warning"


_TRUE = {"true", "wahr", "vrai", "verdadero", "vero", "верно", "правда", "yes"}
_FALSE = {"false", "falsch", "faux", "falso", "неверно", "ложь", "no"}
_ALL_NONE = re.compile(
    r"^\s*(?:all|none|both|neither)\s+(?:of\s+)?(?:the\s+)?(?:above|below|these|those|options|"
    r"answers|choices)\b|^\s*(?:a|b|c)\s+and\s+(?:b|c|d)\s*$",
    re.IGNORECASE,
)
_CONJUNCTION_END = frozenset(
    """and or but nor of to in on at for with by from as into than that which the a an
    whose whereas while because if when such is are was were be""".split()
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|cannot|can't|isn't|aren't|doesn't|don't"
    r"|won't|wasn't|weren't|didn't|hasn't|haven't|n't)\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^(?:which|what|who|whom|whose|when|where|why|how|name|give|state|list|define|explain"
    r"|describe|compare|identify|select|choose|complete|fill|implement|write|design|discuss"
    r"|derive|compute|calculate|estimate|analy[sz]e|evaluate|outline|summari[sz]e|true or false"
    r"|according|in the|on the|from the|based on|consider|suppose|assume|using|for)\b",
    re.IGNORECASE,
)
_BLANK = re.compile(r"_{3,}|\[\s*blank\s*\]|\.\.\.\s*$|…\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_STOP = frozenset(
    """a an the of to in on at for with by from as and or is are was were be been this that
    these those it its which what who how why when where following slide slides term""".split()
)


def normalize_option(text: str) -> str:
    """Case, accents, punctuation and spacing folded, for comparing options."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"<[^>]+>", " ", folded)
    folded = re.sub(r"[^\w\s]", " ", folded)
    return " ".join(folded.split())


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).strip()


def _truncation(text: str) -> str:
    """Why a text looks cut off, or "" when it looks whole."""
    t = _plain(text).rstrip()
    if not t:
        return ""
    if t.endswith(("…", "...")) and not _BLANK.search(t[:-3] if t.endswith("...") else t[:-1]):
        return "ends with an ellipsis"
    for a, b in ("()", "[]", "{}"):
        if t.count(a) != t.count(b):
            return f"has unbalanced '{a}{b}'"
    if t.count('"') % 2 == 1 or t.count("“") != t.count("”"):
        return "has an unbalanced quotation mark"
    words = _WORD.findall(t)
    if words and t[-1].isalnum() and words[-1].casefold() in _CONJUNCTION_END and len(words) > 2:
        return f"ends with '{words[-1]}'"
    if t.endswith((",", ";", "-", "–", "(", "/", "&")):
        return f"ends with '{t[-1]}'"
    return ""


def _check_stem(q: Question, issues: list[Issue]) -> None:
    stem = _plain(q.stem)
    if not stem:
        issues.append(Issue("empty-stem", "The question text is empty.", ERROR))
        return
    why = _truncation(stem)
    if why:
        issues.append(Issue("truncated-stem", f"The question text {why}.", ERROR))
    if len(_WORD.findall(stem)) < 3:
        issues.append(Issue("short-stem", "The question text is too short to ask anything.", ERROR))
    if q.type == QuestionType.TRUE_FALSE:
        if stem.rstrip().endswith("?") and not re.match(r"(?i)true or false", stem):
            issues.append(
                Issue(
                    "stem-form",
                    "A true/false item should be a statement, not a question.",
                    WARNING,
                )
            )
        return
    if q.type in (QuestionType.ESSAY, QuestionType.DESCRIPTION, QuestionType.CLOZE):
        return  # a task or a text; a cloze text asks through its gaps
    last = stem.rstrip().splitlines()[-1] if stem.strip() else ""
    ok = (
        last.rstrip().endswith(("?", ":"))
        or bool(_BLANK.search(stem))
        or (last.rstrip().endswith(".") and bool(_QUESTION_START.match(last.strip())))
    )
    if not ok:
        issues.append(
            Issue(
                "stem-form",
                "The question text should be a question, end with ':' or contain a blank (___).",
                WARNING,
            )
        )


def _check_options(q: Question, issues: list[Issue], allow_all_none: bool) -> None:
    texts = [c.text for c in q.choices]
    for i, text in enumerate(texts, start=1):
        if not _plain(text):
            issues.append(Issue("empty-option", f"Option {i} is empty.", ERROR))
            continue
        why = _truncation(text)
        if why:
            issues.append(Issue("truncated-option", f"Option {i} {why}: {text!r}.", ERROR))
        if not allow_all_none and _ALL_NONE.search(_plain(text)):
            issues.append(
                Issue(
                    "all-none-above",
                    f"Option {i} ({text!r}) is 'all/none of the above'; write real options.",
                    ERROR,
                )
            )
    seen: dict[str, int] = {}
    for i, text in enumerate(texts, start=1):
        key = normalize_option(text)
        if key and key in seen:
            issues.append(
                Issue(
                    "duplicate-options",
                    f"Options {seen[key]} and {i} say the same thing ({text!r}).",
                    ERROR,
                )
            )
        seen.setdefault(key, i)
    stem_norm = normalize_option(q.stem)
    for i, c in enumerate(q.choices, start=1):
        key = normalize_option(c.text)
        if not key:
            continue
        if key == stem_norm:
            issues.append(Issue("option-repeats-stem", f"Option {i} repeats the question.", ERROR))
        elif len(key.split()) >= 4 and f" {key} " in f" {stem_norm} ":
            issues.append(
                Issue(
                    "option-in-stem",
                    f"Option {i} ({c.text!r}) is written out in the question.",
                    ERROR,
                )
            )
        elif c.correct and len(key) >= 3 and f" {key} " in f" {stem_norm} ":
            issues.append(
                Issue(
                    "answer-in-stem",
                    f"The correct option {c.text!r} appears in the question text.",
                    WARNING,
                )
            )


def _check_choice_counts(q: Question, issues: list[Issue]) -> None:
    n = len(q.choices)
    correct = [c for c in q.choices if c.correct]
    if q.type in (QuestionType.MCQ, QuestionType.MULTI) and not 3 <= n <= 5:
        issues.append(
            Issue("option-count", f"A choice question needs 3 to 5 options; it has {n}.", ERROR)
        )
    if q.type == QuestionType.MCQ:
        if len(correct) != 1:
            issues.append(
                Issue(
                    "correct-count",
                    f"A single-answer question needs exactly one correct option; "
                    f"it has {len(correct)}.",
                    ERROR,
                )
            )
        elif abs(correct[0].fraction - 1.0) > 1e-6:
            issues.append(Issue("fraction", "The correct option should be worth 100%.", ERROR))
    elif q.type == QuestionType.MULTI:
        if not correct:
            issues.append(Issue("correct-count", "No option is marked correct.", ERROR))
        elif len(correct) == n:
            issues.append(
                Issue(
                    "correct-count",
                    "Every option is correct; a multiple-answer question needs wrong ones too.",
                    ERROR,
                )
            )
        elif abs(sum(c.fraction for c in correct) - 1.0) > 0.02:
            issues.append(Issue("fraction", "The correct options should add up to 100%.", WARNING))
    elif q.type == QuestionType.TRUE_FALSE:
        labels = [normalize_option(c.text) for c in q.choices]
        if n != 2 or not (any(x in _TRUE for x in labels) and any(x in _FALSE for x in labels)):
            issues.append(
                Issue(
                    "true-false-options",
                    "A true/false question has exactly the options 'true' and 'false'.",
                    ERROR,
                )
            )
        elif len(correct) != 1:
            issues.append(
                Issue(
                    "correct-count",
                    "Exactly one of 'true' and 'false' must be marked correct.",
                    ERROR,
                )
            )


def _check_length_bias(q: Question, issues: list[Issue]) -> None:
    if q.type != QuestionType.MCQ:
        return
    correct = [c for c in q.choices if c.correct]
    wrong = [c for c in q.choices if not c.correct]
    if len(correct) != 1 or not wrong:
        return
    key_len = len(_plain(correct[0].text))
    lengths = [len(_plain(c.text)) for c in wrong]
    mean = sum(lengths) / len(lengths)
    if key_len > 1.8 * mean and key_len > max(lengths) and key_len - mean >= 12:
        issues.append(
            Issue(
                "length-biased-key",
                "length-biased key: the correct option is much longer than the others "
                f"({key_len} characters against {mean:.0f} on average).",
                WARNING,
            )
        )


def _negated_copy(statement: str, sources: Sequence[str]) -> bool:
    """Whether a statement is a source sentence with a negation put in."""

    def bare(text: str) -> str:
        t = normalize_option(_NEGATION.sub(" ", text.replace("’", "'")))
        return " ".join(re.sub(r"\b(?:do|does|did|is|are|t)\b", " ", t).split())

    stripped = bare(statement)
    for src in sources:
        if _NEGATION.search(src.replace("’", "'")):
            continue  # the slide says "not" itself: nothing was inserted
        s = bare(src)
        if s and (s == stripped or (len(s) > 20 and (s in stripped or stripped in s))):
            return True
    return False


def _check_true_false(q: Question, issues: list[Issue]) -> None:
    if q.type != QuestionType.TRUE_FALSE:
        return
    stem = _plain(q.stem)
    if not _NEGATION.search(stem):
        return
    sources = [r.supporting_text for r in q.sources if r.supporting_text]
    if _negated_copy(stem, sources):
        issues.append(
            Issue(
                "trivial-negation",
                "The statement is a slide sentence with a negation inserted; students spot "
                "that at once. Swap a term instead.",
                WARNING,
            )
        )
    else:
        issues.append(
            Issue(
                "negated-statement",
                "The statement contains a negation ('not', 'never'); negated true/false items "
                "are easy to misread.",
                WARNING,
            )
        )


_ACRONYM_PAREN = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^()]+)\)\s*$")


def _check_short(q: Question, issues: list[Issue]) -> None:
    if q.type != QuestionType.SHORT:
        return
    accepted = [c for c in q.choices if c.correct and _plain(c.text)]
    if not accepted:
        issues.append(
            Issue("no-answer", "A short-answer question needs at least one accepted answer.", ERROR)
        )
        return
    if q.case_sensitive and any(re.search(r"[A-Za-z]", c.text) for c in accepted):
        issues.append(
            Issue(
                "case-sensitive",
                "Answers are case-sensitive: 'lstm' would be marked wrong for 'LSTM'.",
                WARNING,
            )
        )
    if not any(abs(c.fraction - 1.0) < 1e-6 for c in accepted):
        issues.append(Issue("fraction", "No accepted answer is worth 100%.", WARNING))
    texts = {normalize_option(c.text) for c in accepted}
    missing: list[str] = []
    for c in accepted:
        m = _ACRONYM_PAREN.match(_plain(c.text))
        if m:
            for part in (m.group("long"), m.group("short")):
                if normalize_option(part) not in texts:
                    missing.append(part.strip())
        words = _plain(c.text).split()
        last = words[-1] if words else ""
        if last.isalpha() and len(last) > 3 and (last.islower() or last.istitle()):
            other = ""
            if last.endswith("ies"):
                other = last[:-3] + "y"
            elif last.endswith("s") and not last.endswith(("ss", "us", "is", "ys")):
                other = last[:-1]
            variant = " ".join([*words[:-1], other])
            if other and last.istitle() and word_rank(other) == math.inf:
                other = ""  # "Naïve Bayes" is a name, not a plural of "Baye"
            if other and normalize_option(variant) not in texts:
                missing.append(variant)  # "Hidden Markov Models": "Hidden Markov Model" too
    if missing:
        issues.append(
            Issue(
                "answer-variants",
                "Consider also accepting: " + ", ".join(dict.fromkeys(missing)) + ".",
                WARNING,
            )
        )


def _check_numerical(q: Question, issues: list[Issue]) -> None:
    if q.type != QuestionType.NUMERICAL:
        return
    values = [c for c in q.choices if c.correct]
    if not values:
        issues.append(Issue("no-answer", "A numerical question needs a correct value.", ERROR))
    for c in values:
        try:
            float(c.text.replace(",", "."))
        except ValueError:
            issues.append(Issue("not-a-number", f"{c.text!r} is not a number.", ERROR))


def _check_essay(q: Question, issues: list[Issue]) -> None:
    if q.type != QuestionType.ESSAY:
        return
    if len(_WORD.findall(_plain(q.stem))) < 8:
        issues.append(
            Issue("short-task", "An essay or assignment needs a task of a sentence or more.", ERROR)
        )
    if not q.grader_info.strip():
        issues.append(
            Issue(
                "no-rubric", "Add a rubric or what a good answer contains (grader info).", WARNING
            )
        )


def validate(q: Question, allow_all_none: bool = False) -> list[Issue]:
    """Everything wrong or doubtful about a question; [] when it is fine."""
    issues: list[Issue] = []
    _check_stem(q, issues)
    if q.points <= 0:
        issues.append(Issue("points", "A question must be worth more than 0 points.", ERROR))
    if q.type in (QuestionType.MCQ, QuestionType.MULTI, QuestionType.TRUE_FALSE):
        _check_choice_counts(q, issues)
        if q.type != QuestionType.TRUE_FALSE:
            _check_options(q, issues, allow_all_none)
            _check_length_bias(q, issues)
    _check_true_false(q, issues)
    _check_short(q, issues)
    _check_numerical(q, issues)
    _check_essay(q, issues)
    if q.type == QuestionType.SHORT:
        for i, c in enumerate(q.choices, start=1):
            why = _truncation(c.text)
            if why:
                issues.append(Issue("truncated-option", f"Answer {i} {why}.", ERROR))
    return issues


def errors(issues: Sequence[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == ERROR]
