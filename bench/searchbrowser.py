"""The search benchmark's browser side: a static server that counts what it sends, queries through
our window.siteSearch or stock Pagefind's pagefind.js in headless Chromium (Debian's, driven by
Playwright), and the bytes a first query downloads."""

from __future__ import annotations

import functools
import gzip
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class _Counting(SimpleHTTPRequestHandler):
    served: list[str]  # set per server: every path answered with a file

    def log_message(self, *args):
        pass

    def send_head(self):
        f = super().send_head()
        if f is not None:
            self.served.append(unquote(urlsplit(self.path).path))
        return f


@contextmanager
def static_server(root: Path):
    """Serve `root` on loopback as GitHub Pages would (no preview script); yields (origin, served
    paths, in order)."""
    served: list[str] = []
    handler = type("Handler", (_Counting,), {"served": served})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Each runs every query of its list in turn in the page, returns each one's result URLs in order.
_OURS = """async (queries) => {
  const out = [];
  for (const [q, lang] of queries) {
    const rows = await window.siteSearch(q, {lang, limit: 100000});
    out.push(rows.filter(r => r.kind !== "glossary").map(r => r.url));
  }
  return out;
}"""
_STOCK = """async ([bundle, queries]) => {
  const pf = await import(bundle);
  await pf.init();
  const out = [];
  for (const q of queries) {
    const found = await pf.search(q);
    const datas = await Promise.all(found.results.map(r => r.data()));
    out.push(datas.map(d => d.url));
  }
  return out;
}"""


def ours(browser, origin: str, page_path: str, queries: list[tuple[str, str]]) -> list[list[str]]:
    """`queries` ((text, language searched)) through window.siteSearch, from the page at `page_path`."""
    page = browser.new_page()
    page.goto(origin + page_path)
    page.wait_for_function("typeof window.siteSearch === 'function'")
    found = page.evaluate(_OURS, [list(q) for q in queries])
    page.close()
    return found


def stock(browser, origin: str, page_path: str, bundle: str, queries: list[str]) -> list[list[str]]:
    """`queries` as typed through stock Pagefind's own pagefind.js (its language: the page's)."""
    page = browser.new_page()
    page.goto(origin + page_path)
    found = page.evaluate(_STOCK, [bundle, queries])
    page.close()
    return found


def first_query(browser, origin: str, served: list[str], page_path: str, query: str, root: Path,
                wanted=lambda path: "/pagefind/" in path or path.endswith("/js/search.js")) -> dict:
    """Load `page_path` in a fresh profile, type `query` in the search box, wait for its results:
    the search files fetched (Playwright's responses and the server's own log), raw and gzipped."""
    context = browser.new_context()  # a fresh profile: empty cache
    page = context.new_page()
    seen: dict[str, int] = {}

    def on_response(response) -> None:
        path = unquote(urlsplit(response.url).path)
        if wanted(path):
            from playwright.sync_api import Error

            try:
                seen[path] = len(response.body())
            except Error:  # a redirect or an aborted fetch has no body
                seen.setdefault(path, 0)

    context.on("response", on_response)
    page.goto(origin + page_path)
    page.wait_for_function("typeof window.siteSearch === 'function'")
    start = len(served)
    page.fill("#search-input", query)
    page.wait_for_selector(".search-results li", timeout=30000)
    page.wait_for_timeout(300)  # fragments still arriving for the rows shown
    context.close()
    fetched = sorted({p for p in served if wanted(p)})
    files = {p: (root / p.lstrip("/")).read_bytes() for p in fetched}
    return {"fetched": fetched, "after_page": sorted({p for p in served[start:] if wanted(p)}),
            "raw": sum(map(len, files.values())), "gzip": sum(len(gzip.compress(b, 6)) for b in files.values()),
            "playwright": sum(seen.values()), "playwright_files": len(seen),
            "by_kind": _by_kind(files)}


def _by_kind(files: dict[str, bytes]) -> dict[str, tuple[int, int]]:
    kinds: dict[str, tuple[int, int]] = {}
    for path, data in files.items():
        name = path.rsplit("/", 1)[-1]
        kind = ("wasm" if name.startswith("wasm.") else "index" if "/index/" in path else
                "fragment" if "/fragment/" in path else "filter" if "/filter/" in path else name.split(".")[0])
        n, size = kinds.get(kind, (0, 0))
        kinds[kind] = (n + 1, size + len(data))
    return kinds
