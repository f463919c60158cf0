"""Fetch axe-core from the npm registry into tests/vendor/axe-core/, or check the copy there.

    python tools/fetch_axe.py           # download the pinned version, verify it, write the files and SHA256SUMS
    python tools/fetch_axe.py --check   # offline: the files match SHA256SUMS and the pinned version

Only the accessibility test (tests/test_accessibility.py) loads axe.min.js into headless Chromium;
the package never ships it. The files are committed unmodified, with axe-core's licence (MPL-2.0);
the tarball is verified against the integrity hash the registry publishes."""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "tests" / "vendor" / "axe-core"
AXE_VERSION = "4.14.1"
REGISTRY = "https://registry.npmjs.org/axe-core"
SUMS = "SHA256SUMS"
WANTED = ("LICENSE", "package.json", "axe.min.js")


def fetch() -> None:
    with urllib.request.urlopen(f"{REGISTRY}/{AXE_VERSION}") as response:
        dist = json.load(response)["dist"]
    with urllib.request.urlopen(dist["tarball"]) as response:
        tarball = response.read()
    algorithm, _, expected = dist["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        sys.exit(f"the tarball does not match the registry's {algorithm} integrity hash")
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if name in WANTED and member.isfile():
                files[name] = tar.extractfile(member).read()
    if sorted(files) != sorted(WANTED):
        sys.exit(f"the tarball lacks {sorted(set(WANTED) - files.keys())}")
    if json.loads(files["package.json"])["version"] != AXE_VERSION:
        sys.exit("the tarball is not the pinned version")
    DEST.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        (DEST / name).write_bytes(data)
    (DEST / SUMS).write_text("".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                                     for name, data in sorted(files.items())))
    print(f"axe-core {AXE_VERSION}: {len(files)} files written to {DEST.relative_to(ROOT)}")


def check(dest: Path = DEST) -> list[str]:
    """What is wrong with the copy in `dest` ([] when every file matches SHA256SUMS)."""
    if not (dest / SUMS).is_file():
        return [f"{SUMS}: missing"]
    listed = {}
    for line in (dest / SUMS).read_text().splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    present = {p.name for p in dest.iterdir() if p.is_file()} - {SUMS}
    problems = [f"{name}: not listed in {SUMS}" for name in sorted(present - listed.keys())]
    problems += [f"{name}: not listed in {SUMS}" for name in WANTED if name not in listed and name not in present]
    for name, digest in sorted(listed.items()):
        path = dest / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: sha256 differs from {SUMS}")
    package = dest / "package.json"
    if package.is_file() and json.loads(package.read_text())["version"] != AXE_VERSION:
        problems.append(f"package.json: not axe-core {AXE_VERSION}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the files in place, offline")
    if parser.parse_args().check:
        problems = check()
        print("\n".join(problems) or f"axe-core {AXE_VERSION}: every file matches {SUMS}")
        sys.exit(1 if problems else 0)
    fetch()


if __name__ == "__main__":
    main()
