from pathlib import Path

from site_builder.core.config import load_config
from site_builder.content.frontmatter import Document
from site_builder.markdown.headings import HeadingRef
from site_builder.markdown.render import make_markdown, render_document
from site_builder.markdown.state import LinkSettings
from site_builder.markdown.mathrender import MathRenderer
from site_builder.content.sources import Source

ROUTES = {"ko/a.md": "/a/", "ko/sub/b.md": "/sub/b/", "en/a.md": "/en/a/"}


def render(tmp_path: Path, text: str, rel: str = "ko/sub/b.md", baseurl: str = "/course"):
    (tmp_path / "site.yaml").write_text("title: T\nlanguage: ko\nlanguages: {ko: 한국어, en: English}\n"
                                        "params: {hw: 'https://hw.example/a.zip'}\n", encoding="utf-8")
    config = load_config(tmp_path, baseurl=baseurl)
    doc = Document(Source(tmp_path / rel, rel, rel.split("/")[0]), text, {}, {}, 1)
    return render_document(make_markdown(MathRenderer()), doc, f"content/{rel}", LinkSettings.of(config), ROUTES)


def test_relative_md_links_become_page_hrefs(tmp_path):
    out = render(tmp_path, "[a](../a.md#intro) [en](../../en/a.md) [self](b.md)")
    assert 'href="/course/a/#intro"' in out.html
    assert 'href="/course/en/a/"' in out.html and 'href="/course/sub/b/"' in out.html


def test_root_relative_and_relative_files(tmp_path):
    out = render(tmp_path, "![x](/assets/x.png) ![y](fig/y.png) [ext](https://e.org/a.md) [frag](#top)")
    assert 'src="/course/assets/x.png"' in out.html
    assert 'src="/course/sub/fig/y.png"' in out.html  # beside the note, at its output location
    assert 'href="https://e.org/a.md"' in out.html and 'href="#top"' in out.html


def test_non_default_language_files_live_under_the_language(tmp_path):
    out = render(tmp_path, "![y](fig/y.png)", rel="en/a.md")
    assert 'src="/course/en/fig/y.png"' in out.html


def test_empty_baseurl(tmp_path):
    out = render(tmp_path, "[a](../a.md) ![x](/assets/x.png)", baseurl="")
    assert 'href="/a/"' in out.html and 'src="/assets/x.png"' in out.html


def test_liquid_site_keys_in_text_links_and_html(tmp_path):
    out = render(tmp_path, "Base {{ site.baseurl }} [hw]({{site.hw}}) [s]({{site.baseurl}}/setup/)\n\n"
                           '<img src="{{ site.baseurl }}/assets/a.png"> <a href="{{ site.hw }}">x</a>\n\n'
                           "`{{ site.hw }}` stays in code")
    assert "Base /course " in out.html
    assert 'href="https://hw.example/a.zip"' in out.html
    assert 'href="/course/setup/"' in out.html  # baseurl applied exactly once
    assert 'src="/course/assets/a.png"' in out.html
    assert "<code>{{ site.hw }}</code>" in out.html
    assert out.problems == ()


def test_liquid_with_spaces_in_link_destination(tmp_path):
    out = render(tmp_path, '[home]({{ site.baseurl }}/) [hw]({{ site.hw }} "Homework")')
    assert '<a href="/course/">home</a>' in out.html
    assert '<a href="https://hw.example/a.zip" title="Homework">hw</a>' in out.html


def test_unknown_site_key_warns_with_line(tmp_path):
    out = render(tmp_path, "line one\n\nsee {{ site.nope }} here")
    assert [str(p) for p in out.problems] == [
        "content/ko/sub/b.md:3:5: warning[liquid]: unknown site key 'nope' in {{ site.nope }} (not in site.yaml or its params)"]
    assert "{{" not in out.html


def test_link_to_missing_note_warns(tmp_path):
    out = render(tmp_path, "[x](missing.md)")
    assert [p.message for p in out.problems] == ["link to 'missing.md': no such note (content/ko/sub/missing.md)"]


def test_math_problem_has_line_and_column(tmp_path):
    out = render(tmp_path, "first\n\nsecond line with $\\theta^'$ broken")
    [problem] = out.problems
    assert (problem.line, problem.col, problem.code, problem.severity) == (3, 18, "math", "warning")
    assert "in: \\theta^'" in problem.message


def test_toc_anchors_and_first_heading(tmp_path):
    out = render(tmp_path, "# 제목\n\n## 둘째 {#second}\n\n<a name='old'></a>\n")
    assert [(e.level, e.id, e.text) for e in out.toc] == [(1, "제목", "제목"), (2, "second", "둘째")]
    assert {"제목", "second", "old"} <= out.anchors
    assert out.first_heading == "제목"


def test_translation_inherits_source_heading_ids(tmp_path):
    (tmp_path / "site.yaml").write_text("title: T\nlanguage: ko\nlanguages: {ko: 한국어, en: English}\n", encoding="utf-8")
    from site_builder.core.config import load_config as lc
    config = lc(tmp_path)
    doc = Document(Source(tmp_path / "ko/a.md", "ko/a.md", "ko"), "# 제목\n\n## 소개\n\n### 세부 {#mine}\n\n## 더\n", {}, {}, 1)
    heads = tuple(HeadingRef(level, id_) for level, id_ in ((1, "title"), (2, "intro"), (3, "details"), (3, "level-differs")))
    out = render_document(make_markdown(MathRenderer()), doc, "content/ko/a.md", LinkSettings.of(config), ROUTES,
                          inherit_ids=heads)
    # The last pairs though its level differs by one: nothing else is there for either to pair with
    assert [(e.level, e.id) for e in out.toc] == [(1, "title"), (2, "intro"), (3, "mine"), (2, "level-differs")]
