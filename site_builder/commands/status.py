"""`site-builder status`: one row per note × language — title, progress, stale or current,
translators, words left — as a table or JSON. (`--stamp` is commands/stamp.py.)"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..build.build import assemble
from ..core.config import load_config
from ..site.pages import Site
from ..lectures.transcript import coverage


@dataclass(frozen=True)
class Row:
    note: str  # translation key
    lang: str
    title: str
    file: str  # the translation's path ("" when missing)
    progress: int  # percent
    state: str  # current, stale, unstamped, missing, source
    translators: list[str]
    words_left: int
    changed_sections: list[str] | None = None  # of a stale translation's source, when git history tells
    diff: str = ""  # the source's changes since the stamp, when git history tells
    kind: str = "note"  # "note", or "captions" for a lecture's captions


def rows(site: Site) -> list[Row]:
    """A row per translation of each source note (two translations of one note in a language, one
    by path and one by `translation_of:`, are two rows), or `missing`."""
    config = site.config
    by_key: dict[str, dict[str, list]] = {}
    for page in [*(p for p in site.pages if p.from_note), *site.unpublished]:  # not a generated index
        by_key.setdefault(page.key, {}).setdefault(page.lang, []).append(page)
    result = []
    for key in sorted(by_key):
        source = next(iter(by_key[key].get(config.source_language, ())), None)
        if source is None:
            continue
        for lang in config.languages:
            if lang == config.source_language:
                continue
            pages = [page for page in by_key[key].get(lang, ()) if not page.fallback_of]
            if not pages:
                result.append(Row(key, lang, source.title, "", 0, "missing", [], source.words))
            result.extend(_row(key, page) for page in pages)
    return sorted(result + caption_rows(site), key=lambda r: (r.note, r.kind != "note", r.lang, r.file))


def _row(key: str, page) -> Row:
    state = page.translation
    translators = page.meta.get("translators", [])
    translators = [translators] if isinstance(translators, str) else [str(t) for t in translators or []]
    label = "stale" if state.stale else "current" if state.stamped else "unstamped"
    known = state.stale and state.diff is not None  # the build found the stamped version in git
    return Row(key, page.lang, page.title, page.site_rel, state.progress.percent, label, translators,
               state.progress.words_left, list(state.changed_sections) if known else None, state.diff or "")


def caption_rows(site: Site) -> list[Row]:
    """A row per lecture and translation language: the share of the speech time translated —
    for every lecture, published in that language or not."""
    config = site.config
    pages = {(p.key, p.lang): p for p in site.pages if p.lecture is not None}
    result = []
    for key, tracks in sorted(site.lectures.items()):
        source = tracks.get(config.source_language)
        if source is None:
            continue
        for lang in config.languages:
            if lang == config.source_language:
                continue
            page, track = pages.get((key, lang)), tracks.get(lang)
            progress = page.lecture.progress if page else 0
            if page is None and track is not None and not track.machine:
                progress = coverage(source.cues, track.cues, lang, config.source_language)
            state = ("missing" if track is None else "machine" if track.machine else
                     "complete" if progress == 100 else "partial")
            titled = page or pages.get((key, config.source_language))
            result.append(Row(key, lang, titled.title if titled else key.rsplit("/", 1)[-1], track.site_rel if track else "", progress, state, [], 0, kind="captions"))
    return result


def stale_details(found: list[Row]) -> str:
    """For each stale translation: which source sections changed, and the diff (from git)."""
    parts = []
    for row in found:
        if row.state != "stale":
            continue
        if row.changed_sections is None:
            parts.append(f"\n{row.file}: its source changed since the stamp (git history cannot say how: not a git "
                         "checkout, a shallow clone, or the stamped version was never committed)")
            continue
        sections = ", ".join(f"#{s}" if s else "(before the first heading)" for s in row.changed_sections)
        parts.append(f"\n{row.file}: changed in the source since the stamp: {sections}\n{row.diff.rstrip()}")
    return "\n".join(parts)


def table(found: list[Row]) -> str:
    head = ("note", "kind", "lang", "progress", "state", "words left", "translators", "title")
    body = [(r.note, r.kind, r.lang, f"{r.progress}%", r.state, str(r.words_left) if r.kind == "note" else "",
             ", ".join(r.translators), r.title) for r in found]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(head), line("-" * w for w in widths), *map(line, body)])


def status(site_dir: Path) -> list[Row]:
    return rows(assemble(load_config(site_dir)).site)


def as_json(found: list[Row]) -> str:
    return json.dumps({"notes": [asdict(r) for r in found]}, ensure_ascii=False, indent=2)
