"""The command line as users run it: exit codes, diagnostics, and never losing the last output."""

from helpers import REPO, run_cli, write_site

GOOD = {"content/en/index.md": "---\ntitle: Home\n---\nHello **world**.\n"}


def test_build_and_python_dash_m(tmp_path):
    write_site(tmp_path, GOOD)
    result = run_cli("build", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "built 1 pages" in result.stdout
    assert "<strong>world</strong>" in (tmp_path / "_site/index.html").read_text()


def test_console_script_is_declared():
    assert 'site-builder = "site_builder.cli:main"' in (REPO / "pyproject.toml").read_text()


def test_failed_build_keeps_previous_output(tmp_path):
    write_site(tmp_path, GOOD)
    assert run_cli("build", tmp_path).returncode == 0
    before = (tmp_path / "_site/index.html").read_bytes()
    (tmp_path / "content/en/index.md").write_text("---\ntitle: [broken\n---\n")
    result = run_cli("build", tmp_path)
    assert result.returncode == 1
    assert "content/en/index.md:2:" in result.stderr and "error[yaml]" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("build failed: 1 error, 0 warnings (previous output left untouched)")
    assert (tmp_path / "_site/index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("._site")) == []


def test_strict_fails_on_warnings(tmp_path):
    write_site(tmp_path, {"content/en/index.md": "---\ntitle: Home\n---\n{{ site.nope }}\n"})
    assert run_cli("build", tmp_path).returncode == 0
    result = run_cli("build", tmp_path, "--strict", "-o", tmp_path / "strict")
    assert result.returncode == 1 and "warning[liquid]" in result.stderr
    assert not (tmp_path / "strict").exists()


def test_not_a_site(tmp_path):
    result = run_cli("build", tmp_path)
    assert result.returncode == 1 and "no site.yaml" in result.stderr and "Traceback" not in result.stderr


def test_refuses_to_replace_a_foreign_folder(tmp_path):
    write_site(tmp_path, GOOD)
    precious = tmp_path / "docs"
    precious.mkdir()
    (precious / "thesis.tex").write_text("keep me")
    result = run_cli("build", tmp_path, "-o", precious)
    assert result.returncode == 1 and "not a previous build output" in result.stderr
    assert (precious / "thesis.tex").read_text() == "keep me"
    result = run_cli("build", tmp_path, "-o", tmp_path)
    assert result.returncode == 1 and (tmp_path / "site.yaml").exists()


def test_rebuild_replaces_output_and_drops_stale_files(tmp_path):
    write_site(tmp_path, dict(GOOD, **{"content/en/old.md": "# Old\n"}))
    assert run_cli("build", tmp_path).returncode == 0
    assert (tmp_path / "_site/old/index.html").exists()
    (tmp_path / "content/en/old.md").unlink()
    assert run_cli("build", tmp_path).returncode == 0
    assert not (tmp_path / "_site/old").exists()


def test_glossary_fix_help_says_what_it_rewrites():
    """--fix rewrites variants in prose and in raw HTML text nodes (README "Glossary"), not in prose only."""
    text = " ".join(run_cli("glossary", "--help").stdout.split())
    assert "prose only" not in text and "raw HTML" in text
