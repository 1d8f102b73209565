"""The map: every piece of territory placed, valid GeoJSON, nested as the territory is (checked with Shapely),
counts and stages that agree with the ground truth, `within` for what is on screen, and scope."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from shapely.geometry import Point, box, shape

from api import ids
from graph.scope import Viewer

FEATURES = """
query ($scope: ID, $kinds: [MapFeatureKind!], $asOf: Date) {
  mapFeatures(scope: $scope, kinds: $kinds, asOf: $asOf, first: 5000) {
    truncated
    features { id code kind name geometry location households coveredHouseholds coverage compoundKind stage }
    geojson
  }
}"""

WITHIN = """
query ($west: Float!, $south: Float!, $east: Float!, $north: Float!, $kinds: [MapFeatureKind!], $scope: ID) {
  within(west: $west, south: $south, east: $east, north: $north, kinds: $kinds, scope: $scope, first: 5000) {
    truncated
    features { code kind geometry location }
  }
}"""

LABELS = {"STREET": "Street", "COMMUNITY": "Community", "GRID": "Grid", "AREA": "Area", "COMPOUND": "Compound",
          "BUILDING": "Building"}  # fmt: skip


def _run(execute, query: str, variables: dict[str, Any], viewer: Viewer | None = None) -> dict[str, Any]:
    result = execute(query, variables, viewer)
    assert result.errors is None, result.errors
    return next(iter(result.data.values()))


@pytest.fixture(scope="module")
def county_map(execute, ground_truth) -> dict[str, Any]:
    return _run(execute, FEATURES, {"asOf": ground_truth["referenceDate"]})


@pytest.fixture(scope="module")
def parents(db: neo4j.Driver) -> dict[str, str]:
    records, _, _ = db.execute_query(
        "MATCH (c:Community|Grid|Area|Compound|Building)-[:PART_OF]->(p) RETURN c.code AS child, p.code AS parent"
    )
    return {r["child"]: r["parent"] for r in records}


def test_every_piece_of_territory_is_on_the_map(county_map, ground_truth) -> None:
    assert county_map["truncated"] is False
    counts: dict[str, int] = {}
    for f in county_map["features"]:
        counts[LABELS[f["kind"]]] = counts.get(LABELS[f["kind"]], 0) + 1
    assert counts == {label: ground_truth["nodeCounts"][label] for label in LABELS.values()}


def test_geometries_are_valid_geojson_around_the_county_seat(county_map) -> None:
    for f in county_map["features"]:
        geometry, location = shape(f["geometry"]), shape(f["location"])
        assert geometry.is_valid, f["code"]
        assert location.geom_type == "Point"
        if f["kind"] == "BUILDING":
            assert f["geometry"]["type"] == "Point"
        else:
            ring = f["geometry"]["coordinates"][0]
            assert f["geometry"]["type"] == "Polygon" and ring[0] == ring[-1], "a closed ring"
            assert geometry.exterior.is_ccw, "RFC 7946: exterior rings are counter-clockwise"
            assert geometry.contains(location), "the label point lies inside"
        # Tongguan's county seat, about 34.54 N, 110.24 E.
        assert 110.1 < location.x < 110.4 and 34.45 < location.y < 34.65


def test_the_map_nests_as_the_territory_does(county_map, parents) -> None:
    shapes = {f["code"]: shape(f["geometry"]) for f in county_map["features"]}
    checked = 0
    for child, parent in parents.items():
        if child in shapes and parent in shapes:
            assert shapes[parent].contains(shapes[child]), f"{child} is not inside {parent}"
            checked += 1
    assert checked == len(parents)
    # Neighbours never overlap: no two compounds share ground.
    compounds = [(c, shapes[c]) for c, p in parents.items() if c.startswith("CP")]
    for i, (a, sa) in enumerate(compounds):
        for b, sb in compounds[i + 1 :]:
            assert not sa.intersects(sb), (a, b)


def test_counts_and_stages_agree_with_the_ground_truth(county_map, ground_truth) -> None:
    by_code = {f["code"]: f for f in county_map["features"]}
    for grid, facts in ground_truth["coverage"]["grids"].items():
        assert (by_code[grid]["households"], by_code[grid]["coveredHouseholds"]) == (
            facts["households"],
            facts["coveredHouseholds"],
        )
        assert by_code[grid]["coverage"] == pytest.approx(facts["coveredHouseholds"] / facts["households"])
    for compound, five in ground_truth["fiveHaves"].items():
        assert by_code[compound]["stage"] == five["stage"]
    assert all(f["stage"] is None for f in county_map["features"] if f["kind"] != "COMPOUND")


def test_the_feature_collection_is_the_features(county_map) -> None:
    collection = county_map["geojson"]
    assert collection["type"] == "FeatureCollection"
    assert [(g["id"], g["geometry"], g["properties"]["code"]) for g in collection["features"]] == [
        (f["id"], f["geometry"], f["code"]) for f in county_map["features"]
    ]


def test_entities_carry_their_outline_and_location(gql, county_map, ground_truth) -> None:
    grid, building = ground_truth["samples"]["firstGrid"], ground_truth["samples"]["fullChain"]["building"]
    by_code = {f["code"]: f for f in county_map["features"]}
    body = gql(
        "query ($g: ID!, $b: ID!) { g: node(id: $g) { ... on Grid { outline } } "
        "b: node(id: $b) { ... on Building { location } } }",
        {"g": ids.encode("Grid", grid), "b": ids.encode("Building", building)},
    )
    assert body["data"]["g"]["outline"] == by_code[grid]["geometry"]
    assert body["data"]["b"]["location"] == by_code[building]["geometry"]


def _bounds(features: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for f in features:
        minx, miny, maxx, maxy = shape(f["geometry"]).bounds
        xs += [minx, maxx]
        ys += [miny, maxy]
    return min(xs), min(ys), max(xs), max(ys)


def test_within_finds_what_meets_the_box(execute, county_map, ground_truth) -> None:
    grid = next(f for f in county_map["features"] if f["code"] == ground_truth["samples"]["gridPicture"]["grid"])
    west, south, east, north = shape(grid["geometry"]).bounds
    # The middle of the grid: a box smaller than it, so some of its buildings are left out.
    screen = (
        west + (east - west) * 0.25,
        south + (north - south) * 0.25,
        west + (east - west) * 0.75,
        south + (north - south) * 0.75,
    )
    found = _run(execute, WITHIN, dict(zip(("west", "south", "east", "north"), screen, strict=True)))
    on_screen = box(*screen)
    expected = set()
    for f in county_map["features"]:
        geometry = shape(f["geometry"])
        meets = (
            on_screen.covers(geometry) if isinstance(geometry, Point) else on_screen.intersects(box(*geometry.bounds))
        )
        if meets:
            expected.add(f["code"])
    assert {f["code"] for f in found["features"]} == expected
    assert grid["code"] in expected and any(c.startswith("BD") for c in expected)
    assert len(expected) < len(county_map["features"])


def test_within_narrows_to_kinds_and_refuses_a_bad_box(execute, gql, county_map) -> None:
    west, south, east, north = _bounds(county_map["features"])
    everything = {"west": west, "south": south, "east": east, "north": north}
    grids = _run(execute, WITHIN, {**everything, "kinds": ["GRID"]})
    assert {f["kind"] for f in grids["features"]} == {"GRID"}
    assert len(grids["features"]) == sum(1 for f in county_map["features"] if f["kind"] == "GRID")
    body = gql(WITHIN, {**everything, "west": east, "east": west})
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "box"}


def test_a_grid_worker_maps_only_their_grid(execute, viewer_of, county_map, parents, ground_truth) -> None:
    grid = ground_truth["samples"]["gridPicture"]["grid"]
    viewer = viewer_of("GRID", grid)

    def inside(code: str) -> bool:
        while code is not None:
            if code == grid:
                return True
            code = parents.get(code)  # type: ignore[assignment]
        return False

    mine = {f["code"] for f in county_map["features"] if inside(f["code"])}
    mapped = _run(execute, FEATURES, {}, viewer)
    assert {f["code"] for f in mapped["features"]} == mine
    west, south, east, north = _bounds(county_map["features"])
    seen = _run(execute, WITHIN, {"west": west, "south": south, "east": east, "north": north}, viewer)
    assert {f["code"] for f in seen["features"]} == mine


def test_a_scope_outside_the_callers_territory_does_not_exist(execute, viewer_of, ground_truth) -> None:
    grid = ground_truth["samples"]["gridPicture"]["grid"]
    other = next(g for g in ground_truth["coverage"]["grids"] if g != grid)
    result = execute(FEATURES, {"scope": ids.encode("Grid", other)}, viewer_of("GRID", grid))
    (error,) = result.errors
    assert error.extensions["code"] == "NOT_FOUND"
