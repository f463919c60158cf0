"""Safety as an attacker (or an unlucky user) would try it, through the command line: paths out of
the output, symbolic links out of the site, alias bombs, killed builds, a damaged cache path.
The exact diagnostics of each broken site are in tests/sites_invalid/ (permalink_escape,
symlinks_outside, yaml_alias_bomb*, template_error_once); here, what they do and do not write."""

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import run_cli, write_site
from site_builder.build.build import assemble
from site_builder.core.config import load_config
from site_builder.core.problems import BuildFailed
from site_builder.content.theme import THEME_DIR
from site_builder.build.writer import Staging, sync_output

TWO_LANGS = "title: T\nbaseurl: /course\nlanguage: ko\nlanguages:\n  ko: 한국어\n  en: English\n"


def everything_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


# -- paths out of the output ---------------------------------------------------------------------

@pytest.mark.parametrize("permalink", ["../../escaped/", "/../../escaped/", "a/../../../escaped", "..",
                                       "%2e%2e/%2e%2e/escaped/", "..\\\\..\\\\escaped", "/ok/\\0/"])
def test_a_permalink_never_leads_out_of_the_output(tmp_path, permalink):
    site = write_site(tmp_path / "site", {
        "content/en/x.md": f'---\ntitle: X\npermalink: "{permalink}"\n---\n# X\n',
        "content/en/index.md": "# Home\n\n[x](x.md)\n", "content/ko/index.md": "# 홈\n"}, TWO_LANGS)
    before = everything_under(tmp_path)
    for command in ("build", "check"):
        result = run_cli(command, site)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "content/en/x.md:3: error[path]: 'permalink' must not" in result.stderr, result.stderr
    assert everything_under(tmp_path) == before  # nothing written, inside the site or beside it
    # the page is routed by its file instead: no link anywhere reads /course/en/../../escaped/
    done = assemble(load_config(site))
    pages = {o.out: o.load() for o in done.outputs if o.out.endswith(".html")}
    assert "en/x/index.html" in pages and "fallback" not in pages
    assert b'href="/course/en/x/"' in pages["en/index.html"]
    assert not any(b"escaped" in html or b"/.." in html for html in pages.values())


def test_a_safe_permalink_still_works_and_falls_back(tmp_path):
    site = write_site(tmp_path / "site", {
        "content/en/x.md": "---\ntitle: X\npermalink: /about/me/\n---\n# X\n",
        "content/en/index.md": "# Home\n\n[x](x.md)\n", "content/ko/index.md": "# 홈\n"}, TWO_LANGS)
    assert run_cli("build", site).returncode == 0
    out = site / "_site"
    assert (out / "en/about/me/index.html").is_file() and (out / "about/me/index.html").is_file()  # + ko fallback
    assert 'href="/course/en/about/me/"' in (out / "en/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("out", ["../x", "a/../../x", "/etc/x", "./x", "a//b", "", ".."])
def test_the_writer_refuses_paths_out_of_the_output(tmp_path, out):
    target = tmp_path / "deep" / "_site"
    with pytest.raises(BuildFailed) as failed, Staging(target) as stage:
        stage.write(out, b"x")
    assert [(p.code, p.message) for p in failed.value.problems] == [
        ("path", "refusing to write outside the output folder")]
    target.mkdir(parents=True, exist_ok=True)
    with pytest.raises(BuildFailed):
        sync_output(target, {out: b"x"}, {out}, set())
    with pytest.raises(BuildFailed):
        sync_output(target, {}, set(), {out})
    assert everything_under(tmp_path) == {"deep", "deep/_site"}


# -- symbolic links ------------------------------------------------------------------------------

def test_links_inside_the_site_or_into_the_theme_are_followed(tmp_path):
    """The repository's own layout: templates/ and static/css are links into the bundled theme
    inside the site folder; a site may also link to the installed package's theme."""
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n", "notes/shared.md": "# Shared\n",
                                          "theme/static/css/x.css": "a{}\n", "media/fig.png": "png"},
                      "title: T\nlanguage: en\n", theme=False)
    (site / "templates").symlink_to(THEME_DIR / "templates", target_is_directory=True)  # outside: the package
    (site / "static").mkdir()
    (site / "static/css").symlink_to("../theme/static/css", target_is_directory=True)
    (site / "static/js").symlink_to(THEME_DIR / "static/js", target_is_directory=True)
    (site / "content/en/shared.md").symlink_to("../../notes/shared.md")
    (site / "content/en/figs").symlink_to("../../media", target_is_directory=True)
    (site / "content/en/again.md").symlink_to("shared.md")  # a chain that stays inside
    result = run_cli("build", site)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr
    out = site / "_site"
    assert (out / "css/x.css").read_text() == "a{}\n" and (out / "js/lecture.js").is_file()
    assert (out / "figs/fig.png").read_text() == "png"
    assert "Shared" in (out / "shared/index.html").read_text() and "Shared" in (out / "again/index.html").read_text()


OUTSIDE = [("content/en/x.txt", "/etc/passwd"), ("content/en/x.md", "/etc/passwd"), ("static/x", "/etc/hostname"),
           ("static/etc", "/etc"), ("content/en/d", "/etc"), ("static/dangling", "nowhere.txt")]


@pytest.mark.skipif(not Path("/etc/passwd").exists(), reason="needs /etc/passwd")
@pytest.mark.parametrize("link,target", OUTSIDE, ids=[link for link, _ in OUTSIDE])
def test_a_link_out_of_the_site_publishes_nothing(tmp_path, link, target):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n", "content/ko/index.md": "# 홈\n"},
                      TWO_LANGS)
    (site / link).symlink_to(target)
    result = run_cli("build", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert f"{link}: error[link]: symbolic link to " in result.stderr
    assert not (site / "_site").exists()
    check = run_cli("check", site)
    assert check.returncode == 1 and f"{link}: error[link]" in check.stderr
    # the preview's rebuild reports it too, and writes nothing from it
    from site_builder.serve.rebuild import Rebuilder

    outcome = Rebuilder(site, tmp_path / "preview")()
    assert not outcome.written and any(str(p).startswith(f"{link}: error[link]") for p in outcome.problems)
    assert not (tmp_path / "preview").exists()


def test_a_link_swapped_to_outside_is_refused_on_the_next_rebuild(tmp_path):
    """The preview keeps folder listings between rebuilds; where a link leads is looked up again."""
    from site_builder.serve.rebuild import Rebuilder

    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n", "inside.txt": "fine\n"},
                      "title: T\nlanguage: en\n")
    (site / "static/hop").symlink_to("../inside.txt")
    (site / "static/x.txt").symlink_to("hop")
    rebuild = Rebuilder(site, tmp_path / "preview")
    assert rebuild().written and (tmp_path / "preview/x.txt").read_text() == "fine\n"
    (site / "other").mkdir()
    (site / "other/hop").symlink_to("/etc/hostname")
    os.replace(site / "other/hop", site / "static/hop")  # static/ changes, static/x.txt's entry does not
    outcome = rebuild()
    assert not outcome.written
    assert [p.file for p in outcome.problems] == ["static/hop", "static/x.txt"]


# -- alias bombs -----------------------------------------------------------------------------------

def test_alias_bomb_in_front_matter_fails_fast(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]" for p, c in zip("abcdefgh", "bcdefghi")]
    site = write_site(tmp_path / "site", {"content/en/index.md": "---\n" + "\n".join(lines) + "\n---\n# Home\n"},
                      "title: T\nlanguage: en\n")
    start = time.perf_counter()
    result = run_cli("build", site)
    assert time.perf_counter() - start < 10  # the process with its imports; the YAML itself takes < 1 ms
    assert result.returncode == 1
    assert "content/en/index.md:6: error[yaml]: aliases expand this document past" in result.stderr


# -- killed and concurrent builds --------------------------------------------------------------------

def big_site(root: Path, notes: int = 400) -> Path:
    files = {f"content/en/n{i}.md": f"# Note {i}\n\n" + f"Paragraph {i} with `code {i}` and *emphasis*.\n\n" * 40
             for i in range(notes)}
    files["content/en/index.md"] = "# Home\n"
    return write_site(root, files, "title: T\nlanguage: en\n")


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith(("._site.staging-", "._site.old-")))


def test_leftover_staging_folders_are_removed_and_nothing_else(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, "title: T\nlanguage: en\n")
    planted = ["._site.staging-abc123", "._site.staging-x/deep", "._site.old-y1"]
    for name in planted:
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text("stale")
    kept = ["._site.staging", "._site2.staging-1", ".other.staging-2", "_site.staging-3"]
    for name in kept:
        (site / name).mkdir()
    (site / "._site.staging-file").write_text("a file, not ours")
    result = run_cli("build", site)
    assert result.returncode == 0, result.stderr
    assert leftovers(site) == ["._site.staging-file"]
    assert all((site / name).is_dir() for name in kept)
    # a failed build sweeps them too
    (site / "._site.staging-zz").mkdir()
    (site / "content/en/index.md").write_text("---\ntitle: [\n---\n")
    assert run_cli("build", site).returncode == 1
    assert leftovers(site) == ["._site.staging-file"]


def _start_build(site: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "site_builder", "build", str(site), "-j", "1", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_staging(site: Path, build: subprocess.Popen) -> Path:
    """The staging folder of the running build, once it holds a written page."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for name in leftovers(site):
            if any((site / name).glob("n*/index.html")):
                return site / name
        assert build.poll() is None, "the build finished before it could be caught"
        time.sleep(0.002)
    raise AssertionError("no staging folder appeared")


@pytest.mark.parametrize("second", [False, True], ids=["first-build", "over-the-spare"])
def test_a_killed_build_is_cleaned_up_by_the_next(tmp_path, second):
    site = big_site(tmp_path / "site")
    if second:  # the staging folder is then the spare, renamed
        assert run_cli("build", site, "--no-cache").returncode == 0
        assert run_cli("build", site, "--no-cache").returncode == 0
        assert (site / "._site.spare").is_dir()
        (site / "content/en/index.md").write_text("# Home again\n")
    build = _start_build(site, "--no-cache")
    staging = _wait_for_staging(site, build)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert staging.is_dir() and leftovers(site) == [staging.name]
    result = run_cli("build", site)
    assert result.returncode == 0, result.stderr
    assert leftovers(site) == []
    assert "Home" in (site / "_site/index.html").read_text() and (site / "_site/n399/index.html").is_file()


def test_a_build_waits_for_one_running_beside_the_same_output(tmp_path):
    """The lock that makes sweeping safe: a build does not delete the staging folder of one still
    running beside the same output; it waits for it, then goes on."""
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, "title: T\nlanguage: en\n")
    with Staging(site / "_site") as running:
        running.write("index.html", b"first")
        running.write(".nojekyll", b"")
        waiting = _start_build(site)
        time.sleep(1.5)
        assert waiting.poll() is None  # waiting for the lock
        assert running.dir.is_dir() and (running.dir / "index.html").read_bytes() == b"first"
        running.commit().join()
    assert (site / "_site/index.html").read_bytes() == b"first"
    assert waiting.wait(timeout=60) == 0, waiting.stderr.read()
    assert b"Home" in (site / "_site/index.html").read_bytes() and leftovers(site) == []


def test_the_lock_is_released(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, "title: T\nlanguage: en\n")
    assert run_cli("build", site).returncode == 0
    assert run_cli("build", site / "content/en/index.md").returncode == 1  # a failed one too (no site.yaml there)
    (site / "content/en/index.md").write_text("---\ntitle: [\n---\n")
    assert run_cli("build", site).returncode == 1
    fd = os.open(site, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if a build left it held
    finally:
        os.close(fd)


# -- the cache path --------------------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["folder", "file-for-folder"])
def test_a_cache_path_that_cannot_hold_the_cache_is_a_warning(tmp_path, damage):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, "title: T\nlanguage: en\n")
    if damage == "folder":
        (site / ".cache/site_builder/render-cache.pickle").mkdir(parents=True)
    else:
        (site / ".cache").write_text("not a folder")
    for _ in range(2):
        result = run_cli("build", site)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith(".cache/site_builder/render-cache.pickle: warning[cache]: ")
                             for line in lines), lines
        assert (site / "_site/index.html").is_file()
    strict = run_cli("build", site, "--strict")  # says nothing of the site: never fails it
    assert strict.returncode == 0, strict.stderr


@pytest.mark.parametrize("link", ["content", "content/ko", "static", "templates"])
def test_a_top_folder_linked_out_of_the_site_publishes_nothing(tmp_path, link):
    elsewhere = tmp_path / "elsewhere"
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n", "content/ko/index.md": "# 홈\n"},
                      TWO_LANGS)
    real = site / link
    real.rename(elsewhere)
    real.symlink_to(elsewhere, target_is_directory=True)
    result = run_cli("build", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{link}: error[link]: symbolic link to {elsewhere}, outside the site folder" in result.stderr \
        or link == "templates" and f"templates/page.html: error[link]: leads to {elsewhere}/page.html" in result.stderr
    assert not (site / "_site").exists()


def test_an_excluded_link_is_ignored(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"},
                      "title: T\nlanguage: en\nexclude: ['drafts/*', '*.tmp']\n")
    (site / "content/en/drafts").mkdir()
    (site / "content/en/drafts/x.md").symlink_to("/nowhere")
    (site / "static/y.tmp").symlink_to("/nowhere")
    result = run_cli("build", site)
    assert result.returncode == 0 and result.stderr == "", result.stderr
