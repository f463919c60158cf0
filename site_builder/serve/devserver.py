"""The preview HTTP server: serves an output dir under the site's baseurl, safely, with a
live-reload channel (Server-Sent Events). It knows nothing about how the site is built: the
`serve` command tells it when a rebuild starts and ends, and what happened."""

from __future__ import annotations

import json
import os
import posixpath
import queue
import re
import stat
import sys
import threading
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .files import byte_range, content_type, is_kind
from .livereload import EVENTS_PATH, inject

BUILD_WAIT_SECONDS = 60  # a request made while a rebuild swaps files in waits for it, at most this long
# Longer URL paths cannot name a file in the output (POSIX NAME_MAX and PATH_MAX): 404 without asking
# the file system, which would raise ENAMETOOLONG. http.server itself answers 414 to request lines
# over 64 KB.
NAME_MAX, PATH_MAX = 255, 4096


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # socketserver's default backlog of 5 overflows when a page's assets and a few tabs connect at
    # once; the kernel then drops the SYN and the client retries after 1 s, 3 s, 7 s…
    request_queue_size = 128

    def __init__(self, root: Path, baseurl: str, host: str = "127.0.0.1", port: int = 8000) -> None:
        self.root = root
        self.baseurl = baseurl
        self._gate = threading.Condition()
        self._building = False
        self._clients: set[queue.Queue] = set()
        self._clients_lock = threading.Lock()
        self.problems: tuple[str, ...] = ()  # of the last rebuild: its errors, or a good one's warnings
        self.failed = False  # the last rebuild failed: `problems` are why the page is not up to date
        self.stopping = threading.Event()
        super().__init__((host, port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{self.baseurl}/"

    @contextmanager
    def building(self):
        """Hold requests while files of the output are being replaced (the swap at the end of a
        rebuild, not the rebuild: meanwhile requests get the last complete output)."""
        with self._gate:
            self._building = True
        try:
            yield
        finally:
            with self._gate:
                self._building = False
                self._gate.notify_all()

    def wait_for_build(self) -> None:
        with self._gate:
            self._gate.wait_for(lambda: not self._building, timeout=BUILD_WAIT_SECONDS)

    def show(self, problems: tuple[str, ...], failed: bool) -> None:
        """What the overlay of a page opened from now on says (see livereload.py)."""
        self.problems, self.failed = problems, failed

    def broadcast(self, event: str, data: object = "") -> None:
        with self._clients_lock:
            clients = list(self._clients)
        for client in clients:
            client.put((event, data))

    def subscribe(self) -> queue.Queue:
        client: queue.Queue = queue.Queue()
        with self._clients_lock:
            self._clients.add(client)
        if self.problems:
            client.put(("problems" if self.failed else "warnings", list(self.problems)))
        return client

    def unsubscribe(self, client: queue.Queue) -> None:
        with self._clients_lock:
            self._clients.discard(client)

    def handle_error(self, request, client_address) -> None:
        """A client that went away mid-response (a closed tab, a seek in a video, a reload during
        an event stream) is normal: nothing to print. Anything else is one line, not a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        print(f"site-builder serve: internal error answering {client_address[0]}: {error!r}", file=sys.stderr,
              flush=True)

    def stop(self) -> None:
        """End every event stream, stop serving and close the socket."""
        self.stopping.set()
        self.broadcast("", None)
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"
    server_version = "site-builder"
    # A connection that sends nothing for this long is closed: idle keep-alive connections (and
    # clients that open one and never send a request) would otherwise each hold a thread forever.
    # Event streams write every 15 s, so they are not affected.
    timeout = 120

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows build results
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _not_allowed(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        # The request's body, if any, is not read: closing keeps it from being taken for the next request.
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()

    def __getattr__(self, name: str):
        # http.server answers 501 to a method without a do_X; every method but GET and HEAD
        # (POST, PUT, TRACE, CONNECT, OPTIONS, FOO…) gets 405 with Allow instead.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _headers(self, status: int, ctype: str, length: int, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def _send(self, status: int, body: bytes, ctype: str, head: bool, extra: dict | None = None) -> None:
        self._headers(status, ctype, len(body), extra)
        if not head:
            self.wfile.write(body)

    def _redirect(self, location: str, head: bool) -> None:
        permanent = location.partition("?")[0].endswith("/")  # to a folder's URL, query or not
        self._send(HTTPStatus.MOVED_PERMANENTLY if permanent else HTTPStatus.FOUND, b"",
                   "text/plain", head, {"Location": location})

    def _file(self, path: Path, status: int, head: bool) -> None:
        ctype = content_type(path)
        if ctype.startswith("text/html"):
            # Only as served: the files on disk stay as `build` wrote them.
            return self._send(status, inject(path.read_bytes()), ctype, head)
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            start, end = 0, size - 1
            wanted = byte_range(self.headers.get("Range"), size) if status == HTTPStatus.OK else None
            if wanted == "unsatisfiable":
                return self._send(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, b"", ctype, head,
                                  {"Content-Range": f"bytes */{size}"})
            extra = {"Accept-Ranges": "bytes"}  # a <video> can seek only if the server serves ranges
            if wanted:
                start, end = wanted
                status = HTTPStatus.PARTIAL_CONTENT
                extra["Content-Range"] = f"bytes {start}-{end}/{size}"
            self._headers(status, ctype, end - start + 1, extra)
            if head:
                return
            file.seek(start)
            left = end - start + 1
            while left > 0:  # streamed: media files can be large
                chunk = file.read(min(left, 1 << 16))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)

    def _not_found(self, head: bool) -> None:
        page = self.server.root / "404.html"
        if page.is_file():
            self._file(page, HTTPStatus.NOT_FOUND, head)
        else:
            # Still HTML, so the live-reload script (and an error overlay) reach this page too.
            body = inject(b"<!DOCTYPE html><title>Not found</title><body><h1>Not found</h1></body>\n")
            self._send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", head)

    def _below_base(self, url_path: str) -> str | None:
        """The rest of `url_path` (as sent, from its "/") when it is below the baseurl, else None.
        The baseurl is compared decoded: a browser sends /강의/ as /%EA%B0%95%EC%9D%98/."""
        base = [part for part in self.server.baseurl.split("/") if part]
        segments = url_path.split("/")[1:]
        if len(segments) <= len(base) or [unquote(s) for s in segments[:len(base)]] != base:
            return None
        return "/" + "/".join(segments[len(base):])

    def _resolve(self, url_path: str) -> Path | None:
        """The file under root for a URL path below the baseurl, or None if it escapes or is odd."""
        raw = unquote(url_path)
        if "\0" in raw or "\\" in raw or len(raw.encode("utf-8", "surrogateescape")) > PATH_MAX:
            return None
        parts = [p for p in raw.split("/") if p]
        if any(p in (".", "..") or len(p.encode("utf-8", "surrogateescape")) > NAME_MAX for p in parts):
            return None
        root = self.server.root.resolve()
        target = (root / posixpath.join(*parts)) if parts else root
        try:
            real = target.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a loop of symlinks (Python 3.11, 3.12)
            return None
        if real != root and root not in real.parents:
            return None  # a symlink pointing outside the output dir
        return target

    def _sent_path(self) -> str:
        """The request's target as a browser sends it: a client that sent raw UTF-8 (http.server
        reads the request line as Latin-1) has those bytes percent-encoded, as a browser would."""
        return re.sub("[\x80-\xff]", lambda m: f"%{ord(m[0]):02X}", self.path)

    def _serve(self, head: bool) -> None:
        url = urlsplit(self._sent_path())
        if url.path == EVENTS_PATH and not head:
            return self._events()
        self.server.wait_for_build()
        base = self.server.baseurl
        if base and (url.path == "/" or unquote(url.path) == base):
            return self._redirect(quote(base) + "/", head)
        below = self._below_base(url.path)
        if below is None:
            return self._not_found(head)
        target = self._resolve(below)
        if target is None:
            return self._not_found(head)
        if is_kind(target, stat.S_ISDIR):
            if not url.path.endswith("/"):
                # Slashes collapsed: `//name` as a Location would send the browser to the host `name`.
                location = re.sub("/{2,}", "/", url.path) + "/"
                return self._redirect(location + (f"?{url.query}" if url.query else ""), head)
            target = target / "index.html"
        if not is_kind(target, stat.S_ISREG):
            return self._not_found(head)
        try:
            self._file(target, HTTPStatus.OK, head)
        except ConnectionError:
            raise  # the client went away: nothing more to send it (handle_error stays quiet)
        except OSError:  # removed between the check and the read (a rebuild swapped it out)
            self._not_found(head)

    def _events(self) -> None:
        """A Server-Sent Events stream: `reload`, `css`, `problems` (JSON list of the diagnostics of a
        failed rebuild), `warnings` (those of a good one; an empty list clears them)."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        client = self.server.subscribe()
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.server.stopping.is_set():
                try:
                    event, data = client.get(timeout=15)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    if data is None:
                        break
                    self.wfile.write(f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
        except OSError:
            pass  # the browser went away
        finally:
            self.server.unsubscribe(client)


def port_in_use_message(port: int, host: str) -> str:
    return f"port {port} on {host} is in use: stop the other server, or use --port 0 to pick a free port"

