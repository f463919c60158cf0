"""Render notes, and then pages through their templates, on every core. Both are pure functions
of their inputs, so workers return exactly what the serial path would, and the output is
byte-identical either way."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from types import MappingProxyType
from typing import Iterator, Mapping, Sequence

from ..core.config import Config
from ..content.frontmatter import Document
from ..markdown.render import Rendered, make_markdown, render_document
from ..markdown.mathrender import MathRenderer, engine_started

# Below this many notes to render, starting workers costs more than it saves.
MIN_PARALLEL = 24
# The same for pages through their templates, which cost a tenth of a note each.
MIN_PARALLEL_PAGES = 200

# Per worker process, set once by `_init`: the parser and what every note's render shares.
_worker: dict = {}


def _pool(jobs: int, method: str, initializer, initargs: tuple):
    """A pool of `jobs` workers (the garbage collector's tuning for them is the command line's, see cli.main)."""
    return multiprocessing.get_context(method).Pool(jobs, initializer=initializer, initargs=initargs)


def _init(config: Config, routes: Mapping[str, str], glossary) -> None:
    _worker.update(md=make_markdown(MathRenderer()), config=config, routes=routes, glossary=glossary)


def _render(item: tuple) -> Rendered:
    source, text, meta, meta_lines, body_line, site_rel, twin = item
    doc = Document(source, text, MappingProxyType(meta), MappingProxyType(meta_lines), body_line)
    return render_document(_worker["md"], doc, site_rel, _worker["config"], _worker["routes"], _worker["glossary"], twin)


def _portable(doc: Document, site_rel: str, twin: tuple) -> tuple:
    """A document as plain picklable values (mapping proxies do not pickle)."""
    return doc.source, doc.text, dict(doc.meta), dict(doc.meta_lines), doc.body_line, site_rel, twin


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def render_many(items: Sequence[tuple[Document, str, tuple]], config: Config, routes: Mapping[str, str],
                jobs: int, glossary=None) -> list[Rendered]:
    """Render (document, site_rel, twin) items on up to `jobs` processes, in order."""
    # fork: workers start in milliseconds with everything imported. Not once this process has
    # started KaTeX's V8, which a fork cannot carry: spawn then (the config is then pickled too).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and not engine_started() else "spawn"
    if method == "spawn":  # mapping proxies do not pickle
        config = dataclasses.replace(config, **{field.name: dict(value) for field in dataclasses.fields(config)
                                                if isinstance(value := getattr(config, field.name), MappingProxyType)})
    chunk = max(1, len(items) // (jobs * 8))
    with _pool(jobs, method, _init, (config, dict(routes), glossary)) as pool:
        return pool.map(_render, [_portable(*item) for item in items], chunksize=chunk)


def _init_pages(renderer, pages, stage) -> None:
    _worker.update(renderer=renderer, pages=pages, stage=stage)


def _render_page(i: int) -> tuple[bytes | bool | None, object]:
    page = _worker["pages"][i]
    html, problem = _worker["renderer"].render_page(page)
    if html is None:
        return None, problem
    if _worker["stage"] is None:
        return html.encode(), problem
    _worker["stage"].put(page.out, html.encode())
    return True, problem


def render_pages(renderer, pages: Sequence, jobs: int, stage=None) -> Iterator[tuple[bytes | bool | None, object]]:
    """Each page through its template, in order, on `jobs` forked processes (which inherit the
    renderer with its environment and shared context): (UTF-8 of the output, or None; problem).
    With a writer.Staging, the workers write the pages there themselves and say True instead:
    the pages then never travel through a pipe, nor wait for one process to write them all."""
    renderer.prepare()
    chunk = max(1, min(16, len(pages) // (jobs * 8)))
    with _pool(jobs, "fork", _init_pages, (renderer, pages, stage)) as pool:
        yield from pool.imap(_render_page, range(len(pages)), chunksize=chunk)
