"""Reading a file the user names (a deck, notes, questions to add or import), with limits.

Only regular files are read: a FIFO or a device would block or never end. A
file larger than the limit for its kind is refused before it is read into
memory, and the message says the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["MAX_IMAGE_BYTES", "InputFileError", "read_input", "size_text"]

MAX_IMAGE_BYTES = 20 << 20  # one image in a question; Moodle's default upload limit is lower


class InputFileError(ValueError):
    """A file that cannot be read as input; the message says why, for the user."""


def size_text(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def _missing(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path} is a symbolic link that leads back to itself (a link loop)."
        if path.is_symlink():
            return f"{path} is a symbolic link to {os.readlink(path)}, which does not exist."
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"{path} cannot be reached: permission denied on its folder."
    return f"{path}: no such file."


def read_input(path: Path, limit: int, kind: str) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes; InputFileError
    in words otherwise. `kind` names what it should be ("a deck", "a JSON file")."""
    try:
        info = os.stat(path)
    except OSError:
        raise InputFileError(_missing(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(f"{path} is a folder; choose {kind}.")
    if not stat.S_ISREG(info.st_mode):
        what = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "not a regular file"
        )
        raise InputFileError(f"{path} is {what}, not a regular file; choose {kind}.")
    if info.st_size > limit:
        raise InputFileError(
            f"{path.name} is {size_text(info.st_size)}; {kind} may be at most {size_text(limit)}."
        )
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        why = (exc.strerror or str(exc)).lower()
        raise InputFileError(f"{path} cannot be read: {why}.") from None
    if len(data) > limit:
        raise InputFileError(f"{path.name} is over {size_text(limit)}, the limit for {kind}.")
    return data
