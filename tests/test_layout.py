"""The package's layout (DESIGN.md "Layout" and "Style"), read from the source alone.

Pure AST: nothing of capf is imported, so this runs in well under a second. Checked:
no import cycle among capf's modules (deferred imports included), the engine's and the
assessment's imports, the length of modules, no ``assert`` in the library, and a numpydoc
docstring (``Parameters``, ``Examples``) on every public function, class and method.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "capf"
MAX_LINES = 600


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    capf: set[str] = field(default_factory=set)  # capf modules imported (edges of the graph)
    external: set[str] = field(default_factory=set)  # top-level names of other packages


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of ``from <level dots><name> import ...`` written in ``module``."""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


@cache
def modules() -> dict[str, Module]:
    """Every module of capf with the modules it imports, deferred imports included.

    As /work/tools/imports.py: relative imports and ``importlib.import_module("...")`` calls
    are resolved; ``from pkg import name`` is an edge to the module ``pkg.name`` if there is
    one, else to the package ``pkg`` (its ``__init__``).
    """
    found: dict[str, Module] = {}
    for path in sorted(PKG.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        name = ".".join(parts)
        found[name] = Module(name, path, is_package, ast.parse(path.read_text(), str(path)))
    for m in found.values():
        for node in ast.walk(m.tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = _resolve(m.name, m.is_package, node.level, node.module)
                else:
                    base = node.module or ""
                subs = [f"{base}.{a.name}" for a in node.names]
                targets = [s for s in subs if s in found]
                if len(targets) < len(subs):
                    targets.append(base)
            elif (isinstance(node, ast.Call)
                  and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
                  and node.args and isinstance(node.args[0], ast.Constant)
                  and isinstance(node.args[0].value, str)):
                arg = node.args[0].value
                if arg.startswith("."):
                    level = len(arg) - len(arg.lstrip("."))
                    targets = [_resolve(m.name, m.is_package, level, arg.lstrip(".") or None)]
                else:
                    targets = [arg]
            for t in targets:
                if t in found:
                    if t != m.name:
                        m.capf.add(t)
                elif t.split(".")[0] != "capf":
                    m.external.add(t.split(".")[0])
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _path_in(graph: dict[str, set[str]], comp: list[str]) -> list[str]:
    """One cycle through the first module of a component, as a list of modules."""
    members = set(comp)
    start = comp[0]
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v] & members):
            if w == start:
                return paths[v] + [start]
            if w not in paths:
                paths[w] = paths[v] + [w]
                todo.append(w)
    return comp


def test_import_graph_sees_the_package():
    mods = modules()
    assert "capf.engine.core" in mods and "capf.plan.quantity" in mods
    assert "capf.engine.model" in mods["capf.engine.core"].capf
    assert "numpy" in mods["capf.engine.core"].external


def test_no_import_cycle():
    graph = {name: m.capf for name, m in modules().items()}
    cycles = [" -> ".join(_path_in(graph, c)) for c in _cycles(graph)]
    for c in cycles:
        print("CYCLE:", c)
    assert not cycles, "import cycles (deferred imports included):\n" + "\n".join(cycles)


ENGINE_MAY_NOT = ("capf.plan", "capf.compile", "capf.assess", "capf.io", "capf.plot",
                  "capf.report", "capf.cli")
ENGINE_MAY_NOT_EXTERNAL = {"pint", "pint_xarray", "pydantic"}


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_engine_imports_no_plan_stage_pint_or_pydantic():
    """capf.engine and everything it imports (transitively, deferred imports included)."""
    mods = modules()
    problems = []
    for start in (n for n in mods if _within(n, ("capf.engine",))):
        seen = {start: [start]}
        todo = [start]
        while todo:
            v = todo.pop()
            bad_ext = mods[v].external & ENGINE_MAY_NOT_EXTERNAL
            if bad_ext:
                problems.append(" -> ".join(seen[v]) + f" imports {sorted(bad_ext)}")
            for w in sorted(mods[v].capf):
                if w in seen:
                    continue
                seen[w] = seen[v] + [w]
                if _within(w, ENGINE_MAY_NOT):
                    problems.append(" -> ".join(seen[w]))
                else:
                    todo.append(w)
    assert not problems, "the engine imports:\n" + "\n".join(sorted(set(problems)))


def _imports_ureg(m: Module) -> list[str]:
    found = []
    for node in ast.walk(m.tree):
        if isinstance(node, ast.ImportFrom):
            base = (_resolve(m.name, m.is_package, node.level, node.module) if node.level
                    else node.module or "")
            if base == "capf.units" and any(a.name == "ureg" for a in node.names):
                found.append(f"line {node.lineno}: from capf.units import ureg")
            if base == "capf" and any(a.name == "ureg" for a in node.names):
                found.append(f"line {node.lineno}: from capf import ureg")
        elif isinstance(node, ast.Attribute) and node.attr == "ureg":
            found.append(f"line {node.lineno}: .ureg")
    return found


def test_assess_imports_no_pint():
    problems = []
    for name, m in modules().items():
        if not _within(name, ("capf.assess",)):
            continue
        bad = m.external & {"pint", "pint_xarray"}
        if bad:
            problems.append(f"{name} imports {sorted(bad)}")
        problems += [f"{name} {what}" for what in _imports_ureg(m)]
    assert not problems, "ASSESS works in plain t CO2e:\n" + "\n".join(problems)


def test_no_module_over_600_lines():
    long = {str(m.path.relative_to(ROOT)): n for m in modules().values()
            if (n := len(m.path.read_text().splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_assert_in_the_library():
    """Checks that must hold raise: ``assert`` vanishes under ``python -O``."""
    found = [f"{m.path.relative_to(ROOT)}:{line}" for m in modules().values()
             for line in sorted(node.lineno for node in ast.walk(m.tree)
                                if isinstance(node, ast.Assert))]
    assert not found, "assert statements (raise instead):\n" + "\n".join(found)


# ---- docstrings of the public API ----

_SECTION = re.compile(r"^\s*(\w+)\s*\n\s*-{3,}\s*$", re.MULTILINE)


def _sections(doc: str | None) -> set[str]:
    return set(_SECTION.findall(doc or ""))


def _all_names(m: Module) -> list[str]:
    """The names in a module's literal ``__all__`` (empty if it has none)."""
    for node in m.tree.body:
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign) else [])
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            value = node.value
            if isinstance(value, (ast.List, ast.Tuple)):
                return [e.value for e in value.elts
                        if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def _definitions(m: Module) -> dict[str, ast.AST]:
    """Top-level functions and classes of a module (the last definition of a name wins)."""
    return {node.name: node for node in m.tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def _origin(module: str, name: str, depth: int = 0) -> tuple[str, ast.AST] | None:
    """Where ``module.name`` is defined: follows ``from x import name`` and capf's lazy table."""
    mods = modules()
    m = mods.get(module)
    if m is None or depth > 10:
        return None
    defs = _definitions(m)
    if name in defs:
        return module, defs[name]
    for node in m.tree.body:
        if isinstance(node, ast.ImportFrom):
            for a in node.names:
                if (a.asname or a.name) == name:
                    base = (_resolve(m.name, m.is_package, node.level, node.module)
                            if node.level else node.module or "")
                    if f"{base}.{a.name}" in mods:
                        return None  # a module, not a function or class
                    return _origin(base, a.name, depth + 1)
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "_LAZY"
              and isinstance(node.value, ast.Dict)):
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                if (isinstance(key, ast.Constant) and key.value == name
                        and isinstance(value, ast.Tuple)
                        and all(isinstance(e, ast.Constant) for e in value.elts)):
                    where, attr = (e.value for e in value.elts)  # type: ignore[attr-defined]
                    if attr is None:
                        return None  # a module
                    level = len(where) - len(where.lstrip("."))
                    base = (_resolve(m.name, m.is_package, level, where.lstrip(".") or None)
                            if level else where)
                    return _origin(base, attr, depth + 1)
    return None


def _takes_parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> bool:
    args = fn.args
    positional = args.posonlyargs + args.args
    if method and positional and positional[0].arg in ("self", "cls"):
        positional = positional[1:]
    return bool(positional or args.kwonlyargs or args.vararg or args.kwarg)


def _decorators(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    names = set()
    for d in node.decorator_list:
        d = d.func if isinstance(d, ast.Call) else d
        names.add(d.attr if isinstance(d, ast.Attribute) else getattr(d, "id", ""))
    return names


def _class_takes_parameters(cls: ast.ClassDef) -> bool:
    """An ``__init__`` with parameters, or fields (a dataclass, a pydantic model)."""
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "__init__":
            return _takes_parameters(node, method=True)
    return any(isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
               and not node.target.id.startswith("_")
               and "ClassVar" not in ast.unparse(node.annotation) for node in cls.body)


def _doc_problems(node: ast.AST, method: bool = False) -> list[str]:
    doc = ast.get_docstring(node)  # type: ignore[arg-type]
    if not doc:
        return ["no docstring"]
    have = _sections(doc)
    want = {"Examples"}
    if isinstance(node, ast.ClassDef):
        if _class_takes_parameters(node):
            want.add("Parameters")
    elif _takes_parameters(node, method):  # type: ignore[arg-type]
        want.add("Parameters")
    return [f"no {s} section" for s in sorted(want - have)]


def public_api() -> dict[str, tuple[str, ast.AST]]:
    """``module.name`` -> (defining module, definition) for every public function and class."""
    api: dict[str, tuple[str, ast.AST]] = {}
    for name, m in modules().items():
        for exported in _all_names(m):
            origin = _origin(name, exported)
            if origin is not None:
                api.setdefault(f"{origin[0]}.{getattr(origin[1], 'name', exported)}", origin)
    return api


def _inherited(module: str, cls: ast.ClassDef, method: str) -> ast.AST | None:
    """The documented ``method`` of a base class of ``cls`` defined in the same module: an
    override without a docstring inherits it (as :func:`inspect.getdoc` does)."""
    defs = _definitions(modules()[module])
    for base in cls.bases:
        node = defs.get(base.id) if isinstance(base, ast.Name) else None
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if (isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and item.name == method and ast.get_docstring(item)):
                return item
        found = _inherited(module, node, method)
        if found is not None:
            return found
    return None


def docstring_offenders() -> dict[str, list[str]]:
    """Defining module -> its public functions, classes and methods lacking a numpydoc part."""
    offenders: dict[str, list[str]] = {}
    for qualname, (module, node) in sorted(public_api().items()):
        short = qualname[len(module) + 1:]
        problems = [(short, p) for p in _doc_problems(node)]
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if (isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                        and not item.name.startswith("_")
                        and not _decorators(item) & {"property", "cached_property", "setter",
                                                     "overload"}):
                    if not ast.get_docstring(item):
                        item = _inherited(module, node, item.name) or item
                    problems += [(f"{short}.{item.name}", p)
                                 for p in _doc_problems(item, method=True)]
        for what, p in problems:
            offenders.setdefault(module, []).append(f"{what}: {p}")
    return offenders


def test_public_api_is_found():
    api = public_api()
    assert "capf.plan.quantity.parse_quantity" in api
    assert "capf.plan.plan.Plan" in api  # capf.Plan, through the lazy table of capf/__init__


def test_public_api_has_numpydoc_docstrings():
    """Every function, class and method exported in an ``__all__`` (or ``capf.__all__``) has a
    docstring with a ``Parameters`` section (if it takes any besides self/cls) and an
    ``Examples`` section. Properties are read as attributes and not checked."""
    offenders = docstring_offenders()
    report = [f"{module} ({len(items)}):\n    " + "\n    ".join(items)
              for module, items in sorted(offenders.items())]
    for line in report:
        print(line)
    assert not offenders, "public names without a numpydoc docstring:\n" + "\n".join(report)


@pytest.mark.parametrize("doc, sections", [
    ("Sum.\n\nParameters\n----------\nx : float\n\nExamples\n--------\n>>> 1\n1\n",
     {"Parameters", "Examples"}),
    ("Sum.\n\n    Returns\n    -------\n    float\n", {"Returns"}),
    ("Parameters: none here", set()),
])
def test_sections_are_read(doc, sections):
    assert _sections(doc) == sections
