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
from bisect import bisect_left

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.amsmath import RE_OPEN, amsmath_plugin

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
    token.meta = {"display": display, "pos": start, "end": end}  # end: lines are counted in the source (links.inline_lines)
    state.pos = end
    return True


def _find(state: StateInline, closer: str, start: int, limit: int) -> int:
    """`state.src.find(closer, start, limit)`, in linear time over a paragraph of openers that are
    never closed: each failed search is remembered per (closer, limit) as the earliest start it
    covered, and a later search stops where that known-empty stretch begins."""
    misses = state.__dict__.setdefault("math_misses", {})
    known = misses.get((closer, limit))
    if known is not None and start >= known:
        return -1
    # A closer starting before `known` may end inside the stretch: search up to its last character.
    stop = limit if known is None else min(limit, known + len(closer) - 1)
    end = state.src.find(closer, start, stop)
    if end < 0:
        misses[(closer, limit)] = start
    return end


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
                end = _find(state, closer, pos + len(opener), limit)
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
        end = _find(state, "$$", pos + 2, limit)
        if end < 0 or not src[pos + 2 : end].strip():
            if not silent:  # a lone `$$` is text; never let its second `$` open `$…$`
                state.append_pending("$$")  # not `pending +=`: that copies the pending text each time
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
    # A paragraph of `$$…` lines never closed asks again at each line (as what may end the paragraph):
    # a failed scan from line L to its stop at S answers for every start between L and S (same
    # container, so same view of the lines: the key holds its end, indent and nesting level).
    key = (endLine, state.blkIndent, state.level)
    misses = state.__dict__.setdefault("math_block_misses", {})
    miss = misses.get(key)
    if miss is not None and miss[0] < startLine < miss[1]:
        return False
    lines = [rest]
    nxt = startLine + 1
    while nxt < endLine:
        if state.isEmpty(nxt) or state.sCount[nxt] < state.blkIndent:
            misses[key] = (startLine, nxt)
            return False  # kramdown math blocks hold no blank line; leave it to the paragraph
        text = _line(state, nxt).rstrip()
        if text.endswith("$$"):
            lines.append(text[:-2])
            if silent:
                return True
            return _block_token(state, "\n".join(lines), startLine, nxt + 1)
        lines.append(text)
        nxt += 1
    misses[key] = (startLine, endLine)
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


def _ends_by_closing(state: StateBlock) -> dict[str, list[int]]:
    """Lines whose text ends in `\\end{…}` (trailing space aside), by that closing; once per parse.
    A container's view of a line (quote markers, list indent) is a suffix of the line: a line that
    ends in a closing there is one of these."""
    found = state.__dict__.get("amsmath_ends")
    if found is None:
        found = state.__dict__["amsmath_ends"] = {}
        src, ends, begin = state.src, state.eMarks, 0
        for line, end in enumerate(ends):
            text = src[begin:end].rstrip()
            if text.endswith("}") and (at := text.rfind("\\end{")) >= 0:
                found.setdefault(text[at:], []).append(line)
            begin = end + 1
    return found


def amsmath_block(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """mdit-py-plugins' amsmath rule in linear time: the same tokens, but the line that closes the
    environment is looked up among the lines that end in its closing, not searched for line by line
    (an environment never closed, repeated, was quadratic: 10,000 repeats took over a minute)."""
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False  # indented code
    first_start = state.bMarks[startLine] + state.tShift[startLine]
    match = re.match(RE_OPEN, state.src[first_start : state.eMarks[startLine]])
    if not match:
        return False
    if state.sCount[startLine] < state.blkIndent:
        return False  # as amsmath's own rule: a line left of the container's indent
    closing = f"\\end{{{match.group(1)}{match.group(2)}}}"
    candidates = _ends_by_closing(state).get(closing, [])
    at = bisect_left(candidates, startLine)
    while at < len(candidates) and candidates[at] < endLine:
        line = candidates[at]
        if _line(state, line).rstrip().endswith(closing):
            break
        at += 1
    else:
        return False
    state.line = line + 1
    if not silent:
        token = state.push("amsmath", "math", 0)
        token.block = True
        token.content = state.getLines(startLine, state.line, state.sCount[startLine], False)
        token.meta = {"environment": match.group(1), "numbered": match.group(2)}
        token.map = [startLine, line]
    return True


# What a math block may interrupt; amsmath's rule registers the same.
INTERRUPTS = {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]}


def math_plugin(md: MarkdownIt) -> None:
    # Before `escape`, or `\\(` would lose a backslash before we see it.
    md.inline.ruler.before("escape", "math_inline", math_inline)
    md.block.ruler.before("fence", "math_block", math_block, INTERRUPTS)
    amsmath_plugin(md)  # its renderer; the rule is replaced by our linear one
    md.block.ruler.at("amsmath", amsmath_block, INTERRUPTS)
