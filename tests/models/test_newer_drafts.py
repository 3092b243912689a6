"""Built matching, ordering and cloze drafts: which lists make matching pairs, which
sequences are stated orders, which cloze sentences and gaps are refused — each rule on a
small slide text — and the three types drafted end to end from a lecture PDF."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from models.drafting.built import build_drafts
from models.drafting.candidates import _Ctx
from models.drafting.cloze import _candidates, _choose
from models.drafting.cloze_checks import (
    defines_subject,
    figure_slide,
    from_example,
    garbled,
    glossed_subject,
    in_a_list,
    leans_on_figure,
    rivals_named,
    written_whole,
)
from models.drafting.facts import extract_facts
from models.drafting.grounding import ground
from models.drafting.matching import gloss_ok, matching_sets
from models.drafting.pipeline import DraftRequest, run_drafting
from models.drafting.sequences import _action, _instruction, slide_sequences
from models.drafting.vocabulary import deck_vocabulary
from storage.decks import read_deck
from storage.domain import Difficulty, QuestionType, Slide
from storage.question_types import cloze_gaps, readable_stem
from tests.models.lecture_pdf import lecture_pdf

T = QuestionType

# --- matching ---------------------------------------------------------------------------

ACID = (
    "ACID properties\n"
    "• Atomicity: The set of operations of a transaction is executed as a block, or canceled\n"
    "• Consistency: Transactions respect integrity constraints of the database\n"
    "• Isolation: Two concurrent executions of transactions result in a serial state\n"
    "• Durability: Once a transaction is committed, data remain stored in the database"
)


def _pairs(*texts: str) -> list[list[tuple[str, str]]]:
    slides = [Slide(1, i, t) for i, t in enumerate(texts, 1)]
    return [[(p.term, p.gloss) for p in s] for s in matching_sets(slides)]


def test_glosses_written_as_clauses_make_matching_pairs() -> None:
    # "Transactions respect …" is no definition on its own, but tells its term apart
    (pairs,) = _pairs(ACID)
    assert [t for t, _ in pairs] == ["Atomicity", "Consistency", "Isolation", "Durability"]
    assert pairs[1][1] == "Transactions respect integrity constraints of the database"


def test_acronyms_spelled_out_are_no_matching_pairs() -> None:
    metrics = "Ranking metrics\n• MRR: Mean Reciprocal Rank\n• MAP: Mean Average Precision\n"
    metrics += "• nDCG: normalized Discounted Cumulative Gain\n• ERR: Expected Reciprocal Rank"
    assert _pairs(metrics) == []
    assert not gloss_ok("MRR", "Mean Reciprocal Rank")


def test_glosses_naming_their_term_or_too_close_to_another_are_left_out() -> None:
    tasks = (
        "Morphological analysis tasks\n"
        "• Stemming: determine the stem of a word.\n"
        "• Lemmatization: determine the lemma of a word.\n"
        "• Tagging: assign each input word its grammatical features.\n"
        "• Segmentation: split the input words into morphemes.\n"
        "• Full analysis: split the input words into morphemes and label each morpheme."
    )
    # two name themselves, one repeats another: three are left, too few to match
    assert _pairs(tasks) == []


def test_labels_lists_and_fragments_make_no_matching_question() -> None:
    labels = (
        "File systems\n"
        "• File Attributes: Name, Id, Type, Location, Size, Protection\n"
        "• Access Methods: Sequential vs Direct Access\n"
        "• Path Name: Absolute vs. Relative\n"
        "• Goal: faster and smaller models for every device\n"
        "• Note: see the textbook, chapter 13, for details"
    )
    examples = (
        "Examples of conflicting objectives\n"
        "• Medicine: maximum effect, but minimum side effect of a drug.\n"
        "• Finances: maximum return, but minimum risk of an equity portfolio.\n"
        "• Production planning: maximum revenue, but minimum costs.\n"
        "• Booking a hotel: maximum rating, but minimum costs."
    )
    assert _pairs(labels) == [] and _pairs(examples) == []


def test_a_list_going_on_over_the_next_slide_of_its_title_is_one_list() -> None:
    first = "Pruning methods\n• Magnitude pruning – drops the smallest weights of each layer\n"
    first += "• Structured pruning – removes whole neurons or attention heads"
    second = "Pruning methods (cont.)\n• Random pruning – drops weights chosen by chance\n"
    second += "• Gradual pruning – removes a few more weights after every thousand steps"
    (pairs,) = _pairs(first, second)
    assert len(pairs) == 4 and pairs[-1][0] == "Gradual pruning"
    assert _pairs(first, "Distillation\n" + second.split("\n", 1)[1]) == []  # another title


# --- ordering ---------------------------------------------------------------------------


def _orders(text: str) -> list[tuple[str, ...]]:
    return [s.items for s in slide_sequences(Slide(1, 1, text))]


def test_steps_are_told_by_verbs_the_lexicon_knows_and_adverbs_before_them() -> None:
    assert _instruction("Look at the distribution") and _instruction("Aggregate the results")
    assert _instruction("Randomly sample from the possible inputs")
    assert _instruction("Extracting sub-key bits of the last round")
    assert not _instruction("Table of Contents") and not _instruction("Motivating Problem")
    steps = (
        "Monte Carlo Methods\nGeneral task:\n1. Specify the possible inputs\n"
        "2. Randomly sample from the possible inputs\n3. Perform some calculation on each sample\n"
        "4. Repeat a bunch of times\n5. Aggregate the results"
    )
    assert _orders(steps) == [
        (
            "Specify the possible inputs",
            "Randomly sample from the possible inputs",
            "Perform some calculation on each sample",
            "Repeat a bunch of times",
            "Aggregate the results",
        )
    ]


def test_numbered_lists_that_are_no_procedure_are_not_ordered() -> None:
    agenda = "Statistical Computing\n1. Table of Contents\n2. Announcements\n3. Motivating Problem"
    observations = (
        "Aggregate consumption\nKeynes is pointing out two main things:\n"
        "1. Consumption tends to increase with income;\n"
        "2. Their relationship is positive, but consumption grows less than income;\n"
        "3. Saving rises with income."
    )
    assert _orders(agenda) == [] and _orders(observations) == []


def test_a_course_plan_is_no_procedure_to_order() -> None:
    plan = (
        "Course logistics\n1. Read the syllabus before class\n"
        "2. Submit the first homework on the course site\n3. Take the entry quiz"
    )
    assert _orders(plan) == []
    assert len(_orders(plan.replace("Course logistics", "Preparing a dataset"))) == 1


def test_a_step_pointing_at_other_steps_or_an_unnamed_procedure_is_not_asked() -> None:
    pointing = (
        "Selection Sort\n1. Find the smallest element in the vector\n2. Move it to the front\n"
        "3. Repeat 1-2 among the elements that are left until you're done"
    )
    unnamed = (
        "Velocity Verlet tracks velocities and doesn't need to track positions\n"
        "1. Take the current positions and compute the force\n2. Compute the new position\n"
        "3. Compute the new force\n4. Find the new velocity"
    )
    looping = (
        "Compression-aware training\nStep 1: train normally for T steps\n"
        "Step 2: prune 5% of the weights\nGoTo step 1\nStep 3: freeze the pruned parts"
    )
    assert _orders(pointing) == [] and _orders(unnamed) == [] and _orders(looping) == []
    assert len(_orders(looping.replace("GoTo step 1\n", ""))) == 1


def test_a_wrapped_step_is_joined_and_the_line_after_the_list_left_out() -> None:
    text = (
        "Linear cryptanalysis\nAttack steps:\n1 Construct the linear approximation table\n"
        "of the S-boxes.\n2 Construct a linear approximation of the first rounds\n"
        "3 Extract the sub-key bits of the last round\nWhere do we need the tools from class?"
    )
    assert _orders(text) == [
        (
            "Construct the linear approximation table of the S-boxes",
            "Construct a linear approximation of the first rounds",
            "Extract the sub-key bits of the last round",
        )
    ]


def test_steps_a_lead_in_announces_and_a_first_then_sentence_are_sequences() -> None:
    rag = (
        "Retrieval Augmented Generation\nRAG usually consists of the following steps:\n"
        "▶ Question-forming: Reformulating the user query as a standalone query.\n"
        "▶ Retrieval: Using an embedding to retrieve useful passages.\n"
        "▶ Document aggregation: Stuffing all documents together.\n"
        "▶ Answer-forming: The language model produces an answer."
    )
    (seq,) = slide_sequences(Slide(1, 1, rag))
    assert seq.topic == "RAG" and seq.noun == "steps"  # as the lead-in calls them
    assert seq.items == ("Question-forming", "Retrieval", "Document aggregation", "Answer-forming")
    bullets = "Retrieval Augmented Generation\n• Question-forming\n• Retrieval\n• Answer-forming"
    assert _orders(bullets) == []  # a bullet list no line calls steps: no stated order
    sentence = (
        "Product quantization\nFirst split each vector into chunks, then cluster the chunks "
        "of every position, and finally store each chunk as its centroid id."
    )
    assert _orders(sentence) == [
        ("Split each vector into chunks", "Cluster the chunks of every position",
         "Store each chunk as its centroid id")
    ]  # fmt: skip


def test_ordering_stems_name_the_procedure_in_the_decks_case() -> None:
    steps = (
        "Monte Carlo Permutation Test\n1. Randomly sample the group assignments\n"
        "2. Compute mean differences\n3. Repeat a bunch of times\n4. Look at the distribution"
    )
    slides = [
        Slide(1, 1, steps),
        Slide(1, 2, "Permutation tests\nA permutation test compares group means exactly."),
    ]
    (q,) = build_drafts(slides, {T.ORDERING: 2}, Difficulty.MEDIUM)
    assert q.stem == "Put the steps of the Monte Carlo permutation test in order."


def test_a_list_called_rules_or_components_is_no_order_unless_called_steps() -> None:
    rules = (
        "The rules of the game\n1. Respect the hosting site's wishes\n"
        "2. Limit your bandwidth use\n3. Read the documentation of the API"
    )
    components = (
        "Three Components to a Literature Review\n(1) Identify a problem in the world;\n"
        "(2) Establish a gap in the current knowledge; and\n(3) Articulate a hook for readers."
    )
    assert _orders(rules) == [] and _orders(components) == []
    steps = rules.replace("The rules of the game", "Steps of a polite scraper")
    assert len(_orders(steps)) == 1  # the slide calls them steps: a stated order


def test_every_item_of_an_order_is_an_action() -> None:
    assert _action("Data cleaning") and _action("Retrieval") and _action("Document aggregation")
    assert _action("Apply pairwise attention between all inputs")  # "Apply" is no adverb
    assert not _action("Website structure") and not _action("Bandwidth limits")
    mixed = (
        "Scraping workflow\n1. Learn about the structure of the website\n"
        "2. Choose your strategy\n3. Website structure\n4. Clean the data"
    )
    assert _orders(mixed) == []  # "Website structure" is a thing, not a step
    assert len(_orders(mixed.replace("3. Website structure", "3. Build prototype code"))) == 1
    nouns = "Model pipeline\nData → Model → Predictions → Report"
    assert _orders(nouns) == []
    assert _orders("Text pipeline\nclean → split → embed → encode") == [
        ("clean", "split", "embed", "encode")
    ]


def test_a_gerund_step_among_instructions_is_said_as_one() -> None:
    attack = (
        "Linear Cryptanalysis\nAttack steps:\n1 Construct the linear approximation table.\n"
        "2 Construct a linear approximation of the first rounds.\n"
        "3 Extracting sub-key bits of the last round."
    )
    assert _orders(attack) == [
        (
            "Construct the linear approximation table",
            "Construct a linear approximation of the first rounds",
            "Extract sub-key bits of the last round",
        )
    ]
    gerunds = "Data pipeline\n1. Cleaning the data\n2. Splitting the data\n3. Training a model"
    assert _orders(gerunds)[0][0] == "Cleaning the data"  # all one form already: as written


def test_a_lead_in_naming_the_kind_of_process_names_it_in_the_stem() -> None:
    workflow = (
        "The art of web scraping\nWorkflow:\n1. Learn about structure of website\n"
        "2. Choose your strategy\n3. Build prototype code\n4. Data cleaning"
    )
    (q,) = build_drafts([Slide(1, 1, workflow)], {T.ORDERING: 1}, Difficulty.MEDIUM)
    assert q.stem == "Put the steps of the web scraping workflow in order."
    goal = (
        "The Transformer attention block\nGoal: contextualize word embeds.\n"
        "1. Transform each embedding to its query, key and value reprs\n"
        "2. Apply pairwise attention between all inputs\n"
        "3. Use the outputs as word embeddings for next layer"
    )  # a "Goal:" line is no name of the list: still the attention block's steps
    (q,) = build_drafts([Slide(1, 1, goal)], {T.ORDERING: 1}, Difficulty.MEDIUM)
    assert q.stem.lower() == "put the steps of the transformer attention block in order."


# --- cloze ------------------------------------------------------------------------------


def test_two_lines_run_together_are_no_cloze_sentence() -> None:
    slide = Slide(
        1,
        1,
        "MP-BGP and the VPN-IPv4 addresses\n"
        "a method used by PE routers to encode IP v4 VPN addresses before advertising them\n"
        "BGP considers VPN-IPv4 addresses as opaque bitstring\n"
        "two types of route distinguishers\nAS:value",
    )
    assert not written_whole(
        "BGP considers VPN-IPv4 addresses as opaque bitstring two types of route distinguishers",
        slide,
    )
    wrapped = Slide(1, 2, "Peepholes\nPeephole connections extend the LSTM by\n"
                          "giving the gates access to the cell state:")  # fmt: skip
    assert written_whole(
        "Peephole connections extend the LSTM by giving the gates access to the cell state",
        wrapped,
    )


def test_gaps_inside_a_list_are_refused() -> None:
    text = "Some ISPs are using GRE, L2TP or IPSec."
    start = text.index("GRE")
    assert in_a_list(text, start, start + 3)
    lsi = "The success of LSI and LSA showed that counts are useful."
    assert in_a_list(lsi, lsi.index("LSA"), lsi.index("LSA") + 3)
    assert leans_on_figure("PE4 does not import the routes of VPNA since no CE is attached.")


CLOZE_DECK = [
    Slide(1, 1, "Long short-term memory (LSTM)\nThe cell state of an LSTM carries information "
                "across time steps.\nThe forget gate decides what the cell state keeps."),
    Slide(1, 2, "Gates\nThe forget gate and the output gate read the hidden state.\n"
                "Peephole connections give the gates access to the cell state at all time steps."),
    Slide(1, 3, "Training\nBackpropagation through time unrolls the network over time steps."),
    Slide(1, 4, "Costs\nThe bond pays a coupon of 10%, so the cost of debt is still 10%."),
    Slide(1, 5, "Cell state\nThe cell state carries information across many time steps of "
                "the network."),
]  # fmt: skip


def test_cloze_gaps_are_named_terms_never_a_word_of_the_sentence() -> None:
    facts = extract_facts(CLOZE_DECK)
    ctx = _Ctx(CLOZE_DECK, facts, deck_vocabulary(CLOZE_DECK, facts=facts), Difficulty.MEDIUM,
               0, random.Random(0))  # fmt: skip
    text = "Peephole connections give the gates access to the cell state."
    surfaces = [g.surface for g in _candidates(ctx, text)]
    assert "access" not in surfaces and "gates" not in surfaces
    # the forget gate and the output gate: either fits the gap
    both = "The forget gate and the output gate read the hidden state."
    assert _choose(ctx, both, "Gates") is None
    qs = build_drafts(CLOZE_DECK, {T.CLOZE: 4}, Difficulty.MEDIUM)
    assert qs and all(q.sources[0].page != 4 for q in qs)  # a worked example's figures


# --- end to end -------------------------------------------------------------------------


def test_matching_ordering_and_cloze_are_drafted_from_a_lecture_pdf(tmp_path: Path) -> None:
    deck = read_deck(lecture_pdf(tmp_path / "transactions.pdf"))
    slides = [Slide(1, i, t, f) for i, (t, f) in enumerate(zip(deck.pages, deck.flags,
                                                               strict=True), 1)]  # fmt: skip
    request = DraftRequest({T.MATCHING: 2, T.ORDERING: 2, T.CLOZE: 1}, Difficulty.MEDIUM,
                           strategy="built")  # fmt: skip
    drafts = [d for d in run_drafting(slides, request, reference=slides) if hasattr(d, "question")]
    by_type = {d.question.type: d.question for d in drafts}
    assert all(d.ok for d in drafts)
    matching = by_type[T.MATCHING]
    assert matching.stem == "Match each ACID property with its description."
    assert {c.match for c in matching.choices} == {
        "Atomicity", "Consistency", "Isolation", "Durability"
    }  # fmt: skip
    assert next(c.text for c in matching.choices if c.match == "Durability") == (
        "Once a transaction commits, its changes survive a crash"
    )
    ordering = by_type[T.ORDERING]
    assert ordering.stem == "Put the steps of committing a transaction in order."
    assert [c.text for c in ordering.choices] == [
        "Write a commit record to the log",
        "Flush the log to stable storage",
        "Release the locks held by the transaction",
        "Acknowledge the commit to the client",
    ]
    cloze = by_type[T.CLOZE]
    assert [g.right[0] for g in cloze_gaps(cloze.stem)] == ["transaction"]
    assert readable_stem(cloze) == "A [1] groups several reads and writes into one unit of work."
    for q in (matching, ordering, cloze):
        assert ground(q, slides).supported
    # one list, one procedure: no second matching or ordering question, and none from
    # the logistics slide's "Week 1: …" lines
    assert sum(d.question.type == T.MATCHING for d in drafts) == 1
    assert sum(d.question.type == T.ORDERING for d in drafts) == 1


@pytest.mark.parametrize(
    "lines",
    [
        ["Today we cover transactions.", "1. Tokenization", "2. Embeddings", "3. Attention"],
        ["Week 1: Introduction", "Week 2: Transactions", "Week 3: Recovery", "Week 4: Review"],
    ],
)
def test_slides_with_no_list_or_sequence_give_no_matching_or_ordering(
    tmp_path: Path, lines: list[str]
) -> None:
    deck = read_deck(lecture_pdf(tmp_path / "plain.pdf", [("Cover", ["x"]), ("Plan", lines)]))
    slides = [Slide(1, i, t, True) for i, t in enumerate(deck.pages, 1)]
    assert build_drafts(slides, {T.MATCHING: 1, T.ORDERING: 1}, Difficulty.MEDIUM) == []


# --- cloze: what pins a gap down -----------------------------------------------------------


def test_only_a_term_its_sentence_defines_is_pinned_down() -> None:
    def pinned(text: str, term: str, title: str = "Basics") -> bool:
        start = text.index(term)
        return defines_subject(text, start, start + len(term), title)

    assert pinned("The p-value is the probability that the data arise under H0.", "p-value")
    assert pinned("A relation (table) is defined as a set of tuples.", "relation")
    assert pinned("Perplexity refers to the exponentiated average loss.", "Perplexity")
    # what the slide's own subject does
    peephole = "Peephole connections extend the LSTM by giving the gates the cell state."
    assert pinned(peephole, "Peephole connections", "LSTM variants: Peephole connections")
    assert not pinned(peephole, "Peephole connections", "LSTM variants")
    # the sentence a "Peephole connections – extend …" line stands for: among options only
    assert glossed_subject(peephole, 0, 20, "peephole connection")
    assert not glossed_subject(peephole, 0, 20, "cell state")
    # what it can, must or cannot do; a term in the middle; a genus it shares
    assert not pinned("S-boxes must be invertible, or the cipher is no permutation.", "S-boxes",
                      "S-boxes")  # fmt: skip
    assert not pinned("RNNs are not limited to fixed-length input sequences.", "RNNs", "RNNs")
    assert not pinned("The crucial step is the calculation of the energy change.", "calculation")
    assert not pinned("Bioconductor packages are good examples of research.", "Bioconductor")


def test_no_cloze_from_an_example_a_figure_or_a_slide_naming_rivals() -> None:
    plain = Slide(1, 1, "Subword embeddings\nPBEmb uses GloVe to embed the subwords.")
    assert not from_example("PBEmb uses GloVe to embed the subwords.", plain)
    assert from_example("PBEmb, for instance, uses GloVe to embed the subwords.", plain)
    assert from_example("Bioconductor packages are good examples of reproducible research.",
                        plain)  # fmt: skip
    labelled = Slide(1, 2, "MP-BGP\nExample\nPE2 does not import the Magenta routes.")
    footnote = Slide(1, 3, "Semantics\nBardiwac is a heavy red wine.\n2The example is from X.")
    assert from_example("PE2 does not import the Magenta routes.", labelled)
    assert from_example("Bardiwac is a heavy red wine.", footnote)
    ticks = "\n".join(["G", "100", "200", "2", "3", "Weight", "MPG", "G", "4"])
    figure = Slide(1, 4, f"Regression models\nA model with two IVs implies a plane.\n{ticks}")
    assert figure_slide(figure) and not figure_slide(plain)
    papers = Slide(1, 6, "More quantization papers\nAWQ – tune scale to fit sensitive weights\n"
                         "https://arxiv.org/abs/2306.00978\nQUIK – quantize activations too\n"
                         "https://arxiv.org/abs/2310.09259")  # fmt: skip
    assert from_example("AWQ tunes scale to fit sensitive weights.", papers)
    one_link = Slide(1, 7, "Subword embeddings\nPBEmb uses GloVe to embed the subwords.\n"
                           "Code: https://github.com/bheinzerling/bpemb")  # fmt: skip
    assert not from_example("PBEmb uses GloVe to embed the subwords.", one_link)
    dcf = Slide(1, 5, "What is a DCF?\nA DCF is a method of valuing a stock.\n"
                      "Other ways include the dividend discount model.")  # fmt: skip
    assert rivals_named("A DCF is a method of valuing a stock.", dcf)
    assert rivals_named("GloVe is one of the embedding methods.", plain)
    assert not rivals_named("PBEmb uses GloVe to embed the subwords.", plain)


def test_words_run_together_or_clipped_clauses_are_no_cloze_sentence() -> None:
    assert garbled("Sweave is the system for mixing LATEXand R code in one document.")
    assert garbled("PHONY targets denote actions; ignore filenames with the same name.")
    assert not garbled("Sweave is the system for mixing LaTeX and R code in one document.")
    assert not garbled("GPUs and TPUs run the matrix products of the network.")


def test_a_gloss_saying_what_a_term_does_is_a_cloze_only_among_options_of_its_kind() -> None:
    mixed = Slide(1, 1, "What do we gain from recurrent networks?\n"
                        "• Memory cells: contain summaries of the sequence read so far\n"
                        "• Closed vocabulary: one word is one vector in the model")  # fmt: skip
    assert build_drafts([mixed], {T.CLOZE: 1}, Difficulty.MEDIUM) == []  # typed: hidden states?
    levels = Slide(
        1,
        2,
        "Representation levels\n"
        "■ phonological structure: the level of individual sounds and letters;\n"
        "■ syntactic structure: the level at which words form sentences;\n"
        "■ semantic structure: the level of meaning of the linguistic sign.",
    )
    qs = build_drafts([levels], {T.CLOZE: 1}, Difficulty.MEDIUM)
    (gap,) = cloze_gaps(qs[0].stem)
    assert gap.kind == "choice" and len(gap.answers) == 3
    assert {a.text.lower() for a in gap.answers} == {
        "phonological structure", "syntactic structure", "semantic structure"
    }  # fmt: skip


# --- round 16-18 blind reasons ------------------------------------------------------------


def test_checks_a_lead_in_says_a_stage_includes_are_no_order() -> None:
    # round 16 (bcwt-n01): "a list, not a real sequence; the order only matches the slide"
    checks = (
        "Quality Checks: Raw Data\nSequence data\n"
        "The quality checks at this stage in the workflow include:\n"
        "1. Checking the quality of the base calls to ensure that there\n"
        "were no issues during sequencing\n"
        "2. Examining the reads to ensure their quality metrics adhere\n"
        "to our expectations for our experiment\n3. Exploring reads for contamination"
    )
    assert _orders(checks) == []
    # the same lines called steps under a plain title are a stated order
    steps = checks.replace("Quality Checks: Raw Data", "Read quality control").replace(
        "The quality checks at this stage in the workflow include:", "Steps:"
    )
    assert len(set(_orders(steps))) == 1


def test_activities_under_a_plain_heading_are_no_order_but_instructions_are() -> None:
    activities = (
        "Exploratory analysis\n1. Checking the distribution of each variable\n"
        "2. Examining outliers in the residuals\n3. Exploring missing values"
    )
    assert _orders(activities) == []  # gerunds, no line calls them steps
    told = activities.replace("Checking", "Check").replace("Examining", "Examine")
    assert len(_orders(told.replace("Exploring", "Explore"))) == 1  # instructions: a procedure
    piped = activities.replace("Exploratory analysis", "Exploratory analysis pipeline")
    assert len(_orders(piped)) == 1  # the title calls it a pipeline


def test_a_heading_with_a_subtitle_names_no_procedure() -> None:
    titled = (
        "Sampling: Field Work\n1. Mark the plot corners\n2. Count the stems in each plot\n"
        "3. Record the counts on the sheet"
    )
    assert _orders(titled) == []  # "the steps of the sampling: field work": no name
    assert len(_orders(titled.replace("Sampling: Field Work", "Field sampling"))) == 1


def test_a_gloss_saying_i_e_is_no_reference_to_an_author() -> None:
    # "morphemes, i.e., minimal …" read as "Smith, J. K.," dropped half of a list
    levels = (
        "Levels of representation\n"
        "■ phonological structure: the level of individual sounds and written letters;\n"
        "■ morphological structure: the level of word parts, i.e., minimal meaningful units;\n"
        "■ syntactic structure: the level at which words are organized into sentences;\n"
        "■ semantic structure: the level of meaning, i.e., what the sign signifies."
    )
    (pairs,) = _pairs(levels)
    assert len(pairs) == 4
    cited = "Reading\n■ Smith, J. K., wrote the survey of morphology;\n" + levels.split("\n", 1)[1]
    assert len(_pairs(cited)[0]) == 4  # the citation line is still no pair


CAPABILITIES = (
    "Central capabilities\n"
    "• Bodily health: Adequate nourishment and shelter over a normal life span\n"
    "• Practical reason: Forming a conception of the good and planning one's life\n"
    "• Affiliation: Living with others and showing concern for them\n"
    "• Emotions: Attachments to things and people outside ourselves"
)


def test_a_noun_phrase_gloss_in_one_piece_is_a_matching_item() -> None:
    # round 17: "Control over body as central capability" tells its term apart in a list
    assert gloss_ok("Reproductive autonomy", "Control over body as central capability")
    assert not gloss_ok("Reproductive health", "Maternal mortality, adolescent births")
    assert not gloss_ok("QUIK", "sensitive outliers + quantize activations + black magic")
    (pairs,) = _pairs(CAPABILITIES)
    assert [t for t, _ in pairs] == [
        "Bodily health", "Practical reason", "Affiliation", "Emotions"
    ]  # fmt: skip


def test_a_gloss_holding_its_terms_root_gives_it_away() -> None:
    # "Durability: … data remain durably stored": the adverb answers the pair; left out
    durably = ACID.replace("data remain stored", "data remain durably stored")
    (pairs,) = _pairs(durably)
    assert pairs[3] == (
        "Durability",
        "Once a transaction is committed, data remain stored in the database",
    )
    # a noun or verb of the root is no word to drop: the pair is left out, too few remain
    isolated = ACID.replace("result in a serial state", "are isolated from each other")
    assert _pairs(isolated) == []
