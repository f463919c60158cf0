"""The parse shortcuts and the rule lookups by character change nothing: the same Markdown gives
the same tokens and HTML with markdown-it's own rules and loops put back, on crafted input, the
sample notes and the real corpus; and each rule's trigger characters are needed."""

import random

import pytest
from markdown_it import MarkdownIt

from helpers import CORPUS, REPO
from mdvariants import without_speed_ups
from site_builder.markdown.render import make_markdown
from site_builder.markdown.mathrender import MathRenderer
from site_builder.markdown.speedups import dispatch as mddispatch
from site_builder.markdown.speedups.shortcuts import NORMALIZED_URL_MAX, NORMALIZED_URLS


def _without_shortcuts():
    return without_speed_ups(make_markdown(MathRenderer()))


FAST, PLAIN = make_markdown(MathRenderer()), _without_shortcuts()

CRAFTED = [
    "plain text with no runs at all",
    "**bold** and *em* and _under_ and ~~gone~~ and ~one~",
    "[*linked* ~~text~~](http://Example.COM/A_b) and ![img *alt*](a.png) and `code*`",
    "a * b * c, x_1 and y__2__, **unclosed and ~~ half",
    "[a](<with space>) [b](http://[::1]/x) [c](h%20t) [d](%zz) [e](ümlaut/ü) [f](HTTP://H/ \"t\")",
    "[g](mailto:A@B.C) [h](//host/x) [i](javascript:alert(1)) [j](http://xn--d1abbgf6aiiy.xn--p1ai/)",
    "\\begin{align}\na &= b\n\\end{align}\n\n- \\begin{equation}\n  x\n  \\end{equation}\n",
    "    \\begin{align}\n    indented: code\n    \\end{align}\n\ntext \\begin{align} not at start \\end{align}",
    "\\begin{unknown}\nx\n\\end{unknown}\n\n\\begin{align*}a\\end{align*}",
    "para\n\\begin{gather}\nx\n\\end{gather}\n> quote *em*\n> \\begin{align}\n> y\n> \\end{align}",
    "*[nested **deep _deeper_ ~~x~~**](u)* trailing*",
    "최적화(**optimization**)에 대해서 *강조*를",
    "windows\r\nline ends\r\n\r\nold mac\rends\n\nnul\0here",
    # every inline rule's trigger, inside link labels too (the look-ahead), and at the nesting limit
    "a -- b: c = d + e % f @ g # h > i } j ] k",
    "note[^1] and ^[inline *note*] and [^missing]\n\n[^1]: the note",
    "![alt](a.png){width=10} `code`{.c} [span]{.s} [link](u){#i} {.lone}",
    "<http://x.y/z> <b>html</b> <!-- c --> &amp; &#35; &nope; a\\\nb  \nc \\$ \\*",
    "[label with `code]` and <http://a]b> and $x]$ and \\(y]\\) and [inner]](u)",
    "$a$ $$b$$ \\(c\\) \\[d\\] $ lone $$ and ~~s~~ ~t~",
    "[" * 40 + "deep" + "]" * 40 + "(u) " + "*" * 30 + "x" + "*" * 30,
    # every block rule's trigger, as a block and as what ends a paragraph, a list item or a quote
    "---\ntitle: x\n---\n# head\npara\n## next\ntext\n***\nmore\n- item\n+ other\n1. one\n2) two\npara",
    "para\n> quote\n> - in list\n>   > deeper\nlazy\n\n```\nfence\n```\n~~~\ntilde\n~~~\npara\n<div>\nhtml\n</div>",
    "Setext\n===\nOther\n---\n___\n\n    indented code\n\n[ref]: /url \"t\"\n[^n]: foot\n\n{.cls}\npara {#id}",
    "para\n$$\nx^2\n$$\nafter\n\\begin{align}\na\n\\end{align}\n- item\n  $$\n  y\n  $$\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\npara\n\nTerm\n: its definition\n\n* a\n\n  * b\n\n        code in list\n",
    "1. x\n   - y\n     > z\n     > 3. w\n\n-\n  after empty item\n\n>\n> \n\n#5 not a heading\n-not a list",
    "- a--\nb",  # front matter's rule reads the note's first character, whichever line it is at
    "\n\ntext\n\n".join(f"{digit}. item" for digit in "0123456789") + "\n\n- a\n- - -\n- _ _ _\n",
    ">" * 30 + " deep quote\n" + "".join("  " * i + "- level\n" for i in range(25)),
]


def _same(text: str) -> None:
    fast, plain = FAST.parse(text, {}), PLAIN.parse(text, {})
    assert [t.as_dict() for t in fast] == [t.as_dict() for t in plain]
    assert FAST.renderer.render(fast, FAST.options, {}) == PLAIN.renderer.render(plain, PLAIN.options, {})


@pytest.mark.parametrize("text", CRAFTED)
def test_crafted_input_parses_the_same(text):
    _same(text)


def test_the_sample_notes_parse_the_same():
    notes = sorted((REPO / "content").rglob("*.md"))
    assert notes
    for note in notes:
        _same(note.read_text(encoding="utf-8"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_the_corpus_parses_the_same():
    notes = sorted(CORPUS.rglob("*.md"))
    assert len(notes) > 30
    for note in notes:
        _same(note.read_text(encoding="utf-8"))


ODD_URLS = ["http://@example.com/", "x:@y", "host::", "http://host::/", "http://" + "a." * 130 + "/",
            "http://" + "a" * 256 + ".com/", "http://" + "a" * 64 + ".b/",
            "http://Example.COM/A_b?x=1&y=2#Top", "mailto:A@B.C", "//host/x", "a.png", "skype:Name", "../up/(x)",
            "HTTP:/x", "http://h.com.:80/", "ü/x", "h%20t", "%zz", "http://[::1]/x", "with space", "http://ÄÖ.de/ü",
            "http://user:pw@host:8080/p", "http://x.y@z/", "http://%41/", "", "#", "http://a..b/", "http:///x"]


@pytest.mark.parametrize("url", ODD_URLS)
def test_every_url_is_what_markdown_it_makes_of_it(url):
    """Twice: the remembered answer is the one markdown-it gives."""
    stock = MarkdownIt.normalizeLink(MarkdownIt(), url)
    assert FAST.normalizeLink(url) == stock
    assert FAST.normalizeLink(url) == stock


def test_the_odd_urls_markdown_it_rewrites_are_rewritten():
    """The cases a pattern of plain characters took for unchanged (issue 16, item 9)."""
    assert FAST.render("[a](http://@example.com/)") == '<p><a href="http://example.com/">a</a></p>\n'
    assert FAST.normalizeLink("x:@y") == "x:y" and FAST.normalizeLink("http://h::/") == "http://h:/"
    assert FAST.normalizeLink("http://" + "a." * 130 + "/") == "http:///"  # a host over 255 characters
    for url in ODD_URLS:
        assert FAST.render(f"[a]({url})") == PLAIN.render(f"[a]({url})"), url


def test_the_memo_is_bounded():
    """A note with a hundred thousand different (or very long) URLs does not grow it past its bound."""
    md = make_markdown(MathRenderer())
    md.normalizeLink("x" * (NORMALIZED_URL_MAX + 1))
    for i in range(NORMALIZED_URLS + 50):
        md.normalizeLink(f"/u{i}")
    memo = md.normalizeLink.__closure__  # the lambda's cells: the memo and the plain normaliser
    info = next(c.cell_contents for c in memo if hasattr(c.cell_contents, "cache_info")).cache_info()
    assert info.currsize == NORMALIZED_URLS and info.misses == NORMALIZED_URLS + 50


@pytest.mark.parametrize("triggers,rule", [(mddispatch.INLINE_TRIGGERS, name) for name in mddispatch.INLINE_TRIGGERS]
                         + [(mddispatch.BLOCK_TRIGGERS, name) for name in mddispatch.BLOCK_TRIGGERS])
def test_each_rules_trigger_characters_are_needed(monkeypatch, triggers, rule):
    """A rule left out at one of its characters changes what some crafted input parses to."""
    for ch in triggers[rule]:
        monkeypatch.setitem(triggers, rule, triggers[rule].replace(ch, ""))
        fast = make_markdown(MathRenderer())
        assert any([t.as_dict() for t in fast.parse(text, {})] != [t.as_dict() for t in PLAIN.parse(text, {})]
                   for text in CRAFTED), f"nothing needs {rule!r} at {ch!r}"
        monkeypatch.undo()


_STARTS = ["", "", "- ", "* ", "+ ", *(f"{digit}. " for digit in "0123456789"), "7) ", "> ", "> > ", "# ", "### ", "```", "~~~", "$$", "---", "***",
           "___", "===", "- - -", "\\begin{align}", "\\end{align}", "<div>", "<!-- ", "[^1]: ", "[a]: /u ", ": ",
           "{.c}", "| a | b |", "|---|---|", "    ", "\t"]
_INLINE = list("ab  *-_+#>`~$\\[](){}<>!^&:|=.0123456789'\"%@") + ["$$", "```", "[^1]", "<b>", "&amp;", "\\(", "\\)",
                                                                    "~~", "[x](u)", "![i](u)", "<http://a.b>", "`c`{.k}", "[s]{#i}"]


def test_random_markup_parses_the_same():
    """Lines starting with every block marker, at random indents, holding every character some
    inline rule reacts to: a rule that can match where its triggers leave it out would sooner or
    later parse differently here."""
    rng = random.Random(7)
    for _ in range(1000):
        lines = ["".join((rng.choice(["", "", " ", "  ", "   ", "\t"]), rng.choice(_STARTS),
                          "".join(rng.choice(_INLINE) for _ in range(rng.randint(0, 12)))))
                 for _ in range(rng.randint(1, 8))]
        _same("\n".join(lines))
