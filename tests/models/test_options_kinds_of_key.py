"""Wrong options of the key's own kind (helper "options", issue #12): no label ("Components
of deformation", "Recall OS files"), no part of the kind ("Index key" beside "Flat
index"), not the class the deck names ("the most common kind of DBMS file"), not a kind
on another axis the deck combines with the key ("a primary flat index"); rounds 25, 27."""

from __future__ import annotations

from models.drafting.checks import gate, option_kind
from models.drafting.distractors import _distractor_terms, deck_phrases
from models.drafting.option_kinds import DeckPhrases, label_option, part_of_kind
from models.drafting.phrasing import predicate
from models.drafting.words import norm_key
from storage.domain import Choice, Question, QuestionType
from tests.models.test_option_umbrellas import _ctx, _t


def _mcq(stem: str, key: str, wrong: list[str]) -> Question:
    choices = (Choice(key, 1.0), *(Choice(w, 0.0) for w in wrong))
    return Question(type=QuestionType.MCQ, stem=stem, choices=choices)


def _phrases(lines: list[str]) -> DeckPhrases:
    return DeckPhrases(f" {norm_key(line)} " for line in lines)


# --- labels ------------------------------------------------------------------------------------


def test_a_heading_over_kinds_or_a_reminder_is_no_option() -> None:
    assert label_option("Components of deformation")  # geology, round 25
    assert label_option("Types of index")
    assert label_option("Overview of monetary policy")  # economics
    assert label_option("Recall OS files")  # "recall OS files are collections of blocks"
    assert label_option("See chapter 3")
    assert label_option("Resulting IA rate")  # biostatistics, round 25: "the resulting …"
    assert label_option("Corresponding eigenvalue")  # linear algebra


def test_a_name_with_of_or_a_metric_stays() -> None:
    # the same shapes that are names, in other fields
    assert not label_option("Bill of rights")
    assert not label_option("Conservation of momentum")
    assert not label_option("Theory of mind")
    assert not label_option("Recall at k")  # a retrieval metric
    assert not label_option("Recall")
    assert not label_option("Isochoric deformation")
    assert not label_option("Current account")  # economics: a name, not a pointer
    assert not label_option("Resultant force")


# --- a part of the kind -------------------------------------------------------------------------


def test_a_part_of_the_kind_is_no_kind() -> None:
    assert part_of_kind(["flat", "index"], ["index", "key"])  # databases, round 27
    assert part_of_kind(["neural", "network"], ["network", "pruning"])  # machine learning
    assert part_of_kind(["isochoric", "deformation"], ["deformation", "gradient"])  # geology


def test_peers_of_other_heads_and_kinds_of_one_head_stay() -> None:
    assert not part_of_kind(["greedy", "descent"], ["random", "walk"])  # a list of peers
    assert not part_of_kind(["flat", "index"], ["secondary", "index"])  # kinds of one head
    assert not part_of_kind(["market", "failure"], ["public", "good"])  # economics
    # a head said before its modifier: one kind of pruning beside another (round 28 tune)
    assert not part_of_kind(["magnitude", "pruning"], ["pruning", "with", "l0", "regularization"])
    assert part_of_kind(["magnitude", "pruning"], ["pruning", "rate"])


def test_the_gate_refuses_an_option_of_another_kind() -> None:
    stem = "Which of the following is a sequential file in which every record has two fields?"
    q = _mcq(stem, "Flat index", ["Index key", "Dense index", "Sparse index"])
    assert option_kind(q) and gate(q).startswith("an option of another kind")
    q = _mcq(
        "Which kind of deformation preserves local volume?",
        "Isochoric deformation",
        ["Components of deformation", "Homogeneous deformation", "Infinitesimal deformation"],
    )
    assert option_kind(q)
    # another field: a statistics item whose options are all kinds of one thing
    q = _mcq(
        "Which test compares the means of two groups?",
        "Two-sample t-test",
        ["Chi-square test", "Sign test", "F-test"],
    )
    assert option_kind(q) == ""
    # long options say something; their words are not read as names
    q = _mcq(
        "What is a flat index?",
        "A sequential file in which every record has two fields",
        [
            "Components of a deformation with no change of volume at all",
            "An index key",
            "A tree of index blocks over the leaves of the file",
        ],
    )
    assert option_kind(q) == ""


# --- the class the deck names; kinds on two axes ---------------------------------------------


def test_a_class_the_deck_names_as_such() -> None:
    ph = _phrases(
        [
            "The most common kind of DBMS file, called a heap file, is just a list",
            "Grid files are a hashing-based representation of points",
        ]
    )
    assert ph.named_as_class(norm_key("DBMS file"))
    assert not ph.named_as_class(norm_key("Heap files"))
    assert not ph.named_as_class(norm_key("Grid files"))
    # another field: biology
    ph = _phrases(["Lymphocytes are a type of white blood cell", "Neutrophils engulf bacteria"])
    assert ph.named_as_class(norm_key("White blood cells"))
    assert not ph.named_as_class(norm_key("Neutrophils"))


def test_kinds_the_deck_combines_are_on_two_axes() -> None:
    ph = _phrases(
        [
            "Scenario 1: a primary flat index on a sequential file.",
            "If we have a dense flat index on k occupying N blocks",
        ]
    )
    assert ph.cross_classified(norm_key("Flat index").split(), norm_key("Primary index").split())
    assert ph.cross_classified(norm_key("Flat index").split(), norm_key("Dense index").split())
    assert not ph.cross_classified(
        norm_key("Flat index").split(), norm_key("Multidimensional index").split()
    )
    # another field: a "reinforced concrete beam" is a concrete beam and a reinforced beam
    ph = _phrases(["A reinforced concrete beam carries the slab", "Steel beams are lighter"])
    assert ph.cross_classified(["concrete", "beam"], ["reinforced", "beam"])
    assert not ph.cross_classified(["concrete", "beam"], ["steel", "beam"])


DATABASE = [
    "Files\n• The most common kind of DBMS file, called a heap file, is just a list of blocks"
    "\n• recall OS files are collections of blocks of persistent storage",
    "Heap files\n• Heap files store tuples in no order\n• A heap file appends new tuples",
    "Grid files\n• Grid files are a hashing-based representation of multiple points in a "
    "n-dimensional space",
    "Bucket files\n• Bucket files contain tuple identifiers clustered by the index key",
    "Sequential files\n• Sequential files keep the tuples sorted by a key",
]


def test_no_class_or_reminder_among_the_wrong_options_of_a_deck() -> None:
    ctx = _ctx(DATABASE)
    assert deck_phrases(ctx).named_as_class(norm_key("DBMS file"))
    key = _t(ctx, "Grid files")
    claim = "a hashing-based representation of multiple points in a n-dimensional space"
    stem = f"Which kind of file is {claim}?"
    wrong = _distractor_terms(ctx, key, 3, claim, stem)
    assert {t.key for t in wrong} == {
        norm_key(x) for x in ("Heap files", "Bucket files", "Sequential files")
    }
    # five files beside the key, two of them no kind of file: never four wrong options
    assert _distractor_terms(ctx, key, 4, claim, stem) == []


def test_a_stem_is_not_made_of_two_notes() -> None:
    assert predicate("routes complex cases to humans; log outcomes for improvement") is None
    assert predicate("routes complex cases to humans") is not None
    # another field: a gloss with a semicolon in a pharmacology deck
    assert predicate("increases the heart rate; widens the airways") is None
    assert predicate("increases the heart rate and widens the airways") is not None
