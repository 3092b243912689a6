"""Saving the edited question without a Save button.

Every change is journalled to disk (storage.recovery) within `journal_ms`, and
handed to the `save` callback (which the window routes to the bank thread)
once the user pauses for `save_ms`, or at once on `flush()` (focus leaves the
editor, another question is loaded, the window closes). When the window says
the bank stored it (`saved`), the journal entry goes; an entry left at the next
start means the app died first, and `offer_recovery` asks to restore it.

Journal files are written and removed on a thread of their own (one, so they
happen in order): the GUI thread never waits for the disk's fsync.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from storage.domain import Question
from storage.recovery import RecoveryEntry, RecoveryJournal, journal_key
from storage.rich_text import to_plain

JOURNAL_MS = 300
SAVE_MS = 1000

SAVED = "Saved"
UNSAVED = "Unsaved changes"
SAVING = "Saving…"


class Autosaver(QObject):
    """Debounced journal + save of one question at a time."""

    state_changed = Signal(str)  # SAVED, UNSAVED, SAVING or "Not saved: …"
    _journal_failed = Signal(str)  # from the journal thread, delivered on the GUI thread

    def __init__(
        self,
        save: Callable[[Question], None] | None = None,
        journal: RecoveryJournal | None = None,
        journal_ms: int = JOURNAL_MS,
        save_ms: int = SAVE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.save = save
        self.journal = journal if journal is not None else RecoveryJournal()
        self._pending: Question | None = None  # changed, not yet handed to `save`
        self._in_flight: Question | None = None  # handed to `save`, not yet confirmed
        self._journalled: Question | None = None
        self.state = SAVED
        self.last_error = ""
        self._journal_timer = QTimer(self, singleShot=True, interval=journal_ms)
        self._journal_timer.timeout.connect(self._write_journal)
        self._save_timer = QTimer(self, singleShot=True, interval=save_ms)
        self._save_timer.timeout.connect(self._save_now)
        self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recovery-journal")
        self._journal_failed.connect(self._report_journal_error)
        self.destroyed.connect(lambda *_: self._io.shutdown(wait=True))

    def _in_background(self, fn: Callable[[], object]) -> Future[object]:
        future = self._io.submit(fn)

        def check(done: Future[object]) -> None:
            exc = done.exception()
            if isinstance(exc, (OSError, ValueError)):  # a full disk must not cost the edit
                self._journal_failed.emit(f"Recovery copy not written: {exc}")

        future.add_done_callback(check)
        return future

    def _report_journal_error(self, message: str) -> None:
        self.last_error = message
        self.state_changed.emit(message)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until the journal writes asked for so far are on disk (tests, shutdown)."""
        self._io.submit(lambda: None).result(timeout)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def changed(self, q: Question) -> None:
        """The editor shows `q` now; journal it soon and save it after a pause."""
        self._pending = q
        self._set_state(UNSAVED)
        if not self._journal_timer.isActive():  # at most one write per interval while typing
            self._journal_timer.start()
        self._save_timer.start()  # restarts: save once the typing pauses

    def flush(self) -> None:
        """Journal and save what is pending now (focus out, load, close)."""
        self._journal_timer.stop()
        self._write_journal()
        self._save_now()

    def discard(self) -> None:
        """Forget pending changes (the question was deleted); the journal entry goes too."""
        self._journal_timer.stop()
        self._save_timer.stop()
        for q in (self._pending, self._in_flight, self._journalled):
            if q is not None:
                self._in_background(lambda q=q: self.journal.clear_question(q))
        self._pending = self._in_flight = self._journalled = None
        self._set_state(SAVED)

    @property
    def has_pending(self) -> bool:
        return self._pending is not None

    def _write_journal(self) -> None:
        q = self._pending
        if q is None or q is self._journalled:
            return
        key = journal_key(q)
        self._in_background(lambda: self.journal.write(q, key))
        self._journalled = q

    def _save_now(self) -> None:
        self._save_timer.stop()
        q = self._pending
        if q is None:
            return
        if self._journalled is not q:
            self._write_journal()
        if self.save is None:
            return  # journal only: nobody to save to yet
        if self._in_flight is not None:
            # one save at a time: a new question's second save must carry the id the
            # first one got, or the bank would get it twice; sent when `saved` arrives
            return
        self._pending = None
        self._in_flight = q
        self._set_state(SAVING)
        try:
            self.save(q)
        except Exception as exc:  # a synchronous save that fails: keep the change
            self.failed(q, str(exc))

    def saved(self, stored: Question) -> None:
        """The bank stored `stored` (the reply to a `save` call)."""
        if self._in_flight is not None and same_question(self._in_flight, stored):
            self._in_flight = None
        pending = self._pending
        if pending is not None and same_question(pending, stored):
            # edits made while it was saving: send them, now with the bank's id and the
            # version just stored (they build on it; not someone else's conflict)
            self._pending = replace(
                pending, id=stored.id, uuid=stored.uuid or pending.uuid, version=stored.version
            )
            self._save_now()
            return
        if pending is None and self._in_flight is None:
            self._in_background(lambda: self.journal.clear_question(stored))
            self._journalled = None
            self._set_state(SAVED)
        elif pending is not None and self._in_flight is None:
            self._save_now()  # another question's edits waited for this reply

    def failed(self, q: Question, message: str) -> None:
        """The bank refused `q`; it stays journalled and is retried with the next change."""
        if self._in_flight is not None and same_question(self._in_flight, q):
            self._in_flight = None
        if self._pending is None:
            self._pending = q  # retried by the next change or flush
        self._save_timer.stop()
        self.last_error = message
        self._set_state(f"Not saved: {message}")


def same_question(a: Question, b: Question) -> bool:
    """Whether two values are versions of one question (by uuid, else by id)."""
    if a.uuid and b.uuid:
        return a.uuid == b.uuid
    return a.id is not None and a.id == b.id


def offer_recovery(parent: QWidget | None, journal: RecoveryJournal) -> list[RecoveryEntry]:
    """At start-up: if edits were left unsaved by a crash, ask whether to restore them.

    Returns the entries to restore (the caller saves them to the bank and
    then clears them); entries the user discards are cleared here.
    """
    entries, bad = journal.entries()
    if not entries and not bad:
        return []
    lines = [
        f"• {e.question.type.label}: {to_plain(e.question.stem, e.question.text_format)[:70]} "
        f"(edited {e.saved_at:%Y-%m-%d %H:%M} UTC)"
        for e in entries[:8]
    ]
    if len(entries) > 8:
        lines.append(f"… and {len(entries) - 8} more")
    lines += [f"• {b}" for b in bad]
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore unsaved edits?")
    box.setText(
        f"Quizwright closed before {len(entries)} edited question(s) were saved."
        if entries
        else "Some recovery files could not be read."
    )
    box.setInformativeText("\n".join(lines))
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole) if entries else None
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton("Decide later", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is later:
        return []
    if restore is not None and clicked is restore:
        return entries
    for e in entries:
        journal.clear(e.key)
    return []
