"""Search, as a reader uses it: a two-language site built by the CLI, served by a plain static
server on loopback under its baseurl, every request off the machine refused, the search box typed
into in headless Chromium (and window.siteSearch called as another interface would)."""

from __future__ import annotations

import random
import re

import pytest

from helpers import CHROMIUM, fixture_site, run_cli, slow_pagefind, static_server
from site_builder.glossary.korean import PARTICLES, stem, verb_forms

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module", params=["/course", ""])
def served(request, tmp_path_factory, browser):
    """(origin + baseurl, the browser page): the fixture site built under each baseurl."""
    tmp = tmp_path_factory.mktemp("search")
    site = fixture_site("search", tmp / "site", theme=True)
    root = tmp / "root"
    out = root / request.param.strip("/") if request.param else root
    done = run_cli("build", site, "-o", out, "--baseurl", request.param)
    assert done.returncode == 0, done.stderr
    assert "warning[search]" not in done.stderr
    with static_server(root) as origin:
        context = browser.new_context()
        context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())  # offline
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        base = origin + request.param
        page.goto(base + "/training/")
        yield base, request.param, page, browser
        assert errors == []
        context.close()


def search(page, query: str, **options) -> list[dict]:
    return page.evaluate("([q, o]) => window.siteSearch(q, o)", [query, options])


def urls(rows: list[dict]) -> list[str]:
    return [row["url"] for row in rows]


def typed(page, query: str, all_languages: bool = False) -> list[dict]:
    """What the search box shows after typing `query`: each result's href, title, section, excerpt HTML."""
    page.fill("#search-input", "")
    if page.is_checked(".search-all input") != all_languages:
        page.fill("#search-input", "x")  # the panel (and its switch) shows once there is a query
        page.wait_for_function("() => document.querySelector('.site-search').dataset.shown === 'x'")
        page.check(".search-all input") if all_languages else page.uncheck(".search-all input")
    page.evaluate("document.querySelector('.site-search').dataset.shown = ''")  # not a former answer's
    page.fill("#search-input", query)
    page.wait_for_function("q => document.querySelector('.site-search').dataset.shown === q", arg=query)
    return page.eval_on_selector_all(".search-results li", """items => items.map(li => ({
        href: li.querySelector('a').getAttribute('href'),
        title: li.querySelector('.search-title').textContent,
        section: (li.querySelector('.search-section') || {textContent: ''}).textContent,
        excerpt: li.querySelector('.search-excerpt').innerHTML}))""")


def test_korean_queries_find_the_word_whatever_its_tail(served):
    base, prefix, page, _ = served
    # 역전파를 (object particle) finds the page that writes 역전파는 and 역전파를; the stem is highlighted
    rows = search(page, "역전파를")
    assert f"{prefix}/backprop/" in urls(rows)
    hit = rows[urls(rows).index(f"{prefix}/backprop/")]
    assert "<mark>역전파</mark>(backpropagation)는" in hit["excerpt"]  # the first use, annotated by the glossary
    # an ending on the query, another on the page: 학습하는 ↔ 학습했다, 학습된
    assert f"{prefix}/training/" in urls(search(page, "학습하는"))
    # the section that matched: 학습률이 is in "학습률 고르기"
    rows = search(page, "학습률이")
    hit = next(r for r in rows if r["url"].startswith(f"{prefix}/training/"))
    assert hit["url"] == f"{prefix}/training/#learning-rate" and hit["section"] == "학습률 고르기"
    assert "<mark>학습률</mark>(learning" in hit["excerpt"]
    # Latin with Hangul attached: CNN을 ↔ CNN, ReLU는 ↔ ReLU가
    assert f"{prefix}/backprop/#chain-rule" in urls(search(page, "CNN"))
    assert f"{prefix}/backprop/#chain-rule" in urls(search(page, "ReLU는"))
    # a compound of glossary words is found from its part: 함수 → 활성화함수를; and a term of
    # several words typed as one finds it written with its space: 손실함수 → 손실 함수의
    assert f"{prefix}/activations/" in urls(search(page, "함수"))
    assert f"{prefix}/backprop/" in urls(search(page, "손실함수"))
    # endings of every kind: 학습하더라도 (the query) ↔ 학습했다 (the page)
    assert f"{prefix}/training/" in urls(search(page, "학습하더라도"))


def test_the_glossary_joins_the_languages_and_comes_first(served):
    _, prefix, page, _ = served
    rows = search(page, "loss function")  # English words, Korean pages
    assert rows[0]["url"] == f"{prefix}/glossary/#loss-function" and rows[0]["section"] == "손실 함수"
    assert f"{prefix}/backprop/" in urls(rows)
    # a discouraged variant is found too (로스 함수 on the activations page)
    assert f"{prefix}/activations/" in urls(rows)
    # a term only in a note's title is found by its equivalent too
    assert f"{prefix}/init/" in urls(search(page, "weight"))
    hit = rows[urls(rows).index(f"{prefix}/activations/")]
    assert re.search("<mark>[^<]*함수[^<]*</mark>", hit["excerpt"])  # a word the equivalent stands beside


def test_transcripts_open_the_lecture_at_that_moment(served):
    base, prefix, page, _ = served
    rows = search(page, "모멘텀")
    assert rows[0]["url"] == f"{prefix}/lectures/lecture1/#t=16" and rows[0]["section"] == "0:16"
    page.goto(base + "/lectures/lecture1/#t=16")
    row = page.locator(".row.current")
    assert row.get_attribute("id") == "t=16" and "모멘텀" in row.inner_text()
    page.goto(base + "/training/")


def test_the_search_box(served):
    base, prefix, page, _ = served
    assert page.is_visible("#search-input")
    page.click("main")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-input"
    shown = typed(page, "가중치들을")
    assert shown[0]["href"] == f"{prefix}/glossary/#weight"
    training = next(r for r in shown if r["href"].startswith(f"{prefix}/training/"))
    assert training["title"] == "학습 과정" and "<mark>가중치</mark>(weight)들을" in training["excerpt"]
    for row in shown:  # the index's own tokens never reach the reader
        assert "\u27e6" not in row["excerpt"] + row["section"] and "\u27e7" not in row["excerpt"] + row["section"]
    assert page.inner_text(".search-status") == f"{len(shown)}개 찾음"
    # English pages only when the switch widens the search
    assert not [r for r in typed(page, "momentum") if r["href"].startswith(f"{prefix}/en/")]
    wide = typed(page, "momentum", all_languages=True)
    assert f"{prefix}/en/lectures/lecture1/#t=16" in [r["href"] for r in wide]
    assert [r["title"] for r in wide if r["href"].startswith(f"{prefix}/en/")] == ["Lecture 1 English"]  # its language said
    page.uncheck(".search-all input")
    page.keyboard.press("Escape")
    assert page.input_value("#search-input") == "" and page.is_hidden(".search-panel")


def test_a_closed_panel_stays_closed_when_the_preview_has_a_new_index(served):
    """`site-builder:search` (the preview made the index again) reopens no panel the reader closed;
    the box asks the new index when focused again."""
    _, prefix, page, _ = served
    typed(page, "역전파")
    page.mouse.click(5, 400)  # elsewhere: the panel closes
    assert page.is_hidden(".search-panel")
    page.evaluate("dispatchEvent(new Event('site-builder:search'))")
    page.wait_for_timeout(500)
    assert page.is_hidden(".search-panel")
    page.focus("#search-input")
    page.wait_for_function("() => document.querySelector('.site-search').dataset.shown === '역전파'")
    assert page.is_visible(".search-panel") and page.eval_on_selector_all(".search-results a", "l => l.length") > 0
    page.keyboard.press("Escape")


def test_text_that_looks_like_markup_stays_text(served):
    _, prefix, page, _ = served
    rows = search(page, "onerror", lang="en", all=True)
    assert rows and all("<img" not in r["excerpt"] for r in rows)
    shown = typed(page, "onerror", all_languages=True)
    assert shown and page.locator(".search-results img").count() == 0
    # literal brackets in a note are the note's, not the index's: kept (as []), not dropped
    rows = search(page, "brackets", lang="en")
    assert any("[like these]" in r["excerpt"] for r in rows)
    page.uncheck(".search-all input")


def test_math_and_code_are_found_but_below_prose(served):
    """`backward` is code in one note and prose in another, `partial` math (\\partial) and prose."""
    _, prefix, page, _ = served
    for word in ("backward", "partial"):
        pages = [u.split("#")[0] for u in urls(search(page, word, lang="en"))]
        assert pages.index(f"{prefix}/en/training/") < pages.index(f"{prefix}/en/backprop/"), word


def test_the_browser_stems_as_the_index_does(served):
    """js/search.js applies glossary/korean.py's rules itself: the same stem for every word."""
    _, _, page, _ = served
    rng = random.Random(20)
    syllables = [chr(0xAC00 + rng.randrange(11172)) for _ in range(300)]
    nouns = ["역전파", "학습", "가중치", "값", "결과", "손실함수", "데이터", "CNN", "relu"]
    words = [n + t for n in nouns for t in sorted(PARTICLES)[:40] + sorted(verb_forms())[:40]]
    words += ["".join(rng.choices(syllables, k=rng.randint(1, 9))) for _ in range(1500)]
    words += [w + p for w in words[-300:] for p in ("를", "에서는", "하였다", "시킨다")]
    got = page.evaluate("ws => Promise.all(ws.map(w => window.siteSearch.normalise(w)))", words)
    assert got == [stem(w.casefold()) for w in words]


def test_without_javascript_the_page_is_whole_and_the_box_hidden(served):
    base, _, _, browser = served
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/training/")
    assert page.is_hidden(".site-search") and "학습률" in page.inner_text("main")
    context.close()


def test_search_off_and_a_page_where_the_index_goes(tmp_path):
    site = fixture_site("search", tmp_path / "site", theme=True)
    text = (site / "site.yaml").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(text + "search: false\n", encoding="utf-8")
    done = run_cli("build", site, "-o", tmp_path / "off")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "off/pagefind").exists()
    assert "site-search" not in (tmp_path / "off/training/index.html").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(text, encoding="utf-8")
    (site / "content/ko/pagefind.md").write_text("---\ntitle: 검색엔진\n---\n\n글.\n", encoding="utf-8")
    done = run_cli("build", site, "-o", tmp_path / "on")
    assert done.returncode == 1
    assert ("content/ko/pagefind.md: error[output]: pagefind/index.html is inside pagefind/, where the search "
            "index is written: move it, or turn search off with 'search: false' in site.yaml") in done.stderr
    (site / "site.yaml").write_text(text + "search: maybe\n", encoding="utf-8")
    done = run_cli("build", site, "-o", tmp_path / "bad")
    assert done.returncode == 1 and "site.yaml:9: error[config]: 'search'" in done.stderr


def test_the_preview_indexes_each_rebuild_and_only_the_language_edited(tmp_path, browser, monkeypatch):
    """The edit is served at once, with the last index; the box asks the new one when it comes,
    without the page being reloaded again."""
    from site_builder.search import index
    from site_builder.serve.preview import Preview

    slow = slow_pagefind(tmp_path, 1)  # slow enough to be seen working
    site = fixture_site("search", tmp_path / "site", theme=True)
    preview = Preview(site, port=0, log=lambda line: None, delay=0.05)
    monkeypatch.setattr(index, "executable", lambda: slow)
    preview.start()
    try:
        host, port = preview.server.server_address[:2]
        bundles = preview.rebuild.memos.search.bundles
        before = {lang: digest for lang, (digest, _) in bundles.items()}
        page = browser.new_page()
        page.goto(f"http://{host}:{port}/course/training/")
        assert search(page, "초매개변수를") == []
        note = site / "content/ko/training.md"
        with page.expect_navigation():  # the preview reloads the page once the rebuild is served
            note.write_text(note.read_text(encoding="utf-8") + "\n초매개변수는 사람이 정한다.\n", encoding="utf-8")
        assert "초매개변수는" in page.content()
        page.evaluate("window.sameDocument = true")
        page.fill("#search-input", "초매개변수를")
        page.wait_for_function("() => document.querySelector('.site-search').dataset.shown === '초매개변수를'")
        assert page.eval_on_selector_all(".search-results a", "links => links.length") == 0  # the last index
        page.wait_for_function("() => document.querySelector('.search-results a')", timeout=30_000)  # the new one
        assert page.eval_on_selector_all(".search-results a", "links => links.map(a => a.getAttribute('href'))") == [
            "/course/training/#learning-rate"]
        assert page.evaluate("window.sameDocument") is True  # not reloaded for it
        page.close()
        after = {lang: digest for lang, (digest, _) in bundles.items()}
        assert after["en"] == before["en"] and after["ko"] != before["ko"]
    finally:
        preview.stop()
