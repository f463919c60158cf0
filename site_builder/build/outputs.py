"""The names of a site's output files, known from the Site alone: what the checks look for a link's
target in, without rendering a template. `render_outputs` (build.py) yields files by these names;
a test holds the two equal on every fixture site."""

from __future__ import annotations

from ..core.urls import out_file
from ..glossary.paths import glossary_path
from ..site.load import Site

PYGMENTS_CSS = "/css/pygments.css"
LECTURE_SCRIPT = "/js/lecture.js"
TOC_SCRIPT = "/js/toc.js"  # marks the section in view in a note's table of contents
MARKER = ".nojekyll"  # always written; also tells a previous output dir from a user's folder
GENERATED = {"404.html": "the 404 page (templates/404.html)", "sitemap.xml": "the sitemap", "robots.txt": "robots.txt",
             PYGMENTS_CSS.lstrip("/"): "the code stylesheet", MARKER: "the .nojekyll marker"}


def needs_lecture_script(statics, lectures: bool) -> bool:
    """Lecture pages need static/js/lecture.js; a site whose static/ predates it gets the bundled one."""
    return lectures and not any(static.path == LECTURE_SCRIPT for static in statics)


def needs_toc_script(statics) -> bool:
    """Note pages use static/js/toc.js; a site whose static/ predates it gets the bundled one."""
    return not any(static.path == TOC_SCRIPT for static in statics)


def output_names(site: Site) -> frozenset[str]:
    """Every file the build writes for `site` (relative POSIX paths), in the order-free form the
    checks need. A page whose template fails is still named: its error is reported by the build."""
    cfg = site.config
    names = {page.out for page in site.pages}
    names.update(out_file(link.path) for page in site.pages if page.lecture is not None
                 for link in page.lecture.downloads)
    if site.glossary:
        names.update(out_file(glossary_path(lang, cfg.language)) for lang in cfg.languages)
    names.update(asset.path.lstrip("/") for asset in site.assets)
    names.update(static.path.lstrip("/") for static in site.statics)
    if needs_lecture_script(site.statics, bool(site.lectures)):
        names.add(LECTURE_SCRIPT.lstrip("/"))
    if needs_toc_script(site.statics):
        names.add(TOC_SCRIPT.lstrip("/"))
    names.update(("404.html", PYGMENTS_CSS.lstrip("/"), MARKER))
    if cfg.cname:
        names.add("CNAME")
    if cfg.url:
        names.update(("sitemap.xml", "robots.txt"))
    return frozenset(names)
