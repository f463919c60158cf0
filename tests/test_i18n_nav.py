"""The theme in every language and its navigation, through built files: interface strings from a
catalogue per language (the theme's, overridden by the site's i18n/), a warning naming the keys a
language shows in English, titles per language, and a sidebar listing every published note of the
page's language with the current one marked and each translation's progress as a number."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dom import parse
from helpers import write_site
from site_builder.build.build import build
from site_builder.build.views import Ui
from site_builder.content.i18n import theme_catalogue
from site_builder.content.theme import THEME_DIR

BASEURL = "/course"
CONFIG = f"""\
title: {{ko: 손으로 배우는 최적화, en: Optimization by hand}}
description: {{ko: 최적화 강의 노트, en: Notes on optimization}}
url: https://t.example
baseurl: {BASEURL}
language: ko
languages:
  ko: 한국어
  en: English
source_language: en
modules:
  basics: {{ko: 1부 · 기초, en: Part 1 · Basics}}
  further: {{ko: 2부 · 더 나아가기, en: Part 2 · Further}}
"""


def note(title: str, module: str, order: int, *paragraphs: str, sections=("Step size", "Momentum")) -> str:
    body = "\n\n".join(f"## {section}\n\n{text}" for section, text in zip(sections, paragraphs))
    return f"---\ntitle: {title}\nmodule: {module}\norder: {order}\n---\n\n{body}\n"


EN = {
    "content/en/index.md": "---\ntitle: Home\nlayout: home\n---\n\nWelcome to the course.\n",
    "content/en/steps.md": note("Steps", "basics", 1, "A step moves the weight.", "Momentum remembers the last step."),
    "content/en/batches.md": note("Batches", "basics", 2, "A batch is a few examples.", "Smaller batches are noisier.",
                                  sections=("Batch size", "Noise")),
    "content/en/schedules.md": note("Schedules", "further", 3, "The rate shrinks over time.", "Warm-up starts small.",
                                    sections=("Decay", "Warm-up")),
    "content/en/wip.md": "---\ntitle: Work in progress\nmodule: further\ndraft: true\n---\n\nNot yet.\n",
}
KO = {
    "content/ko/index.md": "---\ntitle: 홈\nlayout: home\n---\n\n강의에 오신 것을 환영합니다.\n",
    "content/ko/steps.md": note("걸음", "basics", 1, "걸음은 가중치를 옮깁니다.", "모멘텀은 지난 걸음을 기억합니다.",
                                sections=("걸음 크기", "모멘텀")),
    # half translated: the second paragraph is still the English one
    "content/ko/batches.md": note("배치", "basics", 2, "배치는 예제 몇 개입니다.", "Smaller batches are noisier.",
                                  sections=("배치 크기", "Noise")),
}


def english() -> dict[str, str]:
    found = theme_catalogue("en")
    assert found, "the theme ships an English catalogue"
    return found


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The two-language course, built: (site, out, problems as text)."""
    root = tmp_path_factory.mktemp("course")
    site = write_site(root / "site", {**EN, **KO}, CONFIG)
    result = build(site, root / "out")
    assert result.written, result.problems
    return site, root / "out", [str(p) for p in result.problems]


def page(out: Path, path: str):
    return parse((out / path.strip("/") / "index.html").read_text(encoding="utf-8"))


def language_pages(out: Path, lang: str, default: str = "ko") -> set[str]:
    """The hrefs of every note page built for `lang`, from the output tree (not the templates)."""
    root = out if lang == default else out / lang
    found = set()
    for file in root.rglob("index.html"):
        rel = file.parent.relative_to(out).as_posix()
        inner = file.parent.relative_to(root).as_posix()
        if inner == "." or inner.split("/")[0] in ("glossary", "print", "en", "ko", "ja", "eo"):
            continue  # the home page (the site title links it), the glossary, the print view, other languages
        found.add(f"{BASEURL}/{rel}/")
    return found


def sidebar_links(doc):
    nav = doc.find("nav", "sidebar")
    assert nav is not None, "no course sidebar"
    return [a for ol in nav.find_all("ol", "nav-notes") for a in ol.find_all("a")]


@pytest.mark.parametrize("lang,path", [("ko", "/steps/"), ("ko", "/batches/"), ("ko", "/schedules/"),
                                       ("en", "/en/steps/"), ("en", "/en/schedules/")])
def test_the_sidebar_lists_every_published_note_of_the_language_and_marks_this_one(course, lang, path):
    _, out, _ = course
    doc = page(out, path)
    links = sidebar_links(doc)
    hrefs = [a.attrs["href"] for a in links]
    assert len(hrefs) == len(set(hrefs))
    assert set(hrefs) == language_pages(out, lang)  # the fallback (untranslated) Schedules too; no draft
    current = [a.attrs["href"] for a in links if a.attrs.get("aria-current") == "page"]
    assert current == [BASEURL + path]
    # Grouped by module, in site.yaml's order and with its titles in the page's language.
    modules = [p.text() for p in doc.find("nav", "sidebar").find_all("p", "nav-module")]
    assert modules == (["1부 · 기초", "2부 · 더 나아가기"] if lang == "ko" else ["Part 1 · Basics", "Part 2 · Further"])


def test_the_sidebar_shows_a_partial_translation_s_progress_as_a_number(course):
    _, out, _ = course
    items = {a.attrs["href"]: li for li in page(out, "/steps/").find("nav", "sidebar").find_all("li")
             for a in li.find_all("a")}
    batches = items[f"{BASEURL}/batches/"]
    bar = batches.find("progress")
    assert bar is not None and 0 < int(bar.attrs["value"]) < 100
    assert batches.find(cls="percent").text() == f"번역 진행: {bar.attrs['value']}%"
    assert items[f"{BASEURL}/steps/"].find("progress") is None  # wholly translated: no bar
    assert items[f"{BASEURL}/schedules/"].find("progress") is None  # not translated: the original, no bar


def test_the_table_of_contents_is_a_plain_list_of_the_sections(course):
    _, out, _ = course
    doc = page(out, "/steps/")
    toc = doc.find("nav", "toc")
    assert toc.find("h2").text() == "목차"
    headings = doc.find("div", "content").find_all("h2")
    assert [a.attrs["href"] for a in toc.find_all("a")] == ["#" + h.attrs["id"] for h in headings]
    assert [a.text() for a in toc.find_all("a")] == ["걸음 크기", "모멘텀"]
    assert any(s.attrs.get("src") == f"{BASEURL}/js/toc.js" for s in doc.find_all("script"))
    assert (out / "js/toc.js").is_file()
    pager = doc.find("nav", "pager")
    assert [a.attrs["href"] for a in pager.find_all("a")] == [f"{BASEURL}/batches/"]  # previous/next kept


def test_titles_and_descriptions_per_language(course):
    _, out, _ = course
    ko, en = page(out, "/steps/"), page(out, "/en/steps/")
    assert ko.find("title").text() == "걸음 · 손으로 배우는 최적화"
    assert en.find("title").text() == "Steps · Optimization by hand"
    assert en.find("a", "site-title").text() == "Optimization by hand"
    assert page(out, "/en/").find("title").text() == "Optimization by hand"
    metas = {m.attrs.get("name"): m.attrs.get("content") for m in page(out, "/en/").find_all("meta")}
    assert metas["description"] == "Notes on optimization"


def test_the_korean_and_english_pages_speak_their_language(course):
    _, out, problems = course
    assert not [p for p in problems if "[i18n]" in p]  # both catalogues are in the theme
    ko, en = page(out, "/batches/"), page(out, "/en/batches/")
    assert ko.find("nav", "sidebar").attrs["aria-label"] == "강의 차례"
    assert en.find("nav", "sidebar").attrs["aria-label"] == "Course contents"
    assert ko.find("a", "skip-link").text() == "본문으로 건너뛰기"
    assert ko.find("label", "nav-label").text() == "노트 목록"
    assert ko.find("p", "progress").text().startswith("번역 진행: ")
    fallback = page(out, "/schedules/")
    assert fallback.find(cls="badge").text() == "아직 번역되지 않았습니다. 원문을 보여 드립니다."


# ---------------------------------------------------------------- catalogues

def test_every_bundled_catalogue_has_the_english_keys_and_no_stray_script():
    keys = list(english())
    langs = sorted(f.stem for f in (THEME_DIR / "i18n").glob("*.yaml"))
    assert {"en", "ko", "ja", "zh"} <= set(langs)
    for lang in langs:
        found = theme_catalogue(lang)
        assert list(found) == keys, lang
        for key, value in found.items():
            text = re.sub(r"\{[a-z_]+\}", "", value)
            if lang in ("ja", "zh"):
                assert not re.search(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]", text), (lang, key, value)
                assert not re.search(r"[A-Za-z]", text), (lang, key, value)
            if lang == "ko":
                assert not re.search(r"[A-Za-z]", text), (lang, key, value)


def test_no_template_of_the_theme_tests_the_language():
    for template in (THEME_DIR / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"""lang\s*==\s*["']|["']\w\w["']\s*==\s*lang""", text), template.name
        assert not re.search(r"[\uac00-\ud7a3]", text), f"{template.name} writes Korean itself"


def test_numbers_and_dates_read_as_the_language_writes_them():
    ko = Ui("ko", theme_catalogue("ko"))
    en = Ui("en", theme_catalogue("en"))
    ja = Ui("ja", theme_catalogue("ja"))
    assert en.percent(42) == ko.percent(42) == "42%"
    assert en.date("2024-03-05") == "March 5, 2024"
    assert ko.date("2024-03-05") == "2024년 3월 5일"
    assert ja.date("2024-03-05") == "2024年3月5日"
    assert ja.date("next spring") == "next spring"  # not a date: as written
    assert ja["colon"] == "：" and ja["contents"] == "目次" and "contents" in ja


JA_CONFIG = f"""\
title: {{en: Optimization by hand, ja: 手で学ぶ最適化}}
url: https://t.example
baseurl: {BASEURL}
language: en
languages:
  en: English
  ja: 日本語
source_language: en
fallback: none
modules:
  basics: {{en: Part 1 · Basics, ja: 第1部 · 基礎}}
  further: {{en: Part 2 · Further, ja: 第2部 · 発展}}
"""
JA = {
    "content/ja/index.md": "---\ntitle: ホーム\nlayout: home\n---\n\nこの講義へようこそ。\n",
    "content/ja/steps.md": note("ステップ", "basics", 1, "ステップは重みを動かします。", "モーメンタムは前のステップを覚えています。",
                                sections=("ステップの大きさ", "モーメンタム")),
    "content/ja/batches.md": note("バッチ", "basics", 2, "バッチはいくつかの例です。", "Smaller batches are noisier.",
                                  sections=("バッチの大きさ", "Noise")),
}


def chrome_text(doc, lang: str = "ja") -> str:
    """What the theme puts on a page in `lang`: its text and labels, outside the note's own
    content and outside anything marked as another language (the language switcher names each
    language in that language)."""
    def skip(node):
        marked = node.attrs.get("lang")
        return "content" in node.classes or (marked is not None and not marked.startswith(lang))
    labels = [n.attrs[a] for n in doc.iter() if not skip(n) for a in ("aria-label", "title", "alt") if a in n.attrs]
    return " | ".join([doc.find("body").text(skip), *labels])


def test_a_japanese_translation_gets_japanese_chrome(tmp_path):
    site = write_site(tmp_path / "site", {**EN, **JA}, JA_CONFIG)
    result = build(site, tmp_path / "out")
    assert result.written and not [p for p in result.problems if p.code == "i18n"]
    out = tmp_path / "out"
    english_strings = [v for v in english().values() if re.search(r"[A-Za-z]{2}", re.sub(r"\{\w+\}", "", v))]
    pages = [page(out, "/ja/steps/"), page(out, "/ja/batches/"), page(out, "/ja/")]
    for doc in pages:
        chrome = chrome_text(doc)
        assert not re.search(r"[\uac00-\ud7a3]", chrome), chrome
        shown = [s for s in english_strings if s in chrome]
        assert not shown, f"English chrome on a Japanese page: {shown}\n{chrome}"
    steps = pages[0]
    # inside the note, the label of each folded original too
    summaries = [d.find("summary") for d in steps.find_all("details", "original")]
    assert summaries and {s.text() for s in summaries} == {"原文を表示"}
    assert steps.find("nav", "toc").find("h2").text() == "目次"
    assert steps.find("title").text() == "ステップ · 手で学ぶ最適化"
    assert [p.text() for p in steps.find_all("p", "nav-module")] == ["第1部 · 基礎"]
    assert pages[1].find("p", "progress").text().startswith("翻訳の進み具合：")
    # the same check finds the English strings on the English page
    assert {"Course contents", "Skip to the text", "Contents"} <= {s for s in english_strings
                                                                 if s in chrome_text(page(out, "/steps/"), "en")}


EO_CONFIG = """\
title: Kurso
url: https://t.example
language: en
languages:
  en: English
  eo: Esperanto
"""
EO = {"content/en/index.md": "---\ntitle: Home\nlayout: home\n---\n\nHello.\n",
      "content/en/one.md": "---\ntitle: One\n---\n\n## First\n\nText.\n\n## Second\n\nMore.\n",
      "content/eo/one.md": "---\ntitle: Unu\n---\n\n## Unua\n\nTeksto.\n\n## Dua\n\nPli.\n"}


def test_a_language_without_a_catalogue_is_english_with_one_warning_naming_the_keys(tmp_path):
    site = write_site(tmp_path / "site", EO, EO_CONFIG)
    result = build(site, tmp_path / "out")
    assert result.written  # a warning: the reader still wants the page
    i18n = [str(p) for p in result.problems if p.code == "i18n"]
    line = EO_CONFIG.splitlines().index("  eo: Esperanto") + 1
    assert i18n == [f"site.yaml:{line}: warning[i18n]: no interface strings for language 'eo' (the theme has none; "
                    f"add i18n/eo.yaml): shown in English: {', '.join(english())}"]
    doc = page(tmp_path / "out", "/eo/one/")
    assert doc.find("nav", "toc").find("h2").text() == "Contents"


def test_a_partial_site_catalogue_warns_naming_only_the_keys_it_lacks(tmp_path):
    keys = list(english())
    given = {"contents": "Enhavo", "menu": "Notoj", "course_contents": "Kursa enhavo"}
    catalogue = "# Esperanto, as far as we got\n" + "".join(f"{k}: {v}\n" for k, v in given.items())
    site = write_site(tmp_path / "site", {**EO, "i18n/eo.yaml": catalogue}, EO_CONFIG)
    result = build(site, tmp_path / "out")
    missing = [k for k in keys if k not in given]
    assert [str(p) for p in result.problems if p.code == "i18n"] == [
        f"i18n/eo.yaml:1: warning[i18n]: i18n/eo.yaml lacks {len(missing)} interface string(s) the theme has none of "
        f"for 'eo': shown in English: {', '.join(missing)}"]
    doc = page(tmp_path / "out", "/eo/one/")
    assert doc.find("nav", "toc").find("h2").text() == "Enhavo"
    assert doc.find("nav", "sidebar").attrs["aria-label"] == "Kursa enhavo"
    assert doc.find("a", "skip-link").text() == "Skip to the text"  # the English fallback
    assert page(tmp_path / "out", "/one/").find("nav", "toc").find("h2").text() == "Contents"


def test_a_site_overrides_one_string_of_one_language(tmp_path):
    copy = write_site(tmp_path / "site", {**EN, **KO, "i18n/ko.yaml": "contents: 차례\n"}, CONFIG)
    result = build(copy, tmp_path / "out")
    assert result.written and not [p for p in result.problems if p.code == "i18n"]
    assert page(tmp_path / "out", "/steps/").find("nav", "toc").find("h2").text() == "차례"
    assert page(tmp_path / "out", "/steps/").find("details", "original").find("summary").text() == "원문 보기"
    # the folded original's label is rendered with the note: a cached rebuild renders it again
    (copy / "i18n/ko.yaml").write_text("show_original: 영어 원문\n", encoding="utf-8")
    assert build(copy, tmp_path / "out", persistent_cache=True).written
    assert build(copy, tmp_path / "out", persistent_cache=True).written
    (copy / "i18n/ko.yaml").write_text("contents: 차례\nshow_original: 원문\n", encoding="utf-8")
    assert build(copy, tmp_path / "out", persistent_cache=True).written
    assert page(tmp_path / "out", "/steps/").find("details", "original").find("summary").text() == "원문"
    assert page(tmp_path / "out", "/steps/").find("a", "skip-link").text() == "본문으로 건너뛰기"  # the rest: the theme's
    assert page(tmp_path / "out", "/en/steps/").find("nav", "toc").find("h2").text() == "Contents"


@pytest.mark.parametrize("text,expected", [
    ("contnets: 차례\n", ["i18n/ko.yaml:1: warning[i18n]: unknown key 'contnets': did you mean 'contents'? not used "
                         "(the keys are listed in README \"Templates\")"]),
    ("contents: [차, 례]\n", ["i18n/ko.yaml:1: error[i18n]: 'contents' must be a string, got list"]),
    ("# ok\ncontents: 차례\nmenu: [unclosed\n", ["i18n/ko.yaml:4:1: error[yaml]: invalid YAML: while parsing a flow "
                                                 "sequence: expected ',' or ']', but got '<stream end>'"]),
    ("- contents\n", ["i18n/ko.yaml:1: error[yaml]: expected a mapping of keys to values, got list"]),
])
def test_a_broken_site_catalogue_is_reported_at_its_line(tmp_path, text, expected):
    site = write_site(tmp_path / "site", {**EN, **KO, "i18n/ko.yaml": text}, CONFIG)
    result = build(site, tmp_path / "out")
    found = [str(p) for p in result.problems if p.file.startswith("i18n/")]
    assert found == expected
    assert result.written == ("error" not in expected[0])


def test_a_catalogue_link_out_of_the_site_is_refused_and_a_stray_one_is_named(tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("contents: leaked\n", encoding="utf-8")
    site = write_site(tmp_path / "site", {**EN, **KO, "i18n/fr.yaml": "contents: Sommaire\n"}, CONFIG)
    os.symlink(outside, site / "i18n/ko.yaml")
    result = build(site, tmp_path / "out")
    found = [str(p) for p in result.problems if p.file.startswith("i18n/")]
    assert found == [f"i18n/fr.yaml: warning[i18n]: 'fr' is not a language of the site (ko, en): not used",
                     f"i18n/ko.yaml: error[link]: symbolic link to {str(outside)}, outside the site folder: "
                     "nothing is published from it"]
    assert not result.written


@pytest.mark.parametrize("title,message", [
    ("{en: Course}", "'title' needs a value in the default language 'ko' (the others fall back to it)"),
    ("{ko: 강의, fr: Cours}", "'title.fr': 'fr' is not one of the languages: ko, en"),
    ("[강의]", "'title' must be a string, or a string per language (ko, en), got list ['강의']"),
    ("{ko: 강의, en: 3}", "'title.en' must be a string"),
])
def test_a_title_per_language_is_checked(tmp_path, title, message):
    config = CONFIG.replace(CONFIG.splitlines()[0], f"title: {title}")
    site = write_site(tmp_path / "site", {**EN, **KO}, config)
    result = build(site, tmp_path / "out")
    assert [p.message for p in result.problems] == [message]
    assert all(p.line == 1 for p in result.problems)


def test_the_readme_documents_every_catalogue_key():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Interface strings in every language"):]
    assert [key for key in english() if f"| `{key}` |" not in table] == []


def test_a_rebuild_with_the_cache_shows_an_edited_catalogue(tmp_path):
    """Pages kept from the last build (their notes unchanged) are rendered again when a catalogue
    changes: the strings are part of what a page's output depends on."""
    site = write_site(tmp_path / "site", {**EN, **KO, "i18n/ko.yaml": "contents: 차례\n"}, CONFIG)
    out = tmp_path / "out"
    assert build(site, out, persistent_cache=True).written
    assert page(out, "/steps/").find("nav", "toc").find("h2").text() == "차례"
    (site / "i18n/ko.yaml").write_text("contents: 이 노트의 절\n", encoding="utf-8")
    assert build(site, out, persistent_cache=True).written
    assert page(out, "/steps/").find("nav", "toc").find("h2").text() == "이 노트의 절"
    (site / "i18n/ko.yaml").unlink()
    assert build(site, out, persistent_cache=True).written
    assert page(out, "/steps/").find("nav", "toc").find("h2").text() == "목차"


def test_the_preview_watches_the_catalogues(tmp_path):
    from site_builder.serve.watch import is_input
    assert is_input(tmp_path, str(tmp_path / "i18n/ko.yaml"))


def test_a_module_title_left_out_for_a_language_is_the_default_language_s(tmp_path):
    from site_builder.core.config import load_config
    site = write_site(tmp_path / "site", {}, CONFIG.replace("  further: {ko: 2부 · 더 나아가기, en: Part 2 · Further}",
                                                            "  further: {ko: 2부 · 더 나아가기}"), theme=False)
    config = load_config(site)
    assert config.modules["further"] == {"ko": "2부 · 더 나아가기", "en": "2부 · 더 나아가기"}
    assert config.titles == {"ko": "손으로 배우는 최적화", "en": "Optimization by hand"}
    assert config.title == "손으로 배우는 최적화" and config.site_value("title") == config.title
    assert config.language_lines == {"ko": 7, "en": 8}


def test_a_last_updated_date_is_written_as_the_page_s_language_writes_dates(tmp_path):
    dated = lambda text: text.replace("order: 1\n", "order: 1\nupdated: 2024-03-05\n", 1)  # noqa: E731
    files = {**EN, **KO, **JA}
    for rel in ("content/en/steps.md", "content/ko/steps.md", "content/ja/steps.md"):
        files[rel] = dated(files[rel])
    config = CONFIG.replace("  en: English\n", "  en: English\n  ja: 日本語\n").replace("Part 1 · Basics}", "Part 1 · Basics, ja: 第1部}")
    site = write_site(tmp_path / "site", files, config.replace("Part 2 · Further}", "Part 2 · Further, ja: 第2部}"))
    result = build(site, tmp_path / "out")
    assert result.written, result.problems
    shown = {path: page(tmp_path / "out", path).find("p", "updated") for path in ("/steps/", "/en/steps/", "/ja/steps/")}
    assert {path: p.text() for path, p in shown.items()} == {
        "/steps/": "마지막 수정: 2024년 3월 5일", "/en/steps/": "Last updated: March 5, 2024", "/ja/steps/": "最終更新：2024年3月5日"}
    assert {p.find("time").attrs["datetime"] for p in shown.values()} == {"2024-03-05"}
    assert page(tmp_path / "out", "/batches/").find("p", "updated") is None  # none without `updated:`
