"""Which script a language is written in, and whether a text is still in the source language's:
the one measure of a block's language, used by progress (a block in the source's script is not
translated yet), by the `untranslated` finding and by the glossary (which does not lint such a block
term by term)."""

from __future__ import annotations

import re

_SCRIPTS = {"ko": "\uac00-\ud7a3\u3130-\u318f", "ja": "\u3040-\u30ff\u4e00-\u9fff", "zh": "\u4e00-\u9fff",
            "ru": "\u0400-\u04ff", "uk": "\u0400-\u04ff", "el": "\u0370-\u03ff", "ar": "\u0600-\u06ff",
            "he": "\u0590-\u05ff", "hi": "\u0900-\u097f", "th": "\u0e00-\u0e7f"}
LETTER = re.compile(r"[^\W\d_]")
# Below this share of letters in the translation's script, a text is still in the source language.
TRANSLATED_SHARE = 0.2


def _script(lang: str) -> str | None:
    return _SCRIPTS.get(lang.split("-")[0])


def script_share(text: str, lang: str, source_lang: str) -> float | None:
    """The share of the letters of `text` in `lang`'s script; None when that tells nothing (no
    known script, or the same as the source language's)."""
    target = _script(lang)
    if not target or target == _script(source_lang):
        return None
    letters = len(LETTER.findall(text))
    return len(re.findall(f"[{target}]", text)) / letters if letters else 0.0


def in_source_script(text: str, lang: str, source_lang: str) -> bool:
    """Whether `text` (prose) of a `lang` translation is still in the source language's script;
    False when it has no letter, or the scripts tell nothing (a French translation of English)."""
    share = script_share(text, lang, source_lang) if LETTER.search(text) else None
    return share is not None and share < TRANSLATED_SHARE
