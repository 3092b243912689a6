"""Starting the desktop app.

Smoke mode (for packaging checks and bench/startup.py): with the environment
variable QUIZWRIGHT_SMOKE=1 the app quits by itself once it has started, after
printing two lines on stdout:

    quizwright-smoke: shown 0.912 s after process start
    quizwright-smoke: ready 1.204 s after process start

"shown": the window is painted with the bank's first page of questions loaded;
"ready": also every start-up job (review queue, model list) is done and the
event loop is idle. It exits 0; 1 if not ready within QUIZWRIGHT_SMOKE_TIMEOUT
seconds (60 by default) or if the window icon (SVG) cannot be drawn, which in a
bundle means Qt's SVG plugins are missing. Nothing else changes: the same bank,
the same window.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from storage.database import BankError, open_bank

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SMOKE_ENV = "QUIZWRIGHT_SMOKE"
SMOKE_SHOWN = "quizwright-smoke: shown"
SMOKE_MARK = "quizwright-smoke: ready"

# Fallback clock origin when /proc is not there (macOS, Windows): this module's import.
_IMPORTED = time.monotonic()


def seconds_since_process_start() -> float:
    """Wall time since this process started (Linux: from /proc, 10 ms resolution)."""
    try:
        stat = Path("/proc/self/stat").read_text()
        # field 22 (starttime, clock ticks after boot); the name in (...) may hold spaces
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED


class _SmokeExit(QObject):
    """Reports when the window is shown and when it is idle, then quits the app."""

    bank_loaded = Signal()

    def __init__(self, app: QApplication, window: QMainWindow, pools: list[QThreadPool]) -> None:
        super().__init__(window)
        self.app, self.window, self.pools = app, window, pools
        self.painted = False
        self.shown = False
        self.settled = 0  # consecutive polls that found nothing running
        self.deadline = time.monotonic() + float(os.environ.get("QUIZWRIGHT_SMOKE_TIMEOUT", "60"))
        window.installEventFilter(self)
        # The bank thread runs one job at a time; the window queued its first
        # page load first. A higher-priority marker runs right after that job
        # (never before it), and its signal arrives after the job's result.
        self.bank_loaded.connect(self._bank_loaded)
        pools[0].start(self.bank_loaded.emit, 1)
        self.timer = QTimer(self, interval=5)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False

    def _paint_now(self) -> None:
        """Lay out and paint what is pending, so the time printed includes it."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.window.repaint()

    def _bank_loaded(self) -> None:
        self._paint_now()
        self.shown = True
        print(f"{SMOKE_SHOWN} {seconds_since_process_start():.3f} s after process start")
        sys.stdout.flush()

    def _poll(self) -> None:
        if time.monotonic() > self.deadline:
            print("quizwright-smoke: not ready before the timeout", file=sys.stderr, flush=True)
            self._quit(1)
            return
        busy = not (self.painted and self.shown) or any(
            not pool.waitForDone(0) for pool in self.pools
        )
        # Two quiet polls in a row: the results a finished job queued for the GUI
        # thread have been handled in between.
        self.settled = 0 if busy else self.settled + 1
        if self.settled >= 2:
            self._paint_now()
            print(f"{SMOKE_MARK} {seconds_since_process_start():.3f} s after process start")
            sys.stdout.flush()
            if self.app.windowIcon().pixmap(32, 32).isNull():
                print("quizwright-smoke: the window icon cannot be drawn", file=sys.stderr)
                self._quit(1)
                return
            self._quit(0)

    def _quit(self, code: int) -> None:
        self.timer.stop()
        self.window.close()
        self.app.exit(code)


def _fonts_if_none(app: QApplication) -> None:
    """Use the bundled DejaVu fonts when the system has none that can draw text
    (bare machines, minimal containers: Qt then lists only aliases such as
    "Sans Serif" and draws boxes); otherwise the system's fonts are left alone."""
    if QFontMetrics(app.font()).inFont("A"):
        return
    for font in sorted((RESOURCES / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    app.setFont(QFont("DejaVu Sans", app.font().pointSize()))


def run_app(bank_path: Path | str, argv: list[str] | None = None, explicit: bool = True) -> int:
    """Open the window on `bank_path` (or, unless `explicit`, the bank used last)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("Quizwright")
    app.setOrganizationName("Quizwright")
    app.setWindowIcon(QIcon(str(RESOURCES / "quizwright.svg")))
    _fonts_if_none(app)
    from desktop import errors

    errors.install()  # unhandled errors: logged and shown, never the end of the app
    from desktop.settings import AppSettings

    settings = AppSettings()
    if not explicit:
        bank_path = settings.last_bank() or bank_path
    try:
        bank = open_bank(bank_path)
    except BankError as exc:
        QMessageBox.critical(None, "Quizwright cannot open the bank", str(exc))
        print(f"quizwright: error: {exc}", file=sys.stderr)
        return 1
    from desktop.main_window import MainWindow

    window = MainWindow(bank)
    window.show()
    settings.set_last_bank(bank.location if bank.is_server else bank.path)
    smoke = None
    if os.environ.get(SMOKE_ENV) == "1":
        # kept referenced until the event loop ends; every reader and the bank thread count
        pools = [
            window.bank_pool,
            QThreadPool.globalInstance(),
            window.bank_panel.model._pool,
            window.bank_panel._facet_pool,
            window.coverage._pool,
        ]
        smoke = _SmokeExit(app, window, pools)
    else:  # no dialogs in smoke mode: it must end by itself
        window.restore_unsaved()
        window.show_welcome_if_first_run()
    code = int(app.exec())
    del smoke
    return code
