"""Read caption files as they really are: SRT, WebVTT and pasted transcripts (`m:ss` lines).

The reader is line-based and driven by timing lines, so every timing line becomes one cue whatever
the blank lines say: a cue number glued to the previous cue's text, a missing blank line, a NOTE
block running into the first cue. Each defect it recovers from is a `warning[captions]` at the
line where it was found (one per kind and file, with a count); a file it cannot place in time is
an `error[captions]`. (webvtt-py 0.6 keeps no line numbers, glues a cue number without a blank line
to the previous cue's text and drops an SRT cue without a number: recovering from it would be more
code than reading the lines.)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..content.frontmatter import decode
from ..core.problems import Problem, error, warning

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"^\s*{_TIME}\s*(-->|-+>|[–—]-*>)\s*{_TIME}(?:\s.*)?$")
_STAMP = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})\s*$")  # a pasted transcript's m:ss / h:mm:ss
# Cue tags (<i>, <c.x>, <v Name>, <00:01.000>, SRT's <font …> and {\an8}); any other "<" is text: "x < 5".
_TAG = re.compile(r"</?(?:[biuv]|c|lang|ruby|rt|font)(?=[\s.>])[^<>]*>|<\d+(?::\d+)*(?:\.\d+)?>|\{\\[^{}]*\}")
_SPACE = re.compile(r"[ \t\u00a0]+")
_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass(frozen=True)
class Cue:
    start: int  # milliseconds
    end: int
    text: str  # plain text; lines joined with "\n"
    line: int  # line of the cue's timing line (of its text in a pasted transcript)

    @property
    def seconds(self) -> float:
        return (self.end - self.start) / 1000


def _ms(hours, minutes, seconds, fraction) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int((fraction or "0").ljust(3, "0"))


def clean(text: str) -> str:
    """Cue text as plain text: tags dropped, entities decoded, spaces collapsed, empty lines gone."""
    lines = (_SPACE.sub(" ", html.unescape(_TAG.sub("", line))).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _Findings:
    """Recovered defects, one warning per kind at its first line, with how often it happened."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.first: dict[str, tuple[int, str]] = {}
        self.count: dict[str, int] = {}

    def add(self, kind: str, line: int, message: str) -> None:
        self.first.setdefault(kind, (line, message))
        self.count[kind] = self.count.get(kind, 0) + 1

    def problems(self) -> list[Problem]:
        found = []
        for kind, (line, message) in self.first.items():
            more = self.count[kind] - 1
            found.append(warning("captions", self.rel, line, message + (f" ({more} more like it in this file)" if more else "")))
        return found


def _text(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM), or UTF-16 with its BOM (Notepad's "Unicode"); newlines normalised."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").replace("\r\n", "\n").replace("\r", "\n"), []
        except UnicodeDecodeError:
            return None, [error("captions", rel, 1, "not valid UTF-16 although it starts with a UTF-16 byte-order mark")]
    text, problems = decode(data, rel)
    return text, [error("captions", p.file, p.line, p.message, p.col) for p in problems]


def read_cues(data: bytes, rel: str) -> tuple[tuple[Cue, ...] | None, list[Problem]]:
    """The cues of an SRT or WebVTT file (by its suffix), in file order. None with an error when
    unreadable."""
    text, problems = _text(data, rel)
    if text is None:
        return None, problems
    findings = _Findings(rel)
    lines = text.split("\n")
    vtt = rel.lower().endswith(".vtt")
    first = 0
    if vtt:
        if lines[0].startswith("WEBVTT"):
            first = 1  # header metadata runs to the first blank line (or, recovered, the first cue)
            while first < len(lines) and lines[first].strip() and "-->" not in lines[first]:
                first += 1
            if first < len(lines) and lines[first].strip():
                findings.add("header", first + 1, "no blank line between the WebVTT header and the first cue")
        else:
            findings.add("header", 1, "a WebVTT file starts with 'WEBVTT'; read as WebVTT anyway")
    cues: list[Cue] = []
    current: list | None = None  # [start, end, line, text lines] of the cue being read
    loose: list[tuple[int, str]] = []  # lines outside any cue since the last blank line or cue
    skipping = False  # inside a NOTE / STYLE / REGION block
    number = 0  # the last cue number seen (SRT; WebVTT when its ids are numbers)
    numbered = False  # the last cue had a numeric id

    def finish() -> None:
        nonlocal current
        if current is not None:
            body = clean("\n".join(current[3]))
            if not body:  # kept: the file's cue count stays; a silent cue counts as no speech
                findings.add("empty", current[2], "a cue without text")
            cues.append(Cue(current[0], current[1], body, current[2]))
        current = None

    def attach(lines_: list[tuple[int, str]]) -> None:
        """Text found after a blank line inside a cue: it belongs to the cue before."""
        if not lines_:
            return
        if cues or current:
            findings.add("gap", lines_[0][0], "a blank line inside a cue's text: the text after it is kept in the cue")
            if current is None:
                last = cues.pop()
                current_text = [last.text, *(t for _, t in lines_)]
                cues.append(Cue(last.start, last.end, clean("\n".join(current_text)), last.line))
            else:
                current[3].extend(t for _, t in lines_)
        else:
            findings.add("stray", lines_[0][0], "text before the first cue: ignored")

    for n, line in enumerate(lines[first:], first + 1):
        match = _TIMING.match(line) if ">" in line else None
        if "-->" in line and not match:  # a timing line we cannot read (a NOTE may not contain "-->")
            if current is not None:  # right after a cue's timing, it is what was said
                findings.add("arrow-text", n, "'-->' in a cue's text: kept as text")
                current[3].append(line)
                continue
            return None, [error("captions", rel, n, f"cannot read the cue timing '{line.strip()}' "
                                "(expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm')")]
        if match:
            ident = None
            if current is not None:
                # No blank line before this timing line: the last text line is this cue's number
                # only if it is the number expected next ("42" may well be what was said).
                last = current[3][-1].strip() if current[3] else ""
                if last.isdigit() and int(last) == number + 1 and (not vtt or numbered):
                    ident = (n - 1, current[3].pop().strip())
                findings.add("blank", n, "cues are not separated by a blank line")
                finish()
            elif skipping:
                findings.add("block", n, "a NOTE/STYLE block is not ended by a blank line")
            elif loose:
                if vtt or loose[-1][1].strip().isdigit():  # in SRT, a text line is no cue number
                    ident = loose.pop()
                attach(loose)
            skipping = False
            loose = []
            numbered = ident is not None and ident[1].strip().isdigit()
            if not vtt:
                if ident is None or not numbered:
                    findings.add("number", n, f"a cue without its number (expected {number + 1})")
                    number += 1
                elif int(ident[1]) != number + 1:
                    findings.add("numbering", ident[0], f"cue number {ident[1]}, expected {number + 1}")
                    number = int(ident[1])
                else:
                    number += 1
            elif numbered:
                number = int(ident[1])  # WebVTT ids are free; numeric ones let a glued next id be told from text
            g = match.groups()
            if g[4] != "-->":
                findings.add("arrow", n, f"the timing arrow '{g[4]}' is read as '-->'")
            if any(int(x) > 59 for x in (g[2], g[7]) + ((g[1], g[6]) if g[0] or g[5] else ())):
                findings.add("range", n, "minutes or seconds above 59: read as the time they add up to")
            current = [_ms(*g[:4]), _ms(*g[5:]), n, []]
            continue
        if not line.strip():
            finish()
            skipping = False
            if loose and not _number_only(loose, vtt):
                attach(loose)  # an identifier is followed by its timing line, not a blank line
                loose = []
            continue
        if current is not None:
            current[3].append(line)
        elif skipping:
            continue
        elif vtt and not loose and line.split(" ", 1)[0].split("\t", 1)[0] in _BLOCKS:
            skipping = True
        else:
            loose.append((n, line))
    finish()
    if loose and not _number_only(loose, vtt):
        attach(loose)
    if not cues:
        return None, [error("captions", rel, 1, "no cues found")]
    return tuple(cues), findings.problems()


def _number_only(loose: list[tuple[int, str]], vtt: bool) -> bool:
    """Whether the loose lines are just an SRT cue number (followed, wrongly, by a blank line)."""
    return not vtt and len(loose) == 1 and loose[0][1].strip().isdigit()


def read_transcript(data: bytes, rel: str, languages: int) -> tuple[tuple[tuple[Cue, ...], ...] | None, list[Problem]]:
    """A pasted transcript: a timestamp line (`m:ss`, `h:mm:ss`), then its text. With two
    languages, each source line is followed by its translation. Returns one tuple of cues per
    language; a cue ends where the next one starts (the last one after a reading-speed estimate)."""
    text, problems = _text(data, rel)
    if text is None:
        return None, problems
    findings = _Findings(rel)
    blocks: list[tuple[int, int, list[tuple[int, str]]]] = []  # (start ms, line, text lines)
    for n, line in enumerate(text.split("\n"), 1):
        stamp = _STAMP.match(line)
        if stamp:
            blocks.append((_ms(stamp[1], stamp[2], stamp[3], None), n, []))
        elif line.strip():
            if not blocks:
                findings.add("untimed", n, "text before the first timestamp: read as starting at 0:00")
                blocks.append((0, n, []))
            blocks[-1][2].append((n, line))
    if not any(_STAMP.match(line) for line in text.split("\n")):
        return None, [error("captions", rel, 1, "no timestamp line ('m:ss' or 'h:mm:ss'): not a pasted transcript "
                            "(a plain text file needs a name without a language tag)")]
    for i in range(1, len(blocks)):
        if blocks[i][0] < blocks[i - 1][0]:
            findings.add("order", blocks[i][1], "a timestamp earlier than the one before it")
    blocks.sort(key=lambda block: block[0])  # stable: a cue ends where the next one in time starts
    tracks: list[list[Cue]] = [[] for _ in range(languages)]
    for i, (start, line, body) in enumerate(blocks):
        if not body:
            findings.add("empty", line, "a timestamp without text: skipped")
            continue
        if len(body) % languages:
            findings.add("pairs", body[-1][0], f"{len(body)} text lines after a timestamp: expected each "
                         f"line followed by its translation; the last one is read as untranslated")
        end = blocks[i + 1][0] if i + 1 < len(blocks) else start + _estimate(body[0][1])
        for k in range(languages):
            part = body[k::languages]
            words = clean("\n".join(t for _, t in part))
            if words:
                tracks[k].append(Cue(start, max(end, start), words, part[0][0]))
    if not tracks[0]:
        return None, [error("captions", rel, 1, "no timestamped text found (expected a 'm:ss' line, then its text)")]
    return tuple(tuple(track) for track in tracks), findings.problems()


def _estimate(text: str) -> int:
    """Duration of a last cue that nothing follows: its reading time at 15 characters a second."""
    return min(max(len(text) * 1000 // 15, 1000), 10000)
