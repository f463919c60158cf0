"""The lecture page in a real browser: Debian's chromium, headless, driven by Playwright (never a
downloaded browser). A time link seeks the <video> and highlights its paragraph; the view
switcher hides the original or the translation, and the choice survives a reload."""

import re
import threading

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, run_cli, write_silence, write_site
from site_builder.serve.devserver import DevServer

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

BASEURL = "/course"
CONFIG = f"""\
title: Course
url: https://t.example
baseurl: {BASEURL}
language: ko
languages: {{ko: 한국어, en: English}}
source_language: en
"""
# Six English cues and four Korean ones over the same time; the 6 s pauses end paragraphs, so the
# page has three rows, starting at 0, 15 and 30 s.
EN_VTT = """\
WEBVTT

00:00:00.000 --> 00:00:04.000
Welcome to the course on linear algebra.

00:00:05.000 --> 00:00:09.000
Today we look at vectors.

00:00:15.000 --> 00:00:19.000
A vector has a direction

00:00:20.000 --> 00:00:24.000
and a length.

00:00:30.000 --> 00:00:34.000
Matrices come next week.

00:00:35.000 --> 00:00:38.000
Thank you for listening.
"""
KO_SRT = """\
1
00:00:00,000 --> 00:00:09,000
선형대수 강의에 오신 것을 환영합니다. 오늘은 벡터를 살펴봅니다.

2
00:00:15,000 --> 00:00:24,000
벡터는 방향과 길이를 가집니다.

3
00:00:30,000 --> 00:00:34,000
행렬은 다음 주에 다룹니다.

4
00:00:35,000 --> 00:00:38,000
들어 주셔서 감사합니다.
"""
NOTE = """\
---
title: Vectors
video: media/talk.wav
---
"""
TIMEOUT_MS = 15000


@pytest.fixture
def lecture_site(tmp_path):
    """The built lecture site, served under /course on 127.0.0.1; yields (output dir, page URL)."""
    site = write_site(tmp_path / "site", {"content/en/talk.en.vtt": EN_VTT, "content/ko/talk.ko.srt": KO_SRT,
                                          "content/en/talk.md": NOTE}, CONFIG)
    write_silence(site / "content/en/media/talk.wav")
    out = tmp_path / "out"
    built = run_cli("build", site, "-o", out)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "warning" not in built.stdout + built.stderr, built.stdout + built.stderr
    server = DevServer(out, BASEURL, port=0)  # the preview server: it serves byte ranges, so the video can seek
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield out, f"http://127.0.0.1:{server.server_address[1]}{BASEURL}/talk/"  # ko is the default language
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_time_links_seek_the_video_and_the_view_switcher_sticks(lecture_site):
    root, url = lecture_site
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)

            # Without JavaScript a time link still works: it points at the media file, at that second.
            src = page.get_attribute("video#player", "src")
            assert src == f"{BASEURL}/en/media/talk.wav"  # beside the English note that names it
            assert (root / src[len(BASEURL) + 1:]).is_file(), f"the page's video {src} is not in the output"
            rows = page.locator(".transcript .row")
            assert [rows.nth(i).get_attribute("data-start") for i in range(rows.count())] == ["0", "15", "30"]
            for i in range(rows.count()):
                start = rows.nth(i).get_attribute("data-start")
                link = rows.nth(i).locator("a.time")
                assert link.get_attribute("data-seek") == start
                assert link.get_attribute("href") == f"{src}#t={start}"

            # Clicking the third paragraph's time seeks the player there and highlights the row.
            page.wait_for_function("document.getElementById('player').readyState >= 1")
            third = rows.nth(2)
            start = float(third.get_attribute("data-start"))
            third.locator("a.time").click()
            page.wait_for_function("start => Math.abs(document.getElementById('player').currentTime - start) <= 1",
                                   arg=start)
            assert page.url == url  # the script handled the click: no navigation to the media file
            playwright.expect(third).to_have_class(re.compile(r"\bcurrent\b"))
            assert page.locator(".transcript .row.current").count() == 1

            # While the video plays (here: its position moves), the paragraph being said follows.
            page.evaluate("() => { const v = document.getElementById('player'); v.pause(); v.currentTime = 17; }")
            playwright.expect(rows.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
            assert page.locator(".transcript .row.current").count() == 1

            # The view switcher: translation only hides the original ...
            sources, translations = page.locator(".row .source"), page.locator(".row .translation")
            view = page.locator("fieldset.views")
            view.locator("label", has=page.locator('input[value="translation"]')).click()
            expect_visible(sources, False)
            expect_visible(translations, True)

            # ... and the choice is remembered.
            page.reload()
            assert page.is_checked('input[name="view"][value="translation"]')
            expect_visible(sources, False)
            expect_visible(translations, True)

            view.locator("label", has=page.locator('input[value="source"]')).click()
            expect_visible(translations, False)
            expect_visible(sources, True)
            assert page.evaluate("localStorage.getItem('site_builder.transcript.view')") == "source"
        finally:
            browser.close()


def expect_visible(locator, visible: bool) -> None:
    """The element of each of the three rows is shown, or hidden; waits for the CSS to apply."""
    assert locator.count() == 3
    for element in locator.all():
        if visible:
            playwright.expect(element).to_be_visible()
        else:
            playwright.expect(element).to_be_hidden()
