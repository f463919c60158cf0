"""What changed in a source note since its translation was stamped: found in git history (the
version whose hash is the stamp), compared section by section (by heading id) and as a diff.
Outside a git checkout, or when the stamped version is not in history, only the fact is known."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..core.git import git

from ..markdown.headings import TocEntry
from ..markdown.sections import sections
from .progress import source_hash


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
        if text is not None and source_hash(text) == stamp:
            return text
    return None


def drift(old: str, old_toc: Sequence[TocEntry], current: str, current_toc: Sequence[TocEntry]) -> Drift:
    """What changed in a source note from the stamped version `old` to `current`, each with its
    headings as its parse has them (markdown.render.outline, or its render's toc): the sections
    are named by the ids its page has, whatever the heading's form."""
    before = sections(old, [(e.id, e.line) for e in old_toc])
    after = sections(current, [(e.id, e.line) for e in current_toc])
    changed = tuple(k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k))
    diff = "".join(difflib.unified_diff(old.splitlines(keepends=True), current.splitlines(keepends=True),
                                        "stamped", "now", n=1))
    return Drift(changed, diff)
