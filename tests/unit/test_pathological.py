"""Notes written to make a parser rescan (openers never closed, long runs, deep nesting, huge tables,
many glossary terms) render in linear time: each case of `python -m bench growth`, at its n and at
4n, through the real render of a Korean note of the sample site (its config and glossary), in CPU
time (a loaded machine changes wall time). Linear time takes about 4x as long at 4n, quadratic
about 16x; the bound is 6x (and 5 s), generous, yet each quadratic path fixed here failed it."""

import sys

import pytest

from helpers import REPO

sys.path.insert(0, str(REPO))  # the cases live with the benchmark that prints their growth
from bench.growth import CASES, renderer, timed  # noqa: E402


@pytest.fixture(scope="module")
def render():
    render = renderer()
    render("warm up: $x$ \\(y\\) 가중치")
    return render


@pytest.mark.parametrize("name", list(CASES))
def test_render_time_grows_linearly(render, name):
    make, n = CASES[name]
    small, large = make(n), make(4 * n)

    def measure() -> tuple[float, float]:
        return min(timed(render, small) for _ in range(3)), min(timed(render, large) for _ in range(2))

    at_n, at_4n = measure()
    # Below 5 ms a timing is mostly noise: compare with at least that. A slow 4n is measured again,
    # four times at most (other processes disturb even CPU time); a quadratic path is slow every time.
    for _ in range(4):
        if at_4n < 6 * max(at_n, 0.005):
            break
        at_n, at_4n = measure()
    assert at_4n < 5, f"{name}: {at_4n:.2f} s at 4n={4 * n}"
    assert at_4n < 6 * max(at_n, 0.005), f"{name}: {at_n:.3f} s at n={n}, {at_4n:.3f} s at 4n"


def test_math_openers_never_closed_stay_text(render):
    """The remembered failed searches change no result: an opener with no closer after it is text,
    and one that has a closer later still opens math."""
    html = render("\\\\(x\\\\) " + "\\\\( a " * 50 + "$$ b $ c \\[ d").html
    assert html.count("\\(") == 50 and html.count('class="katex"') == 1 and "$$ b $ c" in html
    html = render("\\\\( a " * 50 + "\\\\)").html  # the first opener reaches the closer at the end
    assert html.startswith(("<p><span class=\"katex\">", "<p><span class=\"math-fallback\">"))
    assert html.count('<span class="katex">') + html.count('<span class="math-fallback">') == 1


def test_amsmath_closing_found_only_in_its_own_container(render):
    """The closing line is looked up by text; it must still end the environment only where the
    block can see it (a quote's own lines, not a line after the quote)."""
    out = render("> \\begin{align}\n> a\n\n\\end{align}\n\n\\begin{align*}\nb\n\\end{align*}\n").html
    assert out.count('class="katex-display"') == 1  # only the second: the first never closes in its quote
    out = render("> \\begin{align}\n> a\n> \\end{align}\n").html
    assert "<blockquote>" in out and out.count('class="katex-display"') == 1


def _forgetful(rule, memo: str):
    """`rule` with its memo of failed searches dropped before every call: the plain scan."""

    def plain(state, *args):
        state.__dict__.pop(memo, None)
        return rule(state, *args)

    return plain


def test_memos_change_no_token_on_random_documents():
    """Our rules with their memos, against the plain scans (and mdit-py-plugins' own amsmath rule)
    on random documents mixing every opener with quotes, lists, footnotes, indents and blank lines."""
    import random

    from mdit_py_plugins.amsmath import amsmath_block as stock_amsmath

    from site_builder.markdown.render import make_markdown
    from site_builder.markdown.mathrender import MathRenderer
    from site_builder.markdown.math import INTERRUPTS, math_block, math_inline

    ours, plain = make_markdown(MathRenderer()), make_markdown(MathRenderer())
    plain.block.ruler.at("amsmath", stock_amsmath, INTERRUPTS)
    plain.block.ruler.at("math_block", _forgetful(math_block, "math_block_misses"), INTERRUPTS)
    plain.inline.ruler.at("math_inline", _forgetful(math_inline, "math_misses"))
    del plain.inline.tokenize, plain.inline.skipToken, plain.block.tokenize, plain.block.ruler.getRules
    prefixes = ["", "", "> ", ">", "- ", "  ", "1. ", "    ", "[^a]: ", "> - ", "  > ", ": "]
    bodies = ["$$", "$$x", "x $$", "$$ y $$", "a", "", "\\begin{align}", "\\end{align}", "\\begin{align*}",
              "a \\end{align*}", "\\\\( p", "q \\\\)", "\\\\[ r", "s \\\\]", "\\( t", "u \\)", "$v$", "$ w", "[x",
              "](y)", "`z", "***"]
    rng = random.Random(16)

    def line() -> str:
        if rng.random() < 0.15:
            return ""
        return rng.choice(prefixes) + " ".join(rng.choice(bodies) for _ in range(rng.choice((1, 1, 2, 3))))

    for _ in range(3000):
        text = "\n".join(line() for _ in range(rng.randint(1, 14)))
        assert [t.as_dict() for t in ours.parse(text, {})] == [t.as_dict() for t in plain.parse(text, {})], text
