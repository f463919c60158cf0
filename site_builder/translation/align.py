"""Which blocks of a translation translate which blocks of its source: a monotonic alignment by
structure, as a translator works — in order, block by block, sometimes splitting a paragraph in two
or merging two into one, sometimes adding a note of their own or leaving a block out.

Each step pairs one source block with one translated block, one with two or three (a split), two or
three with one (a merge), or leaves a block of either side alone. A pair scores by
- kind: a heading only with a heading; a paragraph best with a paragraph, a list item with a list
  item, a table row with a table row (splits and merges only within one kind, never headings);
- anchors: what a translation keeps verbatim — numbers, inline code and math, link targets;
- length: letters weighted by what they stand for (content/scripts.py), so a Korean paragraph and
  the English one it translates come out alike; a split's pieces add up to their source (each
  piece beyond one costs a little; a block left alone costs more);
- a copy: a translated block identical to the source block is the strongest pair there is.
The alignment is the one with the highest total (dynamic programming over a band around the
diagonal: a note of n blocks costs about n × 11 pairs, not n²). A translation whose blocks match
the source's one for one (same count, kinds and lengths alike) is taken as it is.
"""

from __future__ import annotations

import math
from typing import Protocol, Sequence

_SPLITS = ((1, 2), (2, 1), (1, 3), (3, 1))
_SPLITTABLE = frozenset({"paragraph", "list item"})  # what a translator splits or merges
_PIECE = 0.1  # the cost of each block beyond one on either side of a pair: a split must earn it
_ALONE = 0.5  # the cost of a block left alone: a block left out, or a translator's note
# A split or merge is looked for only where one block is this much shorter or longer than the other.
_SHORTER, _LONGER = 0.85, 1 / 0.85
_BAND = 5  # how far (in blocks) the alignment may stray from the diagonal, beyond the count difference


class Aligned(Protocol):
    content: str
    kind: str
    anchors: frozenset[str]
    length: float


def _alike(a: float, b: float) -> float:
    """Lengths alike: +1; one twice the other: 0; four times or more: -1 (lengths as log2)."""
    return max(-1.0, 1.0 - abs(a - b))


def _log(length: float) -> float:
    return math.log2(length) if length > 0 else 0.0


def _one(s: Aligned, t: Aligned, ls: float, lt: float) -> float | None:
    """How well `t` translates `s` (their lengths as log2); None: never."""
    if s.content == t.content:
        return 3.0
    if (s.kind == "heading") != (t.kind == "heading"):
        return None
    score = 1.0 if s.kind == t.kind else 0.3
    if s.anchors or t.anchors:
        score += 1.5 * len(s.anchors & t.anchors) / len(s.anchors | t.anchors) - 0.5
    return score + _alike(ls, lt)


def _many(source: Sequence[Aligned], translation: Sequence[Aligned]) -> float | None:
    """How well `translation` (one to three blocks of a kind) translates `source` (one to three)."""
    kind = source[0].kind
    if kind not in _SPLITTABLE or any(x.kind != kind for x in (*source, *translation)):
        return None
    score = 1.0 - _PIECE * (len(source) + len(translation) - 2)
    theirs = frozenset().union(*(x.anchors for x in source))
    mine = frozenset().union(*(x.anchors for x in translation))
    if theirs or mine:
        score += 1.5 * len(theirs & mine) / len(theirs | mine) - 0.5
    return score + _alike(_log(sum(x.length for x in source)), _log(sum(x.length for x in translation)))


def align(source: Sequence[Aligned], translation: Sequence[Aligned]) -> list[tuple[range, range]]:
    """(source indexes, translation indexes) of each step of the best alignment, in order; every
    source block is in exactly one step (with an empty range of translation indexes when nothing
    translates it), and so is every translated block."""
    n, m = len(source), len(translation)
    ls, lt = [_log(b.length) for b in source], [_log(b.length) for b in translation]
    if n == m and all(s.content == t.content or (s.kind == t.kind and _SHORTER < 2 ** (b - a) < _LONGER)
                      for s, t, a, b in zip(source, translation, ls, lt)):
        return [(range(i, i + 1), range(i, i + 1)) for i in range(n)]  # block for block, as most are
    width = _BAND + abs(n - m)
    best: dict[tuple[int, int], tuple[float, int, int]] = {(0, 0): (0.0, 0, 0)}
    get = best.get

    def offer(i: int, j: int, total: float, di: int, dj: int) -> None:
        old = get((i, j))
        if old is None or total > old[0]:
            best[(i, j)] = (total, di, dj)

    for i in range(n + 1):
        centre = i * m // n if n else 0
        for j in range(max(0, centre - width), min(m, centre + width) + 1):
            here = get((i, j))
            if here is None:
                continue
            total = here[0]
            if i < n:
                offer(i + 1, j, total - _ALONE, 1, 0)
            if j >= m:
                continue
            offer(i, j + 1, total - _ALONE, 0, 1)
            if i == n:
                continue
            s, t = source[i], translation[j]
            gain = _one(s, t, ls[i], lt[j])
            if gain is not None:
                offer(i + 1, j + 1, total + gain, 1, 1)
            if s.kind in _SPLITTABLE and t.kind == s.kind and not _SHORTER < 2 ** (lt[j] - ls[i]) < _LONGER:
                for di, dj in _SPLITS:
                    if i + di <= n and j + dj <= m and (di < dj) == (lt[j] < ls[i]):
                        gain = _many(source[i:i + di], translation[j:j + dj])
                        if gain is not None:
                            offer(i + di, j + dj, total + gain, di, dj)
    steps = []
    i, j = n, m
    while (i, j) != (0, 0):
        _, di, dj = best[(i, j)]
        steps.append((range(i - di, i), range(j - dj, j)))
        i, j = i - di, j - dj
    return steps[::-1]
