"""What gpt4all's native code writes to the process's stderr, collected and logged.

llama.cpp reports through stderr only, and gpt4all tries every backend it ships
when it first loads a model: without a GPU the user would read "Failed to load
libllamamodel-mainline-cuda.so …" for hardware they do not have. The text is kept
in the log (logger "quizwright.native"), not shown.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterator

log = logging.getLogger("quizwright.native")


@contextlib.contextmanager
def native_stderr() -> Iterator[list[str]]:
    """Collect what native code writes to the process's stderr (fd 2) during the block.

    Yields a list that holds the text once the block ends. Output of other
    threads during the block is collected too; the caller logs it, it is not lost.
    """
    text: list[str] = []
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, AttributeError, ValueError):  # no stderr (e.g. pythonw): nothing to collect
        yield text
        return
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield text
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            text.append(tmp.read().decode("utf-8", errors="replace"))


@contextlib.contextmanager
def quiet_native(what: str) -> Iterator[None]:
    """Run the block with native stderr going to the log (as `what`), not the terminal."""
    with native_stderr() as native:
        yield
    said = "".join(native).strip()
    if said:
        log.info("native output while %s:\n%s", what, said)
