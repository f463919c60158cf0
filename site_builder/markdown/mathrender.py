"""TeX -> HTML at build time: KaTeX first, latex2mathml as the fallback.

KaTeX is the npm package's own `katex.min.js` (site_builder/katex/, see tools/fetch_katex.py), run
in V8 through mini-racer. V8 is safe to call from any thread, but it does not survive a fork: a
process has at most one engine, started on first use, and a process forked from one that started
it must not render (parallel.py spawns its workers then, see `engine_started`)."""

from __future__ import annotations

import atexit
import importlib.util
import json
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
# latex2mathml turns \href{javascript:...}{x} into a MathML href, which Firefox follows; KaTeX, without
# `trust`, makes no links either.
_HREF = re.compile(r'\shref="[^"]*"')
# Errors come back as a one-element array: a plain string is always HTML.
_RENDER = """(tex, display) => {
  try {
    return katex.renderToString(tex, {displayMode: display, output: "htmlAndMathml", throwOnError: true, strict: "ignore"});
  } catch (e) {
    return [e instanceof katex.ParseError ? e.message : "KaTeX failed: " + e];
  }
}"""
# A note's expressions in one call (each call into V8 costs about as much as a short formula):
# one list of results, in order, each as _RENDER's. In and out as JSON: mini-racer passes no Python
# list to V8 (it raises JSConversionException), and one string back costs one crossing, not one an item.
_RENDER_MANY = """(items) => JSON.stringify(JSON.parse(items).map(([tex, display]) => render(tex, display)))"""
BATCH = 64  # expressions a call: the time bound applies to a call


class _Engine:
    """KaTeX loaded into one V8 isolate, closed when the interpreter exits (an isolate left open
    makes the exit wait for ever)."""

    def __init__(self) -> None:
        from py_mini_racer import MiniRacer  # here: importing and starting V8 costs ~0.2 s, warm builds never need it

        # mini-racer runs V8 through the asyncio loop of the thread that creates it, if that thread
        # runs one, and its own loop thread otherwise: created on a plain thread, the engine never
        # depends on a caller's loop (which may be closed, or be the one a render is called from).
        made: list = []
        starter = threading.Thread(target=lambda: made.append(_attempt(MiniRacer)), name="katex-start")
        starter.start()
        starter.join()
        self._racer = made[0] if made and not isinstance(made[0], BaseException) else None
        if self._racer is None:
            raise made[0] if made else RuntimeError("V8 did not start")
        atexit.register(self._racer.close)
        self._racer.set_hard_memory_limit(MEMORY_LIMIT)
        self._racer.eval(KATEX_JS.read_text(encoding="utf-8"))
        self._racer.eval(f"var render = {_RENDER};")
        self._render = self._racer.eval("render")
        self._render_many = self._racer.eval(_RENDER_MANY)
        # One render at a time: V8 runs them one after the other anyway, and the timeout then
        # bounds this expression's own work, not the time it waited behind other threads' (a
        # formula must not fall back because another thread rendered a heavy one meanwhile).
        self._lock = threading.Lock()

    def render(self, tex: str, display: bool) -> str | list:
        with self._lock:
            return self._render(tex, display, timeout_sec=TIMEOUT_SECONDS)

    def render_many(self, texs: list[str], displays: list[bool]) -> list:
        with self._lock:
            return json.loads(self._render_many(json.dumps(list(zip(texs, displays))), timeout_sec=TIMEOUT_SECONDS))


def _attempt(make):
    try:
        return make()
    except BaseException as exc:  # handed to the thread that asked
        return exc


class ForkedAfterV8(RuntimeError):
    """Rendering was asked of a process forked from one that had started V8 (it would hang)."""


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
                    raise ForkedAfterV8("KaTeX cannot run in a process forked after V8 started")
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

    def prepare(self, items: list[tuple[str, bool]]) -> None:
        """Render the (tex, display) pairs not rendered yet, a batch to a call into KaTeX; what a
        batch cannot give (an expression KaTeX rejects, a batch past the limits) is rendered one
        at a time, as `render` would."""
        # A lone surrogate is left to `render` (which reports it): JSON would carry it into V8.
        todo = list(dict.fromkeys(item for item in items if item not in self._cache and _encodable(item[0])))
        if not AVAILABLE or len(todo) < 2:
            return
        for start in range(0, len(todo), BATCH):
            chunk = todo[start:start + BATCH]
            for item, html in zip(chunk, _katex_many(chunk)):
                if isinstance(html, str):
                    self._cache[item] = MathResult(html)

    def _render(self, tex: str, display: bool) -> MathResult:
        reason = ""  # without KaTeX, latex2mathml is the renderer, not a fallback
        if AVAILABLE:
            html = _katex(tex, display)
            if isinstance(html, str):
                return MathResult(html)
            reason = _POSITION.sub("", html[0]).removeprefix("KaTeX parse error: ")
            if len(html) > 1:  # a hard limit: latex2mathml would pay as much again, without any bound
                return MathResult(f'<code class="math-error">{escape(tex)}</code>', reason, fallback_failed=True)
        try:
            import latex2mathml.converter  # here, not at the top: its import costs ~30 ms and most builds never fall back

            mathml = _HREF.sub("", latex2mathml.converter.convert(tex, display="block" if display else "inline"))
            cls = "math-fallback math-display" if display else "math-fallback"
            return MathResult(f'<span class="{cls}">{mathml}</span>', reason)
        except Exception:
            return MathResult(f'<code class="math-error">{escape(tex)}</code>', reason or "latex2mathml failed",
                              fallback_failed=True)


def _encodable(tex: str) -> bool:
    try:
        tex.encode()
        return True
    except UnicodeEncodeError:
        return False


def _katex_many(items: list[tuple[str, bool]]) -> list:
    """KaTeX's HTML for each item, in order (a list where it refused); nothing when the batch could
    not run at all (the items are then rendered one by one, each within the limits)."""
    try:
        return _engine().render_many([tex for tex, _ in items], [display for _, display in items])
    except ForkedAfterV8:
        raise
    except Exception:
        return []


def _katex(tex: str, display: bool) -> str | list:
    """KaTeX's HTML, or [why it refused]; [why, "limit"] when a hard limit stopped it (time, memory)."""
    try:
        engine = _engine()
    except ForkedAfterV8:
        raise
    except Exception as exc:  # mini-racer installed, but V8 cannot start here: latex2mathml renders
        return [f"KaTeX could not start: {type(exc).__name__}: {exc}"]
    try:
        return engine.render(tex, display)
    except Exception as exc:
        from py_mini_racer import JSTimeoutException

        if isinstance(exc, JSTimeoutException):
            return [f"KaTeX took over {TIMEOUT_SECONDS:g} s", "limit"]
        # mini-racer reports its hard memory limit as JSOOMException, or, inside a function call, as
        # a JSEvalException with no message; a string it cannot pass to V8 (a lone surrogate) is
        # a UnicodeEncodeError.
        if isinstance(exc, UnicodeError):
            return [f"KaTeX failed: {type(exc).__name__}"]
        return [f"KaTeX failed: {type(exc).__name__} (memory limit {MEMORY_LIMIT >> 20} MB?)", "limit"]
