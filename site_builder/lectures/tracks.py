"""Caption tracks: the caption files under content/<lang>/ read (the only module that reads them)
and paired into lectures by key, with the checks that need a lecture's tracks together."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..lectures import caption_lint
from ..content.naming import caption_name
from .captions import Cue, read_cues, read_transcript
from ..core.config import Config
from ..glossary.judge import GlossaryIndex
from ..core.problems import Problem, error, warning
from ..content.sources import Source


@dataclass(frozen=True)
class Track:
    """The captions of one lecture in one language, from one file."""

    lang: str
    cues: tuple[Cue, ...]  # in time order (the file's order is checked, then sorted)
    site_rel: str
    text_offset: int  # lines from a cue's `line` to its text (1 in SRT/WebVTT, 0 in a pasted transcript)
    machine: bool = False  # the second language of a pasted transcript, until a human translation replaces it
    digest: str = ""  # identifies the file (path and bytes) and the track's place in it, for memo keys


def _read(source: Source, rel: str, data: bytes, langs: tuple[str, ...], digest: str, config: Config
          ) -> tuple[list[Track], list[Problem]]:
    """The tracks of one file and its problems, timing checks included (they need the file's order)."""
    if source.rel.lower().endswith(".txt"):
        found, problems = read_transcript(data, rel, len(langs))
        offset = 0
    else:
        cues, problems = read_cues(data, rel)
        found, offset = ((cues,) if cues else ()), 1
    tracks = []
    for k, (lang, cues) in enumerate(zip(langs, found or ())):
        if k == 0:  # a pasted transcript's machine translation shares its source's timing
            problems = problems + caption_lint.timing(cues, rel, config.reading_speed(lang))
        ordered = tuple(sorted(cues, key=lambda c: (c.start, c.end)))
        tracks.append(Track(lang, ordered, rel, offset, k > 0, f"{digest}:{k}"))
    return tracks, problems


def read_tracks(captions: tuple[Source, ...], config: Config, memo=lambda key, make: make()
                ) -> tuple[dict[str, dict[str, Track]], list[Problem]]:
    """Every caption file read, by lecture key and language. Human captions of a language replace
    the machine translation a pasted transcript carries for it. `memo` (KeyedMemo.get, core/memo.py)
    keeps what a file's bytes gave across rebuilds."""
    problems: list[Problem] = []
    found: dict[str, dict[str, Track]] = {}
    machine: dict[str, dict[str, Track]] = {}
    for source in captions:
        rel = f"content/{source.rel}"
        key, tagged = caption_name(source.rel.split("/", 1)[1], config.languages)
        langs = (source.lang, *tagged[1:])
        if tagged and tagged[0] != source.lang:
            if len(tagged) == 2:
                problems.append(error("captions", rel, 1, f"a transcript of {tagged[0]} with its {tagged[1]} translation "
                                      f"belongs in content/{tagged[0]}/"))
                continue
            problems.append(warning("captions", rel, 1, f"the file name says '{tagged[0]}' but it is in "
                                    f"content/{source.lang}/: read as '{source.lang}'"))
        try:
            data = source.file.read_bytes()
        except OSError as exc:
            problems.append(error("captions", rel, 1, f"cannot read: {exc.strerror}"))
            continue
        digest = hashlib.blake2b(rel.encode() + b"\0" + data, digest_size=16).hexdigest()
        speeds = tuple(config.reading_speed(lang) for lang in langs)
        made, read_problems = memo(("captions", rel, digest, langs, speeds),
                                   lambda: _read(source, rel, data, langs, digest, config))
        problems.extend(read_problems)
        for track in made:
            into = machine if track.machine else found
            other = into.setdefault(key, {}).get(track.lang)
            if other is not None:
                problems.append(error("captions", rel, 1, f"lecture '{key}' already has {track.lang} captions "
                                      f"in {other.site_rel}: keep one file per language"))
            else:
                into[key][track.lang] = track
    for key, tracks in machine.items():
        for lang, track in tracks.items():
            found.setdefault(key, {}).setdefault(lang, track)
    return found, problems


def lint(by_lang: dict[str, Track], config: Config, index: GlossaryIndex | None
         ) -> tuple[list[Problem], dict[str, set[str]]]:
    """Checks across the tracks of one lecture (untranslated cues, glossary), and the glossary
    terms each language's track uses."""
    problems: list[Problem] = []
    terms: dict[str, set[str]] = {}
    source = by_lang.get(config.source_language)
    for lang, track in by_lang.items():
        if not track.machine and source is not None and track is not source:
            problems.extend(caption_lint.untranslated(track.cues, source.cues, track.site_rel, lang, config.source_language))
        if index is not None:
            name = config.languages.get(config.source_language, config.source_language)
            found, terms[lang] = caption_lint.glossary(track.cues, track.site_rel, lang, index, name, track.text_offset)
            if not track.machine:
                problems.extend(found)
    return problems, terms
