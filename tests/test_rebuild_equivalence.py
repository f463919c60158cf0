"""A rebuild while previewing (one BuildMemos kept for the session) must write exactly what a cold
build of the same files writes: each case once broke that."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from site_builder.build.build import build
from site_builder.serve.rebuild import Rebuilder
from site_builder.content.theme import THEME_DIR

SITES = Path(__file__).resolve().parent / "sites"


def site_copy(name: str, dest: Path) -> Path:
    shutil.copytree(SITES / name, dest, ignore=shutil.ignore_patterns(".cache"))
    for folder in ("templates", "static"):
        shutil.copytree(THEME_DIR / folder, dest / folder, dirs_exist_ok=True)
    return dest


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_rebuild_is_cold(site: Path, tmp_path: Path, mutate) -> None:
    rebuild = Rebuilder(site, tmp_path / "served")
    assert rebuild().written
    mutate(site)
    outcome = rebuild()
    cold = build(site, tmp_path / "cold", jobs=1)
    assert outcome.written == cold.written, (outcome.problems, cold.problems)
    assert outcome.problems == cold.problems
    assert tree(tmp_path / "served") == tree(tmp_path / "cold")


def test_a_rerendered_page_does_not_list_itself_as_a_translation(tmp_path):
    site = site_copy("translation", tmp_path / "site")

    def edit(site):
        note = site / "content/ko/whole.md"
        note.write_text(note.read_text(encoding="utf-8") + "\n한 문단 더.\n", encoding="utf-8")

    assert_rebuild_is_cold(site, tmp_path, edit)


def test_an_edit_whose_mtime_was_restored_is_seen(tmp_path):
    site = site_copy("translation", tmp_path / "site")

    def edit(site):
        note = site / "content/en/only-source.md"
        stat, text = note.stat(), note.read_text(encoding="utf-8")
        note.write_text(text.replace("Three words", "Three lines"), encoding="utf-8")  # same size
        os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as cp -p, rsync -t, tar do

    assert_rebuild_is_cold(site, tmp_path, edit)


def test_a_new_file_in_a_folder_whose_mtime_was_restored_is_seen(tmp_path):
    site = site_copy("translation", tmp_path / "site")

    def add(site):
        folder = site / "content/en"
        stat = folder.stat()
        (folder / "new.md").write_text("# New\n\nA new note.\n", encoding="utf-8")
        os.utime(folder, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    assert_rebuild_is_cold(site, tmp_path, add)


def test_removing_the_glossary_updates_generated_pages(tmp_path):
    site = site_copy("lecture", tmp_path / "site")  # its course indexes and a lecture page are generated
    assert_rebuild_is_cold(site, tmp_path, lambda site: (site / "glossary.yaml").unlink())


def test_a_caption_timing_change_updates_the_downloads(tmp_path):
    site = site_copy("lecture", tmp_path / "site")

    def retime(site):  # the page's paragraphs stay the same; the caption files do not
        srt = site / "content/ko/week1/gradients.ko.srt"
        srt.write_bytes(srt.read_bytes().replace(b"00:00:06,000 --> 00:00:10,000", b"00:00:06,000 --> 00:00:09,500"))

    assert_rebuild_is_cold(site, tmp_path, retime)
