"""Growth of a note's render time on pathological input: each case at n, 2n and 4n repeats, and the
ratios (linear time doubles: about 2.0 and 2.0; quadratic quadruples), in CPU seconds. The note goes through the
real render (the repo's own sample site: its config and its glossary, a Korean note).

    python -m bench growth [--scale 4] [--only NAME,...]

n is each case's own (about 20 ms here) times `--scale`; tests/unit/test_pathological.py runs the
same cases at scale 1 with a generous bound."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from site_builder.core.config import load_config
from site_builder.content.frontmatter import Document
from site_builder.glossary.terms import load_glossary
from site_builder.glossary.judge import GlossaryIndex
from site_builder.site.notes import NoteContext, NoteJob, note_markdown, render_note
from site_builder.markdown.mathrender import MathRenderer
from site_builder.content.sources import Source

SITE = Path(__file__).resolve().parent.parent

# name -> a note made of `n` repeats of what attackers (and unlucky users) write. Each is one
# paragraph, one line or one block where that is what makes a parser rescan.
CASES = {  # name -> (the note at n, the n at which it takes some 20 ms here: the test's n)
    "\\\\( never closed": (lambda n: "\\\\( a " * n, 2000),
    "\\\\[ never closed": (lambda n: "\\\\[ a " * n, 250),
    "\\( never closed": (lambda n: "\\( a " * n, 2000),
    "$$ never closed": (lambda n: "x $$ a " * n, 5000),
    "$ never closed": (lambda n: "$a " * n, 20000),
    "$ run": (lambda n: "$" * n, 40000),
    "$ pairs": (lambda n: "$x$ " * n, 1500),
    "$$ lines never closed": (lambda n: "$$x\n" * n, 1000),
    "$$ lines in a quote": (lambda n: "> $$x\n" * n, 1000),
    "$$ blocks": (lambda n: "$$\na\n" * n, 1000),
    "\\begin{align} never closed": (lambda n: "\\begin{align}\n\n" * n, 500),
    "\\begin{align} lines never closed": (lambda n: "\\begin{align}\n" * n, 1000),
    "\\begin{align} in a line": (lambda n: "\\begin{align} " * n, 1500),
    "[ run": (lambda n: "[" * n, 1000),
    "[ a": (lambda n: "[a " * n, 600),
    "[ ]( never closed": (lambda n: "[a](" * n, 500),
    "![ run": (lambda n: "![" * n, 500),
    "\\\\( in a link label": (lambda n: "[\\\\( a " * n + "]", 400),
    "^[ run": (lambda n: "^[" * n, 800),
    "[a]{ never closed": (lambda n: "[a]{" * n, 2500),
    "*a*{ never closed": (lambda n: "*a*{" * n, 1000),
    "* run": (lambda n: "*a " * n, 3000),
    "_ run": (lambda n: "_a " * n, 3000),
    "** / __ mixed": (lambda n: "**a__ " * n, 1000),
    "~~ run": (lambda n: "~~a " * n, 1500),
    "nested >": (lambda n: ">" * n + " a", 100000),
    "nested > lines": (lambda n: "".join(">" * (i % 50) + " a\n" for i in range(n)), 500),
    "nested lists": (lambda n: "".join("  " * (i % 50) + "- a\n" for i in range(n)), 1500),
    "- on one line": (lambda n: "- " * n + "a", 10000),
    "{# never closed": (lambda n: "{#a " * n, 10000),
    "heading {# never closed": (lambda n: "## h " + "{#a " * n, 4000),
    "< raw HTML openers": (lambda n: "<a " * n, 8000),
    "<! comments never closed": (lambda n: "a <!-- " * n, 4000),
    "` runs": (lambda n: "`a " * n + "``", 3000),
    "table rows": (lambda n: "| a | b |\n|---|---|\n" + "| x | y |\n" * n, 700),
    "table wide": (lambda n: "|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "x|" * n + "\n", 500),
    "{{ never closed": (lambda n: "{{ a " * n, 10000),
    "{% never closed": (lambda n: "{% a " * n, 10000),
    "Korean without spaces": (lambda n: "가중치의그라디언트를" * n, 50000),
    "Korean terms with particles": (lambda n: "손실 함수는 가중치의 그라디언트를 " * n, 250),
    "Korean terms line by line": (lambda n: "가중치를\n" * n, 350),
    "English terms left in Korean": (lambda n: "gradient " * n, 3000),
    "code fence never closed": (lambda n: "```\n" + "a\n" * n, 20000),
    "footnote refs": (lambda n: "[^a] " * n + "\n\n[^a]: x\n", 600),
    "headings": (lambda n: "# h\n\n" * n, 500),
    "entities": (lambda n: "&amp" * n, 20000),
    "link references": (lambda n: "[a]: <" * n, 3000),
    "\\begin{equation} never closed in $$": (lambda n: "$$\n" + "\\begin{equation} a " * n + "\n$$\n", 300),
    "align rows with labels": (lambda n: "\\begin{align}\n" + "a \\label{eq:x} \\\\\n" * n + "\\end{align}\n", 300),
    "\\eqref in text": (lambda n: "\\eqref{eq:a} " * n, 1000),
    "[@fig: references": (lambda n: "[@fig:a] " * n, 1000),
    "[](#eq: links": (lambda n: "[](#eq:a) " * n, 500),
    "figures": (lambda n: "![a](x.png){#fig:a}\n\n" * n, 300),
}


def renderer():
    """The render of one note of the sample site, as a function of its text."""
    config = load_config(SITE)
    glossary = load_glossary(config)
    index = GlossaryIndex(glossary, config.languages) if glossary else None
    md = note_markdown(MathRenderer())
    notes = NoteContext.of(config, {}, index)
    rel = "ko/growth.md"

    def render(text: str):
        doc = Document(Source(SITE / "content" / rel, rel, "ko"), text, {}, {}, 1)
        return render_note(md, NoteJob(doc, f"content/{rel}", notes.translation()), notes)

    return render


def timed(render, text: str) -> float:
    """CPU seconds of one render: other processes on the machine change wall time, not these. The
    collector is off meanwhile: a full collection walks the whole heap of the process (a test
    run's is large), which would make a bigger input look slower than its own work."""
    gc.collect()  # not the previous run's garbage
    gc.disable()
    try:
        start = time.process_time()
        render(text)
        return time.process_time() - start
    finally:
        gc.enable()


def growth(render, make, n: int) -> list[float]:
    """CPU seconds at n, 2n and 4n, each the best of three (short runs are noisy)."""
    return [min(timed(render, make(k)) for _ in range(3)) for k in (n, 2 * n, 4 * n)]


def main(args) -> None:
    render = renderer()
    render("warm up: $x$ \\(y\\)")
    only = set(args.only.split(",")) if args.only else None
    print(f"{'input':34} {'n':>8} {'t(n)':>8} {'t(2n)':>8} {'t(4n)':>8} {'2n/n':>6} {'4n/2n':>6}")
    for name, (make, unit) in CASES.items():
        if only and name not in only:
            continue
        n = unit * args.scale
        t = growth(render, make, n)
        print(f"{name:34} {n:8} {t[0]:8.3f} {t[1]:8.3f} {t[2]:8.3f} {t[1] / t[0]:6.2f} {t[2] / t[1]:6.2f}", flush=True)
