"""How well text copied out of a PDF splits back into its slides.

For each deck: the PDF's page count, the slides `storage.text_slides` cuts its
copied text into (one line per line, no blank lines, as a viewer's "select all,
copy" gives it), their ratio, and the share of the real slide starts found.
With --drafts, also the usable drafts (valid and grounded, built strategy) the
PDF and the pasted text give for the same request.

Decks: bench/decks, tests/fixtures and ../shared/corpus/slides when present.

Run: .venv/bin/python bench/text_split.py [--drafts] [DECK_NAME_PART ...]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from storage.text_slides import segment_lines  # noqa: E402

CORPUS = next(
    (
        p
        for p in (
            ROOT.parent / "shared" / "corpus" / "slides",
            ROOT.parents[1] / "shared" / "corpus" / "slides",
        )
        if p.is_dir()
    ),
    None,
)


def copied(pdf: Path) -> tuple[str, list[int]]:
    """The PDF's text as copied from a viewer, and the page of each line."""
    lines: list[str] = []
    pages: list[int] = []
    with pymupdf.open(pdf) as doc:
        for number, page in enumerate(doc):
            for line in str(page.get_text()).split("\n"):  # type: ignore[no-untyped-call]
                if line.strip():
                    lines.append(line)
                    pages.append(number)
    return "\n".join(lines), pages


def start_share(text: str, page_of: Sequence[int]) -> tuple[float, int]:
    """(share of the real slide starts the split of `text` finds, slides it makes), for
    text whose lines stand on the PDF pages `page_of` says."""
    seg = segment_lines(text)
    first_line: dict[int, int] = {}
    for i, page in enumerate(page_of):
        first_line.setdefault(page, i)
    found = set(seg.starts)
    hits = 0
    for page, line in first_line.items():
        # a start counts where the page's first kept line is (a marker before it is dropped)
        while line in seg.dropped and line + 1 < len(page_of) and page_of[line + 1] == page:
            line += 1
        hits += line in found
    return hits / max(1, len(first_line)), len(seg.pages())


def figures(pdf: Path) -> tuple[int, int, float]:
    """(PDF pages, text slides, share of the real slide starts found)."""
    text, page_of = copied(pdf)
    with pymupdf.open(pdf) as doc:
        pdf_pages = doc.page_count
    share, made = start_share(text, page_of)
    return pdf_pages, made, share


def usable_drafts(pdf: Path) -> tuple[int, int]:
    """Usable drafts (valid, grounded) from the PDF and from its pasted text."""
    from models.drafting import Draft, DraftRequest, run_drafting
    from storage.decks import deck_from_text, read_deck
    from storage.domain import QuestionType, Slide

    def usable(pages: tuple[str, ...], flags: tuple[tuple[str, ...], ...]) -> int:
        slides = [Slide(1, i, t, f) for i, (t, f) in enumerate(zip(pages, flags, strict=True), 1)]
        counts = {QuestionType.MCQ: 5, QuestionType.TRUE_FALSE: 3, QuestionType.SHORT: 2}
        drafts = run_drafting(slides, DraftRequest(counts, strategy="built"))
        return sum(1 for d in drafts if isinstance(d, Draft) and d.valid and d.grounded)

    real = read_deck(pdf)
    pasted = deck_from_text(copied(pdf)[0], pdf.stem)
    return usable(real.pages, real.flags), usable(pasted.pages, pasted.flags)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="only decks whose file name contains one")
    parser.add_argument("--drafts", action="store_true", help="also compare usable drafts")
    args = parser.parse_args()
    folders = [ROOT / "bench" / "decks", ROOT / "tests" / "fixtures"]
    if CORPUS is not None:
        folders.append(CORPUS)
    pdfs = sorted({p.name: p for f in folders for p in f.glob("*.pdf")}.values(), key=str)
    if args.names:
        pdfs = [p for p in pdfs if any(n in p.name for n in args.names)]
    head = f"{'deck':46} {'PDF':>4} {'text':>5} {'ratio':>6} {'starts':>7}"
    print(head + ("  drafts pdf/text" if args.drafts else ""))
    ratios = []
    for pdf in pdfs:
        pages, slides, found = figures(pdf)
        ratio = slides / pages
        ratios.append(ratio)
        line = f"{pdf.stem[:46]:46} {pages:4} {slides:5} {ratio:6.2f} {found:7.0%}"
        if abs(ratio - 1) > 0.2:
            line += " !"
        if args.drafts:
            try:
                a, b = usable_drafts(pdf)
            except Exception as exc:  # a deck the import refuses is a finding, not a stop
                line += f"  failed: {exc}"
            else:
                line += f"  {a:3}/{b:<3}" + (" <" if b < a else "")
        print(line, flush=True)
    inside = sum(1 for r in ratios if abs(r - 1) <= 0.2)
    print(f"{inside} of {len(ratios)} decks within ±20% of the PDF's page count")


if __name__ == "__main__":
    main()
