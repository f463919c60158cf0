"""Liquid tags (`{% include … %}`, `{% if %}`, `{% raw %}`) a Jekyll site leaves in its notes. The
site does not run them: they stay in the page as written, with a warning. (The attribute-block
rule of mdit-py-plugins would take a line `{% … %}` for a block of attributes holding a comment,
and drop the line, and what follows its first `%}`, without a word.)"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.attrs.parse import ParseError, parse

from .state import NoteState

# A tag, or an output other than `{{ site.KEY }}` (which links.py fills in): `{{ page.title }}`,
# `{{ site.title | upcase }}`, `{{ content }}`.
LIQUID_TAG = re.compile(r"\{%-?\s*[A-Za-z_]\w*[^%\n]*?-?%\}|\{\{-?\s*[A-Za-z_][^{}\n]*?\}\}")


def liquid_tags_plugin(md: MarkdownIt) -> None:
    """The attribute-block rule ("attr", from attrs_block_plugin, used before this) refuses a line
    that opens with a Liquid tag, or whose attributes end before the line does (what follows them
    would be lost): such a line is text."""
    rule = next(r.fn for r in md.block.ruler.__rules__ if r.name == "attr")

    def attr_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        line = state.src[pos:state.eMarks[start]].rstrip(" \t")
        if line.startswith("{%") or not _whole(line):
            return False
        return rule(state, start, end, silent)

    md.block.ruler.at("attr", attr_block)


def _whole(line: str) -> bool:
    """Whether `line`, read as `{attributes}`, is that and nothing more (or not attributes at all)."""
    if not line.startswith("{") or not line.endswith("}"):
        return True
    try:
        end, _ = parse(line)
    except ParseError:
        return True
    return end >= len(line) - 1


def warn_liquid_tags(page: NoteState, text: str, line: int, after: dict[int, int]) -> None:
    """One warning per Liquid tag or output left in the text of a paragraph or heading, at its own
    column. `after` holds, by line, where the last one found there ends (text is met in the order
    it is written): a tag written twice on a line is found twice, and a line of many tags is
    searched once, not from its start for each."""
    for m in LIQUID_TAG.finditer(text):
        tag = m.group(0)
        col = page.column(line, tag, after.get(line, 0)) or page.column(line, tag)
        if col:
            after[line] = col - 1 + len(tag)
        what = "tag" if tag.startswith("{%") else "output"
        page.warn("liquid", line, f"Liquid {what} {tag} is not run by this site: it shows in the page as written "
                  "(remove it, or write it in `backticks` to show it as code)", col)
