"""Term lines over their glosses and claims in bullet lists whose export lost the
indentation (every marker on one level, as some slide exports give the text layer),
each beside a line of the same shape that must not change."""

from __future__ import annotations

from models.drafting.facts import extract_facts
from models.drafting.line_roles import (
    article_gloss,
    as_one,
    lost_subjects,
    term_line,
    with_its_subject,
)
from models.drafting.slide_units import slide_units
from storage.domain import Slide


def _facts(text: str) -> tuple[dict[str, str], list[str]]:
    facts = extract_facts([Slide(1, 1, text)])
    glosses = {f.term: f.definition for f in facts if f.kind == "definition"}
    return glosses, [f.text for f in facts if f.kind == "statement"]


_PRODUCT = (
    "Software as a Product\n"
    "● Product\n"
    "● A man-made artifact sold to customers in a market\n"
    "● Software\n"
    "● Typically requires upfront capital investment (development)\n"
)


def test_an_article_gloss_under_a_term_line_on_one_level_is_its_definition() -> None:
    glosses, _ = _facts(_PRODUCT)
    assert glosses.get("Product") == "A man-made artifact sold to customers in a market"
    glosses, _ = _facts(
        "Software Projects\n● Projects\n● A process with a defined start and a defined end\n"
    )
    # one thing, as the gloss says: "A project is a process …"
    assert glosses.get("Project") == "A process with a defined start and a defined end"


def test_an_article_gloss_of_another_field() -> None:
    glosses, _ = _facts(
        "Cell organelles\n"
        "● Ribosome complex\n"
        "● A molecular machine that translates messenger RNA into protein\n"
        "● Golgi apparatus\n"
        "● An organelle that packages proteins for secretion\n"
    )
    assert glosses.get("Ribosome complex", "").startswith("A molecular machine")
    assert glosses.get("Golgi apparatus", "").startswith("An organelle that packages")


def test_a_sentence_a_quantity_or_a_list_of_articles_is_no_gloss() -> None:
    assert not article_gloss("A committer commits the patch to the git repository")
    assert not article_gloss("A thin hypervisor runs directly on the hardware")
    assert not article_gloss("A lot of user testing, significantly more than in closed source")
    assert article_gloss("A data structure storing key-value pairs")
    glosses, _ = _facts(
        "Patch flow\n"
        "● Patch integration\n"
        "● A committer commits the patch to the git repository\n"
        "● Manual testing\n"
        "● A lot of user testing, significantly more than in closed source\n"
    )
    assert not glosses, glosses
    # the members of one list, each opening with an article: none glosses the line above
    glosses, _ = _facts(
        "What is a Pattern?\n"
        "• A pattern should contain\n"
        "• A statement of the problem being solved\n"
        "• A solution of the problem\n"
        "• Alternative solutions\n"
        "• A discussion of tradeoffs among the solutions.\n"
    )
    assert "Alternative solution" not in glosses and "Alternative solutions" not in glosses


def test_a_subjectless_bullet_under_a_term_line_is_said_of_it() -> None:
    _, statements = _facts(
        "Enterprise vs. Retail Customers\n"
        "● Enterprise customers (B2B)\n"
        "● Are willing to trade money for time\n"
        "● Retail customers (B2C)\n"
        "● Are willing to trade time for money\n"
    )
    assert "Enterprise customers (B2B) are willing to trade money for time." in statements
    assert "Retail customers (B2C) are willing to trade time for money." in statements
    _, statements = _facts(_PRODUCT)
    assert any(s.startswith("Software typically requires upfront capital") for s in statements)


def test_a_run_of_subjectless_bullets_of_another_field_shares_the_term_line() -> None:
    text = (
        "Transport across membranes\n"
        "● Active transport\n"
        "● Requires energy in the form of ATP\n"
        "● Can move ions against their concentration gradient\n"
        "● Diffusion rates depend on temperature\n"
        "● Does not apply to gases\n"
    )
    _, units = slide_units(Slide(1, 1, text))
    body = [u for u in units if not u.heading]
    subjects = lost_subjects(body)
    assert subjects == {1: "Active transport", 2: "Active transport"}  # the run ends at a subject
    _, statements = _facts(text)
    assert "Active transport can move ions against their concentration gradient." in statements


def test_advice_questions_and_disagreeing_subjects_stay_as_they_are() -> None:
    for line, subject in [
        ("Should always be submitted to the mailing list", "Patch submission"),
        ("Does the system satisfy the customer", "Acceptance testing"),
        ("Is it a good idea to chlorinate", "Chlorination"),
        ("Are suppliers to their users", "Position of open source projects"),
        ("Is visible to everyone", "Public channels"),
        ("Read the documentation first", "Volunteer users"),
    ]:
        assert with_its_subject(line, subject, adjacent=True) == line, line
    assert (
        with_its_subject("Are suppliers to their users", "Open source projects", adjacent=True)
        == "Open source projects are suppliers to their users"
    )


def test_under_a_title_or_label_only_the_old_openers_take_the_subject() -> None:
    # table cells under a label ("Duration" / "Will eventually expire …") keep no subject
    assert with_its_subject("Will eventually expire after decades", "Duration") == (
        "Will eventually expire after decades"
    )
    assert with_its_subject("Is cheap and easy to reproduce", "Software") == (
        "Is cheap and easy to reproduce"
    )
    # a title naming a topic ("Classification of …") is no subject of a "-s" verb
    line = "Takes a specific amount of time before all the ice has melted"
    assert with_its_subject(line, "Classification of phase transitions") == line
    assert with_its_subject(
        "Provides emulation of a full hardware system", "Full virtualization"
    ) == ("Full virtualization provides emulation of a full hardware system")


def test_term_lines_are_names_not_claims_actions_or_adjectives() -> None:
    for text in ("Product", "Enterprise customers (B2B)", "Written communication", "Code review"):
        assert term_line(text), text
    for text in (
        "Not capital intensive",
        "Avoid private emails",
        "Serves the needs of individuals",
        "Supports on-boarding process",
        "Feature-rich",
        "Difficult people typically",
        "Tools: mailing lists, forums",
    ):
        assert not term_line(text), text


def test_a_plural_term_line_names_one_thing_of_its_gloss() -> None:
    assert as_one("Projects") == "Project"
    assert as_one("Relational databases") == "Relational database"
    assert as_one("Analyses") == "Analyses"
    assert as_one("Enterprise customers (B2B)") == "Enterprise customers (B2B)"
    assert as_one("GPUs") == "GPUs"


def test_a_sub_bullet_without_subject_is_said_of_its_term_line_not_the_title() -> None:
    _, statements = _facts(
        "Customers of software\n"
        "• Enterprise customers\n"
        "   – Are willing to trade money for time\n"
        "• Retail customers\n"
        "   – Are willing to trade time for money\n"
    )
    assert statements == [
        "Enterprise customers are willing to trade money for time.",
        "Retail customers are willing to trade time for money.",
    ]
    _, statements = _facts(
        "Community health\n"
        "• Difficult people\n"
        "   – May split the project into rival forks\n"
        "   – Rarely respond to requests for civility\n"
    )
    assert "Difficult people may split the project into rival forks." in statements
    # a sub-bullet under a label of advice keeps its own words: no subject to give it
    _, statements = _facts(
        "Community health\n• Handle the problem\n   – Do not engage with difficult people at all\n"
    )
    assert not any(s.startswith("Handle the problem") for s in statements)


def test_what_a_flat_list_says_of_a_term_counts_as_a_mention_of_it() -> None:
    from models.drafting.vocabulary import deck_vocabulary

    text = (
        "Archived Communication\n"
        "● Archived communication\n"
        "● Simplifies documentation\n"
        "● Creates yet more trust and credibility\n"
    )
    vocab = deck_vocabulary([Slide(1, 1, text)])
    term = next(t for t, _ in vocab.find_in("archived communication"))
    assert "Archived communication creates yet more trust and credibility" in vocab.mentions(term)


def test_a_common_noun_glossed_by_an_article_phrase_is_a_term_a_label_is_not() -> None:
    from models.drafting.fact_checks import glossed_word_term
    from models.drafting.vocabulary import deck_vocabulary

    assert glossed_word_term("Product") and glossed_word_term("Project")
    for label in ("Storage", "Idea", "Overview", "Examples", "Open", "Claim", "Lemma", "Recap"):
        assert not glossed_word_term(label), label
    vocab = deck_vocabulary([Slide(1, 1, _PRODUCT)])
    assert vocab.find_in("a product"), "the glossed word is a term of the deck"
    glosses, _ = _facts(
        "Convergence\n● Claim\n● A necessary condition for convergence of the series\n"
    )
    assert "Claim" not in glosses
    # the same word with no article gloss under it stays out of the vocabulary
    plain = deck_vocabulary([Slide(1, 1, "Markets\n● Product\n● Sold to customers in a market\n")])
    assert not plain.find_in("a product")


def test_a_name_with_as_a_in_it_is_a_term_an_action_is_not() -> None:
    from models.drafting.fact_checks import _term_ok

    assert _term_ok("Software as a Service") and _term_ok("Infrastructure as a product")
    assert not _term_ok("Booking a hotel", structural=True)
    assert not _term_ok("x value")
    glosses, _ = _facts(
        "Software as a Product\n"
        "● Software as a product\n"
        "● A product sold to either enterprise or retail customers\n"
    )
    assert glosses.get("Software as a product", "").startswith("A product sold")
