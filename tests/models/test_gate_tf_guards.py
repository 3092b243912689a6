"""True/false statements read as the student sees them (models.drafting.tf_guards): end
marks mended, statements true by their own words or making no claim alone refused, and
no reversal of a word in an aside. Each rule: the case seen (rebuilt as slide text),
one of another field, and a line of the same shape that must not change."""

from __future__ import annotations

from models.drafting.built import build_drafts
from models.drafting.opposites import reverse
from models.drafting.tf_guards import no_claim_alone, tidy_end, true_by_its_words
from storage.domain import Difficulty, QuestionType, Slide


def _tf(text: str, n: int = 6) -> list[str]:
    slides = [Slide(1, 1, "Lecture\nA course", ("title",)), Slide(1, 2, text)]
    out: list[str] = []
    for diff in Difficulty:
        qs = build_drafts(slides, {QuestionType.TRUE_FALSE: n}, diff)
        out += [q.stem for q in qs if q.stem not in out]
    return out


# --- end marks ---------------------------------------------------------------------------


def test_a_period_after_a_colon_or_a_quotation_s_own_period_is_mended() -> None:
    # round 25 (geology): "… a second-degree polynomial equation:." (the formula follows)
    assert (
        tidy_end("Conic sections are sets whose coordinates satisfy a polynomial equation:.")
        == "Conic sections are sets whose coordinates satisfy a polynomial equation."
    )
    # round 24 (licensing): '… is a "derivative work.".'
    assert tidy_end('Such a work is a "derivative work.".') == 'Such a work is a "derivative work."'
    # another field: a one-sentence cut from a quotation of several (economics, round 26)
    assert (
        tidy_end('Efficiency wages is the term economists use for paying above the rate.".')
        == "Efficiency wages is the term economists use for paying above the rate."
    )
    # the same shapes, whole: a quotation inside the sentence, no colon
    assert (
        tidy_end('The verdict of "guilty" ends the trial.')
        == 'The verdict of "guilty" ends the trial.'
    )
    assert (
        tidy_end("Enzymes lower the activation energy.") == "Enzymes lower the activation energy."
    )


def test_a_statement_ending_on_what_its_colon_points_to_is_refused() -> None:
    assert tidy_end("The displacement of the first point is described as:.") is None
    assert tidy_end("The tax is computed by the following:.") is None  # another field
    assert tidy_end("Supply meets demand at one price:.") == "Supply meets demand at one price."


# --- true by its own words -----------------------------------------------------------------


def test_a_copula_that_repeats_its_subject_is_true_by_its_words() -> None:
    # round 23 decks (licensing): "A software license is a license about software."
    assert true_by_its_words("A software license is a license about software.")
    assert true_by_its_words("Software engineering is the engineering of software.")
    assert true_by_its_words("Self-organizing projects choose their own process.")  # round 25
    assert true_by_its_words("Self-funded pensions pay for themselves.")  # another field
    # the same shape saying something: a new genus, a defining property
    assert not true_by_its_words("A software license is a contract between author and user.")
    assert not true_by_its_words("A patent right is a right to exclude others from the invention.")
    assert not true_by_its_words("Self-organizing maps reduce the dimension of the data.")


# --- no claim alone ------------------------------------------------------------------------


def test_statements_that_make_no_claim_alone() -> None:
    # round 25 (geology): the article wording put "The" before the slide's "Python exercise"
    assert no_claim_alone("The python exercise calculates the axial ratio of the ellipse.")
    assert no_claim_alone("The homework asks for the elasticity of demand.")  # another field
    assert not no_claim_alone("Exercise improves insulin sensitivity in muscle cells.")
    # a list of verbs with no subject (round 23 decks, licensing)
    assert no_claim_alone("Reproduce, adapt, modify, translate, publish, distribute.")
    assert not no_claim_alone("Water, salt and sugar form the oral rehydration solution.")
    # an example cut from its claim (round 25, project communities)
    assert no_claim_alone("Individuals and companies decide on what to work on, for example.")
    assert not no_claim_alone("Buffers, for example phosphate, resist changes in pH.")
    # a footnote mark run into a year (round 23, computer architecture)
    assert no_claim_alone("Flynn's taxonomy was defined by Michael J. Flynn in 19661.")
    assert not no_claim_alone("The Treaty of Rome was signed in 1957.")


def test_the_rules_apply_to_what_the_drafter_delivers() -> None:
    licenses = _tf(
        "Software License\nA software license is a license about software.\n"
        "A license grants the licensee rights to use the work.\n"
        "A proprietary license keeps the source code closed."
    )
    assert "A proprietary license keeps the source code closed." in licenses
    assert not any("about software" in s for s in licenses)
    projects = _tf(
        "Open source processes\nSelf-organizing projects choose their own process.\n"
        "Committers merge patches after review by maintainers.\n"
        "Release managers decide when a release is cut."
    )
    assert "Committers merge patches after review by maintainers." in projects
    assert not any("own process" in s for s in projects)
    conics = _tf(
        "Conic sections\nConic sections are the sets of points whose coordinates satisfy a "
        "second-degree polynomial equation:\nAx^2 + Bxy + Cy^2 = 0\n"
        "The three types of conic section are the hyperbola, the parabola, and the ellipse."
    )
    assert (
        "Conic sections are the sets of points whose coordinates satisfy a second-degree "
        "polynomial equation." in conics
    )


# --- no reversal inside an aside -----------------------------------------------------------


def test_no_reversal_of_a_word_in_brackets() -> None:
    # round 23 decks (licensing): "… the same copyleft license (or later) …" made false as
    # "(or earlier)": a trick on the aside
    assert reverse("Licensees must use the same license (or later) when passing it on.") is None
    assert reverse("The enzyme stays active at body temperature (and at higher values).") is None
    # the same word outside brackets is the claim and is reversed
    r = reverse("Licensees must use a later license (version 3) when passing it on.")
    assert r is not None and "earlier" in r.statement


# --- a pair of nouns takes the plural ------------------------------------------------------


def test_a_subject_of_two_nouns_takes_a_plural_verb_of_action() -> None:
    from models.drafting.wording import agree_verb

    # round 25 (project communities): raters asked for "help"
    assert (
        agree_verb("Credibility and trust helps get volunteer contribution.")
        == "Credibility and trust help get volunteer contribution."
    )
    assert (  # another field
        agree_verb("Temperature and pressure determines the state of a gas.")
        == "Temperature and pressure determine the state of a gas."
    )
    # one thing named by two words keeps its "is" / "has"; a determiner leaves it alone
    assert agree_verb("Bait and switch is a sales tactic.") == "Bait and switch is a sales tactic."
    assert (
        agree_verb("Trial and error has its place in design.")
        == "Trial and error has its place in design."
    )
    assert agree_verb("The cat and dog likes milk.") == "The cat and dog likes milk."


def test_no_reversal_inside_an_example_or_of_one_claim_of_two() -> None:
    # tune deck (statistical physics): the example "such as an increase of temperature"
    # was reversed, and the slide's own statement was delivered beside it
    assert (
        reverse(
            "A phase transition is marked by abrupt changes as external parameters are "
            "changed, such as an increase of temperature."
        )
        is None
    )
    assert reverse("Some goods, for example those with higher prices, sell slowly.") is None
    # tune deck (NLP introduction): "…, but the use of reinforcement learning is also
    # increasing" made false as "decreasing": half the sentence stays true
    assert (
        reverse(
            "Supervised methods are common, but the use of reinforcement learning is increasing."
        )
        is None
    )
    assert reverse("Exports increase in a boom; imports stay flat.") is None  # another field
    # one claim with its direction word reverses as before
    r = reverse("Taxes increase the price paid by buyers.")
    assert r is not None and r.statement == "Taxes decrease the price paid by buyers."


# --- a short answer's kind is no clue ------------------------------------------------------


def _short(stem: str, *keys: str) -> str:
    from models.drafting.checks import giveaway
    from storage.domain import Choice, Question

    return giveaway(Question(QuestionType.SHORT, stem, tuple(Choice(k, 1.0) for k in keys)))


def test_the_kind_a_short_answer_stem_names_is_no_giveaway() -> None:
    # round 26 (economics): the gloss says its genus, the template names the same kind
    assert not _short(
        "Wage that responds a lot to tightness or productivity. What is this wage called?",
        "flexible wage",
    )
    assert not _short(  # another field
        "Tissue that connects muscle to bone. Which kind of tissue is this?", "tendon tissue"
    )
    # the word that tells it apart in the stem still gives it away
    assert _short(
        "Which kind of virtualization provides emulation of a full hardware system?",
        "Full virtualization",
    )
    assert _short(
        "What is the term for the reduction attributable to the vaccine?", "Vaccine efficacy"
    )


def test_a_verb_that_takes_an_object_cannot_end_the_claim() -> None:
    # tune deck (software testing) and round 26 (drinking water): cut before the object
    assert no_claim_alone("The lookup tool accepts a zip code as input, and outputs.")
    assert no_claim_alone("Chlorine must diffuse through cell contents to reach.")
    assert no_claim_alone("Enzymes bind the substrate and produce.")  # another field
    # a verb that ends a sentence whole, or one followed by its object
    assert not no_claim_alone("Cells take up nutrients, grow and divide.")
    assert not no_claim_alone("The compiler parses the source and outputs machine code.")
    assert not no_claim_alone("Firms enter the market to compete.")


# --- no "The" before a concept the deck names bare -----------------------------------------


def test_no_article_before_a_concept_the_deck_names_without_one() -> None:
    from models.drafting.wording import with_article

    # round 24 (neuroscience): raters found "The neurotransmitter release evokes …" awkward
    deck = (
        "Calcium entry triggers neurotransmitter release. The timing of neurotransmitter "
        "release is fast. Probability of neurotransmitter release."
    )
    s = "Neurotransmitter release evokes membrane potential change in the postsynaptic neuron."
    assert with_article(s, deck) == s
    deck = (  # another field (round 23 decks, licensing)
        "Rights to intellectual property are granted. Licenses apply to intellectual "
        "property. Owners of intellectual property."
    )
    s = "Intellectual property has an owner who has legal title to the property."
    assert with_article(s, deck) == s
    # a count noun the deck writes with its article still gets one
    deck = (
        "The monetary policy of the central bank. A central bank sets rates; the central bank acts."
    )
    assert (
        with_article("Central bank sets the policy rate.", deck)
        == "The central bank sets the policy rate."
    )


def test_the_kind_said_in_another_form_still_gives_the_answer_away() -> None:
    # tune decks: "Which kind of generation involves generating …?" → "Text generation"
    assert _short(
        "Which kind of generation involves generating creative writing or code?",
        "Text generation",
    )
    assert _short(  # another field
        "Which kind of regularization adds a regularizer that drops weights?",
        "L0 regularization",
    )
    # a word that only shares its first letters with the kind is none of it
    assert not _short(
        "Which kind of approach first finds (an approximation of) the Pareto set?",
        "A-posteriori approach",
    )


def test_a_comparison_of_two_of_a_kind_is_no_tautology() -> None:
    # tune deck (seismology): the false "P-wave velocity is always slower than S-wave
    # velocity" repeats its subject's words and is a real claim
    assert not true_by_its_words("P-wave velocity is always slower than S-wave velocity.")
    assert not true_by_its_words("Type I error is a false positive, type II error a miss.")
    assert not true_by_its_words("Short-run supply is more elastic than long-run supply.")
