"""The glossary feature of the Markdown dialect, plugged in with `md.use(glossary_plugin)`: a pass
over a note's tokens that finds which terms it uses, where it deviates from the glossary
(`file:line:col`), and — in a translation — shows the source-language original at a term's first
use (or every use), linking to the glossary entry. Code, math, raw HTML are never looked at;
headings and link texts are checked but never annotated; "역전파(backpropagation)" written by hand
is left alone. Its per-note state lives under `env["glossary"]`."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..core.config import Config
from ..markdown.state import NoteState
from .judge import ACCEPTED, AVOIDED, LEFT, USED, GlossaryIndex, Hit, annotated_by_hand, judge
from .markup import TermMarkup, markup
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


def _runs(children: list[Token]) -> list[list[Token]]:
    """Runs of consecutive text and soft breaks; any other token (emphasis, a link's edge, code,
    math, raw HTML) ends a run, so their content is never looked at."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for child in children:
        if child.type == "text" or (child.type == "softbreak" and current):
            current.append(child)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _prose(tokens: list[Token]) -> str:
    """The text of every run (see `_runs`) of the note, a run ending with "\0" (no phrase spans it)."""
    parts: list[str] = []
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        in_run = False
        for child in block.children:
            kind = child.type
            if kind == "text":
                parts.append(child.content)
                in_run = True
            elif kind == "softbreak":
                if in_run:
                    parts.append("\n")
            elif in_run:
                parts.append("\0")
                in_run = False
        parts.append("\0")
    return "".join(parts)


def _in_link(children: list[Token]) -> set[int]:
    inside, depth = set(), 0
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        elif depth:
            inside.add(id(child))
    return inside


@dataclass(frozen=True)
class _Edit:
    """An annotation to make in a text token."""

    start: int  # offsets of the term in the token's content
    end: int
    around: TermMarkup


class _Lines:
    """The line of each match in a run's text. Matches come left to right: line breaks are counted
    from the previous match in the same token, not from the token's start (one long line holding
    many terms was quadratic)."""

    def __init__(self, text: str, tokens: list[Token], starts: list[int]) -> None:
        self.text, self.tokens, self.starts = text, tokens, starts
        self.token, self.offset, self.breaks = -1, 0, 0  # the last match's token, its offset, breaks before it

    def line(self, where: int, pos: int) -> int:
        if self.token != where or self.offset > pos:
            self.token, self.offset, self.breaks = where, self.starts[where], 0
        self.breaks += self.text.count("\n", self.offset, pos)
        self.offset = pos
        return (self.tokens[where].meta or {}).get("line", 0) + self.breaks


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

    def column(self, line: int, text: str) -> int:
        """Column of the next occurrence of `text` on `line` (several findings may share a line)."""
        col = self.page.column(line, text, self.cols.get((line, text), 0))
        if col:
            self.cols[(line, text)] = col
        return col

    def run(self, tokens: list[Token], annotate: bool) -> None:
        starts, parts, pos = [], [], 0
        for token in tokens:
            starts.append(pos)
            text = "\n" if token.type == "softbreak" else token.content
            parts.append(text)
            pos += len(text)
        text = "".join(parts)
        norm = text if text.isascii() else normalize(text)
        if norm != text:
            annotate = False  # offsets would not map back to the tokens
        edits: dict[int, list[_Edit]] = {}
        parens = [m.start() for m in re.finditer(r"[()]", norm)] if "(" in norm else []
        lines = _Lines(norm, tokens, starts)
        for match in self.matcher.find(norm):
            where = bisect_right(starts, match.start) - 1  # the last token starting at or before it
            if self._used(norm, match, lines.line(where, match.start), parens) and annotate:
                edit = self._annotation(norm, match, starts, where)
                if edit is not None:
                    edits.setdefault(where, []).append(edit)
        for where, spans in edits.items():
            self._split(tokens[where], spans)

    def _used(self, norm: str, match, line: int, parens: list[int]) -> bool:
        """Report a deviation; True for a term the note uses (then one of the note's terms)."""
        term = self.glossary.terms[match.value.term]
        written = norm[match.start:match.end]
        verdict = judge(self.glossary, self.page.lang, norm, match, self.lang_name, parens)
        if verdict.kind in (AVOIDED, LEFT):
            shown = written.split("\n")[0]
            self.page.warn("glossary", line, verdict.message, self.column(line, shown))
            if verdict.kind == AVOIDED:
                self.note.fixes.append(GlossaryFix(line, self.cols.get((line, shown), 0), written,
                                                   term.preferred(self.page.lang)))
            return False
        if verdict.kind != USED:
            return False
        self.note.terms_used.add(term.anchor)
        return True

    def _annotation(self, norm: str, match, starts: list[int], where: int) -> _Edit | None:
        """The markup of a term used in a translation, at its first use (or every use); None: none."""
        hit: Hit = match.value
        term = self.glossary.terms[hit.term]
        if not (self.translated and hit.kind == ACCEPTED):
            return None
        if annotated_by_hand(norm, match.end, term):
            self.annotated.add(hit.term)
            return None
        first = hit.term not in self.annotated
        if not first and self.note.settings.annotate != "all":
            return None
        if bisect_right(starts, match.end - 1) - 1 != where:
            return None  # spans a line break: checked, not annotated
        self.annotated.add(hit.term)
        return _Edit(match.start - starts[where], match.end - starts[where],
                     markup(term, first, self.link, self.glossary.source_lang))

    @staticmethod
    def _split(token: Token, spans: list[_Edit]) -> None:
        """Replace a text token's content by text and raw-HTML pieces (kept as its children)."""
        pieces: list[Token] = []
        pos = 0
        text = token.content
        for edit in sorted(spans, key=lambda e: (e.start, e.end)):
            for kind, content in (("text", text[pos:edit.start]), ("html_inline", edit.around.before),
                                  ("text", text[edit.start:edit.end]), ("html_inline", edit.around.after)):
                if content:
                    piece = Token(kind, "", 0, content=content, meta=dict(token.meta or {}))
                    pieces.append(piece)
            pos = edit.end
        if text[pos:]:
            pieces.append(Token("text", "", 0, content=text[pos:], meta=dict(token.meta or {})))
        token.meta = dict(token.meta or {}, glossary_pieces=pieces)


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
        note.terms_used.update({terms[hit.term].anchor for hit in one.matcher.values(normalize(_prose(tokens)))})
        return
    annotate = note.settings.annotate != "off"
    for i, block in enumerate(tokens):
        if block.type != "inline" or not block.children:
            continue
        heading = i > 0 and tokens[i - 1].type == "heading_open"
        skip = _in_link(block.children)
        for run in _runs(block.children):
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
