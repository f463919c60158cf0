"""Rules looked up by character. For each character that may start something, and each line of a
block, markdown-it tries its rules in order until one matches; nearly all of them look at one
character first and give up on any other. Here each chain's rules are sorted once by the characters
they can start at, so only those are tried, still in their order: the same tokens, with a fraction
of the calls (tests/unit/test_mdshortcuts.py compares both)."""

from __future__ import annotations

from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

# The characters at which each rule can match (its first character, or for a block rule the first
# of its line after indentation). A rule not named here is tried at every one: front matter, for
# one, looks at the first character of the note, not of the line (a list item on line 0 is
# tokenized again from its text, and the rule still sees the item's `-`).
INLINE_TRIGGERS = {"newline": "\n", "math_inline": "$\\", "escape": "\\", "backticks": "`", "strikethrough": "~",
                   "emphasis": "_*", "link": "[", "span": "[", "image": "!", "footnote_inline": "^",
                   "footnote_ref": "[", "autolink": "<", "html_inline": "<", "entity": "&", "attr": "{"}
BLOCK_TRIGGERS = {"math_block": "$", "attr": "{", "fence": "`~", "amsmath": "\\",
                  "blockquote": ">", "hr": "*-_", "list": "*-+0123456789", "footnote_def": "[", "reference": "[",
                  "html_block": "<", "heading": "#"}


class _ByChar(dict):
    """char -> the rules of one chain (name, function) that `may_match(name, char)`, in order; found
    on a character's first lookup (a dict's own lookup is what costs least in the loops below)."""

    def __init__(self, rules: list[tuple[str, Callable]], may_match: Callable[[str, str], bool]) -> None:
        super().__init__()
        self._rules, self._may_match = rules, may_match

    def __missing__(self, ch: str) -> list[Callable]:
        found = self[ch] = [fn for name, fn in self._rules if self._may_match(name, ch)]
        return found


def _chain(ruler, chain: str) -> list[tuple[str, Callable]]:
    """The enabled rules of `chain` ("" for all), in the order Ruler.getRules gives them."""
    return [(rule.name, rule.fn) for rule in ruler.__rules__ if rule.enabled and (not chain or chain in rule.alt)]


class InlineDispatch:
    """ParserInline.tokenize and skipToken, trying only the rules that can match at the character.
    `text` matches exactly where its terminator pattern does not."""

    def __init__(self, md: MarkdownIt) -> None:
        terminator = md.inline.terminator_re

        def may_match(name: str, ch: str) -> bool:
            return not terminator.match(ch) if name == "text" else ch in INLINE_TRIGGERS.get(name, ch)

        self._at = _ByChar(_chain(md.inline.ruler, ""), may_match)

    def tokenize(self, state: StateInline) -> None:
        src, end, max_nesting = state.src, state.posMax, state.md.options["maxNesting"]
        while state.pos < end:
            pos = state.pos
            if state.level < max_nesting:
                for rule in self._at[src[pos]]:
                    if rule(state, False):
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
                else:
                    rule = None  # none matched: the character is text
                if rule is not None:
                    if state.pos >= end:
                        break
                    continue
            state.append_pending(src[pos])
            state.pos += 1
        if state.pending:
            state.pushPending()

    def skip_token(self, state: StateInline) -> None:
        """The look-ahead inside link labels: where the token at state.pos ends."""
        pos, cache = state.pos, state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        ok = False
        if state.level < state.md.options["maxNesting"]:
            for rule in self._at[state.src[pos]]:
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


def _first_char(state: StateBlock, line: int) -> str:
    pos = state.bMarks[line] + state.tShift[line]
    return state.src[pos] if pos < len(state.src) else ""


class BlockDispatch:
    """ParserBlock.tokenize, and the chains of rules that end a paragraph, a list or a quote (which
    Ruler.getRules gives as one function here), trying only the rules that can match the line."""

    def __init__(self, md: MarkdownIt) -> None:
        ruler = md.block.ruler

        def may_match(name: str, ch: str) -> bool:
            return ch in BLOCK_TRIGGERS.get(name, ch)

        chains = {chain for rule in ruler.__rules__ if rule.enabled for chain in rule.alt}
        self._at = _ByChar(_chain(ruler, ""), may_match)
        self._all = ruler.getRules("")
        self._terminators = {chain: [self._ends(_ByChar(_chain(ruler, chain), may_match))] for chain in chains}

    def get_rules(self, chain: str) -> list[Callable]:
        return self._terminators.get(chain, []) if chain else self._all

    @staticmethod
    def _ends(at: _ByChar) -> Callable:
        def ends(state: StateBlock, line: int, end: int, silent: bool) -> bool:
            for rule in at[_first_char(state, line)]:
                if rule(state, line, end, silent):
                    return True
            return False

        return ends

    def tokenize(self, state: StateBlock, start: int, end: int) -> None:
        line, max_nesting, has_empty_lines = start, state.md.options.maxNesting, False
        while line < end:
            state.line = line = state.skipEmptyLines(line)
            if line >= end or state.sCount[line] < state.blkIndent:
                break  # a nested call's end (blockquotes and lists)
            if state.level >= max_nesting:
                state.line = end
                break
            for rule in self._at[_first_char(state, line)]:
                if rule(state, line, end, False):
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            else:
                raise RuntimeError("none of the block rules matched")
            state.tight = not has_empty_lines  # an empty line before this block makes it loose
            line = state.line
            if line - 1 < end and state.isEmpty(line - 1):  # a paragraph may take one empty line
                has_empty_lines = True
            if line < end and state.isEmpty(line):
                has_empty_lines = True
                line += 1
                state.line = line


def dispatch_plugin(md: MarkdownIt) -> None:
    """Install the lookups; after every plugin that adds or replaces rules."""
    inline, block = InlineDispatch(md), BlockDispatch(md)
    md.inline.tokenize = inline.tokenize  # type: ignore[method-assign]
    md.inline.skipToken = inline.skip_token  # type: ignore[method-assign]
    md.block.tokenize = block.tokenize  # type: ignore[method-assign]
    md.block.ruler.getRules = block.get_rules  # type: ignore[method-assign]
