"""Find glossary terms in prose, right for real languages.

- Korean attaches particles to nouns (역전파를, 그라디언트의): a term matches at the start of a word
  and may be followed by particles, but never inside another word (학습 is not in 기계학습 or 학습률).
- Latin terms match whole words, case-insensitively, with simple plurals (gradients, batches).
- Multi-word terms tolerate any whitespace between their words, a line break included.
- Text and terms are NFC-normalised.

Matching is a dictionary lookup per word, so its cost does not grow with the glossary's size.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

T = TypeVar("T")

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Particles and endings that follow a noun directly; longest first so 에서는 wins over 는.
_PARTICLES = sorted("""은 는 이 가 을 를 의 에 에서 에게 에게서 께 께서 한테 으로 로 으로서 로서 으로써 로써 와 과
    도 만 까지 부터 보다 처럼 같이 마다 조차 마저 밖에 이나 나 이나마 이란 란 이라는 라는 이라고 라고 이라면 라면
    이다 다 입니다 이며 며 이고 고 이었다 였다 이지만 지만 이야 야 이요 요 에는 에서는 에도 에서도 으로는 로는
    으로도 로도 와의 과의 와는 과는 에의 로의 으로의 이랑 랑 하고 이에요 예요 인 일 임 들""".split(), key=len, reverse=True)


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int  # offsets in the normalised text
    end: int  # end of the term itself
    tail: int  # end including a particle or plural ending
    value: T


def normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _strip_particles(word: str) -> list[str]:
    """Bases a Korean word may be: the word itself, then without up to two particles."""
    bases = [word]
    for _ in range(2):
        found = []
        for base in bases[-1:]:
            for particle in _PARTICLES:
                if len(base) > len(particle) and base.endswith(particle):
                    found.append(base[: -len(particle)])
        if not found:
            break
        bases.extend(found)
    return bases


def _latin_bases(word: str) -> list[str]:
    bases = [word]
    if word.endswith("es") and len(word) > 3:
        bases.append(word[:-2])
    if word.endswith("s") and len(word) > 2:
        bases.append(word[:-1])
    return bases


class TermMatcher(Generic[T]):
    """Matches many phrases at once; `value` tells the caller which phrase matched."""

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        # first word (casefolded) -> [(all words, value)], longest phrases first
        self._index: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for phrase, value in phrases:
            words = tuple(w.casefold() for w in _WORD.findall(normalize(phrase)))
            if words:
                self._index.setdefault(words[0], []).append((words, value))
        for entries in self._index.values():
            entries.sort(key=lambda e: -len(e[0]))
        # Words that may start a match: the first words and their Latin plurals.
        self._known = set(self._index) | {k + "s" for k in self._index} | {k + "es" for k in self._index}

    def __bool__(self) -> bool:
        return bool(self._index)

    def find(self, text: str) -> list[Match[T]]:
        """Non-overlapping matches in `text` (already NFC), left to right, longest phrase first."""
        index = self._index
        if text.isascii():  # casefolding keeps ASCII offsets: fold once
            words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text.casefold())]
        else:
            words = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text)]
        # Most words match nothing: keep the positions of those that may (a phrase's first word, its
        # plural, or any Korean word, which may carry a particle), then look closely at those only.
        known = self._known
        candidates = [i for i, w in enumerate(words) if w[2] in known or "\uac00" <= w[2][-1] <= "\ud7a3"]
        found: list[Match[T]] = []
        free = 0  # first word not inside a previous match
        for i in candidates:
            if i < free:
                continue
            entries = index.get(words[i][2])
            if entries and len(entries[0][0]) == 1:  # only a one-word phrase starts here: done
                found.append(Match(words[i][0], words[i][1], words[i][1], entries[0][1]))
                free = i + 1
                continue
            match = self._match_at(text, words, i)
            if match is not None:
                found.append(match[0])
                free = match[1]
        return found

    def _match_at(self, text: str, words: list, i: int) -> tuple[Match[T], int] | None:
        start, _, word = words[i]
        # A phrase's first word is a whole word, unless the phrase is one word: then it may carry a
        # particle or plural ending (as may the last word of a longer phrase).
        for candidate in dict.fromkeys([word, *self._endings(word)]):
            for phrase, value in self._index.get(candidate, ()):
                n = len(phrase)
                if i + n > len(words):
                    continue
                if n == 1:
                    return Match(start, start + len(candidate), words[i][1], value), i + 1
                if candidate != word:
                    continue
                ok = True
                for k in range(1, n):
                    gap = text[words[i + k - 1][1]:words[i + k][0]]
                    if not gap or gap.strip():
                        ok = False
                        break
                    w = words[i + k][2]
                    if w != phrase[k] and not (k == n - 1 and phrase[k] in _bases(w)):
                        ok = False
                        break
                if ok:
                    last_start = words[i + n - 1][0]
                    return Match(start, last_start + len(phrase[-1]), words[i + n - 1][1], value), i + n
        return None

    def _endings(self, word: str) -> list[str]:
        """Bases of `word` that some phrase starts with."""
        return [b for b in _bases(word) if b in self._index]


def _bases(word: str) -> list[str]:
    """`word` without a particle (Korean) or a plural ending (Latin)."""
    if "\uac00" <= word[-1] <= "\ud7a3":
        return _strip_particles(word)[1:]
    return _latin_bases(word)[1:]
