"""Plain values that cross layers and threads: no Qt, no SQLAlchemy.

The GUI, the language-model code and the CLI all speak in these frozen
dataclasses; ORM rows never leave `storage`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime


class QuestionType(str, enum.Enum):
    MCQ = "mcq"  # multiple choice, one correct answer
    MULTI = "multi"  # multiple choice, several correct answers
    TRUE_FALSE = "truefalse"
    SHORT = "short"
    NUMERICAL = "numerical"
    ESSAY = "essay"  # essays and assignments (task, deliverables, rubric)
    DESCRIPTION = "description"  # text only, no answer
    MATCHING = "matching"  # pairs: choice text = stem, choice match = its answer
    CLOZE = "cloze"  # Moodle embedded answers: the gaps are {1:SA:=...} codes in the stem
    ORDERING = "ordering"  # choices are the items in the right order
    GAPSELECT = "gapselect"  # select missing words: [[n]] in the stem = choice n
    DDWTOS = "ddwtos"  # drag and drop into text: [[n]] in the stem = choice n

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]


_TYPE_LABELS = {
    QuestionType.MCQ: "Multiple choice",
    QuestionType.MULTI: "Multiple answers",
    QuestionType.TRUE_FALSE: "True/false",
    QuestionType.SHORT: "Short answer",
    QuestionType.NUMERICAL: "Numerical",
    QuestionType.ESSAY: "Essay",
    QuestionType.DESCRIPTION: "Description",
    QuestionType.MATCHING: "Matching",
    QuestionType.CLOZE: "Cloze (embedded answers)",
    QuestionType.ORDERING: "Ordering",
    QuestionType.GAPSELECT: "Select missing words",
    QuestionType.DDWTOS: "Drag into text",
}


# The types with an answer, quick ones first and the long essay last: the order drafts
# are delivered in and an exam's default sections (an essay never sits mid-exam). The
# older six keep their order; the newer types sit beside the ones they resemble.
ANSWERED_TYPES = (
    QuestionType.MCQ,
    QuestionType.MULTI,
    QuestionType.TRUE_FALSE,
    QuestionType.MATCHING,
    QuestionType.GAPSELECT,
    QuestionType.DDWTOS,
    QuestionType.SHORT,
    QuestionType.CLOZE,
    QuestionType.NUMERICAL,
    QuestionType.ORDERING,
    QuestionType.ESSAY,
)

# Types whose answers live in the stem ([[n]] places, {1:SA:...} gaps).
GAP_TYPES = (QuestionType.GAPSELECT, QuestionType.DDWTOS)


class Status(str, enum.Enum):
    DRAFT = "draft"
    ACCEPTED = "accepted"


class Difficulty(str, enum.Enum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Bloom(str, enum.Enum):
    REMEMBER = "remember"
    UNDERSTAND = "understand"
    APPLY = "apply"
    ANALYZE = "analyze"
    EVALUATE = "evaluate"
    CREATE = "create"


@dataclass(frozen=True)
class Choice:
    """An option (choice types), an accepted answer (short) or a value (numerical).

    `fraction` is the share of the grade in [-1, 1], as Moodle stores it.

    The newer types reuse it (see storage/question_types.py):
    - matching: `text` is a stem, `match` its answer; a choice with no `text` is an extra
      wrong answer (fraction 0, the pairs 1);
    - ordering: the items in the right order (fraction 1);
    - gapselect / ddwtos: choice n is what `[[n]]` in the stem asks for, `group` the list
      (gapselect) or the colour (ddwtos) it belongs to, `unlimited` a ddwtos word that
      may fill several gaps; fraction 1 when a gap asks for it, else 0.
    """

    text: str
    fraction: float = 0.0
    feedback: str = ""
    tolerance: float | None = None  # numerical answers only
    match: str = ""  # matching: the answer paired with `text`
    group: int = 1  # gapselect / ddwtos: 1..20
    unlimited: bool = False  # ddwtos: may be dropped into several gaps

    @property
    def correct(self) -> bool:
        return self.fraction > 0


@dataclass(frozen=True)
class Hint:
    """A hint Moodle shows after a wrong try (interactive behaviour), in the question's
    text format. Matching, ordering, gap and cloze questions carry them."""

    text: str
    show_num_correct: bool = False  # also say how many parts are right
    clear_wrong: bool = False  # clear the wrong parts before the next try
    options: str = ""  # Moodle's per-type option (ordering: "1" highlights the response)


class TextFormat(str, enum.Enum):
    """How a question's texts (stem, choices, feedback) are written."""

    PLAIN = "plain"  # shown as typed; "<" is a less-than sign
    HTML = "html"  # a small HTML subset: p, br, b/strong, i/em, code, pre, ul/ol/li, sub/sup, img


@dataclass(frozen=True)
class QuestionImage:
    """An image attached to a question; HTML texts refer to it by `name`."""

    name: str  # file name, e.g. "attention.png"
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class SlideRef:
    """The slide a question was drafted from, and the sentence that supports it."""

    deck_id: int
    page: int  # 1-based, as instructors count
    supporting_text: str = ""


# Several refs to one slide (three lines of it cited by a multiple-answer draft) are
# stored as one link whose supporting text joins theirs with this separator; reading
# splits it again, so each sentence is marked on the slide on its own.
SUPPORT_SEPARATOR = "\x1e"  # ASCII record separator: never part of slide text


def join_support(texts: Iterable[str]) -> str:
    """The supporting texts of refs to one slide as one stored text (repeats dropped)."""
    parts = [t.replace(SUPPORT_SEPARATOR, " ") for t in texts]
    kept = list(dict.fromkeys(p for p in parts if p.strip()))
    return SUPPORT_SEPARATOR.join(kept)


def split_support(text: str) -> list[str]:
    """The supporting texts `join_support` joined (one "" for none)."""
    if SUPPORT_SEPARATOR not in text:
        return [text]
    return [p for p in text.split(SUPPORT_SEPARATOR) if p.strip()] or [""]


@dataclass(frozen=True)
class Origin:
    """How a question was made, so drafts can be told apart and reproduced."""

    method: str  # "manual", "import", "model", "built", ...
    engine: str = ""
    model: str = ""
    settings: dict[str, object] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True)
class Question:
    type: QuestionType
    stem: str
    choices: tuple[Choice, ...] = ()
    title: str = ""
    general_feedback: str = ""
    grader_info: str = ""  # essay/assignment: rubric and deliverables for the grader
    difficulty: Difficulty | None = None
    bloom: Bloom | None = None
    points: float = 1.0
    status: Status = Status.DRAFT
    case_sensitive: bool = False  # short answer
    unit: str = ""  # numerical
    text_format: TextFormat = TextFormat.PLAIN
    penalty: float = 0.3333333  # share of the grade lost per wrong try (Moodle)
    shuffle_answers: bool = True
    answer_numbering: str = "abc"  # Moodle: abc, ABCD, 123, iii, IIII, none
    response_template: str = ""  # essay: text the answer box starts with
    # Combined feedback (matching, ordering, gapselect, ddwtos, as Moodle has them): shown
    # for a right, partly right or wrong response, with the number of right parts if asked.
    correct_feedback: str = ""
    partial_feedback: str = ""
    incorrect_feedback: str = ""
    show_num_correct: bool = True
    hints: tuple[Hint, ...] = ()  # in the order Moodle shows them (cloze too)
    images: tuple[QuestionImage, ...] = ()
    tags: tuple[str, ...] = ()
    category: str = ""  # path such as "NLP/Tokenization"; "" is the top
    origin: Origin = Origin(method="manual")
    sources: tuple[SlideRef, ...] = ()
    id: int | None = None
    uuid: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # The stored version this value was read at (0: not known, the save is not checked):
    # saving it after someone else saved a newer one is refused (storage.question_history).
    version: int = 0
    created_by: str = ""
    updated_by: str = ""

    @property
    def correct_answers(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.choices if c.correct)


@dataclass(frozen=True)
class QuestionFilter:
    """Criteria for listing questions; None means "any"."""

    type: QuestionType | None = None
    tag: str | None = None
    category: str | None = None  # includes sub-categories; "" means in no category
    deck_id: int | None = None
    difficulty: Difficulty | None = None
    status: Status | None = None
    limit: int | None = None
    offset: int = 0
    # Full-text search (stems, answers, tags; every word, as a prefix); "" is none.
    text: str = ""
    used_in_exam: bool | None = None  # True: used by an exam; False: by none
    page: int | None = None  # with deck_id: only questions citing that slide

    @property
    def narrowed(self) -> bool:
        """Whether anything beyond paging narrows the questions."""
        return any(
            v is not None
            for v in (
                self.type,
                self.tag,
                self.category,
                self.deck_id,
                self.difficulty,
                self.status,
                self.used_in_exam,
            )
        ) or bool(self.text.strip())


class SortKey(str, enum.Enum):
    """Orders the bank browser offers; each is sorted by SQL, ties by id."""

    ID = "id"
    TYPE = "type"
    STATUS = "status"
    DIFFICULTY = "difficulty"  # easy < medium < hard, unset first
    STEM = "stem"
    TAGS = "tags"  # by the alphabetically first tag
    CATEGORY = "category"  # by full path
    SLIDES = "slides"  # by first deck and page cited
    EXAMS = "exams"  # by how many exams use it
    POINTS = "points"
    UPDATED = "updated"


@dataclass(frozen=True)
class SourceLabel:
    """A slide a question cites, as the browser shows it."""

    deck_id: int
    deck_title: str
    page: int


@dataclass(frozen=True)
class QuestionSummary:
    """A light row for the bank browser: what a table shows, read without loading choices."""

    id: int
    type: QuestionType
    status: Status
    difficulty: Difficulty | None
    stem: str  # on one line, markup removed, shortened
    title: str
    tags: tuple[str, ...]
    category: str
    sources: tuple[SourceLabel, ...]
    exams: int  # how many exams use it
    points: float
    updated_at: datetime | None

    @property
    def used_in_exam(self) -> bool:
        return self.exams > 0


@dataclass(frozen=True)
class BulkChange:
    """What a bulk change did: how many of the questions asked about actually changed."""

    asked: int
    changed: int


@dataclass(frozen=True)
class SlideCoverage:
    """One slide of a deck and the questions that cite it."""

    page: int
    heading: str  # the first line of its cleaned text
    flags: tuple[str, ...]  # non-empty for title/agenda/closing/empty slides
    questions: int
    by_type: dict[QuestionType, int] = field(default_factory=dict, hash=False)

    @property
    def is_content(self) -> bool:
        return not self.flags


@dataclass(frozen=True)
class DeckCoverage:
    """Which slides of a deck have questions, and the mix of those questions."""

    deck_id: int
    title: str
    slides: tuple[SlideCoverage, ...]
    questions: int  # distinct questions citing any slide of the deck
    by_type: dict[QuestionType, int] = field(default_factory=dict, hash=False)
    by_difficulty: dict[Difficulty | None, int] = field(default_factory=dict, hash=False)
    by_status: dict[Status, int] = field(default_factory=dict, hash=False)

    @property
    def uncovered(self) -> tuple[int, ...]:
        """Pages of content slides that no question cites yet."""
        return tuple(s.page for s in self.slides if s.is_content and not s.questions)


@dataclass(frozen=True)
class SearchHit:
    question_id: int
    score: float  # higher is better
    snippet: str


@dataclass(frozen=True)
class DuplicateMatch:
    question_id: int
    score: float  # 0..100
    stem: str


@dataclass(frozen=True)
class DeleteImpact:
    """What deleting questions would break."""

    question_ids: tuple[int, ...]
    exams: tuple[tuple[int, str], ...]  # (exam id, title) using any of them

    @property
    def safe(self) -> bool:
        return not self.exams


@dataclass(frozen=True)
class Deck:
    id: int
    title: str
    source_path: str
    sha256: str
    page_count: int
    imported_at: datetime


@dataclass(frozen=True)
class Slide:
    deck_id: int
    page: int  # 1-based
    text: str  # cleaned
    flags: tuple[str, ...] = ()  # why it carries nothing to ask about; () for content
    raw_text: str = ""
    id: int | None = None

    @property
    def is_content(self) -> bool:
        return not self.flags


@dataclass(frozen=True)
class Exam:
    id: int
    title: str
    question_ids: tuple[int, ...]
