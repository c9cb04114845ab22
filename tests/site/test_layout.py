"""The project's shape: dependencies run one way and no module imports itself in a circle.

releases → casestudies → topics → editorial; editorial and search import no content app;
no app imports releases (only the API plumbing and the project's wiring do);
nothing but API modules reaches into milidip_site.api. Every import counts,
including those inside functions.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("milidip_site", "editorial", "topics", "casestudies", "search", "releases")
CONTENT_APPS = {"topics", "casestudies"}
# Entry points may plug the API in: the project's URLs and admin app config, and
# management commands (which act for an operator, as the API acts for a client).
PROJECT_WIRING = {"milidip_site.urls", "milidip_site.apps"}


def is_entry_point(module: str) -> bool:
    return (
        module in PROJECT_WIRING
        # The project's error pages answer API requests with problem documents.
        or module in {"milidip_site.errors", "milidip_site.middleware.database"}
        or ".management.commands." in module
    )


# app → the first-party packages it must never import
FORBIDDEN = {
    "editorial": CONTENT_APPS | {"search", "releases"},
    "search": CONTENT_APPS | {"editorial", "releases"},
    "topics": {"casestudies", "releases"},
    "casestudies": {"releases"},
    "releases": {"search"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imports_of(path: Path) -> set[str]:
    """Every first-party module `path` imports, wherever the import statement is."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(n for n in names if n.split(".")[0] in PACKAGES)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in source_files()}
    edges = defaultdict(set)
    for name, path in modules.items():
        for imported in imports_of(path):
            # `from pkg import name` names a module or an attribute: keep modules.
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                edges[name].add(imported)
    return {name: edges[name] for name in modules}


def test_the_graph_sees_imports_inside_functions(graph):
    # editorial.preview imports its permission check at module level and the
    # app config of topics imports search inside ready(): both must be seen.
    assert "editorial.permissions" in graph["editorial.preview"]
    assert "search.registry" in graph["topics.apps"]


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_dependencies_run_one_way(graph, app):
    wrong = sorted(
        f"{module} imports {imported}"
        for module, targets in graph.items()
        if module.split(".")[0] == app
        for imported in targets
        if imported.split(".")[0] in FORBIDDEN[app]
    )
    assert wrong == []


def test_only_api_modules_reach_into_the_api_plumbing(graph):
    def is_api_module(module: str) -> bool:
        return module.startswith("milidip_site.api") or module.rpartition(".")[2] in {
            "api",
            "serializers",
            "renderers",
        }

    wrong = sorted(
        f"{module} imports {imported}"
        for module, targets in graph.items()
        for imported in targets
        if imported.startswith("milidip_site.api.")
        and not is_api_module(module)
        and not is_entry_point(module)
    )
    assert wrong == []


def test_no_module_imports_itself_through_a_circle(graph):
    cycles, state = [], {}

    def visit(module, path):
        state[module] = "open"
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == "open":
                cycles.append(" → ".join([*path[path.index(imported) :], imported]))
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
