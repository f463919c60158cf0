"""A note's sections, as its parse has them: what each heading's section holds that a translation
keeps (code, math, link targets: its anchors), how a translation's headings pair with its source's
by that structure, and the text of each section by heading id (for what changed since a stamp)."""

from __future__ import annotations

import difflib
import hashlib
from typing import Sequence

from markdown_it.token import Token

_GAP_CELLS = 40_000  # a gap larger than this (rows x columns) is paired in order, not searched


def _digest(kind: str, text: str) -> str:
    return hashlib.blake2b(f"{kind}\0{' '.join(text.split())}".encode(), digest_size=4).hexdigest()


def _anchors_of(token: Token) -> list[str]:
    if token.type in ("fence", "code_block"):
        return [_digest("code", token.content)]
    if token.type in ("math_block", "amsmath"):
        return [_digest("math", token.content)]
    found = []
    for child in token.children or ():
        if child.type == "code_inline":
            found.append(_digest("code", child.content))
        elif child.type == "math_inline":
            found.append(_digest("math", child.content))
        elif child.type in ("link_open", "image"):
            target = str(child.attrGet("href") or child.attrGet("src") or "").split("#", 1)[0]
            if target:
                found.append(_digest("link", target))
    return found


def section_anchors(tokens: list[Token]) -> list[tuple[str, ...]]:
    """For each heading of `tokens`, in order: the anchors of its section (from the heading to the
    next heading of any level), as short digests, sorted and without repeats."""
    result: list[set[str]] = []
    for token in tokens:
        if token.type == "heading_open":
            result.append(set())
        elif result:
            result[-1].update(_anchors_of(token))
    return [tuple(sorted(found)) for found in result]


Shape = tuple[int, tuple[str, ...]]  # a heading's level and its section's anchors


def _score(a: Shape, b: Shape) -> float:
    """What pairing two headings is worth: more when their levels agree and their sections share
    anchors. Pairs worth nothing or less are not made (a heading added on one side pairs with none)."""
    level = 1 if a[0] == b[0] else 0 if abs(a[0] - b[0]) == 1 else -1
    mine, theirs = set(a[1]), set(b[1])
    if mine and theirs:
        anchors = 4 * len(mine & theirs) / len(mine | theirs) - 2
    else:
        anchors = 0 if not mine and not theirs else -1
    return 1 + level + anchors


def _search(source: Sequence[Shape], target: Sequence[Shape]) -> list[tuple[int, int]]:
    """The pairs (source index, target index), in order, of the highest total score."""
    n, m = len(source), len(target)
    if n * m > _GAP_CELLS:
        return _in_order(source, target, []) if n == m else []
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n):
        for j in range(m):
            pair = _score(source[i], target[j])
            best[i + 1][j + 1] = max(best[i][j + 1], best[i + 1][j], best[i][j] + pair if pair > 0 else 0)
    pairs, i, j = [], n, m
    while i and j:
        pair = _score(source[i - 1], target[j - 1])
        if pair > 0 and best[i][j] == best[i - 1][j - 1] + pair:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return _in_order(source, target, pairs[::-1])


def _in_order(source: Sequence[Shape], target: Sequence[Shape], pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`pairs`, and where as many headings are left on each side between two pairs, those paired
    in order when their levels are at most one apart: the order is all that tells them apart."""
    result: list[tuple[int, int]] = []
    i = j = 0
    for a, b in [*pairs, (len(source), len(target))]:
        if a - i == b - j:
            result.extend((i + k, j + k) for k in range(a - i) if abs(source[i + k][0] - target[j + k][0]) <= 1)
        if a < len(source):
            result.append((a, b))
        i, j = a + 1, b + 1
    return result


def align(source: Sequence[Shape], target: Sequence[Shape]) -> dict[int, int]:
    """Which source heading each target heading corresponds to (target index -> source index), by
    structure: runs of headings alike in level and anchors pair first (a heading added or removed
    on one side shifts nothing), then what lies between pairs by the best score (levels that
    differ by one still pair when the anchors or the order say so)."""
    n, m = len(source), len(target)
    head = 0
    while head < min(n, m) and source[head] == target[head]:
        head += 1
    tail = 0
    while tail < min(n, m) - head and source[n - 1 - tail] == target[m - 1 - tail]:
        tail += 1
    pairs = {k: k for k in range(head)}
    pairs.update({m - 1 - k: n - 1 - k for k in range(tail)})
    middle_a, middle_b = list(source[head:n - tail]), list(target[head:m - tail])
    # autojunk: in a long note, a shape most headings share (no anchors) anchors no run: it pairs
    # in the gaps, and the matching stays fast whatever the note repeats
    matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=True)
    i = j = 0
    for block in matcher.get_matching_blocks():
        for a, b in _search(middle_a[i:block.a], middle_b[j:block.b]):
            pairs[head + j + b] = head + i + a
        for k in range(block.size):
            pairs[head + block.b + k] = head + block.a + k
        i, j = block.a + block.size, block.b + block.size
    return pairs


def sections(text: str, starts: Sequence[tuple[str, int]]) -> dict[str, str]:
    """Section id -> its text as written (what counts as a change is the caller's rule): `starts`
    are the note's headings as its parse has them (id, 1-based line), so the ids are the page's
    and a `#` line inside code is never one. "" is what comes before the first heading."""
    lines = text.split("\n")
    found: dict[str, str] = {}
    bounds = [("", 1), *starts, ("", len(lines) + 1)]
    for (hid, start), (_, end) in zip(bounds, bounds[1:]):
        found[hid] = "\n".join(lines[start - 1:end - 1])
    return found
