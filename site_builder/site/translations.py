"""The version of its source a translation was stamped against (from git history): the headings
it inherits its ids from, and what the sections changed since are measured against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..content.frontmatter import Document
from ..core.problems import Problem, warning
from ..markdown.headings import TocEntry
from ..markdown.render import outline
from ..markdown.state import LinkSettings
from ..translation.drift import stamped_version
from ..translation.hashes import matches
from .memo import NoteMemo
from .pages import pair_key, site_rel


@dataclass(frozen=True)
class StampedSource:
    """The version of a source note a translation was stamped against, and its headings."""

    text: str
    toc: tuple[TocEntry, ...]


def stamped_source(doc: Document, twin: Document, memo: NoteMemo, links: LinkSettings,
                   routes: Mapping[str, str]) -> StampedSource | None:
    """The source version `doc`'s stamp names, when it is not the current one and git history has
    it (None otherwise: the translation then goes by the current source). A version found is the
    same whenever asked again, so the memo keeps it."""
    stamp = doc.meta.get("source_hash")
    if stamp is None or matches(str(stamp), twin.text):
        return None

    def find() -> StampedSource | None:
        old = stamped_version(twin.source.file, str(stamp))
        return None if old is None else StampedSource(old, outline(memo.md, old, twin.source.rel, links, routes))

    return memo.stamped.get((str(twin.source.file), str(stamp)), find)


def unpaired(doc: Document, source_lang: str) -> Problem | None:
    """A note of another language than the source's that says it is a translation (`translation_of:`,
    `source_hash:`) but pairs with no source note: it is shown as a note of its own, with no
    progress nor staleness, in no `status` row, which a typo or a source renamed away would hide."""
    key = pair_key(doc)
    for field, why in (("translation_of", "names"), ("source_hash", "was stamped against")):
        if field in doc.meta and doc.meta[field] is not None:
            return warning("pairing", site_rel(doc.source), doc.line_of(field),
                           f"this translation {why} content/{source_lang}/{key}.md, which is no note of the site "
                           f"(deleted, renamed, or a typo?): it pairs with no source, and has no progress nor staleness")
    return None


def twice_translated(docs: list[Document], source_of: Mapping[str, Document]) -> list[Problem]:
    """A second translation of one source note in one language (one by path, one by `translation_of:`):
    both are built, and the language menu of the source lists both under one language's name."""
    first: dict[tuple[str, str], Document] = {}
    problems = []
    for doc in sorted((d for d in docs if d.source.rel in source_of), key=lambda d: d.source.rel):
        key = (doc.source.lang, source_of[doc.source.rel].source.rel)
        if key not in first:
            first[key] = doc
            continue
        problems.append(warning("pairing", site_rel(doc.source), doc.line_of("translation_of"),
                                f"a second '{doc.source.lang}' translation of content/{key[1]}, beside "
                                f"{site_rel(first[key].source)}: the language menu lists both; keep one, or pair "
                                f"this one with another note"))
    return problems
