"""The only module that touches the output dir: write a staging dir, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Mapping

Output = Mapping[str, "bytes | Path"]  # out (POSIX, relative) -> content, or a file to copy


def write_output(out_dir: Path, files: Output) -> None:
    """Write `files` as the complete new content of `out_dir`, atomically as far as the OS allows:
    the previous output stays in place until the new one is fully written."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-", dir=out_dir.parent))
    try:
        made: set[Path] = set()
        for out in sorted(files):
            target = staging / out
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            content = files[out]
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            else:
                target.write_bytes(content)
        os.chmod(staging, 0o755)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    try:
        staging.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def sync_output(out_dir: Path, files: Output, changed: set[str], removed: set[str]) -> None:
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
        content = files[out]
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_bytes(content)
