"""Publishing: `site-builder deploy` into a local bare repository used as the remote, and the
GitHub Actions workflow (parsed, steps asserted; no network)."""

import subprocess
from pathlib import Path

import pytest
import yaml

from helpers import REPO, run_cli, write_site
from site_builder.content.theme import WORKFLOW, workflow


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def project(tmp_path):
    """A user's site repo with a commit on main, an uncommitted edit, a staged file and a bare remote."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--bare", "-q", str(remote)], check=True)
    repo = tmp_path / "repo"
    write_site(repo, {"content/en/index.md": "# Home\n\nHello.\n", "content/en/a.md": "# A\n\n[home](index.md)\n"},
               "title: T\nurl: https://me.github.io\nbaseurl: /repo\nlanguage: en\n")
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    git(repo, "config", "user.name", "Tester")
    git(repo, "config", "user.email", "tester@example.org")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "notes")
    git(repo, "remote", "add", "origin", str(remote))
    (repo / "content/en/a.md").write_text("# A\n\nwork in progress\n")  # uncommitted
    (repo / "staged.txt").write_text("staged")
    git(repo, "add", "staged.txt")
    return repo, remote


def state(repo: Path) -> tuple:
    return (git(repo, "symbolic-ref", "HEAD"), git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain"),
            git(repo, "diff", "--cached"), (repo / "content/en/a.md").read_text())


def published_files(remote: Path) -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())


def test_deploy_pushes_exactly_the_build_output(project, tmp_path):
    repo, remote = project
    before = state(repo)
    result = run_cli("deploy", repo)
    assert result.returncode == 0, result.stderr
    assert "the site will be at https://me.github.io/repo/" in result.stdout
    assert state(repo) == before  # branch, HEAD, index, working tree untouched
    out = tmp_path / "expected"
    assert run_cli("build", repo, "-o", out).returncode == 0
    expected = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert published_files(remote) == expected
    assert {".nojekyll", "404.html", "sitemap.xml", "robots.txt"} <= expected
    page = git(remote, "show", "gh-pages:a/index.html")
    assert "work in progress" in page and 'href="/repo/"' in page  # built from the working tree, production baseurl
    assert git(remote, "log", "-1", "--format=%an <%ae>", "gh-pages") == "Tester <tester@example.org>"

    (repo / "content/en/b.md").write_text("# B\n")
    assert run_cli("deploy", repo, "--message", "second").returncode == 0
    assert git(remote, "rev-list", "--count", "gh-pages") == "2"
    assert git(remote, "log", "-1", "--format=%s", "gh-pages") == "second"
    assert "b/index.html" in published_files(remote)


def test_history_is_kept_from_a_fresh_clone(project, tmp_path):
    repo, remote = project
    assert run_cli("deploy", repo).returncode == 0
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "remote", "set-url", "origin", str(remote))
    git(clone, "config", "user.name", "Other")
    git(clone, "config", "user.email", "other@example.org")
    result = run_cli("deploy", clone)
    assert result.returncode == 0, result.stderr
    assert git(remote, "rev-list", "--count", "gh-pages") == "2"


def test_dry_run_pushes_nothing(project):
    repo, remote = project
    result = run_cli("deploy", repo, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "nothing committed or pushed" in result.stdout
    assert git(remote, "branch", "--list") == "" and git(repo, "branch", "--list", "gh-pages") == ""


def test_failing_build_deploys_nothing(project):
    repo, remote = project
    (repo / "content/en/a.md").write_text("---\ntitle: [broken\n---\n")
    result = run_cli("deploy", repo)
    assert result.returncode == 1
    assert "error[yaml]" in result.stderr and "deploy refused" in result.stderr and "Traceback" not in result.stderr
    assert git(remote, "branch", "--list") == ""


def test_refusals_without_repo_or_remote(tmp_path):
    write_site(tmp_path / "plain", {"content/en/index.md": "# Home\n"})
    result = run_cli("deploy", tmp_path / "plain")
    assert result.returncode == 1 and "not in a git repository" in result.stderr
    git(tmp_path, "init", "-q", str(tmp_path / "plain"))
    result = run_cli("deploy", tmp_path / "plain", "--remote", "upstream")
    assert result.returncode == 1 and "no git remote 'upstream'" in result.stderr


def test_deploy_without_git_is_a_clear_error(tmp_path, monkeypatch):
    from site_builder.commands.deploy import deploy
    from site_builder.core.problems import BuildFailed

    site = write_site(tmp_path / "plain", {"content/en/index.md": "# Home\n"})
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    with pytest.raises(BuildFailed) as failed:
        deploy(site)
    assert "cannot run git: is it installed?" in str(failed.value)


def _steps(data: dict) -> dict[str, dict]:
    return {s.get("uses", s.get("name", "")).split("@")[0]: s for job in data["jobs"].values() for s in job["steps"]}


def test_workflow_file():
    text = (REPO / WORKFLOW).read_text()
    assert text == workflow(".")  # the repo's workflow is the one new sites get, installing from the checkout
    data = yaml.safe_load(text)
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"]["group"] == "pages"
    steps = _steps(data)
    for action in ("actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in steps, action
    runs = [s["run"] for job in data["jobs"].values() for s in job["steps"] if "run" in s]
    assert runs[0] == "python -m pip install ."
    assert runs[1].startswith("site-builder check --strict") and runs[2].startswith("site-builder build")
    assert steps["actions/upload-pages-artifact"]["with"]["path"] == "_site"
    assert data["jobs"]["deploy"]["needs"] == "build"
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_new_and_import_write_the_workflow(tmp_path):
    assert run_cli("new", tmp_path / "new").returncode == 0
    written = (tmp_path / "new" / WORKFLOW).read_text()
    assert 'python -m pip install "site_builder==' in written
    assert written.replace(yaml.safe_load(written)["jobs"]["build"]["steps"][2]["run"], "python -m pip install .") \
        == workflow(".")
    assert run_cli("import-jekyll", REPO / "tests/sites/jekyll", tmp_path / "imp", "--lang", "ko").returncode == 0
    assert (tmp_path / "imp" / WORKFLOW).read_text() == written


def test_404_links_work_from_any_depth(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", REPO, "-o", out, "--no-cache").returncode == 0
    html = (out / "404.html").read_text()
    import re
    urls = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert urls and all(u.startswith(("/learning-notes/", "https://", "#")) for u in urls)  # "#main": the skip link


def _ref(repo: Path, branch: str = "gh-pages") -> str:
    found = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                           capture_output=True, text=True)
    return found.stdout.strip()


def _refused(result, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "error[deploy]: pushing to 'origin' failed, nothing was published and the local 'gh-pages' branch was " \
           "left as it was" in result.stderr
    for word in words:
        assert word in result.stderr


def test_rejected_push_leaves_the_local_branch_where_it_was(project):
    repo, remote = project
    assert run_cli("deploy", repo).returncode == 0
    before = _ref(repo)
    assert before == git(remote, "rev-parse", "gh-pages")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'deploys are frozen' >&2\nexit 1\n")
    hook.chmod(0o755)
    (repo / "content/en/b.md").write_text("# B\n")
    result = run_cli("deploy", repo)
    _refused(result, "pre-receive hook declined", "deploys are frozen")
    assert _ref(repo) == before and git(remote, "rev-parse", "gh-pages") == before
    hook.unlink()  # the next deploy publishes one commit on top of the last published one, no unpushed history
    assert run_cli("deploy", repo).returncode == 0
    assert git(remote, "rev-list", "--count", "gh-pages") == "2"
    assert git(remote, "rev-parse", "gh-pages^") == before
    assert _ref(repo) == git(remote, "rev-parse", "gh-pages")


def test_rejected_first_push_creates_no_local_branch(project):
    repo, remote = project
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    _refused(run_cli("deploy", repo), "pre-receive hook declined")
    assert _ref(repo) == "" and git(remote, "branch", "--list") == ""


def test_non_fast_forward_leaves_the_local_branch_where_it_was(project, tmp_path):
    repo, remote = project
    assert run_cli("deploy", repo).returncode == 0
    before = _ref(repo)
    other = tmp_path / "other"  # someone else deploys meanwhile
    git(tmp_path, "clone", "-q", str(repo), str(other))
    git(other, "remote", "set-url", "origin", str(remote))
    git(other, "config", "user.name", "Other")
    git(other, "config", "user.email", "other@example.org")
    (other / "content/en/c.md").write_text("# C\n")
    assert run_cli("deploy", other).returncode == 0
    theirs = git(remote, "rev-parse", "gh-pages")
    result = run_cli("deploy", repo)
    _refused(result, "[rejected]", "git fetch origin gh-pages:gh-pages")
    assert _ref(repo) == before and git(remote, "rev-parse", "gh-pages") == theirs


def test_missing_remote_repository_leaves_no_local_branch(project, tmp_path):
    repo, _ = project
    git(repo, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    _refused(run_cli("deploy", repo), "gone.git")
    assert _ref(repo) == ""
    assert run_cli("deploy", repo).returncode == 1 and _ref(repo) == ""
