"""CJK-friendly emphasis: `**최적화(optimization)**에 대해서` is bold, as kramdown rendered it.

CommonMark's flanking rules forbid a closing `**` that follows punctuation and precedes a letter,
and Korean particles (에, 를, 은 …) attach right after the closing delimiter. Following the
CommonMark CJK-friendly proposal, a CJK character (Hangul included) next to a delimiter run
counts like punctuation on the *allowing* side of the rule, so such runs can open and close.
Text without CJK characters parses exactly as CommonMark says.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

_CJK = re.compile(
    "[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"  # Hangul
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u31c0-\u31ef\u3200-\u32ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def scan_delims(src: str, start: int, limit: int, can_split_word: bool) -> tuple[bool, bool, int]:
    """(can_open, can_close, length) of the delimiter run at `start`."""
    marker = src[start]
    pos = start
    while pos < limit and src[pos] == marker:
        pos += 1
    last = src[start - 1] if start > 0 else " "
    nxt = src[pos] if pos < limit else " "
    last_ws, next_ws = last.isspace(), nxt.isspace()
    last_p, next_p = _is_punct(last), _is_punct(nxt)
    last_ok = last_p or is_cjk(last)
    next_ok = next_p or is_cjk(nxt)
    left = not next_ws and (not next_p or last_ws or last_ok)
    right = not last_ws and (not last_p or next_ws or next_ok)
    if can_split_word:
        return left, right, pos - start
    return left and (not right or last_ok), right and (not left or next_ok), pos - start


def emphasis_tokenize(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer with the CJK-friendly `scan_delims`."""
    marker = state.src[state.pos]
    if silent or marker not in "_*":
        return False
    can_open, can_close, length = scan_delims(state.src, state.pos, state.posMax, marker == "*")
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(ord(marker), length, len(state.tokens) - 1, -1, can_open, can_close))
    state.pos += length
    return True


def cjk_emphasis_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.at("emphasis", emphasis_tokenize)
