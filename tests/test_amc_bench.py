"""bench/amc.py writes the AMC LaTeX of an exam (for bench/export.py's comparison) and says
in words when AMC is missing. AMC itself is not needed here (it is bench-only)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from storage.domain import Choice, Question, QuestionType
from storage.exports.versions import ExamDocument, ExamItem
from tests.conftest import mcq, true_false

ROOT = Path(__file__).resolve().parents[1]


def _amc() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_amc", ROOT / "bench" / "amc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


amc = _amc()


def exam(*questions: Question) -> ExamDocument:
    return ExamDocument(
        title="Final — NLP & MT",
        course="NLP_2026",
        items=tuple(
            ExamItem(q, q.points, "Part A" if i < 2 else "Part B") for i, q in enumerate(questions)
        ),
    )


def test_each_type_is_written_as_amc_takes_it_and_the_rest_counted() -> None:
    source = amc.amc_source(
        exam(
            mcq("Which tokenizer merges pairs?", "BPE", "Whitespace"),
            true_false("Softmax outputs sum to one.", True),
            Question(
                QuestionType.MULTI,
                "Which are subword tokenizers?",
                (Choice("BPE", 0.5), Choice("WordPiece", 0.5), Choice("spaces", 0.0)),
            ),
            Question(QuestionType.SHORT, "Name the layer.", (Choice("softmax", 1.0),), points=2),
            Question(QuestionType.DESCRIPTION, "Read this passage first."),
        ),
        copies=4,
    )
    assert (source.closed, source.open, source.left_out) == (3, 1, 1)
    tex = source.tex
    assert "\\onecopy{4}{" in tex
    assert tex.count("\\begin{question}{") == 3 and tex.count("\\begin{questionmult}{") == 1
    assert "\\correctchoice{BPE}" in tex and "\\wrongchoice{Whitespace}" in tex
    assert "\\begin{choices}[o]\n  \\correctchoice{True}" in tex  # true/false keeps its order
    assert "\\AMCOpen{lines=2}" in tex and "\\explain{Answer: softmax}" in tex
    assert "Read this passage" not in tex  # left out, and counted
    # one shuffled group per section, in the exam's order
    assert tex.index("\\insertgroup{parta}") < tex.index("\\insertgroup{partb}")
    assert "\\shufflegroup{parta}" in tex
    assert "Final --- NLP \\& MT" not in tex and "Final — NLP \\& MT" in tex
    assert "NLP\\_2026" in tex


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        (
            "50% of $5 {x}_1 #2 ~ ^",
            r"50\% of \$5 \{x\}\_1 \#2 \textasciitilde{} \textasciicircum{}",
        ),
        ("a\\b <c> |d|", r"a\textbackslash{}b \textless{}c\textgreater{} \textbar{}d\textbar{}"),
        ("θ and Δ, λ, Α", r"$\theta$ and $\Delta$, $\lambda$, A"),
        ("ﬁnal 3×4 −1 ŷ “q” naïve", r"final 3$\times$4 $-$1 y “q” naïve"),
        ("two\nlines", "two\\\\\nlines"),
        ("日本", "??"),
    ],
)
def test_text_is_escaped_for_pdflatex(text: str, latex: str) -> None:
    assert amc.latex(text) == latex


def test_a_missing_amc_is_named_with_its_install_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on it
    reason = amc.missing()
    assert reason is not None
    assert "auto-multiple-choice" in reason and "apt-get install" in reason
    with pytest.raises(amc.AmcError, match="not installed"):
        amc.prepare(amc.amc_source(exam(mcq("Q?", "a", "b")), copies=1), tmp_path / "w")
