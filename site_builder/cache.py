"""Memoised rendering: a note's `Rendered` is a pure function of its text, its path, the config and
the route table, so it is kept under a hash of exactly those and reused across rebuilds."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Mapping

from markdown_it import MarkdownIt

from . import __version__
from .config import Config
from .markdown import Rendered, make_markdown
from .mathrender import MathRenderer


def fingerprint(config: Config, routes: Mapping[str, str]) -> str:
    """Everything besides a note's own text that its rendering depends on."""
    h = hashlib.sha256(__version__.encode())
    h.update(repr(dataclasses.replace(config, site_dir=Path("."))).encode())
    for rel in sorted(routes):
        h.update(f"\0{rel}\0{routes[rel]}".encode())
    return h.hexdigest()


class RenderCache:
    """Rendered notes by key, plus the Markdown parser and math renderer that outlive one build."""

    def __init__(self) -> None:
        self.math = MathRenderer()
        self.md: MarkdownIt = make_markdown(self.math)
        self.rendered: dict[str, Rendered] = {}
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(text: str, site_rel: str, context: str) -> str:
        return hashlib.sha256(f"{context}\0{site_rel}\0{text}".encode()).hexdigest()

    def get(self, key: str) -> Rendered | None:
        found = self.rendered.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, rendered: Rendered) -> None:
        self.rendered[key] = rendered

    def retain(self, keys: set[str]) -> None:
        """Forget notes that are no longer part of the site."""
        self.rendered = {k: v for k, v in self.rendered.items() if k in keys}
