"""Render notes on every core. A note's render is a pure function of its inputs, so workers return
exactly what the serial path would, and the output is byte-identical either way. The process pool
and its garbage-collector settings are shared with build's page workers."""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Sequence

from ..content.frontmatter import Document
from ..content.sources import Source
from ..markdown.mathrender import MathRenderer, engine_started
from ..markdown.render import Rendered
from ..translation.rule import TranslationInput
from .notes import NoteContext, NoteJob, note_markdown, render_note

# Below this many notes to render, starting workers costs more than it saves.
MIN_PARALLEL = 24

# Per worker process, set once by `_init`: the parser and what every note's render shares.
_worker: dict = {}


def _pool(jobs: int, method: str, initializer, initargs: tuple):
    """A pool of `jobs` workers (the garbage collector's tuning for them is the command line's, see cli.main)."""
    return multiprocessing.get_context(method).Pool(jobs, initializer=initializer, initargs=initargs)


@dataclass(frozen=True)
class _Portable:
    """A NoteJob as plain picklable values (a Document's mapping proxies do not pickle)."""

    source: Source
    text: str
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    body_line: int
    site_rel: str
    translation: TranslationInput

    @classmethod
    def of(cls, job: NoteJob) -> _Portable:
        doc = job.doc
        return cls(source=doc.source, text=doc.text, meta=dict(doc.meta), meta_lines=dict(doc.meta_lines),
                   body_line=doc.body_line, site_rel=job.site_rel, translation=job.translation)

    def job(self) -> NoteJob:
        doc = Document(self.source, self.text, MappingProxyType(self.meta), MappingProxyType(self.meta_lines),
                       self.body_line)
        return NoteJob(doc, self.site_rel, self.translation)


def _init(context: NoteContext) -> None:
    _worker.update(md=note_markdown(MathRenderer()), context=context)


def _render(item: _Portable) -> Rendered:
    return render_note(_worker["md"], item.job(), _worker["context"])


def render_many(notes: Sequence[NoteJob], context: NoteContext, jobs: int) -> list[Rendered]:
    """Render the notes on up to `jobs` processes, in order."""
    # fork: workers start in milliseconds with everything imported. Not once this process has
    # started KaTeX's V8, which a fork cannot carry: spawn then (the context is then pickled too).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and not engine_started() else "spawn"
    chunk = max(1, len(notes) // (jobs * 8))
    with _pool(jobs, method, _init, (context,)) as pool:
        return pool.map(_render, [_Portable.of(job) for job in notes], chunksize=chunk)
