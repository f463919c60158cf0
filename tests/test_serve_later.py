"""What a preview rebuild leaves to its thread (serve/rebuild.py): only what is still being made."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import slow_pagefind
from site_builder.serve.rebuild import Rebuilder

SITE = Path(__file__).resolve().parent / "sites" / "basic"


def test_an_edit_with_nothing_to_wait_for_starts_no_thread(tmp_path, monkeypatch):
    """A stylesheet edit indexes nothing again and changes no print page: the rebuild is served
    once, no thread publishes it a second time; without Pagefind, its warning is said once."""
    from site_builder.search import index

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    told = []
    rebuild = Rebuilder(site, tmp_path / "served", completed=told.append)
    assert rebuild().written and rebuild._later is None
    css = site / "static/css/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "/* edited */\n", encoding="utf-8")
    result = rebuild()
    assert result.written and result.changed == {"css/site.css"} and rebuild._later is None and told == []

    monkeypatch.setattr(index, "executable", lambda: None)
    other = Rebuilder(site, tmp_path / "other", completed=told.append)
    first = other()
    assert any("Pagefind is not installed" in str(p) for p in first.problems)
    assert other._later is None and told == []


def test_the_search_result_is_waited_for_once(tmp_path):
    from helpers import fixture_site
    from site_builder.build.build import assemble
    from site_builder.core.config import load_config
    from site_builder.search.index import PendingSearch

    site = fixture_site("search", tmp_path / "site", theme=True)
    done = assemble(load_config(site), search=True)
    list(done.outputs)
    pending = PendingSearch(done.site, {"ko": "용어집", "en": "Glossary"})
    first = pending.result()
    pending.cancel()
    assert pending.result() is first and first.files


def test_outputs_stopping_halfway_stop_their_index(tmp_path, monkeypatch):
    """An exception while the outputs are made (a bug, a vanished file) after Pagefind started:
    the rebuild fails as an internal error, and Pagefind is stopped, its folder removed."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    rebuild = Rebuilder(site, tmp_path / "served")
    assert rebuild().written
    made = _print_page_breaks_while_pagefind_runs(tmp_path, monkeypatch)
    note = site / "content/ko/notes/second.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n\n한 줄 더.\n", encoding="utf-8")
    result = rebuild()
    assert not result.written and "a bug in the print page" in str(result.problems)
    _assert_stopped_and_removed(made)


def test_a_link_placed_in_the_served_tree_is_never_carried_into_the_next(tmp_path):
    """Files the served tree holds are linked into the next, not made again: never a link placed
    there (whose target, outside the trees, the server refuses), nor what it points at."""
    import os
    import threading

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the trees\n", encoding="utf-8")
    done = threading.Event()
    rebuild = Rebuilder(site, tmp_path / "served", completed=lambda result: done.set())
    assert rebuild().written
    note, css = site / "content/ko/notes/second.md", site / "static/css/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "/* edited */\n", encoding="utf-8")
    assert rebuild().written and rebuild._later is None  # the other tree is behind on the stylesheet
    served = (tmp_path / "served").resolve()
    for out in ("css/site.css", "print/index.html"):  # to be linked; the print page, kept meanwhile
        (served / out).unlink()
        (served / out).symlink_to(secret)
    note.write_text(note.read_text(encoding="utf-8") + "\n\n하나.\n", encoding="utf-8")
    assert rebuild().written
    now = (tmp_path / "served").resolve()
    assert now != served
    for out in ("css/site.css", "print/index.html"):
        assert not (now / out).is_symlink() and os.stat(now / out).st_ino != os.stat(secret).st_ino, out
        assert b"outside the trees" not in (now / out).read_bytes(), out
    assert done.wait(30)
    rebuild.stop_later()


def test_a_build_whose_outputs_stop_halfway_stops_its_pagefind(tmp_path, monkeypatch):
    """`build` as the preview: an exception after Pagefind started (here in the print page) leaves
    no Pagefind running and no folder of its documents."""
    from site_builder.build import build

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    made = _print_page_breaks_while_pagefind_runs(tmp_path, monkeypatch)
    with pytest.raises(RuntimeError, match="a bug in the print page"):
        build.build(site, tmp_path / "out")
    _assert_stopped_and_removed(made)


def test_an_internal_error_after_the_pages_shows_as_a_failure(tmp_path):
    """What the thread reports: Pagefind's warning joins the amber overlay; an internal error turns
    it red (the index and print pages are the last good ones)."""
    from site_builder.build.build import BuildResult
    from site_builder.core.problems import error, warning
    from site_builder.serve.preview import Preview

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    p = Preview(site, port=0, log=lambda line: None)
    told = []
    p.server.broadcast = lambda event, data="": told.append((event, data))
    try:
        p.on_completed(BuildResult(problems=(warning("search", "site.yaml", 0, "Pagefind failed"),), written=False))
        assert not p.server.failed and told[-1][0] == "warnings"
        p.on_completed(BuildResult(problems=(error("internal", "site", 0, "a bug"),), written=False))
        assert p.server.failed and told[-1][0] == "problems" and "site: error[internal]: a bug" in told[-1][1]
    finally:
        p.stop()


def _print_page_breaks_while_pagefind_runs(tmp_path, monkeypatch) -> list:
    """A slow Pagefind, and the print page raising once it has started: the PendingSearch made
    (recorded in the list returned)."""
    from site_builder.build import build, templates
    from site_builder.search import index

    slow = slow_pagefind(tmp_path, 5)
    monkeypatch.setattr(index, "executable", lambda: slow)
    made = []
    monkeypatch.setattr(build, "PendingSearch", lambda *a: made.append(index.PendingSearch(*a)) or made[-1])

    def broken(self, lang):
        raise RuntimeError("a bug in the print page")

    monkeypatch.setattr(templates.Renderer, "render_print", broken)
    return made


def _assert_stopped_and_removed(made: list) -> None:
    """One search was started, cancelled, its Pagefind processes ended and its folder removed."""
    assert len(made) == 1 and made[0].cancelled
    assert all(process.poll() is not None for _, _, process in made[0]._indexing._running)
    assert not Path(made[0]._indexing._tmp.name).exists()
