"""The same exam made by Auto Multiple Choice (AMC), for bench/export.py's comparison.

AMC (https://www.auto-multiple-choice.net, Debian package `auto-multiple-choice`) makes
exams from LaTeX. This module writes the AMC LaTeX source of a Quizwright exam and runs
AMC's real `prepare` step, which typesets the subject (every copy) and the solution
(corrigé) with pdflatex. Bench-only: Quizwright neither needs nor ships AMC.

How each question is written:
- multiple choice and true/false: `question` with `\\correctchoice`/`\\wrongchoice`
  (true/false options keep their order, as in our PDF); multiple answers: `questionmult`;
- short answer, numerical and essay: AMC open questions (`\\AMCOpen`, a box of lines),
  the accepted answers in `\\explain`, which only the solution prints;
- descriptions, matching, cloze, ordering and the word-bank types have no AMC form here:
  they are left out, and counted.
Questions are shuffled within their section and options within their question, per copy,
as make_versions does for our versions.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from storage.domain import Question, QuestionType
from storage.exports.versions import ExamDocument, format_number

INSTALL = (
    "apt-get install -y --no-install-recommends auto-multiple-choice "
    "(Debian/Ubuntu; brings pdflatex and the LaTeX packages AMC uses)"
)

CLOSED = {QuestionType.MCQ, QuestionType.MULTI, QuestionType.TRUE_FALSE}
OPEN_LINES = {QuestionType.SHORT: 2, QuestionType.NUMERICAL: 1, QuestionType.ESSAY: 8}

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# Characters outside what pdflatex's utf8/T1 input takes, as LaTeX (our PDF prints them
# from a Unicode font); anything else unknown becomes "?" rather than a LaTeX error.
_UNICODE = {
    "ﬁ": "fi",
    "ﬂ": "fl",
    "×": r"$\times$",
    "−": "$-$",
    "·": r"$\cdot$",
    "ℓ": r"$\ell$",
    "⁺": "$^+$",
    "●": r"$\bullet$",
    "▶": r"$\triangleright$",
    "→": r"$\rightarrow$",
    "≈": r"$\approx$",
    "≤": r"$\leq$",
    "≥": r"$\geq$",
}
# Greek letters that LaTeX has as commands (the other capitals look like Latin ones)
_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega"}


def _char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    if ord(c) < 128 or c in _UNICODE:
        return _UNICODE.get(c, c)
    parts = unicodedata.name(c, "").split()
    if len(parts) == 4 and parts[0] == "GREEK" and parts[2] == "LETTER":
        name = parts[3].replace("LAMDA", "LAMBDA")  # Unicode's spelling
        letter = name.capitalize() if parts[1] == "CAPITAL" else name.lower()
        if letter == "omicron" or (parts[1] == "CAPITAL" and letter not in _GREEK_CAPITALS):
            return {"omicron": "o"}.get(letter, letter[0])
        return f"$\\{letter}$"
    try:
        c.encode("latin-1")
        return c  # accented Latin letters: utf8 inputenc with T1 prints them
    except UnicodeEncodeError:
        pass
    decomposed = unicodedata.normalize("NFD", c)
    if decomposed[0].isascii() and decomposed[0].isalpha():
        return decomposed[0]  # ŷ, ž…: the base letter is enough for a timing bench
    if c in "“”‘’…—–":
        return c  # utf8 inputenc knows these
    return "?"


def latex(text: str) -> str:
    """Plain text as LaTeX: specials escaped, line breaks kept."""
    return "\\\\\n".join("".join(_char(c) for c in line) for line in text.split("\n"))


@dataclass(frozen=True)
class AmcSource:
    tex: str
    closed: int  # question / questionmult
    open: int  # \AMCOpen
    left_out: int  # no AMC form here


def _question(q: Question, n: int, points: float) -> tuple[str, str]:
    """(kind, LaTeX) for one question; kind is closed, open or left_out."""
    qid = f"q{n}"
    if q.type in CLOSED:
        env = "questionmult" if q.type is QuestionType.MULTI else "question"
        order = "[o]" if q.type is QuestionType.TRUE_FALSE else ""
        marked = [(c.text, c.fraction > 0) for c in q.choices]
        if q.type is QuestionType.TRUE_FALSE:  # printed "True" / "False", as our PDF does
            truth = any(right and text.strip().lower() == "true" for text, right in marked)
            marked = [("True", truth), ("False", not truth)]
        options = "\n".join(
            f"  \\{'correctchoice' if right else 'wrongchoice'}{{{latex(text)}}}"
            for text, right in marked
        )
        return "closed", (
            f"\\begin{{{env}}}{{{qid}}}\\scoring{{b={format_number(points)}}}\n"
            f"{latex(q.stem)}\n"
            f"\\begin{{choices}}{order}\n{options}\n\\end{{choices}}\n"
            f"\\end{{{env}}}"
        )
    if q.type in OPEN_LINES:
        accepted = "; ".join(c.text for c in q.choices if c.fraction > 0) or q.grader_info
        explain = f"\\explain{{Answer: {latex(accepted)}}}\n" if accepted else ""
        return "open", (
            f"\\begin{{question}}{{{qid}}}\n{latex(q.stem)}\n{explain}"
            f"\\AMCOpen{{lines={OPEN_LINES[q.type]}}}"
            f"{{\\wrongchoice[0]{{0}}\\scoring{{0}}"
            f"\\correctchoice[{format_number(points)}]{{{format_number(points)}}}"
            f"\\scoring{{{format_number(points)}}}}}\n"
            f"\\end{{question}}"
        )
    return "left_out", ""


def amc_source(exam: ExamDocument, copies: int) -> AmcSource:
    """The AMC LaTeX of `exam` in `copies` copies (one group per section)."""
    groups: dict[str, list[str]] = {}
    counts = {"closed": 0, "open": 0, "left_out": 0}
    for n, item in enumerate(exam.items, 1):
        kind, body = _question(item.question, n, item.points)
        counts[kind] += 1
        if body:
            groups.setdefault(item.section, []).append(body)
    names = {section: f"part{chr(ord('a') + i)}" for i, section in enumerate(groups)}
    elements = "\n".join(
        f"\\element{{{names[s]}}}{{\n{body}\n}}" for s, bodies in groups.items() for body in bodies
    )
    sections = "\n".join(
        (f"\\section*{{{latex(s)}}}\n" if s else "")
        + f"\\shufflegroup{{{names[s]}}}\n\\insertgroup{{{names[s]}}}"
        for s in groups
    )
    header = "\n".join(
        part
        for part in (
            f"{{\\Large\\bfseries {latex(exam.title)}}}\\\\",
            f"{latex(exam.course)} --- {latex(exam.date)} --- {latex(exam.duration)}\\\\",
            "\\namefield{\\fbox{\\parbox{8cm}{Name:\\\\[6mm]}}}\\\\[3mm]",
            latex(exam.instructions),
        )
    )
    tex = f"""\\documentclass[a4paper,11pt]{{article}}
\\usepackage[utf8]{{inputenc}}
\\usepackage[T1]{{fontenc}}
\\usepackage{{textcomp}}
\\usepackage[box,completemulti]{{automultiplechoice}}
\\begin{{document}}
{elements}
\\onecopy{{{copies}}}{{
\\noindent {header}

{sections}
\\AMCcleardoublepage
}}
\\end{{document}}
"""
    return AmcSource(tex, counts["closed"], counts["open"], counts["left_out"])


class AmcError(Exception):
    """AMC is missing or failed, in words."""


def missing() -> str | None:
    """Why AMC cannot run here, or None."""
    for tool in ("auto-multiple-choice", "pdflatex"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed; install AMC with: {INSTALL}"
    return None


@dataclass(frozen=True)
class AmcOutput:
    subject: Path
    solution: Path


def prepare(source: AmcSource, workdir: Path, timeout_s: float = 900) -> AmcOutput:
    """AMC's own prepare step (mode s: subject + solution, with pdflatex) on `source`,
    in a fresh `workdir`; the PDFs are checked to be there."""
    reason = missing()
    if reason:
        raise AmcError(reason)
    if workdir.exists():
        shutil.rmtree(workdir)
    (workdir / "data").mkdir(parents=True)
    (workdir / "exam.tex").write_text(source.tex, encoding="utf-8")
    subject, solution = workdir / "subject.pdf", workdir / "solution.pdf"
    command = [
        "auto-multiple-choice", "prepare", "--mode", "s",
        "--prefix", f"{workdir}/", "--data", str(workdir / "data"),
        "--with", "pdflatex", "--filter", "latex",
        "--out-sujet", str(subject), "--out-corrige", str(solution),
        "--out-calage", str(workdir / "calage.xy"),
        str(workdir / "exam.tex"),
    ]  # fmt: skip
    try:
        run = subprocess.run(
            command, cwd=workdir, capture_output=True, text=True, timeout=timeout_s, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise AmcError(f"AMC did not finish in {timeout_s:.0f} s") from exc
    made = [p for p in (subject, solution) if p.is_file() and p.stat().st_size > 0]
    if run.returncode != 0 or len(made) < 2:
        errors = [line for line in (run.stdout + run.stderr).splitlines() if "ERR" in line]
        raise AmcError(
            f"AMC prepare failed (exit {run.returncode}): "
            + ("; ".join(errors[:6]) or (run.stdout + run.stderr)[-800:])
        )
    return AmcOutput(subject, solution)
