"""Options that several `quizwright export` formats share: which questions (`moodle`,
`gift`, `qti`) and how an exam is printed (`pdf`, `docx`). Light imports only: the
parsers are built for `--help` too."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any


def add_question_selector(parser: argparse.ArgumentParser, id_list: Callable[[str], Any]) -> None:
    """--exam | --tag | --category | --ids | --all (one of them), and --include-drafts."""
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--exam", type=int, metavar="ID")
    which.add_argument("--tag")
    which.add_argument("--category", metavar="PATH")
    which.add_argument("--ids", type=id_list, metavar="1,2,3")
    which.add_argument("--all", action="store_true")
    parser.add_argument(
        "--include-drafts",
        action="store_true",
        help="with --tag/--category/--all, also export draft questions",
    )


def add_exam_file_options(parser: argparse.ArgumentParser, ext: str, versions_help: str) -> None:
    """OUT.<ext> --exam ID and the versions, key and page options of a printed exam."""
    parser.add_argument("out", type=Path, metavar=f"OUT.{ext}")
    parser.add_argument("--exam", type=int, required=True, metavar="ID")
    parser.add_argument("--versions", type=int, default=1, metavar="N", help=versions_help)
    parser.add_argument("--seed", type=int, help="shuffling seed (default: the exam's)")
    parser.add_argument(
        "--shuffle-options",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="shuffle multiple-choice options, even with one version (default: yes)",
    )
    parser.add_argument(
        "--key",
        choices=("separate", "append", "none"),
        default="separate",
        help="answer key per version: its own file (default), appended, or none",
    )
    parser.add_argument("--institution", default="")
    parser.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    parser.add_argument("--font-size", type=float, default=10.5, metavar="PT")
