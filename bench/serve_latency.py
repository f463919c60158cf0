"""Edit-to-reload latency of `site-builder serve` on the CS231n notes: the time from the moment an
edited note is written until the browser's event stream receives `reload`."""

from __future__ import annotations

import http.client
import statistics
import tempfile
import threading
import time
from pathlib import Path

from site_builder.serve import Preview

from .corpus import make_site


def _listen(preview: Preview, events: list, ready: threading.Event) -> None:
    host, port = preview.server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("GET", "/__site_builder/events")
    response = conn.getresponse()
    ready.set()
    for raw in response:
        if raw.startswith(b"event: reload"):
            events.append(time.perf_counter())


def run(edits: int = 20, copies: int = 1) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", copies)
        preview = Preview(site, port=0, log=lambda line: None, delay=0.02)
        start = time.perf_counter()
        preview.start()
        first = time.perf_counter() - start
        events: list[float] = []
        ready = threading.Event()
        threading.Thread(target=_listen, args=(preview, events, ready), daemon=True).start()
        ready.wait(10)
        note = site / "content/en/optimization-1.md"
        original = note.read_text(encoding="utf-8")
        latencies = []
        try:
            for i in range(edits):
                seen = len(events)
                note.write_text(original + f"\n\nEdit number {i}.\n", encoding="utf-8")
                written = time.perf_counter()
                deadline = written + 10
                while len(events) == seen and time.perf_counter() < deadline:
                    time.sleep(0.001)
                if len(events) > seen:
                    latencies.append((events[seen] - written) * 1000)
                time.sleep(0.15)
        finally:
            preview.stop()
    return {"pages": len(list(site.glob("content/en/**/*.md"))) if False else None, "first_build_s": first,
            "edits": len(latencies), "median_ms": statistics.median(latencies), "min_ms": min(latencies),
            "max_ms": max(latencies)}


def main(args) -> None:
    result = run(args.edits, args.copies)
    print(f"serve on CS231n ×{args.copies}: first build {result['first_build_s']:.2f} s; "
          f"edit → reload event over {result['edits']} edits: median {result['median_ms']:.0f} ms, "
          f"min {result['min_ms']:.0f} ms, max {result['max_ms']:.0f} ms")
