"""A translation against its source note: the version of the source it was stamped against (from
git history), whose headings it inherits its ids from, and its state — progress, staleness, the
sections of the source changed since the stamp."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping

from ..content.frontmatter import Document
from ..core.config import Config
from ..core.problems import Problem, warning
from ..markdown.headings import TocEntry
from ..markdown.render import outline
from ..markdown.state import LinkSettings
from ..translation.drift import drift, stamped_version
from ..translation.progress import progress, source_hash
from .memo import NoteMemo
from .notes import translation_result
from .pages import TranslationState, site_rel


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
    if stamp is None or str(stamp) == source_hash(twin.text):
        return None

    def find() -> StampedSource | None:
        old = stamped_version(twin.source.file, str(stamp))
        return None if old is None else StampedSource(old, outline(memo.md, old, twin.source.rel, links, routes))

    return memo.stamped.get((str(twin.source.file), str(stamp)), find)


def translation_state(doc: Document, rendered, twin: Document, twin_rendered, config: Config,
                      stamped: StampedSource | None = None) -> tuple[TranslationState, list[Problem]]:
    """Progress and staleness of a translation against its source note; with the `stamped`
    version of the source, the sections changed since (named by the ids of the source's page)."""
    rel = site_rel(doc.source)
    problems = []
    measured = progress(translation_result(twin_rendered).blocks, translation_result(rendered).blocks,
                        doc.source.lang, config.source_language)
    declared = doc.meta.get("progress")
    if declared is not None:
        if isinstance(declared, (int, float)) and not isinstance(declared, bool) and 0 <= declared <= 100:
            problems.append(warning("progress", rel, doc.line_of("progress"),
                                    f"'progress: {declared}' overrides the measured {measured.percent}%"))
            measured = dataclasses.replace(measured, percent=int(declared))
        else:
            problems.append(warning("progress", rel, doc.line_of("progress"), "'progress' must be a number from 0 to 100"))
    current = source_hash(twin.text)
    stamp = doc.meta.get("source_hash")
    stale = stamp is not None and str(stamp) != current
    if stale:
        problems.append(warning("stale", rel, doc.line_of("source_hash"),
                                f"{site_rel(twin.source)} changed since this translation was stamped; update it, "
                                f"then run: site-builder status --stamp {rel}"))
    found = drift(stamped.text, stamped.toc, twin.text, twin_rendered.toc) if stale and stamped else None
    return TranslationState(source=site_rel(twin.source), progress=measured, stale=stale, stamped=stamp is not None,
                            source_hash=current, changed_sections=found.sections if found else (),
                            diff=found.diff if found else None), problems
