"""Read one note from disk: decode, split and validate its YAML front matter."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Mapping

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin as _mdit_front_matter

from ..core.files import decode, rewrite_file  # decode: notes, captions and the glossary read through here
from ..core.problems import Problem, error, warning
from ..core.yamlmap import load_yaml_map

if TYPE_CHECKING:  # sources.py reads caption names, which reads text through this module
    from .sources import Source

# Field -> (accepted types, description for the error message).
FIELDS: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str,), "a string"),
    "permalink": ((str,), "a path such as /notes/intro/"),
    "layout": ((str,), "a template name such as page"),
    "description": ((str,), "a string"),
    "module": ((str, int), "a string"),
    "order": ((int, float), "a number"),
    "draft": ((bool,), "true or false"),
}
_LAYOUT = re.compile(r"^[A-Za-z0-9_-]+$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
# The first line of YAML meant as front matter: `key:` (a name, or quoted) then a blank or the end.
# Prose such as `In this note: …` has spaces in its "key", so a note opening with a `---` rule
# followed by prose is told apart from front matter with a YAML mistake in it.
_KEY_LINE = re.compile(r"""(?:[A-Za-z_][\w.-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]|$)""")
_NOT_FRONT_MATTER = ("the first line '---' is read as a horizontal rule, not as front matter: the lines after it "
                     "are not YAML 'key: value' lines, so they stay in the page (remove the '---', or open the "
                     "note with front matter)")


@dataclass(frozen=True)
class Document:
    """A note's text (front matter included, so markdown-it line numbers are file lines) and meta."""

    source: Source
    text: str
    meta: Mapping[str, Any]
    meta_lines: Mapping[str, int]
    body_line: int  # first line after the front matter

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)


_LINE_END = re.compile(r"\r\n|\r|\n")  # as decode() counts lines: a lone CR ends one too


def rewrite_lines(path: Path, root: Path, edit: Callable[[list[str]], list[str]],
                  seen: tuple[int, int, int, int] | None = None) -> bool:
    """Rewrite a note of the site at `root` line by line (`edit` gets and returns the lines without
    their ends), keeping its byte-order mark and each line's own end: one CRLF line in an LF note
    stays the only one. As rewrite_file: False when nothing changed; OSError when not written."""
    def change(data: bytes) -> bytes:
        bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        text = data[len(bom):].decode("utf-8")
        ends = _LINE_END.findall(text) + [""]
        lines = edit(_LINE_END.split(text))
        return bom + "".join(line + end for line, end in zip(lines, ends)).encode()

    return rewrite_file(path, root, change, seen)


def _first_key_like(block: str) -> bool | None:
    """Whether the first line of `block` that is not blank nor a comment looks like `key:`; None
    when there is no such line (empty front matter)."""
    for line in block.split("\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return bool(_KEY_LINE.match(stripped))
    return None


def _is_front_matter(block: str) -> bool:
    """Front matter is taken when it is empty, looks like YAML keys (its YAML errors are then
    reported as such), or parses as a mapping all the same (`{a: 1}`); prose is not."""
    key_like = _first_key_like(block)
    return key_like is not False or load_yaml_map(block, "")[0] is not None


def split_front_matter(text: str, rel_file: str) -> tuple[str | None, int, list[Problem]]:
    """(yaml text or None, first body line, problems). Front matter opens with `---` on line 1; a
    note that opens with a `---` rule followed by prose keeps it all, with a warning."""
    first, _, rest = text.partition("\n")  # not the whole note split into lines: front matter is short
    if first.rstrip() != "---":
        return None, 1, []
    end = _CLOSING_FENCE.search(rest)
    if end:
        block = rest[: max(end.start() - 1, 0)]
        if _is_front_matter(block):
            return block, rest.count("\n", 0, end.start()) + 3, []
        return None, 1, [warning("front-matter", rel_file, 1, _NOT_FRONT_MATTER)]
    if _first_key_like(rest) is False:
        return None, 1, [warning("front-matter", rel_file, 1, _NOT_FRONT_MATTER)]
    return None, 1, [error("front-matter", rel_file, 1, "front matter opened with '---' is never closed (add a '---' line after it)")]


def front_matter_plugin(md: MarkdownIt) -> None:
    """mdit-py-plugins' front matter rule, taking only what split_front_matter takes: a note that
    opens with a `---` rule followed by prose keeps its rule and its prose."""
    _mdit_front_matter(md)
    rule = next(r.fn for r in md.block.ruler.__rules__ if r.name == "front_matter")

    def front_matter(state, start: int, end: int, silent: bool) -> bool:
        if start == 0 and state.src.startswith("---") and split_front_matter(state.src, "")[0] is None:
            return False
        return rule(state, start, end, silent)

    md.block.ruler.at("front_matter", front_matter)


def read_bytes(source: Source, site_rel: str) -> tuple[bytes | None, list[Problem]]:
    try:
        return source.file.read_bytes(), []
    except OSError as exc:
        return None, [error("read", site_rel, 0, f"cannot read: {exc.strerror or exc}")]


def read_document(source: Source, site_rel: str) -> tuple[Document | None, list[Problem]]:
    """Read and validate `source`; `site_rel` is its path relative to the site, for diagnostics."""
    data, problems = read_bytes(source, site_rel)
    if data is None:
        return None, problems
    return parse_document(source, site_rel, data)


def _shown_as_given(meta: dict[str, Any], lines: Mapping[str, int], site_rel: str) -> list[Problem]:
    """Fields a reader does not need to have the page: a value of the wrong kind is a warning (the
    page is built), not an error. `translators` of another kind is left out (status lists names)."""
    problems = []
    updated = meta.get("updated")
    if updated is not None and not isinstance(updated, datetime.date) and not _ISO_DATE.match(str(updated)):
        problems.append(warning("front-matter", site_rel, lines.get("updated", 1),
                                f"'updated' should be a date such as 2024-03-05, got {updated!r}: shown as written"))
    names = meta.get("translators")
    if names is not None and not (isinstance(names, str) or
                                  isinstance(names, list) and all(isinstance(n, (str, int)) and not isinstance(n, bool) for n in names)):
        problems.append(warning("front-matter", site_rel, lines.get("translators", 1),
                                f"'translators' should be a list of names, got {type(names).__name__} {names!r}: left out"))
        del meta["translators"]
    return problems


def parse_document(source: Source, site_rel: str, data: bytes) -> tuple[Document | None, list[Problem]]:
    """Decode and validate a note's bytes (a pure function: memoisable by content)."""
    text, problems = decode(data, site_rel)
    if text is None:
        return None, problems
    fm, body_line, problems = split_front_matter(text, site_rel)
    if any(p.severity == "error" for p in problems):
        return None, problems
    meta: dict[str, Any] = {}
    meta_lines: dict[str, int] = {}
    if fm is not None:
        ymap, problems = load_yaml_map(fm, site_rel, first_line=2)
        if ymap is None:
            return None, problems
        meta = dict(ymap.data)
        meta_lines = {k[0]: v for k, v in ymap.lines.items() if len(k) == 1}
    for key, (types, what) in FIELDS.items():
        value = meta.get(key)
        if value is None:
            meta.pop(key, None)
            continue
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            problems.append(error("front-matter", site_rel, meta_lines.get(key, 1),
                                  f"'{key}' must be {what}, got {type(value).__name__} {value!r}"))
    if isinstance(meta.get("module"), int):
        meta["module"] = str(meta["module"])
    layout = meta.get("layout")
    if isinstance(layout, str) and not _LAYOUT.match(layout):
        problems.append(error("front-matter", site_rel, meta_lines.get("layout", 1),
                              f"'layout' must name a template in templates/ (letters, digits, - and _), got {layout!r}"))
    permalink = meta.get("permalink")
    if isinstance(permalink, str) and ("://" in permalink or not permalink.strip()):
        problems.append(error("front-matter", site_rel, meta_lines.get("permalink", 1),
                              f"'permalink' must be a site path such as /notes/intro/, got {permalink!r}"))
    problems += _shown_as_given(meta, meta_lines, site_rel)
    if isinstance(meta.get("title"), str) and not meta["title"].strip():
        problems.append(warning("front-matter", site_rel, meta_lines.get("title", 1), "'title' is empty"))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Document(source, text, MappingProxyType(meta), MappingProxyType(meta_lines), body_line), problems
