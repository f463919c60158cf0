"""YAML mappings that remember the line of every key, so config and front matter errors
can point at `file:line`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, error


# libyaml's parser when PyYAML was built with it: the same documents and marks, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlMap:
    """A parsed YAML mapping. `lines[("math", "css")]` is the 1-based line of that key."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple, int] = field(default_factory=dict)
    line: int = 1  # line where the mapping starts

    def line_of(self, *keys: str) -> int:
        return self.lines.get(tuple(keys), self.line)


def _key_lines(node: yaml.Node, prefix: tuple, out: dict[tuple, int]) -> None:
    """Lines of mapping keys and of sequence items (paths use the item's index)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                path = prefix + (key.value,)
                out[path] = key.start_mark.line + 1
                _key_lines(value, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[prefix + (index,)] = item.start_mark.line + 1
            _key_lines(item, prefix + (index,), out)


def _parse(text: str, loader_class) -> tuple:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else {}
    finally:
        loader.dispose()


def load_yaml_map(text: str, file: str, first_line: int = 1) -> tuple[YamlMap | None, list[Problem]]:
    """Parse `text` (which starts at line `first_line` of `file`) as a mapping.

    Returns (None, problems) on a syntax error or when the document is not a mapping.
    An empty document is an empty mapping.
    """
    offset = first_line - 1
    try:
        try:
            node, data = _parse(text, _Loader)
        except yaml.YAMLError:
            node, data = _parse(text, yaml.SafeLoader)  # to raise with PyYAML's more precise marks
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        col = mark.column + 1 if mark else 0
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}: {what}"
        return None, [error("yaml", file, line, f"invalid YAML: {what}", col)]
    except yaml.YAMLError as exc:
        return None, [error("yaml", file, first_line, f"invalid YAML: {exc}")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [error("yaml", file, first_line, f"expected a mapping of keys to values, got {type(data).__name__}")]
    lines: dict[tuple, int] = {}
    if node is not None:
        _key_lines(node, (), lines)
    lines = {k: v + offset for k, v in lines.items()}
    bad = [k for k in data if not isinstance(k, str)]
    if bad:
        return None, [error("yaml", file, first_line, f"keys must be strings, got {bad[0]!r}")]
    return YamlMap(data, lines, first_line), []
