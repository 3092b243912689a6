"""Whether a true/false statement is a claim of the subject the deck teaches, and the
abbreviation it leaves bare written out.

Blind raters (round 27) refused statements a student could only know from the slide's
story, not from the subject: the givens of a worked problem ("A train car with a mass m is
at rest on a track."), a dated event quoted as background ("OPEC's 1973 reduction in the
supply of oil was followed by …"), and the everyday dictionary sense a slide quotes before
the field's own ("Alias are a false name used to conceal one's identity; an assumed
name."). They read "CF is simple …" as unclear where the same slide says "complementary
filters": the statement is written out from the slide's own words.
"""

from __future__ import annotations

import re

from models.drafting.facts import acronym_matches
from models.drafting.wording import _indefinite
from models.drafting.words import _acronymish

__all__ = ["not_of_the_subject", "written_out"]

# a problem's context: the statement sets a scene instead of claiming something
_SCENE_OPENER = re.compile(
    r"^(?:suppose|consider|assume|imagine|let|say)\b(?!\s+(?:that\s+)?(?:is|are)\b)",
    re.IGNORECASE,
)
# a slide of worked problems or exercises: its lines are givens and steps, not claims (an
# "Example: …" slide still states general rules: "The height of the tree is …", round 27)
_PROBLEM_SLIDE = re.compile(
    r"\b(?:sample|example|worked|practice|exercise|homework|quiz|review)\s+(?:problems?|questions?)"
    r"|\bworked\s+examples?\b|\b(?:problem|exercise)\s+\d+\b"
    r"|^\s*(?:problem|exercise)s?\s*(?:\d+\s*)?[:.\-–]",
    re.IGNORECASE,
)
# an indefinite subject introduced with a symbol ("A train car with a mass m", "a ball of
# radius r"): the givens of one problem, true only because the problem says so
_GIVEN_WITH_SYMBOL = re.compile(
    r"^(?i:an?|another|one|two|three)\s+[\w\s-]{2,40}?\b(?:with|of|having|has)\s+(?:an?\s+)?"
    r"(?:[a-z]+\s+){1,2}(?P<sym>[A-Za-zµα-ωΑ-Ω](?:[0-9_]|\b))(?=[\s,.]|$)",
)
# a general rule keeps its symbol: "A matrix A is invertible if …", "A graph G is a pair …"
_RULE_WORDS = re.compile(
    r"\b(?:if|iff|when|whenever|then|only|always|must|is\s+(?:an?|the|called|said)|are\s+called)\b",
    re.IGNORECASE,
)
# a year or a decade: a dated event of history, not a claim a student can reason about
_DATED = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)(?:s|'s)?\b|\b(?:19|20)\d0s\b")
# a slide that quotes a dictionary before the field's sense
_DICTIONARY = re.compile(
    r"\bdictionary\b|\bmerriam|\bwebster\b|\boxford\s+english\b|\bwiktionary\b|\bthesaurus\b",
    re.IGNORECASE,
)
# a dictionary's run of senses: "… one's identity; an assumed name."
_SECOND_SENSE = re.compile(r";\s+(?:an?|the)\s+[\w\s'-]{1,40}\.?$", re.IGNORECASE)


def _quoted_gloss(term: str, slide_text: str) -> bool:
    """Whether the slide glosses the word in quotes, dictionary style: '"alias": a …'."""
    if not term:
        return False
    word = re.escape(term)
    return re.search(rf"[\"“']{word}[\"”']\s*[:\-–—]", slide_text, re.IGNORECASE) is not None


def not_of_the_subject(stem: str, term: str, title: str, slide_text: str) -> str:
    """Why the statement states the slide's story rather than the subject, or ""."""
    s = stem.strip()
    if _SCENE_OPENER.match(s):
        return "a problem's context"
    if _PROBLEM_SLIDE.search(title):
        return "a line of a worked problem"
    m = _GIVEN_WITH_SYMBOL.match(s)
    rest = s[m.end() :] if m else ""
    # a law uses its symbols again ("… of mass m moving at v has momentum p = mv")
    sym = m["sym"] if m else ""
    if (
        m
        and sym not in ("I", "a", "A")  # "type I", an article: no symbol
        and not _RULE_WORDS.search(rest)
        and "=" not in rest
        and not re.search(rf"\b{re.escape(sym)}\b", rest)
    ):
        return "a problem's givens"
    if _DATED.search(s):
        return "a dated event"
    if _DICTIONARY.search(slide_text) and (
        _SECOND_SENSE.search(s) or _quoted_gloss(term, slide_text)
    ):
        return "an everyday dictionary sense"
    return ""


_LEAD_ABBREVIATION = re.compile(r"^(?P<acr>[A-Za-z][\w&-]{1,7})(?=\s+(?!\())")


def _singular(phrase: str) -> str:
    words = phrase.split()
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        words[-1] = last[:-1]
    return " ".join(words)


def written_out(stem: str, slide_text: str) -> str:
    """`stem` with the bare abbreviation it opens with written out from the slide's own
    words ("CF is simple …" where the slide says "complementary filters": "A complementary
    filter (CF) is simple …"); unchanged when the slide has no such words
    (DNA, CPU: the deck leaves them bare) or the statement already explains it."""
    m = _LEAD_ABBREVIATION.match(stem)
    if m is None or not _acronymish(m.group("acr")) or not m.group("acr").isupper():
        return stem
    acr = m.group("acr")
    if _spelled(acr, stem):
        return stem  # "SC indicates a Schwann cell …": a figure's label, not a name to add
    names = _spelled(acr, slide_text)
    if len(names) != 1:
        return stem  # none, or two readings ("synaptic cleft", "Schwann cell"): no guess
    name = names.pop()
    # a count noun the slide writes in the plural takes "A"; a field or a quantity the slide
    # writes in the singular stays bare ("Natural language processing (NLP) is …")
    # so does one the statement classes as one of a kind ("… is a more specific search problem")
    # (not a field named by its activity: "natural language processing is a field")
    classed = re.match(r"\s+is\s+an?\s", stem[m.end() :])
    if not name.endswith(("+", "ing")) and classed:
        name += "+"
    if name.endswith("+"):
        return f"{_indefinite(name[:-1]).capitalize()} {name[:-1]} ({acr}){stem[m.end() :]}"
    seen = re.search(rf"\b(the|an?)\s+{re.escape(name)}\b", slide_text, re.IGNORECASE)
    if seen:  # the article the slide gives it: "the arithmetic logic unit"
        return f"{seen[1].capitalize()} {name} ({acr}){stem[m.end() :]}"
    return f"{name[0].upper()}{name[1:]} ({acr}){stem[m.end() :]}"


def _spelled(acr: str, text: str) -> set[str]:
    """The runs of words of `text`, one per letter, that `acr` abbreviates, in the singular
    and marked "+" when the text writes them in the plural."""
    letters = sum(1 for c in acr if c.isalpha())
    words = re.findall(r"[A-Za-z][A-Za-z-]*", text)
    out: set[str] = set()
    for i in range(len(words) - letters + 1):
        run = words[i : i + letters]
        if any(w.isupper() for w in run):
            continue  # another abbreviation, not the words it stands for
        phrase = " ".join(run)
        if not (
            acronym_matches(acr, phrase)
            and all(w[0].lower() == c.lower() for w, c in zip(run, acr, strict=False))
        ):
            continue
        # one name in one line, not a list spelling the letters ("Question, Alternatives,
        # Logic, …" for QALMRI: that statement is about the acronym itself)
        joined = r"[ \t]*-?[ \t]*".join(re.escape(w) for w in run)
        if re.search(rf"\b{joined}\b", text):
            one = _singular(phrase.lower())
            out.add(one if one == phrase.lower() else one + "+")  # "+": seen in the plural
    return {n for n in out if n + "+" not in out}
