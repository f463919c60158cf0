"""Shortcuts around markdown-it rules that cost a lot and usually have nothing to do. Each one
returns exactly what the rule it wraps would (tests/unit/test_mdshortcuts.py compares both on the
corpus and on crafted input); together they save about a tenth of a note's parse."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline, emphasis, strikethrough
from markdown_it.rules_inline.balance_pairs import link_pairs
from mdit_py_plugins.amsmath import amsmath_block

from .mdmath import INTERRUPTS

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


# The characters at which each inline rule can match: every one of them looks at the character
# under the cursor first and gives up on any other. A rule not named here is tried everywhere.
_TRIGGERS = {"newline": "\n", "math_inline": "$\\", "escape": "\\", "backticks": "`", "strikethrough": "~",
             "emphasis": "_*", "link": "[", "span": "[", "image": "!", "footnote_inline": "^", "footnote_ref": "[",
             "autolink": "<", "html_inline": "<", "entity": "&", "attr": "{"}


class _InlineDispatch:
    """markdown-it tries every inline rule, in order, at each character that stops plain text (and
    most, like `-` or `:`, start nothing); this tries only the rules that can match there, in the
    same order. `text` matches exactly the characters its terminator pattern does not."""

    def __init__(self, inline: ParserInline) -> None:
        self._inline = inline
        self._rules = [(rule.name, rule.fn) for rule in inline.ruler.__rules__ if rule.enabled]
        self._by_char: dict[str, list] = {}

    def _rules_at(self, ch: str) -> list:
        rules = self._by_char.get(ch)
        if rules is None:
            plain = not self._inline.terminator_re.match(ch)
            rules = self._by_char[ch] = [fn for name, fn in self._rules
                                         if (plain if name == "text" else ch in _TRIGGERS.get(name, ch))]
        return rules

    def tokenize(self, state: StateInline) -> None:
        """ParserInline.tokenize, with the rules looked up by character."""
        src, end, max_nesting = state.src, state.posMax, state.md.options["maxNesting"]
        while state.pos < end:
            pos = state.pos
            if state.level < max_nesting:
                for rule in self._rules_at(src[pos]):
                    if rule(state, False):
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
                else:
                    rule = None
                if rule is not None:
                    if state.pos >= end:
                        break
                    continue
            state.append_pending(src[pos])
            state.pos += 1
        if state.pending:
            state.pushPending()

    def skip_token(self, state: StateInline) -> None:
        """ParserInline.skipToken (the look-ahead inside link labels), the same way."""
        pos, cache = state.pos, state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        ok = False
        if state.level < state.md.options["maxNesting"]:
            for rule in self._rules_at(state.src[pos]):
                state.level += 1
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax
        if not ok:
            state.pos += 1
        cache[pos] = state.pos


def shortcuts_plugin(md: MarkdownIt) -> None:
    """Install the shortcuts; after every plugin that adds the rules they wrap."""
    normalize = md.normalizeLink
    md.normalizeLink = lambda url: url if _PLAIN_URL.fullmatch(url) else normalize(url)  # type: ignore[method-assign]
    md.inline.ruler2.at("balance_pairs", _when_delimited(link_pairs))
    md.inline.ruler2.at("strikethrough", _when_delimited(strikethrough.postProcess))
    md.inline.ruler2.at("emphasis", _when_delimited(emphasis.postProcess))
    md.block.ruler.at("amsmath", _amsmath_block, INTERRUPTS)
    dispatch = _InlineDispatch(md.inline)
    md.inline.tokenize = dispatch.tokenize  # type: ignore[method-assign]
    md.inline.skipToken = dispatch.skip_token  # type: ignore[method-assign]
