"""Set one top-level key of a note's front matter, changing no other byte of the file: its
byte-order mark, every other line and each line's own ending (a note may mix LF and CRLF) are
kept. What is front matter is decided as when the note is read (split_front_matter)."""

from __future__ import annotations

import re
from collections import Counter

import yaml

from ..core.problems import Problem, error
from ..core.yamlmap import load_yaml_map
from .frontmatter import decode, split_front_matter

_BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # a line with its own ending, if any


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


def set_key(data: bytes, key: str, value: str, rel: str) -> tuple[bytes | None, list[Problem]]:
    """`data` with `key: "value"` in its front matter (replacing the key's line, or added as the
    last line of the front matter; front matter added when the note has none), or the problems
    that forbid it. The result is read back: a stamp that would not read as `value` is refused."""
    text, problems = decode(data, rel)
    if text is None:
        return None, problems
    fm, body_line, problems = split_front_matter(text, rel)
    if any(p.severity == "error" for p in problems):
        return None, problems
    bom = _BOM if data.startswith(_BOM) else b""
    lines = _LINE.findall(data[len(bom):].decode("utf-8"))
    endings = Counter(_ending(line) for line in lines if _ending(line))
    newline = max(("\n", "\r\n", "\r"), key=lambda e: endings[e])  # the note's usual ending; LF on a tie
    setting = f'{key}: "{value}"'
    pattern = re.compile(rf"""^(['"]?){re.escape(key)}\1[ \t]*:""")  # `key:`, `"key":`, `'key':`
    if fm is None:
        lines[:0] = ["---" + newline, setting + newline, "---" + newline]
    else:
        closing = body_line - 2  # the index of the closing `---`
        found = [i for i in range(1, closing) if pattern.match(lines[i])]
        if len(found) > 1:
            return None, [error("front-matter", rel, found[1] + 1, f"'{key}' is set twice in the front matter "
                                f"(lines {found[0] + 1} and {found[1] + 1}): remove one and try again")]
        if found:
            line = lines[found[0]].rstrip("\r\n")
            lines[found[0]] = setting + _comment(line) + (_ending(lines[found[0]]) or newline)
        else:
            lines.insert(closing, setting + newline)
    result = bom + "".join(lines).encode("utf-8")
    return (result, []) if _reads_back(result, key, value, rel) else (None, [_unreadable(text, key, rel)])


def _comment(line: str) -> str:
    """The comment ending a `key: value` line (with the blanks before it), kept when the value is
    replaced; "" when it has none (a `#` inside a quoted value is no comment)."""
    for found in re.finditer(r"[ \t]+#", line):
        try:
            yaml.safe_load(line[:found.start()])
        except yaml.YAMLError:
            continue
        return line[found.start():]
    return ""


def _reads_back(data: bytes, key: str, value: str, rel: str) -> bool:
    text, _ = decode(data, rel)
    fm, _, problems = split_front_matter(text or "", rel)
    if fm is None or problems:
        return False
    found, _ = load_yaml_map(fm, rel, first_line=2)
    return found is not None and found.data.get(key) == value


def _unreadable(text: str, key: str, rel: str) -> Problem:
    """Why the note cannot be given the key: its front matter's own YAML error, or the key's value
    spreading over several lines."""
    fm, _, _ = split_front_matter(text, rel)
    if fm is not None:
        found, problems = load_yaml_map(fm, rel, first_line=2)
        if found is None and problems:
            return problems[0]
        if fm.lstrip().startswith("{"):
            return error("front-matter", rel, 2, f"cannot set '{key}' in front matter written as one {{…}} mapping: "
                                                 f"write it as 'key: value' lines and try again")
    return error("front-matter", rel, 1, f"cannot set '{key}' in this front matter: write it on one line "
                                         f"('{key}: \"…\"') and try again")
