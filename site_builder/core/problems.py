"""Diagnostics: every mistake a user can make becomes a `Problem`, printed compiler-style."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"
INFO = "info"  # worth knowing, never a failure (not even with --strict): a paragraph not translated yet


@dataclass(frozen=True, order=True)
class Problem:
    """One diagnostic. `file` is relative to the site dir (POSIX); line/col are 1-based, 0 = unknown."""

    file: str
    line: int
    col: int
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.severity}[{self.code}]: {self.message}"


def error(code: str, file: str, line: int, message: str, col: int = 0) -> Problem:
    return Problem(file, line, col, ERROR, code, message)


def warning(code: str, file: str, line: int, message: str, col: int = 0) -> Problem:
    return Problem(file, line, col, WARNING, code, message)


def info(code: str, file: str, line: int, message: str, col: int = 0) -> Problem:
    return Problem(file, line, col, INFO, code, message)


class BuildFailed(Exception):
    """Raised by a stage that cannot go on; carries everything found so far."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(map(str, self.problems)))


def has_errors(problems: Iterable[Problem], strict: bool = False) -> bool:
    return any(p.severity == ERROR or (strict and p.severity == WARNING) for p in problems)


def summary(problems: Iterable[Problem]) -> str:
    problems = list(problems)
    errors = sum(p.severity == ERROR for p in problems)
    infos = sum(p.severity == INFO for p in problems)
    warnings = len(problems) - errors - infos
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}" + (f", {infos} info" if infos else "")
