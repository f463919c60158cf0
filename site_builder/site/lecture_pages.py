"""Lecture pages among the site's pages: a note with a lecture's key becomes its page (layout
`lecture` unless it sets one); a language without such a note gets a generated page."""

from __future__ import annotations

import dataclasses
from typing import Mapping

from ..core.config import Config
from ..glossary.judge import GlossaryIndex
from ..lectures.lecture import LectureInput, Video, base_of, lecture, lecture_path, linked_file, parse_video, settings
from ..markdown.render import pack
from .memo import LectureMemo
from .pages import Page
from ..core.problems import Problem, warning
from ..content.sources import Discovery, Source
from ..lectures.tracks import Track, lint, read_tracks
from ..core.urls import asset_path, is_external, out_file


Tracks = Mapping[str, Mapping[str, Track]]  # lecture key -> language -> its captions


def lecture_pages(pages: list[Page], notes: list[Page], found: Discovery, config: Config,
                  index: GlossaryIndex | None, claim, memo: LectureMemo) -> tuple[list[Page], Tracks, list[Problem]]:
    """`pages` (the published ones) with every lecture attached, and every lecture's tracks;
    `notes` are all notes read, published or not, for the front matter of a lecture. `memo` keeps
    caption files read, their checks and lectures laid out across rebuilds."""
    if not found.captions:
        return pages, {}, []
    tracks, problems = read_tracks(found.captions, config, memo.captions.get)
    context = settings(config, index)
    files = _NamedFiles(config, found, problems)
    position = {(p.key, p.lang): i for i, p in enumerate(pages) if not p.generated}
    by_key: dict[str, dict[str, Page]] = {}
    for note in notes:
        by_key.setdefault(note.key, {})[note.lang] = note
    result = list(pages)
    source_lang = config.source_language
    for key in sorted(tracks):
        by_lang = tracks[key]
        digests = tuple(sorted((lang, t.digest) for lang, t in by_lang.items()))
        lint_problems, terms = memo.checks.get((key, digests, context), lambda: lint(by_lang, config, index))
        problems.extend(lint_problems)
        source = by_lang.get(source_lang)
        if source is None:
            first = next(iter(by_lang.values()))
            problems.append(warning("captions", first.site_rel, 1, f"lecture '{key}' has no {source_lang} captions: "
                                    "each language is shown on its own"))
        key_notes = by_key.get(key, {})
        for lang in config.languages:
            if lang == source_lang and not config.publish_source:
                continue
            own = by_lang.get(lang)
            at = position.get((key, lang))
            if at is None and own is None and (config.fallback != "source" or source is None):
                continue
            shown = source or own
            if shown is None:
                continue  # a note of this key, but no captions to show in its language
            note = key_notes.get(lang) or key_notes.get(source_lang)
            page = result[at] if at is not None else _generated(key, lang, note, own or shown, config, claim)
            notes_here = (page, key_notes.get(lang), key_notes.get(source_lang))
            video, slides = files.video(_naming("video", *notes_here)), files.slides(_naming("slides", *notes_here))
            translation = own if own is not shown else None
            made = memo.lectures.get((key, lang, page.path, digests, video, slides, page.annotated, context),
                              lambda: lecture(LectureInput(key=key, lang=lang, base=base_of(page.path), source=shown,
                                                           translation=translation, captions=tuple(by_lang.values()),
                                                           video=video, slides=slides, annotated=page.annotated),
                                              config, index))
            for link in made.downloads:
                claim(out_file(link.path), (own or shown).site_rel)
            used = terms.get((own or shown).lang, set())
            page = dataclasses.replace(page, lecture=made, layout=page.layout if "layout" in page.meta else "lecture",
                                       terms=page.terms | used)
            if at is None:
                result.append(page)
            else:
                result[at] = page
    return result, tracks, problems


class _NamedFiles:
    """The video and slides a lecture note names, resolved like its links (relative to the note
    that says it: a fallback page's note is the source's), each checked and reported once."""

    def __init__(self, config: Config, found: Discovery, problems: list[Problem]) -> None:
        self.config, self.problems = config, problems
        self.media = {asset_path(s.rel, s.lang, config.language) for s in found.assets} | {s.path for s in found.statics}
        self.videos: dict[str, Video] = {}
        self.slide_paths: dict[str, str] = {}

    def _missing(self, path: str) -> bool:
        return not is_external(path) and path not in self.media

    def video(self, note: Page | None) -> Video:
        if note is None:
            return Video("")
        if note.site_rel not in self.videos:
            video, why = parse_video(note.meta["video"], note.site_rel.removeprefix("content/"), self.config)
            line = note.meta_lines.get("video", 1)
            if video is None:
                self.problems.append(warning("lecture", note.site_rel, line, why))
            elif video.kind == "file" and self._missing(video.src):
                self.problems.append(warning("lecture", note.site_rel, line, f"no media file at {video.src}"))
                video = None  # no player: it would play nothing, and its time links would lead nowhere
            self.videos[note.site_rel] = video or Video("")
        return self.videos[note.site_rel]

    def slides(self, note: Page | None) -> str:
        if note is None:
            return ""
        if note.site_rel not in self.slide_paths:
            value, line = note.meta["slides"], note.meta_lines.get("slides", 1)
            path = ""
            if not (isinstance(value, str) and value.strip()):
                self.problems.append(warning("lecture", note.site_rel, line,
                                             "'slides' must be the path or URL of the lecture's slides"))
            else:
                path = linked_file(value.strip(), note.site_rel.removeprefix("content/"), self.config)
                if self._missing(path):
                    self.problems.append(warning("lecture", note.site_rel, line, f"no file at {path}"))
            self.slide_paths[note.site_rel] = path
        return self.slide_paths[note.site_rel]


def _naming(field: str, *candidates: Page | None) -> Page | None:
    """The first note whose front matter has `field`: the page's own, the language's note, the
    source note (a fallback page counts as the source note: its site_rel is the source's)."""
    return next((n for n in candidates if n is not None and n.from_note and field in n.meta), None)


def _generated(key: str, lang: str, note: Page | None, track: Track, config: Config, claim) -> Page:
    """The page of a lecture in a language that has no note for it: title and front matter come
    from the source note, when there is one."""
    path = lecture_path(key, lang, config)
    claim(out_file(path), track.site_rel)
    meta = {k: v for k, v in (note.meta if note else {}).items() if k not in ("permalink", "layout", "translation_of")}
    title = note.title if note else key.rsplit("/", 1)[-1]
    source = Source(config.site_dir / track.site_rel, f"{lang}/{key}.md", lang)
    return Page(source=source, site_rel=track.site_rel, path=path, title=title, layout="lecture", meta=meta,
                meta_lines=dict(note.meta_lines) if note else {}, packed=pack(""))
