"""A file of the site replaced in one step (a note stamped or fixed, the check baseline): its new
content goes to a fresh temporary file beside it, which is renamed over it. A failure midway leaves
the old file; a reader never sees half of the new one; and a name planted beside it (a link where a
fixed `.part` name would go) is never written through."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
