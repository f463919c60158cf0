"""DocumentMemo: the notes read in earlier builds, parsed into Documents, by the stat of their file
and by the hash of its bytes, so a rebuild reads and parses only the notes whose files changed."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..core.problems import Problem
from .frontmatter import Document, parse_document
from .sources import Source


def file_signature(path: Path) -> tuple[int, ...] | None:
    """What changes whenever a file's content may have: size, mtime, ctime (which tools restoring an
    mtime, cp -p, rsync -t or tar, cannot set back) and inode. None: no such file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino


@dataclass(frozen=True)
class DocKey:
    """A note's bytes as read: where it is and the hash of its content."""

    site_rel: str
    digest: str


@dataclass(frozen=True)
class Parsed:
    """What `parse_document` made of a note's bytes: the Document (None: unusable) and its problems."""

    doc: Document | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class FileStamp:
    """A note's file as last read: its signature, and the DocKey of what it held (None: not read yet)."""

    signature: tuple[int, ...]
    key: DocKey | None = None


class DocumentMemo:
    """Parsed notes by content (`by_text`) and, by file, the stat it had when read (`by_file`)."""

    def __init__(self) -> None:
        self.by_text: dict[DocKey, Parsed] = {}
        self.by_file: dict[str, FileStamp] = {}
        self._digests: dict[str, str] = {}  # site_rel -> digest of the bytes read in this build
        self._used: set[DocKey] = set()
        self._files: set[str] = set()  # site_rels looked up since the last retain()

    def unchanged(self, source: Source, site_rel: str) -> tuple[Document | None, list[Problem]] | None:
        """The note as `document()` last gave it, when its file's size, mtime, ctime and inode are what
        they were then: a rebuild need not read and hash every note again. None: read it."""
        self._files.add(site_rel)
        signature = file_signature(source.file)
        if signature is None:
            return None
        known = self.by_file.get(site_rel)
        if known is None or known.signature != signature or known.key not in self.by_text:
            self.by_file[site_rel] = FileStamp(signature)  # document() fills in the key
            return None
        parsed = self.by_text[known.key]
        if parsed.doc is not None and parsed.doc.source != source:
            return None
        self._digests[site_rel] = known.key.digest
        self._used.add(known.key)
        return parsed.doc, list(parsed.problems)

    def document(self, source: Source, site_rel: str, data: bytes) -> tuple[Document | None, list[Problem]]:
        """The note whose file held `data`, parsed only if these bytes were not parsed before."""
        key = DocKey(site_rel, hashlib.blake2b(data, digest_size=16).hexdigest())
        if site_rel in self.by_file:
            self.by_file[site_rel] = FileStamp(self.by_file[site_rel].signature, key)
        self._digests[site_rel] = key.digest
        found = self.by_text.get(key)
        if found is None or found.doc is not None and found.doc.source != source:
            doc, problems = parse_document(source, site_rel, data)
            found = self.by_text[key] = Parsed(doc, tuple(problems))
        self._used.add(key)
        return found.doc, list(found.problems)

    def text_hash(self, site_rel: str) -> str:
        """The hash of the bytes `document()` or `unchanged()` gave for `site_rel` in this build."""
        return self._digests[site_rel]

    def retain(self) -> None:
        """Forget the notes the last build did not read (deleted, or old versions of edited ones)."""
        used, self._used = self._used, set()
        files, self._files = self._files, set()
        self.by_text = {k: v for k, v in self.by_text.items() if k in used}
        self.by_file = {k: v for k, v in self.by_file.items() if k in files}
