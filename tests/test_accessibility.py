"""The theme in a real browser, as readers with a keyboard or a screen reader meet it: axe-core
(tests/vendor/axe-core, see tools/fetch_axe.py) runs in Debian's chromium on every kind of page —
home, a note with math and code, glossary, lecture, 404, the search box open — in light and dark, at 1280 and 375 px,
and finds no serious or critical violation. The keyboard reaches the header's links and the code
blocks (which scroll sideways), and `prefers-reduced-motion` turns smooth scrolling off.

The site is served by a plain static HTTP server on 127.0.0.1 (no live-reload script: the page is
what GitHub Pages would serve); every other request is refused, so no test touches the network."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import CHROMIUM, CORPUS, fixture_site, run_cli, static_server, write_silence

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BASEURL = "/course"
# Every kind of page the theme makes, and what shows it is that kind: the translation's home has
# progress bars; the note math and code; the lecture is the Korean one of an English recording (two
# columns, a view switcher, a <video> with captions).
PAGES = {"home": "/", "translated home": "/ko/", "note": "/descent/", "glossary": "/glossary/", "lecture": "/ko/talk/",
         "404": "/404.html"}
SHOWS = {"home": ".module-group .notes a", "translated home": ".notes progress", "note": ".math-block .katex-display",
         "glossary": ".terms dt", "lecture": ".transcript.bilingual .row .translation",
         "404": ".not-found"}
MODES = [(scheme, width) for scheme in ("light", "dark") for width in (1280, 375)]
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """tests/sites/a11y with the bundled theme, built and served under /course; yields the base URL."""
    tmp = tmp_path_factory.mktemp("a11y")
    site = fixture_site("a11y", tmp / "site", theme=True)
    write_silence(site / "content/en/media/talk.wav", seconds=20)
    root = tmp / "root"
    built = run_cli("build", site, "-o", root / BASEURL.strip("/"))
    assert built.returncode == 0, built.stdout + built.stderr
    assert "warning" not in built.stdout + built.stderr, built.stdout + built.stderr
    with static_server(root) as origin:
        yield origin + BASEURL


def _context(browser, base: str, scheme: str = "light", width: int = 1280, motion: str = "no-preference"):
    """A browser context that may talk to the test server only."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, reduced_motion=motion)
    context.set_default_timeout(15000)
    origin = "/".join(base.split("/")[:3]) + "/"
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort())
    return context


def _axe(page) -> dict:
    """axe-core's results for the page as it is now."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("axe.run(document, {resultTypes: ['violations']})")


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
            assert page.locator(SHOWS[kind]).count() > 0, f"the {kind} page is not what it should be"
            # Nothing but a code block or formula scrolls sideways: the page itself fits the screen.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{kind} is wider than {width} px"
            result = _axe(page)
            blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
            if blocking:
                found[kind] = blocking
            passed = {rule["id"] for rule in result["passes"]}
            assert "color-contrast" in passed, kind  # axe ran its rules on the page
            if kind == "lecture":  # the recording's own language is a captions track, not "subtitles"
                assert "video-caption" in passed
        # The search box open, with results, over the note (and the switch to every language).
        page.goto(served + PAGES["note"])
        page.fill("#search-input", "descent")
        page.wait_for_function("document.querySelector('.site-search').dataset.shown === 'descent'")
        assert page.locator(".search-results li").count() > 0 and page.is_visible(".search-all")
        blocking = [v for v in _axe(page)["violations"] if v["impact"] in BLOCKING]
        if blocking:
            found["search results"] = blocking
    finally:
        context.close()
    assert not found, "\n".join(f"{kind} ({scheme}, {width} px):\n{_report(v)}" for kind, v in found.items())


# What has the keyboard focus: a short description, whether it is on screen, and its focus ring.
FOCUSED = """() => {
  const e = document.activeElement, box = e.getBoundingClientRect(), style = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), cls: e.className, text: e.textContent.trim().slice(0, 40),
          inMain: e.closest('main') !== null, inHeader: e.closest('header.site-header') !== null,
          onScreen: box.bottom > 0 && box.top < innerHeight && box.width > 0,
          outline: style.outlineStyle + ' ' + style.outlineWidth,
          overflows: e.scrollWidth > e.clientWidth, scrollLeft: e.scrollLeft};
}"""


def test_the_keyboard_reaches_the_header_the_content_and_scrolls_code(served, browser):
    context = _context(browser, served)
    page = context.new_page()
    try:
        page.goto(served + PAGES["note"])
        stops = []
        for _ in range(40):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(FOCUSED))
            if stops[-1]["tag"] == "pre":
                break
        trail = " → ".join(f"{s['tag']}.{s['cls']}:{s['text'][:15]}" for s in stops)
        # First the skip link, shown when focused; then the header's first link; then, in the
        # content, the display formulas and the first code block, each focusable and ringed.
        assert stops[0]["cls"] == "skip-link" and stops[0]["onScreen"], trail
        assert stops[1]["inHeader"] and stops[1]["cls"] == "site-title", trail
        kinds = [s["tag"] if s["tag"] == "pre" else s["cls"] for s in stops]
        assert "math-block" in kinds and kinds[-1] == "pre", trail
        assert kinds.index("math-block") < kinds.index("pre")
        # (the page scrolls the focused block into view smoothly: wait for it to arrive)
        page.wait_for_function("(() => { const b = document.activeElement.getBoundingClientRect(); "
                               "return b.top >= 0 && b.bottom <= innerHeight; })()")
        code = page.evaluate(FOCUSED)
        assert code["inMain"] and code["onScreen"] and code["outline"] == "solid 3px", code
        # The focused block scrolls with the arrow keys: its long line comes into view.
        assert code["overflows"] and code["scrollLeft"] == 0, code
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("document.activeElement.scrollLeft > 0")

        # The skip link takes the next Tab past the header, into the content.
        page.goto(served + PAGES["note"])
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUSED)
        assert after["inMain"] and not after["inHeader"], after
    finally:
        context.close()


def test_reduced_motion_turns_smooth_scrolling_and_transitions_off(served, browser):
    behaviour = {}
    for motion in ("no-preference", "reduce"):
        context = _context(browser, served, motion=motion)
        page = context.new_page()
        try:
            page.goto(served + PAGES["note"])
            behaviour[motion] = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
            if motion == "reduce":
                moving = page.evaluate("""() => [...document.querySelectorAll('*')].filter(e => {
                    const s = getComputedStyle(e);
                    return s.transitionDuration.split(',').some(d => parseFloat(d) > 0)
                        || s.animationDuration.split(',').some(d => parseFloat(d) > 0);
                  }).map(e => e.tagName + '.' + e.className)""")
                assert moving == []
        finally:
            context.close()
    assert behaviour == {"no-preference": "smooth", "reduce": "auto"}


# On the real CS231n notes axe finds what the notes themselves lack (images without alt text, an
# iframe without a title, an image link without text, red text of the note's own): none of it the
# theme's. With Pygments' own light colours it found 350 code tokens under 4.5:1 on
# python-numpy-tutorial, 67 on optimization-1, 22 on setup-instructions; and generative-modeling's
# wide table could not be scrolled from the keyboard before tables got their tabindex.
CORPUS_NOTES = ("python-numpy-tutorial", "optimization-1", "generative-modeling", "setup-instructions")
CONTENT_RULES = {"image-alt", "frame-title", "link-name"}
# A color-contrast node is the note's own when the note set a colour on it or an ancestor.
OWN_COLOUR = """(targets) => targets.every(t => {
  const e = document.querySelector(t); return e !== null && e.closest('[style*="color"], font[color]') !== null; })"""


@pytest.mark.skipif(not (CORPUS / "cs231n-en").is_dir(), reason="shared corpus not present")
def test_axe_on_the_cs231n_notes_finds_nothing_the_theme_causes(tmp_path, browser):
    source = CORPUS / "cs231n-en"
    site = tmp_path / "site"
    for note in source.rglob("*.md"):
        dest = site / "content/en" / note.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(note, dest)
    shutil.copytree(source / "assets", site / "static/assets")
    (site / "site.yaml").write_text("title: CS231n\nurl: https://cs231n.github.io\nbaseurl: /cs231n\nlanguage: en\n",
                                    encoding="utf-8")
    built = run_cli("build", site, "-o", tmp_path / "root/cs231n")
    assert built.returncode == 0, built.stdout + built.stderr
    found = {}
    with static_server(tmp_path / "root") as origin:
        for scheme, width in (("light", 375), ("dark", 1280)):
            context = _context(browser, origin + "/cs231n", scheme, width)
            page = context.new_page()
            try:
                for note in CORPUS_NOTES:
                    page.goto(f"{origin}/cs231n/{note}/")
                    assert page.locator(".highlight, .math-block, table").count() > 0, note
                    theirs = []
                    for v in _axe(page)["violations"]:
                        if v["impact"] not in BLOCKING or v["id"] in CONTENT_RULES:
                            continue
                        targets = [node["target"][0] for node in v["nodes"]]
                        if v["id"] == "color-contrast" and page.evaluate(OWN_COLOUR, targets):
                            continue
                        theirs.append(v)
                    if theirs:
                        found[f"{note} ({scheme}, {width} px)"] = theirs
            finally:
                context.close()
    assert not found, "\n".join(f"{where}:\n{_report(v)}" for where, v in found.items())
