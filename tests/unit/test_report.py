"""Grouped terminal output (core/report.py): at most LIMIT lines per severity, code and file."""

from site_builder.core.problems import Problem, error, info, warning
from site_builder.core.report import counts, grouped


def test_at_most_limit_per_severity_code_and_file_then_a_count():
    problems = sorted([warning("glossary", "a.md", n, "w") for n in range(1, 6)]
                      + [error("glossary", "a.md", 9, "e"), info("untranslated", "a.md", 3, "i")]
                      + [warning("glossary", "b.md", n, "w") for n in range(1, 3)])
    lines = grouped(problems, limit=2)
    assert lines == [
        "a.md:1: warning[glossary]: w", "a.md:2: warning[glossary]: w", "a.md:3: info[untranslated]: i",
        "a.md:9: error[glossary]: e",  # errors are their own group: never hidden by warnings of a code
        "… and 3 more warning[glossary] in a.md",
        "b.md:1: warning[glossary]: w", "b.md:2: warning[glossary]: w",
    ]
    assert grouped(problems, limit=None) == [str(p) for p in problems]
    assert grouped([]) == []


def test_counts_by_severity():
    many = [warning("link", "a.md", n, "w") for n in range(1635)] + [Problem("a.md", 1, 0, "info", "untranslated", "i")]
    assert counts(many) == "0 errors, 1,635 warnings, 1 info"
    assert counts([error("x", "a", 1, "m")]) == "1 error, 0 warnings, 0 info"


def test_the_count_of_hidden_findings_has_thousands_separators():
    many = [warning("glossary", "content/ko/x.md", n, "w") for n in range(1, 1541)]
    assert grouped(many)[-1] == "… and 1,530 more warning[glossary] in content/ko/x.md"
