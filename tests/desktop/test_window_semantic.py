"""Meaning-based search in the window: the bank's backlog is embedded in the background,
a reworded draft is flagged against the bank, and the slide finder uses meaning."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.main_window import MainWindow
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import Status
from storage.semantic import embedding_status
from tests.conftest import FIXTURES
from tests.storage.test_semantic import PARAPHRASE


def test_backlog_embedded_paraphrase_flagged_and_finder_semantic(
    qtbot, tmp_path: Path, embedding_model_dir: Path, _private_home: Path
) -> None:
    models = _private_home / "models"  # the user's models folder, as after setup
    models.mkdir(parents=True, exist_ok=True)
    for f in embedding_model_dir.iterdir():
        (models / f.name).symlink_to(f)
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as b:  # an existing bank: nothing embedded yet
        service = QuestionBank(b)
        old = service.add(replace(PARAPHRASE[0], status=Status.ACCEPTED))
        draft = service.add(PARAPHRASE[1])  # the same question, other words: a draft
    w = MainWindow(open_bank(path))
    qtbot.addWidget(w)
    w.show()
    # the window loads a model for the bank thread, then embeds the backlog
    qtbot.waitUntil(lambda: w.service.embedder is not None, timeout=20000)
    model = w.service.embedder.model_id
    qtbot.waitUntil(lambda: embedding_status(w.bank, model).complete, timeout=30000)
    # the queue's warning (checked after the window settles) now sees the paraphrase
    w._checker = None
    w._flag_duplicates([q.question for q in w.draft_panel.queue.items])
    queue = w.draft_panel.queue
    qtbot.waitUntil(lambda: bool(queue.items and queue.items[0].duplicates), timeout=20000)
    assert queue.items[0].id == draft.id
    assert queue.items[0].duplicates[0].question_id == old.id

    w.import_files([FIXTURES / "yandex-nlp-lecture-efficiency.pdf"])
    qtbot.waitUntil(lambda: len(w.slides_panel.model.slides) > 0, timeout=20000)
    qtbot.waitUntil(lambda: embedding_status(w.bank, model).complete, timeout=120000)
    # the backlog run's end drops the finder so it is built again with the new slide vectors
    qtbot.waitUntil(lambda: not w._embedding.is_alive(), timeout=20000)
    qtbot.wait(200)  # its last signal is delivered
    deck = w.slides_panel.deck_ids[0]
    w._find_slides("making the network smaller by dropping weights", deck)
    qtbot.waitUntil(lambda: w._finder is not None, timeout=20000)
    assert w._finder.semantic
    w.close()
