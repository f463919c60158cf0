"""The text of a raw HTML block, as the glossary lints it: text nodes only — never tags, attribute
values, comments, or what is inside script, style, code, pre, math, svg — each with its place in
the note's source. Entities split a text node (its pieces keep their columns); the block's HTML is
never changed (no annotation in raw HTML)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose text is no prose.
_SKIP = frozenset({"script", "style", "code", "pre", "math", "svg", "kbd", "samp", "var", "textarea"})


@dataclass(frozen=True)
class HtmlText:
    line: int  # 1-based line of the note the text starts on
    col: int  # 0-based column on that line
    text: str  # as written (entities not decoded: columns stay those of the source)


class _Texts(HTMLParser):
    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=False)
        self.first_line = first_line
        self.skipping: list[str] = []
        self.found: list[HtmlText] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            del self.skipping[self.skipping.index(tag):]

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            line, col = self.getpos()
            self.found.append(HtmlText(self.first_line + line - 1, col, data))


def html_texts(html: str, first_line: int) -> list[HtmlText]:
    """The text nodes of raw HTML starting at line `first_line` of the note."""
    parser = _Texts(first_line)
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # html.parser gives up on some broken declarations (`<![ x`): lint what came before
        pass
    return parser.found
