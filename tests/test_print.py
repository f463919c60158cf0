"""The print view: one page per language with every note in course order, math, code and figures
as on the notes' own pages, ids unique, and links between the notes kept inside the page."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, REPO, crawl, parse_html, static_server
from site_builder.build.build import build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("print") / "out"
    assert build(REPO, out).written
    return out


def _section_ids(html: str) -> list[str]:
    return re.findall(r'<section class="print-note" id="([^"]+)"', html)


def _home_order(out, prefix: str) -> list[str]:
    """The notes the course index lists, in its order (lectures are not printed)."""
    home = (out / prefix / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="/learning-notes/((?:en/)?[^"]*)">', home.split('class="module-group"', 1)[1])
    return [path for path in listed if not (out / path / "index.html").read_text(encoding="utf-8").count('class="lecture')]


@pytest.mark.parametrize("prefix", ["", "en"])
def test_every_note_in_course_order(built, prefix):
    html = (built / prefix / "print/index.html").read_text(encoding="utf-8")
    order = _home_order(built, prefix)
    assert len(order) >= 3
    assert _section_ids(html) == ["note-" + path.removeprefix("en/").strip("/") for path in order]


@pytest.mark.parametrize("prefix", ["", "en"])
def test_math_code_and_figures_are_the_notes_own(built, prefix):
    html = (built / prefix / "print/index.html").read_text(encoding="utf-8")
    notes = [(built / path / "index.html").read_text(encoding="utf-8") for path in _home_order(built, prefix)]
    for marker in ('class="katex"', "<pre", "<img "):
        assert html.count(marker) == sum(note.count(marker) for note in notes) > 0, marker


@pytest.mark.parametrize("prefix", ["", "en"])
def test_ids_are_unique_and_every_fragment_lands(built, prefix):
    html = (built / prefix / "print/index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    fragments = re.findall(r'href="#([^"]+)"', html)
    assert fragments and not [f for f in fragments if f not in ids]
    # a link between two printed notes stays in the page: only the section titles lead to the notes
    printed = {"/learning-notes/" + path for path in _home_order(built, prefix)}
    leaving = [url for url in parse_html(html).urls if url.split("#")[0] in printed]
    assert len(leaving) == len(printed)
    assert crawl(built, "/learning-notes") == []


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_the_browser_prints_one_note_a_page_at_least(built, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    www = tmp_path / "www"
    shutil.copytree(built, www / "learning-notes")
    html = (built / "print/index.html").read_text(encoding="utf-8")
    with static_server(www) as origin, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(origin + "/learning-notes/print/")
        page.emulate_media(media="print")
        hidden = page.evaluate("getComputedStyle(document.querySelector('.site-footer')).display")
        pdf = page.pdf(format="A4")
        browser.close()
    assert hidden == "none"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= len(_section_ids(html)) + 1  # the contents, then each note from a new page
