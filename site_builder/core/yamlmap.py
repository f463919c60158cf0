"""YAML mappings that remember the line of every key, so config and front matter errors
can point at `file:line`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from .problems import Problem, error, warning


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date YAML recognises by its form that does not exist (2024-13-05, 2023-02-29): an error at
    its place, where PyYAML raises a bare ValueError with no line."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a date ({exc})", node.start_mark)


class _Safe(yaml.SafeLoader):
    pass


# libyaml's parser when PyYAML was built with it: the same documents and marks, several times faster.
_Loader = type("_Loader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})
for _loader in (_Safe, _Loader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


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


def _keys_twice(root: yaml.Node) -> list[tuple[str, int, int]]:
    """(key, first line, second line) of each key given twice in one mapping: YAML keeps the last.
    Read before the document is constructed, which splices the pairs a merge key (`<<: *x`) brings
    into the mapping, where a key of the mapping's own rightly overrides them. A key is its tag and
    text: `1` and `'1'` are two keys. Each node once (an alias is the node itself, met again)."""
    twice, done, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in done or isinstance(node, yaml.ScalarNode):
            continue
        done.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
            continue
        seen: dict[tuple[str, str], int] = {}
        for key, value in node.value:
            stack.append(value)
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                line = key.start_mark.line + 1
                if (key.tag, key.value) in seen:
                    twice.append((key.value, seen[(key.tag, key.value)], line))
                seen.setdefault((key.tag, key.value), line)
    return sorted(twice, key=lambda item: item[2])


# How many nodes aliases may add to a document when expanded: plenty for the anchors a real
# config or note repeats, far too few for an alias bomb (nine aliases of nine aliases of … a few
# hundred bytes that expand to millions of nodes, which every walk over the data would visit).
MAX_ALIAS_EXPANSION = 10_000


class AliasBomb(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node, self.message = node, message


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand past MAX_ALIAS_EXPANSION nodes, or refer to a node
    that contains them (which would expand forever). Linear: each distinct node's expanded size is
    computed once (an alias is the anchored node object itself, met again)."""
    sizes: dict[int, int] = {}  # id(node) -> expanded size, once known
    open_nodes: set[int] = set()  # on the current path
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            if isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            else:
                children = node.value
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > distinct + MAX_ALIAS_EXPANSION:
                raise AliasBomb(node, f"aliases expand this document past {MAX_ALIAS_EXPANSION:,} more nodes "
                                      "than it has; refusing it (an alias bomb?)")
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise AliasBomb(node, "an alias refers to a node that contains it (a recursive structure)")
        distinct += 1
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        open_nodes.add(key)
        stack.append((node, True))
        children = [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else node.value
        stack.extend((child, False) for child in reversed(children) if id(child) not in sizes)


def _parse(text: str, loader_class) -> tuple:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        _check_aliases(node)
        twice = _keys_twice(node)
        return node, loader.construct_document(node), twice
    finally:
        loader.dispose()


def load_yaml_map(text: str, file: str, first_line: int = 1,
                  key_twice: Callable[..., Problem] = warning) -> tuple[YamlMap | None, list[Problem]]:
    """Parse `text` (which starts at line `first_line` of `file`) as a mapping.

    Returns (None, problems) on a syntax error or when the document is not a mapping.
    An empty document is an empty mapping. A key given twice in one mapping is reported by
    `key_twice`: a warning in a note (the page is still wanted), an error in site.yaml and glossary.yaml.
    """
    offset = first_line - 1
    try:
        try:
            node, data, twice = _parse(text, _Loader)
        except yaml.YAMLError:
            node, data, twice = _parse(text, _Safe)  # to raise with PyYAML's more precise marks
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        col = mark.column + 1 if mark else 0
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}: {what}"
        return None, [error("yaml", file, line, f"invalid YAML: {what}", col)]
    except yaml.reader.ReaderError as exc:  # a control character: its place, on one line
        line, col = text.count("\n", 0, exc.position) + first_line, exc.position - text.rfind("\n", 0, exc.position)
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else f"byte {exc.character!r}"
        return None, [error("yaml", file, line, f"invalid YAML: {what} is not allowed in YAML; remove it", col)]
    except yaml.YAMLError as exc:
        return None, [error("yaml", file, first_line, f"invalid YAML: {exc}")]
    except AliasBomb as exc:
        return None, [error("yaml", file, exc.node.start_mark.line + 1 + offset, exc.message)]
    except RecursionError:  # nesting thousands deep: PyYAML's composer and constructor recurse
        return None, [error("yaml", file, first_line, "invalid YAML: nested too deeply")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [error("yaml", file, first_line, f"expected a mapping of keys to values, got {type(data).__name__}")]
    lines: dict[tuple, int] = {}
    if node is not None:
        _key_lines(node, (), lines)
    # YAML keeps the last value of a key given twice.
    said = [key_twice("yaml", file, second + offset, f"key '{key}' is given twice (first at line {first + offset}): "
                      "YAML keeps only this later value; remove one of them") for key, first, second in twice]
    lines = {k: v + offset for k, v in lines.items()}
    bad = [k for k in data if not isinstance(k, str)]
    if bad:
        return None, [error("yaml", file, first_line, f"keys must be strings, got {bad[0]!r}")]
    return YamlMap(data, lines, first_line), said
