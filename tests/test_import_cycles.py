"""No two modules of the checked packages import each other, directly or round a longer circle.

A circle makes the order of imports matter (a name is missing while its module is half run), and
it hides which module owns a piece of code.  Imports inside functions count (they are the usual
way a circle is papered over); imports under ``if TYPE_CHECKING:`` do not (they never run).
"""

from __future__ import annotations

import grimp

ROOT = "qcdc_desktop"
# The packages whose modules must import one another without a circle: every package of the
# program.
CHECKED_PACKAGES = ("core", "db", "sync", "printing", "reports", "l10n", "jobs", "work", "cli", "ui")


def _graph() -> tuple[dict[str, set[str]], grimp.ImportGraph]:
    """Who imports whom among the modules of the checked packages, and the whole graph (for the
    lines of the imports)."""
    graph = grimp.build_graph(ROOT, exclude_type_checking_imports=True, cache_dir=None)
    modules: set[str] = set()
    for package in CHECKED_PACKAGES:
        name = f"{ROOT}.{package}"
        modules |= {name} | graph.find_descendants(name)
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in sorted(modules)}, graph


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of two or more modules (or one that imports itself), each
    as one circle through its members, found with Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges[node]:
                groups.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return [_circle_through(sorted(group), edges) for group in groups]


def _circle_through(group: list[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest way from the group's first module back to itself, within the group."""
    start = group[0]
    members = set(group)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for other in sorted(edges[node] & members):
                if other == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if other not in came_from:
                    came_from[other] = node
                    following.append(other)
        frontier = following
    raise AssertionError(f"no circle in the group {group}")


def _describe(circle: list[str], graph: grimp.ImportGraph) -> str:
    steps = []
    for importer, imported in zip(circle, circle[1:]):
        lines = sorted(d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported))
        steps.append(f"  {importer} (line {', '.join(map(str, lines))}) imports {imported}")
    return "\n".join(steps)


def test_the_checked_packages_have_no_import_circle() -> None:
    edges, graph = _graph()
    circles = _circles(edges)
    assert not circles, "import circles:\n" + "\n\n".join(_describe(c, graph) for c in circles)


def test_the_circle_finder_finds_a_circle_and_names_it() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert sorted(_circles(edges)) == [["a", "b", "c", "a"], ["e", "e"]]
    assert _circles({"a": {"b"}, "b": set()}) == []
