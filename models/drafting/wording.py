"""Small text helpers for built questions: terms inside sentences, quotes, blanks,
number agreement when one term replaces another."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from models.drafting.facts import (
    Fact,
)
from models.drafting.phrasing import (
    _third_person_base,
    heading_name,
    predicate,
    third_person,
)
from models.drafting.sentence_parse import (
    _main_subject,
    bare_subject,
    has_subject_and_verb,
    verb_disagreeing,
)
from models.drafting.vocabulary import (
    Term,
)
from models.drafting.words import (
    has_finite_verb,
    norm_key,
    word_rank,
)

_FUNCTION_BEFORE = frozenset(
    """a an the of to in on at for with by from as is are was were be been by via
    than that which its their this these those both each every all any some no not into
    onto over under about between using called named known""".split()
)
_MAX_STEM_QUOTE = 260


# --- small text helpers ----------------------------------------------------------------------


def _display(text: str) -> str:
    """An option as shown: first letter capital unless the word is an acronym/name."""
    text = " ".join(text.split()).strip(" .;,:")
    if not text:
        return text
    first = text.split()[0]
    if (
        first[:1].islower()
        and not any(c.isupper() for c in first[1:])
        and not any(c.isdigit() for c in first)
    ):
        return text[0].upper() + text[1:]
    return text


# Head nouns that usually go without an article ("Gradient clipping sets …", "Attention
# weighs …"): processes, qualities and fields; a count noun gets "the" ("The forget gate …").
_MASS_ENDINGS = ("ing", "tion", "sion", "ment", "ity", "ness", "ance", "ence", "ism", "sis",
                 "ogy", "ics", "age", "ory", "ry", "cy", "ure")  # fmt: skip
_HEAD_STOPS = frozenset("of through for with in on to from by over under".split())
_COUNT_EXCEPTIONS = frozenset("function distribution equation operation".split())
_MASS_WORDS = frozenset(
    "descent data information knowledge attention memory research software hardware "
    "feedback noise text speech margin "
    # everyday mass nouns a bare subject may have ("Published work on … has proceeded")
    "work evidence advice equipment progress behaviour behavior traffic money energy power "
    "time music literature weather health wealth trade water".split()
)


def _count_seen(noun: str, context: str) -> bool:
    """Whether `context` uses a noun as a count noun: in the lower-case plural
    ("postconditions", "weaker versions"). A "-tion" or "-ment" word is a mass noun by
    default ("Regularization reduces …"); this is the evidence that it is not. ("an
    attention layer" is no evidence: the noun there modifies another.)"""
    low = noun.lower()
    if not low.isalpha() or low.endswith("ing"):
        return False
    plural = low[:-1] + "ies" if low.endswith("y") and low[-2:-1] not in "aeiou" else low + "s"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        plural = low + "es"
    return bool(re.search(rf"(?<![\w-]){re.escape(plural)}(?![\w-])", context))


def _is_mass(noun: str, context: str = "") -> bool:
    low = noun.lower()
    mass = (low.endswith(_MASS_ENDINGS) and low not in _COUNT_EXCEPTIONS) or low in _MASS_WORDS
    return mass and not (context and _count_seen(low, context))


def _indefinite(word: str) -> str:
    """ "a" or "an" before a word, by its sound as far as spelling tells it."""
    low = word.lower()
    vowel = low[:1] in tuple("aeiou") and not low.startswith(("uni", "use", "usu", "eu", "one"))
    return "an" if vowel or low.startswith(("hour", "honest", "honor", "honour")) else "a"


# capitalised words, also joined by a small word ("Conference on Human Factors"): a span
# is lowered whole or not at all, so a longer name keeps every capital
_CAPITAL_SPAN = re.compile(
    r"(?<![\w-])[A-Z][\w'’-]*(?:(?:\s+(?:and|or|of|on|in|for|the|to|&))?\s+[A-Z][\w'’-]*)+"
    r"(?![\w-])"
)
_TITLE_WORD = re.compile(r"[A-Z][a-z]{2,}(?:-[A-Z]?[a-z]+)*")  # not "Vp", "Vs": symbols


def lower_title_case(sentence: str, context: str) -> str:
    """Slide Title Case inside a sentence in lower case where the deck writes the same words
    in lower case: "Finite Volumes that can vary …" → "Finite volumes …" when the deck says
    "finite volume method". A name the deck always capitalises ("Human Development Index",
    "Hidden Markov Model"), or one inside a longer name ("ACM Conference on Human Factors
    in Computing Systems", "The Ising Model and Phase Transitions"), keeps its capitals."""

    def seen_lower(run: list[str]) -> bool:
        words = [w.lower() for w in run]
        last = re.escape(words[-1])
        if words[-1].endswith("s"):
            last = f"(?:{last}|{re.escape(words[-1][:-1])})"
        body = r"[\s-]+".join([*(re.escape(w) for w in words[:-1]), last])
        return bool(re.search(rf"(?<![\w-]){body}(?:s|es)?(?![\w-])", context))

    def lower(m: re.Match[str]) -> str:
        span = m.group(0)
        before = sentence[: m.start()].rstrip()
        starts = not before or before.endswith((".", ":", "!", "?"))
        tokens = span.split()
        runs: list[list[str]] = [[]]
        joins: list[str] = []  # the small word after each run
        for tok in tokens:
            if tok[:1].isupper():
                runs[-1].append(tok)
            elif runs[-1]:
                joins.append(tok.lower())
                runs.append([])
        for i, run in enumerate(runs):
            if not all(_TITLE_WORD.fullmatch(w) for w in run):
                return span  # "ACM", "S4": an acronym or code in the span makes it a name
            if len(run) == 1 and i == 0 and starts and joins[:1] in (["and"], ["or"]):
                continue  # "Ergonomics and Human Factors …": a first word is capitalised
                # anyway ("Department of Music" is one name: no such pass)
            if not seen_lower(run):
                return span
        out = span.lower()
        return out[:1].upper() + out[1:] if starts else out

    return _CAPITAL_SPAN.sub(lower, sentence)


def _capitalised_inside(word: str, context: str) -> bool:
    """Whether `context` writes a capitalised word inside a sentence, as a name is written
    ("… by Newton"), not only where a line or sentence starts."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", context):
        before = context[: m.start()].split("\n")[-1].rstrip()
        if before and before[-1].isalnum():
            return True
    return False


def with_article(sentence: str, context: str) -> str:
    """A slide sentence with the article its bare singular subject lacks: "Postcondition is
    an exported assertion" → "A postcondition is …", "Strong version of H-O theory is …" →
    "The strong version …", "Like …, Fourier transform can be …" → "…, the Fourier
    transform …". Mass nouns ("Information is …", "Gradient clipping sets …"), names,
    plurals and subjects with a determiner stay as they are; `context` (the slide's text)
    tells a count noun ("postconditions") and a common word from a name."""
    sub = bare_subject(sentence)
    if sub is None:
        return sentence
    words = sub.phrase.split()
    first = words[0]
    at_start = sub.start == 0
    lowered = first
    if at_start and first[:1].isupper():
        low = first.lower()
        if not (first.isalpha() and len(first) > 1 and first[1:].islower()):
            return sentence  # "R, as a language, …", "P-wave velocity …": a name or symbol
        named_elsewhere = _capitalised_inside(first, context)
        lower_seen = re.search(rf"(?<![\w-]){re.escape(low)}(?:s|es)?(?![\w-])", context)
        if named_elsewhere and not lower_seen:
            return sentence  # "Newton method …": capitalised mid-sentence too, a name
        if not lower_seen and word_rank(low) == math.inf:
            return sentence
        lowered = low
    if len(words) == 1 and not sub.postmodified:
        # one word alone: a count noun only where the deck writes its plural
        # ("Postcondition is …" beside "postconditions"); "Recall depends on …", "Stress
        # makes a syllable …" name a concept and read right without an article
        if not _count_seen(sub.head, context):
            return sentence
        mass = False
    else:
        mass = _is_mass(sub.head) or sub.head.lower().endswith("ing")
        if mass and not sub.postmodified:
            return sentence
    phrase = sub.phrase.replace(first, lowered, 1) if lowered != first else sub.phrase
    if not sub.postmodified and len(words) > 1 and _said_bare(phrase, context):
        return sentence  # "Intellectual property has an owner …": the deck's own usage
    if sub.classifying and not sub.postmodified and not mass:
        article = _indefinite(phrase)
    else:
        article = "the"
    if at_start:
        article = article.capitalize()
    end = sub.start + len(sub.phrase)
    return f"{sentence[: sub.start]}{article} {phrase}{sentence[end:]}"


_DETERMINER = frozenset(
    "the a an this that these those its their our your his her each every any some no such".split()
)


def _said_bare(phrase: str, context: str) -> bool:
    """Whether the deck writes the phrase inside its sentences mostly with no determiner
    ("… to intellectual property", "… of neurotransmitter release"): a concept named as
    a mass, which reads wrong with "The" before it at the start of a statement."""
    bare = det = 0
    for m in re.finditer(rf"([A-Za-z]+)\s+{re.escape(phrase)}(?![\w-])", context, re.IGNORECASE):
        if m.group(1).lower() in _DETERMINER:
            det += 1
        else:
            bare += 1
    return bare >= 2 and bare > 2 * det


def _as_subject(term: str, start: bool = True, lower_seen: bool = False, context: str = "") -> str:
    """A term as the subject of a sentence: "The forget gate" for a singular count noun
    ("Forget gate controls …" reads as a slide label), names, acronyms, plurals and mass
    nouns as they are ("LSTM", "Naïve Bayes", "Transformers", "Gradient clipping").
    `lower_seen`: the deck also writes the term in lower case; `context`: the slide's text,
    where a "-tion" word may show it is a count noun ("postconditions")."""
    inline = _inline(term)
    words = inline.split()
    if (
        lower_seen
        and len(words) > 1
        and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
    ):
        # slide Title Case ("Forget Gate") of a term the deck also writes in lower case;
        # a name ("Hidden Markov Model", "Adam Optimizer") never is
        inline = " ".join(w.lower() for w in words)
        words = inline.split()
    if not words or _is_plural(term) or any(c.isdigit() for c in inline):
        return _display(term) if start else inline
    # the head noun comes before a preposition: "backpropagation (through time)"
    cut = next((i for i, w in enumerate(words) if i > 0 and w.lower() in _HEAD_STOPS), len(words))
    head = words[cut - 1]
    proper = any(w[:1].isupper() for w in words[1:]) or any(
        sum(c.isupper() for c in w) > 1 for w in words
    )
    if len(words) == 1 and not (
        head[1:].islower() and (lower_seen or word_rank(head.lower()) < math.inf)
    ):
        proper = True  # a single coined word or acronym: "SmoothQuant", "GPT"
    # a "-tion" word alone may show it is countable ("postconditions"); in a longer term
    # the plural is no evidence ("Random attention" beside "attentions")
    mass = _is_mass(head, context if len(words) == 1 else "")
    if " and " in f" {inline.lower()} " or " or " in f" {inline.lower()} ":
        mass = True  # "Bait and switch": one practice named by two nouns takes no "the"
    if proper or mass or not head.isalpha():
        return _display(inline) if start else inline
    if len(words) == 1 and head[:1].isupper():
        if not lower_seen:
            return _display(inline)  # "Flamingo", "Javascript": a name, as the deck writes it
        inline = inline.lower()  # "Stress" as a bullet starts it, "stress" in the text
    return f"{'The' if start else 'the'} {inline}"


def _inline(text: str) -> str:
    """A term inside a sentence: a bullet's capital dropped ("Linear quantization" →
    "linear quantization"), names and acronyms kept ("Hidden Markov Models", "LSTM")."""
    text = _display(text)
    words = text.split()
    if (
        words
        and words[0][:1].isupper()
        and words[0][1:].islower()
        and len(words) > 1
        and not (words[1][:1].isupper() and words[1][1:].islower())
        and word_rank(words[0]) < math.inf
    ):
        return words[0].lower() + text[len(words[0]) :]
    return text


def _quote(text: str) -> str:
    text = " ".join(text.split()).strip()
    text = text.rstrip(" .;,:")
    return f"“{text}”"


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    text = text.rstrip(" ;,:!")
    if text and text[-1] not in ".?":
        text += "."
    first = text.split()[0] if text else ""
    if first[:1].islower() and not any(c.isupper() or c.isdigit() for c in first[1:]):
        text = text[0].upper() + text[1:]
    return text


def _slug(text: str) -> str:
    s = re.sub(r"[^\w]+", "-", norm_key(text)).strip("-")
    return s[:40]


def _tags(*parts: str) -> tuple[str, ...]:
    out: list[str] = []
    for p in parts:
        s = _slug(p)
        if s and s not in out and len(s) >= 2:
            out.append(s)
    return tuple(out[:3])


def _words(text: str) -> int:
    return len(text.split())


def _term_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    alts: list[str] = []
    for form in sorted(set(forms), key=len, reverse=True):
        parts = [re.escape(p) for p in re.split(r"[\s\-]+", form.strip()) if p]
        if not parts:
            continue
        body = r"[\s\-]+".join([*parts[:-1], parts[-1] + r"(?:s|es)?"])
        alts.append(body)
    if not alts:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def _forms(term: Term | None, text: str) -> list[str]:
    forms = [text]
    if term is not None:
        forms += [term.text, *term.forms]
    return [f for f in forms if f]


def _agree(original: str, replacement: str) -> str:
    """Number agreement when a term replaces another: "encodings" → "embeddings"."""
    r_words = replacement.split()
    r_last = r_words[-1]
    o_plural, r_plural = _is_plural(original), _is_plural(replacement)
    if o_plural == r_plural or not r_last.isalpha():
        return replacement
    if o_plural:
        if r_last.isupper():
            r_words[-1] = r_last + "s"
        elif r_last.islower() or r_last.istitle():
            r_words[-1] = r_last[:-1] + "ies" if r_last.endswith("y") else r_last + "s"
    elif len(r_last) > 3:
        r_words[-1] = r_last[:-3] + "y" if r_last.endswith("ies") else r_last[:-1]
    return " ".join(r_words)


def _is_plural(phrase: str) -> bool:
    """Whether a noun phrase is plural: "encodings", "LSTMs", "Transformers" (not "Bayes")."""
    last = phrase.split()[-1] if phrase.split() else ""
    low = last.lower()
    if not low.endswith("s") or low.endswith(("ss", "us", "is", "ys")) or len(low) < 3:
        return False
    if last[:-1].isupper():
        return last[-1] == "s"  # "LSTMs"; "UAS" (unlabeled attachment score) is one thing
    sibilant = low.endswith(("ches", "shes", "sses", "xes", "zes"))
    return (
        last.islower()
        or word_rank(low[:-1]) < 80_000
        or (sibilant and word_rank(low[:-2]) < 80_000)
    )


def _replace_term(text: str, pattern: re.Pattern[str], replacement: str, agree: bool = True) -> str:
    def sub(m: re.Match[str]) -> str:
        new = _agree(m.group(0), replacement) if agree else replacement
        if m.start() == 0 or text[: m.start()].rstrip().endswith((".", ":", "“", '"')):
            return new[:1].upper() + new[1:]
        if new.split()[0].istitle() and not m.group(0)[:1].isupper() and len(new.split()) > 1:
            return new  # keep the deck's spelling
        return new

    return pattern.sub(sub, text)


def _coverage(needle: Sequence[str], bag: set[str]) -> float:
    if not needle:
        return 0.0
    return sum(1 for t in needle if t in bag) / len(needle)


_GENERIC_TOPIC = re.compile(
    r"^(?:how\s+it\s+works|limitations?|summary|overview|motivation|introduction|recap|intro"
    r"|background|conclusions?|examples?|results?|discussion|definitions?|notation|outline"
    r"|key\s+(?:ideas?|points?|terms?)|main\s+ideas?|basics|details|why\b.*|what\b.*|how\b.*)$",
    re.IGNORECASE,
)


def _context_phrase(fact: Fact, term: str) -> str:
    """The slide's topic to put in a stem ("In the context of ..."), or "" when it adds nothing."""
    topic = re.sub(r"^(?:the|a|an)\s+", "", heading_name(fact.topic), flags=re.IGNORECASE)
    topic = re.sub(
        r"^(?:more|some|other|further|examples? of|recent developments:?)\s+",
        "",
        topic,
        flags=re.IGNORECASE,
    )
    bare = norm_key(re.sub(r"\([^()]*\)", " ", topic))
    if not topic or norm_key(term) in bare or bare in norm_key(term):
        return ""
    if len(topic.split()) > 8 or "," in topic or ";" in topic or _GENERIC_TOPIC.match(topic):
        return ""
    words = topic.split()
    later = [w for w in words[1:] if w.casefold() not in _FUNCTION_BEFORE]
    if (
        words
        and words[0][:1].isupper()
        and words[0][1:].islower()
        and not any(w[:1].isupper() for w in later)
    ):
        topic = " ".join([words[0].lower(), *words[1:]])
    return topic


def _fits(text: str, limit: int = _MAX_STEM_QUOTE) -> bool:
    return _words(text) >= 3 and len(text) <= limit


def _lower_phrase(text: str) -> str:
    """A heading inside a sentence: "Applications of LLMs" → "applications of LLMs"."""
    words = text.split()
    if words and words[0][:1].isupper() and words[0][1:].islower():
        words[0] = words[0].lower()
    return " ".join(words)


def _shape(gloss: str) -> str:
    pred = predicate(gloss)
    return pred.shape if pred is not None else "other"


_TRAILING_ASIDE = re.compile(r"\s*\((?![A-Z0-9-]{2,10}s?\))[^()]{1,60}\)\s*(?=[.!?]?\s*$)")


# a closing example: ", e.g., Tasmania is an independent subproblem" names what only the
# slide's picture shows (round 23); the claim before it stands alone
_TRAILING_EXAMPLE = re.compile(
    r"\s*[,;]?\s*(?:\((?:e\.\s?g\.|for\s+example|for\s+instance)[^()]*\)"
    r"|e\.\s?g\.[,:]?\s+[^.;()]*"
    # "for instance" with a comma after it is an aside inside the claim ("PBEmb, for
    # instance, also uses GloVe …"), not the example closing it
    r"|(?:for\s+example|for\s+instance):?\s+(?!,)[^.;()]*)\s*(?=[.!]?\s*$)",
    re.IGNORECASE,
)


# an aside that limits the claim rather than illustrating it (round 24: "A license is a
# contract (in most jurisdictions)" without it is contestable)
_QUALIFYING = re.compile(
    r"(?:in|for|if|when|unless|except|under|only|not|usually|mostly|often|typically"
    r"|generally|normally|sometimes|at\s+least|at\s+most|assuming|provided|given)\b",
    re.IGNORECASE,
)


def _without_aside(text: str) -> str:
    """A sentence without the slide's closing aside: "prunes entire neurons (fastest
    inference)" → "prunes entire neurons" (an acronym in brackets stays: "(LSTM)"), or
    its closing example (", e.g., Tasmania is …")."""
    example = _TRAILING_EXAMPLE.search(text)
    claim = text[: example.start()] if example else ""
    if example and (has_finite_verb(claim) or has_subject_and_verb(claim)):
        # only after a whole claim: "Local search methods, e.g. hill climbing, can get
        # stuck …" has its verb after the example
        text = text[: example.start()] + text[example.end() :]
    aside = _TRAILING_ASIDE.search(text)
    if (
        aside
        and _QUALIFYING.match(aside.group().strip(" ()"))
        and len(text[: aside.start()].split()) >= 5  # "Hydrogens are assumed (…)": too little
    ):
        return text  # "(in most jurisdictions)", "(if n is large)": the claim's limits
    out = _TRAILING_ASIDE.sub("", text)
    return out if len(out.split()) >= 3 else text


_NUMBER_PAIRS = {"is": "are", "was": "were", "has": "have", "does": "do"}
_SINGULAR_OF = {v: k for k, v in _NUMBER_PAIRS.items()}


def agree_verb(sentence: str) -> str:
    """A slide sentence with its main verb in the number of its subject: "Consumption of
    goods and services are …" → "… is …", "Neural networks learns …" → "… learn …"
    (slides are typed in a hurry). Left as it is where the parse is unsure or the verb is
    irregular."""
    found = verb_disagreeing(sentence) or _pair_with_singular_verb(sentence)
    if found is None:
        return sentence
    at, verb, plural = found
    low = verb.lower()
    if plural:
        fixed = _NUMBER_PAIRS.get(low) or _third_person_base(low)
        if fixed and low not in _NUMBER_PAIRS and third_person(fixed) != low:
            fixed = ""  # "learns" → "learn" only where "learn" gives "learns" back
    else:
        fixed = _SINGULAR_OF.get(low, "")
    if not fixed:
        return sentence
    if verb[:1].isupper():
        fixed = fixed.capitalize()
    return sentence[:at] + fixed + sentence[at + len(verb) :]


@lru_cache(maxsize=4096)  # each statement is worded once per difficulty
def _pair_with_singular_verb(sentence: str) -> tuple[int, str, bool] | None:
    """A subject of two bare common nouns joined by "and" before a verb in -s:
    "Credibility and trust helps get volunteer contribution" (round 25) → "help". Only
    a verb of action: "Bait and switch is a sales tactic", "Trial and error has its
    place" name one thing by two words and keep their "is" and "has"."""
    parsed = _main_subject(sentence)
    if parsed is None:
        return None
    _, root, subj = parsed
    conj = [c for c in subj.children if c.dep_ == "conj"]
    if (
        len(conj) != 1
        or [c.lower_ for c in subj.children if c.dep_ == "cc"] != ["and"]
        or subj.i != 0
        or conj[0].i != 2
        or any(t.tag_ != "NN" or not t.is_alpha for t in (subj, conj[0]))
        or root.tag_ != "VBZ"
        or root.i != 3
        or root.lower_ in ("is", "has", "does", "was", "remains", "means")
    ):
        return None
    return root.idx, root.text, True
