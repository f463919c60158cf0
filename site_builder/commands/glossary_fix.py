"""`site-builder glossary [--fix]`: list the glossary findings, and rewrite discouraged variants to
the preferred term in the Markdown sources — prose and the text nodes of raw HTML only (the findings
come from the token stream, so code, math, tags, attributes and URLs are never touched), printing
each change. Every occurrence is rewritten in one run: running it twice changes nothing."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..build.build import assemble
from ..core.config import load_config
from ..content.frontmatter import rewrite_lines
from ..content.sources import discover
from ..core.files import signature
from ..core.problems import Problem, error
from ..glossary.korean import particle_after

_HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")


@dataclass(frozen=True)
class Change:
    file: str  # relative to the site
    line: int
    col: int
    old: str
    new: str
    seen: tuple = field(default=(), compare=False)  # the file's signature before it was read

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: '{self.old}' → '{self.new}'"


def glossary_findings(site_dir: Path) -> tuple[list[Problem], list[Change]]:
    """(glossary problems, the changes --fix would make)."""
    config = load_config(site_dir)
    seen = {}  # each note's signature before the build reads it: a note edited since is not fixed
    for source in discover(config).pages:
        try:
            seen[source.file] = signature(source.file)
        except OSError:
            pass
    done = assemble(config)
    problems = sorted(p for p in done.problems if p.code == "glossary")
    changes = [Change(page.site_rel, fix.line, fix.col, fix.variant, fix.preferred, seen.get(page.source.file, ()))
               for page in done.site.pages for fix in page.glossary_fixes if fix.col and "\n" not in fix.variant]
    return problems, changes


def _edit(edits: list[Change], made: list[Change]):
    def edit(lines: list[str]) -> list[str]:
        # Right to left, so the columns of the changes before stay true; a change whose span meets
        # one already made on its line is skipped (never two rewrites of one text).
        limit: dict[int, int] = {}  # line -> where the last change made on it starts
        done: set[tuple] = set()  # a note and a link to it: one change
        for change in sorted(set(edits), key=lambda c: (c.line, c.col), reverse=True):
            where = (change.line, change.col, change.old)
            line = lines[change.line - 1] if change.line <= len(lines) else ""
            at = change.col - 1
            if where in done or line[at:at + len(change.old)] != change.old or \
                    at + len(change.old) > limit.get(change.line, len(line)):
                continue
            change = _with_particle(change, line, limit.get(change.line, len(line)))
            lines[change.line - 1] = line[:at] + change.new + line[at + len(change.old):]
            limit[change.line] = at
            done.add(where)
            made.append(change)
        return lines

    return edit


def _with_particle(change: Change, line: str, limit: int) -> Change:
    """The change with the particle after the term, when the new term takes the other form of it
    (로스를 → 손실을, not 손실를): the Korean word after the term is that particle and nothing more."""
    end = change.col - 1 + len(change.old)
    tail = _HANGUL_RUN.match(line, end)
    if tail is None or tail.end() > limit:
        return change
    particle = particle_after(change.new, tail[0])
    if particle == tail[0]:
        return change
    return replace(change, old=change.old + tail[0], new=change.new + particle)


def apply_changes(site_dir: Path, changes: list[Change]) -> tuple[list[Change], list[Problem]]:
    """Rewrite the files; returns the changes made (a change whose text is no longer there is
    skipped), and a problem for each file that could not be rewritten (left as it was)."""
    made: list[Change] = []
    failed: list[Problem] = []
    by_file: dict[str, list[Change]] = {}  # by the file a note is (a link and its file: one)
    for change in changes:
        by_file.setdefault(os.path.realpath(site_dir / change.file), []).append(change)
    for edits in by_file.values():
        shown = min(c.file for c in edits)
        try:
            tried: list[Change] = []
            rewrite_lines(site_dir / shown, site_dir, _edit(edits, tried), edits[0].seen or None)
            made += tried
        except (OSError, UnicodeDecodeError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            failed.append(error("fix", shown, 0, f"not fixed: {message}"))
    return sorted(made, key=lambda c: (c.file, c.line, c.col)), failed
