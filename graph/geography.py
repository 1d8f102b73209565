"""The map: territory placed on it (:mod:`seeds.geography`), read back as GeoJSON (RFC 7946).

Neo4j stores a place as a WGS-84 ``point`` (``location``) and an outline as a list of points (``outline``,
counter-clockwise, not closed) with the corners of its bounding box (``southWest``, ``northEast``), which
point indexes serve (migration 0006). GeoJSON is longitude first, and a polygon's ring is closed (its last
position repeats its first); these functions are the one place that turns one into the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.rules import FORCES_MIN_COVERED_SHARE, resources_window_start

MAPPED: dict[str, str] = {
    "Street": "STREET",
    "Community": "COMMUNITY",
    "Grid": "GRID",
    "Area": "AREA",
    "Compound": "COMPOUND",
    "Building": "BUILDING",
}
"""Label → ``MapFeatureKind``: what has a place on the map."""

BELOW, WITHIN = "geography/get_features_below", "geography/get_features_within"

MAX_FEATURES = 5000
DEFAULT_FEATURES = 2000

WORLD = {"southWest": {"longitude": -180.0, "latitude": -90.0}, "northEast": {"longitude": 180.0, "latitude": 90.0}}


@dataclass(frozen=True)
class Box:
    """What is on screen: west ≤ longitude ≤ east, south ≤ latitude ≤ north (WGS-84 degrees)."""

    west: float
    south: float
    east: float
    north: float

    def problem(self) -> str | None:
        """Why the box is unusable, or None."""
        if not (
            -180 <= self.west <= 180
            and -180 <= self.east <= 180
            and -90 <= self.south <= 90
            and -90 <= self.north <= 90
        ):
            return "longitudes must lie in -180..180 and latitudes in -90..90"
        if self.west > self.east or self.south > self.north:
            return "west must not exceed east, nor south north (a box across the antimeridian is not supported)"
        return None


def geometry(value: Any) -> dict[str, Any] | None:
    """A stored point (a GeoJSON Point) or outline (a list of points: a Polygon), as GeoJSON."""
    if value is None:
        return None
    if isinstance(value, list):
        ring = [[p.x, p.y] for p in value]
        return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]} if ring else None
    return {"type": "Point", "coordinates": [value.x, value.y]}


def features_query(
    labels: list[str], as_of: date, first: int, roots: list[str] | None, box: Box | None
) -> tuple[str, dict[str, Any]]:
    """The catalogued query and parameters for the features of ``labels`` under ``roots`` (all of them, or
    those meeting ``box``; with a box, ``roots`` None means the whole county)."""
    params: dict[str, Any] = {
        "labels": labels,
        "asOf": as_of,
        "first": first,
        "roots": roots,
        "windowStart": resources_window_start(as_of),
        "minCoveredShare": FORCES_MIN_COVERED_SHARE,
    }
    if box is None:
        return BELOW, params
    return WITHIN, {
        **params,
        "southWest": {"longitude": box.west, "latitude": box.south},
        "northEast": {"longitude": box.east, "latitude": box.north},
        "world": WORLD,
    }


def assemble(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The feature rows, each with ``households`` and ``coveredHouseholds`` summed over its buildings and a
    compound's ``stage``."""
    counts = {}
    for packed in row["counts"]:
        code, households, covered = packed.split(" ")
        counts[code] = (int(households), int(covered))
    stages = dict(packed.split(" ", 1) for packed in row["stages"])
    out = []
    for f in row["features"]:
        below = [counts.get(b, (0, 0)) for b in f["buildings"]]
        out.append(
            {
                **f,
                "households": sum(h for h, _ in below),
                "coveredHouseholds": sum(c for _, c in below),
                "stage": stages.get(f["code"]),
            }
        )
    return out
