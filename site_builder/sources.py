"""Discover the site's input files: notes and their files under content/<lang>/, and static/."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .captions import caption_name
from .config import Config
from .problems import BuildFailed, Problem, error


@dataclass(frozen=True)
class Source:
    """A file under content/. `rel` is POSIX, relative to content/ (e.g. `ko/optimization-1.md`)."""

    file: Path
    rel: str
    lang: str

    @property
    def is_page(self) -> bool:
        return self.rel.endswith(".md")

    @cached_property
    def key(self) -> str:
        """Translation key shared by all translations of a note: `ko/a/b.md` -> `a/b`."""
        return self.rel.split("/", 1)[1].removesuffix(".md")


@dataclass(frozen=True)
class StaticFile:
    """A file under static/, copied verbatim to `path` at the output root."""

    file: Path
    path: str


@dataclass(frozen=True)
class Discovery:
    pages: tuple[Source, ...]
    assets: tuple[Source, ...]  # other files under content/<lang>/
    statics: tuple[StaticFile, ...]
    captions: tuple[Source, ...] = ()  # caption files (.srt, .vtt, language-tagged .txt): lectures; assets too


Listing = dict  # folder -> (its stat signature, its entries): what a long-running caller keeps between walks


def _entries(folder: str, listing: Listing | None) -> list[tuple[str, bool, Path]]:
    """(name, is a folder, path) of what `folder` holds, hidden names left out. A folder whose mtime,
    ctime and inode did not change holds the same names (creating, deleting or renaming an entry
    changes them; ctime even when a tool restores the mtime), so a rebuild lists only the folders
    that changed."""
    stat = os.stat(folder)
    signature = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    known = listing.get(folder) if listing is not None else None
    if known is not None and known[0] == signature:
        return known[1]
    with os.scandir(folder) as found:
        entries = [(e.name, e.is_dir(), Path(e.path)) for e in found if not e.name.startswith(".")]
    if listing is not None:
        listing[folder] = (signature, entries)
    return entries


def _walk(root: Path, listing: Listing | None = None) -> list[tuple[Path, str]]:
    """(file, path relative to root) of all regular files under root, sorted, skipping hidden ones."""
    found = []

    def visit(folder: str, prefix: str) -> None:
        try:
            entries = _entries(folder, listing)
        except OSError:  # gone while we walked (a rename during a preview): as os.walk, skip it
            return
        for name, is_dir, path in entries:
            if is_dir:
                visit(os.path.join(folder, name), prefix + name + "/")
            else:
                found.append((path, prefix + name))

    visit(str(root), "")
    return sorted(found, key=lambda item: item[1])


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(rel.split("/", 1)[-1], p) for p in patterns)


def discover(config: Config, listing: Listing | None = None) -> Discovery:
    """Every input file. `listing` (kept by a long-running caller) spares listing unchanged folders."""
    content = config.content_dir
    problems: list[Problem] = []
    if not content.is_dir():
        raise BuildFailed([error("content", "content", 0, "no content/ folder: notes go in content/<lang>/")])
    pages: list[Source] = []
    assets: list[Source] = []
    captions: list[Source] = []
    for entry in sorted(content.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir():
            problems.append(error("content", f"content/{entry.name}", 0,
                                  "files belong in a language folder, content/<lang>/"))
            continue
        if entry.name not in config.languages:
            problems.append(error("content", f"content/{entry.name}", 0,
                                  f"folder '{entry.name}' is not a configured language "
                                  f"(languages in site.yaml: {', '.join(config.languages)})"))
            continue
        for file, inner in _walk(entry, listing):
            rel = f"{entry.name}/{inner}"
            if _excluded(rel, config.exclude):
                continue
            source = Source(file, rel, entry.name)
            (pages if rel.endswith(".md") else assets).append(source)
            if caption_name(inner, config.languages):
                captions.append(source)  # also published as it is: notes may link to the file
    statics: list[StaticFile] = []
    static = config.site_dir / "static"
    if static.is_dir():
        for file, rel in _walk(static, listing):
            if not _excluded(rel, config.exclude):
                statics.append(StaticFile(file, "/" + rel))
    if problems:
        raise BuildFailed(problems)
    return Discovery(tuple(pages), tuple(assets), tuple(statics), tuple(captions))
