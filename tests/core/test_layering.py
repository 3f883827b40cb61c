"""`core` is the bottom layer: nothing under kanoon/core/ may import a shared or domain app.

The apps fill core's registries (home cards, demo loaders) from their `AppConfig.ready()`.
The only project packages core may reach are the spine it is built on: `geo` (the territory
tree that scope paths come from) and `accounts` (role assignments that scope reads).
"""

from __future__ import annotations

import ast
from pathlib import Path

import kanoon

CORE = Path(kanoon.__file__).parent / "core"
SPINE = {"core", "geo", "accounts"}
DYNAMIC = {"import_module", "import_string", "__import__", "is_installed", "get_app_config"}


def project_app(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "kanoon":
        return None
    return parts[1] if len(parts) > 1 else ""


def reached_apps(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "kanoon":
                names = [f"kanoon.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in DYNAMIC:
                names = [
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ]
                names += [
                    arg.values[0].value
                    for arg in node.args
                    if isinstance(arg, ast.JoinedStr)
                    and arg.values
                    and isinstance(arg.values[0], ast.Constant)
                ]
        for name in names:
            app = project_app(name)
            if app is not None and app not in SPINE:
                found.append((node.lineno, name))
    return found


def test_it_finds_no_import_from_core_into_an_app():
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 10
    offending = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offending += [f"{path.relative_to(CORE.parent)}:{line} {name}" for line, name in reached_apps(tree)]
    assert offending == []


def test_the_checker_catches_static_relative_free_and_dynamic_imports():
    source = (
        "import kanoon.centers.models\n"
        "from kanoon.assemblies import services\n"
        "from kanoon import monitoring\n"
        "def f():\n"
        "    from kanoon.notifications.services import notify\n"
        "    importlib.import_module('kanoon.people.models')\n"
        "    importlib.import_module(f'kanoon.{app}.demo')\n"
        "from kanoon.core import scope\n"
        "from kanoon.geo.models import Unit\n"
        "import django.db\n"
    )
    names = sorted(name for _, name in reached_apps(ast.parse(source)))
    assert names == sorted(
        [
            "kanoon.centers.models",
            "kanoon.assemblies",
            "kanoon.monitoring",
            "kanoon.notifications.services",
            "kanoon.people.models",
            "kanoon.",  # an f-string module name is judged by its constant head
        ]
    )
