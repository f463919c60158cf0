"""Markdown dialect, in markdown-it's fixture format. Math is shown as [inline]TeX[/inline] /
[display]TeX[/display] so the fixtures pin exactly which TeX was recognised."""

from html import escape
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from site_builder.markdown.render import make_markdown
from site_builder.markdown.mathrender import MathRenderer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "markdown"


def _show(self, tokens, idx, options, env):
    token = tokens[idx]
    kind = "display" if token.type != "math_inline" or token.meta.get("display") else "inline"
    out = f"[{kind}]{escape(token.content, quote=False)}[/{kind}]"
    return out if token.type == "math_inline" else out + "\n"


def markdown():
    md = make_markdown(MathRenderer())
    for kind in ("math_inline", "math_block", "amsmath"):
        md.add_render_rule(kind, _show)
    return md


CASES = [(f.stem, *case) for f in sorted(FIXTURES.glob("*.md")) for case in read_fixture_file(f)]


@pytest.mark.parametrize("name, line, title, text, expected", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_fixture(name, line, title, text, expected):
    assert markdown().render(text) == expected
