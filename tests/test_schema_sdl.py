"""The exported SDL matches the code, and honours the contract promised to clients."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.settings import REPO_ROOT
from schema.export import SDL_PATH, sdl

SHARED = Path(os.environ.get("SHARED_DIR", REPO_ROOT.parent / "shared"))


def test_schema_graphql_is_the_exported_sdl() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), "schema.graphql is stale: run `./dev export-schema`"


def _contract_check(*contracts: str) -> subprocess.CompletedProcess[str]:
    tool = SHARED / "tools" / "check_contract.py"
    if not tool.exists():
        pytest.skip(f"the shared contract ({SHARED}) is not beside this checkout; CI always has it")
    return subprocess.run(
        [sys.executable, str(tool), str(SDL_PATH), *(str(SHARED / c) for c in contracts)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_read_contract_holds() -> None:
    result = _contract_check("contract.graphql")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_full_contract_holds() -> None:
    result = _contract_check("contract.graphql", "contract-mutations.graphql")
    assert result.returncode == 0, result.stdout + result.stderr
