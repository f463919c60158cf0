"""What one Markdown render collects besides HTML. Lives in markdown-it's `env["page"]` for the
duration of one render only; the result is frozen into a `Rendered`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..core.config import Config
from .headings import TocEntry
from ..core.problems import Problem, warning


@dataclass(frozen=True)
class Link:
    """A link or image target as written in the source, and the href it became."""

    target: str
    href: str
    line: int
    col: int
    kind: str  # "link" | "image" | "html"


@dataclass
class RenderState:
    rel: str  # content-relative path of the note
    site_rel: str  # path relative to the site dir, for diagnostics
    lines: list[str]  # the note's lines, for columns
    config: Config
    routes: Mapping[str, str]  # content rel of every page -> its site path
    problems: list[Problem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    toc: tuple[TocEntry, ...] = ()
    numbered_math: list[tuple[int, int, str]] = field(default_factory=list)  # (line, col, environment)
    glossary: Any = None  # glossary_lint.GlossaryIndex of the build, or None
    source_headings: tuple[tuple[int, str], ...] = ()  # (level, id) of the source note's headings
    source_paragraphs: tuple[str, ...] = ()  # HTML of the source note's top-level paragraphs
    terms_used: set[str] = field(default_factory=set)  # anchors of glossary terms the note uses
    glossary_fixes: list[tuple[int, int, str, str]] = field(default_factory=list)  # (line, col, variant, preferred)
    annotated: set[int] = field(default_factory=set)  # glossary terms (indexes) annotated, or written so by hand

    @property
    def lang(self) -> str:
        return self.rel.split("/", 1)[0]

    def warn(self, code: str, line: int, message: str, col: int = 0) -> None:
        self.problems.append(warning(code, self.site_rel, line, message, col))

    def column(self, line: int, needle: str, start: int = 0) -> int:
        """1-based column of `needle` on `line` of the note (from 0-based `start`), 0 if not found."""
        if 0 < line <= len(self.lines):
            idx = self.lines[line - 1].find(needle, start)
            return idx + 1 if idx >= 0 else 0
        return 0
