"""Assemble the site: read every note, route it, render its Markdown; catch output collisions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping

from ..core.config import Config
from ..translation.drift import drift
from ..content.frontmatter import Document, read_bytes
from ..content.memo import DocumentMemo
from ..glossary.terms import EMPTY, Glossary
from ..glossary.judge import GlossaryIndex
from .lecture_pages import lecture_pages
from .memo import LectureMemo, NoteMemo, fingerprint, note_key
from ..markdown.render import pack
from .notes import NoteContext, NoteJob, glossary_result, render_note, translation_result
from .translations import StampedSource, stamped_source, twice_translated, unpaired
from .label_links import fill_label_links
from .pages import Asset, Page, Site, TranslationState, pair_key, site_rel
from .parallel import MIN_PARALLEL, render_many
from ..core.problems import Problem, error, warning
from ..content.sources import Discovery, Source
from ..translation.hashes import matches, well_formed
from ..translation.progress import progress
from ..translation.rule import TranslationInput
from ..core.urls import UNSAFE_IN_PATH, asset_path, out_file, page_path, permalink_problem

DEFAULT_LAYOUT = "page"


def translation_state(doc: Document, rendered, twin: Document, twin_rendered, config: Config,
                      stamped: StampedSource | None = None) -> tuple[TranslationState, list[Problem]]:
    """Progress and staleness of a translation against its source note; with the `stamped`
    version of the source (from git), the sections changed since, named by the source page's ids."""
    rel = site_rel(doc.source)
    problems = []
    measured = progress(translation_result(twin_rendered).blocks, translation_result(rendered).blocks)
    declared = doc.meta.get("progress")
    if declared is not None:
        if isinstance(declared, (int, float)) and not isinstance(declared, bool) and 0 <= declared <= 100:
            problems.append(warning("progress", rel, doc.line_of("progress"),
                                    f"'progress: {declared}' overrides the measured {measured.percent}%"))
            measured = dataclasses.replace(measured, percent=int(declared))
        else:
            problems.append(warning("progress", rel, doc.line_of("progress"), "'progress' must be a number from 0 to 100"))
    stamp = doc.meta.get("source_hash")
    stale = stamp is not None and not matches(str(stamp), twin.text)
    if stale and not well_formed(str(stamp)):
        problems.append(warning("stale", rel, doc.line_of("source_hash"),
                                f"'source_hash: {stamp}' is no stamp (`v2-` and 12 hex digits): once this translation "
                                f"matches {site_rel(twin.source)}, run: site-builder status --stamp {rel}"))
    elif stale:
        problems.append(warning("stale", rel, doc.line_of("source_hash"),
                                f"{site_rel(twin.source)} changed since this translation was stamped; update it, "
                                f"then run: site-builder status --stamp {rel}"))
    found = drift(stamped.text, stamped.toc, twin.text, twin_rendered.toc) if stale and stamped else None
    return TranslationState(source=site_rel(twin.source), progress=measured, stale=stale, stamped=stamp is not None,
                            changed_sections=found.sections if found else (),
                            diff=found.diff if found else None), problems


def _published(pages: list[Page], config: Config, claim) -> list[Page]:
    """The pages to write: the source language's only when published; a note missing in another
    language is shown there in the original, with a banner (`fallback: source`)."""
    source_lang = config.source_language
    have = {(page.key, page.lang) for page in pages}
    fallbacks = []
    if config.fallback == "source":
        for page in pages:
            if page.lang != source_lang:
                continue
            for lang in config.languages:
                if lang == source_lang or (page.key, lang) in have:
                    continue
                inner = page.source.rel.split("/", 1)[1]
                source = Source(page.source.file, f"{lang}/{inner}", lang)
                path = page_path(source.rel, lang, config.language, _permalink(page.meta))
                claim(out_file(path), f"content/{source.rel} (the untranslated {page.site_rel})")
                fallbacks.append(dataclasses.replace(page, source=source, path=path, translation=None,
                                                     fallback_of=page.site_rel))
    kept = [page for page in pages if config.publish_source or page.lang != source_lang]
    return kept + fallbacks


def _generated_homes(pages: list[Page], config: Config, claim) -> list[Page]:
    """A course index (layout `home`) for every published language whose notes do not have one."""
    homes = []
    published = {page.lang for page in pages}
    for lang in config.languages:
        path = page_path(f"{lang}/index.md", lang, config.language)
        if lang not in published or any(page.path == path for page in pages):
            continue
        claim(out_file(path), f"the generated course index of '{lang}'")
        source = Source(config.site_dir / "site.yaml", f"{lang}/index.md", lang)
        homes.append(Page(source=source, site_rel="site.yaml", path=path, title=config.title, layout="home",
                          meta={"layout": "home"}, meta_lines={}, packed=pack(""), generated=True))
    return homes


def untranslated_terms(pages: list[Page], glossary: Glossary) -> list[Problem]:
    """A term the source note uses whose translation the translated note never uses. Not for a
    translation still in progress: its untranslated blocks are reported, once each, instead."""
    problems = []
    by_rel = {p.site_rel: p for p in pages}
    for page in pages:
        if page.translation is None or page.translation.progress.translated < page.translation.progress.total:
            continue
        twin = by_rel[page.translation.source]
        for term in glossary.terms:
            if term.anchor in twin.terms and term.anchor not in page.terms and term.translations.get(page.lang):
                problems.append(warning("glossary", page.site_rel, page.meta_lines.get("title", 1),
                                        f"the source note uses '{term.source}' but this translation never says "
                                        f"'{term.preferred(page.lang)}'"))
    return problems


def _permalink(meta) -> str | None:
    """The front matter's permalink, when it is a safe one (see _route)."""
    permalink = meta.get("permalink")
    return permalink if permalink is not None and not permalink_problem(permalink) else None


def _route(doc: Document, config: Config, problems: list[Problem]) -> str:
    """The page's site path: its permalink's, or the one its file gives when the permalink would lead
    out of the output (or is no path at all: error[path], and the build fails)."""
    permalink = doc.meta.get("permalink")
    if permalink is not None and (why := permalink_problem(permalink)):
        shown = repr(permalink) if len(permalink) <= 80 else repr(permalink[:60]) + "…"
        problems.append(error("path", site_rel(doc.source), doc.line_of("permalink"), f"{why} (got {shown})"))
    elif permalink is None and (bad := UNSAFE_IN_PATH.search(doc.source.rel)):
        problems.append(error("path", site_rel(doc.source), 1, f"the file's name holds {bad.group()!r}, which a link to "
                              "its page cannot hold as written: rename the file, or give the note a 'permalink:'"))
    return page_path(doc.source.rel, doc.source.lang, config.language, _permalink(doc.meta))


@dataclass(frozen=True)
class _Notes:
    keys: dict[str, str]  # content rel of every note -> its key in the NoteMemo
    source_of: dict[str, Document]  # content rel of a translation -> its source note
    stamped: dict[str, StampedSource | None]  # content rel of a translation -> the source version it was stamped against


def _render_notes(docs: list[Document], config: Config, routes: Mapping[str, str], index: GlossaryIndex | None,
                  memos: tuple[DocumentMemo, NoteMemo], jobs: int, glossary_digest: str,
                  ui: Mapping[str, Mapping[str, str]]) -> _Notes:
    """Render what `memos` lack, on `jobs` processes, sources first: a translation inherits the
    heading ids of its source note, and shows its paragraphs folded (under the interface string
    `show_original` of `ui[lang]`); figures are numbered with `ui[lang]["figure"]`."""
    labels = {lang: strings.get("show_original", "Original") for lang, strings in ui.items()}
    words = {lang: strings.get("figure", "Figure") for lang, strings in ui.items()}
    context = fingerprint(config, routes, glossary_digest) + repr(sorted(words.items()))
    documents, notes = memos
    shared = NoteContext.of(config, routes, index, words)
    unrelated = shared.translation()

    def render(batch: list[Document], relation: dict[str, TranslationInput]) -> dict[str, str]:
        """The memo key of every note of `batch`. `relation`: the place among translations of
        those notes of `batch` that have one."""
        jobs_of = {doc.source.rel: NoteJob(doc, site_rel(doc.source), relation.get(doc.source.rel, unrelated))
                   for doc in batch}
        keys = {rel: note_key(job.site_rel, context + repr(job.translation), documents.text_hash(job.site_rel))
                for rel, job in jobs_of.items()}
        missing = [doc for doc in batch if notes.get(keys[doc.source.rel]) is None]
        missing.sort(key=lambda doc: -len(doc.text))  # longest first: the workers finish together
        todo = [jobs_of[doc.source.rel] for doc in missing]
        if jobs > 1 and len(missing) >= MIN_PARALLEL:
            fresh = render_many(todo, shared, jobs)
        else:
            fresh = [render_note(notes.md, job, shared) for job in todo]
        for doc, rendered in zip(missing, fresh):
            notes.put(keys[doc.source.rel], rendered)
        return keys

    sources = {pair_key(doc): doc for doc in docs if doc.source.lang == config.source_language}
    translations = [doc for doc in docs if doc.source.lang != config.source_language and pair_key(doc) in sources]
    source_of = {doc.source.rel: sources[pair_key(doc)] for doc in translations}
    # Only a source note that has translations keeps its paragraphs' HTML (for "show the original").
    originals = {source.source.rel: shared.translation(keep_paragraphs=True, related=True)
                 for source in source_of.values()}
    keys = render([doc for doc in docs if doc.source.rel not in source_of], originals)
    heads, stamped = {}, {}
    for doc in translations:
        rel, source = doc.source.rel, source_of[doc.source.rel]
        twin = notes.rendered[keys[source.source.rel]]
        # Its ids come from the source version it was stamped against: the one its headings match
        stamped[rel] = stamped_source(doc, source, notes, shared.links, routes)
        inherited = stamped[rel].toc if stamped[rel] else twin.toc
        heads[rel] = shared.translation(source_headings=tuple(e.ref for e in inherited),
                                        source_paragraphs=translation_result(twin).paragraphs, related=True,
                                        original_label=labels.get(rel.split("/", 1)[0], "Original"))
    keys.update(render(translations, heads))
    return _Notes(keys, source_of, stamped)


def _note_pages(docs: list[Document], routes: Mapping[str, str], done: _Notes, memo: NoteMemo, config: Config,
                claim, problems: list[Problem]) -> list[Page]:
    """A Page for every note read, from its rendered Markdown (and its source note's, for a translation)."""
    problems.extend(twice_translated(docs, done.source_of))
    pages = []
    for doc in docs:
        rel = site_rel(doc.source)
        path = routes[doc.source.rel]
        claim(out_file(path), rel, doc.line_of("permalink") if "permalink" in doc.meta else 0)
        rendered = memo.rendered[done.keys[doc.source.rel]]
        problems.extend(rendered.problems)
        title = doc.meta.get("title") or rendered.first_heading
        if not title:
            problems.append(warning("title", rel, 1, "note has no title: set 'title:' in its front matter or start it with a heading"))
            title = doc.source.key.rsplit("/", 1)[-1]
        state = None
        twin = done.source_of.get(doc.source.rel)
        if twin is not None:
            state, state_problems = translation_state(doc, rendered, twin, memo.rendered[done.keys[twin.source.rel]],
                                                      config, done.stamped[doc.source.rel])
            problems.extend(state_problems)
        elif doc.source.lang != config.source_language:
            problems.extend(filter(None, [unpaired(doc, config.source_language)]))
        glossed, kept = glossary_result(rendered), translation_result(rendered)
        pages.append(Page(source=doc.source, site_rel=rel, path=path, title=title,
                          layout=doc.meta.get("layout", DEFAULT_LAYOUT), meta=doc.meta, meta_lines=doc.meta_lines,
                          packed=rendered.packed, toc=rendered.toc, anchors=rendered.anchors, links=rendered.links,
                          numbered_math=rendered.numbered_math, equations=rendered.equations, terms=glossed.terms, glossary_fixes=glossed.fixes,
                          translation=state, words=kept.words, verbatim=kept.verbatim,
                          digest=done.keys[doc.source.rel], annotated=glossed.annotated))
    return pages


def _read_notes(found: Discovery, memo: DocumentMemo, problems: list[Problem]) -> list[Document]:
    """Every note that is not a draft, read (or taken from `memo` when its file did not change)."""
    docs = []
    for source in found.pages:
        known = memo.unchanged(source, site_rel(source))
        if known is not None:
            doc, found_problems = known
        else:
            data, found_problems = read_bytes(source, site_rel(source))
            doc = None
            if data is not None:
                doc, found_problems = memo.document(source, site_rel(source), data)
        problems.extend(found_problems)
        if doc is not None and not doc.meta.get("draft", False):
            docs.append(doc)
    return docs


def load_site(config: Config, found: Discovery, reserved: Mapping[str, str], *,
              document_memo: DocumentMemo | None = None, note_memo: NoteMemo | None = None,
              lecture_memo: LectureMemo | None = None, jobs: int = 1, glossary: Glossary = EMPTY,
              ui: Mapping[str, Mapping[str, str]] | None = None) -> tuple[Site, list[Problem]]:
    """Read and render every note. `reserved` maps generated output files to what generates them;
    the memos (kept by a long-running caller) skip notes and lectures whose inputs did not change;
    the other notes are rendered on `jobs` processes. `ui`: by language, the interface strings the
    notes show (`show_original`, the label of a translation's folded original; `figure`)."""
    problems: list[Problem] = list(found.problems)
    document_memo, note_memo = document_memo or DocumentMemo(), note_memo or NoteMemo()
    docs = _read_notes(found, document_memo, problems)
    routes = {doc.source.rel: _route(doc, config, problems) for doc in docs}

    owners: dict[str, str] = dict(reserved)  # out -> who makes it (file:line)

    def claim(out: str, who: str, line: int = 0) -> None:
        if out in owners:
            problems.append(error("output", who, line, f"output file '{out}' is also produced by {owners[out]}"))
        else:
            owners[out] = f"{who}:{line}" if line else who

    if not note_memo.math.katex_available:
        problems.append(warning("math", "site.yaml", 0, "KaTeX (mini-racer) cannot be imported on this platform: "
                                "all math is rendered with latex2mathml"))
    index = GlossaryIndex(glossary, config.languages) if glossary else None
    done = _render_notes(docs, config, routes, index, (document_memo, note_memo), jobs, glossary.digest,
                         ui or {})
    pages = _note_pages(docs, routes, done, note_memo, config, claim, problems)
    pages = fill_label_links(pages, config.baseurl, problems,
                             {lang: strings.get("figure", "Figure") for lang, strings in (ui or {}).items()})
    if glossary:
        problems.extend(untranslated_terms(pages, glossary))
    unpublished = () if config.publish_source else tuple(p for p in pages if p.lang == config.source_language)
    notes = pages
    pages = _published(pages, config, claim)
    pages, lectures, lecture_problems = lecture_pages(pages, notes, found, config, index, claim,
                                                      lecture_memo or LectureMemo())
    problems.extend(lecture_problems)
    pages += _generated_homes(pages, config, claim)
    assets = []
    for source in found.assets:
        path = asset_path(source.rel, source.lang, config.language)
        claim(out_file(path), site_rel(source))
        assets.append(Asset(source, path))
    for static in found.statics:
        claim(out_file(static.path), f"static{static.path}")
    site = Site(config=config, pages=tuple(sorted(pages, key=lambda p: p.path)), assets=tuple(assets),
                statics=found.statics, glossary=glossary, unpublished=unpublished, lectures=lectures)
    return site, problems
