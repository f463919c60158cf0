"""A bounded loopback load test of the preview server while rebuilds happen: N clients × M requests
(stops by itself), reporting errors and latency."""

from __future__ import annotations

import http.client
import statistics
import tempfile
import threading
import time
from pathlib import Path

from site_builder.serve import Preview

from .corpus import make_site

PATHS = ["/", "/optimization-1/", "/linear-classify/", "/css/site.css", "/assets/nn1/neuron.png", "/nope/"]


def run(clients: int = 20, requests: int = 500) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site")
        preview = Preview(site, port=0, log=lambda line: None, delay=0.02)
        preview.start()
        host, port = preview.server.server_address[:2]
        base = preview.server.baseurl
        errors: list[str] = []
        times: list[float] = []
        lock = threading.Lock()
        stop_edits = threading.Event()

        def client(n: int) -> None:
            conn = http.client.HTTPConnection(host, port, timeout=30)
            for i in range(requests):
                path = base + PATHS[(n + i) % len(PATHS)]
                start = time.perf_counter()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == (404 if path.endswith("/nope/") else 200)
                except OSError as exc:
                    ok, response = False, exc
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=30)
                with lock:
                    times.append(time.perf_counter() - start)
                    if not ok:
                        errors.append(f"{path}: {getattr(response, 'status', response)}")
            conn.close()

        def editor() -> None:
            note = site / "content/en/optimization-1.md"
            original = note.read_text(encoding="utf-8")
            i = 0
            while not stop_edits.wait(0.2):
                i += 1
                note.write_text(original + f"\n\nLoad edit {i}.\n", encoding="utf-8")

        before = preview.rebuilds
        edits = threading.Thread(target=editor, daemon=True)
        edits.start()
        started = time.perf_counter()
        workers = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        elapsed = time.perf_counter() - started
        stop_edits.set()
        edits.join()
        rebuilds = preview.rebuilds - before
        preview.stop()
    ms = sorted(t * 1000 for t in times)
    return {"requests": len(times), "errors": len(errors), "first_errors": errors[:5], "seconds": elapsed,
            "rps": len(times) / elapsed, "median_ms": statistics.median(ms), "p99_ms": ms[int(len(ms) * 0.99) - 1],
            "rebuilds": rebuilds}


def main(args) -> None:
    r = run(args.clients, args.requests)
    print(f"load: {args.clients} clients × {args.requests} requests on loopback = {r['requests']} requests in "
          f"{r['seconds']:.1f} s ({r['rps']:.0f} req/s), {r['errors']} errors, latency median {r['median_ms']:.1f} ms, "
          f"p99 {r['p99_ms']:.1f} ms, {r['rebuilds']} rebuilds during the run")
    for line in r["first_errors"]:
        print("  error:", line)
