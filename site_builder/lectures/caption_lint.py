"""Checks of caption tracks, each a `warning[captions]` (or `[glossary]`) at the cue's line:
timing (overlaps, order, durations), repeated text, reading speed, untranslated cues in a
translation, glossary deviations."""

from __future__ import annotations

from .caption_write import clock
from .captions import Cue
from ..glossary.judge import GlossaryIndex
from ..glossary.text import findings
from ..core.problems import Problem, warning
from .transcript import Said, is_translated


def _quote(text: str, width: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _reading_speed(fast: list[tuple[Cue, float]], rel: str, max_cps: float) -> Problem:
    """One warning for a track's cues that read too fast, at the first (a real lecture has hundreds)."""
    (first, speed), others = fast[0], [cue.line for cue, _ in fast[1:]]
    if not others:
        return warning("captions", rel, first.line, f"reading speed {speed:.0f} characters a second "
                       f"(limit {max_cps:g}): lengthen the cue or shorten its text")
    top, top_speed = max(fast, key=lambda found: found[1])
    shown = [str(line) for line in others[:5]] + ([f"{len(others) - 5} more"] if len(others) > 5 else [])
    where = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return warning("captions", rel, first.line, f"reading speed above {max_cps:g} characters a second in {len(fast)} "
                   f"cues, up to {top_speed:.0f} (line {top.line}): here, and at line{'s' if len(others) > 1 else ''} "
                   f"{where}; lengthen the cues or shorten their text")


def timing(cues: tuple[Cue, ...], rel: str, max_cps: float) -> list[Problem]:
    problems = []
    fast: list[tuple[Cue, float]] = []
    previous: Cue | None = None
    for cue in cues:
        if cue.end <= cue.start:
            problems.append(warning("captions", rel, cue.line, f"the cue ends before it starts or when it starts "
                                    f"({clock(cue.start)}, {cue.end - cue.start} ms)"))
        elif cue.text and (cps := len(cue.text.replace("\n", " ")) / cue.seconds) > max_cps:
            fast.append((cue, cps))
        if previous is not None:
            if cue.start < previous.start:
                problems.append(warning("captions", rel, cue.line, f"out of order: starts at {clock(cue.start)}, "
                                        f"before the cue at line {previous.line}"))
            elif cue.start < previous.end:
                problems.append(warning("captions", rel, cue.line, f"overlaps the cue at line {previous.line} "
                                        f"by {previous.end - cue.start} ms"))
            if cue.text and cue.text == previous.text:
                problems.append(warning("captions", rel, cue.line, f"repeats the previous cue's text: '{_quote(cue.text)}'"))
        previous = cue
    if fast:
        problems.append(_reading_speed(fast, rel, max_cps))
    return problems


def untranslated(translation: tuple[Cue, ...], source: tuple[Cue, ...], rel: str, lang: str, source_lang: str) -> list[Problem]:
    """Cues of a translation that say what the source says at that time, or in its script."""
    problems = []
    said = Said(source)
    for cue in translation:
        if cue.text and not is_translated(cue, said.during(cue), lang, source_lang):
            problems.append(warning("captions", rel, cue.line, f"not translated: '{_quote(cue.text)}'"))
    return problems


def glossary(cues: tuple[Cue, ...], rel: str, lang: str, index: GlossaryIndex, lang_name: str,
             text_offset: int) -> tuple[list[Problem], set[str]]:
    """Glossary deviations in cue text (`text_offset`: lines from a cue's `line` to its text)."""
    problems, used = [], set()
    for cue in cues:
        found, terms = findings(index, lang, cue.text, lang_name)
        used |= terms
        problems.extend(warning("glossary", rel, cue.line + text_offset + f.line, f.message, f.col) for f in found)
    return problems, used
