"""Fetch axe-core from the npm registry into tests/vendor/axe-core/, or check the copy there.

    python tools/fetch_axe.py           # download the pinned version, verify it, write the files and SHA256SUMS
    python tools/fetch_axe.py --check   # offline: the files match SHA256SUMS and the pinned version

Only the accessibility test (tests/test_accessibility.py) loads axe.min.js into headless Chromium;
the package never ships it. The files are committed unmodified, with axe-core's licence (MPL-2.0);
the tarball is verified against the integrity hash the registry publishes."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from npm_vendor import Vendored  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AXE_VERSION = "4.14.1"
WANTED = ("LICENSE", "package.json", "axe.min.js")
AXE = Vendored("axe-core", AXE_VERSION, ROOT / "tests" / "vendor" / "axe-core",
               lambda name: name if name in WANTED else None, required=WANTED)
check = AXE.check

if __name__ == "__main__":
    AXE.main(__doc__.splitlines()[0])
