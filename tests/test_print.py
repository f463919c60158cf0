"""The print view: one page per language with every note in course order, math, code and figures
as on the notes' own pages, ids unique, and links between the notes kept inside the page."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# The tag pattern as first written (a lazy scan): the possessive one must find exactly its tags.
_LAZY_TAG = re.compile(r"<[a-zA-Z][^<>]*?\s(?:id|name|href|for|aria-labelledby|aria-describedby)\s*=[^<>]*>", re.I)
_TAG_PARTS = ["<", ">", " ", "\t", "\n", "  ", "=", " = ", '"', "'", "a", "span", "div", "x", "-", "1",
              "id", "ID", "Id=", "name", "href", "HREF", "for", "form", "idx", "data-id", "aria-labelledby",
              "aria-describedby", "aria-hidden", "class", "style", "\u00a0", "\u3000", "한"]


@given(st.lists(st.sampled_from(_TAG_PARTS), max_size=40))
@settings(max_examples=600, deadline=None)
def test_the_tags_rewritten_are_those_of_the_plain_pattern(parts):
    from site_builder.build.print_view import _TAG

    html = "".join(parts)
    assert [m.span() for m in _TAG.finditer(html)] == [m.span() for m in _LAZY_TAG.finditer(html)]


def test_print_pages_rewritten_on_worker_processes_are_the_same_bytes(tmp_path, monkeypatch):
    from test_cache_parallel import big_site, tree
    from site_builder.build import parallel

    site = big_site(tmp_path)
    assert build(site, tmp_path / "serial", jobs=1).written
    started = []
    real_pool = parallel._pool
    monkeypatch.setattr(parallel, "MIN_PARALLEL_PRINT", 2)
    monkeypatch.setattr(parallel, "_pool", lambda jobs, method, init, args: started.append(init.__name__)
                        or real_pool(jobs, method, init, args))
    assert build(site, tmp_path / "parallel", jobs=2).written
    assert "_init_print" in started  # the long print page (ko) went through the workers
    expected = tree(tmp_path / "serial")
    assert tree(tmp_path / "parallel") == expected
    printed = [out for out in expected if out.endswith("print/index.html")]
    assert printed and all(b'<section class="print-note" id="note-' in expected[out] for out in printed)
