"""Each stage owns its memo, and a cold build, a warm build and a preview rebuild run the same stages
in the same order: what differs between them is only what the memos remember."""

from __future__ import annotations

import shutil

from helpers import fixture_site
from site_builder.build import build as build_module
from site_builder.build.build import build
from site_builder.build.memo import BuildMemos
from site_builder.build.output_records import OutputMemo
from site_builder.build.render_memo import PageMemo, TemplateMemo
from site_builder.content.memo import DocumentMemo
from site_builder.content.sources import Listing
from site_builder.serve.rebuild import Rebuilder
from site_builder.site.memo import LectureMemo, NoteMemo


def record_stages(monkeypatch) -> list[tuple]:
    """Each stage the build module calls, in order, with the types of the memos it was handed."""
    calls: list[tuple] = []

    def spy(name, real):
        def stage(*args, **kwargs):
            memos = tuple(type(v).__name__ for v in (*args, *kwargs.values())
                          if type(v).__name__.endswith(("Memo", "Memos", "Listing")))
            calls.append((name, memos))
            return real(*args, **kwargs)
        monkeypatch.setattr(build_module, name, stage)

    for name in ("discover", "load_glossary", "load_site", "run_checks", "render_outputs"):
        spy(name, getattr(build_module, name))
    return calls


STAGES = [("discover", ("Listing",)), ("load_glossary", ()),
          ("load_site", ("DocumentMemo", "NoteMemo", "LectureMemo")), ("run_checks", ()),
          ("render_outputs", ("TemplateMemo", "PageMemo", "OutputMemo", "SearchMemo"))]


def test_cold_warm_and_preview_builds_run_the_same_stages_each_with_its_own_memos(tmp_path, monkeypatch):
    site = fixture_site("lecture", tmp_path / "site", theme=True)
    calls = record_stages(monkeypatch)
    assert build(site, tmp_path / "cold").written
    assert calls == STAGES
    for persistent in (True, True):  # a cold build that saves its memos, then a warm one
        calls.clear()
        assert build(site, tmp_path / "warm", persistent_cache=persistent).written
        assert calls == STAGES
    rebuild = Rebuilder(site, tmp_path / "served")
    for _ in range(2):  # the first preview build, then a rebuild with everything remembered
        calls.clear()
        assert rebuild().written
        assert calls == STAGES


def test_fresh_memos_are_empty_and_each_of_its_own_kind():
    memos = BuildMemos.fresh(keep_pages=True)
    kinds = (Listing, DocumentMemo, NoteMemo, LectureMemo, TemplateMemo, PageMemo, OutputMemo)
    fields = (memos.listing, memos.documents, memos.notes, memos.lectures, memos.templates, memos.pages, memos.outputs)
    assert [type(f) for f in fields] == list(kinds)
    assert memos.pages.keep and not BuildMemos.fresh().pages.keep
    assert not (memos.listing.folders or memos.documents.by_text or memos.notes.rendered or memos.pages.html
                or memos.outputs.records.files or memos.lectures.lectures.values)


def test_a_rebuild_forgets_what_it_no_longer_uses(tmp_path):
    """Removing notes, a caption file and a folder shrinks every memo to what the site still has:
    a long preview session does not keep what was deleted."""
    site = fixture_site("lecture", tmp_path / "site", theme=True)
    rebuild = Rebuilder(site, tmp_path / "served")
    first = rebuild()
    assert first.written
    memos = rebuild.memos
    assert len(memos.pages.html) == first.pages  # one template output per page
    before = {"folders": set(memos.listing.folders), "notes": len(memos.notes.rendered),
              "documents": {k.site_rel for k in memos.documents.by_text}, "pages": len(memos.pages.html),
              "captions": len(memos.lectures.captions.values), "lectures": len(memos.lectures.lectures.values)}
    assert all(before.values()), before
    week1 = site / "content/ko/week1"
    removed = {f"content/ko/week1/{p.name}" for p in week1.glob("*.md")}
    shutil.rmtree(week1)
    second = rebuild()
    assert removed and second.written
    assert not any(folder.endswith("/ko/week1") for folder in memos.listing.folders)
    assert {k.site_rel for k in memos.documents.by_text} == before["documents"] - removed
    assert set(memos.documents.by_file) == before["documents"] - removed
    assert len(memos.notes.rendered) == before["notes"] - len(removed)
    assert len(memos.pages.html) == second.pages  # the page list changed: every page anew, the old forgotten
    assert len(memos.lectures.captions.values) < before["captions"]
    tracks = {track.digest for made, _ in memos.lectures.captions.values.values() for track in made}
    laid_out = {digest for key in memos.lectures.lectures.values for _, digest in key[3]}
    assert laid_out and laid_out <= tracks  # no lecture of the removed captions is kept


def test_a_warm_build_renders_no_note_again(tmp_path, monkeypatch):
    site = fixture_site("lecture", tmp_path / "site", theme=True)
    assert build(site, tmp_path / "out", persistent_cache=True).written
    seen: list[NoteMemo] = []
    real = build_module.load_site
    monkeypatch.setattr(build_module, "load_site", lambda *a, **k: seen.append(k["note_memo"]) or real(*a, **k))
    assert build(site, tmp_path / "out", persistent_cache=True).written
    assert seen[0].stats.misses == 0 and seen[0].stats.hits == len(seen[0].rendered) > 0
