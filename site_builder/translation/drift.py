"""What changed in a source note since its translation was stamped: found in git history (the
version whose hash is the stamp), compared section by section (by heading id) and as a diff.
Outside a git checkout, or when the stamped version is not in history, only the fact is known."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..core.git import git

from ..markdown.headings import TocEntry
from ..markdown.sections import sections
from .hashes import matches, normalised

# A line and its newline: not str.splitlines, which also splits at form feeds and U+2028 (patch would not).
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


@dataclass(frozen=True)
class Drift:
    sections: tuple[str, ...]  # ids of the source's sections that changed ("" = before the first heading)
    diff: str  # unified diff of the source since the stamped version


def _git(cwd: Path, *args: str) -> str | None:
    """What git says, or None: no git, no repository, no such version all mean "cannot tell"."""
    result = git(cwd, *args, timeout=30)
    return result.stdout if result is not None and result.returncode == 0 else None


def stamped_version(file: Path, stamp: str) -> str | None:
    """The text of `file` at the newest commit whose version has hash `stamp`, if any."""
    top = _git(file.parent, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    root = Path(top.strip()).resolve()
    rel = file.resolve().relative_to(root).as_posix()
    history = _git(root, "log", "--format=%H", "--follow", "--", rel) or ""
    for commit in history.split():
        text = _git(root, "show", f"{commit}:{rel}")
        if text is not None and matches(stamp, text):
            return text
    return None


def drift(old: str, old_toc: Sequence[TocEntry], current: str, current_toc: Sequence[TocEntry]) -> Drift:
    """What changed in a source note from the stamped version `old` to `current`, each with its
    headings as its parse has them (markdown.render.outline, or its render's toc): the sections
    are named by the ids its page has, whatever the heading's form, and compared as the hash
    compares notes (prose whitespace folded, code as written)."""
    before = {k: normalised(v) for k, v in sections(old, [(e.id, e.line) for e in old_toc]).items()}
    after = {k: normalised(v) for k, v in sections(current, [(e.id, e.line) for e in current_toc]).items()}
    changed = tuple(k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k))
    return Drift(changed, unified_diff(old, current))


def unified_diff(old: str, new: str) -> str:
    """A unified diff of `old` to `new` that `patch` applies exactly: a last line without a newline
    is followed by the marker diff and patch write, `\\ No newline at end of file`."""
    lines = []
    for line in difflib.unified_diff(_LINE.findall(old), _LINE.findall(new), "stamped", "now", n=1):
        lines.append(line)
        if not line.endswith("\n"):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)
