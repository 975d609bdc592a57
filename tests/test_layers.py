"""The package layout has no import cycles (docs/architecture.md).

Every `import newscred...` in the source, at module level or inside a function, is an edge
from the importing unit to the imported one. A unit is a subpackage (`analyzers`, `models`,
`stories`, ...) or a top-level module (`pipeline`, `api`, ...). Read with `ast`, nothing is
imported.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "newscred"


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "newscred"


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(from unit, to unit) -> the places that import across."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        source = unit_of(".".join(relative.parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module]
                if node.module == "newscred":  # from newscred import x: x may be a module
                    targets = [f"newscred.{alias.name}" for alias in node.names
                               if (PACKAGE / alias.name).is_dir()
                               or (PACKAGE / f"{alias.name}.py").is_file()]
            else:
                continue
            for target in targets:
                if target.startswith("newscred.") and unit_of(target) != source:
                    edges[(source, unit_of(target))].append(f"{relative}.py:{node.lineno}")
    return edges


def cycles(edges) -> list[list[str]]:
    """The strongly connected groups of more than one unit (Tarjan)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_finder_sees_a_cycle():
    assert cycles({("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("c", "d"): []}) == [["a", "b", "c"]]


# Upward calls made on purpose, each inside one function and only when it runs: a report
# or comparison shown in a notebook (`_repr_html_`) asks the renderers, which sit above
# the contracts. Nothing else may point up.
DISPLAY_HOOKS = {("report", "render"), ("comparison", "render")}


def test_no_import_cycles_between_packages():
    edges = import_edges()
    assert ("pipeline", "analyzers") in edges  # the walk does see imports
    for hook in DISPLAY_HOOKS:  # each hook is one import inside _repr_html_, no more
        assert [place.split(":")[0] for place in edges.get(hook, [])] in ([], [f"newscred/{hook[0]}.py"])
    edges = {edge: places for edge, places in edges.items() if edge not in DISPLAY_HOOKS}
    found = cycles(edges)
    detail = [f"{a} -> {b}: {', '.join(places[:3])}" for group in found
              for (a, b), places in sorted(edges.items()) if a in group and b in group]
    assert not found, "import cycles:\n" + "\n".join(detail)


def test_run_time_packages_never_import_training_or_evaluation():
    run_time = {"analyzers", "models", "nlp", "ingest", "pipeline", "report", "article", "text",
                "errors", "api", "outlets"}
    leaks = [f"{a} -> {b}: {places[0]}" for (a, b), places in sorted(import_edges().items())
             if a in run_time and b in {"training", "evaluation"}]
    assert not leaks, "\n".join(leaks)
