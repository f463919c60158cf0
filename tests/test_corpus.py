"""The real CS231n notes (../shared/corpus/cs231n-en), laid out as a site under baseurl /cs231n:
every note becomes a page, no `$$`, `\\(` or `{{` is left in any page's text outside code, and every
math expression renders (the two genuinely broken ones fall back to MathML, with a warning)."""

import re
import shutil

import pytest

from helpers import CORPUS, visible_text
from site_builder.build.build import build

SOURCE = CORPUS / "cs231n-en"
pytestmark = pytest.mark.skipif(not SOURCE.is_dir(), reason="shared corpus not present")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("cs231n")
    site = root / "site"
    notes = sorted(p for p in SOURCE.rglob("*.md"))
    for note in notes:
        dest = site / "content" / "en" / note.relative_to(SOURCE)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(note, dest)
    shutil.copytree(SOURCE / "assets", site / "static" / "assets")
    keys = re.findall(r"^(hw_\d_colab): (\S+)$", (SOURCE / "_config.yml").read_text(), re.M)
    params = "".join(f"  {k}: {v}\n" for k, v in keys)
    (site / "site.yaml").write_text(f"title: CS231n\nurl: https://cs231n.github.io\nbaseurl: /cs231n\n"
                                    f"language: en\nparams:\n{params}", encoding="utf-8")
    out = root / "out"
    result = build(site, out)
    return notes, out, result


def test_every_note_becomes_a_page(built):
    notes, out, result = built
    assert result.written, [str(p) for p in result.problems]
    assert result.pages == len(notes) + 1 >= 61  # + the generated course index
    assert "<h1>CS231n</h1>" in (out / "index.html").read_text(encoding="utf-8")
    for note in notes:
        permalink = re.search(r"^permalink:\s*/?(\S*?)/?\s*$", note.read_text(encoding="utf-8"), re.M)
        stem = permalink.group(1) if permalink else note.relative_to(SOURCE).with_suffix("").as_posix()
        assert (out / stem / "index.html").is_file(), stem


def test_no_raw_math_or_liquid_left_in_text(built):
    _, out, _ = built
    leftovers = []
    for page in sorted(out.rglob("*.html")):
        text = visible_text(page.read_text(encoding="utf-8"))
        for marker in ("$$", "\\\\(", "\\(", "{{"):
            if marker in text:
                i = text.index(marker)
                leftovers.append(f"{page.relative_to(out)}: {marker!r} in ...{text[max(0, i - 40):i + 40]!r}")
    assert leftovers == []


def test_currency_is_not_math(built):
    _, out, _ = built
    text = visible_text((out / "terminal-tutorial/index.html").read_text(encoding="utf-8"))
    assert "$0.124 per hour" in text and "$3 the first time" in text


def test_every_expression_renders_and_only_the_broken_ones_warn(built):
    _, out, result = built
    math = [p for p in result.problems if p.code == "math"]
    assert all(p.severity == "warning" for p in math)
    assert not [p for p in math if "numbered" in p.message]  # the build numbers align as LaTeX does
    assert [(p.file, p.line) for p in math] == [
        ("content/en/adversary-attacks.md", 186), ("content/en/nerf.md", 52)]  # the two that do not render
    assert sum(page.read_text(encoding="utf-8").count('class="katex"') for page in out.rglob("*.html")) > 900
    assert not any('class="math-error"' in page.read_text(encoding="utf-8") for page in out.rglob("*.html"))


def test_numbered_environments_show_their_numbers(built):
    """The two `align`s of the notes are numbered row by row, per note; the empty rows that kramdown's
    `\\\\\\\\` leaves between them are not."""
    _, out, _ = built
    for note, rows in (("neural-networks-2", 5), ("optimization-1", 4)):
        html = (out / note / "index.html").read_text(encoding="utf-8")
        assert re.findall(r"\\tag\{(\d+)\}", html) == [str(n) for n in range(1, rows + 1)]  # what KaTeX typeset
        assert html.count('<span class="tag">') == 1


def test_images_under_the_baseurl(built):
    _, out, _ = built
    html = (out / "linear-classify/index.html").read_text(encoding="utf-8")
    srcs = re.findall(r'<img [^>]*src="([^"]+)"', html)  # (the page's scripts are under /cs231n/js/)
    assert srcs and all(s.startswith(("/cs231n/assets/", "http")) for s in srcs)
    assert all((out / s[len("/cs231n/"):]).is_file() for s in srcs if s.startswith("/cs231n/"))
