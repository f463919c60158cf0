"""The script the preview server adds to every HTML page it serves (never to files on disk)."""

from __future__ import annotations

import re

EVENTS_PATH = "/__site_builder/events"

# Reload on `reload` (keeping the scroll position), swap stylesheets on `css`, pass `search` on to the
# search box, reload on `pages` the pages it lists (print pages, served after the others), and show
# the build's diagnostics in an overlay: on `problems` (a failed build: red, until a good build replaces them) and
# on `warnings` (a good build's: amber, hidden by a click; an empty list removes it).
SCRIPT = """<script data-site-builder="livereload">
(() => {
  const key = "site-builder:scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const restore = () => window.scrollTo(0, Number(saved));
    restore();
    addEventListener("load", restore);
  }
  const overlay = (lines, failed) => {
    let box = document.getElementById("site-builder-overlay");
    if (!lines || !lines.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "site-builder-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1rem 1.25rem;background:#1b1b1f;color:#f4f4f5;border-top:4px solid;" +
        "font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.style.borderTopColor = failed ? "#e5484d" : "#f5a524";
    box.onclick = failed ? null : () => box.remove();
    box.textContent = (failed ? "Build failed — the last good version is shown. Fix the source and it reloads."
      : "Built with warnings — this page is up to date. Click to hide.") + "\\n\\n" + lines.join("\\n");
  };
  const events = new EventSource(%s);
  events.addEventListener("reload", () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("site-builder", Date.now());
      link.href = url.href;
    }
  });
  // A new search index (made after the pages it indexes were served): js/search.js loads it.
  events.addEventListener("search", () => dispatchEvent(new Event("site-builder:search")));
  // Pages made after the others (print pages): reloaded where open.
  events.addEventListener("pages", (e) => {
    if (!JSON.parse(e.data).includes(decodeURI(location.pathname).replace(/index\\.html$/, ""))) return;
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("problems", (e) => overlay(JSON.parse(e.data), true));
  events.addEventListener("warnings", (e) => overlay(JSON.parse(e.data), false));
})();
</script>
""" % repr(EVENTS_PATH).replace("'", '"')

_BODY_END = re.compile(rb"</body\s*>", re.I)


def inject(html: bytes) -> bytes:
    """`html` with the live-reload script before its last `</body>` (or at the end)."""
    script = SCRIPT.encode()
    # The last </body> is nearly always in the last few KB: scanning a 250 KB page whole, on every
    # request, cost the server a tenth of its throughput. A match in the tail is the last one.
    tail = max(len(html) - 4096, 0)
    ends = list(_BODY_END.finditer(html, tail)) or list(_BODY_END.finditer(html))
    if not ends:
        return html + script
    at = ends[-1].start()
    return html[:at] + script + html[at:]
