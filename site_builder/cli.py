"""Command line: `site-builder build | check | new | import-jekyll`."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .build.build import build
from .build.parallel import default_jobs
from .commands import baseline as known
from .commands.install import add_install_option
from .markdown.speedups import why_stock
from .core.problems import BuildFailed, Problem, has_errors, summary
from .core.report import LIMIT, grouped


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description="Build translated course notes into a static site.")
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def site_command(name: str, help: str) -> argparse.ArgumentParser:
        cmd = commands.add_parser(name, help=help)
        cmd.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
        cmd.add_argument("--baseurl", metavar="PATH", help="override site.yaml's baseurl, e.g. /course or ''")
        cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
        cmd.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
        cmd.add_argument("-v", "--verbose", action="store_true",
                         help=f"print every finding (default: at most {LIMIT} per severity, code and file)")
        return cmd

    b = site_command("build", "build the site into _site/ (or -o OUT)")
    b.add_argument("-o", "--output", type=Path, metavar="OUT", help="output dir (default: SITE_DIR/_site)")
    b.add_argument("-j", "--jobs", type=int, default=default_jobs(), help="processes rendering notes (default: all cores)")
    b.add_argument("--no-cache", action="store_true", help="ignore and do not update .cache/site_builder/")
    known.add_options(b)
    c = site_command("check", "report what build reports (broken links, anchors, math, parity…), writing nothing")
    c.add_argument("--format", choices=("text", "json"), default="text")
    known.add_options(c, writes=True)
    d = site_command("deploy", "build with the production baseurl and push the output to the gh-pages branch")
    d.add_argument("--remote", default="origin")
    d.add_argument("--branch", default="gh-pages")
    d.add_argument("--message", metavar="TEXT", help="commit message (default: Deploy site from <commit>)")
    d.add_argument("--dry-run", action="store_true", help="build and prepare, but commit and push nothing")
    g = commands.add_parser("glossary", help="list glossary findings; --fix rewrites discouraged variants")
    g.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    g.add_argument("--fix", action="store_true", help="rewrite discouraged variants to the preferred term (prose and raw HTML text; never code, math or URLs)")
    g.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    st = commands.add_parser("status", help="translation progress and staleness per note and language")
    st.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    st.add_argument("--format", choices=("text", "json"), default="text")
    st.add_argument("--stamp", type=Path, nargs="+", metavar="FILE", help="record that these translations match their source now")
    st.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    s = commands.add_parser("serve", help="preview with live reload at http://127.0.0.1:8000/<baseurl>/")
    s.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    s.add_argument("--baseurl", metavar="PATH", help="override site.yaml's baseurl")
    s.add_argument("--open", action="store_true", help="open the site in a browser")
    s.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    n = commands.add_parser("new", help="create a new site: config, sample notes, glossary, workflow")
    n.add_argument("dest", type=Path, metavar="DEST")
    n.add_argument("--eject", action="store_true", help="also copy the bundled theme into the site, to own it")
    add_install_option(n)
    n.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    i = commands.add_parser("import-jekyll", help="convert a Jekyll course site into a new site")
    i.add_argument("src", type=Path, metavar="SRC")
    i.add_argument("dest", type=Path, metavar="DEST")
    i.add_argument("--lang", default="en", metavar="CODE", help="language of the imported notes (default en)")
    i.add_argument("--eject", action="store_true", help="also copy the bundled theme into the site, to own it")
    add_install_option(i)
    i.add_argument("--source-lang", default="en", metavar="CODE",
                   help="language the notes are translated from (default en): variants such as x.en.md and "
                        "captions in it are imported into content/CODE/")
    i.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return parser


def _print_problems(problems: tuple[Problem, ...] | list[Problem], verbose: bool = True) -> None:
    """Every problem, or (not `verbose`) at most LIMIT per severity, code and file with a count of the rest."""
    for line in grouped(problems, None if verbose else LIMIT):
        print(line, file=sys.stderr)


def _cmd_build(args: argparse.Namespace) -> int:
    baseline = known.baseline_of(args)
    result = build(args.site_dir, args.output, args.baseurl, args.strict, max(1, args.jobs), not args.no_cache, baseline,
                   note=lambda line: print(line, file=sys.stderr))
    found = known.judged(args, result.problems, baseline)
    _print_problems(found.new, args.verbose)
    known.print_known(found, args.show_known)
    if not result.written:
        failed = "with --strict, warnings fail the build; " if args.strict and not has_errors(found.new) else ""
        print(f"build failed: {summary(found.new)} ({failed}previous output left untouched)", file=sys.stderr)
        return 1
    out = args.output or args.site_dir / "_site"
    tail = f" ({summary(found.new)})" if found.new else ""
    print(f"built {result.pages} pages, {result.files} files into {out} in {result.seconds:.2f}s{tail}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .build.build import check

    report = check(args.site_dir, args.baseurl)
    if args.write_baseline:
        return known.write(args, report.problems, report.pages)
    found = known.judged(args, report.problems)
    failed = has_errors(found.new, args.strict)
    if args.format == "json":
        errors = sum(p.severity == "error" for p in found.new)
        infos = sum(p.severity == "info" for p in found.new)
        as_json = lambda p: {"severity": p.severity, "code": p.code, "file": p.file, "line": p.line,  # noqa: E731
                             "column": p.col, "message": p.message}
        known_json = {"known": [as_json(p) for p in found.known]} if found.baseline else {}
        print(json.dumps({
            "problems": [as_json(p) for p in found.new], **known_json,
            "external_links": [{"file": e.file, "line": e.line, "url": e.url} for e in report.external],
            "summary": {"errors": errors, "warnings": len(found.new) - errors - infos, "info": infos,
                        "pages": report.pages, "ok": not failed,
                        **({"known": len(found.known), "stale_baseline_entries": found.stale} if found.baseline else {})},
        }, ensure_ascii=False, indent=2))
    else:
        _print_problems(found.new, args.verbose)
        known.print_known(found, args.show_known)
        verdict = "check failed" if failed else "check passed"
        print(f"{verdict}: {report.pages} pages, {summary(found.new)}, "
              f"{len(report.external)} external links not fetched", file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


def _cmd_deploy(args: argparse.Namespace) -> int:
    from .commands.deploy import deploy

    result = deploy(args.site_dir, args.remote, args.branch, args.message, args.dry_run, args.baseurl, args.strict)
    _print_problems(result.problems, args.verbose)
    if has_errors(result.problems, args.strict) or (not result.pushed and not args.dry_run):
        print(f"deploy refused: the build has {summary(result.problems)}; nothing was pushed", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"dry run: the build succeeded; nothing committed or pushed. The site would be at {result.url}")
    else:
        print(f"deployed {result.commit[:12]} to {args.remote}/{args.branch}; the site will be at {result.url}")
        if result.note:
            print(f"warning: {result.note}", file=sys.stderr)
    return 0


def _cmd_glossary(args: argparse.Namespace) -> int:
    from .commands.glossary_fix import apply_changes, glossary_findings

    problems, changes = glossary_findings(args.site_dir)
    if not args.fix:
        _print_problems(problems)
        print(f"{len(problems)} glossary findings; {len(changes)} can be fixed with --fix")
        return 1 if problems else 0
    made, failed = apply_changes(args.site_dir, changes)
    for change in made:
        print(change)
    print(f"{len(made)} changes")
    for problem in failed:
        print(problem, file=sys.stderr)
    if failed:
        print(f"{len(failed)} files not fixed", file=sys.stderr)
    return 1 if failed else 0


def _cmd_status(args: argparse.Namespace) -> int:
    if args.stamp:
        return _stamp(args)
    from .commands.status import as_json, stale_details, status, table

    found = status(args.site_dir)
    print(as_json(found) if args.format == "json" else table(found) + stale_details(found))
    return 0


def _stamp(args: argparse.Namespace) -> int:
    """Every file stamped that can be; each failure one line on stderr; exit 1 if any failed."""
    from .commands.stamp import stamp

    done = stamp(args.site_dir, args.stamp)
    for outcome in done:
        if outcome.problems:
            print("\n".join(map(str, outcome.problems)), file=sys.stderr)
        else:
            print(f"{outcome.file}: source_hash {outcome.source_hash}")
    failed = sum(bool(outcome.problems) for outcome in done)
    if failed:
        print(f"{failed} of {len(done)} files not stamped", file=sys.stderr)
    return 1 if failed else 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve.preview import serve

    return serve(args.site_dir, args.host, args.port, args.baseurl, args.open)


def _cmd_new(args: argparse.Namespace) -> int:
    from .commands.new import new_site
    from .content.theme import eject_theme

    written = new_site(args.dest, args.install)
    if args.eject:
        written += eject_theme(args.dest)
    print(f"created {args.dest} ({len(written)} files); build it with: site-builder build {args.dest}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from .commands.import_jekyll import import_jekyll
    from .content.theme import eject_theme

    report = import_jekyll(args.src, args.dest, args.lang, args.source_lang, install=args.install)
    print(report.text())
    if args.eject:
        print(f"theme copied: {len(eject_theme(args.dest))} files in templates/ and static/")
    return 0


COMMANDS = {"build": _cmd_build, "check": _cmd_check, "deploy": _cmd_deploy, "serve": _cmd_serve, "glossary": _cmd_glossary, "status": _cmd_status, "new": _cmd_new, "import-jekyll": _cmd_import}


# Ten times CPython's young-generation threshold: a run makes many small objects, few cycles.
GC_THRESHOLDS = (7000, 10, 10)


def _tune_gc() -> None:
    """For a command line run only, never for the package used as a library: what exists when the run
    starts, and again when it forks workers, is never collected (a build keeps it to its end), so the
    workers' collections walk only what they make and do not copy the inherited pages; young
    collections run a tenth as often. Forked workers inherit both settings."""
    gc.freeze()
    os.register_at_fork(before=gc.freeze)
    gc.set_threshold(*GC_THRESHOLDS)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _tune_gc()
    if getattr(args, "debug", False) and why_stock():
        print(f"debug: {why_stock()}", file=sys.stderr)
    try:
        return COMMANDS[args.command](args)
    except BuildFailed as failed:
        _print_problems(failed.problems, getattr(args, "verbose", True))
        print(f"{args.command} failed: {summary(failed.problems)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        else:
            print(f"site-builder: internal error: {exc!r} (run with --debug for the traceback)", file=sys.stderr)
        return 2
