"""What one Markdown render collects besides HTML. Lives in markdown-it's `env["page"]` for the
duration of one render only; the result is frozen into a `Rendered`. Features built on the dialect
(glossary, translation) keep their own state under their own `env` key: nothing of theirs is here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..core.config import Config
from .equations import Numbering
from .headings import HeadingRef, TocEntry
from ..core.problems import Problem, warning


@dataclass(frozen=True)
class NumberedMath:
    """An environment LaTeX numbers but KaTeX shows without numbers."""

    line: int
    col: int
    env: str


@dataclass(frozen=True)
class Link:
    """A link or image target as written in the source, and the href it became."""

    target: str
    href: str
    line: int
    col: int
    kind: str  # "link" | "image" | "html"


@dataclass(frozen=True)
class LinkSettings:
    """What of the site's configuration a note's links and `{{ site.KEY }}` depend on; made once
    per build (plain values, so it pickles for worker processes)."""

    baseurl: str  # "" or "/course"
    language: str  # the default language, served at /
    languages: tuple[str, ...]  # codes of the site's languages
    site: Mapping[str, Any]  # what `{{ site.KEY }}` means in content, see Config.site_value
    figure_words: Mapping[str, str] = field(default_factory=dict)  # by language: "Figure", "그림" (interface string)

    @classmethod
    def of(cls, config: Config, figure_words: Mapping[str, str] | None = None) -> LinkSettings:
        builtin = {"title": config.title, "description": config.description, "url": config.url,
                   "baseurl": config.baseurl, "language": config.language, "cname": config.cname}
        return cls(baseurl=config.baseurl, language=config.language, languages=tuple(config.languages),
                   site={**config.params, **builtin}, figure_words=dict(figure_words or {}))

    def site_value(self, key: str) -> Any:
        """KeyError when the site has no such key."""
        return self.site[key]


@dataclass
class NoteState:
    rel: str  # content-relative path of the note
    site_rel: str  # path relative to the site dir, for diagnostics
    lines: list[str]  # the note's lines, for columns
    settings: LinkSettings
    routes: Mapping[str, str]  # content rel of every page -> its site path
    inherit_ids: tuple[HeadingRef, ...] = ()  # a translation's: its source note's headings
    problems: list[Problem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    toc: tuple[TocEntry, ...] = ()
    numbered_math: list[NumberedMath] = field(default_factory=list)
    numbering: Numbering = field(default_factory=Numbering)  # equation numbers and labels (equations.py)

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
