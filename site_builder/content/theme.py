"""The bundled theme (templates and static files), shipped as package data."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import yaml

THEME_DIR = Path(__file__).resolve().parents[1] / "theme"


def copy_theme(site_dir: Path) -> list[str]:
    """Copy the theme's templates/ and static/ into `site_dir`; returns the files written (POSIX)."""
    written = []
    for folder in ("templates", "static"):
        for src in sorted((THEME_DIR / folder).rglob("*")):
            if src.is_file():
                rel = src.relative_to(THEME_DIR)
                dest = site_dir / rel
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
