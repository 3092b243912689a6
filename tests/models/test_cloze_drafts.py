"""Cloze drafts built from a slide's key sentence: which terms become gaps, which are
refused as given away, which variants a typed gap accepts, and which lines are never
used; through `build_drafts` (the ranking, the gate, grounding) on small slide texts."""

from __future__ import annotations

import re
from random import Random

import pytest

from models.drafting.built import build_drafts
from models.drafting.candidates import _Ctx
from models.drafting.checks import gate
from models.drafting.cloze import (
    _candidates,
    _choose,
    _Gap,
    _gap_term_ok,
    _glossed_peers,
    _listed_peers,
    _prefix_forms,
    _short_gap,
    _synonyms,
    cloze_roots,
    key_sentence,
)
from models.drafting.cloze_checks import judged
from models.drafting.facts import Fact, extract_facts
from models.drafting.grounding import ground
from models.drafting.pipeline import DraftRequest, run_drafting
from models.drafting.validation import errors, validate
from models.drafting.vocabulary import Term, deck_vocabulary
from models.drafting.words import norm_key
from storage.domain import Bloom, Choice, Difficulty, Question, QuestionType, Slide
from storage.question_types import cloze_gaps, readable_stem, type_issue

T = QuestionType

LSTM = [
    Slide(
        1,
        1,
        "Recurrent neural networks (RNNs)\n"
        "An RNN reads a sequence one token at a time.\n"
        "The hidden state summarises the tokens read so far.",
    ),
    Slide(
        1,
        2,
        "Long short-term memory\n"
        "The cell state acts as a conveyor belt on which information travels across time "
        "steps.\nThe hidden state is what the network shows at each position.",
    ),
    Slide(
        1,
        3,
        "Training\nBackpropagation through time unrolls the network over all time steps.\n"
        "The cell state lets gradients flow without vanishing.",
    ),
    Slide(
        1,
        4,
        "Gates\nThe forget gate decides what the cell state keeps between time steps.\n"
        "The output gate decides which part of the cell state becomes the hidden state.",
    ),
    Slide(
        1,
        5,
        "Pruning methods\n"
        "• Magnitude pruning – drops the smallest weights of each layer\n"
        "• Structured pruning – removes whole neurons or attention heads\n"
        "• Random pruning – drops weights chosen by chance as a baseline\n"
        "• Gradual pruning – removes a few more weights after every thousand steps",
    ),
    Slide(
        1,
        6,
        "Pruning a Transformer\n"
        "Magnitude pruning shrinks a Transformer to half its size with little loss of "
        "accuracy.\nEvery Transformer layer holds attention heads and a feed-forward block.",
    ),
    Slide(
        1,
        7,
        "Fine-tuning\nFine-tuning adapts a pretrained Transformer to a new task.\n"
        "A fine-tuned Transformer updates all of its weights.",
    ),
]

MOE = [
    Slide(
        2,
        1,
        "Mixture of Experts (MoE)\n"
        "A Mixture of Experts (MoE) holds many expert networks in each layer.",
    ),
    Slide(2, 2, "Routing\nA learned router picks the expert networks that see each token."),
    Slide(
        2,
        3,
        "Sparse compute\nAn MoE activates only a few expert networks per token, so compute "
        "grows slowly with size.",
    ),
]


def _clozes(slides: list[Slide], difficulty: Difficulty = Difficulty.MEDIUM) -> list[Question]:
    qs = build_drafts(slides, {T.CLOZE: 5}, difficulty)
    assert all(q.type == T.CLOZE for q in qs)
    return qs


def _filled(q: Question) -> str:
    """The cloze text with each gap's first right answer in place."""
    out, pos = [], 0
    for g in cloze_gaps(q.stem):
        out += [q.stem[pos : g.start], g.right[0]]
        pos = g.end
    return "".join(out) + q.stem[pos:]


def _rest(q: Question) -> str:
    return re.sub(r"\[\d+]", " ", readable_stem(q))


DEFS = [
    Slide(3, 1, "What is Natural Language Processing?\nNLP is an interdisciplinary field "
                "concerned with making human speech and text accessible to computers."),
    Slide(3, 2, "Significance level\nThe significance level is the probability of rejecting "
                "a true null hypothesis in a test.\nThe crucial step is the calculation of the "
                "test statistic under the null hypothesis."),
    Slide(3, 3, "Valuation\nA discounted cash flow valuation (DCF) is a method of determining "
                "the value of a stock.\nOther ways include the dividend discount model."),
    Slide(3, 4, "LSTM variants: Peephole connections\nPeephole connections extend the LSTM "
                "architecture by giving the gates access to the cell state.\nS-boxes must be "
                "invertible, otherwise the cipher will not be a permutation."),
    Slide(3, 5, "Subword embeddings\nPBEmb, for instance, uses GloVe to generate embeddings "
                "for the subwords of a word."),
]  # fmt: skip


def test_a_cloze_blanks_the_one_term_its_sentence_defines() -> None:
    qs = {q.sources[0].page: q for q in _clozes(DEFS)}
    # a term in the middle ("the [calculation] of …"), a term the slide names rivals of
    # ("Other ways include …"), what S-boxes must be, an example: no cloze
    assert set(qs) == {1, 2, 4}, [q.stem for q in qs.values()]
    assert readable_stem(qs[2]) == (
        "The [1] is the probability of rejecting a true null hypothesis in a test."
    )
    assert readable_stem(qs[4]).startswith("[1] extend the LSTM architecture")
    for q in qs.values():
        (gap,) = cloze_gaps(q.stem)  # one gap: a second leaves the sentence open
        assert q.points == 1.0 and q.title.endswith("fill in the blank")
        slide = next(s for s in DEFS if s.page == q.sources[0].page)
        assert _filled(q) in slide.text.replace("\n", " ")
        assert q.sources[0].supporting_text and ground(q, DEFS).supported
        assert q.bloom == Bloom.REMEMBER and q.origin.settings["builder"] == "cloze"
        assert type_issue(q) is None and not errors(validate(q)) and gate(q) == ""
        assert not cloze_roots(gap.right[0]) & cloze_roots(_rest(q))


def test_a_typed_gap_accepts_the_words_its_acronym_stands_for_on_the_slide() -> None:
    (q,) = [q for q in _clozes(DEFS) if q.sources[0].page == 1]
    (gap,) = cloze_gaps(q.stem)
    assert gap.kind == "short" and {"NLP", "Natural Language Processing"} <= set(gap.right)


def test_an_acronym_in_brackets_after_the_gap_is_left_out_and_accepted() -> None:
    slide = Slide(4, 1, "Valuation methods\nA discounted cash flow valuation (DCF) is a "
                        "method of determining the value of a stock.")  # fmt: skip
    (q,) = _clozes([slide], Difficulty.HARD)
    assert readable_stem(q) == ("A [1] is a method of determining the value of a stock.")
    assert {"discounted cash flow valuation", "DCF"} <= set(cloze_gaps(q.stem)[0].right)


def test_a_gloss_saying_what_its_term_does_is_a_choice_among_its_kind_never_typed() -> None:
    medium = [q for q in _clozes(LSTM) if q.sources[0].page == 5]
    (q,) = medium  # one cloze per slide: the rest of its list is a matching question
    (gap,) = cloze_gaps(q.stem)
    assert gap.kind == "choice"
    options = {a.text for a in gap.answers}
    assert options <= {"Magnitude pruning", "Structured pruning", "Random pruning",
                       "Gradual pruning"} and len(options) >= 3  # fmt: skip
    assert _filled(q).rstrip(".") in LSTM[4].text.replace(" –", "")
    # hard types every gap: "[1] drops weights chosen by chance" typed has other answers
    assert not [q for q in _clozes(LSTM, Difficulty.HARD) if q.sources[0].page == 5]
    # a sentence defining its term is typed at hard ("An [1] reads a sequence …", its title)
    assert [g.kind for q in _clozes(LSTM, Difficulty.HARD) for g in cloze_gaps(q.stem)] == ["short"]


def test_the_terms_of_one_list_are_options_of_one_kind() -> None:
    slide = Slide(
        5,
        1,
        "What is NLP for?\nImportant areas:\n"
        "— communication: the ability to accept input and produce output in speech;\n"
        "— understanding: being able to access and utilize the emotional content;\n"
        "— linguistic assistance: the ability to help humans express themselves.",
    )
    (q,) = _clozes([slide])
    (gap,) = cloze_gaps(q.stem)
    assert gap.kind == "choice" and gap.right == ("Communication",)
    assert {a.text for a in gap.answers} == {
        "Communication", "Understanding", "Linguistic assistance"
    }  # fmt: skip


def test_a_term_the_sentence_names_again_or_spells_out_is_no_gap() -> None:
    # "Mixture of Experts (MoE)": either blanked, the other gives it away
    assert not any("Mixture of Experts (MoE)" in _filled(q) for q in _clozes(MOE))
    repeated = [
        Slide(3, 1, "Gradient clipping\nGradient clipping rescales the gradient whenever the "
              "gradient norm grows beyond a threshold set by the optimizer."),
        Slide(3, 2, "Optimizer\nThe optimizer applies the clipped gradient norm to the weights."),
        Slide(3, 3, "Threshold\nThe threshold of the optimizer bounds the gradient norm."),
    ]  # fmt: skip
    for q in _clozes(repeated):
        assert not any("gradi" in cloze_roots(g.right[0]) for g in cloze_gaps(q.stem))


def test_the_gate_refuses_a_cloze_whose_text_names_its_answer() -> None:
    given = Question(
        T.CLOZE, "{1:SHORTANSWER:=Pruning} removes weights, and {1:SHORTANSWER:=pruned} "
        "networks run faster because pruning leaves fewer weights.",
    )  # fmt: skip
    assert "gives its key away" in gate(given)
    fair = Question(
        T.CLOZE,
        "{1:MULTICHOICE:=Magnitude pruning~Random pruning} drops the smallest "
        "{1:SHORTANSWER:=weights} of each layer in a pruning schedule.",
    )
    assert gate(fair) == ""  # "pruning" is in every option of the gap, not a giveaway


@pytest.mark.parametrize(
    ("line", "own_filter"),
    [
        ("Using an embedding and a vector store to retrieve useful passages for models.", True),
        ("Others, like NP-chunking and named entity recognition, are tagging tasks too.", True),
        ("Enhance the test suite of the server to improve line coverage and mutation.", True),
        ("Some applications require: rich query languages, ACID properties and speed.", True),
        (
            "COOPERATIVE GAMES WITH INTERACTIONS computes the marginal contribution of players.",
            True,
        ),
        # its closing example is dropped: what is left is a sentence (not used here: the
        # deck's own definitions come first)
        ("Tokenizers such as BPE and WordPiece split words into subwords, e.g. un-, -able.", False),
        ("The best performing algorithm improved the share of interesting content.", True),
        # refused where facts are read (the filters every built form shares)
        ("This shows that the cell state carries information across all time steps.", False),
        ("Vaswani et al. (2017) Attention is all you need. NeurIPS.", False),
        ("Cell state and time steps", False),  # a label, no sentence
    ],
)
def test_junk_lines_never_become_a_cloze(line: str, own_filter: bool) -> None:
    slide = Slide(1, 8, f"More on LSTMs\n{line}")
    pages = {q.sources[0].page for q in _clozes([*LSTM, slide])}
    assert 8 not in pages and 5 in pages  # the deck's good sentence is still used
    if own_filter:  # even if the fact layer let it through as a statement
        assert key_sentence(Fact("statement", "", line, line, slide, "More on LSTMs")) == ""


def test_a_good_sentence_passes_the_sentence_filter() -> None:
    line = "The cell state carries information across many time steps of the network."
    slide = Slide(1, 8, f"More on LSTMs\n{line}")
    assert key_sentence(Fact("statement", "", line, line, slide, "More on LSTMs")) == line


def test_slides_with_no_key_sentence_give_no_cloze_and_say_why() -> None:
    labels = [LSTM[5]]  # sentences, none defining its term
    assert build_drafts(labels, {T.CLOZE: 2}, Difficulty.MEDIUM) == []
    notes = [
        p.message
        for p in run_drafting(labels, DraftRequest({T.CLOZE: 2}, strategy="built"))
        if not hasattr(p, "question")
    ]
    assert "cloze needs whole sentences that define" in notes[-1]


# --- the builder's own choices, on the facts and vocabulary of a real run -------------------


def _ctx(slides: list[Slide], difficulty: Difficulty = Difficulty.MEDIUM) -> _Ctx:
    facts = extract_facts(slides)
    return _Ctx(slides, facts, deck_vocabulary(slides, facts=facts), difficulty, 0, Random(0))


def test_the_gap_is_the_term_a_sentence_opens_with_and_never_one_given_away() -> None:
    ctx = _ctx(LSTM)
    ok = "The cell state acts as a conveyor belt on which information travels across time steps."
    chosen = _choose(ctx, ok, "Cell state")
    assert chosen is not None and chosen.gap.surface == "cell state" and not chosen.choice_only
    # the same sentence on a slide about something else: what it does is no definition
    assert _choose(ctx, ok, "Long short-term memory") is None
    # "state" stays in the text: "cell state" is given away
    kept = "The cell state stores the state of the whole network and carries it across time steps."
    assert _choose(ctx, kept, "Cell state") is None
    # a term in the middle of a sentence: "hidden state", "time steps" would fit other words
    both = "Recurrent neural networks keep a hidden state across many time steps."
    assert _choose(ctx, both, "Hidden state") is None


def test_only_named_key_terms_are_typed_gaps() -> None:
    ctx = _ctx(LSTM)

    def gap(surface: str) -> _Gap:  # mid-sentence, as "... a Transformer ..."
        term = ctx.vocab.get(surface)
        assert term is not None, surface
        return _Gap(4, 4 + len(surface), surface, term)

    assert "=cell state~=cell states" in _short_gap(ctx, gap("cell state"))  # on 3 slides
    assert _short_gap(ctx, gap("Transformer"))  # a name
    assert _short_gap(ctx, gap("Magnitude pruning"))  # glossed on the slides
    # "attention heads": said on two slides, never defined: other words fit its gap too
    assert _short_gap(ctx, gap("attention heads")) == ""


def test_a_term_cut_out_of_a_compound_or_a_longer_name_is_no_gap() -> None:
    ctx = _ctx(LSTM)
    kept = {
        g.surface for g in _candidates(ctx, "A Transformer keeps a cell state over time steps.")
    }
    assert kept == {"Transformer", "cell state", "time steps"}
    cut = "A Transformer of Vaswani keeps a well cell state over time steps."
    assert {g.surface for g in _candidates(ctx, cut)} == {"time steps"}


def test_a_cloze_and_an_item_stating_its_answers_are_not_both_drafted() -> None:
    cloze = Question(
        T.CLOZE,
        "{1:SHORTANSWER:=Peephole connections} extend the LSTM architecture by giving the "
        "gates access to the {1:SHORTANSWER:=cell state}.",
    )
    statement = Question(
        T.TRUE_FALSE,
        "Peephole connections extend the LSTM architecture by giving the gates access to "
        "the cell state.",
        (Choice("true", 1.0), Choice("false", 0.0)),
    )
    other = Question(
        T.TRUE_FALSE,
        "Gradient clipping rescales large updates of the weights.",
        (Choice("true", 1.0), Choice("false", 0.0)),
    )
    assert "gives another item away" in gate(cloze, [statement])
    assert "gives another item away" in gate(statement, [cloze])
    assert gate(cloze, [other]) == "" and gate(other, [cloze]) == ""


def test_a_two_letter_acronym_left_in_the_text_gives_its_gap_away() -> None:
    assert cloze_roots("the NB assumption") & cloze_roots("NB model") == {"nb"}
    assert not cloze_roots("an RNN layer") & cloze_roots("NB model")


def test_words_tying_the_sentence_to_the_slide_before_are_left_out() -> None:
    line = (
        "The key is that PBEmb, for instance, also uses GloVe to generate embeddings for "
        "the subwords of a word."
    )
    slide = Slide(1, 8, f"Subword embeddings\n{line}")
    assert key_sentence(Fact("statement", "", line, line, slide, "Subword embeddings")) == (
        "PBEmb uses GloVe to generate embeddings for the subwords of a word."
    )


def test_other_names_the_text_gives_away_or_no_word_has_are_not_accepted() -> None:
    gpt = Slide(6, 1, "GPT (Generative Pre-Training, OpenAI)\nGPT is a decoder only transformer "
                      "model trained to predict the next token of a text.")  # fmt: skip
    (q,) = _clozes([gpt])
    # "Generative Pre-Training" beside "trained" would be a giveaway: the acronym alone
    assert cloze_gaps(q.stem)[0].right == ("GPT",)
    mps = Slide(6, 2, "Aggregate saving\nThe marginal propensity to save (MPS) is the fraction "
                      "of an increase in income that households keep.")  # fmt: skip
    (q,) = _clozes([mps], Difficulty.HARD)
    right = cloze_gaps(q.stem)[0].right
    assert "MPS" in right and "marginal propensity to save" in right
    assert not any(r.endswith("saves") for r in right)  # no plural of the verb after "to"


def test_a_typed_gap_accepts_a_name_without_its_generic_head_noun() -> None:
    slide = Slide(7, 1, "Self-attention mechanism\nThe self-attention mechanism is the heart "
                        "of the Transformer, weighing every word against the others.")  # fmt: skip
    (q,) = _clozes([slide], Difficulty.HARD)
    right = {r.lower() for r in cloze_gaps(q.stem)[0].right}
    assert {"self-attention mechanism", "self-attention"} <= right


# --- blind reasons of rounds 17-18 --------------------------------------------------------

VENN = [
    Slide(6, 1, "Probability and algebra of sets\nVenn diagram is a useful tool to visualize "
                "relationships among events and help calculate probability."),
    Slide(6, 2, "Events\nA Venn diagram shows the union of two events as the area both circles "
                "cover.\nThe sample space is the set of all outcomes of an experiment."),
    Slide(6, 3, "Intersections\nIn a Venn diagram the intersection of two events is the area "
                "where the circles overlap."),
]  # fmt: skip


def _with(slides: list[Slide], old: str, new: str) -> list[Slide]:
    return [Slide(s.deck_id, s.page, s.text.replace(old, new)) for s in slides]


def test_a_sentence_judging_its_term_pins_nothing_down() -> None:
    # round 18: "a useful tool to visualize …": tree diagrams are defensible as well
    assert not _clozes(VENN)
    defined = _with(VENN, "a useful tool", "a picture of overlapping circles drawn")
    (q,) = _clozes(defined)
    assert cloze_gaps(q.stem)[0].right[0] == "Venn diagram"


def test_a_gap_holding_a_description_not_a_name_is_refused() -> None:
    # round 18: "The [smallest number of image] is a pixel …": no student types that
    pixel = [
        Slide(7, 1, "How computers understand colours\n● The smallest number of image is a "
                    "pixel, or a picture/colour element. An image\ncontains multiple pixels "
                    "arranged in rows and columns."),
        Slide(7, 2, "Images\nThe smallest number of image is made of bits.\nA pixel holds "
                    "three numbers in the RGB colour model."),
    ]  # fmt: skip
    assert not _clozes(pixel)
    assert not _clozes(_with(pixel, "smallest number", "basic unit"))  # "is a pixel": a name
    assert not [g for g in _candidates(_ctx(pixel), pixel[0].text) if "smallest" in g.surface]
    assert judged(" is a pixel, or a picture element") and judged(" are pixels.")
    blue = "best linear unbiased estimator"  # a name: its acronym says so
    assert _gap_term_ok(Term(blue, blue, count=2, acronym="BLUE"), blue)
    smallest = "smallest number of image"
    assert not _gap_term_ok(Term(smallest, smallest, count=2, defined=True), smallest)
    assert not judged(" is a BPE-based, decoder only transformer model trained to predict …")
    assert judged(" is an important concept in statistics")
    assert not judged(" is the most common value of a sample")  # a definition of the mode
    assert not judged(" is the critical value beyond which the null hypothesis is rejected")


def test_a_noun_gloss_is_not_said_as_what_its_term_does() -> None:
    # round 17: "Reproductive autonomy: Control over body …" became "The [1] controls over body"
    slide = Slide(
        8,
        1,
        "Feminist economics\n• The Capability Approach resonates well with feminist economics\n"
        "• Adaptive preferences: Women who internalize subordination may not desire education\n"
        "• Intrahousehold inequality: Income hides inequalities within families\n"
        "• Reproductive autonomy: Control over body as central capability\n"
        "• Care work: Unpaid work affects capability to participate in other spheres",
    )
    assert not [q for q in _clozes([slide]) if "control" in q.stem.lower()]
    verb = _with([slide], "Control over body as", "Gives women control over their body as a")
    (q,) = [q for q in _clozes(verb) if "control" in q.stem.lower()]
    assert readable_stem(q).endswith("gives women control over their body as a central capability.")


def test_terms_the_slide_glosses_twice_or_together_are_no_gap() -> None:
    # round 17: "Fault/Failure: …", three "Error:" lines: fault or error fit "[1] causes …"
    blurred = Slide(
        9,
        1,
        "Fault, Error, and Failure*\n1. Error: Exception thrown to handle certain behavior\n"
        "2. Fault/Failure: Function does not work as expected\n"
        "3. Error: Result of an external module not working as desired\n"
        "4. Failure: An issue that causes unexpected stoppage\n"
        "5. Fault: Mistake caused by programmer",
    )
    assert not _clozes([blurred])
    told_apart = Slide(
        9,
        1,
        "Fault, Error, and Failure*\n1. Error: Exception thrown to handle certain behavior\n"
        "2. Fault: Mistake caused by programmer\n"
        "3. Failure: An issue that causes unexpected stoppage\n"
        "4. Defect: A flaw in a component that can cause it to fail",
    )
    (q,) = _clozes([told_apart])
    assert cloze_gaps(q.stem)[0].right == ("Failure",)


LEVELS = [
    Slide(10, 1, "Levels of representation\nLinguists distinguish four levels of representation:\n"
                 "■ phonological structure: the level of individual sounds, or, in written "
                 "language, written symbols and letters;\n"
                 "■ morphological structure: the level of morphemes, i.e., minimal meaningful "
                 "units, and their organization into words;"),
    Slide(10, 2, "Representation levels cont.\n■ syntactic structure: the level at which words "
                 "are organized into well formed sentences;\n■ semantic structure: the level of "
                 "meaning, i.e., what the linguistic sign signifies."),
]  # fmt: skip


def test_terms_glossed_in_the_gaps_list_are_its_options_and_no_two_clozes_share_them() -> None:
    qs = _clozes(LEVELS)
    # "phonological structure" and "morphological structure" are no one thing spelled twice
    assert not _synonyms("morphological structure", "phonological structure")
    assert _synonyms("FS acceptors", "FSA acceptors") and _synonyms("pruning", "prunings")
    (q,) = qs  # the second level's cloze would offer the same four options
    (gap,) = cloze_gaps(q.stem)
    assert gap.kind == "choice"
    assert {norm_key(a.text) for a in gap.answers} == {
        "phonological structure", "morphological structure", "syntactic structure",
        "semantic structure",
    }  # fmt: skip


def test_a_gloss_with_a_gerund_phrase_for_subject_is_no_cloze_sentence() -> None:
    # "[1] involves changing a single bit of the input changes at least two bits": two verbs
    slide = Slide(11, 1, "Design principles\n• S-box: changing a single bit of the input "
                         "changes at least two bits in the output")  # fmt: skip
    gloss = "changing a single bit of the input changes at least two bits in the output"
    fact = Fact("definition", "S-box", f"S-box: {gloss}", gloss, slide, "Design", (), "colon")
    assert key_sentence(fact) == ""
    doing = "mixing the bits of each input block into the output of every round of the cipher"
    fine = Fact("definition", "S-box", f"S-box: {doing}", doing, slide, "Design", (), "colon")
    assert key_sentence(fine).startswith("S-box involves mixing the bits")


def test_a_named_method_of_another_list_is_no_option_beside_a_kind() -> None:
    slides = [
        Slide(12, 1, "Quantization kinds\n"
                     "• Linear quantization: rounds each value to the nearest step of a scale\n"
                     "• Nonlinear quantization: fits a grid of percentiles to the weights\n"
                     "• Logarithmic quantization: keeps only a power of two for each value"),
        Slide(12, 2, "Vector methods\n"
                     "• Product Quantization: splits each vector into chunks, then clusters them\n"
                     "• Additive Quantization: sums codewords taken from several codebooks"),
    ]  # fmt: skip
    ctx = _ctx(slides)
    text = "Nonlinear quantization fits a grid of percentiles to the weights."
    term = ctx.vocab.get("Nonlinear quantization")
    assert term is not None
    gap = _Gap(0, len("Nonlinear quantization"), "Nonlinear quantization", term)
    peers = _listed_peers(ctx, gap, text)
    assert {norm_key(p) for p in peers} == {"linear quantization", "logarithmic quantization"}
    glossed = _glossed_peers(ctx, gap, text)  # the deck's glosses of the head noun
    assert not any("product" in norm_key(p) or "additive" in norm_key(p) for p in glossed)


def test_words_offered_with_a_slash_are_said_with_or() -> None:
    # round 17 (light edit): "does not actively participate/contribute"
    slides = [
        Slide(13, 1, "Participation on social media\nLurker: a user of a social media site who "
                     "does not actively\nparticipate/contribute.\n(adapted from a dictionary)"),
        Slide(13, 2, "Lurkers\nMost members of an online community are lurkers.\n"
                     "Lurkers read posts but rarely write any."),
    ]  # fmt: skip
    (q,) = _clozes(slides)
    assert readable_stem(q).endswith("does not actively participate or contribute.")
    assert ground(q, slides).supported


def test_a_typed_gap_accepts_a_prefixed_word_with_and_without_its_hyphen() -> None:
    slides = [
        Slide(14, 1, "Nonlinear quantization\nNonlinear quantization is a scheme that stores "
                     "each weight as the index of its nearest centroid."),
        Slide(14, 2, "Costs\nNonlinear quantization needs a lookup table at inference."),
    ]  # fmt: skip
    (q,) = _clozes(slides, Difficulty.HARD)
    (gap,) = cloze_gaps(q.stem)
    assert gap.kind == "short"
    assert {"Nonlinear quantization", "Non-linear quantization"} <= set(gap.right)
    assert _prefix_forms("co-occurrence matrix") == ["cooccurrence matrix"]
    assert _prefix_forms("cover") == [] and _prefix_forms("Interpol") == []
