"""Memoised rendering: a note's `Rendered` is a pure function of its text, its path, the config and
the route table, so it is kept under a hash of exactly those and reused across rebuilds."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
import zlib
from pathlib import Path
from typing import Iterable, Mapping

from markdown_it import MarkdownIt

from .. import __version__
from ..core.config import Config
from ..content.frontmatter import Document, parse_document
from ..markdown.render import Rendered
from ..core.problems import Problem
from ..content.sources import Source
from ..markdown.mathrender import MathRenderer
from ..site.notes import note_markdown


def fingerprint(config: Config, routes: Mapping[str, str], glossary: str = "") -> str:
    """Everything besides a note's own text that its rendering depends on."""
    h = hashlib.sha256(f"{__version__}\0{glossary}".encode())
    h.update(repr(dataclasses.replace(config, site_dir=Path("."))).encode())
    for rel in sorted(routes):
        h.update(f"\0{rel}\0{routes[rel]}".encode())
    return h.hexdigest()


def file_signature(path: Path) -> tuple[int, ...] | None:
    """What changes whenever a file's content may have: size, mtime, ctime (which tools restoring an
    mtime, cp -p, rsync -t or tar, cannot set back) and inode. None: no such file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino


def _mtime(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mtime_ns
    except OSError:
        return None


class RenderCache:
    """Rendered notes by key, plus the Markdown parser and math renderer that outlive one build.
    `pages_in_memory`: also keep the pages' template output (the preview server's rebuilds)."""

    def __init__(self, pages_in_memory: bool = False) -> None:
        self.math = MathRenderer()
        self.md: MarkdownIt = note_markdown(self.math)
        self.rendered: dict[str, Rendered] = {}
        self.documents: dict[tuple[str, str], tuple] = {}  # (site_rel, bytes hash) -> parse_document result
        self.templates: dict = {}  # the Jinja environment and shared context, see templates.Renderer
        self.pages_in_memory = pages_in_memory
        self.html: dict[str, bytes] = {}  # page template output (zlib of UTF-8) by templates.Renderer.page_key
        # The output dir of the last build; for its files and for those of the spare (the output
        # before, see writer.Staging), out -> (digest, signature) of the file left there; and for
        # the folders of both, folder -> mtime (any entry added or removed since changes it).
        self.outputs: tuple[str, dict, dict, dict, dict] = ("", {}, {}, {}, {})
        self.memos: dict[tuple, object] = {}  # caption files and lectures, see memo()
        self.listing: dict = {}  # folders of the site as last listed, see sources.discover
        self.hits = 0
        self.misses = 0
        self._used: set = set()  # keys touched by the current build, for `retain`
        self._text_hash: dict[str, str] = {}  # site_rel -> hash of the bytes `document()` read
        self._stats: dict[str, tuple[tuple[int, ...], tuple[str, str]]] = {}  # site_rel -> (stat, documents key)

    def unchanged(self, source: Source, site_rel: str) -> tuple[Document | None, list[Problem]] | None:
        """The note as `document()` last gave it, when its file's size, mtime, ctime and inode are what
        they were then: a rebuild need not read and hash every note again. None: read it."""
        signature = file_signature(source.file)
        if signature is None:
            return None
        known = self._stats.get(site_rel)
        if known is None or known[0] != signature or known[1] not in self.documents:
            self._stats[site_rel] = (signature, ("", ""))  # document() fills in the key
            return None
        key = known[1]
        doc, problems = self.documents[key]
        if doc is not None and doc.source != source:
            return None
        self._text_hash[site_rel] = key[1]
        self._used.add(key)
        return doc, list(problems)

    def document(self, source: Source, site_rel: str, data: bytes) -> tuple[Document | None, list[Problem]]:
        key = (site_rel, hashlib.blake2b(data, digest_size=16).hexdigest())
        if site_rel in self._stats:
            self._stats[site_rel] = (self._stats[site_rel][0], key)
        self._text_hash[site_rel] = key[1]
        found = self.documents.get(key)
        if found is None or found[0] is not None and found[0].source != source:
            found = self.documents[key] = parse_document(source, site_rel, data)
        self._used.add(key)
        doc, problems = found
        return doc, list(problems)

    def key(self, site_rel: str, context: str) -> str:
        """The render key of a note read by `document()` in this build."""
        return hashlib.blake2b(f"{context}\0{site_rel}\0{self._text_hash[site_rel]}".encode(), digest_size=16).hexdigest()

    def get(self, key: str) -> Rendered | None:
        self._used.add(key)
        found = self.rendered.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, rendered: Rendered) -> None:
        self.rendered[key] = rendered

    def has_page(self, key: str) -> bool:
        self._used.add(key)
        return key in self.html

    def page_bytes(self, key: str) -> bytes:
        return zlib.decompress(self.html[key])

    def page_html(self, key: str, render) -> tuple[bytes | None, object]:
        """A page's template output as UTF-8, memoised by `key` when pages are kept in memory;
        `render()` returns (html, problem)."""
        self._used.add(key)
        packed = self.html.get(key)
        if packed is not None:
            return zlib.decompress(packed), None
        html, problem = render()
        if html is None:
            return None, problem
        data = html.encode()
        if self.pages_in_memory:
            self.html[key] = zlib.compress(data, 1)
        return data, problem

    def kept_output(self, out_dir: Path, out: str, digest: str) -> bool:
        """Whether `out` in `out_dir` still holds what the last build wrote there for `digest`: the
        same digest, and the file not touched since (the output is the page cache of command-line
        builds)."""
        return self._holds(out_dir, self.outputs[1], out_dir / out, out, digest)

    def spare_holds(self, out_dir: Path, staging: Path, out: str, digest: str) -> bool:
        """The same for the spare of `out_dir`, now the staging dir `staging`: a file already right
        there is neither read nor written again."""
        return self._holds(out_dir, self.outputs[2], staging / out, out, digest)

    def _holds(self, out_dir: Path, record: dict, file: Path, out: str, digest: str) -> bool:
        known = record.get(out)
        return (known is not None and known[0] == digest and self.outputs[0] == str(out_dir)
                and known[1] == file_signature(file))

    def record_outputs(self, out_dir: Path, digests: Mapping[str, str], folders: Iterable[str]) -> None:
        """After a build into `out_dir`: the digest of each file it left there, and its `folders`
        (relative, "" for `out_dir` itself). The output it replaced is the spare now, files, folders
        and stats unchanged."""
        before, files, _, known_folders, _ = self.outputs
        spare, spare_folders = (files, known_folders) if before == str(out_dir) else ({}, {})
        current = {out: (digest, signature) for out, digest in digests.items()
                   if (signature := file_signature(out_dir / out)) is not None}
        mtimes = {rel: mtime for rel in folders if (mtime := _mtime(out_dir / rel)) is not None}
        self.outputs = (str(out_dir), current, spare, mtimes, spare_folders)

    def spare_listing(self, out_dir: Path, staging: Path) -> tuple[list[str], list[str]] | None:
        """The files and folders the spare of `out_dir` (now the staging dir `staging`) holds, when
        none of its folders changed since it was recorded: the staging dir need not be walked to
        find what to prune. None: walk it."""
        folders = self.outputs[4]
        if self.outputs[0] != str(out_dir) or "" not in folders:
            return None
        if any(_mtime(staging / rel) != mtime for rel, mtime in folders.items()):
            return None
        return list(self.outputs[2]), [rel for rel in folders if rel]

    def memo(self, key: tuple, make):
        """The result of `make()`, a pure function of `key` (caption files read, lectures laid out),
        kept across rebuilds: an edited note does not re-read every lecture."""
        self._used.add(key)
        if key not in self.memos:
            self.memos[key] = make()
        return self.memos[key]

    def retain(self) -> None:
        """After a build: forget what it did not use (deleted notes, old versions of edited ones)."""
        used, self._used = self._used, set()
        self.rendered = {k: v for k, v in self.rendered.items() if k in used}
        self.documents = {k: v for k, v in self.documents.items() if k in used}
        self.html = {k: v for k, v in self.html.items() if k in used}
        self.memos = {k: v for k, v in self.memos.items() if k in used}


CACHE_DIR = ".cache/site_builder"
CACHE_FILE = "render-cache.pickle"
_FORMAT = 5  # 5: a Rendered's glossary and translation results are in its `features`


@functools.cache  # reads and hashes the package's files: once per process, not per load and save
def _stamp() -> dict:
    """What must match for a stored cache to be trusted: anything that changes rendered bytes."""
    import sys

    import jinja2
    import markdown_it
    import mdit_py_plugins
    import pygments
    import yaml

    from ..core.config import KATEX_VERSION

    code = hashlib.blake2b(digest_size=8)  # the generator's own code: a development checkout changes it
    for file in sorted(Path(__file__).resolve().parents[1].rglob("*.py")):
        code.update(file.read_bytes())
    # and the libraries whose output ends up in pages (an upgrade can change what they make); not
    # latex2mathml, which only renders what KaTeX rejects, and whose import would cost every build 9 ms
    libraries = {m.__name__: getattr(m, "__version__", "") for m in (markdown_it, mdit_py_plugins, pygments, jinja2,
                                                                      yaml)}
    return {"format": _FORMAT, "site_builder": __version__, "code": code.hexdigest(),
            "python": list(sys.version_info[:2]), "katex": KATEX_VERSION, "libraries": libraries}


def load_cache(site_dir: Path) -> tuple[RenderCache, list[Problem]]:
    """The cache stored by the last successful build, or an empty one. A cache that cannot be read
    or was written by another version is discarded with a warning, never trusted."""
    import pickle

    from ..core.problems import warning

    cache = RenderCache()
    path = site_dir / CACHE_DIR / CACHE_FILE
    where = f"{CACHE_DIR}/{CACHE_FILE}"
    if not path.is_file():
        if os.path.lexists(path):  # a folder, a link to one, a dangling link: not ours to delete
            return cache, [warning("cache", where, 0, "is not a file: the cache cannot be used; "
                                   "every note is rendered again (delete it to let the cache work)")]
        return cache, []
    try:
        with path.open("rb") as f:
            stamp = pickle.load(f)
            if stamp != _stamp():
                path.unlink(missing_ok=True)
                return cache, [warning("cache", where, 0, "written by another version of site_builder; discarded")]
            rendered, outputs = pickle.load(f), pickle.load(f)
        if not (isinstance(rendered, dict) and all(isinstance(v, Rendered) for v in rendered.values())
                and isinstance(outputs, tuple) and len(outputs) == 5 and isinstance(outputs[0], str)
                and all(isinstance(record, dict) and all(isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str)
                                                         for v in record.values()) for record in outputs[1:3])
                and all(isinstance(record, dict) and all(isinstance(v, int) for v in record.values())
                        for record in outputs[3:])):
            raise ValueError("unexpected content")
    except Exception as exc:  # truncated, corrupted, or not ours: rebuild from scratch
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return cache, [warning("cache", where, 0, f"could not be read ({type(exc).__name__}: {exc}); discarded")]
    cache.rendered, cache.outputs = rendered, outputs
    return cache, []


def save_cache(site_dir: Path, cache: RenderCache) -> list[Problem]:
    """Store the cache for the next build (atomically: a crash leaves the old one or none). Where it
    cannot be stored (its path is a folder, a file stands where its folder goes, the disk is full…),
    a warning: the build itself succeeded."""
    import pickle
    import tempfile

    from ..core.problems import warning

    folder = site_dir / CACHE_DIR
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        with os.fdopen(fd, "wb") as f:
            for part in (_stamp(), cache.rendered, cache.outputs):
                pickle.dump(part, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / CACHE_FILE)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return [warning("cache", f"{CACHE_DIR}/{CACHE_FILE}", 0, f"could not be stored ({exc.strerror or exc}): "
                        "the next build renders every note again")]
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise
    return []
