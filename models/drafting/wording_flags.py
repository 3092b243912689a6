"""Wordings that mark a line as no lasting fact of the subject: course business, dated
claims, trivia, self-praise, slide slips. Shared by the gloss checks (`fact_checks`) and the
statement checks (`statement_checks`)."""

from __future__ import annotations

import re

# Course business and claims true only when said: no exam asks them.
_ADMIN = re.compile(
    r"\b(?:is|are)\s+due\b|\bdue\s+(?:today|tonight|tomorrow|next|on|by)\b|\bPS\d"
    r"|\bproblem\s+sets?\b|\boffice\s+hours?\b|\b(?:mid-?term|final)\s+exam\b"
    r"|\btonight\b|\bnext\s+(?:class|session|time|week)\b",
    re.IGNORECASE,
)
_DATED = re.compile(
    r"\b(?:in|over|during)\s+(?:the\s+)?(?:last|past|recent)\s+(?:(?:several|few|\w+)\s+)?"
    r"(?:years|decades|months)\b|\b(?:recently|nowadays|these\s+days|now)\b"
    r"|\b(?:most\s+people|many|some|everyone)\s+would\s+agree\b|\bway\s+too\b|\bstuff\b"
    r"|^(?:a|the|one)\s+(?:key|main|central|important|major)\s+"
    r"(?:topic|theme|question|issue|idea|point)s?\s+(?:is|are|was)\b",
    re.IGNORECASE,
)
_TRIVIA_OR_CONTEXT = re.compile(
    r"\b(?:most|very|quite|extremely|increasingly)\s+popular\b|\bwidely\s+used\b"
    r"|\bwell[- ]known\b|\b(?:the|a)\s+following\b|\b(?:is|are|as)\s+another\b"
    r"|\bat\s+(?:that|the)\s+time\b|\bin\s+(?:this|that)\s+case\b"
    r"|\banother\s+(?:way|approach|method|option|alternative|example|kind|type|variant)\b"
    r"|^the\s+(?:more|less)\s+[^\W\d_]+\s+(?:alternative|option|approach|way|variant)\b"
    # a study's date and length: "… was conducted by … in 2006 and lasted for 5 months"
    r"|\blasted\s+(?:for\s+)?(?:about\s+)?\d+\s+(?:days|weeks|months|years)\b"
    # "Hilary Putnam had his doubts": a person's view, said of whom the slide knew
    r"|\b(?:his|her)\s+(?:doubts|view|views|opinion|thoughts|concerns)\b"
    # who won what: "Vernon Smith won the Nobel Prize in Economics in 2002" tests no concept
    r"|\b(?:won|wins|awarded|received|receives|shared)\b[^.]*\b(?:prize|award|medal)s?\b"
    # who backs it: "REDCap is … supported by the Center for Health Insights" (round 20)
    r"|\b(?:supported|funded|sponsored|maintained|hosted|owned|run|offered)\s+by\s+(?:the\s+)?[A-Z]",
    re.IGNORECASE,
)
# A slide's slips and cut lines that a question would repeat: "a inverted-U shaped …"
# (the article), "… the de-facto standard in Bioconductor, but most of base" (a clause
# cut before its verb)
_SLIPS = re.compile(
    r"\ba\s+(?!uni|use|usu|eu|one|once|ur[aei])[aeio]\w"
    r"|\b(?:to|of|with|from)\s+(?:on|in|at|of)\s+the\b"  # "… similarly to on the head"
    r"|(?:^|\s)[A-D]:\s.*\s[B-E]:\s"  # "A: … B: …": a quiz's options run together
    r"|\b(?:is|are)\s+when\b"  # "Anomalous liquids are when the slope …": no definition
    r"|,\s*but\s+(?:most|some|many|all|few|much)\s+of\s+[^\W\d_]+\.?$",
    re.IGNORECASE,
)
# "… at lower temperature TRtransports cold water …": a symbol glued to the next word
_GLUED = re.compile(r"\b[A-Z]{2,3}[a-z]{5,}\b")
# Self-praise and taste, in a statement or a gloss: "the most trusted and by far the
# largest source", "the community of choice for …", "boring": no exam asks them.
_SELF_PRAISE = re.compile(
    r"\bby\s+far\b|\bof\s+choice\b|\bworld['’]?s\s+(?:leading|largest|best|first)\b"
    r"|\bmost\s+(?:trusted|respected|prestigious|influential|famous|successful|recognized)\b"
    r"|\b(?:boring|tedious|fun|exciting|awesome|amazing|annoying)\b"
    # what people hold, not what is: "Most agree that …", "… are subject to debate"
    r"|^(?:most|many|some)\s+(?:agree|believe|argue|think|feel|say)\b"
    r"|\bsubject\s+to\s+(?:debate|discussion|dispute)\b",
    re.IGNORECASE,
)


def _lexicon_knows(word: str) -> bool:
    from models.drafting.words import lexicon_readings, word_rank

    return bool(lexicon_readings(word)) or word_rank(word) < 200_000


def lost_ligature(text: str) -> bool:
    """A word the PDF lost its ligature in: "prots", "benet" — unknown as written, an
    English word once "fi", "fl" or "ff" is put back ("profits", "benefit"). A question
    would repeat the garbled word (round 20: "Disgorgement gives up wrongfully-gained
    prots.")."""
    for word in re.findall(r"(?<![\w-])[a-z]{3,}(?![\w-])", text):
        if _lexicon_knows(word):
            continue
        for i in range(len(word)):
            for lig in ("fi", "fl", "ff", "ffi", "ffl"):
                fixed = word[:i] + lig + word[i:]
                if _lexicon_knows(fixed):
                    return True
    return False


def title_case_heading(text: str) -> bool:
    """ "Identifying Power from Prices": every content word capitalised, three or more of
    them — a heading or a title, not a gloss (round 22: "Empirical Challenge: Identifying
    Power from Prices" became "Empirical Challenge involves identifying Power from
    Prices")."""
    from models.drafting.words import _WORD_RE, FUNCTION_WORDS, _acronymish

    if re.search(r"\s[+−×÷=<>]\s?|\s-\s", text):
        return False  # "Equity Value + Debt Value − Cash": a formula in words
    text = re.sub(r"\s*\([^()]*\)", "", text)  # "VNTR (Variable Number …)": an aside
    words = [w for w in _WORD_RE.findall(text) if w.isalpha() or "-" in w]
    content = [w for w in words if w.lower() not in FUNCTION_WORDS]
    if len(content) < 3 or not words or not words[-1][:1].isupper():
        return False
    return all(w[:1].isupper() for w in content) and not all(_acronymish(w) for w in content)
