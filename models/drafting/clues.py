"""Whether a short answer's clue is a definition OF its term or a fact ABOUT it.

A short answer has one right answer only when its clue pins the term down. Blind raters
called 31% of the short answers on unseen decks (rounds 20-31) a wrong key, most often
because another answer fits the clue as well: the slide line was a label with a fact
about the term ("Stickleback fish: The male does all the nesting and care of the eggs":
seahorses and pipefish do that too), not a definition of it. Read off the clue's shape,
in any field:

- a sentence with a subject of its own, said of a thing: "The male does all the nesting
  …. What is this fish called?" tells what one part of the fish does, one of many such
  facts; a sentence defines a happening or a property ("The set of operations of a
  transaction is executed as a block …. What is this ACID property called?", "Changing
  a single bit … affects every bit …. What is this effect called?");
- a sentence about another member of the term's kind ("… the potential energy depends
  only on the positions. What is this energy called?" → kinetic energy);
- a sentence of what can happen ("Reasonable people can disagree", "Multimodal LLMs can
  reason across modalities"): a possibility is no definition;
- an instrument named by its purpose alone ("a tool for companies and other users to
  reduce risks" → derivatives, and insurance, hedging …): many means serve one end;
- a thing named by who makes or backs it ("a visual language model from DeepMind …",
  "an open source product that is supported by the Center for Health Insights"):
  institution trivia, and the maker's other products fit the rest of the clue.

A clue that pins its term names its genus and what sets it apart ("a bar graph that
summarizes the distribution of a variable by dividing its range into bins …", "the
number of financial claims that change hands daily", "the process by which …").
"""

from __future__ import annotations

import re

from models.drafting.phrasing import KIND_NOUNS
from models.drafting.sentence_parse import _pipeline
from models.drafting.words import _singular, content_tokens, verb_lemmas, word_rank

# nouns made from verbs or adjectives name a happening or a quality
_ABSTRACT_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "sis", "ism")
# kinds whose members are things (a sentence about them is a fact, not what they are)
_THING_KINDS = frozenset(
    """model architecture network system tool library dataset benchmark layer format
    framework paper classifier estimator optimizer regularizer component family""".split()
)
# kinds whose members are happenings, qualities or laws: a sentence states one
_HAPPENING_KINDS = (KIND_NOUNS - _THING_KINDS) | frozenset(
    """effect bias fallacy paradox phenomenon process law rule theorem principle
    hypothesis theory condition assumption relation relationship constraint problem
    attack behaviour behavior pattern strategy policy procedure protocol test""".split()
)
_MODALS = frozenset("can could may might will would should must shall".split())
# an instrument's head: what it is for is all a purpose-only gloss says of it
_INSTRUMENTS = frozenset(
    """tool tools means way ways instrument instruments device devices solution solutions
    remedy remedies mechanism mechanisms measure measures""".split()
)
_PURPOSE = re.compile(
    r"^(?:an?|one|any)\s+(?:[\w-]+\s+){0,2}?(?P<head>[a-z]+)\s+(?P<rest>(?:for|to)\s+.*)$",
    re.IGNORECASE,
)
# a word past this frequency rank is the field's own: the purpose then says what it does
_RARE_RANK = 10_000
_RELATIVE = re.compile(r"\b(?:that|which|whose|where|whereby|by\s+which|in\s+which)\b")
# verbs of making or backing: "developed by Google", "supported by the Center for …"
_MAKING = frozenset(
    """develop support make create release build maintain fund own sponsor offer provide
    publish design run produce""".split()
)


def _abstract(noun: str) -> bool:
    word = _singular(noun.lower())
    return word.endswith(_ABSTRACT_ENDINGS) or word in _HAPPENING_KINDS


def clause_about_other(gloss: str, kind: str, key: str) -> str:
    """Why a sentence asked as "… What is this <kind> called?" does not define `key`
    ("" when it does): it says what can happen, speaks of another of the kind, or tells
    what something else does where the kind is a thing."""
    nlp = _pipeline()
    if nlp is None:
        return ""
    doc = nlp(gloss)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1 or roots[0].pos_ not in ("VERB", "AUX"):
        return ""  # "Wage that responds a lot to …": a noun described, not a sentence
    root = roots[0]
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in root.children):
        return "a possibility, not what the term is"
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[0].tag_ in ("VBG", "PRP", "EX", "WDT"):
        return ""  # "Changing a single bit … affects …": the happening itself
    subject = subjects[0]
    key_words = {_singular(w) for w in content_tokens(key)}
    kind_words = {_singular(w) for w in content_tokens(kind)}
    head = _singular(subject.lower_)
    if head in key_words | kind_words:
        modifiers = {
            _singular(c.lower_) for c in subject.children if c.dep_ in ("amod", "compound")
        }
        if modifiers - key_words - kind_words:
            return "a sentence about another of its kind"  # "the potential energy …"
        return ""
    kind_head = kind.split()[-1] if kind.split() else ""
    if kind_head and not _abstract(kind_head):
        return "a fact about the thing, not what it is"  # "The male does … this fish"
    return ""


def purpose_only(gloss: str) -> bool:
    """ "a tool for companies and other users to reduce risks": an instrument said only
    by what it is for, in common words; "a useful tool to visualize relationships among
    events" (a field's word) or "a mechanism by which …" (how it works) say more."""
    m = _PURPOSE.match(" ".join(gloss.split()).rstrip(". "))
    if m is None or m.group("head").lower() not in _INSTRUMENTS:
        return False
    rest = m.group("rest")
    if _RELATIVE.search(rest):
        return False
    return not any(word_rank(t) > _RARE_RANK for t in content_tokens(rest))


def named_by_maker(gloss: str) -> bool:
    """ "a visual language model from DeepMind …", "an open source product that is
    supported by the Center for Health Insights": the clue names who makes or backs it
    (a name after "from" on a noun, or after "by"/"at" on a verb of making)."""
    if not re.search(r"\b(?:from|by|at)\s+(?:the\s+)?[A-Z]", gloss):
        return False
    nlp = _pipeline()
    if nlp is None:
        return False
    for token in nlp(gloss):
        if token.lower_ not in ("from", "by", "at") or token.dep_ not in ("prep", "agent"):
            continue
        names = [c for c in token.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
        if not names:
            continue
        head = token.head
        if token.lower_ == "from" and head.pos_ in ("NOUN", "PROPN"):
            return True  # "a model from DeepMind"; "derived from Bayes' rule" is a verb's
        if (
            token.lower_ != "from"
            and head.tag_ == "VBN"
            and set(verb_lemmas(head.lower_)) & _MAKING
        ):
            return True
    return False


def clue_problem(gloss: str, key: str, kind: str = "", sentence: bool = False) -> str:
    """Why `gloss` is a fact about `key` rather than a clue that pins it ("" when it
    pins it); `sentence`: the gloss is asked as a sentence ("… What is this <kind>
    called?")."""
    if sentence:
        why = clause_about_other(gloss, kind, key)
        if why:
            return why
    if purpose_only(gloss):
        return "an instrument said by its purpose alone"
    if named_by_maker(gloss):
        return "named by who makes it"
    return ""
