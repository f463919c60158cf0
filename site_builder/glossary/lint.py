"""The glossary pass over a note's tokens: which terms it uses, where it deviates from the glossary
(`file:line:col`), and — in a translation — the source-language original shown at a term's first
use (or every use), linking to the glossary entry. Code, math, raw HTML are never looked at;
headings and link texts are checked but never annotated; "역전파(backpropagation)" written by hand
is left alone."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from html import escape

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .terms import Glossary, Term
from ..markdown.state import RenderState
from .match import TermMatcher, normalize
from ..core.urls import href, lang_prefix

ACCEPTED, AVOID, SOURCE = "accepted", "avoid", "source"


def glossary_path(lang: str, default_lang: str) -> str:
    return lang_prefix(lang, default_lang) + "/glossary/"


def glossary_href(lang: str, config) -> str:
    """The href of `lang`'s glossary page, which annotated terms link to."""
    return href(glossary_path(lang, config.language), config.baseurl)


@dataclass(frozen=True)
class Hit:
    kind: str  # ACCEPTED, AVOID or SOURCE
    term: int  # index into Glossary.terms
    form: str  # the glossary's spelling of what matched


class GlossaryIndex:
    """Per-language matchers over one glossary, built once per build."""

    def __init__(self, glossary: Glossary, languages) -> None:
        self.glossary = glossary
        self.matchers: dict[str, TermMatcher[Hit]] = {}
        sources = [(t.source, Hit(SOURCE, i, t.source)) for i, t in enumerate(glossary.terms)]  # in every language
        for lang in languages:
            phrases = list(sources)
            if lang != glossary.source_lang:
                for i, term in enumerate(glossary.terms):
                    phrases += [(form, Hit(ACCEPTED, i, form)) for form in term.translations.get(lang, ())]
                    phrases += [(form, Hit(AVOID, i, form)) for form in term.avoid.get(lang, ())]
            self.matchers[lang] = TermMatcher(phrases)


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


def _in_gloss(text: str, pos: int, parens: list[int] | None = None) -> bool:
    """Whether `pos` is inside parentheses glued to the word before them, as in 역전파(backpropagation).
    `parens`: the sorted offsets of every `(` and `)` in `text`, for many calls on one long text
    (searching back from each match would be quadratic in a note without parentheses)."""
    if parens is not None:
        at = bisect_left(parens, pos) - 1
        opening = parens[at] if at >= 0 and text[parens[at]] == "(" else -1
        return opening > 0 and not text[opening - 1].isspace()
    opening = text.rfind("(", 0, pos)
    return opening > 0 and ")" not in text[opening:pos] and not text[opening - 1].isspace()


USED, AVOIDED, LEFT = "used", "avoided", "left"


def judge(glossary: Glossary, lang: str, text: str, match, lang_name: str,
          parens: list[int] | None = None) -> tuple[str, str]:
    """What a match in `text` (NFC) of language `lang` means: (USED, ""), (AVOIDED, message) for a
    discouraged variant, (LEFT, message) for a source-language term left in a translation, or
    ("", "") for the original given in parentheses by hand. Notes and captions judge alike."""
    hit: Hit = match.value
    term = glossary.terms[hit.term]
    written = text[match.start:match.end]
    if hit.kind == AVOID:
        return AVOIDED, f"'{written}' → use '{term.preferred(lang)}' ({term.source})"
    if hit.kind == SOURCE and lang != glossary.source_lang:
        accepted = term.translations.get(lang, ())
        if not accepted or any(a.casefold() == term.source.casefold() for a in accepted):
            return USED, ""  # kept in the source language on purpose
        if _in_gloss(text, match.start, parens):
            return "", ""  # "그라디언트(gradient)", "편향 트릭(bias trick)": the original, given by hand
        return LEFT, f"'{written}' is left in {lang_name}: use '{accepted[0]}'"
    return USED, ""


def annotated_by_hand(text: str, end: int, term: Term) -> bool:
    """Whether the term ending at `end` is followed by its original in parentheses: 그라디언트(Gradient)."""
    # Casefolding never shortens a character: the source's length in characters after `(` suffices
    # (the rest of a long note is not copied for every term in it).
    source = term.source.casefold()
    return text.startswith("(", end) and text[end + 1 : end + 1 + len(source)].casefold().startswith(source)


def markup(term: Term, first: bool, glossary_href: str, source_lang: str) -> tuple[str, str]:
    """The HTML around an annotated term: a link to its glossary entry, and at its first use the
    source-language original after it."""
    source = escape(term.source)
    open_ = f'<a class="term" href="{glossary_href}#{escape(term.anchor)}" title="{source}">'
    if not first:
        return open_, "</a>"
    return open_ + "<dfn>", f'</dfn></a><span class="term-source" lang="{escape(source_lang)}">({source})</span>'


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


class _Page:
    """The pass over one note."""

    def __init__(self, page: RenderState, index: GlossaryIndex) -> None:
        self.page = page
        self.glossary = index.glossary
        self.matcher = index.matchers.get(page.lang)
        self.translated = page.lang != self.glossary.source_lang
        self.lang_name = page.config.languages.get(self.glossary.source_lang, self.glossary.source_lang)
        self.link = glossary_href(page.lang, page.config)
        self.annotated = page.annotated  # the note's: a lecture page's transcript goes on from it
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
        matches = self.matcher.find(norm)
        edits: dict[int, list[tuple[int, int, str, str]]] = {}
        parens = [m.start() for m in re.finditer(r"[()]", norm)] if "(" in norm else []
        # Matches come left to right: line breaks are counted from the previous match in the same
        # token, not from the token's start (one long line holding many terms was quadratic).
        counted = (-1, 0, 0)  # (token, offset, line breaks from the token's start to it)
        for match in matches:
            hit: Hit = match.value
            term = self.glossary.terms[hit.term]
            where = bisect_right(starts, match.start) - 1  # the last token starting at or before it
            token = tokens[where]
            _, since, breaks = counted if counted[0] == where and counted[1] <= match.start else (where, starts[where], 0)
            breaks += norm.count("\n", since, match.start)
            counted = (where, match.start, breaks)
            line = (token.meta or {}).get("line", 0) + breaks
            written = norm[match.start:match.end]
            verdict, message = judge(self.glossary, self.page.lang, norm, match, self.lang_name, parens)
            if verdict in (AVOIDED, LEFT):
                self.page.warn("glossary", line, message, self.column(line, written.split("\n")[0]))
                if verdict == AVOIDED:
                    self.page.glossary_fixes.append((line, self.cols.get((line, written.split("\n")[0]), 0), written,
                                                     term.preferred(self.page.lang)))
                continue
            if verdict != USED:
                continue
            self.page.terms_used.add(term.anchor)
            if not (annotate and self.translated and hit.kind == ACCEPTED):
                continue
            if annotated_by_hand(norm, match.end, term):
                self.annotated.add(hit.term)
                continue
            first = hit.term not in self.annotated
            if not first and self.page.config.annotate != "all":
                continue
            end_token = bisect_right(starts, match.end - 1) - 1
            if end_token != where:
                continue  # spans a line break: checked, not annotated
            self.annotated.add(hit.term)
            edits.setdefault(where, []).append(
                (match.start - starts[where], match.end - starts[where], *markup(term, first, self.link, self.glossary.source_lang)))
        for where, spans in edits.items():
            self._split(tokens[where], spans)

    @staticmethod
    def _split(token: Token, spans: list[tuple[int, int, str, str]]) -> None:
        """Replace a text token's content by text and raw-HTML pieces (kept as its children)."""
        pieces: list[Token] = []
        pos = 0
        text = token.content
        for start, end, before, after in sorted(spans):
            for kind, content in (("text", text[pos:start]), ("html_inline", before), ("text", text[start:end]),
                                  ("html_inline", after)):
                if content:
                    piece = Token(kind, "", 0, content=content, meta=dict(token.meta or {}))
                    pieces.append(piece)
            pos = end
        if text[pos:]:
            pieces.append(Token("text", "", 0, content=text[pos:], meta=dict(token.meta or {})))
        token.meta = dict(token.meta or {}, glossary_pieces=pieces)


def glossary_terms(state: StateCore) -> None:
    """Core rule: run the glossary pass when the site has a glossary."""
    page: RenderState | None = state.env.get("page")
    if page is None or page.glossary is None or not page.glossary.glossary:
        return
    one = _Page(page, page.glossary)
    if not one.matcher:
        return
    tokens = state.tokens
    if not one.translated:
        # The source language only says which terms the note uses: one pass over all its prose.
        terms = one.glossary.terms
        page.terms_used.update({terms[hit.term].anchor for hit in one.matcher.values(normalize(_prose(tokens)))})
        return
    annotate = page.config.annotate != "off"
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
