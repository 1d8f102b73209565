"""Every GraphQL document the console sends is valid against the schema: a schema change that would break
the page fails here, before anyone opens it (the browser test then checks what the page draws)."""

from __future__ import annotations

import re

import pytest
from graphql import parse, validate

from schema.api import schema
from server import CONSOLE_DIR

SCRIPT = (CONSOLE_DIR / "console.js").read_text(encoding="utf-8")
DOCUMENTS = {
    **{name: text for name, text in re.findall(r"const (\w+) = `([^`]*)`;", SCRIPT) if "{" in text},
    **{f"inline {i}": text for i, text in enumerate(re.findall(r"gql\(`([^`]*)`\)", SCRIPT))},
}


def test_the_console_sends_graphql() -> None:
    assert {"TREE", "MAP", "NETWORK", "CARD", "UNCOVERED", "WISHES", "WISH_UPDATES"} <= set(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_valid(name: str) -> None:
    errors = validate(schema._schema, parse(DOCUMENTS[name]))
    assert not errors, [e.message for e in errors]
