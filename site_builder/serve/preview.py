"""`site-builder serve`: build, serve under the baseurl, watch, rebuild, tell the browser.

Rebuilds (serve/rebuild.py) have full-build semantics (the same `assemble` as `build`, checks
included), but the BuildMemos kept for the whole session mean only notes whose inputs changed are
rendered again. While a rebuild runs, requests are answered from the last output served (its search
index and print pages may still be those of the build before); they wait only for the rename that
puts the next in its place (see Rebuilder)."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import Callable

from ..build.build import BuildResult
from ..core.config import load_config
from ..core.problems import BuildFailed, has_errors
from ..core.report import counts, grouped
from ..core.urls import normalize_baseurl
from .devserver import DevServer
from ..search.index import BUNDLE
from .rebuild import Rebuilder
from .watch import Watcher


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
    """Server + watcher + rebuilds. `rebuild` is any callable returning a BuildResult."""

    def __init__(self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000, baseurl: str | None = None,
                 rebuild: Callable[[], BuildResult] | None = None, log: Callable[[str], None] | None = None,
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
            self.rebuild = rebuild or Rebuilder(site_dir, self.out_dir, baseurl, swap=self.server.building,
                                                completed=self.on_completed)
            self.watcher = Watcher(site_dir, self.run_rebuild, delay)
        except BaseException:  # a port in use: nothing may be left in /tmp
            self._temp.remove()
            raise
        self.log = log or (lambda line: print(line, flush=True))
        self.rebuilds = 0
        self._telling = threading.Lock()  # a rebuild's report and its index's, one after the other
        self._thread = threading.Thread(target=self.server.serve_forever, name="site-builder-http", daemon=True)
        self._stopped = False

    def run_rebuild(self) -> BuildResult:
        """Rebuild, log, and tell the browsers: a failed build shows its problems over the last good
        version; a good one reloads the pages (or swaps the stylesheets) and shows its warnings."""
        result = self.rebuild()
        with self._telling:
            return self._tell(result)

    def on_completed(self, result: BuildResult) -> None:
        """What a rebuild served after its pages (serve/rebuild.py): a new search index, which the
        pages' search boxes ask from then on; print pages, which reload where open. Should Pagefind
        have failed, the last index stays and its warning joins the overlay."""
        with self._telling:
            changed = sorted(result.changed)
            if any(out.startswith(BUNDLE + "/") for out in changed):
                self.log(f"search index made again in {result.seconds * 1000:.0f} ms")
                self.server.broadcast("search")
            pages = [self.server.baseurl + "/" + out.removesuffix("index.html") for out in changed
                     if out.endswith(".html") and not out.startswith(BUNDLE + "/")]
            if pages:
                self.server.broadcast("pages", pages)
            if result.problems:
                for line in grouped(result.problems):
                    self.log(line)
                overlay = self.server.problems + tuple(str(p) for p in result.problems)
                failed = self.server.failed or has_errors(result.problems)  # an internal error: red
                self.server.show(overlay, failed=failed)
                self.server.broadcast("problems" if failed else "warnings", list(overlay))

    def _tell(self, result: BuildResult) -> BuildResult:
        self.rebuilds += 1
        # The terminal gets the errors and one line of counts; every finding is in the overlay.
        for line in grouped(p for p in result.problems if p.severity == "error"):
            self.log(line)
        was_failing, shown = self.server.failed, self.server.problems
        # In the browser the errors come first: a build with many warnings would push them off the screen.
        overlay = tuple(str(p) for p in sorted(result.problems, key=lambda p: p.severity != "error"))
        self.server.show(overlay, failed=not result.written)
        if not result.written:
            self.log(f"rebuild failed in {result.seconds * 1000:.0f} ms ({counts(result.problems)}); "
                     "still serving the last good build")
            self.server.broadcast("problems", list(overlay))
            return result
        tail = f" ({counts(result.problems)}: listed in the browser)" if result.problems else ""
        self.log(f"rebuilt in {result.seconds * 1000:.0f} ms: {len(result.changed)} files changed{tail}")
        if result.changed and all(out.endswith(".css") for out in result.changed) and not was_failing:
            self.server.broadcast("css")
        elif result.changed or was_failing:
            self.server.broadcast("reload")  # a reloaded page asks for the warnings when it connects
            return result
        if overlay != shown:
            self.server.broadcast("warnings", list(overlay))
        return result

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
            if isinstance(self.rebuild, Rebuilder):
                self.rebuild.stop_later()
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
            # Never a wait without end: the kernel may give the signal to another thread, and Python
            # runs its handler in this one only once it wakes (blocked for ever, it never would).
            idle = threading.Event()
            while not idle.wait(0.5):
                pass
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
