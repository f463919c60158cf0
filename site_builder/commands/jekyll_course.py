"""The course as a Jekyll site laid it out by hand, read for the import: the index pages that list
the notes by module (jekyll_index, jekyll_structure), and the caption files, wherever they sit,
paired by key across languages into lectures under content/<lang>/ (jekyll_names)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt

from ..content.frontmatter import split_front_matter
from .jekyll_index import IndexPage, read_index
from .jekyll_names import caption_place, language_code
from .jekyll_structure import Note, SiteUrl, Structure, apply_index, note_urls, url_key

_ROOT_INDEX = re.compile(r"^index(?:[._-](?P<tag>[A-Za-z]{2,3}))?\.(?:html|md|markdown)$")
_LISTING = re.compile(r"""class\s*=\s*["'][^"']*\bmodule[-_]?(?:header|title|heading)\b""")


def is_home(rel: str) -> bool:
    """Whether a page is the Jekyll site's home page (in some language)."""
    return bool(_ROOT_INDEX.match(rel))


def is_index_candidate(rel: str, text: str) -> bool:
    """The home page (`index.html`, `index.md`, `index.kr.html`) or a page with module headers
    (`class="module-header"`: only the home page's other headers count, so that a note's own
    sections and "see also" links never reorder the course)."""
    return bool(_ROOT_INDEX.match(rel)) or bool(_LISTING.search(text))


def _page(rel: str, text: str) -> IndexPage:
    """A page's listing. HTML (and Markdown written as HTML, as Jekyll index pages are) is read as
    it is, so lines are the file's; a Markdown list is rendered first (no lines then)."""
    root = bool(_ROOT_INDEX.match(rel))
    if rel.endswith(".html") or "<a " in text:
        return read_index(text, headings=root)
    _, body_line, _ = split_front_matter(text, rel)
    lines = text.split("\n")
    page = read_index(MarkdownIt("commonmark", {"html": True}).render("\n".join(lines[body_line - 1:])), headings=root)
    modules = tuple(replace(m, line=0, links=tuple(replace(link, line=0) for link in m.links)) for m in page.modules)
    # The introduction: the Markdown before the first module heading.
    first = next((n for n in range(body_line, len(lines) + 1) if re.match(r"^#{2,4}\s", lines[n - 1])), body_line)
    return IndexPage(modules, tuple((0, tag) for _, tag in page.progress), (body_line, first - 1) if first > body_line else None)


def introduction(text: str, page: IndexPage) -> tuple[int, str]:
    """The index page's introduction (what precedes its listing) and its first line; comments and
    blank lines left out (a blank line would end a raw-HTML block in Markdown)."""
    if page.intro is None:
        return 0, ""
    start, end = page.intro
    kept = re.sub(r"<!--.*?-->", "", "\n".join(text.split("\n")[start - 1:end]), flags=re.S)
    return start, "\n".join(line for line in kept.split("\n") if line.strip())


def read_structure(pages: dict[str, str], notes: list[Note], lang: str, source_lang: str, site: SiteUrl
                   ) -> tuple[Structure, list[str]]:
    """Modules and front matter from every page that lists notes under module headers; the pages used."""
    urls = {key for note in notes for key in note_urls(note)}
    found: list[tuple[str, str, IndexPage]] = []
    for rel, text in pages.items():
        page = _page(rel, text)
        listed = [link for m in page.modules if m.title for link in m.links
                  if url_key(link.href, posixpath.dirname(rel), site) in urls]
        if listed:
            match = _ROOT_INDEX.match(rel)
            tagged = language_code(match["tag"], {lang, source_lang}) if match and match["tag"] else None
            found.append((rel, tagged or lang, page))
    # The home page in the site's language first: its modules and order are the course's.
    found.sort(key=lambda p: (p[1] != lang, not _ROOT_INDEX.match(p[0]), p[0]))
    structure = apply_index(found, notes, lang, site)
    for rel, page_lang, page in found:
        line, intro = introduction(pages[rel], page)
        if is_home(rel) and intro:
            structure.intros.setdefault(page_lang, (rel, (line, intro)))
    return structure, [rel for rel, _, _ in found]


def import_captions(captions: list[tuple[str, Path]], lang: str, source_lang: str, dest: Path, writes: dict,
                    report) -> set[str]:
    """Caption files placed as lecture tracks (content/<lang>/<key>.<lang>.srt), listed in the
    report by lecture; the languages they are in."""
    languages = {lang, source_lang}
    lectures: dict[str, list[str]] = {}
    taken: dict[str, str] = {}
    for rel, real in sorted(captions):
        place = caption_place(rel, languages, lang)
        if place.out in taken:
            report.skipped.append(f"{rel}: lecture '{place.key}' already has {place.lang} captions ({taken[place.out]}): "
                                  f"copied to static/ as a plain file")
            writes[dest / "static" / rel] = real
            report.statics.append(rel)
            continue
        taken[place.out] = rel
        writes[dest / "content" / place.out] = real
        how = {"": f"no language in its folder or name: read as {lang}"}.get(place.how, "")
        if place.how.startswith("folder ("):
            how = f"read as {place.lang}, its folder's language ({place.how[8:-1]})"
        lectures.setdefault(place.key, []).append(f"{place.lang} {rel}" + (f" ({how})" if how else ""))
    for key in sorted(lectures):
        tracks = sorted(lectures[key])
        missing = sorted(languages - {t.split(" ", 1)[0] for t in tracks})
        report.lectures.append(f"{key}: {', '.join(tracks)}" + (f"; no {', '.join(missing)} captions yet" if missing else ""))
    return {track.split(" ", 1)[0] for tracks in lectures.values() for track in tracks}
