"""Paste Text…: the live preview of the split, Import, and the rename prompt."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from PySide6.QtWidgets import QDialog, QInputDialog

from desktop.paste_text_dialog import PasteTextDialog, ask_deck_name
from desktop.slide_panel import SlidePanel
from storage.slide_store import SlideLibrary

BENCH = Path(__file__).resolve().parents[2] / "bench" / "decks"


def _copied(pdf: Path) -> str:
    with pymupdf.open(pdf) as doc:
        return "\n".join(
            line
            for page in doc
            for line in str(page.get_text()).split("\n")  # type: ignore[no-untyped-call]
            if line.strip()
        )


def test_pasted_pdf_text_previews_its_slides_and_imports(qtbot, bank) -> None:
    dialog = PasteTextDialog()
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    text = _copied(BENCH / "elte-nlp_7-lexical_semantics.pdf").encode().decode("mac_roman")
    dialog.title_edit.setText("Lexical semantics")
    dialog.text_edit.setPlainText(text)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10000)  # after the typing pause
    assert "“Lexical semantics”: 18 slides" in dialog.summary.text()
    assert dialog.slide_list.count() == 18
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    content = dialog.content()
    assert content is not None and content.page_count == 18
    deck = SlideLibrary(bank).import_deck(content).deck
    assert deck.title == "Lexical semantics" and deck.page_count == 18


def test_text_that_is_no_deck_keeps_import_off_and_says_why(qtbot) -> None:
    dialog = PasteTextDialog()
    qtbot.addWidget(dialog)
    dialog.text_edit.setPlainText("   \n\n ")
    dialog.refresh_preview()
    assert not dialog.import_button.isEnabled()
    assert "Paste or type" in dialog.summary.text()
    dialog.text_edit.setPlainText("--- *** ---")
    dialog.refresh_preview()
    assert not dialog.import_button.isEnabled() and "no text" in dialog.summary.text()
    dialog.accept()  # Enter with nothing to import: the dialog stays open
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.content() is None


def test_notes_typed_in_are_one_slide_of_content(qtbot) -> None:
    dialog = PasteTextDialog()
    qtbot.addWidget(dialog)
    dialog.text_edit.setPlainText("Attention\n• weighs tokens by relevance\n• softmax of scores")
    dialog.refresh_preview()
    content = dialog.content()
    assert content is not None and content.page_count == 1 and content.flags == ((),)
    assert content.title == "Attention"
    assert "1 slide, 1 with content" in dialog.summary.text()


def test_import_right_after_an_edit_takes_the_text_as_it_is_now(qtbot) -> None:
    dialog = PasteTextDialog()
    qtbot.addWidget(dialog)
    dialog.text_edit.setPlainText("Attention\n• weighs tokens\n• by relevance")
    dialog.refresh_preview()
    dialog.title_edit.setText("Attention basics")
    dialog.text_edit.appendPlainText("Dropout\n• zeroes units\n• at random")
    content = dialog.content()  # before the preview has caught up
    assert content is not None and content.title == "Attention basics"
    assert "zeroes units" in "\n".join(content.pages)


def test_rename_prompt_asks_again_until_the_name_is_valid(qtbot, monkeypatch) -> None:
    answers = iter([("   ", True), ("  New   name ", True)])
    prompts: list[str] = []

    def fake(parent, title, label, mode, text):  # QInputDialog.getText's arguments
        prompts.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake))
    assert ask_deck_name(None, "Old") == "New name"
    assert "cannot be empty" in prompts[1]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a: ("x", False)))
    assert ask_deck_name(None, "Old") is None


def test_the_deck_list_offers_rename(qtbot, bank) -> None:
    library = SlideLibrary(bank)
    from storage.decks import deck_from_text

    deck = library.import_deck(deck_from_text("Heading\n- one point\n- two", "Notes A")).deck
    panel = SlidePanel()
    qtbot.addWidget(panel)
    panel.set_decks(library.decks())
    with qtbot.waitSignal(panel.rename_requested) as signal:
        panel.rename_action.trigger()
    assert signal.args == [deck.id]
    assert panel.rename_action in panel.deck_box.actions()
    panel.shutdown()  # its page renderer's thread
