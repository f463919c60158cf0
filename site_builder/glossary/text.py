"""The glossary on plain text (caption cues): the findings and annotation of notes
(judge.py, markup.py), without Markdown tokens around them."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from .judge import ACCEPTED, USED, GlossaryIndex, annotated_by_hand, judge
from .markup import markup
from .match import normalize


@dataclass(frozen=True)
class Finding:
    col: int  # 1-based, in the text's line
    line: int  # 0-based line of the text the finding is on
    message: str


def findings(index: GlossaryIndex, lang: str, text: str, lang_name: str) -> tuple[list[Finding], set[str]]:
    """Deviations in `text` of language `lang`, and the anchors of the terms it uses."""
    matcher = index.matchers.get(lang)
    found, used = [], set()
    if not matcher:
        return found, used
    text = normalize(text)
    for match in matcher.find(text):
        verdict = judge(index.glossary, lang, text, match, lang_name)
        if verdict.kind == USED:
            used.add(index.glossary.terms[match.value.term].anchor)
        elif verdict.message:
            line_start = text.rfind("\n", 0, match.start) + 1
            found.append(Finding(match.start - line_start + 1, text.count("\n", 0, match.start), verdict.message))
    return found, used


def annotate(index: GlossaryIndex | None, lang: str, text: str, mode: str, seen: set[int], glossary_href: str) -> Markup:
    """`text` as HTML, its glossary terms marked up as in notes: the first use on the page (`seen`
    carries the terms already annotated) or every use (`mode` "all")."""
    if index is None or mode == "off" or lang == index.glossary.source_lang or not index.matchers.get(lang):
        return Markup(escape(text))
    text = normalize(text)
    parts, pos = [], 0
    for match in index.matchers[lang].find(text):
        if match.value.kind != ACCEPTED or (match.value.term in seen and mode != "all"):
            continue
        term = index.glossary.terms[match.value.term]
        first = match.value.term not in seen
        seen.add(match.value.term)
        if annotated_by_hand(text, match.end, term, match.start):
            continue
        around = markup(term, first, escape(glossary_href), index.glossary.source_lang)
        parts += [escape(text[pos:match.start]), around.before, escape(text[match.start:match.end]), around.after]
        pos = match.end
    parts.append(escape(text[pos:]))
    return Markup("".join(parts))
