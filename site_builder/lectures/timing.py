"""A cue's timing line, read leniently as players and ffmpeg read it.

Real caption files carry timing lines that no specification allows but every player reads: stray
characters after the end time, a space inside a timestamp (`00:01: 02,000`), a field with an extra
digit (`00:01:002,000`), no space around the arrow, `.` for `,` in SRT. Each is read to the times
it still says, and named (a `Defect`) so the reader can warn at the line; a line whose two times
cannot be read is no timing line at all (`None`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A timestamp as written, spaces allowed around its separators: [h:]m:s[.,:;ms]. Fields are any
# number of digits; which ones are too long is decided afterwards.
_STAMP = r"(\d+)[^\S\n]*:[^\S\n]*(\d+)(?:[^\S\n]*:[^\S\n]*(\d+))?(?:[^\S\n]*([.,:;])[^\S\n]*(\d+))?"
_ARROW = r"-->|-+[^\S\n]?>|[–—]-*>|→"
_LINE = re.compile(rf"^[^\S\n\u200b]*[\ufeff\u200b]?[^\S\n]*(?P<start>{_STAMP})(?P<before>[^\S\n]*)(?P<arrow>{_ARROW})"
                   rf"(?P<after>[^\S\n]*)(?P<end>{_STAMP})(?P<rest>.*)$")
# What may follow an SRT end time after a space: the X1:… Y2:… box some encoders write.
_SRT_BOX = re.compile(r"^(?:\s+[XY][12]:\d+)+\s*$")


@dataclass(frozen=True)
class Defect:
    kind: str  # one warning per kind and file (see captions._Findings)
    message: str


@dataclass(frozen=True)
class Timing:
    start: int  # milliseconds
    end: int
    defects: tuple[Defect, ...] = ()


def _field(digits: str, width: int, name: str, defects: list[Defect]) -> int:
    """A field's value; more digits than its width (`002` seconds, `000` hours) is an extra digit,
    read as the number it still is."""
    if len(digits) > width and digits.startswith("0"):
        defects.append(Defect(f"digits-{name}", f"'{digits}' has an extra digit ({name}): read as {int(digits)}"))
    return int(digits)


def _fraction(digits: str | None, defects: list[Defect]) -> int:
    """Milliseconds: `5` and `25` are tenths and hundredths (as players read them); a fourth digit
    after leading zeros is an extra digit, other extra digits are finer than a millisecond."""
    if not digits:
        return 0
    if len(digits) > 3:
        defects.append(Defect("digits-milliseconds", f"'{digits}' has an extra digit (milliseconds): read as "
                                        f"{int(digits) if digits.startswith('0') else int(digits[:3])}"))
        return int(digits) if digits.startswith("0") else int(digits[:3])
    return int(digits.ljust(3, "0"))


def _stamp(groups: tuple, text: str, vtt: bool, defects: list[Defect]) -> int:
    first, second, third, sep, fraction = groups
    if third is None:  # m:s — WebVTT allows it, SRT always has hours
        hours, minutes, seconds = "0", first, second
        if not vtt:
            defects.append(Defect("hours", f"'{text.strip()}' has no hours: read as 00:{text.strip()}"))
    else:
        hours, minutes, seconds = first, second, third
    if re.search(r"\s", text.strip()):
        joined = "".join(text.split())
        defects.append(Defect("space", f"a space inside the timestamp '{text.strip()}': read as '{joined}'"))
    h = _field(hours, 2 if len(hours) <= 2 or hours.startswith("0") else len(hours), "hours", defects)
    m = _field(minutes, 2, "minutes", defects)
    s = _field(seconds, 2, "seconds", defects)
    expected = "." if vtt else ","
    if sep is None:
        defects.append(Defect("fraction", f"'{text.strip()}' has no milliseconds: read as {expected}000"))
    elif sep != expected:
        defects.append(Defect("separator", f"'{sep}' before the milliseconds instead of '{expected}'"))
    if s > 59 or (third is not None and m > 59):
        defects.append(Defect("range", "minutes or seconds above 59: read as the time they add up to"))
    return ((h * 60 + m) * 60 + s) * 1000 + _fraction(fraction, defects)


def read_timing(line: str, vtt: bool) -> Timing | None:
    """The times of a timing line, with what was wrong with it; None when it has no two readable
    times around an arrow."""
    match = _LINE.match(line)
    if match is None:
        return None
    defects: list[Defect] = []
    g = match.groups()
    start = _stamp(g[1:6], match["start"], vtt, defects)
    end = _stamp(g[10:15], match["end"], vtt, defects)
    arrow = match["arrow"]
    if arrow != "-->":
        defects.append(Defect("arrow", f"the timing arrow '{arrow}' is read as '-->'"))
    if not match["before"] or not match["after"]:
        where = "before" if not match["before"] else "after"
        where = "before and after" if not match["before"] and not match["after"] else where
        defects.append(Defect(f"arrow-space-{where}", f"no space {where} the arrow"))
    rest = match["rest"]
    if rest.strip() and not rest[0].isspace():
        defects.append(Defect("stray", f"stray characters '{rest.strip()[:20]}' after the timing: ignored"))
    elif rest.strip() and not vtt and not _SRT_BOX.match(rest):  # WebVTT: cue settings
        defects.append(Defect("stray-text", f"text after the timing '{rest.strip()[:20]}': ignored"))
    # A defect found in both times is one defect of the line.
    return Timing(start, end, tuple(dict.fromkeys(defects)))
