"""The site's search files: index documents of every page, Pagefind's bundles, the browser's rules."""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from ..core.problems import Problem, error, warning
from ..glossary.korean import browser_rules
from ..site.load import Site
from ..site.pages import Page
from .documents import IndexDocument, glossary_document, page_document
from .pagefind import BUNDLE, Indexing, executable, write_document
from .parallel import make_documents
from .tokens import Tokens

RULES = f"{BUNDLE}/korean.json"  # glossary/korean.py's rules, for js/search.js
LARGE = 500  # from this many pages, indexing says what it does (it takes seconds)


@dataclass
class SearchMemo:
    """The last bundles made, by language: (its input key, files). The preview keeps one, and the
    persistent cache stores it: an edit re-indexes only its language, and nothing is indexed again
    when no page of a language changed."""

    bundles: dict[str, tuple[str, dict[str, bytes]]] = field(default_factory=dict)
    # The preview's: each page's index document by what it is made of (see _page_part), so that an
    # edit makes one document again, not its language's thousands. Not stored in the cache.
    keep_documents: bool = False
    documents: dict[tuple, IndexDocument | None] = field(default_factory=dict)
    _used: set = field(default_factory=set)

    def document(self, page: Page, tokens: Tokens) -> IndexDocument | None:
        key = (_page_part(page), tokens.glossary_digest)
        self._used.add(key)
        if key not in self.documents:
            self.documents[key] = page_document(page, tokens)
        return self.documents[key]

    def retain(self) -> None:
        """Of the languages the last build made documents for, keep those it made (bundles: one per
        language, replaced in place)."""
        made = {key[0][0] for key in self._used}  # key: (_page_part(page), glossary)
        for key in [key for key in self.documents if key[0][0] in made and key not in self._used]:
            del self.documents[key]
        self._used = set()


@dataclass(frozen=True)
class SearchFiles:
    files: Mapping[str, bytes]  # output path -> bytes
    problems: tuple[Problem, ...]
    pages: int  # documents indexed
    seconds: float


def input_keys(site: Site, glossary_titles: Mapping[str, str]) -> dict[str, str]:
    """Per language, what its index documents are made of (each page's content key, title and
    lecture; the glossary and its page's title): equal keys, equal documents, so a language whose
    key is unchanged keeps its bundle without its documents being made again."""
    found: dict = {}

    def update(lang: str, part: tuple) -> None:
        if lang not in found:
            found[lang] = hashlib.blake2b(repr(("glossary", site.glossary.digest)).encode(), digest_size=16)
        found[lang].update(repr(part).encode())

    for page in site.pages:
        if not page.generated:
            update(page.lang, _page_part(page))
    if site.glossary:
        for lang, title in glossary_titles.items():
            update(lang, ("glossary page", title, site.config.language))
    return {lang: h.hexdigest() for lang, h in found.items()}


def _page_part(page: Page) -> tuple:
    """What a page's index document is made of (but the glossary): its content key, title, lecture."""
    content = page.digest or hashlib.blake2b(page.packed, digest_size=16).hexdigest()
    return (page.lang, page.out, page.title, content, page.lecture.digest if page.lecture else "", page.from_note,
            page.fallback_of, page.generated)


def _write(site: Site, glossary_titles: Mapping[str, str], langs: frozenset[str], memo: SearchMemo, to: Path,
           jobs: int) -> Counter[str]:
    """Write the index documents of `langs` under `to`, in the pages' order (made on `jobs`
    processes, or taken from the preview's memo, which keeps them): how many each language has."""
    tokens = Tokens(site.glossary)
    pages = [page for page in site.pages if page.lang in langs]
    made = [memo.document(page, tokens) for page in pages] if memo.keep_documents else make_documents(pages, tokens, jobs)
    if site.glossary:
        made += [glossary_document(site.glossary, lang, site.config.language, title, tokens)
                 for lang, title in glossary_titles.items() if lang in langs]
    written: Counter[str] = Counter()
    for doc in made:
        if doc is not None:
            write_document(to, doc)
            written[doc.lang] += 1
    return written


class PendingSearch:
    """The search files of a site, being made: Pagefind runs in its own processes while the build
    renders the pages; `result()` waits for it (once). Only the languages whose input keys differ
    from the memo's are indexed: their documents made, Pagefind run over them."""

    def __init__(self, site: Site, glossary_titles: Mapping[str, str], memo: SearchMemo | None = None,
                 note: Callable[[str], None] = lambda line: None, jobs: int = 1) -> None:
        self._start = time.perf_counter()
        self.cancelled = False
        self.kept_last = False  # now() served the last bundles: result() is still to be waited for
        self._done: SearchFiles | None = None
        self._memo = memo or SearchMemo()
        self._keys = input_keys(site, glossary_titles)
        self._binary = executable()
        self._stale = frozenset(lang for lang, key in self._keys.items()
                                if self._memo.bundles.get(lang, ("",))[0] != key) if self._binary else frozenset()
        self._indexing, self.pages, self._say = None, 0, lambda line: None
        if self._stale:
            indexing = Indexing(self._binary)
            written = _write(site, glossary_titles, self._stale, self._memo, indexing.site, jobs)
            self.pages = sum(written.values())
            self._say = note if self.pages >= LARGE else self._say
            if +written:
                indexing.start(+written, self._say)
                self._indexing = indexing
            else:
                indexing.files()  # (removes its folder)

    def now(self) -> SearchFiles | None:
        """Without waiting: the last bundles for the languages being indexed again (the preview
        serves an edit at once, and the new index once made); None when a language has none yet."""
        if self._binary is None or not self._indexing:
            return self.result()
        if any(lang not in self._memo.bundles for lang in self._stale):
            return None
        self.kept_last = True
        return SearchFiles(self._files(), (), 0, 0.0)

    def cancel(self) -> None:
        """Stop indexing (a later edit makes it moot): result() then leaves the memo as it was."""
        self.cancelled = True
        if self._indexing:
            self._indexing.cancel()

    def result(self) -> SearchFiles:
        """The search files, once made (waited for the first time, the same answer after)."""
        if self._done is None:
            self._done = self._wait()
        return self._done

    def _wait(self) -> SearchFiles:
        if self._binary is None:
            return SearchFiles({}, (warning("search", "site.yaml", 0, "Pagefind is not installed (pip install "
                                            "'pagefind[bin]'): the site is built without search"),), 0, 0.0)
        made, failed = self._indexing.files() if self._indexing else ({}, "")
        seconds = time.perf_counter() - self._start
        if failed:
            outcome = "the last search index stays" if self.kept_last else "the site has no search"
            return SearchFiles({}, (warning("search", "site.yaml", 0, f"Pagefind failed, {outcome}: {failed}"),),
                               self.pages, seconds)
        if self._indexing:
            self._say(f"indexed {self.pages:,} pages for search in {seconds:.1f}s")
        memo = self._memo
        for lang in self._stale:
            prefix = f"{BUNDLE}/{lang}/"
            memo.bundles[lang] = (self._keys[lang], {out: data for out, data in made.items() if out.startswith(prefix)})
        for lang in set(memo.bundles) - set(self._keys):
            del memo.bundles[lang]
        return SearchFiles(self._files(), (), self.pages, seconds)

    def _files(self) -> dict[str, bytes]:
        bundles = self._memo.bundles
        files = {out: data for lang in sorted(self._keys) if lang in bundles for out, data in bundles[lang][1].items()}
        files[RULES] = json.dumps(browser_rules(), ensure_ascii=False, sort_keys=True).encode()
        return files


def reserved_problems(site: Site) -> list[Problem]:
    """A page or file of the site where the search bundles go would be overwritten by them."""
    if not site.config.search:
        return []
    taken = [(page.out, page.site_rel) for page in site.pages]
    taken += [(a.path.lstrip("/"), f"content/{a.source.rel}") for a in site.assets]
    taken += [(s.path.lstrip("/"), f"static{s.path}") for s in site.statics]
    return [error("output", who, 0, f"{out} is inside {BUNDLE}/, where the search index is written: move it, "
                  "or turn search off with 'search: false' in site.yaml")
            for out, who in taken if out.startswith(BUNDLE + "/") or out == BUNDLE]
