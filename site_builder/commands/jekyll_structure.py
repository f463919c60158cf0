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

    modules: dict[str, str] = field(default_factory=dict)  # key -> title, in order
    values: dict[str, dict] = field(default_factory=dict)  # note out -> front matter values
    report: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # "rel:line: why", for the report's "not converted"


def _title_for(note: Note, text: str, titles: dict[str, int]) -> str | None:
    """The link text as the note's title, unless the note's own title identifies it."""
    own = note.meta.get("title")
    if not text or own == text:
        return None
    if own and not is_generic(own) and titles.get(str(own).casefold(), 0) < 2:
        return None
    return text


def apply_index(pages: list[tuple[str, str, IndexPage]], notes: list[Note], lang: str, site: SiteUrl) -> Structure:
    """Modules and front matter from the index pages (rel, language, page), the site's language's first."""
    found = Structure()
    by_url: dict[str, str] = {}
    for note in notes:
        for key in note_urls(note):
            by_url.setdefault(key, note.key)
    by_key: dict[str, list[Note]] = {}
    for note in notes:
        by_key.setdefault(note.key, []).append(note)
    titles: dict[str, int] = {}
    for note in notes:
        if note.lang == lang and note.meta.get("title"):
            titles[str(note.meta["title"]).casefold()] = titles.get(str(note.meta["title"]).casefold(), 0) + 1
    order, seen = 0, set()
    for rel, page_lang, page in pages:
        found.dropped.extend(f"{rel}:{line}: hand-typed progress {tag} dropped (progress is computed now)"
                             for line, tag in page.progress)
        for module in page.modules:
            if not module.title:
                continue
            listed = []
            for link in module.links:
                key = by_url.get(url_key(link.href, posixpath.dirname(rel), site) or "\0")
                if key is None:
                    found.dropped.append(f"{rel}:{link.line}: '{link.text}' links to '{link.href}', no note of the "
                                         f"site: not listed")
                    continue
                if key in seen:
                    continue
                seen.add(key)
                order += 1
                listed.append(key)
                _describe(found, by_key[key], link, slug(module.title), order, page_lang, titles)
            if listed:
                found.modules.setdefault(slug(module.title), module.title)
                found.report.append(f"{slug(module.title)} ({module.title}): {', '.join(listed)}")
    return found


def _describe(found: Structure, notes: list[Note], link, module: str, order: int, lang: str, titles) -> None:
    """Front matter for the notes of one key listed in the index: module and order in every
    language; title and description in the index's language only."""
    for note in notes:
        values: dict = {"module": module, "order": order}
        if note.lang == lang:
            title = _title_for(note, link.text, titles)
            if title:
                values["title"] = title
            if link.keywords and not note.meta.get("description"):
                values["description"] = link.keywords
        found.values[note.out] = values
