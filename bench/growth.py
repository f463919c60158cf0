"""Growth of a note's render time on pathological input: each case at n, 2n and 4n repeats, and the
ratios (linear time doubles: about 2.0 and 2.0; quadratic quadruples). The note goes through the
real render (the repo's own sample site: its config and its glossary, a Korean note).

    python -m bench growth [--n 10000] [--only NAME,...]"""

from __future__ import annotations

import time
from pathlib import Path

from site_builder.config import load_config
from site_builder.frontmatter import Document
from site_builder.glossary import load_glossary
from site_builder.glossary_lint import GlossaryIndex
from site_builder.markdown import make_markdown, render_document
from site_builder.mathrender import MathRenderer
from site_builder.sources import Source

SITE = Path(__file__).resolve().parent.parent

# name -> a note made of `n` repeats of what attackers (and unlucky users) write. Each is one
# paragraph, one line or one block where that is what makes a parser rescan.
CASES = {
    "\\\\( never closed": lambda n: "\\\\( a " * n,
    "\\\\[ never closed": lambda n: "\\\\[ a " * n,
    "\\( never closed": lambda n: "\\( a " * n,
    "$$ never closed": lambda n: "x $$ a " * n,
    "$ never closed": lambda n: "$a " * n,
    "$ run": lambda n: "$" * n,
    "$ pairs": lambda n: "$x$ " * n,
    "\\begin{align} never closed": lambda n: "\\begin{align}\n\n" * n,
    "\\begin{align} in a line": lambda n: "\\begin{align} " * n,
    "$$ blocks never closed": lambda n: "$$\na\n" * n,
    "[ run": lambda n: "[" * n,
    "[ a": lambda n: "[a " * n,
    "[ ]( never closed": lambda n: "[a](" * n,
    "![ run": lambda n: "![" * n,
    "* run": lambda n: "*a " * n,
    "_ run": lambda n: "_a " * n,
    "** / __ mixed": lambda n: "**a__ " * n,
    "~~ run": lambda n: "~~a " * n,
    "nested >": lambda n: ">" * n + " a",
    "nested > lines": lambda n: "".join(">" * (i % 50) + " a\n" for i in range(n)),
    "nested lists": lambda n: "".join("  " * (i % 50) + "- a\n" for i in range(n)),
    "- on one line": lambda n: "- " * n + "a",
    "{# never closed": lambda n: "{#a " * n,
    "heading {# never closed": lambda n: "## h " + "{#a " * n,
    "< raw HTML openers": lambda n: "<a " * n,
    "<! comments never closed": lambda n: "a <!-- " * n,
    "` runs": lambda n: "`a " * n + "``",
    "table rows": lambda n: "| a | b |\n|---|---|\n" + "| x | y |\n" * n,
    "table wide": lambda n: "|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "x|" * n + "\n",
    "{{ never closed": lambda n: "{{ a " * n,
    "{% never closed": lambda n: "{% a " * n,
    "Korean without spaces": lambda n: "가중치의그라디언트를" * n,
    "Korean terms with particles": lambda n: "손실 함수는 가중치의 그라디언트를 " * n,
    "Korean terms line by line": lambda n: "가중치를\n" * n,
    "English terms left in Korean": lambda n: "gradient " * n,
    "code fence never closed": lambda n: "```\n" + "a\n" * n,
    "footnote refs": lambda n: "[^a] " * n + "\n\n[^a]: x\n",
    "headings": lambda n: "# h\n\n" * n,
    "entities": lambda n: "&amp" * n,
    "link references": lambda n: "[a]: <" * n,
}


def renderer():
    """The render of one note of the sample site, as a function of its text."""
    config = load_config(SITE)
    glossary = load_glossary(config)
    index = GlossaryIndex(glossary, config.languages) if glossary else None
    md = make_markdown(MathRenderer())
    rel = "ko/growth.md"

    def render(text: str):
        doc = Document(Source(SITE / "content" / rel, rel, "ko"), text, {}, {}, 1)
        return render_document(md, doc, f"content/{rel}", config, {}, index)

    return render


def timed(render, text: str) -> float:
    start = time.perf_counter()
    render(text)
    return time.perf_counter() - start


def growth(render, make, n: int) -> list[float]:
    """Seconds at n, 2n and 4n (best of two at n and 2n: they are short and noisy)."""
    return [min(timed(render, make(k)) for _ in range(2 if k < 4 * n else 1)) for k in (n, 2 * n, 4 * n)]


def main(args) -> None:
    render = renderer()
    render("warm up: $x$ \\(y\\)")
    only = set(args.only.split(",")) if args.only else None
    print(f"{'input':32} {'n':>8} {'t(n)':>8} {'t(2n)':>8} {'t(4n)':>8} {'2n/n':>6} {'4n/2n':>6}")
    for name, make in CASES.items():
        if only and name not in only:
            continue
        t = growth(render, make, args.n)
        print(f"{name:32} {args.n:8} {t[0]:8.3f} {t[1]:8.3f} {t[2]:8.3f} {t[1] / t[0]:6.2f} {t[2] / t[1]:6.2f}", flush=True)
