"""Search-only tokens: what a page's words are also found by (see the package's docstring)."""

from __future__ import annotations

import re
import unicodedata

from ..glossary.korean import is_hangul, stem
from ..glossary.match import TermMatcher
from ..glossary.terms import Glossary, Term

OPEN, CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧: around the tokens a page never shows
_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _joined(forms: set[str]) -> set[str]:
    """`forms` and their Korean ones of several words written as one (손실함수 for 손실 함수)."""
    return forms | {f.replace(" ", "") for f in forms if " " in f and _HANGUL.search(f)}


def _forms(term: Term) -> set[str]:
    """A term's accepted forms in every language, joined ones too (a query typed so finds them)."""
    return _joined({term.source, *(f for forms in term.translations.values() for f in forms)})


class Tokens:
    """Annotates text of one language with search-only tokens. Made once per build and language."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary_digest = glossary.digest  # what the tokens are made from
        phrases = []
        # Each word of a Korean form -> the forms of the term when it is a whole one-word term
        # (가중치 → weight), else nothing more: 함수 of 손실 함수 is found, but is no loss function.
        self._pieces: dict[str, set[str]] = {}
        for term in glossary.terms:
            forms = _forms(term)
            for form in forms | _joined({f for fs in term.avoid.values() for f in fs}):
                phrases.append((form, term))
                for word in form.split() if _HANGUL.search(form) else ():
                    self._pieces.setdefault(word, set()).update(forms if word == form else ())
        self._matcher = TermMatcher(phrases)
        self._longest = max(map(len, self._pieces), default=0)

    def annotate(self, text: str) -> str:
        """`text` with ⟦tokens⟧ after the words they belong to (ordinary ⟦⟧ in it become [])."""
        text = unicodedata.normalize("NFC", text.replace(OPEN, "[").replace(CLOSE, "]"))
        extra: dict[int, list[str]] = {}
        for match in self._matcher.find(text) if self._matcher else ():
            surface = text[match.start:match.end].casefold()
            extra.setdefault(match.tail, []).extend(f for f in sorted(_forms(match.value)) if f.casefold() != surface)
        if _HANGUL.search(text):
            for m in _WORD.finditer(text):
                if _HANGUL.search(m.group()):
                    extra.setdefault(m.end(), []).extend(self._korean(m.group().casefold()))
        if not extra:
            return text
        out, last = [], 0
        for at in sorted(extra):
            tokens = list(dict.fromkeys(extra[at]))
            if tokens:
                out += [text[last:at], f" {OPEN}{' '.join(tokens)}{CLOSE}"]
                last = at
        out.append(text[last:])
        return "".join(out)

    def _korean(self, word: str) -> list[str]:
        """The stem of a Korean word (when it has a tail), and the glossary words inside it that do
        not start it (a prefix query finds those): 활성화함수를 → 활성화함수, 함수 and its terms."""
        base = stem(word)
        found = [base] if base != word else []
        if self._pieces:
            n = len(base)
            for i in range(1, n - 1):
                if not is_hangul(base[i]):
                    continue
                for j in range(i + 2, min(n, i + self._longest) + 1):
                    terms = self._pieces.get(base[i:j])
                    if terms is not None:
                        found.append(base[i:j])
                        found.extend(sorted(terms))
        return found
