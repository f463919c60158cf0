"""How a file of the output is served: its content type, whether a path is a file or a folder
(without ever raising), and the byte range a request asks for."""

from __future__ import annotations

import mimetypes
import os
import re
from pathlib import Path

TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".svg": "image/svg+xml", ".wasm": "application/wasm", ".json": "application/json", ".vtt": "text/vtt; charset=utf-8",
         ".woff2": "font/woff2", ".woff": "font/woff", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
         ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
         ".pdf": "application/pdf", ".ico": "image/x-icon", ".mp4": "video/mp4", ".srt": "text/plain; charset=utf-8"}


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def is_kind(path: Path, kind) -> bool:
    """Whether `path` is of `kind` (stat.S_ISDIR…); False for whatever the file system refuses to
    look up, where Path.is_dir() would raise (a name too long, a loop of links)."""
    try:
        return kind(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def byte_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """(first, last) byte of a single `Range: bytes=…` request, "unsatisfiable", or None to send
    the whole file (no header, or one this server does not serve in parts: several ranges)."""
    match = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", header or "")
    if not match or match[1] == match[2] == "":
        return None
    if match[1] == "":  # the last N bytes
        count = _number(match[2])
        return (max(size - count, 0), size - 1) if count and size else "unsatisfiable"
    start = _number(match[1])
    end = min(_number(match[2]), size - 1) if match[2] else size - 1
    if start >= size or end < start:
        return "unsatisfiable"
    return start, end


def _number(digits: str) -> int:
    """A byte position; past any file's size when it has more digits than any size has (int()
    refuses strings of over 4,300 digits, and need not read them)."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 18 else 10**18
