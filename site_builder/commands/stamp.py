"""`site-builder status --stamp FILE...`: write `source_hash:` (of its source note's current text)
into each translation's front matter. Only what a stamp needs is done, once for all the files:
the site's notes are listed and their front matter read (to pair a translation with its source,
`translation_of:` included), each source is hashed once; nothing is rendered. Every file is
stamped that can be; each one that cannot is a problem of its own, and the others still are."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.frontmatter import Document, read_document
from ..content.setkey import set_key
from ..content.sources import Source, discover
from ..core.config import load_config
from ..core.files import rewrite_file
from ..core.problems import Problem, error
from ..site.pages import pair_key, site_rel
from ..translation.hashes import source_hash


@dataclass(frozen=True, kw_only=True)
class Stamped:
    """The outcome for one file: its hash, or why it could not be stamped."""

    file: str  # as given on the command line
    source_hash: str = ""
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, kw_only=True)
class _Sources:
    """The site's source-language notes by translation key, read once for all the files."""

    site_dir: Path
    source_lang: str
    notes: dict[Path, Source]  # every note of the site, by resolved file
    by_key: dict[str, Document]
    unreadable: dict[str, Problem]  # source notes whose front matter is in error, by key


def _sources(site_dir: Path) -> _Sources:
    config = load_config(site_dir)
    found = discover(config)
    by_key, unreadable = {}, {}
    for source in found.pages:
        if source.lang != config.source_language:
            continue
        doc, problems = read_document(source, site_rel(source))
        if doc is None:
            unreadable[source.key] = next((p for p in problems if p.severity == "error"), problems[0])
        elif not doc.meta.get("draft", False):  # as the build: a draft is no source
            by_key[pair_key(doc)] = doc
    return _Sources(site_dir=site_dir, source_lang=config.source_language, notes={s.file.resolve(): s for s in found.pages},
                    by_key=by_key, unreadable=unreadable)


def _stamp_one(file: Path, shown: str, sources: _Sources, hashes: dict[str, str]) -> Stamped:
    def failed(line: int, message: str) -> Stamped:
        return Stamped(file=shown, problems=(error("stamp", shown, line, message),))

    note = sources.notes.get((file if file.is_absolute() else Path.cwd() / file).resolve())
    if note is None:
        return failed(0, "not a note of this site (a .md file under content/<lang>/)")
    if note.lang == sources.source_lang:
        return failed(0, f"a note in the source language ({sources.source_lang}): only translations are stamped")
    doc, problems = read_document(note, shown)
    if doc is None:
        return Stamped(file=shown, problems=tuple(p for p in problems if p.severity == "error"))
    key = pair_key(doc)
    source = sources.by_key.get(key)
    if source is None:
        if key in sources.unreadable:
            return failed(0, f"its source cannot be read: {sources.unreadable[key]}")
        return failed(doc.line_of("translation_of") if "translation_of" in doc.meta else 0,
                      f"no source note content/{sources.source_lang}/{key}.md (or set translation_of: to its key)")
    value = hashes.get(source.source.rel) or hashes.setdefault(source.source.rel, source_hash(source.text))
    refused: list[Problem] = []

    def change(data: bytes) -> bytes:
        stamped, problems = set_key(data, "source_hash", value, shown)
        refused.extend(problems)
        return data if stamped is None else stamped

    try:
        rewrite_file(note.file, sources.site_dir, change)
    except OSError as exc:
        return failed(0, f"cannot write: {exc.strerror or exc}")
    if refused:
        return Stamped(file=shown, problems=tuple(refused))
    return Stamped(file=shown, source_hash=value)


def stamp(site_dir: Path, files: list[Path]) -> list[Stamped]:
    """Stamp each of `files` (translations in the site at `site_dir`), in order."""
    sources = _sources(site_dir)
    hashes: dict[str, str] = {}
    return [_stamp_one(file, str(file), sources, hashes) for file in files]
