"""The deck's key terms and, for any term, its siblings: other terms of the same kind
(same head noun, same suffix family, acronyms with acronyms, members of one list)
that make plausible wrong options."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from models.drafting.fact_checks import (
    _COLON,
    _clean_term,
    _term_ok,
    _tidy,
    glossed_word_term,
    single_word_term,
)
from models.drafting.facts import (
    Fact,
    _slide_is_logistics,
    _topic,
    acronym_pairs,
    extract_facts,
)
from models.drafting.line_roles import said_of_terms
from models.drafting.slide_units import (
    _is_label_line,
    slide_units,
    split_sentences,
)
from models.drafting.words import (
    _AUX,
    _NON_TERM_LABELS,
    _REFERENCE,
    _URL,
    _VERBS,
    _WEAK_WORDS,
    FUNCTION_WORDS,
    _acronymish,
    _fold,
    _is_verb_form,
    _looks_like_name,
    _singular,
    is_prose,
    is_verb_form,
    norm_key,
    norm_tokens,
    word_rank,
)
from storage.domain import Slide

# --- vocabulary ------------------------------------------------------------------------------


@dataclass
class Term:
    text: str  # the most frequent surface form
    key: str  # folded form used for matching
    count: int = 0  # distinct lines it appears on
    pages: tuple[int, ...] = ()
    defined: bool = False
    heading: bool = False
    acronym: str = ""  # "MoE" for "Mixture of Experts"
    expansion: str = ""  # "Mixture of Experts" for "MoE"
    lists: tuple[int, ...] = ()  # ids of the lists it is a member of
    forms: Counter[str] = field(default_factory=Counter)

    @property
    def words(self) -> list[str]:
        return self.key.split()

    @property
    def head(self) -> str:
        return self.key.split()[-1] if self.key else ""

    @property
    def is_acronym(self) -> bool:
        return len(self.text.split()) == 1 and _acronymish(self.text)


_FAMILIES = (
    ("ization", "isation", "ation", "ition", "tion", "sion"),
    ("ing",),
    ("ment",),
    ("ness",),
    ("ity",),
    ("ism",),
    ("ics",),
    ("ance", "ence"),
)


def _family(word: str) -> int:
    for i, suffixes in enumerate(_FAMILIES):
        if word.endswith(suffixes) and len(word) > 5:
            return i
    return -1


class Vocabulary:
    """The deck's key terms, where they appear, and which terms are siblings."""

    def __init__(self, terms: dict[str, Term], sentences: dict[str, list[str]]) -> None:
        self.terms = terms
        self._sentences = sentences  # term key -> sentences that mention it
        self._by_first: dict[str, list[Term]] = defaultdict(list)
        for t in terms.values():
            if t.key:
                self._by_first[t.key.split()[0]].append(t)
        for group in self._by_first.values():
            group.sort(key=lambda t: -len(t.key.split()))

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def get(self, text: str) -> Term | None:
        key = norm_key(text)
        if key in self.terms:
            return self.terms[key]
        for t in self.terms.values():
            if t.acronym and norm_key(t.acronym) == key:
                return t
        return None

    def expand(self, text: str) -> str:
        """ "MoE" → "Mixture of Experts" (and back), or "" when the deck does not say."""
        t = self.get(text)
        if t is None:
            return ""
        return t.expansion or t.acronym

    def variants(self, text: str) -> list[str]:
        """Accepted spellings of a term: as written, acronym/expansion, singular/plural."""
        out: dict[str, str] = {}

        def put(v: str) -> None:
            v = v.strip()
            if v and not re.search(r"[_#/\\@]", v):
                out.setdefault(v.casefold(), v)

        put(text)
        t = self.get(text)
        if t is not None:
            put(t.text)
            put(t.acronym)
            put(t.expansion)
            for form, _ in t.forms.most_common(3):
                put(form)
        for v in list(out.values()):
            words = v.split()
            last = words[-1] if words else ""
            plural = (
                last.isalpha()
                and len(last) > 3
                and (last.islower() or last.istitle())
                and _singular(_fold(last)) != _fold(last)
                and _fold(last) == last.lower()
                and (last.islower() or word_rank(_singular(last.lower())) < 80_000)
            )  # "Hidden Markov Models" → "... Model"; not "Naïve Bayes" → "Baye"
            if plural:
                single = (
                    last[:-3] + "y"
                    if last.lower().endswith("ies")
                    else last[: len(_singular(last.lower()))]
                )
                put(" ".join([*words[:-1], single]))  # "Hidden Markov Models" → "... Model"
            if len(last) > 2 and last.endswith("s") and last[:-1].isupper():
                put(" ".join([*words[:-1], last[:-1]]))  # "HMMs" → "HMM"
            elif (
                last.isalpha()
                and last.islower()
                and len(last) > 3
                and not last.endswith(("s", "x", "z", "sh", "ch"))
                and _singular(_fold(last)) == _fold(last)
            ):
                # "transformer" → "transformers": students write either
                consonant_y = last.endswith("y") and last[-2] not in "aeiou"
                more = last[:-1] + "ies" if consonant_y else last + "s"
                if word_rank(more) < 30_000:  # a plural in use, not "recognitions"
                    put(" ".join([*words[:-1], more]))
            if "-" in v:
                put(v.replace("-", " "))
            plain = _fold_accents(v)
            if plain != v:
                put(plain)  # "Naïve Bayes" → "Naive Bayes"
        if t is not None and not t.acronym:
            initials = _initials(t.text)
            if initials:
                put(initials)  # "Named entity recognition" → "NER"
        return list(out.values())

    def find_in(self, text: str) -> list[tuple[Term, int]]:
        """Terms mentioned in a text, longest match first, with their token position."""
        tokens = norm_tokens(text)
        found: list[tuple[Term, int]] = []
        i = 0
        while i < len(tokens):
            hit: Term | None = None
            for cand in self._by_first.get(tokens[i], ()):
                n = len(cand.key.split())
                if tokens[i : i + n] == cand.key.split():
                    hit = cand
                    break
            if hit is not None:
                found.append((hit, i))
                i += len(hit.key.split())
            else:
                i += 1
        return found

    def mentions(self, term: Term) -> list[str]:
        return self._sentences.get(term.key, [])

    def salience(self, term: Term) -> float:
        score = math.log1p(term.count) + 0.5 * len(set(term.pages))
        score += 2.0 if term.defined else 0.0
        score += 1.0 if term.heading else 0.0
        score += 1.0 if term.acronym or term.expansion else 0.0
        score += 0.3 * min(len(term.words), 3)
        return score

    def similarity(self, a: Term, b: Term) -> float:
        """How much two terms are of the same kind; -inf for the same or nested terms."""
        if a.key == b.key:
            return -math.inf
        wa, wb = a.words, b.words
        if _contains(wa, wb) or _contains(wb, wa):
            return -math.inf  # "quantization" ⊂ "linear quantization": not a sibling
        if a.acronym and norm_key(a.acronym) == b.key:
            return -math.inf
        if b.acronym and norm_key(b.acronym) == a.key:
            return -math.inf
        if a.key.replace(" ", "") == b.key.replace(" ", ""):
            return -math.inf  # "self attention" / "selfattention"
        score = 0.0
        if a.head == b.head and len(wa) + len(wb) > 2:
            score += 3.0
        elif _family(a.head) >= 0 and _family(a.head) == _family(b.head):
            score += 1.5
        if a.is_acronym and b.is_acronym:
            score += 2.5
        elif a.is_acronym != b.is_acronym:
            score -= 1.0
        shared_lists = set(a.lists) & set(b.lists)
        if shared_lists:
            score += 3.0
        shared_pages = set(a.pages) & set(b.pages)
        if shared_pages:
            score += min(1.5, 0.5 * len(shared_pages))
        if len(wa) == len(wb):
            score += 0.5
        score += 0.7 * min(len(a.text), len(b.text)) / max(len(a.text), len(b.text), 1)
        shared_mods = (set(wa[:-1]) & set(wb[:-1])) - FUNCTION_WORDS
        score += 0.5 * len(shared_mods)
        if a.defined and b.defined:
            score += 0.5
        return score

    def siblings(
        self, term: Term | str, k: int = 8, exclude: Iterable[str] = ()
    ) -> list[tuple[Term, float]]:
        """Other terms of the same kind, closest first."""
        t = self.get(term) if isinstance(term, str) else term
        if t is None:
            return []
        banned = {norm_key(x) for x in exclude}
        scored = []
        for other in self.terms.values():
            if other.key in banned:
                continue
            s = self.similarity(t, other)
            if s > -math.inf:
                scored.append((other, s))
        scored.sort(key=lambda x: (-x[1], x[0].key))
        return scored[:k]


def _contains(big: Sequence[str], small: Sequence[str]) -> bool:
    n = len(small)
    return any(list(big[i : i + n]) == list(small) for i in range(len(big) - n + 1))


_CHUNK_BREAK = re.compile(r"[,;:.!?()\[\]{}\"“”‘’=/|<>…•·]+|\s[-–—]\s|\s&\s")


# A count or degree and the noun it qualifies make one modifier ("five point scale",
# "7 point Likert scale", "third degree curve", "low pass filter"): the words after it
# alone ("Point scale", "Degree curve", "Pass filter") name nothing
_BINDS_NEXT = re.compile(
    r"\d+(?:st|nd|rd|th)?|[nkm]|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|twenty|hundred|thousand|single|double|triple|high|low|higher|lower|first|second|third"
    r"|fourth|fifth|zeroth",
    re.IGNORECASE,
)


def _binds_next(word: str) -> bool:
    return bool(_BINDS_NEXT.fullmatch(word))


def _candidates(text: str) -> list[tuple[list[str], bool, bool]]:
    """Noun-phrase-like word runs of a line, each with whether it sits at a sentence start
    and whether its first word is bound to a count before it ("7 point Likert scale")."""
    out: list[tuple[list[str], bool, bool]] = []
    for piece_index, piece in enumerate(_CHUNK_BREAK.split(text)):
        run: list[str] = []
        start = piece_index == 0
        bound = False
        words = piece.split()
        for idx, raw in enumerate([*words, ""]):
            w = raw.strip("'’*")
            low = _fold(w)
            breaks = (
                not w
                or (not run and low in _VERBS and piece_index == 0 and idx == 0)
                or low in FUNCTION_WORDS
                or low in _WEAK_WORDS
                or _is_verb_form(w)
                or not re.fullmatch(r"[^\W_][\w'’+-]*", w)
                or "_" in w
                or bool(re.search(r"['’]s?$", w))
                or (w.isdigit())
                or len(w) > 30
            )
            if breaks:
                if run:
                    out.append((run, start, bound))
                run = []
                start = False
                bound = _binds_next(w)
            else:
                if not run:
                    start = start or idx == 0
                run.append(w)
    return out


def deck_vocabulary(slides: Iterable[Slide], facts: Sequence[Fact] | None = None) -> Vocabulary:
    """Candidate key terms of the deck with frequency, pages and sibling relations."""
    content = [s for s in slides if s.is_content]
    if facts is None:
        facts = extract_facts(content)
    counts: Counter[str] = Counter()
    pages: dict[str, list[int]] = defaultdict(list)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    capitalised: Counter[str] = Counter()
    headings: set[str] = set()
    seen_lines: set[str] = set()
    sentences: dict[str, list[str]] = defaultdict(list)
    acronyms: dict[str, str] = {}  # expansion key -> acronym
    expansions: dict[str, str] = {}  # expansion key -> the expansion as written
    all_lines: list[str] = []
    label_groups: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    subjects: Counter[str] = Counter()
    free: Counter[str] = Counter()  # occurrences not cut from a count ("five point scale")

    for slide in sorted(content, key=lambda s: (s.deck_id, s.page)):
        title, units = slide_units(slide)
        if _slide_is_logistics(title, units):
            continue
        # "Archived communication" / "Creates yet more trust": what the deck says of a term
        all_lines += said_of_terms([u for u in units if not u.heading])
        for unit in units:
            line = _tidy(unit.text) if not unit.heading else unit.text
            if _REFERENCE.search(unit.text) and not unit.heading:
                for exp, acr in acronym_pairs(unit.text):
                    acronyms[norm_key(exp)] = acr
                    expansions.setdefault(norm_key(exp), exp)
                continue
            for exp, acr in acronym_pairs(unit.text):
                acronyms[norm_key(exp)] = acr
                expansions.setdefault(norm_key(exp), exp)
            norm_line = norm_key(line)
            if norm_line in seen_lines:
                continue
            seen_lines.add(norm_line)
            all_lines.append(line)
            if (
                unit.heading
                or _is_label_line(unit.text, unit.bullet)
                or (not unit.bullet and line != unit.text and _is_label_line(line, ""))
            ):
                lab = _clean_term(_topic(line.rstrip(":")))
                parts = [lab, *re.split(r"\s*(?:[,;&/]|\band\b|\bvs\.?|\bversus\b)\s*", lab)]
                for part in dict.fromkeys(p.strip() for p in parts if p.strip()):
                    if _term_ok(part, structural=len(parts) > 2):
                        headings.add(norm_key(part))
                        forms[norm_key(part)][part] += 1
                        pages[norm_key(part)].append(slide.page)
            colon = _COLON.match(line) if not unit.heading else None
            if colon:
                # "Limited Parallelization: While you can ...": a named point of a slide
                lab = _clean_term(colon.group("term"))
                if not _NON_TERM_LABELS.match(lab) and _term_ok(lab, structural=True):
                    headings.add(norm_key(lab))
                    forms[norm_key(lab)][lab] += 1
                    pages[norm_key(lab)].append(slide.page)
                    label_groups[(slide.deck_id, slide.page, unit.label)].append(norm_key(lab))
            if not unit.heading and not is_prose(line, 1) and len(line.split()) > 4:
                continue
            line_keys: set[str] = set()
            for run, at_start, bound in _candidates(line):
                for n in range(1, min(4, len(run)) + 1):
                    for i in range(len(run) - n + 1):
                        phrase = run[i : i + n]
                        surface = " ".join(phrase)
                        key = norm_key(surface)
                        if not key or key in line_keys:
                            continue
                        line_keys.add(key)
                        counts[key] += 1
                        if not (bound if i == 0 else _binds_next(run[i - 1])):
                            free[key] += 1
                        pages[key].append(slide.page)
                        forms[key][surface] += 1
                        if (
                            n >= 2
                            and all(w[:1].isupper() for w in phrase)
                            and not (at_start and i == 0)
                        ) or any(_acronymish(w) for w in phrase):
                            capitalised[key] += 1
            # "Skip-gram predicts ...": a one-word name as the subject of a sentence
            m = re.match(r"^([A-Z][\w]*(?:-[\w]+)+)\s+(\w+)", line)
            if m and (is_verb_form(m.group(2)) or m.group(2) in _AUX):
                subjects[norm_key(m.group(1))] += 1
                forms[norm_key(m.group(1))][m.group(1)] += 1

    defined: dict[str, str] = {}
    glossed: set[str] = set()
    list_members: dict[str, list[int]] = defaultdict(list)
    groups: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    for idx, fact in enumerate(facts):
        if fact.kind == "definition":
            defined[norm_key(fact.term)] = fact.term
            if fact.form == "article":  # "Product" / "A man-made artifact sold …"
                glossed.add(norm_key(fact.term))
            groups[(fact.slide.deck_id, norm_key(fact.topic), fact.form)].append(
                norm_key(fact.term)
            )
        elif fact.kind == "list":
            for item in fact.items:
                list_members[norm_key(item)].append(idx)
    # glosses side by side under one header ("Naïve: ...", "Factorized: ...") are a list too
    all_groups = [*groups.values(), *label_groups.values()]
    for gid, members in enumerate(all_groups, start=len(facts)):
        if len(set(members)) >= 2:
            for key in members:
                list_members[key].append(gid)
    for key, surface in defined.items():
        forms[key][surface] += 1
        if key not in counts:
            counts[key] = 1
    for exp_key in acronyms:
        counts[exp_key] = max(counts[exp_key], 1)
        forms[exp_key] = forms[exp_key] or Counter({expansions.get(exp_key, exp_key): 1})

    terms: dict[str, Term] = {}
    for key, count in counts.items():
        surface = _best_form(forms[key]) if forms[key] else key
        words = key.split()
        is_def = key in defined
        in_list = key in list_members
        is_head = key in headings
        acr = acronyms.get(key, "")
        strict = not (is_def or in_list or acr)
        named_subject = key in subjects and "-" in surface and len(surface.split()) == 1
        if len(words) > 1 and not named_subject and not _term_ok(surface, strict=strict):
            continue
        if len(words) == 1 and (_NON_TERM_LABELS.match(surface) or _URL.search(surface)):
            continue
        if named_subject:
            pass  # "Skip-gram", "Co-distillation": named as a sentence's subject
        elif len(words) == 1:
            if not single_word_term(
                surface, structural=not strict or is_head, count=count
            ) and not (key in glossed and glossed_word_term(surface)):
                continue
            shouting = _acronymish(surface) and surface.isupper() and word_rank(surface) < 3000
            if shouting and count < 2 and not is_def:
                continue  # "KEEP", "MOST": shouting, not acronyms
        else:
            if not (is_def or in_list or is_head or acr or count >= 2 or capitalised[key] >= 1):
                continue
            if _looks_like_name(surface) and not (is_def or acr):
                continue
            if not (free[key] or is_def or in_list or acr):
                continue  # "Point Likert scale": only ever seen after its count
        terms[key] = Term(
            text=surface,
            key=key,
            count=count,
            pages=tuple(sorted(set(pages[key]))),
            defined=is_def,
            heading=is_head,
            acronym=acr,
            lists=tuple(list_members.get(key, ())),
            forms=forms[key],
        )
    # nested terms that (almost) never occur apart from their longer phrases are dropped:
    # "Optimal Brain" of "Optimal Brain Damage" and "Optimal Brain Surgeon"
    for key in list(terms):
        t = terms[key]
        if t.defined or t.heading or t.acronym or t.lists:
            continue
        inside = sum(
            other.count
            for other in terms.values()
            if other.key != key
            and len(other.words) > len(t.words)
            and _contains(other.words, t.words)
        )
        if inside and inside >= t.count:
            del terms[key]
    # acronym terms learn their expansion
    for exp_key, acr in acronyms.items():
        acr_key = norm_key(acr)
        if acr_key in terms and exp_key in terms:
            terms[acr_key].expansion = terms[exp_key].text
        elif acr_key not in terms and exp_key in terms:
            terms[acr_key] = Term(
                text=acr,
                key=acr_key,
                count=1,
                pages=terms[exp_key].pages,
                expansion=terms[exp_key].text,
            )
    # sentences mentioning each term, for checking distractors and swaps
    vocab = Vocabulary(terms, {})
    for line in all_lines:
        for sentence in split_sentences(line):
            for term, _ in vocab.find_in(sentence):
                sentences[term.key].append(sentence)
    vocab._sentences = sentences
    return vocab


def _best_form(forms: Counter[str]) -> str:
    """The spelling to show: the most frequent, preferring one not in Title Case mid-list."""
    ranked = sorted(forms.items(), key=lambda kv: (-kv[1], sum(c.isupper() for c in kv[0])))
    return ranked[0][0]


def _fold_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _initials(term: str) -> str:
    """The usual acronym of a 3–5 word term of plain words ("NER"), "" when there is none
    (two words rarely make a used acronym: "Transformer models" is no "TM")."""
    words = term.split()
    if not 3 <= len(words) <= 5 or not all(w.isalpha() for w in words):
        return ""
    words = [w for w in words if w.lower() not in ("of", "and", "the", "for", "to", "in")]
    return "".join(w[0].upper() for w in words) if len(words) >= 3 else ""
