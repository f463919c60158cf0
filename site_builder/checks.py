"""`site-builder check`: the build's own diagnostics plus link, anchor and math checks, all pointing
into the Markdown source. A check is a function `(Built) -> list[Problem]` in CHECKS."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .build import assemble
from .config import load_config
from .glossary_lint import glossary_path
from .problems import BuildFailed, Problem, error, warning
from .site import Page, Site
from .urls import is_external, out_file


@dataclass(frozen=True)
class ExternalLink:
    file: str
    line: int
    url: str


@dataclass(frozen=True)
class Built:
    """What the checks look at: the site, and the output files it would have."""

    site: Site
    outs: frozenset[str]

    def generated_anchors(self) -> dict[str, frozenset[str]]:
        """Anchors of generated pages (the glossary pages: one per term), by output file."""
        glossary = self.site.glossary
        if not glossary:
            return {}
        anchors = frozenset(term.anchor for term in glossary.terms)
        return {out_file(glossary_path(lang, self.site.config.language)): anchors for lang in self.site.config.languages}


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    external: tuple[ExternalLink, ...] = ()
    pages: int = 0


def _site_path(page: Page, href: str, baseurl: str) -> str | None:
    """The site path an internal href points at, or None when it leaves the site's baseurl."""
    path = unquote(href.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return page.path
    if not path.startswith("/"):  # folder-style relative URL, resolved as the browser would
        base = page.path if page.path.endswith("/") else posixpath.dirname(page.path) + "/"
        path = posixpath.normpath(posixpath.join(base, path)) + ("/" if path.endswith("/") else "")
    if baseurl:
        if path != baseurl and not path.startswith(baseurl + "/"):
            return None
        path = path[len(baseurl):] or "/"
    return path


def _target_exists(files: frozenset[str], path: str) -> bool:
    out = out_file(path).lstrip("/")
    return out in files or (not path.endswith("/") and f"{out}/index.html" in files)


def check_links(done: Built) -> list[Problem]:
    """Internal links and images must reach an output file; #anchors must match an id on the target."""
    problems = []
    baseurl = done.site.config.baseurl
    by_out = {page.out: page for page in done.site.pages}
    generated = done.generated_anchors()
    for page in done.site.pages:
        for link in page.links:
            href = link.href
            if not href or is_external(href) or href.startswith(("mailto:", "data:")):
                continue
            if href.endswith(".md") or ".md#" in href:
                continue  # a missing note: already reported by the build
            frag = unquote(href.split("#", 1)[1]) if "#" in href else ""
            path = _site_path(page, href, baseurl)
            what = "image" if link.kind == "image" else "link"
            if path is None:
                problems.append(error("link", page.site_rel, link.line,
                                      f"{what} '{link.target}' points outside the site (baseurl '{baseurl}')", link.col))
                continue
            if not _target_exists(done.outs, path):
                problems.append(error("link", page.site_rel, link.line,
                                      f"{what} '{link.target}' leads to {path}, which the site does not have", link.col))
                continue
            out = out_file(path).lstrip("/")
            if frag and out in generated:
                if frag not in generated[out]:
                    problems.append(warning("anchor", page.site_rel, link.line,
                                            f"anchor '#{frag}' matches no term of the glossary", link.col))
                continue
            target = by_out.get(out) or by_out.get(out_file(path + "/").lstrip("/"))
            if frag and target is not None and frag not in target.anchors:
                where = "on this page" if target is page else f"in {target.site_rel}"
                problems.append(warning("anchor", page.site_rel, link.line,
                                        f"anchor '#{frag}' matches no heading or id {where}", link.col))
    return problems


def check_math_numbering(done: Built) -> list[Problem]:
    return [warning("math", page.site_rel, line, f"\\begin{{{env}}} is numbered by LaTeX and MathJax, but KaTeX "
                    f"shows no equation numbers: use {env}* or add \\tag{{…}}", col)
            for page in done.site.pages for line, col, env in page.numbered_math]


CHECKS = (check_links, check_math_numbering)


def external_links(done: Built) -> tuple[ExternalLink, ...]:
    found = {ExternalLink(p.site_rel, link.line, link.href) for p in done.site.pages for link in p.links
             if link.href.startswith(("http://", "https://", "//"))}
    return tuple(sorted(found, key=lambda e: (e.file, e.line, e.url)))


def check(site_dir: Path, baseurl: str | None = None) -> CheckReport:
    """Everything the build would report, plus CHECKS. Writes nothing."""
    try:
        assembled = assemble(load_config(site_dir, baseurl))
        done = Built(assembled.site, frozenset(output.out for output in assembled.outputs))
    except BuildFailed as failed:
        return CheckReport(tuple(sorted(failed.problems)))
    problems = list(assembled.problems)
    for run in CHECKS:
        problems.extend(run(done))
    return CheckReport(tuple(sorted(set(problems))), external_links(done), len(done.site.pages))
