"""The bundled theme and KaTeX's stylesheet and fonts: a site without templates/ or static/ builds
with them, a site's own files override them one by one, and nothing a page loads comes from the
network."""

from __future__ import annotations

import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import REPO, crawl, fixture_site, run_cli, write_site
from site_builder.content.theme import KATEX_DIR, THEME_DIR, katex_folder

NOTE = """\
---
title: Scores
---

A score $s = w^\\top x$ and a sum:

$$
L = \\frac{1}{N} \\sum_i L_i
$$
"""
CONFIG = "title: T\nurl: https://t.example\nbaseurl: /course\nlanguage: en\n"


def bare_site(root: Path, config: str = CONFIG) -> Path:
    return write_site(root, {"content/en/index.md": NOTE}, config, theme=False)


def test_a_site_without_templates_or_static_builds_with_the_bundled_theme(tmp_path):
    site = bare_site(tmp_path / "site")
    result = run_cli("build", site)
    assert result.returncode == 0, result.stderr
    out = site / "_site"
    for rel in ("css/site.css", "js/lecture.js"):
        assert (out / rel).read_bytes() == (THEME_DIR / "static" / rel).read_bytes()
    folder = out / katex_folder().strip("/")
    assert (folder / "katex.min.css").read_bytes() == (KATEX_DIR / "katex.min.css").read_bytes()
    assert sorted(p.name for p in (folder / "fonts").iterdir()) == sorted(p.name for p in (KATEX_DIR / "fonts").glob("*.woff2"))
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="stylesheet" href="/course{katex_folder()}katex.min.css">' in page
    assert crawl(out, "/course") == []
    assert not (site / "templates").exists() and not (site / "static").exists()  # nothing copied into the site


def test_the_katex_folder_is_named_by_the_checksums_of_its_files():
    sums = (KATEX_DIR / "SHA256SUMS").read_bytes()
    assert katex_folder() == f"/katex/{hashlib.sha256(sums).hexdigest()[:12]}/"
    # every file the checksums name is one of the committed files: a new KaTeX means a new folder name
    for line in sums.decode().splitlines():
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((KATEX_DIR / name).read_bytes()).hexdigest() == digest


def test_every_woff2_the_stylesheet_names_is_written(tmp_path):
    site = bare_site(tmp_path / "site")
    assert run_cli("build", site).returncode == 0
    folder = site / "_site" / katex_folder().strip("/")
    css = (folder / "katex.min.css").read_text(encoding="utf-8")
    woff2 = set(re.findall(r"url\((fonts/[^)]+\.woff2)\)", css))
    assert len(woff2) == 20 and all((folder / name).is_file() for name in woff2)


def test_a_site_overrides_the_theme_file_by_file(tmp_path):
    site = bare_site(tmp_path / "site")
    (site / "templates").mkdir()
    (site / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="own">{{ page.title }}</p>{% endblock %}\n', encoding="utf-8")
    (site / "content/en/note.md").write_text("---\ntitle: Own layout\n---\n\nText.\n", encoding="utf-8")
    (site / "static/css").mkdir(parents=True)
    (site / "static/css/site.css").write_text("body { color: teal }\n", encoding="utf-8")
    assert run_cli("build", site).returncode == 0
    out = site / "_site"
    note = (out / "note/index.html").read_text(encoding="utf-8")
    assert '<p class="own">Own layout</p>' in note and '<header class="site-header">' in note  # the theme's base
    assert (out / "css/site.css").read_text(encoding="utf-8") == "body { color: teal }\n"
    assert (out / "js/lecture.js").read_bytes() == (THEME_DIR / "static/js/lecture.js").read_bytes()


def test_an_error_in_an_overriding_template_points_at_the_sites_file(tmp_path):
    site = bare_site(tmp_path / "site")
    (site / "templates").mkdir()
    (site / "templates/base.html").write_text("<html>\n<title>{{ site.title }}</title>\n{{ page.nope }}\n</html>\n",
                                              encoding="utf-8")
    result = run_cli("build", site)
    assert result.returncode == 1
    assert "templates/base.html:3: error[template]: 'page' has no attribute 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("target", ["/nonexistent-theme", "/etc"])
def test_a_templates_link_out_of_the_site_or_nowhere_is_an_error(tmp_path, target):
    site = bare_site(tmp_path / "site")
    (site / "templates").symlink_to(target)
    result = run_cli("build", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.startswith("templates: error[link]: symbolic link to ")


def test_math_css_elsewhere_writes_no_katex_folder(tmp_path):
    site = bare_site(tmp_path / "site", CONFIG + "math:\n  css: /vendor/katex.css\n")
    assert run_cli("build", site).returncode == 0
    assert not (site / "_site/katex").exists()
    assert '<link rel="stylesheet" href="/course/vendor/katex.css">' in (site / "_site/index.html").read_text(encoding="utf-8")


def test_new_copies_no_theme_and_eject_copies_it(tmp_path):
    assert run_cli("new", tmp_path / "plain").returncode == 0
    assert not (tmp_path / "plain/templates").exists() and not (tmp_path / "plain/static").exists()
    assert run_cli("new", tmp_path / "owned", "--eject").returncode == 0
    for file in THEME_DIR.glob("*/**/*"):
        if file.is_file() and file.relative_to(THEME_DIR).parts[0] in ("templates", "static"):
            assert (tmp_path / "owned" / file.relative_to(THEME_DIR)).read_bytes() == file.read_bytes()
    for name in ("plain", "owned"):
        assert run_cli("build", tmp_path / name).returncode == 0
    plain, owned = tmp_path / "plain/_site", tmp_path / "owned/_site"
    files = sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(owned) for p in owned.rglob("*") if p.is_file())
    assert all((plain / f).read_bytes() == (owned / f).read_bytes() for f in files)  # the same site either way


class _Assets(HTMLParser):
    """What a page makes the browser fetch: link (but alternates and canonicals, which are only
    named), script, img, source, video/audio/track sources and inline style url()s."""

    FETCHED = {"script": "src", "img": "src", "source": "src", "video": "src", "audio": "src", "track": "src",
               "iframe": "src", "embed": "src"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and not {"alternate", "canonical"} & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs.get("href") or "")
        elif tag in self.FETCHED:
            self.urls.append(attrs.get(self.FETCHED[tag]) or "")
            self.urls.extend(u.split()[0] for u in (attrs.get("srcset") or "").split(",") if u.strip())
        self.urls.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", attrs.get("style") or ""))


def external_assets(out: Path, content: tuple[str, ...] = ()) -> list[str]:
    """Every URL a page or stylesheet of `out` fetches from another host, but the `content` ones
    (what the notes themselves link, such as a lecture's video)."""
    found = []
    for file in sorted(out.rglob("*")):
        if file.suffix == ".html":
            parser = _Assets()
            parser.feed(file.read_text(encoding="utf-8"))
            urls = parser.urls
        elif file.suffix == ".css":
            urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", file.read_text(encoding="utf-8"))
        else:
            continue
        found.extend(f"{file.relative_to(out)}: {url}" for url in urls
                     if re.match(r"(?i)\s*(https?:)?//", url) and not url.startswith(content))
    return found


@pytest.mark.parametrize("name", ["basic", "glossary", "lecture", "translation"])
def test_no_page_of_a_fixture_site_loads_anything_from_the_network(tmp_path, name):
    site = fixture_site(name, tmp_path / "site")
    shutil.rmtree(site / "templates")
    shutil.rmtree(site / "static")
    assert run_cli("build", site, "-o", tmp_path / "out").returncode == 0
    notes = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.md"))
    embeds = tuple(f"https://www.youtube-nocookie.com/embed/{v}?" for v in re.findall(r"^video: https://youtu\.be/(\S+)", notes, re.M))
    assert (name == "lecture") == bool(embeds)
    assert external_assets(tmp_path / "out", embeds) == []


def test_no_page_of_the_repo_site_loads_anything_from_the_network(tmp_path):
    assert run_cli("build", REPO, "-o", tmp_path / "out").returncode == 0
    assert external_assets(tmp_path / "out") == []


def test_the_crawler_sees_external_assets(tmp_path):
    """The test above can fail: a page loading a CDN stylesheet, script, image or font is caught."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.html").write_text('<link rel="stylesheet" href="https://cdn.example/k.css">'
                                '<link rel="alternate" hreflang="ko" href="https://t.example/ko/">'
                                '<script src="//cdn.example/x.js"></script><img srcset="a.png 1x, https://i.example/b.png 2x">'
                                '<div style="background: url(\'http://i.example/c.png\')"></div>', encoding="utf-8")
    (out / "s.css").write_text("@font-face { src: url(https://f.example/k.woff2) } a { background: url(ok.png) }",
                               encoding="utf-8")
    assert external_assets(out) == ["a.html: https://cdn.example/k.css", "a.html: //cdn.example/x.js",
                                    "a.html: https://i.example/b.png", "a.html: http://i.example/c.png",
                                    "s.css: https://f.example/k.woff2"]
