"""The layer order of the apps holds in the code (docs/architecture.md): import-linter checks upward
imports; these tests check what it cannot see."""

import ast
from pathlib import Path

import smartikm

ROOT = Path(smartikm.__file__).parent
APPS = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}

# In-function imports of project modules that stay, each with its reason.
ALLOWED_DEFERRED = {
    # Django's idiom: system checks register themselves when the app is ready.
    ("core/apps.py", "smartikm.core"),  # from smartikm.core import checks
}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "smartikm" and parts[1] in APPS else None


def test_no_app_imports_a_private_name_of_another_app():
    found = []
    for rel, tree in _sources():
        own = rel.parts[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                other = _app_of(node.module)
                if other and other != own:
                    found += [f"{rel}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []


def test_no_project_module_is_imported_inside_a_function_without_a_reason():
    found = []
    for rel, tree in _sources():
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                modules = []
                if isinstance(node, ast.ImportFrom) and not node.level:
                    modules = [node.module or ""]
                elif isinstance(node, ast.Import):
                    modules = [a.name for a in node.names]
                for module in modules:
                    if module.startswith("smartikm") and (str(rel), module) not in ALLOWED_DEFERRED:
                        found.append(f"{rel}:{node.lineno} {module}")
    assert sorted(set(found)) == []


def test_no_comment_points_at_a_file_outside_the_repository():
    outside = ("ARCHITECTURE rule", "shared/reference", "ARCHITECTURE:", 'ARCHITECTURE "', "domain.md")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted(ROOT.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(mark in line for mark in outside) and "test_layers.py" not in path.name
    ]
    assert found == []
