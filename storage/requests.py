"""Reading a typed request: counts per type, level, focus terms, assignments, and the topic.

"5 MCQs, 3 true/false and 2 short questions on tokenization, make it hard"
→ counts {mcq: 5, truefalse: 3, short: 2}, difficulty hard, topic
"tokenization". The parser needs no model: patterns for the ways instructors
name question types, levels and focus lists; whatever it does not recognise
stays in the topic for the slide finder, so an unknown word never breaks a
request. A difficulty or Bloom word counts only where it describes the request
("a hard quiz", "make it hard", "application questions"), never inside a topic
("hard attention", "precision and recall", "applications of LLMs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storage.domain import Bloom, Difficulty, QuestionType

# Words of a request that say what to make, not what it is about.
REQUEST_WORDS = frozenset(
    """a an the and or of on in to for with about from by as at is are be it its this that
    these those their them they such e g eg i e ie etc also both all any some more most
    quiz quizzes exam exams test tests question questions mcq mcqs multiple choice choices
    true false short answer answers essay essays assignment assignments exercise exercises
    generate make create write give draft prepare build produce need want please
    hard harder easy easier medium difficult difficulty simple advanced basic level
    key main important topic topics term terms concept concepts lecture lectures slide
    slides focused focus focusing covering cover covers testing test their use usage
    importance understanding students student knowledge explore exploring coding code
    one two three four five six seven eight nine ten few several many
    и в во на по о об про для с со к из от тест тесты вопрос вопросы сложные сложный
    простые задания задание лекция лекции""".split()
)

# Words that only point back at an earlier request or the material on screen.
_POINTING = frozenset(
    """me us same previous above earlier again deck decks course courses chapter week
    whole entire everything material materials content contents ones""".split()
)

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "couple": 2, "pair": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "few": 3, "several": 4,
    "dozen": 12,
}  # fmt: skip
_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
# words that may stand between a count and its type: "5 hard MCQs", "three more short questions"
_BETWEEN = (
    r"(?:(?:hard|harder|easy|easier|medium|difficult|challenging|tricky|simple|more|new|"
    r"quick|conceptual|basic|advanced|good|different|extra|additional|of|the)[\s,]+|\x00+[\s,]*)"
)
_Q = r"(?:\s+(?:questions?|items?|problems?|statements?|ones))?"
_TYPE_PATTERNS: tuple[tuple[QuestionType, str], ...] = (
    (
        QuestionType.MULTI,
        r"multiple[\s-]*(?:answers?|responses?|select(?:ion)?)" + _Q
        + r"|multi[\s-]*(?:select|answer|response)" + _Q
        + r"|select[\s-]all[\s-]that[\s-]apply" + _Q
        + r"|questions?\s+with\s+(?:several|multiple|many)\s+(?:correct\s+|right\s+)?answers",
    ),
    (
        QuestionType.MCQ,
        r"multiple[\s-]*choices?" + _Q + r"|mcqs?\b" + _Q + r"|mc\s+questions?"
        + r"|single[\s-]*(?:choice|answer)" + _Q,
    ),
    (
        QuestionType.TRUE_FALSE,
        r"true\s*/\s*false" + _Q + r"|true[\s-]+(?:or[\s-]+)?false" + _Q
        + r"|t\s*/\s*f\b" + _Q + r"|\btf\b" + _Q + r"|yes\s*/\s*no" + _Q,
    ),
    (
        QuestionType.SHORT,
        r"short[\s-]*answers?" + _Q + r"|short(?:\s+open)?\s+(?:questions?|items?|ones)"
        + r"|open(?:[\s-]ended)?\s+questions?",
    ),
    (
        QuestionType.CLOZE,
        r"cloze" + _Q + r"|fill[\s-]+in[\s-]+(?:the[\s-]+)?blanks?" + _Q
        + r"|gap[\s-]*fill(?:ing)?" + _Q,
    ),
    (
        QuestionType.MATCHING,
        r"matching" + _Q + r"|match(?:ing)?[\s-]+(?:the[\s-]+)?pairs?" + _Q,
    ),
    (
        QuestionType.ORDERING,
        r"ordering" + _Q + r"|(?:put[\s-]+in[\s-]+order|sequencing)" + _Q,
    ),
    (
        QuestionType.ESSAY,
        r"essays?" + _Q + r"|long[\s-]*answers?" + _Q + r"|discussion\s+questions?",
    ),
    (
        QuestionType.NUMERICAL,
        r"numerical" + _Q + r"|numeric" + _Q + r"|calculations?" + _Q
        + r"|computational\s+(?:questions?|problems?)",
    ),
)  # fmt: skip
_ASSIGNMENT = (
    r"assignments?|homeworks?|(?:coding|programming|lab|practical|hands[\s-]on)\s+"
    r"(?:exercises?|tasks?|assignments?|projects?)|mini[\s-]*projects?"
)
_BARE_QUESTIONS = r"questions?|items?"
# tools an assignment is done with: kept for the assignment, not searched in the slides
_TOOLS = (
    r"python|pytorch|torch|numpy|tensorflow|keras|jax|scikit[\s-]*learn|sklearn|"
    r"hugging\s*face|transformers\s+library|java|julia|matlab|c\+\+|r"
)
_TOOL_CLAUSE = re.compile(
    r"(?:,?\s*(?:by|through|via|while|and)\s+)?(?:coding|implementing|programming|writing|"
    r"building)\s+(?:it|them|this|these|that|those|one|the\s+\w+)?\s*(?:up\s+)?"
    r"(?:in|with|using)\s+(?P<tool>" + _TOOLS + r")\b"
    r"|(?:,?\s*(?:in|with|using)\s+(?P<tool2>" + _TOOLS + r")\b)(?=\s*(?:[.,;!?]|$))",
    re.I,
)
_REQUEST_NOUNS = (
    r"quiz(?:zes)?|tests?|exams?|questions?|items?|ones|mcqs?|problems?|level|mode|"
    r"difficulty|set|version|assignments?|essays?|statements?|exercises?|multiple|true|short|"
    r"numerical|open|long"
)
_LEVELS: tuple[tuple[Difficulty, str], ...] = (
    (Difficulty.HARD, r"hard|harder|hardest|difficult|challenging|tough|tricky|demanding"),
    (Difficulty.EASY, r"easy|easier|easiest|simple|basic|beginner|introductory|elementary"),
    (Difficulty.MEDIUM, r"medium|moderate|intermediate|average|normal"),
)
_BLOOM: tuple[tuple[Bloom, str], ...] = (
    (Bloom.REMEMBER, r"remember(?:ing)?|recall|recognition|memori[sz]ation|factual"),
    (Bloom.UNDERSTAND, r"understand(?:ing)?|comprehension|conceptual|explain(?:ing)?"),
    (Bloom.APPLY, r"appl(?:y|ying|ication)"),
    (Bloom.ANALYZE, r"analy[sz](?:e|ing|is)|analytical"),
    (Bloom.EVALUATE, r"evaluat(?:e|ing|ion)|critique|judg(?:e|ing|ment)"),
    (Bloom.CREATE, r"creat(?:e|ing|ion)|synthesis|design(?:ing)?"),
)
_FOCUS = re.compile(
    r"(?:key\s+|main\s+|important\s+|core\s+)?(?:terms?|concepts?|topics?|keywords?|notions?)"
    r"\s+(?:such\s+as|like|including|incl\.?)\s*:?"
    r"|(?:key\s+terms?|focus|keywords?|focus\s+terms?)\s*:"
    r"|(?:with\s+)?(?:a\s+|an\s+)?(?:special\s+)?(?:focus(?:ing|ed)?|emphasis|emphasi[sz]ing|"
    r"concentrat(?:e|ing))\s+on"
    r"|\b(?:especially|particularly|in\s+particular|including|such\s+as)\b\s*:?",
    re.I,
)
_GENERIC = re.compile(
    r"\b(?:(?:the\s+)?(?:key|main|central|core|major|big|essential|fundamental|most\s+important|"
    r"important)\s+(?:topics?|points?|ideas?|concepts?|takeaways?|content|themes?|notions?|"
    r"messages?|terms?|material)"
    r"|(?:an?\s+)?(?:overview|summary|recap|review)"
    r"|everything|(?:the\s+)?(?:whole|entire|full)\s+(?:lecture|deck|course|chapter|material)"
    r"|(?:this|the|today'?s|that)\s+(?:lecture|deck|course|chapter|slides|class|session|week|"
    r"presentation|talk))\b",
    re.I,
)
# words around a topic that are no part of it; a level word left after the level was
# read is a topic's ("hard EM"), and "knowledge distillation" is a topic
_EDGE = (REQUEST_WORDS | _POINTING | {"implementing", "implement", "programming", "using"}) - {
    "knowledge", "hard", "harder", "easy", "easier", "medium", "difficult", "simple",
    "advanced", "basic",
}  # fmt: skip
_MARK = "\x00"  # what the parser took out of the text; separates topics


@dataclass(frozen=True)
class ParsedRequest:
    """What a typed request asks for. `counts` is empty when it names no type or count;
    `difficulty`/`bloom` are None when it names no level (the caller's default holds)."""

    text: str
    counts: dict[QuestionType, int] = field(default_factory=dict)
    difficulty: Difficulty | None = None
    bloom: Bloom | None = None
    focus: tuple[str, ...] = ()
    assignment: bool = False
    tools: tuple[str, ...] = ()  # what an assignment is done with ("PyTorch")
    topic: str = ""  # the rest, for the slide finder
    generic: bool = False  # "the key topics of this lecture": the central slides

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        """One line of what was understood, for the instructor to check."""
        parts = []
        if self.counts:
            parts.append(", ".join(f"{n} {t.label.lower()}" for t, n in self.counts.items()))
        if self.assignment:
            parts.append("an assignment" + (f" ({', '.join(self.tools)})" if self.tools else ""))
        if self.difficulty:
            parts.append(self.difficulty.value)
        if self.bloom:
            parts.append(f"Bloom: {self.bloom.value}")
        if self.focus:
            parts.append(f"focus: {', '.join(self.focus)}")
        if self.generic:
            parts.append("the central slides")
        elif self.topic_words():
            parts.append(f"about: {self.topic}")
        return "; ".join(parts) or "nothing recognised"

    def topic_words(self) -> list[str]:
        return topic_words(self.topic)


_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


def topic_words(text: str) -> list[str]:
    """The words of `text` that can name a topic (request and pointing words left out)."""
    return [
        w
        for w in _WORD.findall(text)
        if w.casefold() not in REQUEST_WORDS and w.casefold() not in _POINTING and not w.isdigit()
    ]


def _count_before(text: str, start: int) -> tuple[int | None, int]:
    """The count written just before a type ("5 hard", "three more"): (count, its start)."""
    m = re.search(
        r"(?:^|(?<=[\s,;:(]))(?P<n>" + _NUMBER + r")\s*[x×]?[\s-]+" + _BETWEEN + r"{0,3}$",
        text[max(0, start - 60) : start],
        re.I,
    )
    if not m:
        return None, start
    word = m.group("n").casefold()
    n = int(word) if word.isdigit() else _NUMBERS[word]
    return n, max(0, start - 60) + m.start()


def _count_after(text: str, end: int) -> tuple[int | None, int]:
    """A count written after the type: "MCQs: 5", "MCQ x5", "true/false (3)"."""
    m = re.match(r"\s*(?:[x×:]\s*|\(\s*)(\d{1,3})\)?", text[end:], re.I)
    if not m:
        return None, end
    return int(m.group(1)), end + m.end()


def _is_request_word(text: str, start: int, end: int) -> bool:
    """Whether a level word at text[start:end] describes the request, not a topic:
    followed by a request noun, by the end of a clause or a conjunction, or said of "it"."""
    after = text[end:]
    before = text[:start]
    if re.match(r"\s*(?:$|[.,;:!?)\n]|and\b|but\b|&|-?\s*(?:level|mode)\b)", after, re.I):
        return True
    if re.match(r"[\s-]+(?:(?:\w+[\s-]+)?(?:" + _REQUEST_NOUNS + r"))\b", after, re.I):
        # "hard questions", "hard multiple-choice questions", but not "hard attention"
        nxt = re.match(r"[\s-]+(\w+)", after)
        return nxt is not None and (
            re.fullmatch(_REQUEST_NOUNS, nxt.group(1), re.I) is not None
            or (
                re.match(r"[\s-]+\w+[\s-]+(?:" + _REQUEST_NOUNS + r")\b", after, re.I) is not None
                and nxt.group(1).casefold() in _MODIFIERS
            )
        )
    return bool(
        re.search(
            r"(?:make|keep|be|is|are|should\s+be|difficulty|level|levels?\s+of|at\s+the)"
            r"\s*(?:it|them|the\s+quiz|the\s+questions|everything)?\s*(?:very|really|quite|"
            r"fairly|rather|pretty|a\s+bit|somewhat|more|less|too)?\s*:?\s*$",
            before,
            re.I,
        )
    )


# words that may stand between a level word and its request noun ("hard conceptual questions")
_MODIFIERS = frozenset(
    "conceptual multiple short true open essay long numerical quick exam quiz test "
    "review practice".split()
)


def _level(text: str) -> tuple[Difficulty | None, list[tuple[int, int]]]:
    negated = re.search(
        r"\bnot\s+(?:too|very|overly|so)\s+(?:hard|difficult|easy|simple)\b", text, re.I
    )
    if negated:
        return Difficulty.MEDIUM, [negated.span()]
    for level, words in _LEVELS:
        for m in re.finditer(r"\b(?:" + words + r")\b(?:[\s-]+(?:level|difficulty))?", text, re.I):
            if _is_request_word(text, m.start(), m.end()) or re.search(
                r"[\s-]+(?:level|difficulty)$", m.group(0), re.I
            ):
                return level, [m.span()]
    if re.search(r"\b(?:сложн\w*|трудн\w*)\b", text, re.I):
        return Difficulty.HARD, [m.span() for m in re.finditer(r"\b(?:сложн|трудн)\w*", text, re.I)]
    if re.search(r"\bпрост\w*\b", text, re.I):
        return Difficulty.EASY, [m.span() for m in re.finditer(r"\bпрост\w*", text, re.I)]
    return None, []


def _bloom(text: str) -> tuple[Bloom | None, list[tuple[int, int]]]:
    said_bloom = re.search(r"\bbloom'?s?\b(?:\s+(?:taxonomy|level))?\s*:?", text, re.I)
    for level, words in _BLOOM:
        for m in re.finditer(r"\b(?:" + words + r")\b", text, re.I):
            after, before = text[m.end() :], text[: m.start()]
            if re.search(r"\ball\s+that\s+$", before, re.I):
                continue  # "select all that apply": a question type
            described = (
                re.match(r"[\s-]+(?:level|questions?|items?|tasks?|skills?)\b", after, re.I)
                or re.search(
                    r"(?:bloom'?s?|level|levels?\s+of|test(?:s|ing)?|assess(?:es|ing)?|"
                    r"check(?:s|ing)?|target(?:s|ing)?)\s*(?:taxonomy\s*)?(?:level\s*)?:?\s*"
                    r"(?:the\s+)?(?:students'?\s+)?$",
                    before,
                    re.I,
                )
                or (said_bloom and abs(said_bloom.end() - m.start()) < 20)
            )
            if not described:
                continue
            span_end = m.end()
            tail = re.match(r"[\s-]+level\b", after, re.I)
            if tail:
                span_end += tail.end()
            spans = [(m.start(), span_end)]
            if said_bloom:
                spans.append(said_bloom.span())
            return level, spans
    return None, []


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = _MARK
    return "".join(chars)


def _split_terms(chunk: str) -> list[str]:
    terms = []
    for part in re.split(r",|;|\band\b|\bor\b|&|\bas\s+well\s+as\b|\betc\b\.?", chunk, flags=re.I):
        words = _WORD.findall(part)
        # request words at either end are not part of a term ("the", "questions")
        while words and words[0].casefold() in REQUEST_WORDS | _POINTING:
            words.pop(0)
        while words and words[-1].casefold() in REQUEST_WORDS | _POINTING:
            words.pop()
        if words:
            start = part.find(words[0])
            end = part.rfind(words[-1]) + len(words[-1])
            terms.append(" ".join(part[start:end].split()))
    return list(dict.fromkeys(terms))


def _clean_topic(topic: str) -> str:
    """The topic's parts without the request words around them ("a quiz on LSTM gates"
    → "LSTM gates"); words inside a part stay ("soft vs hard attention"). A heading
    before a colon stays one ("CNNs: pooling, stride"): the finder reads it as the
    main topic and the rest as its aspects."""
    head, colon, rest = topic.partition(":")
    if colon and topic_words(head) and topic_words(rest):
        return f"{_clean_parts(head)}: {_clean_parts(rest)}"
    return _clean_parts(topic)


def _clean_parts(topic: str) -> str:
    parts = []
    for part in re.split(r"[,;:]+|\s-\s", topic):
        words = list(_WORD.finditer(part))
        keep = [w for w in words if w.group(0).casefold() not in _EDGE]
        if not keep or not topic_words(part):
            continue
        first, last = keep[0], keep[-1]
        parts.append(" ".join(part[first.start() : last.end()].split()))
    return ", ".join(dict.fromkeys(parts))


def parse_request(text: str) -> ParsedRequest:
    """Read a request; never fails (an unrecognised request is all topic)."""
    original = " ".join(text.split())
    work = original
    counts: dict[QuestionType, int] = {}
    named: list[QuestionType] = []
    taken: list[tuple[int, int]] = []

    # the level first: "three easy MCQs" is three MCQs, and easy
    difficulty, spans = _level(work)
    work = _blank(work, spans)
    bloom, spans = _bloom(work)
    work = _blank(work, spans)

    # question types, with their counts
    for qtype, pattern in _TYPE_PATTERNS:
        for m in re.finditer(r"(?<![\w/])(?:" + pattern + r")(?![\w/])", work, re.I):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            n, start = _count_before(work, m.start())
            end = m.end()
            if n is None:
                n, end = _count_after(work, m.end())
            elif (
                start < m.start()
                and re.match(r"an?\s", work[start : m.start()], re.I)
                and re.match(r"\s+(?:quiz|test|exam|section|set)", work[m.end() :], re.I)
            ):
                n, start = None, m.start()  # "a multiple-choice quiz": not one question
            taken.append((start, end))
            if qtype not in named:
                named.append(qtype)
            if n is not None:
                counts[qtype] = counts.get(qtype, 0) + n
    work = _blank(work, taken)

    # assignments (essays the students do), and the tools they are done with
    assignment = False
    tools: list[str] = []
    for m in re.finditer(r"(?<!\w)(?:" + _ASSIGNMENT + r")(?!\w)", work, re.I):
        assignment = True
        n, start = _count_before(work, m.start())
        counts[QuestionType.ESSAY] = counts.get(QuestionType.ESSAY, 0) + (n or 1)
        if QuestionType.ESSAY not in named:
            named.append(QuestionType.ESSAY)
        work = _blank(work, [(start, m.end())])
    if assignment or QuestionType.ESSAY in named:
        for m in _TOOL_CLAUSE.finditer(work):
            tool = m.group("tool") or m.group("tool2")
            tools.append(original[m.start("tool" if m.group("tool") else "tool2") :][: len(tool)])
            work = _blank(work, [m.span()])
    # "10 questions" with no type: a total
    total: int | None = None
    for m in re.finditer(r"(?<!\w)(?:" + _BARE_QUESTIONS + r")(?!\w)", work, re.I):
        n, start = _count_before(work, m.start())
        if n is not None and not (n == 1 and re.match(r"an?\s", work[start:], re.I)):
            total = (total or 0) + n
            work = _blank(work, [(start, m.end())])
    sized = re.search(r"(?<!\w)(\d{1,3})[\s-]+question\s+(?:quiz|test|exam)", work, re.I)
    if sized and total is None:
        total = int(sized.group(1))
        work = _blank(work, [sized.span()])

    # focus terms: the list after "key terms such as", "focus on"…, up to the clause's end
    focus: list[str] = []
    for m in _FOCUS.finditer(work):
        rest = work[m.end() :]
        stop = re.search(r"[.;!?\n" + _MARK + r"]|\b(?:make|with\s+\d)\b", rest)
        chunk = rest[: stop.start()] if stop else rest
        focus += _split_terms(original[m.end() : m.end() + len(chunk)])
        work = _blank(work, [m.span()])
    focus = list(dict.fromkeys(focus))

    # what remains is the topic (the finder drops the request words itself)
    topic = re.sub(_MARK + r"+", ", ", work)
    generic = False
    if not topic_words(topic) or _GENERIC.search(topic):
        stripped = _GENERIC.sub(", ", topic)
        if not topic_words(stripped):
            generic = bool(_GENERIC.search(topic))
            topic = ""
    topic = _clean_topic(topic)
    if focus and not topic:
        topic = ", ".join(focus)  # "key terms such as LoRA, MoE": the terms are the topic
        generic = False

    # types named without a count share the total, or get a default
    missing = [t for t in named if t not in counts]
    if missing:
        left = (total - sum(counts.values())) if total is not None else None
        if left is not None and left > 0:
            share, extra = divmod(left, len(missing))
            for i, t in enumerate(missing):
                if share + (i < extra):
                    counts[t] = share + (i < extra)
        else:
            default = 5 if len(named) == 1 else 3
            for t in missing:
                counts[t] = default
    elif (total is not None and not counts) or (
        total is not None and total > sum(counts.values()) and not named
    ):
        counts[QuestionType.MCQ] = total
    ordered = {t: counts[t] for t in named + [t for t in counts if t not in named] if counts.get(t)}
    return ParsedRequest(
        text=original,
        counts=ordered,
        difficulty=difficulty,
        bloom=bloom,
        focus=tuple(focus),
        assignment=assignment,
        tools=tuple(dict.fromkeys(tools)),
        topic=topic,
        generic=generic,
    )
