"""What makes a cloze sentence and its gap usable, beyond the sentence filter of
`cloze.key_sentence`: the sentence is written whole on its slide (not two lines the
reader ran together), it is not about a figure or an example the student cannot see,
and its gap is pinned down by the rest of the sentence alone. Blind raters (rounds 13
and 21: 0 of 16 usable) found a gap anywhere else open: "[1] packages are good examples
of [2]", "the [calculation] of the energy difference", "[Vaccine effectiveness] can be
quantified using …". What pins a gap down is a sentence that defines its term: the term
opens the sentence and the rest says what it is ("[1] is the probability that …", "…
refers to …"), or, for the term the slide is titled by, what it does ("[Peephole
connections] extend the LSTM architecture by …") — never what it can, must or cannot
do, which is true of other things as well. No gap inside a list ("GRE, L2TP or IPSec":
any of them fits)."""

from __future__ import annotations

import re

from models.drafting.words import _WORD_RE, _fold, is_verb_form, norm_key, verb_lemmas
from storage.domain import Slide

_STOP = ".!?:;"
# a label of a figure ("PE4", "CEA1", "R2"): the sentence is about a picture
_FIGURE_LABEL = re.compile(r"\b[A-Z]{1,4}\d{1,3}\b")
_LIST_AFTER = re.compile(r"^\s*(?:,\s*[^,.;:]{1,30}?,?\s+(?:and|or)\s|(?:and|or)\s+\S)", re.I)
_LIST_BEFORE = re.compile(r"(?:\S,|\band|\bor)\s+(?:(?:the|an?)\s+)?$", re.IGNORECASE)
# inside an example ("like …", "such as …", "e.g. …") up to the gap, no clause break between
_EXAMPLE = re.compile(r"\b(?:like|such as|e\.\s?g\.|for example|for instance)\b[^,;:.()]*$", re.I)
# the term opens the sentence: "The p-value", "An MoE", "The LSTM's cell state"
_SUBJECT_BEFORE = re.compile(r"^(?:(?:the|an?)\s+)?(?:[A-Za-z][\w-]*['’]s\s+)?$", re.IGNORECASE)
# what follows a term that a sentence defines: "is a/the …", "refers to", "means"
_DEFINES = re.compile(
    r"^\s*(?:\([^()]{1,40}\)\s*)?,?\s*(?:"
    r"(?:is|are)\s+(?:(?:a|an|the|one|any)\s|defined\s+as\b|called\b|known\s+as\b|used\s+(?:to|for)\b)"
    r"|(?:refers?\s+to|means?|denotes?|stands?\s+for|describes?)\b)",
    re.IGNORECASE,
)
# a verb after which the sentence says what a thing may, must or cannot do, or is like:
# true of other things too ("S-boxes must be invertible", "RNNs are not limited to …")
_OPEN_VERBS = frozenset(
    "can could may might must should will would shall is are was were has have had do does"
    " did not never also often usually".split()
)
_EXAMPLE_WORDS = re.compile(
    r"\b(?:for instance|for example|e\.\s?g\.|in (?:this|our|the) example|examples? of)\b",
    re.IGNORECASE,
)
_EXAMPLE_TITLE = re.compile(
    r"\b(?:examples?|exercises?|activity|case stud(?:y|ies)|demo|worked|illustration)\b", re.I
)
# the slide says its sentence is about an example: "Example", "The example is from …"
_EXAMPLE_LINE = re.compile(r"^\W*\d*\s*(?:(?:an?|the|this|our)\s+)?examples?\b", re.IGNORECASE)
# other things of the kind a definition names: "Other ways include …", "one of the …"
_RIVALS = re.compile(
    r"\b(?:other|alternative|another)\s+(?:ways?|methods?|approaches|models?|techniques?"
    r"|types?|kinds?|options?|measures?|tools?|systems?)\b",
    re.IGNORECASE,
)
# two words the PDF reader ran together ("LATEXand"), a slide line's telegraphic clauses
_GLUED = re.compile(r"\b[A-Z]{3,}[a-z]{2,}\b")
_FIGURE_LINE = re.compile(r"^(?:\S{1,4}|[-+\d.,:%\s]+)$")  # an axis tick, a label, a node
_FIGURE_SHARE, _FIGURE_LINES = 0.4, 8
_LINK = re.compile(r"https?://|www\.|\barxiv\b|\bdoi:", re.IGNORECASE)
_WRAPPED = 0.6  # a line this share of the slide's longest is full: wrapped, not ended
# "[1] is a useful tool to …": a judgement of the term, true of other things as well
_JUDGED = re.compile(
    r"^\s*(?:\([^()]{1,40}\)\s*)?,?\s*(?:is|are)\s+(?:(?:a|an|the|one)\s+)?"
    r"(?:(?:very|really|quite|most|more|particularly|extremely|especially)\s+)?"
    # judgements only: "common", "central", "critical", "effective" open definitions too
    # ("The mode is the most common value", "… is the critical value of …")
    r"(?:useful|good|great|important|powerful|nice|popular|convenient|helpful|valuable"
    r"|handy|interesting|easy|excellent|crucial|widely[\s-]used|well[\s-]known|famous)\b",
    re.IGNORECASE,
)
# "[1] is a pixel, or …": a one-word complement names the thing; the gap only describes it
_ONE_WORD = re.compile(
    r"^\s*,?\s*(?:is|are)\s+(?:(?:a|an|the)\s+)?[\w-]+\s*(?:[.;(]|,?\s+or\b|$)", re.I
)
# a line's label: "Fault/Failure: …", "Error – …"
_LABEL = re.compile(r"^\W*(?:\d{1,2}[.)]\s*)?(?P<label>[^:–—]{1,50}?)\s*(?::|\s[–—-]\s)")


def _lines(slide: Slide) -> list[str]:
    return [" ".join(line.split()) for line in slide.text.splitlines() if line.strip()]


def written_whole(sentence: str, slide: Slide) -> bool:
    """Whether a sentence stands on its slide as one sentence: on one line, or wrapped
    over full lines and ended with a stop. Two lines run together ("… as opaque
    bitstring" + "two types of route distinguishers") are not: the first ends short of
    the slide's width, or the last has no stop."""
    lines = _lines(slide)
    text = " ".join(sentence.split())
    joined = " ".join(lines)
    probe = text[: min(len(text), 40)]
    pos = joined.find(probe)
    if pos < 0 or not text:
        return True  # not found as written (tidied on the way): nothing to hold against it
    end = pos + len(text)
    breaks: list[int] = []
    offset = 0
    for line in lines[:-1]:
        offset += len(line)
        breaks.append(offset)  # the space that joined this line to the next
        offset += 1
    inside = [b for b in breaks if pos < b < end - 1]
    if not inside:
        return True
    tail = joined[end - 1 : end + 1]
    if not any(c in _STOP for c in tail):
        return False  # wrapped but never ended: a list's lines, not one sentence
    widest = max(len(line) for line in lines)
    starts = [0, *(b + 1 for b in breaks)]
    for b in inside:
        i = breaks.index(b)
        line = joined[starts[i] : b]
        nxt = joined[b + 1 : b + 2]
        if len(line) < _WRAPPED * widest and not nxt.islower():
            return False  # a short line, then one starting anew: two lines run together
    return True


def leans_on_figure(sentence: str) -> bool:
    """ "PE4 does not import the routes that carry the Blue community": figure labels."""
    return len(_FIGURE_LABEL.findall(sentence)) >= 1


def in_a_list(text: str, start: int, end: int) -> bool:
    """Whether the words at text[start:end] are one item of a list ("using [GRE], L2TP or
    IPSec", "LSI and [LSA]") or an example ("like that of English [verbs]"): the other
    items, or other examples, would fill the gap as well."""
    if _EXAMPLE.search(text[:start]):
        return True
    return bool(_LIST_AFTER.match(text[end:]) or _LIST_BEFORE.search(text[:start]))


def _title_names(surface: str, title: str) -> bool:
    """Whether a slide's title is (or has as one of its parts) the term: "LSTM variants:
    Peephole connections" names "peephole connections"."""
    key = norm_key(surface)
    parts = re.split(r"\s*(?:[:–—(),/]|\s-\s)\s*", title)
    return bool(key) and any(norm_key(p) == key for p in [title, *parts] if p.strip())


def _acts(after: str) -> bool:
    """Whether the words after a term say what it does, in the present ("extend the
    LSTM …", "acts as …"), not what it can or must do, or is."""
    words = _WORD_RE.findall(re.sub(r"^\s*\([^()]*\)", "", after))
    if len(words) < 3:
        return False
    verb = _fold(words[0])
    if verb in _OPEN_VERBS or _fold(words[1]) in _OPEN_VERBS or verb.endswith("ed"):
        return False  # "… used in", "… can be", "… does not": a participle, a modal, a "not"
    # "records", "groups": a noun too, but right after its subject a verb
    return is_verb_form(verb) or (verb.endswith("s") and bool(verb_lemmas(verb)))


def defines_subject(text: str, start: int, end: int, title: str) -> bool:
    """Whether the term at text[start:end] is pinned down by the sentence alone: it
    opens a sentence that defines it ("[1] is the probability that …"), or one that says
    what the slide's own subject (its title) does ("[Peephole connections] extend …")."""
    if not _SUBJECT_BEFORE.match(text[:start]):
        return False  # "the [1] of the energy difference": other words fit as well
    after = text[end:]
    if _DEFINES.match(after):
        return True
    return _title_names(text[start:end], title) and _acts(after)


def glossed_subject(text: str, start: int, end: int, glossed: str) -> bool:
    """Whether the term at text[start:end] opens the sentence a "Term – does …" line of
    its slide stands for ("[Magnitude pruning] drops the smallest weights …"): pinned
    down only among options of its own kind, since what it does others may do too
    ("[Memory cells] contain summaries of the sequence": hidden states as well)."""
    if not glossed or norm_key(glossed) != norm_key(text[start:end]):
        return False
    return bool(_SUBJECT_BEFORE.match(text[:start])) and _acts(text[end:])


def figure_slide(slide: Slide) -> bool:
    """A slide that is mostly a figure's labels, ticks and nodes ("G", "100", "PE4"): its
    sentences describe a picture the student does not see."""
    lines = _lines(slide)
    if len(lines) < _FIGURE_LINES:
        return False
    return sum(1 for line in lines if _FIGURE_LINE.match(line)) >= _FIGURE_SHARE * len(lines)


def from_example(sentence: str, slide: Slide) -> bool:
    """Whether a sentence is about an example, a figure or a paper rather than the
    subject: said "for instance", of "examples of …", on a slide titled or marked as an
    example or exercise, a reading list (links to papers), or a figure's slide."""
    lines = _lines(slide)
    title = lines[0] if lines else ""
    if _EXAMPLE_WORDS.search(sentence) or _EXAMPLE_TITLE.search(title):
        return True
    if any(_EXAMPLE_LINE.match(line) for line in lines):
        return True  # "Example", "The example is from …": its sentences are about the case
    links = sum(1 for line in lines if _LINK.search(line))
    if links >= 2:
        return True  # a reading list: "AWQ – tune scale/zero …" under its arXiv link
    return figure_slide(slide)


def rivals_named(sentence: str, slide: Slide) -> bool:
    """Whether a definition leaves its term open because the slide names others of the
    kind: "A [1] is a method of determining the value of a stock" beside "Other ways
    include the dividend discount model"; "[1] is one of …"."""
    if re.search(r"\b(?:is|are)\s+(?:just\s+)?one\s+of\b", sentence, re.IGNORECASE):
        return True
    return bool(_RIVALS.search(slide.text))


def garbled(sentence: str) -> bool:
    """Words run together by the PDF reader ("mixing LATEXand R code") or a slide
    line's clipped clauses ("denote actions; ignore filenames …"): no sentence to print."""
    return bool(_GLUED.search(sentence)) or ";" in sentence


def judged(after: str) -> bool:
    """Whether the words after a gap judge its term rather than define it: "[1] is a
    useful tool to visualize relationships among events" (blind raters, round 18: tree
    diagrams fit as well), "[1] is an important concept in …"; or only name it with one
    word: "The [basic unit of image] is a pixel, or …" asks for a description, not a name
    (round 18: "the garbled slide phrase, which no student would type")."""
    return bool(_JUDGED.match(after) or _ONE_WORD.match(after))


def blurred(slide: Slide, names: list[str]) -> bool:
    """Whether the slide's own glosses fail to tell the names apart: one line glosses two
    of them together ("Fault/Failure: Function does not work as expected"), or one of
    them labels two lines ("Error: Exception thrown …", "Error: State of program …").
    Then a sentence defining one fits the others too (round 17: "[1] is an issue that
    causes unexpected stoppage" among Failure / Fault / Error)."""
    wanted = {norm_key(n) for n in names if norm_key(n)}
    seen: dict[str, int] = {}
    for line in _lines(slide):
        m = _LABEL.match(line)
        if m is None:
            continue
        parts = re.split(r"\s*(?:/|,|&|\band\b|\bor\b)\s*", m.group("label"))
        keys = {norm_key(p) for p in parts if p.strip()}
        hit = keys & wanted
        if len(hit) >= 2:
            return True
        for k in hit:
            seen[k] = seen.get(k, 0) + 1
    return any(n >= 2 for n in seen.values())
