"""Jinja2 rendering: autoescape, StrictUndefined, one documented context, errors as template file:line.

The template context (documented in README.md):
- `site`: title and description (in the page's language), url, baseurl, language, languages, math_css, search
  (whether the site has a search index), every key of `params`,
  and `pages` (all pages, sorted by path; list entries carry no `content`).
- `page`: title, path, lang, key, layout, description, module, order, content (HTML), toc, meta
  (the whole front matter), translations (same note in other languages), progress (a translation's
  measured progress in percent, else None), stale (its source changed since it was stamped),
  fallback (not translated yet: the original is shown), stale_sections (ids of the source's
  sections changed since the stamp, when git history tells), lecture (on a lecture page, see
  lectures.Lecture: video, rows, progress, machine, tracks, downloads; else None).
- `lang`: the page's language; `ui`: its interface strings (views.Ui, from content.i18n);
  `home_path`: the site path of its home page; `print_path`: of its print view ("" without notes); `pages`: that language's pages in reading order;
  `modules`: that language's pages grouped by `module`, as (title, pages): modules listed in
  site.yaml `modules:` first, in that order and with their titles.
- on a note's page: `module_title`, and `prev`/`next` (the neighbouring notes of its module, or None).
- `glossary_path`: the site path of this language's glossary page ("" without a glossary);
  on the glossary page, `glossary`: the entries (see GlossaryEntry), sorted for the language.
- filters: `url` (site path -> href with the baseurl), `absolute_url` (-> full URL).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator, NamedTuple

import jinja2
from markupsafe import Markup, escape

from ..core.problems import Problem, error
from ..site.load import Page, Site
from ..content.sources import Places
from .jinja import join_pieces, make_environment, template_problem
from .render_memo import Keyed, TemplateMemo
from .print_view import print_notes, print_path
from .views import GlossaryEntry, PageView, Ui, page_view, reading_order
from ..glossary.paths import glossary_path
from ..content.theme import THEME_DIR, katex_stylesheet
from ..content.i18n import bundled_catalogues
from ..core.urls import href, lang_prefix, out_file


class TemplateOutput(NamedTuple):
    html: str | None  # None when the template failed
    problem: Problem | None


class GlossaryOutput(NamedTuple):
    out: str
    html: str | None
    problem: Problem | None


class PrintOutput(NamedTuple):
    out: str
    pieces: Callable[..., Iterator[bytes]] | None  # (optionally a print_view.Rewriter); None when the template failed
    digest: str  # identifies the bytes without making them
    problem: Problem | None


@dataclass(frozen=True)
class SharedContext:
    """What every page's template context shares, made once per build."""

    sites: dict[str, dict[str, Any]]  # the template variable `site`, by language (titles differ)
    ui: dict[str, Ui]  # the template variable `ui`, by language
    views: dict[str, list[PageView]]  # by language, in reading order
    modules: dict[str, list[tuple[str, list[PageView]]]]  # by language: (module title, its pages)
    by_key: dict[str, list[Page]]  # the translations of each note, by translation key


class Renderer:
    """Renders pages of one site through its templates. The shared context is built on first use:
    a rebuild whose pages all come from the cache never needs it."""

    def __init__(self, site: Site, reuse: TemplateMemo | None = None,
                 catalogues: dict[str, dict[str, str]] | None = None) -> None:
        """`reuse` (kept by a long-running caller) holds the environment and shared context of the
        previous build, used again when the templates, config and page list are the same.
        `catalogues`: the interface strings of each language (content.i18n.load_catalogues)."""
        self.site = site
        self.config = site.config
        self.catalogues = catalogues if catalogues is not None else bundled_catalogues(site.config.languages)
        self._key: str | None = None
        self._sidebars: dict[str, Markup] = {}  # by language, see _sidebar
        self._reuse = reuse if reuse is not None else TemplateMemo()

    def _reused(self, name: str, make):
        key = self.page_key_base()
        found = getattr(self._reuse, name)
        if found is None or found.key != key:
            setattr(self._reuse, name, found := Keyed(key, make()))
        return found.value

    def prepare(self) -> None:
        """Make the environment, the shared context and the page layouts now (before worker
        processes fork, so they inherit them instead of each making its own)."""
        _ = self.env, self._shared
        for layout in sorted({page.layout for page in self.site.pages}):
            try:
                self.env.get_template(f"{layout}.html")
            except jinja2.TemplateError:
                pass  # reported where the page is rendered

    @cached_property
    def env(self) -> jinja2.Environment:
        return self._reused("env", lambda: make_environment(self.config))

    @cached_property
    def _shared(self) -> SharedContext:
        return self._reused("shared", self._make_shared)

    def _make_shared(self) -> SharedContext:
        views = {page.path: page_view(page) for page in self.site.pages}
        by_lang: dict[str, list[Page]] = {}
        by_key: dict[str, list[Page]] = {}
        for page in self.site.pages:
            by_lang.setdefault(page.lang, []).append(page)
            by_key.setdefault(page.key, []).append(page)
        lang_views, lang_modules = {}, {}
        configured = list(self.config.modules)
        for lang, pages in by_lang.items():
            ordered = [views[p.path] for p in reading_order(pages)]
            modules: dict[str, list[PageView]] = {}
            for view in ordered:
                modules.setdefault(view.module, []).append(view)
            # Modules named in site.yaml first, in its order and with its titles; then the others.
            keys = sorted(modules, key=lambda m: configured.index(m) if m in configured else len(configured))
            lang_views[lang] = ordered
            lang_modules[lang] = [(self.config.modules.get(m, {}).get(lang, m), modules[m]) for m in keys]
        cfg = self.config
        sites = {}
        for lang in cfg.languages:
            sites[lang] = site_ctx = dict(cfg.params)
            site_ctx.update(title=cfg.titles.get(lang, cfg.title), description=cfg.descriptions.get(lang, cfg.description),
                            url=cfg.url, baseurl=cfg.baseurl, language=cfg.language, languages=dict(cfg.languages),
                            math_css=cfg.math_css or katex_stylesheet(), source_language=cfg.source_language, pages=list(views.values()),
                            search=cfg.search)
        ui = {lang: Ui(lang, strings) for lang, strings in self.catalogues.items()}
        return SharedContext(sites=sites, ui=ui, views=lang_views, modules=lang_modules, by_key=by_key)

    def _site_key(self) -> str:
        """What every page's template output depends on besides the page itself: the templates,
        the config and the list of pages (navigation shows titles and paths)."""
        h = hashlib.blake2b(digest_size=16)
        places = Places(self.config.site_dir)
        for file in sorted((self.config.site_dir / "templates").rglob("*")):
            # a link out of the site is never used (see _SiteTemplates), so never read: /proc/kcore…
            if file.is_file() and not places.place(os.path.realpath(file)):
                h.update(file.as_posix().encode() + b"\0" + file.read_bytes())
        for file in sorted((THEME_DIR / "templates").rglob("*.html")):  # what the site does not override
            h.update(file.name.encode() + b"\0" + file.read_bytes())
        h.update(repr(self.config).encode())
        h.update(repr(sorted((lang, sorted(strings.items())) for lang, strings in self.catalogues.items())).encode())
        h.update(b"\0glossary" if self.site.glossary else b"\0")  # every page's footer links the glossary page
        for page in self.site.pages:  # what the course index and navigation show of every page
            state, lecture = page.translation, page.lecture
            h.update(repr((page.path, page.title, page.lang, page.key, page.layout, sorted(page.meta.items(), key=str),
                           (state.progress.percent, state.stale) if state else None, page.fallback_of,
                           (lecture.progress, lecture.machine) if lecture else None)).encode())
        return h.hexdigest()

    def page_key_base(self) -> str:
        if self._key is None:
            self._key = self._site_key()
        return self._key

    def page_key(self, page: Page) -> str:
        """What the page's template output depends on: the site key, and the page's own view (its
        HTML by its render key; translation state; lecture)."""
        self.page_key_base()
        state = page.translation
        own = (page.path, page.lecture.digest if page.lecture else "", page.fallback_of,
               (state.progress.percent, state.stale, state.changed_sections) if state else None)
        content = page.digest.encode() if page.digest else page.packed
        return hashlib.blake2b(f"{self._key}\0{own!r}\0".encode() + content, digest_size=16).hexdigest()

    def context(self, page: PageView) -> dict[str, Any]:
        shared, lang = self._shared, page.lang
        glossary = glossary_path(lang, self.config.language) if self.site.glossary else ""
        return {"site": shared.sites.get(lang) or shared.sites[self.config.language], "page": page, "lang": lang,
                "ui": shared.ui.get(lang) or Ui(lang, {}), "home_path": lang_prefix(lang, self.config.language) + "/",
                "glossary_path": glossary, "pages": shared.views.get(lang, []), "modules": shared.modules.get(lang, []),
                "print_path": print_path(lang, self.config.language) if lang in shared.modules else "",
                "course_sidebar": lambda: self._sidebar(lang, page.path)}

    def _sidebar(self, lang: str, path: str) -> Markup:
        """The course sidebar of `lang` (sidebar.html, rendered once per language: a course of n notes
        would otherwise cost n² to render), this page's own link marked; "" with no note to list."""
        if lang not in self._sidebars:
            shared = self._shared
            home = lang_prefix(lang, self.config.language) + "/"
            listed = any(view.path != home for view in shared.views.get(lang, []))
            self._sidebars[lang] = Markup(self.env.get_template("sidebar.html").render(
                site=shared.sites.get(lang) or shared.sites[self.config.language], lang=lang,
                ui=shared.ui.get(lang) or Ui(lang, {}), home_path=home, modules=shared.modules.get(lang, []),
                glossary_path=glossary_path(lang, self.config.language) if self.site.glossary else "")) if listed else ""
        nav = self._sidebars[lang]
        own = f'<a href="{escape(href(path, self.config.baseurl))}"'
        return Markup(str(nav).replace(own, own + ' aria-current="page"', 1)) if nav else nav  # (Markup.replace would escape)

    def ui_string(self, lang: str, key: str, default: str) -> str:
        """One interface string of `lang` (for the titles of generated pages)."""
        return self.catalogues.get(lang, {}).get(key, default)

    def glossary_entries(self, lang: str) -> list[GlossaryEntry]:
        """The glossary as the `lang` glossary page shows it: sorted for that language."""
        glossary = self.site.glossary
        using: dict[str, list[PageView]] = {}
        for view_page in self._shared.views.get(lang, []):
            page = self._by_path[view_page.path]
            for anchor in page.terms:
                using.setdefault(anchor, []).append(view_page)
        entries = []
        for term in glossary.terms:
            forms = term.translations.get(lang, ()) if lang != glossary.source_lang else (term.source,)
            entries.append(GlossaryEntry(anchor=term.anchor, term=forms[0] if forms else term.source,
                                         source=term.source, also=tuple(forms[1:]), avoid=term.avoid.get(lang, ()),
                                         note=term.note, pages=tuple(using.get(term.anchor, ()))))
        return sorted(entries, key=lambda e: (e.term.casefold(), e.source.casefold()))

    @cached_property
    def _by_path(self) -> dict[str, Page]:
        return {page.path: page for page in self.site.pages}

    def render_glossary(self, lang: str) -> GlossaryOutput:
        """The glossary page of `lang`."""
        path = glossary_path(lang, self.config.language)
        others = tuple(PageView(title=self.ui_string(other, "glossary", "Glossary"), path=glossary_path(other, self.config.language),
                                lang=other, key="glossary", layout="glossary")
                       for other in self.config.published_languages if other != lang)
        view = PageView(title=self.ui_string(lang, "glossary", "Glossary"), path=path, lang=lang, key="glossary", layout="glossary", translations=others)
        done = self.render("glossary.html", view, missing=("glossary.yaml", 0),
                           extra={"glossary": self.glossary_entries(lang)})
        return GlossaryOutput(out_file(path), done.html, done.problem)

    def render_print(self, lang: str) -> PrintOutput:
        """The print page of `lang`: every note of the course in its order (see print_view)."""
        path = print_path(lang, self.config.language)
        modules = self._shared.modules.get(lang, [])
        pages = [self._by_path[view.path] for _, views in modules for view in views
                 if view.layout not in ("home", "lecture")]
        notes, pieces = print_notes(modules, {page.path: page.packed for page in pages}, self.config.baseurl)
        others = tuple(PageView(title=self.config.title, path=print_path(other, self.config.language), lang=other,
                                key="print", layout="print") for other in self._shared.modules if other != lang)
        view = PageView(title=self.config.title, path=path, lang=lang, key="print", layout="print", translations=others)
        done = self.render("print.html", view, extra={"notes": notes})
        digest = hashlib.blake2b(f"{self.page_key_base()}\0{lang}\0".encode(), digest_size=16)
        for page in pages:
            digest.update(page.path.encode() + b"\0" + (page.digest.encode() or page.packed))
        return PrintOutput(out_file(path), done.html and (lambda *rewriter: pieces(done.html, *rewriter)), digest.hexdigest(),
                           done.problem)

    def print_languages(self) -> list[str]:
        """The languages that have notes to print."""
        return [lang for lang in self.config.languages if lang in self._shared.modules]

    @cached_property
    def _places(self) -> dict[str, dict[str, Any]]:
        """`prev`/`next` within its module (reading order) and `module_title`, by page path."""
        places = {}
        for modules in self._shared.modules.values():
            for title, notes in modules:
                for i, note in enumerate(notes):
                    places[note.path] = {"module_title": title, "prev": notes[i - 1] if i > 0 else None,
                                         "next": notes[i + 1] if i + 1 < len(notes) else None}
        return places

    def _neighbours(self, page: Page) -> dict[str, Any]:
        return self._places.get(page.path) or {"module_title": "", "prev": None, "next": None}

    def render_page(self, page: Page, content: Markup | None = None) -> TemplateOutput:
        """`content`: what the template shows as the page's HTML, instead of it (see page_bytes)."""
        # By path: the shared context may be the previous rebuild's, with its own Page objects
        translations = tuple(page_view(p) for p in self._shared.by_key.get(page.key, ()) if p.path != page.path)
        return self.render(f"{page.layout}.html", page_view(page, translations, content=content or True),
                           missing=(page.site_rel, page.meta_lines.get("layout", 1)), extra=self._neighbours(page))

    def render(self, template: str, page: PageView, missing: tuple[str, int] | None = None,
               extra: dict | None = None) -> TemplateOutput:
        try:
            tpl = self.env.get_template(template)
        except jinja2.TemplateNotFound as exc:
            if exc.name == template:
                file, line = missing or ("templates", 0)
                return TemplateOutput(None, error("template", file, line,
                                                  f"no template templates/{template} for layout '{template[:-5]}'"))
            return TemplateOutput(None, template_problem(exc, self.config.site_dir))
        except jinja2.TemplateError as exc:
            return TemplateOutput(None, template_problem(exc, self.config.site_dir))
        try:
            return TemplateOutput(join_pieces(tpl.generate({**self.context(page), **(extra or {})})), None)
        except Exception as exc:  # any error raised while rendering is the template's
            return TemplateOutput(None, template_problem(exc, self.config.site_dir))
