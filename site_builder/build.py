"""The build: read and check everything, then write — only if nothing failed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from .cache import RenderCache
from .config import Config, load_config
from .highlight import stylesheet
from .problems import BuildFailed, Problem, error, has_errors
from .site import Site, load_site
from .sources import discover
from .templates import PageView, Renderer
from .urls import href
from .writer import write_output

PYGMENTS_CSS = "/css/pygments.css"
MARKER = ".nojekyll"  # always written; also tells a previous output dir from a user's folder
GENERATED = {"404.html": "the 404 page (templates/404.html)", "sitemap.xml": "the sitemap", "robots.txt": "robots.txt",
             PYGMENTS_CSS.lstrip("/"): "the code stylesheet", MARKER: "the .nojekyll marker"}


@dataclass(frozen=True)
class BuildResult:
    problems: tuple[Problem, ...]
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    written: bool = False


def _check_out_dir(site_dir: Path, out_dir: Path) -> None:
    site, out = site_dir.resolve(), out_dir.resolve()
    if out == site or out in site.parents:
        raise BuildFailed([error("output", str(out_dir), 0, "the output dir must not be the site dir or contain it")])
    for inner in ("content", "templates", "static"):
        if out == site / inner or (site / inner) in out.parents:
            raise BuildFailed([error("output", str(out_dir), 0, f"the output dir must not be inside {inner}/")])
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise BuildFailed([error("output", str(out_dir), 0,
                                 "refusing to replace a non-empty folder that is not a previous build output")])


def _sitemap(site: Site) -> bytes:
    cfg = site.config
    urls = "".join(f"  <url><loc>{xml_escape(cfg.url + href(p.path, cfg.baseurl))}</loc></url>\n" for p in site.pages)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n').encode()


def render_outputs(site: Site, cache: RenderCache) -> tuple[dict[str, bytes | Path], list[Problem]]:
    """Every output file of the site, in memory (pages) or as a file to copy."""
    problems: list[Problem] = []
    files: dict[str, bytes | Path] = {}
    renderer = Renderer(site)
    for page in site.pages:
        html, problem = cache.page_html(renderer.page_key(page), lambda: renderer.render_page(page))
        if problem:
            problems.append(problem)
        else:
            files[page.out] = html.encode()
    cfg = site.config
    not_found = PageView("Page not found", "/404.html", cfg.language, "404", "404", "", "", 0, "", (), {})
    html, problem = renderer.render("404.html", not_found, missing=("templates/404.html", 0))
    if problem:
        problems.append(problem)
    else:
        files["404.html"] = html.encode()
    for source, path in site.assets:
        files[path.lstrip("/")] = source.file
    for static in site.statics:
        files[static.path.lstrip("/")] = static.file
    files[PYGMENTS_CSS.lstrip("/")] = stylesheet().encode()
    files[MARKER] = b""
    if cfg.cname:
        files["CNAME"] = (cfg.cname + "\n").encode()
    if cfg.url:  # both need absolute URLs
        files["sitemap.xml"] = _sitemap(site)
        files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {cfg.url}{href('/sitemap.xml', cfg.baseurl)}\n".encode()
    return files, problems


@dataclass(frozen=True)
class Assembled:
    """A site read, checked and rendered in memory: what `build` writes and `check` inspects."""

    site: Site
    files: dict[str, bytes | Path]
    problems: list[Problem]


def assemble(config: Config, cache: RenderCache | None = None) -> Assembled:
    """Read, render and collect every output of the site. Raises BuildFailed when it cannot."""
    found = discover(config)
    reserved = dict(GENERATED, **({"CNAME": "site.yaml 'cname'"} if config.cname else {}))
    cache = cache or RenderCache()
    site, problems = load_site(config, found, reserved, cache)
    files, render_problems = render_outputs(site, cache)
    cache.retain()
    return Assembled(site, files, sorted(problems + render_problems))


def build(site_dir: Path, out_dir: Path | None = None, baseurl: str | None = None, strict: bool = False) -> BuildResult:
    """Build `site_dir` into `out_dir` (default: site_dir/_site). Nothing is written unless the
    build succeeds (no errors; no warnings either when `strict`)."""
    start = time.perf_counter()
    out_dir = out_dir or site_dir / "_site"
    try:
        config = load_config(site_dir, baseurl)
        _check_out_dir(site_dir, out_dir)
        done = assemble(config)
    except BuildFailed as failed:
        return BuildResult(tuple(sorted(failed.problems)), seconds=time.perf_counter() - start)
    pages = len(done.site.pages)
    if has_errors(done.problems, strict):
        return BuildResult(tuple(done.problems), pages, seconds=time.perf_counter() - start)
    write_output(out_dir, done.files)
    return BuildResult(tuple(done.problems), pages, len(done.files), time.perf_counter() - start, written=True)
