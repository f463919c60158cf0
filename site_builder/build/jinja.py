"""The Jinja2 environment of a site: its templates/ (read only where links stay in the site or the
bundled theme, and only regular files) over the bundled theme's, file by file; the `url` and
`absolute_url` filters; template errors as Problems at the template's file and line."""

from __future__ import annotations

import os
import stat
import traceback
from itertools import islice
from pathlib import Path
from typing import Iterator

import jinja2

from ..core.config import Config
from ..core.problems import Problem, error
from ..content.sources import Places
from ..content.theme import THEME_DIR
from ..core.urls import absolute, href
from .views import PageView


THEME_TEMPLATES = THEME_DIR / "templates"
THEME_LABEL = "site_builder/theme/templates"  # how problems name a bundled template


class LinkRefused(jinja2.TemplateError):
    """A template that is (or is reached through) a symbolic link out of the site: error[link]."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _SiteTemplates(jinja2.FileSystemLoader):
    """The site's templates/, read only where links stay in the site or the bundled theme (see
    sources.Places): `{% include %}` of a link to /etc/passwd publishes nothing."""

    def __init__(self, site_dir: Path) -> None:
        super().__init__(site_dir / "templates")
        self.places = Places(site_dir)

    def get_source(self, environment, template):
        # Checked before anything is read: a FIFO would block the build for ever.
        filename = os.path.join(self.searchpath[0], *jinja2.loaders.split_template_path(template))
        if os.path.lexists(filename):
            real = os.path.realpath(filename)
            where = self.places.place(real)
            if where:
                raise LinkRefused(error("link", f"templates/{template}", 0,
                                        f"leads to {real} (a symbolic link), {where}: not used as a template"))
            if os.path.exists(real) and not stat.S_ISREG(os.stat(real).st_mode):
                raise LinkRefused(error("file", f"templates/{template}", 0, "not a regular file: not used as a template"))
        return super().get_source(environment, template)


def make_environment(config: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([_SiteTemplates(config.site_dir), jinja2.FileSystemLoader(THEME_TEMPLATES)]),
        autoescape=True,
        auto_reload=False,  # a new environment is made when templates change (Renderer.env's key)
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )

    def url(path: str) -> str:
        return href(str(path), config.baseurl)

    def absolute_url(path: str) -> str:
        path = str(path)
        return absolute(path, config.url, config.baseurl)

    env.filters["url"] = url
    env.filters["absolute_url"] = absolute_url
    return env


def join_pieces(pieces: Iterator[str]) -> str:
    """What `Template.render` returns, joined a few hundred pieces at a time: joined at once, a large
    page (a glossary's) keeps tens of thousands of Markup objects alive, for the garbage collector to
    scan and promote to its oldest generation, whose collections then come sooner."""
    parts = []
    while chunk := list(islice(pieces, 512)):
        parts.append("".join(chunk))
    return "".join(parts)


def template_problem(exc: Exception, site_dir: Path) -> Problem:
    """Map a Jinja error to the template file (the site's, or the bundled theme's) and line it happened on."""
    if isinstance(exc, LinkRefused):
        return exc.problem
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.name or (Path(exc.filename).name if exc.filename else "?")
        return error("template", _label(exc.filename, site_dir) or f"templates/{name}", exc.lineno or 0,
                     exc.message or str(exc))
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        label = _label(frame.filename, site_dir)
        if label:
            message = str(exc).replace(f"'{PageView.__module__}.PageView object'", "'page'")
            return error("template", label, frame.lineno or 0, message)
    return error("template", "templates", 0, str(exc))


def _label(filename: str | None, site_dir: Path) -> str | None:
    """`templates/x.html` for a site's template, the bundled theme's path for the theme's, else None."""
    if not filename:
        return None
    file = Path(filename).resolve()
    for root, label in ((site_dir / "templates", "templates"), (THEME_TEMPLATES, THEME_LABEL)):
        try:
            return f"{label}/{file.relative_to(root.resolve()).as_posix()}"
        except ValueError:
            continue
    return None
