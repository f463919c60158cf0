"""Core rule over tokens: resolve Jekyll's `{{ site.KEY }}` and rewrite link targets to hrefs.

- `{{ site.KEY }}` in text, link targets and raw-HTML attributes -> the site.yaml value (an unknown
  key is a warning and resolves to nothing, as Jekyll does). Code and math are never touched.
- relative `x.md#frag` -> the href of that page; root-relative `/x.md` -> the href of the note at
  the root of the note's language; other relative files -> the href of the file beside the note;
  root-relative `/assets/x.png` -> href; external and `#frag` untouched.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from types import SimpleNamespace

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .equations import label_fragment, link_to_label
from .liquid import warn_liquid_tags
from .state import Link, NoteState
from ..core.urls import asset_path, href, is_external, resolve_relative

# markdown-it percent-encodes link destinations, so `{{site.x}}` may arrive as `%7B%7Bsite.x%7D%7D`.
LIQUID = re.compile(r"(?:\{\{|%7B%7B)(?:\s|%20)*site\.([A-Za-z_][\w-]*)(?:\s|%20)*(?:\}\}|%7D%7D)", re.I)
_LIQUID_AT = re.compile(r"\{\{\s*site\.([A-Za-z_][\w-]*)\s*\}\}")
_HTML_URL_ATTR = re.compile(r"""(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.I)
_HTML_ANCHOR = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _liquid(page: NoteState, text: str, line: int, in_url: bool) -> str:
    def value(m: re.Match) -> str:
        key = m.group(1)
        if key == "baseurl" and in_url:
            return ""  # the link rewrite below applies the baseurl, exactly once
        try:
            return str(page.settings.site_value(key))
        except KeyError:
            written = unquote(m.group(0))
            page.warn("liquid", line, f"unknown site key '{key}' in {written} (not in site.yaml or its params)",
                      page.column(line, written))
            return ""

    return LIQUID.sub(value, text) if "{{" in text or "%7B" in text.upper() else text


def rewrite_target(page: NoteState, target: str, line: int) -> str:
    """The href a link target written in this note must have in the output."""
    if not target or target.startswith(("#", "?")) or is_external(target):
        return target
    path, hash_, frag = target.partition("#")
    if path.startswith("/"):
        if path.endswith(".md"):
            # `/x.md` names a note at the root of the note's language, as `x.md` names one beside it;
            # a missing one keeps its href, which `check` reports as leading nowhere.
            site_path = page.routes.get(page.lang + posixpath.normpath(unquote(path)))
            if site_path is not None:
                return href(site_path, page.settings.baseurl) + hash_ + frag
        return href(path, page.settings.baseurl) + hash_ + frag
    if path.endswith("/") or posixpath.basename(path) in (".", ".."):
        return target  # a folder-style relative URL already works with pretty URLs
    rel = resolve_relative(page.rel, unquote(path))
    lang = rel.split("/", 1)[0]
    if rel.startswith("..") or lang not in page.settings.languages or "/" not in rel:
        return target
    if rel.endswith(".md"):
        site_path = page.routes.get(rel)
        if site_path is None:
            page.warn("link", line, f"link to '{path}': no such note (content/{rel})", page.column(line, path))
            return target
        return href(site_path, page.settings.baseurl) + hash_ + frag
    return href(asset_path(rel, lang, page.settings.language), page.settings.baseurl) + hash_ + frag


def _rewrite_attr(page: NoteState, token: Token, name: str, kind: str, line: int) -> None:
    target = token.attrGet(name)
    if target is None:
        return
    raw = _liquid(page, str(target), line, in_url=True)
    new = label_fragment(rewrite_target(page, raw, line)) if kind == "link" else rewrite_target(page, raw, line)
    token.attrSet(name, new)
    written = unquote(str(target))
    col = page.column(line, written)
    if not col and "}}" in written:  # written with spaces: `{{ site.baseurl }}/x` -> point at its `{{`
        tail = page.column(line, written.rsplit("}}", 1)[-1])
        col = page.lines[line - 1].rfind("{{", 0, tail) + 1 if tail else 0
    page.links.append(Link(written, new, line, col, kind))


def _rewrite_html(page: NoteState, html: str, line: int) -> str:
    def attr(m: re.Match) -> str:
        raw = m.group(2) if m.group(2) is not None else m.group(3)
        at = line + html.count("\n", 0, m.start())
        new = rewrite_target(page, _liquid(page, raw, at, in_url=True), at)
        page.links.append(Link(raw, new, at, page.column(at, raw), "html"))
        quote = '"' if m.group(2) is not None else "'"
        return f"{m.group(1)}{quote}{new}{quote}"

    for m in _HTML_ANCHOR.finditer(html):
        page.anchors.add(next(g for g in m.groups() if g is not None))
    html = _HTML_URL_ATTR.sub(attr, html)
    return _liquid(page, html, line, in_url=False)


def _line(token: Token, default: int) -> int:
    if token.map:
        return token.map[0] + 1
    return token.meta.get("line", default) if token.meta else default


_UNCLOSED = ("$$", "\\(", "\\[")  # what is left in text of a math opener that never closed
_ENV_OPEN = re.compile(r"\\begin\{((?:equation|multline|gather|align|alignat|flalign|[pbBvV]?matrix|eqnarray)\*?)\}")
_NESTING = "nested more than {} levels deep (quotes, lists): what is deeper is left out"
_UNCLOSED_FENCE = ("the code block opened here with {0} is never closed: the rest of the note (or of its list "
                   "or quote) is shown as code; close it with a {0} line")
_UNCLOSED_COMMENT = ("the HTML comment opened here with <!-- is never closed: the rest of the note (or of its "
                     "list or quote) is hidden; close it with -->")


def _never_closed(fence: Token) -> bool:
    """markdown-it's map of a fence spans the opening line, the code, and the closing line when
    there is one. The code's last line ends without a newline when the file does (nothing closed it)."""
    code = fence.content
    lines = code.count("\n") + (code[-1:] not in ("", "\n"))
    return fence.map[1] - fence.map[0] == lines + 1


def _collect_ids(page: NoteState, token: Token) -> None:
    if token.attrs and token.attrs.get("id"):
        page.anchors.add(str(token.attrs["id"]))
    if token.type == "footnote_open":
        page.anchors.add(f"fn{token.meta['id'] + 1}")
    elif token.type == "footnote_ref":
        n, sub = token.meta["id"] + 1, token.meta.get("subId", 0)
        page.anchors.add(f"fnref{n}" + (f":{sub}" if sub else ""))


def _text(page: NoteState, child: Token, line: int, warned: set[str], tags_after: dict[int, int]) -> None:
    """Unclosed math left in text (each opener warned once in a paragraph); Liquid left in it."""
    content = child.content
    if "$$" in content or "\\" in content:
        for opener in _UNCLOSED:
            if opener in content and opener not in warned:
                warned.add(opener)
                written = "\\" + opener if opener[0] == "\\" else opener
                page.warn("math", line, f"'{written}' opens math that is never closed in this paragraph",
                          page.column(line, written))
    if "{{" in content:
        child.content = _liquid(page, content, line, in_url=False)
    if "{%" in content or "{{" in child.content:
        warn_liquid_tags(page, child.content, line, tags_after)


def _escaped_opener(page: NoteState, child: Token, after: Token, line: int, paragraph: str, warned: set[str]) -> None:
    """An opener that markdown-it's escape rule split off as a token of its own (until text_join,
    which runs after this rule), left unclosed: `\\\\(` or `\\\\[` (`child` is the escaped
    backslash), or `\\begin{align}` (`child` is `\\b`): an amsmath environment is math only as a
    block of its own, closed, so one in a paragraph (`paragraph`, its source) without its
    `\\end{…}` is never closed. Once per paragraph: a run of openers is one mistake."""
    if after.type != "text":
        return
    if child.content == "\\" and after.content[:1] in ("(", "["):
        written, what = "\\\\" + after.content[0], "math"
    elif child.content == "\\b" and (env := _ENV_OPEN.match("\\b" + after.content)):
        written, what = env.group(0), "an environment"
    else:
        return
    if written in warned:  # (before the paragraph is searched: once per opener, or 10,000 openers are quadratic)
        return
    warned.add(written)
    if what == "math" or f"\\end{{{env.group(1)}}}" not in paragraph:
        page.warn("math", line, f"'{written}' opens {what} that is never closed in this paragraph",
                  page.column(line, written))


def site_links(state: StateCore) -> None:
    """Core rule: one pass over the tokens for links, Liquid keys, anchors and unclosed math.
    Most tokens are plain text, so each check is guarded by a cheap test first."""
    page: NoteState | None = state.env.get("page")
    if page is None:
        return
    tokens, deepest = state.tokens, state.md.options.maxNesting - 1
    tags_after: dict[int, int] = {}  # by line: where the last Liquid tag found on it ends
    for i, block in enumerate(tokens):
        if block.attrs or block.type.startswith("footnote"):
            _collect_ids(page, block)
        if block.level >= deepest and block.nesting == 1 and i + 1 < len(tokens) and tokens[i + 1].nesting == -1:
            # markdown-it opens the container at its nesting limit and leaves its content out, silently
            page.warn("nesting", _line(block, 1), _NESTING.format(deepest + 1))
        if block.type == "html_block":
            if block.content.lstrip().startswith("<!--") and "-->" not in block.content:
                page.warn("markdown", _line(block, 1), _UNCLOSED_COMMENT)
            block.content = _rewrite_html(page, block.content, _line(block, 1))
            continue
        if block.type == "fence" and block.map and _never_closed(block):
            page.warn("markdown", _line(block, 1), _UNCLOSED_FENCE.format(block.markup))
        children = block.children
        if not children:
            continue
        line = _line(block, 1)
        warned: set[str] = set()
        for j, child in enumerate(children):
            kind = child.type
            if kind == "text_special" and j + 1 < len(children):
                _escaped_opener(page, child, children[j + 1], _line(child, line), block.content, warned)
                continue
            if kind == "text":
                if "$$" in child.content or "\\" in child.content or "{" in child.content:
                    _text(page, child, _line(child, line), warned, tags_after)
                continue
            if child.attrs or kind.startswith("footnote"):
                _collect_ids(page, child)
            if kind == "link_open":
                _rewrite_attr(page, child, "href", "link", _line(child, line))
                if j + 1 < len(children) and children[j + 1].type == "link_close":
                    text = link_to_label(page, child, _line(child, line))
                    if text is not None:
                        children.insert(j + 1, text)
            elif kind == "image":
                _rewrite_attr(page, child, "src", "image", _line(child, line))
            elif kind == "html_inline":
                child.content = _rewrite_html(page, child.content, _line(child, line))


def inline_lines(state: StateCore) -> None:
    """Core rule: give inline children `meta["line"]` (markdown-it maps only block tokens)."""
    for block in state.tokens:
        if block.type != "inline" or not block.map or not block.children:
            continue
        line = block.map[0] + 1
        for child in block.children:
            child.meta = dict(child.meta or {}, line=line)
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "math_inline" and "end" in child.meta:
                line += block.content.count("\n", child.meta["pos"], child.meta["end"])  # the TeX is stripped
            elif child.type in ("math_inline", "html_inline"):
                line += child.content.count("\n")


def liquid_destinations_plugin(md: MarkdownIt) -> None:
    """Let a link destination start with `{{ site.KEY }}` written with spaces, as Jekyll notes do:
    CommonMark would end the destination at the first space and drop the link."""
    parse = md.helpers.parseLinkDestination

    def parse_destination(src: str, pos: int, limit: int):
        m = _LIQUID_AT.match(src, pos, limit)
        if not m:
            return parse(src, pos, limit)
        compact = "{{site.%s}}" % m.group(1)
        rest = parse(src, m.end(), limit) if m.end() < limit and not src[m.end()].isspace() and src[m.end()] != ")" else None
        result = parse(compact, 0, len(compact))  # the same result type, for the caller
        if rest is not None:
            if not rest.ok:
                return rest
            result.str, result.pos = compact + rest.str, rest.pos
        else:
            result.pos = m.end()
        return result

    md.helpers = SimpleNamespace(parseLinkLabel=md.helpers.parseLinkLabel, parseLinkTitle=md.helpers.parseLinkTitle,
                                 parseLinkDestination=parse_destination)
