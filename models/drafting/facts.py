"""Facts and key terms found in cleaned slide text, without a language model.

Slides are read the way an instructor skims them: a heading, bullets whose
lines were wrapped by the PDF, "Term: definition" lines, "X is a Y that ..."
sentences, "X = Y" and "X – Y" glosses, "Long Name (ACR)" acronyms, and lists
introduced by a line ending with a colon. Page furniture (references, URLs,
course logistics), math and flattened tables are left out: a question drafted
from them would be garbage.

`extract_facts` returns what a question can be built on; `deck_vocabulary`
returns the deck's key terms and, for any term, its *siblings*: other terms of
the same kind (same head noun, same suffix family, acronyms with acronyms,
members of the same list) that make plausible wrong options.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from storage.domain import Slide

__all__ = [
    "Fact",
    "Term",
    "Unit",
    "Vocabulary",
    "acronym_matches",
    "acronym_pairs",
    "content_tokens",
    "deck_vocabulary",
    "extract_facts",
    "is_prose",
    "is_verb_form",
    "norm_key",
    "norm_tokens",
    "slide_sentences",
    "slide_units",
]

# --- words -----------------------------------------------------------------------------------

FUNCTION_WORDS = frozenset(
    """a an the and or nor but if then else than so as at by for from in into of off on onto
    out over to up upon with within without via per about above across after against along
    among around before behind below beneath beside besides between beyond during except
    inside near since through throughout toward towards under until unlike versus vs while
    whereas where when which who whom whose what why how whether that this these those there
    here it its itself they them their theirs themselves we us our ours you your yours he him
    his she her hers i me my mine one ones is are was were be been being am do does did done
    doing has have had having can could may might must shall should will would not no yes
    also only just even very too quite rather really still already yet again ever never
    always often sometimes usually e.g i.e eg ie etc via each every all any both either
    neither some such same other another many much more most few fewer less least several
    own own'""".split()
)
# Words that start or end no key term, although they are not function words.
_WEAK_WORDS = frozenset(
    """new different various various certain given based called known using used use uses
    including include includes like unlike way ways thing things lot lots kind kinds type
    types sort part parts case cases example examples e.g. first second third last next
    previous following above below simple simply good better best bad worse worst big small
    smaller larger bigger main key important well really actually basically typically
    generally usually specific special whole entire able possible usual similar general
    overall additional several whole often huge tiny easy hard relatively""".split()
)
# Finite verb forms that end a noun phrase (auxiliaries and a few frequent verbs).
_AUX = frozenset(
    """is are was were be been being am do does did has have had can could may might must
    shall should will would isn't aren't doesn't don't can't won't""".split()
)
# Verbs that slides use in definitions and statements (base forms). Used to tell a
# verb phrase ("Fit a linear range to data") or a finite clause from a noun phrase.
_VERBS = frozenset(
    """accept achieve act add adapt adjust aim align allow apply approximate assign assume
    attend avoid balance become build calculate capture cause change choose classify cluster
    combine compare compensate compress compute condense connect consist contain control
    convert correct count create decode decrease define denote depend describe detect
    determine drop emit employ enable encode encourage ensure estimate evaluate exploit
    express extend extract factorize feed fill find fine-tune fit fix focus follow force
    freeze fuse gain generalize generate get give group guarantee handle help identify
    ignore improve include incorporate increase infer initialize introduce invert keep learn
    let limit load lose maintain make map mask match maximize measure merge minimize mix
    model move multiply need normalize obtain occur offer operate optimize outperform output
    overcome overfit pass penalize perform predict preserve prevent process produce project
    propagate provide prune quantize rank reach read reason receive reduce refer reflect
    reject rely remember remove repeat replace represent require reset resolve restrict
    retrieve return reuse route run sample scale score select separate set share shift
    show shrink simplify skip smooth solve sort specialize split stabilize start store
    sum summarize support take tend train transfer transform translate treat tune turn
    understand update use utilize verify weigh weight yield""".split()
)
# Plural nouns that look like verbs ("models", "weights") and must not end a phrase.
_NOUNISH = frozenset(
    """models weights features inputs outputs layers results states tokens words networks
    uses needs points sets values units sums scores samples ranks maps masks matches
    measures changes limits groups steps trains runs updates outputs transforms modes
    tunes shifts supports returns sorts splits projects processes parts counts controls
    models' estimates produces""".split()
)
_IRREGULAR_PAST = frozenset(
    """made built chose chosen found gave given got held kept led left lost meant paid put
    ran read sent set shown shot split spent stood taken took told thought understood won
    written wrote known""".split()
)
_SUBORDINATORS = frozenset(
    """since if when while although though because unlike as whereas once unless until
    after before so thus hence therefore however also but and or then""".split()
)
_PRONOUN_START = frozenset(
    "it this that these those they there here which what who he she such its their".split()
)
_DEMONSTRATIVES = frozenset("this these those they them".split())
_PERSONAL = frozenset("i we us our ours you your yours me my let's we're you're we'll".split())

# Labels that introduce a remark, not a term being defined.
_NON_TERM_LABELS = re.compile(
    r"""^(?:note|notes|nb|n\.b|source|sources|image|images|figure|fig|table|credit|credits
    |read\ more|more|also|also\ also|see|see\ also|check|e\.?\s?g|i\.?\s?e|tl;?\s?dr|q|a
    |answer|question|questions|hint|tip|tips|trick|tricks|goal|goals|aim|idea|why|how|what
    |when|where|who|example|examples|for\ example|key\ references?|references?|link|links
    |paper|papers|code|demo|summary|outline|agenda|contents|lab|homework|exercise|task
    |warning|important|remember|recall|pros|cons|input|inputs|output|target|data|setup
    |time|date|location|place|room|deadline|email|e-mail|contact|office|name|title
    |result|results|conclusion|conclusions|motivation|problem|solution|approach|method
    |step\ ?\d*|week\ ?\d*|lecture\ ?\d*|chapter\ ?\d*|part\ ?\d*|section\ ?\d*
    |scenario\ ?\d*|case\ ?\d*|assumption\ ?\d*|option\ ?\d*|version\ ?\d*|page\ ?\d*
    |slide\ ?\d*|exercise\ ?\d*|question\ ?\d*|original\ implementation|implementation
    |native\ support.*|images?\ source|whiteboard\ time|priorities|priority|status
    |core\ idea|main\ idea|key\ idea|idea|definition|def|in\ short|overview|how\ it\ works
    |structure|focus|details|intuition|background|context|note\ that|caveat|alternative
    |alternatives|why\ it\ matters|advantage|advantages|disadvantage|disadvantages)$""",
    re.IGNORECASE | re.VERBOSE,
)
# Labels whose text describes the term named by the line above ("N-gram models" /
# "Core Idea: Predict the next word ...").
_GLOSS_LABELS = re.compile(
    r"^(?:core\s+idea|main\s+idea|key\s+idea|idea|definition|def|in\s+short|in\s+a\s+nutshell"
    r"|what\s+it\s+is|meaning|purpose|gist|overview)$",
    re.IGNORECASE,
)
# Labels that stand for the header line above them when they introduce a list
# ("Common Applications:" under "Encoder-only Transformers").
_GENERIC_LIST_LABELS = re.compile(
    r"^(?:common\s+|typical\s+|main\s+|key\s+|some\s+|popular\s+|other\s+|more\s+|known\s+)?"
    r"(?:applications?|examples?|use\s+cases?|uses|variants?|types?|kinds?|properties|features"
    r"|advantages?|disadvantages?|benefits?|drawbacks?|limitations?|components?|steps|methods"
    r"|approaches|techniques|tasks|models|challenges|differences\b.*|key\s+differences.*)$",
    re.IGNORECASE,
)
# Slides about the course rather than the subject.
_LOGISTICS_TITLE = re.compile(
    r"\bcourse\b|\bsyllab\w*|\blogistics\b|\boffice\s+hours?|\bgrading\b|\bbibliograph\w*"
    r"|\bfurther\s+(?:study|reading)|\breading\s+list|\backnowledg\w*|\bhomework\b"
    r"|\babout\s+me\b|\bwho\s+am\s+i\b|\blab\s+assignment|\bthank\s+you\b"
    r"|^\W*(?:\w+\s+)?(?:schedule|teachers|instructors?|lecturers?|teaching\s+(?:team|assistants?)"
    r"|prerequisites?|assessment|materials|references?|preparations?(?:\s+for\b.*)?|contacts?"
    r"|credits|questions\??)\W*$",
    re.IGNORECASE,
)
_LOGISTICS_WORDS = re.compile(
    r"\b(?:course|lectures?|students?|homework|deadline|submit|submission|grades?|exam"
    r"|assignment|lab|labs|week\s+\d|slides|github\s+repo|semester|tutorials?|notebooks?)\b",
    re.IGNORECASE,
)
_BIO_WORDS = re.compile(
    r"\b(?:ph\.?\s?d|formerly|previous\s+roles?|years\s+of\s+(?:industry\s+)?experience"
    r"|professor|docent|lecturer|researcher|manager|ceo|cto|head\s+of|lead\s+at|based\s+in"
    r"|consultant|scientist\s+at|engineer\s+at|university\s+of|interested\s+in)\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\bet\s+al\b|\(\s*(?:19|20)\d\d[a-z]?\s*\)|\b(?:19|20)\d\d\)|arxiv|proceedings\b"
    r"|\bpp\.\s*\d|\bvol\.\s*\d|\bdoi\b|\bISBN\b|\bconference\b|\bjournal\b|\bpreprint\b"
    r"|^(?:[A-Z][\w'’-]+,\s+(?:[A-Z]\.\s*)+(?:,|&|and)\s*)"
    r"|^[A-Z][^\W\d_'’-]+(?:[-'’][^\W\d_]+)?,\s+[A-Z][^\W\d_]*[.,]\s"
    r"|\b[A-Z][^\W\d_]+,\s+(?:[A-Z]\.\s*)+,",
    re.IGNORECASE,
)
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|io|edu|ai|ly|html?|pdf)(?:/\S*)?\b",
    re.IGNORECASE,
)
_MATH_CHARS = set("=∑∏∈∉≈≃≅∝←→↦⇒⇔∀∃∂∇√∞ℝℕℤ⊂⊆∪∩⊙⊗⊕×÷±∓≤≥≪≫≠|{}^_~θφψµμλγσαβδεηκτωΣΠΩΔΓΛ⟨⟩∥⌊⌋⌈⌉ˆ˜¯")
BULLETS = "•●○◦▪▫■□▶►▸▹‣➢➤➔✦✧◆◇✓✔➜→⇒"
_BULLET = re.compile(
    rf"^(?:([{BULLETS}*+\-–—])\s*|(\(?\d{{1,2}}[.)]|\(?[a-z][.)]|\(?[ivx]{{1,4}}[.)])\s+)"
)
_BULLET_LEVEL = {"○": 2, "◦": 2, "–": 2, "-": 2, "■": 3, "▪": 3, "▫": 3, "□": 3, "▸": 2, "▹": 2}
_CONNECTOR_END = frozenset(
    """a an the and or nor but of to in on at for with by from as into onto than that which
    who whose whom where when while is are was were be been being can could may might must
    should will would its their our your his her this these those such via per between
    over under about using including e.g. i.e. like both either neither not because
    whether although though unless""".split()
)
_ABBREV_END = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|al|cf|fig|eq|approx|resp|no)\.|\b[A-Z]\.)$")
_WORD_RE = re.compile(r"[^\W_][\w'’+.-]*[^\W_]|[^\W_]", re.UNICODE)
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _singular(token: str) -> str:
    if len(token) <= 3 or not token.isalpha():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is", "ys", "as", "os")):
        return token[:-1]
    return token


def norm_tokens(text: str) -> list[str]:
    """Words folded for matching: lower case, no accents, hyphens split, plurals singular."""
    return [_singular(t) for t in _TOKEN_RE.findall(_fold(text.replace("’", "'")))]


def norm_key(text: str) -> str:
    return " ".join(norm_tokens(text))


def content_tokens(text: str) -> list[str]:
    """The folded words of a text that carry meaning (no function words, no numbers alone)."""
    return [
        t for t in norm_tokens(text) if t not in FUNCTION_WORDS and not t.isdigit() and len(t) > 1
    ]


@cache
def _word_costs() -> dict[str, float]:
    import wordninja  # word frequencies, already a dependency of slide cleaning

    costs: dict[str, float] = wordninja.DEFAULT_LANGUAGE_MODEL._wordcost
    return costs


def word_rank(word: str) -> float:
    """Frequency rank of an English word (0 = most frequent); inf when unknown."""
    costs = _word_costs()
    cost = costs.get(_fold(word))
    if cost is None:
        return math.inf
    return math.exp(cost) / math.log(len(costs)) - 1


def _is_verb_form(word: str, base_only: bool = False) -> bool:
    w = _fold(word)
    if base_only:
        return w in _VERBS
    if w in _AUX or w in _IRREGULAR_PAST:
        return True
    if w in _NOUNISH:
        return False
    if w.endswith("ies") and w[:-3] + "y" in _VERBS:
        return True
    if w.endswith("es") and (w[:-2] in _VERBS or w[:-1] in _VERBS):
        return True
    if w.endswith("s") and w[:-1] in _VERBS:
        return True
    if w.endswith("ed") and (w[:-2] in _VERBS or w[:-1] in _VERBS or w[:-3] in _VERBS):
        return True
    return w.endswith("ied") and w[:-3] + "y" in _VERBS


def is_verb_form(word: str, base_only: bool = False) -> bool:
    """Whether a word is a verb form the slides use ("uses", "fit"); a small lexicon, no tagger."""
    return _is_verb_form(word, base_only)


def has_finite_verb(text: str) -> bool:
    words = _WORD_RE.findall(text)
    return any(_is_verb_form(w) and not w[:1].isupper() for w in words[1:]) or (
        bool(words) and _fold(words[0]) in _AUX
    )


def _math_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 1.0
    return sum(1 for c in chars if c in _MATH_CHARS) / len(chars)


def is_prose(text: str, min_words: int = 3) -> bool:
    """Readable words, not a formula, a table row, code or a link list."""
    if not text or _URL.search(text) or any(c in "@<>" for c in text):
        return False
    if any(c in _MATH_CHARS for c in text.replace("~", "")):
        return False
    if re.search(r"\b\w+\s*\(\s*\w?\s*[,|)]|[\w\]]\[|;\s*$|\w\.\w+\(|\bdef\b|\bself\.", text):
        return False  # f(x, y), x[1], code
    words = _WORD_RE.findall(text)
    if len(words) < min_words:
        return False
    alpha = [w for w in words if re.fullmatch(r"[^\W\d_][\w'’-]*", w)]
    if len(alpha) < 0.75 * len(words):
        return False
    singles = [w for w in words if len(w) == 1 and w.isalpha() and w not in ("a", "A", "I")]
    if len(singles) > (1 if len(words) >= 10 else 0):
        return False  # variables: "the length of x", "label y" (one "n previous words" is fine)
    odd = [w for w in alpha if _codeish(w) or (not _plain_case(w) and not _acronymish(w))]
    if len(odd) > 1:
        return False  # "ACTl", "Whxxhti": scrambled math
    unknown = [
        w
        for w in alpha
        if w.islower()
        and len(w) > 3
        and word_rank(w.strip("'’")) == math.inf
        and not _known_by_parts(w)
    ]
    return len(unknown) <= max(1, len(alpha) // 5)


def _known_by_parts(word: str) -> bool:
    parts = [p for p in re.split(r"[-'’]", _fold(word)) if p]
    if len(parts) > 1:
        return all(word_rank(p) < math.inf or len(p) <= 2 for p in parts)
    w = parts[0] if parts else ""
    for suffix in ("s", "es", "ed", "ing", "ly", "er", "ers", "ation", "ations", "ization"):
        if w.endswith(suffix) and word_rank(w[: -len(suffix)]) < 80_000:
            return True
    return False


def _codeish(word: str) -> bool:
    """ "S0wvr", "h2w", "x_t": letters and digits mixed like an identifier."""
    return bool(re.search(r"[^\W\d_]\d+[^\W\d_]{2,}|\d[^\W\d_]+\d|_", word)) and not (
        re.fullmatch(r"[A-Za-z]+2[A-Za-z]+", word)  # word2vec, seq2seq
    )


def _plain_case(word: str) -> bool:
    core = word.strip("'’-")
    return core.islower() or core.isupper() or core.istitle() or not core.isalpha()


def _acronymish(word: str) -> bool:
    """LSTM, MoE, GPT-4, NF4, LLaMA, SpQR, word2vec-like tokens with two capitals."""
    core = word.strip("'’")
    if core.lower().endswith("s") and len(core) > 2 and core[:-1].isupper():
        core = core[:-1]
    letters = [c for c in core if c.isalpha()]
    caps = sum(1 for c in letters if c.isupper())
    return 2 <= len(core) <= 12 and caps >= 2 and caps >= len(letters) / 2.5 and core[0].isalnum()


# --- units: the lines of a slide as an instructor reads them ---------------------------------


@dataclass(frozen=True)
class Unit:
    """One logical line of a slide: a heading, a bullet, or a wrapped sentence joined up."""

    text: str
    bullet: str = ""  # the marker it had ("" for none)
    level: int = 0  # 0 plain text, 1 top bullet, 2 sub-bullet, ...
    label: str = ""  # the nearest header/label line above it ("Self-Attention Mechanism")
    heading: bool = False  # the slide's title
    index: int = 0


def _bullet_split(line: str) -> tuple[str, str, int]:
    m = _BULLET.match(line)
    if not m:
        return "", line, 0
    marker = (m.group(1) or m.group(2) or "").strip()
    rest = line[m.end() :].strip()
    if not rest:
        return marker, "", 0
    if marker in "-–—" and not rest[:1].isalpha() and rest[:1] not in "\"'“(":
        return "", line, 0  # "-min(w)", "– 3.5": not a bullet
    level = _BULLET_LEVEL.get(marker, 1)
    if re.fullmatch(r"\(?[a-z][.)]", marker) or re.fullmatch(r"\(?[ivx]{1,4}[.)]", marker):
        level = 2
    return marker, rest, level


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] in ".!?:;" and not _ABBREV_END.search(t)


def _ends_open(text: str) -> bool:
    """A line that cannot end a thought: it ends with a comma, a hyphen or a function word."""
    t = text.rstrip()
    if not t:
        return False
    if t[-1] in ",(-–—&/" or t.endswith(("e.g.", "i.e.")):
        return True
    words = _WORD_RE.findall(t)
    return bool(words) and _fold(words[-1]) in _CONNECTOR_END and t[-1].isalnum()


def _short_lines_share(lines: Sequence[str]) -> float:
    if not lines:
        return 0.0
    return sum(1 for line in lines if len(line.split()) <= 3) / len(lines)


def _is_title_line(line: str) -> bool:
    words = _WORD_RE.findall(line)
    return (
        1 <= len(words) <= 12 and not _ends_sentence(line.rstrip(":?")) and not _BULLET.match(line)
    )


def _is_label_line(text: str, bullet: str) -> bool:
    """A short header inside a slide: "N-gram models", "Self-Attention Mechanism:"."""
    words = _WORD_RE.findall(text)
    if not 1 <= len(words) <= 7 or bullet in ("○", "◦", "■", "▪"):
        return False
    if any(c in _MATH_CHARS for c in text) or not re.search(r"[^\W\d_]{3,}", text):
        return False
    if ":" in text.rstrip(":") or _URL.search(text):
        return False
    if any(len(w) == 1 and w.isalpha() and w not in ("a", "A", "I") for w in words):
        return False
    if text.endswith(":"):
        return True
    if text.endswith((".", "!", "?", ",", ";")) or has_finite_verb(text):
        return False
    caps = sum(1 for w in words if w[0].isupper() or _acronymish(w))
    return caps >= max(1, math.ceil(len(words) * 0.5)) and not bullet


def slide_units(slide: Slide) -> tuple[str, list[Unit]]:
    """The slide's title and its logical lines, wrapped lines joined, bullets stripped."""
    raw = [_unmark(line) for line in slide.text.splitlines()]
    lines = [line for line in raw if line]
    if not lines:
        return "", []
    title = ""
    if _is_title_line(lines[0]) and not _URL.search(lines[0]):
        title = lines[0].rstrip(":").strip()
        lines = lines[1:]
        # a title wrapped onto a second line: "Solutions to the vanishing/exploding" +
        # "gradient problems"
        if (
            lines
            and re.match(r"[a-z]", lines[0])
            and 2 <= len(lines[0].split()) <= 4
            and len(title.split()) >= 4
            and not _BULLET.match(lines[0])
            and not _ends_sentence(lines[0])
            and not any(c in _MATH_CHARS for c in lines[0])
            and (len(lines) == 1 or not re.match(r"[a-z]", lines[1]))
        ):
            title = f"{title} {lines[0]}"
            lines = lines[1:]
    plain = [line for line in lines if not _BULLET.match(line)]
    fragmented = _short_lines_share(plain) >= 0.6 and len(plain) >= 5
    merged: list[list[str | int]] = []  # [text, bullet, level]
    for line in lines:
        bullet, text, level = _bullet_split(line)
        if not text:
            continue
        if merged and not bullet:
            prev, prev_bullet = str(merged[-1][0]), str(merged[-1][1])
            words = _WORD_RE.findall(text)
            starts_lower = bool(re.match(r"[a-z(]", text)) and not _acronymish(
                words[0] if words else ""
            )
            label_start = bool(re.match(r"^[^\s:]{1,20}(?:\s[^\s:]{1,20}){0,3}:\s", text))
            long_prev = not fragmented or len(prev.split()) >= 4
            join = False
            if _REFERENCE.search(text) and not _REFERENCE.search(prev):
                pass  # a citation under a bullet stays apart
            elif any(c in _MATH_CHARS for c in text) and not any(c in _MATH_CHARS for c in prev):
                pass  # a formula under a sentence is not its continuation
            elif _ends_open(prev):
                join = not _ends_sentence(prev)
            elif (
                long_prev
                and (not _ends_sentence(prev) or prev.rstrip().endswith(":"))
                and starts_lower
                and not label_start
                and (len(words) >= 2 or text.rstrip().endswith((".", "!")))
            ):
                join = True  # a sentence wrapped by the slide's width
            elif (
                prev_bullet
                and not fragmented
                and not _ends_sentence(prev)
                and len(prev.split()) >= 5
                and not _is_label_line(text, "")
            ):
                join = True  # a bullet wrapped onto a line that starts with a capital
            if join and len(prev) + len(text) < 600:
                merged[-1][0] = _join(prev, text)
                continue
        merged.append([text, bullet, level])
    units: list[Unit] = []
    label = ""
    label_level = 99
    for i, row in enumerate(merged):
        bullet, level = str(row[1]), int(row[2])
        text = re.sub(r"\s+", " ", str(row[0])).strip()
        if _is_label_line(text, bullet):
            units.append(Unit(text=text, bullet=bullet, level=level, label=label, index=i))
            label = text.rstrip(":").strip()
            label_level = level
            continue
        if level <= label_level and level == 0 and bullet == "" and len(text.split()) > 7:
            pass  # a plain sentence keeps the label: slides rarely close a section
        units.append(Unit(text=text, bullet=bullet, level=level, label=label, index=i))
    if title:
        units.insert(0, Unit(text=title, heading=True, index=-1))
    return title, units


_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def _unmark(line: str) -> str:
    """A line without Markdown marks: headings, emphasis, code ticks; a table row as "a: b"."""
    line = line.strip()
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])", r"\1", line)
    line = line.replace("`", "")
    if _TABLE_RULE.match(line):
        return ""
    if line.startswith("|") and line.endswith("|") and line.count("|") == 3:
        left, right = (c.strip() for c in line.strip("|").split("|"))
        return f"{left}: {right}" if left and right else ""
    return line


def _join(prev: str, text: str) -> str:
    if prev.endswith("-") and re.match(r"[a-z]", text) and re.search(r"[A-Za-z]{2}-$", prev):
        return prev + text  # "feed-" + "forward" keeps the hyphen of a compound
    return prev + " " + text


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def split_sentences(text: str) -> list[str]:
    parts: list[str] = []
    buf = ""
    for piece in _SENTENCE_SPLIT.split(text):
        buf = f"{buf} {piece}".strip() if buf else piece
        if _ABBREV_END.search(buf):
            continue
        parts.append(buf)
        buf = ""
    if buf:
        parts.append(buf)
    return [p.strip() for p in parts if p.strip()]


def slide_sentences(slide: Slide) -> list[tuple[str, str]]:
    """Every sentence or line of a slide with its context (title / label), for grounding."""
    title, units = slide_units(slide)
    out: list[tuple[str, str]] = []
    for unit in units:
        context = unit.label or title
        if unit.heading:
            out.append((unit.text, ""))
            continue
        for sentence in split_sentences(unit.text):
            out.append((sentence, context))
    return out


# --- facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """Something a slide states that a question can be built on."""

    kind: str  # "definition" | "statement" | "list"
    term: str  # the key term as written on the slide
    text: str  # the sentence or line as on the slide
    definition: str  # what is said about the term (list: the members, "; "-joined)
    slide: Slide
    topic: str = ""  # the slide's title, or the header the line sits under
    items: tuple[str, ...] = ()  # list members (kind == "list")
    form: str = ""  # how it was found: colon, copula, equals, dash, label, heading, ...

    @property
    def page(self) -> int:
        return self.slide.page

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, norm_key(self.term), norm_key(self.definition))


_COPULA = re.compile(
    r"^(?P<term>.{2,60}?)\s+(?P<verb>is\s+defined\s+as|are\s+defined\s+as|is\s+called"
    r"|refers\s+to|refer\s+to|means|denotes|stands\s+for|is|are)\s+"
    r"(?P<def>(?:a|an|the|one\s+of\s+the)\s.*)$"
)
_EQUALS = re.compile(r"^(?P<term>[^=]{2,50}?)\s*(?:=|:=|≡)\s*(?P<def>[^=]+)$")
_DASH = re.compile(r"^(?P<term>[^–—]{2,60}?)\s+(?:–|—|--|-)\s+(?P<def>.+)$")
_COLON = re.compile(r"^(?P<term>[^:]{2,70}?)\s*:\s+(?P<def>.+)$")
_PAREN = re.compile(r"\s*\([^()]*\)")
_ACRONYM_PAREN = re.compile(
    r"(?P<before>(?:[^\W\d_][\w'’-]*\s+){0,7}[^\W\d_][\w'’-]*)\s*\((?P<inner>[^()]{2,80})\)"
)


def _clean_term(term: str) -> str:
    term = _PAREN.sub("", term).strip(" \"'“”‘’*:;,.")
    term = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.IGNORECASE)
    term = re.sub(r"\s+", " ", term).strip()
    words = term.split()
    while len(words) > 1 and _fold(words[0]) in _WEAK_WORDS:
        words = words[1:]  # "simple learning rule" → "learning rule"
    return " ".join(words)


def _term_ok(term: str, strict: bool = True, structural: bool = False) -> bool:
    """Whether a phrase can be a key term: a noun phrase or name, not a remark or a clause."""
    if not term or _NON_TERM_LABELS.match(term) or _URL.search(term):
        return False
    words = _WORD_RE.findall(term)
    if not 1 <= len(words) <= 6 or len(term) > 60:
        return False
    if any(c in _MATH_CHARS or c in '()[]{}/\\<>@#$%;:?!,"“”' for c in term):
        return False
    if sum(1 for w in words if _codeish(w) or not (_plain_case(w) or _acronymish(w))) > (
        0 if len(words) > 1 else 1
    ):
        return False  # "Wfx Wfh bf": symbols, not words
    if re.search(r"\w\.\w", term.replace("e.g.", "")) and not _acronymish(term):
        return False
    first = _fold(words[0])
    if first in FUNCTION_WORDS or first in _PERSONAL or first in _SUBORDINATORS:
        return False
    if first.isdigit() or re.match(r"\d", words[0]) or _fold(words[-1]) in FUNCTION_WORDS:
        return False
    if first in ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"):
        return False
    if len(words) > 1 and any(_fold(w) in _AUX for w in words):
        return False
    if len(words) > 1 and _is_verb_form(words[0]) and not _acronymish(words[0]):
        return False  # "Captures long-range dependencies": a claim, not a name
    if (
        len(words) >= 3
        and first.endswith("ing")
        and (first[:-3] in _VERBS or first[:-3] + "e" in _VERBS)
        and _fold(words[1]) not in FUNCTION_WORDS
    ):
        return False  # "Estimating Naïve Bayes", "Learning logistic regression": a heading
    if structural and len(words) > 4:
        return False
    if sum(1 for w in words if len(w) == 1) > 0 and not _acronymish(term):
        return False
    if len(words) == 1:
        return single_word_term(words[0], structural=structural or not strict)
    if _fold(words[-1]) in _GENERIC_HEADS:
        return False  # "High-dimensional case", "Sequential nature": a label, not a name
    if strict and all(_fold(w) in _WEAK_WORDS or _fold(w) in FUNCTION_WORDS for w in words):
        return False
    return not (strict and _is_verb_form(words[0], base_only=True) and len(words) > 2)


_NOUN_SUFFIXES = (
    "ization", "isation", "ation", "ition", "tion", "sion", "ing", "ity", "ment", "ness", "ism",
    "ance", "ence", "ron", "izer", "iser", "ifier", "coder", "former", "ics", "ogy", "sis",
    "ings", "izers", "ifiers", "coders", "formers",
)  # fmt: skip


# Head nouns that make a phrase a situation or a property, not the name of a concept.
_GENERIC_HEADS = frozenset(
    """case cases nature setting settings version versions part parts side sides way ways
    regime scenario scenarios aspect aspects stuff thing things matter idea ideas view
    perspective story picture overview summary example examples""".split()
)
# Everyday nouns that label a bullet ("Storage: …", "Speed: …") but name no concept.
_GENERIC_NOUNS = frozenset(
    """storage speed size cost costs time memory quality performance sketch nature overview
    idea ideas approach method methods technique problem problems solution solutions
    example result results goal goals motivation intuition summary conclusion background
    setup setting settings usage use application applications advantage advantages
    disadvantage disadvantages benefit benefits drawback drawbacks limitation limitations
    challenge challenges issue issues question questions answer answers option options
    variant variants version versions detail details step steps stage stages phase
    input inputs output outputs training inference evaluation data information""".split()
)
_ADJECTIVE_SUFFIXES = (
    "ive", "ed", "ous", "ful", "less", "able", "ible", "ial", "ual", "ic", "ary", "al",
)  # fmt: skip


def single_word_term(word: str, structural: bool = False, count: int = 1) -> bool:
    """Whether one word can be a key term by itself.

    Acronyms and CamelCase names always can (LSTM, GPT-4, SmoothQuant). Other words must be
    technical: a derived noun (quantization, perceptron, smoothing) rare in general English,
    or a word the slides give a definition or a list place to (`structural`).
    """
    w = word.strip("'’")
    if _acronymish(w) or (w[:1].isupper() and not w.isupper() and w[1:] != w[1:].lower()):
        return len(w) >= 2 and not (w.isupper() and word_rank(w) < 3000 and not structural)
    if len(w) < 4 or not re.fullmatch(r"[^\W\d_][\w'’-]*", w):
        return False
    folded = _fold(w)
    if folded in _VERBS or folded in _WEAK_WORDS or folded in FUNCTION_WORDS:
        return False
    if folded in _GENERIC_NOUNS or (
        folded.endswith(_ADJECTIVE_SUFFIXES) and not folded.endswith(_NOUN_SUFFIXES)
    ):
        return False  # "Storage", "Naïve", "Factorized": a bullet's label, not a term
    rank = word_rank(w)
    if "-" in w:
        return structural or count >= 2
    if structural:
        return rank > 2500 or (folded.endswith(_NOUN_SUFFIXES) and rank > 1500)
    if rank == math.inf:
        return count >= 2 and (w.islower() or w.istitle()) and not folded.endswith(("ly", "ed"))
    if folded.endswith("ing") and (folded[:-3] in _VERBS or folded[:-3] + "e" in _VERBS):
        return False  # "minimizing": a verb unless a heading or a definition says otherwise
    return folded.endswith(_NOUN_SUFFIXES) and rank > 2500 and count >= 2


def _definition_ok(definition: str, term: str) -> bool:
    d = definition.strip()
    words = _WORD_RE.findall(d)
    term_words = set(content_tokens(_PAREN.sub("", term)))
    if term_words and term_words <= set(content_tokens(d)):
        return False  # "Sampling: ... regular sampling" names its own term
    if len(words) < 3 or len(words) > 45:
        return False
    if not is_prose(_strip_parens_urls(d), min_words=3):
        return False
    if d.endswith(("?", ":")) or _ends_open(d):
        return False
    first = _fold(words[0])
    if first in _PRONOUN_START and first not in ("such",):
        return False
    if first in _PERSONAL or any(_fold(w) in _PERSONAL for w in words):
        return False
    if re.search(r"\bthe\s+same\b|\bsame\s+as\b|\babove\b|\bbelow\b|\bprevious\s+slide", d, re.I):
        return False
    if re.match(r"(?:e\.\s?g\.?|i\.\s?e\.?|for\s+example|for\s+instance|such\s+as)\b", d, re.I):
        return False  # an example, not a definition
    if _COLON.match(d) and _term_ok(_clean_term(_COLON.match(d).group("term"))):  # type: ignore[union-attr]
        return False  # "Step 1: ...", a second label
    if d.count("/") >= 2 and len(words) <= 8:
        return False  # "quantize / prune / factorize": a list, not a gloss
    return not _REFERENCE.search(d)


def _strip_parens_urls(text: str) -> str:
    text = _URL.sub("", text)
    text = re.sub(r"\s*\((?:e\.g\.?|i\.e\.?|see|cf\.?)[^()]*\)", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def _tidy(text: str) -> str:
    """A line ready to quote: links gone, spaces normal, a dangling '!' or ':' dropped."""
    text = _URL.sub("", text)
    text = re.sub(r"^(?:TL;\s?DR|NB|N\.B\.)\s*:?\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(
        r"\(\s*\)|\s*\((?:left|right|top|bottom|above|below|see\s+(?:figure|image|left|right))\)",
        "",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ,;")


def _statement_ok(sentence: str) -> bool:
    s = sentence.strip()
    if s.endswith(":") and not _ends_open(s[:-1]):
        s = s[:-1] + "."  # "X approximates the gradient by its value on one instance:" + formula
    words = _WORD_RE.findall(s)
    if not 6 <= len(words) <= 45:
        return False
    if not s[:1].isupper() and not _acronymish(words[0]):
        return False
    if s.endswith(("?", ":", ",")) or _ends_open(s) or "..." in s or "…" in s:
        return False
    if not is_prose(_strip_parens_urls(s), min_words=6) or _REFERENCE.search(s):
        return False
    if s.count("(") != s.count(")") or s.count("[") != s.count("]"):
        return False
    folded = [_fold(w) for w in words]
    openers = ("the", "a", "an", "each", "every", "many", "most", "some", "all", "both", "no")
    if folded[0] in _AUX or folded[0].endswith("n't"):
        return False  # "Doesn't work for LLM": no subject
    if folded[0].endswith("ly") and len(folded) > 1 and _is_verb_form(words[1]):
        return False  # "Originally designed to be ...": no subject
    if folded[0] in FUNCTION_WORDS and folded[0] not in openers:
        return False  # "Still popular ...", "How do ..."
    if folded[0] in _PRONOUN_START or folded[0] in _SUBORDINATORS or folded[0] in _VERBS:
        return False  # "It ...", "Since ...", or an instruction ("Estimate the parameters ...")
    if any(w in _PERSONAL or w in _DEMONSTRATIVES or w == "it" for w in folded):
        return False  # "… but it is expected to be …": says nothing without its context
    if re.match(r"^[^\W\d_]+ly\s+[^\W\d_]+\s*,", s):
        return False  # "Conceptually simple, the hard part is …": a remark, not a fact
    if _LOGISTICS_WORDS.search(s):
        return False
    return has_finite_verb(s)


def _sentence_case(text: str) -> str:
    text = text.strip()
    if text and text[0].islower() and not _acronymish(_WORD_RE.findall(text)[0]):
        text = text[0].upper() + text[1:]
    return text


def _finish(text: str) -> str:
    text = _tidy(text).rstrip("!").strip()
    if text and text[-1] not in ".?":
        text += "."
    return _sentence_case(text)


def _slide_is_logistics(title: str, units: Sequence[Unit]) -> bool:
    if title and (_LOGISTICS_TITLE.search(title) or _looks_like_name(title)):
        return True
    body = " ".join(u.text for u in units if not u.heading)
    if len(_BIO_WORDS.findall(body)) >= 3:
        return True  # a speaker's biography
    letters = [c for c in body if c.isalpha()]
    if letters and sum(1 for c in letters if c.isascii()) < 0.6 * len(letters):
        return True  # not Latin script: English templates would make mixed-language drafts
    return len(_LOGISTICS_WORDS.findall(body)) >= 4


def _looks_like_gloss(text: str, loose: bool = False, lower_ok: bool = False) -> bool:
    """A verb phrase ("Fit a linear range to data") or a noun phrase ("A type of ...").

    `loose` also takes "Employs multiple attention heads ..." and "The heart of the
    Transformer, enabling ..." (a noun phrase with no verb of its own before the comma).
    """
    words = _WORD_RE.findall(text)
    if lower_ok:
        while len(words) > 1 and _fold(words[0]).endswith("ly") and words[0].islower():
            words = words[1:]  # "simply limits ..."
        if words and words[0].islower():
            words = [words[0].capitalize(), *words[1:]]
    if not words or not words[0][:1].isupper():
        return False
    first = _fold(words[0])
    if first in ("a", "an"):
        return True
    if _is_verb_form(words[0], base_only=True):
        return len(words) < 2 or _fold(words[1]) not in _AUX
    if not loose:
        return False
    if (
        first.endswith("s")
        and first not in _AUX
        and (
            _is_verb_form(words[0]) or (lower_ok and (first[:-1] in _VERBS or first[:-2] in _VERBS))
        )
    ):
        return True  # "Employs ...", "Captures ..."
    if first == "the":
        clause = re.split(r"[,;:(]", text, maxsplit=1)[0]
        return not has_finite_verb(clause)
    return False


def _main_clause_verb(text: str) -> bool:
    """Whether a gloss has a finite verb of its own before any "that/which/who"."""
    words = _WORD_RE.findall(text)[1:]
    for w in words:
        if _fold(w) in ("that", "which", "who", "where", "whose", "when", "if"):
            return False
        if _is_verb_form(w) and w.islower() and _fold(w) not in _AUX:
            return True
    return False


def acronym_pairs(text: str) -> list[tuple[str, str]]:
    """(expansion, acronym) pairs written "Long Name (ACR)" or "ACR (Long Name)"."""
    pairs: list[tuple[str, str]] = []
    for m in _ACRONYM_PAREN.finditer(text):
        inner = m.group("inner").strip()
        before_words = m.group("before").split()
        inner_words = inner.split()
        if len(inner_words) == 1 and _acronymish(inner_words[0]):
            acr = inner_words[0].rstrip(",;")
            for k in range(min(len(before_words), 7), 1, -1):
                phrase = " ".join(before_words[-k:])
                if acronym_matches(acr, phrase):
                    pairs.append((_clean_term(phrase), acr))
                    break
        elif before_words and _acronymish(before_words[-1]) and 2 <= len(inner_words) <= 7:
            acr = before_words[-1]
            if acronym_matches(acr, inner):
                pairs.append((_clean_term(inner), acr))
    return pairs


def acronym_matches(acronym: str, phrase: str) -> bool:
    """Whether an acronym abbreviates a phrase: "MoE" ~ "Mixture of Experts",
    "TBPTT" ~ "Truncated backpropagation through time", "LLaMA" ~ "Large Language Model Meta AI".
    """
    acr = [c for c in _fold(acronym) if c.isalnum()]
    if acr and acr[-1] == "s" and acronym[-1:] == "s" and acronym[:-1].isupper():
        acr = acr[:-1]
    words = [w for w in re.split(r"[\s\-–/]+", _fold(phrase)) if w]
    words = [re.sub(r"[^\w]", "", w) for w in words]
    words = [w for w in words if w]
    if len(acr) < 2 or len(words) < 2 or len(words) > len(acr) + 3:
        return False
    if acr[0] != words[0][0]:
        return False

    @cache
    def match(i: int, j: int, skips: int) -> bool:
        if i == len(acr):
            return all(words[k] in FUNCTION_WORDS for k in range(j, len(words)))
        if j == len(words):
            return False
        word = words[j]
        # the word may give its initial and then later letters
        if word[0] == acr[i]:
            pos, k = 1, i + 1
            if match(k, j + 1, skips):
                return True
            while k < len(acr):
                found = word.find(acr[k], pos)
                if found < 0:
                    break
                pos, k = found + 1, k + 1
                if match(k, j + 1, skips):
                    return True
        if word in FUNCTION_WORDS:
            return match(i, j + 1, skips)
        return skips > 0 and match(i, j + 1, skips - 1)

    return match(0, 0, 1)


def _facts_from_slide(slide: Slide) -> list[Fact]:
    title, units = slide_units(slide)
    if _slide_is_logistics(title, units):
        return []
    facts: list[Fact] = []
    topic = _topic(title)
    body = [u for u in units if not u.heading]
    used: set[int] = set()

    def add(kind: str, term: str, text: str, definition: str, form: str, ctx: str = "") -> bool:
        term = _clean_term(term)
        definition = _tidy(definition)
        if kind == "definition" and not _definition_ok(definition, term):
            first = split_sentences(definition)[0] if definition else ""
            if first != definition and _definition_ok(first, term):
                text = text.replace(definition, first) if definition in text else text
                definition = first  # "limits the number of steps. E.g., we may ..."
        if kind == "definition" and not (
            _term_ok(term, structural=form != "copula") and _definition_ok(definition, term)
        ):
            return False
        if kind == "definition" and form != "copula" and _is_labelled_claim(definition):
            return False  # "Sequential Nature: RNNs process information step by step"
        facts.append(Fact(kind, term, _tidy(text), definition, slide, ctx or topic, (), form))
        return True

    for pos, unit in enumerate(body):
        if pos in used:
            continue
        text = _tidy(unit.text)
        if not text or (_REFERENCE.search(text) and not _COLON.match(text)):
            continue
        ctx = _context(unit.label, topic)
        nxt = body[pos + 1] if pos + 1 < len(body) else None
        m = _COLON.match(text)
        # "Core Idea: ..." under a header line (or right under the title) defines the header
        if m and _GLOSS_LABELS.match(m.group("term").strip()):
            owner = unit.label or topic
            if owner:
                add("definition", owner, f"{owner}: {m.group('def')}", m.group("def"), "label")
            continue
        if m:
            raw_term = m.group("term").strip()
            definition = m.group("def")
            if _NON_TERM_LABELS.match(_clean_term(raw_term) or raw_term):
                # "Note: distillation can train on unlabeled data!" is a plain statement
                facts.extend(_statements(_sentence_case(definition), slide, ctx))
                continue
            if _term_ok(_clean_term(raw_term), structural=True):
                if not add("definition", raw_term, text, definition, "colon", ctx):
                    facts.extend(_statements(definition, slide, ctx, subject=raw_term))
                continue
            if len(_WORD_RE.findall(raw_term)) <= 7 and not has_finite_verb(raw_term):
                # "Strong performance on various NLP tasks: Transformers have achieved ..."
                facts.extend(_statements(definition, slide, ctx))
                continue
        # a header line ("Product Quantization", "Multi-Head Attention:") glossed by the
        # line under it ("Split vectors into chunks ...", "Employs multiple heads ...")
        if _is_label_line(text, unit.bullet):
            label = text.rstrip(":").strip()
            under = [u for u in body[pos + 1 :] if u.label == label and u.bullet]
            steps = (
                nxt is not None
                and nxt.bullet != ""
                and len(under) > 1
                and _is_verb_form(_WORD_RE.findall(nxt.text)[0], base_only=True)
            )  # "A simple learning rule:" + "Run ...", "If ...": a procedure, not a gloss
            if (
                nxt is not None
                and nxt.label == label
                and not steps
                and _looks_like_gloss(nxt.text, loose=True)
                and not _NON_TERM_LABELS.match(_clean_term(label))
                and add("definition", label, f"{label}: {nxt.text}", nxt.text, "label", topic)
            ):
                used.add(pos + 1)
            continue
        # "2) Truncated backpropagation through time (TBPTT)" / "- simply limits ..."
        if (
            unit.bullet
            and nxt is not None
            and nxt.level > unit.level
            and not _ends_sentence(text)
            and _term_ok(_clean_term(text), structural=True)
            and _looks_like_gloss(nxt.text, loose=True, lower_ok=True)
            and add("definition", text, f"{text}: {nxt.text}", nxt.text, "label", ctx)
        ):
            used.add(pos + 1)
            continue
        m = _EQUALS.match(text)
        if m and is_prose(m.group("def"), 2) and not re.search(r"[=(]", m.group("term")):
            add("definition", m.group("term"), text, m.group("def"), "equals", ctx)
            continue
        m = _DASH.match(text)
        if m and (_acronymish(m.group("term").split()[-1]) or len(m.group("term").split()) <= 4):
            term = m.group("term")
            if _term_ok(_clean_term(term)) and _definition_ok(m.group("def"), term):
                add("definition", term, text, m.group("def"), "dash", ctx)
                continue
        # the slide's title glossed by the first line ("Magnitude pruning" / "Drop ~5% ...")
        if (
            pos == _first_prose(body)
            and topic
            and not unit.label
            and _looks_like_gloss(text)
            and not _main_clause_verb(text)
            and _term_ok(_clean_term(topic))
            and not _is_heading_phrase(title)
            and add("definition", topic, f"{topic}: {text}", text, "heading")
        ):
            continue
        facts.extend(_statements(text, slide, ctx))
    facts.extend(_lists(body, slide, topic))
    return facts


def _is_labelled_claim(definition: str) -> bool:
    """A gloss that is a claim of its own, under a label that is no term: the label is
    a heading ("Parallel processing: The Transformer architecture is highly …")."""
    from models.drafting.phrasing import is_clause, predicate

    if predicate(definition) is not None:
        return False
    first = _fold(_WORD_RE.findall(definition)[0]) if _WORD_RE.findall(definition) else ""
    comparative = first in ("more", "less", "better", "worse", "faster", "slower", "higher")
    return comparative or is_clause(definition)


def _context(label: str, topic: str) -> str:
    """What a line is about, for a stem: its header when that names something, else the title."""
    lab = _clean_term(label)
    if (
        lab
        and len(_WORD_RE.findall(lab)) <= 6
        and not has_finite_verb(lab)
        and not _NON_TERM_LABELS.match(lab)
        and not _GENERIC_LIST_LABELS.match(lab)
    ):
        return lab
    return topic


def _is_heading_phrase(title: str) -> bool:
    words = _WORD_RE.findall(title)
    return bool(words) and (
        title.rstrip().endswith("?")
        or _fold(words[0]) in FUNCTION_WORDS | _SUBORDINATORS | {"introduction", "summary"}
    )


def _first_prose(body: Sequence[Unit]) -> int:
    for i, u in enumerate(body):
        if not _REFERENCE.search(u.text) and not _URL.fullmatch(u.text.strip()):
            return i
    return -1


def _topic(title: str) -> str:
    """A title as a topic: "Scenario 1: inference server" → "inference server",
    "Recent developments: Mixture of Experts (MoE) Models" → "Mixture of Experts (MoE) Models"."""
    t = re.sub(r"\s*\(\s*(?:\d+\s*/\s*\d+|(?:19|20)\d\d)\s*\)\s*$", "", title).strip()
    m = re.match(r"^([^:]{1,40}):\s*(.+)$", t)
    if m and len(_WORD_RE.findall(m.group(2))) >= 1 and not m.group(2).endswith("?"):
        t = m.group(2)
    if t.endswith("?"):
        return ""
    return t.strip(" :")


def _statements(text: str, slide: Slide, topic: str, subject: str = "") -> list[Fact]:
    """Sentences of a line; with `subject`, "Label: sentence" keeps its label as context."""
    out: list[Fact] = []
    if subject:
        topic = _clean_term(subject)
    for sentence in split_sentences(_tidy(text)):
        sentence = sentence.strip()
        m = _COPULA.match(sentence.rstrip(".:"))
        if m and _statement_ok(sentence):
            term = _clean_term(m.group("term"))
            definition = m.group("def")
            if (
                _term_ok(term)
                and _definition_ok(definition, term)
                and not has_finite_verb(m.group("term"))
                and not re.match(r"(?:the|a|an)\s+(?:same|following|first|last|next)\b", definition)
            ):
                verb = m.group("verb")
                out.append(
                    Fact(
                        "definition",
                        term,
                        _finish(sentence),
                        _tidy(definition).rstrip("."),
                        slide,
                        topic,
                        (),
                        "copula" if verb in ("is", "are") else "means",
                    )
                )
                continue
        if _statement_ok(sentence):
            if sentence.endswith(":"):
                sentence = sentence[:-1]
            out.append(
                Fact("statement", "", _finish(sentence), sentence, slide, topic, (), "sentence")
            )
    return out


def _list_item(text: str) -> str:
    item = _tidy(_strip_parens_urls(text))
    m = _COLON.match(item)
    if m:
        item = m.group("term")
    if re.match(r"^\(", item.strip()):
        return ""  # "(mega)bytes": a unit or a remark, not a member
    item = _PAREN.sub("", item)
    item = re.sub(r"[\"“”]", "", item).strip(" .;,!'")
    return item


def _item_ok(item: str) -> bool:
    if _NON_TERM_LABELS.match(item):
        return False
    words = _WORD_RE.findall(item)
    if not 1 <= len(words) <= 6 or any(c in _MATH_CHARS or c in "/@()[]{}<>" for c in item):
        return False
    if has_finite_verb(item) or _URL.search(item):
        return False
    return all(re.fullmatch(r"[^\W_][\w'’+.-]*", w) for w in words) and (not words[0][:1].isdigit())


def _lists(body: Sequence[Unit], slide: Slide, topic: str) -> list[Fact]:
    """Lists introduced by a line ending with ':' or by an inline "Label: a, b, c"."""
    facts: list[Fact] = []
    for pos, unit in enumerate(body):
        text = _tidy(unit.text)
        inline = _COLON.match(text)
        if inline and "," in inline.group("def"):
            label = inline.group("term").strip()
            parts = re.split(r",|\band\b|\bor\b", _PAREN.sub("", inline.group("def")))
            raw_items = [_list_item(x) for x in parts]
            items = [i for i in raw_items if i]
            plural = bool(re.search(r"s$", label)) or bool(_GENERIC_LIST_LABELS.match(label))
            if (
                plural
                and len(items) >= 2
                and len(items) == len(raw_items)
                and all(_item_ok(i) and len(i.split()) <= 4 for i in items)
                and not any(re.match(r"[a-z]+ing\b", i) for i in items)
            ):
                category = _category(label, unit.label or topic)
                if category:
                    facts.append(
                        Fact(
                            "list",
                            category,
                            text,
                            "; ".join(items),
                            slide,
                            topic,
                            tuple(items),
                            "inline",
                        )
                    )
            continue
        if not unit.text.rstrip().endswith(":"):
            continue
        members: list[str] = []
        total = 0
        bullets: set[str] = set()
        for nxt in body[pos + 1 :]:
            same_level = nxt.level == unit.level and nxt.bullet and unit.bullet
            if nxt.level < unit.level or (same_level and not _item_ok(_list_item(nxt.text))):
                break
            if nxt.text.rstrip().endswith(":") and members:
                break
            if unit.bullet and not nxt.bullet:
                break
            if nxt.level > (unit.level + 1 if unit.bullet else 1) and not same_level:
                continue
            total += 1
            bullets.add(nxt.bullet)
            item = _list_item(nxt.text)
            if _item_ok(item):
                members.append(item)
        bulleted = "" not in bullets
        if len(members) < 2 or len(members) < total or (not bulleted and len(members) < 3):
            continue
        label = split_sentences(text.rstrip(":").strip())[-1]
        category = _category(label, unit.label or topic)
        if category:
            seen: dict[str, str] = {}
            for mbr in members:
                seen.setdefault(norm_key(mbr), mbr)
            unique = tuple(seen.values())
            if len(unique) >= 2:
                defs = "; ".join(unique)
                facts.append(
                    Fact("list", category, f"{text} {defs}", defs, slide, topic, unique, "list")
                )
    return facts


_CATEGORY_LEAD = re.compile(
    r"^(?:(?:the\s+)?(?:remainder|rest)\s+of\s+this\s+\w+\s+(?:describes|covers|presents)\s+"
    r"|(?:this|the)\s+(?:chapter|lecture|section|course)\s+(?:describes|covers|presents)\s+"
    r"|(?:here\s+are|there\s+are)\s+"
    r"|(?:some|several|many|few|the|typical|common|popular|main|key|other|more|all)\s+)*",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(
    r"^(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:kinds?\s+of\s+|types?\s+of\s+"
    r"|sorts?\s+of\s+)?",
    re.IGNORECASE,
)


def _category(label: str, context: str) -> str:
    """ "Some direct applications" → "direct applications"; "Common Applications" under
    "Encoder-only Transformers" → "common applications of Encoder-only Transformers"."""
    label = _clean_term(label) if ":" not in label else label.split(":")[0].strip()
    cat = _CATEGORY_LEAD.sub("", label).strip()
    cat = _NUMBER_WORD.sub("", cat).strip()
    words = _WORD_RE.findall(cat)
    if not 1 <= len(words) <= 6 or _NON_TERM_LABELS.match(cat) or has_finite_verb(cat):
        return ""
    if cat.endswith("?") or any(c in "?!()" for c in cat):
        return ""
    if re.search(r"\band\b|&", cat):
        return ""  # "RNNs and Sequential Processing": a topic, not a kind of thing
    if _GENERIC_LIST_LABELS.match(label.strip()) or _GENERIC_LIST_LABELS.match(cat):
        ctx = _clean_term(context)
        if not ctx or len(_WORD_RE.findall(ctx)) > 6 or _is_heading_phrase(ctx):
            return ""
        m = re.match(r"^((?:key\s+)?differences)\s+(from|with|to)\s+(.+)$", cat, re.IGNORECASE)
        if m:
            return f"{m.group(1).lower()} of {ctx} {m.group(2)} {m.group(3)}"
        return f"{_lower_first(cat)} of {ctx}"
    last = _WORD_RE.findall(cat)[-1]
    if not (last.lower().endswith("s") or _acronymish(last)):
        return ""  # "training objective": one thing, not a list of members
    ctx = _clean_term(context)
    if len(_WORD_RE.findall(cat)) == 1 and ctx and len(_WORD_RE.findall(ctx)) <= 5:
        return f"{_lower_first(cat)} for {ctx}"  # "frameworks" alone says too little
    return _lower_first(cat)


def _lower_first(text: str) -> str:
    words = text.split()
    if words and not _acronymish(words[0]) and words[0][:1].isupper() and words[0][1:].islower():
        return " ".join([words[0].lower(), *words[1:]])
    return text


def extract_facts(slides: Iterable[Slide]) -> list[Fact]:
    """Definitions, statements and lists from content slides (flagged slides are skipped)."""
    facts: list[Fact] = []
    seen: set[tuple[str, str, str]] = set()
    content = [s for s in slides if s.is_content]
    for slide in sorted(content, key=lambda s: (s.deck_id, s.page)):
        for fact in _facts_from_slide(slide):
            if fact.kind == "statement":
                key = (fact.kind, "", norm_key(fact.text))
            elif fact.kind == "definition":
                key = (fact.kind, norm_key(fact.term), "")  # one gloss per term: the first
            else:
                key = (fact.kind, norm_key(fact.term), norm_key(fact.definition))
            if key in seen:
                continue
            seen.add(key)
            facts.append(fact)
    facts = _drop_ambiguous(facts)
    vocab = deck_vocabulary(content, facts=facts)
    return [_with_term(f, vocab) for f in facts]


def _drop_ambiguous(facts: list[Fact]) -> list[Fact]:
    """A gloss given to two different terms ("Approximate loss function ...") is no definition."""
    owners: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        if f.kind == "definition":
            owners[norm_key(f.definition)].add(norm_key(f.term))
    return [f for f in facts if f.kind != "definition" or len(owners[norm_key(f.definition)]) == 1]


def _with_term(fact: Fact, vocab: Vocabulary) -> Fact:
    """A statement's key term: the vocabulary term it opens with, else its most salient one."""
    if fact.kind != "statement":
        return fact
    found = vocab.find_in(fact.text)
    if not found:
        return fact
    first = min(found, key=lambda hit: (hit[1], -len(hit[0].key)))
    start = first[1]
    lead = norm_tokens(fact.text)[:start]
    opening = all(t in ("the", "a", "an") for t in lead)
    term = first[0] if opening else max(found, key=lambda hit: vocab.salience(hit[0]))[0]
    return Fact(
        "statement",
        term.text,
        fact.text,
        fact.definition,
        fact.slide,
        fact.topic,
        (),
        "subject" if opening and term is first[0] else "sentence",
    )


# --- vocabulary ------------------------------------------------------------------------------


@dataclass
class Term:
    text: str  # the most frequent surface form
    key: str  # folded form used for matching
    count: int = 0  # distinct lines it appears on
    pages: tuple[int, ...] = ()
    defined: bool = False
    heading: bool = False
    acronym: str = ""  # "MoE" for "Mixture of Experts"
    expansion: str = ""  # "Mixture of Experts" for "MoE"
    lists: tuple[int, ...] = ()  # ids of the lists it is a member of
    forms: Counter[str] = field(default_factory=Counter)

    @property
    def words(self) -> list[str]:
        return self.key.split()

    @property
    def head(self) -> str:
        return self.key.split()[-1] if self.key else ""

    @property
    def is_acronym(self) -> bool:
        return len(self.text.split()) == 1 and _acronymish(self.text)


_FAMILIES = (
    ("ization", "isation", "ation", "ition", "tion", "sion"),
    ("ing",),
    ("ment",),
    ("ness",),
    ("ity",),
    ("ism",),
    ("ics",),
    ("ance", "ence"),
)


def _family(word: str) -> int:
    for i, suffixes in enumerate(_FAMILIES):
        if word.endswith(suffixes) and len(word) > 5:
            return i
    return -1


class Vocabulary:
    """The deck's key terms, where they appear, and which terms are siblings."""

    def __init__(self, terms: dict[str, Term], sentences: dict[str, list[str]]) -> None:
        self.terms = terms
        self._sentences = sentences  # term key -> sentences that mention it
        self._by_first: dict[str, list[Term]] = defaultdict(list)
        for t in terms.values():
            if t.key:
                self._by_first[t.key.split()[0]].append(t)
        for group in self._by_first.values():
            group.sort(key=lambda t: -len(t.key.split()))

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def get(self, text: str) -> Term | None:
        key = norm_key(text)
        if key in self.terms:
            return self.terms[key]
        for t in self.terms.values():
            if t.acronym and norm_key(t.acronym) == key:
                return t
        return None

    def expand(self, text: str) -> str:
        """ "MoE" → "Mixture of Experts" (and back), or "" when the deck does not say."""
        t = self.get(text)
        if t is None:
            return ""
        return t.expansion or t.acronym

    def variants(self, text: str) -> list[str]:
        """Accepted spellings of a term: as written, acronym/expansion, singular/plural."""
        out: dict[str, str] = {}

        def put(v: str) -> None:
            v = v.strip()
            if v and not re.search(r"[_#/\\@]", v):
                out.setdefault(v.casefold(), v)

        put(text)
        t = self.get(text)
        if t is not None:
            put(t.text)
            put(t.acronym)
            put(t.expansion)
            for form, _ in t.forms.most_common(3):
                put(form)
        for v in list(out.values()):
            words = v.split()
            last = words[-1] if words else ""
            plural = (
                last.isalpha()
                and len(last) > 3
                and (last.islower() or last.istitle())
                and _singular(_fold(last)) != _fold(last)
                and _fold(last) == last.lower()
                and (last.islower() or word_rank(_singular(last.lower())) < 80_000)
            )  # "Hidden Markov Models" → "... Model"; not "Naïve Bayes" → "Baye"
            if plural:
                single = (
                    last[:-3] + "y"
                    if last.lower().endswith("ies")
                    else last[: len(_singular(last.lower()))]
                )
                put(" ".join([*words[:-1], single]))  # "Hidden Markov Models" → "... Model"
            if len(last) > 2 and last.endswith("s") and last[:-1].isupper():
                put(" ".join([*words[:-1], last[:-1]]))  # "HMMs" → "HMM"
            if "-" in v:
                put(v.replace("-", " "))
        return list(out.values())

    def find_in(self, text: str) -> list[tuple[Term, int]]:
        """Terms mentioned in a text, longest match first, with their token position."""
        tokens = norm_tokens(text)
        found: list[tuple[Term, int]] = []
        i = 0
        while i < len(tokens):
            hit: Term | None = None
            for cand in self._by_first.get(tokens[i], ()):
                n = len(cand.key.split())
                if tokens[i : i + n] == cand.key.split():
                    hit = cand
                    break
            if hit is not None:
                found.append((hit, i))
                i += len(hit.key.split())
            else:
                i += 1
        return found

    def mentions(self, term: Term) -> list[str]:
        return self._sentences.get(term.key, [])

    def salience(self, term: Term) -> float:
        score = math.log1p(term.count) + 0.5 * len(set(term.pages))
        score += 2.0 if term.defined else 0.0
        score += 1.0 if term.heading else 0.0
        score += 1.0 if term.acronym or term.expansion else 0.0
        score += 0.3 * min(len(term.words), 3)
        return score

    def similarity(self, a: Term, b: Term) -> float:
        """How much two terms are of the same kind; -inf for the same or nested terms."""
        if a.key == b.key:
            return -math.inf
        wa, wb = a.words, b.words
        if _contains(wa, wb) or _contains(wb, wa):
            return -math.inf  # "quantization" ⊂ "linear quantization": not a sibling
        if a.acronym and norm_key(a.acronym) == b.key:
            return -math.inf
        if b.acronym and norm_key(b.acronym) == a.key:
            return -math.inf
        if a.key.replace(" ", "") == b.key.replace(" ", ""):
            return -math.inf  # "self attention" / "selfattention"
        score = 0.0
        if a.head == b.head and len(wa) + len(wb) > 2:
            score += 3.0
        elif _family(a.head) >= 0 and _family(a.head) == _family(b.head):
            score += 1.5
        if a.is_acronym and b.is_acronym:
            score += 2.5
        elif a.is_acronym != b.is_acronym:
            score -= 1.0
        shared_lists = set(a.lists) & set(b.lists)
        if shared_lists:
            score += 3.0
        shared_pages = set(a.pages) & set(b.pages)
        if shared_pages:
            score += min(1.5, 0.5 * len(shared_pages))
        if len(wa) == len(wb):
            score += 0.5
        score += 0.7 * min(len(a.text), len(b.text)) / max(len(a.text), len(b.text), 1)
        shared_mods = (set(wa[:-1]) & set(wb[:-1])) - FUNCTION_WORDS
        score += 0.5 * len(shared_mods)
        if a.defined and b.defined:
            score += 0.5
        return score

    def siblings(
        self, term: Term | str, k: int = 8, exclude: Iterable[str] = ()
    ) -> list[tuple[Term, float]]:
        """Other terms of the same kind, closest first."""
        t = self.get(term) if isinstance(term, str) else term
        if t is None:
            return []
        banned = {norm_key(x) for x in exclude}
        scored = []
        for other in self.terms.values():
            if other.key in banned:
                continue
            s = self.similarity(t, other)
            if s > -math.inf:
                scored.append((other, s))
        scored.sort(key=lambda x: (-x[1], x[0].key))
        return scored[:k]


def _contains(big: Sequence[str], small: Sequence[str]) -> bool:
    n = len(small)
    return any(list(big[i : i + n]) == list(small) for i in range(len(big) - n + 1))


_CHUNK_BREAK = re.compile(r"[,;:.!?()\[\]{}\"“”‘’=/|<>…•·]+|\s[-–—]\s|\s&\s")


def _candidates(text: str) -> list[tuple[list[str], bool]]:
    """Noun-phrase-like word runs of a line, each with whether it sits at a sentence start."""
    out: list[tuple[list[str], bool]] = []
    for piece_index, piece in enumerate(_CHUNK_BREAK.split(text)):
        run: list[str] = []
        start = piece_index == 0
        words = piece.split()
        for idx, raw in enumerate([*words, ""]):
            w = raw.strip("'’*")
            low = _fold(w)
            breaks = (
                not w
                or (not run and low in _VERBS and piece_index == 0 and idx == 0)
                or low in FUNCTION_WORDS
                or low in _WEAK_WORDS
                or _is_verb_form(w)
                or not re.fullmatch(r"[^\W_][\w'’+-]*", w)
                or "_" in w
                or bool(re.search(r"['’]s?$", w))
                or (w.isdigit())
                or len(w) > 30
            )
            if breaks:
                if run:
                    out.append((run, start))
                run = []
                start = False
            else:
                if not run:
                    start = start or idx == 0
                run.append(w)
    return out


def deck_vocabulary(slides: Iterable[Slide], facts: Sequence[Fact] | None = None) -> Vocabulary:
    """Candidate key terms of the deck with frequency, pages and sibling relations."""
    content = [s for s in slides if s.is_content]
    if facts is None:
        facts = extract_facts(content)
    counts: Counter[str] = Counter()
    pages: dict[str, list[int]] = defaultdict(list)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    capitalised: Counter[str] = Counter()
    headings: set[str] = set()
    seen_lines: set[str] = set()
    sentences: dict[str, list[str]] = defaultdict(list)
    acronyms: dict[str, str] = {}  # expansion key -> acronym
    expansions: dict[str, str] = {}  # expansion key -> the expansion as written
    all_lines: list[str] = []
    label_groups: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    subjects: Counter[str] = Counter()

    for slide in sorted(content, key=lambda s: (s.deck_id, s.page)):
        title, units = slide_units(slide)
        if _slide_is_logistics(title, units):
            continue
        for unit in units:
            line = _tidy(unit.text) if not unit.heading else unit.text
            if _REFERENCE.search(unit.text) and not unit.heading:
                for exp, acr in acronym_pairs(unit.text):
                    acronyms[norm_key(exp)] = acr
                    expansions.setdefault(norm_key(exp), exp)
                continue
            for exp, acr in acronym_pairs(unit.text):
                acronyms[norm_key(exp)] = acr
                expansions.setdefault(norm_key(exp), exp)
            norm_line = norm_key(line)
            if norm_line in seen_lines:
                continue
            seen_lines.add(norm_line)
            all_lines.append(line)
            if (
                unit.heading
                or _is_label_line(unit.text, unit.bullet)
                or (not unit.bullet and line != unit.text and _is_label_line(line, ""))
            ):
                lab = _clean_term(_topic(line.rstrip(":")))
                parts = [lab, *re.split(r"\s*(?:[,;&/]|\band\b|\bvs\.?|\bversus\b)\s*", lab)]
                for part in dict.fromkeys(p.strip() for p in parts if p.strip()):
                    if _term_ok(part, structural=len(parts) > 2):
                        headings.add(norm_key(part))
                        forms[norm_key(part)][part] += 1
                        pages[norm_key(part)].append(slide.page)
            colon = _COLON.match(line) if not unit.heading else None
            if colon:
                # "Limited Parallelization: While you can ...": a named point of a slide
                lab = _clean_term(colon.group("term"))
                if not _NON_TERM_LABELS.match(lab) and _term_ok(lab, structural=True):
                    headings.add(norm_key(lab))
                    forms[norm_key(lab)][lab] += 1
                    pages[norm_key(lab)].append(slide.page)
                    label_groups[(slide.deck_id, slide.page, unit.label)].append(norm_key(lab))
            if not unit.heading and not is_prose(line, 1) and len(line.split()) > 4:
                continue
            line_keys: set[str] = set()
            for run, at_start in _candidates(line):
                for n in range(1, min(4, len(run)) + 1):
                    for i in range(len(run) - n + 1):
                        phrase = run[i : i + n]
                        surface = " ".join(phrase)
                        key = norm_key(surface)
                        if not key or key in line_keys:
                            continue
                        line_keys.add(key)
                        counts[key] += 1
                        pages[key].append(slide.page)
                        forms[key][surface] += 1
                        if (
                            n >= 2
                            and all(w[:1].isupper() for w in phrase)
                            and not (at_start and i == 0)
                        ) or any(_acronymish(w) for w in phrase):
                            capitalised[key] += 1
            # "Skip-gram predicts ...": a one-word name as the subject of a sentence
            m = re.match(r"^([A-Z][\w]*(?:-[\w]+)+)\s+(\w+)", line)
            if m and (is_verb_form(m.group(2)) or m.group(2) in _AUX):
                subjects[norm_key(m.group(1))] += 1
                forms[norm_key(m.group(1))][m.group(1)] += 1

    defined: dict[str, str] = {}
    list_members: dict[str, list[int]] = defaultdict(list)
    groups: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    for idx, fact in enumerate(facts):
        if fact.kind == "definition":
            defined[norm_key(fact.term)] = fact.term
            groups[(fact.slide.deck_id, norm_key(fact.topic), fact.form)].append(
                norm_key(fact.term)
            )
        elif fact.kind == "list":
            for item in fact.items:
                list_members[norm_key(item)].append(idx)
    # glosses side by side under one header ("Naïve: ...", "Factorized: ...") are a list too
    all_groups = [*groups.values(), *label_groups.values()]
    for gid, members in enumerate(all_groups, start=len(facts)):
        if len(set(members)) >= 2:
            for key in members:
                list_members[key].append(gid)
    for key, surface in defined.items():
        forms[key][surface] += 1
        if key not in counts:
            counts[key] = 1
    for exp_key in acronyms:
        counts[exp_key] = max(counts[exp_key], 1)
        forms[exp_key] = forms[exp_key] or Counter({expansions.get(exp_key, exp_key): 1})

    terms: dict[str, Term] = {}
    for key, count in counts.items():
        surface = _best_form(forms[key]) if forms[key] else key
        words = key.split()
        is_def = key in defined
        in_list = key in list_members
        is_head = key in headings
        acr = acronyms.get(key, "")
        strict = not (is_def or in_list or acr)
        named_subject = key in subjects and "-" in surface and len(surface.split()) == 1
        if len(words) > 1 and not named_subject and not _term_ok(surface, strict=strict):
            continue
        if len(words) == 1 and (_NON_TERM_LABELS.match(surface) or _URL.search(surface)):
            continue
        if named_subject:
            pass  # "Skip-gram", "Co-distillation": named as a sentence's subject
        elif len(words) == 1:
            if not single_word_term(surface, structural=not strict or is_head, count=count):
                continue
            shouting = _acronymish(surface) and surface.isupper() and word_rank(surface) < 3000
            if shouting and count < 2 and not is_def:
                continue  # "KEEP", "MOST": shouting, not acronyms
        else:
            if not (is_def or in_list or is_head or acr or count >= 2 or capitalised[key] >= 1):
                continue
            if _looks_like_name(surface) and not (is_def or acr):
                continue
        terms[key] = Term(
            text=surface,
            key=key,
            count=count,
            pages=tuple(sorted(set(pages[key]))),
            defined=is_def,
            heading=is_head,
            acronym=acr,
            lists=tuple(list_members.get(key, ())),
            forms=forms[key],
        )
    # nested terms that (almost) never occur apart from their longer phrases are dropped:
    # "Optimal Brain" of "Optimal Brain Damage" and "Optimal Brain Surgeon"
    for key in list(terms):
        t = terms[key]
        if t.defined or t.heading or t.acronym or t.lists:
            continue
        inside = sum(
            other.count
            for other in terms.values()
            if other.key != key
            and len(other.words) > len(t.words)
            and _contains(other.words, t.words)
        )
        if inside and inside >= t.count:
            del terms[key]
    # acronym terms learn their expansion
    for exp_key, acr in acronyms.items():
        acr_key = norm_key(acr)
        if acr_key in terms and exp_key in terms:
            terms[acr_key].expansion = terms[exp_key].text
        elif acr_key not in terms and exp_key in terms:
            terms[acr_key] = Term(
                text=acr,
                key=acr_key,
                count=1,
                pages=terms[exp_key].pages,
                expansion=terms[exp_key].text,
            )
    # sentences mentioning each term, for checking distractors and swaps
    vocab = Vocabulary(terms, {})
    for line in all_lines:
        for sentence in split_sentences(line):
            for term, _ in vocab.find_in(sentence):
                sentences[term.key].append(sentence)
    vocab._sentences = sentences
    return vocab


def _best_form(forms: Counter[str]) -> str:
    """The spelling to show: the most frequent, preferring one not in Title Case mid-list."""
    ranked = sorted(forms.items(), key=lambda kv: (-kv[1], sum(c.isupper() for c in kv[0])))
    return ranked[0][0]


def _looks_like_name(surface: str) -> bool:
    """ "Aarne Talman", "Jussi Karlgren": capitalised words no dictionary knows."""
    words = surface.split()
    if not all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha()):
        return False
    unknown = sum(1 for w in words if word_rank(w) > 60_000)
    return unknown >= max(1, len(words) - 1)
