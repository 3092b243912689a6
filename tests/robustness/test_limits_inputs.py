"""Issue 13, items 8 and 10: inputs that used to hang or eat memory are clipped,
refused in words, or read in near-linear time."""

from __future__ import annotations

import base64
import json
import os
import random
from pathlib import Path

import pytest

from storage import page_flags
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.decks import MAX_NOTES_WORDS
from storage.input_files import MAX_IMAGE_BYTES
from storage.jsonio import question_from_dict
from tests.robustness.limits_support import assert_words, run, run_measured

SECTIONS = ["Attention", "Multi-head attention", "Positional encodings", "Training", "Inference"]


def _agenda(current: int) -> str:
    lines = [("► " if k == current else "") + s for k, s in enumerate(SECTIONS)]
    return "Outline\n" + "\n".join(lines)


def _long_notes(pages: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    vocab = [f"term{i}" for i in range(4000)]
    out = []
    for i in range(pages):
        if i % 50 == 0:
            out.append(_agenda((i // 50) % len(SECTIONS)))
        else:
            out.append(" ".join(rnd.choice(vocab) for _ in range(rnd.randint(120, 200))))
    return out


def test_repeated_pages_of_long_notes_need_near_linear_work(monkeypatch) -> None:
    """Counted, not timed: the pairs of pages scored must grow about linearly."""
    scored = 0
    cdist, ratio = page_flags.process.cdist, page_flags.fuzz.ratio

    def counting_cdist(a, b, **kw):  # type: ignore[no-untyped-def]
        nonlocal scored
        scored += len(a) * len(b)
        return cdist(a, b, **kw)

    def counting_ratio(a, b, **kw):  # type: ignore[no-untyped-def]
        nonlocal scored
        scored += 1
        return ratio(a, b, **kw)

    monkeypatch.setattr(page_flags.process, "cdist", counting_cdist)
    monkeypatch.setattr(page_flags.fuzz, "ratio", counting_ratio)
    pages = _long_notes(3000)
    n_words = [len(page_flags._WORD.findall(p)) for p in pages]
    repeated = page_flags._repeated_pages(pages, n_words)
    assert scored < 20 * len(pages), scored  # all with all would be 9,000,000
    # and it still finds the agenda shown at every section (60 of them)
    assert repeated == {i for i in range(0, 3000, 50)}


def test_near_linear_matching_agrees_with_all_pairs_on_a_long_deck(monkeypatch) -> None:
    pages = _long_notes(900, seed=7)
    pages[425] = pages[50] + " (continued)"  # a near-duplicate, not an exact one
    n_words = [len(page_flags._WORD.findall(p)) for p in pages]
    fast = page_flags._repeated_pages(pages, n_words)
    monkeypatch.setattr(page_flags, "_EXACT_UP_TO", 10**9)
    assert page_flags._repeated_pages(pages, n_words) == fast
    assert 425 in fast


def test_text_notes_beyond_the_word_limit_are_refused_in_words(tmp_path: Path) -> None:
    notes = tmp_path / "book.txt"
    notes.write_text(("word " * 1000 + "\n\n") * (MAX_NOTES_WORDS // 1000 + 1), "utf-8")
    err = assert_words(run("decks", "import", str(notes), "--bank", str(tmp_path / "b.sqlite")))
    assert f"at most {MAX_NOTES_WORDS:,}" in err and "Split it" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    for name, command in (("notes.md", ("decks", "import")), ("q.json", ("bank", "add"))):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        # nobody ever writes to the pipe: reading it would block for ever (timeout 60)
        err = assert_words(run(*command, str(fifo), "--bank", bank, timeout=60))
        assert "named pipe (FIFO), not a regular file" in err


def test_a_symlink_loop_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").symlink_to(tmp_path / "b.pdf")
    (tmp_path / "b.pdf").symlink_to(tmp_path / "a.pdf")
    bank = str(tmp_path / "bank.sqlite")
    for command in (("decks", "import"), ("bank", "add"), ("bank", "import")):
        err = assert_words(run(*command, str(tmp_path / "a.pdf"), "--bank", bank))
        assert "link loop" in err and "no such file" not in err


def test_page_ranges_are_clipped_to_the_deck(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Attention\n\nAttention weighs the tokens of the input by relevance to a query.\n\n"
        "## Heads\n\nSeveral attention heads run in parallel on projections of the input.\n"
        "Their outputs are concatenated and projected again by a final linear layer.\n",
        "utf-8",
    )
    bank = str(tmp_path / "bank.sqlite")
    assert run("decks", "import", str(notes), "--bank", bank).returncode == 0
    # before: a list of 100 million page numbers (57 s, 12.8 GB); the limit is a guard
    peaks = {}
    for pages in ("1-2", "1-99999999"):
        proc, peaks[pages] = run_measured(
            "draft", "--deck", "1", "--pages", pages, "--tf", "1",
            "--strategy", "built", "--bank", bank, "--json", timeout=60,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    # peaks in KiB: the huge range costs no more memory than the deck's own pages
    assert peaks["1-99999999"] < peaks["1-2"] + 200_000, peaks
    err = assert_words(
        run("draft", "--deck", "1", "--pages", "5-9,40", "--strategy", "built", "--bank", bank)
    )
    assert "has pages 1-2; it has no page 5-9, 40" in err


def _image_question(tmp_path: Path, size: int) -> Path:
    src = tmp_path / f"image-{size}.json"
    data = base64.b64encode(os.urandom(size)).decode()
    doc = {
        "type": "essay",
        "stem": "Describe the figure.",
        "images": [{"name": "fig.png", "data": data}],
    }
    src.write_text(json.dumps(doc), "utf-8")
    return src


def test_an_oversized_image_is_refused_and_listings_never_read_images(tmp_path: Path) -> None:
    bank = tmp_path / "bank.sqlite"
    err = assert_words(run("bank", "add", str(_image_question(tmp_path, MAX_IMAGE_BYTES + 1024)),
                           "--bank", str(bank)))  # fmt: skip
    assert f"at most {MAX_IMAGE_BYTES >> 20} MB each" in err
    with open_bank(bank) as b:
        assert QuestionBank(b).count() == 0
    size = MAX_IMAGE_BYTES - 1024
    assert (
        run("bank", "add", str(_image_question(tmp_path, size)), "--bank", str(bank)).returncode
        == 0
    )
    listed = run("bank", "list", "--json", "--bank", str(bank))
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["questions"][0]["images"] == [
        {"name": "fig.png", "bytes": size}
    ]
    # `bank show` still gives the image itself
    shown = json.loads(run("bank", "show", "1", "--json", "--bank", str(bank)).stdout)
    assert len(base64.b64decode(shown["images"][0]["data"])) == size


def test_the_service_lists_without_loading_image_data(tmp_path: Path) -> None:
    doc = json.loads(_image_question(tmp_path, 5000).read_text("utf-8"))
    with open_bank(tmp_path / "bank.sqlite") as b:
        service = QuestionBank(b)
        qid = service.add_many([question_from_dict(doc)])[0]
        assert service.list_questions(images=False)[0].images == ()
        assert service.image_sizes([qid]) == {qid: [("fig.png", 5000)]}
        assert len(service.list_questions()[0].images[0].data) == 5000  # the default reads them


def test_many_near_identical_pages_in_a_row_are_one_place_not_an_agenda(monkeypatch) -> None:
    """Thousands of near-duplicates (a page number apart) form one run of pages, as
    all-pairs matching says; the near-linear matching must not see gaps in it."""
    rnd = random.Random(3)
    body = " ".join(f"term{rnd.randint(0, 999)}" for _ in range(150))
    pages = [f"Page {i} {body}" for i in range(500)]
    n_words = [len(page_flags._WORD.findall(p)) for p in pages]
    monkeypatch.setattr(page_flags, "_EXACT_UP_TO", 100)
    assert page_flags._repeated_pages(pages, n_words) == set()
    monkeypatch.setattr(page_flags, "_EXACT_UP_TO", 10**9)
    assert page_flags._repeated_pages(pages, n_words) == set()
