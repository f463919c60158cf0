"""Shared test helpers: write small sites, read built HTML as text, crawl every href/src."""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
import wave
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

from site_builder.content.theme import THEME_DIR

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"

# What build and check report on tests/sites/basic (the checks run in every build): its Korean intro
# is no faithful translation of the English one. Tests of that site assert this exact list.
BASIC_WARNINGS = (
    "content/ko/index.md:6: warning[parity]: link target '{{site.handout}}' is not in the source (content/en/index.md)",
    "content/ko/notes/intro.md:9: warning[parity]: math 'y_i \\in \\{0, 1\\}' is not in the source "
    "(content/en/notes/intro.md)",
    "content/ko/notes/intro.md:11: warning[parity]: math 'L = \\frac{1}{N}\\sum_i L_i' is not in the source "
    "(content/en/notes/intro.md)",
    "content/ko/notes/intro.md:15: warning[parity]: html target 'fig.svg' is not in the source (content/en/notes/intro.md)",
    "content/ko/notes/intro.md:17: warning[parity]: image target '/images/logo.svg' is not in the source "
    "(content/en/notes/intro.md)",
    "content/ko/notes/intro.md:19: warning[parity]: 1 code blocks here, 0 in content/en/notes/intro.md",
    "content/ko/notes/intro.md:24: warning[parity]: link target '../../en/notes/intro.md#loss' is not in the source "
    "(content/en/notes/intro.md)",
    "content/ko/notes/intro.md:24: warning[parity]: link target 'second.md#regularization' is not in the source "
    "(content/en/notes/intro.md)",
    "content/ko/notes/intro.md:24: warning[parity]: link target '{{site.baseurl}}/' is not in the source "
    "(content/en/notes/intro.md)",
)

# Browser tests drive Debian's chromium (never a browser Playwright downloads); they skip without it.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def write_site(root: Path, files: dict[str, str], config: str | None = None, theme: bool = True) -> Path:
    """A site in `root`: site.yaml, the given files (dedented), and the repo's theme."""
    root.mkdir(parents=True, exist_ok=True)
    if config is None:
        config = "title: Test\nurl: https://t.example\nlanguage: en\n"
    (root / "site.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    if theme:  # its templates/ and static/ (its i18n/ catalogues serve every site from the package)
        for src in [*(THEME_DIR / "templates").rglob("*"), *(THEME_DIR / "static").rglob("*")]:
            dest = root / src.relative_to(THEME_DIR)
            if src.is_file() and not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(src.read_bytes())
    return root


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


class _Text(HTMLParser):
    """Visible text outside code, rendered math and scripts; plus every href/src."""

    SKIP = {"code", "pre", "script", "style", "annotation", "math"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[bool] = []
        self.parts: list[str] = []
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.urls.append(attrs[name])
        for name in ("id", "name"):
            if attrs.get(name):
                self.ids.add(attrs[name])
        if tag in ("img", "br", "hr", "meta", "link", "input", "source", "track"):
            return
        skip = tag in self.SKIP or "katex" in (attrs.get("class") or "").split()
        self.stack.append(skip)
        self.depth += skip

    def handle_endtag(self, tag):
        if self.stack:
            self.depth -= self.stack.pop()

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def parse_html(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def visible_text(html: str) -> str:
    return "".join(parse_html(html).parts)


def crawl(out: Path, baseurl: str) -> list[str]:
    """Every internal href/src of every HTML file under `out` that resolves to no output file."""
    broken = []
    for page in sorted(out.rglob("*.html")):
        for url in parse_html(page.read_text(encoding="utf-8")).urls:
            if url.startswith(("http://", "https://", "mailto:", "//", "#", "data:")):
                continue
            path = url.split("#", 1)[0].split("?", 1)[0]
            if not path.startswith(baseurl + "/"):
                broken.append(f"{page.relative_to(out)}: {url} (not under baseurl {baseurl!r})")
                continue
            target = out / path[len(baseurl) + 1 :]
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(out)}: {url}")
    return broken


def fixture_site(name: str, dest: Path, theme: bool = False) -> Path:
    """A copy of tests/sites/<name>, with the basic fixture's small templates and static files
    where it has none of its own (the glossary page template comes from the theme), or with the
    bundled theme's (`theme`)."""
    sites = Path(__file__).resolve().parent / "sites"
    shutil.copytree(sites / name, dest, ignore=shutil.ignore_patterns(".cache"))
    for folder in ("templates", "static"):
        shutil.copytree((THEME_DIR if theme else sites / "basic") / folder, dest / folder, dirs_exist_ok=True,
                        copy_function=lambda s, d: Path(d).exists() or shutil.copy2(s, d))
    if not (dest / "templates/glossary.html").exists():
        shutil.copy2(THEME_DIR / "templates/glossary.html", dest / "templates/glossary.html")
    return dest


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def static_server(root: Path):
    """A plain static file server of `root` on loopback, as GitHub Pages serves an output (no
    preview script): yields its origin, http://127.0.0.1:PORT."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietFiles, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def write_silence(path: Path, seconds: int = 40, rate: int = 8000) -> None:
    """A lecture's recording for tests: `seconds` of silence, 8-bit mono PCM WAV (320 KB for 40 s)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * rate * seconds)  # 8-bit PCM is unsigned: 128 is silence


def slow_pagefind(folder: Path, seconds: float) -> Path:
    """Pagefind that first waits `seconds`: one process (it sleeps, then becomes Pagefind), which a
    kill stops at once."""
    from site_builder.search.pagefind import executable

    script = folder / "slow-pagefind"
    script.write_text(f"#!{sys.executable}\nimport os, sys, time\ntime.sleep({seconds})\n"
                      f"os.execv({str(executable())!r}, [{str(executable())!r}] + sys.argv[1:])\n")
    script.chmod(0o755)
    return script
