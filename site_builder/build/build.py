"""The build: read and check everything, then write — only if nothing failed. `check` is the same
build writing nothing."""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from dataclasses import dataclass
from typing import Callable, Iterator
from pathlib import Path

from .checks import CheckInput, ExternalLink, external_links, run_checks
from .memo import BuildMemos, load_memos, save_memos
from .output_records import OutputMemo
from .render_memo import PageMemo, TemplateMemo
from ..core.config import Config, load_config
from ..glossary.terms import load_glossary
from ..glossary.paths import glossary_path
from ..markdown.highlight import stylesheet
from ..lectures.lecture import lecture_files
from .parallel import MIN_PARALLEL_PAGES, render_pages, rewrite_print
from ..core.baseline import Baseline, judge
from ..core.problems import BuildFailed, Problem, error, has_errors
from ..site.load import Site, load_site
from ..content.sources import discover
from ..content.i18n import load_catalogues
from .templates import Renderer
from .views import PageView
from .print_view import print_path
from .outputs import GENERATED, MARKER, PYGMENTS_CSS, output_names, sitemap
from ..core.urls import absolute, out_file
from .outfiles import Chunks
from .writer import Staging
from ..search.index import PendingSearch, SearchMemo, reserved_problems

@dataclass(frozen=True, kw_only=True)
class BuildResult:
    """What a build, a check (`written` stays False) and a preview rebuild report. `changed`: the
    output files whose bytes differ from the last rebuild's (preview only); `external`: the links
    leaving the site (check only)."""

    problems: tuple[Problem, ...]
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    written: bool = False
    changed: frozenset[str] = frozenset()
    external: tuple[ExternalLink, ...] = ()


def ordered(problems) -> tuple[Problem, ...]:
    """Problems as reported: sorted by place, each once (a check may meet what the build found)."""
    return tuple(sorted(set(problems)))


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


@dataclass(frozen=True)
class Output:
    """One output file: `digest` identifies its content (equal digests, equal bytes) without
    producing it; `load()` returns the bytes, or the file to copy."""

    out: str
    digest: str
    load: Callable[[], "bytes | Path | Chunks"]
    staged: bool = False  # already written to the staging dir (by a worker process)
    slow: bool = False  # a print page: the preview serves an edit's pages first (serve/rebuild.py)


def data_output(out: str, data: bytes) -> Output:
    return Output(out, hashlib.blake2b(data, digest_size=16).hexdigest(), lambda: data)


def _file(out: str, file: Path) -> Output:
    stat = file.stat()  # a file copied as it is: its identity and stat say enough
    return Output(out, f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}", lambda: file)


def _page_outputs(site: Site, renderer: Renderer, report, page_memo: PageMemo, output_memo: OutputMemo, jobs: int,
                  out_dir: Path | None, stage: Staging | None) -> Iterator[Output]:
    """The pages of the site and the downloads of their lectures (see render_outputs)."""
    keys = [renderer.page_key(page) for page in site.pages]
    records = output_memo.records
    kept = [out_dir is not None and records.kept_output(out_dir, page.out, key) for page, key in zip(site.pages, keys)]
    pooled = [not k and key not in page_memo for k, key in zip(kept, keys)]
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods() and sum(pooled) >= MIN_PARALLEL_PAGES:
        fresh = render_pages(renderer, [page for page, p in zip(site.pages, pooled) if p], jobs, stage)
    else:
        pooled = [False] * len(keys)
    for page, key, k, p in zip(site.pages, keys, kept, pooled):
        if k:
            yield Output(page.out, key, lambda file=out_dir / page.out: file.read_bytes())
        elif page_memo.has_page(key):  # kept in memory by the preview: decompressed only if wanted
            yield Output(page.out, key, lambda key=key: page_memo.page_bytes(key))
        else:
            html, problem = next(fresh) if p else page_memo.page_html(key, lambda: renderer.render_page(page))
            if problem:
                report(problem)
            elif html is True:
                yield Output(page.out, key, lambda: b"", staged=True)
            else:
                yield Output(page.out, key, lambda html=html: html)
        if page.lecture is not None:  # its downloads, made again only when its captions change
            lecture = page.lecture
            yield from output_memo.lecture_files.get(lecture.digest,
                                                     lambda: [data_output(out, data) for out, data in lecture_files(lecture)])


def _site_files(site: Site, renderer: Renderer, report) -> Iterator[Output]:
    """The files of the site besides its pages: 404, assets, static files, and the generated ones."""
    cfg = site.config
    not_found = PageView(title=renderer.ui_string(cfg.language, "not_found_title", "Page not found"), path="/404.html", lang=cfg.language, key="404", layout="404",
                         content="")
    html, problem = renderer.render("404.html", not_found, missing=("templates/404.html", 0))
    if problem:
        report(problem)
    else:
        yield data_output("404.html", html.encode())
    for asset in site.assets:
        yield _file(asset.path.lstrip("/"), asset.source.file)
    for static in site.statics:
        yield _file(static.path.lstrip("/"), static.file)
    yield data_output(PYGMENTS_CSS.lstrip("/"), stylesheet().encode())
    yield data_output(MARKER, b"")
    if cfg.cname:
        yield data_output("CNAME", (cfg.cname + "\n").encode())
    if cfg.url:  # both need absolute URLs
        yield data_output("sitemap.xml", sitemap(site))
        yield data_output("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {absolute('/sitemap.xml', cfg.url, cfg.baseurl)}\n".encode())


def render_outputs(site: Site, problems: list[Problem], *, template_memo: TemplateMemo | None = None,
                   page_memo: PageMemo | None = None, output_memo: OutputMemo | None = None, jobs: int = 1,
                   out_dir: Path | None = None, stage: Staging | None = None,
                   catalogues: dict[str, dict[str, str]] | None = None, search: SearchMemo | None = None,
                   later: list[PendingSearch] | None = None,
                   note: Callable[[str], None] = lambda line: None) -> Iterator[Output]:
    """Every output file of the site, lazily: a large site is written page by page instead of being
    held in memory. A page whose file in `out_dir` is still what the last build wrote for the same
    inputs (`output_memo`) is taken from there; the others are rendered through their templates, on
    `jobs` processes when many (which write them to `stage` themselves, if given). Problems are
    appended as found. `catalogues`: each language's interface strings. With a `search` memo (not
    for `check`), the search index too (`note` hears its progress on a large site); given `later`
    (the preview), languages being indexed again keep their last bundles, for the pages not to wait
    for their index: the index is appended to `later` once started (`kept_last`: still being made)."""
    renderer = Renderer(site, template_memo, catalogues)
    reported: set[Problem] = set()

    def report(problem: Problem) -> None:
        """A template error is the same on every page that uses the template: said once."""
        if problem not in reported:
            reported.add(problem)
            problems.append(problem)

    cfg = site.config
    # Pagefind indexes the pages while their templates are rendered (its processes are started here).
    pending = PendingSearch(site, {lang: renderer.ui_string(lang, "glossary", "Glossary") for lang in cfg.published_languages},
                            search, note, jobs) if search is not None and cfg.search else None
    if pending is not None and later is not None:
        later.append(pending)  # the caller's from now: to wait for, or to stop if the outputs stop halfway
    try:
        yield from _page_outputs(site, renderer, report, page_memo or PageMemo(), output_memo or OutputMemo(), jobs,
                                 out_dir, stage)
        for lang in cfg.published_languages if site.glossary else ():
            out, html, problem = renderer.render_glossary(lang)
            if problem:
                report(problem)
            else:
                yield data_output(out, html.encode())
        for lang in renderer.print_languages():
            out, pieces, digest, problem = renderer.render_print(lang)
            if problem:
                report(problem)
            else:
                yield Output(out, digest, lambda pieces=pieces: Chunks(lambda: pieces(rewrite_print(jobs))), slow=True)
        yield from _site_files(site, renderer, report)
        if pending is not None:  # last: Pagefind has had every other file's time
            found = (later is not None and pending.now()) or pending.result()
            problems.extend(found.problems)
            yield from (data_output(out, data) for out, data in found.files.items())
    finally:  # outputs stopping halfway (an error): a build's own Pagefind is stopped, its folder removed
        if pending is not None and later is None:
            pending.cancel()  # nothing once its result is in
            pending.result()


@dataclass(frozen=True)
class Assembled:
    """A site read, checked and rendered; `outputs` yields its files once (see render_outputs).
    Internal to build/: callers get a BuildResult."""

    site: Site
    problems: list[Problem]  # the checks' included; grows while `outputs` is consumed
    outputs: Iterator[Output]
    later: list[PendingSearch]  # with search_later: the index, once started (see render_outputs)


def assemble(config: Config, memos: BuildMemos | None = None, jobs: int = 1, out_dir: Path | None = None,
             stage: Staging | None = None, search: bool = False, search_later: bool = False,
             note: Callable[[str], None] = lambda line: None) -> Assembled:
    """Read and render every note and run the CHECKS on them, once; the output files follow lazily
    (pages left unchanged in `out_dir` by the last build are taken from there). Every caller runs
    these stages in this order; `memos` (fresh when None) is all that differs; `search`: index the
    site for search (build and preview, not check); `search_later` (the preview): the outputs do not
    wait for a language's index being made again (see render_outputs). Raises BuildFailed when it cannot."""
    memos = memos or BuildMemos.fresh()
    found = discover(config, memos.listing, stage and stage.out_dir)
    reserved = dict(GENERATED, **({"CNAME": "site.yaml 'cname'"} if config.cname else {}))
    glossary = load_glossary(config)
    reserved.update((out_file(print_path(lang, config.language)), "the print page") for lang in config.languages)
    if glossary:
        for lang in config.languages:
            reserved[out_file(glossary_path(lang, config.language))] = "the glossary page"
    catalogues, found_ui = load_catalogues(config)
    site, problems = load_site(config, found, reserved, document_memo=memos.documents, note_memo=memos.notes,
                               lecture_memo=memos.lectures, jobs=jobs, glossary=glossary,
                               ui=catalogues)
    problems.extend(run_checks(CheckInput(site, output_names(site))))
    problems.extend(found_ui)
    problems.extend(reserved_problems(site))
    later: list[PendingSearch] = []
    outputs = render_outputs(site, problems, template_memo=memos.templates, page_memo=memos.pages,
                             output_memo=memos.outputs, jobs=jobs, out_dir=out_dir, stage=stage, catalogues=catalogues,
                             search=memos.search if search else None, later=later if search_later else None,
                             note=note)
    return Assembled(site, problems, outputs, later)


def check(site_dir: Path, baseurl: str | None = None) -> BuildResult:
    """`site-builder check`: the build, writing nothing (no output, no cache), plus the links that
    leave the site. Templates are still rendered, in memory: their errors are the build's too."""
    start = time.perf_counter()
    try:
        done = assemble(load_config(site_dir, baseurl))
        files = sum(1 for _ in done.outputs)
    except BuildFailed as failed:
        return BuildResult(problems=ordered(failed.problems), seconds=time.perf_counter() - start)
    return BuildResult(problems=ordered(done.problems), pages=len(done.site.pages), files=files,
                       seconds=time.perf_counter() - start, external=external_links(done.site))


def build(site_dir: Path, out_dir: Path | None = None, baseurl: str | None = None, strict: bool = False,
          jobs: int = 1, persistent_cache: bool = False, baseline: Baseline | None = None,
          note: Callable[[str], None] = lambda line: None) -> BuildResult:
    """Build `site_dir` into `out_dir` (default: site_dir/_site). The new output is written to a
    staging dir and swapped in only if the build succeeds (no errors; no warnings either when
    `strict`; findings the `baseline` allows do not count); otherwise the previous output stays as it was. `jobs` processes render notes;
    `persistent_cache` reuses and updates SITE_DIR/.cache/site_builder/; `note` hears what a long
    step is doing."""
    start = time.perf_counter()
    out_dir = out_dir or site_dir / "_site"
    memos, cache_problems = load_memos(site_dir) if persistent_cache else (BuildMemos.fresh(), [])
    records = memos.outputs.records
    try:
        config = load_config(site_dir, baseurl)
        _check_out_dir(site_dir, out_dir)
        written = {}
        with Staging(out_dir) as stage:
            listing = persistent_cache and records.spare_listing(stage.out_dir, stage.dir)
            if listing:
                stage.use_listing(*listing)
            done = assemble(config, memos, jobs, stage.out_dir if persistent_cache else None, stage, search=True,
                            note=note)
            for output in done.outputs:
                if output.staged:
                    stage.adopt(output.out)
                elif not (persistent_cache and records.spare_holds(stage.out_dir, stage.dir, output.out, output.digest)
                          and stage.keep(output.out)):
                    stage.write(output.out, output.load())
                written[output.out] = output.digest
            problems = ordered(done.problems + cache_problems)
            if has_errors(judge(baseline, ordered(done.problems)).new, strict):  # a discarded cache says nothing of the site: never fails it
                return BuildResult(problems=problems, pages=len(done.site.pages), seconds=time.perf_counter() - start)
            cleanup = stage.commit()
    except BuildFailed as failed:
        return BuildResult(problems=ordered(failed.problems + tuple(cache_problems)), seconds=time.perf_counter() - start)
    if persistent_cache:
        memos.retain()
        memos.outputs.records = records.recorded(stage.out_dir, written, stage.folders)
        problems = ordered(problems + tuple(save_memos(site_dir, memos)))
    cleanup.join()
    return BuildResult(problems=problems, pages=len(done.site.pages), files=stage.count,
                       seconds=time.perf_counter() - start, written=True)
