"""The search index's stage by stage: the Korean stem, the search-only tokens, index documents,
and the files the build writes for Pagefind."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, strategies as st

from site_builder.glossary.korean import PARTICLES, browser_rules, stem, verb_forms
from site_builder.glossary.terms import Glossary, Term
from site_builder.search.documents import prose
from site_builder.search.tokens import CLOSE, OPEN, Tokens


def term(en: str, ko: str, avoid: tuple[str, ...] = ()) -> Term:
    return Term(source=en, translations={"ko": (ko,)}, avoid={"ko": avoid} if avoid else {}, note="", line=1,
                anchor=en.replace(" ", "-"))


GLOSSARY = Glossary("en", (term("loss function", "손실 함수", ("로스 함수",)), term("backpropagation", "역전파"),
                           term("activation function", "활성화 함수"), term("learning rate", "학습률")))


@pytest.mark.parametrize("word,expected", [
    ("역전파를", "역전파"), ("역전파에서는", "역전파"), ("그라디언트들을", "그라디언트"),  # particles, two of them
    ("학습하는", "학습"), ("학습했다", "학습"), ("훈련시켜라", "훈련"), ("최적화된", "최적화"),  # 하다/시키다/되다
    ("학습률이", "학습률"), ("학습률", "학습률"),  # 률 is no tail: the compound stays whole
    ("cnn을", "cnn"), ("relu는", "relu"),  # Latin with Hangul attached
    ("값을", "값"), ("역전파", "역전파"), ("gradient", "gradient"), ("이", "이"), ("", ""),
])
def test_stem(word, expected):
    assert stem(word) == expected


@given(st.sampled_from(["역전파", "손실", "값", "그라디언트", "cnn"]), st.sampled_from(sorted(PARTICLES | verb_forms())))
def test_the_stem_is_a_prefix_of_every_form_of_the_word(noun, tail):
    """What makes a prefix query of the query's stem find every form on the page."""
    assert (noun + tail).startswith(stem(noun + tail)) and noun.startswith(stem(noun + tail))


def test_the_browser_gets_the_rules_themselves():
    rules = browser_rules()
    assert set(rules["particles"]) == PARTICLES and "하" in rules["stems"]
    assert json.loads(json.dumps(rules, ensure_ascii=False)) == rules  # what pagefind/korean.json holds


def tokens_of(annotated: str) -> list[str]:
    found, rest = [], annotated
    while OPEN in rest:
        rest = rest[rest.index(OPEN) + 1:]
        found.append(rest[:rest.index(CLOSE)])
    return found


def test_tokens_beside_the_words():
    tokens = Tokens(GLOSSARY)
    text = "역전파를 쓰면 손실함수를 줄인다. The learning rate matters; 로스 함수라고도 한다."
    annotated = tokens.annotate(text)
    assert annotated.replace(f" {OPEN}", "").count(CLOSE) == len(tokens_of(annotated))
    # the reader's words are all still there, in order, once the tokens are taken out
    import re
    assert re.sub(f" {OPEN}[^{CLOSE}]*{CLOSE}", "", annotated) == text
    assert tokens_of(annotated) == [
        "backpropagation 역전파",  # the glossary's equivalents, then the stem (the same here)
        "loss function 손실 함수 손실함수 함수",  # a term written without its space; the stem; its word 함수
        "줄",  # a verb's stem: 줄인다 → 줄
        "학습률",  # English term → Korean
        # (a term of several Korean words is given as one word too: 손실함수 typed so finds 손실 함수)
        "loss function 손실 함수 손실함수 함수",  # a discouraged variant is the term too; 함수라고도 → 함수
        "한",
    ]


def test_glossary_words_inside_compounds():
    tokens = Tokens(GLOSSARY)
    # the term, written as one word, and the word inside it that a prefix query would miss
    assert tokens_of(tokens.annotate("활성화함수를")) == ["activation function 활성화 함수 활성화함수 함수"]
    # a word of a glossary term inside a compound no term is: found from that part, but it is no loss function
    assert tokens_of(tokens.annotate("비선형함수로")) == ["비선형함수 함수"]
    assert tokens_of(tokens.annotate("기계학습률은")) == ["기계학습률 학습률 learning rate"]  # a whole term inside


def test_the_index_own_brackets_cannot_be_forged():
    annotated = Tokens(GLOSSARY).annotate(f"a {OPEN}역전파{CLOSE} b")
    assert annotated == f"a [역전파 {OPEN}backpropagation{CLOSE}] b"  # the only ⟦⟧ left are the index's


def test_long_hangul_runs_cost_linear_time():
    tokens = Tokens(GLOSSARY)
    times = []
    for n in (2000, 4000, 8000):
        text = ("가" * n + "를 ") * 4
        start = time.perf_counter()
        tokens.annotate(text)
        times.append(time.perf_counter() - start)
    assert times[2] < 8 * max(times[0], 1e-4)  # linear would be 4x; quadratic 16x


@pytest.mark.parametrize("unit", ["<math>y ", '<span class="katex">z ', "<b x "])
def test_formulas_and_tags_left_open_cost_linear_time(unit):
    """A raw HTML block of a note may open thousands of formulas or tags it never closes."""
    tokens, times = Tokens(GLOSSARY), []
    for n in (4000, 8000, 16000):
        html = "<div>" + unit * n + "</div>"
        start = time.perf_counter()
        prose(html, tokens)
        times.append(time.perf_counter() - start)
    assert times[2] < 8 * max(times[0], 1e-3)  # linear would be 4x; quadratic 16x


KATEX = ('<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow>'
         '<annotation encoding="application/x-tex">x_i^2</annotation></semantics></math></span>'
         '<span class="katex-html" aria-hidden="true"><span class="base"><span class="mord">x</span></span></span></span>')


def test_a_notes_html_for_the_index():
    html = (f'<p>역전파를 <a href="/x/">본다</a> {KATEX}는 값.</p><div class="math-block"><span class="katex-display">{KATEX}</span></div>'
            '<h2 id="chain-rule">연쇄 법칙</h2><pre tabindex="0"><code><span class="k">역전파를</span> = 1  # &lt;b&gt;</code></pre>'
            '<details class="original" lang="en"><summary>Original</summary><p>backpropagation</p></details>'
            '<math><mi>y</mi><annotation encoding="application/x-tex">y</annotation></math><script>var x = "역전파";</script>'
            '<p>a<br>b</p>')
    out = prose(html, Tokens(GLOSSARY))
    # math as its TeX (KaTeX's and latex2mathml's), weighted low; the formula's HTML gone
    assert out.count('<span data-pagefind-weight="0.1">x_i^2</span>') == 2 and "katex-html" not in out
    assert '<span data-pagefind-weight="0.1">y</span>' in out
    # code as written, weighted low, no tokens; the blocks and a heading's id kept, inline markup not
    assert '<pre data-pagefind-weight="0.2">역전파를 = 1  # &lt;b&gt;</pre>' in out
    assert '<h2 id="chain-rule">연쇄 법칙</h2>' in out and "<a " not in out and "class=" not in out
    assert "<details data-pagefind-ignore><summary>Original</summary>" in out  # the original is the source's
    assert "var x" not in out and "<p>a b</p>" in out
    assert out.startswith(f"<p>역전파를 {OPEN}backpropagation 역전파{CLOSE} 본다")


def test_without_pagefind_or_when_it_fails_the_site_is_built_without_search(tmp_path, monkeypatch):
    from pathlib import Path

    from helpers import fixture_site
    from site_builder.build.build import build
    from site_builder.search import index

    site = fixture_site("search", tmp_path / "site", theme=True)
    monkeypatch.setattr(index, "executable", lambda: None)
    result = build(site, tmp_path / "a")
    assert result.written and not (tmp_path / "a/pagefind").exists()
    assert [str(p) for p in result.problems if p.code == "search"] == [
        "site.yaml: warning[search]: Pagefind is not installed (pip install 'pagefind[bin]'): the site is built "
        "without search"]
    monkeypatch.setattr(index, "executable", lambda: Path("/bin/false"))
    result = build(site, tmp_path / "b")
    assert result.written and not (tmp_path / "b/pagefind").exists()
    assert [str(p) for p in result.problems if p.code == "search"] == [
        "site.yaml: warning[search]: Pagefind failed, the site has no search: en: exit status 1; ko: exit status 1"]


def test_a_large_site_says_it_is_indexing(tmp_path, monkeypatch):
    from helpers import fixture_site
    from site_builder.build.build import build
    from site_builder.search import index

    site = fixture_site("search", tmp_path / "site", theme=True)
    heard: list[str] = []
    assert build(site, tmp_path / "small", note=heard.append).written and heard == []
    monkeypatch.setattr(index, "LARGE", 3)
    assert build(site, tmp_path / "large", note=heard.append).written
    assert heard[:2] == ["indexing 4 pages in en for search", "indexing 6 pages in ko for search"]
    assert len(heard) == 3 and heard[2].startswith("indexed 10 pages for search in ")


def test_the_persistent_cache_keeps_the_bundles_of_languages_not_changed(tmp_path, monkeypatch):
    """A warm build indexes nothing when no page changed, and only the language edited otherwise;
    the files are those of a cold build either way."""
    from helpers import fixture_site
    from site_builder.build.build import build
    from site_builder.search import index

    site = fixture_site("search", tmp_path / "site", theme=True)
    indexed: list[list[str]] = []

    class Spy(index.Indexing):
        def start(self, pages, *args):
            indexed.append(sorted(pages))
            super().start(pages, *args)

    monkeypatch.setattr(index, "Indexing", Spy)

    def bundles(out):
        root = out / "pagefind"
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert build(site, tmp_path / "out", persistent_cache=True).written and indexed == [["en", "ko"]]
    first = bundles(tmp_path / "out")
    assert build(site, tmp_path / "out", persistent_cache=True).written and indexed == [["en", "ko"]]
    assert bundles(tmp_path / "out") == first
    note = site / "content/ko/training.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n새 문단.\n", encoding="utf-8")
    assert build(site, tmp_path / "out", persistent_cache=True).written and indexed[1:] == [["ko"]]
    assert build(site, tmp_path / "cold").written
    assert bundles(tmp_path / "out") == bundles(tmp_path / "cold")


def _slow_pagefind(tmp_path, seconds: float):
    """Pagefind behind a shell script that logs each run's start and waits `seconds` first, in a
    child process which keeps Pagefind's output open when the script is stopped (helpers'
    slow_pagefind is one process)."""
    from site_builder.search.pagefind import executable

    script = tmp_path / "slow-pagefind"
    script.write_text(f"#!/bin/sh\necho run >> {tmp_path / 'runs'}\nsleep {seconds}\nexec {executable()} \"$@\"\n")
    script.chmod(0o755)
    return script


def test_the_preview_serves_an_edit_before_its_index_and_an_edit_stops_the_index_before_it(tmp_path, monkeypatch):
    """A rebuild's pages are served while Pagefind still runs (the last index meanwhile); the new
    index follows as a build of its own; a rebuild started meanwhile stops it (never served)."""
    import threading
    import time

    from helpers import fixture_site
    from site_builder.search import index
    from site_builder.serve.rebuild import Rebuilder

    site = fixture_site("search", tmp_path / "site", theme=True)
    monkeypatch.setattr(index, "executable", lambda: _slow_pagefind(tmp_path, 1.5))
    told, done = [], threading.Event()

    def indexed(result):
        told.append(result)
        done.set()

    served = tmp_path / "served"
    rebuild = Rebuilder(site, served, completed=indexed)
    assert rebuild().written  # the first build has no index to serve meanwhile: it waits for one
    assert told == [] and (served / "pagefind/ko/pagefind-entry.json").is_file()
    first = (served / "pagefind/ko/pagefind-entry.json").read_bytes()
    keys = dict(rebuild.memos.search.bundles)

    note = site / "content/ko/training.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text + "\n초매개변수는 사람이 정한다.\n", encoding="utf-8")
    start = time.perf_counter()
    result = rebuild()
    assert result.written and time.perf_counter() - start < 1.4  # not held up by the slow index
    assert "초매개변수는" in (served / "training/index.html").read_text(encoding="utf-8")
    assert (served / "pagefind/ko/pagefind-entry.json").read_bytes() == first  # the last index, meanwhile
    assert "초매개변수는" not in (served / "print/index.html").read_text(encoding="utf-8")  # the last print page

    note.write_text(text + "\n초매개변수는 사람이 고른다.\n", encoding="utf-8")  # before that index is made
    start = time.perf_counter()
    result = rebuild()
    assert result.written and told == []  # the index of the edit before never comes…
    assert time.perf_counter() - start < 1.4  # …nor is waited for (the script's sleep holds no pipe open)
    assert done.wait(30)
    assert len(told) == 1 and told[0].written and told[0].problems == ()
    assert told[0].changed == {"print/index.html"} | {out for out in told[0].changed if out.startswith("pagefind/ko/")}
    assert rebuild.memos.search.bundles["en"] == keys["en"] and rebuild.memos.search.bundles["ko"] != keys["ko"]
    assert (served / "pagefind/ko/pagefind-entry.json").read_bytes() != first
    assert "고른다" in (served / "training/index.html").read_text(encoding="utf-8")
    assert "고른다" in (served / "print/index.html").read_text(encoding="utf-8")
    assert (tmp_path / "runs").read_text().count("run") == 2 + 2  # en and ko, then ko twice
    rebuild.stop_later()


def test_a_failed_index_after_the_pages_keeps_the_last_one_and_says_so(tmp_path, monkeypatch):
    import threading
    from pathlib import Path

    from helpers import fixture_site
    from site_builder.search import index
    from site_builder.serve.rebuild import Rebuilder

    site = fixture_site("search", tmp_path / "site", theme=True)
    told, done = [], threading.Event()
    rebuild = Rebuilder(site, tmp_path / "served", completed=lambda r: (told.append(r), done.set()))
    assert rebuild().written
    entry = (tmp_path / "served/pagefind/en/pagefind-entry.json").read_bytes()
    monkeypatch.setattr(index, "executable", lambda: Path("/bin/false"))
    note = site / "content/en/training.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert rebuild().written
    assert done.wait(30)
    assert [str(p) for p in told[0].problems] == [
        "site.yaml: warning[search]: Pagefind failed, the last search index stays: en: exit status 1; "
        "ko: exit status 1"]  # ko's translation of the note now says its source changed
    assert told[0].written and told[0].changed == {"en/print/index.html", "print/index.html"}  # the print pages
    assert (tmp_path / "served/pagefind/en/pagefind-entry.json").read_bytes() == entry
    assert "One more line." in (tmp_path / "served/en/training/index.html").read_text(encoding="utf-8")


def _katex_end_by_every_tag(html: str, start: int) -> int:
    """The formula's end found one span tag at a time: what documents._katex_end must agree with."""
    import re

    depth = 0
    for s in re.finditer(r"<span\b|</span>", html[start:]):
        depth += 1 if s.group() == "<span" else -1
        if depth == 0:
            return start + s.end()
    return len(html)


@given(st.lists(st.sampled_from(['<span class="katex">', "<span>", '<span class="x">', "</span>", "<spanx>",
                                 "</span >", "x", "<b>", "</b>"]), max_size=40))
def test_a_formula_ends_where_its_span_closes_whatever_the_tags(parts):
    from site_builder.search.documents import _katex_end

    html = "a " + '<span class="katex">' + "".join(parts) + " b"
    assert _katex_end(html, 2) == _katex_end_by_every_tag(html, 2)


def test_documents_made_on_every_core_are_those_of_one_process(tmp_path, monkeypatch):
    """Documents and bundles alike (Pagefind numbers pages in the order their files were made)."""
    from helpers import fixture_site
    from site_builder.build.build import build
    from site_builder.search import parallel

    site = fixture_site("search", tmp_path / "site", theme=True)
    made = {}
    real = parallel.make_documents

    def spy(pages, tokens, jobs):
        made[jobs] = real(pages, tokens, jobs)
        return made[jobs]

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr("site_builder.search.index.make_documents", spy)
    assert build(site, tmp_path / "one", jobs=1).written and build(site, tmp_path / "two", jobs=2).written
    assert made[1] == made[2] and len([doc for doc in made[1] if doc]) >= 8
    tree = lambda out: {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
