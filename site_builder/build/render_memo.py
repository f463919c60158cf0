"""The memos of the template stage (`render_outputs`): the Jinja environment and shared context
(TemplateMemo, reused while the templates, config and page list stay the same), and the pages'
template output (PageMemo, kept in memory only by the preview's rebuilds)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Keyed:
    """A value and the key of the inputs it was made from."""

    key: str
    value: Any


@dataclass
class TemplateMemo:
    """The last build's Jinja environment and shared context (see templates.Renderer)."""

    env: Keyed | None = None
    shared: Keyed | None = None

    def retain(self) -> None:
        """Nothing to forget: each holds one value, replaced when its key changes."""


@dataclass
class PageMemo:
    """Page template output (zlib of UTF-8) by templates.Renderer.page_key. `keep`: keep it in
    memory (the preview's rebuilds; a command-line build takes unchanged pages from its output)."""

    keep: bool = False
    html: dict[str, bytes] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)

    def __contains__(self, key: str) -> bool:
        return key in self.html

    def has_page(self, key: str) -> bool:
        self._used.add(key)
        return key in self.html

    def page_bytes(self, key: str) -> bytes:
        return zlib.decompress(self.html[key])

    def page_html(self, key: str, render) -> tuple[bytes | None, object]:
        """A page's template output as UTF-8, memoised by `key` when pages are kept in memory;
        `render()` returns (html, problem)."""
        self._used.add(key)
        packed = self.html.get(key)
        if packed is not None:
            return zlib.decompress(packed), None
        html, problem = render()
        if html is None:
            return None, problem
        data = html.encode()
        if self.keep:
            self.html[key] = zlib.compress(data, 1)
        return data, problem

    def retain(self) -> None:
        """Forget the pages the last build did not ask for."""
        used, self._used = self._used, set()
        self.html = {k: v for k, v in self.html.items() if k in used}
