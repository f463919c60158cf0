"""Walking a Jekyll site for the import: what is passed over (hidden, build output, Jekyll's own
folders, `exclude`), and which symbolic links and special files are refused (see refusal)."""

from __future__ import annotations

import os
from fnmatch import fnmatchcase
from pathlib import Path

_SKIP_FILES = {"Gemfile", "Gemfile.lock", "_config.yml", "_config.yaml", "CNAME", "package.json",
               "package-lock.json", "Rakefile"}
_SKIP_DIRS = {"node_modules", "vendor", ".git", ".github", ".bundle", ".jekyll-cache", ".sass-cache"}


def _skipped(rel: str, name: str, folder: bool, excluded: list[str]) -> str | None:
    """Why a file or folder of the Jekyll site is not imported: a message to report, "" to pass
    it over silently (hidden, build output), None to import it."""
    if name.startswith(".") or name in (_SKIP_DIRS if folder else _SKIP_FILES):
        return ""
    shown = rel + "/" if folder else rel
    if any(rel == p or fnmatchcase(rel, p) or fnmatchcase(name, p) for p in excluded):  # Jekyll: names or globs
        return f"{shown}: excluded by _config.yml"
    if name.startswith("_"):
        return (f"{shown}: Jekyll {name.lstrip('_')} are not converted (the theme's templates are used)" if folder
                else f"{shown}: Jekyll-internal file not imported")
    return None


def refusal(path: Path, src: Path) -> str:
    """Why the Jekyll site's entry `path` is not imported ("" when it may be). A stranger's
    repository may hold `assets/x -> /etc/passwd` or a link into its own .git/ (whose config can
    carry the token it was cloned with): a symbolic link is followed only to a regular file inside
    SRC, outside hidden and skipped folders; the file it leads to is copied under the link's name.
    A link to a folder is not followed: what it leads to is imported where it is. A FIFO would block
    the import for ever on read: only regular files are read."""
    if path.is_symlink():
        target = os.readlink(path)
        real = os.path.realpath(path)
        if not os.path.exists(real):
            return f"symbolic link to {target!r}, which does not exist: nothing copied"
        if real != str(src) and not real.startswith(str(src) + os.sep):
            return f"symbolic link to {target!r}, which leads outside the Jekyll site: not followed, nothing copied"
        inner = real[len(str(src)) + 1:].split(os.sep)
        if any(part.startswith(".") or part in _SKIP_DIRS for part in inner):
            return f"symbolic link to {target!r}, which leads into a hidden folder of the Jekyll site: nothing copied"
        if os.path.isdir(real):
            return f"symbolic link to the folder {target!r}: not followed (what it leads to is imported where it is)"
    if not path.is_dir() and not path.is_file():
        return "not a regular file: nothing copied"
    return ""


def walk(src: Path, report, excluded: list[str]) -> list[Path]:
    """The files to import, each checked by refusal: a path that is a link leads to a regular file in SRC."""
    files = []
    for dirpath, dirnames, filenames in os.walk(src):
        here = Path(dirpath)
        keep = []
        for names, folder in ((sorted(dirnames), True), (sorted(filenames), False)):
            for name in names:
                rel = (here / name).relative_to(src).as_posix()
                why = _skipped(rel, name, folder, excluded)
                if why is None:
                    refused = refusal(here / name, src)
                    if not refused:
                        if folder:
                            keep.append(name)
                        else:
                            files.append(here / name)
                        continue
                    why = f"{rel}: {refused}"
                if why:
                    report.skipped.append(why)
        dirnames[:] = keep
    return files
