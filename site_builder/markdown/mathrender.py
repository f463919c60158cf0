"""TeX -> HTML at build time: KaTeX first, latex2mathml as the fallback.

KaTeX is the npm package's own `katex.min.js` (site_builder/katex/, see tools/fetch_katex.py), run
in V8 through mini-racer. V8 is safe to call from any thread, but it does not survive a fork: a
process has at most one engine, started on first use, and a process forked from one that started
it must not render (parallel.py spawns its workers then, see `engine_started`)."""

from __future__ import annotations

import atexit
import importlib.util
import os
import re
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path

# No mini-racer wheel for this platform: every expression goes through latex2mathml (the build warns once).
AVAILABLE = importlib.util.find_spec("py_mini_racer") is not None
KATEX_JS = Path(__file__).resolve().parents[1] / "katex" / "katex.min.js"
# KaTeX bounds macro expansion itself; these bound what it may cost at all, per expression.
TIMEOUT_SECONDS = 10.0
MEMORY_LIMIT = 512 * 1024 * 1024

_POSITION = re.compile(r" at position \d+:.*$", re.S)
# Errors come back as a one-element array: a plain string is always HTML.
_RENDER = """(tex, display) => {
  try {
    return katex.renderToString(tex, {displayMode: display, output: "htmlAndMathml", throwOnError: true, strict: "ignore"});
  } catch (e) {
    return [e instanceof katex.ParseError ? e.message : "KaTeX failed: " + e];
  }
}"""


class _Engine:
    """KaTeX loaded into one V8 isolate, closed when the interpreter exits (an isolate left open
    makes the exit wait for ever)."""

    def __init__(self) -> None:
        from py_mini_racer import MiniRacer  # here: importing and starting V8 costs ~0.2 s, warm builds never need it

        self._racer = MiniRacer()
        self._racer.set_hard_memory_limit(MEMORY_LIMIT)
        self._racer.eval(KATEX_JS.read_text(encoding="utf-8"))
        self._render = self._racer.eval(_RENDER)
        atexit.register(self._racer.close)

    def render(self, tex: str, display: bool) -> str | list:
        return self._render(tex, display, timeout_sec=TIMEOUT_SECONDS)


_engines: dict[int, _Engine] = {}  # by the pid that started it: a fork copies this, not V8's threads
_start = threading.Lock()


def engine_started() -> bool:
    """Whether this process, or the one it was forked from, has started V8 (it must not fork
    workers that render math then)."""
    return bool(_engines)


def _engine() -> _Engine:
    engine = _engines.get(os.getpid())
    if engine is None:
        with _start:
            engine = _engines.get(os.getpid())
            if engine is None:
                if _engines:
                    raise RuntimeError("KaTeX cannot run in a process forked after V8 started")
                engine = _engines[os.getpid()] = _Engine()
    return engine


@dataclass(frozen=True)
class MathResult:
    html: str
    error: str = ""  # why KaTeX rejected it ("" when it rendered, or when KaTeX is unavailable)
    fallback_failed: bool = False  # neither renderer could do anything: the TeX is shown as code


class MathRenderer:
    """Renders expressions, memoised by (tex, display): notes repeat the same symbols a lot."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, bool], MathResult] = {}

    @property
    def katex_available(self) -> bool:
        return AVAILABLE

    def render(self, tex: str, display: bool) -> MathResult:
        key = (tex, display)
        result = self._cache.get(key)
        if result is None:
            result = self._cache[key] = self._render(tex, display)
        return result

    def _render(self, tex: str, display: bool) -> MathResult:
        reason = ""  # without KaTeX, latex2mathml is the renderer, not a fallback
        if AVAILABLE:
            engine = _engine()
            try:
                html = engine.render(tex, display)
            except Exception as exc:  # out of time or memory
                html = [f"KaTeX failed: {type(exc).__name__}"]
            if isinstance(html, str):
                return MathResult(html)
            reason = _POSITION.sub("", html[0]).removeprefix("KaTeX parse error: ")
        try:
            import latex2mathml.converter  # here, not at the top: its import costs ~30 ms and most builds never fall back

            mathml = latex2mathml.converter.convert(tex, display="block" if display else "inline")
            cls = "math-fallback math-display" if display else "math-fallback"
            return MathResult(f'<span class="{cls}">{mathml}</span>', reason)
        except Exception:
            return MathResult(f'<code class="math-error">{escape(tex)}</code>', reason or "latex2mathml failed",
                              fallback_failed=True)
