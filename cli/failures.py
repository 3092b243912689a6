"""The command line's last line of defence: every failure in words, never a traceback.

`run_guarded` runs a command and turns what escapes it into a message on
stderr and an exit code: 1 for a failure, 130 for Ctrl+C. Output piped into
a program that stops reading early (`| head`) ends quietly. An unexpected
error's traceback goes to a log file in the data folder, not to the screen.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime

from storage.paths import data_dir

SQLITE_MAX = 2**63 - 1  # SQLite stores integers in 64 bits
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
STOPPED = "\nquizwright: stopped (Ctrl+C)."
_GRACE_SECONDS = 1.0  # how long Ctrl+C may wait for Python to notice it

_stopping = threading.Event()


def say(message: str) -> None:
    print(f"quizwright: error: {message}", file=sys.stderr, flush=True)


def check_integers(args: argparse.Namespace) -> str:
    """'' when every whole number on the command line fits the bank, else what does not."""
    for name, value in vars(args).items():
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, bool) or not isinstance(v, int) or -SQLITE_MAX <= v <= SQLITE_MAX:
                continue
            flag = name if name in ("id", "ids", "page", "deck") else f"--{name.replace('_', '-')}"
            return (
                f"{flag} {v} is out of range: numbers here go up to {SQLITE_MAX:,}, "
                "so nothing has that number."
            )
    return ""


def _os_error(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else ""
    if exc.errno == errno.ENOSPC:
        what = "the disk is full. Free some space and try again"
    elif exc.errno == errno.ELOOP:
        what = "it is a symbolic link that points back to itself (a link loop)"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = "permission denied (the file or its folder is read-only)"
    elif exc.errno == errno.ENOENT:
        what = "no such file or folder"
    else:
        what = (exc.strerror or str(exc)).rstrip(".").lower()
    return f"{where}: {what}." if where else f"{what[:1].upper()}{what[1:]}."


def _log_unexpected(exc: BaseException) -> str:
    """Write the traceback to the data folder's log; where it went ('' if it could not)."""
    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "cli-errors.log"
        with path.open("a", encoding="utf-8") as fh:
            from storage.server_bank import scrub  # a bank URL may carry a password

            fh.write(scrub(f"--- {datetime.now().isoformat(timespec='seconds')} {sys.argv!r}\n"))
            fh.write(scrub("".join(traceback.format_exception(exc))))
        return str(path)
    except OSError:
        return ""


def describe_unexpected(exc: BaseException) -> str:
    """An error nobody expected, in words; the traceback is logged, not shown."""
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, MemoryError):
        return "Quizwright ran out of memory. Nothing more was done."
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read. Nothing was changed."
    log = _log_unexpected(exc)
    where = f" The details are in {log}." if log else ""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return (
        f"something unexpected went wrong{': ' + text if text else ''} "
        f"({type(exc).__name__}). Please report it.{where}"
    )


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the exit flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _watch_interrupts() -> None:
    """Make Ctrl+C stop promptly even while the main thread waits inside C code.

    Python raises KeyboardInterrupt only between bytecodes, so a wait in SQLite's
    busy handler (up to the busy limit) or in a C library would hold a Ctrl+C
    back. The signal is also written to a pipe; if the main thread has not
    started stopping a moment later, this thread ends the process. The bank
    stays whole: SQLite drops an unfinished transaction.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    try:
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, False)
        signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    except (OSError, ValueError):
        return  # no wake-up pipe here (Windows): Ctrl+C waits for the C call to end

    def watch() -> None:
        while True:
            try:
                signums = os.read(read_end, 64)
            except OSError:
                return
            if signal.SIGINT not in signums:
                continue
            if not _stopping.wait(_GRACE_SECONDS):
                print(STOPPED, file=sys.stderr, flush=True)
                os._exit(EXIT_INTERRUPTED)

    threading.Thread(target=watch, name="ctrl-c", daemon=True).start()


def run_guarded(command: Callable[[], int], watch_interrupts: bool = True) -> int:
    """`command()`'s exit code; what escapes it, in words (see the module's text).

    `watch_interrupts=False` for the desktop app, which saves its work on the way out.
    """
    if watch_interrupts:
        _watch_interrupts()
    try:
        code = command()
        sys.stdout.flush()  # a closed pipe shows here rather than at exit
        return code
    except KeyboardInterrupt:
        _stopping.set()
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        print(STOPPED, file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (`head`, `less`) has all it wanted: not a failure worth a message.
        _quiet_stdout()
        return 1
    except Exception as exc:
        say(describe_unexpected(exc))
        return 1
