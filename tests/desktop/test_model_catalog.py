"""The "Get models" dialog against a real HTTP server on 127.0.0.1 (no real host)."""

from __future__ import annotations

from pathlib import Path

from desktop.model_catalog import ModelCatalogDialog
from tests.models.test_catalog import DATA, Server, _no_proxy, closed_port_url  # noqa: F401
from tests.models.test_catalog import server as catalog_server  # noqa: F401


def _dialog(qtbot, url: str, folder: Path) -> ModelCatalogDialog:
    dialog = ModelCatalogDialog(url=url, folder=folder)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_lists_the_catalog_marks_what_runs_and_downloads(qtbot, catalog_server, tmp_path) -> None:  # noqa: F811
    s: Server = catalog_server
    dialog = _dialog(qtbot, f"{s.base}/models3.json", tmp_path)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10000)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    runs = {names[r]: dialog.table.item(r, 4).text() for r in range(len(names))}
    assert runs["Llama 3.2 3B Instruct"] == "yes"
    assert runs["Qwen3 8B"].startswith("no:")  # gpt4all 2.8.2 cannot load qwen3
    gemma = names.index("Gemma 3 4B Instruct")
    dialog.table.selectRow(gemma)
    assert not dialog.download_button.isEnabled()
    dialog.table.selectRow(names.index("Llama 3.2 3B Instruct"))
    assert dialog.download_button.isEnabled()
    with qtbot.waitSignal(dialog.downloaded, timeout=20000) as got:
        dialog.download_button.click()
    path = Path(got.args[0])
    assert path.read_bytes() == DATA  # whole and MD5-checked
    assert "ready" in dialog.status.text()
    assert (
        "(downloaded)"
        in dialog.table.item(
            dialog.entries.index(next(e for e in dialog.entries if e.name.startswith("Llama"))), 0
        ).text()
    )


def test_offline_without_a_cache_says_so(qtbot, tmp_path) -> None:
    dialog = _dialog(qtbot, closed_port_url(), tmp_path)
    qtbot.waitUntil(lambda: "not available" in dialog.status.text(), timeout=10000)
    assert dialog.table.rowCount() == 0


def test_pause_keeps_the_part_file_and_cancel_deletes_it(qtbot, catalog_server, tmp_path) -> None:  # noqa: F811
    s: Server = catalog_server
    dialog = _dialog(qtbot, f"{s.base}/models3.json", tmp_path)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10000)
    names = [e.name for e in dialog.entries]
    dialog.table.selectRow(names.index("Llama 3.2 3B Instruct"))
    part = tmp_path / "Llama-3.2-3B-Instruct-Q4_0.gguf.part"
    # Pause pressed before the first block arrives (a loopback download is quicker than
    # a click): the download stops at its first progress report, leaving a .part file.
    pause, dialog._cancel.clear = dialog._cancel, lambda: None
    pause.set()
    dialog.download_button.click()
    qtbot.waitUntil(lambda: "Paused" in dialog.status.text(), timeout=10000)
    assert part.exists() and not (tmp_path / "Llama-3.2-3B-Instruct-Q4_0.gguf").exists()
    dialog.download_button.click()  # resumes, and is cancelled (the reply comes after this)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: "Cancelled" in dialog.status.text(), timeout=10000)
    assert not part.exists()
    del dialog._cancel.clear
