"""What `glossary --fix` and `status --stamp` do to the user's files beyond the text they mean to
change: a note whose lines end in a lone CR, a note that is a link, a read-only note, a note owned
by someone else, a note edited or deleted between read and write, a disk that fills up; and the
addresses in prose that are no terms."""

import os
import re
from pathlib import Path

import pytest

from helpers import run_cli, write_site
from site_builder.commands import glossary_fix
from site_builder.core import files

CONFIG = "title: Fix\nurl: https://f.example\nlanguages:\n  en: English\n  ko: 한국어\nsource_language: en\n"
GLOSSARY = "terms:\n  - en: training\n    ko: 학습\n    avoid: {ko: [훈련]}\n"
SOURCE = "---\ntitle: T\n---\n\nTraining matters.\n"


def _site(tmp_path: Path, notes: dict[str, bytes]) -> Path:
    site = write_site(tmp_path / "site", {"glossary.yaml": GLOSSARY}, CONFIG, theme=False)
    for rel, data in notes.items():
        for lang, body in (("en", SOURCE.encode()), ("ko", data)):
            path = site / "content" / lang / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
    return site


def _fix(site: Path):
    result = run_cli("glossary", site, "--fix")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


def test_lone_cr_lines_are_fixed_every_other_byte_kept(tmp_path):
    note = "---\rtitle: 가\r---\r\r첫 줄\t \r훈련은 중요하다.  \r\n훈련".encode()
    site = _site(tmp_path, {"a.md": note})
    result = _fix(site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["content/ko/a.md:6:1: '훈련' → '학습'", "content/ko/a.md:7:1: '훈련' → '학습'",
                                          "2 changes"]
    assert (site / "content/ko/a.md").read_bytes() == note.replace("훈련".encode(), "학습".encode())


def test_a_linked_note_stays_a_link_and_its_file_is_fixed(tmp_path):
    site = _site(tmp_path, {"a.md": "---\ntitle: 가\n---\n\n훈련\n".encode()})
    shared = site / "shared"
    shared.mkdir()
    (shared / "b.md").write_bytes("---\ntitle: 나\n---\n\n훈련을 한다\n".encode())
    (site / "content/ko/b.md").symlink_to("../../shared/b.md")
    (site / "content/en/b.md").write_text(SOURCE, encoding="utf-8")
    assert _fix(site).returncode == 0
    assert (site / "content/ko/b.md").is_symlink()
    assert (shared / "b.md").read_text(encoding="utf-8") == "---\ntitle: 나\n---\n\n학습을 한다\n"
    stamped = run_cli("status", site, "--stamp", site / "content/ko/b.md")
    assert stamped.returncode == 0, stamped.stderr
    assert (site / "content/ko/b.md").is_symlink() and "source_hash:" in (shared / "b.md").read_text(encoding="utf-8")


def test_a_link_that_leads_out_of_the_site_is_never_written(tmp_path):
    site = _site(tmp_path, {"a.md": "---\ntitle: 가\n---\n\n훈련\n".encode()})
    outside = tmp_path / "outside.md"
    outside.write_bytes("---\ntitle: 밖\n---\n\n훈련\n".encode())
    change = glossary_fix.Change("content/ko/a.md", 5, 1, "훈련", "학습")
    (site / "content/ko/a.md").unlink()
    (site / "content/ko/a.md").symlink_to(outside)  # swapped after the build read the site
    made, failed = glossary_fix.apply_changes(site, [change])
    assert made == [] and [str(p) for p in failed] == [
        "content/ko/a.md: error[fix]: not fixed: a link to a file outside the site: never written"]
    assert outside.read_bytes() == "---\ntitle: 밖\n---\n\n훈련\n".encode()


def test_a_read_only_note_is_not_written(tmp_path):
    site = _site(tmp_path, {"a.md": "---\ntitle: 가\n---\n\n훈련\n".encode(), "b.md": "---\ntitle: 나\n---\n\n훈련\n".encode()})
    (site / "content/ko/a.md").chmod(0o444)
    result = _fix(site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["content/ko/b.md:5:1: '훈련' → '학습'", "1 changes"]
    assert result.stderr.splitlines() == [
        "content/ko/a.md: error[fix]: not fixed: read-only: left as it is (make it writable to change it)",
        "1 files not fixed"]
    assert "훈련" in (site / "content/ko/a.md").read_text(encoding="utf-8")
    stamped = run_cli("status", site, "--stamp", site / "content/ko/a.md")
    assert stamped.returncode == 1 and "content/ko/a.md: error[stamp]: cannot write: read-only" in stamped.stderr
    assert (site / "content/ko/a.md").read_bytes() == "---\ntitle: 가\n---\n\n훈련\n".encode()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_owner_and_mode_are_kept(tmp_path):
    site = _site(tmp_path, {"a.md": "---\ntitle: 가\n---\n\n훈련\n".encode()})
    note = site / "content/ko/a.md"
    os.chown(note, 1234, 2345)
    note.chmod(0o640)
    assert _fix(site).returncode == 0
    assert run_cli("status", site, "--stamp", note).returncode == 0
    stat = note.stat()
    assert (stat.st_uid, stat.st_gid, stat.st_mode & 0o777) == (1234, 2345, 0o640)
    assert "학습" in note.read_text(encoding="utf-8") and "source_hash" in note.read_text(encoding="utf-8")


def test_a_note_edited_or_deleted_after_the_build_read_it_is_left_as_it_is(tmp_path):
    site = _site(tmp_path, {"a.md": "---\ntitle: 가\n---\n\n훈련\n".encode(), "b.md": "---\ntitle: 나\n---\n\n훈련\n".encode()})
    _, changes = glossary_fix.glossary_findings(site)
    newer = "---\ntitle: 가\n---\n\n훈련\n\n새로 쓴 문단\n".encode()
    (site / "content/ko/a.md").write_bytes(newer)
    (site / "content/ko/b.md").unlink()
    made, failed = glossary_fix.apply_changes(site, changes)
    assert made == [] and [str(p) for p in failed] == [
        "content/ko/a.md: error[fix]: not fixed: changed since it was read: left as it is (run again)",
        "content/ko/b.md: error[fix]: not fixed: No such file or directory"]
    assert (site / "content/ko/a.md").read_bytes() == newer and not (site / "content/ko/b.md").exists()


def test_a_note_edited_while_being_rewritten_keeps_the_edit(tmp_path, monkeypatch):
    site = _site(tmp_path, {"a.md": "---\ntitle: 가\n---\n\n훈련\n".encode()})
    _, changes = glossary_fix.glossary_findings(site)
    real_mkstemp = files.tempfile.mkstemp

    def racing(*args, **kwargs):  # another program saves the note just as the fix writes its copy
        (site / "content/ko/a.md").write_bytes("---\ntitle: 가\n---\n\n훈련, 더 쓴 것\n".encode())
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(files.tempfile, "mkstemp", racing)
    made, failed = glossary_fix.apply_changes(site, changes)
    assert made == [] and "changed by another program while being rewritten" in str(failed[0])
    assert (site / "content/ko/a.md").read_text(encoding="utf-8").endswith("훈련, 더 쓴 것\n")
    assert [p.name for p in (site / "content/ko").iterdir()] == ["a.md"]  # no temporary file left


def test_a_full_disk_leaves_the_note_and_no_temporary_file(tmp_path, monkeypatch):
    site = _site(tmp_path, {"a.md": "---\ntitle: 가\n---\n\n훈련\n".encode()})
    _, changes = glossary_fix.glossary_findings(site)

    def full(fd, *args, **kwargs):
        os.close(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", full)
    made, failed = glossary_fix.apply_changes(site, changes)
    assert made == [] and [str(p) for p in failed] == ["content/ko/a.md: error[fix]: not fixed: No space left on device"]
    assert (site / "content/ko/a.md").read_bytes() == "---\ntitle: 가\n---\n\n훈련\n".encode()
    assert [p.name for p in (site / "content/ko").iterdir()] == ["a.md"]


def test_addresses_in_prose_are_no_terms(tmp_path):
    note = ("---\ntitle: 가\n---\n\n<https://example.com/훈련> https://example.com/훈련 www.훈련.com "
            "[훈련](https://example.com/훈련) 훈련\n")
    site = _site(tmp_path, {"a.md": note.encode()})
    result = _fix(site)
    assert result.stdout.splitlines() == ["content/ko/a.md:5:61: '훈련' → '학습'", "content/ko/a.md:5:89: '훈련' → '학습'",
                                          "2 changes"]
    assert (site / "content/ko/a.md").read_text(encoding="utf-8") == re.sub(r"\[훈련\]|훈련\n$", lambda m: m[0].replace("훈련", "학습"), note)


def test_a_baseline_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path, monkeypatch):
    from site_builder import cli

    site = _site(tmp_path, {"a.md": "---\ntitle: 가\n---\n\n훈련\n".encode()})
    (site / "check-baseline.yaml").write_text("# ours\nversion: 1\nfiles: {}\n", encoding="utf-8")

    def full(fd, *args, **kwargs):
        os.close(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", full)
    assert cli.main(["check", str(site), "--write-baseline"]) == 1
    assert (site / "check-baseline.yaml").read_text(encoding="utf-8") == "# ours\nversion: 1\nfiles: {}\n"
    assert sorted(p.name for p in site.iterdir()) == ["check-baseline.yaml", "content", "glossary.yaml", "site.yaml"]
