"""Math in cold builds: distinct formulas per corpus and size (the memo's keys), and KaTeX one call
per formula against batched, interleaved (`python -m bench math`); peak RSS of cold builds as the
site grows (`python -m bench memory`)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .build import REPO, cold, measure
from .corpus import make_site


def probe(site: Path, out: Path, batch: int, jobs: int) -> dict:
    """A cold build in a fresh process through bench/mathprobe.py."""
    done = subprocess.run([sys.executable, "-m", "bench.mathprobe", str(site), str(out), str(batch), str(jobs)],
                          capture_output=True, text=True, cwd=REPO)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"mathprobe failed:\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])


def _median(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def math_main(args) -> None:
    from site_builder.markdown.mathrender import BATCH

    batches = (1, BATCH)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores; "
          f"{args.runs} interleaved rounds; batch sizes {batches}", flush=True)
    print(f"{'pages':>6}  {'corpus':<10} {'distinct':>8}  {'batch':>5}  {'ms/formula':>10}  {'KaTeX s':>8}  "
          f"{'-j 1 wall s':>11}  {'-j 2 wall s':>11}")
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            identical = make_site(tmp / "identical", size, "identical")
            shifted = make_site(tmp / "shifted", size, "shifted")
            pages = sum(1 for _ in (shifted / "content").rglob("*.md"))
            same = probe(identical, tmp / "out-i", BATCH, 1)
            print(f"{pages:>6}  {'identical':<10} {same['distinct']:>8}  {BATCH:>5}  "
                  f"{1000 * same['math_s'] / same['distinct']:>10.2f}  {same['math_s']:>8.2f}  {same['wall_s']:>11.2f}",
                  flush=True)
            one: dict[int, list] = {b: [] for b in batches}
            two: dict[int, list] = {b: [] for b in batches}
            for _ in range(args.runs):  # interleaved: batch 1, 64, 1, 64 …
                for b in batches:
                    one[b].append(probe(shifted, tmp / "out-s", b, 1))
                    two[b].append(probe(shifted, tmp / "out-s", b, os.cpu_count() or 1))
            for b in batches:
                distinct = one[b][0]["distinct"]
                print(f"{pages:>6}  {'shifted':<10} {distinct:>8}  {b:>5}  "
                      f"{1000 * _median(one[b], 'math_s') / distinct:>10.2f}  {_median(one[b], 'math_s'):>8.2f}  "
                      f"{_median(one[b], 'wall_s'):>11.2f}  {_median(two[b], 'wall_s'):>11.2f}", flush=True)
            ratio = _median(two[batches[1]], "wall_s") / _median(two[batches[0]], "wall_s")
            print(f"{pages:>6}  cold wall, batched / one call a formula: {ratio:.2f} (all cores), "
                  f"{_median(one[batches[1]], 'wall_s') / _median(one[batches[0]], 'wall_s'):.2f} (-j 1)")


def memory_main(args) -> None:
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    print(f"{'pages':>6}  {'corpus':<10} {'peak RSS MB':>11}  {'KB/page':>7}  {'wall s':>6}")
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as name:
            site = make_site(Path(name) / "site", size, args.corpus)
            out = Path(name) / "out"
            pages = sum(1 for _ in (site / "content").rglob("*.md"))
            runs = [measure([sys.executable, "-m", "site_builder", "build", str(site), "-o", str(out)], cold(site, out))
                    for _ in range(args.runs)]
            rss = max(r[1] for r in runs)
            flag = "" if all(r[2] == 0 for r in runs) else "  (exit status non-zero!)"
            print(f"{pages:>6}  {args.corpus:<10} {rss / 1024:>11.0f}  {rss / pages:>7.0f}  "
                  f"{statistics.median(r[0] for r in runs):>6.2f}{flag}", flush=True)
