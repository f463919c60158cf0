"""More of issue 16, as an attacker would try it through the command line: links that lead into the
build's own output (which would copy the output into itself, growing at each build), files that
are not regular files (a FIFO blocks a reader for ever), and `import-jekyll` of a Jekyll repository
whose symbolic links lead out of it. The pathological notes are tests/sites_invalid/pathological_notes/."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import run_cli, write_site
from site_builder.serve.rebuild import Rebuilder

CONFIG = "title: T\nlanguage: en\n"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def built_site(root: Path) -> Path:
    site = write_site(root, {"content/en/index.md": "# Home\n", "content/en/a.md": "# A\n"}, CONFIG)
    result = run_cli("build", site)
    assert result.returncode == 0, result.stderr
    return site


# -- links into the output ------------------------------------------------------------------------

INTO_OUTPUT = [
    ("static/mirror", "../_site", "which leads into the output folder _site"),
    ("static/css2", "../_site/css", "which leads into the output folder _site"),
    ("content/en/copy.html", "../../_site/index.html", "which leads into the output folder _site"),
    ("static/all", "..", "which leads to a folder that holds the output folder _site"),
    # hidden neighbours of the output: the spare (the output before last), staging folders, the cache;
    # `build` moves the spare into its staging folder and sweeps old staging folders before it reads
    # the site, so there the link dangles by then
    ("static/spare", "../._site.spare", "which leads to ._site.spare, in a hidden folder of the site|which does not exist"),
    ("static/stage", "../._site.staging-x1",
     "which leads to ._site.staging-x1, in a hidden folder of the site|which does not exist"),
    ("content/en/cache", "../../.cache", "which leads to .cache, in a hidden folder of the site"),
]


@pytest.mark.parametrize("link,target,why", INTO_OUTPUT, ids=[link for link, _, _ in INTO_OUTPUT])
def test_a_link_into_the_output_is_refused(tmp_path, link, target, why):
    site = built_site(tmp_path / "site")
    for folder in ("._site.spare", "._site.staging-x1", ".cache"):  # as builds leave them: the link does not dangle
        (site / folder).mkdir(exist_ok=True)
        (site / folder / "index.html").write_text("old output")
    before = tree(site / "_site")
    (site / link).symlink_to(target)
    for command in ("build", "check"):
        result = run_cli(command, site)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert any(f"{link}: error[link]: symbolic link to '{target}', {one}: nothing is published from it\n"
                   in result.stderr for one in why.split("|")), result.stderr
    assert tree(site / "_site") == before  # the output is as the last good build left it, not inside itself
    outcome = Rebuilder(site, tmp_path / "preview")()  # the preview refuses it too, as `build` does
    assert not outcome.written and any(str(p).startswith(f"{link}: error[link]") for p in outcome.problems)


def test_a_link_into_an_output_given_with_dash_o_is_refused(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, CONFIG)
    assert run_cli("build", site, "-o", site / "public").returncode == 0
    (site / "static/mirror").symlink_to("../public")
    (site / "static/page.html").symlink_to("../public/index.html")
    before = tree(site / "public")
    result = run_cli("build", site, "-o", site / "public")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "static/mirror: error[link]: symbolic link to '../public', which leads into the output folder public: "
        "nothing is published from it",
        "static/page.html: error[link]: symbolic link to '../public/index.html', which leads into the output "
        "folder public: nothing is published from it"]
    assert tree(site / "public") == before
    # the same links are fine when the output is elsewhere: public/ is then an ordinary folder of the site
    result = run_cli("build", site, "-o", tmp_path / "elsewhere")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere/mirror/index.html").read_bytes() == before["index.html"]


def test_a_link_to_a_folder_holding_the_output_is_refused(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n", "build/notes.txt": "x"}, CONFIG)
    (site / "static/b").symlink_to("../build")
    out = site / "build/out"
    result = run_cli("build", site, "-o", out)
    assert result.returncode == 1 and not out.exists()
    assert result.stderr.startswith("static/b: error[link]: symbolic link to '../build', which leads to a folder "
                                    "that holds the output folder build/out: nothing is published from it\n")


def test_content_linked_to_a_folder_holding_the_output_is_refused(tmp_path):
    """content/ is a link to src/, so `-o src/en/out` passes build's own check (not in content/);
    the link is refused before anything is written, so the output never holds itself."""
    site = write_site(tmp_path / "site", {"src/en/index.md": "# Home\n"}, CONFIG)
    (site / "content").symlink_to("src", target_is_directory=True)
    out = site / "src/en/out"
    result = run_cli("build", site, "-o", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr and not out.exists()
    assert result.stderr.startswith("content: error[link]: symbolic link to 'src', which leads to a folder that "
                                    "holds the output folder src/en/out: nothing is published from it\n")


def test_builds_do_not_grow(tmp_path):
    """What the hole did: with `static/mirror -> ../_site` allowed, each build copied the last into itself."""
    site = built_site(tmp_path / "site")
    (site / "static/mirror").symlink_to("../_site")
    sizes = set()
    for _ in range(3):
        assert run_cli("build", site).returncode == 1
        sizes.add(sum(len(b) for b in tree(site / "_site").values()))
    assert len(sizes) == 1 and not (site / "_site/mirror").exists()


# -- files that are not regular files ----------------------------------------------------------------

def _build(site: Path, *args) -> subprocess.CompletedProcess:
    """A FIFO read would block for ever: the timeout makes that a failure, not a hung test run."""
    return subprocess.run([sys.executable, "-m", "site_builder", *args, str(site)], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("place", ["content/en/x.md", "content/en/x.txt", "static/pipe", "content/en/sub/deep.md"])
def test_a_fifo_is_refused_and_never_read(tmp_path, place):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, CONFIG)
    (site / place).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(site / place)
    for command in ("build", "check"):
        result = _build(site, command)
        assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert result.stderr.splitlines()[0] == f"{place}: error[file]: not a regular file: nothing is published from it"
    assert not (site / "_site").exists()


@pytest.mark.parametrize("place, line", [
    ("site.yaml", "site.yaml: error[config]: not a regular file"),
    ("glossary.yaml", "glossary.yaml: error[glossary]: not a regular file"),
    ("templates/page.html", "templates/page.html: error[file]: not a regular file: not used as a template"),
])
def test_a_fifo_in_place_of_the_settings_or_a_template_is_refused(tmp_path, place, line):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, CONFIG)
    (site / place).parent.mkdir(parents=True, exist_ok=True)
    (site / place).unlink(missing_ok=True)
    os.mkfifo(site / place)
    for command in ("build", "check"):
        result = _build(site, command)
        assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert line in result.stderr.splitlines()


def test_a_socket_and_a_link_to_a_fifo_are_refused(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, CONFIG)
    os.mkfifo(site / "pipe")
    (site / "content/en/y.md").symlink_to("../../pipe")  # inside the site: allowed as a link, not as a file
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(site / "static/s.sock"))
        result = _build(site, "build")
    finally:
        sock.close()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "content/en/y.md: error[file]: not a regular file: nothing is published from it",
        "static/s.sock: error[file]: not a regular file: nothing is published from it"]


def test_a_device_file_is_refused(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, CONFIG)
    (site / "static/zero").symlink_to("/dev/zero")  # outside: error[link]; a device made in place: error[file]
    try:
        os.mknod(site / "static/null", 0o600 | __import__("stat").S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device file needs privileges")
    result = _build(site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "static/null: error[file]: not a regular file: nothing is published from it",
        "static/zero: error[link]: symbolic link to /dev/zero, outside the site folder: nothing is published from it"]


def test_an_excluded_fifo_is_passed_over(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": "# Home\n"}, CONFIG + "exclude: ['*.fifo']\n")
    os.mkfifo(site / "content/en/x.fifo")
    result = _build(site, "build")
    assert result.returncode == 0 and result.stderr == "", result.stderr


# -- import-jekyll of a stranger's repository ------------------------------------------------------------

def jekyll_repo(root: Path) -> Path:
    files = {"_config.yml": "title: Course\n", "index.md": "# Home\n", "notes/shared.md": "# Shared\n",
             "assets/logo.png": "PNG", "images/fig.png": "FIG", ".git/config": "url = https://TOKEN@example.org\n"}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.mark.skipif(not Path("/etc/passwd").exists(), reason="needs /etc/passwd")
def test_import_jekyll_follows_no_link_out_of_the_repository(tmp_path):
    src, dest = jekyll_repo(tmp_path / "src"), tmp_path / "dest"
    links = {"assets/passwd": "/etc/passwd", "assets/etc": "/etc", "assets/dangling": "nowhere.png",
             "assets/up.txt": "../../outside.txt", "assets/git": "../.git/config", "assets/all": "..",
             "assets/copy.png": "logo.png", "shared.md": "notes/shared.md", "assets/figs": "../images"}
    (tmp_path / "outside.txt").write_text("a file beside the repository")
    for link, target in links.items():
        (src / link).symlink_to(target)
    os.mkfifo(src / "assets/pipe")  # read, it would block the import for ever
    result = subprocess.run([sys.executable, "-m", "site_builder", "import-jekyll", str(src), str(dest)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    report = result.stdout.splitlines()
    for line in [
        "  assets/all: symbolic link to the folder '..': not followed (what it leads to is imported where it is)",
        "  assets/dangling: symbolic link to 'nowhere.png', which does not exist: nothing copied",
        "  assets/etc: symbolic link to '/etc', which leads outside the Jekyll site: not followed, nothing copied",
        "  assets/figs: symbolic link to the folder '../images': not followed (what it leads to is imported where it is)",
        "  assets/git: symbolic link to '../.git/config', which leads into a hidden folder of the Jekyll site: "
        "nothing copied",
        "  assets/passwd: symbolic link to '/etc/passwd', which leads outside the Jekyll site: not followed, "
        "nothing copied",
        "  assets/pipe: not a regular file: nothing copied",
        "  assets/up.txt: symbolic link to '../../outside.txt', which leads outside the Jekyll site: not followed, "
        "nothing copied",
    ]:
        assert line in report, result.stdout
    imported = {p.relative_to(dest).as_posix() for p in dest.rglob("*")}
    refused = ("passwd", "etc", "dangling", "up.txt", "git", "all", "pipe", "figs")
    assert not any(f"static/assets/{name}" in imported for name in refused)
    everything = b"".join(p.read_bytes() for p in dest.rglob("*") if p.is_file())
    assert Path("/etc/passwd").read_bytes() not in everything and b"TOKEN" not in everything
    assert b"a file beside" not in everything
    # links that stay in the repository: the file they lead to, copied as a file of its own
    copy = dest / "static/assets/copy.png"
    assert not copy.is_symlink() and copy.read_text() == "PNG"
    assert (dest / "static/images/fig.png").read_text() == "FIG"  # imported where it is
    assert (dest / "content/en/shared.md").read_text() == "# Shared\n" and not (dest / "content/en/shared.md").is_symlink()
    assert not any(p.is_symlink() for p in dest.rglob("*"))
    assert run_cli("build", dest).returncode == 0


@pytest.mark.parametrize("target", ["/etc/passwd", ".git/config"])
def test_import_jekyll_refuses_a_config_linked_out(tmp_path, target):
    src, dest = jekyll_repo(tmp_path / "src"), tmp_path / "dest"
    (src / "_config.yml").unlink()
    (src / "_config.yml").symlink_to(target)
    result = run_cli("import-jekyll", src, dest)
    assert result.returncode == 1 and "Traceback" not in result.stderr and not dest.exists()
    assert f"_config.yml: error[import]: symbolic link to '{target}', which leads " in result.stderr, result.stderr


# -- the warnings tests/sites_invalid/pathological_notes/ expects, and their absence on good notes --------

def test_unclosed_openers_and_deep_nesting_warn_once_and_only_when_true(tmp_path):
    site = write_site(tmp_path / "site", {"content/en/index.md": (
        "# Home\n\n"
        "Closed: \\\\( a \\\\) and \\\\[ b \\\\] and $$c$$ and\n$$d\n$$ and `\\begin{align}` in code.\n\n"  # lines 3-5
        "Inline, closed: x \\begin{align} y \\end{align}.\n\n"  # line 7: raw TeX, but not unclosed
        + ">" * 19 + " nineteen quotes and a paragraph still fit\n\n"  # line 9
        "Open: \\\\( a \\\\( b \\\\[ c\n\n"  # line 11: one warning per opener
        "\\begin{align*}\nx &= 1 \\\\\n\\begin{align*}\n\n"  # line 13
        + ">" * 21 + " too deep\n\n"  # line 17
        + "- " * 25 + "too deep too\n")}, CONFIG)  # line 19
    result = run_cli("check", site)
    assert result.returncode == 0 and result.stderr.splitlines() == [
        "content/en/index.md:11:7: warning[math]: '\\\\(' opens math that is never closed in this paragraph",
        "content/en/index.md:11:19: warning[math]: '\\\\[' opens math that is never closed in this paragraph",
        "content/en/index.md:13:1: warning[math]: '\\begin{align*}' opens an environment that is never closed in "
        "this paragraph",
        "content/en/index.md:17: warning[nesting]: nested more than 20 levels deep (quotes, lists): what is deeper "
        "is left out",
        "content/en/index.md:19: warning[nesting]: nested more than 20 levels deep (quotes, lists): what is deeper "
        "is left out"], result.stderr
