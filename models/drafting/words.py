"""Words as the drafting code reads them: folding, singulars, function words, a small
verb lexicon, word frequencies, and whether a line is prose."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from functools import cache, lru_cache

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
    overall additional several whole often huge tiny easy hard relatively crucial actual
    major appropriate interesting""".split()
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
    after before so thus hence therefore however also but and or then indeed moreover
    furthermore additionally similarly likewise consequently accordingly nevertheless
    nonetheless instead otherwise again still""".split()
)
_PRONOUN_START = frozenset(
    "it this that these those they there here which what who he she such its their".split()
)
_DEMONSTRATIVES = frozenset("this these those they them".split())
_PERSONAL = frozenset(
    "i we us our ours you your yours me my let's we're you're we'll imho imo".split()
)
# Words that point at something said elsewhere on the slide ("a related approach", "the
# above", "the latter"): a sentence with one says nothing on its own.
_POINTERS = frozenset(
    (
        "related above below aforementioned previous preceding latter former here however instead"
    ).split()
)
# "X is closer to Y": a comparison with nothing to compare to is vague without "than"
# ("acquires more weight" says a change, and stays).
_COMPARATIVE = re.compile(
    r"\b(?:is|are|be|being|been|was|were)\s+(?:much\s+|far\s+|often\s+)?"
    r"(?:more|less|better|worse|closer|faster|slower|easier|harder|simpler|cheaper"
    r"|larger|smaller|stronger|weaker)\b(?![-\w])(?!.*\bthan\b)",
    re.IGNORECASE,
)

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
    |today|tomorrow|yesterday|tonight|next\ (?:week|time|class)|last\ (?:week|time|class)
    |monday|tuesday|wednesday|thursday|friday|saturday|sunday|day\ ?\d*|session\ ?\d*
    |scenario\ ?\d*|case\ ?\d*|assumption\ ?\d*|option\ ?\d*|version\ ?\d*|page\ ?\d*
    |slide\ ?\d*|exercise\ ?\d*|question\ ?\d*|original\ implementation|implementation
    |native\ support.*|images?\ source|whiteboard\ time|priorities|priority|status
    |core\ idea|main\ idea|key\ idea|idea|definition|def|in\ short|overview|how\ it\ works
    |structure|focus|details|intuition|background|context|note\ that|caveat|alternative
    |alternatives|why\ it\ matters|advantage|advantages|disadvantage|disadvantages
    |todo|to\ do|fixme|xxx|remedy|remedies|fix|practice|practices|best\ practices?
    |good\ practices?|guidelines?|rules?\ of\ thumb|advice|recommendations?|checklist
    |.*\bdo'?s\ and\ don'?ts)$""",
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
    r"|\blearning\s+(?:outcomes?|objectives?|goals?)\b|\btoday'?s\s+(?:plan|class|agenda)"
    r"|^\W*(?:\w+\s+)?(?:schedule|teachers|instructors?|lecturers?|teaching\s+(?:team|assistants?)"
    r"|prerequisites?|assessment|materials|references?|preparations?(?:\s+for\b.*)?|contacts?"
    r"|credits|questions\??|announcements?|reminders?|admin(?:istrivia)?)\W*$",
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
    # authors' names and initials, in capitals as written ("morphemes, i.e., …" is none)
    r"|(?-i:^(?:[A-Z][\w'’-]+,\s+(?:[A-Z]\.\s*)+(?:,|&|and)\s*))"
    r"|(?-i:^[A-Z][^\W\d_'’-]+(?:[-'’][^\W\d_]+)?,\s+[A-Z][^\W\d_]*[.,]\s)"
    r"|(?-i:\b[A-Z][^\W\d_]+,\s+(?:[A-Z]\.\s*)+,)",
    re.IGNORECASE,
)
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|io|edu|ai|ly|html?|pdf)(?:/\S*)?\b",
    re.IGNORECASE,
)
_MATH_CHARS = set("=∑∏∈∉≈≃≅∝←→↦⇒⇔∀∃∂∇√∞ℝℕℤ⊂⊆∪∩⊙⊗⊕×÷±∓≤≥≪≫≠|{}^_~θφψµμλγσαβδεηκτωΣΠΩΔΓΛ⟨⟩∥⌊⌋⌈⌉ˆ˜¯")
BULLETS = "•●○◦▪▫■□▶►▸▹‣➢➤➔✦✧◆◇✓✔➜→⇒"
_BULLET = re.compile(
    rf"^(?:([{BULLETS}*+\-–—]|~(?=\s))\s*|(\(?\d{{1,2}}[.)]|\(?[a-z][.)]|\(?[ivx]{{1,4}}[.)])(?:\s+|$))"
)
_BULLET_LEVEL = {
    "○": 2,
    "◦": 2,
    "–": 2,
    "-": 2,
    "~": 2,
    "■": 3,
    "▪": 3,
    "▫": 3,
    "□": 3,
    "▸": 2,
    "▹": 2,
}
_CONNECTOR_END = frozenset(
    """a an the and or nor but of to in on at for with by from as into onto than that which
    who whose whom where when while is are was were be been being can could may might must
    should will would its their our your his her this these those such via per between
    over under about using including e.g. i.e. like both either neither not because
    whether although though unless since whereas if so thus hence then among within across
    through toward towards upon after before during against without""".split()
)
_ABBREV_END = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|al|cf|fig|eq|approx|resp|no)\.|\b[A-Z]\.)$")
_WORD_RE = re.compile(r"[^\W_][\w'’+.-]*[^\W_]|[^\W_]", re.UNICODE)
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)  # millions of calls per run on a few thousand words
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


@lru_cache(maxsize=65536)  # the same terms and options are keyed again for every candidate
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
    if w.endswith("ied") and w[:-3] + "y" in _VERBS:
        return True
    return verb_only(w)


@cache
def lexicon_readings(word: str) -> dict[str, tuple[str, ...]]:
    """The English lexicon's readings of a word: part of speech → lemmas ("binds" →
    {"VERB": ("bind",)}); empty when it does not know the word."""
    from lemminflect import getAllLemmas  # 0.15 s: only when drafting reads text

    return dict(getAllLemmas(word))


def verb_lemmas(word: str) -> tuple[str, ...]:
    """The verbs a word is a form of, by the lexicon ("affects" → ("affect",))."""
    return lexicon_readings(word).get("VERB", ())


@cache
def verb_only(word: str) -> bool:
    """Whether the English lexicon knows a word only as a verb ("binds", "catalysed",
    "secrete"): the list above holds the slides' frequent verbs, this every field's."""
    readings = lexicon_readings(word)
    if not readings or not set(readings) <= {"VERB", "AUX"}:
        return False
    # a base form or its "-s" form; participles ("hidden", "named") often modify a noun
    return any(word == lemma or word.endswith("s") for lemma in readings.get("VERB", ()))


def is_verb_form(word: str, base_only: bool = False) -> bool:
    """Whether a word is a verb form the slides use ("uses", "fit"); a small lexicon, no tagger."""
    return _is_verb_form(word, base_only)


def has_finite_verb(text: str) -> bool:
    words = _WORD_RE.findall(text)
    return any(
        not w[:1].isupper()
        and _fold(prev) not in _PREPOSITION_BEFORE  # "Shapley value via set definition"
        and (
            _is_verb_form(w)
            # a past form after a noun ("Napoleon invaded"), not a modifier ("and named")
            or (_past_verb(_fold(w)) and _fold(prev) not in FUNCTION_WORDS)
        )
        for prev, w in itertools.pairwise(words)
    ) or (bool(words) and _fold(words[0]) in _AUX)


_PREPOSITION_BEFORE = frozenset("via of by with for in on at from into per".split())


@cache
def _past_verb(word: str) -> bool:
    """ "invaded", "founded", "wrote": a past form of any English verb (the list above
    holds only the slides' frequent verbs), so narrated facts count as sentences."""
    if len(word) < 4 or not word.isalpha():
        return False
    from lemminflect import getInflection

    return any(word in getInflection(lemma, tag="VBD") for lemma in verb_lemmas(word))


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


def _looks_like_name(surface: str) -> bool:
    """ "Aarne Talman", "Jussi Karlgren": capitalised words no dictionary knows."""
    words = surface.split()
    # two to four capitalised words and nothing else: "Pharmacokinetics" or "Quantifying
    # absorption: Bioavailability" over a slide is its subject, not a speaker
    if not 2 <= len(words) <= 4 or not all(
        re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*", w) for w in words
    ):
        return False
    unknown = sum(1 for w in words if word_rank(w) > 60_000)
    return unknown >= max(1, len(words) - 1)
