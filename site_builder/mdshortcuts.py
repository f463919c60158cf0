"""Shortcuts around markdown-it rules that cost a lot and usually have nothing to do. Each one
returns exactly what the rule it wraps would (tests/unit/test_mdshortcuts.py compares both on the
corpus and on crafted input); together they save about a tenth of a note's parse."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.normalize import normalize
from markdown_it.rules_inline import StateInline, emphasis, strikethrough
from markdown_it.rules_inline.balance_pairs import link_pairs

from .mdmath import INTERRUPTS, amsmath_block

# The characters mdurl.encode keeps as they are, without `%` (whose escapes it checks) or brackets
# (IPv6 hosts): markdown-it's normalisation returns a URL made only of these unchanged.
_PLAIN_URL = re.compile(r"[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]*")


def _when_delimited(rule):
    """A post-processing rule that pairs `*`, `_` or `~` runs: with no run in the paragraph, there is
    nothing to pair (the rule would walk every token to find that out)."""

    def guarded(state: StateInline) -> None:
        if state.delimiters or any(meta and meta["delimiters"] for meta in state.tokens_meta):
            rule(state)

    return guarded


def _amsmath_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """amsmath's rule matches a regex at every block's start; an environment begins with `\\begin{`."""
    if not state.src.startswith("\\begin{", state.bMarks[start] + state.tShift[start]):
        return False
    return amsmath_block(state, start, end, silent)


def _normalize(state: StateCore) -> None:
    """markdown-it's normalisation replaces every line ending, `\\n` by `\\n` too; only `\\r` and NUL change."""
    if "\r" in state.src or "\0" in state.src:
        normalize(state)


def shortcuts_plugin(md: MarkdownIt) -> None:
    """Install the shortcuts; after every plugin that adds the rules they wrap."""
    normalize_link = md.normalizeLink
    md.normalizeLink = lambda url: url if _PLAIN_URL.fullmatch(url) else normalize_link(url)  # type: ignore[method-assign]
    md.inline.ruler2.at("balance_pairs", _when_delimited(link_pairs))
    md.inline.ruler2.at("strikethrough", _when_delimited(strikethrough.postProcess))
    md.inline.ruler2.at("emphasis", _when_delimited(emphasis.postProcess))
    md.block.ruler.at("amsmath", _amsmath_block, INTERRUPTS)
    md.core.ruler.at("normalize", _normalize)
