"""The frame a true/false statement lives in, said where the slide names it: a statement
copied from a telegraphic bullet is often true only inside the model, classification, law
or method its slide is about ("ALU corresponds to functional unit …" under "Handler's
classification"), or says "the graph" where the slide's heading says which one."""

from __future__ import annotations

import math
import re

from models.drafting.wording import _FUNCTION_BEFORE, _capitalised_inside
from models.drafting.words import _acronymish, has_finite_verb, norm_key, word_rank

# the frames a claim can live in: a named model, theory, classification … ("Niskanen's
# model", "Flynn's taxonomy", "the Vector Space Model")
_FRAME_HEADS = "model theory hypothesis framework classification taxonomy paradigm scheme".split()
_MODEL_HEADS = rf"(?:{'|'.join(_FRAME_HEADS)})"
_POSSESSIVE_MODEL = re.compile(rf"\b([A-Z][\w-]+['’]s\s+{_MODEL_HEADS})\b")
_NAMED_MODEL = re.compile(
    rf"\b((?:[A-Z][\w-]*\s+){{1,4}}(?:{'|'.join(h.capitalize() for h in _FRAME_HEADS)}))\b"
)
# a slide that introduces the model: its title is the name, or a line asks what it is
_INTRODUCES = re.compile(
    r"^\s*(?:what\s+is\s+)?(?:the\s+|an?\s+)?(?P<name>.+?)\s*(?:[:?]|assumptions?:?)?\s*$",
    re.IGNORECASE,
)
# a line that sets the scope of the lines under it and says nothing else: "In U.S.
# copyright law,", "Under the GDPR:", "According to Keynes,"
_SCOPE_LINE = re.compile(
    r"^\s*(?P<lead>(?:In|Under|According\s+to)\s+(?P<frame>[^,:;!?]{3,60}?))\s*[,:]\s*$"
)
_NOT_NAMES = frozenset("our my your their his her its this that these new proposed".split())
_PRONOUN_START = frozenset("it they this these that those he she we you such".split())
_BULLETS = "•▪●○▶►◦-– \t"


# what a scope line's frame names: a body of rules or a theory a claim holds inside
_SCOPE_HEADS = frozenset(
    [
        *_FRAME_HEADS,
        *"law act regulation directive statute code standard doctrine convention"
        " treaty constitution jurisdiction".split(),
    ]
)


def _scope_lines(slide_text: str) -> dict[str, str]:
    """The frames a slide's scope lines set: a bullet of its own, "In U.S. copyright law,"
    with the next bullet under it, gives the lead "In U.S. copyright law", keyed by its
    words. A line whose sentence runs on unbulleted ("In a pioneering series of
    experiments," + "Vernon Smith won …"), or whose frame is no law, theory, model …, or
    that has a verb, is no scope."""
    found: dict[str, str] = {}
    lines = [ln.strip() for ln in slide_text.splitlines() if ln.strip()]
    marks = tuple(_BULLETS.replace(" \t", ""))
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not line.startswith(marks) or not nxt.startswith(marks):
            continue
        m = _SCOPE_LINE.match(line.strip(_BULLETS))
        if m is None or has_finite_verb(m.group("frame")):
            continue
        if set(norm_key(m.group("frame")).split()) & _SCOPE_HEADS:
            found[norm_key(m.group("frame"))] = m.group("lead")
    return found


# what a slide's heading names when the slide works inside one method or design
# ("Stochastic beam search", "Princeton architecture - advantages and disadvantages")
_METHOD_HEADS = frozenset(
    "architecture algorithm method search protocol mechanism procedure sampling design".split()
)
_MASS_METHODS = frozenset("search sampling design".split())
_ADJECTIVE_ENDINGS = ("ic", "al", "ive", "ous", "ed", "ary", "ar", "ful", "less", "able", "y")
_HEADING_TAIL = re.compile(r"\s+[-–—:]\s+.*$|\s*\(.*\)\s*$")


def _method_heading(slide_text: str) -> dict[str, str]:
    """The one method, algorithm or architecture the head of a slide names (its first
    three lines, a tail such as " - advantages and disadvantages" cut off), written as the
    slide writes it but lower-cased where the slide writes the words in lower case too."""
    found: dict[str, str] = {}
    lines = [ln.strip(_BULLETS) for ln in slide_text.splitlines() if ln.strip(_BULLETS)]
    for line in lines[:3]:
        name = _HEADING_TAIL.sub("", line).strip()
        words = name.split()
        if (
            not 2 <= len(words) <= 4
            or has_finite_verb(name)
            or words[-1].lower() not in _METHOD_HEADS
        ):
            continue
        if not all(re.fullmatch(r"[A-Za-z][\w-]*", w) for w in words) or name.isupper():
            continue  # symbols, or a shouted label ("A-PRIORI PROCEDURE")
        if {w.lower() for w in words} & _FUNCTION_BEFORE:
            continue
        first, low = words[0], words[0].lower()
        # "Stochastic beam search" → "stochastic …", "Princeton architecture" stays: a
        # first word in lower case on the slide or shaped as an adjective is no name
        adjective = low.endswith(_ADJECTIVE_ENDINGS) and word_rank(low) < math.inf
        seen = re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])", slide_text)
        if first[1:].islower() and (adjective or seen):
            name = low + name[len(first) :]
        found = {norm_key(name): name}  # the heading nearest the bullets holds them
    return found


def in_its_model(statement: str, title: str, slide_text: str) -> str:
    """A claim that holds inside the model a slide introduces, said so: "Public servants
    seek to maximize their budgets" under "What is Niskanen's model?" → "In Niskanen's
    model, public servants …"; "Documents that are close together … talk about the same
    things" on the slide "Vector Space Model" → "In the Vector Space Model, documents …";
    a classification, taxonomy, theory … likewise ("In Handler's classification, …"), and
    the frame a scope line sets ("In U.S. copyright law," over a slide's bullets).
    Left as it is when the slide names no frame, more than one, or only in passing
    ("Limitations of the Solow Model"), or when the statement names it itself."""
    names: dict[str, str] = {}
    for line in [title, *slide_text.splitlines()]:
        m = _INTRODUCES.match(line.strip(_BULLETS))
        if not m:
            continue
        name = m.group("name").strip()
        for pattern in (_POSSESSIVE_MODEL, _NAMED_MODEL):
            found = pattern.fullmatch(name)
            if found and found.group(1).split()[0].lower() not in _NOT_NAMES:
                names[norm_key(found.group(1))] = found.group(1)
    scopes = _scope_lines(slide_text)
    method = {} if names or scopes else _method_heading(slide_text)
    if len(names) + len(scopes) + len(method) != 1:
        return statement
    ((key, name),) = (names or scopes or method).items()
    words = statement.split()
    if not words or words[0].lower() in _PRONOUN_START:
        return statement
    said = norm_key(statement)
    if key in said or set(said.split()) & {*_FRAME_HEADS, *(h + "s" for h in _FRAME_HEADS)}:
        return statement  # it names the frame, or another one
    if scopes and set(key.split()) & set(said.split()) - {"the", "of", "a", "an"}:
        return statement  # "Copyright law protects …" under "In U.S. copyright law,"
    if re.match(r"(?:in|under|according\s+to)\b", statement, re.IGNORECASE):
        return statement  # a frame of its own first
    if method and (
        set(key.split()) & set(said.split())
        or (words[0].lower() not in ("the", "a", "an") and not _acronymish(words[0]))
    ):
        return statement  # "Beam search keeps …": a subject of its own, maybe the method
    first = words[0]
    lowerable = first[1:].islower() or first == "A"  # "A work …" → "…, a work …"
    common = first[:1].isupper() and lowerable and word_rank(first.lower()) < math.inf
    if common and not _capitalised_inside(first, slide_text):
        statement = first.lower() + statement[len(first) :]  # "Public servants" → "public …"
    if scopes:
        return f"{name}, {statement}"
    if method:
        head = name.split()[-1].lower()
        bare = head in _MASS_METHODS or head.endswith("ing")
        return f"In {name if bare else 'the ' + name}, {statement}"
    lead = name if _POSSESSIVE_MODEL.fullmatch(name) else f"the {name}"
    return f"In {lead}, {statement}"


# a heading line: a few words and no verb ("Constraint graph", "Posterior predictive")
_HEADING = re.compile(r"^[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){1,2}$")


def named_in_full(statement: str, title: str, slide_text: str) -> str:
    """ "the graph" said where the slide's heading names which one: "CSP algorithms can use
    the graph structure …" under the heading "Constraint graph" → "… the constraint graph
    structure …". Only where one heading at the slide's head ends in that noun, the noun is a
    common lower-case word, and the statement does not already say the heading's words;
    a heading's name-like capitals stay ("the Kalman filter")."""
    heads: dict[str, list[list[str]]] = {}
    # the head of the slide only (its first three lines, none a bullet): "- Water
    # velocity" further down is an item, and "the velocity" of another line is not its
    lines = [ln.strip() for ln in slide_text.splitlines() if ln.strip()][:3]
    marks = tuple(_BULLETS.replace(" \t", ""))
    for line in [title, *(ln for ln in lines if not ln.startswith(marks))]:
        line = line.rstrip(":").strip()
        if not _HEADING.match(line) or has_finite_verb(line):
            continue
        words = line.split()
        head = words[-1].lower()
        # a plural heading names a group ("Prioritize requirements"), not the one thing
        # "the <noun>" points at
        singular = not head.endswith("s") or head.endswith(("ss", "us", "is"))
        if singular and head.isalpha() and word_rank(head) < math.inf and words[-1][1:].islower():
            mods = [w.lower() for w in words[:-1]]
            if mods not in heads.setdefault(head, []):
                heads[head].append(mods)
    said = set(norm_key(statement).split())
    for head, options in heads.items():
        if len(options) != 1 or set(options[0]) & said or set(options[0]) & _FUNCTION_BEFORE:
            continue
        m = re.search(rf"(?<![\w-])([Tt]he)\s+{re.escape(head)}(?![\w-])", statement)
        if m is None:
            continue
        mods = options[0]
        shown = [
            w.capitalize() if _capitalised_inside(w.capitalize(), slide_text) else w for w in mods
        ]
        at = m.end(1)
        statement = f"{statement[:at]} {' '.join(shown)}{statement[at:]}"
    return statement
