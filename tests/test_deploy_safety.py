"""`site-builder deploy` in a maintainer's messy repository (real git, a local bare repository as the
remote): branch names git would misread, a branch that holds the sources or is checked out in a
worktree, a secret in --remote, a dry run, a local branch git cannot move, a kill mid-push."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import run_cli
from test_publish import _ref, git, project, state  # noqa: F401 (project is a fixture)


def refs(repo: Path) -> str:
    return git(repo, "for-each-ref", "--format=%(objectname) %(refname)")


def _refused(result, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "pushing to" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("name", ["HEAD", "-x", "@", "refs/heads/x", "a..b", "with space", "x~1", ""])
def test_a_branch_name_git_would_misread_is_refused_before_anything(project, name):
    repo, remote = project
    before, mine = state(repo), refs(repo)
    _refused(run_cli("deploy", repo, f"--branch={name}"), f"--branch '{name}'", "not a branch name")
    assert state(repo) == before and refs(repo) == mine and refs(remote) == ""


def test_a_branch_checked_out_in_a_worktree_is_refused(project, tmp_path):
    repo, remote = project
    assert run_cli("deploy", repo).returncode == 0
    pages = tmp_path / "pages"
    git(repo, "worktree", "add", "-q", str(pages), "gh-pages")
    published = git(remote, "rev-parse", "gh-pages")
    (repo / "content/en/b.md").write_text("# B\n")
    _refused(run_cli("deploy", repo), "'gh-pages' is checked out in", str(pages))
    assert git(pages, "status", "--porcelain") == "" and git(remote, "rev-parse", "gh-pages") == published


@pytest.mark.parametrize("detach", [False, True])
def test_the_branch_of_the_sources_is_refused(project, detach):
    repo, remote = project
    git(repo, "checkout", "-q", *(["--detach"] if detach else ["-b", "feature"]))
    main = git(repo, "rev-parse", "main")
    _refused(run_cli("deploy", repo, "--branch", "main"), "'main' holds your sources")
    assert git(repo, "rev-parse", "main") == main and refs(remote) == ""


def test_credentials_in_remote_are_not_printed(project):
    repo, _ = project
    result = run_cli("deploy", repo, "--remote", "https://me:s3cretT0ken@example.org/x.git")
    _refused(result, "no git remote 'https://me:***@example.org/x.git'")
    assert "s3cretT0ken" not in result.stdout + result.stderr


def _objects(repo: Path) -> list[str]:
    return sorted(str(p.relative_to(repo)) for p in (repo / ".git" / "objects").rglob("*"))


def test_dry_run_changes_nothing_in_the_repository(project):
    repo, remote = project
    assert run_cli("deploy", repo).returncode == 0  # the remote has a gh-pages this clone has not seen
    git(repo, "branch", "-D", "-q", "gh-pages")
    git(repo, "update-ref", "-d", "refs/remotes/origin/gh-pages")
    (repo / ".git" / "FETCH_HEAD").unlink(missing_ok=True)
    git(repo, "gc", "-q", "--prune=now")
    (repo / "content/en/b.md").write_text("# B\n")  # a new page: new blobs, had they been written
    before, mine, objects = state(repo), refs(repo), _objects(repo)
    result = run_cli("deploy", repo, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert state(repo) == before and refs(repo) == mine and _objects(repo) == objects
    assert not (repo / ".git" / "FETCH_HEAD").exists()


def test_published_but_the_local_branch_cannot_move(project):
    repo, remote = project
    git(repo, "branch", "gh-pages/old")  # refs/heads/gh-pages cannot be created beside it
    result = run_cli("deploy", repo)
    assert result.returncode == 0, result.stderr
    assert "deployed" in result.stdout and "error" not in result.stderr
    assert "published, but the local branch 'gh-pages' was not moved" in result.stderr
    assert "refs/heads/gh-pages/old" in result.stderr
    assert git(remote, "rev-parse", "gh-pages")


def test_terminated_mid_push_leaves_no_temporary_behind(project, tmp_path):
    repo, remote = project
    temp, marker = tmp_path / "tmp", tmp_path / "pushing"
    temp.mkdir()
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 5\nexit 1\n")
    hook.chmod(0o755)
    before = state(repo)
    proc = subprocess.Popen([sys.executable, "-m", "site_builder", "deploy", str(repo)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temp)})
    deadline = time.monotonic() + 120
    while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert marker.exists() and list(temp.iterdir())  # pushing, from the temporary folder
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert list(temp.iterdir()) == []
    assert state(repo) == before and _ref(repo) == ""


def test_a_blank_message_is_the_default_one(project):
    repo, remote = project
    assert run_cli("deploy", repo, "--message", " \n ").returncode == 0
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").startswith("Deploy site from ")


def test_the_remote_branch_of_the_sources_is_refused(project):
    repo, remote = project
    git(repo, "push", "-q", "origin", "main")
    git(repo, "checkout", "-q", "-b", "feature")
    git(repo, "branch", "-D", "-q", "main")  # a clone that never checked out main
    published = git(remote, "rev-parse", "main")
    _refused(run_cli("deploy", repo, "--branch", "main"), "'origin/main' holds your sources")
    assert git(remote, "rev-parse", "main") == published
