"""A note's render as the site composes it: the Markdown dialect with the glossary and translation
features plugged in, and each feature's per-note input. The serial path and the worker processes
(parallel.py) render through the same two functions here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from markdown_it import MarkdownIt

from ..content.frontmatter import Document
from ..core.config import Config
from ..glossary.judge import GlossaryIndex
from ..glossary.rule import GlossaryPass, GlossaryResult, glossary_plugin
from ..markdown.mathrender import MathRenderer
from ..markdown.render import Rendered, make_markdown, render_document
from ..markdown.state import LinkSettings
from ..translation.rule import TranslationInput, TranslationResult, translation_plugin


def note_markdown(math: MathRenderer) -> MarkdownIt:
    """The dialect of the site's notes: the Markdown core, then the glossary pass, then the folded
    originals of translations (core chain: … site_links, glossary_terms, show_original, footnote_tail …)."""
    return make_markdown(math).use(glossary_plugin).use(translation_plugin)


@dataclass(frozen=True)
class NoteContext:
    """What every note's render in one build shares (plain values: it pickles for workers)."""

    links: LinkSettings
    routes: Mapping[str, str]  # content rel of every page -> its site path
    glossary: GlossaryPass | None  # None: the site has no glossary
    source_lang: str  # the language notes are translated from

    @classmethod
    def of(cls, config: Config, routes: Mapping[str, str], index: GlossaryIndex | None,
           figure_words: Mapping[str, str] | None = None) -> NoteContext:
        return cls(LinkSettings.of(config, figure_words), dict(routes), GlossaryPass.of(index, config) if index else None,
                   config.source_language)

    def translation(self, **relation) -> TranslationInput:
        """A note's place among translations: TranslationInput's keywords (its source language is the site's)."""
        return TranslationInput(source_lang=self.source_lang, **relation)


@dataclass(frozen=True)
class NoteJob:
    """One note to render, with its place among translations."""

    doc: Document
    site_rel: str
    translation: TranslationInput


def render_note(md: MarkdownIt, job: NoteJob, context: NoteContext) -> Rendered:
    features: dict[str, object] = {}
    if context.glossary is not None:
        features["glossary"] = context.glossary.note()
    features["translation"] = job.translation
    return render_document(md, job.doc, job.site_rel, context.links, context.routes, features,
                           inherit_ids=job.translation.source_headings)


_NO_GLOSSARY = GlossaryResult()
_NO_TRANSLATION = TranslationResult()


def glossary_result(rendered: Rendered) -> GlossaryResult:
    return rendered.features.get("glossary", _NO_GLOSSARY)  # type: ignore[return-value]


def translation_result(rendered: Rendered) -> TranslationResult:
    return rendered.features.get("translation", _NO_TRANSLATION)  # type: ignore[return-value]

