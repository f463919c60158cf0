"""Running git, for `deploy` (plumbing that builds a gh-pages commit) and for staleness (the
stamped version of a source note in its history)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(cwd: Path, *args: str, env: dict | None = None, timeout: float | None = None,
        input: bytes | None = None) -> subprocess.CompletedProcess | None:
    """`git -C cwd ARGS`, output as text (as bytes when given bytes `input`); None when git cannot
    run here (not installed, timed out)."""
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=input is None, input=input,
                              timeout=timeout, env={**os.environ, **env} if env else None)
    except (OSError, subprocess.TimeoutExpired):
        return None
