"""How findings are shown on a terminal: grouped, so that a site with years of known problems still
shows the ones a team can act on. `check`, `build` and `deploy` print at most `LIMIT` lines per
severity, code and file, then "… and K more warning[glossary] in content/ko/x.md" (all of them with
--verbose; `check --format json` lists every one); `serve` prints one line of counts (and its
errors), the details being in the browser's overlay."""

from __future__ import annotations

from typing import Iterable

from .problems import ERROR, INFO, WARNING, Problem

LIMIT = 10  # lines per (severity, code, file) by default


def grouped(problems: Iterable[Problem], limit: int | None = LIMIT) -> list[str]:
    """The lines to print for `problems` (sorted as given): each file's findings in order, at most
    `limit` of one severity and code, then one line per group that had more. `limit` None: all."""
    lines: list[str] = []
    shown: dict[tuple[str, str], int] = {}  # (severity, code) -> lines shown, in the current file
    hidden: dict[tuple[str, str], int] = {}
    current = None

    def close_file() -> None:
        for (severity, code), more in hidden.items():
            lines.append(f"… and {more:,} more {severity}[{code}] in {current}")
        shown.clear()
        hidden.clear()

    for problem in problems:
        if problem.file != current:
            close_file()
            current = problem.file
        group = (problem.severity, problem.code)
        if limit is None or shown.get(group, 0) < limit:
            shown[group] = shown.get(group, 0) + 1
            lines.append(str(problem))
        else:
            hidden[group] = hidden.get(group, 0) + 1
    close_file()
    return lines


def counts(problems: Iterable[Problem]) -> str:
    """One line of counts by severity: "2 errors, 1,635 warnings, 120 info"."""
    problems = list(problems)
    by = {severity: sum(p.severity == severity for p in problems) for severity in (ERROR, WARNING, INFO)}
    plural = lambda n, word: f"{n:,} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return f"{plural(by[ERROR], 'error')}, {plural(by[WARNING], 'warning')}, {by[INFO]:,} info"
