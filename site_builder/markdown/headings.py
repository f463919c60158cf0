"""Heading ids (Unicode slugs, unique per page, `{#id}` wins) and the table of contents."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markdown_it.rules_core import StateCore
from markupsafe import Markup
from markdown_it.token import Token

from .sections import align, section_anchors

# `## Title {#id .class key=value}`; kramdown's `{: #id}` spelling too.
_TRAILING_ATTRS = re.compile(r"\s*\{:?\s*((?:[#.][^\s{}#.]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+))(?:\s+(?:[#.][^\s{}#.]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+)))*)\s*\}\s*$")
_ATTR = re.compile(r"([#.])([^\s{}#.]+)|([\w-]+)=(?:\"([^\"]*)\"|([^\s}]+))")


@dataclass(frozen=True)
class HeadingRef:
    """A source heading as its translations see it: its id, and the structure they pair by."""

    level: int
    id: str
    anchors: tuple[str, ...] = ()  # its section's code, math and link targets (sections.section_anchors)


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    text: str
    line: int = 0  # in the Markdown source
    html: str = ""  # the text as HTML with its math typeset, for a heading that holds math (else "")
    anchors: tuple[str, ...] = ()  # its section's code, math and link targets (sections.section_anchors)

    @property
    def ref(self) -> HeadingRef:
        return HeadingRef(self.level, self.id, self.anchors)

    @property
    def label(self) -> str | Markup:
        """What a table of contents shows: the text, with math typeset rather than its TeX."""
        return Markup(self.html) if self.html else self.text


def slugify(text: str) -> str:
    """GitHub-style slug that keeps every script: lowercase, punctuation dropped, spaces -> '-'."""
    kept = []
    for ch in unicodedata.normalize("NFC", text.strip().lower()):
        cat = unicodedata.category(ch)
        if ch in " -_" or cat[0] in "LNM":
            kept.append("-" if ch == " " else ch)
    return "".join(kept)


def plain_text(children: list[Token] | None) -> str:
    """The visible text of an inline token's children (code and math included as written)."""
    parts = []
    for child in children or []:
        if child.type in ("text", "code_inline", "math_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _apply_trailing_attrs(heading: Token, inline: Token) -> None:
    last = inline.children[-1] if inline.children else None
    if last is None or last.type != "text":
        return
    match = _TRAILING_ATTRS.search(last.content)
    if not match:
        return
    last.content = last.content[: match.start()]
    inline.content = _TRAILING_ATTRS.sub("", inline.content)
    for m in _ATTR.finditer(match.group(1)):
        if m.group(1) == "#":
            heading.attrSet("id", m.group(2))
        elif m.group(1) == ".":
            classes = heading.attrGet("class")
            heading.attrSet("class", f"{classes} {m.group(2)}" if classes else m.group(2))
        else:
            heading.attrSet(m.group(3), m.group(4) if m.group(4) is not None else m.group(5))


def inherit(headings: list[tuple[Token, Token]], anchors: list[tuple[str, ...]],
            source: tuple[HeadingRef, ...]) -> None:
    """A translation's heading takes the id of the source heading it corresponds to by structure
    (sections.align), so `#anchors` and "changed sections" links work in every language. An id
    the translation sets itself wins, and is never given to another of its headings."""
    if not source:
        return
    own = {str(h.attrGet("id")) for h, _ in headings if h.attrGet("id")}
    pairs = align([(ref.level, ref.anchors) for ref in source],
                  [(int(h.tag[1]), shape) for (h, _), shape in zip(headings, anchors)])
    for k, (heading, _) in enumerate(headings):
        if k in pairs and not heading.attrGet("id") and source[pairs[k]].id not in own:
            heading.attrSet("id", source[pairs[k]].id)


def heading_ids(state: StateCore) -> None:
    """Core rule: set every heading's id and collect the toc into env["page"]."""
    page = state.env.get("page")
    tokens = state.tokens
    headings = [(tokens[i], tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    for heading, inline in headings:
        _apply_trailing_attrs(heading, inline)
    anchors = section_anchors(tokens)
    inherit(headings, anchors, page.inherit_ids if page is not None else ())
    used = {str(h.attrGet("id")) for h, _ in headings if h.attrGet("id")}
    toc = []
    tried: dict[str, int] = {}  # base -> the suffix its last search ended at: all below it are taken
    for (heading, inline), shape in zip(headings, anchors):
        text = plain_text(inline.children)
        hid = heading.attrGet("id")
        if not hid:
            base = slugify(text) or "section"
            n = tried.get(base, 0)
            hid = f"{base}-{n}" if n else base
            while hid in used:
                n += 1
                hid = f"{base}-{n}"
            tried[base] = n
            used.add(hid)
            heading.attrSet("id", hid)
        toc.append(TocEntry(int(heading.tag[1]), str(hid), text, heading.map[0] + 1 if heading.map else 0,
                            anchors=shape))
    if page is not None:
        page.toc = tuple(toc)
        page.anchors.update(used)
