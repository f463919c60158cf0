"""A file of the site replaced in one step (a note stamped or fixed, the check baseline): its new
content goes to a fresh temporary file beside it, which is renamed over it. A failure midway leaves
the old file; a reader never sees half of the new one; and a name planted beside it (a link where a
fixed `.part` name would go) is never written through. And a text file read: UTF-8, its line numbers
as an editor shows them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .problems import Problem, error


def replace_file(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, keeping its permission bits when it exists."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
