"""What the theme promises readers with a keyboard or weak eyes, checked on the built files
(the browser half is tests/test_accessibility.py): every code block, table and display formula,
which scroll sideways when too wide, is focusable; every colour Pygments gives a token reaches 4.5:1 on
the code background in light and dark; the vendored axe-core matches its checksums."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import REPO, fixture_site, run_cli
from site_builder.content.theme import THEME_DIR

AA = 4.5


class _Scrollers(HTMLParser):
    """Every <pre>, <table> and .math-block of a page: (tag, line, tabindex)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("pre", "table") or "math-block" in (attrs.get("class") or "").split():
            self.found.append((tag, self.getpos()[0], attrs.get("tabindex")))


def scrollers(html: str) -> list[tuple[str, int, str | None]]:
    parser = _Scrollers()
    parser.feed(html)
    return parser.found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("a11y-output")
    site = fixture_site("a11y", tmp / "site", theme=True)
    done = run_cli("build", site, "-o", tmp / "out")
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp / "out"


def test_every_code_block_table_and_display_formula_is_focusable(built):
    pages = sorted(built.rglob("*.html"))
    found = {page.relative_to(built).as_posix(): scrollers(page.read_text(encoding="utf-8")) for page in pages}
    # the note has three code blocks (python, plain fence, indented) and three display formulas
    # (two blocks, one inside a sentence) and a table; the translation shows that sentence's original too
    for note, in_sentences in (("descent/index.html", 1), ("ko/descent/index.html", 2)):
        kinds = [tag for tag, _, _ in found[note]]
        assert (kinds.count("pre"), kinds.count("div"), kinds.count("span"), kinds.count("table")) == (
            3, 2, in_sentences, 1), found[note]
    unfocusable = [f"{rel}:{line}: <{tag}> tabindex={index!r}" for rel, items in found.items()
                   for tag, line, index in items if index != "0"]
    assert unfocusable == []


def test_the_parser_sees_a_block_without_tabindex():
    """The check above can fail: a page whose blocks are not focusable is reported."""
    page = '<pre><code>x</code></pre>\n<div class="math-block wide">y</div><pre tabindex="0">z</pre><table></table>'
    assert [(tag, index) for tag, _, index in scrollers(page)] == [("pre", None), ("div", None), ("pre", "0"),
                                                                  ("table", None)]


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance, computed here on its own (not with the code under test)."""
    h = hex_colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    channels = []
    for i in (0, 2, 4):
        c = int(h[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def ratio(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def panels(site_css: str) -> tuple[str, str]:
    """The code background (`--panel`) of the theme's light and dark schemes."""
    light, dark = re.findall(r"--panel:\s*(#[0-9a-fA-F]{3,6})", site_css)[:2]
    return light, dark


_RULE = re.compile(r"^\s*(\.highlight \.[\w-]+) \{([^}]*)\}", re.M)


def token_colours(css: str, panel: str) -> list[tuple[str, str, str]]:
    """(selector, colour, background) of every token rule of one scheme of pygments.css."""
    found = []
    for selector, body in _RULE.findall(css):
        colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", body)
        background = re.search(r"background-color:\s*(#[0-9a-fA-F]{3,6})", body)
        if colour:
            found.append((selector, colour.group(1), background.group(1) if background else panel))
    return found


def test_every_token_colour_reaches_aa_contrast_on_the_code_background(built):
    light_panel, dark_panel = panels((built / "css/site.css").read_text(encoding="utf-8"))
    css = (built / "css/pygments.css").read_text(encoding="utf-8")
    light_css, _, dark_css = css.partition("@media (prefers-color-scheme: dark)")
    assert dark_css, "pygments.css has no dark scheme"
    for scheme, part, panel in (("light", light_css, light_panel), ("dark", dark_css, dark_panel)):
        colours = token_colours(part, panel)
        assert len(colours) > 50, f"{scheme}: too few token rules read from pygments.css"
        low = [f"{sel} {fg} on {bg}: {ratio(fg, bg):.2f}" for sel, fg, bg in colours if ratio(fg, bg) < AA]
        assert low == [], f"{scheme} code colours under {AA}:1"
        # the code block's own background is the panel the colours were chosen for
        assert re.search(r"\.highlight \{ background: " + re.escape(panel), part, re.I), scheme


def test_the_contrast_check_catches_pygments_own_colours():
    """Pygments' `default` style, as the theme used it, fails on the light panel (#aa22ff: 4.2:1)."""
    from pygments.formatters import HtmlFormatter

    panel = panels((THEME_DIR / "static/css/site.css").read_text(encoding="utf-8"))[0]
    assert panel.lower() == "#eef1f4"
    stock = token_colours(HtmlFormatter(style="default").get_style_defs(".highlight"), panel)
    low = {sel for sel, fg, bg in stock if ratio(fg, bg) < AA}
    assert {".highlight .ow", ".highlight .c1"} <= low
    assert round(ratio("#aa22ff", panel), 1) == 4.2 and round(ratio("#3d7b7b", panel), 1) == 4.3  # as axe measured


def _fetch_axe():
    spec = importlib.util.spec_from_file_location("fetch_axe", REPO / "tools" / "fetch_axe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_axe_core_matches_its_checksums():
    done = subprocess.run([sys.executable, "tools/fetch_axe.py", "--check"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == f"axe-core {_fetch_axe().AXE_VERSION}: every file matches SHA256SUMS"


def test_the_axe_check_finds_a_changed_missing_or_extra_file(tmp_path):
    fetch_axe = _fetch_axe()
    copy = tmp_path / "axe-core"
    shutil.copytree(REPO / "tests/vendor/axe-core", copy)
    assert fetch_axe.check(copy) == []
    with (copy / "axe.min.js").open("ab") as script:
        script.write(b"\n")
    (copy / "LICENSE").unlink()
    (copy / "extra.js").write_text("x")
    assert fetch_axe.check(copy) == ["extra.js: not listed in SHA256SUMS", "LICENSE: missing",
                                     "axe.min.js: sha256 differs from SHA256SUMS"]
