"""A bounded loopback load test of the preview server while rebuilds happen: N clients × M requests
to 127.0.0.1 (stops by itself, also after --seconds), with a note edited every --interval seconds,
reporting errors, latency (p50, p99, max) and how many rebuilds ran. The server is a real
`site-builder serve` process, stopped with SIGTERM at the end.

--edits prose appends a new sentence each time; --edits math a new sentence with new formulas
(inline `$…$` and a display `$$…$$` never seen before), so each rebuild renders math; --edits
template changes the page template, so every page is rendered and swapped in again; --edits none
measures the server alone."""

from __future__ import annotations

import http.client
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from site_builder.core.config import load_config

from .corpus import make_site

PATHS = ["/", "/optimization-1/", "/linear-classify/", "/css/site.css", "/assets/nn1/neuron.png", "/nope/"]
NOTE = "content/en/optimization-1.md"
TEMPLATE = "templates/page.html"


def edit_text(original: str, i: int, mode: str) -> str:
    if mode == "template":
        return original + f"\n<!-- edit {i} -->\n"
    if mode == "math":
        return original + (f"\n\nLoad edit {i}: $x_{{{i}}}^2 + \\alpha_{{{i}}} = {i}$ and\n\n"
                           f"$$\n\\sum_{{k=1}}^{{{i}}} k = \\frac{{{i}({i}+1)}}{{2}}\n$$\n")
    return original + f"\n\nLoad edit {i}.\n"


def _start_server(site: Path) -> tuple[subprocess.Popen, str, int, list[str]]:
    """`site-builder serve --port 0` in its own process (so the clients' threads do not share its
    interpreter), on 127.0.0.1; its output lines are collected as they come."""
    proc = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", str(site), "--host", "127.0.0.1",
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    line = ""
    while not line.startswith("serving "):
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server did not start:\n" + "".join(lines))
        lines.append(line)
    url = urlsplit(line.split(" at ")[1].split()[0])
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
    return proc, url.hostname, url.port, lines


@contextmanager
def _serving(site: Path):
    """The server process while the block runs; stopped with SIGTERM (killed if it hangs) after it,
    whatever happens in it."""
    proc, host, port, lines = _start_server(site)
    try:
        yield proc, host, port, lines
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(clients: int = 20, requests: int = 500, edits: str = "prose", interval: float = 0.1,
        seconds: float = 120) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site")
        with _serving(site) as (proc, host, port, lines):
            base = load_config(site).baseurl
            errors: list[str] = []
            times: list[float] = []
            lock = threading.Lock()
            stop_edits = threading.Event()
            deadline = time.monotonic() + seconds
            edits_made = 0

            def client(n: int) -> None:
                conn = http.client.HTTPConnection(host, port, timeout=30)
                for i in range(requests):
                    if time.monotonic() > deadline or proc.poll() is not None:
                        break
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
                nonlocal edits_made
                edited = site / (TEMPLATE if edits == "template" else NOTE)
                original = edited.read_text(encoding="utf-8")
                while not stop_edits.wait(interval):
                    edits_made += 1
                    edited.write_text(edit_text(original, edits_made, edits), encoding="utf-8")

            logged = len(lines)
            edits_thread = threading.Thread(target=editor, daemon=True)
            if edits != "none":
                edits_thread.start()
            started = time.perf_counter()
            workers = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            elapsed = time.perf_counter() - started
            stop_edits.set()
            if edits != "none":
                edits_thread.join()
            time.sleep(0.5)  # the last rebuild's line
            run_lines = lines[logged:]
            died = proc.poll()
    build_ms = [float(line.split(" in ")[1].split(" ms")[0]) for line in run_lines if line.startswith("rebuilt in")]
    ms = sorted(t * 1000 for t in times) or [0.0]
    return {"requests": len(times), "errors": len(errors), "first_errors": errors[:5], "seconds": elapsed,
            "rps": len(times) / elapsed, "median_ms": statistics.median(ms), "p99_ms": ms[max(int(len(ms) * 0.99) - 1, 0)],
            "max_ms": ms[-1], "rebuilds": len(build_ms), "edits": edits_made,
            "failed_rebuilds": sum(line.startswith("rebuild failed") for line in run_lines),
            "warnings": sum(": warning[" in line for line in run_lines),
            "rebuild_median_ms": statistics.median(build_ms) if build_ms else 0.0,
            "server_died": died, "server_tail": [line.rstrip() for line in run_lines[-3:]] if died is not None else []}


def main(args) -> None:
    r = run(args.clients, args.requests, args.edits, args.interval, args.seconds)
    edits = "no edits" if args.edits == "none" else f"{r['edits']} {args.edits} edits every {args.interval} s"
    print(f"load: {args.clients} clients × {args.requests} requests to 127.0.0.1 with {edits} = {r['requests']} "
          f"requests in {r['seconds']:.1f} s ({r['rps']:.0f} req/s), {r['errors']} errors; latency p50 "
          f"{r['median_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms; {r['rebuilds']} rebuilds "
          f"(median {r['rebuild_median_ms']:.0f} ms, {r['failed_rebuilds']} failed, {r['warnings']} warnings logged)")
    for line in r["first_errors"]:
        print("  error:", line)
    if r["server_died"] is not None:
        print(f"  the server died during the run (exit status {r['server_died']}); its last lines:")
        for line in r["server_tail"]:
            print("   ", line)
