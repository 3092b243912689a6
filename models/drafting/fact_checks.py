"""Is a phrase a term, a line a gloss, a sentence a fact? The checks `facts` applies
to slide text before anything becomes a question, and the tidying of what passes."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

from models.drafting.slide_units import (
    _ends_open,
    split_sentences,
)
from models.drafting.words import (
    _AUX,
    _COMPARATIVE,
    _DEMONSTRATIVES,
    _LOGISTICS_WORDS,
    _MATH_CHARS,
    _NON_TERM_LABELS,
    _PERSONAL,
    _POINTERS,
    _PRONOUN_START,
    _REFERENCE,
    _SUBORDINATORS,
    _URL,
    _VERBS,
    _WEAK_WORDS,
    _WORD_RE,
    FUNCTION_WORDS,
    _acronymish,
    _codeish,
    _fold,
    _is_verb_form,
    _past_verb,
    _plain_case,
    content_tokens,
    has_finite_verb,
    is_prose,
    lexicon_readings,
    verb_lemmas,
    verb_only,
    word_rank,
)

# --- the shapes of a gloss ------------------------------------------------------------------

_COPULA = re.compile(
    r"^(?P<term>.{2,60}?)\s+(?P<verb>is\s+defined\s+as|are\s+defined\s+as|is\s+called"
    r"|refers\s+to|refer\s+to|means|denotes|stands\s+for|is|are)\s+"
    r"(?P<def>(?:a|an|the|one\s+of\s+the)\s.*)$"
)
# "Finite state acceptors are finite state machines that consume …": a plural term glossed
# by a bare plural noun phrase and what sets it apart (no article to anchor on)
_COPULA_PLURAL = re.compile(
    r"^(?P<term>.{2,60}?)\s+(?P<verb>are)\s+"
    r"(?P<def>(?:[^\W\d_][\w-]*\s+){0,4}[^\W\d_][\w-]*s\s+"
    r"(?:that|which|who|whose|used\s+(?:to|for)|designed\s+to)\s.*)$"
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
    # "A language's syntax is …" defines syntax; "Newton's laws" keep their name
    term = re.sub(r"^[a-z][\w-]*['’]s\s+(?=\w)", "", term)
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
    if (
        len(words) > 1
        and all(w.isupper() for w in words)
        and any(len(w) >= 5 and word_rank(w) < 60_000 for w in words)
    ):
        return False  # "COOPERATIVE GAMES WITH INTERACTIONS": a heading set in capitals
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
    if 2 <= len(words) <= 3 and all(
        w[:1].isupper() and w[1:].islower() and not lexicon_readings(_fold(w)) for w in words
    ):
        return False  # "Anita Bernstein": a person (a reading-list line), not a concept
    if sum(1 for w in words if len(w) == 1) > 0 and not _acronymish(term):
        return False
    if len(words) == 1:
        return single_word_term(words[0], structural=structural or not strict)
    if _fold(words[-1]) in _GENERIC_HEADS:
        return False  # "High-dimensional case", "Sequential nature": a label, not a name
    last = _fold(words[-1])
    if last.endswith("ed") and len(last) > 4 and last not in ("speed", "breed", "embed"):
        return False  # "SGNS proved": a subject with its verb, not a name
    if first in _EVALUATIVE and _fold(words[-1]) in _GENERIC_NOUNS:
        return False  # "popular solution", "simple approach": words of the lecturer's, no term
    if all(
        _fold(w) in ("and", "or") or _fold(w).endswith(_ADJECTIVE_SUFFIXES) or "-" in w
        for w in words
    ) and not any(_acronymish(w) for w in words):
        return False  # "Statistical and data-driven": a bullet label of adjectives
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
# Judging adjectives: "popular solution" names no concept.
_EVALUATIVE = frozenset(
    """popular common simple important main good better best new different basic typical
    standard general useful major key proper naive possible nice great""".split()
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
    parts = split_sentences(d)
    if len(parts) > 1 and not all(has_finite_verb(x) for x in parts[1:]):
        return False  # "… by the document. Label set.": a label run into the gloss
    if len(words) < 3 or len(words) > 45:
        return False
    if not is_prose(_strip_parens_urls(d), min_words=3):
        return False
    if d.endswith(("?", ":")) or _ends_open(d) or "!" in d.rstrip("!"):
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
    if _SUBTITLE.match(d):
        return False  # "Tracking Ecosystem Change / The case of coral reefs": a subtitle
    if any(_fold(w) in _POINTING_BACK for w in words):
        return False  # "the study of these processes": of which, the slide said above
    if _COLON.match(d) and _term_ok(_clean_term(_COLON.match(d).group("term"))):  # type: ignore[union-attr]
        return False  # "Step 1: ...", a second label
    if d.count("/") >= 2 and len(words) <= 8:
        return False  # "quantize / prune / factorize": a list, not a gloss
    if re.match(r"(?:a|an|the)\s", d, re.I) and vague_gloss(d):
        return False  # "Computing liveness: an alternative approach": any term could be meant
    if re.match(r"(?:see|cf\.?|and|or)\b", d, re.I) or re.search(r"\bnext\s+slide", d, re.I):
        return False  # "registers: see next slide", "Useful links: and for other …"
    if re.search(r"\b(?:themselves|itself)\b", d, re.I):
        return False  # "Regular expressions: a language unto themselves": said of its term
    return not _REFERENCE.search(d) and not _SELF_PRAISE.search(d) and not _SLIPS.search(d)


_POINTING_BACK = frozenset("this these those aforementioned latter former".split())
_SUBTITLE = re.compile(
    r"(?:the|a)\s+(?:case|story|tale)\s+of\b|(?:an?\s+)?(?:overview|introduction|look|primer)"
    r"\s+(?:of|to|at|on)\b|(?:a\s+)?case\s+stud(?:y|ies)\b",
    re.IGNORECASE,
)


def says_its_name(term: str, gloss: str) -> bool:
    """ "Lemmatization: determines the lemma …", "Global attention: a set of global
    tokens …": the gloss repeats the word that tells the term apart, so a statement made
    of the two tests nothing."""
    named = content_tokens(_PAREN.sub("", term))
    if len(named) > 2:
        # "Pruning with L0 regularization": its first and last words; "Mixture of Experts
        # models" is not named again by "a type of model … expert networks"
        named = [named[0], named[-1]]
    gloss = re.sub(r"\b(?:type|kind|class|family|form)s? of \w+", " ", gloss, flags=re.I)
    return any(
        _same_root(t, g) or (len(t) >= 6 and len(g) >= 6 and t[:6] == g[:6])
        for t in named
        for g in content_tokens(gloss)
    )  # "Text generation involves generating …" too


def _same_root(a: str, b: str) -> bool:
    """ "lemma"/"lemmatization", "stem"/"stemming", "global"/"global": one is the other's
    start, four letters or more."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short[: max(4, len(short) - 1)])


def _strip_parens_urls(text: str) -> str:
    text = _URL.sub("", text)
    text = re.sub(r"\s*\((?:e\.g\.?|i\.e\.?|see|cf\.?)[^()]*\)", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


_LINKS = (
    r"(?:in contrast|in particular|however|moreover|furthermore|again|therefore|of course"
    r"|as a result|on the other hand)"
)


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
    # a footnote mark glued on ("… syntactic theories.4", "phrases."4"): not the text
    text = re.sub(r"(?<=[.,;:!?”\")])\d{1,2}(?=\s|$)", "", text)
    # a discourse link to the slide before ("In contrast, …", "…, in particular, …",
    # "…, again."): the sentence stands alone on an exam
    opened = re.match(rf"{_LINKS}\s*,", text, re.IGNORECASE)
    text = re.sub(rf",\s*{_LINKS}\s*,\s*", " ", text, flags=re.IGNORECASE)
    text = re.sub(rf"(?:^|(?<=\s)){_LINKS}\s*,\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(rf",\s*{_LINKS}(?=[.!?]?$)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    if opened and text[:1].islower():
        text = text[0].upper() + text[1:]  # "In contrast, the model …" → "The model …"
    return text.strip(" ,;")


def _statement_ok(sentence: str) -> bool:
    s = sentence.strip()
    if s.endswith(":") and not _ends_open(s[:-1]):
        s = s[:-1] + "."  # "X approximates the gradient by its value on one instance:" + formula
    words = _WORD_RE.findall(s)
    if not 6 <= len(words) <= 45:
        return False
    if not s[:1].isupper() and not (s[:1].isalnum() and _acronymish(words[0])):
        return False  # "(ISO/IEC 9075, …) to interact with …": the sentence began before
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
    existential = len(folded) >= 8 and re.match(r"there\s+(?:is|exists)\s+(?:an?|no)\s", s, re.I)
    if folded[0] in FUNCTION_WORDS and folded[0] not in openers and not existential:
        return False  # "Still popular ...", "How do ..."
    if folded[0] in _VERBS and not _noun_subject(folded):
        return False  # an instruction ("Estimate the parameters ...")
    readings = lexicon_readings(folded[0])
    if folded[0].endswith("s") and "VERB" in readings and "NOUN" not in readings:
        return False  # "Conveys identity of compound …": a bullet with its subject left out
    if _no_main_verb(s):
        return False  # "Checking the quality … to ensure that …", "Fast-food chain to reduce …"
    if (
        folded[0].endswith("s")
        and "VERB" in readings
        and "NOUN" not in lexicon_readings(folded[1])
        and folded[1] in _PREPOSITIONS | {"upon", "on", "onto", "off"}
        and not any(w in _AUX for w in folded[2:])
    ):
        return False  # "Builds on non-spatial statistics, …": a verb with its subject left out
    if (
        folded[0].endswith("s")
        and "VERB" in readings
        and len(folded) > 2
        and folded[1] not in FUNCTION_WORDS
        and not _is_verb_form(words[1])
        and "NOUN" in lexicon_readings(folded[1])
        and "VERB" not in lexicon_readings(folded[1])
    ):
        return False  # "Controls execution of programs …": a verb, then its object
    step = re.match(r"^(?:first|second|third|then|next|finally|now|also)\s*,?\s+(\w+)", s, re.I)
    if step and (step.group(1).lower() in _VERBS or verb_only(step.group(1).lower())):
        return False  # "First, get the best performing model …": a step, not a fact
    opener = re.sub(r"['’](?:s|re|ll|d|ve)$", "", folded[0])  # "That's" → "that"
    if existential:
        pass  # "There is an optimal algorithm for trees based on dynamic programming."
    elif opener in _PRONOUN_START or opener in _SUBORDINATORS or opener in _HEDGES:
        return False  # "It ...", "Since ...", "That's …", "Probably there will be …"
    if opener in _ASIDES and len(folded) > 1 and folded[1] == "that":
        return False  # "Notice that the state is not hidden …": an aside to the reader
    if re.match(
        r"the\s+(?:symbol|arrow|box|line|circle|dot|curve|icon|shape)s?\s+(?:connecting|pointing"
        r"|linking|joining|between|from|on|in|at|drawn|shown|above|below|next)\b",
        s,
        re.I,
    ):
        return False  # "The symbol connecting the qubit to each bit …": a drawing described
    if _imperative(words):
        return False  # "List and define 5 goals …", "Draw a picture …": a task, no fact
    if opener in _SCENARIO:
        return False  # "Say there's a 1% chance …", "Suppose …": a case set up, no fact
    if any(w in _PERSONAL or w in _DEMONSTRATIVES or w in _POINTERS or w == "it" for w in folded):
        return False  # "… but it is expected to be …": says nothing without its context
    last = folded[-1] if folded else ""
    cut = re.search(r"(?:ive|al|ous|ful|able|ible|ic|ated)$", last)
    if cut and not s.endswith((".", "!", "?")):
        return False  # "… into linguistically motivated": cut before its noun
    if re.search(r"\((?:figure|fig\.|source|image|from)\b", s, re.IGNORECASE):
        return False  # a caption run into the sentence
    if re.match(r"^[^\W\d_]+ly,", s) or re.match(r"^the most\b", s, re.IGNORECASE):
        return False  # "Intuitively, …", "The most direct way …": a remark or an opinion
    if re.match(
        r"^(?:the|this|these|our|its)\s+(?:(?:first|second|third|main|key|same|other|basic"
        r"|standard|dominant|common|usual|typical|simplest|best|obvious|general|overall)\s+)?"
        r"(?:task|goal|effect|objective|idea|problem|result|approach|method|solution|trick"
        r"|reason|advantage|difference|point|answer|question|model|system|output|input"
        r"|challenge|issue|catch|downside|upside|drawback|benefit|intuition|takeaway"
        r"|strategy|range|way|step|option|alternative|fix|remedy|recipe|rule|outcome)s?\b"
        r"(?!\s+of\s+(?!the\b|this\b|these\b|it\b))",  # "The problem of selecting …" says of what
        s,
        re.IGNORECASE,
    ):
        return False  # "The task is …", "The second objective …": of what, the slide said
    if _COMPARATIVE.search(s):
        return False  # "Hard attention is closer to …": closer than what?
    if re.match(
        r"^(?:unclear|unknown|not\s+clear|hard|easy|possible|impossible|important|necessary)"
        r"\s+(?:how|what|why|whether|which|to|if)\b",
        s,
        re.IGNORECASE,
    ):
        return False  # "Unclear how to fairly distribute payouts …": no subject, no verb
    if re.search(r"\b(?:what|which|how)\s+(?:is|are|was|were|do|does|did|would|will)\b", s, re.I):
        return False  # "… what is the probability she would get all eight.": a question
    if folded[0] == "no" and len(folded) > 2 and folded[2] == "that":
        return False  # "No guarantee that all … will be aligned": a fragment
    if re.match(r"^[^\W\d_]+ly\s+[^\W\d_]+\s*,", s):
        return False  # "Conceptually simple, the hard part is …": a remark, not a fact
    if _LOGISTICS_WORDS.search(s):
        return False
    if _TRIVIA_OR_CONTEXT.search(s) or _SELF_PRAISE.search(s) or _SLIPS.search(s):
        return False  # "one of the most popular …", "the following structure", "another way"
    if re.match(r"[B-HJ-Z]\s", s):
        return False  # "S can be extended to a basis …": a symbol of a worked example
    if _GLUED.search(s):
        return False  # "TRtransports": words glued by the PDF
    if not s.endswith((".", "!", "?")) and _ADVERB_END.search(last):
        return False  # "… a regular expression that matches exactly": cut before its object
    if (
        len(folded) > 2
        and folded[-2] in ("the", "a", "an", "its", "their", "his", "her", "our", "your")
        and (
            _ADJECTIVE_END.search(last)
            or last in _EVALUATIVE
            or "NOUN" not in lexicon_readings(last)
        )
    ):
        return False  # "… is to assign the appropriate.", "… is not a good.": cut before its noun
    if re.match(
        r"^(?:all|each|every)\s+(?:units?|items?|elements?|members?|cases?|values?|objects?"
        r"|individuals?|observations?|participants?|subjects?|entries|entry|people|person)\s",
        s,
        re.I,
    ):
        return False  # "All units have the same inclusion probability": all units of what?
    if any(_fused_heading(_WORD_RE.findall(part)) for part in re.split(r"[.,;:!?()\[\]]", s)):
        return False  # "Response by retrieval Respond with …": a heading run into the text
    if re.search(r"\b(?:TODO|FIXME|XXX)\b", s) or (
        s.endswith(".") and last in FUNCTION_WORDS and last not in ("it", "them", "one")
    ):
        return False  # a code comment; "… irrational choices and.": cut after "and"
    if _cut_after_verb(folded):
        return False  # "… can be used to measure.", "… should reproduce.": cut before its object
    if (
        len(folded) > 2
        and folded[0].endswith("s")
        and _is_verb_form(folded[0])
        and folded[1] in ("a", "an", "the", "each", "every", "one")
    ):
        return False  # "Repeats a character …": a verb with no subject (a gloss run on)
    if s.endswith(".") and last in _WH_WORDS:
        return False  # "… key mechanisms explaining how.": cut before its clause
    if _FIGURE_TALK.search(s) or re.search(r"\d\.\s+[a-z]", s):
        return False  # "The Pareto front is shown in green."; "$48. million": a number lost
    if _ARTICLE_THEN_FUNCTION.search(s):
        return False  # "The regardless of the key schedule …": two lines run together
    if "!" in s.rstrip("!"):
        return False  # "… distribution! (Gaussian, …)": two lines run together
    if _participle_only(_WORD_RE.findall(re.sub(r"\s*\([^()]*\)", "", s))):
        return False  # "Temporary files preserved between system reboots (required).": a caption
    if _ADMIN.search(s) or _DATED.search(s):
        return False  # "PS2 is due tonight", "… in the last several years": no lasting fact
    if _headline(words) or _CROSS_REFERENCE.search(s) or last in _MATH_WORDS:
        return False  # a title, "… by fact 8.2", "… is then min": not a statement alone
    tail = s.rsplit(":", 1)[1] if ":" in s else ""
    if (
        re.fullmatch(r"\s*(?:[^\W\d_][\w'’-]*\s*){1,3}[.!]?", tail)
        and not re.search(r"\b(?:and|or)\b", tail)
        and not has_finite_verb(tail)
    ):
        return False  # "X-Plane is behind schedule: two weeks.": a field and its value
    if _telegraphic(words) or _relative_clause_only(s):
        return False  # "Document provides …", "A good resource that explains …"
    # the verb must be the sentence's own: "Bidirectional RNNs (left- and right-hand
    # context)" has none outside its brackets
    return has_finite_verb(_PAREN.sub("", s))


# Course business and claims true only when said: no exam asks them.
_ADMIN = re.compile(
    r"\b(?:is|are)\s+due\b|\bdue\s+(?:today|tonight|tomorrow|next|on|by)\b|\bPS\d"
    r"|\bproblem\s+sets?\b|\boffice\s+hours?\b|\b(?:mid-?term|final)\s+exam\b"
    r"|\btonight\b|\bnext\s+(?:class|session|time|week)\b",
    re.IGNORECASE,
)
_DATED = re.compile(
    r"\b(?:in|over|during)\s+(?:the\s+)?(?:last|past|recent)\s+(?:(?:several|few|\w+)\s+)?"
    r"(?:years|decades|months)\b|\b(?:recently|nowadays|these\s+days|now)\b"
    r"|\b(?:most\s+people|many|some|everyone)\s+would\s+agree\b|\bway\s+too\b|\bstuff\b"
    r"|^(?:a|the|one)\s+(?:key|main|central|important|major)\s+"
    r"(?:topic|theme|question|issue|idea|point)s?\s+(?:is|are|was)\b",
    re.IGNORECASE,
)
_ARTICLE_THEN_FUNCTION = re.compile(  # the second word in lower case: "the A* algorithm"
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:regardless|of|in|on|at|to|for|with|by|from|and|or|but|is|are"
    r"|was|were|the|a|an|that|which)\b"
)
_OBJECT_OPENERS = frozenset(
    "a an the and or each every all some your this these two three four five".split()
)


def _imperative(words: Sequence[str]) -> bool:
    """A base-form verb of any field opening the line, then an object or "and": "List and
    define …", "Draw a picture …" — an instruction to students, not a statement."""
    if len(words) < 3 or not words[0][:1].isupper():
        return False
    first, second = _fold(words[0]), _fold(words[1])
    if second not in _OBJECT_OPENERS and not second.isdigit():
        return False
    return first in verb_lemmas(first)


_ASIDES = frozenset("notice note remember recall observe see assume".split())
_HEDGES = frozenset("probably maybe perhaps possibly hopefully basically actually".split())
_SCENARIO = frozenset("say suppose assume assuming imagine consider let pretend".split())
_WH_WORDS = frozenset("how what why where which whether when who whom whose".split())
_FIGURE_TALK = re.compile(
    r"\b(?:shown|plotted|depicted|drawn|marked|highlighted|colou?red|displayed)\s+(?:in|as|by|on|at)\s+"
    r"(?:green|red|blue|black|orange|yellow|purple|gr[ae]y|bold|the\s+(?:figure|plot|graph"
    r"|picture|image|diagram|chart|table|left|right|top|bottom))\b"
    r"|\b(?:the|this|these|two|both)\s+(?:figures?|plots?|graphs?|diagrams?|pictures?|images?"
    r"|charts?|animations?)\s+(?:illustrates?|shows?|depicts?|demonstrates?)\b",
    re.IGNORECASE,
)
_PREPOSITIONS = frozenset("between by in on for from to with at into over under within".split())


def _participle_only(words: Sequence[str]) -> bool:
    """A noun phrase whose only verb-like words are participles: "Essential shared
    libraries and kernel modules.", "Temporary files preserved between reboots." — no
    determiner opens it, and each "-ed" word sits after an adjective or before a
    preposition, as a modifier does; a finite verb anywhere else makes it a sentence."""
    folded = [_fold(w) for w in words]
    verbs = [
        i
        for i, w in enumerate(folded)
        if i > 0 and folded[i - 1] != "to" and (_is_verb_form(words[i]) or _past_verb(w))
    ]  # "… imposed to evaluate …": an infinitive is no finite verb
    if not verbs:
        return False
    if all(folded[i] == "based" and folded[i + 1 : i + 2] != ["on"] for i in verbs):
        return True  # "The chain rule based formulation of sequence."
    if folded[0] in ("the", "a", "an", "this", "these", "each", "every"):
        return False
    for i in verbs:
        w = folded[i]
        if not w.endswith("ed") or w in _AUX:
            return False
        before = folded[i - 1]
        after = folded[i + 1] if i + 1 < len(folded) else ""
        attributive = (
            before.endswith((*_ADJECTIVE_SUFFIXES, "ly"))
            or before in ("and", "or")
            or (w == "based" and after != "on")  # "The chain rule based formulation"
        )
        reduced = after in _PREPOSITIONS and before.endswith("s")
        if not (attributive or reduced):
            return False
    return True


_MODALS = frozenset("can could may might must should will would".split())
# Verbs that end a sentence well without an object ("Training may diverge.").
_INTRANSITIVE = frozenset(
    """converge diverge vanish explode overfit underfit fail work occur exist vary change
    happen arise differ matter help grow decay stop continue improve increase decrease apply
    hold survive die succeed suffer scale generalize learn agree interact react evolve move
    run wait appear disappear emerge collapse""".split()
)


def _cut_after_verb(folded: Sequence[str]) -> bool:
    """ "Randomization can be used to measure.", "A good fit should reproduce.", "…
    accepts a zip code as input, and outputs.": a bare verb ends the line where its object
    should follow — the object was on the next line, which the slide text lost."""
    if len(folded) < 3:
        return False
    before, last = folded[-2], folded[-1]
    if last in _AUX or last in _INTRANSITIVE:
        return False
    if before == "to":  # "used to measure."; not "hard to train."
        return _is_verb_form(folded[-3]) and (last in _VERBS or verb_only(last))
    if before in _MODALS:
        return last in _VERBS or verb_only(last)
    if before in ("and", "or"):  # "inputs and outputs." is a noun pair: verbs only
        return verb_only(last)
    return False


_CROSS_REFERENCE = re.compile(
    r"\b(?:fact|theorem|lemma|proposition|corollary|definition|eq|equation|section|chapter"
    r"|figure|fig|table|slide|example|exercise)\.?\s+\(?\d|§\s*\d"
    r"|\bthe\s+(?:last|previous|next|above|following|first|second)\s+(?:equation|figure|table"
    r"|slide|example|plot|graph|diagram)\b"  # "… to the left in the last equation …"
    r"|\[\d+(?:\s*[,–-]\s*\d+)*\]|\(\d+(?:\.\d+){1,3}\)",  # "[22]", "(11.1.1)"
    re.IGNORECASE,
)
_MATH_WORDS = frozenset("min max argmin argmax arg inf sup lim sum prod then where".split())
_CAPS_FUNCTION = frozenset("WITH AND OF THE FOR IN TO ON BY FROM VS".split())


def _headline(words: Sequence[str]) -> bool:
    """ "COOPERATIVE GAMES WITH INTERACTIONS …" or "Fair Payouts are Trivial Without
    Interactions": a slide title (capitals on every content word), not a sentence."""
    if any(w in _CAPS_FUNCTION for w in words):
        return True
    content = [w for w in words[1:] if w.lower() not in FUNCTION_WORDS and w.isalpha()]
    capped = [w for w in content if w[:1].isupper() and not _acronymish(w)]
    return len(content) >= 3 and len(capped) >= 0.75 * len(content)


_MASS_ENDINGS = ("ing", "tion", "sion", "ness", "ity", "ism", "ics", "ance", "ence")


def _no_main_verb(sentence: str) -> bool:
    """Whether a sentence is a heading's gerund phrase with a purpose, not a claim: no verb
    before its "to …" or "that …" ("Checking the quality of the base calls to ensure
    that …", "Using deepTools to visualize …"); "Using dropout reduces overfitting" keeps
    its verb."""
    text = re.sub(r"\s*\([^()]*\)", "", sentence)
    text = re.split(r"\b(?:that|which|who|whose|where|when|because|if|so|while)\b", text)[0]
    cut = re.split(r"\bto\s+[a-z]+\b", text)
    words = _WORD_RE.findall(cut[0])
    if not words or len(_WORD_RE.findall(sentence)) < 5:
        return False
    folded = [_fold(w) for w in words]
    if folded[0].endswith("ing") and "VERB" in lexicon_readings(folded[0]):
        rest = " ".join(words[1:])
        if any(w in _AUX for w in folded[1:]) or has_finite_verb(rest):
            return False
        # before a purpose ("… the base calls to ensure …") a word in "-s" is a noun; with
        # none, it may be the verb ("Smoothing introduces bias, …")
        return len(cut) > 1 or not any(
            w.endswith("s") and "VERB" in lexicon_readings(w) for w in folded[1:]
        )
    return False  # a headline ("Fast-food chain to reduce …") is left to the parse


def vague_gloss(gloss: str) -> bool:
    """Whether a gloss names too little to pin its term down: fewer than two words of
    substance ("an alternative approach", "a technique to compute many properties"; "a
    probabilistic classifier" is enough)."""
    vague = _VAGUE_WORDS | _EVALUATIVE | _GENERIC_NOUNS
    return len([w for w in content_tokens(gloss) if w not in vague]) < 2


_VAGUE_WORDS = frozenset(
    """alternative approach technique method way thing things kind type form sort many much
    some various several different other certain particular specific new main key property
    properties aspect aspects stuff""".split()
)


def omits_its_name(sentence: str, topic: str) -> bool:
    """Whether a sentence leaves out the name its heading gives it: "Common law torts for
    accidental injury are abolished" under "New Zealand" is false said alone (round 15)."""
    names = [
        w
        for w in (re.sub(r"['’]s$", "", x) for x in _WORD_RE.findall(topic))
        if len(w) >= 4 and w[:1].isupper() and w[1:].islower() and not lexicon_readings(_fold(w))
    ]
    folded = sentence.casefold()
    return bool(names) and not any(n.casefold() in folded for n in names)


def _telegraphic(words: Sequence[str]) -> bool:
    """ "Document provides some information …": a singular count noun opening a sentence
    with no article, as a bullet jots it, leaves out what the sentence is about."""
    if len(words) < 3 or not words[0][:1].isupper() or _acronymish(words[0]):
        return False
    first, second = _fold(words[0]), _fold(words[1])
    if first in FUNCTION_WORDS or first.endswith(("s", *_MASS_ENDINGS)) or "-" in first:
        return False
    if not (_is_verb_form(second) and second.endswith("s")):
        return False  # "Document provides": a noun, then a verb in "-s"
    plural_rank = word_rank(first + "s")
    return plural_rank is not None and plural_rank < 30_000 and not verb_only(first)


_RELATIVE = re.compile(r"\b(?:that|which|who|whose)\b", re.IGNORECASE)


def _relative_clause_only(s: str) -> bool:
    """ "A good resource that explains backpropagation nicely.": a noun phrase and its
    relative clause, with no verb of its own in the main clause."""
    m = _RELATIVE.search(s)
    if m is None or not re.match(r"(?:a|an|the|one|some)\s", s, re.IGNORECASE):
        return False
    head, rest = s[: m.start()], s[m.end() :]
    if has_finite_verb(head):
        return False
    verbs = [w for w in _WORD_RE.findall(rest) if _is_verb_form(w)]
    return len(verbs) <= 1


_TRIVIA_OR_CONTEXT = re.compile(
    r"\b(?:most|very|quite|extremely|increasingly)\s+popular\b|\bwidely\s+used\b"
    r"|\bwell[- ]known\b|\bthe\s+following\b|\b(?:is|are|as)\s+another\b"
    r"|\bat\s+(?:that|the)\s+time\b|\bin\s+(?:this|that)\s+case\b"
    r"|\banother\s+(?:way|approach|method|option|alternative|example|kind|type|variant)\b"
    r"|^the\s+(?:more|less)\s+[^\W\d_]+\s+(?:alternative|option|approach|way|variant)\b"
    # a study's date and length: "… was conducted by … in 2006 and lasted for 5 months"
    r"|\blasted\s+(?:for\s+)?(?:about\s+)?\d+\s+(?:days|weeks|months|years)\b"
    # "Hilary Putnam had his doubts": a person's view, said of whom the slide knew
    r"|\b(?:his|her)\s+(?:doubts|view|views|opinion|thoughts|concerns)\b",
    re.IGNORECASE,
)
# A slide's slips and cut lines that a question would repeat: "a inverted-U shaped …"
# (the article), "… the de-facto standard in Bioconductor, but most of base" (a clause
# cut before its verb)
_SLIPS = re.compile(
    r"\ba\s+(?!uni|use|usu|eu|one|once|ur[aei])[aeio]\w"
    r"|\b(?:to|of|with|from)\s+(?:on|in|at|of)\s+the\b"  # "… similarly to on the head"
    r"|(?:^|\s)[A-D]:\s.*\s[B-E]:\s"  # "A: … B: …": a quiz's options run together
    r"|\b(?:is|are)\s+when\b"  # "Anomalous liquids are when the slope …": no definition
    r"|,\s*but\s+(?:most|some|many|all|few|much)\s+of\s+[^\W\d_]+\.?$",
    re.IGNORECASE,
)
# "… at lower temperature TRtransports cold water …": a symbol glued to the next word
_GLUED = re.compile(r"\b[A-Z]{2,3}[a-z]{5,}\b")
# Self-praise and taste, in a statement or a gloss: "the most trusted and by far the
# largest source", "the community of choice for …", "boring": no exam asks them.
_SELF_PRAISE = re.compile(
    r"\bby\s+far\b|\bof\s+choice\b|\bworld['’]?s\s+(?:leading|largest|best|first)\b"
    r"|\bmost\s+(?:trusted|respected|prestigious|influential|famous|successful|recognized)\b"
    r"|\b(?:boring|tedious|fun|exciting|awesome|amazing|annoying)\b"
    # what people hold, not what is: "Most agree that …", "… are subject to debate"
    r"|^(?:most|many|some)\s+(?:agree|believe|argue|think|feel|say)\b"
    r"|\bsubject\s+to\s+(?:debate|discussion|dispute)\b",
    re.IGNORECASE,
)
_ADVERB_END = re.compile(r"[^\W\d_]{2,}(?:ally|ely|ctly|ntly|ously|ively|ably|ibly|edly)$")
_ADJECTIVE_END = re.compile(r"(?:ate|ent|ant|ive|al|ous|ful|able|ible|ic)$")


def _fused_heading(words: Sequence[str]) -> bool:
    """ "Response by retrieval Respond with …": a capitalised verb or function word right
    after a lower-case word, no stop between — a slide heading and its first bullet
    read as one sentence."""
    for prev, word in itertools.pairwise(words):
        if not (prev.isalpha() and prev.islower() and word.istitle() and word != "I"):
            continue
        low = word.lower()
        if low in FUNCTION_WORDS or low in _VERBS or verb_only(low):
            return True
    return False


def _noun_subject(folded: Sequence[str]) -> bool:
    """Whether a sentence opening with a word that can be a verb ("Model", "Group") opens
    with a noun phrase instead: "Model size is critical …" (an auxiliary within three
    words, no determiner right after the first word, as in "Store each weight …")."""
    if len(folded) < 3 or folded[1] in FUNCTION_WORDS:
        return False
    return any(w in _AUX for w in folded[1:4])


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
