"""The state of a translation, computed — never declared: progress, staleness, words left.

- Progress is the share of the source's blocks (headings, paragraphs and list items, table rows)
  that the translation has translated. The translation's blocks are aligned with the source's
  (align.py: in order, by kind, length and what a translation keeps verbatim), one source block
  with one, two or three translated ones (a paragraph split or merged). A source block is done when
  every block aligned with it is translated (and no untranslated block left over right after them,
  which is what remains of a split the alignment did not see): it is not a copy of a source block — translators work
  paragraph by paragraph in place — and it is in the target language by the one measure
  (content/scripts.py, with the glossary's source terms), or it is kept in the source language on
  purpose (markdown/keep.py). Each source block counts once; code and math carry no words and do
  not count. Words left: those of the source blocks not done.
- A translation records the version of its source it matches: `source_hash:` in its front matter
  (`site-builder status --stamp`). When the source changes, the translation is stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from markdown_it.token import Token

from ..content.scripts import LETTER as _LETTER, weighted_length
from ..markdown.keep import kept_inlines
from .align import align

_WORD = re.compile(r"\w+")
# ASCII characters that are not \w, as spaces: ASCII prose splits into its words four times faster
# than the regex finds them.
_SPACED = {i: " " for i in range(128) if not _WORD.match(chr(i))}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def count_words(prose: str) -> int:
    """The runs of word characters (\\w+) in `prose`."""
    return len(prose.translate(_SPACED).split()) if prose.isascii() else len(_WORD.findall(prose))


@dataclass(frozen=True)
class Block:
    content: str  # the block's Markdown, whitespace-normalised: identity with the source
    prose: str  # its words, without code and math: the language measure and word counts
    words: int = 0  # counted once, when the note is rendered: rebuilds reuse it
    kind: str = "paragraph"  # heading, paragraph, list item, table row: what it may align with
    anchors: frozenset[str] = frozenset()  # numbers, code, math, link targets: the same in a translation
    length: float = 0.0  # weighted_length of its prose: compares across languages
    translated: bool = False  # a translation's: in the target language, or kept on purpose
    kept: bool = False  # kept in the source language on purpose


def _groups(tokens: list[Token]):
    """The inline tokens of each countable block: a heading, paragraph or list item; a table row."""
    row: list[Token] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            yield row
            row = None
        elif token.type == "inline":
            if row is not None:
                row.append(token)
            else:
                yield (token,)


def countable(tokens: list[Token]):
    """(inline tokens, prose) of each block that counts: one with a letter in its prose."""
    for inlines in _groups(tokens):
        prose = " ".join(c.content for t in inlines for c in t.children or () if c.type == "text")
        if _LETTER.search(prose):
            yield inlines, prose


def kinds(tokens: list[Token]) -> dict[int, str]:
    """What each inline token is the text of: heading, paragraph, list item, table row."""
    found, items = {}, 0
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            items += 1
        elif token.type == "list_item_close":
            items -= 1
        elif token.type == "inline" and i:
            before = tokens[i - 1].type
            found[id(token)] = ("heading" if before == "heading_open" else "table row" if before in ("th_open", "td_open")
                                else "list item" if items else "paragraph")
    return found


def _anchors(inlines) -> frozenset[str]:
    found = set()
    for token in inlines:
        for child in token.children or ():
            if child.type in ("code_inline", "math_inline"):
                found.add(child.content)
            elif child.type in ("link_open", "image"):
                found.add(str(child.attrs.get("href") or child.attrs.get("src") or ""))
            elif child.type == "text" and any(c.isdigit() for c in child.content):
                found.update(_NUMBER.findall(child.content))
    return frozenset(found)


def blocks(tokens: list[Token], in_source_language: Callable[[str], bool] | None = None) -> tuple[Block, ...]:
    """The countable blocks of a parsed note. `in_source_language`: for a translation, the measure
    of a block's prose (None: a source note, whose blocks are never translated)."""
    kind_of = kinds(tokens)
    kept = kept_inlines(tokens) if in_source_language is not None else set()
    found = []
    for inlines, prose in countable(tokens):
        keep = id(inlines[0]) in kept
        done = keep or (in_source_language is not None and not in_source_language(prose))
        found.append(Block(" ".join(" ".join(t.content.split()) for t in inlines), prose, count_words(prose),
                           kind_of.get(id(inlines[0]), "paragraph"), _anchors(inlines), weighted_length(prose),
                           done, keep))
    return tuple(found)


def words(tokens: list[Token]) -> int:
    """The words of prose of a parsed note: prose_words(blocks(tokens)), without building the blocks
    (and counted in one go: no word runs across the space that joins two blocks)."""
    return count_words(" ".join(prose for _, prose in countable(tokens)))


@dataclass(frozen=True)
class Progress:
    percent: int  # 0..100
    translated: int  # source blocks accounted for as translated
    total: int  # source blocks
    words_left: int  # words of the source blocks not translated


def progress(source: tuple[Block, ...], translation: tuple[Block, ...]) -> Progress:
    """How much of `source` `translation` has translated: each source block once (see above)."""
    contents = {b.content for b in source}
    done = [False] * len(source)
    last: range = range(0)  # the source blocks of the last step that had some
    for mine, theirs in align(source, translation):
        finished = all(translation[j].kept or (translation[j].translated and translation[j].content not in contents)
                       for j in theirs)
        if mine:
            for i in mine:
                done[i] = finished and bool(theirs)
            last = mine
        elif not finished:  # a piece left in the source language, by itself: what is left of a split
            for i in last:
                done[i] = False
    count = sum(done)
    left = sum(b.words for b, d in zip(source, done) if not d)
    percent = count * 100 // len(source) if source else 100
    return Progress(percent, count, len(source), left)


def prose_words(found: tuple[Block, ...]) -> int:
    return sum(b.words for b in found)


@dataclass(frozen=True)
class Excerpt:
    line: int
    text: str


@dataclass(frozen=True)
class Verbatim:
    """What a translation keeps exactly as its source has it: code and math (with their lines)."""

    code: tuple[Excerpt, ...] = ()  # fenced and indented code; "" for a fence marked `translated`
    math: tuple[Excerpt, ...] = ()


def verbatim(tokens: list[Token]) -> Verbatim:
    code, math = [], []
    for token in tokens:
        line = token.map[0] + 1 if token.map else 0
        if token.type in ("fence", "code_block"):
            code.append(Excerpt(line, "" if "translated" in token.info.split() else token.content))
        elif token.type in ("math_block", "amsmath"):
            math.append(Excerpt(line, token.content))
        elif token.type == "inline":
            math.extend(Excerpt((c.meta or {}).get("line", line), c.content)
                        for c in token.children or () if c.type == "math_inline")
    return Verbatim(tuple(code), tuple(math))
