"""Data flows one way: no import circle between learnsum's own modules.

Every module's imports are read from its source (never executed). Imports at module level form
the graph that must have no cycle. An import inside a function is allowed for a heavy optional
dependency, or to load a module late, but never to hide a circle: one that would close a cycle
if it were moved to module level fails too. Imports under `if TYPE_CHECKING:` are for the type
checker only and are not part of the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

import learnsum

PACKAGE = Path(learnsum.__file__).parent
Graph = dict[str, set[str]]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom | ast.Import,
             known: set[str]) -> set[str]:
    """learnsum modules an import statement loads."""
    targets: set[str] = set()
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in known:
                targets.add(alias.name)
        return targets
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        origin = ".".join(base + ([node.module] if node.module else []))
    else:
        origin = node.module or ""
    if origin not in known:
        return targets
    targets.add(origin)
    for alias in node.names:
        submodule = f"{origin}.{alias.name}"
        if submodule in known:
            targets.add(submodule)
    return targets


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module) -> tuple[list[ast.stmt], list[ast.stmt]]:
    """(module-level imports, imports inside functions), leaving out TYPE_CHECKING blocks."""
    top: list[ast.stmt] = []
    inner: list[ast.stmt] = []

    def visit(nodes: list[ast.stmt], in_function: bool) -> None:
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                (inner if in_function else top).append(node)
            elif isinstance(node, ast.If) and _is_type_checking(node):
                visit(node.orelse, in_function)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(node.body, True)
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    children = getattr(node, field, None)
                    if isinstance(children, list):
                        visit([c for c in children if isinstance(c, ast.stmt)]
                              + [s for h in children if isinstance(h, ast.ExceptHandler)
                                 for s in h.body], in_function)

    visit(tree.body, False)
    return top, inner


def _graphs() -> tuple[Graph, Graph]:
    """(module-level import graph, function-level import graph)."""
    modules = _modules()
    known = set(modules)
    top: Graph = {name: set() for name in modules}
    inner: Graph = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        at_top, in_functions = _imports(tree)
        for node in at_top:
            assert isinstance(node, (ast.Import, ast.ImportFrom))
            top[name] |= _resolve(name, is_package, node, known) - {name}
        for node in in_functions:
            assert isinstance(node, (ast.Import, ast.ImportFrom))
            inner[name] |= _resolve(name, is_package, node, known) - {name}
    # Importing a submodule runs its package's __init__ first.
    for graph in (top, inner):
        for name in list(graph):
            for target in list(graph[name]):
                parent = target.rsplit(".", 1)[0] if "." in target else None
                while parent and parent != "learnsum" and not name.startswith(parent):
                    graph[name].add(parent)
                    parent = parent.rsplit(".", 1)[0] if "." in parent else None
    return top, inner


def _path(graph: Graph, start: str, goal: str) -> list[str] | None:
    """A chain of imports from start to goal, or None."""
    seen = {start}
    stack = [(start, [start])]
    while stack:
        node, chain = stack.pop()
        for target in sorted(graph[node]):
            if target == goal:
                return [*chain, target]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*chain, target]))
    return None


def _is_own_package(module: str, target: str) -> bool:
    """A package importing its own submodules (a registry listing them) is not a circle."""
    return target.startswith(module + ".") or module.startswith(target + ".")


def _cycles(graph: Graph) -> list[list[str]]:
    found = []
    for module in sorted(graph):
        for target in sorted(graph[module]):
            if _is_own_package(module, target):
                continue
            back = _path(graph, target, module)
            if back is not None and not all(
                    _is_own_package(a, b) for a, b in zip(back, back[1:])):
                found.append([module, *back])
    return found


def test_module_level_imports_have_no_cycle() -> None:
    top, _ = _graphs()
    cycles = _cycles(top)
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_function_level_imports_do_not_hide_a_cycle() -> None:
    top, inner = _graphs()
    every: Graph = {name: top[name] | inner[name] for name in top}
    hidden = []
    for module in sorted(inner):
        for target in sorted(inner[module] - top[module]):
            if _is_own_package(module, target):
                continue
            back = _path(every, target, module)
            if back is not None:
                hidden.append(" -> ".join([module + " (in a function)", *back]))
    assert not hidden, "function-level imports that close a circle:\n" + "\n".join(hidden)


def test_the_checker_finds_a_cycle() -> None:
    graph: Graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph)
    assert _path(graph, "d", "c") == ["d", "a", "b", "c"]
    assert not _cycles({"a": {"b"}, "b": set()})
