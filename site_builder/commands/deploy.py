"""`site-builder deploy`: build with the production baseurl and commit the output as the whole tree
of the `gh-pages` branch, with git plumbing only: a temporary index, `write-tree`, `commit-tree`,
`push` (of the commit, by its hash), then `update-ref`. The user's working tree, index and current
branch are never touched, and the local branch moves only after the push succeeded."""

from __future__ import annotations

import re
import signal
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from ..build.build import build
from ..core.baseline import judge, load_baseline
from ..core.config import load_config
from ..core.git import git
from ..core.problems import BuildFailed, Problem, error
from ..core.urls import absolute


@dataclass(frozen=True)
class DeployResult:
    problems: tuple[Problem, ...]  # of the build
    commit: str = ""  # "" when nothing was committed (dry run)
    url: str = ""
    pushed: bool = False
    note: str = ""  # what went wrong after the push succeeded (the local branch could not move)


def _fail(message: str) -> BuildFailed:
    return BuildFailed([error("deploy", "site.yaml", 0, message)])


def _git(repo: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = git(repo, *args, env=env)
    if result is None:
        raise _fail("cannot run git: is it installed?")
    if check and result.returncode != 0:
        raise _fail(f"git {' '.join(args[:2])} failed: {(result.stderr or result.stdout).strip()}")
    return result


def redact(remote: str) -> str:
    """A remote name or URL as it may be printed: the password or token of `scheme://user:secret@host`
    replaced by ***."""
    return re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", remote)


def _check_branch(repo: Path, branch: str) -> None:
    """Refuse a name git would read as something else, and a branch that holds the user's work: one
    checked out in a worktree (moving it would show its checkout as undoing the deploy) or one whose
    tip is in HEAD's history (the sources' own branch)."""
    valid = _git(repo, "check-ref-format", "--branch", branch, check=False)
    if valid.returncode != 0 or valid.stdout.strip() != branch or branch.startswith("refs/") or branch == "@":
        raise _fail(f"--branch '{branch}' is not a branch name git reads as written: give a plain name such "
                    f"as gh-pages (no 'refs/' prefix, no leading '-', spaces, '..', '~', '^', ':' or 'HEAD')")
    lines = _git(repo, "worktree", "list", "--porcelain").stdout.split("\n\n")
    for entry in lines:
        fields = dict(line.partition(" ")[::2] for line in entry.splitlines())
        if fields.get("branch") == f"refs/heads/{branch}":
            raise _fail(f"the branch '{branch}' is checked out in {fields.get('worktree')}: deploy from your source "
                        f"branch, and remove that worktree (git worktree remove) or check out another branch there")
    _not_the_sources(repo, f"refs/heads/{branch}", branch)


def _not_the_sources(repo: Path, commit: str, branch: str) -> None:
    if _git(repo, "merge-base", "--is-ancestor", commit, "HEAD", check=False).returncode == 0:
        raise _fail(f"the branch '{branch}' holds your sources (its tip is in the history of HEAD): deploying "
                    f"would put the built site on top of them; choose another --branch, or, if it is a branch "
                    f"made from your sources only for Pages, delete it and deploy again (deploy makes it anew)")


def _parent(repo: Path, remote: str, branch: str) -> tuple[str, str]:
    """(parent for the new commit, current local ref value): the local branch's tip, else the
    remote's (a fresh clone keeps the published history), else none."""
    local = _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}", check=False)
    if local.returncode == 0:
        return local.stdout.strip(), local.stdout.strip()
    fetched = _git(repo, "fetch", "--quiet", remote, f"refs/heads/{branch}", check=False)
    if fetched.returncode == 0:
        remote_tip = _git(repo, "rev-parse", "FETCH_HEAD").stdout.strip()
        _not_the_sources(repo, remote_tip, f"{remote}/{branch}")  # a clone without the local branch
        return remote_tip, ""
    return "", ""


@contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP end the deploy as Ctrl-C does, so that its temporary folder is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    names = ("SIGTERM", "SIGHUP")
    previous = {sig: signal.signal(sig, stop) for name in names if (sig := getattr(signal, name, None))}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _tree(repo: Path, out: Path, tmp: Path, dry_run: bool) -> str:
    """The tree of `out`, written with a temporary index; a dry run writes its objects into `tmp`, not
    into the repository (which it reads through an alternate)."""
    env = {"GIT_INDEX_FILE": str(tmp / "index")}
    if dry_run:
        objects = str(repo / _git(repo, "rev-parse", "--git-common-dir").stdout.strip() / "objects")
        (tmp / "objects").mkdir()
        env |= {"GIT_OBJECT_DIRECTORY": str(tmp / "objects"), "GIT_ALTERNATE_OBJECT_DIRECTORIES": objects}
    work = ["--work-tree", str(out)]
    _git(repo, *work, "add", "--all", "--force", ".", env=env)
    return _git(repo, *work, "write-tree", env=env).stdout.strip()


def _push(repo: Path, remote: str, branch: str, commit: str, old: str) -> str:
    """Push `commit` to the remote's `branch`, then move the local branch; the note when it could not."""
    # The commit is pushed by its hash, and the local branch moved only once the remote took it:
    # after a rejected push the branch must not hold a commit the next deploy would publish as history.
    pushed = _git(repo, "push", "--quiet", remote, f"{commit}:refs/heads/{branch}", check=False)
    if pushed.returncode != 0:
        why = (pushed.stderr or pushed.stdout).strip()
        hint = (f"; the remote's '{branch}' has commits this clone lacks: fetch them "
                f"(git fetch {remote} {branch}:{branch}) and deploy again"
                if "non-fast-forward" in why or "fetch first" in why else "")
        raise _fail(f"pushing to '{remote}' failed, nothing was published and the local '{branch}' branch "
                    f"was left as it was{hint}: {why}")
    moved = _git(repo, "update-ref", f"refs/heads/{branch}", commit, old, check=False)  # fails if it moved meanwhile
    if moved.returncode == 0:
        return ""
    return (f"published, but the local branch '{branch}' was not moved to {commit[:12]} "
            f"({moved.stderr.strip()}); the next deploy starts from the remote's '{branch}' once fetched")


def deploy(site_dir: Path, remote: str = "origin", branch: str = "gh-pages", message: str | None = None,
           dry_run: bool = False, baseurl: str | None = None, strict: bool = False) -> DeployResult:
    config = load_config(site_dir, baseurl)
    top = _git(site_dir, "rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0:
        raise _fail(f"{site_dir} is not in a git repository: deploy pushes a branch to a git remote")
    repo = Path(top.stdout.strip())
    if _git(repo, "remote", "get-url", remote, check=False).returncode != 0:
        remotes = _git(repo, "remote").stdout.split()
        raise _fail(f"no git remote '{redact(remote)}' (remotes: {', '.join(remotes) or 'none'}); add one or "
                    f"pass --remote")
    current = _git(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.strip()
    if current == branch:
        raise _fail(f"the current branch is '{branch}': deploy from your source branch instead")
    _check_branch(repo, branch)
    url = absolute("/", config.url or "", config.baseurl)

    with _interruptible(), tempfile.TemporaryDirectory(prefix="site-builder-deploy-") as tmp:
        out = Path(tmp) / "site"
        baseline = load_baseline(site_dir)  # findings it allows neither refuse nor are shown
        result = build(site_dir, out, baseurl, strict, baseline=baseline)
        result = replace(result, problems=judge(baseline, result.problems).new)
        if not result.written:
            return DeployResult(result.problems, url=url)
        tree = _tree(repo, out, Path(tmp), dry_run)
        if dry_run:
            return DeployResult(result.problems, url=url)
        parent, old = _parent(repo, remote, branch)
        source = _git(repo, "rev-parse", "--short", "HEAD", check=False).stdout.strip()
        text = message if message and message.strip() else "Deploy site" + (f" from {source}" if source else "")
        commit = _git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", text).stdout.strip()
        note = _push(repo, remote, branch, commit, old)
    return DeployResult(result.problems, commit, url, pushed=True, note=note)
