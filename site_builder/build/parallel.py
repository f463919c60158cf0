"""Render pages through their templates on every core (notes: site/parallel.py). A page's render
is a pure function of its inputs, so workers return exactly what the serial path would, and the
output is byte-identical either way."""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterator, Sequence

from .page_bytes import page_bytes, theme_only
from .print_view import rewrite_here

# The note workers live with the notes (site/parallel.py); pages share their pool.
from ..site.parallel import _pool

# Below this many notes on a print page, rewriting them in this process is as fast.
MIN_PARALLEL_PRINT = 100

# Below this many pages, starting workers costs more than it saves (a page costs a tenth of a note).
MIN_PARALLEL_PAGES = 200

# Per worker process, set once by `_init_pages`: the renderer and the pages.
_worker: dict = {}


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _init_pages(renderer, pages, stage, spliced: bool) -> None:
    _worker.update(renderer=renderer, pages=pages, stage=stage, spliced=spliced)


def _render_page(i: int) -> tuple[bytes | bool | None, object]:
    page = _worker["pages"][i]
    data, problem = page_bytes(_worker["renderer"], page, _worker["spliced"])
    if data is None or _worker["stage"] is None:
        return data, problem
    _worker["stage"].put(page.out, data)
    return True, problem


def render_pages(renderer, pages: Sequence, jobs: int, stage=None) -> Iterator[tuple[bytes | bool | None, object]]:
    """Each page through its template, in order, on `jobs` forked processes (which inherit the
    renderer with its environment and shared context): (UTF-8 of the output, or None; problem).
    With a writer.Staging, the workers write the pages there themselves and say True instead:
    the pages then never travel through a pipe, nor wait for one process to write them all."""
    renderer.prepare()
    chunk = max(1, min(16, len(pages) // (jobs * 8)))
    spliced = theme_only(renderer.config.site_dir)
    with _pool(jobs, "fork", _init_pages, (renderer, pages, stage, spliced)) as pool:
        yield from pool.imap(_render_page, range(len(pages)), chunksize=chunk)


def _init_print(sources) -> None:
    _worker.update(print=sources)


def _rewrite(i: int) -> bytes:
    return _worker["print"].rewrite(i)


def rewrite_print(jobs: int) -> Callable:
    """A print_view.Rewriter on `jobs` forked processes (which inherit the notes): the print page
    of a large course is most of the bytes a build writes, and its notes' ids and links are
    rewritten while this process writes the ones before them."""
    def rewriter(sources, order: list[int]) -> Iterator[bytes]:
        if jobs < 2 or len(order) < MIN_PARALLEL_PRINT or "fork" not in multiprocessing.get_all_start_methods():
            yield from rewrite_here(sources, order)
            return
        with _pool(jobs, "fork", _init_print, (sources,)) as pool:
            yield from pool.imap(_rewrite, order, chunksize=max(1, min(8, len(order) // (jobs * 8))))

    return rewriter
