"""The repo's own course (content/, templates/, static/) is the showcase: it must build cleanly
with --strict under its baseurl and under none, and every link must resolve."""

from helpers import REPO, crawl, parse_html, run_cli, visible_text


def test_sample_course_builds_strict_and_links_resolve(tmp_path):
    for baseurl in ("/learning-notes", ""):
        out = tmp_path / (baseurl.strip("/") or "root")
        result = run_cli("build", REPO, "-o", out, "--strict", "--baseurl", baseurl, "--no-cache")
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert crawl(out, baseurl) == []


def test_sample_course_has_two_languages_and_shows_features(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", REPO, "-o", out, "--no-cache").returncode == 0
    notes = [p.parent.name for p in (out / "en").glob("*/index.html") if p.parent.name not in ("print", "glossary")]
    assert len(notes) >= 4
    for note in notes:
        assert (out / note / "index.html").is_file(), f"no Korean translation of {note}"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in home and 'hreflang="en"' in home
    assert all(f'href="/learning-notes/{n}/"' in home for n in notes)  # the course index lists every note
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    for feature in ('class="katex"', 'class="katex-display"', '<table tabindex="0">', 'class="highlight"', "<img", "<strong>",
                    'class="transcript bilingual"', 'class="badge lecture"'):
        assert feature in everything, feature
    assert "**" not in visible_text(everything)  # Korean emphasis parsed everywhere


def test_page_template_shows_toc_and_language_switcher(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", REPO, "-o", out, "--no-cache").returncode == 0
    page = parse_html((out / "gradient-descent/index.html").read_text(encoding="utf-8"))
    assert "/learning-notes/en/gradient-descent/" in page.urls
    assert {"step-size", "mini-batches"} <= page.ids
    assert "#step-size" in page.urls  # table of contents


def test_course_index_modules_and_pager(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", REPO, "-o", out, "--no-cache").returncode == 0
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.index("<h2>1부 · 모델</h2>") < home.index("<h2>2부 · 최적화</h2>")  # site.yaml order and titles
    assert home.index("선형 모델") < home.index("손실 함수") < home.index("경사 하강법") < home.index("역전파")
    page = (out / "loss-functions/index.html").read_text(encoding="utf-8")
    assert '<a class="prev" rel="prev" href="/learning-notes/linear-models/">← 선형 모델</a>' in page
    assert "next" not in page.split('class="pager"')[1].split("</nav>")[0].replace("Previous and next", "")  # last of its module
    assert '<span class="module">1부 · 모델</span>' in page
    en = (out / "en/gradient-descent/index.html").read_text(encoding="utf-8")
    assert '<a class="next" rel="next" href="/learning-notes/en/backpropagation/">Backpropagation →</a>' in en
