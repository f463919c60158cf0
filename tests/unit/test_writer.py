from pathlib import Path

import pytest

from site_builder.build import writer
from site_builder.build.writer import write_output


def test_writes_and_replaces_whole_tree(tmp_path):
    out = tmp_path / "_site"
    src = tmp_path / "img.png"
    src.write_bytes(b"png")
    write_output(out, {"index.html": b"one", "a/b/c.txt": b"c", "img.png": src})
    assert (out / "a/b/c.txt").read_bytes() == b"c" and (out / "img.png").read_bytes() == b"png"
    write_output(out, {"index.html": b"two"})
    assert sorted(p.name for p in out.rglob("*")) == ["index.html"]
    assert (out / "index.html").read_bytes() == b"two"
    # no staging left behind; the replaced output is kept as the spare
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.spare", "_site", "img.png"]
    assert (tmp_path / "._site.spare/a/b/c.txt").read_bytes() == b"c"


def test_the_spare_is_written_over_into_exactly_the_new_output(tmp_path):
    out = tmp_path / "_site"
    src = tmp_path / "img.png"
    src.write_bytes(b"png")
    old = {"index.html": b"one", "stale/deep/x.html": b"x", "file-then-dir": b"f", "dir-then-file/index.html": b"d",
           "img.png": src, "keep/a.html": b"a1"}
    write_output(out, old)
    write_output(out, {"index.html": b"two"})  # `old` is now the spare
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.html").write_bytes(b"not ours")
    spare = tmp_path / "._site.spare"
    (spare / "keep/a.html").unlink()
    (spare / "keep/a.html").symlink_to(outside / "a.html")  # a link planted in the spare: not written through
    (spare / "linked").symlink_to(outside, target_is_directory=True)
    new = {"index.html": b"three", "file-then-dir/index.html": b"fd", "dir-then-file": b"df", "img.png": src,
           "keep/a.html": b"a3", "linked/b.html": b"b", "new/page/index.html": b"n"}
    write_output(out, new)
    found = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert found == {k: (v.read_bytes() if isinstance(v, Path) else v) for k, v in new.items()}
    assert not any(p.is_symlink() for p in out.rglob("*"))
    assert sorted(p.name for p in outside.iterdir()) == ["a.html"] and (outside / "a.html").read_bytes() == b"not ours"
    assert sorted(p.name for p in out.iterdir()) == ["dir-then-file", "file-then-dir", "img.png", "index.html", "keep",
                                                     "linked", "new"]  # stale/ pruned, folders and all
    assert (spare / "index.html").read_bytes() == b"two"


def test_unchanged_files_of_the_spare_are_kept_changed_ones_rewritten(tmp_path):
    out = tmp_path / "_site"
    asset, other = tmp_path / "a.bin", tmp_path / "b.bin"
    asset.write_bytes(b"x" * 3_000_000)  # more than one chunk
    other.write_bytes(b"x" * 2_999_999 + b"y")
    files = {"same.html": b"same", "size.html": b"aaaa", "asset.bin": asset, "swap.bin": asset}
    write_output(out, files)
    write_output(out, {"index.html": b"i"})
    spare = tmp_path / "._site.spare"
    before = {name: (spare / name).stat() for name in files}
    write_output(out, {**files, "size.html": b"bbbb", "swap.bin": other})
    assert (out / "size.html").read_bytes() == b"bbbb" and (out / "swap.bin").read_bytes() == other.read_bytes()
    after = {name: (out / name).stat() for name in files}
    for name in ("same.html", "asset.bin"):  # not written again
        assert (after[name].st_ino, after[name].st_mtime_ns) == (before[name].st_ino, before[name].st_mtime_ns)
    assert (out / "asset.bin").read_bytes() == asset.read_bytes()
    assert (out / "asset.bin").stat().st_mtime_ns == asset.stat().st_mtime_ns  # what the quick check compares


def _break_swap(monkeypatch) -> None:
    def broken_swap(staging: Path, out_dir: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writer, "_swap", broken_swap)


def test_failure_while_writing_leaves_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "_site"
    write_output(out, {"index.html": b"good"})
    _break_swap(monkeypatch)
    with pytest.raises(OSError):
        write_output(out, {"index.html": b"new"})
    assert (out / "index.html").read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_failure_while_writing_over_the_spare_leaves_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "_site"
    write_output(out, {"index.html": b"first", "a/b.html": b"b"})
    write_output(out, {"index.html": b"good"})
    _break_swap(monkeypatch)
    with pytest.raises(OSError):
        write_output(out, {"index.html": b"new"})
    assert {p.relative_to(out).as_posix() for p in out.rglob("*")} == {"index.html"}
    assert (out / "index.html").read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.spare", "_site"]  # still the spare, half written
    monkeypatch.undo()
    write_output(out, {"index.html": b"newer", "c.html": b"c"})  # written over and pruned: exactly the new output
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")} == {"index.html": b"newer", "c.html": b"c"}
