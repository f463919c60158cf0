"""Fetch KaTeX from the npm registry into site_builder/katex/, or check the copy there.

    python tools/fetch_katex.py           # download the pinned version, verify it, write the files and SHA256SUMS
    python tools/fetch_katex.py --check   # offline: the files match SHA256SUMS and the pinned version

The build never runs this (nor node, nor the network): the files are committed unmodified, with
KaTeX's licence. The tarball is verified against the integrity hash the registry publishes."""

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
sys.path.insert(0, str(ROOT))
from site_builder.core.config import KATEX_VERSION  # noqa: E402

DEST = ROOT / "site_builder" / "katex"
REGISTRY = "https://registry.npmjs.org/katex"
SUMS = "SHA256SUMS"


def wanted(name: str) -> str | None:
    """Where a member of the package tarball goes under DEST, or None to leave it out."""
    name = name.removeprefix("package/")
    if name in ("LICENSE", "package.json", "dist/katex.min.js", "dist/katex.min.css"):
        return name.removeprefix("dist/")
    if name.startswith("dist/fonts/") and name.endswith(".woff2"):
        return name.removeprefix("dist/")
    return None


def fetch() -> None:
    with urllib.request.urlopen(f"{REGISTRY}/{KATEX_VERSION}") as response:
        dist = json.load(response)["dist"]
    with urllib.request.urlopen(dist["tarball"]) as response:
        tarball = response.read()
    algorithm, _, expected = dist["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        sys.exit(f"the tarball does not match the registry's {algorithm} integrity hash")
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        for member in tar.getmembers():
            target = wanted(member.name)
            if target and member.isfile():
                files[target] = tar.extractfile(member).read()
    if json.loads(files["package.json"])["version"] != KATEX_VERSION:
        sys.exit("the tarball is not the pinned version")
    for old in DEST.rglob("*"):
        if old.is_file():
            old.unlink()
    for name, data in sorted(files.items()):
        (DEST / name).parent.mkdir(parents=True, exist_ok=True)
        (DEST / name).write_bytes(data)
    (DEST / SUMS).write_text("".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                                     for name, data in sorted(files.items())))
    print(f"KaTeX {KATEX_VERSION}: {len(files)} files written to {DEST.relative_to(ROOT)}")


def check() -> list[str]:
    """What is wrong with the copy in DEST ([] when every file matches SHA256SUMS)."""
    problems = []
    listed = {}
    for line in (DEST / SUMS).read_text().splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    present = {str(p.relative_to(DEST)) for p in DEST.rglob("*") if p.is_file()} - {SUMS}
    problems += [f"{name}: not listed in {SUMS}" for name in sorted(present - listed.keys())]
    for name, digest in sorted(listed.items()):
        path = DEST / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: sha256 differs from {SUMS}")
    if (DEST / "package.json").is_file() and json.loads((DEST / "package.json").read_text())["version"] != KATEX_VERSION:
        problems.append(f"package.json: not KaTeX {KATEX_VERSION}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the files in place, offline")
    if parser.parse_args().check:
        problems = check()
        print("\n".join(problems) or f"KaTeX {KATEX_VERSION}: every file matches {SUMS}")
        sys.exit(1 if problems else 0)
    fetch()


if __name__ == "__main__":
    main()
