"""Who said or did what: "Who manipulated the rats' hunger and the food reward in the
maze?" from "Tolman manipulated …", with the other people the deck has say, argue or do
things as the wrong options.

Decks of psychology, philosophy, economics or the history of a science teach whose idea
or experiment was whose; the people are their terms. A name here is a capitalised word
the deck never writes in lower case, at the start of a sentence whose verb is one people
do ("argued", "showed", "trained"). A wrong option is never someone the deck says the
same of."""

from __future__ import annotations

import re

from models.drafting.candidates import _choices, _Ctx, _question
from models.drafting.distractors import _says
from models.drafting.slide_units import slide_sentences
from models.drafting.wording import _fits
from models.drafting.words import content_tokens
from storage.domain import Bloom, Difficulty, Question, QuestionType

# Verbs whose subject is a person (or a group of people): what scholars and
# experimenters do in a lecture's telling.
_HUMAN_VERBS = frozenset(
    """argued argues proposed proposes showed shows demonstrated demonstrates found finds
    developed develops introduced introduces suggested suggests claimed claims believed
    believes held holds described describes defined defines wrote writes reported reports
    attempted attempts created creates studied studies manipulated manipulates placed places
    trained trains invented invents discovered discovers designed designs coined coins
    identified identifies rejected rejects criticized criticizes criticised criticises
    envisioned envisions advocated advocates emphasized emphasizes emphasised emphasises
    observed observes measured measures conducted conducts tested tests built builds
    published publishes formulated formulates derived derives distinguished distinguishes
    denied denies maintained maintains insisted insists theorized theorizes hypothesized
    hypothesizes concluded concludes established establishes founded founds advanced
    advances analogized analogizes sought seeks extended extends replaced replaces
    contended contends asserted asserts famously""".split()
)
_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_SUBJECT = re.compile(
    rf"^(?P<name>{_NAME}(?:\s+(?:[A-Z]\.\s*)*{_NAME})?)\s+(?P<rest>(?P<verb>[a-z]+)\b.+)$"
)
_NOT_NAMES = frozenset(
    """The This These That Those Then There Here Thus Hence Also Both Each Every Most Many
    Some All No One Two Three First Second Finally Later Early Modern Classical""".split()
)


def _named_subject(sentence: str) -> tuple[str, str] | None:
    """("Tolman", "manipulated level of hunger …") from a sentence opening with a name and
    a verb people do, or None."""
    m = _SUBJECT.match(sentence.strip())
    if m is None or m.group("verb") not in _HUMAN_VERBS:
        return None
    name = m.group("name")
    if name.split()[0] in _NOT_NAMES:
        return None
    return name, m.group("rest").rstrip(" .")


def _is_proper(name: str, text: str) -> bool:
    """A name the deck never writes in lower case (not "Training", "Researchers")."""
    return all(
        not re.search(rf"(?<![\w.]){re.escape(w.lower())}(?!\w)", text) for w in name.split()
    )


def _deck_sentences(ctx: _Ctx) -> list[str]:
    """The slides' sentences with the PDF's line wrapping undone, read once per run."""
    if ctx.sentences is None:
        ctx.sentences = [s for slide in ctx.slides for s, _ in slide_sentences(slide)]
    return ctx.sentences


def _people(ctx: _Ctx) -> dict[str, list[str]]:
    """The deck's people and what it says each of them did, by name (once per run)."""
    if ctx.people is None:
        text = "\n".join(s.text for s in ctx.slides)
        out: dict[str, list[str]] = {}
        for sentence in _deck_sentences(ctx):
            found = _named_subject(sentence)
            if found and _is_proper(found[0], text):
                out.setdefault(found[0], []).append(found[1])
        ctx.people = out
    return ctx.people


def _named_fact(ctx: _Ctx, fid: int) -> tuple[str, str, dict[str, list[str]]] | None:
    """(name, what they did, the deck's people) for a statement opening with a person."""
    fact = ctx.facts[fid]
    found = _named_subject(fact.text) if fact.kind == "statement" else None
    if found is None:
        return None
    people = _people(ctx)
    return (found[0], found[1], people) if found[0] in people else None


def who_did(ctx: _Ctx, fid: int) -> Question | None:
    """ "Who argued …?" with the person the slide names and two or three others."""
    fact = ctx.facts[fid]
    named = _named_fact(ctx, fid)
    if named is None:
        return None
    name, rest, people = named
    if not _fits(rest, 200) or len(rest.split()) < 4:
        return None
    claim = content_tokens(rest)
    deck = _deck_sentences(ctx)
    others: list[str] = []
    for other in people:
        if other == name or other in rest or name in other or other in name:
            continue
        # someone the deck says the same of (in any sentence naming them) could be right too
        if any(other in s and _says(claim, set(content_tokens(s))) for s in deck):
            continue
        others.append(other)
    if len(others) < 2:
        return None
    # the people the deck says most about first: the names a student has met
    others.sort(key=lambda o: (-len(people[o]), o))
    wrong = others[:3]
    bloom = Bloom.REMEMBER if ctx.difficulty != Difficulty.HARD else Bloom.UNDERSTAND
    return _question(
        ctx,
        fact,
        QuestionType.MCQ,
        f"Who {rest}?",
        _choices(ctx, [name], wrong),
        "who-did",
        bloom,
        f"{name}: what they did",
        term=name,
    )


_PAST_IRREGULAR = frozenset("found held wrote built sought thought made took gave".split())


def _past(rest: str) -> bool:
    verb = rest.split()[0]
    return verb.endswith("ed") or verb in _PAST_IRREGULAR


def what_did(ctx: _Ctx, fid: int) -> Question | None:
    """Hard: "Which of the following did Tolman do?" with what the deck says other people
    did as the wrong options: the student tells their work apart, not just recalls a name."""
    fact = ctx.facts[fid]
    named = _named_fact(ctx, fid) if ctx.difficulty == Difficulty.HARD else None
    if named is None:
        return None
    name, rest, people = named
    if not _past(rest) or not _fits(rest, 120):
        return None
    mine = content_tokens(rest)
    wrong: list[str] = []
    for other, deeds in sorted(people.items(), key=lambda p: (-len(p[1]), p[0])):
        if other == name or name in other or other in name:
            continue
        for deed in deeds:
            if not _past(deed) or not _fits(deed, 120) or len(deed.split()) < 4:
                continue
            if re.search(r"\b(?:he|she|his|her|him|they|their)\b", deed, re.IGNORECASE):
                continue  # "… his student": whose, the option does not say
            if any(_says(content_tokens(deed), set(content_tokens(d))) for d in people[name]):
                continue  # the deck says this of the key's person too
            if _says(mine, set(content_tokens(deed))):
                continue
            wrong.append(deed)
            break  # one deed per person: three people's work, not one person's three
        if len(wrong) == 3:
            break
    if len(wrong) < 2:
        return None
    return _question(
        ctx,
        fact,
        QuestionType.MCQ,
        f"Which of the following did {name} do?",
        _choices(ctx, [rest], wrong),
        "what-did",
        Bloom.UNDERSTAND,
        f"{name}: their work",
        term=name,
    )
