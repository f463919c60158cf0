"""`site-builder glossary [--fix]`: list the glossary findings, and rewrite discouraged variants to
the preferred term in the Markdown sources — prose and the text nodes of raw HTML only (the findings
come from the token stream, so code, math, tags, attributes and URLs are never touched), printing
each change. Every occurrence is rewritten in one run: running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..build.build import assemble
from ..core.config import load_config
from ..content.frontmatter import rewrite_lines
from ..core.problems import Problem


@dataclass(frozen=True)
class Change:
    file: str  # relative to the site
    line: int
    col: int
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: '{self.old}' → '{self.new}'"


def glossary_findings(site_dir: Path) -> tuple[list[Problem], list[Change]]:
    """(glossary problems, the changes --fix would make)."""
    done = assemble(load_config(site_dir))
    problems = sorted(p for p in done.problems if p.code == "glossary")
    changes = [Change(page.site_rel, fix.line, fix.col, fix.variant, fix.preferred) for page in done.site.pages
               for fix in page.glossary_fixes if fix.col and "\n" not in fix.variant]
    return problems, changes


def apply_changes(site_dir: Path, changes: list[Change]) -> list[Change]:
    """Rewrite the files; returns the changes made (a change whose text is no longer there is skipped)."""
    made = []
    by_file: dict[str, list[Change]] = {}
    for change in changes:
        by_file.setdefault(change.file, []).append(change)
    for file, edits in by_file.items():
        def edit(lines: list[str], edits: list[Change] = edits) -> list[str]:
            # Right to left, so the columns of the changes before stay true; a change whose span meets
            # one already made on its line is skipped (never two rewrites of one text).
            limit: dict[int, int] = {}  # line -> where the last change made on it starts
            for change in sorted(set(edits), key=lambda c: (c.line, c.col), reverse=True):
                line = lines[change.line - 1]
                at = change.col - 1
                if line[at:at + len(change.old)] != change.old or at + len(change.old) > limit.get(change.line, len(line)):
                    continue
                lines[change.line - 1] = line[:at] + change.new + line[at + len(change.old):]
                limit[change.line] = at
                made.append(change)
            return lines

        rewrite_lines(site_dir / file, edit)
    return sorted(made, key=lambda c: (c.file, c.line, c.col))
