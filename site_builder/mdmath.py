r"""markdown-it rules that recognise math before Markdown can mangle it.

Forms (kramdown-compatible, measured on real notes):
- block: `$$` on its own line … a line ending in `$$`; a paragraph that is exactly `$$…$$`;
  top-level amsmath environments (via mdit-py-plugins' amsmath rule).
- inline: `$$…$$` inside running text (kramdown: inline), `$…$`, `\\(…\\)` and `\\[…\\]`
  (kramdown-escaped MathJax: Markdown backslash escapes inside are undone), `\(…\)`.

Tokens: `math_inline` / `math_block` with `content` = the exact TeX and `meta["display"]`.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.amsmath import amsmath_plugin

_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# (opener, closer, display, undo Markdown escapes inside)
_BACKSLASH_FORMS = (
    ("\\\\(", "\\\\)", False, True),
    ("\\\\[", "\\\\]", True, True),
    ("\\(", "\\)", False, False),
)


def _push(state: StateInline, tex: str, markup: str, display: bool, start: int, end: int) -> bool:
    token = state.push("math_inline", "math", 0)
    token.content = tex
    token.markup = markup
    token.meta = {"display": display, "pos": start}
    state.pos = end
    return True


def _single_dollar_close(src: str, start: int, limit: int) -> int:
    """Index of the `$` closing `$…` opened just before `start`, or -1.

    Pandoc's rule keeps currency out of math: the opener is not followed by a space, the closer
    not preceded by a space nor followed by a digit, and the math holds no bare `$`.
    """
    if start >= limit or src[start].isspace() or src[start] == "$":
        return -1
    i = start
    while i < limit:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "$":
            if src[i - 1].isspace() or (i + 1 < limit and (src[i + 1].isdigit() or src[i + 1] == "$")):
                return -1  # a `$` that cannot close: this is not math (e.g. `$5 and $10`)
            return i
        i += 1
    return -1


def math_inline(state: StateInline, silent: bool) -> bool:
    src, pos, limit = state.src, state.pos, state.posMax
    ch = src[pos]
    if ch == "\\":
        for opener, closer, display, unescape in _BACKSLASH_FORMS:
            if src.startswith(opener, pos):
                end = src.find(closer, pos + len(opener), limit)
                tex = src[pos + len(opener) : end]
                if end < 0 or not tex.strip():
                    return False
                if not silent:
                    tex = _MD_ESCAPE.sub(r"\1", tex) if unescape else tex
                    _push(state, tex.strip(), opener, display, pos, end + len(closer))
                else:
                    state.pos = end + len(closer)
                return True
        return False
    if ch != "$":
        return False
    if src.startswith("$$", pos):
        end = src.find("$$", pos + 2, limit)
        if end < 0 or not src[pos + 2 : end].strip():
            if not silent:  # a lone `$$` is text; never let its second `$` open `$…$`
                state.pending += "$$"
            state.pos = pos + 2
            return True
        if not silent:
            _push(state, src[pos + 2 : end].strip(), "$$", False, pos, end + 2)
        else:
            state.pos = end + 2
        return True
    end = _single_dollar_close(src, pos + 1, limit)
    if end < 0:
        return False
    if not silent:
        _push(state, src[pos + 1 : end], "$", False, pos, end + 1)
    else:
        state.pos = end + 1
    return True


def _line(state: StateBlock, n: int) -> str:
    return state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]]


def math_block(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False
    first = _line(state, startLine).rstrip()
    if not first.startswith("$$"):
        return False
    rest = first[2:]
    if rest.endswith("$$") and len(rest) > 2:
        # `$$…$$` on one line: display only as a paragraph of its own (kramdown); never interrupts.
        inner = rest[:-2]
        if silent or "$$" in inner or not inner.strip():
            return False
        nxt = startLine + 1
        if nxt < endLine and not state.isEmpty(nxt) and state.sCount[nxt] >= state.blkIndent:
            return False
        return _block_token(state, inner, startLine, nxt)
    if "$$" in rest:
        return False  # `$$x$$ and more` on one line: inline math in a paragraph
    lines = [rest]
    nxt = startLine + 1
    while nxt < endLine:
        if state.isEmpty(nxt) or state.sCount[nxt] < state.blkIndent:
            return False  # kramdown math blocks hold no blank line; leave it to the paragraph
        text = _line(state, nxt).rstrip()
        if text.endswith("$$"):
            lines.append(text[:-2])
            if silent:
                return True
            return _block_token(state, "\n".join(lines), startLine, nxt + 1)
        lines.append(text)
        nxt += 1
    return False


def _block_token(state: StateBlock, tex: str, startLine: int, nextLine: int) -> bool:
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = tex.strip()
    token.markup = "$$"
    token.map = [startLine, nextLine]
    token.meta = {"display": True}
    state.line = nextLine
    return True


# What a math block may interrupt; amsmath's rule registers the same.
INTERRUPTS = {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]}


def math_plugin(md: MarkdownIt) -> None:
    # Before `escape`, or `\\(` would lose a backslash before we see it.
    md.inline.ruler.before("escape", "math_inline", math_inline)
    md.block.ruler.before("fence", "math_block", math_block, INTERRUPTS)
    amsmath_plugin(md)
