"""The preview's two output trees: after any sequence of rebuilds the served one (the link) holds
exactly what a cold build writes, and a reader of an older version keeps reading that version."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from site_builder.build.build import build
from site_builder.serve.rebuild import Rebuilder

SITE = Path(__file__).resolve().parent / "sites" / "basic"
NOTE = "content/ko/notes/second.md"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_rebuild_of_a_sequence_serves_a_cold_build(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    note = site / NOTE
    original = note.read_text(encoding="utf-8")
    steps = [
        lambda: note.write_text(original + "\n\n한 문단 더.\n", encoding="utf-8"),
        lambda: (site / "content/en/extra.md").write_text("---\ntitle: Extra\n---\n# Extra\n\nNew.\n", encoding="utf-8"),
        lambda: note.write_text(original.replace("permalink: /second-note/", "permalink: /second-note/deeper/"),
                                encoding="utf-8"),
        lambda: (site / "content/en/extra.md").unlink(),
        lambda: note.write_text(original, encoding="utf-8"),  # back to what the older tree holds
        lambda: (site / "content/ko/notes").rename(site / "content/ko/lectures"),
        lambda: (site / "content/ko/lectures").rename(site / "content/ko/notes"),
    ]
    assert "permalink: /second-note/" in original
    rebuild = Rebuilder(site, tmp_path / "served")
    assert rebuild().written
    for n, step in enumerate(steps):
        step()
        outcome = rebuild()
        cold = build(site, tmp_path / f"cold{n}", jobs=1)
        assert outcome.written and cold.written, (n, outcome.problems)
        assert tree(tmp_path / "served") == tree(tmp_path / f"cold{n}"), n
    assert (tmp_path / "served").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".served")) == [".served.0", ".served.1"]


def test_a_reader_of_the_old_version_keeps_it(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    rebuild = Rebuilder(site, tmp_path / "served")
    assert rebuild().written
    page = tmp_path / "served" / "second-note/index.html"
    with page.open("rb") as reader:  # a slow download of the page, across two rebuilds
        before = page.read_bytes()
        for text in ("첫째", "둘째"):
            (site / NOTE).write_text(f"---\ntitle: {text}\npermalink: /second-note/\n---\n## {text}\n", encoding="utf-8")
            assert rebuild().written
        assert "둘째" in page.read_text(encoding="utf-8")
        assert reader.read() == before


def test_a_failed_rebuild_leaves_the_served_version(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    rebuild = Rebuilder(site, tmp_path / "served")
    assert rebuild().written
    served = tree(tmp_path / "served")
    link = os.readlink(tmp_path / "served")
    (site / NOTE).write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    assert not rebuild().written
    assert os.readlink(tmp_path / "served") == link and tree(tmp_path / "served") == served


def test_an_output_path_leaving_the_tree_is_never_written(tmp_path, monkeypatch):
    """Whatever the build lets through (a permalink with `..`), the preview writes nothing outside
    its output: the rebuild fails and the last good version stays served."""
    from dataclasses import replace

    import site_builder.serve.rebuild as serve
    from site_builder.build.build import Output

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    rebuild = Rebuilder(site, tmp_path / "out" / "served")
    assert rebuild().written
    real = serve.assemble

    def escaping(*args, **kwargs):
        done = real(*args, **kwargs)
        bad = Output("../../escaped/index.html", "0" * 32, lambda: b"escaped")
        return replace(done, outputs=[*done.outputs, bad])

    monkeypatch.setattr(serve, "assemble", escaping)
    outcome = rebuild()
    assert not outcome.written
    assert [str(p) for p in outcome.problems] == [
        "../../escaped/index.html: error[path]: refusing to write outside the output folder"]
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "out" / "escaped").exists()
    assert (tmp_path / "out" / "served" / "index.html").is_file()


def test_an_error_found_while_rendering_keeps_the_last_good_version(tmp_path):
    """Problems grow while the outputs are rendered (a template failing on a page): they are
    looked at only after all of them, and nothing of that build is served."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    rebuild = Rebuilder(site, tmp_path / "served")
    assert rebuild().written
    served = tree(tmp_path / "served")
    template = site / "templates/base.html"
    text = template.read_text(encoding="utf-8")
    assert "</body>" in text
    template.write_text(text.replace("</body>", "{{ no_such.thing.here }}</body>"), encoding="utf-8")
    outcome = rebuild()
    assert not outcome.written and any(p.severity == "error" for p in outcome.problems), outcome.problems
    assert tree(tmp_path / "served") == served
