"""The floor plan of docs/architecture.md holds: no upward import, no circle, lazy imports only at edges."""

from __future__ import annotations

import ast
import fnmatch
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "docs" / "architecture.md"
_NAMED_MODULE = re.compile(r"(linter(?:\.\w+)*)(?::\w+)?")


class Import(NamedTuple):
    """One import of one of our modules: where it is written and whether it is inside a function."""

    source: str
    target: str
    line: int
    lazy: bool


def _block(name: str) -> list[str]:
    match = re.search(rf"```{name}\n(.*?)```", PLAN.read_text(encoding="utf-8"), re.S)
    assert match, f"docs/architecture.md has no ```{name} block"
    return [line.strip() for line in match.group(1).splitlines() if line.strip()]


@cache
def floors() -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    """(number, name, module globs) of each floor, as docs/architecture.md writes them."""
    plan = []
    for line in _block("layers"):
        head, _, globs = line.partition(":")
        number, name = head.split()
        plan.append((int(number), name, tuple(globs.split())))
    return tuple(plan)


def floor_of(module: str) -> int | None:
    """The floor that names ``module`` (exact names before globs), or None."""
    for number, _, globs in floors():
        if module in globs:
            return number
    for number, _, globs in floors():
        if any("*" in glob and fnmatch.fnmatchcase(module, glob) for glob in globs):
            return number
    return None


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    found = {}
    for path in sorted((ROOT / "linter").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _lazy_nodes(tree: ast.Module) -> set[int]:
    """The ids of import nodes inside a function (a lazy import)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(id(child) for child in ast.walk(node) if child is not node)
    return inside


def _resolve(module: str, node: ast.ImportFrom, name: str, package: str) -> str:
    base = node.module or ""
    if node.level:
        parts = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*parts, base] if base else parts)
    full = f"{base}.{name}"
    return full if full in modules() else base


def _named_imports(node: ast.AST) -> list[str]:
    """The module a node imports by name: ``import_module("linter.x")``, ``__import__("linter.x")``,
    or a registry's value (a dict literal's ``"linter.x"`` or ``"linter.x:function"``)."""
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
            return [node.args[0].value]
    if isinstance(node, ast.Dict):
        values = [value.value for value in node.values if isinstance(value, ast.Constant)]
        return [named.group(1) for text in values if (named := _NAMED_MODULE.fullmatch(str(text)))]
    return []


@cache
def imports() -> tuple[Import, ...]:
    """Every import of a ``linter`` module, written anywhere in the package."""
    found = []
    for module, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        lazy = _lazy_nodes(tree)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                targets = [_resolve(module, node, alias.name, package) for alias in node.names]
            for target in targets:
                if target == "linter" or target.startswith("linter."):
                    found.append(Import(module, target, node.lineno, id(node) in lazy))
            # A module named in a string is imported by name (a registry's "linter.loaders.x:load",
            # import_module("linter.x")): an edge the import statements do not show, and a lazy one.
            found.extend(
                Import(module, named, node.lineno, True)
                for named in _named_imports(node)
                if named in modules()
            )
    return tuple(dict.fromkeys(found))  # `from x import a, b`: one edge


def test_the_plan_names_every_module() -> None:
    unplaced = sorted(module for module in modules() if floor_of(module) is None)
    assert not unplaced, f"modules on no floor of docs/architecture.md: {unplaced}"


def test_the_plan_names_no_module_that_does_not_exist() -> None:
    names = set(modules())
    stale = [
        glob
        for _, _, globs in floors()
        for glob in globs
        if not any(fnmatch.fnmatchcase(name, glob) for name in names)
    ]
    assert not stale, f"docs/architecture.md names modules that do not exist: {stale}"


def test_no_import_reaches_a_higher_floor() -> None:
    upward = [
        f"{item.source} (floor {floor_of(item.source)}) imports {item.target} "
        f"(floor {floor_of(item.target)}) at line {item.line}"
        for item in imports()
        if (floor_of(item.target) or 0) > (floor_of(item.source) or 99)  # an unplaced module: see above
    ]
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_no_two_modules_import_each_other() -> None:
    graph: dict[str, set[str]] = {module: set() for module in modules()}
    for item in imports():
        if item.target != item.source and item.target in graph:
            graph[item.source].add(item.target)
    circles = [sorted(group) for group in _strongly_connected(graph) if len(group) > 1]
    assert not circles, f"import circles: {circles}"


def test_lazy_imports_of_our_modules_only_at_registry_edges() -> None:
    edges = _block("lazy")
    hidden = [
        f"{item.source}:{item.line} imports {item.target} inside a function"
        for item in imports()
        if item.lazy and not any(fnmatch.fnmatchcase(item.target, glob) for glob in edges)
    ]
    assert not hidden, "lazy imports outside the edges of docs/architecture.md:\n" + "\n".join(hidden)


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the strongly connected components of ``graph``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def test_a_module_named_in_a_string_is_an_edge() -> None:
    # The registries of formats and reporters import by name; the checks above must see those edges.
    edges = {(item.source, item.target) for item in imports() if item.lazy}
    assert ("linter.formats", "linter.loaders.yaml_loader") in edges
    assert ("linter.reporters", "linter.reporters.sarif") in edges


@pytest.mark.parametrize(
    ("source", "target", "upward"),
    [("linter.finding", "linter.checks.rule", True), ("linter.cli", "linter.finding", False)],
)
def test_the_floor_order_is_read_as_written(source: str, target: str, upward: bool) -> None:
    # The checks above are only as strong as this reading of the plan.
    assert ((floor_of(target) or 0) > (floor_of(source) or 0)) is upward
