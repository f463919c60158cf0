"""The bundled theme (templates and static files) and KaTeX's stylesheet and fonts, shipped as
package data. A site's own templates/ and static/ override the theme file by file."""

from __future__ import annotations

import hashlib
import json
import shlex
import shutil
from functools import cache
from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).resolve().parents[1]
THEME_DIR = PACKAGE_DIR / "theme"
# The npm package's files, unmodified (tools/fetch_katex.py); the renderer runs this katex.min.js.
KATEX_DIR = PACKAGE_DIR / "katex"


@cache
def katex_folder() -> str:
    """The site path KaTeX's stylesheet and fonts are written under: named by the checksums of the
    files, so a new KaTeX gets a new name and a browser may keep the old one cached for ever."""
    sums = (KATEX_DIR / "SHA256SUMS").read_bytes()
    return f"/katex/{hashlib.sha256(sums).hexdigest()[:12]}/"


def katex_stylesheet() -> str:
    """The site path of the bundled KaTeX stylesheet (what `site.math_css` is unless site.yaml says)."""
    return katex_folder() + "katex.min.css"


def bundled_statics(with_katex: bool) -> list[tuple[str, Path]]:
    """The theme's static files and, `with_katex`, KaTeX's stylesheet and woff2 fonts: (site path,
    file). The stylesheet also names .woff and .ttf fonts, which every browser that reads woff2
    never asks for: they are not shipped."""
    files = [("/" + file.relative_to(THEME_DIR / "static").as_posix(), file)
             for file in sorted((THEME_DIR / "static").rglob("*")) if file.is_file()]
    if with_katex:
        folder = katex_folder()
        files.append((folder + "katex.min.css", KATEX_DIR / "katex.min.css"))
        files.extend((folder + "fonts/" + font.name, font) for font in sorted((KATEX_DIR / "fonts").glob("*.woff2")))
    return files


def eject_theme(site_dir: Path) -> list[str]:
    """Copy the theme's templates/ and static/ into `site_dir` (`--eject`), for a team that wants
    to own it; files the site already has are kept. Returns the files written (POSIX)."""
    written = []
    for folder in ("templates", "static"):
        for src in sorted((THEME_DIR / folder).rglob("*")):
            rel = src.relative_to(THEME_DIR)
            dest = site_dir / rel
            if src.is_file() and not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
                written.append(rel.as_posix())
    return written


WORKFLOW = ".github/workflows/pages.yml"

# What a build leaves in a site that is no part of it: the output, its spare and the staging
# folders of builds (`._site.spare/`, `._site.staging-*`, `._site.old-*`), and the cache.
GITIGNORE = """\
# Written by site-builder: the build output, the folders builds keep beside it, the cache.
_site/
._site.*/
.cache/
"""


def install_step(install: str) -> str:
    """The workflow's `run:` value installing `install` (a pip requirement or path), shell-quoted;
    a YAML double-quoted scalar when the plain one would not read back as the same command."""
    command = f"python -m pip install {shlex.quote(install)}"
    try:
        plain = yaml.safe_load(f"run: {command}")
    except yaml.YAMLError:
        plain = None
    return command if plain == {"run": command} else json.dumps(command)


def workflow(install: str) -> str:
    """The GitHub Pages workflow; `install` is what pip installs to get `site-builder`."""
    return (THEME_DIR / "pages.yml").read_text(encoding="utf-8").replace("INSTALL_COMMAND", install_step(install))


def write_workflow(site_dir: Path, install: str) -> str:
    """Write the workflow into a new site, installing site_builder from `install`."""
    path = site_dir / WORKFLOW
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(workflow(install), encoding="utf-8")
    return WORKFLOW


def write_gitignore(site_dir: Path) -> str:
    (site_dir / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return ".gitignore"
