"""Markdown conformance (issue 16, item 9): the CommonMark spec examples and the fixtures of
markdown-it-py and mdit-py-plugins (../shared/conformance/, read-only, absent on CI: the tests skip).

The site's instance is compared with stock markdown-it-py configured as each fixture file expects
(the same plugin, the same markup for math): its HTML must be identical except where the dialect
means to differ, each such case listed below by file and number with its reason. Two differences
hold on every page and are taken out before comparing: headings carry an id, and code blocks go
through Pygments (a `<div class="highlight">` around `<pre>`, `<span>`s in the code). A second test
checks that stock markdown-it-py does give each fixture's expected output (so the comparison is with
what the fixtures describe), a third that the speed-ups change no token on any of them."""

from __future__ import annotations

import html
import json
import re
from functools import cache

import pytest
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.texmath import texmath_plugin

from helpers import REPO
from mdvariants import render, site_markdown, tokens, without_speed_ups

CONFORMANCE = REPO.parent / "shared" / "conformance"
pytestmark = pytest.mark.skipif(not CONFORMANCE.is_dir(), reason="../shared/conformance is not here")


def _cm() -> MarkdownIt:
    return MarkdownIt("commonmark")


# fixture file -> (stock markdown-it as the fixture expects it, math markup family of the file)
STOCK = {
    "commonmark": (_cm, "dollar"),  # commonmark.json, the spec's 652 examples
    "commonmark_extras": (_cm, "dollar"), "fatal": (_cm, "dollar"), "issue-fixes": (_cm, "dollar"),
    "normalize": (_cm, "dollar"), "xss": (_cm, "dollar"),
    "tables": (lambda: _cm().enable("table"), "dollar"),
    "strikethrough": (lambda: _cm().enable("strikethrough"), "dollar"),
    "amsmath": (lambda: _cm().use(amsmath_plugin), "dollar"),
    "attrs": (lambda: _cm().use(attrs_plugin, spans=True).use(attrs_block_plugin), "dollar"),
    "deflist": (lambda: _cm().use(deflist_plugin), "dollar"),
    "dollar_math": (lambda: _cm().use(dollarmath_plugin), "dollar"),
    "footnote": (lambda: _cm().use(footnote_plugin), "dollar"),
    "front_matter": (lambda: _cm().use(front_matter_plugin), "dollar"),
    "texmath_bracket": (lambda: _cm().use(texmath_plugin, delimiters="brackets"), "texmath"),
    "texmath_dollar": (lambda: _cm().use(texmath_plugin), "texmath"),
}


@cache
def cases() -> tuple[tuple[str, int, str, str], ...]:
    """(file, number, markdown, expected html): the spec's example numbers, a fixture's first line."""
    found = [("commonmark", ex["example"], ex["markdown"], ex["html"])
             for ex in json.loads((CONFORMANCE / "commonmark.json").read_text(encoding="utf-8"))]
    for folder in ("markdown-it-py", "mdit-py-plugins"):
        for file in sorted((CONFORMANCE / folder).glob("*.md")):
            if file.stem != "commonmark_spec":  # the same 652 examples as commonmark.json
                found += [(file.stem, line, text, expected) for line, _, text, expected in read_fixture_file(file)]
    return tuple(found)


_TABLE_TABINDEX = re.compile(r'(<table\b[^>]*?) tabindex="0"')
_HEADING_ID = re.compile(r'(<h[1-6]\b[^>]*?) id="[^"]*"')
_HIGHLIGHTED = re.compile(r'<div class="highlight"><pre([^>]*)><code([^>]*)>(.*?)</code></pre></div>\n', re.S)


def _plain_code(m: re.Match) -> str:
    code = html.unescape(re.sub(r"</?span[^>]*>", "", m.group(3)))
    code = code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    pre = m.group(1).replace(' tabindex="0"', "", 1)  # the site makes every code block focusable (it may scroll)
    return f"<pre{pre}><code{m.group(2)}>{code}</code></pre>\n"


def without_site_markup(page: str) -> str:
    """The page with heading ids, Pygments' markup and tables' tabindex taken out (they hold on every page)."""
    page = _HIGHLIGHTED.sub(_plain_code, _HEADING_ID.sub(r"\1", page))
    return _TABLE_TABINDEX.sub(r"\1", page)


def _differing(compare) -> set[tuple[str, int]]:
    return {(file, number) for file, number, text, expected in cases() if not compare(file, text, expected)}


def test_the_fixtures_are_all_here():
    counts = {}
    for file, *_ in cases():
        counts[file] = counts.get(file, 0) + 1
    assert counts["commonmark"] == 652 and len(cases()) == 1032 and set(counts) == set(STOCK)


# Where stock markdown-it-py itself does not give a fixture's expected output: the fixture was made
# with other options, or by another version. The reference of the comparison below is stock.
_OPTIONS = "the fixture's own test runs the plugin with other options"
STOCK_IS_NOT_THE_FIXTURE = {
    **dict.fromkeys([("commonmark", 218), ("commonmark", 239), ("commonmark", 240)],
                    "markdown-it-py renders an empty quote as <blockquote></blockquote> (its spec test normalises that)"),
    ("commonmark_extras", 129): "the fixture is rendered with langPrefix ''",
    ("xss", 114): "the fixture is rendered with langPrefix ''",
    ("fatal", 25): "the fixture is rendered with the typographer on",
    **dict.fromkeys([("amsmath", 276), ("attrs", 254), ("deflist", 261), ("dollar_math", 575), ("footnote", 360),
                     ("texmath_bracket", 401), ("texmath_dollar", 449)], "the fixture's test disables indented code"),
    ("attrs", 8): "an older mdit-py-plugins rendered a lone attribute block as an empty line",
    ("attrs", 237): "an older mdit-py-plugins merged repeated classes",
    **dict.fromkeys([("dollar_math", n) for n in (50, 229, 460, 515, 522, 529, 543)], _OPTIONS),
    **dict.fromkeys([("footnote", 182), ("footnote", 331), ("footnote", 383)], _OPTIONS),
    **dict.fromkeys([("texmath_bracket", 22), ("texmath_bracket", 233), ("texmath_bracket", 248),
                     ("texmath_dollar", 22), ("texmath_dollar", 233), ("texmath_dollar", 248)],
                    "an older texmath left the TeX unescaped"),
}
# Fixtures made with markdown-it's default preset (HTML-style <img ...>, <hr>), not commonmark's.
_XHTML_OFF = {"xss", "attrs", "footnote", "front_matter"}


@cache
def _stock(file: str, xhtml: bool = True) -> MarkdownIt:
    md = STOCK[file][0]()
    md.options["xhtmlOut"] = xhtml
    return md


def test_stock_markdown_it_gives_the_fixtures_output():
    differing = _differing(lambda file, text, expected: _stock(file, file not in _XHTML_OFF).render(text) == expected)
    assert differing == set(STOCK_IS_NOT_THE_FIXTURE)


# Where the site's dialect means to differ from stock markdown-it-py (and its math plugins).
FRONT_MATTER = "`---` on line 1 and a second `---` line: (empty) front matter, as Jekyll reads it"
LABEL = ("`$$…$$ (1)`: equation labels are no part of the dialect (kramdown has none); `$$…$$` followed "
         "by text is math inside the paragraph")
BRACKETS = ("`\\[…\\]` is not math: in Markdown it is an escaped bracket; notes write display math as "
            "`$$`, `\\\\[…\\\\]` (kramdown) or an environment")
PANDOC = "Pandoc's rule for `$`: no space inside the delimiters, no digit after the closing one (currency stays text)"
DOUBLE_INLINE = "`$$…$$` inside running text is inline math (kramdown), not `$` + `$…$` + `$`"
INTERRUPTS = "a `$$` line opens display math even inside a paragraph (kramdown)"
BLANK_LINE = "a blank line ends a `$$` block, so an unclosed `$$` cannot swallow the rest of a note"
TRIMMED = ("the TeX of display math spanning lines is the paragraph's text: blanks at the ends of its lines "
           "are dropped (insignificant to TeX)")
ESCAPES_FIRST = "`\\\\` is an escaped backslash (CommonMark's escapes come first), so the `$` after it opens math"
INTENDED = {
    ("commonmark", 98): FRONT_MATTER,
    **dict.fromkeys([("dollar_math", n) for n in (136, 241, 288, 319, 366, 376, 403, 421, 556)], LABEL),
    **dict.fromkeys([("texmath_dollar", n) for n in (211, 261, 291, 337, 346, 372, 389)], LABEL),
    **dict.fromkeys([("dollar_math", n) for n in (50, 460, 536)], PANDOC),
    **dict.fromkeys([("dollar_math", n) for n in (515, 522, 529)], DOUBLE_INLINE),
    ("dollar_math", 543): INTERRUPTS,
    ("dollar_math", 229): BLANK_LINE,
    **dict.fromkeys([("dollar_math", 260), ("texmath_dollar", 176), ("texmath_dollar", 189), ("texmath_dollar", 233),
                     ("texmath_dollar", 248)], TRIMMED),
    ("texmath_dollar", 410): ESCAPES_FIRST,
    **dict.fromkeys([("texmath_bracket", n) for n in (104, 113, 122, 134, 176, 189, 211, 233, 248, 261, 277, 291, 328,
                                                      337, 346, 372)], BRACKETS),
}


@cache
def _site(family: str) -> MarkdownIt:
    return site_markdown(family)


def _as_stock(file: str, text: str, expected: str) -> bool:
    ours = without_site_markup(render(_site(STOCK[file][1]), text))
    return ours == _HEADING_ID.sub(r"\1", _stock(file).render(text))


def test_the_dialect_differs_from_stock_only_where_intended():
    """Every case: the same HTML as stock markdown-it-py, or listed in INTENDED (and then different)."""
    differing = _differing(_as_stock)
    assert differing - set(INTENDED) == set(), "new differences from stock markdown-it-py"
    assert set(INTENDED) - differing == set(), "listed as intended, but no longer different: unlist them"


def test_the_site_markup_taken_out_is_what_the_site_adds():
    """The comparison's normalisation removes heading ids and Pygments' markup, nothing else."""
    page = render(_site("dollar"), "# Head {#h}\n\n```python\nx = '<'\n```\n\n{.c}\n    a & b\n\n## Head\n\n{.t}\n| a |\n|-|\n")
    assert page.count(' id="') == 2 and page.count('<div class="highlight">') == 2 and page.count(' tabindex="0"') == 3
    assert without_site_markup(page) == ('<h1>Head</h1>\n<pre><code class="language-python">x = \'&lt;\'\n</code></pre>\n'
                                         '<pre class="c"><code>a &amp; b\n</code></pre>\n<h2>Head</h2>\n'
                                         '<table class="t">\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n</table>\n')


def test_the_speed_ups_change_no_token_on_any_fixture():
    fast, plain = site_markdown(), without_speed_ups(site_markdown())
    for file, number, text, _ in cases():
        assert tokens(fast, text) == tokens(plain, text), (file, number)
        assert render(fast, text) == render(plain, text), (file, number)


def test_the_fixed_slips_match_commonmark():
    """Issue 16, item 9: a fence's language has its escapes and entities undone; a URL is
    normalised as markdown-it does, whatever its characters."""
    md = _site("dollar")
    assert '<code class="language-foo+bar">' in render(md, "``` foo\\+bar\nx\n```\n")
    assert '<code class="language-c++">' in render(md, "``` c&#43;&#43;\nx\n```\n")
    for url, href in [("http://@example.com/", "http://example.com/"), ("x:@y", "x:y"), ("http://h::/", "http://h:/")]:
        assert render(md, f"[a]({url})") == _stock("commonmark").render(f"[a]({url})") == f'<p><a href="{href}">a</a></p>\n'
