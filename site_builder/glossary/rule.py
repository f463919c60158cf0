"""The glossary feature of the Markdown dialect, plugged in with `md.use(glossary_plugin)`: a pass
over a note's tokens that finds which terms it uses, where it deviates from the glossary
(`file:line:col`), and — in a translation — shows the source-language original at a term's first
use (or every use), linking to the glossary entry. Code and math are never looked at; the text
nodes of raw HTML blocks, headings and link texts are checked but never annotated; a block still in
the source language is not checked term by term (translation/rule.py reports it once), nor one kept
in it on purpose (markdown/keep.py); a gloss
written by hand ("역전파(backpropagation)", "backpropagation (역전파)") is left alone. Its per-note
state lives under `env["glossary"]`."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..core.config import Config
from ..markdown.keep import kept_inlines
from ..markdown.state import NoteState
from .judge import ACCEPTED, AVOIDED, LEFT, USED, GlossaryIndex, Hit, annotated_by_hand, judge
from .markup import markup
from .columns import text_columns, word_column
from .html_text import html_texts
from .language import in_source_language
from .inline import Edit, Lines, in_link, prose, runs, split_token
from .match import normalize
from .paths import glossary_href


@dataclass(frozen=True)
class GlossaryFix:
    """A discouraged variant in a note, and what `glossary --fix` would write instead."""

    line: int
    col: int  # 0: not found on the line (the variant spans a line break)
    variant: str
    preferred: str


@dataclass(frozen=True)
class GlossaryResult:
    """What the glossary pass found in one note."""

    terms: frozenset[str] = frozenset()  # anchors of the glossary terms the note uses
    fixes: tuple[GlossaryFix, ...] = ()
    annotated: frozenset[int] = frozenset()  # terms (indexes) annotated at their first use, or by hand


@dataclass(frozen=True)
class GlossaryPass:
    """The glossary pass of one build: the matchers and the site's settings for it."""

    index: GlossaryIndex
    annotate: str = "first"  # site.yaml `glossary.annotate`: first, all or off
    lang_name: str = ""  # the display name of the glossary's source language, for messages

    @classmethod
    def of(cls, index: GlossaryIndex, config: Config) -> GlossaryPass:
        source_lang = index.glossary.source_lang
        return cls(index, config.annotate, config.languages.get(source_lang, source_lang))

    def note(self) -> GlossaryNote:
        """The state of the pass over one note: a fresh one for each render."""
        return GlossaryNote(self)


@dataclass
class GlossaryNote:
    """`env["glossary"]` while one note renders."""

    settings: GlossaryPass
    terms_used: set[str] = field(default_factory=set)  # anchors of glossary terms the note uses
    fixes: list[GlossaryFix] = field(default_factory=list)
    annotated: set[int] = field(default_factory=set)  # terms (indexes) annotated, or written so by hand

    def collect(self, md: MarkdownIt, tokens: list[Token], env: dict) -> GlossaryResult:
        return GlossaryResult(frozenset(self.terms_used), tuple(self.fixes), frozenset(self.annotated))


class _Page:
    """The pass over one note."""

    def __init__(self, page: NoteState, note: GlossaryNote) -> None:
        self.page = page
        self.note = note
        self.glossary = note.settings.index.glossary
        self.matcher = note.settings.index.matchers.get(page.lang)
        self.translated = page.lang != self.glossary.source_lang
        self.lang_name = note.settings.lang_name
        self.link = glossary_href(page.lang, page.settings)
        self.annotated = note.annotated  # the note's: a lecture page's transcript goes on from it
        self.cols: dict[tuple[int, str], int] = {}  # where the last finding of a text on a line was
        self.token_cols: dict[int, tuple[int, bool]] = {}  # the current block's text tokens: see text_columns

    def column(self, line: int, text: str, hint: int, floor: int = 0) -> int:
        """Column of `text` on `line`: `hint` (from the token's own column) when the source has it
        there; else its next occurrence at a word's start from `floor` (0-based) or after the last
        finding of the same text on the line."""
        source = self.page.lines[line - 1] if 0 < line <= len(self.page.lines) else ""
        if hint and source[hint - 1:hint - 1 + len(text)] == text:
            col = hint
        else:
            col = word_column(source, text, max(floor, self.cols.get((line, text), 0)))
        if col:
            self.cols[(line, text)] = col
        return col

    def block(self, block: Token) -> bool:
        """Whether to lint an inline block: not when it is still in the source language (one
        `untranslated` finding says so, not a warning per term). Notes its text tokens' columns."""
        said = " ".join(c.content for c in block.children or () if c.type == "text")
        index = self.note.settings.index
        if self.translated and in_source_language(said, self.page.lang, self.glossary.source_lang, index):
            return False
        self.token_cols = text_columns(block.children or [], self.page.lines)
        return True

    def html(self, block: Token) -> None:
        """Lint the text nodes of a raw HTML block (never annotated: its HTML is left as written)."""
        for piece in html_texts(block.content, block.map[0] + 1 if block.map else 0):
            norm = normalize(piece.text)
            if in_source_language(norm, self.page.lang, self.glossary.source_lang, self.note.settings.index):
                continue
            parens = [m.start() for m in re.finditer(r"[()]", norm)] if "(" in norm else []
            for match in _outside_urls(norm, self.matcher.find(norm)):
                newline = norm.rfind("\n", 0, match.start)
                line = piece.line + norm.count("\n", 0, match.start)
                hint = piece.col + match.start + 1 if newline < 0 else match.start - newline
                self._used(norm, match, line, hint if norm == piece.text else 0, parens)

    def run(self, tokens: list[Token], annotate: bool) -> None:
        starts, parts, pos = [], [], 0
        for token in tokens:
            starts.append(pos)
            text = token.content if token.type == "text" else "\n" if token.type == "softbreak" else ""
            parts.append(text)
            pos += len(text)
        text = "".join(parts)
        norm = text if text.isascii() else normalize(text)
        if norm != text:
            annotate = False  # offsets would not map back to the tokens
        edits: dict[int, list[Edit]] = {}
        parens = [m.start() for m in re.finditer(r"[()]", norm)] if "(" in norm else []
        lines = Lines(norm, tokens, starts)
        for match in _outside_urls(norm, self.matcher.find(norm)):
            where = bisect_right(starts, match.start) - 1  # the last token starting at or before it
            col, exact = self.token_cols.get(id(tokens[where]), (0, False)) if norm == text else (0, False)
            hint = col + match.start - starts[where] + 1 if exact else 0
            if self._used(norm, match, lines.line(where, match.start), hint, parens, col) and annotate:
                edit = self._annotation(norm, match, starts, where)
                if edit is not None:
                    edits.setdefault(where, []).append(edit)
        for where, spans in edits.items():
            split_token(tokens[where], spans)

    def _used(self, norm: str, match, line: int, hint: int, parens: list[int], floor: int = 0) -> bool:
        """Report a deviation; True for a term the note uses (then one of the note's terms)."""
        term = self.glossary.terms[match.value.term]
        written = norm[match.start:match.end]
        verdict = judge(self.glossary, self.page.lang, norm, match, self.lang_name, parens)
        if verdict.kind in (AVOIDED, LEFT):
            shown = written.split("\n")[0]
            col = self.column(line, shown, hint, floor)
            self.page.warn("glossary", line, verdict.message, col)
            if verdict.kind == AVOIDED:
                self.note.fixes.append(GlossaryFix(line, col, written, term.preferred(self.page.lang)))
            return False
        if verdict.kind != USED:
            return False
        self.note.terms_used.add(term.anchor)
        return True

    def _annotation(self, norm: str, match, starts: list[int], where: int) -> Edit | None:
        """The markup of a term used in a translation, at its first use (or every use); None: none."""
        hit: Hit = match.value
        term = self.glossary.terms[hit.term]
        if not (self.translated and hit.kind == ACCEPTED):
            return None
        if annotated_by_hand(norm, match.end, term, match.start):
            self.annotated.add(hit.term)
            return None
        first = hit.term not in self.annotated
        if not first and self.note.settings.annotate != "all":
            return None
        if bisect_right(starts, match.end - 1) - 1 != where:
            return None  # spans a line break: checked, not annotated
        self.annotated.add(hit.term)
        return Edit(match.start - starts[where], match.end - starts[where],
                     markup(term, first, self.link, self.glossary.source_lang))


# An address written out in prose (no autolink): its words are no terms, and --fix must not edit it.
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>]+", re.I)


def _outside_urls(norm: str, matches: list) -> list:
    if "://" not in norm and "www." not in norm.lower():
        return matches
    spans = [m.span() for m in _URL.finditer(norm)]
    return [m for m in matches if not any(a <= m.start < b for a, b in spans)]


def glossary_terms(state: StateCore) -> None:
    """Core rule: run the glossary pass when the note renders with one."""
    page: NoteState | None = state.env.get("page")
    note: GlossaryNote | None = state.env.get("glossary")
    if page is None or note is None or not note.settings.index.glossary:
        return
    one = _Page(page, note)
    if not one.matcher:
        return
    tokens = state.tokens
    if not one.translated:
        # The source language only says which terms the note uses: one pass over all its prose.
        terms = one.glossary.terms
        note.terms_used.update({terms[hit.term].anchor for hit in one.matcher.values(normalize(prose(tokens)))})
        return
    annotate = note.settings.annotate != "off"
    kept = kept_inlines(tokens)  # kept in the source language on purpose: not linted
    for i, block in enumerate(tokens):
        if block.type == "html_block":
            one.html(block)
        if block.type != "inline" or not block.children or id(block) in kept or not one.block(block):
            continue
        heading = i > 0 and tokens[i - 1].type == "heading_open"
        skip = in_link(block.children)
        for run in runs(block.children):
            one.run(run, annotate and not heading and not any(id(t) in skip for t in run))
        if any((c.meta or {}).get("glossary_pieces") for c in block.children):
            children = []
            for child in block.children:
                children.extend((child.meta or {}).get("glossary_pieces") or [child])
            block.children = children


def glossary_plugin(md: MarkdownIt) -> None:
    """Adds `glossary_terms` to the core chain: after the links are rewritten (it never looks into
    them), before the footnotes are gathered (their text is checked too)."""
    md.core.ruler.before("footnote_tail", "glossary_terms", glossary_terms)
