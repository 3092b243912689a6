"""The frame a true/false statement lives in, said where the slide names it: a statement
copied from a telegraphic bullet is often true only inside the model, classification, law
or method its slide is about ("ALU corresponds to functional unit …" under "Handler's
classification"), or says "the graph" where the slide's heading says which one."""

from __future__ import annotations

import math
import re

from models.drafting.sentence_parse import _pipeline
from models.drafting.wording import _FUNCTION_BEFORE, _capitalised_inside, _indefinite, _is_mass
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
    statement = _lowered_start(statement, slide_text)  # "Public servants" → "public …"
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


# a title that labels a slide's part or aspect, not the topic a claim lives in:
# "Introduction", "Example", "Summary", "Problem 2", "Limitations of …", "Types of …"
_LABEL_HEADS = frozenset(
    """introduction intro example examples summary overview outline conclusion conclusions
    recap review motivation background problem problems exercise exercises question
    questions agenda note notes definition definitions contents appendix reference references
    reading readings discussion takeaway takeaways announcement announcements lecture chapter
    part section case cases demo demonstration result results goal goals objective
    objectives preliminaries basics fundamentals remark remarks issue issues challenge
    challenges limitation limitations advantage advantages disadvantage disadvantages pro
    pros con cons application applications use uses benefit benefits property properties
    feature features type types kind kinds step steps component components element elements
    characteristic characteristics principle principles idea ideas term terms terminology
    notation fact facts concept concepts detail details comparison key point points
    thing things question answer answers solution solutions exam quiz homework assignment
    task tasks today more continued recall aside hands-on lab labs tutorial practice
    activity activities warm-up wrap-up session""".split()
)
# a title's tail after a dash, colon or bracket says which part: cut before parsing
_TITLE_TAIL = re.compile(r"\s+[-–—]\s+.*$|\s*:\s.*$|\s*\([^()]*\)\s*$")
_TOPIC_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_MAX_TOPIC_WORDS = 6
# heads that go bare like a field or process ("In local search", "In stratified sampling")
_BARE_HEADS = frozenset("search sampling design data learning".split())
_NOT_IN_A_NAME = frozenset(
    "dobj pobj prep cc conj det nsubj nsubjpass relcl acl ccomp advcl appos poss case".split()
)


def _topic(title: str, slide_text: str) -> str:
    """The topic a slide's title names, as it reads inside a sentence ("Praying mantis
    cannibalism" → "praying mantis cannibalism", "Local search (4.8–4.9)" → "local
    search"), or "" when the title is no clean noun phrase: a label ("Example", "Problem
    2"), a question, a citation ("from R. Thornhill (1976)"), a line with a verb or one
    ending open ("Example: occupancy with"), numbered ("(4) …"), shouted, or two topics."""
    name = _TITLE_TAIL.sub("", title.strip(_BULLETS)).strip().rstrip(":").strip()
    if ":" in title and len(name.split()) < 2:
        return ""  # "Standard: we under estimated the", "Example: …": a label before it
    name = re.sub(r"^(?:the|an?)\s+", "", name, flags=re.IGNORECASE)  # "The Ising model"
    words = name.split()
    if not 1 <= len(words) <= _MAX_TOPIC_WORDS:
        return ""
    if name.isupper() and len(name) > 3:
        return ""  # shouted ("WAGES", "UNIFORMLY DISTRIBUTED DATA"); "SQL", "GDP" stay
    if any(re.search(r"[a-z][A-Z]", w) and w not in slide_text.replace(title, "") for w in words):
        return ""  # "UnivalentAmbivalent": two words run together by the PDF, not a name
    if not all(_TOPIC_WORD.fullmatch(w) for w in words) or has_finite_verb(name):
        return ""  # digits, symbols, "?", a citation's initials, a numbered heading
    if {w.lower() for w in words} & {"and", "or", "vs", "versus"}:
        return ""  # two topics ("Pre- and postconditions")
    nlp = _pipeline()
    if nlp is None:
        return ""
    # a title parses badly alone ("Praying" as the verb, "architectures" as one): read it
    # as the object of a carrier verb, where a noun phrase is one
    if name.lower() in _LABEL_HEADS or words[-1].lower() in _LABEL_HEADS:
        return ""  # "The Hands-on", "Worked examples"
    framed = _frame_of(name)
    if framed:
        return framed
    lead = name[:1].lower() if name[1:2].islower() else name[:1]  # "SQL" stays
    carried = nlp(f"They study {lead}{name[1:]}.")
    doc = carried[2:-1]
    if not len(doc) or doc[-1].dep_ != "dobj" or doc[-1].head.i != 1:
        return ""  # head-final noun phrases only: "Development of the …" names an aspect
    if any(t.dep_ in _NOT_IN_A_NAME for t in doc[:-1]):
        return ""  # a preposition, article, clause or second head: not one name
    root = doc[-1]
    if root.lower_ in _LABEL_HEADS or norm_key(root.text) in _LABEL_HEADS:
        return ""
    # the capitals of the title itself say nothing: read the slide without it
    body = "\n".join(ln for ln in slide_text.splitlines() if ln.strip(_BULLETS) != title.strip())
    capitals = [w[:1].isupper() for w in words]
    title_case = len(words) > 1 and all(capitals)
    if title_case and re.match(r"the\s", title.strip(_BULLETS), re.IGNORECASE):
        return name  # "The Human Development Index": a name, capitals and all
    out = []
    for i, w in enumerate(words):
        if w[1:].islower() and w[:1].isupper():
            low = w.lower()
            seen_low = re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])", body)
            common = word_rank(low) < math.inf
            if _capitalised_inside(w, body):
                pass  # "Princeton", "Markov": a name the slide capitalises too
            elif seen_low or (i == 0 and common):
                w = low  # "Praying mantis …" → "praying mantis …"
            elif title_case and common:
                return ""  # "Error Handling": a name or Title Case, the slide does not say
        out.append(w)
    if title_case and out[0] != words[0] and out[1:] != [w.lower() for w in words[1:]]:
        out[0] = words[0]  # "Linux Kernel": a name whose other words keep their capitals
    return " ".join(out)


# "The Bargaining Theory of War", "Theory of Planned Behavior": a frame head named by what
# it is of, one "of" and a few words either side; a claim holds inside a theory or law of
# something, not inside a "classification of phase transitions"
_FRAMES_OF = (
    "theory theories model models law laws hypothesis framework paradigm doctrine principle".split()
)
_FRAME_OF = re.compile(
    rf"(?P<head>(?:[A-Za-z][\w-]*\s+){{0,3}}(?:{'|'.join(_FRAMES_OF)}))\s+of\s+"
    r"(?P<what>(?:the\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})",
    re.IGNORECASE,
)


def _frame_of(name: str) -> str:
    """A title naming a model, theory, law … by what it is of, as a frame: "the Bargaining
    Theory of War" (its capitals kept: a name), or "" for any other title."""
    m = _FRAME_OF.fullmatch(name)
    if m is None or re.search(r"\b(?:and|or|of)\b", m.group("what"), re.IGNORECASE):
        return ""
    words = name.split()
    if words[0].lower() in _NOT_NAMES:
        return ""
    if any(w[:1].islower() for w in words if w.lower() not in ("of", "the")):
        name = name[:1].lower() + name[1:]  # "Theory of planned behavior": no name
    return f"the {name}"


def _said_with_it(topic: str, statement: str) -> bool:
    """Whether the statement already says the topic: its head noun (stem-folded: "DC or T
    cells …" under "Car T cells", "the tree" under "Trees"), or every word of it."""
    said = set(norm_key(statement).split())
    words = norm_key(topic).split()
    return bool(words) and (words[-1] in said or set(words) <= said)


def _lowered_start(statement: str, slide_text: str) -> str:
    """The statement with its capital first word lowered for a frame put before it, where
    it is a common word the slide does not capitalise inside a sentence."""
    first = statement.split()[0]
    lowerable = first[1:].islower() or first == "A"  # "A work …" → "…, a work …"
    common = first[:1].isupper() and lowerable and word_rank(first.lower()) < math.inf
    if common and not _capitalised_inside(first, slide_text):
        return first.lower() + statement[len(first) :]
    return statement


_PAST_MODALS = frozenset("would could might".split())


def _labelled_subject(statement: str) -> bool:
    """Whether the statement's subject is one the slide labels with an adjective of its
    own ("the bad test statistic", "the single step", "the second phase", "the same
    error"): which one, a frame does not say; the slide's list does. A fragment with no
    verb in the present, or with a colon, is one too: a frame makes no claim of it."""
    nlp = _pipeline()
    if nlp is None:
        return True
    doc = nlp(statement)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if ":" in statement or len(roots) != 1:
        return True  # "Features abandoned: strong …": a fragment no frame makes a claim
    # a claim in the present: "Rats took the shorter route", "Rats would hit the lever"
    # report one study's result, which a field's frame does not place
    verbs = [roots[0], *(c for c in roots[0].children if c.dep_ in ("aux", "auxpass"))]
    present = [
        v
        for v in verbs
        if v.tag_ in ("VBZ", "VBP") or (v.tag_ == "MD" and v.lower_ not in _PAST_MODALS)
    ]
    if not present or any(v.tag_ == "VBD" or v.lower_ in _PAST_MODALS for v in verbs):
        return True
    subj = next(
        (t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None
    )
    return subj is not None and any(
        c.dep_ == "amod" and c.pos_ == "ADJ" and c.i < subj.i for c in subj.children
    )


# a lead-in whose sentence the bullets under it finish: "… war occurs when" + "• states are
# uncertain over …" (the statement alone drops the condition)
_OPEN_END = frozenset("when if that because where whether unless while since so".split())
_LEAD_IN_REACH = 6


def _under_open_lead_in(statement: str, slide_text: str) -> bool:
    """Whether the statement's line sits under a line that ends open ("… war occurs
    when"), with only bullets and their wrapped lines between: the bullet finishes that
    sentence and claims nothing alone."""
    lines = [ln.strip() for ln in slide_text.splitlines() if ln.strip()]
    want = norm_key(statement)[:30]
    at = next((i for i, ln in enumerate(lines) if want and want in norm_key(ln)), None)
    if at is None or norm_key(lines[at]).find(want) > 0:
        return False  # not found, or it starts a new sentence inside a wrapped line
    for line in reversed(lines[max(0, at - _LEAD_IN_REACH) : at]):
        words = re.findall(r"[A-Za-z]+", line)
        if line.endswith((".", "!", "?")) or not words:
            return False
        if words[-1].lower() in _OPEN_END | _FUNCTION_BEFORE and not line.endswith(":"):
            return True
    return False


def in_its_topic(statement: str, title: str, slide_text: str) -> str:
    """A statement whose subject leaves its referent to the slide, framed by the topic the
    slide's title names: "The stress component is a linear combination of the strain
    tensor." under "Isotropic linear elastic stress-strain relations" → "In isotropic
    linear elastic stress-strain relations, the stress component …"; "Males try to avoid
    being eaten." under "Praying mantis cannibalism" → "In praying mantis cannibalism,
    males …". "" when the title names no clean topic (see _topic), the statement names
    it already or opens on a frame or pronoun of its own, or the framed sentence does not
    read as one noun phrase."""
    words = statement.split()
    if not words or words[0].lower() in _PRONOUN_START:
        return ""
    if re.match(r"(?:in|under|according\s+to|for|within|during)\b", statement, re.IGNORECASE):
        return ""
    topic = _topic(title, slide_text)
    if not topic or _said_with_it(topic, statement) or _labelled_subject(statement):
        return ""
    if _under_open_lead_in(statement, slide_text):
        return ""
    if topic.startswith("the "):
        return f"In {topic}, {_lowered_start(statement, slide_text)}"
    head = topic.split()[-1]
    low = head.lower()
    plural = low.endswith("s") and not low.endswith(("ss", "us", "is")) and norm_key(low) != low
    if plural:
        # "In stress-strain relations, the stress component …" holds its part; "In nuptial
        # gifts, the payoff to the male …" reads as if inside the things: a plural frame
        # only where the statement shares a word with it
        said = set(norm_key(statement).split())
        if not set(norm_key(topic).split()[:-1]) & said:
            return ""
        lead = topic
    elif _acronymish(head) or _is_mass(low, slide_text):
        lead = topic  # "In linear elasticity", "In time series CV"
    elif low in _BARE_HEADS or low.endswith("ing"):
        lead = topic
    elif any(w[:1].isupper() for w in topic.split()):
        lead = f"the {topic}"  # a named one: "In the Princeton architecture"
    else:
        lead = f"{_indefinite(topic)} {topic}"  # "In a binary search tree"
    return f"In {lead}, {_lowered_start(statement, slide_text)}"
