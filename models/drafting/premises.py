"""Whether a slide's sentence is a premise a true/false item can rest on: a claim the
deck asserts, not a verdict no student would mark False, nor one explanation or argument
the lecture offers among others.

Blind raters (rounds 16, 22, 28) refused "The Iraq War reveals the importance of domestic
political actors …" and "The foundations of SNA are subject to debate" (slogans nobody
marks False), and marked "Iraq maintained ambiguity over its WMD in order to deter …"
for restating, as plain fact, what its slide offers as one explanation ("Multiple
audiences may provide an explanation:")."""

from __future__ import annotations

import re

from models.drafting.sentence_parse import _pipeline
from models.drafting.words import lexicon_readings

# A verdict on how much something matters, or a report that it is disputed: true by how
# it is worded, whatever the student knows. "X reveals the importance of Y", "Y plays a
# role in Z", "X is subject to debate", "most agree that …".
_SLOGAN = re.compile(
    r"\b(?:reveal|show|highlight|illustrate|underscore|underline|demonstrate|emphasi[sz]e"
    r"|stress|point\s+to|remind\s+us\s+of|speak\s+to)(?:s|es|ed|d)?\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:(?:great|growing|central|crucial|critical|key)\s+)?"
    r"(?:importance|significance|relevance|centrality|value|power|role|need|limits"
    r"|complexity|challenges?|difficult(?:y|ies))\b"
    r"|\b(?:is|are|was|were|remains?)\s+(?:still\s+|much\s+|widely\s+|hotly\s+|highly\s+)?"
    r"(?:subject\s+to\s+(?:debate|discussion|controversy)|debated|contested|controversial"
    r"|disputed|open\s+to\s+(?:debate|interpretation))\b"
    r"|\b(?:most|many|some)\s+(?:\w+\s+)?(?:agree|argue|believe|would\s+say)\s+that\b"
    r"|\b(?:marks?|marked|was|is)\s+an?\s+(?:\w+\s+)?turning\s+point\b"
    r"|\bthere\s+is\s+(?:no|little|broad|general|wide)\s+(?:consensus|agreement)\b"
    r"|\bplays?\s+an?\s+(?:\w+\s+)?role\b"
    # "… is unclear", "… remains an open question": what is not known is no claim to judge
    r"|\b(?:is|are|remains?)\s+(?:still\s+)?(?:unclear|an\s+open\s+question"
    r"|(?:not\s+(?:yet\s+|fully\s+|well\s+)?|poorly\s+)understood)\b"
    # advice every student agrees with: "must be made with care", "should be kept in mind"
    r"|\b(?:must|should)\s+be\s+(?:\w+\s+)?(?:with\s+(?:care|caution)|carefully"
    r"|kept\s+in\s+mind|borne\s+in\s+mind|taken\s+into\s+account)"
    # a lead-in promising content it does not give: "can be understood in two ways",
    # "can have implications for …", "the law is evolving"
    r"|\b(?:can|could|may)\s+be\s+(?:understood|seen|viewed|interpreted|approached"
    r"|thought\s+of)\s+in\s+(?:two|three|four|several|many|different|various)\s+ways\b"
    r"|\b(?:can|could|may)\s+(?:have|has)\s+(?:\w+\s+)?(?:implications|consequences)\s+for\b"
    r"|\b(?:is|are)\s+(?:constantly\s+|still\s+|rapidly\s+)?evolving\b"
    # "The Kalman filter needs a number of parameters": which ones is the content
    r"|\b(?:needs?|requires?|has|have|uses?|involves?|includes?|offers?|provides?|takes?)"
    r"\s+(?:a\s+(?:number|variety|range|lot|couple|host|wide\s+range)\s+of|various|numerous"
    r"|several|many|multiple|different)\s+\w+(?:\s+(?:to\s+\w+|and\s+\w+))?\s*\.?\s*$"
    # "Some bargaining models understand war as …": true of some, whatever the student knows
    # ("Some of the information … cannot be verified" picks out which: kept)
    r"|^\W*(?:some|several)\s+(?!of\b)",
    re.IGNORECASE,
)


def interpretive_slogan(statement: str) -> bool:
    """A claim whose truth is its wording's: "… reveals the importance of …", "… is
    subject to debate", "most agree that …", "… plays a role in …". Said of a statement
    kept as True; a student cannot reason it false, so it tests nothing."""
    return _SLOGAN.search(statement) is not None


# How things stand now or how many use something: the instructor's snapshot, true this
# year and not the next ("R, MATLAB and Python are also used by many economists, but Stata
# still dominates", "The UNDP now publishes …"). "now" only before a verb, "still" only
# before a popularity word: "still relatively stiff", "the minimizer still exists" and "the
# price currently available" are no snapshot.
_NOWADAYS = re.compile(
    r"\b(?:nowadays|these\s+days|at\s+present|to\s+date|as\s+of\s+(?:today|now|\d{4}))\b"
    r"|\b(?:most\s+popular|most\s+widely\s+used|widely\s+used|in\s+widespread\s+use"
    r"|(?:used|preferred|adopted)\s+by\s+(?:many|most|everyone)|everyone\s+uses"
    r"|still\s+(?:dominates?|prevails?|leads?|(?:the\s+)?most\s+\w+|(?:widely\s+|very\s+)?popular))\b",
    re.IGNORECASE,
)
_NOW_VERB = re.compile(r"\b(?:now|currently|today)\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)
_NOW_COPULA = frozenset({"is", "are", "has", "have", "remains", "remain", "holds", "leads"})
# the same or different "for each group", "between groups": which groups, and under what
# rule, is on the slide ("A prediction means the same thing for each group" is one
# fairness definition, false in general); "within and between groups" of a method is kept
_UNNAMED_GROUPS = re.compile(
    r"\b(?:the\s+same|equal|identical|differs?|different|vary|varies)\b[^.;]*?"
    r"\b(?:between|across|among|for\s+each|for\s+every|for\s+all|in\s+each)\s+(?:the\s+)?"
    r"(?:groups?|subgroups?|users?|people|individuals|populations?)\s*\.?$",
    re.IGNORECASE,
)

# what a method compares is no claim that they differ: "ANOVA tests whether means differ
# between groups"
_ASKS_WHETHER = re.compile(r"\b(?:whether|if|how|compar\w*|tests?|testing|checks?)\b", re.I)


def bound_to_its_frame(statement: str) -> str:
    """Why a statement holds only inside its lecture's time or frame, or "": how things
    stand now or who uses what (the speaker's snapshot), or the same or different for
    unnamed groups (one definition or consequence the slide states, false in general).
    Said of true and false statements alike: neither way can a student judge it alone."""
    if _NOWADAYS.search(statement):
        return "how things stand now or who uses what"
    for m in _NOW_VERB.finditer(statement):
        verb = m.group("verb").lower()
        readings = lexicon_readings(verb)
        # "currently uses", "now publishes"; not "currently available"
        if verb in _NOW_COPULA or ("VERB" in readings and "ADJ" not in readings):
            return "how things stand now or who uses what"
    groups = _UNNAMED_GROUPS.search(statement)
    if groups and not _ASKS_WHETHER.search(statement[: groups.start()]):
        return "the same or different for unnamed groups"
    return ""


# A line (or heading) that offers what follows as one account among others: "Multiple
# audiences may provide an explanation:", "Possible explanations", "One argument is …",
# "Hypothesis 2:", "Realists argue that". Not a statistical "hypothesis test" or "null
# hypothesis": only a hypothesis stated under a label or as what someone proposes.
_OFFERED = re.compile(
    r"\b(?:possible|potential|plausible|alternative|competing|rival|partial|one|another)"
    r"\s+(?:\w+\s+)?(?:explanations?|interpretations?)\b"
    r"|\b(?:possible|potential|plausible|competing|rival|one|another)\s+(?:\w+\s+)?hypothes[ie]s\b"
    r"|\b(?:one|another|a\s+second|the\s+main|competing|alternative|possible)\s+arguments?"
    r"(?:\s+(?:is|for|against|that|goes|runs)\b|\s*:)"
    r"|\b(?:may|might|could|can)\s+(?:provide|offer|give|be)\s+(?:an?\s+|one\s+|the\s+)?"
    r"(?:\w+\s+)?explanation\b"
    r"|\b(?:may|might|could)\s+(?:partly\s+|partially\s+)?explain\b"
    r"|\b(?:explanation|hypothesis|argument|interpretation)\s*(?:\d+|[A-D]|I{1,3})\s*:"
    r"|\b(?:we|they|authors?|scholars|critics|proponents|researchers|some|others|many)"
    r"\s+(?:argue|contend|hypothesi[sz]e|claim)d?\b"
    r"|\b(?:it\s+is|has\s+been)\s+(?:argued|hypothesi[sz]ed|contended)\b"
    r"|\b(?:argues|argued|contends|contended|hypothesi[sz]es|hypothesi[sz]ed)\s+that\b",
    re.IGNORECASE,
)
# a heading that files the slide's lines as accounts: "Possible explanations", "Competing
# hypotheses", "Three arguments", "Critiques of X" (not a statistics slide's "Alternative
# hypothesis" nor a programming slide's "Function arguments")
_OFFERED_HEADING = re.compile(
    r"\b(?:possible|potential|plausible|competing|rival|main|several|two|three|four|some)"
    r"\s+(?:explanations|hypotheses|arguments|interpretations|accounts)\b"
    r"|^\W*(?:explanations|interpretations|critiques?|criticisms?|counter-?arguments?)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Za-z0-9]+")
# a line that names whose account it states: a fair true/false item on who holds what
_NAMED_SOURCE = re.compile(
    r"^\W*(?:[A-Z][\w'’.-]*\s+){1,3}(?:\(\d{4}\)\s+)?(?:argues|argued|argue|contends"
    r"|contended|contend|claims|claimed|claim|hypothesi[sz]es|hypothesi[sz]ed)\s+that\b"
)
_UNNAMED_SOURCE = re.compile(
    r"^\W*(?:some|others|many|most|critics|scholars|authors|researchers|proponents|we|they"
    r"|it|people|experts)\b",
    re.IGNORECASE,
)


def _position(line: str, slide_text: str) -> int:
    """Where the statement's source line starts in the slide's words (-1 if not found)."""
    want = [w.lower() for w in _WORDS.findall(line)][:6]
    have = [w.lower() for w in _WORDS.findall(slide_text)]
    if not want:
        return -1
    for i in range(len(have) - len(want) + 1):
        if have[i : i + len(want)] == want:
            return i
    return -1


def offered_as_explanation(line: str, slide_text: str, headings: tuple[str, ...] = ()) -> bool:
    """Whether the slide offers the line as one explanation, argument or hypothesis: its
    heading files the slide's lines as such, the line itself reports one, or a line
    before it on the slide announces one. Stated as plain fact it is a claim the lecture
    did not make (true only as "one explanation is that …")."""
    if _NAMED_SOURCE.match(line) and not _UNNAMED_SOURCE.match(line):
        return False  # "Realists argue that …", "Keynes (1936) argued that …": attributed
    if any(_OFFERED_HEADING.search(h) for h in headings) or _OFFERED.search(line):
        return True
    at = _position(line, slide_text)
    if at <= 0:
        return False
    # the slide's text before the line, with its punctuation: the cue reads as written
    cut = 0
    for _ in range(at):
        m = _WORDS.search(slide_text, cut)
        if m is None:
            break
        cut = m.end()
    before = slide_text[:cut]
    return _OFFERED.search(before) is not None


# Nouns a sentence uses to point back at what its slide set up: "the problem", "the
# criterion", "the net result", "the approach". Bare (no "of …", "that …" saying which),
# the reader of a lone true/false item cannot tell which problem or criterion is meant,
# and the claim is true only of the slide's one (round 28: "… total reduction of the
# criterion brought by that feature"; round 24: "The net result increases …").
_POINTING_NOUNS = (
    "problem|problems|challenge|approach|method|technique|procedure|solution"
    "|criterion|condition|assumption|idea|goal|step|scenario|setting|situation|answer"
    "|former|latter|trick|strategy"
)
# an outcome or effect is often the field's own word ("the outcome" of a study, "the
# treatment effect"); pointing back only with a word that says it follows from the slide
_RESULT_NOUNS = "result|results|outcome|effect|effects|consequence"
_POINTING = re.compile(
    rf"\b(?:the|this|that|these|those|such)\s+"
    rf"(?:(?:(?:same|above|previous|former|latter|given|overall|first|second|main|new"
    rf"|proposed|original|single|general|basic|simple|key)\s+)?(?P<noun>{_POINTING_NOUNS})"
    rf"|(?:net|overall|final|resulting|end|same)\s+(?P<result>{_RESULT_NOUNS}))\b"
    # a postmodifier says which: "the problem of overfitting", "the step where …"
    rf"(?!\s*(?:of|that|which|where|when|with|in|for|from|to|on|called|known|named"
    rf"|described|defined|above|below)\b|\s*[(:]|,\s*(?:i\.e|e\.g|namely|called)\b)",
    re.IGNORECASE,
)


# "Both are based on …", "Neither needs …": the two are named on the slide, not here
# ("Both TCP and UDP use ports" names them: an "and" in the clause)
_PRONOUN_PAIR = re.compile(r"^\W*(?:Both|Neither|Either)\b(?![^,.;:]*\b(?:and|or|nor)\b)")


def unnamed_referent(statement: str) -> str:
    """The bare pointing noun phrase ("the problem", "the criterion") the statement leans
    on its slide for, or "": a claim about which problem, which criterion, which the
    student is not told. With the parser: not a word of a compound ("the goal test") nor
    one a phrase after it says which ("the approach proposed by Feng")."""
    pair = _PRONOUN_PAIR.match(statement)
    if pair:
        return pair.group(0).strip()
    found = []
    for m in _POINTING.finditer(statement):
        # "a feature … that feature": named earlier in the sentence itself
        noun = (m.group("noun") or m.group("result")).lower()
        before = statement[: m.start()]
        if re.search(rf"\b(?:an?|one|each|every|any)\s+(?:\w+\s+)?{noun}\b", before, re.I):
            continue
        found.append(m)
    if not found:
        return ""
    nlp = _pipeline()
    if nlp is None:
        return found[0].group(0)
    doc = nlp(statement)
    for m in found:
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        head = span[-1]
        misread = head.head.dep_ == "ROOT" and head.head.pos_ != "VERB"  # "step forces"
        if head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i and not misread:
            continue  # "the goal test", "the problem size": a modifier, not the thing
        if any(a.dep_ in ("relcl", "acl") for a in head.ancestors):
            continue  # "an assertion that the method guarantees": the gloss's generic one
        after = [c for c in head.children if c.i > head.i]
        if any(c.dep_ == "prep" and c.lower_ != "by" for c in after):
            continue  # "the problem with …"
        if any(
            c.dep_ in ("acl", "relcl", "appos") and any(t.pos_ == "PROPN" for t in c.subtree)
            for c in after
        ):
            continue  # "the approach proposed by Feng": named by whose it is
        return m.group(0)
    return ""


_GLOSS_HEAD = re.compile(
    r"^\s*(?:the|an?|one)\s+(?:[\w-]+\s+){0,2}?(?P<head>[a-z][\w-]+)"
    r"\s+(?:of|for|that|which|who|in|at|on|to|by|with|between)\b",
    re.IGNORECASE,
)


def misnamed_gloss(term: str, definition: str, slide_text: str) -> str:
    """The sibling term the gloss fits better, or "": the slide glosses "discount factor"
    as "the expected rate of return …" while it also names a "discount rate" (round 28):
    the gloss is a kind of rate, so a careful student marks the statement False against a
    True key. Only a two-or-more-word term whose last word differs from the gloss's head
    noun, when the slide names the term's modifier with that head."""
    words = term.lower().split()
    m = _GLOSS_HEAD.match(definition)
    if len(words) < 2 or m is None:
        return ""
    head = m.group("head").lower()
    if head == words[-1] or head.rstrip("s") == words[-1].rstrip("s"):
        return ""
    sibling = " ".join([*words[:-1], head])
    folded = " ".join(re.findall(r"[a-z0-9]+", slide_text.lower()))
    return sibling if re.search(rf"\b{re.escape(sibling)}s?\b", folded) else ""
