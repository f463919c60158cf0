"""The only module that touches the output dir: write a staging dir, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Mapping

Content = "bytes | Path"  # bytes to write, or a file to copy


def _put(target: Path, content: bytes | Path) -> None:
    """Write bytes, or copy a file."""
    if isinstance(content, Path):
        shutil.copyfile(content, target)
    else:
        target.write_bytes(content)


class Staging:
    """A new output written beside `out_dir`, swapped in by `commit()`; discarded otherwise,
    so the previous output stays in place until the new one is complete.

        with Staging(out) as stage:
            stage.write("index.html", b"...")
            stage.commit().join()
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.absolute()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.staging-", dir=self.out_dir.parent))
        self.count = 0
        self._made: set[Path] = set()
        self._committed = False

    def write(self, out: str, content: bytes | Path) -> None:
        target = self.dir / out
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        _put(target, content)
        self.count += 1

    def commit(self) -> threading.Thread:
        """Swap the new output in. The previous one is deleted on a thread (thousands of unlinks
        that need not hold up the caller): join the returned thread before exiting."""
        os.chmod(self.dir, 0o755)
        old = _swap(self.dir, self.out_dir)
        self._committed = True
        cleanup = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}) if old else \
            threading.Thread(target=lambda: None)
        cleanup.start()
        return cleanup

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        if not self._committed:
            shutil.rmtree(self.dir, ignore_errors=True)


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
        target = out_dir / out
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    for out in sorted(changed):
        target = out_dir / out
        target.parent.mkdir(parents=True, exist_ok=True)
        _put(target, files[out])
