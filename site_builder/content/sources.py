"""Discover the site's input files: notes and their files under content/<lang>/, and static/."""

from __future__ import annotations

import fnmatch
import os
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from .naming import caption_name
from ..core.config import Config
from ..core.problems import BuildFailed, Problem, error, warning
from .theme import THEME_DIR, bundled_statics


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
    """A file under static/ (the site's, else the bundled theme's), copied verbatim to `path` at the
    output root."""

    file: Path
    path: str


@dataclass(frozen=True)
class Discovery:
    pages: tuple[Source, ...]
    assets: tuple[Source, ...]  # other files under content/<lang>/
    statics: tuple[StaticFile, ...]
    captions: tuple[Source, ...] = ()  # caption files (.srt, .vtt, language-tagged .txt): lectures; assets too
    problems: tuple[Problem, ...] = ()  # symbolic links refused (see Places)


class Entry(NamedTuple):
    name: str
    is_dir: bool
    path: Path
    is_link: bool
    is_file: bool


@dataclass(frozen=True)
class Folder:
    """A folder as last listed: its stat signature (mtime, ctime, inode) and what it held."""

    signature: tuple[int, int, int]
    entries: list[Entry]


class Listing:
    """The folders of the site as last listed: what a long-running caller keeps between walks."""

    def __init__(self) -> None:
        self.folders: dict[str, Folder] = {}
        self._used: set[str] = set()

    def known(self, folder: str, signature: tuple[int, int, int]) -> list[Entry] | None:
        self._used.add(folder)
        found = self.folders.get(folder)
        return found.entries if found is not None and found.signature == signature else None

    def record(self, folder: str, signature: tuple[int, int, int], entries: list[Entry]) -> None:
        self._used.add(folder)
        self.folders[folder] = Folder(signature, entries)

    def retain(self) -> None:
        """Forget the folders the last walk did not visit (deleted, renamed, excluded)."""
        used, self._used = self._used, set()
        self.folders = {k: v for k, v in self.folders.items() if k in used}


class Places:
    """Where a symbolic link may lead: into the site folder (the repository's `templates/` is a
    link into the bundled theme there), or into the bundled theme wherever it is installed. A link
    that leads elsewhere (/etc/passwd on the machine that builds a pull request) or nowhere is
    error[link], and nothing is read or published through it; so is one that leads into the output
    folder, or to a folder that holds it (each build would copy the output into itself)."""

    def __init__(self, site_dir: Path, outputs: tuple[Path, ...] = ()) -> None:
        self.roots = tuple(os.path.realpath(root) for root in (site_dir, THEME_DIR))
        # output folders inside the site (not a hidden one: those are refused anyway); one read
        # through a link would be copied into itself, growing with every build
        self.outputs = tuple(real for real in (os.path.realpath(out) for out in outputs)
                             if real.startswith(self.roots[0] + os.sep))

    def output(self, real: str) -> str:
        """"" unless the folder or file `real` is an output folder, in one, or holds one: then how."""
        for out in self.outputs:
            shown = os.path.relpath(out, self.roots[0])
            if real == out or real.startswith(out + os.sep):
                return f"into the output folder {shown}"
            if out.startswith(real + os.sep):
                return f"to a folder that holds the output folder {shown}"
        return ""

    def place(self, real: str) -> str:
        """"" when the real path `real` is in the site or the theme and not in a hidden folder there
        (.git holds the credentials CI checks out with; hidden names are never published); else
        where it is."""
        for root in self.roots:
            if real == root:
                return ""
            if real.startswith(root + os.sep):
                inner = real[len(root) + 1:]
                hidden = any(part.startswith(".") for part in inner.split(os.sep))
                return f"to {inner}, in a hidden folder of the site" if hidden else ""
        return "outside the site folder"

    def refusal(self, path: str) -> tuple[str, str]:
        """("", real path) for a link that may be followed, else (why not, "")."""
        target = os.readlink(path)
        real = os.path.realpath(path)
        if not os.path.exists(real):
            return f"symbolic link to {target!r}, which does not exist: nothing is published from it", ""
        where = self.place(real)
        if where.startswith("to "):
            return f"symbolic link to {target!r}, which leads {where}: nothing is published from it", ""
        if where:
            via = f"{real}" if real == target else f"{target!r}, which leads to {real}"
            return f"symbolic link to {via}, {where}: nothing is published from it", ""
        into = self.output(real)
        if into:
            return f"symbolic link to {target!r}, which leads {into}: nothing is published from it", ""
        return "", real


def _entries(folder: str, listing: Listing | None) -> list[Entry]:
    """What `folder` holds, hidden names left out (whether an entry is a link or a regular file
    costs no system call for an entry that is not a link).
    A folder whose mtime, ctime and inode did not change holds the same names (creating, deleting
    or renaming an entry changes them; ctime even when a tool restores the mtime), so a rebuild
    lists only the folders that changed. (Where a link leads is looked up on every walk: a link
    further along may have changed.)"""
    stat = os.stat(folder)
    signature = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    known = listing.known(folder, signature) if listing is not None else None
    if known is not None:
        return known
    with os.scandir(folder) as found:
        entries = [Entry(e.name, e.is_dir(), Path(e.path), e.is_symlink(), e.is_file())
                   for e in found if not e.name.startswith(".")]
    if listing is not None:
        listing.record(folder, signature, entries)
    return entries


_TWICE = "two files have this name, written with different Unicode forms (composed and decomposed): rename one"
_NOT_A_NOTE = "published as a file as it is, not as a page: a note's name ends in '.md' (lower case); rename it"
_NOT_UTF8_NAME = "the name is not valid UTF-8 (a name from another system's encoding): rename it; nothing is published from it"


def _utf8(name: str) -> bool:
    """Whether a name read from the disk is UTF-8 (Python keeps other bytes as lone surrogates)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") == name


def _shown(name: str) -> str:
    """A name that is not UTF-8, printable: its stray bytes as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _walk(root: Path, label: str, places: Places, problems: list[Problem], listing: Listing | None = None,
          skip=lambda rel: False) -> list[tuple[Path, str]]:
    """(file, path relative to root) of all regular files under root, sorted, skipping hidden ones
    and refusing links that lead out of the site (see Places), or to a folder that holds them.
    `label` names root in diagnostics (`content/en/`, `static/`); a refused link whose path
    relative to root `skip` says is excluded is left out silently. Only entries that the listing
    says are links are resolved: a tree without links costs no extra system call."""
    found: dict[str, Path] = {}

    def visit(folder: str, prefix: str, real: str, above: frozenset[str]) -> None:
        try:
            entries = _entries(folder, listing)
        except OSError:  # gone while we walked (a rename during a preview): as os.walk, skip it
            return
        for name, is_dir, path, is_link, is_file in entries:
            inner = ""
            if not _utf8(name):
                if not skip(prefix + name):
                    problems.append(error("file", f"{label}{prefix}{_shown(name)}", 0, _NOT_UTF8_NAME))
                continue
            if is_link:
                try:
                    why, inner = places.refusal(str(path))
                except OSError:  # gone meanwhile
                    continue
                if not why and is_dir and any(a == inner or a.startswith(inner + os.sep) for a in above):
                    why = "symbolic link to a folder that holds it: it would be walked forever"
                if why:
                    if not skip(prefix + name):
                        problems.append(error("link", f"{label}{prefix}{name}", 0, why))
                    continue
            if is_dir:
                # (never the output: build refuses `-o` in content/ or static/, and Places a link to or around it)
                inner = inner or real + os.sep + name
                visit(os.path.join(folder, name), prefix + name + "/", inner, above | {inner})
            elif not is_file:  # a FIFO would block the build for ever on read; a device, a socket
                if not skip(prefix + name):
                    problems.append(error("file", f"{label}{prefix}{name}", 0,
                                          "not a regular file: nothing is published from it"))
            else:
                # Read by its name as NFC: a name saved decomposed (as macOS may write Hangul) has the
                # URL and the links that the same name typed in a note give it.
                rel = unicodedata.normalize("NFC", prefix + name)
                if rel in found:
                    problems.append(error("file", f"{label}{rel}", 0, _TWICE))
                found[rel] = path

    top = os.path.realpath(root)
    visit(str(root), "", top, frozenset({top}))
    return sorted(((path, rel) for rel, path in found.items()), key=lambda item: item[1])


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(rel.split("/", 1)[-1], p) for p in patterns)


def _top_link(folder: Path, label: str, places: Places, problems: list[Problem]) -> bool:
    """Whether `folder` (content/, a language's folder, static/) may be read: not a link, or a link
    that stays in the site."""
    if not folder.is_symlink():
        return True
    why, _ = places.refusal(str(folder))
    if why:
        problems.append(error("link", label, 0, why))
    return not why


def discover(config: Config, listing: Listing | None = None, out_dir: Path | None = None) -> Discovery:
    """Every input file. `listing` (kept by a long-running caller) spares listing unchanged folders.
    Nothing is read from the output folder: the default one, nor `out_dir` (`build -o`)."""
    content = config.content_dir
    problems: list[Problem] = []
    refused: list[Problem] = []  # links refused, names not read as notes: reported with everything else
    places = Places(config.site_dir, (config.site_dir / "_site",) + ((out_dir,) if out_dir else ()))
    if not _top_link(content, "content", places, refused):
        raise BuildFailed(refused)
    if not content.is_dir():
        raise BuildFailed([error("content", "content", 0, "no content/ folder: notes go in content/<lang>/")])
    pages: list[Source] = []
    assets: list[Source] = []
    captions: list[Source] = []
    for entry in sorted(content.iterdir()):
        if entry.name.startswith("."):
            continue
        if not _top_link(entry, f"content/{_shown(entry.name)}", places, refused):
            continue
        if not entry.is_dir():
            problems.append(error("content", f"content/{_shown(entry.name)}", 0,
                                  "files belong in a language folder, content/<lang>/"))
            continue
        if entry.name not in config.languages:
            problems.append(error("content", f"content/{_shown(entry.name)}", 0,
                                  f"folder '{_shown(entry.name)}' is not a configured language "
                                  f"(languages in site.yaml: {', '.join(config.languages)})"))
            continue
        excluded = lambda inner, lang=entry.name: _excluded(f"{lang}/{inner}", config.exclude)  # noqa: E731
        for file, inner in _walk(entry, f"content/{entry.name}/", places, refused, listing, excluded):
            rel = f"{entry.name}/{inner}"
            if _excluded(rel, config.exclude):
                continue
            source = Source(file, rel, entry.name)
            (pages if rel.endswith(".md") else assets).append(source)
            if not rel.endswith(".md") and rel.lower().endswith((".md", ".markdown", ".mkd")):
                refused.append(warning("content", f"content/{rel}", 0, _NOT_A_NOTE))
            if caption_name(inner, config.languages):
                captions.append(source)  # also published as it is: notes may link to the file
    _top_link(config.site_dir / "templates", "templates", places, refused)  # read by the template loader
    statics: list[StaticFile] = []
    static = config.site_dir / "static"
    if _top_link(static, "static", places, refused) and static.is_dir():
        for file, rel in _walk(static, "static/", places, refused, listing, lambda rel: _excluded(rel, config.exclude)):
            if not _excluded(rel, config.exclude):
                statics.append(StaticFile(file, "/" + rel))
    own = {static.path for static in statics}  # a site's static/ overrides the theme's, file by file
    statics.extend(StaticFile(file, path) for path, file in bundled_statics(not config.math_css) if path not in own)
    if problems:
        raise BuildFailed(problems + refused)
    return Discovery(tuple(pages), tuple(assets), tuple(statics), tuple(captions), tuple(refused))
