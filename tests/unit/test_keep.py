"""Blocks marked as kept in the source language (markdown/keep.py): which marks count, and where."""

import pytest

from site_builder.markdown.keep import kept_inlines
from site_builder.markdown.mathrender import MathRenderer
from site_builder.markdown.render import make_markdown

MD = make_markdown(MathRenderer())


@pytest.mark.parametrize("source, kept", [
    ("{.keep}\nA paper title.\n\nTranslated.\n", ["A paper title."]),
    ("<!-- keep -->\nA paper title.\n\nTranslated.\n", ["A paper title."]),
    ("<!-- keep -->\n\nAfter a blank line.\n", ["After a blank line."]),
    ("<!--keep-->\nNo spaces.\n", ["No spaces."]),
    ("## NumPy {.keep}\n\nText.\n", ["NumPy"]),
    ("{.keep}\n- one\n- two\n\nafter\n", ["one", "two"]),
    ("{.keep}\n| a | b |\n|---|---|\n| x | y |\n", ["a", "b", "x", "y"]),
    ("{.keep}\n> quoted\n\n> not\n", ["quoted"]),
    ("{.keep .other}\nTwo classes.\n", ["Two classes."]),
    # not marks
    ("- item {.keep}\n- other\n", []),
    ("A {.keep} inside text.\n", []),
    ("<!-- note -->\nAnother comment.\n", []),
    ("<!-- keep -->\n```\ncode\n```\n\nAfter code: the mark was the code's.\n", []),
    ("<!-- keep --> <b>x</b>\nNot alone on its line.\n", []),
    ("{.keeper}\nAnother class.\n", []),
])
def test_kept_blocks(source, kept):
    tokens = MD.parse(source, {})
    ids = kept_inlines(tokens)
    assert [t.content for t in tokens if t.type == "inline" and id(t) in ids] == kept
