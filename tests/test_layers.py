"""The layers import only downwards: graph ← api ← resolvers ← schema ← web.

``graph/`` is the ground floor (Cypher, rules, the domain's enums); ``api/`` holds what the GraphQL layers
share (global ids, errors, the Node interface, the request context, enums); ``resolvers/`` are the thin
functions and ``schema/`` the strawberry types that attach them. An import the other way round (even one
inside a function, which hides a cycle from Python but not from a reader) fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "graph": {"api", "schema", "resolvers", "web"},
    "api": {"schema", "resolvers", "web"},
    "resolvers": {"schema", "web"},
}
"""Package → the packages above it, which it must not import."""


def imported_packages(source: str, module: str) -> list[tuple[int, str]]:
    """``(line, top-level package)`` of every import in ``source``, at any depth, resolving relative ones.

    Imports under ``if TYPE_CHECKING:`` count too: an annotation that names a higher layer is still an arrow
    up."""
    found: list[tuple[int, str]] = []
    package = module.rsplit(".", 1)[0].split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name.split(".")[0]))
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(package: str) -> None:
    assert modules(package), f"{package}/ has no modules: the layer test would pass vacuously"
    wrong = []
    for path in modules(package):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for line, imported in imported_packages(path.read_text(encoding="utf-8"), module):
            if imported in FORBIDDEN[package]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not wrong, f"{package}/ imports a layer above it:\n" + "\n".join(wrong)


def test_the_import_finder_sees_nested_relative_and_type_checking_imports() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "import schema.node\n"
        "from ..web import app\n"
        "if TYPE_CHECKING:\n"
        "    from schema.changes import UserError\n"
        "def f():\n"
        "    from resolvers import common\n"
    )
    found = imported_packages(source, "api.sub.mod")
    assert [name for _, name in found] == ["typing", "schema", "api", "schema", "resolvers"]
    # ``from ..web`` inside api/sub/mod.py is api.web: a relative import stays inside its package.
