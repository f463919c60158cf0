"""Find glossary terms in prose, right for real languages.

- Korean attaches particles and verb endings to nouns (역전파를, 그라디언트의, 훈련하는, 훈련시켜라):
  a term matches at the start of a word and may be followed by what korean.py allows, but never
  inside another word (학습 is not in 기계학습 or 학습률).
- Latin terms match whole words, case-insensitively, with simple plurals (gradients, batches).
- Multi-word terms tolerate any whitespace between their words, a line break included.
- Text and terms are NFC-normalised.

Matching is a dictionary lookup per candidate word. In text without Hangul, one regex over the
glossary's first words (compiled once per matcher, in time that grows with the glossary) finds the
candidates, so the other words never become Python objects; in text with Hangul every word is one.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Generic, Iterable, Iterator, TypeVar

from .korean import is_hangul, korean_bases

T = TypeVar("T")

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Text the fast scan cannot take: any Hangul word may carry a particle after a term, so every one is
# looked at; U+0345 is the one character whose one-character case fold is a word character while it
# is not (tests/unit/test_termmatch.py checks this over all of Unicode).
_EVERY_WORD = re.compile(r"[\uac00-\ud7a3\u0345]")
_JOINERS = "-'’"  # join words into one, as in _WORD
@dataclass(frozen=True)
class Match(Generic[T]):
    start: int  # offsets in the normalised text
    end: int  # end of the term itself
    tail: int  # end including a particle or plural ending
    value: T


def normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _latin_bases(word: str) -> list[str]:
    bases = [word]
    if word.endswith("es") and len(word) > 3:
        bases.append(word[:-2])
    if word.endswith("s") and len(word) > 2:
        bases.append(word[:-1])
    return bases


def _alternation(words: Iterable[str]) -> str:
    """A regex matching exactly `words`, as a trie (a plain alternation of hundreds of words is tried
    word by word at every position, ten times slower)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return emit(trie)


Word = tuple[int, int, str]  # (start, end, casefolded word)
# The word after a word, when only whitespace separates them (as between a phrase's words).
_NEXT = re.compile(r"\s+(\w+(?:[-'’]\w+)*)")


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
        # Words where only one-word phrases start, and the value of their match.
        self._single = {word: entries[0][1] for word, entries in self._index.items() if len(entries[0][0]) == 1}

    def __bool__(self) -> bool:
        return bool(self._index)

    @cached_property
    def _firsts_of(self) -> dict[str, tuple[str, ...]]:
        """`_firsts` of the known words `_match_at` looks at, made when first needed (a matcher may
        never scan a text)."""
        return {word: self._firsts(word) for word in self._known if word not in self._single}

    @cached_property
    def _starts(self) -> re.Pattern:
        """A known word that ends a word, with the character before it (text gets a leading space)."""
        return re.compile(r"\W(" + _alternation(self._known) + r")(?!\w)(?![-'’]\w)")

    def find(self, text: str) -> list[Match[T]]:
        """Non-overlapping matches in `text` (already NFC), left to right, longest phrase first."""
        return [Match(*found) for found in self._scan(text)]

    def values(self, text: str) -> list[T]:
        """The values of `find(text)`, without building its matches."""
        return [found[3] for found in self._scan(text)]

    def _scan(self, text: str) -> Iterator[tuple[int, int, int, T]]:
        """(start, end, tail, value) of each match, as `find` returns them."""
        if not self._index:
            return iter(())
        folded = text.casefold()
        if len(folded) == len(text) and not _EVERY_WORD.search(text):
            # Every character folded to one, keeping offsets and word boundaries: fold once.
            return self._scan_known(folded)
        return self._scan_words(text)

    def _scan_known(self, folded: str) -> Iterator[tuple[int, int, int, T]]:
        """The regex skips the words that cannot start a match: they never become Python objects."""

        def next_word(end: int) -> Word | None:
            m = _NEXT.match(folded, end)
            return (m.start(1), m.end(1), m.group(1)) if m else None

        single, free = self._single, 0  # free: where the last match ended; none starts before it
        for m in self._starts.finditer(" " + folded):
            start = m.start(1) - 1
            if start < free:
                continue
            # After a joiner glued to a word (the "batch" of "mini-batch"), no word starts: rare, so
            # checked here rather than by a lookbehind at every attempt of the regex.
            if start > 1 and folded[start - 1] in _JOINERS and _WORD.match(folded, start - 2):
                continue
            word = m.group(1)
            if word in single:
                free = start + len(word)
                yield start, free, free, single[word]
                continue
            found = self._match_at((start, start + len(word), word), next_word)
            if found is not None:
                free = found[2]
                yield found

    def _scan_words(self, text: str) -> Iterator[tuple[int, int, int, T]]:
        """Every word is looked at (a Korean word may carry a particle after a term)."""
        words = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text)]

        def next_word(end: int) -> Word | None:
            i = bisect_left(words, (end,))
            if i == len(words) or not text[end:words[i][0]].isspace():
                return None
            return words[i]

        single, known, free = self._single, self._known, 0
        for start, end, word in words:
            if start < free or not (word in known or "\uac00" <= word[-1] <= "\ud7a3"):
                continue
            if word in single:
                free = end
                yield start, end, end, single[word]
                continue
            found = self._match_at((start, end, word), next_word)
            if found is not None:
                free = found[2]
                yield found

    def _match_at(self, first: Word, next_word: Callable[[int], Word | None]) -> tuple[int, int, int, T] | None:
        """The match starting at word `first`, if any; `next_word(end)` is the word after the one
        ending at `end`, if only whitespace separates them."""
        start, end, word = first
        words = [first]  # read as far as a phrase needs
        for candidate in self._firsts_of.get(word) or self._firsts(word):
            for phrase, value in self._index.get(candidate, ()):
                n = len(phrase)
                if n == 1:
                    return start, start + len(candidate), end, value
                if candidate != word:
                    continue
                k = 1
                while k < n:
                    if k == len(words):
                        following = next_word(words[-1][1])
                        if following is None:
                            break
                        words.append(following)
                    w, want = words[k][2], phrase[k]
                    # The last word may carry an ending: then `want` is a proper prefix of it.
                    if w != want and not (k == n - 1 and len(w) > len(want) and w.startswith(want)
                                          and want in _bases(w)):
                        break
                    k += 1
                if k == n:
                    return start, words[n - 1][0] + len(phrase[-1]), words[n - 1][1], value
        return None

    def _firsts(self, word: str) -> tuple[str, ...]:
        """The first words of phrases `word` may be: itself, or one of its bases (a phrase's first
        word is a whole word, unless the phrase is one word: then it may carry a particle or plural
        ending, as may the last word of a longer phrase)."""
        return tuple(dict.fromkeys([word, *(b for b in _bases(word) if b in self._index)]))


def _bases(word: str) -> list[str]:
    """`word` without a particle (Korean) or a plural ending (Latin)."""
    if is_hangul(word[-1]):
        return korean_bases(word)
    return _latin_bases(word)[1:]
