"""Glossary: validation, lint, annotation, glossary pages, --fix — on a two-language fixture site."""

import os
import shutil
from pathlib import Path

import pytest

from helpers import crawl, fixture_site, run_cli, write_site
from site_builder.build.build import build
from site_builder.core.config import load_config
from site_builder.glossary.terms import load_glossary
from site_builder.core.problems import BuildFailed

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "glossary"

LINT = [
    "content/ko/intro.md:2: warning[glossary]: the source note uses 'momentum' but this translation never says '모멘텀'",
    "content/ko/intro.md:6:1: warning[glossary]: '훈련' → use '학습' (training)",
    "content/ko/intro.md:6:9: warning[glossary]: '기울기' → use '그라디언트' (gradient)",
    "content/ko/intro.md:6:21: warning[glossary]: 'gradient' is left in English: use '그라디언트'",
    "content/ko/intro.md:10:2: warning[glossary]: '기울기' → use '그라디언트' (gradient)",
    "content/ko/intro.md:12:4: warning[glossary]: '훈련' → use '학습' (training)",
]
# The build's parity check: the Korean note has a link, math and a heading its source does not.
PARITY = [
    "content/ko/intro.md:10: warning[parity]: link target 'https://example.org' is not in the source (content/en/intro.md)",
    "content/ko/intro.md:10: warning[parity]: math '훈련' is not in the source (content/en/intro.md)",
    "content/ko/intro.md:12: warning[parity]: heading '훈련 제목' has no counterpart in content/en/intro.md",
]


def site_copy(tmp_path, **config_extra):
    site = fixture_site("glossary", tmp_path / "site")
    if config_extra:
        text = (site / "site.yaml").read_text(encoding="utf-8")
        for key, value in config_extra.items():
            text = text.replace(f"  {key}: first", f"  {key}: {value}")
        (site / "site.yaml").write_text(text, encoding="utf-8")
    return site


def glossary_errors(tmp_path, text, languages="{ko: 한국어, en: English}"):
    (tmp_path / "site.yaml").write_text(f"title: T\nlanguage: ko\nlanguages: {languages}\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        load_glossary(load_config(tmp_path))
    return [str(p) for p in failed.value.problems]


def test_validation_errors_have_lines(tmp_path):
    assert glossary_errors(tmp_path, "terms:\n  - en: gradient\n    ko: 그라디언트\n  - en: Gradient\n    ko: 기울기\n") == [
        "glossary.yaml:4: error[glossary]: duplicate term 'Gradient' (first at line 2)"]
    assert glossary_errors(tmp_path, "terms:\n  - en: loss\n    fr: perte\n") == [
        "glossary.yaml:3: error[glossary]: unknown language 'fr' (languages: ko, en; also 'avoid', 'note')"]
    assert glossary_errors(tmp_path, "terms:\n  - en: loss\n  -\n  - {}\n") == [
        "glossary.yaml:3: error[glossary]: empty entry: each entry names at least the source term",
        "glossary.yaml:4: error[glossary]: empty entry: each entry names at least the source term"]
    assert glossary_errors(tmp_path, "terms:\n  - en: training\n    ko: [학습, 훈련]\n    avoid:\n      ko: [훈련]\n") == [
        "glossary.yaml:5: error[glossary]: '훈련' is both accepted and to avoid for 'training' in ko"]
    assert glossary_errors(tmp_path, "terms:\n  - ko: 학습\n") == [
        "glossary.yaml:2: error[glossary]: entry has no 'en' term (the source language)"]


def test_invalid_glossary_fails_the_build_with_its_line(tmp_path):
    site = site_copy(tmp_path)
    (site / "glossary.yaml").write_text("terms:\n  - en: a\n    ko: [\n", encoding="utf-8")
    result = run_cli("build", site)
    assert result.returncode == 1 and "glossary.yaml:4:" in result.stderr and "error[yaml]" in result.stderr


def test_lint_annotation_and_glossary_pages(tmp_path):
    out = tmp_path / "out"
    result = build(site_copy(tmp_path), out)
    assert sorted(map(str, result.problems)) == sorted(LINT + PARITY)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel in ("intro/index.html", "glossary/index.html", "en/glossary/index.html"):
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / rel, GOLDEN / rel)
    for rel in ("intro/index.html", "glossary/index.html", "en/glossary/index.html"):
        assert (out / rel).read_text(encoding="utf-8") == (GOLDEN / rel).read_text(encoding="utf-8"), rel
    page = (out / "intro/index.html").read_text(encoding="utf-8")
    first = '<a class="term" href="/glossary/#training" title="training"><dfn>학습</dfn></a>' \
            '<span class="term-source" lang="en">(training)</span> 중에'
    assert first in page
    assert page.count('href="/glossary/#gradient"') == 1  # the first use only
    assert "역전파(backpropagation)는" in page  # written by hand: left alone
    assert "<code>훈련</code>" in page and "기계학습과" in page  # code and compounds untouched
    assert '<h2 id="훈련-제목">훈련 제목</h2>' in page  # headings are never annotated
    assert '<a href="https://example.org">기울기 링크</a>' in page  # nor link texts
    glossary = (out / "glossary/index.html").read_text(encoding="utf-8")
    assert glossary.index('id="gradient"') < glossary.index('id="backpropagation"')  # 그 < 역: Korean order
    assert '<a href="/intro/">소개</a>' in glossary  # the pages using a term
    assert crawl(out, "") == []


def test_annotate_off_and_all(tmp_path):
    off = build(site_copy(tmp_path / "a", annotate="off"), tmp_path / "off")
    assert off.written and 'class="term"' not in (tmp_path / "off/intro/index.html").read_text(encoding="utf-8")
    every = build(site_copy(tmp_path / "b", annotate="all"), tmp_path / "all")
    page = (tmp_path / "all/intro/index.html").read_text(encoding="utf-8")
    assert every.written and page.count('href="/glossary/#gradient"') == 2
    assert page.count("(gradient)</span>") == 1  # the original is shown once, at the first use


def test_strict_fails_on_glossary_findings(tmp_path):
    result = run_cli("build", site_copy(tmp_path), "--strict", "--no-cache")
    assert result.returncode == 1 and "warning[glossary]" in result.stderr
    check = run_cli("check", site_copy(tmp_path / "c"))
    assert "content/ko/intro.md:6:1: warning[glossary]: '훈련' → use '학습' (training)" in check.stderr


def test_check_knows_the_glossary_anchors(tmp_path):
    site = site_copy(tmp_path)
    (site / "content/ko/links.md").write_text("---\ntitle: 링크\n---\n\n[좋은](/glossary/#gradient) [나쁜](/glossary/#nope)\n",
                                              encoding="utf-8")
    result = run_cli("check", site)
    assert "content/ko/links.md:5:32: warning[anchor]: anchor '#nope' matches no term of the glossary" in result.stderr
    assert "#gradient" not in result.stderr


def test_fix_round_trip(tmp_path):
    site = site_copy(tmp_path)
    before = (site / "content/ko/intro.md").read_text(encoding="utf-8")
    fixed = run_cli("glossary", site, "--fix")
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.splitlines() == [
        "content/ko/intro.md:6:1: '훈련' → '학습'",
        "content/ko/intro.md:6:9: '기울기' → '그라디언트'",
        "content/ko/intro.md:10:2: '기울기' → '그라디언트'",
        "content/ko/intro.md:12:4: '훈련' → '학습'",
        "4 changes",
    ]
    after = (site / "content/ko/intro.md").read_text(encoding="utf-8")
    assert after == before.replace("훈련이 끝나면 기울기를", "학습이 끝나면 그라디언트를") \
        .replace("[기울기 링크]", "[그라디언트 링크]").replace("## 훈련 제목", "## 학습 제목")
    assert "`훈련` $훈련$" in after  # code and math untouched
    lint = run_cli("glossary", site)
    assert lint.stderr.splitlines() == [LINT[0], LINT[3].replace(":6:21:", ":6:23:")]  # what --fix cannot decide
    again = run_cli("glossary", site, "--fix")
    assert again.stdout.splitlines() == ["0 changes"]
    assert (site / "content/ko/intro.md").read_text(encoding="utf-8") == after


def test_unpublished_source_language_gets_no_glossary_page(tmp_path):
    """`publish: false`: the source language's pages are not written, its glossary page neither."""
    site = site_copy(tmp_path)
    with (site / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("publish: false\n")
    (site / "content/ko/links.md").write_text("---\ntitle: 링크\n---\n\n[영어 용어집](/en/glossary/)\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", site, "-o", out, "--no-cache")
    assert result.returncode == 0, result.stderr
    assert not (out / "en").exists() and not (out / "pagefind/en").exists()
    assert "/en/glossary/" not in (out / "glossary/index.html").read_text(encoding="utf-8")
    assert "content/ko/links.md:5:10: warning[link]: link '/en/glossary/'" in result.stderr


def test_fix_writes_the_particle_the_new_term_takes(tmp_path):
    """로스를 → 손실을, not 손실를: a particle that alternates takes the form the preferred term's
    last sound asks for (을/를, 이/가, 은/는, 과/와, 으로/로 with ㄹ); others stay as written."""
    glossary = ("terms:\n  - en: loss\n    ko: 손실\n    avoid: {ko: [로스]}\n"
                "  - en: rule\n    ko: 규칙\n    avoid: {ko: [룰]}\n"
                "  - en: activation\n    ko: 활성화\n    avoid: {ko: [액티베이션]}\n")
    note = ("---\ntitle: 조사\n---\n\n"
            "로스를 줄이면 로스가 작고, 로스는 로스와 다르며 로스로 셉니다.\n\n"
            "룰로 정하고 룰이라는 말, 룰에서 본 룰.\n\n"
            "액티베이션을 거친 액티베이션은 액티베이션과 함께 `로스를` 둡니다.\n")
    site = write_site(tmp_path / "site", {"glossary.yaml": glossary, "content/en/index.md": "# Home\n",
                                          "content/ko/index.md": note},
                      "title: T\nlanguage: en\nlanguages:\n  en: English\n  ko: 한국어\n")
    fixed = run_cli("glossary", site, "--fix")
    assert fixed.returncode == 0, fixed.stderr
    assert (site / "content/ko/index.md").read_text(encoding="utf-8").split("---\n")[2] == (
        "\n손실을 줄이면 손실이 작고, 손실은 손실과 다르며 손실로 셉니다.\n\n"
        "규칙으로 정하고 규칙이라는 말, 규칙에서 본 규칙.\n\n"
        "활성화를 거친 활성화는 활성화와 함께 `로스를` 둡니다.\n")
    assert "content/ko/index.md:5:1: '로스를' → '손실을'" in fixed.stdout.splitlines()
    shown = fixed.stdout.splitlines()
    assert "content/ko/index.md:7:16: '룰' → '규칙'" in shown and "content/ko/index.md:7:22: '룰' → '규칙'" in shown
    again = run_cli("glossary", site, "--fix")
    assert again.stdout.splitlines() == ["0 changes"]
