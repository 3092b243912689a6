"""Facts and key terms from slide text: strings written here, then the fixture decks."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.drafting.built import build_drafts
from models.drafting.fact_checks import _definition_ok
from models.drafting.facts import (
    Fact,
    acronym_matches,
    extract_facts,
)
from models.drafting.slide_units import (
    slide_units,
)
from models.drafting.statement_checks import _statement_ok
from models.drafting.vocabulary import (
    deck_vocabulary,
)
from models.drafting.words import (
    content_tokens,
    is_prose,
    norm_key,
)
from storage.decks import read_deck
from storage.domain import Difficulty, Question, QuestionType, Slide

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def built(text: str, qtype: QuestionType, n: int) -> list[Question]:
    """The drafts built from one slide of `text`, at medium."""
    return build_drafts([Slide(1, 1, text)], {qtype: n}, Difficulty.MEDIUM)


EFFICIENCY = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"
ALIGNMENT = FIXTURES / "yandex-word-alignment-metropolis.pdf"


def deck(*pages: str, flags: dict[int, tuple[str, ...]] | None = None) -> list[Slide]:
    flags = flags or {}
    return [Slide(7, i, text, flags.get(i, ())) for i, text in enumerate(pages, start=1)]


def facts_of(*pages: str) -> list[Fact]:
    return extract_facts(deck(*pages))


def by_term(facts: list[Fact], term: str) -> Fact:
    hits = [f for f in facts if norm_key(f.term) == norm_key(term)]
    assert hits, f"no fact about {term!r} in {[f.term for f in facts]}"
    return hits[0]


# --- units -----------------------------------------------------------------------------------


def test_wrapped_lines_are_joined_and_bullets_stripped() -> None:
    slide = Slide(
        1,
        3,
        "What are language models?\n"
        "● Language modeling is the task of estimating the probability distribution of sequences\n"
        "of words or tokens in a given language.\n"
        "● Each word in the input sequence attends to every other word, calculating\n"
        "attention scores.",
    )
    title, units = slide_units(slide)
    assert title == "What are language models?"
    body = [u.text for u in units if not u.heading]
    assert body[0] == (
        "Language modeling is the task of estimating the probability distribution of "
        "sequences of words or tokens in a given language."
    )
    assert body[1].startswith("Each word") and body[1].endswith("attention scores.")
    assert all(u.bullet == "●" for u in units if not u.heading)


def test_a_header_line_becomes_the_label_of_the_bullets_under_it() -> None:
    _, units = slide_units(
        Slide(1, 1, "Core components\nMulti-Head Attention:\n● Employs several heads in parallel.")
    )
    assert units[-1].label == "Multi-Head Attention"


def test_prose_filter_rejects_math_code_and_links() -> None:
    assert is_prose("Smoothing introduces bias, moving the parameters away from the estimates.")
    assert not is_prose("ψ(x, y) = θ · f (x, y)")
    assert not is_prose("Read more: https://arxiv.org/abs/1712.01312")
    assert not is_prose("total += weights[feature] * count")
    assert not is_prose("The length of x is equal to the size of the vocabulary, V")


# --- facts -----------------------------------------------------------------------------------


def test_heading_glossed_by_a_verb_phrase_is_a_definition() -> None:
    facts = facts_of(
        "Linear quantization\nFit a linear range to data\nscale = (max(w) – min(w)) / 2^4"
    )
    f = by_term(facts, "Linear quantization")
    assert f.kind == "definition"
    assert f.definition == "Fit a linear range to data"
    assert f.page == 1


def test_colon_equals_dash_and_copula_definitions() -> None:
    facts = facts_of(
        "Student architecture choices\n"
        "● Factorized: product of smaller matrices or tensors\n"
        "● Sparse: only a small fraction of weights are nonzero",
        "Compression by sparsification\nUnstructured sparsity = prune individual weights\n"
        "Structured sparsity = prune entire neurons or heads",
        "More quantization papers\nSmoothQuant – quantize both weights and activations\n"
        "AWQ – tune scale and zero point to fit sensitive weights",
        "Probabilistic classification\nNaïve Bayes is a probabilistic classifier.",
    )
    # a bullet label that is an adjective names no concept: no question is built on it
    assert not [f for f in facts if norm_key(f.term) in ("factorized", "sparse")]
    assert by_term(facts, "Unstructured sparsity").definition == "prune individual weights"
    assert by_term(facts, "SmoothQuant").definition == "quantize both weights and activations"
    nb = by_term(facts, "Naïve Bayes")
    assert nb.kind == "definition" and nb.definition == "a probabilistic classifier"
    assert {f.form for f in facts if f.kind == "definition"} >= {"equals", "dash", "copula"}


def test_core_idea_under_a_header_defines_the_header() -> None:
    facts = facts_of(
        "Popular language modeling algorithms (1/3)\n"
        "N-gram models\n"
        "● Core Idea: Predict the next word based on the frequencies of the previous words.\n"
        "Hidden Markov Models (HMMs)\n"
        "● Core Idea: Model language as a sequence of hidden states with transitions.",
    )
    assert by_term(facts, "N-gram models").definition.startswith("Predict the next word")
    hmm = by_term(facts, "Hidden Markov Models")
    assert hmm.definition.startswith("Model language as a sequence")
    assert hmm.topic == "Popular language modeling algorithms"


def test_statements_keep_their_key_term() -> None:
    facts = facts_of(
        "Smoothing, bias, variance\n"
        "▶ Smoothing introduces bias, moving the parameters away from their estimates.\n"
        "▶ Smoothing is tuned on a development set, which is held out from training.",
        "Regularization\nRegularization penalizes large weights in the loss function.",
    )
    statements = [f for f in facts if f.kind == "statement"]
    assert statements
    first = statements[0]
    assert (
        first.text == "Smoothing introduces bias, moving the parameters away from their estimates."
    )
    assert norm_key(first.term) == "smoothing"


def test_lists_introduced_by_a_colon() -> None:
    facts = facts_of(
        "Summary and next steps\n"
        "▶ The remainder of this chapter describes four learning algorithms:\n"
        "▶ Naïve Bayes\n▶ Perceptron\n▶ Large-margin (support vector machine)\n"
        "▶ Logistic regression",
    )
    lists = [f for f in facts if f.kind == "list"]
    assert len(lists) == 1
    assert lists[0].term == "learning algorithms"
    assert lists[0].items == ("Naïve Bayes", "Perceptron", "Large-margin", "Logistic regression")


def test_generic_list_labels_are_qualified_by_their_header() -> None:
    facts = facts_of(
        "Variants of the Transformer Architecture\n"
        "Encoder-only Transformers:\n"
        "● Common Applications:\n"
        "○ Text classification: determining the sentiment or topic of a given text.\n"
        "○ Named entity recognition: identifying and classifying entities in text.",
    )
    lists = [f for f in facts if f.kind == "list"]
    assert [f.term for f in lists] == ["applications of Encoder-only Transformers"]
    assert lists[0].items == ("Text classification", "Named entity recognition")


def test_page_furniture_logistics_and_flagged_slides_give_no_facts() -> None:
    slides = deck(
        "Course Evaluation\n● You will need to submit a final report that covers all the labs.",
        "Aarne Talman\n● PhD in Language Technology\n● Machine Learning Lead at Accenture\n"
        "● Formerly: Head of Tech at SiloGen",
        "Optimal Brain Damage\nLe Cun et al, 1989\nRead more: https://arxiv.org/abs/1712.01312",
        "Linear quantization\nFit a linear range to data",
        flags={4: ("overlay",)},
    )
    assert extract_facts(slides) == []


def test_a_gloss_given_to_two_terms_is_dropped_as_ambiguous() -> None:
    facts = facts_of(
        "Optimal Brain Damage\nApproximate loss function with Taylor series up to squared term",
        "Optimal Brain Surgeon\nApproximate loss function with Taylor series up to squared term",
    )
    assert [f for f in facts if f.kind == "definition"] == []


def test_definitions_that_name_their_own_term_are_not_definitions() -> None:
    facts = facts_of(
        "Speculative decoding\n● Sampling: generate, then reject with probability, as in sampling"
    )
    assert not [f for f in facts if norm_key(f.term) == "sampling"]


# --- vocabulary ------------------------------------------------------------------------------


def test_acronyms_match_their_expansions() -> None:
    assert acronym_matches("MoE", "Mixture of Experts")
    assert acronym_matches("HMMs", "Hidden Markov Models")
    assert acronym_matches("TBPTT", "Truncated backpropagation through time")
    assert acronym_matches("LLaMA", "Large Language Model Meta AI")
    assert acronym_matches("GPT", "Generative Pre-trained Transformer")
    assert not acronym_matches("GPU", "Mixture of Experts")
    assert not acronym_matches("LSTM", "Gated Recurrent Unit")


def test_vocabulary_knows_acronyms_and_variants() -> None:
    vocab = deck_vocabulary(
        deck(
            "Recent developments: Mixture of Experts (MoE) Models\n"
            "● Sparsity: MoE models activate only a subset of experts for each token.",
            "Mixture of Experts\nMoE layers route each token to a few experts.",
        )
    )
    assert vocab.expand("MoE") == "Mixture of Experts"
    assert "MoE" in vocab.variants("Mixture of Experts")


def test_siblings_share_a_head_noun_before_unrelated_terms() -> None:
    slides = deck(
        "Linear quantization\nFit a linear range to data",
        "Nonlinear quantization\nCompute a grid of percentiles or centroids",
        "Product quantization\nSplit vectors into chunks, quantize each chunk separately",
        "Speculative decoding\nGenerate with a draft model, then verify with the main model",
        "Magnitude pruning\nDrop the smallest weights from each layer every 1000 steps",
    )
    vocab = deck_vocabulary(slides)
    ranked = [t.text for t, _ in vocab.siblings("Linear quantization", k=4)]
    assert set(ranked[:2]) == {"Nonlinear quantization", "Product quantization"}
    assert ranked.index("Product quantization") < ranked.index("Speculative decoding")
    # a term is never its own sibling, nor is a term nested in it
    assert "Linear quantization" not in ranked


def test_acronyms_are_siblings_of_acronyms_and_list_members_of_each_other() -> None:
    slides = deck(
        "More quantization papers\n"
        "SmoothQuant – quantize both weights and activations\n"
        "SpQR – keep some sensitive weights in 16-bit\n"
        "AWQ – tune scale and zero point to fit sensitive weights\n"
        "QUIK – sensitive outliers and quantized activations",
        "Magnitude pruning\nDrop the smallest weights from each layer every 1000 steps",
    )
    vocab = deck_vocabulary(slides)
    top = [t.text for t, _ in vocab.siblings("AWQ", k=3)]
    assert set(top) == {"SpQR", "QUIK", "SmoothQuant"}


def test_content_tokens_fold_case_accents_and_plurals() -> None:
    assert content_tokens("The Naïve Bayes classifiers") == ["naive", "baye", "classifier"]


# --- real decks ------------------------------------------------------------------------------


def _slides(path: Path) -> list[Slide]:
    d = read_deck(path)
    pages = zip(d.pages, d.flags, strict=True)
    return [Slide(1, i + 1, text, flags) for i, (text, flags) in enumerate(pages)]


@pytest.mark.parametrize("path", [EFFICIENCY, ALIGNMENT], ids=lambda p: p.stem)
def test_facts_on_fixture_decks_are_slide_text_from_content_slides(path: Path) -> None:
    slides = _slides(path)
    facts = extract_facts(slides)
    assert facts
    content_pages = {s.page for s in slides if s.is_content}
    for f in facts:
        assert f.page in content_pages
        assert f.kind in ("definition", "statement", "list")
        slide_words = set(content_tokens(f.slide.text))
        # every word of what the fact claims is on its slide
        claim = content_tokens(f.definition if f.kind != "statement" else f.text)
        missing = [w for w in claim if w not in slide_words]
        assert not missing, (f, missing)


def test_efficiency_deck_yields_definitions_of_its_key_methods() -> None:
    facts = extract_facts(_slides(EFFICIENCY))
    terms = {norm_key(f.term) for f in facts if f.kind == "definition"}
    assert {"linear quantization", "nonlinear quantization", "magnitude pruning"} <= terms
    assert {"smoothquant", "awq", "unstructured sparsity"} <= terms
    assert len([f for f in facts if f.kind == "definition"]) >= 10


def test_efficiency_vocabulary_siblings() -> None:
    vocab = deck_vocabulary(_slides(EFFICIENCY))
    assert len(vocab) >= 30
    sibs = [t.text.casefold() for t, _ in vocab.siblings("Unstructured sparsity", k=3)]
    assert "structured sparsity" in sibs
    quant = [t.text.casefold() for t, _ in vocab.siblings("Linear quantization", k=4)]
    assert "nonlinear quantization" in quant
    assert all("quantization" in q for q in quant)


def test_statements_that_lean_on_context_or_are_cut_are_not_facts() -> None:

    for text in (
        "SentencePiece is one of the most popular solutions for generating model input.",
        "Linear chain CRFs are discriminative models assuming the following structure.",
        "The more modern alternative is to build a corpus-based system from dialogues.",
        "A language is regular iff there exists a regular expression that matches exactly",
        "A text classification task is to assign the appropriate.",
        "Response by generation Train a generator model on the data set of dialogues.",
    ):
        assert not _statement_ok(text), text
    assert _statement_ok("Dropout randomly drops activations during training of the network.")


def test_verbs_of_any_field_make_a_sentence_but_participles_stay_in_terms() -> None:
    from models.drafting.words import has_finite_verb, is_verb_form

    # none of these verbs is in the drafting code's own small list
    assert has_finite_verb("Hexokinase catalyzes the first step of glycolysis.")
    assert has_finite_verb("The pituitary gland secretes growth hormone into the blood.")
    assert not is_verb_form("Named") and not is_verb_form("Hidden")
    assert not has_finite_verb("Hidden Markov models and named entity recognition")


def test_a_plural_term_glossed_without_an_article_is_a_definition() -> None:
    facts = facts_of(
        "Finite state acceptors\n"
        "Finite state acceptors are finite state machines that consume an input sequence "
        "of characters and accept or reject the input.\n"
        "The fact that the updates are additive means that gradients are not multiplied.\n"
        "Transformers are often used for machine translation of long documents."
    )
    fsa = by_term(facts, "Finite state acceptors")
    assert fsa.kind == "definition"
    assert fsa.definition.startswith("finite state machines that consume")
    assert not [f for f in facts if f.kind == "definition" and f.term != fsa.term]


def test_an_outline_slide_glosses_nothing_and_brackets_hold_no_verb() -> None:

    facts = facts_of(
        "The Transformer\n"
        "Contextualized representations\n"
        "The Transformer attention block\n"
        "Byte-pair encodings\n"
        "Positional embeddings"
    )
    assert not [f for f in facts if f.kind == "definition"]
    assert not _statement_ok("Bidirectional RNNs (left- and right-hand context).")
    assert not _statement_ok("(ISO/IEC 9075, several versions) to interact with an RDBMS.")
    assert not _statement_ok("Incidence of polio at that time was about 50 per 100,000 children.")


def test_a_definition_before_its_formula_and_a_lead_in_to_a_list() -> None:
    facts = facts_of(
        "Vaccine efficacy (1)\n"
        "Vaccine efficacy is defined as the reduction in the attack rate\n"
        "attributable to the vaccine, i.e.\n"
        "VE = (pu − pv) / pu\n"
        "Vaccine effects in the field are also influenced by\n"
        "Vaccine storage\n"
        "Vaccination schedules\n"
        "Herd immunity"
    )
    ve = by_term(facts, "Vaccine efficacy")
    assert ve.kind == "definition"
    assert ve.definition.startswith("the reduction in the attack rate attributable")
    assert not [f for f in facts if "influenced by Vaccine storage" in f.text]


def test_titles_references_jotted_bullets_and_field_values_are_not_statements() -> None:

    for text in (
        "COOPERATIVE GAMES WITH INTERACTIONS computes the marginal contribution of a player.",
        "Fair Payouts are Trivial Without Interactions.",
        "A good resource that explains backpropagation through time nicely.",
        "Document provides some information relevant to the query, which may be minimal.",
        "The empirical risk minimization problem is then min.",
        "Empirical risk falls as the number of regressors increases by fact 8.2.",
        "X-Plane is behind schedule: two weeks.",
    ):
        assert not _statement_ok(text), text
    for text in (
        "Illumina has low technical variation, hence technical replicates are unnecessary.",
        "Classical tokenization aims at segmenting the input into units: words and punctuation.",
        "Assessment requires careful planning of the study design.",
    ):
        assert _statement_ok(text), text


def test_advice_labels_code_comments_and_clauses_are_not_glosses() -> None:
    from models.drafting.phrasing import predicate

    facts = facts_of(
        "Writing tests\n"
        "Remedy: find the bug and fix it.\n"
        "Practices: keep it short.\n"
        "Citation dos and don'ts: describe results from other papers fairly.\n"
        "TODO: return the difference in means."
    )
    assert not [f for f in facts if f.kind == "definition"], [f.term for f in facts]
    assert predicate("Control group receives no advertisement") is None
    assert predicate("drops the smallest weights of each layer") is not None
    assert not _statement_ok("Kant argues that immoral choices are irrational choices and.")


ACID = (
    "ACID Properties\n"
    "Transactions of classical relational DBMSs respect the ACID properties:\n"
    "Atomicity: The set of operations of a transaction is either executed as a block, "
    "or canceled as a block\n"
    "Consistency: Transactions respect integrity constraints of the database\n"
    "Isolation: Two concurrent executions of transactions result in a state equivalent "
    "to serial execution\n"
    "Durability: Once a transaction is committed, data remain durably stored in the database"
)


def test_parallel_labels_gloss_terms_even_in_clauses() -> None:
    """Four "Label: clause" lines side by side define four terms of one kind."""

    facts = extract_facts([Slide(1, 1, ACID)])
    glossed = {f.term for f in facts if f.kind == "definition"}
    assert glossed == {"Atomicity", "Consistency", "Isolation", "Durability"}


def test_a_single_label_with_a_clause_stays_a_heading() -> None:

    text = "Transformers\nParallel processing: The Transformer architecture is parallelizable"
    facts = extract_facts([Slide(1, 1, text)])
    assert not any(f.kind == "definition" and f.term == "Parallel processing" for f in facts)


def test_clause_glosses_ask_which_of_their_kind() -> None:

    qs = built(ACID, QuestionType.MCQ, 1)
    assert len(qs) == 1
    q = qs[0]
    assert q.stem.endswith("Which ACID property is this?")
    options = sorted(c.text for c in q.choices)
    assert options == ["Atomicity", "Consistency", "Durability", "Isolation"]
    assert q.correct_answers[0].lower() not in q.stem.lower()


@pytest.mark.parametrize(
    "sentence",
    [
        "Randomization can be used to measure.",
        "Partial charges are not a physical observable; a good fit should reproduce.",
        "Repeats a character one or more times in the listed set.",
        "PS2 is due tonight at 11.59p.",
        "The open source movement has received enormous attention in the last several years.",
        "A key topic is the optimal number of basis functions.",
        "Indeed adding an intercept is equivalent to applying the transformation.",
        "Robinson's theory suggests that a cycle can be eliminated [22], as yet unconfirmed.",
        "Assumption.(11.1.1) X has full column rank with probability one.",
        "The challenge is that the search spaces are often infinite.",
        "Diffusion via social ties are key mechanisms explaining how.",
        "Essential shared libraries and kernel modules.",
        "Temporary files preserved between system reboots.",
        "Bridges across loosely connected network components.",
        "The chain rule based formulation of sequence.",
        "The Pareto front is shown in green.",
        "The two figures illustrate how nonlinear data become linear in higher dimensions.",
        "The equity value at year 0 is $48. million so the share price is $4.",
        "Velocity assigns randomly from the distribution! (Gaussian, width by temperature).",
        "That's something that happens in the module that exports the master clock.",
        "Probably there will be more than one replica of each server.",
        "Say there's a 1% chance of a hardware failure on a machine in a given month.",
        "The regardless of the key schedule and the number of rounds, Fk is a permutation.",
        "List and define 5 goals of using distributed systems.",
        "Draw a picture or give an example to illustrate each one.",
        "Shapley value via set definition.",
        "Notice that the state is not hidden according to the probabilities, but both.",
        "The symbol connecting the qubit to each bit is the symbol for quantum measurement.",
        # round 14-15: self-praise, taste, a study's dates, cut-off lines, "all units"
        "SANS is the most trusted and by far the largest source for security training.",
        "Copy & pasting is time-consuming, boring, prone to errors, and impractical.",
        "The Experiment was conducted by Robert Jensen and Nolan Miller and lasted for 5 months.",
        "The American philosopher Hilary Putnam had his doubts.",
        "Using births or deaths (or even rates) in a LM is not a good.",
        "Electromagnetic transitions and moments depend upon the reduced.",
        "All units have the same inclusion probability.",
        "Theory predicts a inverted-U shaped y as a function of staple consumption share.",
        "The quantity to the left in the last equation is normally called the amplitude.",
        "S4 class system is the de-facto standard in Bioconductor, but most of base.",
        "The set of words with a broom behaves similarly to on the head, in the back.",
        "A: There is less blue light after sunrise because of the air B: The colors change.",
        "There is a lot of work on this topic by many people.",
        "A CE router must advertise its local routes to its attached.",
        "Controls execution of programs to prevent errors and improper use of the computer.",
        "A return network at lower temperature TRtransports cold water back to the plants.",
        "Most agree that the development of sociometry marks a turning point in the field.",
        "The foundations of social network analysis are subject to debate among scholars.",
        "Anomalous liquids are when the slope of the solid-liquid boundary is negative.",
        "S can be extended to a basis of M22 by adding a matrix from the standard basis.",
        "The UNDP now publishes a number of indicators like the human development index.",
    ],
)
def test_lines_that_are_no_fact_on_their_own(sentence: str) -> None:

    assert not _statement_ok(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Recurrent networks are notoriously hard to train.",
        "Every system has inputs and outputs.",
        "Gradients may vanish when networks are deep and training may diverge.",
        "Napoleon invaded Russia in the summer of 1812.",
        "Researchers discovered that sleep consolidates memory.",
        "The estimate is based on the sample mean of the data.",
        "The A* algorithm finds the shortest path in a weighted graph.",
        "The kernel runs in privileged mode and manages memory for processes.",
        "Models trained by gradient descent converge to local minima.",
        "The line search finds a step size along the descent direction.",
        "Each node has a pointer to the next node in the list.",
        "All mammals have hair at some point in their lives.",
        "A uniform prior assigns a one-in-ten chance to each of the ten outcomes.",
        "There is an optimal algorithm for trees based on dynamic programming.",
        "Transformers use attention to relate each token to all other tokens.",
        "Controls are needed to prevent errors in the system.",
        "IPsec encrypts the packets between two gateways of a virtual network.",
        "The problem of selecting instructions is a DAG-partitioning problem.",
        "The classifier assigns each input to the most probable class.",
    ],
)
def test_complete_sentences_ending_on_a_verb_stay(sentence: str) -> None:

    assert _statement_ok(sentence)


def test_a_clause_gloss_is_asked_as_it_stands_in_a_short_answer() -> None:
    """ "Avalanche effect: changing a single bit … affects every bit …" is no activity
    ("the kind of effect that involves changing … affects"): the sentence, then its name."""

    text = (
        "Block cipher design\n"
        "Avalanche effect: changing a single bit of the input affects every bit of the output\n"
        "Confusion: the key and the ciphertext are related in a complex way\n"
        "Diffusion: each plaintext bit influences many ciphertext bits"
    )
    qs = built(text, QuestionType.SHORT, 3)
    avalanche = [q for q in qs if "Avalanche effect" in q.correct_answers]
    assert avalanche, [q.stem for q in qs]
    assert avalanche[0].stem == (
        "Changing a single bit of the input affects every bit of the output. "
        "What is this effect called?"
    )


def test_vague_claims_make_no_true_statement() -> None:

    text = (
        "Block ciphers\n"
        "Block length should be sufficiently large.\n"
        "Correctness of a sorting algorithm is usually validated through proofs.\n"
        "Computational models have greatly advanced the study of diffusion."
    )
    qs = built(text, QuestionType.TRUE_FALSE, 3)
    assert qs == []


@pytest.mark.parametrize(
    "text",
    [
        "A-priori procedure\nExample: Lexicographic method\n"
        "The rating is more important than the price in this purchase.",
        "Enterprise and Equity Value Lab, Answers for Level 1\n"
        "The equity value at year 0 is 5.21 million so the share price is 5.21 dollars.",
    ],
)
def test_a_worked_example_gives_no_statement(text: str) -> None:

    assert not [f for f in extract_facts([Slide(1, 1, text)]) if f.kind == "statement"]


def test_a_gloss_under_two_columns_defines_neither() -> None:

    text = (
        "Confederations versus Route reflectors\n"
        "Confederations\nSolves iBGP scaling\nPossible to run one IGP per member AS\n"
        "Route reflectors\nSolves iBGP scaling\nUsually a single IGP for the whole AS"
    )
    facts = extract_facts([Slide(1, 1, text)])
    assert not [f for f in facts if f.kind == "definition" and "iBGP" in f.definition]


@pytest.mark.parametrize(
    ("term", "gloss"),
    [
        ("Tracking Ecosystem Change", "The case of coral reefs"),
        ("Demography", "the study of these processes"),
        # round 20: a comparison with nothing to compare to, a line cut before its noun
        ("Quality control", "A bit easier with close ended questions"),
        ("MSTL", "Seasonal-Trend Decomposition Algorithm for Time Series with Multiple"),
        ("REDCap", "an open source product that is supported by the Center for Health Insights"),
        ("Traditional solution", "If a party breaches, the court decides Still problem of breach"),
        # round 22: beyond the term's own head noun, one modifier says too little
        ("Bezier curve", "an interpolating curve"),
        # round 22: two instructions joined by a semicolon gloss nothing
        ("Escalation", "Route complex or sensitive cases to humans; log outcomes for improvement"),
    ],
)
def test_a_subtitle_or_a_gloss_pointing_back_defines_nothing(term: str, gloss: str) -> None:

    assert not _definition_ok(gloss, term)
    assert _definition_ok("the study of births, deaths and migration in populations", "Demography")


@pytest.mark.parametrize(
    "sentence",
    [
        # round 19: the actors and sums of a worked case, rated "no claim" and wrong keys
        "T2 reads the data written by T1 before T1 commits its changes.",
        "A transaction reads account balance $500, another transaction deposits $200 "
        "and commits.",
        # round 19: lines run together, cut after "i.e."
        "Only changing magnetic fields induce a voltage that scales with the rate of "
        "change, i.e. for same.",
        # a judgement as the whole claim: true or false by taste
        "The market value of equity for a publicly traded company is straightforward.",
        # round 20: who backs a product tests no concept
        "REDCap is an open source product that is supported by the Center for Health Insights.",
        # a remark to the audience; "that" pointing back to a formula
        "Clearly that doesn't change the behavior of the program, just the error message.",
        "The current density Ji is that for the higher-energy initial state of the nucleus.",
        # round 22: what follows was lost; a label run into its gloss by a comma
        "The interpretation function is extended to ALC concept descriptions as follows.",
        "Piecewise-cubic curve, allows to achieve smoothness of the second derivative.",
        # round 19: who won a prize tests no concept
        "Vernon Smith won the Nobel Prize in Economics in 2002 alongside Kahneman.",
    ],
)
def test_a_worked_case_or_a_prize_is_no_statement(sentence: str) -> None:

    assert not _statement_ok(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Lenz's law states that the induced current opposes the change in magnetic flux.",
        "The T2 relaxation time describes the decay of transverse magnetisation in tissue.",
        "A binding price ceiling creates a shortage when the market price exceeds $10.",
    ],
)
def test_numbers_symbols_and_one_sum_still_make_statements(sentence: str) -> None:

    assert _statement_ok(sentence)


def test_a_title_case_line_under_a_label_glosses_nothing() -> None:
    """Round 19: "VPN" over "Limit Linkable Data" (two headings) became "VPN limits
    Linkable Data", keyed True."""
    text = "What Can Be Done About The Target Server\nVPN\nLimit Linkable Data"
    facts = extract_facts([Slide(1, 1, text)])
    assert not [f for f in facts if "Linkable" in f.text]


def test_a_gloss_with_one_general_word_is_vague() -> None:
    from models.drafting.fact_checks import vague_gloss

    assert vague_gloss("a generalized formula")  # round 20: "What is the term for …" any
    assert not vague_gloss("a power transform that stabilises the variance of a series")


def test_an_author_list_is_a_reference_but_i_e_after_a_word_is_not() -> None:
    from models.drafting.words import _REFERENCE

    assert _REFERENCE.search("Jurafsky, D. & Martin, J. H. Speech and Language Processing")
    assert not _REFERENCE.search("Morphology studies morphemes, i.e., the smallest units")


def test_a_relative_clause_is_not_cut_off_as_if_after_that_is() -> None:
    """Round 20: "REDCap is an open source product that is supported by …" became the
    definition "an open source product" (the words before "that is")."""
    text = (
        "Data collection\nREDCap is an open source product that is supported by the Center "
        "for Health Insights."
    )
    assert not [f for f in extract_facts([Slide(1, 1, text)]) if f.term == "REDCap"]


def test_a_figure_legend_or_a_following_way_is_no_fact() -> None:
    # round 23: a figure's label and what it marks; a pointer to lines that follow
    for text in (
        "SC indicates a Schwann cell process that wraps around the motor axon terminal.",
        "Pt denotes the pressure transducer mounted on the left ventricle wall.",
        "Handler's classification is describing the computer in a following way.",
    ):
        assert not _statement_ok(text), text
    for text in (  # a named thing that indicates something is a claim
        "A high fever indicates a strong immune response to the infection.",
        "The CPU executes the instructions fetched from the main memory.",
    ):
        assert _statement_ok(text), text


def test_parts_highlighted_in_colour_are_figure_talk() -> None:
    # round 23: "The front and subunits are highlighted in color." needs the picture
    assert not _statement_ok("The front and subunits are highlighted in color.")
    assert not _statement_ok("Conserved residues are shown in bold in the alignment.")
    assert _statement_ok("Dropout randomly drops activations during training of the network.")


def test_a_claim_of_many_ways_is_no_true_false_statement() -> None:
    from models.drafting.true_false import _VAGUE_CLAIM

    # round 23: which ways is the content; no reading of it is false
    assert _VAGUE_CLAIM.search("Uncertainty can factor into policy-making in a number of ways.")
    assert _VAGUE_CLAIM.search("Tariffs affect trade in several ways.")
    assert not _VAGUE_CLAIM.search("A wedge tariff raises the domestic price by the tariff.")


def test_a_result_of_nothing_named_is_no_fact() -> None:
    # round 24: "The net result …" of a displacement the line above described
    assert not _statement_ok("The net result increases in the unbound concentration of a drug.")
    assert not _statement_ok("The overall effect is a lower price for consumers in the market.")
    assert _statement_ok("Dropout randomly drops activations during training of the network.")


def test_a_wrapped_bullet_end_with_only_a_year_is_no_citation() -> None:
    from models.drafting.slide_units import slide_units

    # round 24: "(1966)" made the wrapped end of a bullet look like a reference line
    text = (
        "Architectural classification\n"
        "▶ Flynn's taxonomy is looking at the multiplicity of instruction\n"
        "streams and the data in computer systems (1966)\n"
        "▶ Transformers replaced recurrence with attention\n"
        "Vaswani et al. (2017) Attention is all you need. NeurIPS.\n"
    )
    texts = [u.text for u in slide_units(Slide(1, 11, text))[1]]
    wrapped = "instruction streams and the data in computer systems (1966)"
    assert any(t.endswith(wrapped) for t in texts)
    assert "Vaswani et al. (2017) Attention is all you need. NeurIPS." in texts
