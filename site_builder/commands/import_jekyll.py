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
from .jekyll_glossary import glossary_yaml, parse_glossary_table
from ..core.problems import BuildFailed, error
from .import_baseline import finish_site
from .install import install_spec

# Jekyll settings that are about Jekyll itself, not the site's content.
_JEKYLL_KEYS = {"markdown", "permalink", "highlighter", "kramdown", "plugins", "gems", "exclude", "include",
                "keep_files", "theme", "remote_theme", "sass", "collections", "defaults", "paginate",
                "paginate_path", "timezone", "encoding", "source", "destination", "safe", "lsi", "future",
                "incremental", "livereload", "port", "host", "show_drafts", "limit_posts", "baseurl", "url",
                "title", "description", "liquid", "whitelist", "excerpt_separator"}
_SKIP_FILES = {"Gemfile", "Gemfile.lock", "_config.yml", "_config.yaml", "CNAME", "package.json",
               "package-lock.json", "Rakefile"}
_SKIP_DIRS = {"node_modules", "vendor", ".git", ".github", ".bundle", ".jekyll-cache", ".sass-cache"}
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+).*?-?%\}")
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

    def text(self) -> str:
        lines = [f"imported {self.src} into {self.dest}:",
                 f"  {len(self.notes)} notes into content/, {len(self.statics)} files into static/",
                 f"  site.yaml with {len(self.params)} custom keys" + (f" ({', '.join(self.params)})" if self.params else "")]
        if self.glossary_terms:
            lines.append(f"  glossary.yaml with {self.glossary_terms} terms")
        if self.baseline:
            lines.append(f"  {self.baseline}")
        if self.skipped:
            lines.append(f"not converted ({len(self.skipped)}):")
            lines.extend(f"  {item}" for item in sorted(self.skipped))
        return "\n".join(lines)


def _skipped(rel: str, name: str, folder: bool, excluded: list[str]) -> str | None:
    """Why a file or folder of the Jekyll site is not imported: a message to report, "" to pass
    it over silently (hidden, build output), None to import it."""
    if name.startswith(".") or name in (_SKIP_DIRS if folder else _SKIP_FILES):
        return ""
    shown = rel + "/" if folder else rel
    if rel in excluded:
        return f"{shown}: excluded by _config.yml"
    if name.startswith("_"):
        return (f"{shown}: Jekyll {name.lstrip('_')} are not converted (the theme's templates are used)" if folder
                else f"{shown}: Jekyll-internal file not imported")
    return None


def _refusal(path: Path, src: Path) -> str:
    """Why the Jekyll site's entry `path` is not imported ("" when it may be). A stranger's
    repository may hold `assets/x -> /etc/passwd` or a link into its own .git/ (whose config can
    carry the token it was cloned with): a symbolic link is followed only to a regular file inside
    SRC, outside hidden and skipped folders; the file it leads to is copied under the link's name.
    A link to a folder is not followed: what it leads to is imported where it is. A FIFO would block
    the import for ever on read: only regular files are read."""
    if path.is_symlink():
        target = os.readlink(path)
        real = os.path.realpath(path)
        if not os.path.exists(real):
            return f"symbolic link to {target!r}, which does not exist: nothing copied"
        if real != str(src) and not real.startswith(str(src) + os.sep):
            return f"symbolic link to {target!r}, which leads outside the Jekyll site: not followed, nothing copied"
        inner = real[len(str(src)) + 1:].split(os.sep)
        if any(part.startswith(".") or part in _SKIP_DIRS for part in inner):
            return f"symbolic link to {target!r}, which leads into a hidden folder of the Jekyll site: nothing copied"
        if os.path.isdir(real):
            return f"symbolic link to the folder {target!r}: not followed (what it leads to is imported where it is)"
    if not path.is_dir() and not path.is_file():
        return "not a regular file: nothing copied"
    return ""


def _walk(src: Path, report: ImportReport, excluded: list[str]) -> list[Path]:
    """The files to import, each checked by _refusal: a path that is a link leads to a regular file in SRC."""
    files = []
    for dirpath, dirnames, filenames in os.walk(src):
        here = Path(dirpath)
        keep = []
        for names, folder in ((sorted(dirnames), True), (sorted(filenames), False)):
            for name in names:
                rel = (here / name).relative_to(src).as_posix()
                why = _skipped(rel, name, folder, excluded)
                if why is None:
                    refused = _refusal(here / name, src)
                    if not refused:
                        if folder:
                            keep.append(name)
                        else:
                            files.append(here / name)
                        continue
                    why = f"{rel}: {refused}"
                if why:
                    report.skipped.append(why)
        dirnames[:] = keep
    return files


def _site_yaml(config: dict, lang: str, report: ImportReport, source_lang: str = "en") -> str:
    site = {"title": str(config.get("title") or "Course notes")}
    for key in ("description", "url", "baseurl"):
        if isinstance(config.get(key), (str, int, float)):
            site[key] = str(config[key])
    site["language"] = lang
    site["languages"] = {lang: _LANG_NAMES.get(lang, lang)}
    if lang != source_lang:
        site["source_language"] = source_lang
    params = {}
    for key, value in config.items():
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


def _convert_note(text: str, rel: str, report: ImportReport) -> str:
    """Front matter kept (layouts the theme lacks become `page`); Liquid tags commented out and reported."""
    fm, body_line, problems = split_front_matter(text, rel)
    if fm is not None:
        meta = yaml.safe_load(fm) or {}
        layout = meta.get("layout") if isinstance(meta, dict) else None
        if layout and layout not in _THEME_LAYOUTS:
            text = re.sub(r"^layout:.*$", "layout: page", text, count=1, flags=re.M)
            report.skipped.append(f"{rel}: layout '{layout}' has no template here; 'page' is used")
    elif not problems and not re.search(r"^#{1,6}\s|^\S.*\n(=+|-+)[ \t]*$", text, re.M):
        report.skipped.append(f"{rel}: no front matter and no heading; the file name is its title")

    def comment(m: re.Match) -> str:
        line = text.count("\n", 0, m.start()) + 1
        report.skipped.append(f"{rel}:{line}: Liquid tag {m.group(0)} not converted (left as an HTML comment)")
        return f"<!-- {m.group(0)} -->"

    return _LIQUID_TAG.sub(comment, text)


def import_jekyll(src: Path, dest: Path, lang: str = "en", source_lang: str = "en", install: str | None = None) -> ImportReport:
    install = install_spec(install)  # before anything is written: a bad --install writes nothing
    src, dest = src.resolve(), dest.absolute()
    config_file = next((src / n for n in ("_config.yml", "_config.yaml") if (src / n).is_file()), None)
    if config_file is None:
        raise BuildFailed([error("import", str(src), 0, "not a Jekyll site: no _config.yml")])
    refused = _refusal(config_file, src)
    if refused:
        raise BuildFailed([error("import", str(config_file), 0, refused)])
    if dest.resolve() == src or src in dest.resolve().parents:
        raise BuildFailed([error("import", str(dest), 0, "DEST must be outside SRC: the Jekyll site is never written to")])
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BuildFailed([error("import", str(dest), 0, "DEST exists and is not empty")])
    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BuildFailed([error("yaml", str(config_file), mark.line + 1 if mark else 0, f"invalid YAML: {exc}")])
    report = ImportReport(src, dest)
    excluded = [str(p).strip("/") for p in config.get("exclude", []) if isinstance(p, str)]
    writes: dict[Path, bytes | Path] = {dest / "site.yaml": _site_yaml(config, lang, report, source_lang).encode()}
    has_home = False
    for file in _walk(src, report, excluded):
        rel = file.relative_to(src).as_posix()
        real = Path(os.path.realpath(file))  # a link's target, checked by _walk: read from it, not through the link
        if file.suffix in (".md", ".markdown"):
            text, problems = decode(real.read_bytes(), rel)
            if text is None:
                report.skipped.append(f"{rel}: {problems[0].message}")
                continue
            if file.stem.lower() == "glossary" and file.parent == src:
                terms, notes = parse_glossary_table(text, source_lang, lang)
                if lang == source_lang:
                    report.skipped.append(f"{rel}: a glossary needs --lang different from the source language '{source_lang}'")
                elif terms:
                    writes[dest / "glossary.yaml"] = glossary_yaml(terms).encode()
                    report.glossary_terms = len(terms)
                report.skipped.extend(f"{rel}: {note}" for note in notes)
                continue
            out = re.sub(r"\.markdown$", ".md", rel)
            has_home = has_home or out == "index.md"
            writes[dest / "content" / lang / out] = _convert_note(text, rel, report).encode()
            report.notes.append(out)
        elif file.suffix in (".html", ".scss", ".sass", ".xml") and real.read_bytes().startswith(b"---"):
            report.skipped.append(f"{rel}: a Liquid page or stylesheet (front matter + Liquid) is not converted")
        else:
            writes[dest / "static" / rel] = real
            report.statics.append(rel)
    if not has_home:
        title = str(config.get("title") or "Course notes")
        writes[dest / "content" / lang / "index.md"] = f"---\ntitle: {yaml.safe_dump(title, allow_unicode=True).splitlines()[0]}\nlayout: home\n---\n".encode()
        report.skipped.append("index.md: generated as the course index (layout: home lists every note)")
    for path, content in writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_bytes(content)
    report.baseline = finish_site(dest, install)
    return report
