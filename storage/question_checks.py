"""What the bank refuses, in words: its errors about questions and the checks that raise them."""

from __future__ import annotations

from storage.database import BankError
from storage.domain import DeleteImpact, Question, QuestionType
from storage.question_limits import out_of_limits
from storage.question_types import type_issue


class QuestionNotFoundError(BankError):
    pass


class InvalidQuestionError(BankError):
    pass


class QuestionInUseError(BankError):
    def __init__(self, impact: DeleteImpact) -> None:
        exams = ", ".join(f"#{eid} {title!r}" for eid, title in impact.exams)
        super().__init__(
            f"Question(s) {', '.join(map(str, impact.question_ids))} are used in exam(s) "
            f"{exams}; deleting them would remove them from those exams."
        )
        self.impact = impact


def _validate(q: Question) -> None:
    beyond = out_of_limits(q)
    if beyond:
        raise InvalidQuestionError(beyond)
    if not q.stem.strip():
        raise InvalidQuestionError("A question needs a stem (the question text).")
    correct = sum(1 for c in q.choices if c.correct)
    if q.type is QuestionType.MCQ and correct != 1:
        raise InvalidQuestionError(
            f"A multiple-choice question needs exactly one correct option; it has {correct}."
        )
    if q.type is QuestionType.MULTI and correct < 1:
        raise InvalidQuestionError("A multiple-answer question needs at least one correct option.")
    if q.type is QuestionType.TRUE_FALSE and (len(q.choices) != 2 or correct != 1):
        raise InvalidQuestionError(
            "A true/false question needs two choices, 'true' and 'false', one of them correct."
        )
    if q.type in (QuestionType.SHORT, QuestionType.NUMERICAL) and correct < 1:
        raise InvalidQuestionError(f"A {q.type.label.lower()} question needs an accepted answer.")
    if q.points < 0:
        raise InvalidQuestionError("Points cannot be negative.")
    issue = type_issue(q)
    if issue:
        raise InvalidQuestionError(issue)


def _tag_name(tag: str) -> str:
    name = " ".join(tag.split())
    if not name:
        raise InvalidQuestionError("A tag needs a name.")
    if len(name) > 200:
        raise InvalidQuestionError("A tag can be at most 200 characters long.")
    return name
