"""The packages are the pipeline: each imports only the packages before it in ORDER (and its own
modules), never one after it, and modules import each other in no circle. Read from the code with ast."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"
ORDER = ["core", "content", "markdown", "glossary", "translation", "lectures", "site", "search", "build", "serve", "commands",
         "cli"]

# Imports that still run against the layers, each to be removed by the work of the architecture issue
# (the test fails too when one of them is gone, so the list only shrinks).
KNOWN_UPWARD: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The site_builder modules `path` imports (relative imports resolved; `from . import x` names x)."""
    own = module_name(path)
    is_package = path.name == "__init__.py"
    base = own.split(".") if is_package else own.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            anchor = base[:len(base) - node.level + 1] if node.level > 1 else base
            target = ".".join([*anchor, *(node.module.split(".") if node.module else [])])
            for alias in node.names:
                candidate = f"{target}.{alias.name}" if target else alias.name
                found.add(candidate if (PACKAGE / Path(*candidate.split("."))).with_suffix(".py").is_file()
                          or (PACKAGE / Path(*candidate.split("."))).is_dir() else target)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("site_builder."):
            found.add(node.module.removeprefix("site_builder."))
    return {name for name in found if name}


def layer(module: str) -> int:
    return ORDER.index(module.split(".")[0]) if module.split(".")[0] in ORDER else -1


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_lives_in_a_package_of_the_pipeline():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__", "cli")]
    assert loose == []


def test_imports_go_down_the_pipeline():
    upward = {(m, t) for m, targets in graph().items() for t in targets
              if layer(m) >= 0 and layer(t) > layer(m)}
    assert upward - KNOWN_UPWARD == set(), "imports up the pipeline"
    assert KNOWN_UPWARD - upward == set(), "fixed: remove them from KNOWN_UPWARD"


def test_no_import_cycles():
    edges = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target in edges and not state.get(target):
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(edges):
        if not state.get(module):
            visit(module, [module])
    assert cycles == []


def test_the_test_sees_imports():
    """Guards the reader itself: a known downward import is found."""
    assert "core.config" in graph()["content.sources"]
    assert "markdown.render" in graph()["site.load"]


def test_functions_and_modules_stay_short():
    """No function over 60 lines, no module over 300: a stage that grows past them is split."""
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 300:
            long.append(f"{path.relative_to(PACKAGE)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.name}, {node.end_lineno - node.lineno + 1} lines")
    assert long == []
