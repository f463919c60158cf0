"""The site's Markdown instance and what it is compared with: itself without its speed-ups, and
stock markdown-it-py. Math is shown in a plugin's own markup, so tests compare which TeX was
recognised, not what the engine made of it."""

from __future__ import annotations

from html import escape
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_core.normalize import normalize
from markdown_it.rules_inline import emphasis, strikethrough
from markdown_it.rules_inline.balance_pairs import link_pairs
from mdit_py_plugins.amsmath import amsmath_block

from site_builder.core.config import Config
from site_builder.markdown.render import make_markdown
from site_builder.markdown.mathrender import MathRenderer
from site_builder.markdown.math import INTERRUPTS
from site_builder.markdown.state import LinkSettings, NoteState

CONFIG = Config(site_dir=Path("."), title="T")

# Math markup of mdit-py-plugins' dollarmath and amsmath, and of texmath (its fixtures use that).
MARKUP = {
    "dollar": ('<span class="math inline">{}</span>', '<div class="math inline">{}</div>',
               '<div class="math block">\n{}\n</div>\n'),
    "texmath": ("<eq>{}</eq>", "<eqn>{}</eqn>", "<section>\n<eqn>{}</eqn>\n</section>\n"),
}


def _math_markup(family: str):
    inline, display, block = MARKUP[family]

    def render(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        tex = escape(token.content, quote=False)
        if token.type == "amsmath":
            return f'<div class="math amsmath">\n{tex}\n</div>\n'
        if token.type == "math_block":
            return block.format(tex)
        return (display if token.meta.get("display") else inline).format(tex)

    return render


def site_markdown(math: str | None = "dollar", math_renderer: MathRenderer | None = None) -> MarkdownIt:
    """The site's instance; math in a plugin's markup (`math` a MARKUP family), or rendered by
    `math_renderer` when `math` is None."""
    md = make_markdown(math_renderer or MathRenderer())
    if math:
        for kind in ("math_inline", "math_block", "amsmath"):
            md.add_render_rule(kind, _math_markup(math))
    return md


def without_speed_ups(md: MarkdownIt) -> MarkdownIt:
    """`md` with markdown-it's own rules and loops put back in place of mdshortcuts' and mddispatch's."""
    md.normalizeLink = MarkdownIt.normalizeLink.__get__(md)  # type: ignore[method-assign]
    md.inline.ruler2.at("balance_pairs", link_pairs)
    md.inline.ruler2.at("strikethrough", strikethrough.postProcess)
    md.inline.ruler2.at("emphasis", emphasis.postProcess)
    md.block.ruler.at("amsmath", amsmath_block, INTERRUPTS)
    md.core.ruler.at("normalize", normalize)
    del md.inline.tokenize, md.inline.skipToken, md.block.tokenize, md.block.ruler.getRules  # the classes' own
    return md


def page_env(text: str) -> dict:
    """The env a note renders with (links, Liquid and anchors handled as in a build)."""
    return {"page": NoteState(rel="en/x.md", site_rel="content/en/x.md", lines=text.split("\n"),
                              settings=LinkSettings.of(CONFIG), routes={})}


def render(md: MarkdownIt, text: str) -> str:
    return md.render(text, page_env(text))


def tokens(md: MarkdownIt, text: str) -> list[dict]:
    return [t.as_dict() for t in md.parse(text, page_env(text))]
