"""The bundled theme (templates and static files), shipped as package data."""

from __future__ import annotations

import shutil
from pathlib import Path

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


def workflow(install: str) -> str:
    """The GitHub Pages workflow; `install` is what pip installs to get `site-builder`."""
    return (THEME_DIR / "pages.yml").read_text(encoding="utf-8").replace("INSTALL", install)


def write_workflow(site_dir: Path) -> str:
    """Write the workflow into a new site, installing this version of site_builder."""
    from .. import __version__

    path = site_dir / WORKFLOW
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(workflow(f'"site_builder=={__version__}"'), encoding="utf-8")
    return WORKFLOW
