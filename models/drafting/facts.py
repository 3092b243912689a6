"""Facts and key terms found in cleaned slide text, without a language model.

Slides are read the way an instructor skims them: a heading, bullets whose
lines were wrapped by the PDF, "Term: definition" lines, "X is a Y that ..."
sentences, "X = Y" and "X – Y" glosses, "Long Name (ACR)" acronyms, and lists
introduced by a line ending with a colon. Page furniture (references, URLs,
course logistics), math and flattened tables are left out: a question drafted
from them would be garbage.

`extract_facts` returns what a question can be built on; `deck_vocabulary`
returns the deck's key terms and, for any term, its *siblings*: other terms of
the same kind (same head noun, same suffix family, acronyms with acronyms,
members of the same list) that make plausible wrong options.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from models.drafting.claims import (
    as_line_start,
    goes_on,
    named_by_topic,
    points_at_its_slide,
    reported_claim,
    scoped_clause,
)
from models.drafting.fact import Fact
from models.drafting.fact_checks import (  # re-exported: vocabulary and forms use them
    _ACRONYM_PAREN,
    _COLON,
    _COPULA,
    _COPULA_PLURAL,
    _DASH,
    _EQUALS,
    _clean_term,
    _definition_ok,
    _finish,
    _sentence_case,
    _term_ok,
    _tidy,
    glossed_word_term,
)
from models.drafting.line_roles import (
    _SUPPOSED,
    _WORKED,
    _instructions,
    _is_heading_phrase,
    _is_worked_example,
    _looks_like_gloss,
    _step_pair,
    article_gloss,
    as_one,
    gloss_text,
    in_article_list,
    is_outline,
    lost_subjects,
    noun_gloss,
    term_line,
    with_its_subject,
)
from models.drafting.list_facts import _lists
from models.drafting.phrasing import is_clause, predicate
from models.drafting.sentence_parse import definite_subject, has_subject_and_verb, object_lost
from models.drafting.slide_units import (
    Unit,
    _ends_sentence,
    _is_label_line,
    label_runs,
    shows_code,
    slide_units,
    split_sentences,
)
from models.drafting.statement_checks import _statement_ok, omits_its_name
from models.drafting.words import (
    _AUX,
    _BIO_WORDS,
    _GENERIC_LIST_LABELS,
    _GLOSS_LABELS,
    _LOGISTICS_TITLE,
    _LOGISTICS_WORDS,
    _NON_TERM_LABELS,
    _REFERENCE,
    _URL,
    _WEAK_WORDS,
    _WORD_RE,
    FUNCTION_WORDS,
    _acronymish,
    _fold,
    _is_verb_form,
    _looks_like_name,
    has_finite_verb,
    is_prose,
    norm_key,
    norm_tokens,
)
from storage.domain import Slide

if TYPE_CHECKING:
    from models.drafting.vocabulary import Vocabulary

__all__ = [
    "Fact",
    "acronym_matches",
    "acronym_pairs",
    "extract_facts",
]


def _slide_is_logistics(title: str, units: Sequence[Unit]) -> bool:
    if title and (_LOGISTICS_TITLE.search(title) or _looks_like_name(title)):
        return True
    body = " ".join(u.text for u in units if not u.heading)
    if len(_BIO_WORDS.findall(body)) >= 3:
        return True  # a speaker's biography
    letters = [c for c in body if c.isalpha()]
    if letters and sum(1 for c in letters if c.isascii()) < 0.6 * len(letters):
        return True  # not Latin script: English templates would make mixed-language drafts
    return len(_LOGISTICS_WORDS.findall(body)) >= 4


def _main_clause_verb(text: str) -> bool:
    """Whether a gloss has a finite verb of its own before any "that/which/who"."""
    words = _WORD_RE.findall(text)[1:]
    for w in words:
        if _fold(w) in ("that", "which", "who", "where", "whose", "when", "if"):
            return False
        if _is_verb_form(w) and w.islower() and _fold(w) not in _AUX:
            return True
    return False


def acronym_pairs(text: str) -> list[tuple[str, str]]:
    """(expansion, acronym) pairs written "Long Name (ACR)" or "ACR (Long Name)"."""
    pairs: list[tuple[str, str]] = []
    for m in _ACRONYM_PAREN.finditer(text):
        inner = m.group("inner").strip()
        before_words = m.group("before").split()
        inner_words = inner.split()
        if len(inner_words) == 1 and _acronymish(inner_words[0]):
            acr = inner_words[0].rstrip(",;")
            for k in range(min(len(before_words), 7), 1, -1):
                phrase = " ".join(before_words[-k:])
                if acronym_matches(acr, phrase):
                    pairs.append((_expansion(phrase, acr), acr))
                    break
        elif before_words and _acronymish(before_words[-1]) and 2 <= len(inner_words) <= 7:
            acr = before_words[-1]
            if acronym_matches(acr, inner):
                pairs.append((_expansion(inner, acr), acr))
    return pairs


def _expansion(phrase: str, acronym: str) -> str:
    """An acronym's words as a term, cleaned ("a simple Recurrent Neural Network (RNN)" →
    "Recurrent Neural Network") but never cut below what the acronym spells: "General"
    in "General Data Protection Regulation (GDPR)" is part of the name."""
    cleaned = _clean_term(phrase)
    if acronym_matches(acronym, cleaned):
        return cleaned
    return re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(" \"'“”‘’*:;,."), flags=re.IGNORECASE)


def acronym_matches(acronym: str, phrase: str) -> bool:
    """Whether an acronym abbreviates a phrase: "MoE" ~ "Mixture of Experts",
    "TBPTT" ~ "Truncated backpropagation through time", "LLaMA" ~ "Large Language Model Meta AI".
    """
    acr = [c for c in _fold(acronym) if c.isalnum()]
    if acr and acr[-1] == "s" and acronym[-1:] == "s" and acronym[:-1].isupper():
        acr = acr[:-1]
    words = [w for w in re.split(r"[\s\-–/]+", _fold(phrase)) if w]
    words = [re.sub(r"[^\w]", "", w) for w in words]
    words = [w for w in words if w]
    if len(acr) < 2 or len(words) < 2 or len(words) > len(acr) + 3:
        return False
    if acr[0] != words[0][0]:
        return False

    @cache
    def match(i: int, j: int, skips: int) -> bool:
        if i == len(acr):
            return all(words[k] in FUNCTION_WORDS for k in range(j, len(words)))
        if j == len(words):
            return False
        word = words[j]
        # the word may give its initial and then later letters
        if word[0] == acr[i]:
            pos, k = 1, i + 1
            if match(k, j + 1, skips):
                return True
            while k < len(acr):
                found = word.find(acr[k], pos)
                if found < 0:
                    break
                pos, k = found + 1, k + 1
                if match(k, j + 1, skips):
                    return True
        if word in FUNCTION_WORDS:
            return match(i, j + 1, skips)
        return skips > 0 and match(i, j + 1, skips - 1)

    return match(0, 0, 1)


def _facts_from_slide(slide: Slide) -> list[Fact]:
    title, units = slide_units(slide)
    if _slide_is_logistics(title, units):
        return []
    facts: list[Fact] = []
    topic = _topic(title)
    body = [u for u in units if not u.heading]
    used: set[int] = set()
    outline = is_outline(body)
    # three or more "Label: gloss" lines side by side ("Atomicity: …", "Consistency: …")
    # gloss terms of one kind, even where a gloss is a clause of its own
    labels = [
        _clean_term(m.group("term"))
        for m in (_COLON.match(_tidy(u.text)) for u in body)
        if m and _term_ok(_clean_term(m.group("term")), structural=True)
    ]
    parallel = frozenset(labels) if len(set(labels)) >= 3 else frozenset()
    # "Enterprise customers (B2B)" / "Are willing to trade money for time" in a list whose
    # export lost its indentation: the bullet speaks of the term line above it
    subjects = lost_subjects(body)
    boxes = label_runs(body)  # a diagram's boxes: neighbours, not a term and its gloss

    def add(kind: str, term: str, text: str, definition: str, form: str, ctx: str = "") -> bool:
        term = _clean_term(term)
        definition = _tidy(definition)
        if kind == "definition" and not _definition_ok(definition, term):
            first = split_sentences(definition)[0] if definition else ""
            if first != definition and _definition_ok(first, term):
                text = text.replace(definition, first) if definition in text else text
                definition = first  # "limits the number of steps. E.g., we may ..."
        if kind == "definition" and not (
            (
                _term_ok(term, structural=form != "copula")
                or (form == "article" and glossed_word_term(term))
            )
            and _definition_ok(definition, term)
        ):
            return False
        if (
            kind == "definition"
            and form != "copula"
            and term not in parallel
            and _is_labelled_claim(definition)
        ):
            return False  # "Sequential Nature: RNNs process information step by step"
        facts.append(Fact(kind, term, _tidy(text), definition, slide, ctx or topic, (), form))
        return True

    for pos, unit in enumerate(body):
        if pos in used:
            continue
        text = _tidy(unit.text)
        if not text or (_REFERENCE.search(text) and not _COLON.match(text)):
            continue
        if pos in subjects:
            text = with_its_subject(text, _tidy(subjects[pos]), adjacent=True)
        ctx = _context(unit.label, topic)
        nxt = body[pos + 1] if pos + 1 < len(body) else None
        m = _COLON.match(text)
        # under "Two possible explanations:" or after "Example:" a sentence is a case or
        # a candidate, not a fact: "The market is competitive, …" (round 22)
        supposed = bool(_SUPPOSED.search(unit.label)) or bool(
            m and _SUPPOSED.match(m.group("term").strip())
        )
        # "Core Idea: ..." under a header line (or right under the title) defines the header
        if m and _GLOSS_LABELS.match(m.group("term").strip()):
            owner = unit.label or topic
            if owner:
                add("definition", owner, f"{owner}: {m.group('def')}", m.group("def"), "label")
            continue
        if m:
            raw_term = m.group("term").strip()
            definition = m.group("def")
            if _NON_TERM_LABELS.match(_clean_term(raw_term) or raw_term):
                # "Note: distillation can train on unlabeled data!" is a plain statement
                if not supposed:
                    facts.extend(_statements(_sentence_case(definition), slide, ctx))
                continue
            if _term_ok(_clean_term(raw_term), structural=True):
                if supposed and not re.match(r"(?:some\s+)?examples\b", unit.label, re.I):
                    # "Example:" / "Placebo condition: control article …": the case's own
                    # condition; under "Examples:" the lines gloss instances ("Flamingo: …")
                    continue
                if not add("definition", raw_term, text, definition, "colon", ctx):
                    facts.extend(_statements(definition, slide, ctx, subject=raw_term))
                continue
            if len(_WORD_RE.findall(raw_term)) <= 7 and not has_finite_verb(raw_term):
                # "Strong performance on various NLP tasks: Transformers have achieved ..."
                if not supposed:
                    facts.extend(_statements(definition, slide, ctx))
                continue
        # "Projects" / "A process with a defined start and a defined end": a term line
        # and an article gloss on one level, where the export lost the sub-bullet's indent
        if (
            nxt is not None
            and unit.bullet
            and (nxt.bullet, nxt.level) == (unit.bullet, unit.level)
            and term_line(text)
            and article_gloss(nxt.text)
            and not supposed
            and not in_article_list(body, pos, used)
            and add(
                "definition", as_one(text), f"{text}: {_tidy(nxt.text)}", nxt.text, "article", ctx
            )
        ):
            used.add(pos + 1)
            continue
        # a header line ("Product Quantization", "Multi-Head Attention:") glossed by the
        # line under it ("Split vectors into chunks ...", "Employs multiple heads ...")
        if _is_label_line(text, unit.bullet):
            if outline:
                continue  # a list of section names: no line glosses the one above it
            label = text.rstrip(":").strip()
            under = [u for u in body[pos + 1 :] if u.label == label and u.bullet]
            steps = (
                nxt is not None
                and nxt.bullet != ""
                and len(under) > 1
                and _is_verb_form(_WORD_RE.findall(nxt.text)[0], base_only=True)
            )  # "A simple learning rule:" + "Run ...", "If ...": a procedure, not a gloss
            gloss = gloss_text(nxt.text) if nxt is not None else ""
            if (
                nxt is not None
                and nxt.label == label
                and not steps
                and not {pos, pos + 1} <= boxes
                and not _instructions(label, body[pos + 1 : pos + 5])
                and not _SUPPOSED.search(label)
                and _looks_like_gloss(gloss, loose=True, lower_ok=nxt.bullet != "")
                and not _step_pair(label, gloss)
                and not _NON_TERM_LABELS.match(_clean_term(label))
                and add("definition", label, f"{label}: {gloss}", gloss, "label", topic)
            ):
                used.add(pos + 1)
            continue
        # "2) Truncated backpropagation through time (TBPTT)" / "- simply limits ..."
        gloss = gloss_text(nxt.text) if nxt is not None else ""
        if (
            unit.bullet
            and nxt is not None
            and nxt.level > unit.level
            and not _ends_sentence(text)
            and _term_ok(_clean_term(text), structural=True)
            and _looks_like_gloss(gloss, loose=True, lower_ok=True)
            and add("definition", text, f"{text}: {gloss}", gloss, "label", ctx)
        ):
            used.add(pos + 1)
            continue
        m = _EQUALS.match(text)
        if m and is_prose(m.group("def"), 2) and not re.search(r"[=(]", m.group("term")):
            add("definition", m.group("term"), text, m.group("def"), "equals", ctx)
            continue
        m = _DASH.match(text)
        if m and (_acronymish(m.group("term").split()[-1]) or len(m.group("term").split()) <= 4):
            term = m.group("term")
            # "Bioequivalence - relative bioavailability of two drugs": the layout says
            # term, as a colon does, so one rare word may be the term
            one_word = len(_WORD_RE.findall(term)) == 1 and noun_gloss(gloss_text(m.group("def")))
            if _term_ok(_clean_term(term), structural=one_word) and _definition_ok(
                m.group("def"), term
            ):
                add("definition", term, text, m.group("def"), "dash", ctx)
                continue
        # the slide's title glossed by the first line ("Magnitude pruning" / "Drop ~5% ...")
        if (
            pos == _first_prose(body)
            and topic
            and not unit.label
            and pos not in boxes  # the first box of a diagram, not the title's gloss
            and _looks_like_gloss(text)
            and not _main_clause_verb(text)
            and _term_ok(_clean_term(topic))
            and not _is_heading_phrase(title)
            and not _instructions(topic, body[pos : pos + 4])
            # "Example 2: Free fall" / "A Kalman filter to estimate …": the case's name
            and not _WORKED.match(title.strip())
            and add("definition", topic, f"{topic}: {text}", text, "heading")
        ):
            continue
        if not supposed:
            # under a label the context does not name, the heading is not the subject
            said_of = ctx if not unit.label or _clean_term(unit.label) == ctx else ""
            if said_of and not _heads(body, pos, unit.label):
                said_of = ""  # "Feedback" of a diagram, lines above "It focuses on …"
            facts.extend(_statements(text, slide, ctx, said_of=said_of, bullet=bool(unit.bullet)))
    facts.extend(_lists(body, slide, topic))
    if _is_worked_example(title, body):
        # "Example: Lexicographic method" / "Lab, Answers for Level 1": its sentences are
        # about the example's own case ("The rating is more important than the price"),
        # true there and nowhere else; its glosses and lists still name the deck's terms
        facts = [f for f in facts if f.kind != "statement"]
    return facts


def _is_labelled_claim(definition: str) -> bool:
    """A gloss that is a claim of its own, under a label that is no term: the label is
    a heading ("Parallel processing: The Transformer architecture is highly …")."""
    if predicate(definition) is not None:
        return False
    first = _fold(_WORD_RE.findall(definition)[0]) if _WORD_RE.findall(definition) else ""
    comparative = first in ("more", "less", "better", "worse", "faster", "slower", "higher")
    return comparative or is_clause(definition)


def _heads(body: Sequence[Unit], pos: int, label: str) -> bool:
    """Whether the line `label` (the title when empty) stands right above body[pos], with
    only its sibling bullets or whole sentences between: a label several short lines
    further up ("Feedback" / "i1" / "Fig. 1.1: …" / "Power electronics – a definition")
    is some other line's header, not the subject a bullet leaves out."""
    unit = body[pos]
    for above in reversed(body[:pos]):
        if label and _tidy(above.text.rstrip(":").strip()) == _tidy(label):
            return True
        sibling = above.bullet[:1] == unit.bullet[:1] and above.level == unit.level
        if not (sibling or _ends_sentence(above.text)):
            return False
    return not label


def _context(label: str, topic: str) -> str:
    """What a line is about, for a stem: its header when that names something, else the title."""
    lab = _clean_term(label)
    if (
        lab
        and len(_WORD_RE.findall(lab)) <= 6
        and not has_finite_verb(lab)
        and not _NON_TERM_LABELS.match(lab)
        and not _GENERIC_LIST_LABELS.match(lab)
    ):
        return lab
    return topic


def _first_prose(body: Sequence[Unit]) -> int:
    for i, u in enumerate(body):
        if not _REFERENCE.search(u.text) and not _URL.fullmatch(u.text.strip()):
            return i
    return -1


def _topic(title: str) -> str:
    """A title as a topic: "Scenario 1: inference server" → "inference server",
    "Recent developments: Mixture of Experts (MoE) Models" → "Mixture of Experts (MoE) Models"."""
    t = re.sub(r"\s*\(\s*(?:\d+\s*/\s*\d+|(?:19|20)\d\d)\s*\)\s*$", "", title).strip()
    m = re.match(r"^([^:]{1,40}):\s*(.+)$", t)
    if m and len(_WORD_RE.findall(m.group(2))) >= 1 and not m.group(2).endswith("?"):
        t = m.group(2)
    if t.endswith("?"):
        return ""
    return t.strip(" :")


def _statements(
    text: str,
    slide: Slide,
    topic: str,
    subject: str = "",
    said_of: str = "",
    bullet: bool = False,
) -> list[Fact]:
    """Sentences of a line; with `subject`, "Label: sentence" keeps its label as context;
    `said_of`: the heading a bullet that leaves out its subject ("They never expire")
    is about, when it names a term; `bullet`: the line is a bullet's own (its first
    sentence starts there, whatever its case)."""
    out: list[Fact] = []
    if subject:
        topic = _clean_term(subject)
    named = _clean_term(said_of) if said_of else ""
    if named and not (_term_ok(named, structural=True) and not _is_heading_phrase(named)):
        named = ""
    previous = ""
    for i, sentence in enumerate(split_sentences(_tidy(text))):
        # a later "It …" is about the sentence before it: the heading only where that
        # sentence's subject is the heading or points at it ("Osmosis is … It requires
        # no energy …"; "Qasm" / "This is a recent invention … It is a … language")
        about_heading = not previous or bool(
            re.match(
                rf"(?:{re.escape(_fold(named))}|it|this|they|these)\b", _fold(previous.strip())
            )
        )
        previous = sentence
        if i == 0 and bullet and as_line_start(sentence) != sentence:
            if goes_on(sentence, slide.text):
                continue
            sentence = as_line_start(sentence)
            if points_at_its_slide(sentence):
                named_in_full = named_by_topic(sentence, topic)
                if named_in_full is None:
                    continue
                sentence = named_in_full
        sentence = reported_claim(_before_its_formula(sentence.strip()))
        # a closing quip in quotes ("(“use it or lose it”)") is an aside, not the claim
        sentence = re.sub(r"\s*\((?:“[^”()]*”|\"[^\"()]*\")\)(?=\s*\.?$)", "", sentence)
        if named and about_heading:
            sentence = with_its_subject(sentence, named)
        m = _COPULA.match(sentence.rstrip(".:")) or _bare_plural_gloss(sentence.rstrip(".:"))
        if m and _statement_ok(sentence):
            term = _clean_term(m.group("term"))
            definition = m.group("def")
            # "Copyleft is a … strategy to …": one rare word said what it is, as written
            # ("The actual scholarship is …" is a claim about a word it qualifies)
            # "The coefficient is …" points back at one the slide shows: no relaxation
            bare = re.sub(r"^(?:a|an)\s+", "", m.group("term").strip(), flags=re.I)
            one_word = len(_WORD_RE.findall(bare)) == 1
            if (
                _term_ok(term, structural=one_word)
                and _definition_ok(definition, term)
                and not has_finite_verb(m.group("term"))
                and not re.match(r"(?:the|a|an)\s+(?:same|following|first|last|next)\b", definition)
            ):
                verb = m.group("verb")
                out.append(
                    Fact(
                        "definition",
                        term,
                        _finish(sentence),
                        _tidy(definition).rstrip("."),
                        slide,
                        topic,
                        (),
                        "copula" if verb in ("is", "are") else "means",
                    )
                )
                continue
        scoped = scoped_clause(sentence)
        if (
            (_statement_ok(sentence) or (scoped is not None and _statement_ok(scoped)))
            and not omits_its_name(sentence, topic)
            and has_subject_and_verb(sentence)
            and not object_lost(sentence, slide.text)
            and not (shows_code(slide.text) and definite_subject(sentence))
        ):
            if sentence.endswith(":"):
                sentence = sentence[:-1]
            out.append(
                Fact("statement", "", _finish(sentence), sentence, slide, topic, (), "sentence")
            )
    return out


# "that is" leads in only after a comma: "… a product that is supported by …" is a clause
_LEAD_IN = re.compile(
    r"(?:,?\s+(?:i\.\s?e\.|e\.\s?g\.|namely|as follows)|,\s+that is)[,:]?(?:\s|$)"
)


def _before_its_formula(sentence: str) -> str:
    """ "VE is defined as the reduction in the attack rate …, i.e. VE = (pu − pv)/pu, where
    …": the words before "i.e." when a formula or a fragment follows, else the sentence."""
    m = _LEAD_IN.search(sentence)
    if m is None or _statement_ok(sentence):
        return sentence
    head = sentence[: m.start()].rstrip(" ,;:")
    return head + "." if _statement_ok(head + ".") else sentence


def _bare_plural_gloss(sentence: str) -> re.Match[str] | None:
    """ "Lexers are programs that …", never "Models are often used for …" (an adverb, a
    participle or a function word where the gloss's noun should be)."""
    m = _COPULA_PLURAL.match(sentence)
    if m is None or re.search(r"\b(?:that|which|who|whose|when|where|if)\b", m.group("term")):
        return None  # "The fact that the updates are additive means …": no term
    first = _fold(_WORD_RE.findall(m.group("def"))[0])
    if first in FUNCTION_WORDS or first in _WEAK_WORDS or first.endswith(("ly", "ed")):
        return None
    return m


def extract_facts(slides: Iterable[Slide]) -> list[Fact]:
    """Definitions, statements and lists from content slides (flagged slides are skipped)."""
    facts: list[Fact] = []
    seen: set[tuple[str, str, str]] = set()
    content = [s for s in slides if s.is_content]
    for slide in sorted(content, key=lambda s: (s.deck_id, s.page)):
        for fact in _facts_from_slide(slide):
            if fact.kind == "statement":
                key = (fact.kind, "", norm_key(fact.text))
            elif fact.kind == "definition":
                key = (fact.kind, norm_key(fact.term), "")  # one gloss per term: the first
            else:
                key = (fact.kind, norm_key(fact.term), norm_key(fact.definition))
            if key in seen:
                continue
            seen.add(key)
            facts.append(fact)
    facts = _drop_ambiguous(facts)

    from models.drafting.vocabulary import deck_vocabulary  # it reads the facts too

    vocab = deck_vocabulary(content, facts=facts)
    return [_with_term(f, vocab) for f in facts]


def _drop_ambiguous(facts: list[Fact]) -> list[Fact]:
    """A gloss given to two different terms ("Approximate loss function ...") is no definition."""
    owners: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        if f.kind == "definition":
            owners[norm_key(f.definition)].add(norm_key(f.term))
    return [
        f
        for f in facts
        if f.kind != "definition"
        or (len(owners[norm_key(f.definition)]) == 1 and not _said_twice(f))
    ]


def _said_twice(fact: Fact) -> bool:
    """ "Confederations / Solves iBGP scaling … Route reflectors / Solves iBGP scaling": a
    comparison table gives the gloss to two columns, so it names neither term alone."""
    gloss = norm_key(fact.definition)
    return sum(1 for line in fact.slide.text.splitlines() if norm_key(line) == gloss) >= 2


def _with_term(fact: Fact, vocab: Vocabulary) -> Fact:
    """A statement's key term: the vocabulary term it opens with, else its most salient one."""
    if fact.kind != "statement":
        return fact
    found = vocab.find_in(fact.text)
    if not found:
        return fact
    first = min(found, key=lambda hit: (hit[1], -len(hit[0].key)))
    start = first[1]
    lead = norm_tokens(fact.text)[:start]
    opening = all(t in ("the", "a", "an") for t in lead)
    term = first[0] if opening else max(found, key=lambda hit: vocab.salience(hit[0]))[0]
    return Fact(
        "statement",
        term.text,
        fact.text,
        fact.definition,
        fact.slide,
        fact.topic,
        (),
        "subject" if opening and term is first[0] else "sentence",
    )
