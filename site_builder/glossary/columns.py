"""Where a finding is in the note's source: the column of each text token of an inline block, found
by walking the block's children along its source lines (so a term is never placed at an earlier,
unrelated occurrence of its letters, such as the 훈련 inside 재훈련기 — `glossary --fix` rewrites
at these columns)."""

from __future__ import annotations

import re

from markdown_it.token import Token

_WORDISH = re.compile(r"\w")


def text_columns(children: list[Token], lines: list[str]) -> dict[int, tuple[int, bool]]:
    """id(text token) -> (0-based column, exact) on its source line: exact, where its content starts,
    for a text token found there verbatim after the children before it; else (one with an escape or
    an entity) where the children before it end, so that a search from there cannot land in them."""
    found: dict[int, tuple[int, bool]] = {}
    cursor: dict[int, int] = {}  # line -> where the next child's source starts, at the earliest
    for child in children:
        line = (child.meta or {}).get("line", 0)
        if not 0 < line <= len(lines):
            continue
        source, at = lines[line - 1], cursor.get(line, 0)
        kind = child.type
        if kind == "text" or kind in ("code_inline", "html_inline", "math_inline"):
            first = child.content.split("\n", 1)[0]
            idx = source.find(first, at) if first else -1
            if kind == "text":
                found[id(child)] = (idx, True) if idx >= 0 else (at, False)
            if idx >= 0:
                cursor[line] = idx + len(first)
        elif kind in ("link_close", "image") and child.markup not in ("autolink", "linkify"):
            # Past the destination: "](…)" right after the link's text, or after an image's alt
            # text (a reference link has none). Searched near the cursor only: a line of many
            # reference links stays linear.
            end = source.find("](", at, at + 2 + (2 * len(child.content) + 16 if kind == "image" else 0))
            close = source.find(")", end + 2) if end >= 0 else -1
            if close >= 0:
                cursor[line] = close + 1
    return found


def word_column(line: str, needle: str, start: int = 0) -> int:
    """1-based column of `needle` on `line` from `start` where it starts a word (not inside another
    word), 0 if none: the fallback when a token's column is unknown."""
    idx = line.find(needle, start)
    while idx >= 0:
        if idx == 0 or not _WORDISH.match(line[idx - 1]):
            return idx + 1
        idx = line.find(needle, idx + 1)
    return 0
