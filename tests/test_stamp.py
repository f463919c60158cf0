"""`status --stamp` through the CLI: one line set and every other byte kept (mixed newlines, a BOM,
every front matter layout), every file stamped even when one fails, the hash rule (prose whitespace
ignored, code whitespace kept, old stamps still compared by the old rule), and a diff of a source
without a final newline that `patch` re-applies exactly."""

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import run_cli, write_site

CONFIG = "title: Stamp\nurl: https://s.example\nlanguages:\n  en: English\n  ko: 한국어\nsource_language: en\n"
SOURCE = "---\ntitle: Loops\n---\n\n# Loops\n\nA loop repeats its body.\n\n```python\nfor x in xs:\n    total += x\n    print(x)\n```\n"
KO_BODY = "# 반복문\n\n반복문은 본문을 되풀이합니다.\n\n```python\nfor x in xs:\n    total += x\n    print(x)\n```\n"


def _site(tmp_path: Path, translations: dict[str, bytes], sources: dict[str, str] | None = None) -> Path:
    site = write_site(tmp_path / "site", {}, CONFIG, theme=False)
    for rel, text in (sources or {"a.md": SOURCE}).items():
        path = site / "content/en" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
    for rel, data in translations.items():
        path = site / "content/ko" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return site


def _stamp(site: Path, *rels: str) -> subprocess.CompletedProcess:
    return run_cli("status", site, "--stamp", *(site / "content/ko" / rel for rel in rels))


def _states(site: Path) -> dict[str, str]:
    result = run_cli("status", site, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {row["note"]: row["state"] for row in json.loads(result.stdout)["notes"] if row["kind"] == "note"}


def _set_line(site: Path) -> bytes:
    value = re.search(r"source_hash (v2-[0-9a-f]{12})", run_cli("status", site, "--stamp",
                                                               site / "content/ko/a.md").stdout)
    assert value, "stamping an already stamped note prints its hash"
    return f'source_hash: "{value[1]}"'.encode()


# (front matter and body as bytes, the bytes expected: `S` stands for the stamp line's text)
LAYOUTS = {
    "three lines, one CRLF line in the body": (
        b"---\ntitle: x\n---\n\n" + KO_BODY.encode().replace(b"\n\n", b"\r\n\n", 1),
        b"---\ntitle: x\nS\n---\n\n" + KO_BODY.encode().replace(b"\n\n", b"\r\n\n", 1)),
    "four lines, the title's line CRLF": (
        b"---\r\ntitle: x\r\ntranslators: [a]\n---\n\n" + KO_BODY.encode(),
        b"---\r\ntitle: x\r\ntranslators: [a]\nS\n---\n\n" + KO_BODY.encode()),
    "four lines, LF but one CRLF line": (
        b"---\ntitle: x\r\ntranslators: [a]\n---\n\n" + KO_BODY.encode(),
        b"---\ntitle: x\r\ntranslators: [a]\nS\n---\n\n" + KO_BODY.encode()),
    "six lines, a list over three, source_hash in the middle": (
        b"---\ntitle: x\ntranslators:\n  - a\n  - b\nsource_hash: 'v2-000000000000'\r\norder: 2\n---\n" + KO_BODY.encode(),
        b"---\ntitle: x\ntranslators:\n  - a\n  - b\nS\r\norder: 2\n---\n" + KO_BODY.encode()),
    "BOM and CRLF everywhere": (
        b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n\r\n" + KO_BODY.encode().replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf---\r\ntitle: x\r\nS\r\n---\r\n\r\n" + KO_BODY.encode().replace(b"\n", b"\r\n")),
    "no front matter, no final newline": (
        KO_BODY.encode().rstrip(b"\n"),
        b"---\nS\n---\n" + KO_BODY.encode().rstrip(b"\n")),
    "an old stamp, comments, closing fence with trailing spaces": (
        b"---\n# reviewed\nsource_hash: 0123456789ab   # old\r\ntitle: x\n---   \n\n" + KO_BODY.encode(),
        b"---\n# reviewed\nS   # old\r\ntitle: x\n---   \n\n" + KO_BODY.encode()),
    "empty front matter closed by ...": (
        b"---\n...\n" + KO_BODY.encode(),
        b"---\nS\n...\n" + KO_BODY.encode()),
    "a --- rule then prose is no front matter": (
        b"---\n\n" + KO_BODY.encode(),
        b"---\nS\n---\n---\n\n" + KO_BODY.encode()),
    "source_hash: in the body is not touched": (
        b"---\ntitle: x\n---\n\n" + KO_BODY.encode() + b"\n    source_hash: 1\n",
        b"---\ntitle: x\nS\n---\n\n" + KO_BODY.encode() + b"\n    source_hash: 1\n"),
}


@pytest.mark.parametrize("case", LAYOUTS)
def test_one_line_set_every_other_byte_kept(tmp_path, case):
    before, expected = LAYOUTS[case]
    site = _site(tmp_path, {"a.md": before})
    result = _stamp(site, "a.md")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    stamp = re.fullmatch(r".*: source_hash (v2-[0-9a-f]{12})\n", result.stdout)
    assert stamp, result.stdout
    assert (site / "content/ko/a.md").read_bytes() == expected.replace(b"S", f'source_hash: "{stamp[1]}"'.encode(), 1)
    assert _states(site)["a"] == "current"
    again = (site / "content/ko/a.md").read_bytes()
    assert _stamp(site, "a.md").returncode == 0 and (site / "content/ko/a.md").read_bytes() == again  # idempotent


def test_every_file_stamped_each_failure_reported(tmp_path):
    good = b"---\ntitle: x\n---\n\n" + KO_BODY.encode()
    site = _site(tmp_path, {
        "a.md": good, "b.md": b"---\r\ntitle: y\r\nlayout: page\ntranslators: [a]\n---\n\n" + KO_BODY.encode(),
        "bad-yaml.md": b"---\ntitle: x\nother: [unclosed\n---\n\nbody\n",
        "unclosed.md": b"---\ntitle: x\n\nbody\n",
        "latin1.md": b"---\ntitle: x\n---\n\ncaf\xe9\n",
        "orphan.md": good,  # no content/en/orphan.md
        "c.md": good,
    }, {"a.md": SOURCE, "b.md": SOURCE.replace("Loops", "More loops"), "c.md": SOURCE + "\nMore.\n"})
    rels = ["a.md", "bad-yaml.md", "b.md", "unclosed.md", "latin1.md", "orphan.md", "c.md"]
    before = {rel: (site / "content/ko" / rel).read_bytes() for rel in rels}
    result = run_cli("status", site, "--stamp", *(site / "content/ko" / rel for rel in rels),
                     site / "content/en/a.md", site / "content/ko/missing.md")
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    ko = f"{site}/content/ko"
    assert [line.split(": source_hash ")[0] for line in result.stdout.splitlines()] == [
        f"{ko}/a.md", f"{ko}/b.md", f"{ko}/c.md"]
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"{ko}/bad-yaml.md:3") and "error[" in errors[0]
    assert errors[1:] == [
        f"{ko}/unclosed.md:1: error[front-matter]: front matter opened with '---' is never closed (add a '---' line "
        "after it)",
        f"{ko}/latin1.md:5:4: error[encoding]: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
        f"{ko}/orphan.md: error[stamp]: no source note content/en/orphan.md (or set translation_of: to its key)",
        f"{site}/content/en/a.md: error[stamp]: a note in the source language (en): only translations are stamped",
        f"{ko}/missing.md: error[stamp]: not a note of this site (a .md file under content/<lang>/)",
        "6 of 9 files not stamped"]
    for rel in ("bad-yaml.md", "unclosed.md", "latin1.md", "orphan.md"):
        assert (site / "content/ko" / rel).read_bytes() == before[rel]  # a failure changes nothing
    hashes = dict(line.split(": source_hash ") for line in result.stdout.splitlines())
    assert len(set(hashes.values())) == 3  # each file has its own source's hash
    stamped_b = (site / "content/ko/b.md").read_bytes()
    assert stamped_b == before["b.md"].replace(b"translators: [a]\n", f'translators: [a]\nsource_hash: "{hashes[f"{ko}/b.md"]}"\n'.encode())
    assert {k: v for k, v in _states(site).items() if k in "abc"} == {"a": "current", "b": "current", "c": "current"}


def _edit_source(site: Path, old: str, new: str) -> None:
    path = site / "content/en/a.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_whitespace_is_meaning_in_code_not_in_prose(tmp_path):
    site = _site(tmp_path, {"a.md": b"---\ntitle: x\n---\n\n" + KO_BODY.encode()},
                 {"a.md": SOURCE + "\n- a list item:\n\n      indented = code\n      in_a_list()\n"})
    assert _stamp(site, "a.md").returncode == 0
    _edit_source(site, "A loop repeats its body.", "A loop   repeats\nits body.  ")  # prose reflowed
    _edit_source(site, "```python\nfor", "```python\n\nfor")  # a blank line before the code: no change
    _edit_source(site, "    print(x)\n```", "    print(x)   \n```")  # trailing spaces in code: no change
    assert _states(site)["a"] == "current"
    _edit_source(site, "    print(x)   \n", "print(x)\n")  # out of the loop: another program
    assert _states(site)["a"] == "stale"
    assert _stamp(site, "a.md").returncode == 0 and _states(site)["a"] == "current"
    _edit_source(site, "      in_a_list()", "          in_a_list()")  # indented code inside a list item
    assert _states(site)["a"] == "stale"


def _legacy(text: str) -> str:
    """The hash stamps had before code counted, computed here from its definition."""
    body = text.split("---\n", 2)[2]
    return hashlib.sha256(" ".join(body.split()).encode()).hexdigest()[:12]


def test_old_stamps_are_compared_by_the_old_rule(tmp_path):
    site = _site(tmp_path, {"a.md": f'---\ntitle: x\nsource_hash: "{_legacy(SOURCE)}"\n---\n\n{KO_BODY}'.encode(),
                            "b.md": f'---\ntitle: x\nsource_hash: "{_legacy(SOURCE)[::-1]}"\n---\n\n{KO_BODY}'.encode(),
                            "c.md": f'---\ntitle: x\nsource_hash: "v9-{_legacy(SOURCE)}"\n---\n\n{KO_BODY}'.encode()},
                 {"a.md": SOURCE, "b.md": SOURCE, "c.md": SOURCE})
    assert _states(site) == {"a": "current", "b": "stale", "c": "stale"}  # an unknown stamp is never current
    _edit_source(site, "A loop repeats its body.", "A loop repeats its body twice.")
    assert _states(site)["a"] == "stale"
    assert _stamp(site, "a.md").returncode == 0
    assert re.search(rb'source_hash: "v2-[0-9a-f]{12}"\n', (site / "content/ko/a.md").read_bytes())
    assert _states(site)["a"] == "current"


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_a_code_indentation_change_names_its_section(tmp_path):
    source = SOURCE + "\n## Prose only\n\nNothing but words here.\n"
    site = _site(tmp_path, {"a.md": b"---\ntitle: x\n---\n\n" + KO_BODY.encode()}, {"a.md": source})
    site = _git_repo(site)
    (site / "content/en/a.md").write_text(source.replace("    print(x)", "print(x)").replace("words here.",
                                                                                            "words\n   here."), encoding="utf-8")
    subprocess.run(["git", "-C", str(site), "commit", "-q", "-am", "print moved"], check=True)
    result = run_cli("status", site)
    assert "content/ko/a.md: changed in the source since the stamp: #loops\n" in result.stdout
    assert "-    print(x)\n+print(x)\n" in result.stdout


def _git_repo(site: Path) -> Path:
    """`site` as a git repository whose one commit has every translation stamped."""
    git = lambda *a: subprocess.run(["git", "-C", str(site), *a], check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    assert run_cli("status", site, "--stamp", *(site / "content/ko").rglob("*.md")).returncode == 0
    git("add", "-A")
    git("commit", "-q", "-m", "stamped")
    return site


def _apply(diff: str, old: str, tmp_path: Path) -> str:
    """`old` with `diff` applied by the real `patch`."""
    target = tmp_path / "applied.md"
    target.write_bytes(old.encode())
    done = subprocess.run(["patch", "--quiet", "--batch", str(target)], input=diff.encode(), capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return target.read_bytes().decode()


@pytest.mark.skipif(not shutil.which("git") or not shutil.which("patch"), reason="needs git and patch")
@pytest.mark.parametrize("old_end, new_end", [("", ""), ("", "\n"), ("\n", "")])
def test_diff_without_final_newline_reapplies(tmp_path, old_end, new_end):
    old = "---\ntitle: Ends\n---\n\n# Ends\n\nFirst text.\n\nOld text." + old_end
    new = "---\ntitle: Ends\n---\n\n# Ends\n\nFirst text.\n\nNew text." + new_end
    site = _git_repo(_site(tmp_path, {"a.md": b"---\ntitle: x\n---\n\n# \xeb\x81\x9d\n"}, {"a.md": old}))
    (site / "content/en/a.md").write_bytes(new.encode())
    subprocess.run(["git", "-C", str(site), "commit", "-q", "-am", "source edited"], check=True)
    result = run_cli("status", site)
    assert "-Old text.+New text." not in result.stdout
    printed = result.stdout.split("changed in the source since the stamp: #ends\n", 1)[1]
    assert _apply(printed + "\n", old, tmp_path) == new
    row = json.loads(run_cli("status", site, "--format", "json").stdout)["notes"][0]
    assert row["state"] == "stale" and _apply(row["diff"], old, tmp_path) == new
