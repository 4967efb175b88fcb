"""The architecture: imports go one way, from the base up to the command line, with no cycles.

The import graph is read from the source (every ``import`` statement, module or
function level), so a lazy import cannot hide a wrong direction.
"""

from __future__ import annotations

import ast
import fnmatch
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "pmtools"

#: Layers from the bottom up; a module may import only its own layer or lower ones.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "pmtools._lazy",
            "pmtools.errors",
            "pmtools.i18n",
            "pmtools.i18n.*",
            "pmtools.model",
            "pmtools.calendar",
            "pmtools.cpm",
            "pmtools.cpm.graph",  # the task graph and leaf network: data structures of the model
            "pmtools.cpm.network",
            "pmtools.cpm.passes",  # the passes over those arrays (load checks the horizon)
        ),
    ),
    ("tables", ("pmtools.tables", "pmtools.tables.*")),
    ("io", ("pmtools.io",)),
    (
        "computations",
        (
            "pmtools.*",  # a practice's computations: pmtools/<practice>.py
            "pmtools.cpm.*",
            "pmtools.schedule",
            "pmtools.montecarlo",
            "pmtools.risk",
            "pmtools.evm",
            "pmtools.agile",
            "pmtools.requirements",
            "pmtools.status",
            "pmtools.portfolio",
            "pmtools.flow",
            "pmtools.interop",
            "pmtools.interop.*",
        ),
    ),
    ("render", ("pmtools.render", "pmtools.render.*", "pmtools.charts", "pmtools.charts.*")),
    (
        "sections",
        (
            "pmtools.report",
            "pmtools.report.*",
            "pmtools.widgets",
            "pmtools.widgets.*",
            "pmtools.training",
            "pmtools.training.*",
        ),
    ),
    ("batch", ("pmtools.report.batch",)),
    ("cli", ("pmtools", "pmtools.cli", "pmtools.__main__")),
]
#: Libraries for showing and running notebooks: never below the render layer.
UI_LIBRARIES = ("plotly", "ipywidgets", "IPython", "nbclient", "nbconvert", "nbformat", "papermill")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    """The layer of a module; the most specific pattern wins (report.batch over report.*)."""
    matches = [
        ("*" not in pattern, len(pattern), index)
        for index, (_, patterns) in enumerate(LAYERS)
        for pattern in patterns
        if fnmatch.fnmatchcase(module, pattern)
    ]
    if not matches:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS")
    return max(matches)[2]


def _module_names() -> set[str]:
    return {module_name(p) for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path) -> set[str]:
    """Every module a file imports (resolved against the package for relative imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            submodules = {f"{base}.{alias.name}" for alias in node.names} & _module_names()
            found |= submodules  # from pmtools import charts -> pmtools.charts
            if len(submodules) < len(node.names):
                found.add(base)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in imports_of(path) if m in MODULES} for name, path in MODULES.items()}


def test_every_module_has_a_layer():
    for name in MODULES:
        layer_of(name)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module):
    mine = layer_of(module)
    upward = sorted(m for m in GRAPH[module] if layer_of(m) > mine)
    assert not upward, f"{module} ({LAYERS[mine][0]}) imports from higher layers: {upward}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_computations_never_import_ui_libraries(module):
    if layer_of(module) >= [name for name, _ in LAYERS].index("render"):
        return
    third_party = imports_of(MODULES[module]) - set(MODULES)
    ui = sorted(m for m in third_party if m.split(".")[0] in UI_LIBRARIES)
    assert not ui, f"{module} imports {ui}"


def test_there_are_no_import_cycles():
    """Tarjan's strongly connected components over the module graph: all of size one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in GRAPH[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in GRAPH[node]:
                cycles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert cycles == []


def test_the_layering_test_can_fail():
    assert layer_of("pmtools.report.batch") > layer_of("pmtools.report.risks")
    assert layer_of("pmtools.schedule") < layer_of("pmtools.charts.gantt")


def test_one_escape_function_in_the_whole_package():
    """User text is escaped in one place (pmtools.render), so every output escapes alike."""
    offenders = []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if name != "pmtools.render._html" and ("html.escape" in text or "import html\n" in text):
            offenders.append(name)
    assert offenders == []
