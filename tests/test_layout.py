"""The tree reads like the pipeline: packages by step, data flowing one way, small parts.

docs/architecture.md lists the packages of ``planner/`` in pipeline order; this
test reads that list and holds the code to it:

* no import runs from an earlier step into a later one (``read`` may not
  import ``plan``; ``outputs`` may import ``read``), at run time or for types;
* no two modules import each other, directly or round a longer circle;
* no Python file under ``planner/`` or ``constraints/`` is over 600 lines and
  no function over 60, so every part can be read in one sitting;
* ``verify`` shares no code with the solver: it recounts a written plan.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60
# The command line, what it prints and the orchestration of the steps sit above them all.
TOP = {"planner.cli", "planner.console", "planner.engine", "planner.synth", "planner.__main__"}
# verify recounts the written plan: the solver's steps are not its to use.
SOLVER_STEPS = ("prechecks", "topics", "model", "constraints")


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted([*ROOT.glob("planner/**/*.py"), *ROOT.glob("constraints/**/*.py")]):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Modules of this project that ``name`` imports anywhere (functions, TYPE_CHECKING too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    out.add(f"{base}.{alias.name}")
                elif base in MODULES:
                    out.add(base)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name in MODULES)
    out.discard(name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _steps() -> list[str]:
    """The packages in pipeline order, as docs/architecture.md's table lists them."""
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    table = text.split("## The packages", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^\|[^|]*\| `(planner/\w+/|constraints/)`", table, flags=re.M)
    return [s.rstrip("/").replace("/", ".") for s in steps]


STEPS = _steps()


def _step(module: str) -> int:
    """The rank of a module's step; the top-level orchestration comes after every step."""
    if module == "planner":
        return -1  # the package itself holds only the version
    if module in TOP:
        return len(STEPS)
    for rank, step in enumerate(STEPS):
        if module == step or module.startswith(step + "."):
            return rank
    raise AssertionError(f"{module} belongs to no step of docs/architecture.md")


def test_the_architecture_page_lists_the_steps_in_order() -> None:
    assert STEPS[:3] == ["planner.core", "planner.read", "planner.people"]
    assert STEPS[-1] == "planner.verify"
    packages = {f"planner.{p.name}" for p in (ROOT / "planner").iterdir() if p.is_dir()}
    packages -= {"planner.__pycache__"}
    assert packages | {"constraints"} == set(STEPS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_belongs_to_a_step(module: str) -> None:
    _step(module)


def test_no_import_runs_against_the_pipeline() -> None:
    upward = [
        f"{module} ({STEPS[_step(module)] if _step(module) < len(STEPS) else 'top'}) imports "
        f"{target} ({STEPS[_step(target)] if _step(target) < len(STEPS) else 'top'})"
        for module, targets in GRAPH.items()
        for target in sorted(targets)
        if _step(target) > _step(module)
    ]
    assert upward == []


def _circles() -> Iterator[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(v: str) -> Iterator[list[str]]:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                yield from visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                yield sorted(component)

    for v in sorted(GRAPH):
        if v not in index:
            yield from visit(v)


def test_no_circles_between_modules() -> None:
    assert list(_circles()) == []


def test_the_circle_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted circle is found, so an empty answer above means something."""
    a, b = "planner.read.conference", "planner.core.text"
    monkeypatch.setitem(GRAPH, b, GRAPH[b] | {a})
    assert any(a in c and b in c for c in _circles())


def test_verify_shares_no_code_with_the_solver() -> None:
    used = {
        target
        for module, targets in GRAPH.items()
        if module.startswith("planner.verify")
        for target in targets
    }
    assert [t for t in sorted(used) if t.startswith(SOLVER_STEPS, len("planner."))] == []
    assert [t for t in sorted(used) if t.startswith("constraints")] == []


def test_no_module_over_600_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in MODULES.values()
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_over_60_lines() -> None:
    long = []
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({n} lines)")
    assert long == []
