"""The two-language fixture site under baseurl /course, built end to end and compared to a
golden tree (UPDATE_GOLDEN=1 regenerates it); every href/src of the output is crawled."""

import os
import shutil
from pathlib import Path

from helpers import BASIC_WARNINGS, crawl, run_cli
from site_builder.build.build import build

HERE = Path(__file__).resolve().parent
SITE = HERE / "sites" / "basic"
GOLDEN = HERE / "golden" / "basic"


def _named_only(rel: str) -> bool:
    """KaTeX's stylesheet and fonts (the package's own files: test_theme compares them byte for
    byte) and Pagefind's bundles (its binary format; their names hash their content, and
    test_search searches them) are named but not kept."""
    return rel.startswith(("katex/", "pagefind/")) and rel.count("/") >= 2


def tree(root: Path) -> dict[str, bytes]:
    """The files of an output (see _named_only)."""
    return {rel: b"" if _named_only(rel) else p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() for rel in [p.relative_to(root).as_posix()]}


def test_matches_golden_tree(tmp_path):
    out = tmp_path / "out"
    result = build(SITE, out)
    assert result.written and tuple(map(str, result.problems)) == BASIC_WARNINGS  # the checks run in build
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN, copy_function=lambda s, d: shutil.copy2(s, d)
                        if not _named_only(Path(s).relative_to(out).as_posix()) else Path(d).write_bytes(b""))
    expected, actual = tree(GOLDEN), tree(out)
    assert sorted(actual) == sorted(expected)
    for rel in expected:
        assert actual[rel] == expected[rel], f"{rel} differs from the golden copy (UPDATE_GOLDEN=1 to accept)"


def test_every_href_and_src_resolves(tmp_path):
    out = tmp_path / "out"
    assert build(SITE, out).written
    assert crawl(out, "/course") == []


def test_same_input_gives_byte_identical_output(tmp_path):
    build(SITE, tmp_path / "a")
    build(SITE, tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_baseurl_override_from_cli(tmp_path):
    out = tmp_path / "root"
    result = run_cli("build", SITE, "-o", out, "--baseurl", "", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert crawl(out, "") == []
    html = (out / "notes/intro/index.html").read_text(encoding="utf-8")
    assert 'href="/second-note/#regularization"' in html and "/course/" not in html


def test_outputs_of_a_pages_site(tmp_path):
    out = tmp_path / "out"
    build(SITE, out)
    assert (out / ".nojekyll").read_bytes() == b""
    assert (out / "CNAME").read_text() == "notes.golden.example\n"
    assert "<loc>https://golden.example/course/second-note/</loc>" in (out / "sitemap.xml").read_text()
    assert (out / "404.html").is_file() and (out / "css/pygments.css").is_file()
    assert (out / "notes/fig.svg").is_file()  # a file beside its note
    pygments = (out / "css/pygments.css").read_text()
    assert "prefers-color-scheme: dark" in pygments and ".highlight .k" in pygments
