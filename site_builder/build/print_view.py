"""The print view: one page per language holding every note in course order, for a reader to save
the course as one PDF. Each note's ids get its own prefix (two notes may both have `#summary`), and
links between the notes become links inside the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator
from html import escape, unescape

from markupsafe import Markup

from ..core.urls import href, lang_prefix
from ..markdown.render import unpack
from .views import PageView


def print_path(lang: str, default_lang: str) -> str:
    return lang_prefix(lang, default_lang) + "/print/"


@dataclass(frozen=True, kw_only=True)
class PrintNote:
    """A note as the print page shows it (template variable `notes`: (module title, [PrintNote]))."""

    anchor: str  # the id of the note's section on the print page
    page: PageView  # the note (title, path, progress…), without its content
    # Where its HTML goes: the template places a marker, filled as the page is written (a course of
    # a thousand notes makes a page of tens of megabytes, never held in memory at once).
    content: Markup


_MARK = re.compile("\x00print-note:(\\d+)\x00")


def note_anchor(key: str) -> str:
    return "note-" + re.sub(r"[^\w-]+", "-", key).strip("-")


# Tags of the generator's own HTML and of raw HTML in notes that have an attribute to rewrite
# (attribute values quoted or not): KaTeX's thousands of spans have none, and are never looked at.
_TAG = re.compile(r"<[a-zA-Z][^<>]*?\s(?:id|name|href|for|aria-labelledby|aria-describedby)\s*=[^<>]*>", re.I)
# Every attribute in turn, so that `id=` inside another attribute's quoted value is never taken for one.
_ATTR = re.compile(r"""(\s+)([^\s"'<>/=]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_REWRITTEN = {"id", "name", "href", "for", "aria-labelledby", "aria-describedby"}


class _Links:
    """Rewrites the ids and links of one note for the print page."""

    def __init__(self, anchor: str, targets: dict[str, str], baseurl: str) -> None:
        self.anchor = anchor
        self.targets = targets  # href of a printed note (with baseurl) -> its anchor
        self.baseurl = baseurl

    def link(self, url: str) -> str:
        if url.startswith("#"):
            return f"#{self.anchor}--{url[1:]}" if len(url) > 1 else f"#{self.anchor}"
        path, _, fragment = url.partition("#")
        target = self.targets.get(path)
        if target is None:
            return url
        return f"#{target}--{fragment}" if fragment else f"#{target}"

    def attribute(self, match: re.Match) -> str:
        space, name, _, raw = match.groups()
        if raw is None or name.lower() not in _REWRITTEN:
            return match.group(0)
        value = unescape(raw[1:-1] if raw[:1] in "\"'" else raw)
        kind = name.lower()
        if kind == "href":
            new = self.link(value)
        elif kind in ("aria-labelledby", "aria-describedby"):
            new = " ".join(f"{self.anchor}--{ref}" for ref in value.split())
        else:
            new = f"{self.anchor}--{value}"
        return f'{space}{name}="{escape(new)}"' if new != value else match.group(0)

    def tag(self, match: re.Match) -> str:
        return _ATTR.sub(self.attribute, match.group(0))


def print_notes(modules: list[tuple[str, list[PageView]]], packed: dict[str, bytes],
                baseurl: str) -> tuple[list[tuple[str, list[PrintNote]]], Callable[[str], Iterator[bytes]]]:
    """The notes of one language, grouped as the course index groups them (`packed`: the HTML of
    each note to print, by path; the home page and lecture pages are not printed); and the function
    that turns the rendered page into its bytes, piece by piece, with each note's HTML in its place."""
    printed = [view for _, views in modules for view in views if view.path in packed]
    targets = {href(view.path, baseurl): note_anchor(view.key) for view in printed}
    grouped, sources = [], []
    for title, views in modules:
        notes = []
        for view in views:
            if view.path in packed:
                notes.append(PrintNote(anchor=note_anchor(view.key), page=view,
                                       content=Markup(f"\x00print-note:{len(sources)}\x00")))
                sources.append((notes[-1].anchor, packed[view.path]))
        if notes:
            grouped.append((title, notes))

    def pieces(html: str) -> Iterator[bytes]:
        parts = _MARK.split(html)
        for i, part in enumerate(parts):
            if i % 2 == 0:
                yield part.encode()
            else:
                anchor, note = sources[int(part)]
                yield _TAG.sub(_Links(anchor, targets, baseurl).tag, unpack(note)).encode()

    return grouped, pieces
