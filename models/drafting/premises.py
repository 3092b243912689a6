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
    r"|\bplays?\s+an?\s+(?:\w+\s+)?role\b",
    re.IGNORECASE,
)


def interpretive_slogan(statement: str) -> bool:
    """A claim whose truth is its wording's: "… reveals the importance of …", "… is
    subject to debate", "most agree that …", "… plays a role in …". Said of a statement
    kept as True; a student cannot reason it false, so it tests nothing."""
    return _SLOGAN.search(statement) is not None


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
    "problem|problems|issue|issues|challenge|approach|method|technique|procedure|solution"
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


def unnamed_referent(statement: str) -> str:
    """The bare pointing noun phrase ("the problem", "the criterion") the statement leans
    on its slide for, or "": a claim about which problem, which criterion, which the
    student is not told."""
    for m in _POINTING.finditer(statement):
        # "a feature … that feature": named earlier in the sentence itself
        noun = (m.group("noun") or m.group("result")).lower()
        if re.search(rf"\b(?:an?|one|each|every|any)\s+(?:\w+\s+)?{noun}\b", statement[: m.start()], re.I):
            continue
        return m.group(0)
    return ""
