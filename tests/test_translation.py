"""Translation state: progress measured on hand-made note pairs, staleness by source hash,
`status` as a table and JSON, `--stamp`, and pairing overrides."""

import json
import shutil
from pathlib import Path

from helpers import fixture_site, run_cli, visible_text
from site_builder.build.build import build

SITE = Path(__file__).resolve().parent / "sites" / "translation"


def copy(tmp_path):
    return fixture_site("translation", tmp_path / "site")


def test_progress_figures_exact():
    result = run_cli("status", SITE, "--format", "json")
    assert result.returncode == 0, result.stderr
    notes = {(n["note"], n["lang"]): n for n in json.loads(result.stdout)["notes"]}
    # partial: 9 source blocks (heading, 4 paragraphs, 2 list items, 2 table rows; code and math do
    # not count). Translated: the heading, 2 paragraphs, 1 item, the header row = 5 → 55%. Not:
    # the copied paragraph, the edited-but-English one, the English item, the identical row. Words
    # left: those of these four source blocks, 8 + 7 + 2 + 2 = 19.
    assert notes[("partial", "ko")] == {"note": "partial", "lang": "ko", "title": "부분 번역",
                                        "file": "content/ko/partial.md", "progress": 55, "state": "unstamped",
                                        "translators": ["김하나", "이두리"], "words_left": 19,
                                        "changed_sections": None, "diff": "", "kind": "note"}
    assert notes[("whole", "ko")]["progress"] == 100 and notes[("whole", "ko")]["words_left"] == 0
    assert notes[("only-source", "ko")] == {"note": "only-source", "lang": "ko", "title": "Only in English", "file": "",
                                            "progress": 0, "state": "missing", "translators": [], "words_left": 3,
                                            "changed_sections": None, "diff": "", "kind": "note"}


def test_status_table():
    result = run_cli("status", SITE)
    assert result.stdout.splitlines()[0].split() == ["note", "kind", "lang", "progress", "state", "words", "left", "translators",
                                                     "title"]
    assert any(line.split()[:6] == ["partial", "note", "ko", "55%", "unstamped", "19"] for line in result.stdout.splitlines())


def test_translators_of_another_kind_are_a_warning_not_a_crash(tmp_path):
    """`translators: 5` once stopped `status` with an internal error; one name is a list of one."""
    site = copy(tmp_path)
    whole = site / "content/ko/whole.md"
    whole.write_text(whole.read_text(encoding="utf-8").replace("---\n", "---\ntranslators: 5\n", 1), encoding="utf-8")
    partial = site / "content/ko/partial.md"
    partial.write_text(partial.read_text(encoding="utf-8").replace("[김하나, 이두리]", "김하나"), encoding="utf-8")
    result = run_cli("status", site, "--format", "json")
    assert result.returncode == 0 and "internal error" not in result.stderr, result.stderr
    notes = {(n["note"], n["lang"]): n for n in json.loads(result.stdout)["notes"]}
    assert notes[("whole", "ko")]["translators"] == [] and notes[("partial", "ko")]["translators"] == ["김하나"]
    checked = run_cli("check", site)
    assert "content/ko/whole.md:2: warning[front-matter]: 'translators' should be a list of names, got int 5: left out" \
        in checked.stderr + checked.stdout


def test_stamp_then_stale_then_restamp(tmp_path):
    site = copy(tmp_path)
    stamped = run_cli("status", site, "--stamp", site / "content/ko/partial.md")
    assert stamped.returncode == 0, stamped.stderr
    text = (site / "content/ko/partial.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 부분 번역\ntranslators: [김하나, 이두리]\nsource_hash: ")
    assert json.loads(run_cli("status", site, "--format", "json").stdout)["notes"][1]["state"] == "current"
    untranslated = [f"content/ko/partial.md:{line}: info[untranslated]: {kind} still in the source language (en): "
                    "not translated yet" for line, kind in ((13, "paragraph"), (15, "paragraph"), (18, "list item"),
                                                            (22, "table row"))]
    assert [str(p) for p in build(site, tmp_path / "out").problems] == untranslated  # info: the build is clean

    source = site / "content/en/partial.md"
    source.write_text(source.read_text(encoding="utf-8").replace("adds a detail", "adds two details"), encoding="utf-8")
    result = build(site, tmp_path / "out2")
    assert [str(p) for p in result.problems if p.severity != "info"] == [
        "content/ko/partial.md:4: warning[stale]: content/en/partial.md changed since this translation was stamped; "
        "update it, then run: site-builder status --stamp content/ko/partial.md"]
    page = (tmp_path / "out2/partial/index.html").read_text(encoding="utf-8")
    status = json.loads(run_cli("status", site, "--format", "json").stdout)["notes"][1]
    assert status["state"] == "stale"

    source.write_text(source.read_text(encoding="utf-8") + "\n   \n", encoding="utf-8")  # whitespace: no change
    assert json.loads(run_cli("status", site, "--format", "json").stdout)["notes"][1]["state"] == "stale"
    assert run_cli("status", site, "--stamp", site / "content/ko/partial.md").returncode == 0
    assert json.loads(run_cli("status", site, "--format", "json").stdout)["notes"][1]["state"] == "current"
    assert "<h1>부분 번역</h1>" in page  # a stale translation is still built


def test_stale_badge_and_home_progress_with_the_theme(tmp_path):

    site = copy(tmp_path)
    shutil.rmtree(site / "templates")
    (site / "content/ko/index.md").write_text("---\ntitle: 홈\nlayout: home\n---\n", encoding="utf-8")
    (site / "content/en/index.md").write_text("---\ntitle: Home\nlayout: home\n---\n", encoding="utf-8")
    (site / "content/ko/partial.md").write_text(
        (site / "content/ko/partial.md").read_text(encoding="utf-8").replace("translators:", "source_hash: 000000000000\ntranslators:"),
        encoding="utf-8")
    result = build(site, tmp_path / "out")
    assert result.written
    page = (tmp_path / "out/partial/index.html").read_text(encoding="utf-8")
    assert 'class="badge stale"' in page and "번역 진행: 55%" in page
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    item = home[home.index('<a href="/partial/">'):]
    item = item[:item.index("</li>")]
    assert '<progress max="100" value="55" aria-hidden="true"></progress>' in item
    assert " ".join(visible_text(item).split()) == "부분 번역 번역 진행: 55% 원문 변경"
    assert home.index("부분 번역") < home.index("전체")  # reading order: title, as no note sets `order`


def test_progress_override_warns(tmp_path):
    site = copy(tmp_path)
    note = site / "content/ko/partial.md"
    note.write_text(note.read_text(encoding="utf-8").replace("title: 부분 번역", "title: 부분 번역\nprogress: 90"), encoding="utf-8")
    result = build(site, tmp_path / "out")
    assert [str(p) for p in result.problems if p.severity != "info"] == [
        "content/ko/partial.md:3: warning[progress]: 'progress: 90' overrides the measured 55%"]


def test_translation_of_pairs_differently_named_notes(tmp_path):
    site = copy(tmp_path)
    (site / "content/ko/whole.md").rename(site / "content/ko/전체.md")
    note = site / "content/ko/전체.md"
    note.write_text(note.read_text(encoding="utf-8").replace("title: 전체", "title: 전체\ntranslation_of: whole"),
                    encoding="utf-8")
    out = tmp_path / "out"
    assert build(site, out).written
    page = (out / "전체/index.html").read_text(encoding="utf-8")
    assert 'hreflang="en" href="https://t.example/en/whole/"' in page
    notes = json.loads(run_cli("status", site, "--format", "json").stdout)["notes"]
    assert [n["progress"] for n in notes if n["note"] == "whole"] == [100]


def _themed(tmp_path, extra=""):

    site = copy(tmp_path)
    shutil.rmtree(site / "templates")
    if extra:
        (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return site


def test_missing_translation_shows_the_original_with_a_banner(tmp_path):
    out = tmp_path / "out"
    assert build(_themed(tmp_path), out).written
    page = (out / "only-source/index.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and '<article class="note" lang="en">' in page
    assert "아직 번역되지 않았습니다" in page and "Three words here." in page
    assert (out / "en/only-source/index.html").is_file()


def test_fallback_none_and_unpublished_source(tmp_path):
    out = tmp_path / "out"
    assert build(_themed(tmp_path / "a", "fallback: none\n"), out).written
    assert not (out / "only-source").exists()
    site = _themed(tmp_path / "b", "publish: false\n")
    out2 = tmp_path / "out2"
    assert build(site, out2).written
    assert not (out2 / "en").exists() and (out2 / "partial/index.html").is_file()
    notes = json.loads(run_cli("status", site, "--format", "json").stdout)["notes"]
    assert [n["progress"] for n in notes if n["note"] == "partial"] == [55]  # still measured against the source


def test_parity_lint(tmp_path):
    site = copy(tmp_path)
    assert "warning[parity]" not in run_cli("check", site).stderr
    note = site / "content/ko/partial.md"
    text = note.read_text(encoding="utf-8")
    text = text.replace("x = 1", "x = 2").replace("x^2", "x^3").replace("# 부분 번역\n", "## 부분 번역\n")
    text = text.replace("첫 문단은 생각을 설명합니다.", "첫 문단은 [생각](https://example.org/idea)을 설명합니다.")
    note.write_text(text, encoding="utf-8")
    lines = [line for line in run_cli("check", site).stderr.splitlines() if "parity" in line]
    assert lines == [
        "content/ko/partial.md:6: warning[parity]: heading '부분 번역' is h2; the source's heading here is h1 "
        "(content/en/partial.md:5)",
        "content/ko/partial.md:8: warning[parity]: link target 'https://example.org/idea' is not in the source "
        "(content/en/partial.md)",
        "content/ko/partial.md:23: warning[parity]: code block differs from the source's (content/en/partial.md:22); "
        "mark the fence `translated` if its comments are",
        "content/ko/partial.md:27: warning[parity]: math 'x^3' is not in the source (content/en/partial.md)",
    ]
    note.write_text(text.replace("```python\nx = 2", "```python translated\nx = 2"), encoding="utf-8")
    lines = [line for line in run_cli("check", site).stderr.splitlines() if "parity" in line]
    assert not any("code block" in line for line in lines)


def test_git_history_names_the_changed_sections(tmp_path):
    import subprocess

    site = copy(tmp_path)
    shutil.rmtree(site / "templates")  # the bundled theme's badge
    git = lambda *a: subprocess.run(["git", "-C", str(site), *a], check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    assert run_cli("status", site, "--stamp", site / "content/ko/partial.md").returncode == 0
    git("add", "-A")
    git("commit", "-q", "-m", "stamped")
    source = site / "content/en/partial.md"
    source.write_text(source.read_text(encoding="utf-8").replace("adds a detail", "adds two details"), encoding="utf-8")
    git("commit", "-q", "-am", "source edited")
    result = run_cli("status", site)
    assert "content/ko/partial.md: changed in the source since the stamp: #partial-translation" in result.stdout
    assert "-The second paragraph adds a detail.\n+The second paragraph adds two details." in result.stdout
    row = json.loads(run_cli("status", site, "--format", "json").stdout)["notes"][1]
    assert row["state"] == "stale" and row["changed_sections"] == ["partial-translation"]
    out = tmp_path / "out"
    assert build(site, out).written
    page = (out / "partial/index.html").read_text(encoding="utf-8")
    assert '바뀐 절: <a href="#partial-translation">#partial-translation</a>' in page  # the id carries over


def test_without_git_only_the_fact_of_the_change(tmp_path):
    site = copy(tmp_path)
    assert run_cli("status", site, "--stamp", site / "content/ko/partial.md").returncode == 0
    source = site / "content/en/partial.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nNew closing paragraph.\n", encoding="utf-8")
    result = run_cli("status", site)
    assert ("content/ko/partial.md: its source changed since the stamp (git history cannot say how: not a git "
            "checkout, a shallow clone, or the stamped version was never committed)") in result.stdout


def test_show_the_original_next_to_translated_paragraphs(tmp_path):
    out = tmp_path / "out"
    assert build(copy(tmp_path), out).written
    page = (out / "partial/index.html").read_text(encoding="utf-8")
    first = ('<p>첫 문단은 생각을 설명합니다.</p>\n<details class="original" lang="en"><summary lang="ko">원문 보기</summary>'
             '<p>The first paragraph explains the idea.</p></details>')
    assert first in page
    # A paragraph left as it is needs no original beside it.
    assert page.count("The third paragraph was copied as it is.") == 1
    assert "<details" not in (out / "en/partial/index.html").read_text(encoding="utf-8")


def test_three_languages_switcher_hreflang_and_generated_index(tmp_path):
    from helpers import parse_html, write_site

    site = write_site(tmp_path / "site", {
        "content/en/a.md": "---\ntitle: A\nmodule: m\norder: 1\n---\nText.\n",
        "content/ko/a.md": "---\ntitle: 가\nmodule: m\norder: 1\n---\n글.\n",
        "content/ja/a.md": "---\ntitle: あ\nmodule: m\norder: 1\n---\n文。\n",
    }, "title: Three\nurl: https://three.example\nlanguage: en\nlanguages: {en: English, ko: 한국어, ja: 日本語}\n")
    out = tmp_path / "out"
    assert build(site, out).written
    for lang, path in (("en", "a/index.html"), ("ko", "ko/a/index.html"), ("ja", "ja/a/index.html")):
        html = (out / path).read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html
        others = {"en": "/a/", "ko": "/ko/a/", "ja": "/ja/a/"}
        del others[lang]
        urls = parse_html(html).urls
        for other, other_path in others.items():
            assert f'<link rel="alternate" hreflang="{other}" href="https://three.example{other_path}">' in html
            assert other_path in urls  # the language switcher
    for home in ("index.html", "ko/index.html", "ja/index.html"):  # generated: no index.md anywhere
        assert "<h1>Three</h1>" in (out / home).read_text(encoding="utf-8")
    assert 'href="/ja/a/"' in (out / "ja/index.html").read_text(encoding="utf-8")


def test_a_rebuild_shows_new_progress_when_only_the_source_changed(tmp_path):
    # The translation's own HTML does not change (a new list item in the source is no paragraph
    # of "show the original"), but its progress does: the page must be rendered again.
    from site_builder.serve.rebuild import Rebuilder
    from site_builder.content.theme import THEME_DIR

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    for folder in ("templates", "static"):
        shutil.copytree(THEME_DIR / folder, site / folder, dirs_exist_ok=True)
    rebuild = Rebuilder(site, tmp_path / "out")
    assert rebuild().written
    page = tmp_path / "out/partial/index.html"
    assert "번역 진행: 55%" in page.read_text(encoding="utf-8")
    source = site / "content/en/partial.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n- one more item\n- and another\n", encoding="utf-8")
    assert rebuild().written
    assert "번역 진행: 45%" in page.read_text(encoding="utf-8")
    assert 'value="45"' in (tmp_path / "out/index.html").read_text(encoding="utf-8")  # the course index too


def test_word_counts_are_runs_of_word_characters():
    import re

    from helpers import CORPUS, REPO
    from site_builder.translation.progress import count_words

    texts = ["", "don't stop-here x_1 (a)+[b]", "tab\tnew\nline\x1f\x7fend", "—dash… “quotes”", "최적화(optimization)를 쓴다",
             "".join(chr(i) for i in range(128))]
    texts += [p.read_text(encoding="utf-8") for p in (*REPO.joinpath("content").rglob("*.md"), *CORPUS.rglob("*.md"))]
    for text in texts:
        assert count_words(text) == len(re.findall(r"\w+", text)), text[:60]


def test_a_notes_words_are_those_of_its_blocks():
    from helpers import CORPUS, REPO
    from site_builder.markdown.render import make_markdown
    from site_builder.markdown.mathrender import MathRenderer
    from site_builder.translation.progress import blocks, prose_words, words

    md = make_markdown(MathRenderer())
    notes = [*REPO.joinpath("content").rglob("*.md"), *CORPUS.rglob("*.md")]
    for note in notes:
        tokens = md.parse(note.read_text(encoding="utf-8"), {})
        assert words(tokens) == prose_words(blocks(tokens)), note
    assert any(words(md.parse(n.read_text(encoding="utf-8"), {})) > 100 for n in notes)
