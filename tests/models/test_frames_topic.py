"""True/false statements given the context their slide gives (models.drafting.frames
.in_its_topic, models.drafting.referents.generic_owner): a loose subject ("The stress
component …", "Males …") framed by the topic the slide's title names ("In linear
elasticity, …"), and a definition's "the tree" that means any tree said as "a tree".
Each rule: the rated case rebuilt as slide text, a case of another field, and a line of
the same shape that must not change."""

from __future__ import annotations

from models.drafting.frames import _topic, in_its_topic
from models.drafting.referents import generic_owner, loose_subject
from tests.models.test_gate_tf_guards import _tf

STRESS = "The stress component is a linear combination of the strain tensor."


def _generic(statement: str, slide: str, named: bool = False) -> str:
    loose = loose_subject(statement)
    assert loose is not None
    return generic_owner(statement, loose, slide, lambda _: named)


# --- the topic a title names ------------------------------------------------------------


def test_a_clean_title_names_a_topic_and_a_label_does_not() -> None:
    # Title Case lowered where the slide writes the words in lower case, else left alone
    assert _topic("Isotropic Linear Elasticity", "… in linear elasticity …") == (
        "isotropic linear elasticity"
    )
    assert _topic("Error Handling", "The error callback is called.") == ""
    assert _topic("The Human Development Index", "") == "Human Development Index"
    assert _topic("Linux Kernel", "Patches to the Linux kernel are reviewed.") == "Linux kernel"
    assert _topic("Linux Kernel", "New code is reviewed.") == ""
    assert _topic("WAGES", "") == ""  # shouted; an acronym stays
    assert _topic("SQL", "") == "SQL"
    assert _topic("Local search (4.8–4.9)", "") == "local search"
    assert _topic("Posterior predictive checking – example", "") == "posterior predictive checking"
    # a name the slide capitalises inside a sentence keeps its capitals
    assert _topic("Princeton architecture", "The Princeton architecture shares memory.") == (
        "Princeton architecture"
    )
    for label in (
        "Introduction",
        "Summary",
        "Example: occupancy with",  # a label, then a fragment ending open
        "Problem 2",  # numbered
        "(4) Stress tensors",
        "from R. Thornhill (1976)",  # a citation
        "Why is stress linear?",  # a question
        "Stress and strain",  # two topics
        "Development of the immune system",  # an aspect of a topic, not head-final
        "Limitations of the Solow model",
        "Applications",
        "The Hands-on",  # round 11: a session's label
        "So...",
        "UnivalentAmbivalent",  # two words run together by the PDF
        "Classification of phase transitions",  # a claim holds in no classification of …
    ):
        assert _topic(label, "") == "", label


def test_a_loose_subject_is_framed_by_its_slides_topic() -> None:
    # round 30 (mechanics): the rater's fix was "In linear elasticity, each stress …"
    assert in_its_topic(STRESS, "Linear elasticity", "") == (
        "In linear elasticity, the stress component is a linear combination of the strain tensor."
    )
    # a plural topic holds a statement that shares a word with it
    assert in_its_topic(STRESS, "Isotropic linear elastic stress-strain relations", "") == (
        "In isotropic linear elastic stress-strain relations, the stress component is a "
        "linear combination of the strain tensor."
    )
    # round 31 (behaviour): "Males try to avoid being eaten." on "Sexual cannibalism"
    slide = "Sexual Cannibalism\nSexual cannibalism occurs when a female mantis eats the male."
    assert in_its_topic("Males try to avoid being eaten.", "Sexual Cannibalism", slide) == (
        "In sexual cannibalism, males try to avoid being eaten."
    )
    # another field: economics
    assert in_its_topic("The firms are price takers.", "Perfect competition", "") == (
        "In perfect competition, the firms are price takers."
    )
    # a theory, model, law … named by what it is of (political science, round 28)
    states = "States are uncertain over their probability of victory."
    assert in_its_topic(states, "The Bargaining Theory of War", "") == (
        "In the Bargaining Theory of War, states are uncertain over their probability of victory."
    )
    assert in_its_topic("Buyers want less at a higher price.", "Law of demand", "") == (
        "In the law of demand, buyers want less at a higher price."
    )
    # an aspect of a topic named by what it is of is no frame
    assert in_its_topic(states, "Limitations of the bargaining theory", "") == ""
    # a bullet that finishes a lead-in ending open is no claim alone (bench, round 28)
    war = (
        "The Bargaining Theory of War\n"
        "• In sum, war is always a failure,\n"
        "an inefficient way to settle disputes; war occurs when\n"
        "• commitments are not credible\n"
        "• states are uncertain over their probability of victory\n"
    )
    assert in_its_topic(states, "The Bargaining Theory of War", war) == ""
    # a sentence wrapped across lines is no lead-in (NLP, tune set)
    morph = (
        "Morphology\nMorphemes are the smallest units in a\n"
        "language. Words can consist of several morphemes."
    )
    assert in_its_topic("Words can consist of several morphemes.", "Morphology", morph) == (
        "In morphology, words can consist of several morphemes."
    )
    # a count noun's topic takes "a": "In a binary search tree, …"
    assert in_its_topic("The root node holds the median key.", "Binary search tree", "") == (
        "In a binary search tree, the root node holds the median key."
    )


def test_no_frame_from_a_label_or_one_the_statement_already_says() -> None:
    for title in ("Summary", "Example: occupancy with", "Problem 2", "from R. Thornhill (1976)"):
        assert in_its_topic(STRESS, title, "") == "", title
    # the statement names the topic's head already ("DC or T cells …" under "Car T cells")
    assert in_its_topic("DC or T cells are extracted from the patient.", "Car T cells", "") == ""
    assert in_its_topic(STRESS, "Stress tensors", "") == ""
    # a plural topic the statement shares no word with reads as if inside the things
    assert in_its_topic("The payoff to the male is more sperm.", "Nuptial gifts", "") == ""
    # a subject the slide labels with an adjective of its own: which one, its list says
    # (round 24: "the bad test statistic" under "Posterior predictive checking")
    bad = "The bad test statistic is highly dependent on the parameters."
    assert in_its_topic(bad, "Posterior predictive checking", "") == ""
    # a fragment: no frame makes it a claim
    frag = "Features abandoned: strong concurrency control, complex queries."
    assert in_its_topic(frag, "NoSQL", "") == ""
    # one study's result, in the past: a field's frame does not place it (psychology)
    assert (
        in_its_topic("Rats took the shorter route to the food.", "Temporal discrimination", "")
        == ""
    )
    assert in_its_topic("Rats would spontaneously hit the lever.", "Lever pressing", "") == ""
    # "Standard: we under estimated the": a one-word label before a colon
    assert in_its_topic(STRESS, "Standard: we under estimated the", "") == ""
    # a frame or a pronoun of its own first
    assert in_its_topic("In 3D, the stress component is symmetric.", "Linear elasticity", "") == ""
    assert in_its_topic("It is symmetric.", "Linear elasticity", "") == ""


# --- "the tree" of a definition is any tree -----------------------------------------------


def test_a_definitions_the_noun_that_means_any_one_becomes_a() -> None:
    # round 27 (databases): all four raters asked for "a tree"
    slide = "B+ trees\nThe height of the tree is the maximum level of any node."
    assert _generic("The height of the tree is the maximum level of any node.", slide) == (
        "The height of a tree is the maximum level of any node."
    )
    # another field: graph theory
    assert (
        _generic(
            "The diameter of the graph is the longest shortest path between any two vertices.",
            "Graph metrics\nGraphs have vertices and edges.",
        )
        == "The diameter of a graph is the longest shortest path between any two vertices."
    )


def test_the_noun_stays_where_the_slide_singles_one_out_or_names_it() -> None:
    statement = "The height of the tree is the maximum level of any node."
    assert _generic(statement, "Consider the tree below.\n" + statement) == ""
    assert _generic(statement, "In this tree, node 7 is a leaf.") == ""
    assert _generic(statement, "", named=True) == ""  # "the tree" is the deck's own term
    # no definition: "can be", a claim about some trees
    assert _generic("The height of the tree can be large.", "") == ""


def test_the_drafter_frames_or_rewords_instead_of_refusing() -> None:
    mantis = (
        "Sexual cannibalism occurs when a female mantis eats the male during mating.\n"
        "Males try to avoid being eaten.\n"
        "Well-fed females generally do not eat the male."
    )
    drafts = _tf("Sexual cannibalism\n" + mantis)
    assert "In sexual cannibalism, males try to avoid being eaten." in drafts
    assert "Males try to avoid being eaten." not in drafts
    # a label for a title: refused as before
    drafts = _tf("Summary\n" + mantis)
    assert not any("avoid being eaten" in d for d in drafts)
    drafts = _tf(
        "B+ trees\n"
        "A B+ tree keeps its keys sorted in the leaves.\n"
        "The height of the tree is the maximum level of any node.\n"
        "Internal nodes hold only routing keys."
    )
    assert "The height of a tree is the maximum level of any node." in drafts
