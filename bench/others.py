"""The same corpus laid out for the generators people would pick instead, when they are installed:
Hugo and Jekyll (Debian's `hugo`, `jekyll`) and MkDocs (from PyPI, in its own venv: set MKDOCS or
put `mkdocs` on PATH)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)


def _notes(site: Path):
    content = site / "content" / "en"
    for note in sorted(content.rglob("*.md")):
        yield note.relative_to(content), note.read_text(encoding="utf-8")


def hugo_site(site: Path, dest: Path) -> list[str] | None:
    if not shutil.which("hugo"):
        return None
    (dest / "layouts/_default").mkdir(parents=True)
    (dest / "layouts/_default/single.html").write_text("<!DOCTYPE html><title>{{ .Title }}</title>{{ .Content }}\n")
    (dest / "layouts/_default/list.html").write_text("<!DOCTYPE html><title>{{ .Title }}</title>{{ .Content }}\n")
    (dest / "config.toml").write_text('baseURL = "https://example.org/cs231n/"\ntitle = "CS231n"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS"]\n'
                                      "[markup.goldmark.renderer]\nunsafe = true\n")
    for rel, text in _notes(site):
        # index.md would make its folder a leaf bundle, hiding every other note in it.
        target = dest / "content" / (rel.with_name("_index.md") if rel.name == "index.md" else rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Hugo drops pages whose `layout` has no template: let every note use single.html.
        target.write_text(re.sub(r"^layout:.*\n", "", text, count=1, flags=re.M), encoding="utf-8")
    shutil.copytree(site / "static", dest / "static")
    return ["hugo", "--quiet", "--source", str(dest), "--destination", str(dest / "public")]


def mkdocs_site(site: Path, dest: Path) -> list[str] | None:
    mkdocs = os.environ.get("MKDOCS") or shutil.which("mkdocs")
    if not mkdocs:
        return None
    (dest / "mkdocs.yml").write_text("site_name: CS231n\ntheme: mkdocs\nsite_url: https://example.org/cs231n/\n")
    for rel, text in _notes(site):
        target = dest / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_FRONT.sub("", text, count=1), encoding="utf-8")
    shutil.copytree(site / "static" / "assets", dest / "docs" / "assets")
    return [mkdocs, "build", "--quiet", "--config-file", str(dest / "mkdocs.yml"), "--site-dir", str(dest / "site")]


def jekyll_site(site: Path, dest: Path) -> list[str] | None:
    if not shutil.which("jekyll"):
        return None
    (dest / "_layouts").mkdir(parents=True)
    for layout in ("default", "page", "home"):
        (dest / "_layouts" / f"{layout}.html").write_text("<!DOCTYPE html><title>{{ page.title }}</title>{{ content }}\n")
    (dest / "_config.yml").write_text('title: CS231n\nbaseurl: "/cs231n"\nmarkdown: kramdown\npermalink: pretty\n')
    for rel, text in _notes(site):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text if text.startswith("---\n") else "---\n---\n" + text, encoding="utf-8")
    shutil.copytree(site / "static" / "assets", dest / "assets")
    # --disable-disk-cache: every run is cold, as ours is (Jekyll 4 caches kramdown output on disk).
    return ["jekyll", "build", "--quiet", "--disable-disk-cache", "--source", str(dest), "--destination", str(dest / "_site")]


GENERATORS = {"hugo": hugo_site, "jekyll": jekyll_site, "mkdocs": mkdocs_site}
