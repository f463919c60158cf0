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
from .timing import Timing, read_timing

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
    reader = _CueReader(rel, rel.lower().endswith(".vtt"))
    lines = text.split("\n")
    first = reader.header(lines)
    for n, line in enumerate(lines[first:], first + 1):
        unreadable = reader.line(n, line)
        if unreadable:
            return None, [unreadable]
    reader.finish()
    reader.attach_loose()
    if not reader.cues:
        return None, [error("captions", rel, 1, "no cues found")]
    return tuple(reader.cues), reader.findings.problems()


class _CueReader:
    """Reads cue files line by line, recovering from what real files get wrong (see README)."""

    def __init__(self, rel: str, vtt: bool) -> None:
        self.rel, self.vtt = rel, vtt
        self.findings = _Findings(rel)
        self.cues: list[Cue] = []
        self.current: list | None = None  # [start, end, line, text lines] of the cue being read
        self.loose: list[tuple[int, str]] = []  # lines outside any cue since the last blank line or cue
        self.skipping = False  # inside a NOTE / STYLE / REGION block
        self.number = 0  # the last cue number seen (SRT; WebVTT when its ids are numbers)
        self.numbered = False  # the last cue had a numeric id

    def header(self, lines: list[str]) -> int:
        """Index of the first line after a WebVTT header (0 for SRT)."""
        if not self.vtt:
            return 0
        if not lines[0].startswith("WEBVTT"):
            self.findings.add("header", 1, "a WebVTT file starts with 'WEBVTT'; read as WebVTT anyway")
            return 0
        first = 1  # header metadata runs to the first blank line (or, recovered, the first cue)
        while first < len(lines) and lines[first].strip() and "-->" not in lines[first]:
            first += 1
        if first < len(lines) and lines[first].strip():
            self.findings.add("header", first + 1, "no blank line between the WebVTT header and the first cue")
        return first

    def line(self, n: int, line: str) -> Problem | None:
        """Read line `n`; an error when it is a timing line that cannot be read."""
        match = read_timing(line, self.vtt) if ">" in line else None
        if "-->" in line and not match:  # a timing line we cannot read (a NOTE may not contain "-->")
            if self.current is not None:  # right after a cue's timing, it is what was said
                self.findings.add("arrow-text", n, "'-->' in a cue's text: kept as text")
                self.current[3].append(line)
                return None
            sep = "." if self.vtt else ","
            return error("captions", self.rel, n, f"cannot read the cue timing '{line.strip()}' "
                         f"(expected 'hh:mm:ss{sep}mmm --> hh:mm:ss{sep}mmm')")
        if match:
            self.timing(n, match)
        elif not line.strip():
            self.finish()
            self.skipping = False
            if self.loose and not _number_only(self.loose, self.vtt):
                self.attach(self.loose)  # an identifier is followed by its timing line, not a blank line
                self.loose = []
        elif self.current is not None:
            self.current[3].append(line)
        elif self.skipping:
            pass
        elif self.vtt and not self.loose and line.split(" ", 1)[0].split("\t", 1)[0] in _BLOCKS:
            self.skipping = True
        else:
            self.loose.append((n, line))
        return None

    def timing(self, n: int, match: Timing) -> None:
        ident = None
        if self.current is not None:
            # No blank line before this timing line: the last text line is this cue's number
            # only if it is the number expected next ("42" may well be what was said).
            last = self.current[3][-1].strip() if self.current[3] else ""
            if last.isdigit() and int(last) == self.number + 1 and (not self.vtt or self.numbered):
                ident = (n - 1, self.current[3].pop().strip())
            self.findings.add("blank", n, "cues are not separated by a blank line")
            self.finish()
        elif self.skipping:
            self.findings.add("block", n, "a NOTE/STYLE block is not ended by a blank line")
        elif self.loose:
            if self.vtt or self.loose[-1][1].strip().isdigit():  # in SRT, a text line is no cue number
                ident = self.loose.pop()
            self.attach(self.loose)
        self.skipping = False
        self.loose = []
        self.numbered = ident is not None and ident[1].strip().isdigit()
        self.count(n, ident)
        for defect in match.defects:  # what was wrong with a timing line that could still be read
            self.findings.add(defect.kind, n, defect.message)
        self.current = [match.start, match.end, n, []]

    def count(self, n: int, ident: tuple[int, str] | None) -> None:
        """Follow the cue numbers: SRT's must count up; WebVTT's ids are free, numeric ones let a
        glued next id be told from text."""
        if not self.vtt:
            if ident is None or not self.numbered:
                self.findings.add("number", n, f"a cue without its number (expected {self.number + 1})")
                self.number += 1
            elif int(ident[1]) != self.number + 1:
                self.findings.add("numbering", ident[0], f"cue number {ident[1]}, expected {self.number + 1}")
                self.number = int(ident[1])
            else:
                self.number += 1
        elif self.numbered:
            self.number = int(ident[1])

    def finish(self) -> None:
        """End the cue being read."""
        if self.current is not None:
            body = clean("\n".join(self.current[3]))
            if not body:  # kept: the file's cue count stays; a silent cue counts as no speech
                self.findings.add("empty", self.current[2], "a cue without text")
            self.cues.append(Cue(self.current[0], self.current[1], body, self.current[2]))
        self.current = None

    def attach(self, lines: list[tuple[int, str]]) -> None:
        """Text found after a blank line inside a cue: it belongs to the cue before."""
        if not lines:
            return
        if self.cues or self.current:
            self.findings.add("gap", lines[0][0], "a blank line inside a cue's text: the text after it is kept in the cue")
            if self.current is None:
                last = self.cues.pop()
                text = [last.text, *(t for _, t in lines)]
                self.cues.append(Cue(last.start, last.end, clean("\n".join(text)), last.line))
            else:
                self.current[3].extend(t for _, t in lines)
        else:
            self.findings.add("stray", lines[0][0], "text before the first cue: ignored")

    def attach_loose(self) -> None:
        if self.loose and not _number_only(self.loose, self.vtt):
            self.attach(self.loose)


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
