"""The shape of the house, checked from the `import` statements (ast, no tool needed): no file imports itself
back through others, the shell knows no feature apart from its one wiring module, exports know no feature, and
no package reaches into another's private names. See docs/architecture.md."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHELL = "app"
FEATURES = ("evaluations", "focus_groups", "meetings", "posts", "plan_drafts")
PACKAGES = (SHELL, "exports", *FEATURES)
WIRING = {"app.features"}        # the one module of the shell that plugs the features in
MAX_LINES = 400          # a source file
MAX_TEST_LINES = 500     # a test module


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    return {_module_name(path): path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}


SOURCES = _sources()


def _imports(module: str, path: Path) -> list[tuple[str, str | None]]:
    """(imported module, imported name or None) for every import statement of the file, wherever it stands."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append((submodule, None) if submodule in SOURCES else (base, alias.name))
    return found


IMPORTS = {module: _imports(module, path) for module, path in SOURCES.items()}


def _graph() -> dict[str, set[str]]:
    graph = defaultdict(set)
    for module, imports in IMPORTS.items():
        for target, _name in imports:
            # `import a.b.c` loads a and a.b too, but a package's __init__ is not a file of this edge.
            if target in SOURCES and target != module:
                graph[module].add(target)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one file (Tarjan, iteratively)."""
    index, low, on_stack, stack, circles, counter = {}, {}, set(), [], [], [0]
    for start in sorted(SOURCES):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
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
                if len(group) > 1:
                    circles.append(sorted(group))
    return circles


def _top(module: str) -> str:
    return module.split(".")[0]


def test_the_check_reads_every_package():
    assert {_top(module) for module in SOURCES} == set(PACKAGES)
    assert sum(len(imports) for imports in IMPORTS.values()) > 500


def test_no_file_imports_itself_back_through_others():
    assert _circles(_graph()) == []


def test_the_circle_check_finds_a_circle():
    made_up = ("app.a", "app.b", "app.c")
    graph = defaultdict(set, {"app.a": {"app.b"}, "app.b": {"app.c"}, "app.c": {"app.a"}})
    for name in made_up:
        SOURCES[name] = ROOT / "app" / "x.py"
    try:
        assert _circles(graph) == [list(made_up)]
    finally:
        for name in made_up:
            del SOURCES[name]


def test_the_shell_imports_no_feature_outside_its_wiring_module():
    offending = sorted({(module, _top(target)) for module, imports in IMPORTS.items()
                        if _top(module) == SHELL and module not in WIRING
                        for target, _name in imports if _top(target) in FEATURES})
    assert offending == []
    assert all(module in SOURCES for module in WIRING)


def test_exports_are_pure_and_import_no_feature_nor_the_shell():
    """Data in, bytes out: exports/ imports nothing of ours but itself, so it loads (and tests) on its own."""
    offending = sorted({(module, target) for module, imports in IMPORTS.items() if _top(module) == "exports"
                        for target, _name in imports if _top(target) in PACKAGES and _top(target) != "exports"})
    assert offending == []


def test_no_package_imports_another_packages_private_names():
    offending = sorted({(module, f"{target}.{name}") for module, imports in IMPORTS.items()
                        for target, name in imports
                        if name and name.startswith("_") and not name.startswith("__")
                        and _top(target) in PACKAGES and _top(target) != _top(module)})
    assert offending == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_source_file_is_past_the_limit(package):
    long = {module: lines for module, path in SOURCES.items() if _top(module) == package
            for lines in [len(path.read_text(encoding="utf-8").splitlines())] if lines > MAX_LINES}
    assert long == {}


def test_no_test_file_is_past_the_limit():
    long = {path.name: lines for path in sorted((ROOT / "tests").rglob("*.py"))
            for lines in [len(path.read_text(encoding="utf-8").splitlines())] if lines > MAX_TEST_LINES}
    assert long == {}
