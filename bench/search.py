"""`python -m bench search`: what the search box finds and what it costs.

1. Recall and precision of single-term queries on a generated Korean site, ours beside stock
   Pagefind (bench/searchrecall.py).
2. Indexing's share of a truly cold build of the ×10 shifted CS231n corpus: builds with
   `search: true` and `search: false` interleaved A B A B, medians; and the time of
   the search's own steps inside the same kind of build (bench/searchtime.py, in-process).
3. The first query's download: a page loaded in a fresh profile, one query typed in the search box,
   every search file fetched (pagefind/, korean.json, js/search.js), raw and gzip-compressed."""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import searchbrowser, searchrecall
from .build import cold
from .corpus import make_site
from .kocorpus import notes, write_site

REPO = Path(__file__).resolve().parent.parent


def _set_search(site: Path, on: bool) -> None:
    config = site / "site.yaml"
    text = re.sub(r"^search:.*\n?", "", config.read_text(encoding="utf-8"), flags=re.M)
    config.write_text(text.rstrip("\n") + f"\nsearch: {'true' if on else 'false'}\n", encoding="utf-8")


def _inside(site: Path, out: Path) -> tuple[float, float, float, float, int]:
    """A cold in-process build timing the search (bench/searchtime.py): (build s, starting the
    search s, of them index documents s, waiting for Pagefind after the pages s, pages indexed)."""
    cold(site, out)()
    done = subprocess.run([sys.executable, "-m", "bench.searchtime", str(site), str(out)], capture_output=True,
                          text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"bench.searchtime failed:\n{done.stdout}{done.stderr[-3000:]}")
    *seconds, pages = done.stdout.split()
    return (*map(float, seconds), int(pages))


def _timed(cmd: list[str], before) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the build and every process it waited for: its
    workers, Pagefind) of one run; CPU is what a busy machine inflates least."""
    before()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"cold build failed: {done.stderr[-2000:]}")
    return wall, after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime


def _line(label: str, runs: list[tuple[float, float]]) -> tuple[float, float]:
    wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    print(f"  {label}  wall {wall:6.2f} s ({min(r[0] for r in runs):.2f}–{max(r[0] for r in runs):.2f}), "
          f"CPU {cpu:6.2f} s ({min(r[1] for r in runs):.2f}–{max(r[1] for r in runs):.2f})")
    return wall, cpu


def cost(tmp: Path, copies: int, runs: int) -> Path:
    site = make_site(tmp / "cs231n", copies, "shifted")
    out = tmp / "cs231n-out"
    cmd = [sys.executable, "-m", "site_builder", "build", str(site), "-o", str(out)]
    times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    inside = []
    _timed(cmd, cold(site, out))  # the OS's file cache warmed: every measured build is cold all the same
    for _ in range(runs):  # interleaved: on, off, on, off …
        for on in (True, False):
            _set_search(site, on)
            times[on].append(_timed(cmd, cold(site, out)))
        _set_search(site, True)
        inside.append(_inside(site, out))
    pages = sum(1 for _ in (site / "content").rglob("*.md"))
    print(f"\nIndexing cost, ×{copies} shifted CS231n corpus ({pages} notes, {inside[0][4]} pages indexed), truly cold "
          f"`site-builder build`, {runs} interleaved rounds (median; min–max):")
    (on, on_cpu), (off, off_cpu) = _line("search: true ", times[True]), _line("search: false", times[False])
    print(f"  indexing's share of the build with search: wall {(1 - off / on) * 100:.1f}% (+{(on / off - 1) * 100:.1f}%), "
          f"CPU {(1 - off_cpu / on_cpu) * 100:.1f}% (+{(on_cpu / off_cpu - 1) * 100:.1f}%)")
    total, begun, docs, wait = (statistics.median(i[n] for i in inside) for n in range(4))
    print(f"  inside a cold in-process build (same options) of {total:.2f} s: the search started in {begun:.2f} s "
          f"(index documents {docs:.2f} s), Pagefind then ran beside the pages, and waited for {wait:.2f} s after them "
          f"({(begun + wait) / total * 100:.1f}% of the build)")
    stock = searchrecall.build_stock(out, tmp / "cs231n-stock")
    print(f"  for scale: stock Pagefind (default options) over the same built pages, `data-pagefind-body` on <main>: "
          f"{stock:.2f} s wall")
    return out


def _download(title: str, root: Path, page: str, query: str) -> None:
    with searchbrowser.chromium() as browser, searchbrowser.static_server(root) as (origin, served):
        got = searchbrowser.first_query(browser, origin, served, page, query, root)
    kinds = ", ".join(f"{kind} {n}× {size / 1024:.0f} KB" for kind, (n, size) in sorted(got["by_kind"].items()))
    print(f"  {title}, query {query!r}: {len(got['fetched'])} files, {got['raw'] / 1024:.0f} KB raw, "
          f"{got['gzip'] / 1024:.0f} KB gzip-compressed (Playwright's response bodies: {got['playwright'] / 1024:.0f} KB "
          f"in {got['playwright_files']} responses)\n    {kinds}")


def download(cs231n_out: Path | None, korean_root: Path | None, copies: int) -> None:
    print("\nFirst query's download (fresh profile; every search file the server sent: pagefind/, korean.json, "
          "js/search.js):")
    if cs231n_out is not None:  # imported with baseurl '': served at the root
        _download(f"×{copies} CS231n corpus (English)", cs231n_out, "/optimization-1/", "gradient")
    if korean_root is not None:
        _download("Korean corpus", korean_root, f"{searchrecall.BASE}/notes/k001/", "역전파를")


def main(args) -> None:
    only = set(args.only.split(","))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as name:
        tmp = Path(name)
        korean_root = cs231n_out = None
        if "recall" in only:
            searchrecall.main(args, tmp)
            korean_root = tmp / "ours"
        elif "download" in only:
            korean_root = tmp / "ours"
            site = write_site(tmp / "ko-site", notes(args.korean, args.english, args.seed))
            searchrecall.build_ours(site, korean_root / searchrecall.BASE.strip("/"))
        if "cost" in only:
            cs231n_out = cost(tmp, args.copies, args.runs)
        if "download" in only:
            download(cs231n_out, korean_root, args.copies)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
