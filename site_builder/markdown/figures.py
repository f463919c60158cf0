"""Numbered figures: an image alone in its paragraph with an id `{#fig:name}`, or a raw HTML block
with `id="fig:name"` (a `<div class="fig">`), is numbered per note, in document order, and its id
becomes the anchor `#fig-name`. `[@fig:name]` shows "Figure 2" in the note's language (the
interface string `figure`), linked; `[@eq:name]` shows an equation's "(3)". Labels of figures and
equations share one namespace per note (markdown.equations)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import escape

from .equations import Label, Ref, label_id

_HTML_FIG = re.compile(r"""\bid\s*=\s*["'](fig:[^"'\s]+)["']""")
_CAPTION = re.compile(r"""<(?:div|p|span|figcaption)\b[^>]*\bclass\s*=\s*["'][^"']*\bfigcaption\b[^"']*["'][^>]*>""")
_AT_REF = re.compile(r"\[@([A-Za-z][\w-]*:[^\]\s]+)\]")


def label_text(label: Label, word: str) -> str:
    """What a reference to `label` shows: "Figure 2" for a figure, "(3)" for an equation."""
    return f"{word} {label.shown}" if label.kind == "fig" else f"({label.shown})"


def _number(page, name: str, line: int) -> str:
    numbering = page.numbering
    if name in numbering.labels:
        page.warn("ref", line, f"label '{name}' is defined twice in this note", page.column(line, name))
        return ""
    numbering.figures += 1
    shown = str(numbering.figures)
    numbering.labels[name] = Label(name, shown, line, "fig")
    page.anchors.add(label_id(name))
    return shown


def _image_figure(page, tokens: list[Token], i: int, word: str) -> None:
    """`![caption](x.png){#fig:name}` alone in a paragraph: a <figure> with a numbered caption."""
    children = [c for c in tokens[i + 1].children or () if not (c.type == "text" and not c.content.strip())]
    if len(children) != 1 or children[0].type != "image":
        return
    image = children[0]
    name = str(image.attrGet("id") or "")
    if not name.startswith("fig:"):
        return
    line = tokens[i].map[0] + 1 if tokens[i].map else 0
    shown = _number(page, name, line)
    if not shown:
        return
    del image.attrs["id"]
    tokens[i].tag = tokens[i + 2].tag = "figure"
    tokens[i].attrSet("id", label_id(name))
    caption = Token("html_inline", "", 0)
    alt = "".join(c.content for c in image.children or ())
    caption.content = (f'<figcaption><span class="fig-number">{escape(word)} {shown}</span>'
                       f'{" " + str(escape(alt)) if alt else ""}</figcaption>')
    tokens[i + 1].children.append(caption)


def _html_figure(page, token: Token, word: str) -> None:
    """A raw HTML block with `id="fig:name"`: its id made the anchor, its figcaption numbered."""
    found = _HTML_FIG.search(token.content)
    if not found:
        return
    line = token.map[0] + 1 if token.map else 0
    shown = _number(page, found.group(1), line)
    if not shown:
        return
    html = token.content[:found.start(1)] + label_id(found.group(1)) + token.content[found.end(1):]
    caption = _CAPTION.search(html)
    if caption:
        html = f'{html[:caption.end()]}<span class="fig-number">{escape(word)} {shown}</span> {html[caption.end():]}'
    token.content = html


def figure_numbers(state: StateCore) -> None:
    """Core rule (after equation_numbers): number the note's figures."""
    page = state.env.get("page")
    if page is None:
        return
    word = page.settings.figure_words.get(page.lang, "Figure")
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "paragraph_open" and i + 2 < len(tokens) and tokens[i + 1].type == "inline":
            _image_figure(page, tokens, i, word)
        elif token.type == "html_block" and "fig:" in token.content:
            _html_figure(page, token, word)


def at_ref(state: StateInline, silent: bool) -> bool:
    """`[@fig:name]` / `[@eq:name]` in text."""
    if not state.src.startswith("[@", state.pos):
        return False
    match = _AT_REF.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("label_ref", "a", 0)
        token.content = match.group(0)
        token.meta = {"label": match.group(1)}
    state.pos = match.end()
    return True


def _render_at_ref(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    page = env.get("page")
    if page is None:
        return str(escape(token.content))
    line = token.meta.get("line", 0)
    name = token.meta["label"]
    label = page.numbering.labels.get(name)
    if label is None or not label.shown:
        if label is None:
            page.numbering.unresolved.append(Ref("at", name, line, page.column(line, token.content)))
        return '<span class="eqref unknown">??</span>'
    text = label_text(label, page.settings.figure_words.get(page.lang, "Figure"))
    return f'<a class="{"figref" if label.kind == "fig" else "eqref"}" href="#{escape(label_id(name))}">{escape(text)}</a>'


def figures_plugin(md: MarkdownIt) -> None:
    """`[@label]` references; the core rule `figure_numbers` runs after `equation_numbers` (render.py)."""
    md.inline.ruler.before("link", "label_ref", at_ref)
    md.add_render_rule("label_ref", _render_at_ref)
