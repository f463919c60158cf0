"""Builds of the CS231n notes ×1, ×10, ×30 against the generators people would pick instead (when
installed), in one run: truly cold, again and warm, on the shifted corpus (every copy's formulas its
own) and on the identical one (copies that share their formulas), interleaved round by round so
that a change in the machine's load falls on every series alike; medians, min/max, peak RSS and
ratios against Hugo's cold build of the same corpus."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .corpus import make_site
from .others import GENERATORS

REPO = Path(__file__).resolve().parent.parent


def measure(cmd: list[str], before=None) -> tuple[float, int, int]:
    if before:
        before()
    out = subprocess.run([sys.executable, "-m", "bench.measure", *cmd], capture_output=True, text=True,
                         cwd=REPO).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def summary(results: list[tuple[float, int, int]]) -> dict:
    times = [r[0] for r in results]
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "rss_mb": max(r[1] for r in results) / 1024, "ok": all(r[2] == 0 for r in results)}


def remove(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def cold(site: Path, out: Path):
    """What CI does on every push: no output, no spare or staging dir beside it, no cache."""
    return lambda: remove(out, *out.parent.glob(f".{out.name}.*"), site / ".cache")


def ours(site: Path, out: Path, corpus: str, one_process: bool) -> list[tuple[str, list[str], object]]:
    """(name, command, what to do before each run), in the order a round runs them: cold leaves
    the output and a cache; "again" drops the cache (the previous output stays, as on a machine that
    built before); warm finds the cache and no output (what the Pages workflow's restored cache
    gives CI); unchanged finds the cache, the output and its spare as the build before left them
    (a rebuild on the author's machine with nothing changed: the run before it is not timed)."""
    cmd = [sys.executable, "-m", "site_builder", "build", str(site), "-o", str(out)]
    series = [(f"{corpus}: site_builder cold", cmd, cold(site, out))]
    if one_process:
        series.append((f"{corpus}: site_builder cold, -j 1", [*cmd, "-j", "1"], cold(site, out)))
    if corpus == "shifted":
        series.append((f"{corpus}: site_builder again", cmd, lambda: remove(site / ".cache")))
        series.append((f"{corpus}: site_builder warm", cmd, lambda: remove(out, *out.parent.glob(f".{out.name}.*"))))
        series.append((f"{corpus}: site_builder unchanged", cmd, lambda: measure(cmd)))
        note = site / "content/en/optimization-1.md"
        original = note.read_text(encoding="utf-8")
        counter = iter(range(10**6))
        edit = lambda: note.write_text(original + f"\n\nEdit {next(counter)}.\n", encoding="utf-8")  # noqa: E731
        series.append((f"{corpus}: site_builder one edit", cmd, edit))
    return series


def theirs(site: Path, tmp: Path, corpus: str, others: bool) -> list[tuple[str, list[str] | None, object]]:
    series = []
    for name, layout in GENERATORS.items():
        if not others or (name != "hugo" and corpus != "shifted"):
            continue
        dest = tmp / f"{name}-{corpus}"
        dest.mkdir()
        cmd = layout(site, dest)
        outputs = [dest / d for d in ("public", "resources", "_site", ".jekyll-cache", "site")]
        series.append((f"{corpus}: {name} cold", cmd, lambda outputs=outputs: remove(*outputs)))
    return series


def run_size(size: int, runs: int, corpora: list[str], others: bool, one_process: bool) -> list[tuple]:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        series, pages = [], 0
        for corpus in corpora:
            site = make_site(tmp / corpus, size, corpus)
            pages = sum(1 for _ in (site / "content").rglob("*.md"))
            series += ours(site, tmp / f"out-{corpus}", corpus, one_process)
            series += theirs(site, tmp, corpus, others)
        results: dict[str, list] = {label: [] for label, _, _ in series}
        for _ in range(runs):  # interleaved: A B C … A B C …
            for label, cmd, before in series:
                if cmd is not None:
                    results[label].append(measure(cmd, before))
        return [(pages, label, summary(results[label]) if results[label] else None) for label, _, _ in series]


def reference(by: dict, pages: int, label: str) -> tuple[str, dict | None]:
    """Hugo's cold build of the same corpus; without Hugo, our own cold build of the identical corpus."""
    corpus = label.split(":")[0]
    hugo = by.get((pages, f"{corpus}: hugo cold"))
    if hugo:
        return "× Hugo", hugo
    return "× identical cold", by.get((pages, "identical: site_builder cold"))


def report(rows: list[tuple]) -> None:
    print(f"{'pages':>6}  {'corpus: generator':<36} {'median s':>9} {'min':>7} {'max':>7} {'peak RSS MB':>12}  ratio")
    by = {(p, n): r for p, n, r in rows if r}
    for pages, label, r in rows:
        if r is None:
            print(f"{pages:>6}  {label:<36} {'not installed':>9}")
            continue
        what, ref = reference(by, pages, label)
        ratio = f"{r['median'] / ref['median']:.2f} {what}" if ref and ref is not r else ""
        flag = "" if r["ok"] else "  (exit status non-zero!)"
        print(f"{pages:>6}  {label:<36} {r['median']:>9.2f} {r['min']:>7.2f} {r['max']:>7.2f} "
              f"{r['rss_mb']:>12.0f}  {ratio}{flag}")


def main(args) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    corpora = args.corpora.split(",")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores; "
          f"{args.runs} interleaved rounds", flush=True)
    rows = []
    for size in sizes:
        rows += run_size(size, args.runs, corpora, not args.only_ours, args.one_process)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    report(rows)
