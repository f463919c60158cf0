"""A file of the site replaced in one step (a note stamped or fixed, the check baseline): its new
content goes to a fresh temporary file beside it, which is renamed over it. A failure midway leaves
the old file; a reader never sees half of the new one; and a name planted beside it (a link where a
fixed `.part` name would go) is never written through. And a text file read: UTF-8, its line numbers
as an editor shows them."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Callable

from .problems import Problem, error


class ChangedMeanwhile(OSError):
    """The file changed (edited, replaced, deleted) after it was read: the newer version is kept."""


def signature(path: Path | str, stat: os.stat_result | None = None) -> tuple[int, int, int, int]:
    """What changes when a file is written or replaced: its inode, size, mtime and ctime (from
    `stat` when the caller has it already)."""
    stat = stat or os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def replace_file(path: Path, data: bytes, expect: tuple[int, int, int, int] | None = None) -> None:
    """Replace `path` with `data`, keeping its permission bits and (when it may) its owner when it
    exists. With `expect` (its `signature` when it was read), a file changed since is left as it is:
    ChangedMeanwhile."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        if path.exists():
            stat = path.stat()
            os.chmod(tmp, stat.st_mode & 0o7777)
            if (stat.st_uid, stat.st_gid) != (os.getuid(), os.getgid()):
                try:  # root fixing a user's note: it stays the user's
                    os.chown(tmp, stat.st_uid, stat.st_gid)
                except OSError:
                    pass
        if expect is not None and signature(path) != expect:
            raise ChangedMeanwhile(errno.EAGAIN, "changed by another program while being rewritten: left as it is")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def rewrite_file(path: Path, root: Path, change: Callable[[bytes], bytes],
                 seen: tuple[int, int, int, int] | None = None) -> bool:
    """Rewrite a user's file of the site at `root` with `change` (its bytes to the new bytes), in one
    step; False when that changes nothing (then it is not written). A link is followed to its file
    (it stays a link), never out of the site; a read-only file is not written; a file changed since
    `seen` (its signature when the caller read it), or while being rewritten, is left as it is.
    Raises OSError saying why it was not written."""
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(root)):
        raise OSError(errno.EPERM, "a link to a file outside the site: never written")
    stat = os.stat(real)
    now = signature(real, stat)
    if seen is not None and now != seen:
        raise ChangedMeanwhile(errno.EAGAIN, "changed since it was read: left as it is (run again)")
    if not stat.st_mode & 0o222:
        raise PermissionError(errno.EACCES, "read-only: left as it is (make it writable to change it)")
    data = real.read_bytes()
    new = change(data)
    if new == data:
        return False
    replace_file(real, new, expect=now)
    return True


def decode(data: bytes, rel_file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with BOM stripped and newlines normalised; an error names the line of a bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return None, [error("encoding", rel_file, 1, "UTF-16 (it starts with a UTF-16 byte-order mark): save the file as UTF-8")]
        before = data[:exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # a line may end in CR alone
        line = before.count(b"\n") + 1
        # The column in characters, as an editor counts them (the bytes before the bad one are UTF-8;
        # a byte-order mark opening the file is not shown).
        start = before.rfind(b"\n") + 1
        col = len(before[start:].removeprefix(b"\xef\xbb\xbf" if not start else b"").decode("utf-8")) + 1
        return None, [error("encoding", rel_file, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", col)]
    text = text.removeprefix("\ufeff")
    return (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text), []
