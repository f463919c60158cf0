"""The check baseline on the command line: the options `build` and `check` share, writing it
(`check --write-baseline`), and what is said of the findings it suppressed."""

from __future__ import annotations

import argparse
import sys

from ..core.baseline import BASELINE, Baseline, Judged, judge, load_baseline, recorded, write_baseline
from ..core.problems import Problem, has_errors, summary

SHOW_KNOWN = "--show-known"


def add_options(cmd: argparse.ArgumentParser, writes: bool = False) -> None:
    cmd.add_argument("--no-baseline", action="store_true", help=f"ignore {BASELINE}: every finding counts")
    cmd.add_argument(SHOW_KNOWN, action="store_true", help=f"list the findings {BASELINE} suppresses too")
    if writes:
        cmd.add_argument("--write-baseline", action="store_true",
                         help=f"record today's findings in {BASELINE}: from then on only new ones fail")


def baseline_of(args: argparse.Namespace) -> Baseline | None:
    """The site's baseline unless --no-baseline (a malformed one raises BuildFailed at its line)."""
    return None if args.no_baseline else load_baseline(args.site_dir)


def judged(args: argparse.Namespace, problems: tuple[Problem, ...], baseline: Baseline | None = None) -> Judged:
    return judge(baseline if baseline is not None else baseline_of(args), problems)


def print_known(found: Judged, show: bool) -> None:
    """The suppressed findings when asked, then one line each for what was suppressed and what is stale."""
    if show:
        for problem in found.known:
            print(f"{problem} (known: in {found.baseline})", file=sys.stderr)
    for line in found.notes(SHOW_KNOWN):
        print(line, file=sys.stderr)


def write(args: argparse.Namespace, problems: tuple[Problem, ...], pages: int) -> int:
    """`check --write-baseline`: replace the baseline with today's findings (a site that could not
    be read at all has no findings to record: its errors are printed and nothing is written)."""
    if not pages and has_errors(problems):
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"baseline not written: the site could not be read ({summary(problems)})", file=sys.stderr)
        return 1
    problems = recorded(problems)
    try:
        path = write_baseline(args.site_dir, problems)
    except OSError as exc:  # a full disk, a read-only folder: the old baseline is left as it was
        print(f"baseline not written: cannot write {args.site_dir / BASELINE}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    files = len({p.file for p in problems})
    print(f"wrote {path}: {len(problems)} findings ({summary(problems)}) in {files} files; "
          f"check and build now fail only on new ones")
    return 0
