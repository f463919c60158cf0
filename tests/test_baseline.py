"""The check baseline through the command line: `check --write-baseline`, then `check` and `build`
failing only on findings beyond it; stale entries; line shifts; a malformed baseline."""

import json

import pytest

from helpers import run_cli, write_site

CONFIG = "title: T\nurl: https://t.example\nlanguage: ko\nlanguages:\n  ko: 한국어\n  en: English\nsource_language: en\n"
NOTES = {
    "content/en/index.md": "---\ntitle: Home\n---\n## Start\n\n[a](a.md#nope) [gone](/missing/)\n",
    "content/en/a.md": "---\ntitle: A\n---\n## One\n\ntext\n\n### Two\n\n[x](/missing/)\n\n[y](/missing/)\n",
    # h2 where the source has h3: the message cites the source's line (content/en/a.md:8)
    "content/ko/a.md": "---\ntitle: 가\n---\n## 하나\n\n본문\n\n## 둘\n",
    "content/ko/index.md": "---\ntitle: 홈\n---\n## 시작\n\n[가](a.md#nope) [없는 곳](/missing/)\n",
    "content/en/broken.md": "---\ntitle: [unclosed\n---\n# Broken\n",  # an error: the note is left out
}
KNOWN = [
    "content/en/a.md:10:5: warning[link]: link '/missing/' leads to /missing/, which the site does not have",
    "content/en/a.md:12:5: warning[link]: link '/missing/' leads to /missing/, which the site does not have",
]


def site(tmp_path):
    return write_site(tmp_path / "site", NOTES, CONFIG)


def lines(result):
    return result.stderr.splitlines()


def test_write_then_only_new_findings_fail(tmp_path):
    root = site(tmp_path)
    before = run_cli("check", root)
    assert before.returncode == 1 and "error[yaml]" in before.stderr
    wrote = run_cli("check", root, "--write-baseline")
    assert wrote.returncode == 0, wrote.stderr
    assert "check-baseline.yaml: 8 findings (1 error, 7 warnings) in 5 files" in wrote.stdout
    text = (root / "check-baseline.yaml").read_text(encoding="utf-8")
    assert "count: 2\n" in text and ":10" not in text and ":8)" not in text  # counts, no lines
    assert "(content/en/a.md)" in text  # the parity message's place, without its line
    files = [line for line in text.splitlines() if line.startswith("  ") and line.endswith(".md:")]
    assert files == sorted(files) and len(files) == 5
    assert run_cli("check", root, "--write-baseline").returncode == 0
    assert (root / "check-baseline.yaml").read_text(encoding="utf-8") == text  # stable: same findings, same bytes

    ok = run_cli("check", root, "--strict")
    assert ok.returncode == 0, ok.stderr
    assert lines(ok) == ["8 known findings (1 error, 7 warnings) suppressed by check-baseline.yaml "
                         "(--show-known lists them)"]
    shown = run_cli("check", root, "--strict", "--show-known")
    assert all(line in lines(shown) for line in (f"{k} (known: in check-baseline.yaml)" for k in KNOWN))
    assert run_cli("check", root, "--no-baseline").returncode == 1

    # A third identical link in a.md is one new finding; a new broken anchor is another.
    (root / "content/en/a.md").write_text(NOTES["content/en/a.md"] + "\n[z](/missing/) [w](#nowhere)\n")
    new = run_cli("check", root, "--strict")
    assert new.returncode == 1
    assert lines(new)[:2] == [
        "content/en/a.md:14:5: warning[link]: link '/missing/' leads to /missing/, which the site does not have",
        "content/en/a.md:14:20: warning[anchor]: anchor '#nowhere' matches no heading or id on this page"]
    assert lines(new)[-1].startswith("check failed: 4 pages, 0 errors, 2 warnings")
    assert run_cli("check", root).returncode == 0  # new warnings fail only with --strict
    data = json.loads(run_cli("check", root, "--format", "json").stdout)
    assert [p["line"] for p in data["problems"]] == [14, 14] and len(data["known"]) == 8
    assert data["summary"]["known"] == 8 and data["summary"]["stale_baseline_entries"] == 0


def test_fixed_findings_are_stale_and_shifted_lines_still_known(tmp_path):
    root = site(tmp_path)
    assert run_cli("check", root, "--write-baseline").returncode == 0
    # Lines inserted above every finding (and above the source heading a parity message cites).
    for rel in ("content/en/a.md", "content/en/index.md", "content/ko/index.md"):
        head, body = NOTES[rel].split("---\n## ", 1)
        (root / rel).write_text(f"{head}---\nAn added paragraph.\n\nAnother one.\n\n## {body}")
    shifted = run_cli("check", root, "--strict")
    assert shifted.returncode == 0, shifted.stderr
    assert "no longer occur" not in shifted.stderr

    (root / "content/en/broken.md").write_text("---\ntitle: Fixed\n---\n# Fixed\n")  # the error is fixed
    (root / "content/en/a.md").write_text("---\ntitle: A\n---\n## One\n\ntext\n\n### Two\n")  # two links fixed
    fixed = run_cli("check", root, "--strict")
    assert fixed.returncode == 0, fixed.stderr
    assert "3 baseline entries no longer occur; run `site-builder check --write-baseline` to shrink " \
           "check-baseline.yaml" in lines(fixed)
    assert run_cli("check", root, "--write-baseline").returncode == 0
    assert "no longer occur" not in run_cli("check", root, "--strict").stderr


def test_build_publishes_with_known_findings_only(tmp_path):
    root = site(tmp_path)
    refused = run_cli("build", root)
    assert refused.returncode == 1 and not (root / "_site").exists()
    assert run_cli("check", root, "--write-baseline").returncode == 0
    built = run_cli("build", root, "--strict")
    assert built.returncode == 0, built.stderr
    assert (root / "_site/a/index.html").is_file()
    assert "8 known findings" in built.stderr
    before = (root / "_site/a/index.html").read_bytes()
    (root / "content/en/a.md").write_text(NOTES["content/en/a.md"] + "\nSee \\eqref{eq:nowhere}.\n")
    new = run_cli("build", root, "--strict")
    assert new.returncode == 1
    assert [line for line in lines(new) if "warning[" in line or "error[" in line] == [
        "content/en/a.md:14:5: warning[ref]: \\eqref{eq:nowhere}: no formula of this note has \\label{eq:nowhere}"]
    assert lines(new)[-1] == "build failed: 0 errors, 1 warning (with --strict, warnings fail the build; " \
                             "previous output left untouched)"
    assert (root / "_site/a/index.html").read_bytes() == before


MALFORMED = {
    "version: 1\nfiles:\n  a.md:\n  - code: link\n    message: [unclosed\n":
        "check-baseline.yaml:6:1: error[baseline]: invalid YAML: while parsing a flow sequence: expected ',' or ']', "
        "but got '<stream end>'",
    "version: 1\nfiles:\n  a.md:\n  - code: link\n    message: m\n  - code: link\n    message: m\n    count: 0\n":
        "check-baseline.yaml:8: error[baseline]: 'count' must be a whole number of at least 1, not 0",
    "version: 1\nfiles:\n  a.md:\n  - code: link\n    mesage: m\n":
        "check-baseline.yaml:5: error[baseline]: unknown key 'mesage' (a finding has code, message, count)",
    "version: 1\nfiles:\n  a.md: link\n":
        "check-baseline.yaml:3: error[baseline]: 'files: a.md' must be a list of findings (code, message, count)",
    "# a comment\nversion: 2\nfiles: {}\n":
        "check-baseline.yaml:2: error[baseline]: 'version' must be 1 (this site_builder's baseline format)",
    "version: 1\nfiles:\n  a.md:\n  - just text\n":
        "check-baseline.yaml:4: error[baseline]: a finding must be a mapping with code, message and (optional) count",
    "- a list\n": "check-baseline.yaml:1: error[baseline]: expected a mapping of keys to values, got list",
}


def test_malformed_baseline_is_an_error_at_its_line(tmp_path):
    root = site(tmp_path)
    for text, expected in MALFORMED.items():
        (root / "check-baseline.yaml").write_text(text)
        for command in ("check", "build"):
            result = run_cli(command, root)
            assert result.returncode == 1, (text, result.stderr)
            assert "Traceback" not in result.stderr and "internal error" not in result.stderr
            assert lines(result)[0] == expected, text
    (root / "check-baseline.yaml").write_bytes(b"version: 1\nfiles:\n  \xff: []\n")
    assert "error[baseline]: cannot read the baseline" in run_cli("check", root).stderr
    assert run_cli("check", root, "--write-baseline").returncode == 0  # rewriting repairs it
    assert run_cli("check", root, "--strict").returncode == 0


def test_deploy_refuses_only_new_findings(tmp_path):
    import subprocess

    root = site(tmp_path)
    (root / "content/en/broken.md").unlink()  # warnings only: deploy --strict refuses them
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin", str(tmp_path / "remote.git")], check=True)
    refused = run_cli("deploy", root, "--dry-run", "--strict")
    assert refused.returncode == 1 and "deploy refused: the build has 0 errors, 7 warnings" in refused.stderr
    assert run_cli("check", root, "--write-baseline").returncode == 0
    passed = run_cli("deploy", root, "--dry-run", "--strict")
    assert passed.returncode == 0, passed.stderr
    assert "warning[" not in passed.stderr and "nothing committed or pushed" in passed.stdout
    (root / "content/en/a.md").write_text(NOTES["content/en/a.md"] + "\n[new](/gone/)\n")
    new = run_cli("deploy", root, "--dry-run", "--strict")
    assert new.returncode == 1 and lines(new) == [
        "content/en/a.md:14:7: warning[link]: link '/gone/' leads to /gone/, which the site does not have",
        "deploy refused: the build has 0 errors, 1 warning; nothing was pushed"]


def test_the_preview_overlay_shows_only_new_findings(tmp_path):
    import queue
    import shutil

    from test_serve import NOTE, SITE, Events
    from site_builder.serve.preview import Preview

    root = tmp_path / "site"
    shutil.copytree(SITE, root)  # has parity warnings: see helpers.BASIC_WARNINGS
    assert run_cli("check", root, "--write-baseline").returncode == 0
    logs: list[str] = []
    preview = Preview(root, port=0, log=logs.append, delay=0.05)
    preview.start()
    try:
        assert preview.server.problems == ()
        events = Events(preview)
        with pytest.raises(queue.Empty):  # the known warnings: no overlay
            events.next(timeout=0.5)
        (root / NOTE).write_text((root / NOTE).read_text(encoding="utf-8") + "\n[없는 곳](/nowhere/)\n", encoding="utf-8")
        assert events.next() == ("reload", "")  # the reloaded page asks for the overlay: the new finding alone
        events.close()
        shown = preview.server.problems
        assert len(shown) == 1 and shown[0].startswith(f"{NOTE}:") and "warning[link]: link '/nowhere/'" in shown[0]
        late = Events(preview)
        assert late.next() == ("warnings", list(shown))
        late.close()
    finally:
        preview.stop()
    assert not [line for line in logs if "warning[parity]" in line]


def test_a_site_that_cannot_be_read_gets_no_baseline(tmp_path):
    root = site(tmp_path)
    (root / "site.yaml").write_text("title: [unclosed\n")
    result = run_cli("check", root, "--write-baseline")
    assert result.returncode == 1 and "error[yaml]" in result.stderr
    assert lines(result)[-1] == "baseline not written: the site could not be read (1 error, 0 warnings)"
    assert not (root / "check-baseline.yaml").exists()


def test_writing_the_baseline_never_writes_through_a_planted_link(tmp_path):
    """A pull request may add any file: a link where a temporary name would be, or the baseline
    itself as a link, must not make `check --write-baseline` write outside the site."""
    root = site(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    (root / ".check-baseline.yaml.part").symlink_to(outside)
    (root / "check-baseline.yaml").symlink_to(outside)
    assert run_cli("check", root, "--write-baseline").returncode == 0
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert not (root / "check-baseline.yaml").is_symlink() and "version:" in (root / "check-baseline.yaml").read_text()
    assert (root / ".check-baseline.yaml.part").is_symlink()  # never touched
