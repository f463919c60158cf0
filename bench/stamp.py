"""The cost of `site-builder status SITE --stamp` given every translation of a generated site
(N notes in English and Korean, each different: prose, code and math), as one command, the way a
translator stamps a whole folder. Median wall time of R fresh processes, each on unstamped notes.
`--baseline DIR` times a checkout of site_builder at DIR too (e.g. `git worktree add DIR main`)
and prints the ratio."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_stamp_site(root: Path, notes: int) -> list[Path]:
    """A two-language site of `notes` notes; returns the Korean files, unstamped."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text("title: Bench\nurl: https://b.example\nlanguages: {en: English, ko: 한국어}\nsource_language: en\n", encoding="utf-8")
    translations = []
    for i in range(notes):
        for lang in ("en", "ko"):
            folder = root / "content" / lang / f"module{i % 5}"
            folder.mkdir(parents=True, exist_ok=True)
            word = "Section" if lang == "en" else "절"
            body = "".join(
                f"## {word} {i}.{j}\n\n"
                + (f"Paragraph {j} of note {i} explains the loss number {i * 31 + j}.\n\n" if lang == "en" else
                   f"노트 {i}의 문단 {j}은 손실 {i * 31 + j}을 설명합니다.\n\n")
                + f"$$L_{{{i}}} = \\sum_{{k={j}}}^{{N}} x_k^{{{i + j}}}$$\n\n"
                + f"```python\nfor k in range({i + j}):\n    total += k * {j}\nprint(total)\n```\n\n"
                for j in range(12))
            path = folder / f"note{i}.md"
            path.write_text(f"---\ntitle: {word} note {i}\n---\n\n{body}", encoding="utf-8")
            if lang == "ko":
                translations.append(path)
    return translations


def _run(checkout: Path, site: Path, files: list[Path]) -> float:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "site_builder", "status", str(site), "--stamp", *map(str, files)],
                            env=env, capture_output=True, text=True, cwd=site)  # not a checkout: PYTHONPATH decides
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"stamp failed with {checkout}:\n{result.stdout}{result.stderr}")
    return elapsed


def _median(checkout: Path, notes: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            files = make_stamp_site(site, notes)
            times.append(_run(checkout, site, files))
    return statistics.median(times)


def main(args) -> None:
    here = Path(__file__).resolve().parent.parent
    ours = _median(here, args.notes, args.runs)
    print(f"stamp {args.notes} notes in one command: median {ours:.3f} s of {args.runs} runs "
          f"({ours / args.notes * 1000:.1f} ms a note), this checkout")
    if args.baseline:
        base = _median(Path(args.baseline).resolve(), args.notes, args.runs)
        print(f"stamp {args.notes} notes in one command: median {base:.3f} s of {args.runs} runs "
              f"({base / args.notes * 1000:.1f} ms a note), {args.baseline}")
        print(f"ratio {base / ours:.1f}x faster")
