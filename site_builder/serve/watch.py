"""Watch a site's inputs with watchdog and turn bursts of file events into single rebuilds."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

WATCHED_DIRS = ("content", "templates", "static", "i18n")
WATCHED_FILES = ("site.yaml", "glossary.yaml")
_EDITOR_DROPPINGS = ("~", ".swp", ".swx", ".tmp", ".part")


def is_input(site_dir: Path, path: str) -> bool:
    """Whether a changed path (absolute) under the site dir is one of the site's inputs."""
    try:
        rel = Path(path).relative_to(site_dir)
    except ValueError:
        return False
    parts = rel.parts
    if not parts or any(p.startswith(".") for p in parts):
        return False  # hidden files: editors' swap files and the save dance
    if parts[-1].endswith(_EDITOR_DROPPINGS) or parts[-1] == "4913":  # vim's write test file
        return False
    return parts[0] in WATCHED_DIRS or (len(parts) == 1 and parts[0] in WATCHED_FILES)


def _linked_dirs(site_dir: Path) -> list[Path]:
    """Real locations of symlinked folders inside the watched dirs (inotify does not follow links)."""
    found = []
    for name in WATCHED_DIRS:
        top = site_dir / name
        if top.is_symlink():
            found.append(top.resolve())
        for dirpath, dirnames, _ in os.walk(top, followlinks=True):
            found.extend(Path(dirpath, d).resolve() for d in dirnames if Path(dirpath, d).is_symlink())
    return found


# How long to wait for more events after one that says a change is complete (a file closed after
# writing, moved into place, deleted): enough for a burst, like a checkout, to arrive together.
SETTLE = 0.01


class Debouncer:
    """Calls `action` once events have been quiet for `delay` seconds (SETTLE after an event that
    says a change is complete); events arriving while it runs schedule exactly one more call."""

    def __init__(self, action: Callable[[], None], delay: float = 0.03) -> None:
        self.action = action
        self.delay = delay
        self._last = 0.0
        self._quiet = delay  # how long the latest event asks to wait
        self._pending = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="site-builder-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def poke(self, settled: bool = False) -> None:
        self._quiet = min(self.delay, SETTLE) if settled else self.delay
        self._last = time.monotonic()
        self._pending.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._pending.wait()
            if self._stop.is_set():
                return
            # In steps (a later event may shorten the wait), each with one reading of what poke() sets.
            while (left := self._quiet - (time.monotonic() - self._last)) > 0:
                time.sleep(min(left, SETTLE))
            self._pending.clear()
            self.action()

    def stop(self) -> None:
        self._stop.set()
        self._pending.set()
        if self._thread.ident is not None:  # started
            self._thread.join()


class Watcher(FileSystemEventHandler):
    def __init__(self, site_dir: Path, on_change: Callable[[], None], delay: float = 0.03) -> None:
        self.site_dir = site_dir.resolve()
        self.debouncer = Debouncer(on_change, delay)
        self.observer = Observer()
        self.linked = _linked_dirs(self.site_dir)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return  # a folder "modified" only follows the events of what changed in it
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if any(p and (is_input(self.site_dir, p) or any(Path(p).is_relative_to(d) for d in self.linked)) for p in paths):
            # A file written and closed, or renamed into place (editors' safe save), is complete:
            # no need to wait out the whole delay for more of it.
            self.debouncer.poke(settled=event.event_type in ("closed", "moved", "deleted"))

    def start(self) -> None:
        self.debouncer.start()
        self.observer.schedule(self, str(self.site_dir), recursive=True)
        for linked in self.linked:
            self.observer.schedule(self, str(linked), recursive=True)
        self.observer.start()

    def stop(self) -> None:
        # watchdog logs an error when an event arrives while its observer stops (a race of its own,
        # harmless): kept out of the terminal while stopping, and only then.
        logger, quiet = logging.getLogger("watchdog.observers.inotify"), _StopRace()
        logger.addFilter(quiet)
        try:
            if self.observer.is_alive():
                self.observer.stop()
                self.observer.join()
        finally:
            logger.removeFilter(quiet)
        self.debouncer.stop()


class _StopRace(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "called when the thread is inactive" not in record.getMessage()
