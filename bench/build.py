"""Cold, warm and one-edit builds of the CS231n notes ×1, ×10, ×30, against the generators people
would pick instead (when installed), in one run: medians, min/max and peak RSS."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .corpus import make_site
from .others import GENERATORS


def measure(cmd: list[str], before=None) -> tuple[float, int, int]:
    if before:
        before()
    out = subprocess.run([sys.executable, "-m", "bench.measure", *cmd], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def series(cmd: list[str], runs: int, before=None) -> dict:
    results = [measure(cmd, before) for _ in range(runs)]
    times = [r[0] for r in results]
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "rss_mb": max(r[1] for r in results) / 1024, "ok": all(r[2] == 0 for r in results)}


def run(sizes: list[int], runs: int, others: bool) -> list[tuple]:
    rows = []
    ours = [sys.executable, "-m", "site_builder", "build"]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = make_site(Path(tmp) / "site", size)
            pages = sum(1 for _ in (site / "content").rglob("*.md"))
            out = Path(tmp) / "out"
            cache = site / ".cache"
            cmd = [*ours, str(site), "-o", str(out)]
            clear = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
            rows.append((pages, "site_builder cold", series(cmd, runs, clear)))
            rows.append((pages, "site_builder cold, 1 process", series([*cmd, "-j", "1"], runs, clear)))
            measure(cmd)  # fill the cache
            rows.append((pages, "site_builder warm", series(cmd, runs)))
            note = site / "content/en/optimization-1.md"
            original = note.read_text(encoding="utf-8")
            counter = iter(range(10**6))
            edit = lambda: note.write_text(original + f"\n\nEdit {next(counter)}.\n", encoding="utf-8")  # noqa: E731
            rows.append((pages, "site_builder one edit", series(cmd, runs, edit)))
            if others:
                for name, layout in GENERATORS.items():
                    dest = Path(tmp) / name
                    dest.mkdir()
                    other = layout(site, dest)
                    if other is None:
                        rows.append((pages, name, None))
                        continue
                    rows.append((pages, f"{name} cold", series(other, runs)))
    return rows


def main(args) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = run(sizes, args.runs, not args.only_ours)
    print(f"{'pages':>6}  {'generator':<30} {'median s':>9} {'min':>7} {'max':>7} {'peak RSS MB':>12}")
    for pages, name, r in rows:
        if r is None:
            print(f"{pages:>6}  {name:<30} {'not installed':>9}")
        else:
            flag = "" if r["ok"] else "  (exit status non-zero!)"
            print(f"{pages:>6}  {name:<30} {r['median']:>9.2f} {r['min']:>7.2f} {r['max']:>7.2f} {r['rss_mb']:>12.0f}{flag}")
    by = {(p, n): r for p, n, r in rows if r}
    for pages in sorted({p for p, _, _ in rows}):
        ours = by.get((pages, "site_builder cold"))
        for name in GENERATORS:
            theirs = by.get((pages, f"{name} cold"))
            if ours and theirs:
                print(f"{pages:>6}  cold: site_builder / {name} = {ours['median'] / theirs['median']:.2f}")
