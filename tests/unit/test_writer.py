from pathlib import Path

import pytest

from site_builder import writer
from site_builder.writer import write_output


def test_writes_and_replaces_whole_tree(tmp_path):
    out = tmp_path / "_site"
    src = tmp_path / "img.png"
    src.write_bytes(b"png")
    write_output(out, {"index.html": b"one", "a/b/c.txt": b"c", "img.png": src})
    assert (out / "a/b/c.txt").read_bytes() == b"c" and (out / "img.png").read_bytes() == b"png"
    write_output(out, {"index.html": b"two"})
    assert sorted(p.name for p in out.rglob("*")) == ["index.html"]
    assert (out / "index.html").read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "img.png"]  # no staging left behind


def test_failure_while_writing_leaves_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "_site"
    write_output(out, {"index.html": b"good"})

    def broken_swap(staging: Path, out_dir: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writer, "_swap", broken_swap)
    with pytest.raises(OSError):
        write_output(out, {"index.html": b"new"})
    assert (out / "index.html").read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]
