"""Slide text cleaning: each step on short strings that reproduce real extraction defects,
then the whole pipeline on the shared corpus decks when they are present.

Quoted words come from the MIT/CC-licensed decks (yandex-*, nyu-dlsp20-*); the other
strings are written to show the same defects as the remaining decks.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from storage.slide_text import CleanedDeck, classify_pages, clean_deck, clean_page, strip_furniture

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "slides"

# --- clean_page: characters ------------------------------------------------------------------


def test_ligatures_become_letters() -> None:
    assert clean_page("Linear classiﬁcation, a diﬀerent coeﬃcient, ﬁne-tuning") == (
        "Linear classification, a different coefficient, fine-tuning"
    )


def test_tex_accent_over_dotless_i_is_composed() -> None:
    assert clean_page("▶Na¨ıve Bayes\nna¨ıvely ignores") == "▶ Naïve Bayes\nnaïvely ignores"
    assert clean_page("Caf´e, voil`a, ˆy = argmax") == "Café, voilà, ŷ = argmax"


def test_acute_typed_for_an_apostrophe_becomes_one() -> None:
    assert clean_page("it´s a model´s output, don´t") == "it's a model's output, don't"
    assert clean_page("Pel´e scored") == "Pelé scored"


def test_accent_without_a_precomposed_letter_is_left_alone() -> None:
    assert clean_page("ˆφy,j = count") == "ˆφy,j = count"
    assert clean_page("`energy loss") == "`energy loss"  # a backtick at a word start is no accent


def test_utf8_read_as_macroman_is_decoded() -> None:
    assert clean_page("Speed ‚Äì accuracy trade-off") == "Speed – accuracy trade-off"
    assert clean_page("x ‚àà R, f: X ‚Üí Y, loss ‚â• 0") == "x ∈ R, f: X → Y, loss ≥ 0"
    assert clean_page("it‚Äôs Œ∏") == "it's θ"


def test_macroman_math_letter_with_lost_lead_byte_becomes_the_letter() -> None:
    assert clean_page("for a sequence of length ùëá tokens") == "for a sequence of length T tokens"
    assert clean_page("\uf8ffùëá") == "T"
    assert clean_page("𝜃 and 𝔼[x] in ℝ") == "θ and 𝔼[x] in ℝ"  # double-struck letters stay


def test_tex_math_font_through_quartz_is_mapped_when_the_page_shows_it() -> None:
    # nyu-dlsp20-12-ebm: Computer Modern math via macOS Quartz.
    assert clean_page("⇢1(x) cos(✓) + ↵x\nx ⇠U(0, 2⇡)\n⇢: R ! R2\nx 7!") == (
        "ρ1(x) cos(θ) + αx\nx ∼U(0, 2π)\nρ: R → R2\nx ↦"
    )
    assert clean_page("✓ works offline") == "✓ works offline"  # one tick alone is a tick
    assert clean_page("°2.5\n°1.0\n0.5\nat 30°C") == "−2.5\n−1.0\n0.5\nat 30°C"


def test_math_symbols_and_cyrillic_survive() -> None:
    text = "η ∈ ℝ+ is the learning rate\n√d ≈ θ · f (x, y)\nСтруктурированное обучение"
    assert clean_page(text) == text
    assert clean_page("Проективное, если\n∀i, j : i < j") == "Проективное, если\n∀i, j : i < j"


# --- clean_page: LaTeXiT payloads ------------------------------------------------------------


def _spread(text: str) -> str:
    return "\n".join(text) + "\n"


def test_latexit_payload_one_character_per_line_is_dropped() -> None:
    payload = _spread('<latexit sha1_base64="yQjv+opkbHHuv0qIz4bm63wMpYw=">AAAMXXicjVbfb9s2E')
    payload += _spread("Fa6duvctEu3hz3shZhhoMWGwE7apnkY4C4tkKJJmmStE9T0Aoo625ol") * 10
    payload += _spread("</latexit>")
    raw = "Training samples\n" + payload + "y =\nE(y, z) energy\nβ = 2\n"
    assert clean_page(raw) == "Training samples\ny =\nE(y, z) energy\nβ = 2"


def test_latexit_payload_keeps_single_letter_labels_around_it() -> None:
    raw = "Energy function\nz\nE\n" + _spread('<latexit sha1_base64="abc">QmFzZTY0</latexit>')
    raw += "y\nDecoder\n"
    assert clean_page(raw) == "Energy function\nz\nE\ny\nDecoder"


def test_inline_and_unclosed_latexit_payloads_are_dropped() -> None:
    inline = 'Loss <latexit sha1_base64="x1">AAAB7nicbVBNS8NAEJ3Ur1q/</latexit> functional'
    assert clean_page(inline) == "Loss functional"
    unclosed = "Free energy\n" + _spread('<latexit sha1_base64="Ab9">') + _spread("AbCd0123+/" * 8)
    assert clean_page(unclosed + "F(y) = min E\n") == "Free energy\nF(y) = min E"


def test_other_long_base64_runs_one_character_per_line_are_dropped() -> None:
    raw = "Title\n" + _spread("AAAMXXicjVbfb9s2EFa6duvctEu3hz3shZhhoMWGwE7a") + "text\n"
    assert clean_page(raw) == "Title\ntext"


def test_columns_of_single_digits_are_kept() -> None:
    zeros = "0\n" * 60
    assert clean_page("A matrix of all zeros\n" + zeros).count("0") == 60


# --- clean_page: lines and words --------------------------------------------------------------


def test_blank_lines_and_padding_go() -> None:
    # yandex-nlp-lecture-efficiency: every page starts with " \n \n".
    assert (
        clean_page(" \n \nChapter 1: why should you care?\n") == "Chapter 1: why should you care?"
    )
    assert clean_page("[ROOT   I]  saw   a   cat   .") == "[ROOT I] saw a cat ."
    assert clean_page("Ann Smith           STAT 101: Stats            SS 2020") == (
        "Ann Smith STAT 101: Stats SS 2020"
    )


def test_bullet_alone_on_its_line_is_joined_to_its_item() -> None:
    raw = "Jane Roe\n●\nPhD in Linguistics\n●\n20 years of experience\n○\nSearch at Acme"
    assert clean_page(raw) == (
        "Jane Roe\n● PhD in Linguistics\n● 20 years of experience\n○ Search at Acme"
    )
    assert clean_page("Contents\n1.\nCourse Practicalities\n2.\nLab") == (
        "Contents\n1. Course Practicalities\n2. Lab"
    )
    assert clean_page("-\nWhat are LLMs?") == "- What are LLMs?"


def test_numbers_next_to_enumerators_stay_on_their_lines() -> None:
    assert clean_page("1.\n5\n-\n3") == "1.\n5\n-\n3"


def test_hyphenated_line_end_is_joined_into_a_real_word() -> None:
    raw = "Logistic regression\nmore difficult to imple-\nment\ncalibrated classi-\nfication scores"
    assert clean_page(raw) == (
        "Logistic regression\nmore difficult to implement\ncalibrated classification\nscores"
    )


def test_hyphen_that_joins_no_word_is_kept() -> None:
    # stat479: "works with both Word- and Character-RNNs"
    assert clean_page("works with both Word-\nand Character-RNNs") == (
        "works with both Word-\nand Character-RNNs"
    )
    assert clean_page("pre-\ntrained and non-\nnegative") == "pre-\ntrained and non-\nnegative"


def test_letter_spaced_words_are_rejoined() -> None:
    assert clean_page("T okenization") == "Tokenization"
    assert clean_page("▶T okenization is hard.") == "▶ Tokenization is hard."
    assert clean_page("Thekin giswe ar in ga cr o wn") == "The king is wearing a crown"
    assert clean_page("Rec urrent Neur al Netw orks") == "Recurrent Neural Networks"
    assert clean_page("the rep resen tation of a word") == "the representation of a word"
    assert clean_page("Deep L earning") == "Deep Learning"
    assert clean_page("(Sentence P iece tok en izer)") == "(Sentence Piece tokenizer)"


@pytest.mark.parametrize(
    "text",
    [
        "where θ is a vector of weights, and f is a feature function.",
        "a g m s\nb h n t",  # nyu-dlsp20-04-rnn batches
        "s = w Tf",
        "c = I(s > 0)",
        "Examples: BERT, RoBERTa, GloVe, LLaMa family",
        "Employs various optimizations and architectural choices",
        "of size N ever",
        "Wfx Wfh bf",
        "the softmax and argmax of logits",
        "T cells and B trees",
        "Self-Attention Mechanism: x y plane",
    ],
)
def test_words_and_symbols_are_not_rejoined(text: str) -> None:
    assert clean_page(text) == text


# --- strip_furniture ---------------------------------------------------------------------------


TOPICS = ["Tokens", "Embeddings", "Attention", "Decoders", "Sampling", "Scaling", "Tuning", "Eval"]


def _deck(n: int) -> list[str]:
    return [
        f"Jane Doe: Intro to NLP\n{TOPICS[i]}\nWhy {TOPICS[i].lower()} matter\n{i + 1} / {n}"
        for i in range(n)
    ]


def test_running_header_and_page_numbers_are_removed() -> None:
    pages = strip_furniture(_deck(6))
    assert pages[2] == "Attention\nWhy attention matter"
    assert all("Jane Doe" not in page and "/ 6" not in page for page in pages)


def test_header_padded_with_spaces_and_bang_page_numbers() -> None:
    # stat479: "Sebastian Raschka           STAT 479 ..." and "!5"; Keynote can put the
    # number mid-page, where only the page's own number is removed.
    pages = [
        clean_page(
            f"Ann Smith      STAT 101      SS 2020\n!{i + 1}\n{TOPICS[i]}\nabout {TOPICS[i]}"
        )
        for i in range(4)
    ]
    pages.append(clean_page("Ann Smith   STAT 101   SS 2020\ndiagram\n!5\n12\ncaption here"))
    out = strip_furniture(pages)
    assert out[0] == "Tokens\nabout Tokens"
    assert out[4] == "diagram\n12\ncaption here"


def test_content_repeating_on_a_few_pages_stays() -> None:
    pages = _deck(8)
    for i in (1, 2, 3):
        pages[i] = "Compression by Distillation\n" + pages[i]
    out = strip_furniture(pages)
    assert sum("Compression by Distillation" in page for page in out) == 3


def test_line_repeated_in_the_middle_of_pages_is_not_furniture() -> None:
    pages = [
        f"{t}\nWhat {t} is\nHow {t} works\nShared middle line\nWhy {t}\nWhen {t}\nEnd {t}"
        for t in TOPICS
    ]
    assert strip_furniture(pages) == pages


def test_small_decks_need_three_pages_of_furniture() -> None:
    pages = ["Header\nA", "Header\nB"]
    assert strip_furniture(pages) == pages


# --- classify_pages ----------------------------------------------------------------------------

CONTENT = "The perceptron updates the weights.\nIt stops when all examples are classified."


def test_first_page_is_a_title_and_content_pages_are_not_flagged() -> None:
    flags = classify_pages(["Natural Language Processing\nEpisode 10", CONTENT])
    assert flags == [("title",), ()]


def test_empty_and_section_title_pages() -> None:
    flags = classify_pages(
        [
            "Deck",
            "",
            "example alignment",
            "Recurrent Neural Nets\nHandling sequential data",
            CONTENT,
        ]
    )
    assert flags[1] == ("empty",)
    assert flags[2] == ("empty",)
    assert flags[3] == ("title",)
    assert flags[4] == ()


def test_formula_or_sentence_pages_are_not_titles() -> None:
    flags = classify_pages(["Deck", "Loss\nL = max(si) − s", "Energy function\nIt is low on data."])
    assert flags[1:] == [(), ()]


def test_agenda_by_its_title() -> None:
    pages = [
        "Deck",
        "Outline\n1. What are language models?\n2. Transformers",
        "Roadmap for this chapter\n▶ Four linear classifiers",
        "План\nДеревья зависимостей\nTransition-based parsing",
        "Overview of Generative AI and its applications in NLP, with examples.",
    ]
    flags = classify_pages(pages)
    assert [("agenda" in f) for f in flags] == [False, True, True, True, False]


def test_agenda_repeated_at_every_section_divider() -> None:
    agenda = "Progress\n▶ Greediness\n▶ Error propagation\n▶ Cost of different errors"
    pages = [
        "Deck",
        agenda,
        CONTENT,
        "Model one\nweights are learned",
        agenda,
        CONTENT + " More.",
        agenda,
    ]
    flags = classify_pages(pages)
    assert [i for i, f in enumerate(flags) if "agenda" in f] == [1, 4, 6]


def test_adjacent_duplicates_are_not_an_agenda() -> None:
    page = "Large margin learning\nThe correct label should outscore all other labels"
    flags = classify_pages(["Deck", page, page, page, CONTENT])
    assert not any("agenda" in f for f in flags)
    assert flags[1] == ("overlay",) and flags[2] == ("overlay",) and flags[3] == ()


def test_closing_pages() -> None:
    pages = [
        "Deck",
        CONTENT,
        "Questions? Comments?",
        "Thank you!\nanna@example.org",
        "Спасибо за внимание!",
        "Q&A",
    ]
    flags = classify_pages(pages)
    assert all("closing" in f for f in flags[2:])
    assert "closing" not in flags[1]


def test_closing_words_inside_content_do_not_count() -> None:
    flags = classify_pages(["Deck", "Open questions in NLP\nWhy do models hallucinate facts?"])
    assert "closing" not in flags[1]


def test_incremental_reveal_is_an_overlay() -> None:
    # yandex-nlp-lecture-efficiency: the same slide gains a line per page.
    base = "Case study: text classification\nmodel\nprepare\nbatch"
    pages = [
        "Deck",
        base,
        base + "\nThree kinds of efficiency:",
        base + "\nThree kinds of efficiency:\nModel Size",
        "Scenario 1: inference server",
    ]
    flags = classify_pages(pages)
    assert [("overlay" in f) for f in flags] == [False, True, True, False, False]


def test_overlay_across_a_rewrapped_line() -> None:
    first = "Problems\n▶ Greediness\n▶ The students forgot the solution was"
    second = (
        "Problems\n▶ Greediness\n▶ The students forgot the solution was in the back of\nthe book."
    )
    assert "overlay" in classify_pages([first, second])[0]


def test_changed_page_is_not_an_overlay() -> None:
    first = "Arc-eager\n[ROOT] I saw a cat .\n▶ S: Shift\n▶ R: Reduce"
    second = "Arc-eager\n[ROOT I] saw a cat .\nS\nI\n▶ S: Shift\n▶ R: Reduce"
    assert "overlay" not in classify_pages(["Deck", first, second])[1]


def test_clean_deck_runs_every_step() -> None:
    raw = [f"Jane Doe: Intro\n{TOPICS[i]} for classi-\nfication\n{i + 1}" for i in range(4)]
    raw[3] = "Jane Doe: Intro\nQuestions?\n4"
    deck = clean_deck(raw)
    assert isinstance(deck, CleanedDeck)
    assert deck.pages[1] == "Embeddings for classification"
    assert deck.flags[0] == ("title",)
    assert "closing" in deck.flags[3]
    assert isinstance(deck.pages, tuple) and isinstance(deck.flags, tuple)


# --- the shared corpus ---------------------------------------------------------------------------

corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


@cache
def _raw(name: str) -> tuple[str, ...]:
    import pymupdf

    with pymupdf.open(CORPUS / f"{name}.pdf") as doc:
        return tuple(page.get_text() for page in doc)


@cache
def _cleaned(name: str) -> CleanedDeck:
    return clean_deck(_raw(name))


DECKS = [
    "gt-nlp-ch02-linear-classification",
    "llm-helsinki-lecture1-intro-llms",
    "nyu-dlsp20-04-rnn",
    "nyu-dlsp20-12-ebm",
    "stat479-L14-intro-rnn-part2",
    "yandex-nlp-lecture-efficiency",
    "yandex-nlp18-05-structured-learning-ru",
    "yandex-word-alignment-metropolis",
]


@corpus
@pytest.mark.parametrize("name", DECKS)
def test_corpus_deck_is_clean(name: str) -> None:
    deck = _cleaned(name)
    text = "\n".join(deck.pages)
    assert len(deck.pages) == len(deck.flags) == len(_raw(name))
    assert not re.search("[ﬀ-ﬆ]", text)
    assert not any("\n\n" in page or "  " in page for page in deck.pages)
    assert "<latexit" not in text
    assert deck.flags[0] and "title" in deck.flags[0]


@corpus
def test_corpus_eisenstein_deck() -> None:
    deck = _cleaned("gt-nlp-ch02-linear-classification")
    text = "\n".join(deck.pages)
    assert "Naïve Bayes" in text and "¨" not in text
    assert "more difficult to implement" in text
    assert "θ" in text and "∈" in text
    header = "Jacob Eisenstein: An Introduction To Natural Language Processing"
    assert sum(header in page for page in deck.pages) <= 1
    assert "agenda" in deck.flags[1]  # "Roadmap for this chapter"


@corpus
def test_corpus_ebm_deck_loses_its_latexit_payload() -> None:
    raw = _raw("nyu-dlsp20-12-ebm")
    deck = _cleaned("nyu-dlsp20-12-ebm")
    assert sum(map(len, raw)) / len(raw) > 5000
    assert sum(map(len, deck.pages)) / len(deck.pages) < 1500
    assert max(map(len, deck.pages)) < 1500
    text = "\n".join(deck.pages).lower()
    assert "energy" in text and "free energy" in text and "decoder" in text
    assert "cos(θ)" in text and "−2.5" in text


@corpus
def test_corpus_stat479_furniture() -> None:
    deck = _cleaned("stat479-L14-intro-rnn-part2")
    assert sum("Sebastian Raschka STAT 479" in page for page in deck.pages) == 0
    assert not any(re.fullmatch(r"!\d+", line) for page in deck.pages for line in page.split("\n"))
    assert "Backpropagation through time" in "\n".join(deck.pages)


@corpus
def test_corpus_russian_deck_keeps_cyrillic_and_flags_overlays() -> None:
    raw = _raw("yandex-nlp18-05-structured-learning-ru")
    deck = _cleaned("yandex-nlp18-05-structured-learning-ru")

    def cyrillic(text: str) -> int:
        return len(re.findall("[а-яА-ЯёЁ]", text))

    assert cyrillic("".join(deck.pages)) >= 0.97 * cyrillic("".join(raw))
    assert "Структурированное обучение" in deck.pages[0]
    overlays = [i for i, f in enumerate(deck.flags) if "overlay" in f]
    assert len(overlays) >= 40
    assert {12, 13, 14} <= set(overlays)  # "Система переходов" revealed a bullet at a time
    assert 15 not in overlays
    agendas = {i for i, f in enumerate(deck.flags) if "agenda" in f}
    assert {1, 3, 11, 32, 69, 149} <= agendas  # "План" at every section divider
    closing = [i for i, f in enumerate(deck.flags) if "closing" in f]
    assert closing and "Вопросы?" in deck.pages[closing[0]]


@corpus
def test_corpus_other_decks_flags() -> None:
    helsinki = _cleaned("llm-helsinki-lecture1-intro-llms")
    assert {1, 2, 13, 14, 32} <= {i for i, f in enumerate(helsinki.flags) if "agenda" in f}
    assert "● PhD in Language Technology" in helsinki.pages[4]
    assert "fine-tune" in helsinki.pages[7]
    rnn = _cleaned("nyu-dlsp20-04-rnn")
    assert {3, 9, 11, 13, 14, 23} <= {i for i, f in enumerate(rnn.flags) if "empty" in f}
    efficiency = _cleaned("yandex-nlp-lecture-efficiency")
    assert all("overlay" in efficiency.flags[i] for i in (2, 3, 4))
    assert "overlay" not in efficiency.flags[5]
    assert efficiency.pages[1] == "Chapter 1: why should you care?"
    metropolis = _cleaned("yandex-word-alignment-metropolis")
    assert "∑" in "\n".join(metropolis.pages)
    assert "t(собака|dog) = 0.5" in metropolis.pages[20]
    # Content slides stay unflagged.
    for deck in (helsinki, rnn, efficiency, metropolis):
        assert sum(not f for f in deck.flags) >= len(deck.flags) // 3


def test_a_sections_navigation_sidebar_is_furniture_but_overlay_builds_stay() -> None:
    from storage.slide_text import strip_furniture

    nav = "Grammars\nParsing and generation\nPipeline tasks"
    other = "Lexers\nRegex cascade\nEdit distance"
    topics = "trees arcs heads labels roots spans words tags rules states lexers tokens".split()
    pages = [
        f"About {t}\n{nav if i < 6 else other}\nThe parser builds {t} for every sentence."
        for i, t in enumerate(topics)
    ]
    # three builds of one overlay slide repeat their short bullets under one title
    build = "Overlay slide\nTokenization\nTagging\nParsing"
    pages += [build, build + "\nGeneration", build + "\nGeneration\nDialogue"]
    out = strip_furniture(pages)
    assert all("Grammars" not in p and "Lexers" not in p for p in out[:12])
    for i, t in enumerate(topics):
        assert out[i] == f"About {t}\nThe parser builds {t} for every sentence."
    assert all("Tokenization\nTagging\nParsing" in p for p in out[12:])


def test_a_ligature_lost_as_del_comes_back_as_the_letters_that_make_a_word() -> None:
    # round 20: a law deck's font gave every "fi" back as U+007F ("pro\x7fts", "bene\x7ft")
    raw = (
        "Speci\x7fc performance\ngives up pro\x7fts\n"
        "In\x7fuence, a\x7fne e\x7fort\nstray \x7f here"
    )
    assert clean_page(raw).split("\n") == [
        "Specific performance",
        "gives up profits",
        "Influence, affine effort",
        "stray here",
    ]


def test_t1_encoded_ligatures_come_back_as_letters() -> None:
    # a LaTeX PDF whose T1 font has no Unicode map: ff/fi/fl/ffi/ffl as code points 27-31
    raw = (
        "ignore \x1clenames\nMake\x1cle and the \x1cgures\n"
        "an e\x1bect \x1dow, e\x1ecient\nstray \x1c here"
    )
    assert clean_page(raw).split("\n") == [
        "ignore filenames",
        "Makefile and the figures",
        "an effect flow, efficient",
        "stray here",
    ]
