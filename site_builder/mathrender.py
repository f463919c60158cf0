"""TeX -> HTML at build time: KaTeX (through pykatex) first, latex2mathml as the fallback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

try:
    import pykatex
except ImportError:  # no wheel for this platform: everything goes through latex2mathml
    pykatex = None

_POSITION = re.compile(r" at position \d+:.*$", re.S)


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
        return pykatex is not None

    def render(self, tex: str, display: bool) -> MathResult:
        key = (tex, display)
        result = self._cache.get(key)
        if result is None:
            result = self._cache[key] = self._render(tex, display)
        return result

    def _render(self, tex: str, display: bool) -> MathResult:
        reason = ""  # without pykatex, latex2mathml is the renderer, not a fallback (the build warns once)
        if pykatex is not None:
            try:
                html = pykatex.renderToString(tex, displayMode=display, output=pykatex.OUTPUT_HTML_AND_MATHML,
                                              throwOnError=True, strict=pykatex.STRICT_IGNORE)
                return MathResult(html)
            except pykatex.ParseError as exc:
                reason = _POSITION.sub("", str(exc)).removeprefix("KaTeX parse error: ")
            except Exception as exc:  # the JS engine can fail in other ways on odd input
                reason = f"KaTeX failed: {exc}"
        try:
            import latex2mathml.converter  # here, not at the top: its import costs ~30 ms and most builds never fall back

            mathml = latex2mathml.converter.convert(tex, display="block" if display else "inline")
            cls = "math-fallback math-display" if display else "math-fallback"
            return MathResult(f'<span class="{cls}">{mathml}</span>', reason)
        except Exception:
            return MathResult(f'<code class="math-error">{escape(tex)}</code>', reason or "latex2mathml failed",
                              fallback_failed=True)
