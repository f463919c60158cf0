"""What a preview rebuild leaves to its thread (serve/rebuild.py): only what is still being made."""

from __future__ import annotations

import shutil
from pathlib import Path

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
