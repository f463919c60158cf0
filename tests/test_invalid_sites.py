"""Each folder of tests/sites_invalid/ is a broken site; `expected.txt` holds the exact diagnostics
the build prints (UPDATE_GOLDEN=1 rewrites them). The build must exit 1, print no traceback and
write nothing, neither in the site nor beside it. `links.txt` lists symbolic links (`path -> target`)
made in the copy at run time (targets such as /etc/passwd do not belong in the repository)."""

import os
import shutil
from pathlib import Path

import pytest

from helpers import run_cli

HERE = Path(__file__).resolve().parent
CASES = sorted(p for p in (HERE / "sites_invalid").iterdir() if p.is_dir())
THEME = HERE / "sites" / "basic" / "templates"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_site(case, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(case, site, ignore=shutil.ignore_patterns("expected.txt", "args.txt", "links.txt"))
    shutil.copytree(THEME, site / "templates", dirs_exist_ok=True, copy_function=lambda s, d: os.path.exists(d) or shutil.copy2(s, d))
    if (case / "links.txt").exists():
        for line in (case / "links.txt").read_text().splitlines():
            link, target = line.split(" -> ")
            if target.startswith("/") and not os.path.exists(target):
                pytest.skip(f"{target} does not exist on this system")
            (site / link).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, site / link)
    args = (case / "args.txt").read_text().split() if (case / "args.txt").exists() else []
    result = run_cli("build", site, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "_site").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing written beside it (a permalink's ../)
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("build failed: ")
    expected_file = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == expected_file.read_text(encoding="utf-8").splitlines()
