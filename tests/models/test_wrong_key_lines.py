"""Lines that made wrong keys on decks nobody had read (round 27 before its rules):
a diagram's label taken as the subject of a definition below it, an example's name
glossed as a term, a footnote mark glued into a term. Each case rebuilt as slide text,
with one of another field and one line of the same shape that must not change."""

from models.drafting.facts import extract_facts
from storage.domain import Slide


def _facts(text: str) -> list[tuple[str, str, str]]:
    return [(f.kind, f.term, f.text) for f in extract_facts([Slide(1, 1, text)])]


def _texts(text: str) -> list[str]:
    return [t for _, _, t in _facts(text)]


def test_a_diagram_label_above_a_definition_is_not_its_subject() -> None:
    slide = (
        "What are power electronics?\nPower converter\nLoad\nController\nReference\n"
        "Feedback\ni1\nu1\nFig. 1.1: High-level block diagram of a power electronic system\n"
        "Power electronics – a definition\nPower electronics is a multidisciplinary branch "
        "of electrical engineering. It focuses on processing, controlling, and converting "
        "electric power."
    )
    texts = _texts(slide)
    assert not any(t.startswith("Feedback") for t in texts), texts
    chemistry = (
        "Enzymes at work\nSubstrate\nProduct\nActive site\nFig. 3: energy profile\n"
        "Catalysis is the increase in the rate of a chemical reaction. It lowers the "
        "activation energy of the reaction."
    )
    texts = _texts(chemistry)
    assert not any(t.startswith(("Active site", "Product")) for t in texts), texts


def test_a_heading_right_above_still_lends_its_subject() -> None:
    slide = (
        "Intellectual property\nTrademark rights\n• Protect brand names and logos\n"
        "• They never expire, if registered"
    )
    assert any(t.startswith("Trademark rights never expire") for t in _texts(slide))


def test_a_later_it_is_the_previous_sentences_subject() -> None:
    # the sentence before names the heading: its "It" is the heading
    slide = (
        "Membrane transport\nOsmosis\nOsmosis is the movement of water across a "
        "semipermeable membrane. It requires no energy from the cell."
    )
    assert any(t.startswith("Osmosis requires no energy") for t in _texts(slide))
    # the sentence before is about something else: its "It" is not the heading
    other = (
        "Membrane transport\nOsmosis\nThe cell membrane is a lipid bilayer that "
        "surrounds the cell. It controls which molecules enter the cell."
    )
    assert not any(t.startswith("Osmosis controls") for t in _texts(other))


def test_an_examples_name_is_no_term_its_first_line_glosses() -> None:
    slide = (
        "EXAMPLE 2: FREE FALL\nA Kalman filter to estimate the state of a system with one "
        "variable (height). The variable changes under the effect of an external force."
    )
    assert not any(term.lower() == "free fall" for _, term, _ in _facts(slide))
    ecology = "Example: Lynx and hare\nA predator–prey cycle of about ten years in Canada"
    assert not any(term.lower() == "lynx and hare" for _, term, _ in _facts(ecology))
    # a technique over its gloss keeps it
    kept = "Magnitude pruning\nDrop the smallest weights from each layer every 1000 steps"
    assert any(term == "Magnitude pruning" for _, term, _ in _facts(kept))


def test_a_footnote_mark_is_no_part_of_a_term() -> None:
    slide = (
        "Hash-based Associative Data Structures\nA hash table13 is a data structure that "
        "maps keys to values.\n13See https://en.wikipedia.org/wiki/Hash_table.\n86"
    )
    facts = _facts(slide)
    assert any(term == "hash table" for _, term, _ in facts), facts
    assert not any("table13" in t for _, _, t in facts)
    biology = (
        "Gene expression\nA promoter2 is a region of DNA where transcription of a gene "
        "begins.\n2Alberts et al., Molecular Biology of the Cell"
    )
    assert not any("promoter2" in t for _, _, t in _facts(biology))
    # digits that are part of a name stay when no footnote line opens with them
    kept = "Models\nGPT4 is a large language model trained by OpenAI."
    assert not any(term == "GPT" for _, term, _ in _facts(kept))


def test_a_later_it_after_a_pointer_to_the_heading_is_the_heading() -> None:
    slide = (
        "Qasm\nQasm derives from 'Open Quantum Assembly Language'.\nThis is a rather recent "
        "invention, coming out of a 2017 paper. It is a descriptive language that maps a "
        "quantum circuit as text instructions."
    )
    assert any(t.startswith("Qasm is a descriptive language") for t in _texts(slide))


def test_a_reminder_is_no_part_of_the_term() -> None:
    from models.drafting.claims import reported_claim

    said = reported_claim("Recall OS files are collections of blocks of persistent storage.")
    assert said.startswith("OS files are collections")
    facts = _facts(
        "Database files\nMost DBMSs store a database in a single file\n"
        "- recall OS files are collections of blocks of persistent storage"
    )
    assert not any(term.lower().startswith("recall") for _, term, _ in facts), facts
    # "Recall the definition" (no claim after it) and "Recall rate is …" stay as they are
    assert reported_claim("Recall the definition of entropy from last week.").startswith("Recall")


def test_a_numbered_choice_is_no_subject() -> None:
    from models.drafting.statement_checks import _statement_ok

    assert not _statement_ok(
        "Option III uses two indexes, each on a different attribute, and merges the lists."
    )
    assert not _statement_ok("Case 2 requires the patient to be monitored for a week.")
    assert _statement_ok("Option pricing models assume that volatility stays constant over time.")


def test_a_statement_cut_before_its_list_is_refused() -> None:
    from models.drafting.tf_guards import no_claim_alone

    assert no_claim_alone(
        "The goal of a Kalman filter is to estimate the state at each step given."
    )
    assert no_claim_alone("Dispersion of a drug is measured between.")
    assert no_claim_alone("The enzyme binds its substrate at the active site.") == ""


def test_a_quantity_of_things_is_no_term() -> None:
    slide = (
        "Are any of the groups significantly different in the\ncanonical variate space?\n"
        "To test:\nH0 : µ1 = µ2 = . . . = µ3\nH1: at least one µi differs from the rest\n"
        "A couple of approaches:\nCompare the largest eigenvalue, l1, of W−1B to critical "
        "values\nin a F-table. H0 is rejected for large values (> 1).\nLikelihood approach:\n"
        "there is an approximation that has a χ2 distribution."
    )
    assert not any("couple" in term.lower() for _, term, _ in _facts(slide))
    ecology = "Sampling plants\nA number of methods:\nQuadrats count the plants inside a frame."
    assert not any("number of" in term.lower() for _, term, _ in _facts(ecology))
    # a term that merely holds "of" keeps its name
    kept = "Units\nRate of reaction: the change in concentration of a reactant per unit time"
    assert any(term.lower() == "rate of reaction" for _, term, _ in _facts(kept))
