"""Index documents made on every core (notes: site/parallel.py; pages: build/parallel.py). A page's
document is a pure function of the page and the glossary, so workers return exactly what this
process would make."""

from __future__ import annotations

import multiprocessing
from typing import Sequence

from ..site.pages import Page
from ..site.parallel import _pool
from .documents import IndexDocument, page_document
from .tokens import Tokens

# Below this many pages, starting workers costs more than it saves (a document costs ~0.7 ms).
MIN_PARALLEL = 200

# Per worker process, set once by `_init`: the pages and the tokens.
_worker: dict = {}


def _init(pages: Sequence[Page], tokens: Tokens) -> None:
    _worker.update(pages=pages, tokens=tokens)


def _make(i: int) -> IndexDocument | None:
    return page_document(_worker["pages"][i], _worker["tokens"])


def make_documents(pages: Sequence[Page], tokens: Tokens, jobs: int) -> list[IndexDocument | None]:
    """Each page's index document (None for a page search does not list), in order, on up to
    `jobs` forked processes. Pagefind numbers pages in the order their files were made: this
    process writes them, in this order, whatever the number of processes."""
    if jobs < 2 or len(pages) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        return [page_document(page, tokens) for page in pages]
    with _pool(jobs, "fork", _init, (pages, tokens)) as pool:
        return pool.map(_make, range(len(pages)), chunksize=max(1, len(pages) // (jobs * 8)))
