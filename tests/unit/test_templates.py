from helpers import write_site
from site_builder.build.build import build


def test_url_filters_and_context(tmp_path):
    write_site(tmp_path, {
        "content/en/index.md": "---\ntitle: Home\nlayout: home\n---\n",
        "content/en/b.md": "---\ntitle: B\nmodule: M1\norder: 2\n---\n## Sec\n",
        "content/en/a.md": "---\ntitle: A\nmodule: M1\norder: 1\ndescription: first\n---\n",
        "content/en/c.md": "---\ntitle: C\nmodule: M2\norder: 3\ndraft: true\n---\n",
        "templates/home.html": "{{ '/x/' | url }} {{ '/x/' | absolute_url }} {{ 'https://e.org' | url }} "
                               "{{ site.hw }} {{ site.title }}|"
                               "{% for m, notes in modules %}{{ m }}:{% for n in notes %}{{ n.title }},{% endfor %};{% endfor %}",
        "templates/page.html": "{{ page.title }}|{{ page.module }}|{% for e in page.toc %}{{ e.id }}{% endfor %}|{{ page.content }}",
    }, "title: T\nurl: https://t.example\nbaseurl: /c\nlanguage: en\nparams: {hw: H}\n")
    result = build(tmp_path, tmp_path / "out")
    assert result.written, result.problems
    home = (tmp_path / "out/index.html").read_text()
    assert home == "/c/x/ https://t.example/c/x/ https://e.org H T|M1:A,B,;:Home,;"  # drafts are not built
    assert not (tmp_path / "out/c").exists()
    assert (tmp_path / "out/b/index.html").read_text() == 'B|M1|sec|<h2 id="sec">Sec</h2>\n'


def test_autoescape_and_markup_content(tmp_path):
    write_site(tmp_path, {"content/en/index.md": "---\ntitle: '<script>x</script>'\n---\n<b>raw html kept</b>\n",
                          "templates/page.html": "{{ page.title }}{{ page.content }}"})
    assert build(tmp_path, tmp_path / "out").written
    html = (tmp_path / "out/index.html").read_text()
    assert html.startswith("&lt;script&gt;x&lt;/script&gt;") and "<b>raw html kept</b>" in html
