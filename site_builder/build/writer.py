"""The only module that touches the output dir: write a staging dir, then swap it in."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path
from typing import Mapping

try:
    import fcntl
except ImportError:  # Windows: builds beside the same output are not serialised there
    fcntl = None

from . import outfiles

Content = "bytes | Path"  # bytes to write, or a file to copy


def spare_dir(out_dir: Path) -> Path:
    """Where the output before the current one is kept, for the next build to write over."""
    return out_dir.parent / f".{out_dir.name}.spare"


class Staging:
    """A new output written beside `out_dir`, swapped in by `commit()`; discarded otherwise,
    so the previous output stays in place until the new one is complete.

    The staging dir is the output before last when there is one (kept as `spare_dir`): writing
    over its files and deleting what this build did not write costs far less than deleting a
    whole tree of thousands of files and folders, and the replaced output becomes the next spare.

        with Staging(out) as stage:
            stage.write("index.html", b"...")
            stage.commit().join()
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.absolute()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.out_dir.parent)
        try:
            self._sweeper = _sweep(self.out_dir)
            self._start()
        except BaseException:
            self._release()
            raise

    def _start(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix=_staging_prefix(self.out_dir), dir=self.out_dir.parent))
        spare = spare_dir(self.out_dir)
        self._reused = spare.is_dir() and not spare.is_symlink()
        if self._reused:
            self.dir.rmdir()
            spare.rename(self.dir)
        self._listing: tuple[list[str], list[str]] | None = None  # see use_listing
        self.count = 0
        self._folders: set[str] = {""}  # made (or found) in this build, relative to the staging dir
        self._written: set[str] = set()
        self._committed = False

    def write(self, out: str, content: bytes | Path | outfiles.Chunks) -> None:
        self.put(out, content)
        self.adopt(out)

    @property
    def folders(self) -> frozenset[str]:
        """The folders of the output so far, relative ("" for the output itself)."""
        return frozenset(self._folders)

    def use_listing(self, files: list[str], folders: list[str]) -> None:
        """What the reused staging dir holds (relative paths), known to the caller before anything
        is written: commit() then prunes without walking it (listing thousands of folders is slow)."""
        self._listing = (files, folders)

    def put(self, out: str, content: bytes | Path | outfiles.Chunks) -> None:
        """Place `out` in the staging dir without counting it: what a worker process forked with
        this staging dir does, for the parent to adopt(). Workers may make the same folder at once."""
        self._folder(outfiles.inside(out).rpartition("/")[0])
        target = self.dir / out
        if self._reused:
            if outfiles.same(target, content):  # rewriting costs much more than reading: most files did not change
                return
            outfiles.clear(target)
        outfiles.put(target, content)

    def adopt(self, out: str) -> None:
        """Count `out` as written (by put(), here or in a worker process)."""
        self._written.add(out)
        folder = out.rpartition("/")[0]
        while folder not in self._folders:
            self._folders.add(folder)
            folder = folder.rpartition("/")[0]
        self.count += 1

    def keep(self, out: str) -> bool:
        """Keep the file the reused staging dir has at `out` (the caller knows it is right); False
        when there is none to keep, so it must be written."""
        self._folder(outfiles.inside(out).rpartition("/")[0])
        try:
            if not (self._reused and stat.S_ISREG(os.lstat(self.dir / out).st_mode)):
                return False
        except FileNotFoundError:
            return False
        self.adopt(out)
        return True

    def _folder(self, rel: str) -> None:
        """Make folder `rel` of the staging dir, and those above it, once per build. In a reused
        staging dir, what an older output left where a folder must be goes: a file, or a link
        (never written through)."""
        if rel in self._folders:
            return
        self._folder(rel.rpartition("/")[0])
        path = os.path.join(self.dir, rel)
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISDIR(mode):
            with contextlib.suppress(FileNotFoundError):  # another worker may have been first
                os.unlink(path)
            mode = None
        if mode is None:
            with contextlib.suppress(FileExistsError):
                os.mkdir(path)
        self._folders.add(rel)

    def commit(self) -> threading.Thread:
        """Swap the new output in; the previous one becomes the spare. Should the spare's place be
        taken, it is deleted instead, on a thread (thousands of unlinks that need not hold up the
        caller): join the returned thread before exiting."""
        if self._reused:
            outfiles.prune(self.dir, *(self._listing or outfiles.listing(self.dir)), self._written, self._folders)
        os.chmod(self.dir, 0o755)
        old = _swap(self.dir, self.out_dir)
        self._committed = True
        if old is not None:
            try:
                old.rename(spare_dir(self.out_dir))
                old = None
            except OSError:
                pass
        cleanup = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}) if old else \
            threading.Thread(target=lambda: None)
        cleanup.start()
        return cleanup

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        """A build that failed leaves the output as it was; a staging dir that was the spare stays
        the spare (whatever it half holds is compared, written over or pruned next time)."""
        try:
            if not self._committed:
                self._discard()
            self._sweeper.join()
        finally:
            self._release()

    def _discard(self) -> None:
        if self._reused and not spare_dir(self.out_dir).exists():
            with contextlib.suppress(OSError):
                self.dir.rename(spare_dir(self.out_dir))
                return
        shutil.rmtree(self.dir, ignore_errors=True)

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None


def _staging_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.staging-"


def _lock(folder: Path) -> int | None:
    """Hold an exclusive lock on the output's parent folder (a descriptor to close to release it),
    waiting for a build that holds it: no two builds stage beside the same output at once, so a
    staging folder found there by a build holding the lock is a leftover of one that was killed.
    None where the platform or file system has no such locks."""
    if fcntl is None:
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        os.close(fd)
        return None
    return fd


def _sweep(out_dir: Path) -> threading.Thread:
    """Delete, on a thread (a leftover can hold a whole site), the staging folders that builds of
    `out_dir` killed before they could swap or delete them left beside it (`.NAME.staging-*`), and
    the replaced outputs they had not finished deleting (`.NAME.old-*`). Nothing else: the names
    are exactly the ones Staging and _swap make for this output."""
    prefixes = (_staging_prefix(out_dir), f".{out_dir.name}.old-")
    leftovers = []
    with contextlib.suppress(OSError), os.scandir(out_dir.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False):
                leftovers.append(entry.path)
    thread = threading.Thread(target=lambda: [shutil.rmtree(p, ignore_errors=True) for p in leftovers])
    thread.start()
    return thread


def write_output(out_dir: Path, files: Mapping[str, bytes | Path]) -> None:
    """Write `files` (out -> content) as the complete new content of `out_dir`."""
    with Staging(out_dir) as stage:
        for out in sorted(files):
            stage.write(out, files[out])
        stage.commit().join()


def _swap(staging: Path, out_dir: Path) -> Path | None:
    """Put `staging` where `out_dir` is; returns the previous output, moved aside, to delete."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return None
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    try:
        staging.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    return old


def sync_output(out_dir: Path, files: Mapping[str, bytes | Path], changed: set[str], removed: set[str]) -> None:
    """Bring an existing output dir up to date in place: write the `changed` files, delete the
    `removed` ones. For the preview server, which holds requests while this runs."""
    for out in sorted(removed):
        target = out_dir / outfiles.inside(out)
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    for out in sorted(changed):
        target = out_dir / outfiles.inside(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        outfiles.put(target, files[out])
