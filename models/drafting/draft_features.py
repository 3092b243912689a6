"""What the learned draft score reads of a draft: the same features for a rated draft of
the rating rounds and for a candidate of a live run.

Blind raters' reasons come back in families no word rule names one by one: a statement
that needs its slide ("The payoff to the male …", "Males try to avoid being eaten."),
a key that is an everyday word used as a label ("Storage"), options of another level,
a clue any of several terms fits. Their traces are general: common words where a
question needs a named thing (wordninja's frequency list), a bare or pronoun subject
(spaCy's parse), a stem far in meaning from its slide, options close to or far from the
key (MiniLM). `draft_scorer` weighs these with weights learned from the ratings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from models.drafting.sentence_parse import _pipeline
from models.drafting.words import word_rank
from storage.domain import Question, QuestionType

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
_PRONOUNS = frozenset("it they this these those he she them its their".split())
_PERSONAL = frozenset("we you our i your us".split())
_HEDGES = frozenset("may might can often usually some generally typically".split())
_NEGATIONS = frozenset("not never no cannot".split())
_DEFINITE = frozenset("the this these those such".split())
_PINNING = frozenset("amod compound prep acl relcl appos nmod poss".split())
# the builders the ratings know well enough to weigh on their own; any other is "other"
BUILDERS = (
    "true-false",
    "term-for-definition",
    "short-term",
    "short-blank",
    "definition-for-term",
    "list-members",
    "term-for-statement",
    "complete-statement",
)
TYPES = ("truefalse", "mcq", "short", "multi")
_TITLE_CHARS = 120
DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class DraftView:
    """A draft as text: what a rater saw of it (the slide it came from included)."""

    type: str
    builder: str
    difficulty: str
    bloom: str
    stem: str
    options: tuple[str, ...]
    key: str
    slide: str

    @classmethod
    def of(cls, q: Question, slide: str) -> DraftView:
        choices = q.type in (QuestionType.MCQ, QuestionType.MULTI)
        keys = list(q.correct_answers)
        key = keys[0] if keys else ""  # a short answer's first accepted answer is its term
        if q.type == QuestionType.TRUE_FALSE:
            key = key.capitalize()
        return cls(
            type=q.type.value,
            builder=str(q.origin.settings.get("builder", "")),
            difficulty=q.difficulty.value if q.difficulty else "",
            bloom=q.bloom.value if q.bloom else "",
            stem=q.stem,
            options=tuple(c.text for c in q.choices) if choices else (),
            key=key,
            slide=slide,
        )

    @property
    def title(self) -> str:
        return self.slide.strip().split("\n", 1)[0][:_TITLE_CHARS]

    def texts(self) -> list[str]:
        """The texts whose meaning vectors `meaning_features` and the score read (short
        ones: the bundled model takes 0.1 s for 150 characters, 1.6 s for 1,000)."""
        return [self.stem, self.key, self.title, *self.options]


def _words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def _commonness(word: str) -> float:
    """About 7 for "the", 2-3 for a technical term, 1 for a word the list lacks."""
    rank = word_rank(word)
    return 1.0 if rank == math.inf else 7.5 - math.log10(rank + 10)


def _least_common(words: list[str], default: float) -> float:
    return min((_commonness(w) for w in words if len(w) > 2), default=default)


def hand_features(v: DraftView) -> dict[str, float]:
    """Form, length, wording, frequency and parse features of a draft."""
    f: dict[str, float] = {}
    for t in TYPES:
        f[f"type {t}"] = float(v.type == t)
    for b in BUILDERS:
        f[f"builder {b}"] = float(v.builder == b)
    for d in DIFFICULTIES:
        f[f"difficulty {d}"] = float(v.difficulty == d)
    words = _words(v.stem)
    lower = [w.lower() for w in words]
    slide_words = {w.lower() for w in _words(v.slide)}
    option_words = [len(_words(o)) for o in v.options]
    f["stem words (log)"] = math.log1p(len(words))
    f["stem over 30 words"] = float(len(words) > 30)
    f["stem under 8 words"] = float(len(words) < 8)
    f["key words (log)"] = 0.0 if v.type == "truefalse" else math.log1p(len(_words(v.key)))
    f["option words (log mean)"] = math.log1p(float(np.mean(option_words))) if option_words else 0.0
    f["option length spread"] = (
        max(option_words) / max(1, min(option_words)) if option_words else 0.0
    )
    f["starts with a pointer"] = float(
        bool(re.match(r"(The|This|These|Those|It|They|Such|Its|Their|He|She)\b", v.stem))
    )
    f["pronoun share"] = sum(w in _PRONOUNS for w in lower) / max(1, len(words))
    f["we or you"] = float(any(w in _PERSONAL for w in lower))
    f["digits"] = float(bool(re.search(r"\d", v.stem)))
    f["brackets"] = float("(" in v.stem)
    f["colon or semicolon"] = float(":" in v.stem or ";" in v.stem)
    f["quotes"] = float(bool(re.search(r"[\"“”‘’]", v.stem)))
    f["e.g. or etc"] = float(bool(re.search(r"\b(e\.g|i\.e|etc)\b", v.stem)))
    f["capitalised share"] = sum(w[0].isupper() for w in words[1:]) / max(1, len(words) - 1)
    f["all-caps share"] = sum(w.isupper() and len(w) > 1 for w in words) / max(1, len(words))
    f["stem words on the slide"] = sum(w in slide_words for w in lower) / max(1, len(words))
    flat_slide = re.sub(r"\s+", " ", v.slide).lower()
    f["stem verbatim on the slide"] = float(v.stem.rstrip(".?").lower() in flat_slide)
    f["key on the slide"] = float(v.type != "truefalse" and v.key.lower() in v.slide.lower())
    f["slide words (log)"] = math.log1p(len(slide_words))
    f["question mark"] = float(v.stem.strip().endswith("?"))
    f["hedge"] = float(any(w in _HEDGES for w in lower))
    f["negation"] = float(any(w in _NEGATIONS for w in lower))
    f["keyed false"] = float(v.type == "truefalse" and v.key.lower() == "false")
    f["bloom above understand"] = float(v.bloom in ("apply", "analyze", "evaluate", "create"))
    f.update(_parse_features(v))
    return f


def _parse_features(v: DraftView) -> dict[str, float]:
    """How common the stem's words are, and what its subject is (spaCy's parse)."""
    nlp = _pipeline()
    f: dict[str, float] = {}
    doc = nlp(v.stem) if nlp is not None else []
    content = [_commonness(t.text) for t in doc if t.pos_ in _CONTENT_POS and t.is_alpha] or [7.0]
    nouns = [_commonness(t.text) for t in doc if t.pos_ in ("NOUN", "PROPN") and t.is_alpha]
    nouns = nouns or [7.0]
    f["least common word"] = min(content)
    f["mean commonness"] = float(np.mean(content))
    f["rare words"] = float(sum(c < 3.5 for c in content))
    f["rare word share"] = f["rare words"] / len(content)
    f["mean noun commonness"] = float(np.mean(nouns))
    f["least common noun"] = min(nouns)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    subjects = [t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and roots and t.head == roots[0]]
    if subjects:
        s = subjects[0]
        pins = [c for c in s.children if c.dep_ in _PINNING]
        dets = [c.lower_ for c in s.children if c.dep_ == "det"]
        f["subject commonness"] = _commonness(s.text) if s.is_alpha else 3.0
        f["subject is a pronoun"] = float(s.pos_ == "PRON")
        f["subject bare definite"] = float(bool(dets) and dets[0] in _DEFINITE and not pins)
        f["subject bare common noun"] = float(
            not pins and s.pos_ == "NOUN" and f["subject commonness"] > 4.0
        )
        f["subject words"] = float(len(list(s.subtree)))
        f["subject's least common word"] = min(
            (_commonness(t.text) for t in s.subtree if t.is_alpha and t.pos_ in _CONTENT_POS),
            default=7.0,
        )
        f["has a subject"] = 1.0
    else:
        f["subject commonness"] = 5.0
        f["subject is a pronoun"] = 0.0
        f["subject bare definite"] = 0.0
        f["subject bare common noun"] = 0.0
        f["subject words"] = 0.0
        f["subject's least common word"] = 5.0
        f["has a subject"] = 0.0
    f["no verb"] = float(not any(t.pos_ in ("VERB", "AUX") for t in doc))
    key = "" if v.type == "truefalse" else v.key
    f["key's least common word"] = _least_common(re.findall(r"[A-Za-z]+", key), 0.0) if key else 0.0
    option_floor = [_least_common(re.findall(r"[A-Za-z]+", o), 5.0) for o in v.options]
    f["options' commonness"] = float(np.mean(option_floor)) if option_floor else 0.0
    f["options' commonness spread"] = max(option_floor) - min(option_floor) if option_floor else 0.0
    return f


def meaning_features(v: DraftView, vector: Callable[[str], np.ndarray]) -> dict[str, float]:
    """How close in meaning the stem is to its slide's title, and the options to the key;
    `vector` gives a text's unit meaning vector."""

    def cos(a: str, b: str) -> float:
        return float(vector(a) @ vector(b))

    f = {"stem near the title": cos(v.stem, v.title)}
    wrong = [o for o in v.options if o != v.key]
    if v.type in ("mcq", "multi") and wrong and v.key:
        near = [cos(v.key, o) for o in wrong]
        f["options near the key (mean)"] = float(np.mean(near))
        f["options near the key (max)"] = max(near)
        f["options near the key (min)"] = min(near)
        f["key near the stem"] = cos(v.key, v.stem)
        f["key nearer the stem than options"] = f["key near the stem"] - max(
            cos(o, v.stem) for o in wrong
        )
    else:
        for name in (
            "options near the key (mean)",
            "options near the key (max)",
            "options near the key (min)",
            "key near the stem",
            "key nearer the stem than options",
        ):
            f[name] = 0.0
    f["short answer's key near its clue"] = cos(v.key, v.stem) if v.type == "short" else 0.0
    return f
