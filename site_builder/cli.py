"""Command line: `site-builder build [SITE_DIR] [-o OUT] [--baseurl PATH] [--strict] [--debug]`."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import __version__
from .build import build
from .problems import has_errors, summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description="Build translated course notes into a static site.")
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="build the site into _site/ (or -o OUT)")
    b.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    b.add_argument("-o", "--output", type=Path, metavar="OUT", help="output dir (default: SITE_DIR/_site)")
    b.add_argument("--baseurl", metavar="PATH", help="override site.yaml's baseurl, e.g. /course or ''")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return parser


def _cmd_build(args: argparse.Namespace) -> int:
    result = build(args.site_dir, args.output, args.baseurl, args.strict)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.written:
        failed = "with --strict, warnings fail the build; " if args.strict and not has_errors(result.problems) else ""
        print(f"build failed: {summary(result.problems)} ({failed}previous output left untouched)", file=sys.stderr)
        return 1
    out = args.output or args.site_dir / "_site"
    tail = f" ({summary(result.problems)})" if result.problems else ""
    print(f"built {result.pages} pages, {result.files} files into {out} in {result.seconds:.2f}s{tail}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _cmd_build(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        else:
            print(f"site-builder: internal error: {exc!r} (run with --debug for the traceback)", file=sys.stderr)
        return 2
