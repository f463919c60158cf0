"""Lecture pages among the site's pages: a note with a lecture's key becomes its page (layout
`lecture` unless it sets one); a language without such a note gets a generated page."""

from __future__ import annotations

import dataclasses
from typing import Mapping

from .config import Config
from .glossary_lint import GlossaryIndex
from .cache import RenderCache
from .lectures import Video, base_of, lecture, lecture_path, linked_file, parse_video, settings
from .markdown import pack
from .pages import Page
from .problems import Problem, warning
from .sources import Discovery, Source
from .tracks import Track, lint, read_tracks
from .urls import asset_path, is_external, out_file


Tracks = Mapping[str, Mapping[str, Track]]  # lecture key -> language -> its captions


def lecture_pages(pages: list[Page], notes: list[Page], found: Discovery, config: Config,
                  index: GlossaryIndex | None, claim, cache: RenderCache) -> tuple[list[Page], Tracks, list[Problem]]:
    """`pages` (the published ones) with every lecture attached, and every lecture's tracks;
    `notes` are all notes read, published or not, for the front matter of a lecture. `cache` keeps
    caption files read and lectures laid out across rebuilds."""
    if not found.captions:
        return pages, {}, []
    tracks, problems = read_tracks(found.captions, config, cache.memo)
    context = settings(config, index)
    media = {asset_path(s.rel, s.lang, config.language) for s in found.assets} | {s.path for s in found.statics}
    videos: dict[str, Video] = {}
    slide_paths: dict[str, str] = {}

    def video_of(note: Page | None) -> Video:
        if note is None or "video" not in note.meta:
            return Video("")
        if note.site_rel not in videos:
            # Relative to the note that says it (a fallback page's note is the source's).
            video, why = parse_video(note.meta["video"], note.site_rel.removeprefix("content/"), config)
            line = note.meta_lines.get("video", 1)
            if video is None:
                problems.append(warning("lecture", note.site_rel, line, why))
            elif video.kind == "file" and not is_external(video.src) and video.src not in media:
                problems.append(warning("lecture", note.site_rel, line, f"no media file at {video.src}"))
            videos[note.site_rel] = video or Video("")
        return videos[note.site_rel]

    def slides_of(note: Page | None) -> str:
        if note is None:
            return ""
        if note.site_rel not in slide_paths:  # once per note, however many languages show it
            value, line = note.meta["slides"], note.meta_lines.get("slides", 1)
            found = ""
            if not (isinstance(value, str) and value.strip()):
                problems.append(warning("lecture", note.site_rel, line, "'slides' must be the path or URL of the lecture's slides"))
            else:
                found = linked_file(value.strip(), note.site_rel.removeprefix("content/"), config)
                if not is_external(found) and found not in media:
                    problems.append(warning("lecture", note.site_rel, line, f"no file at {found}"))
            slide_paths[note.site_rel] = found
        return slide_paths[note.site_rel]

    position = {(p.key, p.lang): i for i, p in enumerate(pages) if not p.generated}
    by_key: dict[str, dict[str, Page]] = {}
    for note in notes:
        by_key.setdefault(note.key, {})[note.lang] = note
    result = list(pages)
    source_lang = config.source_language
    for key in sorted(tracks):
        by_lang = tracks[key]
        digests = tuple(sorted((lang, t.digest) for lang, t in by_lang.items()))
        lint_problems, terms = cache.memo(("caption-lint", key, digests, context), lambda: lint(by_lang, config, index))
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
            video, slides = video_of(_naming("video", *notes_here)), slides_of(_naming("slides", *notes_here))
            translation = own if own is not shown else None
            made = cache.memo(("lecture", key, lang, page.path, digests, video, slides, context),
                              lambda: lecture(key, lang, base_of(page.path), shown, translation, tuple(by_lang.values()),
                                              video, config, index, slides))
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
    return Page(source, track.site_rel, path, title, "lecture", meta, dict(note.meta_lines) if note else {},
                pack(""), (), frozenset(), ())
