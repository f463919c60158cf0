"""The names of a site's output files, known from the Site alone: what the checks look for a link's
target in, without rendering a template. `render_outputs` (build.py) yields files by these names;
a test holds the two equal on every fixture site. The sitemap too is made from the Site alone."""

from __future__ import annotations

from html import escape as xml_escape
from urllib.parse import quote

from ..core.urls import href, out_file
from ..glossary.paths import glossary_path
from ..site.load import Site
from .print_view import print_path

PYGMENTS_CSS = "/css/pygments.css"
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # what stays as it is in a URL (quote() keeps letters, digits, -._~)
MARKER = ".nojekyll"  # always written; also tells a previous output dir from a user's folder
GENERATED = {"404.html": "the 404 page (templates/404.html)", "sitemap.xml": "the sitemap", "robots.txt": "robots.txt",
             PYGMENTS_CSS.lstrip("/"): "the code stylesheet", MARKER: "the .nojekyll marker"}


def output_names(site: Site) -> frozenset[str]:
    """Every file the build writes for `site` (relative POSIX paths), in the order-free form the
    checks need. A page whose template fails is still named: its error is reported by the build."""
    cfg = site.config
    names = {page.out for page in site.pages}
    names.update(out_file(link.path) for page in site.pages if page.lecture is not None
                 for link in page.lecture.downloads)
    if site.glossary:
        names.update(out_file(glossary_path(lang, cfg.language)) for lang in cfg.published_languages)
    names.update(out_file(print_path(lang, cfg.language)) for lang in {page.lang for page in site.pages})
    names.update(asset.path.lstrip("/") for asset in site.assets)
    names.update(static.path.lstrip("/") for static in site.statics)
    names.update(("404.html", PYGMENTS_CSS.lstrip("/"), MARKER))
    if cfg.cname:
        names.add("CNAME")
    if cfg.url:
        names.update(("sitemap.xml", "robots.txt"))
    return frozenset(names)


def sitemap(site: Site) -> bytes:
    """sitemap.xml: every page's absolute URL (the site needs `url`)."""
    cfg = site.config
    # A sitemap holds URLs, not text: a space or a Korean permalink is percent-encoded (as UTF-8);
    # the origin is site.yaml's `url` as written.
    urls = "".join(f"  <url><loc>{xml_escape(cfg.url + quote(href(p.path, cfg.baseurl), safe=_URL_SAFE))}</loc></url>\n"
                   for p in site.pages)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n').encode()
