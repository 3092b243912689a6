"""True/false statements that are claims of the subject, not of the slide's story: a worked
problem's givens, a dated event, a dictionary's everyday sense, a reversal on one function
word or one the deck itself supports, and an abbreviation the statement leaves bare."""

from __future__ import annotations

from models.drafting.built import build_drafts
from models.drafting.opposites import reverse
from models.drafting.subject_claims import not_of_the_subject, written_out
from storage.domain import Difficulty, QuestionType, Slide
from tests.models.test_reversed_statements import SLIDES


def _tf(*pages: str, n: int = 8) -> list[str]:
    slides = [Slide(1, 1, "Lecture\nA course", ("title",))]
    slides += [Slide(1, i + 2, text) for i, text in enumerate(pages)]
    out: list[str] = []
    for diff in Difficulty:
        qs = build_drafts(slides, {QuestionType.TRUE_FALSE: n}, diff)
        out += [q.stem for q in qs if q.stem not in out]
    return out


# --- a worked problem's givens -------------------------------------------------------------


def test_a_problem_s_givens_are_no_claim() -> None:
    # round 27 (physics): the first line of a sample problem
    assert not_of_the_subject("A train car with a mass m is at rest on a track.", "", "", "")
    # another field: a circuit problem's givens, and a problem's context
    assert not_of_the_subject("A resistor of resistance R sits in the branch.", "", "", "")
    assert not_of_the_subject("Consider a firm with constant marginal cost c.", "", "", "")
    assert not_of_the_subject("A firm sets its price.", "", "Practice problems: pricing", "")
    # the same shape stating a law or a definition keeps its symbols or a condition
    for law in (
        "An object of mass m moving at velocity v has momentum p = mv.",
        "A signal with period T repeats itself after T seconds.",
        "A matrix with determinant d is invertible only if d is nonzero.",
        "A patient with type I diabetes produces no insulin.",
    ):
        assert not not_of_the_subject(law, "", "", ""), law
    # "Given …," states the condition of a general claim (tune set, parsing)
    assert not not_of_the_subject(
        "Given a syntactic theory, the parsing task is to assign structure to sentences.",
        "",
        "",
        "",
    )
    # an "Example: …" slide still states general rules (round 27, databases)
    assert not not_of_the_subject(
        "The height of the tree is the maximum level of any node.", "", "Example: occupancy", ""
    )


def test_the_drafter_keeps_a_problem_s_givens_out() -> None:
    stems = _tf(
        "Sample problems: a 1D collision\nA train car with a mass m is at rest on a track. "
        "Another car of mass m moves toward it with velocity v0.\n"
        "How far do they roll after the collision?",
        "Momentum\nMomentum is conserved in a collision when no external force acts on the "
        "system.\nAn elastic collision conserves kinetic energy as well as momentum.",
    )
    assert not any("train car" in s for s in stems)
    assert any("conserves kinetic energy" in s or "is conserved" in s for s in stems)


# --- a dated event -------------------------------------------------------------------------


def test_a_dated_event_is_history_not_the_subject() -> None:
    # round 27 (finance): background history on a slide of examples
    assert not_of_the_subject(
        "OPEC's 1973 reduction in the supply of oil was followed by high oil prices.", "", "", ""
    )
    # another field and a decade
    assert not_of_the_subject("Interest rates became more volatile in the 1970s.", "", "", "")
    assert not_of_the_subject("The Treaty of Rome was signed in 1957.", "", "", "")
    # a number that is no year stays
    assert not not_of_the_subject("A kilobyte holds 1024 bytes in binary usage.", "", "", "")


# --- a dictionary's everyday sense ---------------------------------------------------------


def test_an_everyday_dictionary_sense_is_no_claim_of_the_field() -> None:
    slide = (
        "Aliasing\nhttp://www.dictionary.com/browse/alias:\n"
        '"alias": a false name used to conceal one\'s identity; an assumed name\n'
        "What happens when the sampling frequency is not high enough?"
    )
    assert not_of_the_subject(
        "Alias are a false name used to conceal one's identity; an assumed name.",
        "Alias",
        "Aliasing",
        slide,
    )
    # another field: a slide quoting Merriam-Webster before the legal sense
    law = 'Merriam-Webster: "tort": a wrongful act; a civil wrong\nA tort is a civil wrong.'
    assert not_of_the_subject("Tort is a wrongful act; a civil wrong.", "tort", "Torts", law)
    # a glossary slide with quoted terms and no dictionary: the field's own definitions
    glossary = '"precision": the fraction of retrieved items that are relevant'
    assert not not_of_the_subject(
        "Precision is the fraction of retrieved items that are relevant.",
        "precision",
        "Metrics",
        glossary,
    )


# --- a reversal on one function word -------------------------------------------------------


def test_a_preposition_reversed_before_an_unnamed_point_is_a_wording_trick() -> None:
    # round 27 (signal processing): 'after' → 'before' a certain time
    assert (
        reverse("A signal is periodic if the values repeat themselves after a certain time.")
        is None
    )
    # round 25 (economics), another field: before a gerund
    assert reverse("Asymmetry emerges from unobservable actions before contracting.") is None
    # against a named point the order is the claim and is reversed
    r = reverse("Dropout is applied before the activation.")
    assert r is not None and r.statement == "Dropout is applied after the activation."


def test_no_reversal_the_deck_itself_supports_elsewhere() -> None:
    # round 27 (finance): "… to reduce risks" made "… to increase risks" where another slide
    # speaks of "an increase in price risk". Rebuilt in linguistics: the reversed word next
    # to what it qualifies ("largest meaningful") on another slide makes the key arguable
    said = [
        *SLIDES,
        Slide(5, 4, "Discourse\nTexts reach the largest meaningful scale in discourse."),
    ]
    assert not _false_ones(said)
    # the deck's words apart ("widest scale … meaningful structure"): the reversal stays
    apart = [
        *SLIDES,
        Slide(5, 4, "Discourse\nTexts reach the widest scale in discourse, with meaningful parts."),
    ]
    assert _false_ones(apart) == ["Morphemes are the largest meaningful units in a language."]
    assert _false_ones(SLIDES) == ["Morphemes are the largest meaningful units in a language."]


def _false_ones(slides: list[Slide]) -> list[str]:
    qs = build_drafts(slides, {QuestionType.TRUE_FALSE: 4}, Difficulty.HARD, seed=2)
    return [q.stem for q in qs if q.type == QuestionType.TRUE_FALSE and not q.choices[0].correct]


# --- an abbreviation left bare -------------------------------------------------------------


def test_a_bare_abbreviation_is_written_out_from_the_slide_s_words() -> None:
    slide = (
        "FAQ\nComplementary filters are often used to combine accelerometer and gyro readings.\n"
        "CF is simple and combines a high and low pass filter."
    )
    assert (
        written_out("CF is simple and combines a high and low pass filter.", slide)
        == "A complementary filter (CF) is simple and combines a high and low pass filter."
    )
    # another field: economics
    econ = "Marginal damage rises with emissions.\nMD is steep near the threshold."
    assert written_out("MD is steep near the threshold.", econ).startswith(
        "Marginal damage (MD) is"
    )
    # a field the slide names in the singular takes no article (tune set, NLP)
    nlp = "Natural language processing draws on linguistics.\nNLP is an interdisciplinary field."
    assert written_out("NLP is an interdisciplinary field.", nlp) == (
        "Natural language processing (NLP) is an interdisciplinary field."
    )
    # a count noun in the singular takes the article the slide gives it (computer architecture)
    cpu = "The arithmetic logic unit computes.\nALU corresponds to a processing element."
    assert written_out("ALU corresponds to a processing element.", cpu) == (
        "The arithmetic logic unit (ALU) corresponds to a processing element."
    )
    # a statement that classes it as one of a kind takes "A" (round 23, AI)
    csp = "Constraint satisfaction problem\nCSP is a specific search problem."
    assert written_out("CSP is a specific search problem.", csp) == (
        "A constraint satisfaction problem (CSP) is a specific search problem."
    )
    # the letters spelled out one a line is a list, not the name (tune set, psychology)
    listed = "QALMRI\nQuestion\nAlternatives\nLogic\nMethods\nResults\nInferences"
    assert written_out("QALMRI is an acronym and a method.", listed) == (
        "QALMRI is an acronym and a method."
    )
    # no words on the slide for it, two readings, or the statement names it already: kept
    assert written_out("DNA is a molecule.", "DNA is a molecule.") == "DNA is a molecule."
    two = "The synaptic cleft is narrow. The Schwann cell wraps the axon."
    assert written_out("SC is narrow.", two) == "SC is narrow."
    own = "SC indicates a Schwann cell process."
    assert written_out(own, own) == own
