"""The course structure of an imported Jekyll site: the index's modules become site.yaml `modules`
(in the index's order), every note it lists gets `module`, `order`, its link text as `title` (when
the note has none of its own, or a generic one such as "Setup") and its keyword line as
`description`. Links are matched to notes the way Jekyll served them: by permalink or by path,
with `{{ site.baseurl }}`, the site's url and baseurl, `.html`, `.md` and pretty URLs all accepted."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from ..content.frontmatter import split_front_matter
from .jekyll_index import IndexPage

# First headings that name a kind of section, not a page: a title needs more than these.
GENERIC_TITLES = {"setup", "set up", "introduction", "intro", "overview", "summary", "learning", "contents",
                  "table of contents", "notes", "lecture notes", "background", "motivation", "preliminaries",
                  "설치", "소개", "개요", "요약", "서론", "목차", "학습", "들어가며", "들어가기", "배경", "정리", "준비"}
_LIQUID_URL = re.compile(r"\{\{-?\s*['\"]?([^'\"{}|]*?)['\"]?\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}")
_BASEURL = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")


@dataclass
class Note:
    """A note being imported: where it came from, where it goes, its text (edited in place)."""

    rel: str  # in the Jekyll site
    lang: str
    key: str  # its path under content/<lang>/ without `.md`: the translation key
    text: str
    meta: dict = field(default_factory=dict)

    @property
    def out(self) -> str:
        return f"{self.lang}/{self.key}.md"


@dataclass(frozen=True)
class SiteUrl:
    url: str  # the Jekyll site's url and baseurl, to recognise absolute links to itself
    baseurl: str


def url_key(href: str, page_dir: str, site: SiteUrl) -> str | None:
    """The site path an index link leads to, without slashes, `.html` or `index.html` (`a/b`),
    or None for a link out of the site or to nothing (`#`)."""
    href = _BASEURL.sub("", _LIQUID_URL.sub(r"\1", href.strip()))
    if site.url and href.startswith(site.url):
        href = href[len(site.url):]
    if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", href, re.I):
        return None
    href = href.split("#", 1)[0].split("?", 1)[0]
    if not href:
        return None
    if site.baseurl and (href == site.baseurl or href.startswith(site.baseurl.rstrip("/") + "/")):
        href = href[len(site.baseurl.rstrip("/")):] or "/"
    if not href.startswith("/"):
        href = posixpath.join("/" + page_dir, href)
    path = posixpath.normpath(href).strip("/")
    path = re.sub(r"(^|/)index\.(html|md)$", "", path)
    return re.sub(r"\.(html|md|markdown)$", "", path)


def note_urls(note: Note) -> set[str]:
    """Every key (see url_key) under which Jekyll served the note: its permalink and its path."""
    keys = {re.sub(r"\.(md|markdown)$", "", note.rel)}
    permalink = note.meta.get("permalink")
    if isinstance(permalink, str) and ":" not in permalink:
        keys.add(re.sub(r"\.html$", "", permalink.strip().strip("/")))
    return {re.sub(r"(^|/)index$", "", k) for k in keys}


def slug(title: str) -> str:
    """A module key from its header: lower case, words joined by '-' (letters of any script kept)."""
    text = unicodedata.normalize("NFKC", title).lower()
    return "-".join(re.findall(r"\w+", text)) or "module"


def is_generic(title: str) -> bool:
    return " ".join(str(title).split()).casefold() in GENERIC_TITLES


def set_front_matter(text: str, values: dict, rel: str) -> str:
    """The note with `values` set in its front matter: a key it has is replaced (its one line), the
    others added at the end, the rest of the front matter kept as written."""
    fm, body_line, _ = split_front_matter(text, rel)
    lines = text.split("\n")
    if fm is None:
        head, rest = ["---"], lines
    else:
        head, rest = lines[:body_line - 2], lines[body_line - 2:]
    for key, value in values.items():
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=10_000).rstrip("\n")
        found = [i for i, line in enumerate(head) if re.match(rf"^{re.escape(key)}\s*:", line)]
        if found:
            head[found[0]] = dumped
        else:
            head.append(dumped)
    return "\n".join(head + (["---"] if fm is None else []) + rest)


@dataclass
class Structure:
    """What the index gave: site.yaml modules, and per note the front matter to set."""

    modules: dict[str, str | dict[str, str]] = field(default_factory=dict)  # key -> title (or lang -> title), in order
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # module key -> lang -> title
    intros: dict[str, tuple[str, tuple[int, str]]] = field(default_factory=dict)  # lang -> (home page, (line, its introduction))
    values: dict[str, dict] = field(default_factory=dict)  # note out -> front matter values
    report: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # "rel:line: why", for the report's "not converted"


class _Listing:
    """The notes as the index pages list them: every key in the first place it is listed."""

    def __init__(self, notes: list[Note], site: SiteUrl) -> None:
        self.site = site
        self.by_url: dict[str, str] = {}
        self.by_key: dict[str, list[Note]] = {}
        self.titles: dict[tuple[str, str], int] = {}  # (lang, title) -> notes of that title in front matter
        for note in notes:
            for url in note_urls(note):
                self.by_url.setdefault(url, note.key)
            self.by_key.setdefault(note.key, []).append(note)
            if note.meta.get("title"):
                title = (note.lang, str(note.meta["title"]).casefold())
                self.titles[title] = self.titles.get(title, 0) + 1
        self.module_of: dict[str, str] = {}  # note key -> module key
        self.placed_by: dict[str, str] = {}  # note key -> language of the index that placed it
        self.described: set[str] = set()  # note outs that got a title/description from an index
        self.order = 0

    def key(self, href: str, rel: str) -> str | None:
        return self.by_url.get(url_key(href, posixpath.dirname(rel), self.site) or "\0")

    def place(self, found: Structure, keys: list[str], title: str, lang: str) -> str:
        """The module of the listed keys: the one an index in another language gave them already
        (this header is its title in `lang`), or a new one."""
        module = next((self.module_of[k] for k in keys if self.placed_by.get(k, lang) != lang), slug(title))
        titles = found.titles.setdefault(module, {})
        titles.setdefault(lang, title)
        for key in keys:
            if key not in self.module_of:
                self.module_of[key], self.placed_by[key] = module, lang
                self.order += 1
                for note in self.by_key[key]:
                    found.values.setdefault(note.out, {}).update(module=module, order=self.order)
        return module

    def describe(self, found: Structure, key: str, link, lang: str) -> None:
        """Title and description of the key's note in the index's language, from the first index
        of that language that lists it."""
        for note in self.by_key[key]:
            if note.lang != lang or note.out in self.described:
                continue
            self.described.add(note.out)
            values = found.values.setdefault(note.out, {})
            own = note.meta.get("title")
            if link.text and own != link.text and (not own or is_generic(own)
                                                   or self.titles.get((lang, str(own).casefold()), 0) > 1):
                values["title"] = link.text
            if link.keywords and not note.meta.get("description"):
                values["description"] = link.keywords


def _at(rel: str, line: int) -> str:
    return f"{rel}:{line}" if line else rel  # a Markdown index is rendered before it is read: no lines


def apply_index(pages: list[tuple[str, str, IndexPage]], notes: list[Note], lang: str, site: SiteUrl) -> Structure:
    """Modules and front matter from the index pages (rel, language, page), the site's language's first."""
    found = Structure()
    listing = _Listing(notes, site)
    for rel, page_lang, page in pages:
        found.dropped.extend(f"{_at(rel, line)}: hand-typed progress {tag} dropped (progress is computed now)"
                             for line, tag in page.progress)
        for module in page.modules:
            if not module.title:
                continue
            links = {}
            for link in module.links:
                key = listing.key(link.href, rel)
                if key is None:
                    found.dropped.append(f"{_at(rel, link.line)}: '{link.text}' links to '{link.href}', no note of the "
                                         f"site: not listed")
                else:
                    links.setdefault(key, link)
            if links:
                new = [k for k in links if k not in listing.module_of]
                module_key = listing.place(found, list(links), module.title, page_lang)
                for key, link in links.items():
                    listing.describe(found, key, link, page_lang)
                if new:
                    found.report.append(f"{module_key} ({module.title}): {', '.join(new)}")
    found.modules = {key: next(iter(t.values())) if len(set(t.values())) == 1 else t for key, t in found.titles.items()}
    return found
