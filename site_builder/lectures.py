"""Lectures: caption files under content/<lang>/ paired by key across languages (the way notes
are), with an optional note of the same key for front matter and introduction. Each published
language gets a lecture page: the video, then the transcript, the translation aligned beside it.

What a lecture page shows is `Lecture` (template variable `page.lecture`); its caption files to
download are made by `lecture_files`."""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from markupsafe import Markup

from . import caption_lint
from .caption_write import clock, to_srt, to_vtt
from .captions import Cue, caption_name, read_cues, read_transcript
from .config import Config
from .glossary_lint import GlossaryIndex
from .glossary_text import annotate, glossary_href
from .problems import Problem, error, warning
from .sources import Source
from .transcript import align, assign, coverage
from .urls import asset_path, is_external, out_file, page_path, resolve_relative

MEDIA = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
         ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".oga": "audio/ogg", ".ogg": "audio/ogg", ".wav": "audio/wav"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com")


@dataclass(frozen=True)
class Track:
    """The captions of one lecture in one language, from one file."""

    lang: str
    cues: tuple[Cue, ...]
    site_rel: str
    text_offset: int  # lines from a cue's `line` to its text (1 in SRT/WebVTT, 0 in a pasted transcript)
    machine: bool = False  # the second language of a pasted transcript, until a human translation replaces it
    digest: str = ""  # identifies the file's bytes and the track's place in it, for memo keys


@dataclass(frozen=True)
class Video:
    kind: str  # "youtube", "file", or "" (no video)
    src: str = ""  # the YouTube id, or the media's site path or URL
    mime: str = ""


@dataclass(frozen=True)
class LectureRow:
    """A paragraph of the transcript as the page shows it."""

    start: int  # seconds
    clock: str  # "m:ss" or "h:mm:ss"
    source: str
    translation: Markup  # with glossary annotation; empty when nothing is translated here
    translated: bool


@dataclass(frozen=True)
class CaptionLink:
    lang: str
    label: str  # e.g. "한국어 (WebVTT)"
    path: str  # site path
    kind: str  # "vtt", "srt"


@dataclass(frozen=True)
class Lecture:
    key: str
    lang: str  # the page's language
    source_lang: str
    video: Video
    rows: tuple[LectureRow, ...]
    progress: int | None  # percent of the source's speech time translated; None on the source-language page
    machine: bool  # the translation shown is machine-made
    tracks: tuple[CaptionLink, ...]  # one WebVTT per language, for <track>
    downloads: tuple[CaptionLink, ...]
    source: Track
    translation: Track | None
    slides: str = ""  # site path or URL of the slides (front matter `slides:`)
    digest: str = ""

    def seek(self, seconds: int) -> str:
        """Where a time link goes without JavaScript: the video at that second."""
        if self.video.kind == "youtube":
            return f"https://www.youtube.com/watch?v={self.video.src}&t={seconds}s"
        if self.video.kind == "file":
            return f"{self.video.src}#t={seconds}"
        return f"#t{seconds}"


def parse_video(value: object, note_rel: str, config: Config) -> tuple[Video | None, str]:
    """`video:` of a lecture's front matter: a YouTube id or URL, or a media file (path or URL).
    Returns (video, "") or (None, why not)."""
    if not isinstance(value, str) or not value.strip():
        return None, "'video' must be a YouTube id or URL, or the path or URL of a media file"
    value = value.strip()
    if _YOUTUBE_ID.match(value) and not posixpath.splitext(value)[1]:
        return Video("youtube", value), ""
    url = urlparse(value)
    host = (url.hostname or "").lower()
    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        parts = [p for p in url.path.split("/") if p]
        found = parse_qs(url.query).get("v", [""])[0] if url.path == "/watch" else parts[-1] if parts else ""
        if _YOUTUBE_ID.match(found):
            return Video("youtube", found), ""
        return None, f"cannot find the video id in the YouTube URL '{value}'"
    mime = MEDIA.get(posixpath.splitext(url.path)[1].lower())
    if not mime:
        return None, f"'{value}' is neither a YouTube video nor a media file ({', '.join(MEDIA)})"
    return Video("file", linked_file(value, note_rel, config), mime), ""


def linked_file(value: str, note_rel: str, config: Config) -> str:
    """The site path (or URL) of a file named in a note's front matter: a relative path is beside
    the note, like its images."""
    if is_external(value) or value.startswith("/"):
        return value
    target = resolve_relative(note_rel, value)
    return asset_path(target, target.split("/", 1)[0], config.language)


def _read(source: Source, rel: str, data: bytes, tagged: tuple[str, ...], digest: str) -> tuple[list[Track], list[Problem]]:
    if source.rel.endswith(".txt"):
        tracks, problems = read_transcript(data, rel, len(tagged))
        langs = (source.lang, *tagged[1:])
        return [Track(lang, cues, rel, 0, k > 0, f"{digest}:{k}") for k, (lang, cues) in enumerate(zip(langs, tracks or ()))], problems
    cues, problems = read_cues(data, rel)
    return ([Track(source.lang, cues, rel, 1, False, digest)] if cues else []), problems


def read_tracks(captions: tuple[Source, ...], config: Config, memo=lambda key, make: make()
                ) -> tuple[dict[str, dict[str, Track]], list[Problem]]:
    """Every caption file read, by lecture key and language. Human captions of a language replace
    the machine translation a pasted transcript carries for it. `memo` (RenderCache.memo) keeps
    what a file's bytes gave across rebuilds."""
    problems: list[Problem] = []
    found: dict[str, dict[str, Track]] = {}
    machine: dict[str, dict[str, Track]] = {}
    for source in captions:
        rel = f"content/{source.rel}"
        key, tagged = caption_name(source.rel.split("/", 1)[1], config.languages)
        if tagged and tagged[0] != source.lang:
            problems.append(warning("captions", rel, 0, f"the file name says '{tagged[0]}' but it is in "
                                    f"content/{source.lang}/: read as '{source.lang}'"))
        try:
            data = source.file.read_bytes()
        except OSError as exc:
            problems.append(error("captions", rel, 0, f"cannot read: {exc.strerror}"))
            continue
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        made, read_problems = memo(("captions", rel, digest, tagged), lambda: _read(source, rel, data, tagged, digest))
        problems.extend(read_problems)
        for track in made:
            into = machine if track.machine else found
            other = into.setdefault(key, {}).get(track.lang)
            if other is not None:
                problems.append(error("captions", rel, 0, f"lecture '{key}' already has {track.lang} captions "
                                      f"in {other.site_rel}: keep one file per language"))
            else:
                into[key][track.lang] = track
    for key, tracks in machine.items():
        for lang, track in tracks.items():
            found.setdefault(key, {}).setdefault(lang, track)
    return found, problems


def lint(by_lang: dict[str, Track], config: Config, index: GlossaryIndex | None
         ) -> tuple[list[Problem], dict[str, set[str]]]:
    """Warnings over the tracks of one lecture, and the glossary terms each language's track uses."""
    problems: list[Problem] = []
    terms: dict[str, set[str]] = {}
    source = by_lang.get(config.source_language)
    for lang, track in by_lang.items():
        if not track.machine:
            problems.extend(caption_lint.timing(track.cues, track.site_rel, config.reading_speed(lang)))
            if source is not None and track is not source:
                problems.extend(caption_lint.untranslated(track.cues, source.cues, track.site_rel, lang,
                                                          config.source_language))
        if index is not None:
            name = config.languages.get(config.source_language, config.source_language)
            found, terms[lang] = caption_lint.glossary(track.cues, track.site_rel, lang, index, name, track.text_offset)
            if not track.machine:
                problems.extend(found)
    return problems, terms


def settings(config: Config, index: GlossaryIndex | None) -> tuple:
    """What besides its tracks a lecture's checks and layout depend on: part of their memo keys."""
    return (config.source_language, config.language, config.baseurl, tuple(config.languages.items()),
            tuple(config.max_cps.items()), config.annotate, index.glossary.digest if index else "")


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def lecture(key: str, lang: str, base: str, source: Track, translation: Track | None, video: Video,
            config: Config, index: GlossaryIndex | None, slides: str = "") -> Lecture:
    """What the lecture page of `lang` (at site path `base`) shows."""
    source_lang = source.lang
    name = key.rsplit("/", 1)[-1]
    seen: set[int] = set()
    link = glossary_href(lang, config) if index is not None else ""
    rows = tuple(LectureRow(r.start // 1000, clock(r.start), r.source,
                            annotate(index, lang, r.translation, config.annotate, seen, link), r.translated)
                 for r in align(source.cues, translation.cues if translation else None, lang, source_lang))
    shown = (source,) + ((translation,) if translation else ())
    names = config.languages
    tracks = tuple(CaptionLink(t.lang, names.get(t.lang, t.lang), f"{base}{name}.{t.lang}.vtt", "vtt") for t in shown)
    downloads = [CaptionLink(t.lang, f"{names.get(t.lang, t.lang)} ({fmt})", f"{base}{name}.{t.lang}.{ext}", ext)
                 for t in shown for ext, fmt in (("vtt", "WebVTT"), ("srt", "SRT"))]
    if translation:
        downloads.append(CaptionLink(lang, f"{names.get(source_lang, source_lang)} + {names.get(lang, lang)} (WebVTT)",
                                     f"{base}{name}.{source_lang}-{lang}.vtt", "vtt"))
    progress = None
    if lang != source_lang:
        human = translation if translation and not translation.machine else None
        progress = coverage(source.cues, human.cues if human else None, lang, source_lang)
    made = Lecture(key, lang, source_lang, video, rows, progress, bool(translation and translation.machine),
                   tracks, tuple(downloads), source, translation, slides)
    return dataclasses.replace(made, digest=_digest(key, lang, video, rows, progress, tracks, downloads, made.machine,
                                                    slides))


def lecture_files(made: Lecture) -> list[tuple[str, bytes]]:
    """(out, bytes) of the caption downloads of a lecture page: normalised UTF-8 without BOM."""
    files = []
    by_lang = {made.source.lang: made.source}
    if made.translation:
        by_lang[made.translation.lang] = made.translation
    for link in made.downloads:
        track = by_lang.get(link.lang)
        if link.path.endswith(f".{made.source_lang}-{made.lang}.vtt"):
            files.append((out_file(link.path), to_vtt(bilingual(made.source.cues, made.translation.cues)).encode()))
        elif link.kind == "vtt":
            files.append((out_file(link.path), to_vtt(track.cues).encode()))
        else:
            files.append((out_file(link.path), to_srt(track.cues).encode()))
    return files


def bilingual(source: tuple[Cue, ...], translation: tuple[Cue, ...]) -> list[Cue]:
    """The source's cues, each with the translation said in its time on the line below."""
    spoken = [c for c in source if c.text]
    mine = assign([(c.start, c.end) for c in spoken], translation)
    return [dataclasses.replace(c, text=c.text + ("\n" + " ".join(t.text.replace("\n", " ") for t in m) if m else ""))
            for c, m in zip(spoken, mine)]


def lecture_path(key: str, lang: str, config: Config) -> str:
    return page_path(f"{lang}/{key}.md", lang, config.language)


def base_of(path: str) -> str:
    """The folder of a page's site path, where its downloads go."""
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
