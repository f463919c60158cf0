"""What templates see of pages: `page` (PageView) and a glossary page's entries (GlossaryEntry).
The whole template context is described in templates.py."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Mapping

from markupsafe import Markup

from ..site.pages import Page


@dataclass(frozen=True, kw_only=True)
class PageView:
    """What templates see as `page`."""

    title: str
    path: str
    lang: str
    key: str
    layout: str
    description: str = ""
    module: str = ""
    order: float = 0
    content: Markup = Markup("")
    toc: tuple = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    translations: tuple = ()
    progress: int | None = None  # a translation's measured progress, percent
    stale: bool = False  # a translation whose source changed since it was stamped
    fallback: bool = False  # a note not translated yet, shown in the original
    # ids of the source sections changed since the stamp (git) that the page has: each one a badge
    # can link to (those it lacks are warning[anchor], build.checks.check_changed_sections)
    stale_sections: tuple[str, ...] = ()
    lecture: Any = None  # on a lecture page: its Lecture (video, transcript rows, downloads)


def reading_order(pages: list[Page]) -> list[Page]:
    return sorted(pages, key=lambda p: (p.meta.get("order", float("inf")), p.title.lower(), p.path))


def page_view(page: Page, translations: tuple = (), content: bool | Markup = False) -> PageView:
    """The template view of a page; only the page being rendered carries its content. A lecture's
    progress is its captions' progress."""
    meta = page.meta
    progress = page.translation.progress.percent if page.translation else None
    if page.lecture is not None:
        progress = page.lecture.progress
    if not isinstance(content, Markup):  # a Markup given stands for the content (see build/page_bytes)
        content = Markup(page.content if content else "")
    return PageView(title=page.title, path=page.path, lang=page.lang, key=page.key, layout=page.layout,
                    description=meta.get("description", ""), module=meta.get("module", ""),
                    order=meta.get("order", 0), content=content, toc=page.toc,
                    meta=meta, translations=translations, progress=progress,
                    stale=bool(page.translation and page.translation.stale), fallback=bool(page.fallback_of),
                    stale_sections=tuple(s for s in page.translation.changed_sections if s in page.anchors)
                    if page.translation else (),
                    lecture=page.lecture)


@dataclass(frozen=True, kw_only=True)
class GlossaryEntry:
    """One term as a glossary page shows it (template variable `glossary`: a list of these)."""

    anchor: str
    term: str  # preferred form in the page's language
    source: str  # the source-language term
    also: tuple[str, ...]  # other accepted forms
    avoid: tuple[str, ...]  # discouraged variants
    note: str
    pages: tuple[PageView, ...]  # pages of this language that use the term


class Ui:
    """What templates see as `ui`: the interface strings of the page's language (`ui.contents`,
    `ui["contents"]`), and numbers and dates written as that language writes them. A key no
    catalogue has is an error at the template's line (StrictUndefined), not an empty string."""

    __slots__ = ("lang", "_strings")

    def __init__(self, lang: str, strings: Mapping[str, str]) -> None:
        self.lang = lang
        self._strings = dict(strings)

    def __getitem__(self, key: str) -> str:
        return self._strings[key]  # KeyError: Jinja makes it undefined, StrictUndefined an error

    def __contains__(self, key: str) -> bool:
        return key in self._strings

    def percent(self, n: float) -> str:
        """`42%` (`percent_format`, `{n}`)."""
        return self._strings["percent_format"].format(n=n)

    def date(self, value: Any) -> str:
        """A date (a YAML date, or `YYYY-MM-DD` text) as `date_format` writes it; other text as it is."""
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value[:10])
            except ValueError:
                return value
        if not isinstance(value, datetime.date):
            return str(value)
        names = self._strings["month_names"].split()
        name = names[value.month - 1] if len(names) == 12 else str(value.month)
        return self._strings["date_format"].format(year=value.year, month=value.month, day=value.day, month_name=name)
