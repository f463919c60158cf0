"""markdown-it-py's rule loops replaced by lookups by character, and parse shortcuts: the same tokens,
faster. They know markdown-it-py's and mdit-py-plugins' internals (which characters each rule starts
at, `ruler.__rules__`), so they run only with the exact versions they were verified against; with any
other, markdown-it's own loops run (the same output, slower) and `--debug` says why. Imports
markdown's math recognition and nothing above it."""

from __future__ import annotations

import markdown_it
import mdit_py_plugins
from markdown_it import MarkdownIt

# Verified by tests/unit/test_mdshortcuts.py, tests/test_markdown_differential.py and tests/test_conformance.py.
VERIFIED = {"markdown-it-py": "4.3.0", "mdit-py-plugins": "0.7.0"}


def why_stock() -> str:
    """Why the speed-ups are off ("" when they run)."""
    installed = {"markdown-it-py": markdown_it.__version__, "mdit-py-plugins": mdit_py_plugins.__version__}
    other = [f"{name} {installed[name]} (verified: {version})" for name, version in VERIFIED.items()
             if installed[name] != version]
    return f"markdown-it speed-ups off, markdown-it's own rules run: {', '.join(other)}" if other else ""


def speedups_plugin(md: MarkdownIt) -> None:
    """Install the shortcuts and the lookups by character; after every plugin that adds or replaces rules."""
    if why_stock():
        return
    from .dispatch import dispatch_plugin
    from .shortcuts import shortcuts_plugin

    shortcuts_plugin(md)
    dispatch_plugin(md)
