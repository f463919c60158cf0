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
from functools import cached_property
from urllib.parse import parse_qs, urlparse

from markupsafe import Markup

from .caption_write import clock, to_srt, to_vtt
from .captions import Cue
from ..core.config import Config
from ..glossary.judge import GlossaryIndex
from ..glossary.paths import glossary_href
from ..glossary.text import annotate
from .tracks import Track
from .transcript import align, assign, coverage
from ..core.urls import asset_path, is_external, out_file, page_path, resolve_relative

MEDIA = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
         ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".oga": "audio/ogg", ".ogg": "audio/ogg", ".wav": "audio/wav"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com")


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
    langs: tuple[str, ...]  # one language, or (source, translation) for the bilingual file
    label: str  # e.g. "한국어 (WebVTT)"
    path: str  # site path
    kind: str  # "vtt", "srt", or "bilingual" (a WebVTT with both languages in each cue)

    @property
    def lang(self) -> str:
        return self.langs[-1]


@dataclass(frozen=True, kw_only=True)
class Lecture:
    key: str
    lang: str  # the page's language
    source_lang: str
    video: Video
    rows: tuple[LectureRow, ...]
    progress: int | None  # percent of the source's speech time translated; None on the source-language page
    machine: bool  # the translation shown is machine-made
    tracks: tuple[CaptionLink, ...]  # one WebVTT per language that has captions, for <track>
    downloads: tuple[CaptionLink, ...]
    source: Track
    translation: Track | None  # the page's language's, when it has captions (and is not the source)
    captions: tuple[Track, ...] = ()  # every language's
    slides: str = ""  # site path or URL of the slides (front matter `slides:`)

    @cached_property
    def digest(self) -> str:
        """Identifies what the page shows and the files it offers (its tracks' files, by digest)."""
        shown = (self.key, self.lang, self.video, self.rows, self.progress, self.machine, self.tracks, self.downloads,
                 self.slides, tuple(track.digest for track in self.captions))
        return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()

    def seek(self, seconds: int) -> str:
        """Where a time link goes without JavaScript: the video at that second ("" without a video)."""
        if self.video.kind == "youtube":
            return f"https://www.youtube.com/watch?v={self.video.src}&t={seconds}s"
        return f"{self.video.src}#t={seconds}" if self.video.kind == "file" else ""


def parse_video(value: object, note_rel: str, config: Config) -> tuple[Video | None, str]:
    """`video:` of a lecture's front matter: a YouTube id or URL, or a media file (path or URL).
    Returns (video, "") or (None, why not)."""
    if not isinstance(value, str) or not value.strip():
        return None, "'video' must be a YouTube id or URL, or the path or URL of a media file"
    value = value.strip()
    if _YOUTUBE_ID.match(value) and not posixpath.splitext(value)[1]:
        return Video("youtube", value), ""
    if value.split("/", 1)[0].lower() in (*_YOUTUBE_HOSTS, "youtu.be"):
        value = "https://" + value  # a YouTube URL pasted without its scheme
    url = urlparse(value)
    host = (url.hostname or "").lower()
    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        parts = [p for p in url.path.split("/") if p]
        watch = url.path.rstrip("/") == "/watch"
        found = parse_qs(url.query).get("v", [""])[0] if watch else parts[-1] if parts else ""
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


def settings(config: Config, index: GlossaryIndex | None) -> tuple:
    """What besides its tracks a lecture's checks and layout depend on: part of their memo keys."""
    return (config.source_language, config.language, config.baseurl, tuple(config.languages.items()),
            tuple(config.max_cps.items()), config.annotate, index.glossary.digest if index else "")


@dataclass(frozen=True, kw_only=True)
class LectureInput:
    """What one language's page of a lecture is made from."""

    key: str
    lang: str  # the page's language
    base: str  # the site path of the page's folder
    source: Track  # the captions shown as the source
    translation: Track | None  # the page's language's, beside it
    captions: tuple[Track, ...]  # every language's, for <track>s and downloads
    video: Video
    slides: str = ""
    annotated: frozenset[int] = frozenset()  # glossary terms the page's note already annotated at their first use


def lecture(given: LectureInput, config: Config, index: GlossaryIndex | None) -> Lecture:
    """What the lecture page shows: source and translation side by side, every language's captions as
    <track>s and downloads."""
    key, lang, base, source, translation = given.key, given.lang, given.base, given.source, given.translation
    source_lang = source.lang
    name = key.rsplit("/", 1)[-1]
    seen = set(given.annotated)
    link = glossary_href(lang, config) if index is not None else ""
    rows = tuple(LectureRow(r.start // 1000, clock(r.start), r.source,
                            annotate(index, lang, r.translation, config.annotate, seen, link), r.translated)
                 for r in align(source.cues, translation.cues if translation else None, lang, source_lang))
    names = config.languages
    ordered = sorted(given.captions, key=lambda t: list(names).index(t.lang) if t.lang in names else len(names))
    tracks = tuple(CaptionLink((t.lang,), names.get(t.lang, t.lang), f"{base}{name}.{t.lang}.vtt", "vtt") for t in ordered)
    downloads = [CaptionLink((t.lang,), f"{names.get(t.lang, t.lang)} ({label})", f"{base}{name}.{t.lang}.{ext}", ext)
                 for t in ordered for ext, label in (("vtt", "WebVTT"), ("srt", "SRT"))]
    if translation:
        downloads.append(CaptionLink((source_lang, lang), f"{names.get(source_lang, source_lang)} + "
                                     f"{names.get(lang, lang)} (WebVTT)", f"{base}{name}.{source_lang}-{lang}.vtt", "bilingual"))
    progress = None
    if lang != source_lang:
        human = translation if translation and not translation.machine else None
        progress = coverage(source.cues, human.cues if human else None, lang, source_lang)
    return Lecture(key=key, lang=lang, source_lang=source_lang, video=given.video, rows=rows, progress=progress,
                   machine=bool(translation and translation.machine), tracks=tracks, downloads=tuple(downloads),
                   source=source, translation=translation, captions=tuple(ordered), slides=given.slides)


def lecture_files(made: Lecture) -> list[tuple[str, bytes]]:
    """(out, bytes) of the caption downloads of a lecture page: normalised UTF-8 without BOM, LF."""
    by_lang = {track.lang: track for track in made.captions}
    files = []
    for link in made.downloads:
        if link.kind == "bilingual":
            data = to_vtt(bilingual(by_lang[link.langs[0]].cues, by_lang[link.langs[1]].cues))
        else:
            data = (to_vtt if link.kind == "vtt" else to_srt)(by_lang[link.lang].cues)
        files.append((out_file(link.path), data.encode()))
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
