"""Captions written out: normalised WebVTT and SRT (UTF-8, LF, no BOM), and time labels."""

from __future__ import annotations

from typing import Iterable

from .captions import Cue


def timestamp(ms: int, sep: str = ".") -> str:
    """`hh:mm:ss.mmm` (WebVTT) or, with sep=",", SRT's `hh:mm:ss,mmm`."""
    seconds, millis = divmod(max(ms, 0), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def clock(ms: int) -> str:
    """A reader's time label: `m:ss`, or `h:mm:ss` from an hour."""
    seconds = ms // 1000
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def to_vtt(cues: Iterable[Cue]) -> str:
    return "WEBVTT\n\n" + "".join(f"{timestamp(c.start)} --> {timestamp(c.end)}\n{_escape(c.text)}\n\n" for c in cues)


def to_srt(cues: Iterable[Cue]) -> str:
    # "-->" in text would read as a timing line: written as the entity our reader (and most players) decode
    return "".join(f"{i}\n{timestamp(c.start, ',')} --> {timestamp(c.end, ',')}\n{c.text.replace('-->', '--&gt;')}\n\n"
                   for i, c in enumerate(cues, 1))


def _escape(text: str) -> str:
    """WebVTT cue text: `&` and `<` are markup, and `-->` would read as a timing line."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
