"""The speed-ups (mdshortcuts.py, mddispatch.py) against markdown-it's own rules and loops, with
the same plugins, on random documents: the same tokens and the same HTML. The documents mix what
the speed-ups guess about: URLs markdown-it rewrites (issue 16, item 9), nesting past markdown-it's
maxNesting (20), link labels and reference definitions, emphasis runs, tables and fences. Hypothesis
explores and shrinks; a seeded generator adds a fixed, larger sample."""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdvariants import render, site_markdown, tokens, without_speed_ups

FAST, PLAIN = site_markdown(), without_speed_ups(site_markdown())

URLS = ["http://@example.com/", "x:@y", "host::", "http://h::/", "http://" + "a" * 256 + ".com/", "http://" + "a." * 130,
        "http://" + "b" * 63 + "." + "c" * 64 + "/", "http://user:pw@Host.COM:8080/p?q=1#F", "http://x.y@z/",
        "mailto:A@B.C", "//host/x", "a.png", "../up/(x)", "HTTP:/x", "http://h.com.:80/", "ü/x", "h%20t", "%zz",
        "http://[::1]/x", "<with space>", "http://ÄÖ.de/ü", "http://%41/", "#frag", "http://a..b/", "http:///x",
        "javascript:alert(1)", "data:text/html,x", "skype:γ", "http://xn--d1abbgf6aiiy.xn--p1ai/", "{{ site.url }}/x",
        "http://a/%E0%A4%A", "\\*esc\\*", "http://a/b&amp;c", "http://a/\"q\""]
LABELS = ["foo", "Foo", "FOO  bar", "*em*", "a\\]b", "ẞ", "ss", "[^1]", "x" * 1000, "`c]`", "<http://a]b>", " sp "]
INLINE = ["text", "한국어", "최적화(**optimization**)에", "**최적화(optimization)**에", "*강조*를", "*", "**", "***",
          "_", "__", "~~", "~", "a*b", "_x_y", "**a*b***", "*a **b** c*", " ", "  ", "\\", "\\*", "`", "``c``", "&amp;",
          "&#35;", "&nope;", "<b>", "</b>", "<!-- c -->", "$x$", "$$y$$", "\\(z\\)", "\\\\(w\\\\)", "{.c}", "{#i}",
          "^[note]", "[^1]", "!", "[", "]", "(", ")", "<", ">", "|", ":", "\n"]
STARTS = ["", "", "", "- ", "* ", "+ ", "1. ", "2) ", "> ", "> > ", "# ", "### ", "    ", "\t", "| a | b |",
          "|---|---|", "[^1]: ", ": ", "{.c} ", "$$", "\\begin{align}", "\\end{align}", "<div>"]
FENCES = ["```python\nx = '[a](http://@example.com/)' * 2\n```", "~~~ foo\\+bar\n*a*\n~~~", "```\nunclosed",
          "````\n```\n````", "``` c&#43;&#43; {.x}\ncode\n```"]


def _deep(kind: str, n: int) -> str:
    """Nesting `n` deep (markdown-it stops at 20 and must stop at the same place either way)."""
    if kind == "quote":
        return ">" * n + " deep"
    if kind == "list":
        return "".join("  " * i + "- level\n" for i in range(n))
    if kind == "links":
        return "[" * n + "x" + "](u)" * n
    if kind == "emphasis":
        return "*" * n + "x" + "*" * n
    if kind == "mixed":
        return "".join(f"{'> ' * (i % 3)}{'  ' * i}- *[a](u) " for i in range(n))
    return "<" * n + "a" + ">" * n


def _link(url: str, label: str, pick) -> str:
    return pick([f"[{label}]({url})", f"![{label}]({url} \"t\")", f"<{url}>", f"[{label}][{label}]", f"[{label}]",
                 f"[{label}]: {url}", f"[{label}]: <{url}> 'title'", f"[x]({url}){{.c}}"])


def document(pick, count) -> str:
    """A random document; `pick(options)` chooses one, `count(lo, hi)` a number (Hypothesis or random)."""
    lines = []
    for _ in range(count(1, 10)):
        kind = count(0, 9)
        if kind <= 4:
            parts = [pick(INLINE) if count(0, 3) else _link(pick(URLS), pick(LABELS), pick) for _ in range(count(0, 8))]
            lines.append(pick(STARTS) + "".join(parts))
        elif kind == 5:
            lines.append(_link(pick(URLS), pick(LABELS), pick))
        elif kind == 6:
            lines.append(_deep(pick(["quote", "list", "links", "emphasis", "mixed", "angles"]), count(15, 30)))
        elif kind == 7:
            lines.append(pick(FENCES))
        elif kind == 8:
            cells = " | ".join(pick(INLINE) + pick(["", _link(pick(URLS), "l", pick)]) for _ in range(count(1, 3)))
            lines.append(f"| h | i |\n|---|:--|\n| {cells} |")
        else:
            lines.append("")
    return "\n".join(lines)


def assert_same(text: str) -> None:
    assert tokens(FAST, text) == tokens(PLAIN, text), text
    assert render(FAST, text) == render(PLAIN, text), text


@st.composite
def documents(draw) -> str:
    return document(lambda options: draw(st.sampled_from(options)), lambda lo, hi: draw(st.integers(lo, hi)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_documents_parse_the_same(text):
    assert_same(text)


def test_seeded_documents_parse_the_same():
    rng = random.Random(16)
    for _ in range(int(os.environ.get("MD_DOCUMENTS", 600))):  # MD_DOCUMENTS=40000 for a long run
        assert_same(document(rng.choice, rng.randint))


def test_each_odd_url_renders_as_markdown_it_renders_it():
    """Every URL in every link form, one by one (a shortcut keyed on the URL is exercised alone)."""
    for url in URLS:
        for form in (f"[a]({url})", f"<{url}>", f"[a]\n\n[a]: {url}", f"![i]({url})"):
            assert_same(form)


def test_nesting_past_the_limit_parses_the_same():
    for kind in ("quote", "list", "links", "emphasis", "mixed", "angles"):
        for depth in (19, 20, 21, 40):
            assert_same(_deep(kind, depth))
