"""Numbered equations, labels and references, in two languages (tests/sites/equations): the numbers
LaTeX would give, anchors the same in every language, references linked in the note and across
notes, a translation numbered as its source, and every mistake a warning at its place."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, crawl, run_cli, static_server
from site_builder.build.build import build
from site_builder.markdown.equations import Numbering, label_id, number_tex

from pathlib import Path

SITE = Path(__file__).resolve().parent / "sites" / "equations"
WARNINGS = [
    "content/en/mistakes.md:6:25: warning[ref]: \\eqref{eq:missing}: no formula of this note has \\label{eq:missing}",
    "content/en/mistakes.md:7:17: warning[ref]: \\eqref{eq:hinge}: no formula of this note has \\label{eq:hinge}; "
    "content/en/margins.md has it: link to it as [](margins.md#eq:hinge)",
    "content/en/mistakes.md:14:7: warning[ref]: \\label{eq:twice} is defined twice in this note",
    "content/en/mistakes.md:18:7: warning[ref]: \\label{eq:unnumbered} is on a formula that has no number (starred, "
    "\\nonumber, or outside equation/align/gather): references show (??)",
    "content/en/mistakes.md:22:39: warning[anchor]: anchor '#eq-gone' matches no heading or id in content/en/margins.md",
    "content/en/mistakes.md:24:20: warning[ref]: [@fig:nowhere]: no figure or formula of this note has the label "
    "'fig:nowhere'",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("eq") / "out"
    result = build(SITE, out)
    assert result.written
    return out, [str(p) for p in result.problems]


def _tags(html: str) -> list[str]:
    """The tags KaTeX typeset, in order (its MathML keeps the TeX it was given)."""
    return re.findall(r"\\tag\{([^{}]*)\}", html)


def _refs(html: str) -> list[tuple[str, str]]:
    return [(href, re.sub(r"<[^>]+>", "", text)) for href, text in
            re.findall(r'<a class="eqref" href="([^"]+)">((?:(?!</a>).)*)</a>', html)]


@pytest.mark.parametrize("prefix", ["", "ko/"])
def test_numbers_as_latex_gives_them_in_both_languages(built, prefix):
    out, _ = built
    html = (out / prefix / "margins/index.html").read_text(encoding="utf-8")
    # equation (1); align: (2), a \nonumber row, a \tag, (3); gather: (4), a \notag row, (5); alignat (6);
    # align* nothing; the empty rows kramdown's `\\\\` makes are not numbered
    assert _tags(html) == ["1", "2", "$\\ast$", "3", "4", "5", "6"]
    assert html.count('<span class="tag">') == 4
    assert re.findall(r'class="math-block" id="([^"]+)"', html) == ["eq-hinge", "eq-avg", "eq-grid"]
    assert '<span id="eq-star"></span><span id="eq-second"></span>' in html  # the align's other labels
    refs = dict(_refs(html))  # (a translation shows its source's paragraph beside its own: twice there)
    assert "∗" in refs.pop("#eq-star")  # the tag's TeX, typeset
    assert refs == {"#eq-hinge": "(1)", "#eq-avg": "(2)", "#eq-second": "3", "#eq-grid": "(6)"}
    assert "\\text{(1)}" in html  # inside a larger formula: the number, as text


@pytest.mark.parametrize("prefix,word", [("", "Figure"), ("ko/", "그림")])
def test_figures_are_numbered_and_referenced_in_the_pages_language(built, prefix, word):
    out, _ = built
    html = (out / prefix / "margins/index.html").read_text(encoding="utf-8")
    own = re.sub(r"<details.*?</details>", "", html, flags=re.S)  # not the folded originals
    assert re.search(r'<figure id="fig-margin"><img src="/eq/(ko/)?margin.svg" alt="[^"]+" />'
                     rf'<figcaption><span class="fig-number">{word} 1</span> ', own)
    assert f'<div class="fig" id="fig-loss-curve">' in own
    assert f'<div class="figcaption"><span class="fig-number">{word} 2</span> ' in own
    assert f'<a class="figref" href="#fig-margin">{word} 1</a>' in own
    assert f'<a class="figref" href="#fig-loss-curve">{word} 2</a>' in own
    assert '<a class="eqref" href="#eq-hinge">(1)</a>' in own  # [@eq:hinge]
    assert f'<a href="#fig-loss-curve" class="eqref">{word} 2</a>' in own  # [](#fig:loss-curve)


def test_a_figure_of_another_note(built):
    out, _ = built
    html = (out / "mistakes/index.html").read_text(encoding="utf-8")
    assert '<a href="/eq/margins/#fig-margin" class="eqref" data-ref="fig:margin">Margins (Figure 1)</a>' in html


def test_a_translation_numbered_as_its_source_has_no_parity_warning(built):
    _, problems = built
    assert not [p for p in problems if p.startswith(("content/en/margins.md", "content/ko/margins.md"))]


def test_every_mistake_is_a_warning_at_its_place(built):
    _, problems = built
    assert sorted(p for p in problems if "mistakes.md" in p and "/ko/" not in p) == sorted(WARNINGS)


def test_links_to_labels_of_other_notes_show_number_and_title(built):
    out, _ = built
    html = (out / "mistakes/index.html").read_text(encoding="utf-8")
    assert '<a href="/eq/margins/#eq-hinge" class="eqref" data-ref="eq:hinge">Margins (1)</a>' in html
    assert '<a href="/eq/margins/#eq-avg">the average</a>' in html  # a link with text keeps it
    assert '<a href="#eq-twice" class="eqref">(1)</a>' in html  # in the note itself
    assert 'data-ref="eq:gone">(??)</a>' in html
    assert crawl(out, "/eq") == []


def test_a_translation_whose_equations_drift_is_a_parity_warning(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    note = site / "content/ko/margins.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("a = b + c \\\\\n", ""), encoding="utf-8")  # one gather row left out
    result = run_cli("check", site)
    assert "content/ko/margins.md:1: warning[parity]: 5 numbered equations here, 6 in content/en/margins.md: " \
           "a translation numbers its equations as its source does" in result.stderr
    note.write_text(text.replace("J &= L + \\lambda R \\label{eq:second}", "J &= L + \\lambda R \\nonumber")
                    .replace("a = b + c \\\\", "a = b + c \\label{eq:second} \\\\"), encoding="utf-8")
    result = run_cli("check", site)
    assert re.search(r"content/ko/margins.md:\d+: warning\[parity\]: \\label\{eq:second\} is \(3\) here but \(3\)", result.stderr) \
        is None  # moved to the row that now has (3): the same number, no warning
    note.write_text(text.replace("\\label{eq:avg}", "").replace("a = b + c", "a = b + c \\label{eq:avg}"), encoding="utf-8")
    result = run_cli("check", site)
    assert re.search(r"content/ko/margins.md:\d+: warning\[parity\]: \\label\{eq:avg\} is \(4\) here but \(2\) in "
                     r"content/en/margins.md", result.stderr), result.stderr


@pytest.mark.parametrize("tex,numbers,labels", [
    (r"\begin{equation} x \end{equation}", ["1"], []),
    (r"\begin{equation*} x \end{equation*}", [], []),
    (r"\begin{align} a &= b \\ c &= d \end{align}", ["1", "2"], []),
    (r"\begin{align} a &= b \notag \\ c &= d \label{k} \end{align}", ["2-only"], [("k", "1")]),
    (r"\begin{gather} a \tag{X} \label{x} \\ b \end{gather}", ["X", "1"], [("x", "X")]),
    (r"\begin{align} a \\[2pt] b \\ \end{align}", ["1", "2"], []),
    (r"\begin{align} \begin{cases} 1 \\ 2 \end{cases} & x \end{align}", ["1"], []),
    (r"\begin{alignat}{2} a &= b & c &= d \end{alignat}", ["1"], []),
    (r"\begin{align} x", [], []),  # never closed: left for KaTeX to report
])
def test_number_tex(tex, numbers, labels):
    numbering = Numbering()
    numbered, found = number_tex(tex, numbering)
    tags = re.findall(r"\\tag\{([^{}]*)\}", numbered)
    if numbers == ["2-only"]:
        assert tags == ["1"] and "\\notag" not in numbered
    else:
        assert tags == numbers
    assert [(label.name, label.shown) for label in found] == labels
    assert "\\label" not in numbered
    if tags:
        assert re.search(r"\\begin\{(equation|align|gather|alignat)\*\}", numbered)


def test_label_ids_are_the_same_in_every_language():
    assert label_id("eq:loss") == "eq-loss" and label_id("fig:작업 흐름") == "fig-작업-흐름"


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_clicking_an_eqref_lands_on_the_formula(built, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    out, _ = built
    shutil.copytree(out, tmp_path / "www/eq")
    with static_server(tmp_path / "www") as origin, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 500})
        page.goto(origin + "/eq/margins/")
        page.click('a.eqref[href="#eq-grid"]')
        page.wait_for_function("location.hash === '#eq-grid'")
        box = page.evaluate("(() => { const r = document.getElementById('eq-grid').getBoundingClientRect();"
                            " return [r.top, r.bottom, innerHeight]; })()")
        page.goto(origin + "/eq/mistakes/")
        page.click('a.eqref[data-ref="eq:hinge"]')
        page.wait_for_url(origin + "/eq/margins/#eq-hinge")
        landed = page.evaluate("document.getElementById('eq-hinge').getBoundingClientRect().top")
        browser.close()
    assert -1 < box[0] < box[2] and box[1] > 0  # the formula is in view (a smooth scroll may stop a subpixel short)
    assert -1 < landed < 500
