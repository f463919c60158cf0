"""The site's data between stages: pages (notes, fallbacks, generated indexes, lectures) and the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from ..core.config import Config
from ..content.frontmatter import Document
from ..glossary.rule import GlossaryFix
from ..glossary.terms import EMPTY, Glossary
from ..markdown.headings import TocEntry
from ..markdown.render import unpack
from ..markdown.equations import Equations
from ..markdown.state import Link, NumberedMath
from ..content.sources import Source, StaticFile
from ..translation.progress import Progress, Verbatim
from ..core.urls import out_file

if TYPE_CHECKING:
    from ..lectures.lecture import Lecture
    from ..lectures.tracks import Track


@dataclass(frozen=True, kw_only=True)
class Page:
    source: Source
    site_rel: str  # e.g. content/ko/optimization-1.md, for diagnostics
    path: str  # site path, e.g. /optimization-1/ or /en/optimization-1/
    title: str
    layout: str
    meta: Mapping[str, Any]
    meta_lines: Mapping[str, int]
    packed: bytes  # the note's HTML, compressed (markdown.pack)
    toc: tuple[TocEntry, ...] = ()
    anchors: frozenset[str] = frozenset()
    links: tuple[Link, ...] = ()
    numbered_math: tuple[NumberedMath, ...] = ()  # environments KaTeX will not number
    equations: Equations = Equations()  # labels and unresolved references (markdown.equations)
    terms: frozenset[str] = frozenset()  # anchors of the glossary terms the note uses
    glossary_fixes: tuple[GlossaryFix, ...] = ()  # discouraged variants, for `glossary --fix`
    translation: TranslationState | None = None  # for a translation of a source note
    words: int = 0  # words of prose (code and math excluded)
    fallback_of: str = ""  # for a note shown untranslated in a language: the source note's site_rel
    verbatim: Verbatim = Verbatim()  # code and math, for the parity check
    generated: bool = False  # a course index made by the generator (no index.md)
    lecture: Lecture | None = None  # a lecture page: its video and transcript
    digest: str = ""  # identifies `packed` (its render cache key), so page keys need not hash the HTML
    annotated: frozenset[int] = frozenset()  # glossary terms annotated in the note: not again in its transcript

    @property
    def content(self) -> str:
        return unpack(self.packed)

    @property
    def from_note(self) -> bool:
        """Whether a Markdown note made this page (not a generated course index, nor a lecture that
        has no note in its language)."""
        return self.site_rel.endswith(".md")

    @property
    def lang(self) -> str:
        return self.source.lang

    @property
    def key(self) -> str:
        return pair_key(self)

    @property
    def out(self) -> str:
        return out_file(self.path)


@dataclass(frozen=True)
class Asset:
    source: Source
    path: str  # its site path


@dataclass(frozen=True, kw_only=True)
class Site:
    config: Config
    pages: tuple[Page, ...]  # sorted by path
    assets: tuple[Asset, ...]  # files under content/ that are no notes, copied beside them
    statics: tuple[StaticFile, ...]
    glossary: Glossary = EMPTY
    unpublished: tuple[Page, ...] = ()  # source notes when `publish: false`: checked, not written
    lectures: Mapping[str, Mapping[str, Track]] = field(default_factory=dict)  # lecture key -> language -> captions


@dataclass(frozen=True, kw_only=True)
class TranslationState:
    source: str  # site_rel of the source note
    progress: Progress
    stale: bool  # the source changed since `source_hash` was stamped
    stamped: bool  # the translation has a `source_hash`
    changed_sections: tuple[str, ...] = ()  # when stale: the source sections changed since the stamp (from git)
    diff: str | None = None  # when stale: the source's diff since the stamp; None when git history cannot tell


def pair_key(note: Document | Page) -> str:
    """The translation key: the same for all translations of a note. Front matter `translation_of:`
    overrides it with the source note's key (its path without language folder and `.md`)."""
    override = note.meta.get("translation_of")
    if isinstance(override, str) and override.strip():
        return override.strip().strip("/").removesuffix(".md")
    return note.source.key


def site_rel(source: Source) -> str:
    return f"content/{source.rel}"


