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
from .hashes import matches, normalised, well_formed

# A line and its newline: not str.splitlines, which also splits at form feeds and U+2028 (patch would not).
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


@dataclass(frozen=True)
class Drift:
    sections: tuple[str, ...]  # ids of the source's sections that changed ("" = before the first heading)
    diff: str  # unified diff of the source since the stamped version


def _git(cwd: Path, *args: str) -> str | None:
    """What git says, or None: no git, no repository, no such version all mean "cannot tell"."""
    result = git(cwd, *args, env=_LITERAL, timeout=30)
    return result.stdout if result is not None and result.returncode == 0 else None


_LITERAL = {"GIT_LITERAL_PATHSPECS": "1"}  # a path is a path: `*` or `[1]` in a note's name is no glob


def _names(root: Path, rel: str) -> list[str]:
    """The paths the file has had in the history of HEAD, newest first: renames and moves followed
    (a language folder renamed too, a rename with edits as git sees one)."""
    out = _git(root, "log", "--follow", "--name-only", "-z", "--format=%x01", "--", rel) or ""
    names = [n.strip("\n\x01") for n in out.split("\0")]
    return list(dict.fromkeys([rel, *(n for n in names if n)]))


def _versions(root: Path, names: list[str], *revs: str) -> list[str]:
    """`commit:path` of each commit in `revs` that touched one of `names` (merges that resolved a
    conflict in it too, which `--follow` leaves out), newest first: each commit's newest name first."""
    out = _git(root, "log", "--full-history", "--format=%H", *revs, "--", *names) or ""
    return [f"{commit}:{name}" for commit in dict.fromkeys(out.split()) for name in names if "\n" not in name]


def _first_match(root: Path, objects: list[str], stamp: str) -> str | None:
    """The text of the first of `objects` whose hash is `stamp`: all read by one `git cat-file`,
    each distinct version hashed once (a long history costs one process, not one per commit)."""
    if not objects:
        return None
    result = git(root, "cat-file", "--batch", env=_LITERAL, input="".join(f"{o}\n" for o in objects).encode(), timeout=60)
    if result is None or result.returncode != 0:
        return None
    out, at, seen = result.stdout, 0, set()
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # `missing`: the commit has no file at that name
        size = int(header[2])
        blob, at = out[at:at + size], at + size + 1
        if header[0] in seen:
            continue
        seen.add(header[0])
        text = blob.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
        if matches(stamp, text):
            return text
    return None


def stamped_version(file: Path, stamp: str) -> str | None:
    """The text of `file` at the newest commit whose version has hash `stamp`, if any: in the
    history of HEAD (renames followed), else in any branch or reflog entry (a stamped commit since
    amended, rebased or squashed away is still there until git collects it)."""
    if not well_formed(stamp):
        return None  # garbage never matches: no history to search
    top = _git(file.parent, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    root = Path(top.strip()).resolve()
    rel = file.resolve().relative_to(root).as_posix()
    names = _names(root, rel)
    for revs in (("HEAD",), ("--all", "--reflog")):
        found = _first_match(root, _versions(root, names, *revs), stamp)
        if found is not None:
            return found
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
