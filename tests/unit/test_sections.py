"""Sections and heading ids per stage: one parse names the sections the page has (whatever the
heading's form, never a line inside code), and a translation's headings pair with its source's by
structure (level, order, anchors), not by raw position."""

import re
from pathlib import Path

from site_builder.content.frontmatter import Document
from site_builder.content.sources import Source
from site_builder.core.config import load_config
from site_builder.markdown.headings import HeadingRef
from site_builder.markdown.mathrender import MathRenderer
from site_builder.markdown.render import make_markdown, outline, render_document
from site_builder.markdown.sections import align, sections
from site_builder.markdown.state import LinkSettings
from site_builder.translation.drift import drift

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "headings"
SITE = Path(__file__).resolve().parents[1] / "sites" / "headings"
MD = make_markdown(MathRenderer())

FORMS = """---
title: Forms
---
Setext title
============

Text before any second-level heading.

## Closing hashes ##

    # an indented line, not a heading
    y = 2

Setext second
-------------

```
# a fenced line, not a heading
```

## Bias trick {: #bias}

## Explicit {#chosen}

## A [link](https://example.org/x) and `code` here

## Summary

First summary.

## Summary

Second summary.
"""


def settings(tmp_path: Path) -> LinkSettings:
    (tmp_path / "site.yaml").write_text("title: T\nlanguage: en\nlanguages: {en: English, ko: 한국어}\n",
                                        encoding="utf-8")
    return LinkSettings.of(load_config(tmp_path))


def page_ids(tmp_path: Path, text: str, rel: str = "en/a.md", inherit=()) -> list[tuple[int, str]]:
    doc = Document(Source(tmp_path / rel, rel, rel.split("/")[0]), text, {}, {}, 1)
    rendered = render_document(MD, doc, f"content/{rel}", settings(tmp_path), {}, inherit_ids=inherit)
    ids = re.findall(r'<h([1-6])[^>]* id="([^"]+)"', rendered.html)
    assert [(int(level), hid) for level, hid in ids] == [(e.level, e.id) for e in rendered.toc]
    return [(int(level), hid) for level, hid in ids]


def test_sections_are_named_by_the_ids_the_page_has(tmp_path):
    expected = [(1, "setext-title"), (2, "closing-hashes"), (2, "setext-second"), (2, "bias"), (2, "chosen"),
                (2, "a-link-and-code-here"), (2, "summary"), (2, "summary-1")]
    assert page_ids(tmp_path, FORMS) == expected
    toc = outline(MD, FORMS, "en/a.md", settings(tmp_path), {})
    assert [(e.level, e.id) for e in toc] == expected
    named = sections(FORMS, [(e.id, e.line) for e in toc])
    assert list(named) == ["", *(hid for _, hid in expected)]
    # a `#` line inside code belongs to the section it is in; a setext heading starts its own
    assert "# an indented line, not a heading" in named["closing-hashes"]
    assert "# a fenced line, not a heading" in named["setext-second"]
    assert " ".join(named["summary"].split()) == "## Summary First summary."  # as written: the caller folds
    assert " ".join(named["summary-1"].split()) == "## Summary Second summary."


def test_drift_names_each_changed_section_once_in_every_form(tmp_path):
    links = settings(tmp_path)
    edits = [("y = 2", "y = 3"), ("a fenced line", "a fenced comment"), ("Second summary.", "Second one."),
             ("## Bias trick {: #bias}\n", "## Bias trick {: #bias}\n\nNew words.\n"),
             ("and `code` here\n", "and `code` here\n\nMore.\n")]
    changed = FORMS
    for old, new in edits:
        changed = changed.replace(old, new)
    found = drift(FORMS, outline(MD, FORMS, "en/a.md", links, {}), changed, outline(MD, changed, "en/a.md", links, {}))
    assert found.sections == ("closing-hashes", "setext-second", "bias", "a-link-and-code-here", "summary-1")


def test_inherited_ids_follow_structure_not_position(tmp_path):
    v1 = (FIXTURES / "tour.v1.md").read_text(encoding="utf-8")
    v2 = (SITE / "content/en/tour.md").read_text(encoding="utf-8")
    ko = (SITE / "content/ko/tour.md").read_text(encoding="utf-8")
    links = settings(tmp_path)
    stamped = tuple(e.ref for e in outline(MD, v1, "en/tour.md", links, {}))
    current = tuple(e.ref for e in outline(MD, v2, "en/tour.md", links, {}))
    from_stamped = page_ids(tmp_path, ko, "ko/tour.md", stamped)
    assert from_stamped == [(1, "lists-and-loops"), (2, "python"), (2, "versions"), (2, "lists"), (2, "bias"),
                            (2, "summary"), (2, "a-link-in-a-heading"), (2, "for-loop"), (2, "old-section"),
                            (2, "summary-1")]
    # Against today's source (a heading added before "Python", one removed): what the anchors and
    # levels decide does not shift; the two anchorless headings after the removal cannot be told apart
    from_current = page_ids(tmp_path, ko, "ko/tour.md", current)
    assert from_current[:8] == from_stamped[:8]
    assert "setup" not in dict((hid, 0) for _, hid in from_current)


def test_align_pairs_by_level_order_and_anchors():
    code, math, link = ("c1",), ("m1",), ("l1",)
    # a heading added to the source before the others
    assert align([(2, ()), (2, code), (2, math)], [(2, code), (2, math)]) == {0: 1, 1: 2}
    # a heading removed from the source
    assert align([(2, code), (2, link)], [(2, code), (2, math), (2, link)]) == {0: 0, 2: 1}
    # the translation's h2 for the source's h3: paired by its anchors, and by order between pairs
    assert align([(1, ()), (3, code), (3, ())], [(1, ()), (2, code), (2, ())]) == {0: 0, 1: 1, 2: 2}
    # anchors decide between candidates; where nothing else is left, order pairs what anchors do not
    assert align([(2, code), (2, math)], [(2, math)]) == {0: 1}
    assert align([(2, code), (2, link)], [(2, math), (2, ())]) == {0: 0, 1: 1}
    assert align([(1, ()), (2, code), (2, link)], [(1, ()), (2, math)]) == {0: 0}
    # two levels apart with nothing in common: no pair
    assert align([(1, ())], [(3, ())]) == {}


def test_explicit_id_in_the_translation_wins_and_is_not_reused(tmp_path):
    source = (HeadingRef(2, "intro"), HeadingRef(2, "details"), HeadingRef(2, "more"))
    text = "## 소개 {#mine}\n\n## 세부\n\n## 더 {#details}\n"
    # the second pairs with "details", which the third sets itself: it keeps its own slug
    assert page_ids(tmp_path, text, "ko/a.md", source) == [(2, "mine"), (2, "세부"), (2, "details")]


def test_align_of_very_long_notes_stays_linear_in_gaps():
    n = 3000
    source = [(2, (f"c{i}",)) for i in range(n)]
    target = [(2, (f"c{i}",)) for i in range(n) if i % 7] + [(2, ())] * 500
    pairs = align(source, target)
    assert all(source[s] == target[t] for t, s in pairs.items() if t < len(target) - 500)


def test_align_of_many_alike_headings_pairs_around_an_insertion():
    # 8000 headings with no anchors, one h3 inserted in the translation's middle: the runs on
    # either side pair with the source's in order (a naive matching takes tens of seconds here)
    n = 8000
    source, target = [(2, ())] * n, [(2, ())] * (n // 2) + [(3, ())] + [(2, ())] * (n // 2)
    pairs = align(source, target)
    assert n // 2 not in pairs or pairs[n // 2] in (n // 2 - 1, n // 2)
    assert pairs[0] == 0 and pairs[n] == n - 1 and len(pairs) >= n - 1
