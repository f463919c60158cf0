"""The site's search files: index documents of every page, Pagefind's bundles, the browser's rules."""

from __future__ import annotations

import json
import multiprocessing
import pickle
import tempfile
import time
from pathlib import Path
from dataclasses import dataclass, field
from typing import Callable, Mapping

from ..core.problems import Problem, warning
from ..glossary.korean import browser_rules
from ..site.load import Site
from .documents import IndexDocument, glossary_document, page_document
from .pagefind import BUNDLE, Indexing, digest, executable
from .tokens import Tokens

RULES = f"{BUNDLE}/korean.json"  # glossary/korean.py's rules, for js/search.js
LARGE = 500  # from this many pages, indexing says what it does (it takes seconds)


@dataclass
class SearchMemo:
    """The last bundles made, by language: (digest of the index documents, files). The preview
    keeps one, so an edit re-indexes only its language, and nothing when no page's text changed."""

    bundles: dict[str, tuple[str, dict[str, bytes]]] = field(default_factory=dict)

    def retain(self) -> None:
        pass  # one entry per language, replaced in place


@dataclass(frozen=True)
class SearchFiles:
    files: Mapping[str, bytes]  # output path -> bytes
    problems: tuple[Problem, ...]
    pages: int  # documents indexed
    seconds: float


def documents(site: Site, glossary_titles: Mapping[str, str]) -> dict[str, list[IndexDocument]]:
    """Every language's index documents: its pages', and its glossary page's when there is one."""
    tokens = Tokens(site.glossary)
    by_lang: dict[str, list[IndexDocument]] = {}
    for page in site.pages:
        doc = page_document(page, tokens)
        if doc is not None:
            by_lang.setdefault(doc.lang, []).append(doc)
    if site.glossary:
        for lang, title in glossary_titles.items():
            by_lang.setdefault(lang, []).append(
                glossary_document(site.glossary, lang, site.config.language, title, tokens))
    return by_lang


@dataclass(frozen=True)
class _Indexed:
    """What indexing made: the languages indexed anew (`stale`) and their bundles' files."""

    pages: int
    digests: dict[str, str]  # every language's index documents
    stale: tuple[str, ...]
    made: dict[str, bytes]
    failed: str  # what Pagefind said when it failed, else ""


class _Started:
    """Index documents made and Pagefind started over those of the languages not indexed as they
    are (`known`: language -> digest of the documents its last bundle was made of)."""

    def __init__(self, site: Site, glossary_titles: Mapping[str, str], known: Mapping[str, str], binary,
                 note: Callable[[str], None]) -> None:
        by_lang = documents(site, glossary_titles)
        self.pages = sum(map(len, by_lang.values()))
        self.digests = {lang: digest(docs) for lang, docs in by_lang.items()}
        stale = {lang: docs for lang, docs in by_lang.items() if known.get(lang) != self.digests[lang]}
        self.stale = tuple(sorted(stale))
        self.indexing = Indexing(stale, binary, note if self.pages >= LARGE else lambda line: None) if stale else None

    def finish(self) -> _Indexed:
        made, failed = self.indexing.files() if self.indexing else ({}, "")
        return _Indexed(self.pages, self.digests, self.stale, made, failed)


def _index_in_child(site: Site, glossary_titles: Mapping[str, str], known: Mapping[str, str], binary,
                    note: Callable[[str], None], out: Path) -> None:
    """A forked process's whole indexing, its outcome pickled to `out` for the build."""
    indexed = _Started(site, glossary_titles, known, binary, note).finish()
    with out.open("wb") as f:
        pickle.dump(indexed, f, protocol=pickle.HIGHEST_PROTOCOL)


class PendingSearch:
    """The search files of a site, being made while the build renders the pages; `result()` waits
    for them (once). In the `background` (a command-line build on several cores) the index documents
    too are made by a forked process, so the build's own process goes straight on to the pages;
    otherwise (the preview: a process serving requests on threads is never forked) they are made
    here, and only Pagefind runs beside the pages."""

    def __init__(self, site: Site, glossary_titles: Mapping[str, str], memo: SearchMemo | None = None,
                 note: Callable[[str], None] = lambda line: None, background: bool = False) -> None:
        self._start = time.perf_counter()
        self._memo, self._note = memo or SearchMemo(), note
        self._binary = executable()
        self._started = self._child = None
        known = {lang: made_of for lang, (made_of, _) in self._memo.bundles.items()}
        if self._binary is None:
            return
        if background and "fork" in multiprocessing.get_all_start_methods():
            self._tmp = tempfile.TemporaryDirectory(prefix="site_builder-search-")
            self._out = Path(self._tmp.name) / "indexed.pickle"
            self._child = multiprocessing.get_context("fork").Process(
                target=_index_in_child, args=(site, glossary_titles, known, self._binary, note, self._out), daemon=True)
            self._child.start()
        else:
            self._started = _Started(site, glossary_titles, known, self._binary, note)

    def _indexed(self) -> _Indexed:
        if self._started is not None:
            return self._started.finish()
        self._child.join()
        try:
            with self._out.open("rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError):
            return _Indexed(0, {}, (), {}, f"the indexing process ended with exit code {self._child.exitcode}")
        finally:
            self._tmp.cleanup()

    def result(self) -> SearchFiles:
        if self._binary is None:
            return SearchFiles({}, (warning("search", "site.yaml", 0, "Pagefind is not installed (pip install "
                                            "'pagefind[bin]'): the site is built without search"),), 0, 0.0)
        indexed = self._indexed()
        seconds = time.perf_counter() - self._start
        if indexed.failed:
            return SearchFiles({}, (warning("search", "site.yaml", 0,
                                            f"Pagefind failed, the site has no search: {indexed.failed}"),),
                               indexed.pages, seconds)
        if indexed.stale and indexed.pages >= LARGE:
            self._note(f"indexed {indexed.pages:,} pages for search in {seconds:.1f}s")
        memo = self._memo
        for lang in indexed.stale:
            prefix = f"{BUNDLE}/{lang}/"
            memo.bundles[lang] = (indexed.digests[lang], {out: data for out, data in indexed.made.items()
                                                          if out.startswith(prefix)})
        for lang in set(memo.bundles) - set(indexed.digests):
            del memo.bundles[lang]
        files = {out: data for lang in sorted(indexed.digests) for out, data in memo.bundles[lang][1].items()}
        files[RULES] = json.dumps(browser_rules(), ensure_ascii=False, sort_keys=True).encode()
        return SearchFiles(files, (), indexed.pages, seconds)


def search_files(site: Site, glossary_titles: Mapping[str, str], memo: SearchMemo | None = None,
                 note: Callable[[str], None] = lambda line: None) -> SearchFiles:
    """What `pagefind/` holds for `site` (nothing, and a warning, where Pagefind cannot run)."""
    return PendingSearch(site, glossary_titles, memo, note).result()


def reserved_problems(site: Site) -> list[Problem]:
    """A page or file of the site where the search bundles go would be overwritten by them."""
    from ..core.problems import error

    if not site.config.search:
        return []
    taken = [(page.out, page.site_rel) for page in site.pages]
    taken += [(a.path.lstrip("/"), f"content/{a.source.rel}") for a in site.assets]
    taken += [(s.path.lstrip("/"), f"static{s.path}") for s in site.statics]
    return [error("output", who, 0, f"{out} is inside {BUNDLE}/, where the search index is written: move it, "
                  "or turn search off with 'search: false' in site.yaml")
            for out, who in taken if out.startswith(BUNDLE + "/") or out == BUNDLE]
