"""A fence's language: the first word of its info string, escapes and entities undone as
CommonMark says (issue 16, item 9); attributes set above a fence reach its <code>."""

import pytest

from site_builder.markdown.highlight import fence_lang
from site_builder.markdown.render import make_markdown
from site_builder.markdown.mathrender import MathRenderer


@pytest.mark.parametrize("info, lang", [
    ("python", "python"), ("  Python  {.x}", "python"), ("{.python}", "python"), ("", ""), ("   ", ""),
    ("foo\\+bar", "foo+bar"), ("c&#43;&#43; x", "c++"), ("&amp;&lt;", "&<"), ("js&#32;custom-class", "js"),
    ("a\\\\b", "a\\b"), ("&nope;", "&nope;"),
])
def test_fence_lang(info, lang):
    assert fence_lang(info) == lang


MD = make_markdown(MathRenderer())


def test_the_class_is_the_unescaped_language_escaped_once_for_html():
    assert '<code class="language-foo+bar">' in MD.render("``` foo\\+bar\nx\n```\n")
    assert '<code class="language-&amp;&lt;">' in MD.render("```&amp;&lt;\nx\n```\n")


def test_attributes_above_a_fence_reach_its_code():
    html = MD.render('{#listing .wide data-x="1"}\n```python\na = 1\n```\n')
    assert html.startswith('<div class="highlight"><pre tabindex="0"><code id="listing" data-x="1" class="wide language-python">'
                           '<span class="n">a</span>')
    assert MD.render("{#plain}\n```\nx < y\n```\n") == '<div class="highlight"><pre tabindex="0"><code id="plain">x &lt; y\n</code></pre></div>\n'
    assert MD.render("```\nno attributes\n```\n") == '<div class="highlight"><pre tabindex="0"><code>no attributes\n</code></pre></div>\n'
    assert MD.render("{#i .x}\n    code\n") == '<div class="highlight"><pre id="i" class="x" tabindex="0"><code>code\n</code></pre></div>\n'
