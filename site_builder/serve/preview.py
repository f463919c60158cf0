"""`site-builder serve`: build, serve under the baseurl, watch, rebuild, tell the browser.

Rebuilds have full-build semantics (the same `assemble` as `build`, checks included), but the
BuildMemos kept for the whole session mean only notes whose inputs changed are rendered again.
While a rebuild runs, requests are answered from the last complete output; they wait only for the
one rename that puts the next in its place (see Rebuilder)."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Callable

from ..build.build import BuildResult, assemble, ordered
from ..build.memo import BuildMemos
from ..core.baseline import judge, load_baseline
from ..core.config import load_config
from .devserver import DevServer
from ..core.problems import BuildFailed, error, has_errors
from ..core.report import counts, grouped
from ..core.urls import normalize_baseurl
from .watch import Watcher
from ..build.outfiles import inside, put


class Rebuilder:
    """A callable doing one full build into `out_dir`; never raises.

    `out_dir` is a symlink to one of two complete trees beside it. A rebuild brings the other tree
    up to date (it is one build behind: the files of this build and the last that differ from it
    are written, as new files, never over the old ones, which a slow reader may still hold open),
    then points the link at it with one rename. So requests never wait for a rebuild, never see
    half of one, and the swap is one rename however many files changed (renaming 65 pages into place
    one by one took 30 to 170 ms on ext4, which forces out the data of a file renamed over another).
    `swap` (the server's `building`) is held during that rename."""

    def __init__(self, site_dir: Path, out_dir: Path, baseurl: str | None = None,
                 swap: Callable[[], AbstractContextManager] = nullcontext) -> None:
        self.site_dir, self.out_dir, self.baseurl = site_dir, out_dir, baseurl
        self.swap = swap
        self.memos = BuildMemos.fresh(keep_pages=True)
        self.digests: dict[str, str] = {}  # of the last good build: what the link points at
        self.trees = [out_dir.parent / f".{out_dir.name}.{n}" for n in (0, 1)]
        self.tree_digests: list[dict[str, str] | None] = [None, None]  # None: not written yet
        self.current: int | None = None

    def __call__(self) -> BuildResult:
        """The rebuild's BuildResult: `written` when it is served; `changed` the files that differ
        from the last served build's."""
        start = time.perf_counter()
        try:
            config, baseline = load_config(self.site_dir, self.baseurl), load_baseline(self.site_dir)
            done = assemble(config, self.memos, search=True)
            outputs = list(done.outputs)  # produced lazily, once; problems grow meanwhile
            # What the site's baseline lists is neither shown nor fails a rebuild, as in `build`.
            problems, pages = judge(baseline, ordered(done.problems)).new, len(done.site.pages)
            if has_errors(problems):
                return BuildResult(problems=problems, pages=pages, seconds=time.perf_counter() - start)
            digests = {output.out: output.digest for output in outputs}
            changed = {out for out, digest in digests.items() if digest != self.digests.get(out)}
            removed = self.digests.keys() - digests.keys()
            self._publish(outputs, digests)
            self.digests = digests
            self.memos.retain()
            return BuildResult(problems=problems, pages=pages, files=len(outputs), seconds=time.perf_counter() - start,
                               written=True, changed=frozenset(changed | removed))
        except BuildFailed as failed:
            return BuildResult(problems=ordered(failed.problems), seconds=time.perf_counter() - start)
        except Exception as exc:  # a half-written file, a vanished folder…: report, keep serving
            internal = error("internal", str(self.site_dir), 0, f"internal error during rebuild: {exc!r}")
            return BuildResult(problems=(internal,), seconds=time.perf_counter() - start)

    def _publish(self, outputs, digests: dict[str, str]) -> None:
        target = 0 if self.current is None else 1 - self.current
        tree = self.trees[target]
        if self.tree_digests[target] is None:
            shutil.rmtree(tree, ignore_errors=True)
            if self.current is None:
                tree.mkdir(parents=True)
                self.tree_digests[target] = {}
            else:  # the second tree starts as the first one's files, linked, not copied
                shutil.copytree(self.trees[self.current], tree, symlinks=True, copy_function=os.link)
                self.tree_digests[target] = dict(self.tree_digests[self.current])
        had = self.tree_digests[target]
        self.tree_digests[target] = None  # half updated until the end, should this fail
        for out in sorted(had.keys() - digests.keys()):
            gone = tree / out
            gone.unlink(missing_ok=True)
            parent = gone.parent
            while parent != tree and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        for output in outputs:
            if output.digest != had.get(output.out):
                path = tree / inside(output.out)  # the writer's own last defence
                path.parent.mkdir(parents=True, exist_ok=True)
                path.unlink(missing_ok=True)  # a new file: a request reading the old one keeps it
                put(path, output.load())
        self.tree_digests[target] = digests
        link = self.out_dir.with_name(f".{self.out_dir.name}.link")
        link.unlink(missing_ok=True)
        link.symlink_to(tree.name)
        with self.swap():
            if self.out_dir.is_dir() and not self.out_dir.is_symlink():
                self.out_dir.rmdir()  # the empty folder served before the first good build
            os.replace(link, self.out_dir)
        self.current = target


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
            self.rebuild = rebuild or Rebuilder(site_dir, self.out_dir, baseurl, swap=self.server.building)
            self.watcher = Watcher(site_dir, self.run_rebuild, delay)
        except BaseException:  # a port in use: nothing may be left in /tmp
            self._temp.remove()
            raise
        self.log = log or (lambda line: print(line, flush=True))
        self.rebuilds = 0
        self._thread = threading.Thread(target=self.server.serve_forever, name="site-builder-http", daemon=True)
        self._stopped = False

    def run_rebuild(self) -> BuildResult:
        """Rebuild, log, and tell the browsers: a failed build shows its problems over the last good
        version; a good one reloads the pages (or swaps the stylesheets) and shows its warnings."""
        result = self.rebuild()
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
