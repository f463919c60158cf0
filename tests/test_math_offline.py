"""Math with the network off, in Debian's chromium: the bundled KaTeX stylesheet and fonts render a
formula exactly as KaTeX's own files put elsewhere do, with the MathML copy hidden; a stylesheet
that cannot be fetched shows the formula twice (which is how this test knows it can fail)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, static_server, write_site
from site_builder.build.build import build
from site_builder.content.theme import KATEX_DIR

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

NOTE = """\
---
title: Boxes
---

Inline $f(x_i, W) = W x_i + b$ here.

$$
L = \\frac{1}{N} \\sum_i \\sum_{j \\neq y_i} \\max(0, s_j - s_{y_i} + \\Delta)
$$
"""

MEASURE = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.width, r.height]; };
  const inline = document.querySelector('p .katex');
  const display = document.querySelector('.katex-display .katex');
  return {inline: box(inline.querySelector('.katex-html')), display: box(display.querySelector('.katex-html')),
          mathml: box(display.querySelector('.katex-mathml')),
          font: document.fonts.check('16px KaTeX_Main') && [...document.fonts].some(
                  (f) => f.family.replace(/"/g, '') === 'KaTeX_Main' && f.status === 'loaded')};
}"""


def _site(root: Path, math: str = "") -> Path:
    """The note built under the baseurl /<root's name>, the folder the server gives it."""
    config = "title: T\nlanguage: en\n" + (f"math:\n  css: {math}\n" if math else "")
    site = write_site(root / "site", {"content/en/index.md": NOTE}, config, theme=False)
    out = root / "out"
    assert build(site, out, baseurl="/" + root.name).written
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Three builds of one note under one loopback server: the bundled stylesheet, KaTeX's files
    copied by hand into static/ (the reference), and a stylesheet on a host that cannot be reached."""
    root = tmp_path_factory.mktemp("offline")
    (root / "www").mkdir()
    shutil.copytree(_site(root / "bundled"), root / "www/bundled")
    reference = root / "reference"
    (reference / "site/static/vendor").mkdir(parents=True)
    shutil.copy(KATEX_DIR / "katex.min.css", reference / "site/static/vendor/katex.min.css")
    shutil.copytree(KATEX_DIR / "fonts", reference / "site/static/vendor/fonts")
    shutil.copytree(_site(reference, "/vendor/katex.min.css"), root / "www/reference")
    shutil.copytree(_site(root / "cdn", "https://cdn.invalid/katex.min.css"), root / "www/cdn")
    with static_server(root / "www") as origin:
        yield origin


def _measure(browser, url: str, offline: bool) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []
    if offline:  # only loopback answers: every other host is the network that is off
        def route(r):
            if r.request.url.startswith("http://127.0.0.1:"):
                return r.continue_()
            blocked.append(r.request.url)
            return r.abort()
        context.route("**/*", route)
    page = context.new_page()
    page.goto(url + "/index.html")
    page.evaluate("document.fonts.ready.then(() => true)")
    found = page.evaluate(MEASURE)
    context.close()
    return dict(found, blocked=blocked)


def test_math_renders_the_same_offline_with_the_bundled_stylesheet(server):
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        offline = _measure(browser, server + "/bundled", offline=True)
        reference = _measure(browser, server + "/reference", offline=False)
        broken = _measure(browser, server + "/cdn", offline=True)
        browser.close()
    assert offline["blocked"] == [] and offline["font"] and reference["font"]
    for kind in ("inline", "display"):
        assert offline[kind] == pytest.approx(reference[kind], abs=0.5), kind
    assert offline["mathml"][0] <= 1 and offline["mathml"][1] <= 1  # the MathML copy is there but hidden
    # Without a stylesheet the MathML copy prints beside the HTML one, and KaTeX's fonts never load.
    assert broken["blocked"] == ["https://cdn.invalid/katex.min.css"] and not broken["font"]
    assert broken["mathml"][0] > 10
