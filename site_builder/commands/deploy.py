"""`site-builder deploy`: build with the production baseurl and commit the output as the whole tree
of the `gh-pages` branch, with git plumbing only: a temporary index, `write-tree`, `commit-tree`,
`push` (of the commit, by its hash), then `update-ref`. The user's working tree, index and current
branch are never touched, and the local branch moves only after the push succeeded."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

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


def _fail(message: str) -> BuildFailed:
    return BuildFailed([error("deploy", "site.yaml", 0, message)])


def _git(repo: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = git(repo, *args, env=env)
    if result is None:
        raise _fail("cannot run git: is it installed?")
    if check and result.returncode != 0:
        raise _fail(f"git {' '.join(args[:2])} failed: {(result.stderr or result.stdout).strip()}")
    return result


def _parent(repo: Path, remote: str, branch: str) -> tuple[str, str]:
    """(parent for the new commit, current local ref value): the local branch's tip, else the
    remote's (a fresh clone keeps the published history), else none."""
    local = _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}", check=False)
    if local.returncode == 0:
        return local.stdout.strip(), local.stdout.strip()
    fetched = _git(repo, "fetch", "--quiet", remote, f"refs/heads/{branch}", check=False)
    if fetched.returncode == 0:
        return _git(repo, "rev-parse", "FETCH_HEAD").stdout.strip(), ""
    return "", ""


def deploy(site_dir: Path, remote: str = "origin", branch: str = "gh-pages", message: str | None = None,
           dry_run: bool = False, baseurl: str | None = None, strict: bool = False) -> DeployResult:
    config = load_config(site_dir, baseurl)
    top = _git(site_dir, "rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0:
        raise _fail(f"{site_dir} is not in a git repository: deploy pushes a branch to a git remote")
    repo = Path(top.stdout.strip())
    if _git(repo, "remote", "get-url", remote, check=False).returncode != 0:
        remotes = _git(repo, "remote").stdout.split()
        raise _fail(f"no git remote '{remote}' (remotes: {', '.join(remotes) or 'none'}); add one or pass --remote")
    current = _git(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.strip()
    if current == branch:
        raise _fail(f"the current branch is '{branch}': deploy from your source branch instead")
    url = absolute("/", config.url or "", config.baseurl)

    with tempfile.TemporaryDirectory(prefix="site-builder-deploy-") as tmp:
        out = Path(tmp) / "site"
        baseline = load_baseline(site_dir)  # findings it allows neither refuse nor are shown
        result = build(site_dir, out, baseurl, strict, baseline=baseline)
        result = replace(result, problems=judge(baseline, result.problems).new)
        if not result.written:
            return DeployResult(result.problems, url=url)
        index = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        work = ["--work-tree", str(out)]
        _git(repo, *work, "add", "--all", "--force", ".", env=index)
        tree = _git(repo, *work, "write-tree", env=index).stdout.strip()
        parent, old = _parent(repo, remote, branch)
        if dry_run:
            return DeployResult(result.problems, url=url)
        source = _git(repo, "rev-parse", "--short", "HEAD", check=False).stdout.strip()
        text = message or "Deploy site" + (f" from {source}" if source else "")
        commit = _git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", text).stdout.strip()
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
        _git(repo, "update-ref", f"refs/heads/{branch}", commit, old)  # fails if the branch moved meanwhile
    return DeployResult(result.problems, commit, url, pushed=True)
