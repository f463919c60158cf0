"""The glossary on plain text (caption cues): the same findings and annotation as in notes
(glossary_lint.py), without Markdown tokens around them."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from .glossary_lint import ACCEPTED, AVOID, SOURCE, GlossaryIndex, Hit, _in_gloss, glossary_path
from .termmatch import normalize
from .urls import href


@dataclass(frozen=True)
class Finding:
    col: int  # 1-based, in the text's first line
    line: int  # 0-based line of the text the finding is on
    message: str


def findings(index: GlossaryIndex, lang: str, text: str, lang_name: str) -> tuple[list[Finding], set[str]]:
    """Deviations in `text` of language `lang`, and the anchors of the terms it uses."""
    matcher = index.matchers.get(lang)
    glossary = index.glossary
    found, used = [], set()
    if not matcher:
        return found, used
    text = normalize(text)
    for match in matcher.find(text):
        hit: Hit = match.value
        term = glossary.terms[hit.term]
        written = text[match.start:match.end]
        line = text.count("\n", 0, match.start)
        col = match.start - (text.rfind("\n", 0, match.start) + 1) + 1
        if hit.kind == AVOID:
            found.append(Finding(col, line, f"'{written}' → use '{term.preferred(lang)}' ({term.source})"))
        elif hit.kind == SOURCE and lang != glossary.source_lang:
            accepted = term.translations.get(lang, ())
            if accepted and not any(a.casefold() == term.source.casefold() for a in accepted):
                if not _in_gloss(text, match.start):  # "그라디언트(gradient)": the original, given by hand
                    found.append(Finding(col, line, f"'{written}' is left in {lang_name}: use '{accepted[0]}'"))
                continue
            used.add(term.anchor)
        else:
            used.add(term.anchor)
    return found, used


def annotate(index: GlossaryIndex | None, lang: str, text: str, mode: str, seen: set[int], glossary_href: str) -> Markup:
    """`text` as HTML, its glossary terms marked up as in notes: the first use on the page (`seen`
    carries the terms already annotated) or every use (`mode` "all")."""
    if index is None or mode == "off" or lang == index.glossary.source_lang or not index.matchers.get(lang):
        return Markup(escape(text))
    text = normalize(text)
    parts, pos = [], 0
    for match in index.matchers[lang].find(text):
        hit: Hit = match.value
        if hit.kind != ACCEPTED or (hit.term in seen and mode != "all"):
            continue
        term = index.glossary.terms[hit.term]
        if text[match.end:].startswith("(" + term.source):
            seen.add(hit.term)  # annotated by hand
            continue
        first = hit.term not in seen
        seen.add(hit.term)
        source = escape(term.source)
        link = f'<a class="term" href="{escape(glossary_href)}#{escape(term.anchor)}" title="{source}">'
        word = escape(text[match.start:match.end])
        parts.append(escape(text[pos:match.start]))
        parts.append(f'{link}<dfn>{word}</dfn></a><span class="term-source" lang="{escape(index.glossary.source_lang)}">'
                     f"({source})</span>" if first else f"{link}{word}</a>")
        pos = match.end
    parts.append(escape(text[pos:]))
    return Markup("".join(parts))


def glossary_href(lang: str, config) -> str:
    return href(glossary_path(lang, config.language), config.baseurl)
