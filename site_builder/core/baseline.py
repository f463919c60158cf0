"""The check baseline: the findings a site already had when the team adopted the checks (an import
of a Jekyll site has years of them), so that `check` and `build` fail only on new ones.

A finding is known by its file, code and message, never its line: an edit above it does not make
it new. A message's references to other places (`content/en/a.md:12`) lose their line numbers too.
The same finding twice in a file is two allowances; a third one is new."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

from .files import replace_file
from .problems import INFO, BuildFailed, Problem, error, summary
from .yamlmap import load_yaml_map

BASELINE = "check-baseline.yaml"
VERSION = 1
_HEADER = """\
# The findings `site-builder check` reported when this file was written (check --write-baseline).
# check and build fail only on findings beyond these; a finding is matched by file, code and
# message (not line). Run `site-builder check --write-baseline` again to shrink it as they are fixed.
"""
# `content/en/a.md:12` or `:12:3` inside a message: the place a finding cites moves with edits too.
_PLACE = re.compile(r"([\w./-]+\.[A-Za-z]\w*):\d+(?::\d+)?")

Key = tuple[str, str, str]  # file, code, message (places without lines)


def key_of(problem: Problem) -> Key:
    return problem.file, problem.code, _PLACE.sub(r"\1", problem.message)


@dataclass(frozen=True, kw_only=True)
class Baseline:
    """How many findings of each key the site is allowed (read from `file`, relative to the site)."""

    file: str
    allowed: dict[Key, int]


@dataclass(frozen=True, kw_only=True)
class Judged:
    """Findings split by a baseline: `new` decide the exit status, `known` are suppressed,
    `stale` counts allowances no finding used (fixed since the baseline was written)."""

    new: tuple[Problem, ...]
    known: tuple[Problem, ...] = ()
    stale: int = 0
    baseline: str = ""

    def notes(self, show_flag: str = "--show-known") -> list[str]:
        """One line each: what was suppressed, and whether the baseline can shrink."""
        lines = []
        if self.known:
            lines.append(f"{len(self.known)} known findings ({summary(self.known)}) suppressed by {self.baseline} "
                         f"({show_flag} lists them)")
        if self.stale:
            lines.append(f"{self.stale} baseline entries no longer occur; run `site-builder check --write-baseline` "
                         f"to shrink {self.baseline}")
        return lines


def judge(baseline: Baseline | None, problems: Iterable[Problem]) -> Judged:
    """Split `problems` (in reported order: the first ones of a key use its allowances)."""
    problems = tuple(problems)
    if baseline is None:
        return Judged(new=problems)
    left = Counter(baseline.allowed)
    new, known = [], []
    for problem in problems:
        key = key_of(problem)
        if left[key] > 0:
            left[key] -= 1
            known.append(problem)
        else:
            new.append(problem)
    return Judged(new=tuple(new), known=tuple(known), stale=sum(left.values()), baseline=baseline.file)


def recorded(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """What a baseline records: not `info` findings (a paragraph not translated yet), which never
    fail a build and come and go with every translator's edit."""
    return tuple(p for p in problems if p.severity != INFO)


def baseline_text(problems: Iterable[Problem]) -> str:
    """The file's text: by file, then code and message, sorted, one entry per key with its count,
    so that a pull request's diff of it says which findings appeared or went away."""
    counts = Counter(key_of(p) for p in recorded(problems))
    files: dict[str, list[dict]] = {}
    for (file, code, message), count in sorted(counts.items()):
        entry = {"code": code, "message": message}
        if count > 1:
            entry["count"] = count
        files.setdefault(file, []).append(entry)
    body = yaml.safe_dump({"version": VERSION, "files": files}, allow_unicode=True, sort_keys=False, width=10**6)
    return _HEADER + body


def write_baseline(site_dir: Path, problems: Iterable[Problem]) -> Path:
    """Write (or replace) the site's baseline, atomically: a reader never sees half of it."""
    path = site_dir / BASELINE
    replace_file(path, baseline_text(problems).encode("utf-8"))
    return path


def _entries(data, fail) -> dict[Key, int]:
    allowed: Counter = Counter()
    for file, entries in data.items():
        if not isinstance(file, str) or not isinstance(entries, list):
            fail(("files", file), f"'files: {file}' must be a list of findings (code, message, count)")
        for index, entry in enumerate(entries):
            where = ("files", file, index)
            if not isinstance(entry, dict):
                fail(where, "a finding must be a mapping with code, message and (optional) count")
            unknown = sorted(map(str, set(entry) - {"code", "message", "count"}))
            if unknown:
                fail(where + (unknown[0],), f"unknown key '{unknown[0]}' (a finding has code, message, count)")
            code, message, count = entry.get("code"), entry.get("message"), entry.get("count", 1)
            if not isinstance(code, str) or not code or not isinstance(message, str):
                fail(where, "a finding needs a 'code' and a 'message' (text)")
            if type(count) is not int or count < 1:
                fail(where + ("count",), f"'count' must be a whole number of at least 1, not {count!r}")
            allowed[(file, code, _PLACE.sub(r"\1", message))] += count
    return dict(allowed)


def load_baseline(site_dir: Path) -> Baseline | None:
    """The site's baseline, or None when it has none. Raises BuildFailed (error[baseline] at the
    file's line) when the file cannot be read as one: a mistyped baseline must not let findings by."""
    path = site_dir / BASELINE
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildFailed([error("baseline", BASELINE, 1, f"cannot read the baseline: {exc}")]) from None
    parsed, problems = load_yaml_map(text, BASELINE)
    if parsed is None:
        raise BuildFailed([error("baseline", p.file, p.line, p.message, p.col) for p in problems])

    def fail(keys: tuple, message: str):
        raise BuildFailed([error("baseline", BASELINE, parsed.line_of(*keys), message)])

    if parsed.data.get("version") != VERSION:
        fail(("version",), f"'version' must be {VERSION} (this site_builder's baseline format)")
    unknown = sorted(map(str, set(parsed.data) - {"version", "files"}))
    if unknown:
        fail((unknown[0],), f"unknown key '{unknown[0]}' (a baseline has version and files)")
    files = parsed.data.get("files") or {}
    if not isinstance(files, dict):
        fail(("files",), "'files' must map each file to its list of findings")
    return Baseline(file=BASELINE, allowed=_entries(files, fail))
