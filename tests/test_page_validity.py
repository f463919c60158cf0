"""What HTML validators and link checkers found on built pages: raw TeX in the table of contents,
footnote ids repeated in a translation's folded original, root-relative links to notes left as
`.md` (and unreported), and an empty `columnspacing` in KaTeX's MathML."""

import re
from collections import Counter

from helpers import parse_html, run_cli, visible_text, write_site
from site_builder.markdown.render import _valid_mathml, make_markdown
from site_builder.markdown.mathrender import MathRenderer

BILINGUAL = "title: T\nurl: https://t.example\nbaseurl: /course\nlanguage: en\nlanguages: {en: English, ko: 한국어}\n"


def _ids(html: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]*)"', html))


def test_toc_shows_math_typeset_and_keeps_ids(tmp_path):
    write_site(tmp_path, {"content/en/a.md": "# A\n\n## Sec $\\alpha$ and `x<y`\n\ntext\n\n## Plain & 'q'\n\nmore\n"})
    result = run_cli("build", tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "_site/a/index.html").read_text(encoding="utf-8")
    toc = page[page.index('<nav class="toc"'):page.index("</nav>", page.index('<nav class="toc"'))]
    assert '<a href="#sec-alpha-and-xy">Sec <span class="katex">' in toc  # the id still comes from the text
    assert "<code>x&lt;y</code>" in toc
    assert "\\alpha" not in visible_text(toc)  # TeX only inside the math (its annotation)
    assert '<a href="#plain--q">Plain &amp; &#39;q&#39;</a>' in toc  # a heading without math: as before


def test_folded_original_repeats_no_id(tmp_path):
    write_site(tmp_path, {
        "content/en/a.md": "# A\n\nSource text[^1] with [a span]{#sp} and a second ref[^1].\n\n[^1]: the note\n",
        "content/ko/a.md": "# 가\n\n번역된 문장[^1].\n\n[^1]: 주석\n",
    }, config=BILINGUAL)
    assert run_cli("build", tmp_path).returncode == 0
    page = (tmp_path / "_site/ko/a/index.html").read_text(encoding="utf-8")
    assert '<details class="original"' in page
    repeated = [i for i, n in _ids(page).items() if n > 1]
    assert repeated == []
    assert page.count('id="fnref1"') == 1 and page.count('href="#fnref1"') == 1  # the back-link has one target
    folded = page[page.index('<details class="original"'):page.index("</details>")]
    assert '<sup class="footnote-ref"><a href="#fn1">[1]</a></sup>' in folded and "<span>a span</span>" in folded
    source = (tmp_path / "_site/a/index.html").read_text(encoding="utf-8")
    assert 'id="fnref1"' in source and 'id="fnref1:1"' in source and 'id="sp"' in source  # the source keeps its own


def test_root_relative_links_to_notes(tmp_path):
    write_site(tmp_path, {
        "content/en/index.md": "# Home\n\n[b](/sub/b.md#x) [up](/../sub/b.md) [gone](/ipython-tutorial.md)\n",
        "content/en/sub/b.md": "# B {#x}\n",
        "content/ko/index.md": "# 홈\n\n[b](/sub/b.md)\n",
        "content/ko/sub/b.md": "# 나\n",
    }, config=BILINGUAL)
    result = run_cli("check", tmp_path, "--strict")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/en/index.md:3:44: warning[link]: link '/ipython-tutorial.md' leads to /ipython-tutorial.md, "
        "which the site does not have",
        # a Korean paragraph that is only a link named "b": still in the source language's script
        "content/ko/index.md:3: info[untranslated]: paragraph still in the source language (en): not translated yet",
        "check failed: 4 pages, 0 errors, 1 warning, 1 info, 0 external links not fetched",
    ]
    (tmp_path / "content/en/index.md").write_text("# Home\n\n[b](/sub/b.md#x) [up](/../sub/b.md)\n", encoding="utf-8")
    assert run_cli("build", tmp_path).returncode == 0
    home = parse_html((tmp_path / "_site/index.html").read_text(encoding="utf-8")).urls
    assert "/course/sub/b/#x" in home and "/course/sub/b/" in home  # `..` cannot climb above the root
    ko = parse_html((tmp_path / "_site/ko/index.html").read_text(encoding="utf-8")).urls
    assert "/course/ko/sub/b/" in ko  # the root of the note's own language


def test_no_empty_columnspacing_in_math():
    md = make_markdown(MathRenderer())
    html = md.render("\\begin{align*}a\\end{align*}\n\n$\\begin{aligned}a\\end{aligned}$ $\\begin{matrix}a&b\\end{matrix}$"
                     " $\\text{columnspacing=\"\"}$\n")
    assert 'columnspacing=""' not in html
    assert 'columnspacing="1em"' in html  # a real value stays
    assert html.count("columnspacing=&quot;&quot;") == 3  # TeX that reads so is text: MathML, HTML, annotation
    assert _valid_mathml('<mtable rowspacing="0.25em" columnalign="right" columnspacing="">') == (
        '<mtable rowspacing="0.25em" columnalign="right">')
