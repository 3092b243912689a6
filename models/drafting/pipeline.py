"""The drafting pipeline: selected slides + a request → checked, grounded drafts.

slides → content slides only → candidates (built from the slides' own facts,
or written by a capable model from prompts in resources/prompts) → tolerant
parsing → validation → grounding → near-duplicate flags → drafts.

`run_drafting` is a generator: it yields `DraftProgress` while it works and
each `Draft` as soon as it is ready, and stops at the next step when `cancel`
is set. It never touches Qt; the GUI runs it on a worker thread.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from models.bundled import LOADABLE_FILE
from models.drafting.built import LEARNED_REFUSALS, build_drafts
from models.drafting.checks import gate
from models.drafting.grounding import ground
from models.drafting.model_output import ParsedQuestion, parse
from models.drafting.validation import Issue, validate
from storage.bank import QuestionBank
from storage.dedup import DedupKey, DuplicateIndex
from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    DuplicateMatch,
    Origin,
    Question,
    QuestionType,
    Slide,
    Status,
)
from storage.semantic import TextEmbedder

if TYPE_CHECKING:
    from models.engine import Engine

PROMPTS = Path(__file__).resolve().parents[2] / "resources" / "prompts"
PROMPT_VERSION = "2"  # 2: the rules the gate enforces, and the forms asked for by level
# Attempts per question when a model writes it, before a built draft stands in.
MODEL_ATTEMPTS = 2
# What each difficulty means to a model (the checks apply the same bar).
DIFFICULTY_RULES = {
    Difficulty.EASY: (
        "easy",
        "Test recall of one definition or fact stated on a slide (which concept is "
        "described, what a concept does).",
    ),
    Difficulty.MEDIUM: (
        "medium",
        "Test understanding: what a concept is used for, why something is done (a cause "
        "or purpose the slides give), or an example of a concept; wrong options must be "
        "plausible and from the same topic.",
    ),
    Difficulty.HARD: (
        "hard",
        "Test analysis: how two concepts on the slides differ, which step comes before "
        "another, what follows from a stated figure, or which claim is false; wrong "
        "options must come from the same family of concepts and be hard to rule out.",
    ),
}
_PROMPT_FILES = {
    QuestionType.MCQ: "mcq.txt",
    QuestionType.TRUE_FALSE: "truefalse.txt",
    QuestionType.SHORT: "short.txt",
}


class DraftingError(Exception):
    """The request cannot be drafted; the message says why and what to do."""


@dataclass(frozen=True)
class DraftRequest:
    counts: Mapping[QuestionType, int]
    difficulty: Difficulty = Difficulty.MEDIUM
    bloom: Bloom | None = None
    focus: tuple[str, ...] = ()
    seed: int = 0
    strategy: str = "auto"  # "auto", "built" (from the slides, in code) or "model"
    avoid: tuple[Question, ...] = ()  # a redraft: never these again, nor one like them

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Draft:
    question: Question
    issues: tuple[Issue, ...] = ()
    grounded: bool = False
    grounding_reason: str = ""
    duplicates: tuple[DuplicateMatch, ...] = ()  # bank questions it resembles
    batch_duplicate_of: int | None = None  # index of an earlier draft of this run

    @property
    def valid(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    @property
    def ok(self) -> bool:
        return self.valid and self.grounded


@dataclass(frozen=True)
class DraftProgress:
    done: int
    total: int
    message: str
    text: str = ""  # model text streamed so far for the current question
    tokens_per_s: float = 0.0


@dataclass
class DraftStats:
    candidates: int = 0
    delivered: int = 0
    rejected: dict[str, int] = field(default_factory=dict)  # reason -> count
    model_seconds: float = 0.0
    total_seconds: float = 0.0


def content_slides(slides: Sequence[Slide]) -> list[Slide]:
    return [s for s in slides if s.is_content and s.text.strip()]


def _uses_model(engine: Engine | None, request: DraftRequest) -> bool:
    if request.strategy == "built" or engine is None:
        return False
    if request.strategy == "model":
        return True
    # The bundled 135M model writes no usable question free-form (measured:
    # bench/drafting.py), so with it the drafts are built from the slides.
    return Path(engine.info.path or "").name != LOADABLE_FILE


def _prompt(kind: QuestionType, slides_text: str, request: DraftRequest) -> str:
    words, rule = DIFFICULTY_RULES[request.difficulty]
    focus = f" about {', '.join(request.focus)}" if request.focus else ""
    template = (PROMPTS / _PROMPT_FILES[kind]).read_text(encoding="utf-8")
    return template.format(
        slides=slides_text, difficulty_words=words, focus_words=focus, difficulty_rule=rule
    )


def _from_parsed(p: ParsedQuestion, request: DraftRequest, origin: Origin) -> Question | None:
    if p.type is QuestionType.MCQ:
        index = p.answer_index
        if index is None:
            return None
        choices = tuple(Choice(o, 1.0 if i == index else 0.0) for i, o in enumerate(p.options))
    elif p.type is QuestionType.TRUE_FALSE:
        if p.answer not in ("true", "false"):
            return None
        choices = (
            Choice("true", 1.0 if p.answer == "true" else 0.0),
            Choice("false", 1.0 if p.answer == "false" else 0.0),
        )
    else:
        if not p.answer:
            return None
        choices = (Choice(p.answer, 1.0),)
    return Question(
        p.type,
        p.stem,
        choices,
        general_feedback=p.explanation,
        difficulty=request.difficulty,
        bloom=request.bloom,
        status=Status.DRAFT,
        origin=origin,
    )


class _Checker:
    """Validation, grounding and near-duplicate flags for each candidate."""

    def __init__(self, slides: Sequence[Slide], bank: QuestionBank | None) -> None:
        self.slides = slides
        self.bank = bank
        self.batch = DuplicateIndex()
        self.count = 0

    def check(self, q: Question) -> Draft:
        issues = tuple(validate(q))
        g = ground(q, self.slides)
        if g.supported:
            q = replace(q, sources=g.refs)
        key = DedupKey.of(q.stem, q.correct_answers)
        dupes = tuple(self.bank.find_duplicates(q)) if self.bank is not None else ()
        earlier = self.batch.query(key)
        draft = Draft(q, issues, g.supported, g.reason, dupes, earlier[0][0] if earlier else None)
        if draft.ok:
            self.batch.add(self.count, key)
            self.count += 1
        return draft


def run_drafting(
    slides: Sequence[Slide],
    request: DraftRequest,
    engine: Engine | None = None,
    bank: QuestionBank | None = None,
    cancel: threading.Event | None = None,
    stats: DraftStats | None = None,
    reference: Sequence[Slide] = (),
    embedder: TextEmbedder | None = None,
) -> Iterator[DraftProgress | Draft]:
    """Draft the requested questions from `slides`; yields progress and good drafts.

    Only drafts that validate, are grounded in the slides and pass the gate
    (`checks.gate`) are yielded; the others are counted in `stats.rejected` with
    their reason. `reference` holds all slides of the decks the selection comes
    from (and other selected decks): a statement used as false must be false
    against all of them. `embedder` (models.embeddings.Embedder, owned by the calling
    thread), when given, ranks wrong options by meaning as well; without it (or when it
    fails) they are ranked by wording alone.
    """
    started = time.perf_counter()
    stats = stats if stats is not None else DraftStats()
    chosen = content_slides(slides)
    if not chosen:
        raise DraftingError(
            "No slide with content is selected: select the slides to draft from (title, "
            "agenda, closing and empty slides are never used)."
        )
    if request.total < 1:
        raise DraftingError("Ask for at least one question.")
    checker = _Checker(chosen, bank)
    total = request.total
    done = 0
    yield DraftProgress(0, total, f"Drafting {total} question(s) from {len(chosen)} slide(s)…")

    def reject(reason: str) -> None:
        stats.rejected[reason] = stats.rejected.get(reason, 0) + 1

    made: list[Question] = list(request.avoid)

    def accept(draft: Draft) -> bool:
        stats.candidates += 1
        if not draft.valid:
            reject("invalid: " + next(i.code for i in draft.issues if i.severity == "error"))
            return False
        if not draft.grounded:
            reject("not grounded")
            return False
        why = gate(draft.question, made)
        if why:
            reject(why.split(":")[0])
            return False
        made.append(draft.question)
        return True

    built_counts = dict(request.counts)
    if _uses_model(engine, request):
        assert engine is not None
        from models.engine import GenerationSettings, fit_to_context

        model_counts = {k: v for k, v in request.counts.items() if k in _PROMPT_FILES}
        built_counts = {k: v for k, v in request.counts.items() if k not in _PROMPT_FILES}
        rnd = random.Random(request.seed)
        budget = max(256, engine.info.context_size - 700)  # room for instructions and answer
        for kind, count in model_counts.items():
            for _ in range(count):
                delivered = False
                for attempt in range(MODEL_ATTEMPTS):
                    if cancel is not None and cancel.is_set():
                        return
                    picked = rnd.sample(chosen, min(3, len(chosen)))
                    text = "\n\n".join(
                        fit_to_context([s.text for s in picked], budget, engine.count_tokens)
                    )
                    origin = Origin(
                        "model",
                        engine.info.engine,
                        engine.info.name,
                        {
                            "prompt_version": PROMPT_VERSION,
                            "temperature": 0.3 + 0.2 * attempt,
                            "seed": request.seed,
                            "difficulty": request.difficulty.value,
                        },
                    )
                    settings = GenerationSettings(
                        max_tokens=350, temperature=0.3 + 0.2 * attempt, seed=request.seed
                    )
                    streamed: list[str] = []
                    t0 = time.perf_counter()

                    def on_text(piece: str, streamed: list[str] = streamed) -> bool:
                        streamed.append(piece)
                        return not (cancel is not None and cancel.is_set())

                    output = engine.generate(
                        "You write correct exam questions from lecture slides.",
                        _prompt(kind, text, request),
                        settings,
                        on_text,
                    )
                    spent = time.perf_counter() - t0
                    stats.model_seconds += spent
                    yield DraftProgress(
                        done,
                        total,
                        f"Question {done + 1} of {total}",
                        output,
                        len(streamed) / spent if spent else 0.0,
                    )
                    parsed = parse(output, kind)
                    q = _from_parsed(parsed, request, origin) if parsed else None
                    if q is None:
                        stats.candidates += 1
                        reject("unreadable model output")
                        continue
                    draft = checker.check(q)
                    if accept(draft):
                        done += 1
                        stats.delivered += 1
                        yield draft
                        delivered = True
                        break
                if not delivered:  # a built draft stands in for what the model missed
                    built_counts[kind] = built_counts.get(kind, 0) + 1

    if any(built_counts.values()):
        if cancel is not None and cancel.is_set():
            return
        # Ask for more than needed: some candidates fail the checks.
        wanted = {k: v * 2 for k, v in built_counts.items() if v}
        built_stats: dict[str, int] = {}
        candidates = build_drafts(
            chosen,
            wanted,
            request.difficulty,
            request.focus,
            seed=request.seed,
            reference=reference,
            avoid=made,
            embedder=embedder,
            stats=built_stats,
        )
        remaining = dict(built_counts)
        for q in candidates:
            if cancel is not None and cancel.is_set():
                return
            if remaining.get(q.type, 0) <= 0:
                continue
            if request.bloom is not None:
                q = replace(q, bloom=request.bloom)
            draft = checker.check(q)
            if accept(draft):
                remaining[q.type] -= 1
                done += 1
                stats.delivered += 1
                yield draft
                yield DraftProgress(done, total, f"Question {done} of {total}")
        short = sum(v for v in remaining.values() if v > 0)
        if short:
            missing = {t: v for t, v in remaining.items() if v > 0}
            unlike = sum(built_stats.get(k, 0) for k in LEARNED_REFUSALS)
            yield DraftProgress(done, total, shortfall_message(chosen, short, missing, unlike))
    stats.total_seconds = time.perf_counter() - started


def _latin_share(slides: Sequence[Slide]) -> float:
    letters = [c for s in slides for c in s.text if c.isalpha()]
    return sum(c.isascii() for c in letters) / len(letters) if letters else 1.0


def prose_share(slides: Sequence[Slide]) -> float:
    """How much of the slides' text is sentences rather than labels, numbers and symbols."""
    lines = [ln for s in slides for ln in s.text.splitlines() if ln.strip()]
    if not lines:
        return 0.0
    return sum(1 for ln in lines if sum(w.isalpha() for w in ln.split()) >= 5) / len(lines)


# What each type is built from: said when slides give fewer of it than asked.
_NEEDS = {
    QuestionType.MCQ: "multiple choice needs terms the slides describe beside two or more "
    "of their kind",
    QuestionType.MULTI: "multiple answers needs a list of three or more items of one kind",
    QuestionType.TRUE_FALSE: "true/false needs complete sentences about the slides' terms",
    QuestionType.SHORT: "short answer needs a term described in one line",
    QuestionType.MATCHING: "matching needs four or more terms described side by side",
    QuestionType.CLOZE: "cloze needs whole sentences that define one of the deck's terms",
    QuestionType.ORDERING: "ordering needs numbered steps or an arrow pipeline (A → B → C)",
    QuestionType.NUMERICAL: "numerical needs figures stated in the text",
    QuestionType.ESSAY: "an assignment needs a topic the slides develop over several lines",
}


def shortfall_message(
    slides: Sequence[Slide],
    short: int,
    missing: Mapping[QuestionType, int] | None = None,
    unlike: int = 0,
) -> str:
    """Why the drafts built from `slides` fell `short` (`missing` per type), and what the
    instructor can do; `unlike`: candidates left out because they read like drafts blind
    raters rejected (said, so that fewer drafts are not mistaken for a failure)."""
    said = _shortfall(slides, short, missing)
    if unlike:
        said += (
            f" {unlike} more candidate(s) were left out because they read like drafts "
            "teachers rejected in blind ratings."
        )
    return said


def _shortfall(
    slides: Sequence[Slide], short: int, missing: Mapping[QuestionType, int] | None
) -> str:
    if _latin_share(slides) < 0.6:
        return (
            f"{short} question(s) fewer than asked: these slides are not in a Latin-script "
            "language, and the drafts Quizwright builds itself use English question "
            "templates. Choose a model that writes in the slides' language (Model, or "
            "Settings → Model) to draft from them."
        )
    if prose_share(slides) < 0.1:
        return (
            f"{short} question(s) fewer than asked: these slides are mostly diagrams, "
            "formulas and short labels, with few sentences to build questions from. "
            "Select slides with more text, or choose a larger model (Model → Get models…)."
        )
    if not missing:
        return (
            f"The selected slides gave {short} fewer good question(s) than asked: select "
            "more slides or fewer questions of that type."
        )
    parts = ", ".join(f"{n} {t.label.lower()}" for t, n in missing.items())
    needs = "; ".join(_NEEDS[t] for t in missing if t in _NEEDS)
    return f"The selected slides gave {short} fewer good question(s) than asked ({parts}): {needs}."


def recheck(q: Question, slides: Sequence[Slide], bank: QuestionBank | None = None) -> Draft:
    """The drafting checks for a question already in the bank (a draft waiting for
    review): validation, grounding in `slides` (not judged when there are none) and
    near-duplicates among the other bank questions. The question keeps its citations."""
    issues = tuple(validate(q))
    usable = content_slides(slides)
    g = ground(q, usable) if usable else None
    dupes = tuple(bank.find_duplicates(q)) if bank is not None else ()
    return Draft(q, issues, g.supported if g else False, g.reason if g else "", dupes)
