"""`site-builder serve`: build, serve under the baseurl, watch, rebuild, tell the browser.

Rebuilds have full-build semantics (the same `assemble` as `build`), but a `RenderCache` kept for
the whole session means only notes whose inputs changed are rendered again."""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .build import assemble
from .cache import RenderCache
from .config import load_config
from .devserver import DevServer
from .problems import BuildFailed, has_errors
from .urls import normalize_baseurl
from .watch import Watcher
from .writer import sync_output, write_output


@dataclass(frozen=True)
class Outcome:
    ok: bool
    problems: tuple[str, ...]  # diagnostics, printed compiler-style
    changed: frozenset[str] = frozenset()  # output files whose bytes changed
    seconds: float = 0.0


class Rebuilder:
    """A callable doing one full build into `out_dir`; never raises."""

    def __init__(self, site_dir: Path, out_dir: Path, baseurl: str | None = None) -> None:
        self.site_dir, self.out_dir, self.baseurl = site_dir, out_dir, baseurl
        self.cache = RenderCache(pages_in_memory=True)
        self.digests: dict[str, str] = {}

    def __call__(self) -> Outcome:
        start = time.perf_counter()
        try:
            done = assemble(load_config(self.site_dir, self.baseurl), self.cache)
            digests: dict[str, str] = {}
            changed: dict[str, bytes | Path] = {}
            for output in done.outputs:
                digests[output.out] = output.digest
                if output.digest != self.digests.get(output.out):
                    changed[output.out] = output.load()
            if has_errors(done.problems):
                return Outcome(False, tuple(map(str, sorted(done.problems))), seconds=time.perf_counter() - start)
            removed = self.digests.keys() - digests.keys()
            if self.digests:
                sync_output(self.out_dir, changed, set(changed), removed)
            else:
                write_output(self.out_dir, changed)
            self.digests = digests
            self.cache.retain()
            return Outcome(True, tuple(map(str, sorted(done.problems))), frozenset(changed.keys() | removed),
                           time.perf_counter() - start)
        except BuildFailed as failed:
            return Outcome(False, tuple(map(str, sorted(failed.problems))), seconds=time.perf_counter() - start)
        except Exception as exc:  # a half-written file, a vanished folder…: report, keep serving
            return Outcome(False, (f"internal error during rebuild: {exc!r}",), seconds=time.perf_counter() - start)


class Preview:
    """Server + watcher + rebuilds. `rebuild` is any callable returning an Outcome."""

    def __init__(self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000, baseurl: str | None = None,
                 rebuild: Callable[[], Outcome] | None = None, log: Callable[[str], None] | None = None,
                 delay: float = 0.03) -> None:
        try:
            site_baseurl = load_config(site_dir, baseurl).baseurl
        except BuildFailed:  # a broken site.yaml: serve anyway; the overlay shows why
            site_baseurl = normalize_baseurl(baseurl or "")
        self._tmp = Path(tempfile.mkdtemp(prefix="site-builder-serve-"))
        self.out_dir = self._tmp / "site"
        self.out_dir.mkdir()
        self.rebuild = rebuild or Rebuilder(site_dir, self.out_dir, baseurl)
        self.log = log or (lambda line: print(line, flush=True))
        self.server = DevServer(self.out_dir, site_baseurl, host, port)
        self.watcher = Watcher(site_dir, self.run_rebuild, delay)
        self.rebuilds = 0
        self._thread = threading.Thread(target=self.server.serve_forever, name="site-builder-http", daemon=True)

    def run_rebuild(self) -> Outcome:
        with self.server.building():
            outcome = self.rebuild()
        self.rebuilds += 1
        for line in outcome.problems:
            self.log(line)
        was_failing = bool(self.server.problems)
        if not outcome.ok:
            self.server.problems = outcome.problems
            self.log(f"rebuild failed in {outcome.seconds * 1000:.0f} ms; still serving the last good build")
            self.server.broadcast("problems", list(outcome.problems))
            return outcome
        self.server.problems = ()
        self.log(f"rebuilt in {outcome.seconds * 1000:.0f} ms: {len(outcome.changed)} files changed")
        if outcome.changed and all(out.endswith(".css") for out in outcome.changed) and not was_failing:
            self.server.broadcast("css")
        elif outcome.changed or was_failing:
            self.server.broadcast("reload")
        return outcome

    def start(self) -> None:
        self.run_rebuild()
        self._thread.start()
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()
        self.server.stop()
        self._thread.join()
        shutil.rmtree(self._tmp, ignore_errors=True)


def serve(site_dir: Path, host: str, port: int, baseurl: str | None, open_browser: bool) -> int:
    try:
        preview = Preview(site_dir, host, port, baseurl)
    except OSError as exc:
        from .devserver import port_in_use_message

        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            print(port_in_use_message(port, host), file=sys.stderr)
            return 1
        raise
    preview.start()
    print(f"serving {site_dir} at {preview.server.url} (Ctrl-C to stop)", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(preview.server.url)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nstopping", flush=True)
    finally:
        preview.stop()
    return 0
