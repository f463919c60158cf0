"""Navigation in a real browser (Debian's chromium, headless, Playwright): at 1280 px the table of
contents sits beside the text and marks the section scrolled to; at 390 px the course sidebar is
folded and opens without JavaScript, from the mouse or the keyboard; a lecture's video sits beside
its transcript on a wide screen and above it on a phone."""

from __future__ import annotations

import json
import threading

import pytest

from helpers import CHROMIUM, run_cli, write_silence, write_site
from site_builder.serve.devserver import DevServer
from test_lecture_browser import EN_VTT, KO_SRT, NOTE as LECTURE_NOTE

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

BASEURL = "/course"
CONFIG = f"""\
title: {{ko: 손으로 배우는 최적화, en: Optimization by hand}}
url: https://t.example
baseurl: {BASEURL}
language: ko
languages: {{ko: 한국어, en: English}}
source_language: en
modules:
  basics: {{ko: 1부 · 기초, en: Part 1 · Basics}}
"""
SECTIONS = ["Step size", "Momentum", "Batches", "Schedules", "Stopping"]


def long_note(title: str, order: int, sections: list[str], sentence: str) -> str:
    """A note whose sections are each taller than the window, so scrolling moves through them."""
    body = "\n\n".join(f"## {s}\n\n" + "\n\n".join(f"{sentence} ({s}, {i})" for i in range(12)) for s in sections)
    return f"---\ntitle: {title}\nmodule: basics\norder: {order}\n---\n\n{body}\n"


FILES = {
    "content/en/index.md": "---\ntitle: Home\nlayout: home\n---\n\nWelcome.\n",
    "content/en/steps.md": long_note("Steps", 1, SECTIONS, "Each step moves the weight against the gradient."),
    "content/en/other.md": long_note("Other", 2, SECTIONS[:2], "Another note of the course."),
    "content/ko/index.md": "---\ntitle: 홈\nlayout: home\n---\n\n환영합니다.\n",
    "content/ko/steps.md": long_note("걸음", 1, ["걸음 크기", "모멘텀", "배치", "일정", "멈춤"],
                                     "걸음마다 가중치를 그라디언트 반대 방향으로 옮깁니다."),
    "content/en/talk.en.vtt": EN_VTT, "content/ko/talk.ko.srt": KO_SRT,
    "content/en/talk.md": LECTURE_NOTE.replace("---\n", "---\nmodule: basics\norder: 3\n", 1),
}
TIMEOUT_MS = 15000


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("nav")
    site = write_site(root / "site", FILES, CONFIG)
    write_silence(site / "content/en/media/talk.wav")
    built = run_cli("build", site, "-o", root / "out")
    assert built.returncode == 0, built.stdout + built.stderr
    server = DevServer(root / "out", BASEURL, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASEURL}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


ACTIVE = "() => { const a = document.querySelector('.toc a.active'); return a && a.getAttribute('href'); }"


def test_wide_screen_table_of_contents_beside_the_text_follows_the_reader(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(served + "/steps/")
    text, toc, side = box(page, ".note > .content"), box(page, ".toc"), box(page, ".sidebar")
    assert toc["x"] >= text["x"] + text["width"], (toc, text)  # beside the text, on its right
    assert side["x"] + side["width"] <= text["x"], (side, text)  # the sidebar on its left
    assert toc["y"] < text["y"] + 200  # level with the start of the text, not under it
    ids = page.eval_on_selector_all(".note > .content h2", "hs => hs.map(h => h.id)")
    assert len(ids) == 5
    for index in (3, 1, 4):
        page.evaluate("id => document.getElementById(id).scrollIntoView()", ids[index])
        page.wait_for_function(f"({ACTIVE})() === {json.dumps('#' + ids[index])}")
        assert page.locator(".toc a.active").count() == 1
        assert page.locator(".toc a.active").get_attribute("aria-current") == "location"
        toc_now = box(page, ".toc")
        assert 0 <= toc_now["y"] < 800 and toc_now["x"] == toc["x"]  # sticky: still in view, still beside
    # The last section is short of the top third at the very end of the page: still the one marked.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function(f"({ACTIVE})() === {json.dumps('#' + ids[-1])}")
    context.close()


def test_phone_sidebar_is_folded_and_opens_without_javascript(served, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(served + "/steps/")
    assert page.evaluate("1 + 1") == 2  # (Playwright's own evaluation still runs; the page's scripts do not)
    notes = page.locator(".sidebar .nav-body")
    assert not notes.is_visible()
    label = page.locator(".sidebar .nav-label")
    assert label.is_visible() and label.inner_text().strip() == "노트 목록"
    text, toc = box(page, ".note > .content"), box(page, ".toc")
    assert toc["y"] + toc["height"] <= text["y"]  # the contents above the text, as a plain list
    assert box(page, ".note > .content")["width"] <= 390
    label.click()
    assert notes.is_visible()
    current = page.locator('.sidebar a[aria-current="page"]')
    assert current.is_visible() and current.inner_text() == "걸음"
    label.click()
    assert not notes.is_visible()
    # From the keyboard, on a fresh page: Tab reaches the toggle (after the skip link and the header's
    # links); Space opens it.
    page.reload()
    assert not notes.is_visible()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "nav-toggle":
            break
    assert page.evaluate("document.activeElement.id") == "nav-toggle"
    page.keyboard.press("Space")
    assert notes.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.sidebar') !== null")  # its links come next
    context.close()


def test_lecture_video_beside_the_transcript_when_there_is_room(served, browser):
    for width, beside in ((1280, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(served + "/talk/")
        player, transcript = box(page, ".player"), box(page, ".transcript")
        source, translation = box(page, ".transcript .row .source"), box(page, ".transcript .row .translation")
        if beside:
            assert player["x"] + player["width"] <= transcript["x"], (player, transcript)
            assert source["x"] + source["width"] <= translation["x"]  # the two languages in two columns
            assert player["width"] >= 320
        else:
            assert player["y"] + player["height"] <= transcript["y"]
            assert source["y"] + source["height"] <= translation["y"]  # stacked
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the phone
        context.close()
