"""`site-builder serve`: build, serve under the baseurl, watch, rebuild, tell the browser.

Rebuilds have full-build semantics (the same `assemble` as `build`), but a `RenderCache` kept for
the whole session means only notes whose inputs changed are rendered again. While a rebuild runs,
requests are answered from the last complete output; they wait only while its changed files are
renamed into place."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import AbstractContextManager, nullcontext
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
from .writer import _put, sync_output, write_output


@dataclass(frozen=True)
class Outcome:
    ok: bool
    problems: tuple[str, ...]  # diagnostics, printed compiler-style
    changed: frozenset[str] = frozenset()  # output files whose bytes changed
    seconds: float = 0.0


class Rebuilder:
    """A callable doing one full build into `out_dir`; never raises.

    `swap` (the server's `building`) is held only while the changed files, already written beside
    the output, are renamed into it: a request never waits for the rebuild itself, and never reads
    a half-written file (a rename replaces a file at once; a reader holding the old one keeps it)."""

    def __init__(self, site_dir: Path, out_dir: Path, baseurl: str | None = None,
                 swap: Callable[[], AbstractContextManager] = nullcontext) -> None:
        self.site_dir, self.out_dir, self.baseurl = site_dir, out_dir, baseurl
        self.swap = swap
        self.cache = RenderCache(pages_in_memory=True)
        self.digests: dict[str, str] = {}
        # Beside the output, so on its file system: a rename from here into it is atomic.
        self.next_dir = out_dir.parent / f".{out_dir.name}.next"

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
                self._sync(changed, removed)
            else:
                with self.swap():
                    write_output(self.out_dir, changed)
            self.digests = digests
            self.cache.retain()
            return Outcome(True, tuple(map(str, sorted(done.problems))), frozenset(changed.keys() | removed),
                           time.perf_counter() - start)
        except BuildFailed as failed:
            return Outcome(False, tuple(map(str, sorted(failed.problems))), seconds=time.perf_counter() - start)
        except Exception as exc:  # a half-written file, a vanished folder…: report, keep serving
            return Outcome(False, (f"internal error during rebuild: {exc!r}",), seconds=time.perf_counter() - start)

    def _sync(self, changed: dict[str, bytes | Path], removed: set[str]) -> None:
        """Write the changed files beside the output, then, holding `swap`, delete the removed ones
        and rename the new ones into place (a few ms, however large the files)."""
        shutil.rmtree(self.next_dir, ignore_errors=True)
        self.next_dir.mkdir()
        staged = []
        for n, out in enumerate(sorted(changed)):
            temp = self.next_dir / str(n)
            _put(temp, changed[out])
            staged.append((temp, self.out_dir / out))
        with self.swap():
            sync_output(self.out_dir, {}, set(), removed)
            for temp, target in staged:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp, target)


TEMP_PREFIX = "site-builder-serve-"
OWNED = ".owned"  # in a temp output whose folder its server holds a lock on while it runs


class TempOutput:
    """The preview's output folder in the system's temp dir, deleted by `remove()`. A server that
    could not remove it (killed with SIGKILL, or crashed) leaves it behind; the next one removes it:
    each holds an advisory lock on its folder while it runs, which the system releases however the
    process ends, so a folder marked `OWNED` whose lock is free belongs to no running server.
    Folders of servers that never locked theirs (older versions) are not marked, and left alone."""

    def __init__(self) -> None:
        self._sweep()
        self.path = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        self._fd = self._lock(self.path)
        if self._fd is not None:
            (self.path / OWNED).touch()  # only now: a sweeper that sees it finds the lock taken

    @staticmethod
    def _lock(folder: Path) -> int | None:
        """A descriptor holding an exclusive lock on `folder`, or None if it is locked (or locks
        are not available here, as on Windows)."""
        try:
            import fcntl
        except ImportError:
            return None
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return fd

    def _sweep(self) -> None:
        if not hasattr(os, "getuid"):  # Windows: no advisory locks, nothing to tell stale folders by
            return
        for folder in Path(tempfile.gettempdir()).glob(TEMP_PREFIX + "*"):
            try:
                if folder.is_symlink() or not (folder / OWNED).is_file() or folder.stat().st_uid != os.getuid():
                    continue
                fd = self._lock(folder)
            except OSError:  # gone meanwhile, or not ours to look into
                continue
            if fd is not None:
                shutil.rmtree(folder, ignore_errors=True)
                os.close(fd)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Preview:
    """Server + watcher + rebuilds. `rebuild` is any callable returning an Outcome."""

    def __init__(self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000, baseurl: str | None = None,
                 rebuild: Callable[[], Outcome] | None = None, log: Callable[[str], None] | None = None,
                 delay: float = 0.03) -> None:
        try:
            site_baseurl = load_config(site_dir, baseurl).baseurl
        except BuildFailed:  # a broken site.yaml: serve anyway; the overlay shows why
            site_baseurl = normalize_baseurl(baseurl or "")
        self._temp = TempOutput()
        self._tmp = self._temp.path
        try:
            self.out_dir = self._tmp / "site"
            self.out_dir.mkdir()
            self.server = DevServer(self.out_dir, site_baseurl, host, port)
            self.rebuild = rebuild or Rebuilder(site_dir, self.out_dir, baseurl, swap=self.server.building)
            self.watcher = Watcher(site_dir, self.run_rebuild, delay)
        except BaseException:  # a port in use: nothing may be left in /tmp
            self._temp.remove()
            raise
        self.log = log or (lambda line: print(line, flush=True))
        self.rebuilds = 0
        self._thread = threading.Thread(target=self.server.serve_forever, name="site-builder-http", daemon=True)
        self._stopped = False

    def run_rebuild(self) -> Outcome:
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
        """Stop watching and serving and delete the output; also after a start that failed halfway."""
        if self._stopped:
            return
        self._stopped = True
        try:
            self.watcher.stop()
            if self._thread.is_alive():
                self.server.stop()
                self._thread.join()
            else:
                self.server.server_close()
        finally:
            self._temp.remove()


STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")  # Ctrl-C, kill, the terminal closed


class _Stop(BaseException):
    """Raised in the main thread by a signal asking the server to stop (not an Exception, so that
    the rebuild's own error handling does not take it for a failed build)."""


def serve(site_dir: Path, host: str, port: int, baseurl: str | None, open_browser: bool) -> int:
    stopping: list[bool] = []  # not empty once asked to stop

    def on_signal(signum: int, frame) -> None:
        if stopping:  # asked again while stopping (a rebuild still finishing): go now
            if preview:
                shutil.rmtree(preview._tmp, ignore_errors=True)
            os._exit(1)
        stopping.append(True)
        raise _Stop(signal.Signals(signum).name)

    preview: Preview | None = None
    previous = {sig: signal.signal(sig, on_signal) for name in STOP_SIGNALS if (sig := getattr(signal, name, None))}
    try:
        try:
            preview = Preview(site_dir, host, port, baseurl)
        except OSError as exc:
            from .devserver import port_in_use_message

            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                print(port_in_use_message(port, host), file=sys.stderr)
                return 1
            raise
        try:
            preview.start()
            print(f"serving {site_dir} at {preview.server.url} (Ctrl-C to stop)", flush=True)
            if open_browser:
                import webbrowser

                webbrowser.open(preview.server.url)
            threading.Event().wait()
        except _Stop as stop:
            try:
                print(f"\nstopping ({stop})", flush=True)
            except OSError:  # SIGHUP: the terminal is gone
                pass
        finally:
            stopping.append(True)
            preview.stop()
    except _Stop:  # before the server was up: nothing to stop
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
