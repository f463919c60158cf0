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
