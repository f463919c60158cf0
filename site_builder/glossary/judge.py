"""What a glossary match means: every language's matcher over the term base, and the verdict on a
match (a term used, a discouraged variant, a source-language term left in a translation, or the
original given in parentheses by hand). Notes and captions judge alike."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .terms import Glossary, Term
from .match import TermMatcher

ACCEPTED, AVOID, SOURCE = "accepted", "avoid", "source"


@dataclass(frozen=True)
class Hit:
    kind: str  # ACCEPTED, AVOID or SOURCE
    term: int  # index into Glossary.terms
    form: str  # the glossary's spelling of what matched


class GlossaryIndex:
    """Per-language matchers over one glossary, built once per build."""

    def __init__(self, glossary: Glossary, languages) -> None:
        self.glossary = glossary
        self.matchers: dict[str, TermMatcher[Hit]] = {}
        sources = [(t.source, Hit(SOURCE, i, t.source)) for i, t in enumerate(glossary.terms)]  # in every language
        for lang in languages:
            phrases = list(sources)
            if lang != glossary.source_lang:
                for i, term in enumerate(glossary.terms):
                    phrases += [(form, Hit(ACCEPTED, i, form)) for form in term.translations.get(lang, ())]
                    phrases += [(form, Hit(AVOID, i, form)) for form in term.avoid.get(lang, ())]
            self.matchers[lang] = TermMatcher(phrases)


def _in_gloss(text: str, pos: int, parens: list[int] | None = None) -> bool:
    """Whether `pos` is inside parentheses glued to the word before them, as in 역전파(backpropagation).
    `parens`: the sorted offsets of every `(` and `)` in `text`, for many calls on one long text
    (searching back from each match would be quadratic in a note without parentheses)."""
    if parens is not None:
        at = bisect_left(parens, pos) - 1
        opening = parens[at] if at >= 0 and text[parens[at]] == "(" else -1
        return opening > 0 and not text[opening - 1].isspace()
    opening = text.rfind("(", 0, pos)
    return opening > 0 and ")" not in text[opening:pos] and not text[opening - 1].isspace()


def glossed(text: str, match, accepted: tuple[str, ...], parens: list[int] | None = None) -> bool:
    """Whether the source term at `match` is given with its translation by hand, in either order:
    `번역(term)` (or anything in parentheses glued to a word), `번역 (term)`, `term(번역)`, `term (번역)`."""
    if _in_gloss(text, match.start, parens):
        return True
    # Only a window around the term is copied: a long text with many terms stays linear.
    reach = max(map(len, accepted), default=0) + 8
    before = text[max(0, match.start - reach):match.start].rstrip(" ")
    if before.endswith("("):  # 번역 (term)
        said = before[:-1].rstrip(" ")
        if any(said.endswith(form) for form in accepted):
            return True
    after = text[match.tail:match.tail + 2].lstrip(" ")  # term(번역), term (번역)
    if after.startswith("("):
        opening = text.index("(", match.tail)
        inside = text[opening + 1:opening + 1 + reach].lstrip(" ")
        return any(inside.startswith(form) for form in accepted)
    return False


USED, AVOIDED, LEFT = "used", "avoided", "left"


@dataclass(frozen=True)
class Verdict:
    kind: str  # USED, AVOIDED, LEFT, or "" for the original given in parentheses by hand
    message: str = ""  # for AVOIDED and LEFT


def judge(glossary: Glossary, lang: str, text: str, match, lang_name: str,
          parens: list[int] | None = None) -> Verdict:
    """What a match in `text` (NFC) of language `lang` means: USED, AVOIDED with a message for a
    discouraged variant, LEFT with a message for a source-language term left in a translation, or
    "" for the original given in parentheses by hand."""
    hit: Hit = match.value
    term = glossary.terms[hit.term]
    written = text[match.start:match.end]
    if hit.kind == AVOID:
        return Verdict(AVOIDED, f"'{written}' → use '{term.preferred(lang)}' ({term.source})")
    if hit.kind == SOURCE and lang != glossary.source_lang:
        accepted = term.translations.get(lang, ())
        if not accepted or any(a.casefold() == term.source.casefold() for a in accepted):
            return Verdict(USED)  # kept in the source language on purpose
        if glossed(text, match, accepted, parens):
            return Verdict("")  # "그라디언트(gradient)", "gradient (그라디언트)": the original, given by hand
        return Verdict(LEFT, f"'{written}' is left in {lang_name}: use '{accepted[0]}'")
    return Verdict(USED)


def annotated_by_hand(text: str, end: int, term: Term, start: int = -1) -> bool:
    """Whether the term ending at `end` is followed by its original in parentheses (그라디언트(Gradient),
    그라디언트 (gradient)), or, starting at `start`, is itself in parentheses after the original
    (gradient(그라디언트), **Gradient (그라디언트)**)."""
    # Casefolding never shortens a character: the source's length in characters after `(` suffices
    # (the rest of a long note is not copied for every term in it).
    source = term.source.casefold()
    at = end + 1 if text.startswith(" (", end) else end
    if text.startswith("(", at) and text[at + 1 : at + 1 + len(source)].casefold().startswith(source):
        return True
    if start <= 0:
        return False
    before = text[max(0, start - len(source) - 4):start].rstrip(" ")
    return before.endswith("(") and before[:-1].rstrip(" ").casefold().endswith(source)
