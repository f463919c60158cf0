"""The translation feature of the Markdown dialect, plugged in with `md.use(translation_plugin)`:
its per-note input and result live under `env["translation"]`. A translation shows, after each
top-level paragraph, its source paragraph folded; a note related to a translation keeps its blocks
and verbatim parts (progress and the parity check) and, for a source note, its paragraphs' HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..core.problems import info
from ..glossary.language import in_source_language
from ..markdown.headings import HeadingRef
from ..markdown.keep import kept_inlines, kept_opens
from .progress import Block, Verbatim, blocks, countable, kinds, prose_words, verbatim, words

# A footnote reference's anchor, as mdit-py-plugins writes it: `<a href="#fn1" id="fnref1">`.
_FOOTNOTE_REF_ID = re.compile(r'(<sup class="footnote-ref"><a href="#fn[^"]*") id="fnref[^"]*"')


@dataclass(frozen=True)
class TranslationResult:
    """What a note's render gives its translations, progress and the parity check."""

    blocks: tuple[Block, ...] = ()  # for progress (a note with no translation relation keeps none)
    verbatim: Verbatim = Verbatim()  # its code and math, for the parity check
    paragraphs: tuple[str, ...] = ()  # HTML of its top-level paragraphs, for "show the original"
    words: int = 0  # words of prose (code and math excluded), counted once here: rebuilds reuse it


@dataclass(frozen=True, kw_only=True)
class TranslationInput:
    """A note's place among translations, `env["translation"]` while it renders. Its repr is part
    of the note's memo key. A note with no translation relation keeps neither blocks nor verbatim:
    they are the bulk of a large site's memory."""

    source_lang: str  # the language notes are translated from
    source_headings: tuple[HeadingRef, ...] = ()  # a translation's: its source note's headings
    original_label: str = "Original"  # a translation's: its language's `show_original` (content.i18n)
    source_paragraphs: tuple[str, ...] = ()  # a translation's: its source note's paragraphs' HTML
    keep_paragraphs: bool = False  # a source note with translations: keep its paragraphs' HTML for them
    related: bool = False  # a source or a translation of one: keep blocks and verbatim

    def collect(self, md: MarkdownIt, tokens: list[Token], env: dict) -> TranslationResult:
        paragraphs: tuple[str, ...] = ()
        if self.keep_paragraphs:
            paragraphs = tuple(_original_paragraph(md, tokens[i + 1].children or [], env)
                               for i, t in enumerate(tokens) if t.type == "paragraph_open" and t.level == 0)
        if not self.related:
            return TranslationResult(paragraphs=paragraphs, words=words(tokens))
        page, glossary = env.get("page"), env.get("glossary")
        measure = None
        if page is not None and page.lang != self.source_lang:
            index = glossary.settings.index if glossary is not None else None
            measure = lambda prose: in_source_language(prose, page.lang, self.source_lang, index)  # noqa: E731
        found = blocks(tokens, measure)
        return TranslationResult(blocks=found, verbatim=verbatim(tokens), paragraphs=paragraphs,
                                 words=prose_words(found))


def _original_paragraph(md: MarkdownIt, children, env) -> str:
    """A top-level paragraph as its translations show it folded: without the ids it sets (footnote
    references, `{#id}` spans), which the translation's own would repeat, making back-links ambiguous."""
    copies = [t.copy(attrs={k: v for k, v in t.attrs.items() if k != "id"}) if "id" in t.attrs else t for t in children]
    return _FOOTNOTE_REF_ID.sub(r"\1", md.renderer.renderInline(copies, md.options, env))


def show_original(state: StateCore) -> None:
    """Core rule: after each top-level paragraph of a translation, the source paragraph at the same
    position, in a `<details>` the reader can open (plain HTML: no script needed)."""
    page = state.env.get("page")
    note: TranslationInput | None = state.env.get("translation")
    if page is None or note is None or not note.source_paragraphs:
        return
    tokens = state.tokens
    label = escape(note.original_label)
    source_lang = escape(note.source_lang)
    out: list[Token] = []
    k = 0
    for i, token in enumerate(tokens):
        out.append(token)
        if token.type == "paragraph_close" and token.level == 0:
            original = note.source_paragraphs[k] if k < len(note.source_paragraphs) else None
            k += 1
            inline = tokens[i - 1]
            if original and " ".join(inline.content.split()) not in original:
                html = Token("html_block", "", 0, block=True)
                html.content = (f'<details class="original" lang="{source_lang}"><summary lang="{escape(page.lang)}">'
                                f"{label}</summary><p>{original}</p></details>\n")
                out.append(html)
    state.tokens = out


def untranslated(state: StateCore) -> None:
    """Core rule: in a translation, each block still in the source language is one `info[untranslated]`
    finding (progress counts it as not translated; the glossary does not lint it term by term). A
    block kept in the source language on purpose is none, and says its language: `lang` on its HTML."""
    page = state.env.get("page")
    note: TranslationInput | None = state.env.get("translation")
    if page is None or note is None or page.lang == note.source_lang:
        return
    for token in kept_opens(state.tokens):
        if "lang" not in token.attrs:
            token.attrSet("lang", note.source_lang)
    glossary = state.env.get("glossary")
    index = glossary.settings.index if glossary is not None else None
    kind_of, kept = None, None
    for inlines, prose in countable(state.tokens):
        if in_source_language(prose, page.lang, note.source_lang, index):
            kept = kept_inlines(state.tokens) if kept is None else kept
            if id(inlines[0]) in kept:
                continue
            kind_of = kind_of or kinds(state.tokens)
            first = inlines[0]
            line = first.map[0] + 1 if first.map else 0
            page.problems.append(info("untranslated", page.site_rel, line,
                                      f"{kind_of.get(id(first), 'paragraph')} still in the source language "
                                      f"({note.source_lang}): not translated yet"))


def translation_plugin(md: MarkdownIt) -> None:
    """Adds `untranslated` and `show_original` to the core chain, last before the footnotes are gathered."""
    md.core.ruler.before("footnote_tail", "untranslated", untranslated)
    md.core.ruler.before("footnote_tail", "show_original", show_original)
