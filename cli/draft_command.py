"""`quizwright draft`: drafting questions from slides on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cli.output import (
    CliError,
    describe,
    emit,
)
from storage.bank import QuestionBank
from storage.database import BankError, open_bank
from storage.domain import Bloom, Difficulty, QuestionType, Slide
from storage.paths import data_dir, default_bank_path
from storage.recovery import atomic_write
from storage.requests import ParsedRequest, parse_request


def engine_for(name: str, server: str | None = None, deadline: float | None = None) -> Any:
    """None for the bundled model (drafts are built from the slides), else a loaded engine.

    `deadline`: seconds one request to the server may take in all (--timeout).
    """
    from models.engine import EngineError

    if server:
        from models.openai_engine import REQUEST_DEADLINE, OpenAICompatibleEngine

        if name in ("bundled", ""):
            raise CliError("With --server, say which of its models to use with --model NAME.")
        try:
            engine = OpenAICompatibleEngine(
                server,
                name,
                deadline=deadline or REQUEST_DEADLINE,
                timeout_hint=", or allow longer with --timeout SECONDS",
            )
            available = engine.test_connection()
        except EngineError as exc:
            raise CliError(str(exc)) from None
        if available and name not in available:
            raise CliError(f"{server} has no model {name!r}; it has: {', '.join(available)}.")
        return engine
    if name in ("bundled", "", "smollm2"):
        return None
    from models.gpt4all_engine import Gpt4AllEngine
    from models.model_files import local_models

    path = Path(name).expanduser()
    if not path.is_file():
        matches = [m for m in local_models() if m.path and name.lower() in m.name.lower()]
        if not matches:
            raise CliError(
                f"No local model matches {name!r}: give a GGUF file's path, or see "
                "the models folder."
            )
        path = Path(matches[0].path or "")
    try:
        return Gpt4AllEngine(path)
    except EngineError as exc:
        raise CliError(str(exc)) from None


def _keep_unsaved(drafts: list[Any], exc: BankError, bank_path: Path | str) -> str:
    """Drafts the bank refused, kept in a file `bank add` reads; what to tell the user."""
    from storage.jsonio import question_to_dict

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = data_dir() / "unsaved-drafts" / f"drafts-{stamp}.json"
    doc = [question_to_dict(d.question) for d in drafts]
    try:
        atomic_write(kept, json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError as write_exc:
        return (
            f"{exc} The {len(drafts)} draft(s) could not be stored, nor kept in "
            f"{kept} ({write_exc.strerror or write_exc})."
        )
    return (
        f"{exc} The {len(drafts)} draft(s) were not lost: they are kept in {kept}; "
        f"add them later with: quizwright bank add {kept} --bank {bank_path}"
    )


class _Keeper:
    """Stores each draft as it is delivered, so that a failure later in the run (a
    server error, a crash) loses none of those made; if the bank refuses one, it and
    the rest are kept for a file instead."""

    def __init__(self, service: QuestionBank) -> None:
        self.service = service
        self.stored: list[tuple[int, Any]] = []
        self.unsaved: list[Any] = []
        self.refused: BankError | None = None

    def keep(self, draft: Any) -> None:
        if self.refused is None:
            try:
                [qid] = self.service.add_many([draft.question])
            except BankError as exc:
                self.refused = exc
            else:
                self.stored.append((qid, draft))
                return
        self.unsaved.append(draft)


def _pages_of(slides: list[Slide], ranges: list[range], deck: int) -> list[Slide]:
    """The slides on the requested pages; ranges are clipped to the deck, and a page
    or range with no slide of the deck at all is refused."""
    have = sorted(s.page for s in slides)
    outside = [r for r in ranges if not any(p in r for p in have)]  # `in` is O(1) on a range
    if outside:
        asked = ", ".join(str(r.start) if len(r) == 1 else f"{r.start}-{r[-1]}" for r in outside)
        span = f"pages {have[0]}-{have[-1]}" if have else "no pages"
        raise CliError(f"Deck {deck} has {span}; it has no page {asked}.")
    return [s for s in slides if any(s.page in r for r in ranges)]


def draft_command(args: argparse.Namespace) -> None:
    from models.drafting import Draft, DraftingError, DraftRequest, DraftStats, run_drafting
    from models.engine import EngineError
    from storage.jsonio import question_to_dict
    from storage.slide_store import SlideLibrary

    counts = {
        QuestionType.MCQ: args.mcq,
        QuestionType.MULTI: args.multi,
        QuestionType.TRUE_FALSE: args.tf,
        QuestionType.MATCHING: args.matching,
        QuestionType.ORDERING: args.ordering,
        QuestionType.SHORT: args.short,
        QuestionType.CLOZE: args.cloze,
        QuestionType.ESSAY: args.essay,
        QuestionType.NUMERICAL: args.numerical,
    }
    if any(v < 0 for v in counts.values()):
        raise CliError("Question counts cannot be negative.")
    counts = {k: v for k, v in counts.items() if v > 0}
    # what the typed request says, where no option says otherwise
    understood = parse_request(args.query) if args.query else None
    if not counts:
        counts = dict(understood.counts) if understood and understood.counts else {}
    if not counts:
        counts = {QuestionType.MCQ: 5}
    focus = tuple(t.strip() for t in args.focus.split(",") if t.strip())
    request = DraftRequest(
        counts,
        Difficulty(args.difficulty)
        if args.difficulty
        else (understood and understood.difficulty) or Difficulty.MEDIUM,
        Bloom(args.bloom) if args.bloom else (understood.bloom if understood else None),
        focus or (understood.focus if understood else ()),
        args.seed,
        args.strategy,
    )
    with open_bank(args.bank or default_bank_path()) as bank:
        library = SlideLibrary(bank)
        # every slide of the decks drafted from: a false statement must be false on all
        reference: list[Slide] = []
        from cli.course_commands import check_course_choice

        check_course_choice(args)
        picked = list(dict.fromkeys(args.deck or ()))
        if not picked and not args.query:
            raise CliError("Say what to draft from: --deck ID (one or more) or --query TEXT.")
        if args.pages and len(picked) != 1:
            raise CliError("--pages goes with one --deck.")
        if picked and not args.query:
            # every slide of the hand-picked decks, deck by deck in the order given
            slides = reference = [s for d in picked for s in library.slides(d)]
            if args.pages:
                slides = _pages_of(slides, args.pages, picked[0])
        else:
            if args.pages:
                raise CliError("--pages goes with --deck.")
            slides = _slides_for_request(bank, args, understood)
            reference = [s for d in sorted({s.deck_id for s in slides}) for s in library.slides(d)]
        if args.timeout is not None and not 1 <= args.timeout <= 86400:
            raise CliError("--timeout is in seconds, from 1 to 86400.")
        engine = engine_for(args.model, args.server, args.timeout)
        # wrong options ranked by meaning too when `models prepare` made the embedding
        # model; without it, by wording alone (the same drafts as before)
        from models.embeddings import try_load_embedder

        embedder = try_load_embedder()[0]
        stats = DraftStats()
        service = QuestionBank(bank)
        keeper = _Keeper(service)
        notes: list[str] = []
        stopped = ""  # why the engine ended the run early
        try:
            for item in run_drafting(
                slides,
                request,
                engine,
                service,
                stats=stats,
                reference=reference,
                embedder=embedder,
            ):
                if isinstance(item, Draft):
                    keeper.keep(item)
                elif "fewer" in item.message and "than asked" in item.message:
                    notes.append(item.message)
                elif not args.json:
                    print(f"\r{item.message}", end="", file=sys.stderr, flush=True)
        except DraftingError as exc:
            raise CliError(str(exc)) from None
        except EngineError as exc:  # a server error mid-run: what was made stays stored
            stopped = str(exc).rstrip()
            if not stopped.endswith((".", "!", "?")):
                stopped += "."
            if not keeper.stored and not keeper.unsaved:
                raise CliError(f"Drafting stopped: {stopped} No draft had been made.") from None
        finally:
            if engine is not None:
                engine.close()
            if embedder is not None:
                embedder.close()
        if not args.json:
            print(file=sys.stderr)
        failure = ""
        if keeper.unsaved:
            assert keeper.refused is not None
            failure = _keep_unsaved(keeper.unsaved, keeper.refused, bank.location)
            if not keeper.stored and not stopped:
                raise CliError(failure)
        if stopped:
            made = len(keeper.stored)
            stopped = f"Drafting stopped: {stopped}" + (
                f" The {made} draft(s) made before that are stored in the bank." if made else ""
            )
        drafts = [d for _, d in keeper.stored]
        ids = [qid for qid, _ in keeper.stored]
        out = []
        for qid, d in zip(ids, drafts, strict=True):
            entry = question_to_dict(replace(d.question, id=qid))
            entry["validation"] = {
                "valid": d.valid,
                "issues": [
                    {"code": i.code, "message": i.message, "severity": i.severity} for i in d.issues
                ],
            }
            entry["grounded"] = d.grounded
            entry["near_duplicates"] = [
                {"id": m.question_id, "score": m.score} for m in d.duplicates
            ]
            out.append(entry)
        payload = {
            "request": _understood_payload(understood, request),
            "slides": [{"deck": s.deck_id, "page": s.page} for s in slides],
            "drafts": out,
            "asked": request.total,
            "delivered": len(drafts),
            "rejected": stats.rejected,
            "notes": notes,
        }
        errors = [m for m in (stopped, failure) if m]
        if errors:
            payload["error"] = " ".join(errors)
        lines = []
        if understood is not None:
            decks = len({s.deck_id for s in slides})
            lines.append(
                f"Request read as: {understood.summary()}. Drafting {request.total} "
                f"({request.difficulty.value}) from {len(slides)} slide(s) of {decks} deck(s)."
            )
            lines.append("")
        for qid, d in zip(ids, drafts, strict=True):
            lines.append(describe(replace(d.question, id=qid)))
            warn = [i.message for i in d.issues] + [
                f"similar to question {m.question_id} ({m.score:.0f}%)" for m in d.duplicates
            ]
            lines += [f"  ! {w}" for w in warn]
            lines.append("")
        lines.append(
            f"{len(drafts)} of {request.total} drafted and stored as drafts"
            + (f"; rejected: {stats.rejected}" if stats.rejected else "")
        )
        lines += notes
        emit(args, payload, "\n".join(lines))
        if errors:  # after what was made is shown: exit code 1, the reason on stderr
            raise CliError(" ".join(errors))


# slides a request drafts from, per deck searched (a course of three decks: 36)
_LIMIT = 12


def _slides_for_request(
    bank: Any, args: argparse.Namespace, understood: ParsedRequest | None
) -> list[Slide]:
    """The slides the finder picks for --query, among --course's decks if given: those it
    is about, or the central slides for a generic request ("key topics of this course")."""
    from cli.course_commands import check_course_choice, course_deck_ids
    from storage.slide_finder import SlideFinder

    check_course_choice(args)
    # a course's decks, or the hand-picked --deck set (each must exist), or all
    deck_ids = course_deck_ids(bank, args.course) if args.course else _known_decks(bank, args.deck)
    finder = SlideFinder(bank)
    limit = _LIMIT * max(1, len(deck_ids or ()))
    if understood is not None and (
        understood.generic or (deck_ids and not understood.topic_words())
    ):
        found = finder.central(args.query, deck_ids, limit=limit)
    else:
        found = finder.find(args.query, deck_ids=deck_ids, limit=limit)
    if not found.hits or found.partial:
        raise CliError(found.message + " Nothing was drafted.")
    if found.generic:
        from storage.central_slides import with_sections

        # a central slide is drafted from with the slides that develop its topic
        return with_sections(bank, [h.slide for h in found.hits])
    return [h.slide for h in found.hits]


def _known_decks(bank: Any, deck_ids: list[int] | None) -> list[int] | None:
    """The --deck ids given (None: all decks); one the bank lacks is refused in words."""
    from storage.slide_store import SlideLibrary

    if not deck_ids:
        return None
    ids = list(dict.fromkeys(deck_ids))
    library = SlideLibrary(bank)
    for deck_id in ids:
        library.deck(deck_id)  # DeckNotFoundError says which and what to do
    return ids


def _understood_payload(understood: ParsedRequest | None, request: Any) -> dict[str, Any]:
    """The request as read and as run (options given win over what it says)."""
    return {
        "text": understood.text if understood else "",
        "understood": understood.summary() if understood else "",
        "counts": {t.value: n for t, n in request.counts.items()},
        "difficulty": request.difficulty.value,
        "bloom": request.bloom.value if request.bloom else None,
        "focus": list(request.focus),
        "topic": understood.topic if understood else "",
        "generic": bool(understood and understood.generic),
        "assignment": bool(understood and understood.assignment),
        "tools": list(understood.tools) if understood else [],
    }
