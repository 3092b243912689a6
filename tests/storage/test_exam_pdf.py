"""Printed exams: the PDFs are opened with PyMuPDF and checked for what a student sees."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

from storage.domain import Choice, Question, QuestionImage, QuestionType, TextFormat
from storage.exports import pdf as exam_pdf
from storage.exports.pdf import (
    ExamDocument,
    ExamItem,
    ExamRenderError,
    ExamVersion,
    answer_key,
    make_versions,
    render_answer_key_pdf,
    render_exam_pdf,
)
from storage.rich_text import tex_to_text, to_blocks, to_plain
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------- helpers


def pdf_bytes(exam: ExamDocument, version: ExamVersion | None = None, key: str = "none") -> bytes:
    out = io.BytesIO()
    render_exam_pdf(exam, version or ExamVersion("", exam.items), out, key=key)
    return out.getvalue()


def open_pdf(data: bytes) -> pymupdf.Document:
    return pymupdf.open(stream=data, filetype="pdf")


def page_texts(data: bytes) -> list[str]:
    with open_pdf(data) as doc:
        return [page.get_text() for page in doc]


def flat(text: str) -> str:
    """Text with line breaks folded into spaces, for phrases that may wrap."""
    return re.sub(r"\s+", " ", text)


def mcq(stem: str, right: str, *wrong: str, **kw: object) -> Question:
    choices = (Choice(right, 1.0), *(Choice(w) for w in wrong))
    return Question(QuestionType.MCQ, stem, choices, **kw)  # type: ignore[arg-type]


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.set_rect(pix.irect, (200, 30, 30))
    return pix.tobytes("png")


def exam_of(*items: ExamItem, **kw: object) -> ExamDocument:
    fields: dict[str, object] = {"title": "Quiz", "items": tuple(items)}
    fields.update(kw)
    return ExamDocument(**fields)  # type: ignore[arg-type]


SAMPLE_EXAM = ExamDocument(
    title="Midterm — Language Models",
    course="CS 4650 Natural Language Processing",
    institution="Technische Universität Gülşen",
    date="12 March 2025",
    duration="90 minutes",
    instructions="Write your name on every page.\n- No calculators.\n- Tick one box per question.",
    items=(
        ExamItem(SAMPLE[0], 2, "Part I"),
        ExamItem(SAMPLE[1], 1, "Part I"),
        ExamItem(SAMPLE[2], 2, "Part II"),
        ExamItem(SAMPLE[3], 1, "Part II"),
        ExamItem(SAMPLE[4], 10, "Part III"),
    ),
)


# --------------------------------------------------------------------------- the page


def test_header_numbering_points_and_page_footer() -> None:
    data = pdf_bytes(SAMPLE_EXAM)
    pages = page_texts(data)
    text = flat("\n".join(pages))
    first = flat(pages[0])
    for expected in (
        "Technische Universität Gülşen",
        "CS 4650 Natural Language Processing",
        "Midterm — Language Models",
        "12 March 2025",
        "90 minutes",
        "Write your name on every page.",
        "No calculators.",
        "NAME",
        "STUDENT ID",
        "16 points",  # total: 2 + 1 + 2 + 1 + 10
    ):
        assert expected in first, expected
    # Questions numbered in order, with their points.
    stems = ["Which weights does LoRA", "Byte-level BPE", "Name the algorithm", "How many bits"]
    positions = [text.index(s) for s in stems] + [text.index("Implement Word2Vec")]
    assert positions == sorted(positions)
    for n in range(1, 6):
        assert re.search(rf"(^|\n){n}\.\n", "\n".join(pages)), n
    assert "(2 points)" in text and "(1 point)" in text and "(10 points)" in text
    assert "(select all that apply)" not in text  # no multi-answer question here
    # Page x of y on every page; no version label for a single version.
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in page
    assert "Version" not in text
    # Section headings with their points.
    assert "Part I" in text and "Part III" in text


def test_answer_areas_by_question_type() -> None:
    multi = Question(
        QuestionType.MULTI,
        "Which are subword tokenizers?",
        (Choice("BPE", 0.5), Choice("WordPiece", 0.5), Choice("Porter stemmer", -1)),
    )
    data = pdf_bytes(exam_of(*(ExamItem(q, 1) for q in (*SAMPLE, multi))))
    text = flat("\n".join(page_texts(data)))
    assert "True" in text and "False" in text  # true/false boxes
    assert "Answer:" in text and "bits" in text  # numerical answer line with its unit
    assert "(select all that apply)" in text
    for label in ("A.", "B.", "C."):
        assert label in text
    with open_pdf(data) as doc:
        # Tick boxes and ruled lines are drawn, not typed.
        drawings = [d for page in doc for d in page.get_drawings()]
    boxes = [
        d
        for d in drawings
        if d["rect"].width < 12 and abs(d["rect"].width - d["rect"].height) < 0.5
    ]
    assert len(boxes) >= 3 + 3 + 2  # LoRA options, multi options, True/False


def test_unicode_prints_and_plain_text_is_not_markup() -> None:
    plain = Question(
        QuestionType.SHORT,
        "Gülşen asks: is a < b && c > d – for x ∈ ℝ, √2 ≈ 1.414? <b>not bold</b>",
        (Choice("yes", 1),),
    )
    html = Question(
        QuestionType.SHORT,
        "<p>In HTML, 3 &lt; 4 &amp; <b>bold words</b> and <i>slanted words</i> "
        "and <code>print(x)</code></p>",
        (Choice("ok", 1),),
        text_format=TextFormat.HTML,
    )
    data = pdf_bytes(exam_of(ExamItem(plain, 1), ExamItem(html, 1)))
    text = flat("\n".join(page_texts(data)))
    for s in ("Gülşen", "–", "ℝ", "∈", "√", "≈"):
        assert s in text, s
    assert "a < b && c > d" in text
    assert "<b>not bold</b>" in text
    assert "3 < 4 &" in text
    with open_pdf(data) as doc:
        spans = [
            span
            for page in doc
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            for span in line["spans"]
        ]
        fonts = {font[3] for page in doc for font in page.get_fonts()}
    bold = [s for s in spans if "bold words" in s["text"]]
    assert bold and all("Bold" in s["font"] for s in bold)
    assert all("Bold" not in s["font"] for s in spans if "not bold" in s["text"])
    assert any("Oblique" in s["font"] for s in spans if "slanted" in s["text"])
    assert any("Mono" in s["font"] for s in spans if "print(x)" in s["text"])
    # The DejaVu TrueType fonts are embedded (as subsets).
    assert any(name.endswith("DejaVuSans") for name in fonts)
    assert any("DejaVuSans-Bold" in name for name in fonts)


def test_fonts_come_from_resources_with_their_licence() -> None:
    from reportlab.pdfbase import pdfmetrics

    exam_pdf.register_fonts()
    fonts_dir = ROOT / "resources" / "fonts"
    assert fonts_dir == exam_pdf.FONTS_DIR
    assert "Bitstream" in (fonts_dir / "LICENSE-DejaVu.txt").read_text()
    for name in (
        "DejaVuSans",
        "DejaVuSans-Bold",
        "DejaVuSans-Oblique",
        "DejaVuSans-BoldOblique",
        "DejaVuSansMono",
    ):
        font_file = Path(pdfmetrics.getFont(name).face.filename)
        assert font_file.parent == fonts_dir, font_file


def test_tex_maths_print_as_unicode() -> None:
    q = mcq(
        r"Let \(f: \mathbb{R}^n \to \mathbb{R}\), \(\alpha \in (0, 1)\) and "
        r"\(\sqrt{x} \approx \frac{a}{b}\) with \(x^2\) and \(\unknowncommand{y}\).",
        r"\(\sum_{i=1}^{n} x_i \leq \infty\)",
        r"\(\beta\)",
    )
    text = flat("\n".join(page_texts(pdf_bytes(exam_of(ExamItem(q, 1))))))
    for s in ("ℝ", "→", "α ∈ (0, 1)", "√x ≈ a/b", "x²", "unknowncommand", "∑", "≤ ∞", "β"):
        assert s in text, s
    assert "\\(" not in text and "mathbb" not in text


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\alpha", "α"),
        (r"x \in \mathbb{R}", "x ∈ ℝ"),
        (r"\sqrt{x}", "√x"),
        (r"\sqrt{x^2+1}", "√(x² + 1)"),
        (r"a \approx b", "a ≈ b"),
        ("x^2", "x²"),
        ("x_i", "xᵢ"),
        (r"\frac{a}{b}", "a/b"),
        (r"\frac{a+b}{2}", "(a + b)/2"),
        (r"\mathbf{W}^\top h", "Wᵀh"),
        (r"\left( \frac{1}{n} \right)", "(1/n)"),
        (r"\text{if } x > 0", "if x > 0"),
        (r"\not\in", "∉"),
        (r"\weird{x} + {", "weird x+"),
        ("}}^_", ""),
    ],
)
def test_tex_to_text(tex: str, expected: str) -> None:
    assert tex_to_text(tex) == expected


def test_html_is_converted_safely() -> None:
    messy = (
        "<p>Open <b>bold <i>both</b> still italic</i> \\(x<y\\)</p>"
        "<script>alert('no')</script><ul><li>one<li>two</ul><table><tr><td>a</td><td>b</td>"
        "</tr></table><pre>if a < b:\n    pass</pre><unknown>kept</unknown></i></b>"
    )
    assert to_plain(messy, TextFormat.HTML).startswith("Open bold both still italic x < y")
    assert "alert" not in to_plain(messy, TextFormat.HTML)
    assert to_plain(r"<p>\(x<sup>2</sup> + y<sub>i</sub>\), \(a<b\)</p>", TextFormat.HTML) == (
        "x² + yᵢ, a < b"
    )
    blocks = to_blocks(messy, TextFormat.HTML)
    assert len(blocks) >= 5
    q = Question(QuestionType.SHORT, messy, (Choice("x", 1),), text_format=TextFormat.HTML)
    text = flat("\n".join(page_texts(pdf_bytes(exam_of(ExamItem(q, 1))))))
    assert "still italic" in text and "x < y" in text and "kept" in text
    assert "if a < b:" in text and "alert" not in text


def test_letter_paper_and_font_size() -> None:
    exam = replace(SAMPLE_EXAM, paper="Letter", font_size=12)
    with open_pdf(pdf_bytes(exam)) as doc:
        rect = doc[0].rect
    assert (round(rect.width), round(rect.height)) == (612, 792)
    with pytest.raises(ExamRenderError, match="paper"):
        pdf_bytes(replace(SAMPLE_EXAM, paper="A0"))


def test_writes_to_a_path(tmp_path: Path) -> None:
    target = tmp_path / "out" / "exam.pdf"
    render_exam_pdf(SAMPLE_EXAM, ExamVersion("", SAMPLE_EXAM.items), target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == ["exam.pdf"]


# --------------------------------------------------------------------------- keys


def test_answer_key_formats() -> None:
    description = Question(QuestionType.DESCRIPTION, "Read the following.")
    numerical = replace(SAMPLE[3], choices=(Choice("8", 1.0, tolerance=0.5),))
    items = (
        ExamItem(SAMPLE[0], 1),
        ExamItem(description, 0),
        ExamItem(SAMPLE[1], 1),
        ExamItem(SAMPLE[2], 1),
        ExamItem(numerical, 1),
        ExamItem(SAMPLE[4], 10),
        ExamItem(
            Question(
                QuestionType.MULTI,
                "Pick",
                (Choice("a", 0.5), Choice("b"), Choice("c"), Choice("d", 0.5)),
            ),
            2,
        ),
    )
    key = answer_key(ExamVersion("", items))
    assert key == [
        (1, "A"),
        (2, "True"),
        (3, "BPE / byte pair encoding"),
        (4, "8 ± 0.5 bits"),
        (5, "see rubric:\nRubric: correctness 40%, experiments 40%, report 20%."),
        (6, "A, D"),
    ]


def test_key_pages_are_appended_and_numbered_on_their_own() -> None:
    version = make_versions(SAMPLE_EXAM, 2, seed=3)[1]
    exam_only = page_texts(pdf_bytes(SAMPLE_EXAM, version))
    with_key = page_texts(pdf_bytes(SAMPLE_EXAM, version, key="append"))
    assert len(with_key) > len(exam_only)
    for page in with_key:
        assert "Version B" in page
    key_pages = with_key[len(exam_only) :]
    assert "Answer key" in key_pages[0]
    assert f"Page 1 of {len(key_pages)}" in key_pages[0]
    assert f"Page 1 of {len(exam_only)}" in with_key[0]
    for number, key in answer_key(version):
        assert f"{number}." in key_pages[0]
        assert key.split(":")[0] in flat("\n".join(key_pages))
    with pytest.raises(ValueError):
        pdf_bytes(SAMPLE_EXAM, version, key="separate")

    out = io.BytesIO()
    render_answer_key_pdf(SAMPLE_EXAM, version, out)
    standalone = flat("\n".join(page_texts(out.getvalue())))
    assert "Answer key — Version B" in standalone and "Page 1 of 1" in standalone
    assert "BPE / byte pair encoding" in standalone


# --------------------------------------------------------------------------- versions


def versioned_exam() -> ExamDocument:
    items: list[ExamItem] = []
    for section in ("Basics", "Advanced"):
        for i in range(6):
            tag = f"{section[0]}{i}"
            items.append(
                ExamItem(
                    mcq(
                        f"Stem {tag}: which option is right?",
                        f"right answer {tag}",
                        f"wrong one {tag}",
                        f"wrong two {tag}",
                        f"wrong three {tag}",
                    ),
                    1,
                    section,
                )
            )
        items.append(
            ExamItem(
                Question(
                    QuestionType.MULTI,
                    f"Stem {section[0]}M: pick all right ones",
                    (
                        Choice(f"good first {section[0]}", 0.5),
                        Choice(f"bad first {section[0]}"),
                        Choice(f"good second {section[0]}", 0.5),
                        Choice(f"bad second {section[0]}"),
                    ),
                ),
                2,
                section,
            )
        )
    items.append(ExamItem(replace(SAMPLE[1], stem="Stem TF: BPE never needs UNK."), 1, "Advanced"))
    return exam_of(*items, title="Versioned quiz")


def stem_order(text: str) -> list[str]:
    return re.findall(r"Stem (\w+):", text)


def label_of(page: pymupdf.Page, option_text: str) -> str:
    """The option label (A., B., …) printed on the same line left of `option_text`."""
    (hit,) = page.search_for(option_text)
    words = page.get_text("words")
    labels = [
        w
        for w in words
        if re.fullmatch(r"[A-Z]\.", w[4]) and w[2] <= hit.x0 and abs(w[3] - hit.y1) < 2
    ]
    assert labels, option_text
    return max(labels, key=lambda w: w[2])[4].rstrip(".")


def test_versions_print_their_own_order_and_keys_match_the_labels() -> None:
    exam = versioned_exam()
    versions = make_versions(exam, 3, seed=42)
    assert [v.letter for v in versions] == ["A", "B", "C"]
    orders = []
    for version in versions:
        data = pdf_bytes(exam, version)
        pages = page_texts(data)
        for page in pages:
            assert f"Version {version.letter}" in page
        order = stem_order("\n".join(pages))
        expected = [re.match(r"Stem (\w+):", i.question.stem).group(1) for i in version.items]  # type: ignore[union-attr]
        assert order == expected
        # Sections keep their order: all of Basics before Advanced.
        assert all(tag.startswith("B") for tag in order[:7])
        orders.append(order)
        key = dict(answer_key(version))
        with open_pdf(data) as doc:
            for number, item in enumerate(version.items, start=1):
                q = item.question
                if q.type is QuestionType.TRUE_FALSE:
                    assert key[number] == "True"
                    continue
                page = next(p for p in doc if p.search_for(q.stem[:12]))
                printed = [label_of(page, c.text) for c in q.choices if c.correct]
                assert key[number] == ", ".join(printed), (version.letter, number)
                # and the labels run A, B, C, D down the page in the version's order
                assert [label_of(page, c.text) for c in q.choices] == ["A", "B", "C", "D"]
    assert len({tuple(o) for o in orders}) == 3


def test_versions_are_deterministic_by_seed() -> None:
    exam = versioned_exam()

    def texts(seed: int) -> list[str]:
        return ["\n".join(page_texts(pdf_bytes(exam, v))) for v in make_versions(exam, 3, seed)]

    assert texts(7) == texts(7)
    assert pdf_bytes(exam, make_versions(exam, 2, 7)[1]) == pdf_bytes(
        exam, make_versions(exam, 2, 7)[1]
    )
    first, other = make_versions(exam, 3, 7), make_versions(exam, 3, 8)
    assert [stem_order("".join(i.question.stem for i in v.items)) for v in first] != [
        stem_order("".join(i.question.stem for i in v.items)) for v in other
    ]


def test_version_rules() -> None:
    fixed = mcq("Fixed options", "one", "two", "three", shuffle_answers=False)
    above = mcq("Above", "alpha", "beta", "gamma", "All of the above")
    tf = SAMPLE[1]
    intro = Question(QuestionType.DESCRIPTION, "The next two questions are about BPE.")
    exam = exam_of(
        ExamItem(fixed, 1, "S1"),
        ExamItem(above, 1, "S1"),
        ExamItem(tf, 1, "S1"),
        ExamItem(intro, 0, "S2"),
        ExamItem(SAMPLE[2], 1, "S2"),
        ExamItem(SAMPLE[3], 1, "S2"),
    )
    (single,) = make_versions(exam, 1, seed=1)
    assert single.letter == "" and single.items == exam.items
    for version in make_versions(exam, 6, seed=5):
        by_stem = {i.question.stem: i for i in version.items}
        assert by_stem["Fixed options"].question.choices == fixed.choices
        assert by_stem["Above"].question.choices[-1].text == "All of the above"
        assert by_stem[tf.stem].question.choices == tf.choices
        assert [i.section for i in version.items] == ["S1", "S1", "S1", "S2", "S2", "S2"]
        assert version.items[3].question is intro  # a description stays before its questions
    versions = make_versions(exam, 2, seed=5)
    assert versions[0].items != versions[1].items
    with pytest.raises(ValueError):
        make_versions(exam, 0, seed=1)


# --------------------------------------------------------------------------- pagination


def test_a_question_is_never_split_across_pages() -> None:
    items = []
    for n in range(1, 41):
        words = " ".join(["context"] * (5 + (n * 37) % 90))
        options = [f"option {n}-{k} " + "detail " * ((n * k * 13) % 40) for k in range(1, 5)]
        q = mcq(f"Marker{n}: {words}", *options[:-1], f"Last{n} option end")
        if n % 7 == 0:
            q = Question(QuestionType.SHORT, f"Marker{n}: {words}", (Choice("x", 1),))
        items.append(ExamItem(q, 1 + n % 3))
    data = pdf_bytes(exam_of(*items))
    with open_pdf(data) as doc:
        assert doc.page_count >= 5

        def page_of(text: str) -> int:
            found = [p.number for p in doc if p.search_for(text)]
            assert len(found) == 1, (text, found)
            return found[0]

        for n in range(1, 41):
            start = page_of(f"Marker{n}:")
            page = doc[start]
            numbers = [w for w in page.get_text("words") if w[4] == f"{n}." and w[0] < 80]
            assert numbers, n  # the number sits in the left margin of the same page
            if n % 7 == 0:
                continue
            assert page_of(f"Last{n} option end") == start, n


def test_essay_space_grows_with_points_and_fits_a_page() -> None:
    def ruled_lines(points: float) -> list[int]:
        """Wide horizontal lines per page (header rules included)."""
        essay = Question(QuestionType.ESSAY, "Discuss attention.", grader_info="")
        data = pdf_bytes(exam_of(ExamItem(essay, points)))
        with open_pdf(data) as doc:
            return [
                sum(
                    1
                    for d in page.get_drawings()
                    for item in d["items"]
                    if item[0] == "l" and abs(item[1].y - item[2].y) < 0.1 and d["rect"].width > 300
                )
                for page in doc
            ]

    two, four = ruled_lines(2), ruled_lines(4)
    assert len(two) == len(four) == 1
    assert four[0] - two[0] == 4 * 2  # four lines per point
    # 100 points cannot have 400 lines: the space is capped to about a page. The
    # essay starts under the header with its first lines (no page left mostly
    # blank, #15) and the rest of its lines go on over the page break.
    huge = ruled_lines(100)
    assert len(huge) == 2
    assert huge[0] - two[0] >= 0 and huge[1] > 0
    assert 25 < huge[0] - (two[0] - 8) + huge[1] < 40


# --------------------------------------------------------------------------- images


def test_images_are_placed_and_scaled_to_the_column() -> None:
    small = QuestionImage("dot.png", tiny_png())
    wide = QuestionImage("wide.png", tiny_png(1500, 150))
    tall = QuestionImage("tall.png", tiny_png(100, 1500))
    q_plain = Question(QuestionType.SHORT, "See the dot.", (Choice("x", 1),), images=(small,))
    q_html = Question(
        QuestionType.SHORT,
        '<p>Wide:</p><img src="@@PLUGINFILE@@/wide.png"><p>Tall:</p><img src="tall.png">',
        (Choice("x", 1),),
        text_format=TextFormat.HTML,
        images=(wide, tall),
    )
    data = pdf_bytes(exam_of(ExamItem(q_plain, 1), ExamItem(q_html, 1)))
    with open_pdf(data) as doc:
        rects = []
        for page in doc:
            for image in page.get_images():
                rects += page.get_image_rects(image[0])
        width = doc[0].rect.width
    assert len(rects) == 3
    column = width - 2 * 2.0 * 72 / 2.54
    for r in rects:
        assert r.width <= column + 0.5 and r.height <= 8 * 72 / 2.54 + 0.5
    wide_r = max(rects, key=lambda r: r.width)
    assert wide_r.width / wide_r.height == pytest.approx(10, rel=0.02)
    tall_r = max(rects, key=lambda r: r.height)
    assert tall_r.height == pytest.approx(8 * 72 / 2.54, rel=0.01)
    assert tall_r.height / tall_r.width == pytest.approx(15, rel=0.02)


def test_a_broken_image_names_the_question(tmp_path: Path) -> None:
    broken = Question(
        QuestionType.SHORT,
        "Look at the picture.",
        (Choice("x", 1),),
        images=(QuestionImage("chart.png", b"\x89PNG\r\n\x1a\nnot really"),),
    )
    exam = exam_of(ExamItem(SAMPLE[0], 1), ExamItem(broken, 1))
    target = tmp_path / "exam.pdf"
    with pytest.raises(ExamRenderError, match=r"Question 2.*chart\.png"):
        render_exam_pdf(exam, ExamVersion("", exam.items), target)
    assert not target.exists()
    missing = Question(
        QuestionType.SHORT,
        '<p>See</p><img src="nowhere.png">',
        (Choice("x", 1),),
        text_format=TextFormat.HTML,
    )
    with pytest.raises(ExamRenderError, match=r"Question 1.*nowhere\.png"):
        pdf_bytes(exam_of(ExamItem(missing, 1)))


# --------------------------------------------------------------------------- scale


def test_a_200_question_exam_in_4_versions_with_keys() -> None:
    kinds = [SAMPLE[0], SAMPLE[1], SAMPLE[2], SAMPLE[3], SAMPLE[4]]
    items = tuple(
        ExamItem(
            replace(kinds[i % 5], stem=f"Q{i}: {kinds[i % 5].stem}"),
            1 + i % 4,
            f"Part {1 + i // 50}",
        )
        for i in range(200)
    )
    exam = exam_of(*items, title="Final")
    for version in make_versions(exam, 4, seed=2024):
        data = pdf_bytes(exam, version, key="append")
        with open_pdf(data) as doc:
            assert doc.page_count > 20
            last = doc[-1].get_text()
        assert f"Version {version.letter}" in last
        assert len(answer_key(version)) == 200
