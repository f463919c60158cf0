"""Heading ids (Unicode slugs, unique per page, `{#id}` wins) and the table of contents."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markdown_it.rules_core import StateCore
from markupsafe import Markup
from markdown_it.token import Token

# `## Title {#id .class key=value}`; kramdown's `{: #id}` spelling too.
_TRAILING_ATTRS = re.compile(r"\s*\{:?\s*((?:[#.][^\s{}#.]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+))(?:\s+(?:[#.][^\s{}#.]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+)))*)\s*\}\s*$")
_ATTR = re.compile(r"([#.])([^\s{}#.]+)|([\w-]+)=(?:\"([^\"]*)\"|([^\s}]+))")


@dataclass(frozen=True)
class HeadingRef:
    """A heading by its place: what a translation's heading at the same position inherits."""

    level: int
    id: str


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    text: str
    line: int = 0  # in the Markdown source
    html: str = ""  # the text as HTML with its math typeset, for a heading that holds math (else "")

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


def heading_ids(state: StateCore) -> None:
    """Core rule: set every heading's id and collect the toc into env["page"]."""
    page = state.env.get("page")
    tokens = state.tokens
    headings = [(tokens[i], tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    for heading, inline in headings:
        _apply_trailing_attrs(heading, inline)
    # A translation inherits the id of the source heading at the same position (same level, same
    # order) unless it sets its own, so #anchors work in every language.
    inherited = page.inherit_ids if page is not None else ()
    for k, (heading, _) in enumerate(headings):
        if k < len(inherited) and not heading.attrGet("id") and inherited[k].level == int(heading.tag[1]):
            heading.attrSet("id", inherited[k].id)
    used = {str(h.attrGet("id")) for h, _ in headings if h.attrGet("id")}
    toc = []
    tried: dict[str, int] = {}  # base -> the suffix its last search ended at: all below it are taken
    for heading, inline in headings:
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
        toc.append(TocEntry(int(heading.tag[1]), str(hid), text, heading.map[0] + 1 if heading.map else 0))
    if page is not None:
        page.toc = tuple(toc)
        page.anchors.update(used)
