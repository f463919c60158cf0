"""The inline tokens of a note as the glossary pass reads and edits them: runs of prose, the line of a
match, an annotation spliced into a text token."""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.token import Token

from .markup import TermMarkup


# Emphasis marks inside a run: `**역전파**를` is one word, `**gradient(그라디언트)**` one gloss.
_MARKS = frozenset({"softbreak", "em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})


def runs(children: list[Token]) -> list[list[Token]]:
    """Runs of consecutive text, soft breaks and emphasis marks; any other token (a link's edge,
    code, math, raw HTML) ends a run, so their content is never looked at, nor an autolink's text."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    url = False  # inside an autolink (`<https://…>`, a bare URL): its text is its address
    for child in children:
        if child.type in ("link_open", "link_close"):
            url = child.type == "link_open" and child.markup in ("autolink", "linkify")
        if child.type == "text" and not url or (child.type in _MARKS and current):
            current.append(child)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def prose(tokens: list[Token]) -> str:
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


def in_link(children: list[Token]) -> set[int]:
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
class Edit:
    """An annotation to make in a text token."""

    start: int  # offsets of the term in the token's content
    end: int
    around: TermMarkup


class Lines:
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


def split_token(token: Token, spans: list[Edit]) -> None:
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
