"""The memos of the site stage. NoteMemo: the Markdown dialect and math renderer that outlive one
build, and every note's `Rendered`, a pure function of its text, its path, the config and the
route table, kept under a hash of exactly those. LectureMemo: caption files read, their checks, and
lectures laid out, so an edited note does not re-read every lecture."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from markdown_it import MarkdownIt

from .. import __version__
from ..core.config import Config
from ..core.memo import KeyedMemo
from ..markdown.mathrender import MathRenderer
from ..markdown.render import Rendered
from .notes import note_markdown


def fingerprint(config: Config, routes: Mapping[str, str], glossary: str = "") -> str:
    """Everything besides a note's own text that its rendering depends on."""
    h = hashlib.sha256(f"{__version__}\0{glossary}".encode())
    h.update(repr(dataclasses.replace(config, site_dir=Path("."))).encode())
    for rel in sorted(routes):
        h.update(f"\0{rel}\0{routes[rel]}".encode())
    return h.hexdigest()


def note_key(site_rel: str, context: str, text_hash: str) -> str:
    """The render key of a note: its path, what else its render depends on, and its bytes' hash."""
    return hashlib.blake2b(f"{context}\0{site_rel}\0{text_hash}".encode(), digest_size=16).hexdigest()


@dataclass
class MemoStats:
    """How many notes a build found rendered already (`hits`) and rendered (`misses`)."""

    hits: int = 0
    misses: int = 0


class NoteMemo:
    """Rendered notes by key (see `note_key`), and the parser and math renderer they are made with."""

    def __init__(self, rendered: dict[str, Rendered] | None = None) -> None:
        self.math = MathRenderer()
        self.md: MarkdownIt = note_markdown(self.math)
        self.rendered: dict[str, Rendered] = rendered if rendered is not None else {}
        # (source file, stamp) -> the version of the source a translation was stamped against
        self.stamped: KeyedMemo = KeyedMemo()
        self.stats = MemoStats()
        self._used: set[str] = set()

    def get(self, key: str) -> Rendered | None:
        self._used.add(key)
        found = self.rendered.get(key)
        if found is None:
            self.stats.misses += 1
        else:
            self.stats.hits += 1
        return found

    def put(self, key: str, rendered: Rendered) -> None:
        self.rendered[key] = rendered

    def retain(self) -> None:
        """Forget the notes the last build did not ask for (deleted, or old versions of edited ones)."""
        used, self._used = self._used, set()
        self.rendered = {k: v for k, v in self.rendered.items() if k in used}
        self.stamped.retain()


@dataclass(frozen=True)
class LectureMemo:
    """Caption files read (`captions`), their checks (`checks`) and lectures laid out (`lectures`)."""

    captions: KeyedMemo = field(default_factory=KeyedMemo)
    checks: KeyedMemo = field(default_factory=KeyedMemo)
    lectures: KeyedMemo = field(default_factory=KeyedMemo)

    def retain(self) -> None:
        for memo in (self.captions, self.checks, self.lectures):
            memo.retain()
