"""Is a draft's answer supported by the slides it was drafted from?

For each slide the best supporting sentence (or line) is found: the correct
answer and the stem's key words are looked up in the sentence and in what the
sentence sits under (the slide title or the header above it), with folded
plurals and accents, acronym expansion ("MoE" ~ "Mixture of Experts") and a
fuzzy partial match for short answers. A true/false statement marked false is
grounded when the slide sentence it contradicts is found and the words put in
its place name something the deck mentions elsewhere (a swapped sibling term)
or are a plain negation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz

from models.drafting.facts import (
    acronym_pairs,
)
from models.drafting.false_forms import sides_between
from models.drafting.opposites import reversal_between
from models.drafting.slide_units import (
    slide_sentences,
)
from models.drafting.words import (
    content_tokens,
    norm_key,
    norm_tokens,
)
from storage.domain import Choice, Question, QuestionType, Slide, SlideRef
from storage.question_types import cloze_gaps

__all__ = ["SUPPORT_THRESHOLD", "Grounding", "ground"]

SUPPORT_THRESHOLD = 0.6
MAX_REFS = 3

# Words of question templates, not of the subject matter.
_TEMPLATE = frozenset(
    norm_tokens(
        """which what who whom whose why how term terms concept name defined define definition
        described describe describes description following statement statements slide slides
        lecture according true false correct incorrect complete completes blank fill option
        options answer answers listed list best matches match pairing pairs pair given called
        refer refers context example examples stated state says say shown show mentioned
        presented presents describes paired kind"""
    )
)
_NEGATION_TOKENS = frozenset({"not", "never", "no", "cannot", "nt"})
_FALSE_KEY = re.compile(r"\b(?:FALSE|NOT|EXCEPT|INCORRECT)\b")
_QUOTED = re.compile(r"[\"“]([^\"”]{2,200})[\"”]")


@dataclass(frozen=True)
class Grounding:
    supported: bool
    refs: tuple[SlideRef, ...]
    score: float
    reason: str


@dataclass(frozen=True)
class _Line:
    slide: Slide
    text: str
    context: str
    tokens: frozenset[str]
    ctx_tokens: frozenset[str]
    folded: str  # the line as folded words, for phrase lookups


class _Index:
    def __init__(self, slides: Sequence[Slide]) -> None:
        self.lines: list[_Line] = []
        self.acronyms: dict[str, set[str]] = {}
        for slide in slides:
            for exp, acr in acronym_pairs(slide.text):
                self.acronyms.setdefault(norm_key(acr), set()).add(norm_key(exp))
                self.acronyms.setdefault(norm_key(exp), set()).add(norm_key(acr))
            seen: set[str] = set()
            for text, context in slide_sentences(slide):
                key = norm_key(text)
                if not key or key in seen:
                    continue
                seen.add(key)
                self.lines.append(
                    _Line(
                        slide,
                        text,
                        context,
                        frozenset(content_tokens(text)),
                        frozenset(content_tokens(context)),
                        " " + key + " ",
                    )
                )
        self.deck_text = " " + " ".join(line.folded.strip() for line in self.lines) + " "

    def phrase_elsewhere(self, phrase: str, not_in: _Line | None = None) -> bool:
        key = f" {norm_key(phrase)} "
        if key.strip() == "":
            return False
        return any(key in line.folded for line in self.lines if line is not not_in)


def _match(token: str, bag: frozenset[str]) -> bool:
    if token in bag:
        return True
    if len(token) >= 6:
        stem = token[:6]
        return any(len(t) >= 6 and t[:6] == stem for t in bag)
    return False


def _coverage(needle: Sequence[str], bag: frozenset[str]) -> float:
    if not needle:
        return 0.0
    return sum(1 for t in needle if _match(t, bag)) / len(needle)


def _answer_support(answer: str, line: _Line, index: _Index) -> float:
    """How well a line (with its context) states an answer, 0..1."""
    tokens = content_tokens(answer) or norm_tokens(answer)
    bag = line.tokens | line.ctx_tokens
    best = _coverage(tokens, bag)
    key = norm_key(answer)
    for alt in index.acronyms.get(key, ()):
        alt_tokens = alt.split()
        best = max(best, _coverage(alt_tokens, bag))
    if len(tokens) <= 4 and key:
        hay = f"{norm_key(line.context)} {line.folded}"
        ratio = fuzz.partial_ratio(key, hay) / 100
        if ratio >= 0.85:
            best = max(best, ratio)
    return best


def _stem_keys(stem: str, answers: Sequence[str]) -> list[str]:
    """The stem's own content words, without template words and without the answers'."""
    quoted = _QUOTED.findall(stem)
    source = " ".join(quoted) if quoted else stem
    answer_tokens = {t for a in answers for t in content_tokens(a)}
    keys = [t for t in content_tokens(source) if t not in _TEMPLATE and t not in answer_tokens]
    return list(dict.fromkeys(keys))


def _ref(line: _Line, prefix_context: bool) -> SlideRef:
    text = line.text
    if prefix_context and line.context and norm_key(line.context) not in line.folded:
        text = f"{line.context}: {text}"
    return SlideRef(line.slide.deck_id, line.slide.page, text)


def _best_per_slide(scored: list[tuple[float, _Line, bool]]) -> list[tuple[float, _Line, bool]]:
    best: dict[tuple[int, int], tuple[float, _Line, bool]] = {}
    for item in scored:
        key = (item[1].slide.deck_id, item[1].slide.page)
        if key not in best or item[0] > best[key][0]:
            best[key] = item
    return sorted(best.values(), key=lambda x: (-x[0], x[1].slide.page))


def _ground_answers(q: Question, index: _Index) -> Grounding:
    answers = [a for a in q.correct_answers if a.strip()]
    if not answers:
        return Grounding(False, (), 0.0, "The question has no correct answer to ground.")
    keys = _stem_keys(q.stem, answers)
    scored: list[tuple[float, _Line, bool]] = []
    for line in index.lines:
        ans = min(_answer_support(a, line, index) for a in answers)
        if keys:
            stem_cov = _coverage(keys, line.tokens | line.ctx_tokens)
            score = 0.55 * ans + 0.45 * stem_cov
        else:
            score = ans
        in_context = ans > _coverage(
            content_tokens(" ".join(answers)) or norm_tokens(" ".join(answers)), line.tokens
        )
        scored.append((score, line, in_context))
    return _result(scored, f"the answer {_quote(answers[0])}")


def _ground_multi(q: Question, index: _Index) -> Grounding:
    """Every correct option must be on a slide; the stem's category near them."""
    answers = [a for a in q.correct_answers if a.strip()]
    if not answers:
        return Grounding(False, (), 0.0, "The question has no correct answer to ground.")
    keys = _stem_keys(q.stem, answers)
    # the slide that holds the most correct options and the stem's words
    by_slide: dict[tuple[int, int], list[_Line]] = {}
    for line in index.lines:
        by_slide.setdefault((line.slide.deck_id, line.slide.page), []).append(line)
    best: tuple[float, list[_Line]] = (0.0, [])
    for lines in by_slide.values():
        found: list[_Line] = []
        total = 0.0
        for a in answers:
            s, line = max(((_answer_support(a, ln, index), ln) for ln in lines), key=lambda x: x[0])
            total += s
            if s >= 0.8:
                found.append(line)
        share = total / len(answers)
        bag = frozenset().union(*(ln.tokens | ln.ctx_tokens for ln in lines))
        stem_cov = _coverage(keys, bag) if keys else 1.0
        score = 0.7 * share + 0.3 * stem_cov
        if len(found) < len(answers):
            score = min(score, SUPPORT_THRESHOLD - 0.01)  # every correct option must be there
        if score > best[0]:
            best = (score, found or lines[:1])
    score, lines = best
    if not lines:
        return Grounding(False, (), 0.0, "No slide text to check against.")
    refs = tuple(dict.fromkeys(_ref(ln, False) for ln in lines[:MAX_REFS] if ln is not None))
    supported = score >= SUPPORT_THRESHOLD
    page = lines[0].slide.page
    reason = (
        f"The correct options are listed on page {page}."
        if supported
        else f"Not all correct options are on one slide (best: page {page}, score {score:.2f})."
    )
    return Grounding(supported, refs if supported else refs[:1], round(score, 3), reason)


def _ground_matching(q: Question, index: _Index) -> Grounding:
    """Every pair must be on a slide: the term and its description in one line (for an
    ordering question, every item)."""
    if q.type == QuestionType.ORDERING:
        pairs = [(c.text, "") for c in q.choices if c.text.strip()]
    else:
        pairs = [(c.match, c.text) for c in q.choices if c.text.strip() and c.match.strip()]
    if not pairs:
        return Grounding(False, (), 0.0, "The question has no pairs to ground.")
    lines: list[_Line] = []
    worst = 1.0
    for term, description in pairs:
        s, line = max(
            (
                (_answer_support(f"{term} {description}".strip(), ln, index), ln)
                for ln in index.lines
            ),
            key=lambda x: x[0],
        )
        worst = min(worst, s)
        lines.append(line)
    refs = tuple(dict.fromkeys(_ref(ln, False) for ln in lines[:MAX_REFS]))
    supported = worst >= SUPPORT_THRESHOLD
    reason = (
        "Every pair is on the slides."
        if supported
        else f"Not every pair is on the slides (weakest support {worst:.2f})."
    )
    return Grounding(supported, refs if supported else refs[:1], round(worst, 3), reason)


def _ground_steps(q: Question, index: _Index) -> Grounding:
    """ "Which step comes directly after “A”?": the step asked after and every option are
    steps on the slides, as an ordering item of them would be (their order is the one the
    slide states, read by sequences.slide_sequences); the key is another line than A, so
    no one line holds both."""
    steps = [*_QUOTED.findall(q.stem)[:1], *(c.text for c in q.choices)]
    return _ground_matching(
        replace(q, type=QuestionType.ORDERING, choices=tuple(Choice(s, 1.0) for s in steps)),
        index,
    )


_TF_PREFIX = re.compile(
    r"^\s*(?:true\s+or\s+false\s*[:?.-]\s*|according\s+to\s+the\s+slides,?\s*)", re.I
)


def _statement_support(statement: str, index: _Index) -> list[tuple[float, _Line, bool]]:
    tokens = content_tokens(_TF_PREFIX.sub("", statement))
    tokens = [t for t in tokens if t not in _TEMPLATE] or tokens
    out: list[tuple[float, _Line, bool]] = []
    for line in index.lines:
        bag = line.tokens | line.ctx_tokens
        recall = _coverage(tokens, bag)
        precision = _coverage(list(line.tokens), frozenset(tokens)) if line.tokens else 0.0
        own = _coverage(tokens, line.tokens)
        out.append((0.8 * recall + 0.2 * precision, line, own < recall))
    return out


def _swap_support(statement: str, index: _Index) -> tuple[float, _Line | None, str]:
    """The slide sentence a false statement contradicts, and how it was changed."""
    body = _TF_PREFIX.sub("", statement)
    tokens = [t for t in content_tokens(body) if t not in _TEMPLATE]
    if not tokens:
        return 0.0, None, ""
    best: tuple[float, _Line | None, str] = (0.0, None, "")
    for line in index.lines:
        bag = line.tokens | line.ctx_tokens
        kept = [t for t in tokens if _match(t, bag)]
        extra = [t for t in tokens if not _match(t, bag)]
        recall = len(kept) / len(tokens)
        if recall < 0.4:
            continue
        missing = [t for t in line.tokens if not _match(t, frozenset(tokens))]
        raw_extra = [t for t in norm_tokens(body) if t not in bag]
        how = ""
        score = 0.0
        reversal = reversal_between(body, line.text) or sides_between(body, line.text)
        if reversal:
            how, score = reversal, 0.6 + 0.4 * recall
        elif (extra and set(extra) <= _NEGATION_TOKENS | {"nt"}) or (
            not extra and set(raw_extra) & _NEGATION_TOKENS
        ):
            how, score = "negation", recall
        elif extra and len(extra) <= 5 and (missing or extra != tokens):
            phrase = _phrase_of(body, extra)
            if phrase and index.phrase_elsewhere(phrase, not_in=line):
                how = f"'{phrase}' put in place of a term of the sentence"
                score = 0.6 + 0.4 * recall
        if score > best[0]:
            best = (score, line, how)
    return best


def _needs_context(statement: str, line: _Line) -> bool:
    """Whether the words the statement shares with a line include ones only its header has."""
    tokens = [t for t in content_tokens(_TF_PREFIX.sub("", statement)) if t not in _TEMPLATE]
    return _coverage(tokens, line.tokens) < _coverage(tokens, line.tokens | line.ctx_tokens)


def _phrase_of(body: str, extra: Sequence[str]) -> str:
    """The contiguous run of a statement's words that holds the swapped-in tokens."""
    words = norm_tokens(body)
    idx = [i for i, w in enumerate(words) if w in set(extra)]
    if not idx:
        return ""
    return " ".join(words[min(idx) : max(idx) + 1])


def _ground_true_false(q: Question, index: _Index) -> Grounding:
    truth = [c for c in q.choices if c.correct]
    is_true = bool(truth) and truth[0].text.strip().casefold() in ("true", "yes", "верно", "wahr")
    if is_true:
        return _result(_statement_support(q.stem, index), "the statement")
    score, line, how = _swap_support(q.stem, index)
    if line is None or not how:
        scored = _statement_support(q.stem, index)
        best = max(scored, key=lambda x: x[0]) if scored else None
        if best and best[0] >= 0.9:
            return Grounding(
                False,
                (_ref(best[1], best[2]),),
                round(1 - best[0], 3),
                f"The statement is marked false but page {best[1].slide.page} states it: "
                f"{_quote(best[1].text)}.",
            )
        return Grounding(
            False, (), round(score, 3), "No slide sentence that the statement changes."
        )
    supported = score >= SUPPORT_THRESHOLD
    return Grounding(
        supported,
        (_ref(line, _needs_context(q.stem, line)),),
        round(score, 3),
        f"False by design: {how}; page {line.slide.page} says {_quote(line.text)}.",
    )


def _ground_false_key(q: Question, index: _Index) -> Grounding:
    """ "Which statement is FALSE?": the key contradicts a slide, the others are stated."""
    refs: list[SlideRef] = []
    scores: list[float] = []
    for c in q.choices:
        if c.correct:
            score, line, how = _swap_support(c.text, index)
            if line is None or not how:
                return Grounding(
                    False,
                    (),
                    0.0,
                    f"The false option {_quote(c.text)} is not a changed slide sentence.",
                )
            refs.insert(0, _ref(line, _needs_context(c.text, line)))
        else:
            scored = _statement_support(c.text, index)
            best = max(scored, key=lambda x: x[0])
            score, line = best[0], best[1]
            refs.append(_ref(line, best[2]))
        scores.append(score)
    score = min(scores) if scores else 0.0
    supported = score >= SUPPORT_THRESHOLD
    reason = (
        "The false option changes a slide sentence and the true ones are stated on the slides."
        if supported
        else f"Not every true option is stated on the slides (lowest score {score:.2f})."
    )
    return Grounding(supported, tuple(dict.fromkeys(refs))[: MAX_REFS + 1], round(score, 3), reason)


_TASK_WORDS = frozenset(
    norm_tokens(
        """assignment task report essay write writing words explain explains explanation compare
        compares comparison implement implementation code coding program python pytorch notebook
        pdf deliverables deliverable rubric points grade grader student students own example
        examples experiment experiments discuss discusses work works worked through small short
        long about using use used choose would when each idea comes citing cite cited page pages
        lecture slides slide what how why where they differ difference differences clarity
        citations correct correctly defined define term terms matches match argued listed runs
        results interpreted shows show data any one two three first second third"""
    )
)


def _filled(stem: str) -> str:
    """A cloze text with each gap's (first) right answer in place."""
    out, pos = [], 0
    for g in cloze_gaps(stem):
        out += [stem[pos : g.start], g.right[0] if g.right else ""]
        pos = g.end
    return "".join(out) + stem[pos:]


def _ground_essay(q: Question, index: _Index) -> Grounding:
    keys = [k for k in _stem_keys(q.stem + " " + q.grader_info, []) if k not in _TASK_WORDS]
    if not keys:
        return Grounding(False, (), 0.0, "The task names nothing from the slides.")
    found = [k for k in keys if any(_match(k, ln.tokens | ln.ctx_tokens) for ln in index.lines)]
    share = len(found) / len(keys)
    per_slide: dict[tuple[int, int], tuple[int, _Line]] = {}
    for ln in index.lines:
        n = sum(1 for k in keys if _match(k, ln.tokens))
        key = (ln.slide.deck_id, ln.slide.page)
        if n and (key not in per_slide or n > per_slide[key][0]):
            per_slide[key] = (n, ln)
    ranked = sorted(per_slide.values(), key=lambda x: (-x[0], x[1].slide.page))[:MAX_REFS]
    refs = tuple(_ref(ln, True) for _, ln in ranked)
    supported = share >= 0.5 and bool(refs)
    return Grounding(
        supported,
        refs,
        round(share, 3),
        f"{len(found)} of {len(keys)} key words of the task appear on the slides.",
    )


def _result(scored: list[tuple[float, _Line, bool]], what: str) -> Grounding:
    ranked = _best_per_slide(scored)
    if not ranked:
        return Grounding(False, (), 0.0, "No slide text to check against.")
    top = ranked[0][0]
    good = [r for r in ranked if r[0] >= SUPPORT_THRESHOLD and r[0] >= top - 0.1][:MAX_REFS]
    if good:
        refs = tuple(_ref(line, ctx) for _, line, ctx in good)
        first = good[0][1]
        return Grounding(
            True,
            refs,
            round(top, 3),
            f"{what[0].upper()}{what[1:]} is supported by page {first.slide.page}: "
            f"{_quote(first.text)}.",
        )
    line = ranked[0][1]
    return Grounding(
        False,
        (),
        round(top, 3),
        f"No slide sentence supports {what} (best: page {line.slide.page}, score {top:.2f}).",
    )


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


@lru_cache(maxsize=8)
def _index_for(slides: tuple[Slide, ...]) -> _Index:
    """The sentence index of a selection; drafting grounds many drafts on the same one."""
    return _Index(slides)


def ground(q: Question, slides: Sequence[Slide]) -> Grounding:
    """Whether the slides support the question's answer, and which sentences do."""
    index = _index_for(tuple(slides))
    if not index.lines:
        return Grounding(False, (), 0.0, "The selected slides have no text.")
    if q.type == QuestionType.TRUE_FALSE:
        return _ground_true_false(q, index)
    if q.type == QuestionType.MULTI:
        return _ground_multi(q, index)
    if q.type in (QuestionType.MATCHING, QuestionType.ORDERING):
        return _ground_matching(q, index)
    if q.type == QuestionType.MCQ and q.origin.settings.get("builder") == "step-after":
        return _ground_steps(q, index)
    if q.type == QuestionType.MCQ and _FALSE_KEY.search(q.stem):
        return _ground_false_key(q, index)
    if q.type in (QuestionType.ESSAY, QuestionType.DESCRIPTION):
        return _ground_essay(q, index)
    if q.type == QuestionType.CLOZE:  # the text with its right answers filled in
        return _result(_statement_support(_filled(q.stem), index), "the completed text")
    return _ground_answers(q, index)
