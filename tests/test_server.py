"""The ASGI app: health, GraphiQL only in development mode, request ids."""

from __future__ import annotations

from starlette.testclient import TestClient

from server import create_app


def test_graphiql_is_off_unless_in_development_mode(client, seeded, token) -> None:
    response = client.get("/graphql", headers={"accept": "text/html", "Authorization": f"Bearer {token()}"})
    assert "graphiql" not in response.text.lower()
    with TestClient(create_app(seeded.model_copy(update={"debug": True}))) as dev:
        page = dev.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200
        assert "graphiql" in page.text.lower()


def test_health(client, token) -> None:
    ready = {"status": "ok", "neo4j": "ok", "migrations": "applied"}
    assert client.get("/readyz").json() == ready  # no token needed
    assert client.get("/health").json() == ready  # the README's name for it
    assert client.get("/livez").json() == {"status": "alive"}
    answer = client.post("/graphql", json={"query": "{ health }"}, headers={"Authorization": f"Bearer {token()}"})
    assert answer.json() == {"data": {"health": True}}
