"""File naming: which files under content/<lang>/ are caption files, and the lecture key their name
gives."""

from __future__ import annotations

import re

FORMATS = (".srt", ".vtt", ".txt")


def caption_name(inner: str, languages) -> tuple[str, tuple[str, ...]] | None:
    """(key, languages its name carries) of a caption file at `inner` (its path inside
    content/<lang>/), or None when it is no caption file. `lecture-3.en.vtt`, `Lecture3_en.srt` and
    `intro.en-ko.txt` are lectures `lecture-3`, `Lecture3` and `intro`; a `.txt` is a pasted
    transcript only when its name ends in a dotted language tag (`talk.en.txt`: `notes_en.txt` and
    other text files are plain assets)."""
    folder, _, name = inner.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if not dot or "." + suffix.lower() not in FORMATS:
        return None
    codes = {code.lower(): code for code in languages}
    tagged: tuple[str, ...] = ()
    pair = re.match(r"^(.+)\.([A-Za-z]{2,3})-([A-Za-z]{2,3})$", stem)
    if pair and pair[2].lower() in codes and pair[3].lower() in codes:
        stem, tagged = pair[1], (codes[pair[2].lower()], codes[pair[3].lower()])
    else:
        for pattern in (r"^(.+?)[._-]([A-Za-z]{2,3}[-_][A-Za-z0-9]{2,8})$", r"^(.+)[._-]([A-Za-z]{2,3})$"):
            one = re.match(pattern, stem)  # `en-US` / `en`
            tag = one[2].lower().replace("_", "-") if one else ""
            code = codes.get(tag) or codes.get(tag.split("-")[0])
            if code:
                stem, tagged = one[1], (code,)
                break
    if suffix.lower() == "txt" and not (tagged and name[len(stem)] == "."):
        return None
    return (f"{folder}/{stem}" if folder else stem), tagged
