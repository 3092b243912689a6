"""A fact: one thing a slide states that a question can be built on (a term's gloss, a
statement, a list of one kind's members), with the line and slide it comes from."""

from __future__ import annotations

from dataclasses import dataclass

from models.drafting.words import norm_key
from storage.domain import Slide

__all__ = ["Fact"]


@dataclass(frozen=True)
class Fact:
    """Something a slide states that a question can be built on."""

    kind: str  # "definition" | "statement" | "list"
    term: str  # the key term as written on the slide
    text: str  # the sentence or line as on the slide
    definition: str  # what is said about the term (list: the members, "; "-joined)
    slide: Slide
    topic: str = ""  # the slide's title, or the header the line sits under
    items: tuple[str, ...] = ()  # list members (kind == "list")
    form: str = ""  # how it was found: colon, copula, equals, dash, label, heading, ...

    @property
    def page(self) -> int:
        return self.slide.page

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, norm_key(self.term), norm_key(self.definition))
