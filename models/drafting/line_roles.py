"""What a slide line is for, beside what it says: a gloss of the line above it, a label
over candidates or cases ("Possible explanations:", "Example:"), a list of tasks.

facts.py reads facts with these; they never make a fact themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.drafting.fact_checks import _NOUN_SUFFIXES
from models.drafting.slide_units import Unit
from models.drafting.words import (
    _AUX,
    _MATH_CHARS,
    _SUBORDINATORS,
    _VERBS,
    _WORD_RE,
    FUNCTION_WORDS,
    _acronymish,
    _fold,
    _is_verb_form,
    _singular,
    has_finite_verb,
    lexicon_readings,
    verb_lemmas,
)


def _outside_brackets(text: str) -> list[str]:
    """A line's words, those in brackets left out: "fraction (F) of …" reads on."""
    return _WORD_RE.findall(re.sub(r"\([^()]*\)", " ", text))


def _looks_like_gloss(text: str, loose: bool = False, lower_ok: bool = False) -> bool:
    """A verb phrase ("Fit a linear range to data") or a noun phrase ("A type of ...").

    `loose` also takes "Employs multiple attention heads ..." and "The heart of the
    Transformer, enabling ..." (a noun phrase with no verb of its own before the comma).
    """
    words = _outside_brackets(text)
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
    if len(words) >= 3 and all(w[:1].isupper() for w in words if _fold(w) not in FUNCTION_WORDS):
        return False  # "Limit Linkable Data" under "VPN": a heading of its own, no gloss
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
    return _bare_noun_gloss(words)


# what ties a bare head noun to the rest of its gloss: "area under …", "degree to which …"
_GLOSS_TIES = frozenset(
    "of under over to for that which whose where in between by with from on within".split()
)


_NOUN_TIES = frozenset("of under between within whose".split())


def _bare_noun_gloss(words: Sequence[str]) -> bool:
    """A telegraphic noun gloss with no article: "area under the concentration-time
    curve", "degree to which a drug is removed …", "relative bioavailability of two
    drugs" — a head noun (after at most one adjective) tied to what follows."""
    folded = [_fold(w) for w in words[:4]]
    if len(words) < 4:
        return False  # "Proportion of submissions" beside "Assignment": a table's cell
    for start in (0, 1):
        if start and "ADJ" not in lexicon_readings(folded[0]):
            break
        head, tie = folded[start], folded[start + 1]
        readings = lexicon_readings(head)
        if (
            ("NOUN" in readings or (not readings and head.endswith(_NOUN_SUFFIXES)))
            and tie in _GLOSS_TIES
            and head not in FUNCTION_WORDS
            and not (start == 0 and head.endswith("s") and "VERB" in readings)  # "Leads to"
            # a head that can be a verb is a noun only before "of" ("measure of …",
            # "rate of …"); "find which …", "map to …" are instructions
            and not (start == 0 and "VERB" in readings and tie not in _NOUN_TIES)
            and not (start == 0 and "ADJ" in readings and tie not in _NOUN_TIES)  # "Automatic by"
        ):
            return True
    return False


# "defined as fraction (F) of …", "refers to the share …": the gloss after its lead-in
_DEFINED_AS = re.compile(
    r"^(?:(?:is|are)\s+)?(?:defined\s+as|refers?\s+to|means|denotes)\s+(?=\w)", re.IGNORECASE
)


def gloss_text(text: str) -> str:
    """A gloss line without the "defined as" that leads into it, nor the symbol the
    slide gives the quantity ("fraction (F) of …")."""
    text = _DEFINED_AS.sub("", text.strip(), count=1)
    return re.sub(r"\s*\([A-Za-z][A-Za-z0-9]?\)(?=\s|$)", "", text)  # its symbol: "(F)"


# Labels over candidates, cases and questions rather than facts: "Two possible
# explanations:", "Hypotheses", "Example:", "Suppose:", "Discussion".
_SUPPOSED = re.compile(
    r"\b(?:possible|potential|candidate|competing|rival|alternative|plausible)\s+"
    r"(?:explanations?|causes?|reasons?|answers?|interpretations?|scenarios?"
    r"|mechanisms?|accounts?|hypothes[ei]s)\b|\bhypothes[ei]s\b|\bconjectures?\b"
    r"|^(?:an?\s+)?(?:examples?|e\.\s?g\.?|for\s+(?:example|instance)|suppose|imagine"
    r"|what\s+if|discuss(?:ion)?|questions?\s+(?:to|for)\s+discuss\w*|think\s+about"
    r"|quiz|poll|guess)\b",
    re.IGNORECASE,
)
_WORKED = re.compile(
    r"^(?:(?:an?\s+|worked\s+|toy\s+|running\s+)?examples?|exercises?|labs?|answers?"
    r"|solutions?|case\s+stud(?:y|ies)|demo|quiz|practice|illustration)\b"
    r"|\b(?:lab|exercise|homework|problem\s+set)s?\b.*\banswers?\b",
    re.IGNORECASE,
)


def _is_worked_example(title: str, body: Sequence[Unit]) -> bool:
    """Whether a slide works through one case: its title, or a label line heading its
    body, says "Example", "Exercise", "Answers" or the like."""
    lines = [title, *(u.text for u in body[:2])]
    return any(_WORKED.search(line.strip()) for line in lines if line)


def _instructions(heading: str, units: Sequence[Unit]) -> bool:
    """A heading naming several things ("Tasks of the Stakeholder", "David Smith's
    Recommendations") over lines that mostly open with a base-form verb: a list of tasks
    or recommendations, whose first line is one item, not the heading's gloss (round 18:
    "Tasks of the Stakeholder introduces the requirements engineer into the application
    domain."). A technique over its steps ("Nonlinear quantization" / "Compute a grid of
    percentiles …" / "Store each weight …") keeps its first step as its gloss."""
    head_words = _WORD_RE.findall(re.split(r"\s(?:of|for|in|on|to|with|by)\s", heading)[0])
    if not head_words:
        return False
    head = head_words[-1]
    if _acronymish(head) or _singular(_fold(head)) == _fold(head):
        return False

    def opens_with_verb(text: str) -> bool:
        words = _WORD_RE.findall(text)
        if not words or not words[0][:1].isupper():
            return False
        first = _fold(words[0])
        return _is_verb_form(first, base_only=True) or first in verb_lemmas(first)

    return sum(1 for u in units if opens_with_verb(u.text)) >= 3


def _step_pair(label: str, gloss: str) -> bool:
    """A one-word label that can be a verb over a line that opens with one: two steps of a
    derivation ("Substitute" / "Solve for fu"), not a term and its gloss; a label that
    can only be a verb ("Prefer") heads advice."""
    words = _WORD_RE.findall(label)
    first = _WORD_RE.findall(gloss)[:1]
    readings = lexicon_readings(_fold(words[0])) if len(words) == 1 else {}
    if "VERB" in readings and "NOUN" not in readings:
        return True  # "Prefer" / "Original paper over secondary source": advice
    return (
        len(words) == 1
        and "VERB" in readings
        and bool(first)
        and _is_verb_form(first[0], base_only=True)
    )


def noun_gloss(text: str) -> bool:
    """A gloss that says what a thing is ("a copyright-based strategy …", "relative
    bioavailability of two drugs"), not what it does or is for ("run many services on
    one machine" after "Consolidation –" is a reason to use something)."""
    words = _outside_brackets(text)
    return bool(words) and (_fold(words[0]) in ("a", "an") or _bare_noun_gloss(words))


# adverbs between a bullet's left-out subject and its verb ("They never expire …",
# "Typically requires upfront investment")
_SUBJECT_ADVERBS = frozenset(
    "never always often usually also only still typically generally mostly rarely".split()
)
# what a bullet opens with when it says something of the heading ("Is cheap to copy",
# "Are willing to trade money for time", "Can start in private"); "should"/"must"
# open advice, a question ends in "?"
_SINGULAR_OPENERS = frozenset("is has was does doesn't isn't".split())
_PLURAL_OPENERS = frozenset("are have were do don't aren't".split())
_MODAL_OPENERS = frozenset("can cannot can't may might will won't could".split())
_DETERMINERS = frozenset("the a an its their his her this these more less no".split())
_PRONOUNS = frozenset("it this that there these those he she they we you i".split())
_HEAD_TIES = re.compile(r"\s(?:of|for|in|on|as|with|to|from|by|under)\s", re.IGNORECASE)


def _plural_head(subject: str) -> bool:
    """Whether a heading names several things: its head noun, before any "of"/"as" that
    ties on more ("Position of open source projects" is one; "Software as a product" too)."""
    head = _WORD_RE.findall(_HEAD_TIES.split(re.sub(r"\([^()]*\)", " ", subject))[0])
    if not head:
        return False
    last = _fold(head[-1])
    return last.endswith("s") and _singular(last) != last


def with_its_subject(line: str, subject: str, adjacent: bool = False) -> str:
    """A bullet that leaves its subject to the heading above it, said with that subject:
    "They never expire, if registered" under "Trademark Rights" → "Trademark Rights never
    expire, if registered"; "Provides emulation of a full hardware system" under "Full
    virtualization" → "Full virtualization provides …"; "Are willing to trade money for
    time" under "Enterprise customers" → "Enterprise customers are willing …". The line
    unchanged when the heading names no term, the number does not agree, "It" is an
    expletive ("It is important to …"), or the line asks or advises ("Is it …?",
    "Should be submitted …"). `adjacent`: the subject is a term line right above
    (`lost_subjects`), which also takes "Is …", "Are …", "Can …" and an adverb first;
    under a title or a label those open table cells as often ("Will eventually expire"
    under "Duration")."""
    words = line.split()
    head = _WORD_RE.findall(subject)
    short = len(words) < (2 if adjacent else 3)  # "Simplifies documentation" under its term
    if short or not head or has_finite_verb(subject) or line.rstrip().endswith("?"):
        return line
    if re.search(r"\b(?:vs\.?|versus|and|or)\b|/", subject, re.IGNORECASE):
        return line  # "Word-level vs subword tokenization": two things, no one subject
    if not adjacent and _HEAD_TIES.search(subject):
        return line  # a title "Classification of phase transitions" names a topic
    plural = _plural_head(subject)
    first = words[0]
    rest = words[1:]
    if first in ("It", "They"):
        if (first == "They") != plural:
            return line
        k = 0
        while k < len(rest) - 1 and _fold(rest[k]) in _SUBJECT_ADVERBS:
            k += 1
        verb = _fold(rest[k].strip(",;:"))
        if not _is_verb_form(verb) or verb in ("'s", "’s"):
            return line
        after = _fold(rest[k + 1]) if k + 1 < len(rest) else ""
        if first == "It" and verb in ("is", "was") and after not in ("a", "an"):
            return line  # "It is important to …", "It is known that …": no subject
        return f"{subject} {' '.join(rest)}"
    if not first[:1].isupper():
        return line
    # "Typically requires …": the adverb stays before the verb
    k = 0
    while adjacent and k < len(words) - 2 and _fold(words[k]) in _SUBJECT_ADVERBS:
        k += 1
    verb = _fold(words[k].strip(",;:"))
    after = _fold(words[k + 1].strip(',;:"“'))
    said = " ".join([*(w.lower() for w in words[: k + 1]), *words[k + 1 :]])
    if adjacent and verb in _SINGULAR_OPENERS | _PLURAL_OPENERS | _MODAL_OPENERS:
        agrees = verb in _MODAL_OPENERS or (verb in _PLURAL_OPENERS) == plural
        if verb in ("do", "does") and after not in ("not", "n't"):
            return line  # "Does the SUT satisfy the customer": a question
        if not agrees or after in _PRONOUNS:
            return line  # "Is it worth it", "Are they …": a question, not a predicate
        return f"{subject} {said}"
    # a verb in "-s" opening the line: what the heading does ("Provides …", "Takes …")
    if plural or (verb in _AUX - {"is", "has"}) or verb == "is":
        return line
    nounish = "NOUN" in lexicon_readings(_singular(verb)) or "NOUN" in lexicon_readings(verb)
    # under a title "Costs money to run", "Repeats a character" may be a label's noun; under
    # a term line the word is its verb unless a verb follows ("Benefits outweigh costs")
    own_verb = after in _AUX or (
        _is_verb_form(after) and "NOUN" not in lexicon_readings(after) and not after.endswith("ing")
    )
    if nounish and not (adjacent and not own_verb and not has_finite_verb(" ".join(rest))):
        return line  # "Fixes to problems … are accepted": a subject with its verb
    verbal = _is_verb_form(verb) or (adjacent and "VERB" in lexicon_readings(verb))
    if verb.endswith("s") and verbal:
        return f"{subject} {said}"
    return line


# an article that leads a quantity, not a kind: "A lot of user testing", "A few unique …"
_QUANTITY = re.compile(
    r"^an?\s+(?:(?:lot|few|little|bit|number|couple|handful|variety|range|bunch)\b"
    r"|(?:great|good)\s+(?:deal|many)\b)",
    re.IGNORECASE,
)


def term_line(text: str) -> bool:
    """A bullet that names a thing and says nothing of it ("Enterprise customers (B2B)",
    "Patch review", "Software"): in a list whose indentation the export lost, the head
    of the lines that follow. Not a claim ("Not capital intensive"), an action ("Avoid
    private emails"), a label ("Tools:") or a phrase that runs on ("Difficult people
    typically")."""
    words = _outside_brackets(text)
    if not 1 <= len(words) <= 5 or text.rstrip()[-1:] in '.;,!?"”' or "(" in text[:1]:
        return False
    if (
        ":" in text
        or any(c in _MATH_CHARS for c in text)
        or re.search(r"\s[–—-]\s|(?<![\w-])\d+(?![\w-])", text)
    ):
        return False
    first, last = _fold(words[0]), _fold(words[-1])
    if not (words[0][:1].isupper() or _acronymish(words[0])):
        return False
    if (first in FUNCTION_WORDS and first != "the") or last in FUNCTION_WORDS:
        return False
    if has_finite_verb(text) or _is_verb_form(words[0], base_only=True):
        return False
    if len(words) > 1 and first.endswith("s") and "VERB" in lexicon_readings(first):
        return False  # "Serves the needs of individuals", "Supports on-boarding": a claim
    tail = _fold(_HEAD_TIES.split(" ".join(words))[0].split()[-1].split("-")[-1])
    readings = lexicon_readings(tail)
    if readings and "NOUN" not in readings and not _acronymish(tail):
        return False  # "Feature-rich", "Open": an adjective, not a thing named
    if last.endswith("ly") and "NOUN" not in lexicon_readings(last):
        return False
    # "Written communication", "Distributed systems": a participle is the term's adjective
    participle = first.endswith(("ed", "en"))
    return not (
        len(words) > 1 and _is_verb_form(words[0]) and not participle and not _acronymish(words[0])
    )


def article_gloss(text: str) -> bool:
    """ "A man-made artifact sold to customers in a market", "An operating system kernel":
    an article and a noun phrase with no verb of its own, which says what the line above
    is even where the export lost the indentation that showed it. A sentence ("A
    committer commits the patch"), a quantity ("A lot of …"), a question or a remark to
    the reader is none."""
    words = _outside_brackets(text)
    if len(words) < 4 or _fold(words[0]) not in ("a", "an") or _QUANTITY.match(text):
        return False
    if re.match(r"^an?\s*[.):]", text, re.IGNORECASE) or text.rstrip().endswith(("?", "!")):
        return False
    if any(_fold(w) in ("you", "your", "we", "our", "i", "my") for w in words):
        return False
    return not _noun_then_verb(words)


def _noun_then_verb(words: Sequence[str]) -> bool:
    """Whether a noun phrase goes on into a finite verb of its own: "A thin hypervisor
    runs …", "A principal needs an agent", "A committer commits the patch" — an
    auxiliary or a lower-case word in "-s" that the lexicon reads as a verb, after the
    phrase's first noun ("A man-made artifact sold to …" has only a participle)."""
    for w in words[2:]:
        f = _fold(w)
        if f in ("that", "which", "who", "whose", "where", "when", "with", "of", "for"):
            return False  # what follows belongs to a clause or a modifier of the noun
        if len(f) > 4 and f.endswith(("ing", "ed")):
            return False  # "A data structure storing key-value pairs": a participle
        if f in _AUX and f not in ("be", "been", "being"):
            return True
        if (
            w.islower()
            and f.endswith("s")
            and not f.endswith("ss")
            and ("VERB" in lexicon_readings(f) or _is_verb_form(f))
        ):
            return True
    return False


def as_one(term: str) -> str:
    """A term line as the one thing its article gloss describes: "Projects" over "A
    process with a defined start …" → "Project", so "A project is a process …" agrees."""
    if not _plural_head(term) or _HEAD_TIES.search(term):
        return term
    words = term.split()
    last = words[-1]
    one = _singular(_fold(last))
    if _acronymish(last) or not last.lower().startswith(one):
        return term
    if last.lower().endswith(("yses", "eses", "oses")):
        return term  # "Analyses", "Hypotheses": a Greek plural the stem rule gets wrong
    return " ".join([*words[:-1], last[: len(one)]])


def lost_subjects(units: Sequence[Unit]) -> dict[int, str]:
    """The term line each subjectless bullet speaks of: "Enterprise customers (B2B)" /
    "Are willing to trade money for time" → {1: "Enterprise customers (B2B)"}, whether
    the bullet sits one level below the term line or, where the export lost the
    indentation, on its level. A run of such bullets (after an optional article gloss)
    shares the term line; the first line that is not one of them ends the run."""
    out: dict[int, str] = {}
    for pos, unit in enumerate(units):
        if not unit.bullet or not term_line(unit.text):
            continue
        nxt = pos + 1
        deeper = nxt < len(units) and units[nxt].level > unit.level and bool(units[nxt].bullet)

        def in_run(k: int, head: Unit = unit, deeper: bool = deeper) -> bool:
            if k >= len(units) or units[k].heading:
                return False
            if deeper:
                return units[k].level == head.level + 1 and bool(units[k].bullet)
            return (units[k].bullet, units[k].level) == (head.bullet, head.level)

        if not deeper and in_run(nxt) and article_gloss(units[nxt].text):
            nxt += 1
        while in_run(nxt):
            said = with_its_subject(units[nxt].text, unit.text, adjacent=True)
            if said == units[nxt].text or units[nxt].text.split()[0] in ("It", "They"):
                break  # a pronoun already reads with the heading the slide gives it
            out[nxt] = unit.text
            nxt += 1
    return out


def in_article_list(body: Sequence[Unit], pos: int, used: set[int]) -> bool:
    """A line among "A statement of the problem", "A solution of the problem", "Alternative
    solutions", "A discussion of tradeoffs …": the line above it opens with an article too
    and glosses nothing, so the lines are the members of one list."""
    if pos == 0 or pos - 1 in used:
        return False
    prev = body[pos - 1]
    first = _WORD_RE.findall(prev.text)[:1]
    return (prev.bullet, prev.level) == (body[pos].bullet, body[pos].level) and bool(
        first and _fold(first[0]) in ("a", "an")
    )


def is_outline(body: Sequence[Unit]) -> bool:
    """Four or more lines, nearly all short and verbless: a list of section names (an
    outline or recap slide), whatever its title says."""
    lines = [u.text for u in body if u.text.strip()]
    if len(lines) < 4:
        return False
    short = [
        t
        for t in lines
        if len(_WORD_RE.findall(t)) <= 6
        and not has_finite_verb(t)
        and not t.rstrip().endswith((".", ":"))
    ]
    return len(short) >= 0.75 * len(lines)


def said_of_terms(body: Sequence[Unit]) -> list[str]:
    """The subjectless bullets of a slide said with their term lines ("Archived
    communication creates yet more trust"), so a check that asks what the deck says of
    a term finds them, as it finds a sentence that names its subject."""
    return [
        with_its_subject(body[pos].text, subject, adjacent=True)
        for pos, subject in lost_subjects(body).items()
    ]


def _is_heading_phrase(title: str) -> bool:
    """A title that asks or opens with a function word ("What is …?", "On the …",
    "Introduction"): no term's name."""
    words = _WORD_RE.findall(title)
    return bool(words) and (
        title.rstrip().endswith("?")
        or _fold(words[0]) in FUNCTION_WORDS | _SUBORDINATORS | {"introduction", "summary"}
    )
