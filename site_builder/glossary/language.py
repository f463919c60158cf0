"""The language of a translated text, with the glossary: the one measure (content/scripts.py), where
the glossary's source terms are not counted against the target language. Progress, the
`untranslated` finding and the glossary's own pass all ask here."""

from __future__ import annotations

from ..content import scripts
from .judge import SOURCE, GlossaryIndex
from .match import normalize


def in_source_language(text: str, lang: str, source_lang: str, index: GlossaryIndex | None = None) -> bool:
    """Whether `text` (prose of a `lang` translation) is still in the source language. The glossary
    is looked at only when the measure alone says so: terms can only raise the target's share."""
    if not scripts.in_source_language(text, lang, source_lang):
        return False
    matcher = index.matchers.get(lang) if index is not None else None
    if matcher is None:
        return True
    norm = normalize(text)
    sources = index.glossary.terms
    terms = [(m.start, m.tail) for m in matcher.find(norm)
             if m.value.kind == SOURCE or m.value.form.casefold() == sources[m.value.term].source.casefold()]
    return not terms or scripts.in_source_language(norm, lang, source_lang, terms)
