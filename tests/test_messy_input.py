"""Messy input from real sites, through the command line, where a fixture folder of
tests/sites_invalid/ cannot hold it (names that are not UTF-8, bytes git would normalise)."""

import os

from helpers import run_cli, write_site

CONFIG = "title: T\nlanguage: en\n"


def test_names_that_are_not_utf8_are_errors_not_a_crash(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, CONFIG, theme=False)
    os.makedirs(os.fsencode(site / "content/en") + b"/caf\xe9")
    (site / "content/en").joinpath(os.fsdecode(b"caf\xe9/note.md")).write_text("# Note\n")
    (site / "content/en").joinpath(os.fsdecode(b"r\xe9sum\xe9.md")).write_text("# CV\n")
    result = run_cli("build", site)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    why = "error[file]: the name is not valid UTF-8 (a name from another system's encoding): rename it; nothing is published from it"
    assert result.stderr.splitlines()[:2] == [f"content/en/caf\\xe9: {why}", f"content/en/r\\xe9sum\\xe9.md: {why}"]
    assert not (site / "_site").exists()


def test_a_line_of_liquid_tags_keeps_its_text(tmp_path):
    note = "# N\n\n{% if page.draft %}Only drafts say this.{% endif %}\n\n{% include box.html %}\n\n{#id .wide}\nKept.\n"
    site = write_site(tmp_path / "site", {"content/en/index.md": note}, CONFIG)
    result = run_cli("build", site)
    assert result.returncode == 0, result.stderr
    html = (site / "_site/index.html").read_text()
    assert "<p>{% if page.draft %}Only drafts say this.{% endif %}</p>" in html
    assert "<p>{% include box.html %}</p>" in html
    assert '<p id="id" class="wide">Kept.</p>' in html  # attributes still work
    assert result.stderr.count("warning[liquid]") == 3


def test_a_decomposed_name_is_read_as_composed(tmp_path):
    """macOS may save 역전파.md decomposed (NFD); a link typed in a note is composed (NFC). The page,
    its URL and the link agree; two names that differ only so are an error."""
    import unicodedata

    name = unicodedata.normalize("NFD", "역전파")
    assert name != "역전파"
    files = {"content/ko/index.md": "# 홈\n\n[역전파](역전파.md)와 ![그림](그림.png)\n",
             f"content/ko/{name}.md": "# 역전파\n\n글.\n"}
    site = write_site(tmp_path / "site", files, "title: T\nlanguage: ko\n")
    (site / "content/ko" / unicodedata.normalize("NFD", "그림.png")).write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run_cli("build", site)
    assert result.returncode == 0 and "warning[link]" not in result.stderr, result.stderr
    out = site / "_site"
    assert (out / "역전파" / "index.html").is_file() and (out / "그림.png").is_file()
    assert '<a href="/역전파/">역전파</a>' in (out / "index.html").read_text(encoding="utf-8")  # composed
    (site / "content/ko/역전파.md").write_text("# 둘째\n", encoding="utf-8")  # the same name, composed
    result = run_cli("build", site)
    assert result.returncode == 1, result.stderr
    assert "content/ko/역전파.md: error[file]: two files have this name, written with different Unicode forms" in result.stderr


def test_a_merge_key_overridden_is_not_a_key_given_twice(tmp_path):
    """`<<: *defaults` then a key of its own is how YAML overrides a merged value: no finding, in
    site.yaml (where a key given twice is an error) or front matter. Nor are `1` and `"1"` one key."""
    config = "title: T\nlanguage: en\nparams:\n  fall: &f\n    term: Fall\n    year: 2024\n  spring:\n    <<: *f\n    term: Spring\n"
    note = "---\ntitle: N\nbase: &b\n  level: 1\nextra:\n  <<: *b\n  level: 2\n  1: one\n  '1': also one\n---\n\nText.\n"
    site = write_site(tmp_path / "site", {"content/en/index.md": note}, config, theme=False)
    result = run_cli("build", site, "--strict")
    assert "warning[yaml]" not in result.stderr and "error[yaml]" not in result.stderr, result.stderr
    site.joinpath("site.yaml").write_text(config.replace("spring:\n", "spring:\n    year: 2023\n    year: 2025\n"), encoding="utf-8")
    result = run_cli("build", site)
    assert "site.yaml:9: error[yaml]: key 'year' is given twice (first at line 8)" in result.stderr, result.stderr


def test_a_name_not_utf8_at_the_top_of_content_is_shown_by_its_bytes(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, CONFIG, theme=False)
    (site / "content").joinpath(os.fsdecode(b"r\xe9sum\xe9.md")).write_text("# CV\n")
    result = run_cli("build", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[0] == "content/r\\xe9sum\\xe9.md: error[content]: files belong in a language folder, content/<lang>/"
