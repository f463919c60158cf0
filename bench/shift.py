"""Make a replicated note differ from every other copy in its math, code and prose: every number
outside what names a file, a URL, an anchor or a Markdown structure has the copy's number added
(a `1` in copy 12 reads `13`, `0.5` reads `12.17`), so a formula with a digit is never the same in
two copies and the math memo cannot render it once for all of them.

Adding rather than shifting each digit mod 10: a one-digit formula (`x_1`) has only ten
variants with digits kept one for one, so a ×30 corpus would repeat them every ten copies."""

from __future__ import annotations

import re

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
# Left as they are: what the site's links, includes and structure hang on.
_KEEP = re.compile("|".join((
    r"\{\{.*?\}\}[^\s<>()\[\]\"']*|\{%.*?%\}",      # Liquid (site variables) and a path after it
    r"^[ \t]*(?:```|~~~)[^\n]*$",                    # a fence's info string
    r"<[A-Za-z/!?][^<>]*>",                          # HTML tags: their src/href/id/name attributes
    r"\]\((?:[^()\s]|\([^()\s]*\))*",               # a link's or an image's destination
    r"\]\[[^\]\n]*\]",                               # a reference link's label
    r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+",                # a reference definition: label and URL
    r"(?:https?|ftp)://[^\s<>)\]\"']+|www\.[^\s<>)\]\"']+",  # bare URLs
    r"&#?[0-9A-Za-z]+;",                             # entities: a digit shift changes the character
    r"\{[#.][^}\n]*\}",                              # attributes {#id .class}: ids that links name
    r"\[[@^][^\]\n]*\]",                              # [@eq:x] references, [^1] footnotes
    r"^ {0,3}#{1,6}[ \t][^\n]*",                       # headings: their ids, which links name
    r"^[ \t]*\d+[.)](?=[ \t]|$)",                    # an ordered list's number: only 1 interrupts a paragraph
    r"\d*\.?\d+[ \t]*(?:em|ex|pt|mu|px|cm|mm|in|bp|pc|dd|cc|sp)\b",  # TeX and CSS lengths: kept in scale
)), re.M | re.S)
_NUMBER = re.compile(r"\d+")


def _add(text: str, copy: int) -> str:
    return _NUMBER.sub(lambda m: str(int(m.group()) + copy).zfill(len(m.group())), text)


def shift_digits(note: str, copy: int) -> str:
    """`note` with `copy` added to every number of its body outside what _KEEP names (front matter
    untouched: permalinks are set by the caller)."""
    front = _FRONT.match(note)
    head, body = (note[:front.end()], note[front.end():]) if front else ("", note)
    parts, last = [], 0
    for kept in _KEEP.finditer(body):
        parts.append(_add(body[last:kept.start()], copy))
        parts.append(kept.group())
        last = kept.end()
    parts.append(_add(body[last:], copy))
    return head + "".join(parts)
