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
# (attribute values quoted or not): KaTeX's thousands of spans have none, and are never rewritten.
# A tag is `<`, a letter, then runs of non-space characters after runs of spaces; one matches when
# a run of spaces is followed by one of the names and `=`. Possessive and atomic, a tag without
# one is read once, never again from each of its characters (a lazy `[^<>]*?\s(?:id|…)` did
# that: it was most of the print page's cost).
_NAMES = r"(?:id|name|href|for|aria-labelledby|aria-describedby)\s*="
_TAG = re.compile(rf"<[a-zA-Z][^<>\s]*+(?:(?>\s+)(?!{_NAMES})[^<>\s]*+)*+(?>\s+){_NAMES}[^<>]*>", re.I)
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


@dataclass(frozen=True)
class PrintSources:
    """The notes of one print page, each rewritten on its own (see `rewrite`): a worker process
    forked with them rewrites any of them by its index."""

    notes: list[tuple[str, bytes]]  # (anchor, packed HTML), in the order of the page's markers
    targets: dict[str, str]  # href of a printed note (with baseurl) -> its anchor
    baseurl: str

    def rewrite(self, i: int) -> bytes:
        """Note `i` as the print page holds it: its ids prefixed, its links to printed notes made local."""
        anchor, note = self.notes[i]
        return _TAG.sub(_Links(anchor, self.targets, self.baseurl).tag, unpack(note)).encode()


# Rewrites, in order, the notes of `sources` at the given indices: `map` over `sources.rewrite`, or
# the same on worker processes (build/parallel.py), which give the same bytes.
Rewriter = Callable[[PrintSources, list[int]], Iterator[bytes]]


def rewrite_here(sources: PrintSources, order: list[int]) -> Iterator[bytes]:
    return map(sources.rewrite, order)


def print_notes(modules: list[tuple[str, list[PageView]]], packed: dict[str, bytes],
                baseurl: str) -> tuple[list[tuple[str, list[PrintNote]]], Callable[..., Iterator[bytes]]]:
    """The notes of one language, grouped as the course index groups them (`packed`: the HTML of
    each note to print, by path; the home page and lecture pages are not printed); and the function
    that turns the rendered page into its bytes, piece by piece, with each note's HTML in its place
    (rewritten by the Rewriter it is given, in this process by default)."""
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
    every = PrintSources(sources, targets, baseurl)

    def pieces(html: str, rewriter: Rewriter = rewrite_here) -> Iterator[bytes]:
        parts = _MARK.split(html)
        notes = iter(rewriter(every, [int(part) for part in parts[1::2]]))  # as the template placed them
        try:
            for i, part in enumerate(parts):
                yield part.encode() if i % 2 == 0 else next(notes)
        finally:  # a rewriter's workers stop now, not when the garbage collector finds it
            getattr(notes, "close", lambda: None)()

    return grouped, pieces
