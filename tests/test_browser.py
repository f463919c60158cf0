"""The preview in a real browser: Debian's chromium, headless, driven by Playwright (never a
downloaded browser). Edit the Markdown, see the page change by itself; break it, see the overlay;
fix it, see it recover (with the good build's warnings)."""

import shutil
from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS as ARGS
from site_builder.serve.preview import Preview

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

SITE = Path(__file__).resolve().parent / "sites" / "basic"
OVERLAY_SAYS = "(start) => { const o = document.querySelector('#site-builder-overlay'); " \
               "return o !== null && o.textContent.startsWith(start); }"


def test_live_reload_overlay_and_recovery(tmp_path, monkeypatch):
    import time

    from site_builder.build import build

    rewrite_print = build.rewrite_print

    def slow(jobs):  # print pages that take a second: the edit's page is served before them
        rewriter = rewrite_print(jobs)
        return lambda sources, order: (time.sleep(1), rewriter(sources, order))[1]

    monkeypatch.setattr(build, "rewrite_print", slow)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    note = site / "content/ko/notes/second.md"
    good = note.read_text(encoding="utf-8")
    preview = Preview(site, port=0, log=lambda line: None)
    preview.start()
    try:
        with playwright.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(preview.server.url + "second-note/")
            page.wait_for_function("document.querySelector('h2').textContent === '정규화'")
            page.evaluate("window.__marker = 'same document'")
            printed = browser.new_page()  # the print page: made after the edit's pages, reloaded then
            printed.goto(preview.server.url + "print/index.html")  # the same page as print/

            note.write_text(good.replace("## 정규화", "## 브라우저에서 바뀐 제목"), encoding="utf-8")
            page.wait_for_function("document.querySelector('h2') && "
                                   "document.querySelector('h2').textContent === '브라우저에서 바뀐 제목'", timeout=15000)
            assert page.evaluate("window.__marker") is None  # it reloaded by itself
            printed.wait_for_function("document.body.textContent.includes('브라우저에서 바뀐 제목')", timeout=15000)
            printed.close()

            note.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
            # The watcher may see the file half written first, and a good build shows its warnings
            # in the overlay too: wait for the failure's.
            page.wait_for_function(OVERLAY_SAYS, arg="Build failed", timeout=15000)
            overlay = page.query_selector("#site-builder-overlay")
            assert "content/ko/notes/second.md:2:" in overlay.text_content()
            assert overlay.text_content().startswith("Build failed — the last good version is shown.")
            assert page.query_selector("h2").text_content() == "브라우저에서 바뀐 제목"  # last good page stays

            note.write_text(good, encoding="utf-8")
            page.wait_for_function("document.querySelector('h2') && document.querySelector('h2').textContent === '정규화'",
                                   timeout=15000)
            # A good build of this site still has warnings (the checks run in every build): shown, not
            # as a failure, and hidden by a click.
            page.wait_for_function(OVERLAY_SAYS, arg="Built with warnings", timeout=15000)
            overlay = page.query_selector("#site-builder-overlay")
            assert overlay.text_content().startswith("Built with warnings — this page is up to date.")
            assert "warning[parity]" in overlay.text_content() and "error" not in overlay.text_content()
            overlay.click()
            assert page.query_selector("#site-builder-overlay") is None
            browser.close()
    finally:
        preview.stop()
