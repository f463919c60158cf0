"""Single files and folders of an output: each path checked to stay inside, written or copied,
compared with what a build would put there, cleared, listed and pruned. The writer's tools."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from ..core.problems import BuildFailed, error


class Chunks(NamedTuple):
    """A file written piece by piece (the print page: every note of a course, too large to hold)."""

    pieces: Callable[[], Iterator[bytes]]


def inside(out: str) -> str:
    """`out`, checked to name a file inside the output folder: relative, without `.` or `..`
    segments. Paths are checked where they are made (a permalink is error[path] at its line); this
    is the last defence, so that no mistake upstream ever writes outside. Folders of the output are
    never links (see Staging._folder), so the string says where the file goes."""
    if not out or out.startswith("/") or "\0" in out or any(part in ("", ".", "..") for part in out.split("/")):
        raise BuildFailed([error("path", out, 0, "refusing to write outside the output folder")])
    return out


def put(target: Path, content: bytes | Path | Chunks) -> None:
    """Write bytes or pieces, or copy a file with its modification time (see same)."""
    if isinstance(content, Chunks):
        with open(target, "wb") as file:
            for piece in content.pieces():
                file.write(piece)
    elif isinstance(content, Path):
        shutil.copyfile(content, target)
        source = os.stat(content)
        os.utime(target, ns=(source.st_atime_ns, source.st_mtime_ns))
    else:
        target.write_bytes(content)


def same(target: Path, content: bytes | Path | Chunks) -> bool:
    """Whether `target` is a regular file holding `content`: the same bytes; for a file to copy, the
    same size and modification time (rsync's quick check: copies keep the time of their source),
    which spares reading both of every image and video. Pieces are written again."""
    if isinstance(content, Chunks):
        return False
    try:
        info = os.lstat(target)
        source = os.stat(content) if isinstance(content, Path) else None
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if source is not None:
        return info.st_size == source.st_size and info.st_mtime_ns == source.st_mtime_ns
    return info.st_size == len(content) and target.read_bytes() == content


def clear(target: Path) -> None:
    """Make way for a regular file: a folder or link left there by an older output goes."""
    if target.is_symlink():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)


def listing(root: Path) -> tuple[list[str], list[str]]:
    """The files and the folders (and links) under `root`, relative to it."""
    files, folders = [], []
    for folder, dirs, names in os.walk(root):
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else rel + "/"
        files.extend(prefix + name for name in names)
        folders.extend(prefix + name for name in dirs)
    return files, folders


def prune(root: Path, files: list[str], folders: list[str], written: set[str], kept: set[str]) -> None:
    """Delete, of the `files` and `folders` under `root` before the build, what it did not write
    or use."""
    for rel in files:
        if rel not in written:
            path = os.path.join(root, rel)
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):  # gone, with what held it
                if not stat.S_ISDIR(os.lstat(path).st_mode):  # a folder there now is one of the build's
                    os.unlink(path)
    for rel in folders:
        if rel not in kept:
            path = os.path.join(root, rel)
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                mode = os.lstat(path).st_mode
                if stat.S_ISLNK(mode):
                    os.unlink(path)
                elif stat.S_ISDIR(mode):  # not a file the build wrote where a folder was
                    shutil.rmtree(path)
