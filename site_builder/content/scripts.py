"""Which script a language is written in, and whether a text is in the target language: the one
measure of a block's language, used by progress (a block still in the source language is not
translated yet), by the `untranslated` finding, by the glossary (which does not lint such a block
term by term) and by the captions of lectures.

The measure is fair to the script: it weighs what a text *says* in each language, not its letters.

- A letter of the target script counts as the Latin letters it stands for: a Hangul syllable or a
  Chinese character spells a whole syllable (about 2.5 Latin letters), a kana a mora (2).
- Not counted against the target language: code spans, math and URLs (no language); text in
  parentheses right after a word, a gloss (`손실함수(loss function)`, `ReLU(rectified linear unit)`;
  with a space between, only after a word of the target language: `손실 함수 (loss function)`); the
  source term before a gloss in the target language (`gradient(그라디언트)`); a source-language word
  glued to the target language's particle (`numpy의`, a term used in a target sentence); a word with
  a capital (a name or an acronym: Python, SVM, CIFAR-10, kept as they are in every language); and
  the spans the caller names (the glossary's source terms).
- The share is target / (target + against); a text is in the target language from TRANSLATED_SHARE.
"""

from __future__ import annotations

import re
from typing import Iterable

# Per language: its script's letters (ranges) and how many Latin letters one of them stands for.
_SCRIPTS: dict[str, tuple[tuple[str, float], ...]] = {
    "ko": (("\uac00-\ud7a3", 2.5), ("\u3130-\u318f", 1.0)),
    "ja": (("\u3040-\u30ff", 2.0), ("\u4e00-\u9fff", 2.5)),
    "zh": (("\u4e00-\u9fff", 2.5),),
    "ru": (("\u0400-\u04ff", 1.0),), "uk": (("\u0400-\u04ff", 1.0),), "el": (("\u0370-\u03ff", 1.0),),
    "ar": (("\u0600-\u06ff", 1.0),), "he": (("\u0590-\u05ff", 1.0),), "hi": (("\u0900-\u097f", 1.0),),
    "th": (("\u0e00-\u0e7f", 1.0),)}
LETTER = re.compile(r"[^\W\d_]")
# From this share of what a text says in the target language, the text is in the target language.
TRANSLATED_SHARE = 0.5
# Syllabic and logographic letters by what they stand for in Latin letters (any language): a length
# that compares across languages.
_HEAVY = re.compile("[\uac00-\ud7a3\u4e00-\u9fff]")
_KANA = re.compile("[\u3040-\u30ff]")
# No language: code spans, math ($…$, $$…$$, \(…\)) and URLs.
_NEUTRAL = re.compile(r"`[^`]*`|\$\$?[^$]+\$\$?|\\\\?\(.*?\\\\?\)|(?:https?|ftp)://\S+|www\.\S+")
_WORDS = re.compile(r"[^\W_]+")


def _script(lang: str) -> str | None:
    ranges = _SCRIPTS.get(lang.split("-")[0])
    return "".join(r for r, _ in ranges) if ranges else None


def weighted_length(text: str) -> float:
    """The letters of `text`, each counted as the Latin letters it stands for: a length that compares
    across languages (a Korean paragraph and the English one it translates come out alike)."""
    heavy, kana = len(_HEAVY.findall(text)), len(_KANA.findall(text))
    return len(LETTER.findall(text)) + 1.5 * heavy + kana


def _patterns(lang: str):
    script = _script(lang) or ""
    # 손실함수(loss function), 손실 함수 (loss function), ReLU(rectified linear unit)
    gloss = re.compile(f"(?:(?<=[^\\W_])|(?<=[{script}])[ \u00a0])[(（]([^()（）]*)[)）]")
    before = re.compile(f"(?:(?![{script}])[^\\W_])+[ \u00a0]?(?=[(（][{script}])")  # gradient(그라디언트)
    target = re.compile(f"[{script}]")
    return gloss, before, target, tuple((re.compile(f"[{letters}]"), weight) for letters, weight in _SCRIPTS[lang])


_PATTERNS = {lang: _patterns(lang) for lang in _SCRIPTS}


def target_share(text: str, lang: str, source_lang: str, terms: Iterable[tuple[int, int]] = ()) -> float | None:
    """The share of what `text` says in `lang`, by the measure above; None when the scripts tell
    nothing (no known script for `lang`, or the same as the source language's). `terms`: (start,
    end) offsets in `text` not counted against (glossary source terms)."""
    script = _script(lang)
    if not script or script == _script(source_lang):
        return None
    for start, end in sorted(terms, reverse=True):
        text = f"{text[:start]} {text[end:]}"
    gloss, before, in_target, weights = _PATTERNS[lang.split("-")[0]]
    text = _NEUTRAL.sub(" ", text)
    if "(" in text or "（" in text:
        text = gloss.sub(lambda m: m.group() if in_target.search(m.group(1)) else " ", text)
        text = before.sub(" ", text)
    target = against = 0.0
    for word in _WORDS.findall(text):
        said = sum(weight * len(letters.findall(word)) for letters, weight in weights) if in_target.search(word) else 0
        if said:
            target += said  # with a source-language part glued to it: a term and its particle
        elif not word[0].isupper():
            against += len(LETTER.findall(word))
    return target / (target + against) if target else 0.0


def in_source_language(text: str, lang: str, source_lang: str, terms: Iterable[tuple[int, int]] = ()) -> bool:
    """Whether `text` (prose) of a `lang` translation is still in the source language; False when it
    has no letter, or the scripts tell nothing (a French translation of English)."""
    if not LETTER.search(_NEUTRAL.sub(" ", text)):
        return False
    share = target_share(text, lang, source_lang, terms)
    return share is not None and share < TRANSLATED_SHARE
