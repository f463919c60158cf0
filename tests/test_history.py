"""Staleness against real git histories: the stamped version of a source is found when the source
was renamed (with edits, its language folder too), when a merge resolved a conflict in it, and when
the stamped commit was rewritten away (amend, squash) but is still in the reflog. `status` and the
built page's badge name the same changed sections."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import run_cli, write_site

pytestmark = pytest.mark.skipif(not shutil.which("git"), reason="needs git")

CONFIG = "title: H\nurl: https://h.example\nlanguages:\n  en: English\n  ko: 한국어\nsource_language: en\n"
SOURCE = "---\ntitle: A\n---\n\n## One\n\nFirst para.\n\n## Two\n\nSecond para.\n\n## Three\n\nThird para.\n"
KO = "---\ntitle: 가\n---\n\n## 하나\n\n첫 문단입니다.\n\n## 둘\n\n두 번째 문단입니다.\n\n## 셋\n\n세 번째 문단입니다.\n"


class Repo:
    """A site in a git repository whose first commits hold a source and its stamped translation."""

    def __init__(self, tmp_path: Path, name: str = "a.md") -> None:
        self.site = write_site(tmp_path / "site", {}, CONFIG, theme=False)
        self.write(f"content/en/{name}", SOURCE)
        self.write(f"content/ko/{name}", KO)
        self.git("init", "-q")
        self.git("config", "user.email", "t@example.org")
        self.git("config", "user.name", "T")
        self.commit("source and translation")
        assert run_cli("status", self.site, "--stamp", self.site / f"content/ko/{name}").returncode == 0
        self.commit("stamped")

    def git(self, *args: str) -> str:
        return subprocess.run(["git", "-C", str(self.site), *args], check=True, capture_output=True, text=True).stdout

    def write(self, rel: str, text: str) -> None:
        (self.site / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.site / rel).write_text(text)

    def edit(self, rel: str, old: str, new: str) -> None:
        self.write(rel, (self.site / rel).read_text().replace(old, new))

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def changed(self) -> list:
        rows = json.loads(run_cli("status", self.site, "--format", "json").stdout)["notes"]
        assert [r["state"] for r in rows] == ["stale"]
        return rows[0]["changed_sections"]


def test_a_rename_with_edits(tmp_path):
    repo = Repo(tmp_path)
    repo.git("mv", "content/en/a.md", "content/en/b.md")
    repo.git("mv", "content/ko/a.md", "content/ko/b.md")
    repo.edit("content/en/b.md", "Third para.", "Third para, edited.")
    repo.commit("renamed and edited")
    assert repo.changed() == ["three"]


def test_a_pure_rename_to_a_non_ascii_name_then_an_edit(tmp_path):
    repo = Repo(tmp_path)
    repo.edit("content/en/a.md", "Second para.", "Second para, edited.")
    repo.commit("edited")
    repo.git("mv", "content/en/a.md", "content/en/한 글.md")
    repo.git("mv", "content/ko/a.md", "content/ko/한 글.md")
    repo.commit("renamed")
    assert repo.changed() == ["two"]


def test_the_source_language_folder_renamed(tmp_path):
    repo = Repo(tmp_path)
    repo.git("mv", "content/en", "content/eng")
    repo.write("site.yaml", CONFIG.replace("  en: English", "  eng: English").replace("source_language: en", "source_language: eng\nlanguage: eng"))
    repo.edit("content/eng/a.md", "First para.", "First para, edited.")
    repo.commit("folder renamed")
    assert repo.changed() == ["one"]


def test_stamped_on_a_merge_that_resolved_a_conflict(tmp_path):
    repo = Repo(tmp_path)
    repo.git("checkout", "-q", "-b", "side")
    repo.edit("content/en/a.md", "Second para.", "Second para, side.")
    repo.commit("side")
    repo.git("checkout", "-q", "-")
    repo.edit("content/en/a.md", "Second para.", "Second para, main.")
    repo.commit("main")
    subprocess.run(["git", "-C", str(repo.site), "merge", "-q", "side"], capture_output=True)
    repo.write("content/en/a.md", SOURCE.replace("Second para.", "Second para, resolved."))
    repo.commit("merged")
    assert run_cli("status", repo.site, "--stamp", repo.site / "content/ko/a.md").returncode == 0
    repo.commit("stamped again")
    repo.edit("content/en/a.md", "Third para.", "Third para, edited.")
    repo.commit("edited")
    assert repo.changed() == ["three"]


def test_the_stamped_commit_squashed_away(tmp_path):
    repo = Repo(tmp_path)
    repo.edit("content/en/a.md", "Second para.", "Second para, v2.")
    assert run_cli("status", repo.site, "--stamp", repo.site / "content/ko/a.md").returncode == 0
    repo.commit("v2, stamped")
    repo.edit("content/en/a.md", "Third para.", "Third para, v3.")
    repo.commit("v3")
    repo.git("reset", "-q", "--soft", "HEAD~3")
    repo.commit("squashed")  # the stamped version is in no commit of HEAD's history, only in the reflog
    assert repo.changed() == ["three"]
    result = run_cli("build", repo.site, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    badges = {line for page in (tmp_path / "out").rglob("*.html") for line in page.read_text().splitlines()
              if '<p class="badge stale"' in line}
    assert badges and all(line.endswith('<a href="#three">#three</a></p>') for line in badges)


def test_two_translations_of_one_source_are_two_rows(tmp_path):
    repo = Repo(tmp_path)
    repo.write("content/ko/a2.md", "---\ntitle: 가2\ntranslation_of: a\n---\n\n## 하나\n\n다른 번역의 첫 문단입니다.\n")
    repo.edit("content/en/a.md", "Third para.", "Third para, edited.")
    repo.commit("a second translation; the source edited")
    rows = json.loads(run_cli("status", repo.site, "--format", "json").stdout)["notes"]
    assert [(r["file"], r["state"], r["changed_sections"]) for r in rows] == [
        ("content/ko/a.md", "stale", ["three"]), ("content/ko/a2.md", "unstamped", None)]
    shown = run_cli("check", repo.site)
    assert ("content/ko/a2.md:3: warning[pairing]: a second 'ko' translation of content/en/a.md, beside "
            "content/ko/a.md: the language menu lists both") in shown.stderr + shown.stdout


def test_a_shallow_clone_says_why_it_cannot_tell(tmp_path):
    repo = Repo(tmp_path)
    repo.edit("content/en/a.md", "Third para.", "Third para, edited.")
    repo.commit("edited")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.site.as_uri(), str(clone)], check=True, capture_output=True)
    result = run_cli("status", clone)
    assert ("content/ko/a.md: its source changed since the stamp (git history cannot say how: not a git checkout, "
            "a shallow clone, or the stamped version was never committed)") in result.stdout


@pytest.mark.parametrize("value", ['""', "12345", "[1, 2]", "zzz", "true"])
def test_a_source_hash_that_is_no_stamp_is_said_so_at_its_line(tmp_path, value):
    repo = Repo(tmp_path)
    repo.edit("content/ko/a.md", "source_hash:", "source_hash: " + value + "\nold_hash:")
    shown = run_cli("check", repo.site).stderr
    assert "content/ko/a.md:3: warning[stale]: 'source_hash: " in shown
    assert "' is no stamp (`v2-` and 12 hex digits): once this translation matches content/en/a.md, run: " in shown


@pytest.mark.parametrize("front, line, named", [
    ("translation_of: nothere\n", 3, "content/en/nothere.md"),  # a typo
    ("translation_of: b\n", 3, "content/en/b.md"),  # itself
    ("translation_of: ko/a\n", 3, "content/en/ko/a.md"),  # another translation, by its path
])
def test_a_translation_that_pairs_with_nothing_is_warned_at_its_line(tmp_path, front, line, named):
    repo = Repo(tmp_path)
    repo.write("content/ko/b.md", f"---\ntitle: 나\n{front}---\n\n본문입니다.\n")
    shown = run_cli("check", repo.site).stderr
    assert (f"content/ko/b.md:{line}: warning[pairing]: this translation names {named}, which is no note of the "
            "site (deleted, renamed, or a typo?)") in shown


def test_a_stamped_translation_whose_source_was_deleted_is_warned(tmp_path):
    repo = Repo(tmp_path)
    repo.git("rm", "-q", "content/en/a.md")
    repo.commit("source deleted")
    shown = run_cli("check", repo.site).stderr
    assert "content/ko/a.md:3: warning[pairing]: this translation was stamped against content/en/a.md, " in shown
