"""One Markdown parse per note: HTML, toc, anchors, links and diagnostics from one token stream."""

from __future__ import annotations

import re
import zlib
from types import MappingProxyType
from dataclasses import dataclass, field, replace
from typing import Mapping

from markdown_it import MarkdownIt
from markupsafe import escape
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .emphasis import cjk_emphasis_plugin
from ..content.frontmatter import Document, front_matter_plugin
from .headings import HeadingRef, TocEntry, heading_ids, plain_text
from .highlight import PRE_TABINDEX, fence_lang, highlight_code
from .liquid import liquid_tags_plugin
from .links import Link, inline_lines, liquid_destinations_plugin, site_links
from .mathrender import MathRenderer
from .math import math_plugin
from .figures import figure_numbers, figures_plugin
from .equations import REF, Equations, equation_numbers, equations_plugin, ref_html, refs_in_math
from ..markdown.speedups import speedups_plugin
from .state import LinkSettings, NoteState, NumberedMath
from ..core.problems import Problem, error


# Environments LaTeX and MathJax number automatically; KaTeX shows them without numbers.
_NUMBERED = re.compile(r"\\begin\{(equation|align|gather|multline|flalign|alignat)\}")


def _valid_mathml(html: str) -> str:
    """KaTeX writes `columnspacing=""` on a one-column aligned table (`\\begin{align*}a\\end{align*}`):
    an empty value is invalid MathML (the Nu HTML Checker says so); without it, the default applies.
    A quote inside TeX reaches the page escaped, so only an attribute can read like this."""
    return html.replace(' columnspacing=""', "") if 'columnspacing=""' in html else html


def pack(html: str) -> bytes:
    """Rendered HTML is kept compressed: KaTeX output makes pages large (and non-ASCII strings take
    up to 4 bytes a character in memory), and a site holds every page until it is written."""
    return zlib.compress(html.encode(), 1)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode()


@dataclass(frozen=True, kw_only=True)
class Rendered:
    packed: bytes  # the note's HTML, see pack()
    toc: tuple[TocEntry, ...]
    first_heading: str  # title of the first h1 (or first heading), for notes without a title
    anchors: frozenset[str]
    links: tuple[Link, ...]
    problems: tuple[Problem, ...]
    numbered_math: tuple[NumberedMath, ...] = ()
    equations: Equations = Equations()
    # What each feature plugged into the dialect collected, by its env key (see render_document)
    features: Mapping[str, object] = field(default_factory=dict)

    @property
    def html(self) -> str:
        return unpack(self.packed)


def _math_rule(math: MathRenderer):
    def render(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        display = token.type != "math_inline" or token.meta.get("display", False)
        page: NoteState | None = env.get("page")
        tex = token.meta.get("numbered_tex", token.content) if token.meta else token.content
        if "ref" in tex and REF.search(tex):
            whole = REF.fullmatch(tex.strip())
            if whole and token.type == "math_inline":  # `$\eqref{eq:x}$`: the reference alone, linked
                line = token.meta.get("line", 0)
                return ref_html(page, whole.group(1), whole.group(2).strip(), line,
                                page.column(line, whole.group(0)) if page else 0, lambda t: math.render(t, False).html)
            tex = refs_in_math(tex, page)
        result = math.render(tex, display)
        html = _valid_mathml(result.html)
        if result.error and page is not None:
            line = token.map[0] + 1 if token.map else token.meta.get("line", 0)
            col = page.column(line, token.markup + token.content[:12]) or page.column(line, token.markup or "\\begin")
            if result.fallback_failed:
                message = f"{result.error} (no renderer could typeset it) in: {token.content}"
                page.problems.append(error("math", page.site_rel, line, message, col))
            else:
                page.warn("math", line, f"{result.error} (rendered with latex2mathml instead) in: {token.content}", col)
        numbered = _NUMBERED.search(tex)  # what equations.py leaves unnumbered: multline, flalign
        if numbered and page is not None and "\\tag" not in token.content and "\\nonumber" not in token.content:
            first, last = (token.map[0] + 1, token.map[1]) if token.map else (token.meta.get("line", 0),) * 2
            line = next((n for n in range(first, last + 1) if page.column(n, numbered.group(0))), first)
            page.numbered_math.append(NumberedMath(line, page.column(line, numbered.group(0)), numbered.group(1)))
        # A display formula scrolls sideways when wider than the screen: focusable, so a keyboard can scroll it
        if token.type == "math_inline":
            return f'<span class="math-block" tabindex="0">{html}</span>' if display else html
        ids = (token.meta or {}).get("labels", ())  # a formula's labels: the first on the block, others inside
        own = f' id="{escape(ids[0])}"' if ids else ""
        anchors = "".join(f'<span id="{escape(i)}"></span>' for i in ids[1:])
        return f'<div class="math-block"{own} tabindex="0">{anchors}{html}</div>\n'

    return render


def _math_batch(math: MathRenderer):
    """Core rule, last: the note's expressions rendered before its HTML is, a batch to a call
    (references inside formulas are left to the render rule, which substitutes them first)."""
    def batch(state) -> None:
        items = []
        for token in state.tokens:
            for math_token in (token.children or ()) if token.type == "inline" else (token,):
                if math_token.type in ("math_inline", "math_block", "amsmath"):
                    tex = (math_token.meta or {}).get("numbered_tex", math_token.content)
                    display = math_token.type != "math_inline" or (math_token.meta or {}).get("display", False)
                    if "ref" not in tex:
                        items.append((tex, display))
        math.prepare(items)

    return batch


def _fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    lang = fence_lang(token.info)
    html = highlight_code(token.content, lang)
    if not token.attrs:
        return html
    # `{#id .class}` above the fence goes on its <code>, the language class last, as markdown-it does
    attrs = dict(token.attrs)
    if lang:
        attrs["class"] = f"{attrs['class']} language-{lang}" if attrs.get("class") else f"language-{lang}"
    code = html.index(">", html.index("<code")) + 1
    return f'{html[:html.index("<code")]}<code{self.renderAttrs(token.copy(attrs=attrs))}>{html[code:]}'


def _code_block(self, tokens, idx, options, env) -> str:
    html = highlight_code(tokens[idx].content, "")
    # `{#id .class}` above indented code goes on its <pre>, as markdown-it does
    if not tokens[idx].attrs:
        return html
    attrs = {**dict(tokens[idx].attrs), "tabindex": PRE_TABINDEX}
    return html.replace(f'<pre tabindex="{PRE_TABINDEX}">', f"<pre{self.renderAttrs(tokens[idx].copy(attrs=attrs))}>", 1)


def _table_open(self, tokens, idx, options, env) -> str:
    # The theme scrolls a wide table sideways on its own, as it does code: focusable, like a <pre>
    table = tokens[idx].copy(attrs={**dict(tokens[idx].attrs), "tabindex": PRE_TABINDEX})
    return self.renderToken([table], 0, options, env)


def make_markdown(math: MathRenderer) -> MarkdownIt:
    """The site's Markdown dialect. One instance per build; per-note state goes through `env`.
    Features add their core rules with `md.use(plugin)`, between `site_links` and `footnote_tail`."""
    md = (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(math_plugin)
        .use(equations_plugin, lambda tex: math.render(tex, False).html)
        .use(figures_plugin)
        .use(cjk_emphasis_plugin)
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(attrs_plugin, spans=True)
        .use(attrs_block_plugin)
        .use(liquid_tags_plugin)
        .use(liquid_destinations_plugin)
        .use(speedups_plugin)
    )
    md.core.ruler.after("inline", "inline_lines", inline_lines)
    md.core.ruler.after("inline_lines", "equation_numbers", equation_numbers)
    md.core.ruler.after("equation_numbers", "figure_numbers", figure_numbers)
    md.core.ruler.after("figure_numbers", "heading_ids", heading_ids)
    md.core.ruler.after("heading_ids", "site_links", site_links)
    md.core.ruler.push("math_batch", _math_batch(math))
    for kind in ("math_inline", "math_block", "amsmath"):
        md.add_render_rule(kind, _math_rule(math))
    md.add_render_rule("fence", _fence)
    md.add_render_rule("code_block", _code_block)
    md.add_render_rule("table_open", _table_open)
    return md


def _toc_with_math(md: MarkdownIt, tokens, toc: tuple[TocEntry, ...]) -> tuple[TocEntry, ...]:
    """The toc, where a heading holds math, with that math typeset for the table of contents (its
    `text` keeps the TeX: ids and messages use it). Only text, code and math, as `plain_text` reads."""
    headings = [tokens[i + 1].children or [] for i, t in enumerate(tokens) if t.type == "heading_open"]
    if len(headings) != len(toc) or not any(c.type == "math_inline" for children in headings for c in children):
        return toc
    entries = []
    for entry, children in zip(toc, headings):
        if any(c.type == "math_inline" for c in children):
            parts = []
            for i, child in enumerate(children):
                if child.type == "text":
                    parts.append(str(escape(child.content)))
                elif child.type == "code_inline":
                    parts.append(f"<code>{escape(child.content)}</code>")
                elif child.type == "math_inline":  # no `page` in env: its problems are reported once, by the page
                    parts.append(md.renderer.rules["math_inline"](children, i, md.options, {}))
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            entry = replace(entry, html="".join(parts).strip())
        entries.append(entry)
    return tuple(entries)


def render_document(md: MarkdownIt, doc: Document, site_rel: str, links: LinkSettings, routes: Mapping[str, str],
                    features: Mapping[str, object] = MappingProxyType({}),
                    inherit_ids: tuple[HeadingRef, ...] = ()) -> Rendered:
    """Render one note. `features` maps an env key to a feature's per-note state, which its core
    rules read from `env[key]`; one with a `collect(md, tokens, env)` method gives what goes in
    `Rendered.features[key]` (called after the parse, before the render). `inherit_ids`: for a
    translation, its source note's headings (see headings.heading_ids)."""
    page = NoteState(rel=doc.source.rel, site_rel=site_rel, lines=doc.text.split("\n"), settings=links,
                     routes=routes, inherit_ids=inherit_ids)
    base = {"page": page, **features}
    # Three env dicts, parse / collect / render, as markdown-it's plugins (footnotes) expect
    tokens = md.parse(doc.text, dict(base))
    collected = {key: feature.collect(md, tokens, dict(base))
                 for key, feature in features.items() if hasattr(feature, "collect")}
    # lstrip: markdown-it puts a newline after the hidden front matter token
    html = md.renderer.render(tokens, md.options, dict(base)).lstrip("\n")
    first = ""
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and (not first or token.tag == "h1"):
            first = plain_text(tokens[i + 1].children)
            if token.tag == "h1":
                break
    return Rendered(packed=pack(html), toc=_toc_with_math(md, tokens, page.toc), first_heading=first,
                    anchors=frozenset(page.anchors), links=tuple(page.links), problems=tuple(page.problems),
                    numbered_math=tuple(page.numbered_math), equations=page.numbering.result(), features=collected)


def outline(md: MarkdownIt, text: str, rel: str, links: LinkSettings, routes: Mapping[str, str]) -> tuple[TocEntry, ...]:
    """The headings of a note's text (another version of a note: the one a translation was stamped
    against), by the same parse its page would have: ids, levels, lines and section anchors."""
    page = NoteState(rel=rel, site_rel=f"content/{rel}", lines=text.split("\n"), settings=links, routes=routes)
    md.parse(text, {"page": page})
    return page.toc
