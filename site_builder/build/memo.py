"""BuildMemos: every stage's memo in one record, and the persistent cache. A cold build starts from
fresh memos; the preview's Rebuilder keeps one BuildMemos for the session, and a warm command-line
build loads the rendered notes and output records of the last. The stages and their order are the
same in all three: only what the memos remember differs. Each stage is handed its own memos only."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..content.memo import DocumentMemo
from ..content.sources import Listing
from ..core.problems import Problem
from ..markdown.render import Rendered
from ..site.memo import LectureMemo, NoteMemo
from .output_records import FileRecord, OutputMemo, OutputRecords
from .render_memo import PageMemo, TemplateMemo
from ..search.index import SearchMemo


@dataclass(frozen=True, kw_only=True)
class BuildMemos:
    """What the stages remember between builds, by stage: `listing` (discover), `documents` and
    `notes` and `lectures` (load_site), `templates`, `pages`, `outputs` and `search` (render_outputs)."""

    listing: Listing = field(default_factory=Listing)
    documents: DocumentMemo = field(default_factory=DocumentMemo)
    notes: NoteMemo = field(default_factory=NoteMemo)
    lectures: LectureMemo = field(default_factory=LectureMemo)
    templates: TemplateMemo = field(default_factory=TemplateMemo)
    pages: PageMemo = field(default_factory=PageMemo)
    outputs: OutputMemo = field(default_factory=OutputMemo)
    search: SearchMemo = field(default_factory=SearchMemo)

    @classmethod
    def fresh(cls, keep_pages: bool = False) -> BuildMemos:
        """Empty memos; `keep_pages`: keep pages' template output and index documents in memory (the preview)."""
        return cls(pages=PageMemo(keep=keep_pages), search=SearchMemo(keep_documents=keep_pages))

    def retain(self) -> None:
        """After a build: each memo forgets what the build did not use (deleted notes, old versions
        of edited ones), so memory does not grow over a preview session."""
        for memo in (self.listing, self.documents, self.notes, self.lectures, self.templates, self.pages,
                     self.outputs, self.search):
            memo.retain()


CACHE_DIR = ".cache/site_builder"
CACHE_FILE = "render-cache.pickle"
_FORMAT = 10  # 10: the search bundles too; 9: toc entries carry their section's anchors; 8: rendered notes carry their Equations; 7: numbered math is NumberedMath records (6: output records are an OutputRecords of FileRecords)


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


def _well_formed(rendered, records) -> bool:
    """Whether what was unpickled has the shapes the stages expect."""
    def files(record) -> bool:
        return isinstance(record, dict) and all(isinstance(v, FileRecord) and isinstance(v.digest, str)
                                                and isinstance(v.signature, tuple) for v in record.values())

    def folders(record) -> bool:
        return isinstance(record, dict) and all(isinstance(v, int) for v in record.values())

    return (isinstance(rendered, dict) and all(isinstance(v, Rendered) for v in rendered.values())
            and isinstance(records, OutputRecords) and isinstance(records.out_dir, str)
            and files(records.files) and files(records.spare_files)
            and folders(records.folders) and folders(records.spare_folders))


def _bundles(bundles) -> bool:
    """Whether unpickled search bundles have the shape SearchMemo keeps: lang -> (key, {out: bytes})."""
    return isinstance(bundles, dict) and all(
        isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], dict)
        and all(isinstance(out, str) and isinstance(data, bytes) for out, data in value[1].items())
        for value in bundles.values())


def load_memos(site_dir: Path) -> tuple[BuildMemos, list[Problem]]:
    """Fresh memos holding the rendered notes, output records and search bundles stored by the last
    successful build, if any. A cache that cannot be read or was written by another version is discarded with
    a warning, never trusted."""
    import pickle

    from ..core.problems import warning

    path = site_dir / CACHE_DIR / CACHE_FILE
    where = f"{CACHE_DIR}/{CACHE_FILE}"
    if not path.is_file():
        if os.path.lexists(path):  # a folder, a link to one, a dangling link: not ours to delete
            return BuildMemos.fresh(), [warning("cache", where, 0, "is not a file: the cache cannot be used; "
                                                "every note is rendered again (delete it to let the cache work)")]
        return BuildMemos.fresh(), []
    try:
        with path.open("rb") as f:
            stamp = pickle.load(f)
            if stamp != _stamp():
                path.unlink(missing_ok=True)
                return BuildMemos.fresh(), [warning("cache", where, 0,
                                                    "written by another version of site_builder; discarded")]
            rendered, records, bundles = pickle.load(f), pickle.load(f), pickle.load(f)
        if not (_well_formed(rendered, records) and _bundles(bundles)):
            raise ValueError("unexpected content")
    except Exception as exc:  # truncated, corrupted, or not ours: rebuild from scratch
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return BuildMemos.fresh(), [warning("cache", where, 0,
                                            f"could not be read ({type(exc).__name__}: {exc}); discarded")]
    return BuildMemos(notes=NoteMemo(rendered), outputs=OutputMemo(records=records), search=SearchMemo(bundles)), []


def save_memos(site_dir: Path, memos: BuildMemos) -> list[Problem]:
    """Store the rendered notes, output records and search bundles for the next build (atomically: a crash leaves the old one or none). Where it
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
            for part in (_stamp(), memos.notes.rendered, memos.outputs.records, memos.search.bundles):
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
