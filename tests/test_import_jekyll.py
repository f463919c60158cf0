"""import-jekyll on a fixture Jekyll site (glossary table, a note without front matter, a missing
asset, a Liquid include) and on the real CS231n notes."""

import json
import re
from html.parser import HTMLParser

import pytest

from helpers import CORPUS, crawl, run_cli, visible_text

HERE = __import__("pathlib").Path(__file__).resolve().parent
JEKYLL = HERE / "sites" / "jekyll"


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")}


def test_fixture_import_report_glossary_and_round_trip(tmp_path):
    before = snapshot(JEKYLL)
    dest = tmp_path / "site"
    result = run_cli("import-jekyll", JEKYLL, dest, "--lang", "ko")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "  2 notes into content/, 1 files into static/",
        "  site.yaml with 2 custom keys (lecture_videos, term_year)",
        "  glossary.yaml with 3 terms",
        "  check-baseline.yaml: the first check's findings recorded (0 errors, 1 warning); check and build fail only "
        "on new ones",
        "not converted (9):",
        "  _config.yml: 'authors' is not a scalar and was not imported",
        "  _includes/: Jekyll includes are not converted (the theme's templates are used)",
        "  _layouts/: Jekyll layouts are not converted (the theme's templates are used)",
        "  drafts/: excluded by _config.yml",
        "  glossary.md: row ['', '빈 칸'] has no source term or no translation",
        "  index.html: a Liquid page or stylesheet (front matter + Liquid) is not converted",
        "  index.md: generated as the course index (layout: home lists every note)",
        "  notes/intro.md: layout 'post' has no template here; 'page' is used",
        '  notes/intro.md:13: Liquid tag {% include figure.html src="/assets/img/curve.png" %} not converted (left as an HTML comment)',
    ]
    assert snapshot(JEKYLL) == before  # SRC is never written
    assert (dest / "glossary.yaml").read_text(encoding="utf-8").splitlines()[1:] == [
        "terms:", "- en: gradient", "  ko: 그라디언트", "- en: dropout", "  ko: dropout",
        "- en: loss function", "  ko:", "  - 손실 함수", "  - 비용 함수"]
    site_yaml = (dest / "site.yaml").read_text(encoding="utf-8")
    for line in ("baseurl: /dl-notes", "language: ko", "  lecture_videos: https://videos.example.org/dl", "  term_year: 2024"):
        assert line in site_yaml.splitlines()
    assert (dest / "static/assets/img/curve.png").read_bytes() == b"PNG"
    assert not (dest / "templates").exists() and not (dest / "static/css").exists()  # the bundled theme serves it

    out = tmp_path / "out"
    built = run_cli("build", dest, "-o", out)
    assert built.returncode == 0, built.stderr
    plain = (out / "notes/plain/index.html").read_text(encoding="utf-8")
    assert "<title>앞머리 없는 노트 ·" in plain and 'href="/dl-notes/intro/"' in plain
    intro = (out / "intro/index.html").read_text(encoding="utf-8")
    assert "<strong>최적화(optimization)</strong>에" in intro and 'src="/dl-notes/assets/img/curve.png"' in intro
    assert 'href="https://videos.example.org/dl"' in intro
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="/dl-notes/intro/"' in home and 'href="/dl-notes/notes/plain/"' in home

    missing = ("content/ko/notes/intro.md:11:10: warning[link]: image '{{site.baseurl}}/assets/img/missing.png' "
               "leads to /assets/img/missing.png, which the site does not have")
    known = "1 known findings (0 errors, 1 warning) suppressed by check-baseline.yaml (--show-known lists them)"
    assert built.stderr.splitlines() == [known]  # the build runs the checks too; the import's baseline has this one
    checked = run_cli("check", dest, "--strict", "--no-baseline")
    assert checked.returncode == 1
    assert checked.stderr.splitlines()[:-1] == [missing]
    assert run_cli("check", dest, "--strict").returncode == 0


def test_refuses_non_empty_dest_and_non_jekyll_src(tmp_path):
    (tmp_path / "dest").mkdir()
    (tmp_path / "dest" / "x").write_text("x")
    result = run_cli("import-jekyll", JEKYLL, tmp_path / "dest")
    assert result.returncode == 1 and "DEST exists and is not empty" in result.stderr
    result = run_cli("import-jekyll", tmp_path, tmp_path / "other")
    assert result.returncode == 1 and "no _config.yml" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("import-jekyll", JEKYLL, JEKYLL / "inside")
    assert result.returncode == 1 and "outside SRC" in result.stderr and not (JEKYLL / "inside").exists()


SOURCE = CORPUS / "cs231n-en"
corpus = pytest.mark.skipif(not SOURCE.is_dir(), reason="shared corpus not present")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    dest = tmp_path_factory.mktemp("imp") / "site"
    result = run_cli("import-jekyll", SOURCE, dest, "--lang", "en")
    assert result.returncode == 0, result.stderr
    return dest


@corpus
def test_corpus_import_builds_under_baseurl(imported, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", imported, "-o", out, "--baseurl", "/cs231n")
    assert result.returncode == 0, result.stderr
    notes = sorted(SOURCE.rglob("*.md"))
    for note in notes:
        permalink = re.search(r"^permalink:\s*/?(\S*?)/?\s*$", note.read_text(encoding="utf-8"), re.M)
        stem = permalink.group(1) if permalink else note.relative_to(SOURCE).with_suffix("").as_posix()
        assert (out / stem / "index.html").is_file(), stem
    pattern = re.compile(r"\{\{\s*site\.baseurl\s*\}\}(/assets/[^)\"'\s]+)|src=\"(/assets/[^\"]+)\"")
    images = [a or b for note in notes for a, b in pattern.findall(note.read_text(encoding="utf-8"))]
    assert len(images) > 90
    assert [p for p in images if not (out / p.lstrip("/")).is_file()] == []
    for page in out.rglob("*.html"):
        text = visible_text(page.read_text(encoding="utf-8"))
        assert not any(m in text for m in ("$$", "\\(", "{{")), page
    assert all("/assets/" not in b for b in crawl(out, "/cs231n")), "an /assets/ image does not resolve"


# Every finding of `check` on the imported notes: all are real defects of the published site.
ANCHORS_GM = ["Motivation-and-Overview", "Pixel-RNN/CNN", "Explicit-density-model", "Pixel-RNN", "Pixel-CNN",
              "Variational-Autoencoder", "Overview-of-Variational-Autoencoder",
              "Autoencoders-v.s.-Variational-Autoencoders", "VAE-Mathematical-Explanation", "VAE-training-process",
              "Generative-Adversarial-Networks", "Overview-of-Generative-Adversarial-Networks",
              "Generative-Adversarial-Nets---2014-original-version", "Discriminator-network", "Generator-network",
              "GAN-Mathematical-explanation", "Evaluation", "Inception-Scores", "Nearest-Neighbours",
              "HYPE---Human-eye-perceptual-Evaluation", "Challenges", "Optimization", "Mode-collapse",
              "Case-Studies", "DCGAN", "CycleGAN", "StyleGAN", "Summary"]
IPYTHON = [("2015/assignment1", 55), ("2015/assignment2", 61), ("2015/assignment3", 72), ("2016/assignment1", 58),
           ("2016/assignment2", 90), ("2016/assignment3", 85), ("2017/assignment2", 88), ("2017/assignment3", 98),
           ("2018/assignment1", 40), ("2018/assignment2", 43), ("2018/assignment3", 43), ("2019/assignment1", 39),
           ("2017/assignment1", 65)]  # `[IPython tutorial](/ipython-tutorial.md)`: a root-relative note that is not there


def shift(imported, name: str) -> int:
    """Lines the import added to a note (all in its front matter)."""
    before = (SOURCE / name).read_text(encoding="utf-8").count("\n")
    return (imported / "content/en" / name).read_text(encoding="utf-8").count("\n") - before


@corpus
def test_check_reports_the_real_defects_and_nothing_else(imported):
    result = run_cli("check", imported, "--format", "json", "--no-baseline")
    assert result.returncode == 0  # all warnings: `check --strict` would fail on them, but for the baseline
    report = json.loads(result.stdout)
    found = {(p["file"].removeprefix("content/en/"), p["line"], p["code"], p["severity"]) for p in report["problems"]}
    expected = set()
    for name, line in IPYTHON:
        expected.add((f"assignments/{name}.md", line, "link", "warning"))
    for i, _ in enumerate(ANCHORS_GM):
        expected.add(("generative-modeling.md", 9 + i, "anchor", "warning"))
    expected |= {("assignments/2023/assignment3.md", 19, "anchor", "warning"),
                 ("assignments/2024/assignment3.md", 18, "anchor", "warning"),
                 ("choose-project.md", 21, "anchor", "warning"), ("transfer-learning.md", 11, "anchor", "warning"),
                 ("adversary-attacks.md", 186, "math", "warning"), ("nerf.md", 52, "math", "warning")}
    for n, lines in ((1, (15, 75)), (2, (15, 62)), (3, (15, 65))):
        expected |= {(f"assignments/2020/assignment{n}.md", line, "liquid", "warning") for line in lines}
    # Notes the index lists got front matter lines (module, order, …): their findings moved down by as many.
    expected = {(name, line + shift(imported, name), code, severity) for name, line, code, severity in expected}
    # Pages of one title: the old assignments all start with "## Setup"; each year's "Assignment N".
    expected |= {(f"assignments/{year}/assignment{n}.md", 1, "title", "warning")
                 for year in range(2015, 2020) for n in (1, 2, 3)} - {("assignments/2015/assignment1.md", 1, "title", "warning")}
    expected |= {(f"assignments/{year}/assignment{n}.md", 3, "title", "warning") for year in range(2021, 2026) for n in (1, 2, 3)}
    expected.add(("generative-models.md", 1, "title", "warning"))  # first heading: the title of generative-modeling.md
    assert found == expected
    messages = {(p["file"], p["line"]): p["message"] for p in report["problems"]}
    assert messages[("content/en/generative-modeling.md", 9)] == \
        "anchor '#Motivation-and-Overview' matches no heading or id on this page"
    assert messages[("content/en/assignments/2015/assignment1.md", 55)] == \
        "link '/ipython-tutorial' leads to /ipython-tutorial, which the site does not have"
    assert report["summary"] == {"errors": 0, "warnings": len(expected), "info": 0, "pages": 65, "ok": True}
    assert any(e["url"].startswith("https://") for e in report["external_links"])
    assert not (imported / "_site").exists()  # check never writes the output

    # The import recorded exactly these in its baseline: the workflow's check passes on its first run.
    known = run_cli("check", imported, "--strict", "--baseurl", "/cs231n", "--format", "json")
    assert known.returncode == 0, known.stdout
    summary = json.loads(known.stdout)["summary"]
    assert summary["known"] == len(expected) and summary["stale_baseline_entries"] == 0 and summary["warnings"] == 0
    assert run_cli("build", imported, "--strict", "-o", imported.parent / "strict-out").returncode == 0


@corpus
def test_relative_md_link_to_an_existing_note_is_fixed_not_reported(imported, tmp_path):
    """python-numpy-tutorial.md links `setup.md`: broken under Jekyll (relative to the pretty URL),
    resolved here to the note's own permalink."""
    out = tmp_path / "out"
    assert run_cli("build", imported, "-o", out, "--baseurl", "/cs231n").returncode == 0
    html = (out / "python-numpy-tutorial/index.html").read_text(encoding="utf-8")
    assert 'href="/cs231n/setup-instructions/"' in html


class _Listing(HTMLParser):
    """Module headers and the links under them, in page order: `module-header` / `materials-item`
    (the Jekyll index), or the generated home's `<h2>` and `<li>` (comments skipped, as a browser does)."""

    def __init__(self, header: str, item: str) -> None:
        super().__init__(convert_charrefs=True)
        self.header, self.item = header, item
        self.groups: list[tuple[str, list[list[str]]]] = []
        self.in_header = self.in_link = False
        self.in_item = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if self.header in classes or tag == "section":  # the generated home: a section per module
            self.in_header = tag != "section"
            self.groups.append(("", []))
        elif tag == self.header:
            self.in_header = True
        elif self.item in classes or tag == self.item:
            self.in_item += 1
        elif tag == "a" and self.in_item and self.groups:
            self.in_link = True
            self.groups[-1][1].append([a["href"], ""])

    def handle_endtag(self, tag):
        if tag == "a":
            self.in_link = False
        elif self.in_header and tag in ("div", "h2"):
            self.in_header = False
        elif tag in ("div", "li") and self.in_item and not self.in_link:
            self.in_item = max(0, self.in_item - 1) if tag == ("li" if self.item == "li" else "div") else self.in_item

    def handle_data(self, data):
        if self.in_header:
            title, links = self.groups[-1]
            self.groups[-1] = ((title + " " + data).strip(), links)
        elif self.in_link:
            self.groups[-1][1][-1][1] = " ".join((self.groups[-1][1][-1][1] + " " + data).split())


@corpus
def test_corpus_home_has_the_index_modules_order_and_titles(imported, tmp_path):
    original = _Listing("module-header", "materials-item")
    original.feed((SOURCE / "index.html").read_text(encoding="utf-8"))
    out = tmp_path / "out"
    assert run_cli("build", imported, "-o", out).returncode == 0
    home = _Listing("h2", "li")
    home.feed((out / "index.html").read_text(encoding="utf-8"))
    # The original's links are relative to its root, the built home's root-relative: '/x/' for 'x/'.
    expected = [(title, [("/" + href, text) for href, text in links if href != "#"]) for title, links in original.groups]
    assert len(expected) == 5 and sum(len(links) for _, links in expected) == 17
    got = [(title, [(href, text) for href, text in links]) for title, links in home.groups[:len(expected)]]
    assert [(title, [href for href, _ in links]) for title, links in got] == \
        [(title, [href for href, _ in links]) for title, links in expected]
    for (_, links), (_, theirs) in zip(got, expected):
        for (href, text), (_, index_text) in zip(links, theirs):
            note = next(n for n in SOURCE.rglob("*.md") if f"permalink: {href}" in n.read_text(encoding="utf-8")
                        or f"permalink: {href.lstrip('/')}" in n.read_text(encoding="utf-8"))
            own = re.search(r"^title:\s*(.+)$", note.read_text(encoding="utf-8"), re.M)
            # The index's link text, unless the note's own title (front matter) identifies it.
            assert text in (index_text, own and own.group(1).strip()), (href, text)
    intro = " ".join(visible_text((out / "index.html").read_text(encoding="utf-8")).split())
    assert "These notes accompany the Stanford CS class CS231n: Deep Learning for Computer Vision." in intro
    assert "Justin Johnson" not in intro  # commented out in the original
    classification = (out / "classification/index.html").read_text(encoding="utf-8")
    assert "<title>Image Classification: Data-driven Approach, k-Nearest Neighbor, train/val/test splits" in classification
