"""Edit-to-browser latency while previewing the CS231n notes: the time from writing an edited note
until (a) our server's event stream says `reload`, and (b) the server returns the page with the
edit, for site-builder and, when installed, `hugo server` and `mkdocs serve` in the same run."""

from __future__ import annotations

import http.client
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from site_builder.serve.preview import Preview

from .corpus import make_site
from .others import hugo_site, mkdocs_site

NOTE = "optimization-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(port: int, path: str) -> str:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        body = conn.getresponse().read().decode("utf-8", "replace")
        conn.close()
        return body
    except OSError:
        return ""


def _until_served(port: int, path: str, marker: str, deadline: float) -> float | None:
    while time.perf_counter() < deadline:
        if marker in _fetch(port, path):
            return time.perf_counter()
        time.sleep(0.002)
    return None


def _edits(note: Path, port: int, path: str, edits: int, events: list | None = None) -> dict:
    original = note.read_text(encoding="utf-8")
    served, evented = [], []
    try:
        for i in range(edits):
            marker = f"Edit number {i} {time.time_ns()}"
            seen = len(events) if events is not None else 0
            note.write_text(original + f"\n\n{marker}.\n", encoding="utf-8")
            written = time.perf_counter()
            done = _until_served(port, path, marker, written + 15)
            if done:
                served.append((done - written) * 1000)
            if events is not None and len(events) > seen:
                evented.append((events[seen] - written) * 1000)
            time.sleep(0.3)
    finally:
        note.write_text(original, encoding="utf-8")
    stats = lambda xs: (statistics.median(xs), min(xs), max(xs)) if xs else None  # noqa: E731
    return {"served": stats(served), "event": stats(evented), "n": len(served)}


def _ours(site: Path, edits: int) -> dict:
    preview = Preview(site, port=0, log=lambda line: None)
    preview.start()
    events: list[float] = []
    ready = threading.Event()

    def listen() -> None:
        host, port = preview.server.server_address[:2]
        conn = http.client.HTTPConnection(host, port, timeout=60)
        conn.request("GET", "/__site_builder/events")
        response = conn.getresponse()
        ready.set()
        for raw in response:
            if raw.startswith(b"event: reload"):
                events.append(time.perf_counter())

    threading.Thread(target=listen, daemon=True).start()
    ready.wait(10)
    try:
        port = preview.server.server_address[1]
        return _edits(site / f"content/en/{NOTE}.md", port, f"{preview.server.baseurl}/{NOTE}/", edits, events)
    finally:
        preview.stop()


def _external(cmd: list[str], port: int, note: Path, path: str, edits: int) -> dict | None:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if _until_served(port, path, "<", time.perf_counter() + 120) is None:
            return None
        time.sleep(1)
        return _edits(note, port, path, edits)
    finally:
        proc.terminate()
        proc.wait(10)


def run(edits: int = 15, copies: int = 1, others: bool = True) -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", copies)
        results["site_builder serve"] = _ours(site, edits)
        if not others:
            return results
        hugo = Path(tmp) / "hugo"
        hugo.mkdir()
        cmd = hugo_site(site, hugo)
        if cmd:
            port = _free_port()
            results["hugo server"] = _external(
                ["hugo", "server", "--source", str(hugo), "--bind", "127.0.0.1", "--port", str(port),
                 "--baseURL", f"http://127.0.0.1:{port}/", "--appendPort=false", "--quiet"],
                port, hugo / f"content/{NOTE}.md", f"/{NOTE}/", edits)
        mk = Path(tmp) / "mkdocs"
        mk.mkdir()
        cmd = mkdocs_site(site, mk)
        if cmd:
            port = _free_port()
            results["mkdocs serve"] = _external(
                [cmd[0], "serve", "--config-file", str(mk / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
                port, mk / f"docs/{NOTE}.md", f"/cs231n/{NOTE}/", edits)
    return results


def main(args) -> None:
    results = run(args.edits, args.copies, not args.only_ours)
    print(f"edit → browser on CS231n ×{args.copies}, {args.edits} edits each (median / min / max ms):")
    for name, r in results.items():
        if not r or not r["served"]:
            print(f"  {name:<20} not installed or did not serve")
            continue
        line = f"  {name:<20} new content served: {r['served'][0]:.0f} / {r['served'][1]:.0f} / {r['served'][2]:.0f}"
        if r["event"]:
            line += f"; reload event: {r['event'][0]:.0f} / {r['event'][1]:.0f} / {r['event'][2]:.0f}"
        print(line)
