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
