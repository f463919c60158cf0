"""import-jekyll on a Korean translation site as teams keep them (tests/sites/jekyll_ko): a
hand-made index.html and index.en.html (module headers, items in order, link texts, keyword lines, hand-typed
progress, a commented-out module, a link to nothing), notes titled by a generic first heading,
language variants by suffix (`linear.kr.md`, `activation-ko.md`), caption pairs in captions/En
and captions/Ko and subtitles/en|ko with malformed timing lines, a raw-HTML figure caption,
untranslated English paragraphs, both term orders, 하다-verbs, and an HTML glossary table.
Import → build exits 0 → the home shows the index's modules in order with its titles → every
caption pair is a lecture page in both languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import run_cli, visible_text

KO = Path(__file__).resolve().parent / "sites" / "jekyll_ko"
BASEURL = "/dl-ko"


def snapshot(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    before = snapshot(KO)
    dest = tmp_path_factory.mktemp("ko") / "site"
    imported = run_cli("import-jekyll", KO, dest, "--lang", "ko")
    assert imported.returncode == 0, imported.stderr
    assert snapshot(KO) == before  # SRC is never written
    out = dest.parent / "out"
    built = run_cli("build", dest, "-o", out)
    assert built.returncode == 0, built.stderr
    # the import recorded what its first check found: check passes, and fails on anything new
    assert run_cli("check", dest, "--strict").returncode == 0
    everything = run_cli("build", dest, "-o", dest.parent / "again", "--no-baseline")
    assert everything.returncode == 0, everything.stderr
    return dest, out, imported.stdout, everything.stderr


class _Index(HTMLParser):
    """The fixture's index.html as a browser sees it: (module header, [(href, link text)]), comments skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.groups: list[tuple[str, list[list[str]]]] = []
        self.where = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "module-header" in (a.get("class") or ""):
            self.groups.append(("", []))
            self.where = "header"
        elif tag == "a" and self.groups:
            self.groups[-1][1].append([a["href"], ""])
            self.where = "link"

    def handle_endtag(self, tag):
        self.where = ""

    def handle_data(self, data):
        if self.where == "header":
            self.groups[-1] = (self.groups[-1][0] + data.strip(), self.groups[-1][1])
        elif self.where == "link":
            self.groups[-1][1][-1][1] = " ".join((self.groups[-1][1][-1][1] + " " + data).split())


class _Home(HTMLParser):
    """The generated home: (module title, [(href, title, description)]) per section."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.groups: list[tuple[str, list[list[str]]]] = []
        self.where = ""

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.groups.append(("", []))
            self.inside = True
        elif tag in ("h2", "p") and getattr(self, "inside", False):
            self.where = tag
        elif tag == "a" and getattr(self, "inside", False):
            self.groups[-1][1].append([dict(attrs)["href"], "", ""])
            self.where = "a"

    def handle_endtag(self, tag):
        self.where = ""
        if tag == "section":
            self.inside = False

    def handle_data(self, data):
        if self.where == "h2":
            self.groups[-1] = (self.groups[-1][0] + data.strip(), self.groups[-1][1])
        elif self.where in ("a", "p"):
            item = self.groups[-1][1][-1]
            item[1 if self.where == "a" else 2] += data.strip()


def jekyll_href(href: str) -> str:
    """Where Jekyll (permalink: pretty, baseurl /dl-ko) served an index link."""
    href = re.sub(r"\{\{\s*site\.baseurl\s*\}\}", BASEURL, href)
    if not href.startswith("/"):
        href = f"{BASEURL}/{href}"
    return re.sub(r"\.html$", "/", href)


def test_home_shows_the_index_modules_in_order_with_its_titles(site):
    dest, out, _, _ = site
    index = _Index()
    index.feed((KO / "index.html").read_text(encoding="utf-8"))
    listed = [(title, [(jekyll_href(h), text) for h, text in links if h != "#"]) for title, links in index.groups]
    assert [title for title, _ in listed] == ["모듈 0: 준비", "모듈 1: 선형 모델", "모듈 2: 학습"]  # the commented-out one is not
    home = _Home()
    home.feed((out / "index.html").read_text(encoding="utf-8"))
    shown = home.groups[:len(listed)]
    assert [(title, [href for href, _, _ in items]) for title, items in shown] == \
        [(title, [href for href, _ in links]) for title, links in listed]
    titles = {href: text for _, links in listed for href, text in links}
    for _, items in shown:
        for href, title, _ in items:
            # activation-ko.md has a title of its own (front matter), which wins over the link text.
            assert title == ("활성화 함수" if href == f"{BASEURL}/activation/" else titles[href]), href
    descriptions = {href: description for _, items in shown for href, _, description in items}
    assert descriptions[f"{BASEURL}/setup/"] == "가상 환경, 패키지 관리"
    assert descriptions[f"{BASEURL}/linear/"] == "점수 함수, 힌지 손실, 정규화"
    home_text = visible_text((out / "index.html").read_text(encoding="utf-8"))
    assert "생성 모델" not in home_text and "번역 40%" not in home_text  # '#' links and typed progress are gone
    assert "이 사이트는 딥러닝 입문 강의 노트를 한국어로 옮긴 것입니다." in home_text  # the index's introduction is kept
    assert "지난 학기 과제" not in home_text  # what the index commented out stays out
    setup = (out / "setup/index.html").read_text(encoding="utf-8")
    assert "<title>파이썬 실습 환경 설치 ·" in setup  # the link text, not the first heading "설치"
    site_yaml = (dest / "site.yaml").read_text(encoding="utf-8")
    assert ("modules:\n  모듈-0-준비: '모듈 0: 준비'\n  모듈-1-선형-모델:\n    ko: '모듈 1: 선형 모델'\n"
            "    en: 'Module 1: Linear models'\n  모듈-2-학습: '모듈 2: 학습'\n") in site_yaml


def test_english_home_takes_titles_from_the_english_index(site):
    """index.en.html names the module and the English notes in English: its header is the
    module's English title, its link texts the titles of English notes whose own is generic
    (linear.md starts with "# Setup"); activation.md keeps its front matter title."""
    _, out, _, _ = site
    english = _Home()
    english.feed((out / "en/index.html").read_text(encoding="utf-8"))
    assert "The original English notes of the course." in visible_text((out / "en/index.html").read_text(encoding="utf-8"))
    assert english.groups[0] == ("Module 1: Linear models", [
        [f"{BASEURL}/en/linear/", "Linear classifiers: scores and losses", "score function, hinge loss"],
        [f"{BASEURL}/en/activation/", "Activation functions", ""]])


def test_report_lists_what_came_from_the_index_variants_and_lectures(site):
    _, _, report, _ = site
    lines = report.splitlines()
    start = lines.index("course structure from index.html, index.en.html: 3 modules, 4 notes (module, order, title and description "
                        "in their front matter):")
    assert lines[start + 1:start + 4] == ["  모듈-0-준비 (모듈 0: 준비): setup",
                                          "  모듈-1-선형-모델 (모듈 1: 선형 모델): linear, activation",
                                          "  모듈-2-학습 (모듈 2: 학습): optimization"]
    assert "  linear.kr.md → content/ko/linear.md, the translation of linear.md (content/en/linear.md)" in lines
    assert "  activation-ko.md → content/ko/activation.md, the translation of activation.md (content/en/activation.md)" in lines
    assert lines[lines.index("lectures (3):") + 1:lines.index("lectures (3):") + 4] == [
        "  captions/Lecture1: en captions/En/Lecture1_en.srt, ko captions/Ko/Lecture1_ko.srt",
        "  captions/Lecture2: en captions/En/Lecture2_en.srt, ko captions/Ko/Lecture2_kr.srt",
        "  subtitles/intro: en subtitles/en/intro.vtt, ko subtitles/ko/intro.vtt"]
    for line in ('  index.html:21: hand-typed progress <progress value="100" max="100"> dropped (progress is computed now)',
                 '  index.html:32: hand-typed progress <progress value="70" max="100"> dropped (progress is computed now)',
                 '  index.html:45: hand-typed progress <span class="progress"> dropped (progress is computed now)',
                 "  index.html:49: '생성 모델 (준비 중)' links to '#', no note of the site: not listed",
                 "  index.html: read for the course structure; the generated course index replaces the page"):
        assert line in lines


def test_variants_are_translations_of_their_base_note(site):
    dest, out, _, _ = site
    assert (dest / "content/en/linear.md").read_text(encoding="utf-8").endswith((KO / "linear.md").read_text(encoding="utf-8").split("---\n", 2)[2])
    assert (dest / "content/ko/linear.md").read_text(encoding="utf-8").endswith((KO / "linear.kr.md").read_text(encoding="utf-8").split("---\n", 2)[2])
    assert not (dest / "content/ko/linear.kr.md").exists() and not (dest / "content/ko/activation-ko.md").exists()
    page = (out / "linear/index.html").read_text(encoding="utf-8")
    assert f'hreflang="en" href="{BASEURL}/en/linear/"' in page or f'href="{BASEURL}/en/linear/" hreflang="en"' in page
    assert not (dest / "static/index.html").exists()


def test_every_caption_pair_is_a_lecture_page_in_both_languages(site):
    dest, out, _, _ = site
    pairs = {"captions/Lecture1": (KO / "captions/En/Lecture1_en.srt", KO / "captions/Ko/Lecture1_ko.srt"),
             "captions/Lecture2": (KO / "captions/En/Lecture2_en.srt", KO / "captions/Ko/Lecture2_kr.srt"),
             "subtitles/intro": (KO / "subtitles/en/intro.vtt", KO / "subtitles/ko/intro.vtt")}
    for key, (en, ko) in pairs.items():
        said_en = [line for line in en.read_text(encoding="utf-8").splitlines()
                   if line.strip() and "-->" not in line and not line.strip().isdigit() and line != "WEBVTT"]
        said_ko = [line for line in ko.read_text(encoding="utf-8").splitlines()
                   if re.search("[가-힣]", line)]
        for page in (out / key / "index.html", out / "en" / key / "index.html"):
            text = " ".join(visible_text(page.read_text(encoding="utf-8")).split())
            assert all(s in text for s in said_en), (page, said_en)
        ko_page = " ".join(visible_text((out / key / "index.html").read_text(encoding="utf-8")).split())
        ko_page = re.sub(r"\([a-z ]+\)", "", ko_page)  # glossary terms are annotated: 손실 함수(loss function)
        assert all(s in ko_page for s in said_ko), key  # every cue, the malformed timing lines' too


def test_malformed_timing_lines_are_warnings_at_their_lines(site):
    _, _, _, warnings = site
    rel = "content/ko/captions/Lecture1.ko.srt"
    for line, message in ((2, "stray characters 'x' after the timing: ignored"),
                          (6, "a space inside the timestamp '00:00: 04,000': read as '00:00:04,000'"),
                          (10, "'007' has an extra digit (seconds): read as 7"),
                          (14, "'000' has an extra digit (hours): read as 0"),
                          (18, "no space before the arrow"),
                          (22, "no space before and after the arrow"),
                          (26, "'.' before the milliseconds instead of ','"),
                          (30, "the timing arrow '->' is read as '-->'")):
        assert f"{rel}:{line}: warning[captions]: {message}" in warnings.splitlines()
    assert "content/ko/subtitles/intro.ko.vtt:3: warning[captions]: ',' before the milliseconds instead of '.'" in warnings
    assert "content/ko/captions/Lecture2.ko.srt:2: warning[captions]: text after the timing '}}': ignored" in warnings
    assert "content/ko/captions/Lecture2.ko.srt:6: warning[captions]: '00:03,500' has no hours: read as 00:00:03,500" in warnings
    assert "content/ko/captions/Lecture2.ko.srt:6: warning[captions]: '00:00:06' has no milliseconds: read as ,000" in warnings
    assert "error" not in warnings


def test_pages_of_one_title_are_a_title_warning_naming_both(site):
    _, _, _, warnings = site
    assert ("content/ko/extras/local.md:1: warning[title]: title '설치' is also the title of content/ko/extras/cloud.md: "
            "give each page a title of its own (front matter 'title:')") in warnings.splitlines()
    assert sum("warning[title]" in line for line in warnings.splitlines()) == 1  # setup.md and linear.md got the index's


def test_markdown_index_and_a_listing_page_give_the_structure(tmp_path):
    """An index.md written as Markdown headings and lists, and another page with module headers
    in HTML: both read; the index.md is replaced by the generated home, the other page kept."""
    src = tmp_path / "src"
    files = {
        "_config.yml": "title: 노트\nbaseurl: /n\n",
        "index.md": "---\nlayout: default\n---\n소개 문장.\n\n## 첫 모듈\n\n- [처음 노트](first.md) — 키워드 하나\n"
                    "- [두 번째](/second/)\n\n<!-- ## 지난 모듈\n- [옛 노트](old.md) -->\n",
        "first.md": "# 소개\n\n첫 노트입니다.\n",
        "second.md": "---\npermalink: /second/\n---\n# 개요\n\n둘째 노트입니다.\n",
        "extra/more.md": "# 더 읽을거리\n\n<div class=\"module-header\">부록</div>\n"
                         "<div class=\"materials-item\"><a href=\"{{ site.baseurl }}/extra/third/\">셋째 노트</a></div>\n",
        "extra/third.md": "# 설치\n\n셋째.\n",
    }
    for rel, text in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    dest = tmp_path / "site"
    result = run_cli("import-jekyll", src, dest, "--lang", "ko")
    assert result.returncode == 0, result.stderr
    assert "course structure from index.md, extra/more.md: 2 modules, 3 notes" in result.stdout
    site_yaml = (dest / "site.yaml").read_text(encoding="utf-8")
    assert "modules:\n  첫-모듈: 첫 모듈\n  부록: 부록\n" in site_yaml
    first = (dest / "content/ko/first.md").read_text(encoding="utf-8")
    assert first.startswith("---\nmodule: 첫-모듈\norder: 1\ntitle: 처음 노트\ndescription: 키워드 하나\n---\n# 소개\n")
    assert "title: 두 번째" in (dest / "content/ko/second.md").read_text(encoding="utf-8")
    assert "title: 셋째 노트" in (dest / "content/ko/extra/third.md").read_text(encoding="utf-8")
    assert (dest / "content/ko/extra/more.md").is_file()
    assert (dest / "content/ko/index.md").read_text(encoding="utf-8") == "---\ntitle: 노트\nlayout: home\n---\n\n소개 문장.\n"
    out = tmp_path / "out"
    assert run_cli("build", dest, "-o", out).returncode == 0
    home = _Home()
    home.feed((out / "index.html").read_text(encoding="utf-8"))
    assert [(t, [(h, title) for h, title, _ in items]) for t, items in home.groups[:2]] == [
        ("첫 모듈", [("/n/first/", "처음 노트"), ("/n/second/", "두 번째")]), ("부록", [("/n/extra/third/", "셋째 노트")])]


def test_plain_html_index_is_replaced_not_published_beside_the_home(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "_config.yml").write_text("title: T\n", encoding="utf-8")
    (src / "index.html").write_text('<html><body><h2 class="module-title">Week 1</h2>\n'
                                    '<p><a href="intro.html">Getting started</a> <progress value="5" max="10"></progress></p>'
                                    '</body></html>\n', encoding="utf-8")
    (src / "intro.md").write_text("# Introduction\n\nHello.\n", encoding="utf-8")
    dest = tmp_path / "site"
    result = run_cli("import-jekyll", src, dest)
    assert result.returncode == 0, result.stderr
    assert "  index.html:2: hand-typed progress <progress value=\"5\" max=\"10\"> dropped (progress is computed now)" \
        in result.stdout.splitlines()
    assert not (dest / "static/index.html").exists()
    assert "title: Getting started" in (dest / "content/en/intro.md").read_text(encoding="utf-8")
    out = tmp_path / "out"
    built = run_cli("build", dest, "-o", out)
    assert built.returncode == 0, built.stderr
    home = _Home()
    home.feed((out / "index.html").read_text(encoding="utf-8"))
    assert home.groups[0] == ("Week 1", [["/intro/", "Getting started", ""]])
