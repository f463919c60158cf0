"""The HTML of an annotated term, in notes and in caption text alike."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .terms import Term


@dataclass(frozen=True)
class TermMarkup:
    before: str  # HTML that opens the annotation, put before the term as written
    after: str  # and what closes it


def markup(term: Term, first: bool, glossary_href: str, source_lang: str) -> TermMarkup:
    """The HTML around an annotated term: a link to its glossary entry, and at its first use the
    source-language original after it."""
    source = escape(term.source)
    open_ = f'<a class="term" href="{glossary_href}#{escape(term.anchor)}" title="{source}">'
    if not first:
        return TermMarkup(open_, "</a>")
    return TermMarkup(open_ + "<dfn>",
                      f'</dfn></a><span class="term-source" lang="{escape(source_lang)}">({source})</span>')
