"""Fetch KaTeX from the npm registry into site_builder/katex/, or check the copy there.

    python tools/fetch_katex.py           # download the pinned version, verify it, write the files and SHA256SUMS
    python tools/fetch_katex.py --check   # offline: the files match SHA256SUMS and the pinned version

The build never runs this (nor node, nor the network): the files are committed unmodified, with
KaTeX's licence. The tarball is verified against the integrity hash the registry publishes."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from site_builder.core.config import KATEX_VERSION  # noqa: E402
from npm_vendor import Vendored  # noqa: E402  (tools/, beside this script)


def place(name: str) -> str | None:
    """The renderer's script, its stylesheet and woff2 fonts (every current browser reads woff2), licence."""
    if name in ("LICENSE", "package.json", "dist/katex.min.js", "dist/katex.min.css") or (
            name.startswith("dist/fonts/") and name.endswith(".woff2")):
        return name.removeprefix("dist/")
    return None


KATEX = Vendored("katex", KATEX_VERSION, ROOT / "site_builder" / "katex", place,
                 required=("LICENSE", "package.json", "katex.min.js", "katex.min.css"))

if __name__ == "__main__":
    KATEX.main(__doc__.splitlines()[0])
