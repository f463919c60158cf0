"""The end of an import: the imported site is checked once, and what that finds (years of a Jekyll
site's broken links and anchors) is recorded as its check baseline, so that its first workflow run
passes and `check` reports only what the team breaks from then on."""

from __future__ import annotations

from pathlib import Path

from ..build.build import check
from ..core.baseline import BASELINE, write_baseline
from ..core.problems import summary
from ..content.theme import write_gitignore, write_workflow


def finish_site(dest: Path, install: str) -> str:
    """Give the imported notes at `dest` the Pages workflow (installing `install`) and a .gitignore,
    check the site and write its baseline; returns the report's line about the check."""
    write_workflow(dest, install)
    write_gitignore(dest)
    found = check(dest)
    if not found.pages:  # the site could not be read at all: nothing to record, the build will say why
        return f"{BASELINE}: not written, the imported site cannot be checked ({summary(found.problems)})"
    write_baseline(dest, found.problems)
    if not found.problems:
        return f"{BASELINE}: the first check found nothing; check and build fail on any finding"
    return (f"{BASELINE}: the first check's findings recorded ({summary(found.problems)}); "
            f"check and build fail only on new ones")
