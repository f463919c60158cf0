"""Properties of the Markdown stage on generated notes that mix what real notes mix: emphasis next
to Hangul, every math form, fences, raw HTML, tables, `{#id}`, Liquid and footnotes.

- No exception, whatever the input.
- The page's HTML is balanced: every non-void element closed, in order (checked with an HTML
  parser). Raw HTML in the input is generated balanced and self-contained (inline elements with
  plain text inside, block elements around whole paragraphs at the top level), so an unbalanced
  page is the stage's doing.
- Where the generated note is well formed (math closed, emphasis paired), nothing of the source
  syntax is left in the page's text outside code: no `$`, `\\(`, `\\[`, `\\begin`, `{{`, `*`, `[^`.

Math goes through the real renderer (KaTeX, memoised per formula); the test on arbitrary text uses
a stub renderer only for speed (random TeX would mostly exercise KaTeX's error path)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import visible_text
from mdvariants import CONFIG
from site_builder.content.frontmatter import parse_document
from site_builder.markdown.render import make_markdown, render_document
from site_builder.markdown.state import LinkSettings
from site_builder.markdown.mathrender import MathRenderer, MathResult
from site_builder.content.sources import Source

MD = make_markdown(MathRenderer())

# Self-contained inline pieces, well formed: each renders completely on its own, next to any other
# (they are joined by spaces, so no `$` closer meets a digit and no delimiter run meets another).
WORDS = ["text", "note", "한국어", "最適化", "gradient", "x1", "3.5", "ü"]
EMPHASIS = ["*em*", "**strong**", "_under_", "__double__", "***both***", "**최적화(optimization)**에", "*강조*를",
            "최적화(**optimization**)에", "**손실 함수**는", "~~gone~~", "**a *b* c**"]
MATH = ["$x^2$", "$\\alpha + \\beta_1$", "$\\frac{a}{b}$", "$$\\sum_i x_i$$", "\\\\(a_1 \\le b\\\\)",
        "\\(b^2\\)", "\\\\[c = d\\\\]", "$\\{a, b\\}$", "$a_{ij}^{*}$", "\\\\(\\mathbf{W}_{i}\\\\)"]
CODE = ["`co*de`", "`$x$`", "``{{ raw }}``", "`\\(q\\)`", "`[^1]`"]
LINKS = ["[link](http://example.com/a_b)", "[odd](http://@example.com/)", "![img](a.png)", "<http://x.y/z>",
         "[span]{.cls}", "[ref link][ref]", "[**bold link**](/x)", "[$m$ link](/m)"]
RAW_INLINE = ["<kbd>Ctrl</kbd>", '<span class="x">span</span>', "<br>", "<!-- comment -->", "<sub>2</sub>", "<b>b</b>"]
LIQUID = ["{{ site.title }}", "{{site.title}}"]
OTHER = ["&amp;", "&copy;", "^[inline note]", "[^1]", "a_b_c", "5 × 3", "a -- b"]
INLINE = WORDS * 3 + EMPHASIS + MATH + CODE + LINKS + RAW_INLINE + LIQUID + OTHER

FENCES = ["```python\nx = '$' + \"{{ y }}\"  # *not* [^1]\n```", "~~~\n\\begin{align}\na &= b\n\\end{align}\n~~~",
          "``` c\\+\\+ {.x}\nint *p;\n```", "{#listing .code}\n```js\nlet a = `${b}`;\n```", "Code:\n\n    indented $code$ {{ x }}"]
DISPLAY = ["$$\nx^2 + y^2 = z^2\n$$", "$$a = b$$", "\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}",
           "\\begin{equation}\nE = mc^2\n\\end{equation}", "\\\\[\n\\int_0^1 f\n\\\\]", "$$\n\\begin{matrix} a & b \\end{matrix}\n$$"]


@st.composite
def inline(draw, max_size=8) -> str:
    pieces = draw(st.lists(st.sampled_from(INLINE), min_size=1, max_size=max_size))
    if pieces[0] in RAW_INLINE:  # at a line's start, `<!--` would open an HTML block, not inline HTML
        pieces.insert(0, "see")
    return " ".join(pieces)


@st.composite
def block(draw, top: bool) -> str:
    kinds = ["para", "heading", "fence", "display", "table", "list", "quote", "deflist", "rule"]
    kind = draw(st.sampled_from(kinds + (["html"] if top else [])))
    text = draw(inline())
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + text + draw(st.sampled_from(["", " {#custom-id}", " {.cls}"]))
    if kind == "fence":
        return draw(st.sampled_from(FENCES))
    if kind == "display":
        return draw(st.sampled_from(DISPLAY))
    if kind == "table":
        rows = draw(st.lists(st.lists(inline(3), min_size=2, max_size=2), min_size=1, max_size=3))
        return "| a | b |\n|---|:-:|\n" + "\n".join(f"| {x} | {y} |" for x, y in rows)
    if kind == "list":
        marker = draw(st.sampled_from(["- ", "* ", "1. "]))
        items = draw(st.lists(inline(), min_size=1, max_size=3))
        nested = draw(st.sampled_from(["", "\n  - nested " + text]))
        return "\n".join(marker + item for item in items) + nested
    if kind == "quote":
        return "> " + text + draw(st.sampled_from(["", "\n>\n> " + draw(inline())]))
    if kind == "deflist":
        return f"Term {draw(inline(2))}\n: {text}"
    if kind == "rule":
        return "***"
    if kind == "html":
        tag = draw(st.sampled_from(["div", "details", "section"]))
        inner = f"<summary>{draw(st.sampled_from(WORDS))}</summary>\n\n" if tag == "details" else "\n\n"
        return f'<{tag} class="box">{inner}{text}\n\n</{tag}>'
    return text


@st.composite
def notes(draw) -> str:
    """A note: blocks, its footnote and its reference definition (used or not: both are fine)."""
    blocks = draw(st.lists(block(top=True), min_size=1, max_size=6))
    return "\n\n".join([*blocks, "[^1]: the *footnote* with $f$", "[ref]: /ref \"Ref\""]) + "\n"


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Balance(HTMLParser):
    """The first tag out of place: a close with no open element of its name on top, or left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass  # `<hr />`, `<path ... />`: opened and closed

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"</{tag}> of a void element")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()


def unbalanced(html: str) -> list[str]:
    parser = _Balance()
    parser.feed(html)
    parser.close()
    return parser.errors + [f"<{tag}> never closed" for tag in parser.stack]


def _render(text: str, md=MD):
    doc, problems = parse_document(Source(Path("x.md"), "en/x.md", "en"), "content/en/x.md", text.encode())
    assert doc is not None, problems
    return render_document(md, doc, "content/en/x.md", LinkSettings.of(CONFIG), {"en/x.md": "/x/"})


LEFTOVERS = ["$", "\\(", "\\)", "\\[", "\\]", "\\begin", "\\end", "{{", "}}", "*", "[^", "{#", "{."]


def test_the_checks_can_fail():
    """The balance check sees a misnested or unclosed tag; the leftover check sees raw syntax."""
    assert unbalanced("<p><em>a</p></em>") and unbalanced("<div><p>x</p>") and unbalanced("</br>")
    assert unbalanced('<p>a<br>b<img src="x"><svg><path d="M0"/></svg></p>') == []
    html = _render("a $x$ and *b\n").html
    assert visible_text(html).count("*") == 1


@settings(max_examples=int(__import__("os").environ.get("MD_EXAMPLES", 150)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_well_formed_notes_render_balanced_with_no_syntax_left(text):
    rendered = _render(text)
    page = rendered.html
    assert unbalanced(page) == [], page
    leftover = [marker for marker in LEFTOVERS if marker in visible_text(page)]
    assert leftover == [], page
    assert rendered.problems == ()


class _StubMath:
    """A MathRenderer's interface, escaping the TeX: for random TeX, which would mostly exercise
    KaTeX's error path at a millisecond or more a call."""

    def render(self, tex: str, display: bool) -> MathResult:
        from html import escape
        return MathResult(f'<span class="katex">{escape(tex)}</span>')

    def prepare(self, items: list[tuple[str, bool]]) -> None:
        """Nothing to render ahead: `render` is cheap here (the core rule calls this with every note's math)."""


STUBBED = make_markdown(_StubMath())  # type: ignore[arg-type]
PIECES = [piece for piece in INLINE if piece not in RAW_INLINE] + ["*", "**", "_", "$", "$$", "\\(", "\\\\[", "\\begin{align}", "\\end{align}", "{{", "}}", "[", "]",
                   "(", ")", "`", "```", "|", "- ", "> ", "#", "\n", "\n\n", "    ", "{#", "[^", "]:", "< ", ">", "&",
                   "---", "===", "\\", "\t", "\r", "\0", "에", "\u200b"]


@settings(max_examples=int(__import__("os").environ.get("MD_EXAMPLES", 200)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_arbitrary_text_never_raises_and_stays_balanced(text):
    """Unclosed math, stray delimiters, control characters: a page or a Problem, never an exception.
    No raw HTML here (`\\<b>b</b>` would be unbalanced by the input's own doing; the test above
    has it, balanced), and a `<` comes with a space after it, so no two pieces make a tag: every
    tag of the page is the stage's own."""
    doc, problems = parse_document(Source(Path("x.md"), "en/x.md", "en"), "content/en/x.md", text.encode())
    if doc is None:  # front matter errors: reported, with a line
        assert problems and all(p.line >= 1 for p in problems)
        return
    page = render_document(STUBBED, doc, "content/en/x.md", LinkSettings.of(CONFIG), {}).html
    assert unbalanced(page) == [], (text, page)
