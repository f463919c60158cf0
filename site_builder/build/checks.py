"""The checks every build runs (and `site-builder check`, a build that writes nothing) once the notes
are rendered: links, anchors, math numbering and translation parity, all pointing into the Markdown
source. A check is a function `(CheckInput) -> list[Problem]` in CHECKS; it reads what the notes'
rendering already collected (links, headings, ids, verbatim blocks), never the output."""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote

from ..glossary.paths import glossary_path
from ..markdown.sections import align
from ..core.problems import Problem, warning
from ..site.load import Page, Site
from ..core.urls import is_external, out_file


@dataclass(frozen=True)
class ExternalLink:
    file: str
    line: int
    url: str


@dataclass(frozen=True)
class CheckInput:
    """What the checks look at: the site, and the names of the output files it has (see outputs.py)."""

    site: Site
    outs: frozenset[str]

    def generated_anchors(self) -> dict[str, frozenset[str]]:
        """Anchors of generated pages (the glossary pages: one per term), by output file."""
        glossary = self.site.glossary
        if not glossary:
            return {}
        anchors = frozenset(term.anchor for term in glossary.terms)
        return {out_file(glossary_path(lang, self.site.config.language)): anchors for lang in self.site.config.published_languages}


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


def check_links(done: CheckInput) -> list[Problem]:
    """Internal links and images must reach an output file; #anchors must match an id on the target.
    Warnings, as the build's own "no such note": the preview goes on while a link is being typed,
    and `--strict` (what CI and deploy use) publishes nothing with a broken one."""
    problems = []
    baseurl = done.site.config.baseurl
    by_out = {page.out: page for page in done.site.pages}
    generated = done.generated_anchors()
    for page in done.site.pages:
        for link in page.links:
            href = link.href
            if not href or is_external(href) or href.startswith(("mailto:", "data:")):
                continue
            if (href.endswith(".md") or ".md#" in href) and not href.startswith("/"):
                continue  # a missing note linked relatively: already reported by the build
            frag = unquote(href.split("#", 1)[1]) if "#" in href else ""
            path = _site_path(page, href, baseurl)
            what = "image" if link.kind == "image" else "link"
            if path is None:
                problems.append(warning("link", page.site_rel, link.line,
                                      f"{what} '{link.target}' points outside the site (baseurl '{baseurl}')", link.col))
                continue
            if not _target_exists(done.outs, path):
                problems.append(warning("link", page.site_rel, link.line,
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


def check_changed_sections(done: CheckInput) -> list[Problem]:
    """A stale translation's badge links each source section changed since the stamp to the
    translated heading with its id: one the page lacks (a section the translation does not have
    yet, or headings that do not pair with the source's) would lead nowhere. At its stamp's line."""
    problems = []
    for page in done.site.pages:
        state = page.translation
        if state is None or page.fallback_of:
            continue
        for section in state.changed_sections:
            if section and section not in page.anchors:
                problems.append(warning("anchor", page.site_rel, page.meta_lines.get("source_hash", 1),
                                        f"section '#{section}' of {state.source}, changed since the stamp, matches "
                                        f"no heading or id on this page: the \"changed sections\" badge cannot link "
                                        f"to it (a section not translated yet, or a heading that does not pair with "
                                        f"the source's: give it {{#{section}}})"))
    return problems


def check_math_numbering(done: CheckInput) -> list[Problem]:
    """Environments LaTeX numbers that the build cannot (markdown.equations numbers the others)."""
    return [warning("math", page.site_rel, math.line, f"\\begin{{{math.env}}} is numbered by LaTeX and MathJax, but "
                    f"KaTeX cannot typeset it: write it as gather or align, which are numbered", math.col)
            for page in done.site.pages for math in page.numbered_math]


def check_parity(done: CheckInput) -> list[Problem]:
    """A translation keeps its source's structure: headings in step, code and math identical (a
    fence marked `translated` may differ), the same link and image targets. Warnings in the
    translation, naming the source's line."""
    problems = []
    by_rel = {p.site_rel: p for p in (*done.site.pages, *done.site.unpublished) if not (p.fallback_of or p.generated)}
    for page in done.site.pages:
        if page.translation is None:
            continue
        source = by_rel[page.translation.source]
        here, there = page.site_rel, source.site_rel

        def warn(line: int, message: str) -> None:
            problems.append(warning("parity", here, line, message))

        # Headings are compared as they pair by structure (as ids are inherited): one added or
        # removed on either side is named once, not taken for every heading after it differing
        pairs = align([(e.level, e.anchors) for e in source.toc], [(e.level, e.anchors) for e in page.toc])
        extra = next((e for k, e in enumerate(page.toc) if k not in pairs), None)
        if extra is not None:
            warn(extra.line, f"heading '{extra.text}' has no counterpart in {there}")
        moved = next(((e, source.toc[pairs[k]]) for k, e in enumerate(page.toc)
                      if k in pairs and e.level != source.toc[pairs[k]].level), None)
        if moved is not None:
            entry, theirs = moved
            warn(entry.line, f"heading '{entry.text}' is h{entry.level}; the source's heading here is "
                             f"h{theirs.level} ({there}:{theirs.line})")
        at = {s: page.toc[t].line for t, s in pairs.items()}
        missing = next((k for k in range(len(source.toc)) if k not in at), None)
        if missing is not None:  # named where it would go: at the heading that translates the next one
            line = next((at[k] for k in range(missing, len(source.toc)) if k in at), page.toc[-1].line if page.toc else 1)
            warn(line, f"the source's heading '{source.toc[missing].text}' ({there}:{source.toc[missing].line}) is missing")
        for code, theirs in zip(page.verbatim.code, source.verbatim.code):
            if code.text and code.text.strip() != theirs.text.strip():
                warn(code.line, f"code block differs from the source's ({there}:{theirs.line}); "
                           f"mark the fence `translated` if its comments are")
        if len(page.verbatim.code) != len(source.verbatim.code):
            warn(page.verbatim.code[-1].line if page.verbatim.code else 1,
                 f"{len(page.verbatim.code)} code blocks here, {len(source.verbatim.code)} in {there}")
        # Math and link targets are compared as sets: a translation may reorder a sentence.
        their_math = Counter(" ".join(math.text.split()) for math in source.verbatim.math)
        for math in page.verbatim.math:
            key = " ".join(math.text.split())
            if their_math[key] > 0:
                their_math[key] -= 1
            else:
                warn(math.line, f"math '{math.text}' is not in the source ({there})")
        their_targets = Counter(link.target.split("#")[0] for link in source.links)
        for link in page.links:
            target = link.target.split("#")[0]
            if their_targets[target] > 0:
                their_targets[target] -= 1
            else:
                warn(link.line, f"{link.kind} target '{link.target}' is not in the source ({there})")
    return problems


def check_refs(done: CheckInput) -> list[Problem]:
    """A reference to a label no formula of its note has (naming the note of the language that has
    it, and the link that reaches it); a translation whose equations are numbered otherwise than
    its source's, so that "(3)" would not mean the same formula in both."""
    problems = []
    notes = [page for page in done.site.pages if not page.fallback_of]  # a fallback's source speaks for it
    defined: dict[tuple[str, str], Page] = {}
    for page in notes:
        for label in page.equations.labels:
            defined.setdefault((page.lang, label.name), page)
    for page in notes:
        for ref in page.equations.unresolved:
            message = (f"[@{ref.label}]: no figure or formula of this note has the label '{ref.label}'" if ref.kind == "at"
                       else f"\\{ref.kind}{{{ref.label}}}: no formula of this note has \\label{{{ref.label}}}")
            other = defined.get((page.lang, ref.label))
            if other is not None:
                rel = posixpath.relpath(other.source.rel, posixpath.dirname(page.source.rel))
                message += f"; {other.site_rel} has it: link to it as [](" + f"{rel}#{ref.label})"
            problems.append(warning("ref", page.site_rel, ref.line, message, ref.col))
    by_rel = {p.site_rel: p for p in (*done.site.pages, *done.site.unpublished)}
    for page in done.site.pages:
        source = by_rel.get(page.translation.source) if page.translation else None
        if source is None or page.fallback_of:
            continue
        mine, theirs = page.equations, source.equations
        if mine.count != theirs.count:
            problems.append(warning("parity", page.site_rel, 1, f"{mine.count} numbered equations here, {theirs.count} "
                                    f"in {source.site_rel}: a translation numbers its equations as its source does"))
            continue
        numbers = {label.name: label.shown for label in theirs.labels}
        for label in mine.labels:
            if label.name in numbers and numbers[label.name] != label.shown:
                problems.append(warning("parity", page.site_rel, label.line, f"\\label{{{label.name}}} is ({label.shown}) "
                                        f"here but ({numbers[label.name]}) in {source.site_rel}"))
                break
    return problems


def check_titles(done: CheckInput) -> list[Problem]:
    """Two pages of one language with the same title: the course index, the navigation and the
    glossary's "used in" lists cannot tell them apart (Jekyll imports titled by a first heading
    such as "Setup" are the usual cause). One warning at each later page, naming the first."""
    problems = []
    first: dict[tuple[str, str], Page] = {}
    pages = sorted((p for p in done.site.pages if not (p.generated or p.fallback_of)), key=lambda p: p.site_rel)
    for page in pages:
        key = (page.lang, " ".join(page.title.split()).casefold())
        other = first.setdefault(key, page)
        if other is not page:
            problems.append(warning("title", page.site_rel, page.meta_lines.get("title", 1),
                                    f"title '{page.title}' is also the title of {other.site_rel}: give each page a "
                                    f"title of its own (front matter 'title:')"))
    return problems


CHECKS = (check_links, check_changed_sections, check_math_numbering, check_refs, check_parity, check_titles)


def run_checks(done: CheckInput) -> list[Problem]:
    return [problem for run in CHECKS for problem in run(done)]


def external_links(site: Site) -> tuple[ExternalLink, ...]:
    """Links leaving the site, for `check --format json` (a link checker may fetch them; we do not)."""
    found = {ExternalLink(p.site_rel, link.line, link.href) for p in site.pages for link in p.links
             if link.href.startswith(("http://", "https://", "//"))}
    return tuple(sorted(found, key=lambda e: (e.file, e.line, e.url)))
