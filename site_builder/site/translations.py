"""The version of its source a translation was stamped against (from git history): the headings
it inherits its ids from, and what the sections changed since are measured against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..content.frontmatter import Document
from ..markdown.headings import TocEntry
from ..markdown.render import outline
from ..markdown.state import LinkSettings
from ..translation.drift import stamped_version
from ..translation.hashes import matches
from .memo import NoteMemo


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
