"""A transcript that reads like prose: cues joined into paragraphs, a translation aligned beside
them by time overlap (translators merge and split cues, so cue indices mean nothing), and the
share of the speech time that is translated."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .captions import Cue
from ..content.scripts import TRANSLATED_SHARE, target_share

SENTENCE_END = (".", "?", "!", "…", "。", "？", "！", '."', '?"', ".”", "?”")
PAUSE = 1500  # ms of silence that may end a paragraph
LONG_PAUSE = 5000  # ms of silence that always does
SHORT = 120  # characters below which a paragraph goes on through a short pause
SENTENCES = 350  # characters after which a paragraph ends at the next sentence end
LONGEST = 600  # characters after which a paragraph ends at the next cue (captions without punctuation)


@dataclass(frozen=True)
class Row:
    """One paragraph of the transcript: source text and the translation said in the same time."""

    start: int  # ms
    end: int
    source: str
    translation: str  # "" when nothing of the translation falls in this stretch
    translated: bool  # the translation's cues here are translated (not the source again)


def paragraphs(cues: tuple[Cue, ...]) -> list[list[Cue]]:
    """Cues grouped into paragraphs at sentence ends and pauses."""
    groups: list[list[Cue]] = []
    size = 0
    for cue in cues:
        if not cue.text:
            continue
        if groups:
            last = groups[-1][-1]
            pause = cue.start - last.end
            ended = last.text.endswith(SENTENCE_END)
            if (pause >= LONG_PAUSE or (pause >= PAUSE and size >= SHORT) or (ended and size >= SENTENCES)
                    or size >= LONGEST):
                groups.append([])
                size = 0
        else:
            groups.append([])
        groups[-1].append(cue)
        size += len(cue.text) + 1
    return groups


def join(cues) -> str:
    return " ".join(cue.text.replace("\n", " ") for cue in cues)


class Said:
    """What the source says during a cue of the translation (a cue repeating it is not translated).
    Per text, the source cues by start with the latest end so far: one lookup per cue, however
    long a source cue lasts (a mistyped end time may span the whole lecture)."""

    def __init__(self, source: tuple[Cue, ...]) -> None:
        self.by_text: dict[str, tuple[list[int], list[int]]] = {}
        for c in sorted(source, key=lambda c: c.start):
            starts, ends = self.by_text.setdefault(c.text.casefold(), ([], []))
            starts.append(c.start)
            ends.append(max(c.end, ends[-1]) if ends else c.end)

    def during(self, cue: Cue) -> set[str]:
        """{the cue's text} when the source says the same at that time, else nothing."""
        text = cue.text.casefold()
        starts, ends = self.by_text.get(text, ((), ()))
        last = bisect.bisect_right(starts, cue.end) - 1
        return {text} if last >= 0 and ends[last] >= cue.start else set()


def is_translated(cue: Cue, source_texts: set[str], lang: str, source_lang: str) -> bool:
    """A cue identical to the source said at that time, or without the target language's script,
    is not translated."""
    if cue.text.casefold() in source_texts:
        return False
    share = target_share(cue.text, lang, source_lang)
    return share is None or share >= TRANSLATED_SHARE


def assign(spans: list[tuple[int, int]], cues) -> list[list[Cue]]:
    """The cues falling in each span (sorted, disjoint), each to the span it overlaps most; a cue in
    a silence goes to the nearest span."""
    starts = [s for s, _ in spans]
    assigned: list[list[Cue]] = [[] for _ in spans]
    for cue in cues:
        if not cue.text or not spans:
            continue
        best, best_key = 0, None
        # The spans around the cue: from the one before its start to the first after its end.
        last = min(bisect.bisect_right(starts, cue.end) + 1, len(spans))
        for k in range(max(bisect.bisect_right(starts, cue.start) - 2, 0), last):
            start, end = spans[k]
            overlap = min(end, cue.end) - max(start, cue.start)
            # Most overlap, then nearest, then the shorter paragraph (one stretched by a cue lasting
            # hours must not take the cues of the paragraphs it spans).
            key = (overlap, -max(start - cue.end, cue.start - end, 0), -(end - start))
            if best_key is None or key > best_key:
                best, best_key = k, key
        assigned[best].append(cue)
    return assigned


def align(source: tuple[Cue, ...], translation: tuple[Cue, ...] | None, lang: str, source_lang: str) -> tuple[Row, ...]:
    """Source paragraphs, each with the translation said in the same time."""
    groups = paragraphs(source)
    spans = [(g[0].start, max(c.end for c in g)) for g in groups]
    said = Said(source)
    rows = []
    for group, span, mine in zip(groups, spans, assign(spans, translation or ())):
        done = any(is_translated(c, said.during(c), lang, source_lang) for c in mine)
        rows.append(Row(span[0], span[1], join(group), join(mine), done))
    return tuple(rows)


def _union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def coverage(source: tuple[Cue, ...], translation: tuple[Cue, ...] | None, lang: str, source_lang: str) -> int:
    """Percent of the source's speech time covered by translated cues."""
    speech = _union([(c.start, c.end) for c in source if c.text])
    total = sum(end - start for start, end in speech)
    if not total or not translation:
        return 0 if total else 100
    said = Said(source)
    done = [(c.start, c.end) for c in translation if c.text and is_translated(c, said.during(c), lang, source_lang)]
    covered = 0
    translated = _union(done)
    k = 0
    for start, end in speech:
        while k < len(translated) and translated[k][1] <= start:
            k += 1
        j = k
        while j < len(translated) and translated[j][0] < end:
            covered += min(end, translated[j][1]) - max(start, translated[j][0])
            j += 1
    return int(covered * 100 / total)
