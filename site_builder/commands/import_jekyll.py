"""`site-builder import-jekyll SRC DEST`: turn a Jekyll course site into a site of this layout.

Notes keep their relative paths and front matter; static files go to static/; `_config.yml`
becomes site.yaml; a glossary.md table becomes glossary.yaml. What cannot be converted (layouts,
includes, Liquid tags, Liquid-driven HTML pages) is listed in the report. SRC is only read.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content.frontmatter import decode, split_front_matter
from .jekyll_course import import_captions, is_home, is_index_candidate, read_structure
from .jekyll_liquid import convert_liquid, report_kramdown
from .jekyll_glossary import glossary_yaml, parse_glossary_table
from .jekyll_names import CAPTION_SUFFIXES
from .jekyll_notes import place_notes
from .jekyll_walk import refusal, walk
from .jekyll_structure import SiteUrl, set_front_matter
from ..core.problems import BuildFailed, error
from .import_baseline import finish_site
from .install import install_spec

# Jekyll settings that are about Jekyll itself, not the site's content.
_JEKYLL_KEYS = {"markdown", "permalink", "highlighter", "kramdown", "plugins", "gems", "exclude", "include",
                "keep_files", "theme", "remote_theme", "sass", "collections", "defaults", "paginate",
                "paginate_path", "timezone", "encoding", "source", "destination", "safe", "lsi", "future",
                "incremental", "livereload", "port", "host", "show_drafts", "limit_posts", "baseurl", "url",
                "title", "description", "liquid", "whitelist", "excerpt_separator"}
# Jekyll settings that change what the site holds or where pages are: the import does not follow them.
_UNREAD_KEYS = {"collections": "only .md files outside _ folders are imported", "include": "_ and . files stay out",
                "defaults": "front matter comes from each note only", "permalink": "notes are served at their paths"}
_LANG_NAMES = {"en": "English", "ko": "한국어", "ja": "日本語", "zh": "中文", "es": "Español", "fr": "Français",
               "de": "Deutsch", "pt": "Português", "ru": "Русский", "vi": "Tiếng Việt"}
_THEME_LAYOUTS = {"page", "home"}


@dataclass
class ImportReport:
    src: Path
    dest: Path
    notes: list[str] = field(default_factory=list)
    statics: list[str] = field(default_factory=list)
    params: list[str] = field(default_factory=list)
    glossary_terms: int = 0
    skipped: list[str] = field(default_factory=list)  # "path: why", sorted for the report
    baseline: str = ""  # what the first check of the imported site found, recorded in its baseline
    index: list[str] = field(default_factory=list)  # "module (title): note keys", in the index's order
    index_pages: list[str] = field(default_factory=list)  # the pages the course structure was read from
    variants: list[str] = field(default_factory=list)  # "x.kr.md → content/ko/x.md, the translation of …"
    lectures: list[str] = field(default_factory=list)  # "key: lang file, lang file"

    def text(self) -> str:
        lines = [f"imported {self.src} into {self.dest}:",
                 f"  {len(self.notes)} notes into content/, {len(self.statics)} files into static/",
                 f"  site.yaml with {len(self.params)} custom keys" + (f" ({', '.join(self.params)})" if self.params else "")]
        if self.glossary_terms:
            lines.append(f"  glossary.yaml with {self.glossary_terms} terms")
        if self.index:
            listed = sum(len(line.split(": ", 1)[1].split(", ")) for line in self.index)
            lines.append(f"course structure from {', '.join(self.index_pages)}: {len(self.index)} modules, {listed} notes "
                         f"(module, order, title and description in their front matter):")
            lines.extend(f"  {item}" for item in self.index)
        for title, items in (("translations by file name", self.variants), ("lectures", self.lectures)):
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines.extend(f"  {item}" for item in items)
        if self.baseline:
            lines.append(f"  {self.baseline}")
        if self.skipped:
            lines.append(f"not converted ({len(self.skipped)}):")
            lines.extend(f"  {item}" for item in sorted(self.skipped))
        return "\n".join(lines)


def _site_yaml(config: dict, lang: str, report: ImportReport, source_lang: str, languages: set[str],
               modules: dict[str, str]) -> str:
    site = {"title": str(config.get("title") or "Course notes")}
    for key in ("description", "url", "baseurl"):
        if isinstance(config.get(key), (str, int, float)):
            site[key] = str(config[key])
    full = re.match(r"^([a-z][a-z0-9+.-]*://[^/]+)(/.*)?$", site.get("baseurl", ""), re.I)
    if full:  # a full URL written as baseurl: its path is the baseurl, its origin the url
        site["url"], site["baseurl"] = site.get("url") or full[1], (full[2] or "").rstrip("/")
        report.skipped.append(f"_config.yml: baseurl '{config['baseurl']}' is a full URL: baseurl "
                              f"'{site['baseurl']}' and url '{site['url']}' are used")
    site["language"] = lang
    site["languages"] = {code: _LANG_NAMES.get(code, code) for code in [lang, *sorted(languages - {lang})]}
    if lang != source_lang:
        site["source_language"] = source_lang
    if modules:
        site["modules"] = modules
    params = {}
    for key, value in config.items():
        if key in _UNREAD_KEYS and value and value != "pretty":  # pretty: /x/, as notes are served here
            report.skipped.append(f"_config.yml: '{key}' is not converted ({_UNREAD_KEYS[key]})")
        if key in _JEKYLL_KEYS:
            continue
        if isinstance(value, (str, int, float, bool)) or value is None:
            params[key] = value
            report.params.append(key)
        else:
            report.skipped.append(f"_config.yml: '{key}' is not a scalar and was not imported")
    if params:
        site["params"] = params
    return "# Imported from a Jekyll _config.yml. See the site_builder README for every key.\n" + \
        yaml.safe_dump(site, allow_unicode=True, sort_keys=False)


def _convert_note(text: str, rel: str, report: ImportReport, titled: bool = False) -> str:
    """Front matter kept (layouts the theme lacks become `page`); Liquid tags commented out and
    reported. `titled`: the index gives the note its title."""
    fm, body_line, problems = split_front_matter(text, rel)
    if fm is not None:
        try:
            meta = yaml.safe_load(fm) or {}
        except yaml.YAMLError as exc:  # copied as written: the build reports it at its line
            mark = getattr(exc, "problem_mark", None)
            report.skipped.append(f"{rel}:{mark.line + 2 if mark else 1}: front matter is not valid YAML "
                                  f"({getattr(exc, 'problem', None) or exc}): imported as written, to fix by hand")
            meta = {}
        layout = meta.get("layout") if isinstance(meta, dict) else None
        if layout and layout not in _THEME_LAYOUTS:
            text = re.sub(r"^layout:.*$", "layout: page", text, count=1, flags=re.M)
            report.skipped.append(f"{rel}: layout '{layout}' has no template here; 'page' is used")
        permalink = meta.get("permalink") if isinstance(meta, dict) else None
        if isinstance(permalink, str) and (":" in permalink or permalink in ("pretty", "none", "date", "ordinal")):
            at = re.search(r"^permalink\s*:", text, re.M).start()  # commented out: the lines keep their numbers
            text = text[:at] + "# " + text[at:]
            report.skipped.append(f"{rel}:{text.count(chr(10), 0, at) + 1}: permalink '{permalink}' is a Jekyll "
                                  f"pattern: dropped, the note is served at its path")
    elif not problems and not titled and not re.search(r"^#{1,6}\s|^\S.*\n(=+|-+)[ \t]*$", text, re.M):
        report.skipped.append(f"{rel}: no front matter and no heading; the file name is its title")
    report_kramdown(text, rel, report.skipped)
    return _comment_liquid(text, rel, report)


def _comment_liquid(text: str, rel: str, report: ImportReport, first_line: int = 1) -> str:
    return convert_liquid(text, rel, report.skipped, first_line)


def _open(src: Path, dest: Path) -> tuple[dict, Path]:
    """The Jekyll site's _config.yml, read; refusals as BuildFailed."""
    config_file = next((src / n for n in ("_config.yml", "_config.yaml") if (src / n).is_file()), None)
    if config_file is None:
        raise BuildFailed([error("import", str(src), 0, "not a Jekyll site: no _config.yml")])
    refused = refusal(config_file, src)
    if refused:
        raise BuildFailed([error("import", str(config_file), 0, refused)])
    if dest.resolve() == src or src in dest.resolve().parents:
        raise BuildFailed([error("import", str(dest), 0, "DEST must be outside SRC: the Jekyll site is never written to")])
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BuildFailed([error("import", str(dest), 0, "DEST exists and is not empty")])
    try:
        text, problems = decode(config_file.read_bytes(), str(config_file))
        if text is None:
            raise BuildFailed(problems)
        config = yaml.safe_load(text) or {}
    except OSError as exc:
        raise BuildFailed([error("read", str(config_file), 0, f"cannot read: {exc.strerror or exc}")])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BuildFailed([error("yaml", str(config_file), mark.line + 1 if mark else 0, f"invalid YAML: {exc}")])
    return (config if isinstance(config, dict) else {}), config_file


@dataclass
class _Found:
    """The Jekyll site's files sorted by what they become."""

    notes: dict[str, str] = field(default_factory=dict)  # rel -> text
    captions: list[tuple[str, Path]] = field(default_factory=list)  # (rel, file to read)
    pages: dict[str, str] = field(default_factory=dict)  # rel -> text of a page that may list notes
    liquid: list[str] = field(default_factory=list)  # HTML pages with front matter (not converted)


def _sort(src: Path, dest: Path, files: list[Path], lang: str, source_lang: str, report: ImportReport,
          writes: dict) -> _Found:
    found = _Found()
    for file in files:
        rel = file.relative_to(src).as_posix()
        real = Path(os.path.realpath(file))  # a link's target, checked by _walk: read from it, not through the link
        try:
            with open(real, "rb") as opened:  # an unreadable file is reported, not a traceback
                data = opened.read() if file.suffix in (".md", ".markdown", ".html", ".scss", ".sass", ".xml") else b""
        except OSError as exc:
            report.skipped.append(f"{rel}: cannot read ({exc.strerror or exc}): not imported")
            continue
        if file.suffix.lower() in CAPTION_SUFFIXES:
            found.captions.append((rel, real))
        elif file.suffix in (".md", ".markdown"):
            text, problems = decode(data, rel)
            if text is None:
                report.skipped.append(f"{rel}:{problems[0].line}: {problems[0].message}: not imported")
            elif file.stem.lower() == "glossary" and file.parent == src:
                _glossary(text, rel, lang, source_lang, report, writes, dest)
            else:
                found.notes[rel] = text
                if is_index_candidate(rel, text):
                    found.pages[rel] = text
        elif file.suffix == ".html" and is_index_candidate(rel, text := data.decode("utf-8", errors="replace")):
            found.pages[rel] = text
            if text.startswith("---"):
                found.liquid.append(rel)
            else:
                writes[dest / "static" / rel] = real
                report.statics.append(rel)
        elif file.suffix in (".html", ".scss", ".sass", ".xml") and data.startswith(b"---"):
            found.liquid.append(rel)
        else:
            writes[dest / "static" / rel] = real
            report.statics.append(rel)
    return found


def _glossary(text: str, rel: str, lang: str, source_lang: str, report: ImportReport, writes: dict, dest: Path) -> None:
    terms, notes = parse_glossary_table(text, source_lang, lang)
    if lang == source_lang:
        report.skipped.append(f"{rel}: a glossary needs --lang different from the source language '{source_lang}'")
    elif terms:
        writes[dest / "glossary.yaml"] = glossary_yaml(terms).encode()
        report.glossary_terms = len(terms)
    report.skipped.extend(f"{rel}: {note}" for note in notes)


def _homes(config: dict, lang: str, intros: dict, report: ImportReport, writes: dict) -> None:
    """A course index (`layout: home`) for the site's language when it has no index.md, and for
    every language whose old index had an introduction, which it keeps."""
    title = yaml.safe_dump(str(config.get("title") or "Course notes"), allow_unicode=True).splitlines()[0]
    for code in [lang, *sorted(set(intros) - {lang})]:
        if f"{code}/index.md" in report.notes:
            continue
        rel, (line, intro) = intros.get(code, ("", (0, "")))
        text = f"---\ntitle: {title}\nlayout: home\n---\n" + (f"\n{_comment_liquid(intro, rel, report, line)}\n" if intro else "")
        writes[report.dest / "content" / code / "index.md"] = text.encode()
        report.skipped.append(f"{'' if code == lang else f'content/{code}/'}index.md: generated as the course index "
                              f"(layout: home lists every note)" + (f", introduced by the text before {rel}'s listing"
                                                                      if intro else ""))


def import_jekyll(src: Path, dest: Path, lang: str = "en", source_lang: str = "en",
                  install: str | None = None) -> ImportReport:
    install = install_spec(install)  # before anything is written: a bad --install writes nothing
    src, dest = src.resolve(), dest.absolute()
    config, _ = _open(src, dest)
    report = ImportReport(src, dest)
    excluded = [str(p).strip("/") for p in config.get("exclude", []) if isinstance(p, str)]
    writes: dict[Path, bytes | Path] = {}
    found = _sort(src, dest, walk(src, report, excluded), lang, source_lang, report, writes)
    notes = place_notes(found.notes, lang, source_lang, report.variants, report.skipped)
    site = SiteUrl(str(config.get("url") or "").rstrip("/"), str(config.get("baseurl") or "").rstrip("/"))
    structure, used = read_structure(found.pages, notes, lang, source_lang, site)
    report.index, report.index_pages = structure.report, used
    report.skipped.extend(structure.dropped)
    report.skipped.extend(f"{rel}: a Liquid page or stylesheet (front matter + Liquid) is not converted"
                          for rel in found.liquid if rel not in used)
    for rel in used:
        if rel.endswith(".html") and (is_home(rel) or rel in found.liquid):  # replaced: not published as it was
            report.statics = [s for s in report.statics if s != rel]
            writes.pop(dest / "static" / rel, None)
        why = ("; the generated course index replaces the page" if is_home(rel) else
               "; the page (front matter + Liquid) is not converted" if rel in found.liquid else "")
        report.skipped.append(f"{rel}: read for the course structure{why}")
    for note in notes:
        if note.rel in used and note.key == "index":
            continue  # the course index, replaced by the generated home that lists every note
        text = _convert_note(note.text, note.rel, report, "title" in structure.values.get(note.out, {}))
        if note.out in structure.values:
            text = set_front_matter(text, structure.values[note.out], note.rel)
        writes[dest / "content" / note.out] = text.encode()
        report.notes.append(note.out)
    languages = {note.lang for note in notes} | import_captions(found.captions, lang, source_lang, dest, writes, report)
    writes[dest / "site.yaml"] = _site_yaml(config, lang, report, source_lang, languages, structure.modules).encode()
    _homes(config, lang, structure.intros, report, writes)
    for path, content in writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_bytes(content)
    report.baseline = finish_site(dest, install)
    return report
