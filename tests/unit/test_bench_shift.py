"""The benchmark's shifted corpus (`bench/shift.py`): copy N adds N to the numbers of a note's
math, code and prose, and leaves alone what links, includes, ids and Markdown structure hang on, so
the copies' pages differ in their formulas but not in their links, anchors or shape."""

import re
import sys

from markdown_it import MarkdownIt

from helpers import REPO

sys.path.insert(0, str(REPO))
from bench.shift import shift_digits  # noqa: E402

NOTE = """---
title: 'Part 2: seven things'
permalink: /copy2/part-2/
---

## Q1: the first question (20 points)

1. a list that starts at 1
2. and goes on at 2, with 3 apples[^1] and a [named link][7]
9) another list: 9 is kept

Prose with 12 pears and 0.5 litres: see [part 2](/part-2/#q1-the-first-question-20-points),
![figure 3](/assets/nn1/figure3.png "picture 4") and <a name="sec4"></a><img src="/img/5.png" width="300">,
{{site.baseurl}}/assets/x1.png, {% include box2.html %}, https://arxiv.org/abs/1512.03385 and
[wiki](https://en.wikipedia.org/wiki/Item_(1990)) &#8211; &amp; a {#eq:2} label cited as [@eq:2].

$$
\\frac{1}{2} x_1 \\hspace{1em} \\\\[2pt] 10^{-3}
$$

```python3
for i in range(10):
    print(i * 0.001)
```

[^1]: footnote 1 text.
[7]: https://example.org/page7
"""


def _links(md: MarkdownIt, text: str) -> list:
    found = []
    for token in md.parse(text):
        for t in [token, *(token.children or [])]:
            found += [(t.type, k, v) for k, v in (t.attrs or {}).items() if k in ("href", "src", "id", "name")]
    return found


def test_numbers_in_math_code_and_prose_change():
    shifted = shift_digits(NOTE, 3)
    assert "\\frac{4}{5} x_4" in shifted and "13^{-6}" in shifted
    assert "range(13)" in shifted and "i * 3.004" in shifted
    assert "15 pears and 3.8 litres" in shifted and "with 6 apples" in shifted and "at 5, with" in shifted
    assert "footnote 4 text" in shifted  # a footnote's text is prose; its label is not


def test_links_paths_ids_structure_and_front_matter_kept():
    shifted = shift_digits(NOTE, 3)
    for kept in ("title: 'Part 2: seven things'", "permalink: /copy2/part-2/", "## Q1: the first question (20 points)",
                 "1. a list", "2. and goes", "9) another", "(/part-2/#q1-the-first-question-20-points)",
                 "(/assets/nn1/figure3.png", '<a name="sec4">', '<img src="/img/5.png" width="300">',
                 "{{site.baseurl}}/assets/x1.png", "{% include box2.html %}", "https://arxiv.org/abs/1512.03385",
                 "(https://en.wikipedia.org/wiki/Item_(1990))", "&#8211;", "{#eq:2}", "[@eq:2]", "```python3",
                 "[^1]", "[named link][7]", "[7]: https://example.org/page7", "\\hspace{1em}", "\\\\[2pt]"):
        assert kept in shifted, kept
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    assert _links(md, shifted) == _links(md, NOTE)
    shape = [(t.type, t.tag, t.level) for t in md.parse(NOTE)]
    assert [(t.type, t.tag, t.level) for t in md.parse(shifted)] == shape


def test_every_copy_differs_past_ten():
    formulas = {shift_digits("$$x_1 + 0.5$$\n", copy) for copy in range(2, 62)}
    assert len(formulas) == 60
    assert shift_digits("no digits here: $$x_i$$\n", 7) == "no digits here: $$x_i$$\n"
    assert re.fullmatch(r"\$\$x_61 \+ 60\.65\$\$\n", shift_digits("$$x_1 + 0.5$$\n", 60))
