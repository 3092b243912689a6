"""Lists as facts: the members a slide lists under a lead-in or a label ("Three types of
intellectual property: patents, copyright, trademarks"; a heading over nothing but the
names of its kinds), one fact of kind "list" per list, for multiple-answer questions and
for the kinds of terms their members are."""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.drafting.fact import Fact
from models.drafting.fact_checks import _COLON, _PAREN, _clean_term, _strip_parens_urls, _tidy
from models.drafting.line_roles import _is_heading_phrase
from models.drafting.slide_units import Unit, split_sentences
from models.drafting.words import (
    _GENERIC_LIST_LABELS,
    _MATH_CHARS,
    _NON_TERM_LABELS,
    _URL,
    _WORD_RE,
    _acronymish,
    has_finite_verb,
    norm_key,
)
from storage.domain import Slide

__all__: list[str] = []


def _list_item(text: str) -> str:
    item = _tidy(_strip_parens_urls(text))
    m = _COLON.match(item)
    if m:
        item = m.group("term")
    if re.match(r"^\(", item.strip()):
        return ""  # "(mega)bytes": a unit or a remark, not a member
    item = _PAREN.sub("", item)
    item = re.sub(r"[\"“”]", "", item).strip(" .;,!'")
    return item


def _item_ok(item: str) -> bool:
    if _NON_TERM_LABELS.match(item):
        return False
    words = _WORD_RE.findall(item)
    if not 1 <= len(words) <= 6 or any(c in _MATH_CHARS or c in "/@()[]{}<>" for c in item):
        return False
    if has_finite_verb(item) or _URL.search(item):
        return False
    return all(re.fullmatch(r"[^\W_][\w'’+.-]*", w) for w in words) and (not words[0][:1].isdigit())


def _lists(body: Sequence[Unit], slide: Slide, topic: str) -> list[Fact]:
    """Lists introduced by a line ending with ':' or by an inline "Label: a, b, c", or by
    a title naming kinds of a thing over nothing but their names."""
    facts: list[Fact] = _kinds_under_title(body, slide, topic)
    for pos, unit in enumerate(body):
        text = _tidy(unit.text)
        inline = _COLON.match(text)
        if inline and "," in inline.group("def"):
            label = inline.group("term").strip()
            parts = re.split(r",|\band\b|\bor\b", _PAREN.sub("", inline.group("def")))
            raw_items = [_list_item(x) for x in parts]
            items = [i for i in raw_items if i]
            plural = bool(re.search(r"s$", label)) or bool(_GENERIC_LIST_LABELS.match(label))
            if (
                plural
                and len(items) >= 2
                and len(items) == len(raw_items)
                and all(_item_ok(i) and len(i.split()) <= 4 for i in items)
                and not any(re.match(r"[a-z]+ing\b", i) for i in items)
            ):
                category = _category(label, unit.label or topic)
                if category:
                    facts.append(
                        Fact(
                            "list",
                            category,
                            text,
                            "; ".join(items),
                            slide,
                            topic,
                            tuple(items),
                            "inline",
                        )
                    )
            continue
        if not unit.text.rstrip().endswith(":"):
            continue
        members: list[str] = []
        total = 0
        bullets: set[str] = set()
        for nxt in body[pos + 1 :]:
            same_level = nxt.level == unit.level and nxt.bullet and unit.bullet
            if nxt.level < unit.level or (same_level and not _item_ok(_list_item(nxt.text))):
                break
            if nxt.text.rstrip().endswith(":") and members:
                break
            if unit.bullet and not nxt.bullet:
                break
            if nxt.level > (unit.level + 1 if unit.bullet else 1) and not same_level:
                continue
            total += 1
            bullets.add(nxt.bullet)
            item = _list_item(nxt.text)
            if _item_ok(item):
                members.append(item)
        bulleted = "" not in bullets
        if len(members) < 2 or len(members) < total or (not bulleted and len(members) < 3):
            continue
        label = split_sentences(text.rstrip(":").strip())[-1]
        category = _category(label, unit.label or topic)
        if category:
            seen: dict[str, str] = {}
            for mbr in members:
                seen.setdefault(norm_key(mbr), mbr)
            unique = tuple(seen.values())
            if len(unique) >= 2:
                defs = "; ".join(unique)
                facts.append(
                    Fact("list", category, f"{text} {defs}", defs, slide, topic, unique, "list")
                )
    return facts


_CATEGORY_LEAD = re.compile(
    r"^(?:(?:the\s+)?(?:remainder|rest)\s+of\s+this\s+\w+\s+(?:describes|covers|presents)\s+"
    r"|(?:this|the)\s+(?:chapter|lecture|section|course)\s+(?:describes|covers|presents)\s+"
    r"|(?:here\s+are|there\s+are)\s+"
    r"|(?:some|several|many|few|the|typical|common|popular|main|key|other|more|all)\s+)*",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(
    r"^(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:kinds?\s+of\s+|types?\s+of\s+"
    r"|sorts?\s+of\s+)?",
    re.IGNORECASE,
)


_KINDS_TITLE = re.compile(
    r"^(?:the\s+)?(?:\w+\s+)?(?:main\s+|basic\s+|common\s+)?(?:types|kinds|forms|classes"
    r"|categories|families)\s+of\s+\w",
    re.IGNORECASE,
)


def _kinds_under_title(body: Sequence[Unit], slide: Slide, topic: str) -> list[Fact]:
    """ "Three Types of Intellectual Property" over "1. Copyright", "2. Patent rights",
    "3. Trademark rights" and nothing else: the kinds the title names."""
    if not _KINDS_TITLE.match(topic) or not 3 <= len(body) <= 8:
        return []
    items = [_list_item(_tidy(u.text)) for u in body]
    if not all(u.bullet for u in body) or not all(
        i and _item_ok(i) and len(i.split()) <= 4 for i in items
    ):
        return []
    category = _lower_first(re.sub(r"^(?:the\s+)?(?:\w+\s+(?=\w+\s+of\b))", "", topic))
    if not category or any(c in "?!():" for c in category):
        return []
    text = f"{topic}: {', '.join(items)}"
    return [Fact("list", category, text, "; ".join(items), slide, topic, tuple(items), "title")]


def _category(label: str, context: str) -> str:
    """ "Some direct applications" → "direct applications"; "Common Applications" under
    "Encoder-only Transformers" → "common applications of Encoder-only Transformers"."""
    label = _clean_term(label) if ":" not in label else label.split(":")[0].strip()
    cat = _CATEGORY_LEAD.sub("", label).strip()
    cat = _NUMBER_WORD.sub("", cat).strip()
    words = _WORD_RE.findall(cat)
    if not 1 <= len(words) <= 6 or _NON_TERM_LABELS.match(cat) or has_finite_verb(cat):
        return ""
    if cat.endswith("?") or any(c in "?!()" for c in cat):
        return ""
    if re.search(r"\band\b|&", cat):
        return ""  # "RNNs and Sequential Processing": a topic, not a kind of thing
    if _GENERIC_LIST_LABELS.match(label.strip()) or _GENERIC_LIST_LABELS.match(cat):
        ctx = _clean_term(context)
        if not ctx or len(_WORD_RE.findall(ctx)) > 6 or _is_heading_phrase(ctx):
            return ""
        m = re.match(r"^((?:key\s+)?differences)\s+(from|with|to)\s+(.+)$", cat, re.IGNORECASE)
        if m:
            return f"{m.group(1).lower()} of {ctx} {m.group(2)} {m.group(3)}"
        return f"{_lower_first(cat)} of {ctx}"
    last = _WORD_RE.findall(cat)[-1]
    if not (last.lower().endswith("s") or _acronymish(last)):
        return ""  # "training objective": one thing, not a list of members
    ctx = _clean_term(context)
    if len(_WORD_RE.findall(cat)) == 1 and ctx and len(_WORD_RE.findall(ctx)) <= 5:
        return f"{_lower_first(cat)} for {ctx}"  # "frameworks" alone says too little
    return _lower_first(cat)


def _lower_first(text: str) -> str:
    words = text.split()
    if words and not _acronymish(words[0]) and words[0][:1].isupper() and words[0][1:].islower():
        return " ".join([words[0].lower(), *words[1:]])
    return text
