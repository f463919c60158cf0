"""Index documents: each page as Pagefind is to read it (see the package's docstring). Made from
the rendered note's HTML by a few passes of regular expressions, never shown to a reader."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from ..glossary.paths import glossary_path
from ..glossary.terms import Glossary
from ..site.pages import Page
from .tokens import Tokens

MATH_WEIGHT, CODE_WEIGHT = "0.1", "0.2"  # found, but below any word of prose

_KATEX = re.compile(r'<span class="katex">')
_OPEN = re.compile(r"<span\b")
_CLOSE = "</span>"
_TEX = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)
_MATH_OPEN = re.compile(r"<math\b")  # a formula latex2mathml rendered (KaTeX's are gone by then)
_TAG = re.compile(r"(<[^>]*>)")
_QUIET = re.compile(r"<(/?)(pre|code)\b", re.I)  # text indexed as written, no tokens
_DROP = re.compile(r"<(/?)(script|style|template)\b", re.I)  # text never indexed
# The tags an index document keeps, without their attributes but a heading's id: the blocks that
# separate words and sections. Inline markup (links, emphasis, Pygments' spans) is most of a
# note's bytes, and Pagefind's time goes with the bytes it reads.
_BLOCK = re.compile(r"<(/?)(h[1-6]|p|li|dt|dd|pre|td|th|tr|blockquote|details|summary|figcaption|div|br)\b([^>]*)>",
                    re.I)
_ID = re.compile(r'\sid="([^"]*)"')
# Every other tag, taken out in one pass before the blocks are looked at one by one.
_INLINE = re.compile(r"</?(?!(?:h[1-6]|p|li|dt|dd|pre|td|th|tr|blockquote|details|summary|figcaption|div|br|code|"
                     r"script|style|template)\b)[a-zA-Z][^>]*>")
# A translation's original paragraphs (markdown/ `details.original`): found on the source's page.
_ORIGINAL = '<details class="original"'
_SLOT = re.compile("\ue000(\\d+)\ue001")


@dataclass(frozen=True)
class IndexDocument:
    lang: str
    out: str  # the page's output file: Pagefind's URL for it
    html: str


def _katex_end(html: str, start: int) -> int:
    """Where the KaTeX formula opening at `start` ends: its span closed (else the end of the text).
    With `depth` spans open, none closes before the next `depth` closing tags: each step takes them
    at once and counts the spans opened meanwhile (KaTeX's formulas are thousands of spans)."""
    depth, pos = 1, start + len("<span")
    while depth:
        end = pos
        for _ in range(depth):
            end = html.find(_CLOSE, end)
            if end < 0:
                return len(html)
            end += len(_CLOSE)
        depth = len(_OPEN.findall(html, pos, end - len(_CLOSE)))
        pos = end
    return pos


def _mathml_end(html: str, start: int) -> int | None:
    """Where the MathML formula opening at `start` ends; None when nothing after it closes one."""
    close = html.find("</math>", start)
    return None if close < 0 else close + len("</math>")


def _slotted(html: str, formulas: list[str], opener: re.Pattern, end_of) -> str:
    """Each formula opened by `opener` (and ended where `end_of` says) replaced by a slot for its
    TeX. One pass: a formula inside the one just taken is part of it; an opener nothing closes
    ends the search (no later one is closed either), so unclosed openers cost no rescans."""
    parts, last = [], 0
    for m in opener.finditer(html):
        if m.start() < last:
            continue
        end = end_of(html, m.start())
        if end is None:
            break
        tex = _TEX.search(html, m.start(), end)
        formulas.append(tex.group(1) if tex else "")
        parts += [html[last:m.start()], f"\ue000{len(formulas) - 1}\ue001"]
        last = end
    parts.append(html[last:])
    return "".join(parts)


def _math_to_tex(html: str, formulas: list[str]) -> str:
    """Each formula replaced by a slot for its TeX: KaTeX's (its HTML is most of a note's), then
    those latex2mathml rendered."""
    html = _slotted(html, formulas, _KATEX, _katex_end)
    return _slotted(html, formulas, _MATH_OPEN, _mathml_end) if "<math" in html else html


def _tag(tag: str) -> str:
    """What an index document keeps of a tag (see _BLOCK)."""
    m = _BLOCK.match(tag)
    if m is None:
        return ""
    closing, name = m.group(1), m.group(2).lower()
    if closing or name in ("p", "li", "td", "th", "tr", "div", "summary", "dt", "dd", "blockquote", "figcaption"):
        return f"<{closing}{name}>"
    if name == "br":
        return " "
    if name == "pre":
        return f'<pre data-pagefind-weight="{CODE_WEIGHT}">'
    if name == "details":
        return "<details data-pagefind-ignore>" if tag.startswith(_ORIGINAL) else "<details>"
    found = _ID.search(m.group(3))
    return f'<{name} id="{found.group(1)}">' if found else f"<{name}>"


def prose(html: str, tokens: Tokens) -> str:
    """A page's HTML for the index: its blocks and text, math as TeX and code with low weights,
    tokens beside the words."""
    formulas: list[str] = []
    html = _INLINE.sub("", _math_to_tex(html, formulas))
    out, quiet, dropped = [], 0, 0
    seen: dict[str, tuple[str, re.Match | None]] = {}  # a page repeats its tags: <p>, </li>…
    for i, piece in enumerate(_TAG.split(html)):
        if i % 2:  # a tag
            kept, m = seen.get(piece) or seen.setdefault(piece, (_tag(piece), _QUIET.match(piece) or _DROP.match(piece)))
            if m and m.re is _QUIET:
                quiet = max(0, quiet - 1) if m.group(1) else quiet + 1
            elif m:
                dropped = max(0, dropped - 1) if m.group(1) else dropped + 1
            out.append(kept)
        elif piece and not dropped:
            out.append(piece if quiet else tokens.annotate(piece))
    return _SLOT.sub(lambda m: f'<span data-pagefind-weight="{MATH_WEIGHT}">{formulas[int(m.group(1))]}</span>',
                     "".join(out))


def _document(lang: str, title: str, body: str, kind: str, tokens: Tokens) -> str:
    """`kind` (note, lecture, glossary) and `lang` are metadata of each result: js/search.js puts the
    glossary's entries first and tells the languages apart in merged results."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body data-pagefind-body data-pagefind-meta="kind:{kind}"><span data-pagefind-meta="lang:{lang}"></span>'
            f'<span data-pagefind-meta="title:{escape(title)}"></span>'
            f'<h1>{tokens.annotate(escape(title))}</h1>\n{body}\n</body></html>')


def _transcript(page: Page, tokens: Tokens) -> str:
    """A lecture's paragraphs, one section each, named by its time: a hit opens the lecture there."""
    rows, seen = [], set()
    for row in page.lecture.rows:
        if row.start in seen:
            continue  # the page's anchor is the first paragraph starting at that second
        seen.add(row.start)
        text = " ".join(t for t in (str(row.translation), escape(row.source)) if t)
        rows.append(f'<h6 id="t={row.start}">{row.clock}</h6><p>{tokens.annotate(text)}</p>')
    return "\n".join(rows)


def page_document(page: Page, tokens: Tokens) -> IndexDocument | None:
    """What Pagefind reads of `page`; None for a page search should not list (a generated index)."""
    if page.generated:
        return None
    body = prose(page.content, tokens) if page.from_note or page.fallback_of else ""
    if page.lecture is not None:
        body += "\n" + _transcript(page, tokens)
    if not body.strip():
        return None
    kind = "lecture" if page.lecture is not None else "note"
    return IndexDocument(page.lang, page.out, _document(page.lang, page.title, body, kind, tokens))


def glossary_document(glossary: Glossary, lang: str, default_lang: str, title: str, tokens: Tokens) -> IndexDocument:
    """A language's glossary page: one section per term (its anchor on the page), every language's forms."""
    entries = []
    for term in glossary.terms:
        forms = [term.preferred(lang), term.source, *(f for fs in term.translations.values() for f in fs)]
        head = escape(forms[0])
        rest = " · ".join(escape(f) for f in dict.fromkeys(forms[1:]) if f != forms[0])
        entries.append(f'<h2 id="{escape(term.anchor)}">{head}</h2><p>{rest} {tokens.annotate(escape(term.note))}</p>')
    path = glossary_path(lang, default_lang)
    return IndexDocument(lang, path.lstrip("/") + "index.html",
                         _document(lang, title, "\n".join(entries), "glossary", tokens))
