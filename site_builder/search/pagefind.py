"""Run Pagefind over the index documents: one bundle per language, `pagefind/<lang>/`, so that the
search box loads its page's language and merges the others' bundles when asked (Pagefind merges
indexes of different bundles only)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from .documents import IndexDocument

BUNDLE = "pagefind"  # the output folder of the bundles
# What the browser needs of a bundle: not Pagefind's own interfaces (js/search.js is ours).
_KEEP = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
_KEEP_DIRS = ("index", "fragment", "filter")


def executable() -> Path | None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return get_executable()
    except FileNotFoundError:
        return None


def _scratch() -> str | None:
    """Where the index documents and bundles are made: in memory (/dev/shm) where there is such a
    folder, since they are thousands of small files read once (on an ext4 disk here, 641 folders and
    documents took 1.2 s to write, in memory 0.03 s); else the system's temporary folder."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _kept(rel: Path) -> bool:
    name = rel.name
    return (rel.parts[0] in _KEEP_DIRS or name in _KEEP or name.endswith(".pf_meta")
            or (name.startswith("wasm.") and name.endswith(".pagefind")))


def write_document(site: Path, doc: IndexDocument) -> None:
    """`doc` where Pagefind reads it: site/<lang>/<its output path> (a page's output name, checked)."""
    file = site / doc.lang / doc.out
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(doc.html, encoding="utf-8")


class Indexing:
    """Pagefind at work over the index documents, one process per language. The documents are
    written to `site` (see write_document), in a temporary folder, then `start()` runs Pagefind,
    so that the build renders its pages meanwhile; `files()` waits for it and removes the folder."""

    def __init__(self, binary: Path) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="site_builder-search-", dir=_scratch())
        self.site = Path(self._tmp.name) / "site"
        self._binary = binary
        self._running = []
        self._cancelled = False

    def start(self, pages: dict[str, int], note: Callable[[str], None] = lambda line: None) -> None:
        """Index the documents of each language of `pages` (language -> documents written)."""
        bundles = Path(self._tmp.name) / "bundle"
        bundles.mkdir(exist_ok=True)
        for lang, count in sorted(pages.items()):
            bundle = bundles / lang
            note(f"indexing {count:,} pages in {lang} for search")
            # What it says goes to a file, not a pipe: a process it started (a wrapper's) could
            # hold a pipe open after it is stopped, and reading the pipe would wait for that one.
            with open(bundles / f"{lang}.said", "wb") as said:
                self._running.append((lang, bundle, subprocess.Popen(
                    [str(self._binary), "--site", str(self.site / lang), "--output-path", str(bundle), "--silent"],
                    stdout=said, stderr=subprocess.STDOUT)))

    def cancel(self) -> None:
        """Stop every Pagefind process; files() then says they failed."""
        self._cancelled = True
        for _, _, process in self._running:
            if process.poll() is None:
                process.kill()

    def files(self) -> tuple[dict[str, bytes], str]:
        """The bundles' files (output path -> bytes) and, when Pagefind failed, what it said ("" else)."""
        files: dict[str, bytes] = {}
        failed = []
        try:
            for lang, bundle, process in self._running:
                process.wait()
                if self._cancelled:
                    failed.append(f"{lang}: cancelled")
                    continue
                if process.returncode != 0:
                    said = (bundle.parent / f"{lang}.said").read_text("utf-8", "replace").strip()
                    failed.append(f"{lang}: {said or f'exit status {process.returncode}'}")
                    continue
                for file in sorted(bundle.rglob("*")):
                    rel = file.relative_to(bundle)
                    if file.is_file() and _kept(rel):
                        files[f"{BUNDLE}/{lang}/{rel.as_posix()}"] = file.read_bytes()
        finally:
            for _, _, process in self._running:
                if process.poll() is None:  # the build stopped before it was done
                    process.kill()
                    process.wait()
            self._tmp.cleanup()
        return files, "; ".join(failed)
