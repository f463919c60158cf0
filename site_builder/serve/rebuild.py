"""The preview's rebuilds: each a full build (the same `assemble` as `build`, checks included) into
one of two output trees, served by one rename (and a second, from a thread, when its search index or
print pages follow: see Rebuilder). The BuildMemos kept for the whole session mean only notes whose
inputs changed are rendered again."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..build.build import BuildResult, Output, assemble, data_output, ordered
from ..build.memo import BuildMemos
from ..build.outfiles import inside, put
from ..core.baseline import judge, load_baseline
from ..core.config import load_config
from ..core.problems import BuildFailed, error, has_errors
from ..search.index import BUNDLE, PendingSearch


class Rebuilder:
    """A callable doing one full build into `out_dir`; never raises.

    `out_dir` is a symlink to one of two complete trees beside it. A rebuild brings the other tree
    up to date (it is one build behind: the files of this build and the last that differ from it
    are written, as new files, never over the old ones, which a slow reader may still hold open),
    then points the link at it with one rename. So requests never wait for a rebuild, never see
    half of one, and the swap is one rename however many files changed (renaming 65 pages into place
    one by one took 30 to 170 ms on ext4, which forces out the data of a file renamed over another).
    `swap` (the server's `building`) is held during that rename.

    An edit's pages are served without waiting for what takes seconds on a large course and is not
    what the author looks at: its language's search index, which Pagefind makes again meanwhile, and
    the print pages. The last ones are served until a thread has them, and serves the whole build,
    as a build of its own; `completed` hears of it. The next rebuild first stops that thread: its
    edit makes that work moot."""

    def __init__(self, site_dir: Path, out_dir: Path, baseurl: str | None = None,
                 swap: Callable[[], AbstractContextManager] = nullcontext,
                 completed: Callable[[BuildResult], None] = lambda result: None) -> None:
        self.site_dir, self.out_dir, self.baseurl = site_dir, out_dir, baseurl
        self.swap, self.completed = swap, completed
        self._later: tuple[list[PendingSearch], threading.Event, threading.Thread] | None = None
        self.memos = BuildMemos.fresh(keep_pages=True)
        self.digests: dict[str, str] = {}  # of the last good build: what the link points at
        self.trees = [out_dir.parent / f".{out_dir.name}.{n}" for n in (0, 1)]
        self.tree_digests: list[dict[str, str] | None] = [None, None]  # None: not written yet
        self.current: int | None = None

    def __call__(self) -> BuildResult:
        """The rebuild's BuildResult: `written` when it is served; `changed` the files that differ
        from the last served build's."""
        start = time.perf_counter()
        self.stop_later()
        pending: list[PendingSearch] = []
        try:
            config, baseline = load_config(self.site_dir, self.baseurl), load_baseline(self.site_dir)
            done = assemble(config, self.memos, search=True, search_later=True)
            pending = done.later
            outputs = list(done.outputs)  # produced lazily, once; problems grow meanwhile
            # What the site's baseline lists is neither shown nor fails a rebuild, as in `build`.
            problems, pages = judge(baseline, ordered(done.problems)).new, len(done.site.pages)
            if has_errors(problems):
                return BuildResult(problems=problems, pages=pages, seconds=time.perf_counter() - start)
            slow = [o.slow and self.digests.get(o.out, o.digest) != o.digest for o in outputs]
            slow = [s and self._held(o.out) is not None for o, s in zip(outputs, slow)]
            now = [self._last(o) if s else o for o, s in zip(outputs, slow)]
            result = self._serve(now, BuildResult(problems=problems, pages=pages, files=len(outputs)), start)
            self.memos.retain()
            later = [search for search in pending if search.kept_last]  # the others are done
            if later or any(slow):
                stop = threading.Event()
                thread = threading.Thread(target=self._complete, args=(later, stop, outputs, result),
                                          name="site-builder-later", daemon=True)
                self._later, pending = (later, stop, thread), [s for s in pending if s not in later]
                thread.start()
            return result
        except BuildFailed as failed:
            return BuildResult(problems=ordered(failed.problems), seconds=time.perf_counter() - start)
        except Exception as exc:  # a half-written file, a vanished folder…: report, keep serving
            internal = error("internal", str(self.site_dir), 0, f"internal error during rebuild: {exc!r}")
            return BuildResult(problems=(internal,), seconds=time.perf_counter() - start)
        finally:
            for search in pending:  # not served, or the outputs stopped halfway: its index would never be
                search.cancel()
                search.result()

    def _last(self, output: Output) -> Output:
        """`output` as the served tree holds it: the last build's."""
        return Output(output.out, self.digests[output.out], lambda path=self._held(output.out): path)

    def _held(self, out: str) -> Path | None:
        """The served tree's file `out`, if it is a regular file there (not through a link: what a
        link placed in the tree points at is never linked or copied into the next one)."""
        tree = self.trees[self.current]
        path = tree / inside(out)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        return path if real == tree.resolve() / out and real.is_file() else None

    def _serve(self, outputs: list[Output], result: BuildResult, start: float) -> BuildResult:
        """Publish `outputs`: `result` with `written`, and `changed` the files that differ from the
        last served build's."""
        digests = {output.out: output.digest for output in outputs}
        changed = {out for out, digest in digests.items() if digest != self.digests.get(out)}
        removed = self.digests.keys() - digests.keys()
        self._publish(outputs, digests)
        self.digests = digests
        return replace(result, seconds=time.perf_counter() - start, written=True, changed=frozenset(changed | removed))

    def _complete(self, pending: list[PendingSearch], stop: threading.Event, outputs: list[Output],
                  served: BuildResult) -> None:
        """On its thread: wait for the search index of the build just served, then serve the whole
        build (its print pages, and the index; the last index where Pagefind failed); `completed`
        hears of it, its `problems` being Pagefind's only (or an internal error, nothing served)."""
        start = time.perf_counter()
        try:
            found = [search.result() for search in pending]
            if stop.is_set():
                return
            problems = tuple(p for f in found for p in f.problems)
            if not problems:  # else the outputs keep the last index
                files = {out: data for f in found for out, data in f.files.items()}
                outputs = [o for o in outputs if not o.out.startswith(BUNDLE + "/")]
                outputs += [data_output(out, data) for out, data in files.items()]
            self.completed(replace(self._serve(outputs, served, start), problems=problems))
        except Exception as exc:  # as in a rebuild: reported, the last good build still served
            internal = error("internal", str(self.site_dir), 0, f"internal error during rebuild: {exc!r}")
            self.completed(replace(served, problems=(internal,), written=False, changed=frozenset()))

    def stop_later(self) -> None:
        """Stop completing the last rebuild (its index would be out of date): wait for its thread."""
        if self._later is not None:
            pending, stop, thread = self._later
            stop.set()
            for search in pending:
                search.cancel()
            thread.join()
            self._later = None

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
        # What the served tree already holds is linked from there, not made again (a print page
        # of every note, or after an index, the pages of the build it completes).
        served = {} if self.current in (None, target) else self.tree_digests[self.current] or {}
        for output in outputs:
            if output.digest != had.get(output.out):
                path = tree / inside(output.out)  # the writer's own last defence
                path.parent.mkdir(parents=True, exist_ok=True)
                path.unlink(missing_ok=True)  # a new file: a request reading the old one keeps it
                if served.get(output.out) == output.digest and (held := self._held(output.out)) is not None:
                    with contextlib.suppress(OSError):
                        os.link(held, path, follow_symlinks=False)
                        continue
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
