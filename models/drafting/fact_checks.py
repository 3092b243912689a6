"""Is a phrase a term, a line a gloss, a sentence a fact? The checks `facts` applies
to slide text before anything becomes a question, and the tidying of what passes."""

from __future__ import annotations

import math
import re

from models.drafting.slide_units import (
    _ends_open,
    split_sentences,
)
from models.drafting.wording_flags import (
    _SELF_PRAISE,
    _SLIPS,
    _TRIVIA_OR_CONTEXT,
    lost_ligature,
    title_case_heading,
)
from models.drafting.words import (
    _AUX,
    _MATH_CHARS,
    _NON_TERM_LABELS,
    _PERSONAL,
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
    _plain_case,
    _singular,
    content_tokens,
    has_finite_verb,
    is_prose,
    lexicon_readings,
    verb_lemmas,
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


_GLOSS_LEAD_IN = re.compile(
    r"^(?:(?:the\s+)?(?:definition|concept|notion|meaning|idea)\s+of|(?:compare[ds]?|contrast(?:ed)?)"
    r"\s+(?:to|with))\s+(?=\w)",
    re.IGNORECASE,
)


def _clean_term(term: str) -> str:
    acronym = re.search(r"\(([A-Z][A-Za-z]{1,7})\)", term)
    term = _PAREN.sub("", term).strip(" \"'“”‘’*:;,.")
    term = re.sub(r"^(?:[IVX]{1,4}|\d{1,2}|[a-h])[.)]\s+(?=\w)", "", term)  # "IV. Placebos"
    term = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.IGNORECASE)
    # "Definition of AUC", "Compare to pharmacodynamics": a lead-in to the term it glosses
    term = _GLOSS_LEAD_IN.sub("", term)
    # "A language's syntax is …" defines syntax; "Newton's laws" keep their name
    term = re.sub(r"^[a-z][\w-]*['’]s\s+(?=\w)", "", term)
    term = re.sub(r"\s+", " ", term).strip()
    words = term.split()
    while len(words) > 1 and _fold(words[0]) in _WEAK_WORDS:
        if acronym and words[0][:1] == acronym.group(1)[0] != words[1][:1].upper():
            break  # "General Data Protection Regulation (GDPR)": the acronym spells it
        words = words[1:]  # "simple learning rule" → "learning rule"
    return " ".join(words)


# a quantity of things ("couple of approaches", "a number of methods", "variety of
# tests"): the label counts what follows, it is no term
_QUANTITY_OF = re.compile(
    r"^(?:an?\s+)?(?:couple|few|number|lot|lots|variety|range|handful|bunch|series|pair"
    r"|list|set|group|host|plenty|dozens?|hundreds?|thousands?)\s+of\b",
    re.IGNORECASE,
)


def _term_ok(term: str, strict: bool = True, structural: bool = False) -> bool:
    """Whether a phrase can be a key term: a noun phrase or name, not a remark or a clause."""
    if not term or _NON_TERM_LABELS.match(term) or _URL.search(term):
        return False
    words = _WORD_RE.findall(term)
    if not 1 <= len(words) <= 6 or len(term) > 60:
        return False
    # one slash joining two words names a pair as one thing ("Mind/Brain Identity Theory",
    # "Client/Server model", "TCP/IP"); spaced or repeated, it lists ("quantize / prune")
    joined = re.sub(r"(?<=[^\W\d_]{2})/(?=[^\W\d_]{2})", "", term, count=1)
    if any(c in _MATH_CHARS or c in '()[]{}/\\<>@#$%;:?!,"“”' for c in joined):
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
    if _QUANTITY_OF.match(term):
        return False  # "A couple of approaches:" leads in to the approaches, names none
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
    # a one-letter word is a symbol ("x", "P"), but "as a" inside a name is not: "Software
    # as a Service", "Software as a product" ("Booking a hotel" is an action, no name)
    inner_a = [w for k, w in enumerate(words[1:-1], 1) if w == "a" and words[k - 1] == "as"]
    if sum(1 for w in words if len(w) == 1) > len(inner_a) and not _acronymish(term):
        return False
    if len(words) == 1:
        return single_word_term(words[0], structural=structural or not strict)
    if _ABOUT_A_TERM.match(term):
        return False  # "Applications in toxicology", "Advantages of MoE": about a term
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
    result results
    perspective story picture overview summary example examples""".split()
)
# a label about a term rather than one: "Applications in toxicology", "Types of caches"
_ABOUT_A_TERM = re.compile(
    r"^(?:applications?|uses|advantages|disadvantages|benefits|drawbacks|limitations"
    r"|challenges|examples|types|kinds|importance|role|goals|properties|features|causes"
    r"|consequences|effects|pros|cons|components|parts|elements|stages|steps|phases|levels"
    r"|categories|classes|aspects|sources|forms)\s+(?:of|in|for|to|on)\s",
    re.IGNORECASE,
)
# a gloss that judges its term rather than saying what it is
_JUDGEMENT = re.compile(
    r"^(?:an?|the)\s+(?:(?:very|really|quite)\s+)?(?:solid|good|great|useful|powerful|nice"
    r"|valuable|excellent|strong|poor|bad|reasonable|promising|crucial|important|essential"
    r"|effective|natural|sensible|handy|convenient|fundamental)\s+(?:foundation|tool|way|choice"
    r"|idea|step|start|starting\s+point|basis|candidate|option|alternative|component|part"
    r"|ingredient|example|baseline|default|fit|match|thing)s?\b",
    re.IGNORECASE,
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


# what a slide calls a step of its argument or of the lesson, never the thing glossed
_DISCOURSE_LABELS = frozenset(
    """remark observation claim theorem lemma proof corollary proposition conjecture recap
    reading lesson review aside caveat warning tip fact principle rule point statement
    takeaway message comment reminder finding""".split()
)


def glossed_word_term(term: str) -> bool:
    """One common noun that an article gloss on the next line says the kind of
    ("Product" / "A man-made artifact sold to customers in a market"): a term by that
    layout, though too common to be one alone; never a label ("Storage", "Idea")."""
    words = _WORD_RE.findall(term)
    if len(words) != 1 or not _plain_case(words[0]):
        return False
    w = _fold(words[0])
    if len(w) < 4 or w in _WEAK_WORDS or w in FUNCTION_WORDS or w in _GENERIC_NOUNS:
        return False
    if w in _DISCOURSE_LABELS or _singular(w) in _DISCOURSE_LABELS:
        return False  # "Claim" / "A necessary condition for …": the argument's step
    if w.endswith(_ADJECTIVE_SUFFIXES) and not w.endswith(_NOUN_SUFFIXES):
        return False
    # a verb too ("Project", "Process") is a noun under its article gloss
    return "NOUN" in lexicon_readings(w) and not _NON_TERM_LABELS.match(term)


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
    if title_case_heading(d) and not _expands(term, d):
        return False  # "Empirical Challenge: Identifying Power from Prices": two headings
    if re.match(r"(?:no|not|none|never|without)\b", d, re.I):
        return False  # "Parallel processing = no information about word position": a claim
    if _JUDGEMENT.match(d):
        return False  # "a solid foundation for evaluation": a judgement, not what it is
    if lost_ligature(d):
        return False  # "wrongfully-gained prots": the PDF lost a ligature
    if _SUBTITLE.match(d):
        return False  # "Tracking Ecosystem Change / The case of coral reefs": a subtitle
    if any(_fold(w) in _POINTING_BACK for w in words):
        return False  # "the study of these processes": of which, the slide said above
    if _COLON.match(d) and _term_ok(_clean_term(_COLON.match(d).group("term"))):  # type: ignore[union-attr]
        return False  # "Step 1: ...", a second label
    if d.count("/") >= 2 and len(words) <= 8:
        return False  # "quantize / prune / factorize": a list, not a gloss
    named = {_fold(w) for w in _WORD_RE.findall(term)}
    beyond = " ".join(w for w in _WORD_RE.findall(d) if _fold(w) not in named)
    if re.match(r"(?:a|an|the)\s", d, re.I) and vague_gloss(beyond):  # vague if `d` is
        # "Bézier curve: an interpolating curve": beyond the term's own words, one modifier
        return False  # "Computing liveness: an alternative approach": any term could be meant
    if re.match(r"(?:see|cf\.?|and|or)\b", d, re.I) or re.search(r"\bnext\s+slide", d, re.I):
        return False  # "registers: see next slide", "Useful links: and for other …"
    if re.match(
        r"(?:(?:an?\s+)?(?:bit|little|lot)\s+|much\s+|far\s+|somewhat\s+|slightly\s+)?"
        r"(?:more|less|better|worse|easier|harder|simpler|faster|slower|cheaper)\b(?!.*\bthan\b)",
        d,
        re.I,
    ):
        return False  # "Quality control: a bit easier with close ended questions": than what?
    if re.search(r"\b(?:with|for|of|and)\s+(?:multiple|several|many|various)\.?$", d, re.I):
        return False  # "… for Time Series with Multiple": cut before its noun
    if re.search(r"\b[a-z]+\s+(?:Still|But|And|The|If|So|Then|Also|Yet)\s+[a-z]", d):
        return False  # "If woman gets pregnant, man will marry her Still problem of …"
    after = re.search(r";\s*([a-z]+)\b", d)
    if after and after.group(1) in verb_lemmas(after.group(1)):
        return False  # "routes complex cases to humans; log outcomes …": two instructions
    if re.search(r"\b(?:themselves|itself)\b", d, re.I):
        return False  # "Regular expressions: a language unto themselves": said of its term
    if re.search(r"\bby\s+(?:the\s+)?[A-Z]", d) and _TRIVIA_OR_CONTEXT.search(d):
        return False  # "an open source product supported by the Center for …": who backs it
    return not _REFERENCE.search(d) and not _SELF_PRAISE.search(d) and not _SLIPS.search(d)


def _expands(term: str, gloss: str) -> bool:
    """ "LSTM: Long Short-Term Memory": a title-case gloss that spells out its acronym."""
    from models.drafting.facts import acronym_matches  # facts imports this module

    return acronym_matches(_PAREN.sub("", term).strip(), gloss)


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


def vague_gloss(gloss: str) -> bool:
    """Whether a gloss names too little to pin its term down: fewer than two words of
    substance ("an alternative approach", "a technique to compute many properties"; "a
    probabilistic classifier" is enough)."""
    vague = _VAGUE_WORDS | _EVALUATIVE | _GENERIC_NOUNS
    return len([w for w in content_tokens(gloss) if w not in vague]) < 2


_VAGUE_WORDS = frozenset(
    """alternative approach technique method way thing things kind type form sort many much
    some various several different other certain particular specific new main key property
    properties aspect aspects stuff formula generalized generalised improved modified
    extended simplified special""".split()
)


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
