"""A page's bytes with its note's HTML put in as it is kept (UTF-8): hundreds of kilobytes of
KaTeX's output a note are then never decoded, joined with the template's output and encoded
again, which was most of what writing a large site cost. UTF-8 encodes piece by piece, so the
bytes are those of the whole page encoded at once.

Only where every template is the bundled theme's, which shows `page.content` as it is; a site's
own templates may filter it, test it or show it twice: their pages are rendered whole."""

from __future__ import annotations

import zlib
from pathlib import Path

from markupsafe import Markup

from ..core.problems import Problem

# What the template is given instead of the content: NUL never comes from a note's Markdown (it
# becomes U+FFFD) nor from the theme; a front matter string that spells it out makes the mark
# appear twice, and the page is then rendered whole.
MARK = "\x00page-content\x00"


def theme_only(site_dir: Path) -> bool:
    """Whether the site renders through the bundled theme alone (no file in its templates/)."""
    templates = site_dir / "templates"
    try:
        return not templates.is_dir() or not any(True for _ in templates.iterdir())
    except OSError:  # unreadable: whatever it holds, pages are rendered whole
        return False


def _whole(renderer, page) -> tuple[bytes | None, Problem | None]:
    html, problem = renderer.render_page(page)
    return (None if html is None else html.encode()), problem


def page_bytes(renderer, page, spliced: bool) -> tuple[bytes | None, Problem | None]:
    """The page through its template, as UTF-8 (None when the template failed); `spliced`: the
    site renders through the bundled theme alone (see theme_only)."""
    content = zlib.decompress(page.packed) if spliced else b""
    if not content:  # an empty page.content is false in a template: the mark would not be
        return _whole(renderer, page)
    html, problem = renderer.render_page(page, content=Markup(MARK))
    if html is None:
        return None, problem
    before, mark, after = html.partition(MARK)
    if not mark or MARK in after:  # not shown once as it is: rendered whole
        return _whole(renderer, page)
    return b"".join((before.encode(), content, after.encode())), problem
