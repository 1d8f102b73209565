"""The console in a real browser (Debian's Chromium, headless, driven by Playwright; Playwright never downloads a
browser here): a grid worker signs in, opens their grid's map and pairing network, whose drawings hold exactly
what the API returns, opens a household's card with its chain of responsibility, and sees a wish submitted
through the API appear in the queue without reloading. Screenshots of each page go to ``test-artifacts/console``
(``TEST_ARTIFACTS`` to put them elsewhere); the session's summary lists them.

``.ci/run`` installs Chromium (``apt-get install chromium``) where it is missing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import neo4j
import pytest

from api.ids import encode
from tests.servers import in_thread
from tests.worlds import totals

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# What Chromium needs on this machine: no sandbox (root, no user namespaces), no GPU, and no background
# connections (the closed network refuses them, and a refused update check stalls the start).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PREFIX = "TEST-CONSOLE-"
WAIT_MS = 30_000

# The console draws a grid's pairing picture with these kinds ticked by default (console.js).
NETWORK = """query ($center: ID!, $nodeKinds: [NetworkNodeKind!], $edgeKinds: [NetworkEdgeKind!]) {
  pairingNetwork(center: $center, mode: PAIRINGS, depth: 2, limit: 5000, nodeKinds: $nodeKinds, edgeKinds: $edgeKinds) {
    nodes { id kind } edges { source target } } }"""
DEFAULT_NODES = ["GRID", "AREA", "COMPOUND", "BUILDING", "HOUSEHOLD", "PERSON", "UNIT", "PARTY_ORGANIZATION"]
DEFAULT_EDGES = ["PAIRED_WITH"]
MAP = """query ($scope: ID) { mapFeatures(scope: $scope, kinds: [COMMUNITY, GRID, AREA, COMPOUND, BUILDING]) {
  features { kind } } }"""
RESPONSIBLE = """query ($id: ID!) { node(id: $id) { ... on Household { code responsible { role } } } }"""
SUBMIT = """mutation ($input: SubmitWishInput!) { submitWish(input: $input) { wish { code } userErrors { code } } }"""
CLEAN_UP = """
CALL () {
  // What the grid worker read in full (special groups in the drawing) left access records: this test's only.
  MATCH (r:AccessRecord) WHERE r.at >= $start DETACH DELETE r
}
MATCH (a:AuditRecord) WHERE a.clientRequestId STARTS WITH $p
OPTIONAL MATCH (a)-[:CONCERNS]->(w:Wish)
OPTIONAL MATCH (w)<-[:OF]-(e:WishEvent)
WITH collect(DISTINCT a) + collect(DISTINCT w) + collect(DISTINCT e) AS doomed
UNWIND doomed AS n
DETACH DELETE n
"""


@pytest.fixture(scope="module")
def served(seeded) -> Iterator[str]:
    """The app served by a real uvicorn (WebSockets included) on a free port, in a thread: its base URL."""
    from server import create_app

    with in_thread(create_app(seeded.model_copy(update={"change_poll_seconds": 0.25}))) as running:
        yield running.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `apt-get install chromium` (.ci/run does), or set CHROMIUM")
    with sync_playwright() as playwright:
        # Every launch gets a fresh, throwaway profile directory from Playwright (--user-data-dir).
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def cleaned(db: neo4j.Driver) -> Iterator[None]:
    before = totals(db, PREFIX)
    start = db.execute_query("RETURN datetime() AS now").records[0]["now"]
    try:
        yield
    finally:
        db.execute_query(CLEAN_UP, p=PREFIX, start=start)
    assert totals(db, PREFIX) == before


def _api(base: str, token: str, query: str, variables: dict[str, Any], request: str = "") -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"}
    if request:
        headers["x-request-id"] = PREFIX + request
    payload = {"query": query, "variables": variables}
    body = httpx2.post(f"{base}/graphql", json=payload, headers=headers, timeout=60).json()
    assert "errors" not in body, body
    return body["data"]


def _shot(page: Any, folder: Path, name: str) -> None:
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def test_a_grid_worker_maps_draws_and_works_their_grid(
    served, browser, ground_truth, db, cleaned, artifacts, token
) -> None:
    shots = artifacts / "console"
    grid = ground_truth["samples"]["gridPicture"]["grid"]
    token = token("GRID", grid)
    page = browser.new_page(viewport={"width": 1440, "height": 960}, locale="zh-CN")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{served}/console/#token={token}")
    page.evaluate("window.__openedAt = performance.timeOrigin")

    # The overview: their grid, and only their grid.
    page.wait_for_selector(f"#tree a[data-grid='{grid}']", timeout=WAIT_MS)
    assert page.locator("#tree a[data-grid]").count() == 1
    assert "网格" in page.inner_text("#whoami")
    _shot(page, shots, "1-overview")

    page.click(f"#tree a[data-grid='{grid}']")
    page.wait_for_selector(f"#crumbs a[data-code='{grid}']", timeout=WAIT_MS)

    # The map: every feature of the grid the API returns, drawn.
    page.click("#tabs button[data-tab='map']")
    page.wait_for_function("window.consoleState.map !== undefined", timeout=WAIT_MS)
    drawn = page.evaluate("window.consoleState.map")
    features = _api(served, token, MAP, {"scope": encode("Grid", grid)})["mapFeatures"]["features"]
    assert drawn["features"] == len(features)
    assert drawn["buildings"] == sum(1 for f in features if f["kind"] == "BUILDING")
    page.wait_for_timeout(500)
    _shot(page, shots, "2-map")

    # The pairing network: the drawing holds the nodes and edges the API returns for the same question.
    page.click("#tabs button[data-tab='network']")
    page.wait_for_function("window.consoleState.cy && window.consoleState.network", timeout=WAIT_MS)
    counts = page.evaluate("[window.consoleState.cy.nodes().length, window.consoleState.cy.edges().length]")
    variables = {"center": encode("Grid", grid), "nodeKinds": DEFAULT_NODES, "edgeKinds": DEFAULT_EDGES}
    api = _api(served, token, NETWORK, variables)["pairingNetwork"]
    assert counts == [len(api["nodes"]), len(api["edges"])]
    assert counts[1] >= len(ground_truth["samples"]["gridPicture"]["pairings"]) > 0
    _shot(page, shots, "3-network")

    # A household's card, opened by clicking its node in the drawing.
    household = next(n["id"] for n in api["nodes"] if n["kind"] == "HOUSEHOLD")
    position = page.evaluate(f"window.consoleState.cy.getElementById({household!r}).renderedPosition()")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_selector("#card:not([hidden]) #chain li", timeout=WAIT_MS)
    expected = _api(served, token, RESPONSIBLE, {"id": household})["node"]
    assert page.get_attribute("#card", "data-code") == expected["code"]
    assert page.locator("#chain li").count() == len(expected["responsible"]) > 0
    _shot(page, shots, "4-household-card")
    page.click("#card-close")

    # The wish queue: a wish submitted through the API appears without a reload.
    page.click("#tabs button[data-tab='wishes']")
    page.wait_for_selector("#wishes-summary:not(:empty)", timeout=WAIT_MS)
    page.wait_for_function("document.getElementById('live').classList.contains('on')", timeout=WAIT_MS)
    records, _, _ = db.execute_query(
        "MATCH (h:Household)-[:PART_OF*1..4]->(:Grid {code: $grid}) MATCH (h)<-[:RESIDES_IN]-(r:Person) "
        "RETURN h.code AS household, r.code AS resident ORDER BY household, resident LIMIT 1",
        grid=grid,
    )
    wish_input = {
        "householdId": encode("Household", records[0]["household"]),
        "requesterId": encode("Person", records[0]["resident"]),
        "title": "浏览器测试：帮忙修理楼道灯",
    }
    deadline = time.monotonic() + 30
    while page.evaluate("window.consoleState.stopWishes === null") and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # the subscription joins the process's change feed as it starts
    made = _api(served, token, SUBMIT, {"input": wish_input}, "wish")["submitWish"]
    assert made["userErrors"] == []
    code = made["wish"]["code"]
    page.wait_for_selector(f"#wish-table tr[data-code='{code}']", timeout=WAIT_MS)
    assert "浏览器测试" in page.inner_text(f"#wish-table tr[data-code='{code}']")
    assert page.evaluate("window.__openedAt === performance.timeOrigin"), "the page was not reloaded"
    _shot(page, shots, "5-wish-queue")

    assert problems == [], problems
    page.close()
