"""The importer's mapping, table-driven: index links in every form Jekyll sites write them → the
note they lead to; variant names → base note and language; caption files → lecture key and
language; the index reader on headers, items, keyword lines, progress and comments."""

from __future__ import annotations

import pytest

from site_builder.commands.jekyll_index import read_index
from site_builder.commands.jekyll_names import caption_place, note_variant
from site_builder.commands.jekyll_structure import Note, SiteUrl, note_urls, set_front_matter, slug, url_key

SITE = SiteUrl("https://team.github.io/notes", "/notes")
LANGS = {"en": "English", "ko": "한국어"}


@pytest.mark.parametrize("href, page_dir, key", [
    ("setup/", "", "setup"),
    ("/setup/", "", "setup"),
    ("setup.html", "", "setup"),
    ("setup.md", "", "setup"),
    ("./setup", "", "setup"),
    ("{{site.baseurl}}/setup/", "", "setup"),
    ("{{ site.baseurl }}/setup.html#part", "", "setup"),
    ("{{ '/setup/' | relative_url }}", "", "setup"),
    ("/notes/setup/", "", "setup"),
    ("https://team.github.io/notes/setup/", "", "setup"),
    ("../setup/", "guide", "setup"),
    ("part2/", "guide", "guide/part2"),
    ("guide/index.html", "", "guide"),
    ("#", "", None),
    ("https://elsewhere.org/setup/", "", None),
    ("mailto:a@b.c", "", None),
])
def test_index_links_lead_to_notes(href, page_dir, key):
    assert url_key(href, page_dir, SITE) == key


def test_a_note_is_found_by_permalink_and_by_path():
    note = Note("tutorials/python.md", "en", "tutorials/python", "", {"permalink": "/python-numpy-tutorial/"})
    assert note_urls(note) == {"tutorials/python", "python-numpy-tutorial"}


@pytest.mark.parametrize("rel, expected", [
    ("x.kr.md", ("x.md", "ko", "kr")), ("x.ko.md", ("x.md", "ko", "ko")), ("x-ko.md", ("x.md", "ko", "ko")),
    ("x_ko.md", ("x.md", "ko", "ko")), ("notes/x.KR.md", ("notes/x.md", "ko", "KR")),
    ("x.en.markdown", ("x.md", "en", "en")), ("neural-networks-2.md", None), ("rnn.md", None),
    ("x.ja.md", None), ("choose-project.md", None),
])
def test_variant_names(rel, expected):
    assert note_variant(rel, LANGS) == expected


@pytest.mark.parametrize("rel, key, lang, out", [
    ("captions/En/Lecture1_en.srt", "captions/Lecture1", "en", "en/captions/Lecture1.en.srt"),
    ("captions/Ko/Lecture1_ko.srt", "captions/Lecture1", "ko", "ko/captions/Lecture1.ko.srt"),
    ("captions/Ko/Lecture2_kr.SRT", "captions/Lecture2", "ko", "ko/captions/Lecture2.ko.srt"),
    ("subtitles/korean/intro.vtt", "subtitles/intro", "ko", "ko/subtitles/intro.ko.vtt"),
    ("video/talk.en.vtt", "video/talk", "en", "en/video/talk.en.vtt"),
    ("talk.srt", "talk", "ko", "ko/talk.ko.srt"),  # no language anywhere: the site's
])
def test_caption_places(rel, key, lang, out):
    place = caption_place(rel, LANGS, "ko")
    assert (place.key, place.lang, place.out) == (key, lang, out)


def test_index_reader_headers_items_keywords_progress_and_comments():
    page = read_index("""<div class="module-header">Part A</div>
<!-- <div class="module-header">Old</div><div class="materials-item"><a href="old/">Old</a></div> -->
<div class="materials-item"><a href="a/">
   First   note</a><div class="kw">one, two</div><progress value="3" max="9">3</progress></div>
<div class="materials-item"><a href="b/">Second</a> – three, four</div>
<h3>Part B</h3><ul><li><a href="c/">Third</a></li></ul>""")
    assert [(m.title, m.line, [(l.href, l.text, l.keywords, l.line) for l in m.links]) for m in page.modules] == [
        ("Part A", 1, [("a/", "First note", "one, two", 3), ("b/", "Second", "three, four", 5)]),
        ("Part B", 6, [("c/", "Third", "", 6)])]
    assert page.progress == ((4, '<progress value="3" max="9">'),)


def test_front_matter_values_are_set_keeping_the_rest():
    text = "---\nlayout: page\ntitle: Setup\n# a comment\n---\n\n# Setup\n"
    assert set_front_matter(text, {"title": "Python: setup", "order": 2}, "x.md") == \
        "---\nlayout: page\ntitle: 'Python: setup'\n# a comment\norder: 2\n---\n\n# Setup\n"
    assert set_front_matter("# 설치\n", {"module": "m"}, "x.md") == "---\nmodule: m\n---\n# 설치\n"


def test_module_keys():
    assert slug("Module 1: Neural Networks") == "module-1-neural-networks"
    assert slug("모듈 2: 학습") == "모듈-2-학습"


def test_notes_placed_by_their_variant_names():
    from site_builder.commands.jekyll_notes import place_notes
    found = {"x.md": "# X\n", "x.kr.md": "# 엑스\n", "y.md": "# 와이\n", "z.ja.md": "# ゼット\n", "w_en.md": "# W\n",
             "w.md": "# 더블유\n"}
    report, skipped = [], []
    notes = place_notes(found, "ko", "en", report, skipped)
    assert sorted((n.rel, n.out) for n in notes) == [
        ("w.md", "ko/w.md"), ("w_en.md", "en/w.md"), ("x.kr.md", "ko/x.md"), ("x.md", "en/x.md"), ("y.md", "ko/y.md"),
        ("z.ja.md", "ko/z.ja.md")]
    assert report == ["x.kr.md → content/ko/x.md, the translation of x.md (content/en/x.md)",
                      "w_en.md → content/en/w.md, the translation of w.md (content/ko/w.md)"]
    assert skipped == ["z.ja.md: 'ja' is not a language of the site (en, ko): imported as a note of its own "
                       "(--lang and --source-lang name the site's languages)"]
