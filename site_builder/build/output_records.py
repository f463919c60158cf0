"""What the last build left in its output dir and in the spare (the output before, see
writer.Staging): for each file the digest of what was written and the file's signature, and for
each folder its mtime. A warm build takes a page whose file still holds its digest from there
instead of rendering it, and prunes the spare from this record instead of walking it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from ..content.memo import file_signature
from ..core.memo import KeyedMemo


@dataclass(frozen=True)
class FileRecord:
    """A file as a build left it: the digest of its content and its stat signature."""

    digest: str
    signature: tuple[int, ...]


def _mtime(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mtime_ns
    except OSError:
        return None


@dataclass(frozen=True)
class OutputRecords:
    """`files` and `folders` (relative, "" for `out_dir` itself; -> mtime) of the last build into
    `out_dir`; `spare_files` and `spare_folders` of the spare of `out_dir`."""

    out_dir: str = ""
    files: Mapping[str, FileRecord] = field(default_factory=dict)
    spare_files: Mapping[str, FileRecord] = field(default_factory=dict)
    folders: Mapping[str, int] = field(default_factory=dict)
    spare_folders: Mapping[str, int] = field(default_factory=dict)

    def kept_output(self, out_dir: Path, out: str, digest: str) -> bool:
        """Whether `out` in `out_dir` still holds what the last build wrote there for `digest`: the
        same digest, and the file not touched since (the output is the page cache of command-line
        builds)."""
        return self._holds(out_dir, self.files, out_dir / out, out, digest)

    def spare_holds(self, out_dir: Path, staging: Path, out: str, digest: str) -> bool:
        """The same for the spare of `out_dir`, now the staging dir `staging`: a file already right
        there is neither read nor written again."""
        return self._holds(out_dir, self.spare_files, staging / out, out, digest)

    def _holds(self, out_dir: Path, record: Mapping[str, FileRecord], file: Path, out: str, digest: str) -> bool:
        known = record.get(out)
        return (known is not None and known.digest == digest and self.out_dir == str(out_dir)
                and known.signature == file_signature(file))

    def recorded(self, out_dir: Path, digests: Mapping[str, str], folders: Iterable[str]) -> OutputRecords:
        """The records after a build into `out_dir`: the digest of each file it left there, and its
        `folders`. The output it replaced is the spare now, files, folders and stats unchanged."""
        same = self.out_dir == str(out_dir)
        current = {out: FileRecord(digest, signature) for out, digest in digests.items()
                   if (signature := file_signature(out_dir / out)) is not None}
        mtimes = {rel: mtime for rel in folders if (mtime := _mtime(out_dir / rel)) is not None}
        return OutputRecords(out_dir=str(out_dir), files=current, spare_files=self.files if same else {},
                             folders=mtimes, spare_folders=self.folders if same else {})

    def spare_listing(self, out_dir: Path, staging: Path) -> tuple[list[str], list[str]] | None:
        """The files and folders the spare of `out_dir` (now the staging dir `staging`) holds, when
        none of its folders changed since it was recorded: the staging dir need not be walked to
        find what to prune. None: walk it."""
        folders = self.spare_folders
        if self.out_dir != str(out_dir) or "" not in folders:
            return None
        if any(_mtime(staging / rel) != mtime for rel, mtime in folders.items()):
            return None
        return list(self.spare_files), [rel for rel in folders if rel]


@dataclass
class OutputMemo:
    """The output stage's memo: the records of the output dir and its spare, and the downloads of
    each lecture (made again only when its captions change)."""

    records: OutputRecords = field(default_factory=OutputRecords)
    lecture_files: KeyedMemo = field(default_factory=KeyedMemo)

    def retain(self) -> None:
        self.lecture_files.retain()
