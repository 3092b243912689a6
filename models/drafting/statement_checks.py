"""Is a sentence a fact a question can state alone? The checks `facts` applies to each
sentence of a slide before it becomes a true/false statement or a stem."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from models.drafting.fact_checks import (
    _ADJECTIVE_SUFFIXES,
    _EVALUATIVE,
    _PAREN,
    _strip_parens_urls,
)
from models.drafting.sentence_parse import finite_clause
from models.drafting.slide_units import _ends_open
from models.drafting.wording_flags import (
    _ADMIN,
    _DATED,
    _GLUED,
    _SELF_PRAISE,
    _SLIPS,
    _TRIVIA_OR_CONTEXT,
    lost_ligature,
)
from models.drafting.words import (
    _AUX,
    _COMPARATIVE,
    _DEMONSTRATIVES,
    _LOGISTICS_WORDS,
    _PERSONAL,
    _POINTERS,
    _PRONOUN_START,
    _REFERENCE,
    _SUBORDINATORS,
    _VERBS,
    _WORD_RE,
    FUNCTION_WORDS,
    _acronymish,
    _fold,
    _is_verb_form,
    _past_verb,
    has_finite_verb,
    is_prose,
    lexicon_readings,
    verb_lemmas,
    verb_only,
    word_rank,
)

# what a class task does is trivia ("The python exercise calculates …"); true/false reads it
# again once the wording has put its article before the slide's bare "Python exercise"
CLASS_TASK = re.compile(
    r"(?:the|this|our|your)\s+(?:\w+\s+)?(?:exercise|assignment|homework|lab|notebook|demo"
    r"|task|quiz|tutorial)\b(?!\s+of\b)",
    re.IGNORECASE,
)

# a subject that is one entry of the slide's numbered choices ("Option III", "Case 2",
# "Approach B"): no student knows which one it is without the slide. Not "Type 2
# diabetes" or "Phase 1 trials": those numbers are part of a name.
_NUMBERED_CHOICE = re.compile(
    r"^(?:the\s+)?(?:option|case|scenario|alternative|approach|method|strategy|solution"
    r"|variant|design|plan|choice|setting|configuration)\s+(?:\d{1,2}|[IVX]{1,4}|[A-D])\b(?!-)",
    re.IGNORECASE,
)


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
    if CLASS_TASK.match(s):
        return False  # "The python exercise calculates …": what a class task does, trivia
    if _NUMBERED_CHOICE.match(s):
        return False  # "Option III uses two indexes …": which option, the slide's list says
    if (
        folded[0] in ("especially", "particularly", "even", "only", "mainly")
        and folded[1] in ("if", "when", "because", "since", "though", "while", "where")
        and "," not in s
    ):
        return False  # "Especially if the specification is only in someone's head": no claim
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
    if _LEGEND.match(s):
        return False  # "SC indicates a Schwann cell process …": a figure's legend
    if _RESULT_OF_WHAT.match(s):
        return False  # "The net result increases …": of what, the line above said
    if _WORKED_CASE.search(s) or len(re.findall(r"[$€£¥]\s?\d", s)) >= 2:
        return False  # "T2 reads T1's data after …", "… balance $500 … deposits $200": a case
    if re.search(r"\b(?:i\.\s?e|e\.\s?g)\.?,?\s+(?:[\w'’-]+\s+){0,2}[\w'’-]+\.?$", s, re.I):
        return False  # "…, i.e. for same.": the explanation was on lines the text lost
    if re.match(r"(?:clearly|obviously|of\s+course|surely)\b", s, re.I) or re.search(
        r"\b(?:is|are|was|were)\s+that\s+(?:for|of|in|on|at|with)\b", s, re.I
    ):
        return False  # "Clearly that doesn't change …", "Ji is that for the …": a remark, a pointer
    if re.search(r"\bas\s+follows\W*$", s, re.I):
        return False  # "… is extended to ALC concept descriptions as follows.": the rest lost
    run_in = re.match(r"([^,]{3,80}),\s+([a-z]+)\b", s)
    if (
        run_in
        and not has_finite_verb(run_in.group(1))
        and run_in.group(2).endswith("s")
        and verb_only(run_in.group(2))
    ):
        return False  # "Piecewise-cubic curve, allows to achieve …": a label run into its gloss
    if _JUDGEMENT_ONLY.search(s):
        return False  # "The market value of equity … is straightforward.": a judgement, no fact
    if _GLUED.search(s) or lost_ligature(s):
        return False  # "TRtransports": words glued by the PDF; "prots": a ligature lost
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
    # (or a verb the word lists do not know, as the parse reads it: "… uses rates …")
    return has_finite_verb(_PAREN.sub("", s)) or finite_clause(_PAREN.sub("", s))


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


# A claim whose whole predicate is a judgement: true or false by taste, not by the subject.
_JUDGEMENT_ONLY = re.compile(
    r"\b(?:is|are)\s+(?:not\s+)?(?:very\s+|quite\s+|rather\s+|fairly\s+|relatively\s+)?"
    r"(?:straightforward|easy|simple|hard|difficult|important|useful|crucial|essential|powerful"
    r"|complex|complicated|tricky|interesting|challenging|nontrivial|non-trivial|trivial"
    r"|intuitive|elegant|convenient|key|critical|vital|helpful)\.?$",
    re.IGNORECASE,
)
# The actors of a worked case, one letter numbered: "T1 … T2", "P1 sends to P2".
_WORKED_CASE = re.compile(r"\b([A-Z])\d\b.*\b\1\d\b")
_ASIDES = frozenset("notice note remember recall observe see assume".split())
_HEDGES = frozenset("probably maybe perhaps possibly hopefully basically actually".split())
_SCENARIO = frozenset("say suppose assume assuming imagine consider let pretend".split())
_WH_WORDS = frozenset("how what why where which whether when who whom whose".split())
_FIGURE_TALK = re.compile(
    r"\b(?:shown|plotted|depicted|drawn|marked|highlighted|colou?red|displayed)\s+(?:in|as|by|on|at)\s+"
    r"(?:green|red|blue|black|orange|yellow|purple|gr[ae]y|bold|colou?rs?|italics?"
    r"|the\s+(?:figure|plot|graph"
    r"|picture|image|diagram|chart|table|left|right|top|bottom))\b"
    r"|\b(?:the|this|these|two|both)\s+(?:figures?|plots?|graphs?|diagrams?|pictures?|images?"
    r"|charts?|animations?)\s+(?:illustrates?|shows?|depicts?|demonstrates?)\b",
    re.IGNORECASE,
)
# a figure's legend: a one-to-three-letter label, then what it marks ("SC indicates a
# Schwann cell process …", round 23); the label means nothing without the picture
# a result or effect named with "the" and nothing saying of what (round 24)
_RESULT_OF_WHAT = re.compile(
    r"the\s+(?:net\s+|end\s+|overall\s+|final\s+|main\s+)?(?:result|effect|outcome"
    r"|consequence|answer|difference|upshot)\s+(?!of\b|that\b|which\b)",
    re.IGNORECASE,
)
_LEGEND = re.compile(r"^[A-Z][A-Za-z]{0,2}\s+(?:indicates|denotes|marks|points\s+to|labels)\b")
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
