"""Cached, parallel and serial builds produce byte-identical output; a bad cache is never trusted."""

import dataclasses
import pickle
import shutil

import pytest

from helpers import BASIC_WARNINGS, REPO, fixture_site, run_cli
from site_builder.build.build import build
from site_builder.build.memo import CACHE_DIR, CACHE_FILE, load_memos
from site_builder.site.parallel import MIN_PARALLEL

SAMPLE = REPO / "tests" / "sites" / "basic"


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def big_site(tmp_path):
    """The sample course with enough notes that the process pool is used."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "tests/sites/basic", site)
    text = (site / "content/ko/notes/intro.md").read_text(encoding="utf-8")
    for i in range(MIN_PARALLEL + 6):
        (site / f"content/ko/many/n{i}.md").parent.mkdir(parents=True, exist_ok=True)
        (site / f"content/ko/many/n{i}.md").write_text(text.replace("../../en/notes/intro.md", "../notes/intro.md")
                                                       .replace("second.md", "../notes/second.md")
                                                       .replace("소개", f"소개 {i}"), encoding="utf-8")
    return site


def big_site_warnings() -> list[str]:
    """The basic site's, and each copy's link to the figure it left behind in notes/."""
    copies = [f"content/ko/many/n{i}.md:15:28: warning[link]: link 'fig.svg' leads to /many/fig.svg, which the site "
              f"does not have" for i in range(MIN_PARALLEL + 6)]
    return sorted([*BASIC_WARNINGS, *copies])


def test_serial_parallel_and_cached_builds_are_identical(tmp_path, monkeypatch):
    from site_builder.build import build as build_module

    site = big_site(tmp_path)
    serial = build(site, tmp_path / "serial", jobs=1)
    assert serial.written and sorted(map(str, serial.problems)) == big_site_warnings(), serial.problems
    pooled = []
    monkeypatch.setattr(build_module, "MIN_PARALLEL_PAGES", MIN_PARALLEL)
    real = build_module.render_pages
    monkeypatch.setattr(build_module, "render_pages", lambda r, pages, jobs, stage: pooled.append(len(pages)) or real(r, pages, jobs, stage))
    assert build(site, tmp_path / "parallel", jobs=2).written
    assert pooled and pooled[0] >= MIN_PARALLEL  # the pages went through the worker processes
    cold = build(site, tmp_path / "cold", jobs=2, persistent_cache=True)
    assert (site / CACHE_DIR / CACHE_FILE).is_file()
    warm = build(site, tmp_path / "warm", jobs=2, persistent_cache=True)
    assert cold.written and warm.written and sorted(map(str, warm.problems)) == big_site_warnings()
    expected = tree(tmp_path / "serial")
    for other in ("parallel", "cold", "warm"):
        assert tree(tmp_path / other) == expected, other
    # Workers writing pages into the spare (the output before last), after an edit and a removal
    note, gone = site / "content/ko/many/n4.md", site / "content/ko/many/n5.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n\n고친 문단.\n", encoding="utf-8")
    gone.unlink()
    assert build(site, tmp_path / "serial2", jobs=1).written
    for _ in range(2):
        assert build(site, tmp_path / "parallel", jobs=2).written
    assert (tmp_path / ".parallel.spare").is_dir()
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial2")


def test_warm_cache_renders_only_what_changed(tmp_path):
    site = big_site(tmp_path)
    assert build(site, tmp_path / "out", persistent_cache=True).written
    memos, problems = load_memos(site)
    assert problems == [] and len(memos.notes.rendered) > MIN_PARALLEL
    note = site / "content/ko/many/n3.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n\n새 문단.\n", encoding="utf-8")
    from site_builder.build.build import assemble
    from site_builder.core.config import load_config
    done = assemble(load_config(site), memos)
    list(done.outputs)
    assert memos.notes.stats.misses == 1  # only the edited note was rendered again


def test_a_warm_build_takes_unchanged_pages_from_the_output_it_left(tmp_path, monkeypatch):
    from site_builder.build.templates import Renderer

    site, out = big_site(tmp_path), tmp_path / "out"
    assert build(site, tmp_path / "reference", jobs=1).written
    assert build(site, out, jobs=2, persistent_cache=True).written
    rendered = []
    real = Renderer.render_page
    monkeypatch.setattr(Renderer, "render_page", lambda self, page: rendered.append(page.out) or real(self, page))
    edited, deleted = out / "many/n1/index.html", out / "many/n2/index.html"
    edited.write_bytes(edited.read_bytes().replace(b"</body>", b"<p>edited by hand</p></body>"))
    deleted.unlink()
    assert build(site, out, jobs=1, persistent_cache=True).written
    assert sorted(rendered) == ["many/n1/index.html", "many/n2/index.html"]  # the others were left as they were
    assert tree(out) == tree(tmp_path / "reference")
    rendered.clear()
    assert build(site, out, jobs=1, persistent_cache=True).written  # and now from the swapped-in output
    assert rendered == [] and tree(out) == tree(tmp_path / "reference")
    note = site / "content/ko/many/n3.md"
    note.write_text(note.read_text(encoding="utf-8").replace("소개 3", "소개 셋"), encoding="utf-8")
    assert build(site, out, jobs=1, persistent_cache=True).written
    assert "many/n3/index.html" in rendered and "소개 셋" in (out / "many/n3/index.html").read_text(encoding="utf-8")
    rendered.clear()
    assert build(site, tmp_path / "elsewhere", jobs=1, persistent_cache=True).written  # another output: all rendered
    assert len(rendered) > MIN_PARALLEL


def test_files_the_spare_holds_as_recorded_are_neither_read_nor_written(tmp_path, monkeypatch):
    from site_builder.build import outfiles

    site, out = big_site(tmp_path), tmp_path / "out"
    spare = tmp_path / ".out.spare"
    assert build(site, tmp_path / "reference", jobs=1).written
    for _ in range(2):
        assert build(site, out, jobs=2, persistent_cache=True).written
    assert spare.is_dir()
    kept, tampered, deleted = (spare / "many/n1/index.html", spare / "many/n2/index.html", spare / "many/n3/index.html")
    before = kept.stat()
    data = tampered.read_bytes()
    tampered.write_bytes(data.replace(b"<", b"[", 1))  # same size, edited since the record
    deleted.unlink()
    compared = []
    real = outfiles.same
    monkeypatch.setattr(outfiles, "same", lambda target, content: compared.append(target.as_posix()) or real(target, content))
    assert build(site, out, jobs=1, persistent_cache=True).written
    assert tree(out) == tree(tmp_path / "reference")
    checked = {page for page in ("n1", "n2", "n3") if any(c.endswith(f"/many/{page}/index.html") for c in compared)}
    assert checked == {"n2", "n3"}  # n1 was taken as it stood
    after = (out / "many/n1/index.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not written again


def test_corrupted_cache_is_discarded_with_a_warning(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    assert build(site, tmp_path / "good").written
    (site / CACHE_DIR).mkdir(parents=True)
    (site / CACHE_DIR / CACHE_FILE).write_bytes(b"\x80\x05 not a pickle at all")
    result = run_cli("build", site, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"{CACHE_DIR}/{CACHE_FILE}: warning[cache]: could not be read" in result.stderr
    assert tree(tmp_path / "out") == tree(tmp_path / "good")
    again = run_cli("build", site, "-o", tmp_path / "out2")
    assert "warning[cache]" not in again.stderr  # rewritten by the successful build
    assert tree(tmp_path / "out2") == tree(tmp_path / "good")


@pytest.mark.parametrize("records", ["tuple", "bad-record", "search bundles"])
def test_cache_with_output_records_of_another_shape_is_discarded(tmp_path, records):
    """Stamped as current, but its output records are the 5-tuple of format 5, or FileRecords
    holding the wrong types, or its search bundles hold text: never trusted, and the output is
    what a cold build makes."""
    from site_builder.build.output_records import FileRecord, OutputRecords

    site = fixture_site("translation", tmp_path / "site")
    assert run_cli("build", site, "-o", tmp_path / "a").returncode == 0
    path = site / CACHE_DIR / CACHE_FILE
    with path.open("rb") as f:
        stamp, rendered, outputs, bundles = pickle.load(f), pickle.load(f), pickle.load(f), pickle.load(f)
    assert isinstance(outputs, OutputRecords) and outputs.files and bundles
    if records == "tuple":
        outputs = (outputs.out_dir, {k: (v.digest, v.signature) for k, v in outputs.files.items()}, {}, {}, {})
    elif records == "search bundles":  # a bundle's files as text, not bytes
        bundles = {lang: (key, {out: data.decode("latin-1") for out, data in files.items()})
                   for lang, (key, files) in bundles.items()}
    else:
        outputs = dataclasses.replace(outputs, files={k: FileRecord(v.signature, v.digest)
                                                      for k, v in outputs.files.items()})
    with path.open("wb") as f:
        for part in (stamp, rendered, outputs, bundles):
            pickle.dump(part, f)
    result = run_cli("build", site, "-o", tmp_path / "a", "--strict")
    assert "warning[cache]: could not be read (ValueError: unexpected content)" in result.stderr
    assert result.returncode == 0
    cold = run_cli("build", site, "-o", tmp_path / "cold", "--no-cache")
    assert cold.returncode == 0 and tree(tmp_path / "a") == tree(tmp_path / "cold")


@pytest.mark.parametrize("older", ["site_builder", "markdown_it", "pygments"])
def test_cache_from_another_version_is_discarded(tmp_path, older):
    """Of site_builder, or of a library whose output ends up in pages. (A site with no warnings:
    the basic one has some, which --strict would fail on.)"""
    site = fixture_site("translation", tmp_path / "site")
    assert run_cli("build", site, "-o", tmp_path / "a").returncode == 0
    path = site / CACHE_DIR / CACHE_FILE
    with path.open("rb") as f:
        stamp, rendered, outputs = pickle.load(f), pickle.load(f), pickle.load(f)
    # Same keys, poisoned content, older version: must not be used.
    for key, value in list(rendered.items()):
        rendered[key] = dataclasses.replace(value, packed=b"")
    if older == "site_builder":
        stamp["site_builder"] = "0.0.0"
    else:
        stamp["libraries"][older] = "0.0.0"
    with path.open("wb") as f:
        for part in (stamp, rendered, outputs):
            pickle.dump(part, f)
    result = run_cli("build", site, "-o", tmp_path / "b", "--strict")  # after an upgrade, --strict still builds
    assert "warning[cache]: written by another version" in result.stderr and result.returncode == 0
    assert tree(tmp_path / "b") == tree(tmp_path / "a")


def test_no_cache_flag(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    assert run_cli("build", site, "--no-cache", "-j", "1").returncode == 0
    assert not (site / CACHE_DIR).exists()


def test_a_rebuild_reads_only_notes_whose_files_changed(tmp_path):
    import os

    from site_builder.content.memo import DocumentMemo
    from site_builder.content.sources import Source

    note = tmp_path / "content/en/a.md"
    note.parent.mkdir(parents=True)
    note.write_text("# One\n", encoding="utf-8")
    source, memo = Source(note, "en/a.md", "en"), DocumentMemo()
    assert memo.unchanged(source, "content/en/a.md") is None  # never read: read it
    doc, _ = memo.document(source, "content/en/a.md", note.read_bytes())
    assert memo.unchanged(source, "content/en/a.md")[0] is doc  # same size, mtime, inode: not read again
    stat = note.stat()
    note.write_text("# Two\n", encoding="utf-8")  # same size
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert memo.unchanged(source, "content/en/a.md") is None
    doc, _ = memo.document(source, "content/en/a.md", note.read_bytes())
    assert "Two" in doc.text and memo.unchanged(source, "content/en/a.md")[0] is doc


def test_a_preview_rebuild_neither_renders_nor_unpacks_unchanged_pages(tmp_path, monkeypatch):
    from site_builder.build.render_memo import PageMemo
    from site_builder.serve.rebuild import Rebuilder
    from site_builder.build.templates import Renderer

    site = big_site(tmp_path)
    rebuild = Rebuilder(site, tmp_path / "out")
    assert rebuild().written
    rendered, unpacked = [], []
    real_render, real_bytes, real_html = Renderer.render_page, PageMemo.page_bytes, PageMemo.page_html
    monkeypatch.setattr(Renderer, "render_page", lambda self, page: rendered.append(page.out) or real_render(self, page))
    monkeypatch.setattr(PageMemo, "page_bytes", lambda self, key: unpacked.append(key) or real_bytes(self, key))
    monkeypatch.setattr(PageMemo, "page_html", lambda self, key, render: (unpacked.append(key) if key in self.html else None)
                        or real_html(self, key, render))
    note = site / "content/ko/many/n3.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n\n새 문단.\n", encoding="utf-8")
    outcome = rebuild()
    assert outcome.written and "many/n3/index.html" in outcome.changed
    assert rendered == ["many/n3/index.html"] and unpacked == []


def test_the_spare_is_pruned_from_its_record_unless_its_folders_changed(tmp_path, monkeypatch):
    from site_builder.build import outfiles

    site, out = big_site(tmp_path), tmp_path / "out"
    spare = tmp_path / ".out.spare"
    assert build(site, tmp_path / "reference", jobs=1).written
    walks = []
    real = outfiles.listing
    monkeypatch.setattr(outfiles, "listing", lambda root: walks.append(root) or real(root))
    for _ in range(3):
        assert build(site, out, jobs=2, persistent_cache=True).written
    assert walks == [] and spare.is_dir()  # the spare was reused, pruned from the record of its build
    (spare / "many/n1/stray.html").write_bytes(b"added by hand")  # its folder's mtime changes
    (spare / "many/n2/index.html").unlink()
    assert build(site, out, jobs=2, persistent_cache=True).written
    assert len(walks) == 1 and tree(out) == tree(tmp_path / "reference")


def test_pages_of_the_bundled_theme_take_the_notes_html_as_kept_and_are_the_same_bytes(tmp_path, monkeypatch):
    """Workers put a note's kept UTF-8 into its page (page_bytes) when the site has no templates of
    its own; a site with its own templates gets its pages rendered whole. Same bytes either way."""
    from site_builder.build import build as build_module, page_bytes, parallel

    site = big_site(tmp_path)
    shutil.rmtree(site / "templates")  # the bundled theme's templates alone
    (site / "content/ko/many/empty.md").write_text("---\ntitle: 빈 문서\n---\n", encoding="utf-8")
    # a title that spells out the mark (YAML's "\0"): seen twice, the page is rendered whole
    (site / "content/ko/many/marked.md").write_text('---\ntitle: "\\0page-content\\0"\n---\n본문 $x^2$.\n',
                                                   encoding="utf-8")
    assert page_bytes.theme_only(site) and not page_bytes.theme_only(REPO / "tests/sites/basic")
    assert build(site, tmp_path / "serial", jobs=1).written
    calls = tmp_path / "calls"  # the workers (forked) say how they rendered each page
    real = page_bytes.page_bytes

    def spy(renderer, page, spliced):
        with open(calls, "a", encoding="utf-8") as said:
            said.write(f"{spliced}\n")
        return real(renderer, page, spliced)

    monkeypatch.setattr(build_module, "MIN_PARALLEL_PAGES", MIN_PARALLEL)
    monkeypatch.setattr(parallel, "page_bytes", spy)
    assert build(site, tmp_path / "parallel", jobs=2).written
    assert set(calls.read_text().split()) == {"True"} and len(calls.read_text().split()) > MIN_PARALLEL
    expected = tree(tmp_path / "serial")
    assert tree(tmp_path / "parallel") == expected
    assert b"<h1" in expected["many/n3/index.html"] and "many/empty/index.html" in expected
    assert expected["many/marked/index.html"].count(b"\0page-content\0") >= 1
    from site_builder.build.build import assemble
    from site_builder.build.templates import Renderer
    from site_builder.core.config import load_config
    loaded = assemble(load_config(site)).site
    renderer = Renderer(loaded)
    for page in loaded.pages:
        html, problem = renderer.render_page(page)
        assert real(renderer, page, True) == (html.encode(), problem)


def test_a_site_template_that_shows_the_content_twice_or_filtered_is_rendered_whole(tmp_path):
    from site_builder.build.build import assemble
    from site_builder.build.page_bytes import page_bytes
    from site_builder.build.templates import Renderer
    from site_builder.core.config import load_config

    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    page = site / "templates/page.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "{{ page.content }}", "{{ page.content }}<p>{{ page.content|length }}</p>{{ page.content }}"), encoding="utf-8")
    loaded = assemble(load_config(site)).site
    renderer = Renderer(loaded)
    notes = [p for p in loaded.pages if p.layout == "page" and p.packed]
    assert notes
    for note in notes:
        html, problem = renderer.render_page(note)
        assert html.count(note.content) == 2 and f"<p>{len(note.content)}</p>" in html
        assert page_bytes(renderer, note, True) == (html.encode(), problem)
