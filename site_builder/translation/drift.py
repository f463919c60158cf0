"""What changed in a source note since its translation was stamped: found in git history (the
version whose hash is the stamp), compared section by section (by heading id) and as a diff.
Outside a git checkout, or when the stamped version is not in history, only the fact is known."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.git import git
from ..markdown.headings import slugify
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


def _sections(text: str) -> dict[str, str]:
    """Section id -> its text, split at ATX headings (ids as the generator makes them)."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    fence = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        stripped = line.strip()
        if not fence and stripped.startswith("#") and stripped.lstrip("#").startswith(" "):
            title = stripped.lstrip("#").strip()
            explicit = title.rsplit("{#", 1)
            current = explicit[1].rstrip("} ") if len(explicit) == 2 else slugify(title)
            sections.setdefault(current, [])
        sections[current].append(line)
    return {k: normalised("\n".join(v)) for k, v in sections.items()}  # as the hash: code whitespace counts


def drift(file: Path, stamp: str, current: str) -> Drift | None:
    """What changed in the source `file` (now `current`) since the stamped version; None if unknown."""
    old = stamped_version(file, stamp)
    if old is None:
        return None
    before, after = _sections(old), _sections(current)
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
