"""Glosses as telegraphic slides write them (round 24's pharmacology and licensing decks,
rebuilt as slide text), each beside a line of the same shape that is no gloss."""

from __future__ import annotations

from models.drafting.built import build_drafts
from models.drafting.fact_checks import _clean_term, _term_ok
from models.drafting.facts import extract_facts
from models.drafting.line_roles import gloss_text, noun_gloss, with_its_subject
from models.drafting.slide_units import _ends_open, runs_on, slide_units
from models.drafting.statement_checks import _statement_ok
from storage.domain import Difficulty, QuestionType, Slide
from storage.text_slides import split_text


def _glosses(text: str) -> dict[str, str]:
    return {
        f.term: f.definition for f in extract_facts([Slide(1, 1, text)]) if f.kind == "definition"
    }


def test_a_lead_in_names_the_term_it_glosses() -> None:
    glosses = _glosses(
        "Pharmacokinetics\n"
        "• Definition of Absorption: movement of a drug from its site of administration\n"
        "• Compare to pharmacodynamics: mechanism by which a chemical exerts its effects\n"
        "• Applications in toxicology: define the association between exposure and disease\n"
    )
    assert glosses.get("Absorption", "").startswith("movement of a drug")
    assert glosses.get("pharmacodynamics", "").startswith("mechanism by which")
    # a label about a term ("Applications in …", "Advantages of …") is none
    assert not [t for t in glosses if t.lower().startswith("applications")]


def test_a_one_word_title_is_the_slides_subject_not_a_speaker() -> None:
    text = (
        "Pharmacokinetics\n• Clearance: rate of removal of a drug from the blood by any process\n"
    )
    assert "Clearance" in _glosses(text)
    # a speaker's name over a slide still makes it no slide of facts
    assert not _glosses("Aarne Talman\n• Clearance: rate of removal of a drug from the blood\n")


def test_tilde_sub_bullets_gloss_the_line_above_without_their_lead_in() -> None:
    text = (
        "Quantifying absorption\n"
        "• Concept of AUC:\n"
        "  ~ area under plasma concentration vs time curve\n"
        "• Bioavailability\n"
        "  ~ defined as fraction (F) of administered drug entering general circulation\n"
        "  ~ calculate as plasma AUC oral over AUC IV\n"
        "• Bioequivalence - relative bioavailability of two drugs\n"
        "• Total body water is ~ 60% of mass\n"
    )
    glosses = _glosses(text)
    assert glosses.get("AUC") == "area under plasma concentration vs time curve"
    assert glosses.get("Bioavailability") == (
        "fraction of administered drug entering general circulation"
    )
    assert glosses.get("Bioequivalence") == "relative bioavailability of two drugs"
    # "~ 60%" is an approximate value, not a bullet
    _, units = slide_units(Slide(1, 1, text))
    assert any(u.text.endswith("~ 60% of mass") for u in units)


def test_a_bare_noun_gloss_is_one_and_an_instruction_is_not() -> None:
    assert noun_gloss("degree to which a drug is removed from the blood")
    assert noun_gloss("measure of the total quantity of drug")
    assert noun_gloss(gloss_text("defined as fraction (F) of the dose"))
    assert not noun_gloss("find which elements of vector match regular expression")
    assert not noun_gloss("run many services on one machine")
    glosses = _glosses(
        "Useful R functions\n"
        "grep() - find which elements of vector match regular expression\n"
        "Why virtualization?\n"
        "– Consolidation – run many services on one machine\n"
    )
    assert not glosses, glosses


def test_one_rare_word_said_what_it_is_is_a_term_but_not_one_pointed_back_at() -> None:
    glosses = _glosses(
        "Licensing strategies\n"
        "• Copyleft is a copyright-based strategy to ensure original rights cannot be "
        "curtailed when passed from licensor to licensee.\n"
        "• The coefficient is the count of the number of possible orderings of x.\n"
        "• The actual scholarship is the complete software environment that made the figures.\n"
    )
    assert "Copyleft" in glosses
    assert "coefficient" not in glosses and "scholarship" not in glosses
    stems = [
        q.stem
        for q in build_drafts(
            [
                Slide(
                    1,
                    1,
                    "Licensing strategies\n• Copyleft is a copyright-based strategy to ensure "
                    "original rights cannot be curtailed when passed from licensor to "
                    "licensee.\n",
                )
            ],
            {QuestionType.TRUE_FALSE: 1},
            Difficulty.MEDIUM,
        )
    ]
    assert stems and stems[0].startswith("Copyleft is a copyright-based"), stems  # no article


def test_a_judgement_is_no_gloss_and_no_statement() -> None:
    text = (
        "Summary: Evaluation\n"
        "Binary metrics (MRR & MAP) are a solid foundation for evaluation.\n"
        "Naive Bayes is a simple probabilistic classifier based on Bayes' rule.\n"
    )
    glosses = _glosses(text)
    assert "Naive Bayes" in glosses and "Binary metrics" not in glosses
    stems = [
        q.stem
        for q in build_drafts([Slide(1, 1, text)], {QuestionType.TRUE_FALSE: 2}, Difficulty.MEDIUM)
    ]
    assert not [s for s in stems if "solid foundation" in s], stems


def test_two_steps_of_a_derivation_and_a_case_are_no_glosses() -> None:
    assert not _glosses("Binding of drug X to protein P\nSubstitute\nSolve for fu\n")
    glosses = _glosses(
        "IV. Placebos\n"
        "Include an experimental condition that does not manipulate the variable of interest\n"
        "Example:\n"
        "Placebo condition: control article with risk-related arguments about another issue\n"
    )
    assert "Placebo condition" not in glosses


def test_a_line_waiting_for_its_noun_goes_on_below() -> None:
    assert _ends_open("The connection is established by Kleene's")
    assert _ends_open("first find (an approximation of) the entire")
    assert not _ends_open("the values stay the same")
    _, units = slide_units(
        Slide(
            1,
            1,
            "Approaches\n"
            "A-posteriori approach: first find (an approximation of) the entire\n"
            "Pareto set, then let the user choose.\n"
            "Qasm derives from 'Open Quantum Assembly Language' and reads\n"
            "'kazm'.\n",
        )
    )
    texts = [u.text for u in units]
    assert any(t.endswith("the entire Pareto set, then let the user choose.") for t in texts)
    assert any(t.endswith("and reads 'kazm'.") for t in texts), texts


def test_a_title_said_twice_starts_a_slide_in_pasted_text() -> None:
    # kanopka's Monte Carlo slide ran on from the one before it in copied text
    text = (
        "Randomization tests\n"
        "Shuffle the group labels many times\n"
        "Compare the observed difference to the shuffled ones\n"
        "We can instead sample from possible permutations\n"
        "Note that eventually is doing some work here\n"
        "Monte Carlo Methods\n"
        "Monte Carlo Methods\n"
        "Leverages the fact that random samples converge to the true answer\n"
        "General task:\n"
        "1. Specify the possible inputs\n"
        "2. Randomly sample from the possible inputs\n"
        "Bootstrap\n"
        "Resample the data with replacement\n"
        "Compute the statistic on each resample\n"
    )
    pages = split_text(text)
    assert any(p.startswith("Monte Carlo Methods") for p in pages), pages


def test_instances_under_examples_keep_their_glosses() -> None:
    glosses = _glosses(
        "Recent developments: Multimodal models\n"
        "● Examples:\n"
        "○ GPT-4V: An extension of GPT-4 with vision capabilities, allowing it to analyze images\n"
        "○ Flamingo: A visual language model from DeepMind that connects images and text\n"
    )
    assert "Flamingo" in glosses


def test_a_sentence_that_goes_on_in_code_is_cut_short() -> None:
    slide = (
        "Reference classes - methods\n"
        "Methods can be added either directly in class definition or later by calling\n"
        "Seq$methods(functionName = function() { ...code... })\n"
    )
    assert runs_on(
        "Methods can be added either directly in class definition or later by calling.", slide
    )
    assert not runs_on(
        "Models are trained by gradient descent.", "Models are trained by gradient descent\nf(x)"
    )


def test_advice_table_cells_and_claims_are_no_glosses() -> None:
    glosses = _glosses(
        "Reading the literature\n"
        "Prefer\n"
        "Original paper over secondary source\n"
        "Copyright\n"
        "Granting\n"
        "Automatic by creation\n"
        "Grading\n"
        "Assignment\n"
        "Proportion of submissions\n"
        "Parallel processing = no information about word position\n"
        "Application of FWL Theorem: derive the slope coefficient from the multivariate case\n"
    )
    assert not glosses, glosses


def test_a_numbered_heading_glosses_its_term_without_the_number() -> None:
    assert _clean_term("IV. Placebos") == "Placebos"
    assert _clean_term("3) Truncated backpropagation") == "Truncated backpropagation"
    assert _clean_term("Vitamin D") == "Vitamin D"


def test_a_subordinate_clause_alone_is_no_statement() -> None:
    assert not _statement_ok("Especially if the specification is only in someone's head.")
    assert _statement_ok(
        "Especially when data are scarce, regularisation reduces overfitting of the model."
    )


def test_a_bullet_that_leaves_out_its_subject_is_said_of_the_heading() -> None:
    assert with_its_subject(
        "They never expire, if registered and enforced", "Trademark rights"
    ) == ("Trademark rights never expire, if registered and enforced")
    assert with_its_subject(
        "Provides emulation of a full hardware system", "Full virtualization"
    ) == ("Full virtualization provides emulation of a full hardware system")
    # the number must agree; an expletive "it", a noun-like verb and a heading that is a
    # question stay as they are
    assert with_its_subject("They never expire", "Copyright").startswith("They")
    assert with_its_subject("It is important to register early", "Copyright").startswith("It")
    assert with_its_subject("Costs money to run all year", "Cloud hosting").startswith("Costs")
    assert with_its_subject("It never is", "Copyright") == "It never is"  # nothing after the verb
    facts = extract_facts(
        [
            Slide(
                1,
                1,
                "Qasm\nIt is a descriptive language that maps a quantum circuit as text "
                "instructions.\n",
            )
        ]
    )
    assert any(f.text.startswith("Qasm is a descriptive language") for f in facts), facts


def test_announcements_are_logistics() -> None:
    assert not extract_facts(
        [Slide(1, 1, "Announcements\nThe problem sets are not ordered by difficulty at all.\n")]
    )


def test_a_label_naming_a_terms_parts_or_kinds_is_no_term() -> None:
    for label in ("Components of deformation", "Stages of sleep", "Types of caches"):
        assert not _term_ok(label), label
    assert _term_ok("Source code") and _term_ok("Stage fright")


def test_markers_on_lines_of_their_own_and_template_notices() -> None:
    # an Impress / Google Slides export: "●" or "1." alone, the text on the next line
    title, units = slide_units(
        Slide(
            1,
            4,
            "© 2019 Dirk Riehle - Some Rights Reserved\n4\n"
            "Three Types of Intellectual Property\n1.\nCopyright\n2.\nPatent rights\n3.\n"
            "Trademark rights\n",
        )
    )
    assert title == "Three Types of Intellectual Property"
    assert [(u.text, u.bullet) for u in units if not u.heading] == [
        ("Copyright", "1."),
        ("Patent rights", "2."),
        ("Trademark rights", "3."),
    ]
    lists = [
        f
        for f in extract_facts(
            [
                Slide(
                    1,
                    4,
                    "\n".join(
                        [
                            "Kinds of errors",
                            "●",
                            "Syntax errors",
                            "●",
                            "Logic errors",
                            "●",
                            "Runtime errors",
                        ]
                    ),
                )
            ]
        )
        if f.kind == "list"
    ]
    assert lists and lists[0].items == ("Syntax errors", "Logic errors", "Runtime errors")
    # a title naming kinds over a sentence is no list of them
    assert not [
        f
        for f in extract_facts(
            [Slide(1, 1, "Types of errors\nErrors happen when nobody checks the code.\n• Syntax\n")]
        )
        if f.kind == "list"
    ]


def test_a_closing_quip_in_quotes_is_left_out_of_the_claim() -> None:
    facts = extract_facts(
        [
            Slide(
                1,
                7,
                "Trademark rights\n● They never expire, if registered and enforced "
                "(“use it or lose it”)\n",
            )
        ]
    )
    assert any(f.text.startswith("Trademark rights never expire, if registered") for f in facts)


def test_tautologies_tasks_and_two_claim_reversals_make_no_true_false() -> None:
    from models.drafting.true_false import _MORE_PREDICATES, _agent_does_its_act

    assert _agent_does_its_act("A committer commits the patch to the git repository.")
    assert _agent_does_its_act("An organizer organizes the meeting every week.")
    assert not _agent_does_its_act("A compiler translates source code into machine code.")
    assert _MORE_PREDICATES.search("Good public documentation reduces work, supports scaling up.")
    assert not _MORE_PREDICATES.search("The tax reduces demand, which lowers prices.")
    assert not _statement_ok(
        "The python exercise calculates the orientation of the strain ellipse using SVD."
    )
    assert _statement_ok("The exercise of power by the state is limited by the constitution.")
    stems = [
        q.stem
        for q in build_drafts(
            [
                Slide(
                    1,
                    1,
                    "Patch review\n• A committer commits the patch to the git repository.\n"
                    "• Good public documentation reduces work, supports scaling up.\n",
                )
            ],
            {QuestionType.TRUE_FALSE: 2},
            Difficulty.HARD,
        )
    ]
    assert not [s for s in stems if "committer commits" in s or "increases work" in s], stems


def test_a_noun_with_its_infinitive_is_no_sentence() -> None:
    from models.drafting.sentence_parse import has_subject_and_verb

    assert not has_subject_and_verb("Motivation to contribute to Linux and the Linux kernel.")
    assert not has_subject_and_verb("Ability to deliver products to a large market.")
    assert has_subject_and_verb("Firms want to contribute to the Linux kernel.")


def test_two_things_set_side_by_side_are_no_one_subject() -> None:
    line = "Generates huge vocabularies on smaller corpora"
    assert with_its_subject(line, "Word-level vs subword tokenization") == line
    assert with_its_subject(line, "Tokenizers and stemmers") == line


def test_a_multiple_choice_stem_spells_out_the_decks_abbreviations_but_not_the_keys() -> None:
    import random

    from models.drafting.candidates import _Ctx, _question
    from models.drafting.vocabulary import deck_vocabulary
    from storage.domain import Bloom, Choice

    slide = Slide(
        1,
        1,
        "MPLS VPNs\n• PE = Provider Edge\n• CE = Customer Edge\n"
        "• CE router: can only be attached to one or more PE routers\n",
    )
    facts = extract_facts([slide])
    ctx = _Ctx(
        [slide],
        facts,
        deck_vocabulary([slide], facts=facts),
        Difficulty.MEDIUM,
        0,
        random.Random(0),
    )
    fact = facts[0]
    choices = (Choice("CE router", 1.0), Choice("BGP router", 0.0), Choice("Backbone router", 0.0))
    q = _question(
        ctx,
        fact,
        QuestionType.MCQ,
        "Which kind of router can only be attached to one or more PE routers?",
        choices,
        "term-for-definition",
        Bloom.REMEMBER,
        "CE router",
    )
    assert q.stem == (
        "Which kind of router can only be attached to one or more Provider Edge (PE) routers?"
    )
    kept = _question(
        ctx,
        fact,
        QuestionType.SHORT,
        "Which router is attached to the customer's site, next to a CE?",
        (Choice("CE router", 1.0),),
        "short-term",
        Bloom.REMEMBER,
        "CE router",
    )
    assert "Customer Edge" not in kept.stem  # the key holds the abbreviation: no giveaway
