"""A real small disk for the full-disk tests: a tmpfs mounted on a folder (needs root)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def mount_tmpfs(folder: Path, size_kb: int) -> str:
    """Mount a `size_kb` tmpfs on `folder`; "" when done, else why it could not be."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return "mounting a tmpfs needs root and mount(8)"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
        capture_output=True,
    )
    return "" if done.returncode == 0 else done.stderr.decode().strip() or "mount failed"


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], check=False)
