"""Blocks a translation keeps in the source language on purpose (product names, paper titles,
reference lists): the class `keep` set with a block attribute (`{.keep}` on the line before a
paragraph, list, table or quote; after a heading's text), or an HTML comment `<!-- keep -->` on its
own right before the block. A list, table or quote so marked keeps every block in it. The class
stays in the HTML (`class="keep"`), the comment is a comment: neither shows to a reader."""

from __future__ import annotations

import re

from markdown_it.token import Token

KEEP_CLASS = "keep"
_KEEP_COMMENT = re.compile(r"\s*<!--\s*keep\s*-->\s*")


def _marked(token: Token) -> bool:
    return KEEP_CLASS in str(token.attrs.get("class", "")).split()


def kept_opens(tokens: list[Token]) -> list[Token]:
    """The opening tokens of the outermost blocks marked as kept."""
    found, pending, inside = [], False, -1
    for token in tokens:
        if token.type == "html_block":
            pending = bool(_KEEP_COMMENT.fullmatch(token.content))
            continue
        if token.nesting == 1 and token.block:
            if inside < 0 and (pending or _marked(token)):
                found.append(token)
                inside = token.level
            pending = False
        elif token.nesting == -1 and token.block and token.level == inside:
            inside = -1
        elif token.type not in ("inline",) and token.nesting == 0 and token.block:
            pending = False  # a code block or a rule between the comment and a block: not that block's mark
    return found


def kept_inlines(tokens: list[Token]) -> set[int]:
    """The ids of the inline tokens inside blocks marked as kept."""
    ids: set[int] = set()
    inside = -1
    opens = {id(t) for t in kept_opens(tokens)}
    for token in tokens:
        if inside < 0 and id(token) in opens:
            inside = token.level
        elif inside >= 0 and token.nesting == -1 and token.block and token.level == inside:
            inside = -1
        elif inside >= 0 and token.type == "inline":
            ids.add(id(token))
    return ids
