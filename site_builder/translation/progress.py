"""The state of a translation, computed — never declared: progress, staleness, words left.

- Progress is the share of the source's blocks (headings, paragraphs and list items, table rows)
  that the translation has translated. A block still identical to a source block — translators
  work paragraph by paragraph in place — or still in the source language's script is untranslated.
  Code and math carry no words and do not count.
- A translation records the version of its source it matches: `source_hash:` in its front matter
  (`site-builder status --stamp`). When the source's text changes, the translation is stale.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from markdown_it.token import Token

from ..content.frontmatter import split_front_matter
from ..content.scripts import LETTER as _LETTER, in_source_script

_WORD = re.compile(r"\w+")
# ASCII characters that are not \w, as spaces: ASCII prose splits into its words four times faster
# than the regex finds them.
_SPACED = {i: " " for i in range(128) if not _WORD.match(chr(i))}


def count_words(prose: str) -> int:
    """The runs of word characters (\\w+) in `prose`."""
    return len(prose.translate(_SPACED).split()) if prose.isascii() else len(_WORD.findall(prose))


@dataclass(frozen=True)
class Block:
    content: str  # the block's Markdown, whitespace-normalised: identity with the source
    prose: str  # its words, without code and math: the script test and word counts
    words: int = 0  # counted once, when the note is rendered: rebuilds reuse it


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


def blocks(tokens: list[Token]) -> tuple[Block, ...]:
    """The countable blocks of a parsed note."""
    return tuple(Block(" ".join(" ".join(t.content.split()) for t in inlines), prose, count_words(prose))
                 for inlines, prose in countable(tokens))


def words(tokens: list[Token]) -> int:
    """The words of prose of a parsed note: prose_words(blocks(tokens)), without building the blocks
    (and counted in one go: no word runs across the space that joins two blocks)."""
    return count_words(" ".join(prose for _, prose in countable(tokens)))


def is_translated(block: Block, source_contents: set[str], lang: str, source_lang: str) -> bool:
    if block.content in source_contents:
        return False
    return not in_source_script(block.prose, lang, source_lang)


@dataclass(frozen=True)
class Progress:
    percent: int  # 0..100
    translated: int  # source blocks accounted for as translated
    total: int  # source blocks
    words_left: int  # words of the source still to translate (estimated by share)


def progress(source: tuple[Block, ...], translation: tuple[Block, ...], lang: str, source_lang: str) -> Progress:
    contents = {b.content for b in source}
    done = min(len(source), sum(is_translated(b, contents, lang, source_lang) for b in translation))
    words = prose_words(source)
    share = done / len(source) if source else 1.0
    return Progress(int(share * 100), done, len(source), round(words * (1 - share)))


def prose_words(found: tuple[Block, ...]) -> int:
    return sum(b.words for b in found)


def source_hash(text: str) -> str:
    """Short hash of a note's normalised text: front matter and whitespace changes do not count."""
    fm, body_line, _ = split_front_matter(text, "")
    body = "\n".join(text.split("\n")[body_line - 1:]) if fm is not None else text
    return hashlib.sha256(" ".join(body.split()).encode()).hexdigest()[:12]


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
