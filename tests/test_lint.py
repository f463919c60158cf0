"""Lint a team can act on, through the command line, on tests/sites/lint (a Korean translation with
every case: untranslated blocks, glosses in both orders, 하다/시키다/되다 verbs, raw-HTML captions,
two variants on one line, adjacent and overlapping variants, an escape before a variant, code and math)."""

import json
import subprocess
import sys

import pytest

from helpers import fixture_site, run_cli

NOTE = "content/ko/note.md"
GLOSSARY = [  # every finding of the glossary, in order: (line, col, message)
    (7, 5, "'훈련' → use '학습' (training)"),  # 훈련하는
    (7, 13, "'훈련' → use '학습' (training)"),  # 훈련을 (재훈련기 after it is another word)
    (8, 8, "'훈련' → use '학습' (training)"),  # 훈련하였다
    (8, 18, "'훈련' → use '학습' (training)"),  # 훈련시켜라
    (8, 25, "'훈련' → use '학습' (training)"),  # 훈련된
    (8, 33, "'기울기' → use '그라디언트' (gradient)"),  # adjacent: 기울기,기울기 벡터
    (8, 37, "'기울기 벡터' → use '그라디언트' (gradient)"),  # the longer variant wins over 기울기
    (8, 50, "'노멀라이즈' → use '정규화' (normalization)"),  # 노멀라이즈된
    (11, 9, "'gradient' is left in English: use '그라디언트'"),  # line 10 glosses in both orders: none
    (18, 81, "'기울기' → use '그라디언트' (gradient)"),  # raw HTML: the caption's text, not alt="기울기 그림"
    (18, 87, "'loss function' is left in English: use '손실 함수'"),
    (20, 29, "'훈련' → use '학습' (training)"),  # after an escape; not the 훈련 in code or math before it
]
UNTRANSLATED = [(13, "paragraph"), (16, "list item")]


@pytest.fixture
def site(tmp_path):
    return fixture_site("lint", tmp_path / "site")


def findings(site, *args):
    result = run_cli("check", site, "--format", "json", *args)
    return result, json.loads(result.stdout)["problems"]


def test_every_finding_once_at_its_place(site):
    result, problems = findings(site)
    assert result.returncode == 0
    glossary = [(p["line"], p["column"], p["message"]) for p in problems if p["code"] == "glossary"]
    assert glossary == GLOSSARY
    untranslated = [(p["file"], p["line"], p["severity"], p["message"]) for p in problems if p["code"] == "untranslated"]
    assert untranslated == [(NOTE, line, "info", f"{kind} still in the source language (en): not translated yet")
                            for line, kind in UNTRANSLATED]
    # The untranslated paragraph names gradient, loss function, backpropagation, training: no finding of them
    assert not [p for p in problems if p["line"] in (13, 16) and p["code"] == "glossary"]
    # info never fails a check, not even a strict one; the warnings do
    assert run_cli("check", site, "--strict").returncode == 1
    (site / NOTE).write_text((site / NOTE).read_text(encoding="utf-8").split("\n\n모델을")[0] + "\n\nThe rest is English.\n",
                             encoding="utf-8")
    strict = run_cli("check", site, "--strict")
    assert strict.returncode == 0, strict.stderr
    assert f"{NOTE}:7: info[untranslated]" in strict.stderr + strict.stdout


def test_fix_rewrites_every_occurrence_in_one_run(site):
    before = (site / NOTE).read_text(encoding="utf-8")
    first = run_cli("glossary", site, "--fix")
    assert first.returncode == 0, first.stderr
    fixable = [g for g in GLOSSARY if "→" in g[2]]
    assert first.stdout.splitlines()[-1] == f"{len(fixable)} changes"
    after = (site / NOTE).read_text(encoding="utf-8")
    expected = (before.replace("훈련하는 동안 훈련을", "학습하는 동안 학습을")
                .replace("훈련하였다. 다시 훈련시켜라. 훈련된 모델은 기울기,기울기 벡터를 씁니다. 노멀라이즈된",
                         "학습하였다. 다시 학습시켜라. 학습된 모델은 그라디언트,그라디언트를 씁니다. 정규화된")
                .replace("그림 1: 기울기 와", "그림 1: 그라디언트 와").replace("a\\*b 훈련을", "a\\*b 학습을"))
    assert after == expected
    assert "재훈련기" in after and "alt=\"기울기 그림\"" in after and "<code>훈련</code>" in after
    assert "`훈련` 과 $훈련$" in after
    second = run_cli("glossary", site, "--fix")
    assert second.stdout.splitlines() == ["0 changes"]
    assert (site / NOTE).read_text(encoding="utf-8") == after


def test_fix_keeps_every_other_byte_crlf_and_bom(site):
    text = "\ufeff---\r\ntitle: 둘\r\n---\r\n\r\n훈련을 마치고 다시 훈련하는 날, 훈련 훈련된 기울기기울기 없이.\r\n\r\n끝 \u00a0 줄\r\n"
    (site / "content/ko/crlf.md").write_bytes(text.encode("utf-8"))
    assert run_cli("glossary", site, "--fix").returncode == 0
    data = (site / "content/ko/crlf.md").read_bytes()
    assert data == text.replace("훈련을 마치고 다시 훈련하는 날, 훈련 훈련된", "학습을 마치고 다시 학습하는 날, 학습 학습된") \
        .encode("utf-8")  # 기울기기울기 is one word, no variant with a tail
    assert run_cli("glossary", site, "--fix").stdout.splitlines() == ["0 changes"]


def test_fix_in_a_note_with_one_crlf_line(site):
    """One CRLF line in an LF note (real notes have them): the lines after it are still found and
    fixed, and every line keeps its own end."""
    text = "---\ntitle: 셋\n---\n\n첫 줄은 CRLF로 끝납니다.\r\n\n훈련을 마치고 다시 훈련하는 날.\n"
    (site / "content/ko/mixed.md").write_bytes(text.encode("utf-8"))
    assert run_cli("glossary", site, "--fix").returncode == 0
    assert (site / "content/ko/mixed.md").read_bytes() == \
        text.replace("훈련을 마치고 다시 훈련하는", "학습을 마치고 다시 학습하는").encode("utf-8")


def test_raw_html_is_linted_but_never_annotated(site, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", site, "-o", out)
    assert result.returncode == 0, result.stderr
    page = (out / "note/index.html").read_text(encoding="utf-8")
    assert '<div class="figcaption">그림 1: 기울기 와 loss function 의 관계 <code>훈련</code></div>' in page
    assert 'alt="기울기 그림"' in page
    # glosses written by hand, in either order, are not annotated again
    assert "**" not in page and "<strong>Loss function(손실 함수)</strong>" in page
    assert "<strong>손실 함수 (loss function)</strong>" in page


def test_check_groups_findings_by_code_and_file(site):
    result = run_cli("check", site)
    lines = result.stderr.splitlines()
    shown = [line for line in lines if ": warning[glossary]: " in line]
    assert len(shown) == 10 and lines[-1] == f"… and 2 more warning[glossary] in {NOTE}"
    assert f"{NOTE}:13: info[untranslated]: paragraph still in the source language (en): not translated yet" in lines
    assert "13 warnings, 2 info" in result.stdout
    verbose = run_cli("check", site, "--verbose").stderr.splitlines()
    assert [line for line in verbose if "warning[glossary]" in line] == [
        f"{NOTE}:{line}:{col}: warning[glossary]: {message}" for line, col, message in GLOSSARY]
    assert not any(line.startswith("…") for line in verbose)
    _, problems = findings(site)
    assert {"file", "line", "column", "severity", "code", "message"} <= set(problems[0])
    assert len([p for p in problems if p["code"] == "glossary"]) == len(GLOSSARY)
    build = run_cli("build", site, "-o", site.parent / "out")
    assert build.stderr.splitlines()[-1] == f"… and 2 more warning[glossary] in {NOTE}"


def test_serve_prints_a_summary_and_the_url(site):
    proc = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", str(site), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        while not lines or "serving" not in lines[-1]:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            lines.append(line.rstrip("\n"))
        assert len(lines) == 2, lines
        assert lines[0].startswith("rebuilt in ") and lines[0].endswith(
            "(0 errors, 13 warnings, 2 info: listed in the browser)")
        assert lines[1].startswith(f"serving {site} at http://127.0.0.1:")
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_raw_html_lines_and_broken_html(site):
    (site / "content/ko/fig.md").write_text(
        "---\ntitle: 그림\n---\n\n<figure>\n  <img src=\"/fig.svg\" alt=\"훈련\">\n  <figcaption>모델을 &amp; 훈련하는 그림\n"
        "  그리고 기울기</figcaption>\n</figure>\n\n<div>\n<![ x 훈련을\n</div>\n", encoding="utf-8")
    result, problems = findings(site)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert [(p["line"], p["column"], p["message"]) for p in problems if p["file"] == "content/ko/fig.md"] == [
        (7, 25, "'훈련' → use '학습' (training)"), (8, 7, "'기울기' → use '그라디언트' (gradient)")]
    assert run_cli("glossary", site, "--fix").returncode == 0
    assert "<figcaption>모델을 &amp; 학습하는 그림\n  그리고 그라디언트</figcaption>" in \
        (site / "content/ko/fig.md").read_text(encoding="utf-8")
