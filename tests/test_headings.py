"""A translation's heading ids through the public surface: inherited from the source version its
stamp names (a real two-commit git history), paired by structure; the "changed sections" badge
links only to ids the page has and lands on the right translated headings; `status` names the
sections as the page does; an anchor the page lacks is `warning[anchor]` with file and line."""

import shutil
import subprocess
from pathlib import Path

from dom import parse
from helpers import fixture_site, run_cli
from site_builder.build.build import build

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "headings"

# The translated headings, each with the id it should have when stamped against tour.v1.md
STAMPED_IDS = [("lists-and-loops", "리스트와 반복문"), ("python", "파이썬"), ("versions", "버전"),
               ("lists", "리스트"), ("bias", "편향 요령"), ("summary", "요약"),
               ("a-link-in-a-heading", "반복문을 잇는 제목"), ("for-loop", "for 문"), ("old-section", "옛 절"),
               ("summary-1", "요약")]
CHANGED = ["python", "versions", "lists", "bias", "a-link-in-a-heading", "old-section", "summary-1", "setup"]


def headings(html: str) -> list[tuple[str, str]]:
    body = parse(html).find("main") or parse(html)
    return [(h.attrs["id"], h.text()) for h in body.iter()
            if h.tag in ("h1", "h2", "h3", "h4") and "id" in h.attrs and h.attrs["id"] != "toc-title"]


def badge_links(html: str) -> list[str]:
    badge = parse(html).find("p", "stale")
    return [a.attrs["href"] for a in badge.find_all("a")] if badge else []


def history(tmp_path: Path) -> Path:
    """The fixture site in a git repository: the source as tour.v1.md, the translation stamped
    against it, then the source as it is now (a heading added before "Python", one removed)."""
    site = fixture_site("headings", tmp_path / "site", theme=True)
    current = (site / "content/en/tour.md").read_text(encoding="utf-8")
    shutil.copy(FIXTURES / "tour.v1.md", site / "content/en/tour.md")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(site), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    git("add", "-A")
    git("commit", "-q", "-m", "source and translation")
    stamped = run_cli("status", site, "--stamp", site / "content/ko/tour.md")
    assert stamped.returncode == 0, stamped.stderr
    git("commit", "-q", "-am", "stamped")
    (site / "content/en/tour.md").write_text(current, encoding="utf-8")
    git("commit", "-q", "-am", "source gains a heading, loses one")
    return site


def line_of(file: Path, needle: str, whole: bool = False) -> int:
    """The first line of `file` holding `needle` (`whole`: that is `needle`)."""
    lines = file.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if (line == needle if whole else needle in line))


def test_badge_links_land_on_the_right_translated_headings_after_the_source_gains_one(tmp_path):
    site = history(tmp_path)
    out = tmp_path / "out"
    assert build(site, out).written
    page = (out / "tour/index.html").read_text(encoding="utf-8")
    assert headings(page) == STAMPED_IDS
    by_id = dict(headings(page))
    links = badge_links(page)
    # every changed section the page has is linked, each to the heading translating it
    assert links == [f"#{s}" for s in CHANGED if s != "setup"]
    assert [by_id[href[1:]] for href in links] == ["파이썬", "버전", "리스트", "편향 요령", "반복문을 잇는 제목", "옛 절", "요약"]
    assert parse(page).find(None, "stale") is not None and 'id="setup"' not in page

    result = run_cli("status", site)
    assert ("content/ko/tour.md: changed in the source since the stamp: " + ", ".join(f"#{s}" for s in CHANGED)
            in result.stdout)
    assert "+## Setup" in result.stdout and "-Old section" in result.stdout

    checked = run_cli("check", site).stderr.splitlines()
    ko = site / "content/ko/tour.md"
    anchors = [line for line in checked if "warning[anchor]" in line]
    assert anchors == [
        f"content/ko/tour.md:{line_of(ko, 'source_hash')}: warning[anchor]: section '#setup' of content/en/tour.md, "
        "changed since the stamp, matches no heading or id on this page: the \"changed sections\" badge cannot link "
        "to it (a section not translated yet, or a heading that does not pair with the source's: give it {#setup})",
        f"content/ko/tour.md:{line_of(ko, '#python-versions')}:47: warning[anchor]: anchor '#python-versions' "
        "matches no heading or id on this page",
    ]


def test_an_own_id_for_the_new_section_silences_the_badge_warning(tmp_path):
    site = history(tmp_path)
    ko = site / "content/ko/tour.md"
    ko.write_text(ko.read_text(encoding="utf-8").replace("\n파이썬\n------\n", "\n## 준비 {#setup}\n\n인터프리터를 먼저 "
                                                        "설치합니다.\n\n파이썬\n------\n"), encoding="utf-8")
    out = tmp_path / "out"
    assert build(site, out).written
    page = (out / "tour/index.html").read_text(encoding="utf-8")
    assert ("setup", "준비") in headings(page) and "#setup" in badge_links(page)
    assert all(href[1:] in dict(headings(page)) for href in badge_links(page))
    assert not [line for line in run_cli("check", site).stderr.splitlines() if "#setup" in line]


def test_without_history_ids_pair_by_structure_with_the_current_source(tmp_path):
    site = fixture_site("headings", tmp_path / "site", theme=True)
    out = tmp_path / "out"
    assert build(site, out).written
    found = headings((out / "tour/index.html").read_text(encoding="utf-8"))
    # "Setup" added before "Python" shifts nothing; h2 "버전" takes the id of the source's h3;
    # the translation's own {#for-loop} wins
    # "Old section", gone from the source, pairs with nothing: its translation keeps a slug of its own
    # text, and the second "요약" still gets summary-1
    assert found == [*STAMPED_IDS[:8], ("옛-절", "옛 절"), ("summary-1", "요약")]
    ko = site / "content/ko/tour.md"
    parity = [line for line in run_cli("check", site).stderr.splitlines() if "heading" in line and "parity" in line]
    assert sorted(parity) == sorted([
        f"content/ko/tour.md:{line_of(ko, '## 버전')}: warning[parity]: heading '버전' is h2; the source's heading "
        "here is h3 (content/en/tour.md:22)",
        f"content/ko/tour.md:{line_of(ko, '옛 절')}: warning[parity]: heading '옛 절' has no counterpart in "
        "content/en/tour.md",
        f"content/ko/tour.md:{line_of(ko, '파이썬', whole=True)}: warning[parity]: the source's heading 'Setup' "
        "(content/en/tour.md:9) is missing",
    ])
    rows = run_cli("status", site).stdout
    # the section the source gained is not translated: its heading and paragraph are what is left
    assert any(line.split()[:6] == ["tour", "note", "ko", "90%", "unstamped", "7"] for line in rows.splitlines())


def test_a_warm_build_after_the_source_moves_on_matches_a_cold_one(tmp_path):
    # The translation's text does not change, its source does: the version it inherits from (the
    # stamped one) is part of its render key, so the cache never serves ids from another version
    site = history(tmp_path)
    ko, en = site / "content/ko/tour.md", site / "content/en/tour.md"
    current = en.read_text(encoding="utf-8")
    en.write_text((FIXTURES / "tour.v1.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert build(site, tmp_path / "warm", persistent_cache=True).written  # stamped and current: no stale
    en.write_text(current.replace("## Setup\n", "## Getting ready\n"), encoding="utf-8")
    assert build(site, tmp_path / "warm", persistent_cache=True).written
    assert build(site, tmp_path / "cold").written
    warm, cold = ((tmp_path / d / "tour/index.html").read_text(encoding="utf-8") for d in ("warm", "cold"))
    assert warm == cold and headings(warm) == STAMPED_IDS
    assert "#getting-ready" not in badge_links(warm) and "#old-section" in badge_links(warm)
    assert ko.read_text(encoding="utf-8").count("source_hash") == 1
