"""Wrong options of the key's kind as the deck's own glosses tell it: a term glossed as a
thing ("an EU regulation …") is asked beside other things of that kind, never beside
practices glossed as acts ("claiming the user owes a bill …"; round 22), while terms
sharing a head noun stay peers whatever their glosses say."""

from __future__ import annotations

from models.drafting.candidates import _Ctx
from models.drafting.distractors import _glossed_alike
from models.drafting.forms import _term_for_definition
from models.drafting.phrasing import kind_from_heading
from storage.domain import Slide
from tests.models.test_mcq_yield import _ctx

PRACTICES = Slide(
    1,
    1,
    "Forbidden practices\n"
    "▪ Fake trust markers: falsely displaying a trust mark or quality mark.\n"
    "▪ Bait advertising: advertising a price when the trader cannot offer that product.\n"
    "▪ Fake urgency: falsely stating that terms are available for a limited time only.\n"
    "▪ Fake invoices: claiming the user owes a bill when they do not.\n"
    "▪ Covert advertising: presenting paid content without disclosing it is an advertisement.",
)
REGULATION = Slide(
    1,
    2,
    "EU rules for platforms\n"
    "▪ The Digital Services Act is an EU regulation that sets rules against illegal content "
    "on online platforms.\n"
    "▪ The Digital Markets Act is an EU regulation that sets duties for large gatekeeper "
    "platforms.\n",
)
SCALES = Slide(
    1,
    3,
    "Rating scales\n"
    "▪ Visual analog scale: a graphical method for collecting data.\n"
    "▪ Likert scale: a sequence of discrete values that represent an ordinal concept.\n"
    "▪ Semantic differential scale: a pair of opposite adjectives with points between.\n"
    "▪ Interviewer bias: a distortion of answers caused by the interviewer.\n",
)



def _term(ctx: _Ctx, text: str):  # type: ignore[no-untyped-def]
    term = ctx.vocab.get(text)
    assert term is not None, text
    return term


def test_a_thing_and_an_act_are_not_glossed_alike() -> None:
    ctx = _ctx([PRACTICES, REGULATION])
    dsa = _term(ctx, "Digital Services Act")
    assert not _glossed_alike(ctx, dsa, _term(ctx, "Fake invoices"))
    assert not _glossed_alike(ctx, dsa, _term(ctx, "Bait advertising"))
    assert _glossed_alike(ctx, dsa, _term(ctx, "Digital Markets Act"))
    # two practices glossed as acts are alike
    assert _glossed_alike(ctx, _term(ctx, "Fake invoices"), _term(ctx, "Bait advertising"))


def test_terms_of_one_head_noun_are_alike_whatever_their_glosses() -> None:
    ctx = _ctx([SCALES])
    vas = _term(ctx, "Visual analog scale")
    assert _glossed_alike(ctx, vas, _term(ctx, "Likert scale"))  # a method, a sequence
    assert not _glossed_alike(ctx, vas, _term(ctx, "Interviewer bias"))  # a method, a distortion


def test_no_practice_is_a_wrong_option_to_a_regulation() -> None:
    practices = {"Fake trust markers", "Bait advertising", "Fake urgency", "Fake invoices"}
    for seed in range(5):
        ctx = _ctx([PRACTICES, REGULATION], seed)
        for fid, fact in enumerate(ctx.facts):
            if fact.kind != "definition" or fact.term != "Digital Services Act":
                continue
            q = _term_for_definition(ctx, fid)
            if q is not None:
                assert not {c.text for c in q.choices} & practices


def test_a_heading_that_counts_its_items_names_their_kind_without_the_count() -> None:
    assert kind_from_heading("Two different approaches") == "approach"
    assert kind_from_heading("Three main sampling methods") == "sampling method"
    assert kind_from_heading("Pruning methods") == "pruning method"


AI_USES = Slide(
    1,
    4,
    "AI in e-commerce\n"
    "(6) Search: query understanding and learning to rank\n"
    "(7) Customer service: chatbots and assistants\n"
    "▪ Safe escalation: route complex or sensitive cases to humans.\n"
    "▪ Query understanding: parse a query into the shopper's intent.\n"
    "▪ Learning to rank: order the results by their predicted relevance.\n",
)
CITY = Slide(
    1,
    5,
    "Urban policy\n"
    "▪ Public transport: buses, trams and trains\n"
    "▪ Congestion pricing: charge drivers for entering the centre at peak hours.\n"
    "▪ Low emission zones: ban the most polluting vehicles from the centre.\n",
)


def test_a_label_over_its_examples_is_not_alike_a_described_term() -> None:
    # round 22: "Customer service" (a section over "chatbots and assistants") beside
    # practices glossed by what they do
    ctx = _ctx([AI_USES])
    escalation = _term(ctx, "Safe escalation")
    assert not _glossed_alike(ctx, escalation, _term(ctx, "Customer service"))
    assert _glossed_alike(ctx, escalation, _term(ctx, "Learning to rank"))  # a peer stays
    # another field: a policy heading over its vehicles beside two policies
    ctx = _ctx([CITY])
    pricing = _term(ctx, "Congestion pricing")
    assert not _glossed_alike(ctx, pricing, _term(ctx, "Public transport"))
    assert _glossed_alike(ctx, pricing, _term(ctx, "Low emission zones"))
