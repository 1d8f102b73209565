"""The exported SDL: ``schema.graphql`` at the repository root, what clients and the contract check read."""

from __future__ import annotations

from graph.settings import REPO_ROOT

SDL_PATH = REPO_ROOT / "schema.graphql"


def sdl() -> str:
    from schema.api import schema

    return schema.as_str().rstrip("\n") + "\n"
