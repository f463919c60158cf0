"""Shortcuts around markdown-it rules that cost a lot and usually have nothing to do. Each one
returns exactly what the rule it wraps would (tests/unit/test_mdshortcuts.py compares both on the
corpus and on crafted input); together they save about a tenth of a note's parse."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.normalize import normalize
from markdown_it.rules_inline import StateInline, emphasis, strikethrough
from markdown_it.rules_inline.balance_pairs import link_pairs

from ...markdown.math import INTERRUPTS, amsmath_block

# normalizeLink parses, punycodes and re-encodes every URL of every link, and its rewrites are
# subtle (`http://@x/` loses its `@`, `x:@y` too, `http://h::/` a colon, a host of over 255
# characters is dropped); notes repeat the same few URLs, so its answers are remembered. Bounded both ways, so a hostile note cannot grow memory
# without limit: at most this many URLs, each at most this long (longer ones are not remembered).
NORMALIZED_URLS = 2048
NORMALIZED_URL_MAX = 512


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
    remembered = lru_cache(maxsize=NORMALIZED_URLS)(normalize_link)  # one per instance: per build
    md.normalizeLink = lambda url: remembered(url) if len(url) <= NORMALIZED_URL_MAX else normalize_link(url)  # type: ignore[method-assign]
    md.inline.ruler2.at("balance_pairs", _when_delimited(link_pairs))
    md.inline.ruler2.at("strikethrough", _when_delimited(strikethrough.postProcess))
    md.inline.ruler2.at("emphasis", _when_delimited(emphasis.postProcess))
    md.block.ruler.at("amsmath", _amsmath_block, INTERRUPTS)
    md.core.ruler.at("normalize", _normalize)
