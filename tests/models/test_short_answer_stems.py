"""Short answers ask as a teacher writes them: the gloss's own noun ("What is the term for
a computer program that …?") or the category the deck names ("Which kind of pruning …?"),
never half the answer ("Name the kind of horse that …", rounds 12-14: 0% usable)."""

from __future__ import annotations

from models.drafting.built import build_drafts
from models.drafting.phrasing import predicate
from storage.domain import Difficulty, QuestionType, Slide


def _shorts(*pages: str) -> list:
    slides = [Slide(3, i, text) for i, text in enumerate(pages, start=1)]
    return build_drafts(slides, {QuestionType.SHORT: 4}, Difficulty.MEDIUM, seed=0)


MALWARE = (
    "Kinds of malware\n"
    "Trojan horse: a computer program that hides a virus or another damaging program\n"
    "Computer worm: a program that copies itself across a network without help\n"
    "Ransomware: a program that encrypts files and demands a payment for the key\n"
    "Spyware: a program that gathers information about a person without consent"
)


def test_a_thing_is_asked_by_its_gloss_never_by_its_own_head_noun() -> None:
    qs = _shorts(MALWARE, "Worms and trojans both spread between computers on a network.")
    trojan = [q for q in qs if "Trojan horse" in q.correct_answers]
    assert trojan, [q.stem for q in qs]
    stem = trojan[0].stem
    assert stem.startswith("What is the term for a computer program that hides"), stem
    assert "horse" not in stem.lower() and "Name the" not in stem
    assert all(not q.stem.startswith("Name the") for q in qs)


def test_a_category_the_deck_names_is_asked_and_its_modifier_alone_is_accepted() -> None:
    qs = _shorts(
        "Pruning methods\n"
        "Magnitude pruning: drops the smallest weights of each layer every few steps\n"
        "Movement pruning: drops the weights that move towards zero during fine-tuning\n"
        "Structured pruning: removes entire neurons or attention heads at once"
    )
    magnitude = [q for q in qs if "Magnitude pruning" in q.correct_answers]
    assert magnitude, [q.stem for q in qs]
    q = magnitude[0]
    assert q.stem.startswith("Which "), q.stem
    assert "pruning method" in q.stem or "kind of pruning" in q.stem
    assert "Magnitude" in q.correct_answers  # "Which kind of pruning …?" → "Magnitude"


def test_a_verb_gloss_with_no_named_category_makes_no_short_answer() -> None:
    """ "Name the concept that adds functionality to the website": any answer fits."""
    qs = _shorts(
        "Web pages\n"
        "Javascript: adds functionality to the website in the browser\n"
        "Stylesheet: sets how the elements of a page look on the screen"
    )
    assert all("adds functionality" not in q.stem for q in qs), [q.stem for q in qs]


def test_a_plural_noun_before_a_relative_clause_is_no_verb() -> None:
    """ "Processes through which incidents are detected" made "Which of the following
    processes through which …?" (round 14)."""
    assert predicate("Processes through which incidents are detected and reported") is None
    assert predicate("Measures that protect data from being read") is None
    ensures = predicate("Ensures that each node is visited once")
    assert ensures is not None and ensures.shape == "verb"


def test_no_umbrella_option_beside_its_members() -> None:
    """Round 13-14: "Web scraping" beside "Screen scraping" (the heading it is glossed
    under) and "Non-random sampling" beside "Convenience sampling" were both defensible."""
    slides = [
        Slide(
            3,
            1,
            "Sampling designs\n"
            "Cluster sampling: first clusters are drawn, then units within each cluster\n"
            "Stratified sampling: the population is split into strata sampled separately\n"
            "Quota sampling: respondents are sought until each group count is met\n"
            "Convenience sampling: whoever is easiest to reach is asked\n"
            "Non-random sampling covers convenience sampling and quota sampling.",
        ),
        Slide(
            3,
            2,
            "Web scraping\n"
            "Screen scraping: extracts data from the source code of a website with a parser\n"
            "Web APIs: structured requests over HTTP that return JSON or XML data\n"
            "Web crawling: follows the links of pages to collect many pages",
        ),
    ]
    qs = build_drafts(slides, {QuestionType.MCQ: 6}, Difficulty.HARD, seed=0)
    assert qs
    for q in qs:
        texts = {c.text.lower() for c in q.choices}
        assert "non-random sampling" not in texts, q.stem
        if "screen scraping" in texts:
            assert "web scraping" not in texts, q.stem


def test_a_gloss_said_of_its_own_term_or_a_clause_makes_no_short_answer() -> None:
    qs = _shorts(
        "Pattern matching\n"
        "Regular expressions: a language unto themselves\n"
        "Alternative hypothesis: the internal keyboard map idea suggested that the feel of "
        "the keys should not change typing\n"
        "Wildcards: a character that stands for any other character in a pattern"
    )
    stems = [q.stem for q in qs]
    assert all("themselves" not in s and "suggested that" not in s for s in stems), stems


def test_a_vague_gloss_a_person_or_a_possessive_makes_no_term() -> None:
    """Round 15: "What is the term for an alternative approach?", "… for a defense of tort
    law as progressive?" → "Anita Bernstein", "… for the component of the grammar …" →
    "language's syntax"."""
    from models.drafting.fact_checks import _clean_term, _term_ok

    qs = _shorts(
        "Liveness\n"
        "Computing liveness: an alternative approach\n"
        "Dataflow analysis: a technique to compute many properties\n"
        "Anita Bernstein: a defense of tort law as progressive and fair to victims\n"
        "A language's syntax is the component of the grammar that arranges words into "
        "sentences."
    )
    stems = [q.stem for q in qs]
    assert not any("alternative approach" in s or "many properties" in s for s in stems)
    assert all("Anita Bernstein" not in q.correct_answers for q in qs), stems
    assert not _term_ok("Anita Bernstein") and _term_ok("Naive Bayes")
    assert _clean_term("A language's syntax") == "syntax"
    assert _clean_term("Newton's laws") == "Newton's laws"


def test_a_statement_that_leaves_out_its_headings_name_is_not_made() -> None:
    """Round 15: "Common law torts for accidental injury are abolished" under "New
    Zealand" was keyed True; said alone it is false in most countries."""
    from models.drafting.facts import extract_facts
    from models.drafting.statement_checks import omits_its_name

    text = (
        "New Zealand\n"
        "Common law torts for accidental injury are abolished in favour of a public scheme.\n"
        "New Zealand replaced tort claims for accidents with a public compensation scheme."
    )
    statements = [f.text for f in extract_facts([Slide(3, 1, text)]) if f.kind == "statement"]
    assert not any(s.startswith("Common law torts") for s in statements), statements
    assert any("New Zealand" in s for s in statements), statements
    assert not omits_its_name("Torts are abolished.", "Tort law")  # no name in the heading
