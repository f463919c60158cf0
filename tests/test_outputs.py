"""The checks look for a link's target among the output names the Site implies (outputs.py), without
rendering a template: those names must be exactly the files the build produces, on every kind of site."""

from __future__ import annotations

import pytest

from helpers import REPO, fixture_site, run_cli
from site_builder.build.build import assemble
from site_builder.build.outputs import output_names
from site_builder.core.config import load_config

SITES = [("basic", False), ("glossary", False), ("lecture", True), ("lecture", False), ("translation", False)]


def names_and_files(site_dir):
    done = assemble(load_config(site_dir))
    files = [output.out for output in done.outputs]
    assert not [p for p in done.problems if p.severity == "error"], done.problems  # every template rendered
    assert len(files) == len(set(files))
    return output_names(done.site), frozenset(files)


@pytest.mark.parametrize("name,theme", SITES)
def test_output_names_are_the_files_the_build_renders(tmp_path, name, theme):
    names, files = names_and_files(fixture_site(name, tmp_path / "site", theme=theme))
    assert names == files
    if name == "lecture":  # caption downloads are named without being made; the script, bundled or the site's
        assert any(n.endswith(".vtt") for n in names) and any(n.endswith(".srt") for n in names)
        assert "js/lecture.js" in names


def test_output_names_of_the_repo_site_and_a_new_one(tmp_path):
    names, files = names_and_files(REPO)
    assert names == files and "404.html" in names
    assert run_cli("new", tmp_path / "course").returncode == 0
    names, files = names_and_files(tmp_path / "course")
    assert names == files


def test_a_page_whose_template_fails_is_still_named(tmp_path):
    """So a link to it is no broken link: the template's error is what the build reports."""
    site = fixture_site("basic", tmp_path / "site")
    (site / "templates/broken.html").write_text("{% if %}", encoding="utf-8")
    note = site / "content/en/notes/intro.md"
    note.write_text(note.read_text(encoding="utf-8").replace("---\n", "---\nlayout: broken\n", 1), encoding="utf-8")
    linking = site / "content/ko/notes/second.md"
    linking.write_text(linking.read_text(encoding="utf-8") + "\n[intro](/en/notes/intro/#loss)\n", encoding="utf-8")
    done = assemble(load_config(site))
    files = {output.out for output in done.outputs}
    assert output_names(done.site) - files == {"en/notes/intro/index.html"}
    assert [str(p) for p in done.problems if p.severity == "error"] == [
        "templates/broken.html:1: error[template]: Expected an expression, got 'end of statement block'"]
    assert not [p for p in done.problems if p.code in ("link", "anchor")]


def test_sitemap_urls_are_percent_encoded(tmp_path):
    """A note named with a space and a Korean permalink: their URLs in sitemap.xml are encoded, as a
    sitemap's <loc> must be (the pages' own paths stay as written)."""
    site = tmp_path / "site"
    (site / "content" / "ko").mkdir(parents=True)
    (site / "site.yaml").write_text("title: 강의\nurl: https://team.example\nbaseurl: /강의 노트\nlanguage: ko\n",
                                    encoding="utf-8")
    (site / "content" / "ko" / "index.md").write_text("---\ntitle: 홈\n---\n\n홈.\n", encoding="utf-8")
    (site / "content" / "ko" / "my note.md").write_text("---\ntitle: 노트\n---\n\n노트.\n", encoding="utf-8")
    (site / "content" / "ko" / "b.md").write_text("---\ntitle: 역전파\npermalink: /역전파/\n---\n\n글.\n", encoding="utf-8")
    result = run_cli("build", site)
    assert result.returncode == 0, result.stderr
    locs = {loc.split("</loc>")[0] for loc in (site / "_site" / "sitemap.xml").read_text(encoding="utf-8").split("<loc>")[1:]}
    base = "https://team.example/%EA%B0%95%EC%9D%98%20%EB%85%B8%ED%8A%B8"
    assert locs == {f"{base}/", f"{base}/my%20note/", f"{base}/%EC%97%AD%EC%A0%84%ED%8C%8C/"}
    assert (site / "_site" / "my note" / "index.html").is_file() and (site / "_site" / "역전파" / "index.html").is_file()
