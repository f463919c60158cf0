"""How a Jekyll translation site names languages: a note's variant by suffix (`x.kr.md`,
`x.ko.md`, `x-ko.md`, `x_ko.md` beside `x.md`) and a caption file's language by folder
(`captions/Ko/`, `subtitles/korean/`) or name (`Lecture1_ko.srt`). `kr` is the common alias of
`ko` (a country code, not a language's); a code counts only when it is one of the site's
languages."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

# Country codes written where a language code belongs, and language names used as folder names.
_ALIASES = {"kr": "ko", "kor": "ko", "jp": "ja", "jpn": "ja", "cn": "zh", "chs": "zh", "eng": "en", "vn": "vi",
            "english": "en", "korean": "ko", "japanese": "ja", "chinese": "zh", "spanish": "es", "french": "fr",
            "german": "de", "한국어": "ko", "영어": "en", "한글": "ko"}
# Codes common enough on translation sites to say so when one is not the site's (`x.ja.md`).
_COMMON = {"en", "ko", "ja", "zh", "es", "fr", "de", "pt", "ru", "vi", "it", "id", "th", "tr", "ar", "fa", "pl", "uk"}
_NOTE_VARIANT = re.compile(r"^(?P<base>.*[^/._-])(?P<sep>[._-])(?P<tag>[A-Za-z]{2,3}(?:[-_][A-Za-z]{2})?)"
                           r"(?P<ext>\.(?:md|markdown|html))$")
_TAGGED = re.compile(r"^(?P<stem>.*[^._-])[._-](?P<tag>[A-Za-z]{2,3}(?:[-_][A-Za-z]{2})?)$")
CAPTION_SUFFIXES = (".srt", ".vtt")


def language_code(tag: str, languages) -> str | None:
    """The site language a tag names (`ko`, `KO`, `kr`, `ko-KR`, `Korean`), or None."""
    tag = tag.lower().replace("_", "-")
    for candidate in (tag, tag.split("-")[0]):
        code = _ALIASES.get(candidate, candidate)
        if code in languages:
            return code
    return None


def note_variant(rel: str, languages) -> tuple[str, str, str] | None:
    """(base rel, language, tag as written) of a page named as a language variant: `x.kr.md` →
    (`x.md`, `ko`, `kr`). None for a plain name."""
    match = _NOTE_VARIANT.match(rel)
    if not match:
        return None
    code = language_code(match["tag"], languages)
    if code is None:
        return None
    ext = ".md" if match["ext"] == ".markdown" else match["ext"]
    return match["base"] + ext, code, match["tag"]


def variant_tag(rel: str) -> str | None:
    """The tag of a name that looks like a variant of a language the site does not have (for the report)."""
    match = _NOTE_VARIANT.match(rel)
    if not match or match["sep"] != "." or not (match["tag"].lower() in _ALIASES or match["tag"].lower() in _COMMON):
        return None
    return match["tag"]


@dataclass(frozen=True)
class CaptionPlace:
    key: str  # the lecture's key: its folders without the language one, and its name without the tag
    lang: str
    out: str  # where it goes, relative to content/: `<lang>/<key>.<lang>.srt`
    how: str  # where the language was read: "folder", "name", or "" (the site's language was assumed)


def caption_place(rel: str, languages, default: str) -> CaptionPlace:
    """Where a caption file of the Jekyll site goes as a lecture track."""
    folder, name = posixpath.split(rel)
    stem, ext = posixpath.splitext(name)
    parts = folder.split("/") if folder else []
    by_folder = None
    for i in range(len(parts) - 1, -1, -1):
        code = language_code(parts[i], languages)
        if code:
            by_folder, parts = code, parts[:i] + parts[i + 1:]
            break
    tagged = _TAGGED.match(stem)
    by_name = language_code(tagged["tag"], languages) if tagged else None
    if by_name:
        stem = tagged["stem"]
    lang = by_folder or by_name or default
    how = "folder" if by_folder else "name" if by_name else ""
    if by_folder and by_name and by_name != by_folder:
        how = f"folder (its name says '{by_name}')"
    key = "/".join([*parts, stem])
    return CaptionPlace(key, lang, f"{lang}/{key}.{lang}{ext.lower()}", how)
