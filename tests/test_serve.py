"""The preview server, in-process on a free loopback port, against a temp copy of the fixture site."""

import http.client
import json
import os
import queue
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from helpers import BASIC_WARNINGS
from site_builder.serve.preview import Preview

SITE = Path(__file__).resolve().parent / "sites" / "basic"
NOTE = "content/ko/notes/second.md"


class Events:
    """Reads the server's event stream in a thread; `next()` returns (event, data)."""

    def __init__(self, preview: Preview) -> None:
        host, port = preview.server.server_address[:2]
        self.conn = http.client.HTTPConnection(host, port, timeout=30)
        self.conn.request("GET", "/__site_builder/events")
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"
        self.queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event = None
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event:
                    self.queue.put((event, json.loads(line[6:])))
                    event = None
        except (OSError, ValueError):
            pass

    def next(self, timeout: float = 10, skip: tuple[str, ...] = ("search", "pages")) -> tuple[str, object]:
        """The next event but those in `skip` (by default what a rebuild serves after its pages)."""
        while (event := self.queue.get(timeout=timeout))[0] in skip:
            pass
        return event

    def close(self) -> None:
        self.conn.close()


def connect(preview: Preview) -> Events:
    """An event stream as a page opens one: the warnings of the good build it shows come first (the
    basic site has some)."""
    events = Events(preview)
    assert events.next() == ("warnings", list(BASIC_WARNINGS))
    return events


@pytest.fixture
def preview(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    logs: list[str] = []
    p = Preview(site, port=0, log=logs.append, delay=0.05)
    p.start()
    p.site, p.logs = site, logs
    yield p
    p.stop()


def get(preview: Preview, path: str, method: str = "GET", headers: dict | None = None):
    host, port = preview.server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def test_edit_reaches_the_browser(preview):
    events = connect(preview)
    note = preview.site / NOTE
    note.write_text(note.read_text(encoding="utf-8").replace("## 정규화", "## 새 제목"), encoding="utf-8")
    assert events.next() == ("reload", "")
    status, headers, body = get(preview, "/course/second-note/")
    assert status == 200 and "새 제목" in body.decode()
    events.close()


def test_the_print_page_follows_the_pages_and_reloads_where_open(preview):
    """An edit's page is served first; the print page holding every note follows, and the pages
    showing it are told to reload (tests/unit/test_search_index.py: the print page meanwhile)."""
    events = connect(preview)
    note = preview.site / NOTE
    note.write_text(note.read_text(encoding="utf-8").replace("## 정규화", "## 인쇄될 제목"), encoding="utf-8")
    assert events.next(skip=()) == ("reload", "")
    assert events.next(skip=("search",)) == ("pages", ["/course/print/"])
    assert "인쇄될 제목" in get(preview, "/course/print/")[2].decode()
    events.close()


def test_css_change_swaps_stylesheets(preview):
    events = connect(preview)
    (preview.site / "static/css/site.css").write_text("body { color: red; }\n")
    assert events.next() == ("css", "")
    events.close()


def test_broken_front_matter_shows_overlay_and_fix_clears_it(preview):
    events = connect(preview)
    note = preview.site / NOTE
    good = note.read_text(encoding="utf-8")
    note.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    event, data = events.next()
    assert event == "problems"
    assert any(line.startswith("content/ko/notes/second.md:2:") and "error[yaml]" in line for line in data)
    status, _, body = get(preview, "/course/second-note/")
    assert status == 200 and "정규화" in body.decode()  # still the last good build
    late = Events(preview)  # a page opened while the build is broken sees the overlay at once
    assert late.next()[0] == "problems"
    note.write_text(good, encoding="utf-8")
    assert events.next() == ("reload", "")
    assert preview.server.problems == BASIC_WARNINGS and not preview.server.failed
    events.close()
    late.close()


def test_a_broken_link_shows_as_a_warning_and_the_page_is_still_rebuilt(preview):
    """The checks run in every rebuild: a link to a page the site does not have, or to a heading
    the page does not have, is in the overlay; only errors fail a rebuild, so the page is new."""
    events = connect(preview)
    note = preview.site / NOTE
    good = note.read_text(encoding="utf-8")
    line = len(good.splitlines()) + 2
    note.write_text(good + "\n[gone](/no-such-page/) and [here](#no-such-heading)\n", encoding="utf-8")
    assert events.next() == ("reload", "")
    status, _, body = get(preview, "/course/second-note/")
    assert status == 200 and 'href="/course/no-such-page/"' in body.decode()
    broken = [f"{NOTE}:{line}:8: warning[link]: link '/no-such-page/' leads to /no-such-page/, which the site does not have",
              f"{NOTE}:{line}:35: warning[anchor]: anchor '#no-such-heading' matches no heading or id on this page",
              # the added paragraph is English in a Korean note
              f"{NOTE}:{line}: info[untranslated]: paragraph still in the source language (en): not translated yet"]
    reloaded = Events(preview)  # the page, reloaded, opens its stream again: the overlay shows them
    event, data = reloaded.next()
    assert event == "warnings" and sorted(data) == sorted([*BASIC_WARNINGS, *broken])
    assert not preview.server.failed and not any("warning[link]" in line for line in preview.logs)  # the overlay has them
    rebuilt = [line for line in preview.logs if line.startswith("rebuilt")]  # (its search index follows)
    assert f"0 errors, {len(BASIC_WARNINGS) + 2} warnings, 1 info: listed in the browser" in rebuilt[-1]
    note.write_text(good, encoding="utf-8")
    assert events.next() == ("reload", "")
    assert Events(preview).next() == ("warnings", list(BASIC_WARNINGS))
    events.close()
    reloaded.close()


def test_a_request_during_a_rebuild_gets_the_last_complete_output(tmp_path, monkeypatch):
    """Requests do not wait for a rebuild: they are answered from the previous output until its
    files are swapped in, and then see the new ones."""
    import site_builder.serve.rebuild as serve

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    real_assemble = serve.assemble
    slow_started = threading.Event()
    slow = threading.Event()

    def assemble(*args, **kwargs):
        if slow.is_set():
            slow_started.set()
            time.sleep(1.0)
        return real_assemble(*args, **kwargs)

    monkeypatch.setattr(serve, "assemble", assemble)
    p = Preview(site, port=0, log=lambda line: None)
    p.start()
    events = connect(p)
    try:
        slow.set()
        (site / NOTE).write_text("---\ntitle: 바뀜\npermalink: /second-note/\n---\n## 바뀐 내용\n", encoding="utf-8")
        assert slow_started.wait(10)
        started = time.monotonic()
        status, _, body = get(p, "/course/second-note/")
        assert time.monotonic() - started < 0.5  # not held for the second the rebuild takes…
        assert status == 200 and "바뀐 내용" not in body.decode() and "정규화" in body.decode()  # …the old page
        assert events.next() == ("reload", "")
        assert "바뀐 내용" in get(p, "/course/second-note/")[2].decode()
    finally:
        events.close()
        p.stop()


def test_a_request_during_the_swap_waits_for_it(tmp_path):
    from contextlib import contextmanager

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    p = Preview(site, port=0, log=lambda line: None)
    swapping = threading.Event()

    @contextmanager
    def slow_swap():
        with p.server.building():
            swapping.set()
            time.sleep(0.5)
            yield

    p.start()
    p.rebuild.swap = slow_swap
    try:
        (site / NOTE).write_text("---\ntitle: 바뀜\npermalink: /second-note/\n---\n## 바뀐 내용\n", encoding="utf-8")
        assert swapping.wait(10)
        started = time.monotonic()
        status, _, body = get(p, "/course/second-note/")
        assert time.monotonic() - started > 0.2  # it waited for the swap…
        assert status == 200 and "바뀐 내용" in body.decode()  # …and got the new page, whole
    finally:
        p.stop()


def test_event_storm_is_debounced(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    p = Preview(site, port=0, log=lambda line: None, delay=0.2)
    p.start()
    try:
        before = p.rebuilds
        notes = site / "content/ko/storm"
        notes.mkdir()
        for i in range(200):
            (notes / f"n{i}.md").write_text(f"# Note {i}\n", encoding="utf-8")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (p.out_dir / "storm/n199/index.html").exists():
            time.sleep(0.05)
        time.sleep(0.6)
        assert (p.out_dir / "storm/n199/index.html").exists()
        assert 1 <= p.rebuilds - before <= 2
    finally:
        p.stop()



def test_a_change_said_complete_waits_only_a_moment():
    """An event that says a change is complete (a file closed, moved into place) needs only SETTLE of
    quiet; any other (a write still going on) the whole delay."""
    from site_builder.serve.watch import Debouncer

    called = threading.Event()
    debouncer = Debouncer(called.set, delay=5)
    debouncer.start()
    try:
        debouncer.poke()
        assert not called.wait(0.5)  # a write in progress: waits out the 5 s
        debouncer.poke(settled=True)
        assert called.wait(3)
    finally:
        debouncer.stop()


@pytest.mark.parametrize("save", ["write", "rename"])
def test_a_saved_note_is_rebuilt_without_waiting_out_the_delay(tmp_path, save):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    p = Preview(site, port=0, log=lambda line: None, delay=5)
    p.start()
    events = connect(p)
    try:
        note = site / NOTE
        text = note.read_text(encoding="utf-8") + "\n\nSaved at once.\n"
        if save == "write":
            note.write_text(text, encoding="utf-8")
        else:  # how many editors save: a hidden temporary file renamed over the note
            temp = note.with_name(".second.md.tmp")
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, note)
        assert events.next(timeout=3) == ("reload", "")
        assert "Saved at once." in (p.out_dir / "second-note/index.html").read_text(encoding="utf-8")
    finally:
        events.close()
        p.stop()

TRAVERSALS = ["/course/../site.yaml", "/course/%2e%2e/%2e%2e/etc/passwd", "/course/..%2f..%2fsite.yaml",
              "/course//etc/passwd", "/course/%2fetc%2fpasswd", "/../../etc/passwd", "/course/notes/%00x",
              "/course/outside-link/secret.txt", "/course/..\\..\\site.yaml"]


def test_traversal_attempts_all_404(preview, tmp_path):
    secret = tmp_path / "secret-dir"
    secret.mkdir()
    (secret / "secret.txt").write_text("top secret")
    os.symlink(secret, preview.out_dir / "outside-link")
    for path in TRAVERSALS:
        status, _, body = get(preview, path)
        assert status == 404, path
        assert b"top secret" not in body and b"root:" not in body


def test_http_semantics(preview):
    status, headers, body = get(preview, "/")
    assert status == 301 and headers["Location"] == "/course/"
    status, headers, _ = get(preview, "/course/notes/intro")
    assert status == 301 and headers["Location"] == "/course/notes/intro/"
    status, headers, body = get(preview, "/course/no/such/page/")
    assert status == 404 and headers["Content-Type"].startswith("text/html") and "<h1>페이지를 찾을 수 없습니다</h1>".encode() in body  # ko: the default language
    status, headers, _ = get(preview, "/course/images/logo.svg")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml" and headers["Cache-Control"] == "no-store"
    status, headers, _ = get(preview, "/course/sitemap.xml", "HEAD")
    assert status == 200 and headers["Content-Type"] == "application/xml"
    assert get(preview, "/course/", "POST")[0] == 405
    assert get(preview, "/course/", "DELETE")[0] == 405


def test_byte_ranges_let_a_video_seek(preview):
    whole = (preview.out_dir / "images/logo.svg").read_bytes()
    status, headers, body = get(preview, "/course/images/logo.svg")
    assert status == 200 and headers["Accept-Ranges"] == "bytes" and body == whole
    status, headers, body = get(preview, "/course/images/logo.svg", headers={"Range": "bytes=10-19"})
    assert status == 206 and body == whole[10:20] and headers["Content-Range"] == f"bytes 10-19/{len(whole)}"
    status, headers, body = get(preview, "/course/images/logo.svg", headers={"Range": "bytes=-5"})
    assert status == 206 and body == whole[-5:] and headers["Content-Length"] == "5"
    status, _, body = get(preview, "/course/images/logo.svg", headers={"Range": f"bytes={len(whole) - 3}-"})
    assert status == 206 and body == whole[-3:]
    status, headers, _ = get(preview, "/course/images/logo.svg", headers={"Range": f"bytes={len(whole)}-"})
    assert status == 416 and headers["Content-Range"] == f"bytes */{len(whole)}"
    status, _, body = get(preview, "/course/images/logo.svg", headers={"Range": "bytes=0-1,5-6"})
    assert status == 200 and body == whole  # several ranges: the whole file


def test_script_only_as_served(preview):
    _, _, served = get(preview, "/course/notes/intro/")
    on_disk = (preview.out_dir / "notes/intro/index.html").read_bytes()
    assert b'data-site-builder="livereload"' in served and b"livereload" not in on_disk
    assert served.replace(served[served.index(b"<script data-site-builder"):served.index(b"</script>\n") + 10], b"") == on_disk


def test_content_types():
    from site_builder.serve.files import content_type

    expected = {"a.svg": "image/svg+xml", "a.wasm": "application/wasm", "a.json": "application/json",
                "a.vtt": "text/vtt; charset=utf-8", "a.woff2": "font/woff2", "a.html": "text/html; charset=utf-8",
                "a.css": "text/css; charset=utf-8", "a.js": "text/javascript; charset=utf-8"}
    for name, ctype in expected.items():
        assert content_type(Path(name)) == ctype


def test_port_in_use_is_a_clear_message(tmp_path):
    import socket
    import subprocess
    import sys

    shutil.copytree(SITE, tmp_path / "site")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "site_builder", "serve", str(tmp_path / "site"), "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr and "Traceback" not in result.stderr


def test_survives_deleted_files_and_renamed_folders(preview):
    events = connect(preview)
    (preview.site / "content/ko/notes/second.md").unlink()
    assert events.next()[0] == "reload"  # a link to it becomes a warning; the site still builds
    assert get(preview, "/course/second-note/")[0] == 404
    (preview.site / "content/ko/notes").rename(preview.site / "content/ko/lectures")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (preview.out_dir / "lectures/intro/index.html").exists():
        time.sleep(0.05)
    assert get(preview, "/course/lectures/intro/")[0] == 200
    status, _, body = get(preview, "/course/notes/intro/")  # now untranslated: the English original
    assert status == 200 and "Loss function" in body.decode()
    events.close()


def test_ctrl_c_stops_cleanly(tmp_path):
    import signal
    import subprocess
    import sys

    shutil.copytree(SITE, tmp_path / "site")
    proc = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", str(tmp_path / "site"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = ""
    while "serving" not in line:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
    url = line.split(" at ")[1].split()[0]
    host, port = url.split("/")[2].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/course/")
    assert conn.getresponse().status == 200
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err and "stopping" in out


def test_stopping_while_files_change_logs_nothing(tmp_path, caplog):
    """watchdog logs an error when an event arrives as its observer stops; the preview keeps that
    race out of the terminal (it happened about one stop in three with files being written)."""
    from site_builder.serve.watch import Watcher

    (tmp_path / "content").mkdir()
    for _ in range(15):
        watcher = Watcher(tmp_path, lambda: None, 0.01)
        watcher.start()
        done = threading.Event()

        def write() -> None:
            i = 0
            while not done.is_set():
                (tmp_path / "content" / f"n{i % 5}.md").write_text("x" * i, encoding="utf-8")
                i += 1

        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.03)
        watcher.stop()
        done.set()
        writer.join()
    assert not [r for r in caplog.records if r.name.startswith("watchdog")]


def test_the_overlay_follows_the_warnings_of_each_good_rebuild(tmp_path):
    """What the browsers are told after each rebuild, from the rebuild's result alone: a page that
    reloads asks for the warnings itself; without a reload, a change in them is sent."""
    from site_builder.build.build import BuildResult
    from site_builder.core.problems import error, warning

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    a, b = warning("link", NOTE, 3, "link 'a' leads nowhere"), warning("anchor", NOTE, 4, "anchor '#b' matches nothing")
    results = iter([
        BuildResult(problems=(a,), written=True, changed=frozenset({"x/index.html"})),  # the first build
        BuildResult(problems=(a, b), written=True),  # nothing changed but the warnings
        BuildResult(problems=(a, b), written=True),  # nothing at all
        BuildResult(problems=(b,), written=True, changed=frozenset({"css/site.css"})),  # a stylesheet
        BuildResult(problems=(error("yaml", NOTE, 2, "bad"),)),  # a failure
        BuildResult(problems=(), written=True),  # fixed, no warnings left: pages reload, nothing to show
    ])
    p = Preview(site, port=0, log=lambda line: None, rebuild=lambda: next(results))
    p.start()
    try:
        events = Events(p)
        assert events.next() == ("warnings", [str(a)])
        p.run_rebuild()
        assert events.next() == ("warnings", [str(a), str(b)])
        p.run_rebuild()
        p.run_rebuild()
        assert events.next() == ("css", "")  # the silent rebuild sent nothing before it
        assert events.next() == ("warnings", [str(b)])
        p.run_rebuild()
        assert events.next() == ("problems", [f"{NOTE}:2: error[yaml]: bad"]) and p.server.failed
        p.run_rebuild()
        assert events.next() == ("reload", "")
        assert p.server.problems == () and not p.server.failed
        late = Events(p)  # a page opened now: no overlay
        with pytest.raises(queue.Empty):
            late.next(timeout=0.5)
        late.close()
        events.close()
    finally:
        p.stop()


def test_the_overlay_lists_errors_before_warnings(preview):
    """The basic site has warnings (parity); a broken note's error must not sit below them."""
    events = Events(preview)
    (preview.site / NOTE).write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    event, lines = events.next()
    while event != "problems":
        event, lines = events.next()
    assert lines[0].startswith("content/ko/notes/second.md:2:") and "error[yaml]" in lines[0]
    assert any("warning[parity]" in line for line in lines[1:])
    assert all("error[" not in line for line in lines[1:])
    events.close()


@pytest.mark.parametrize("baseurl", ["/강의", "/cs 231n"])
def test_a_baseurl_a_browser_percent_encodes_is_served(tmp_path, baseurl):
    """A browser asks for /강의/ as /%EA%B0%95%EC%9D%98/: the baseurl is compared decoded."""
    from urllib.parse import quote

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    p = Preview(site, port=0, log=lambda line: None, baseurl=baseurl)
    p.start()
    try:
        encoded = quote(baseurl)
        status, _, body = get(p, encoded + "/second-note/")
        assert status == 200 and "정규화" in body.decode()
        status, headers, _ = get(p, encoded)
        assert status == 301 and headers["Location"] == encoded + "/"
        assert get(p, "/")[1]["Location"] == encoded + "/"
        assert get(p, encoded + "x/second-note/")[0] == 404  # a prefix of a segment is not the baseurl
        assert get(p, "/second-note/")[0] == 404
        # A client that sends the path as raw UTF-8 (browsers encode it; curl and scripts may not;
        # a raw space would end the request line's target).
        host, port = p.server.server_address[:2]
        raw = [] if " " in baseurl else [(f"{baseurl}/second-note/", b"200", None),
                                         (f"{baseurl}/second-note", b"301", f"{encoded}/second-note/")]
        for path, status, location in raw:
            with socket.create_connection((host, port), timeout=10) as sock:
                sock.sendall(f"GET {path} HTTP/1.0\r\n\r\n".encode())
                answer = b"".join(iter(lambda: sock.recv(65536), b""))
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.split()[1] == status, head
            if location:
                assert f"Location: {location}".encode() in head.split(b"\r\n")
            else:
                assert "정규화" in body.decode()
    finally:
        p.stop()
