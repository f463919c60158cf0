"""What the workflow of a new or imported site installs: this version of site_builder from its
repository, pinned to the version's tag (`site_builder @ git+https://…@v0.1.0`) while no package
index serves it, or what `--install SPEC` says (a commit, a fork, a wheel's URL, an index version)."""

from __future__ import annotations

import argparse
import importlib.metadata
import tomllib
from pathlib import Path

from .. import __version__
from ..core.problems import BuildFailed, error

PACKAGE = "site_builder"
_SOURCE = Path(__file__).resolve().parents[2]  # a checkout's root (pyproject.toml), if this is one


def add_install_option(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--install", metavar="SPEC", help="what the Pages workflow pip-installs (default: "
                     f"{PACKAGE} from its repository at the tag of this version, v{__version__})")


def _project_urls() -> dict[str, str]:
    """`project.urls` of this site_builder: from the checkout's pyproject.toml when it runs from one
    (an editable install's metadata is as old as the install), else the installed package's metadata."""
    pyproject = _SOURCE / "pyproject.toml"
    if pyproject.is_file():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == PACKAGE:
            return dict(project.get("urls", {}))
    try:
        entries = importlib.metadata.metadata(PACKAGE).get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return {}
    return {label.strip(): url.strip() for label, _, url in (e.partition(",") for e in entries)}


def default_install() -> str:
    """`site_builder @ git+<Repository URL>@v<version>`: a source that exists as soon as the
    version's tag is pushed, unlike `site_builder==<version>` on an index that has no release."""
    repository = _project_urls().get("Repository", "").rstrip("/")
    if not repository:
        raise BuildFailed([error("install", "pyproject.toml", 0, "this site_builder's metadata has no "
                                 "project.urls Repository to install it from in the workflow: pass --install SPEC")])
    return f"{PACKAGE} @ git+{repository.removesuffix('.git')}.git@v{__version__}"


def install_spec(given: str | None) -> str:
    """The `--install` value checked (one line of text), or the default."""
    if given is None:
        return default_install()
    if not given.strip() or any(ord(c) < 32 for c in given):
        raise BuildFailed([error("install", "--install", 0, f"not a pip requirement: {given!r}")])
    return given.strip()
