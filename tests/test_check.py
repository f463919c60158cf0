"""`site-builder check` on small sites: each kind of finding, its source position, the JSON form."""

import json

from helpers import run_cli, write_site
from site_builder.content.theme import THEME_DIR

NOTES = {
    "content/en/index.md": "---\ntitle: Home\n---\n## Start {#start}\n\n[a](a.md#part) [a-bad](a.md#nope) [self](#start)\n"
                           "[gone](#gone) [folder](sub/) [abs](/missing/) ![img](/img/x.png)\n",
    "content/en/a.md": "---\ntitle: A\n---\n## Part {#part}\n\n<a name='raw'></a>[raw](#raw) [fn][^1]\n\n[^1]: note\n\n"
                       "[ok](https://example.org) [up](../)\n\n$$\n\\begin{align}\nx &= 1\n\\end{align}\n$$\n\n"
                       "$$ never closed\n",
    "content/en/sub/index.md": "# Sub\n\n[back](#fnref1)\n",
}


FINDINGS = [
        "content/en/a.md:18:1: warning[math]: '$$' opens math that is never closed in this paragraph",
        "content/en/index.md:6:24: warning[anchor]: anchor '#nope' matches no heading or id in content/en/a.md",
        "content/en/index.md:7:8: warning[anchor]: anchor '#gone' matches no heading or id on this page",
        "content/en/index.md:7:36: warning[link]: link '/missing/' leads to /missing/, which the site does not have",
        "content/en/index.md:7:54: warning[link]: image '/img/x.png' leads to /img/x.png, which the site does not have",
        "content/en/sub/index.md:3:8: warning[anchor]: anchor '#fnref1' matches no heading or id on this page",
]


def test_findings_with_source_positions(tmp_path):
    write_site(tmp_path, NOTES)
    result = run_cli("check", tmp_path)
    assert result.returncode == 0  # warnings: they fail only with --strict
    assert result.stderr.splitlines() == FINDINGS
    assert result.stdout.splitlines() == ["check passed: 3 pages, 0 errors, 6 warnings, 1 external links not fetched"]
    strict = run_cli("check", tmp_path, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [*FINDINGS, "check failed: 3 pages, 0 errors, 6 warnings, "
                                                     "1 external links not fetched"]
    assert not (tmp_path / "_site").exists() and not (tmp_path / ".cache").exists()  # no output, no cache


def test_build_reports_what_check_reports(tmp_path):
    """The checks run in every build: the same findings, once each; --strict publishes nothing."""
    write_site(tmp_path, NOTES)
    built = run_cli("build", tmp_path, "-o", tmp_path / "out", "--no-cache")
    assert built.returncode == 0 and built.stderr.splitlines() == FINDINGS
    assert built.stdout.startswith("built 3 pages, ") and built.stdout.rstrip().endswith("(0 errors, 6 warnings)")
    strict = run_cli("build", tmp_path, "-o", tmp_path / "strict", "--no-cache", "--strict")
    assert strict.returncode == 1 and strict.stderr.splitlines()[:-1] == FINDINGS
    assert not (tmp_path / "strict").exists()


def test_json_format_and_strict(tmp_path):
    write_site(tmp_path, {"content/en/index.md": "# Home\n\n[x](https://example.org/x) {{ site.nope }}\n"})
    result = run_cli("check", tmp_path, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["problems"] == [{"severity": "warning", "code": "liquid", "file": "content/en/index.md", "line": 3,
                                   "column": 28, "message": "unknown site key 'nope' in {{ site.nope }} "
                                                            "(not in site.yaml or its params)"}]
    assert report["external_links"] == [{"file": "content/en/index.md", "line": 3, "url": "https://example.org/x"}]
    assert report["summary"] == {"errors": 0, "warnings": 1, "info": 0, "pages": 1, "ok": True}
    strict = run_cli("check", tmp_path, "--strict", "--format", "json")
    assert strict.returncode == 1 and json.loads(strict.stdout)["summary"]["ok"] is False


def test_clean_site_passes_and_build_errors_are_reported(tmp_path):
    write_site(tmp_path, {"content/en/index.md": "# Home\n\n[self](index.md)\n"})
    ok = run_cli("check", tmp_path)
    assert ok.returncode == 0 and ok.stdout.startswith("check passed: 1 pages, 0 errors, 0 warnings")
    (tmp_path / "content/en/index.md").write_text("---\ntitle: [\n---\n")
    bad = run_cli("check", tmp_path)
    assert bad.returncode == 1 and "content/en/index.md:2:" in bad.stderr and "Traceback" not in bad.stderr


def test_new_site_builds_and_checks_clean(tmp_path):
    dest = tmp_path / "course"
    result = run_cli("new", dest)
    assert result.returncode == 0, result.stderr
    assert (dest / "glossary.yaml").is_file() and (dest / "content/en/first-note.md").is_file()
    assert not (dest / "templates").exists() and not (dest / "static").exists()  # the bundled theme serves it
    assert run_cli("check", dest, "--strict").returncode == 0
    assert run_cli("build", dest).returncode == 0
    again = run_cli("new", dest)
    assert again.returncode == 1 and "not empty" in again.stderr


def test_theme_is_package_data():
    """pyproject's package-data patterns cover every theme file, so a plain install has the theme."""
    import fnmatch
    import tomllib

    from helpers import REPO

    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["site_builder"]
    for file in THEME_DIR.rglob("*"):
        if file.is_file():
            rel = file.relative_to(THEME_DIR.parent).as_posix()
            assert any(fnmatch.fnmatch(rel, p.replace("**/", "")) or fnmatch.fnmatch(rel, p) for p in patterns), rel
    assert not (REPO / "templates").exists()  # this repository's site uses the bundled theme as any site does
