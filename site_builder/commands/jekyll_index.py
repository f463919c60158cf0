"""Read the course structure out of a Jekyll site's hand-made index: module headers, the notes
listed under each in their order, each link's text (the note's title as the team chose it) and the
keyword line beside it. Hand-typed progress bars are found so that the report can say they were
dropped (progress is computed now).

The page is read with an HTML parser (comments, where teams keep old terms, are skipped as a
browser skips them). What counts: an element whose class names a module header (`module-header`,
`module-title`), or a heading h2–h4; an item is an element whose class names an item
(`materials-item`, `…-item`), a list item or a paragraph; its links are the notes it lists, its
other text (or an element of class `kw`/`keywords`/`description`) the keyword line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADER_CLASS = re.compile(r"(^|[-_])(module|section|unit|week|part)[-_]?(header|title|heading)$")
_ITEM_CLASS = re.compile(r"(^|[-_])item$")
_KEYWORD_CLASS = {"kw", "keywords", "keyword", "description", "desc"}
_SEPARATORS = " \t\n-–—:·|,;"


@dataclass(frozen=True)
class IndexLink:
    href: str
    text: str  # the link text, whitespace collapsed
    keywords: str  # the item's keyword line ("" when none)
    line: int


@dataclass(frozen=True)
class IndexModule:
    title: str
    line: int
    links: tuple[IndexLink, ...]


@dataclass(frozen=True)
class IndexPage:
    modules: tuple[IndexModule, ...]  # a leading module titled "" holds links listed before any header
    progress: tuple[tuple[int, str], ...]  # (line, the hand-typed progress as written)
    intro: tuple[int, int] | None = None  # lines of the elements before the listing (the page's introduction)

    @property
    def listed(self) -> int:
        return sum(len(m.links) for m in self.modules)

    @property
    def has_headers(self) -> bool:
        return any(m.title and m.links for m in self.modules)


def _classes(attrs) -> set[str]:
    return set((dict(attrs).get("class") or "").split())


class _Reader(HTMLParser):
    def __init__(self, headings: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.headings = headings  # whether h2–h4 are module headers (on the home page; elsewhere only classes)
        self.stack: list[tuple[str, str]] = []  # (tag, role): role "header", "item", "link", "kw", "progress" or ""
        self.modules: list[list] = [["", 1, []]]  # [title, line, links]
        self.progress: list[tuple[int, str]] = []
        self.header: list[str] | None = None
        self.header_line = 0
        self.top = 0  # line where the open top-level element started
        self.listing = False  # a module header was seen: the introduction is over
        self.intro: list[tuple[int, int]] = []
        self.item: dict | None = None  # {"links": [[href, text parts, line]], "kw": parts, "rest": parts}

    def _role(self, tag: str, attrs) -> str:
        classes = _classes(attrs)
        if tag == "progress" or any("progress" in c for c in classes):
            return "progress"
        if any(_HEADER_CLASS.search(c) for c in classes) or (self.headings and tag in ("h2", "h3", "h4")):
            return "header" if self.header is None and self.item is None else ""
        if tag == "a" and dict(attrs).get("href") is not None:
            return "link"
        if classes & _KEYWORD_CLASS and self.item is not None:
            return "kw"
        if any(_ITEM_CLASS.search(c) for c in classes) or tag in ("li", "p", "tr"):
            return "item" if self.item is None else ""
        return ""

    def handle_starttag(self, tag, attrs):
        role = self._role(tag, attrs)
        line = self.getpos()[0]
        if not self.stack:
            self.top = line
        self.listing = self.listing or role == "header"
        if role == "progress":
            self.progress.append((line, self.get_starttag_text() or f"<{tag}>"))
        elif role == "header":
            self.header, self.header_line = [], line
        elif role == "item":
            self.item = {"links": [], "kw": [], "rest": []}
        elif role == "link":
            if self.item is None:  # a link outside any item is an item of its own
                self.item, role = {"links": [], "kw": [], "rest": []}, "link-item"
            self.item["links"].append([dict(attrs)["href"], [], line])
        if tag not in _VOID:
            self.stack.append((tag, role))

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.stack):
            return  # a stray end tag: ignored, as a browser does
        while self.stack:
            open_tag, role = self.stack.pop()
            self._close(role)
            if open_tag == tag:
                break
        if not self.stack and not self.listing:
            self.intro.append((self.top, self.getpos()[0]))

    def _close(self, role: str) -> None:
        if role == "header" and self.header is not None:
            title = " ".join("".join(self.header).split())
            if title:
                self.modules.append([title, self.header_line, []])
            self.header = None
        elif role in ("item", "link-item") and self.item is not None:
            keywords = " ".join("".join(self.item["kw"] or self.item["rest"]).split()).strip(_SEPARATORS)
            for href, text, line in self.item["links"]:
                self.modules[-1][2].append(IndexLink(href, " ".join("".join(text).split()), keywords, line))
            self.item = None

    def handle_data(self, data):
        roles = [role for _, role in self.stack]
        if "progress" in roles:
            return
        if self.header is not None:
            self.header.append(data)
        elif self.item is not None:
            if "link" in roles or "link-item" in roles:
                self.item["links"][-1][1].append(data)
            elif "kw" in roles:
                self.item["kw"].append(data)
            else:
                self.item["rest"].append(data)

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(self.stack.pop()[1])


def read_index(html: str, headings: bool = True) -> IndexPage:
    """The modules and links of an index page's HTML (a Markdown index is rendered first)."""
    reader = _Reader(headings)
    reader.feed(html)
    reader.close()
    modules = tuple(IndexModule(title, line, tuple(links)) for title, line, links in reader.modules
                    if links or title)
    intro = (reader.intro[0][0], reader.intro[-1][1]) if reader.intro else None
    return IndexPage(modules, tuple(reader.progress), intro)
