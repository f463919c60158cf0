"""The source hash a translation is stamped with (`source_hash:`), and whether a stamp still
matches its source. Whitespace is ignored in prose (reflowing a paragraph is no change) but kept
inside fenced and indented code blocks, where indentation is meaning: `print(x)` moved out of a
Python loop makes the translation stale. Front matter never counts.

Stamps are versioned so that a new rule does not make every translation stale at once: `v2-…`
is today's rule; a bare 12-digit hex stamp (written before code counted) is still compared with
the old rule, whitespace ignored everywhere, until the note is stamped again."""

from __future__ import annotations

import functools
import hashlib
import re

from markdown_it import MarkdownIt

from ..content.frontmatter import split_front_matter
from ..markdown.mathrender import MathRenderer
from ..markdown.render import make_markdown

VERSION = "v2-"
_LEGACY = re.compile(r"[0-9a-f]{12}")
_STAMP = re.compile(r"v2-[0-9a-f]{12}")


@functools.lru_cache(maxsize=1)
def _dialect() -> MarkdownIt:
    """The site's Markdown dialect, for its block structure only (nothing is rendered): code is
    what the page shows as code, in lists and quotes too."""
    return make_markdown(MathRenderer())


def _body(text: str) -> str:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    fm, body_line, _ = split_front_matter(text, "")
    return "\n".join(text.split("\n")[body_line - 1:]) if fm is not None else text


# A note with none of these has no code block (a fence needs ``` or ~~~; an indented line, four
# columns of spaces or a tab): its body is not parsed at all, which most prose notes are spared.
_MAYBE_CODE = ("```", "~~~", "    ", "\t")


def code_blocks(body: str) -> list[str]:
    """The text of each fenced or indented code block of a note's body (without the indentation
    of the list or quote it sits in), each line's trailing spaces and the blank lines around it dropped."""
    if not any(mark in body for mark in _MAYBE_CODE):
        return []
    md = _dialect()
    tokens: list = []
    md.block.parse(body, md, {}, tokens)
    return ["\n".join(line.rstrip() for line in t.content.split("\n")).strip("\n")
            for t in tokens if t.type in ("fence", "code_block")]


def normalised(markdown: str) -> str:
    """What of a piece of Markdown counts as a change: its prose with whitespace normalised, then its
    code blocks as they are. A note's hash, and the sections drift compares, are made of it."""
    return "\x00".join([" ".join(markdown.split()), *code_blocks(markdown)])


@functools.lru_cache(maxsize=256)  # a build, `status` and drift ask again for the same source text
def source_hash(text: str) -> str:
    """`v2-` and a short hash of a note's body (front matter left out), normalised."""
    return VERSION + hashlib.sha256(normalised(_body(text)).encode()).hexdigest()[:12]


def legacy_hash(text: str) -> str:
    """The hash stamped before code counted: all whitespace ignored."""
    body = _body(text)
    return hashlib.sha256(" ".join(body.split()).encode()).hexdigest()[:12]


def well_formed(stamp: str) -> bool:
    """Whether `stamp` is a stamp of either rule (anything else is no version of any note)."""
    return bool(_STAMP.fullmatch(stamp)) or bool(_LEGACY.fullmatch(stamp))


def matches(stamp: str, text: str) -> bool:
    """Whether a translation stamped `stamp` is current with its source `text`, by the rule the stamp
    was written with (an unknown form never matches: the translation shows as stale)."""
    if stamp.startswith(VERSION):
        return stamp == source_hash(text)
    return bool(_LEGACY.fullmatch(stamp)) and stamp == legacy_hash(text)
