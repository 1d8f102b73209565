"""What a front end needs from the app beyond GraphQL: CORS for the origins allowed (and no others), gzip for
large responses, GraphiQL from the app's own files in development mode only, and the console's page with
every script it loads served locally (a county intranet has no internet)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from api import ids
from graph.settings import Settings
from server import create_app

ALLOWED = "https://console.county.example"


@pytest.fixture(scope="module")
def cors_client(seeded: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.model_copy(update={"cors_origins": f"{ALLOWED}, http://127.0.0.1:5173"}))) as c:
        yield c


def _preflight(client: TestClient, origin: str) -> object:
    return client.options(
        "/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def _signed(token, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token()}", **headers}


def test_a_page_on_an_allowed_origin_may_call_the_api(cors_client, token) -> None:
    preflight = _preflight(cors_client, ALLOWED)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ALLOWED
    assert {"authorization", "content-type"} <= set(
        preflight.headers["access-control-allow-headers"].lower().split(", ")
    )
    assert "POST" in preflight.headers["access-control-allow-methods"]
    answer = cors_client.post("/graphql", json={"query": "{ health }"}, headers=_signed(token, Origin=ALLOWED))
    assert answer.json() == {"data": {"health": True}}
    assert answer.headers["access-control-allow-origin"] == ALLOWED


def test_a_page_on_another_origin_is_refused(cors_client, client, token) -> None:
    refused = _preflight(cors_client, "https://elsewhere.example")
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    elsewhere = _signed(token, Origin="https://elsewhere.example")
    answer = cors_client.post("/graphql", json={"query": "{ health }"}, headers=elsewhere)
    assert answer.json() == {"data": {"health": True}}
    assert "access-control-allow-origin" not in answer.headers, "the browser will not hand the answer to the page"
    # Without CORS_ORIGINS no origin is allowed at all.
    assert "access-control-allow-origin" not in _preflight(client, ALLOWED).headers


def test_large_responses_are_gzipped(client, token, ground_truth) -> None:
    query = """query ($center: ID!) { pairingNetwork(center: $center, mode: PAIRINGS, limit: 5000) {
      nodes { id code kind label covered } edges { source target kind since } } }"""
    center = ids.encode("Grid", ground_truth["samples"]["gridPicture"]["grid"])
    response = client.post(
        "/graphql",
        json={"query": query, "variables": {"center": center}},
        headers=_signed(token, **{"Accept-Encoding": "gzip"}),
    )
    assert response.headers["content-encoding"] == "gzip"
    sent, size = response.num_bytes_downloaded, len(response.content)
    assert size > 50_000 and sent < size / 4, (sent, size)
    small = client.post("/graphql", json={"query": "{ health }"}, headers=_signed(token, **{"Accept-Encoding": "gzip"}))
    assert "content-encoding" not in small.headers, "small answers are not worth compressing"
    plain = client.post(
        "/graphql",
        json={"query": query, "variables": {"center": center}},
        headers=_signed(token, **{"Accept-Encoding": "identity"}),
    )
    assert "content-encoding" not in plain.headers and plain.json() == response.json()


def _local_assets(page: str) -> list[str]:
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert not [u for u in urls if re.match(r"(https?:)?//", u)], "nothing may come from another host"
    return [u for u in urls if not u.startswith(("#", "data:"))]


def test_graphiql_loads_its_scripts_from_the_app_in_development_mode(seeded, client, token) -> None:
    with TestClient(create_app(seeded.model_copy(update={"debug": True}))) as dev:
        page = dev.get("/graphql", headers={"accept": "text/html"}).text
        assets = _local_assets(page)
        assert any(a.endswith("graphiql.min.js") for a in assets)
        for asset in assets:
            served = dev.get(asset)
            assert served.status_code == 200 and len(served.content) > 100, asset
    outside = client.get("/graphiql/vendor/graphiql/graphiql.min.js", headers=_signed(token))
    assert outside.status_code == 404, "not outside development mode"


def test_the_console_is_served_with_its_libraries(client) -> None:
    # The page and its libraries hold no data: they answer without a token (the page's queries carry one).
    assert client.get("/console", follow_redirects=False).headers["location"] == "/console/"
    page = client.get("/console/")
    assert page.status_code == 200 and "网格" in page.text
    assets = _local_assets(page.text)
    for library in ("echarts.min.js", "cytoscape.min.js", "graphql-ws.min.js"):
        assert any(a.endswith(library) for a in assets), library
    for asset in assets:
        url = asset if asset.startswith("/") else "/console/" + asset
        assert client.get(url).status_code == 200, asset
