"""Synthetic geography for the data set: where the territory lies on the map, around Tongguan's county seat.

Plausible, not real: the streets are laid side by side around the county seat (34.54° N, 110.24° E), each
about 3.2 × 2.4 km, and every territory below is cut out of its parent like a treemap: a parent's inner
rectangle is split into one cell per child, alternately along its longer side, in code order, the cells
sized by how many households they hold. Each street, community, grid, area and compound gets an outline
(a polygon whose corners and side points are pulled inward at random within a margin of its cell) and a
label point; each building a point inside its compound (or, in an alley or a row of shop fronts, inside
its area). Households stand at their building.

Nesting holds by construction, not by luck: a child's cell lies in its parent's *inner* rectangle (its
cell less the margin), and an outline whose vertices all lie in the margin band contains the inner
rectangle and is contained in the cell. So every building lies inside its compound's outline, every
compound inside its area's and grid's, every grid inside its community's (the tests check it with Shapely).

Computed from the generated territory rows alone (codes and ``PART_OF``), each territory's wobble drawn
from a random stream seeded by its code: the same data set always gets the same map. It is not part of
the data set's rows (nor of its fingerprint): the loader writes it with queries of its own
(``seed/load_geography``), and :data:`GEOGRAPHY_VERSION` in the ``Dataset`` marker says which layout a
database holds, so a database loaded before geography existed (or with an older layout) gets it on the
next start.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from seeds import SEED
from seeds.dataset import Dataset, Row

GEOGRAPHY_VERSION = 1
"""Bump when the layout changes: databases holding another version are re-placed on the next start."""

COUNTY_SEAT = (110.24, 34.54)
"""Longitude, latitude of Tongguan's county seat (城关街道), the middle of the map."""

STREET_KM = (3.2, 2.4)
"""The size of one street's cell, east-west and north-south, in kilometres."""

MAPPED_LABELS = ("Street", "Community", "Grid", "Area", "Compound")
"""Territory with an outline (and a label point)."""

_KM_PER_DEGREE = 111.32
_MARGIN = {"Street": 0.02, "Community": 0.03, "Grid": 0.04, "Area": 0.05, "Compound": 0.08}
"""The margin band of each level, as a share of the shorter side of its cell."""


@dataclass(frozen=True)
class Rect:
    west: float
    south: float
    east: float
    north: float

    @property
    def width(self) -> float:
        return self.east - self.west

    @property
    def height(self) -> float:
        return self.north - self.south

    def shrink(self, by: float) -> Rect:
        return Rect(self.west + by, self.south + by, self.east - by, self.north - by)

    @property
    def center(self) -> tuple[float, float]:
        return ((self.west + self.east) / 2, (self.south + self.north) / 2)


def geography(ds: Dataset) -> dict[str, list[Row]]:
    """Rows to load, per label: ``{code, location: [lon, lat]}`` for buildings, and ``{code, location,
    outline: [[lon, lat], ...], southWest, northEast}`` for streets, communities, grids, areas and compounds
    (the outline counter-clockwise and not closed; ``southWest``/``northEast`` its bounding box)."""
    label = {row["code"]: lab for lab, rows in ds.nodes.items() for row in rows}
    children: dict[str, list[str]] = {}
    for rel in ds.rels["PART_OF"]:
        children.setdefault(rel["to"], []).append(rel["from"])
    for kids in children.values():
        kids.sort()
    weight: dict[str, int] = {}

    def households(code: str) -> int:
        if code not in weight:
            below = children.get(code, [])
            weight[code] = 1 if label[code] == "Household" else sum(households(c) for c in below)
        return weight[code]

    out: dict[str, list[Row]] = {lab: [] for lab in (*MAPPED_LABELS, "Building")}
    county = ds.nodes["County"][0]["code"]
    streets = children.get(county, [])
    cols = math.ceil(math.sqrt(len(streets)))
    rows = math.ceil(len(streets) / cols)
    lon0, lat0 = COUNTY_SEAT
    # Kilometres to degrees near the county seat (a degree of longitude shrinks with the latitude).
    dlon = STREET_KM[0] / (_KM_PER_DEGREE * math.cos(math.radians(lat0)))
    dlat = STREET_KM[1] / _KM_PER_DEGREE
    west, south = lon0 - cols * dlon / 2, lat0 - rows * dlat / 2

    def place(code: str, cell: Rect) -> None:
        lab = label[code]
        if lab == "Building":
            return
        rng = random.Random(f"{SEED}:geography:{code}")
        margin = _MARGIN[lab] * min(cell.width, cell.height)
        inner = cell.shrink(margin)
        outline = _outline(cell, margin, rng)
        lons, lats = [v[0] for v in outline], [v[1] for v in outline]
        out[lab].append(
            {
                "code": code,
                "location": _round(inner.center),
                "outline": [_round(v) for v in outline],
                "southWest": _round((min(lons), min(lats))),
                "northEast": _round((max(lons), max(lats))),
            }
        )
        kids = children.get(code, [])
        buildings = [k for k in kids if label[k] == "Building"]
        for building, point in zip(buildings, _scatter(inner.shrink(margin), len(buildings), rng), strict=True):
            out["Building"].append({"code": building, "location": _round(point)})
        parts = [k for k in kids if label[k] in MAPPED_LABELS]
        for part, part_cell in _split(inner, parts, [households(p) + 5 for p in parts]):
            place(part, part_cell)

    for i, street in enumerate(streets):
        r, c = divmod(i, cols)
        place(street, Rect(west + c * dlon, south + r * dlat, west + (c + 1) * dlon, south + (r + 1) * dlat))
    for rows_of in out.values():
        rows_of.sort(key=lambda row: row["code"])
    return out


def _split(rect: Rect, items: list[str], weights: list[int]) -> list[tuple[str, Rect]]:
    """A treemap: halve ``items`` (in order) by weight, cut ``rect`` across its longer side in proportion."""
    if not items:
        return []
    if len(items) == 1:
        return [(items[0], rect)]
    total = sum(weights)
    acc, cut = 0, 1
    best = math.inf
    for i in range(1, len(items)):
        acc += weights[i - 1]
        if abs(total / 2 - acc) < best:
            best, cut = abs(total / 2 - acc), i
    share = sum(weights[:cut]) / total
    # Compare the sides in kilometres, not degrees (a degree of longitude is shorter).
    wide = rect.width * math.cos(math.radians(rect.south)) > rect.height
    if wide:
        x = rect.west + rect.width * share
        first, second = Rect(rect.west, rect.south, x, rect.north), Rect(x, rect.south, rect.east, rect.north)
    else:
        y = rect.south + rect.height * share
        first, second = Rect(rect.west, rect.south, rect.east, y), Rect(rect.west, y, rect.east, rect.north)
    return _split(first, items[:cut], weights[:cut]) + _split(second, items[cut:], weights[cut:])


def _outline(cell: Rect, margin: float, rng: random.Random) -> list[tuple[float, float]]:
    """A wobbly polygon in the margin band of ``cell``: counter-clockwise from the south-west corner, each
    corner and one or two points per side pulled inward by 20–100 % of the margin (never 0: neighbours
    never touch)."""

    def pull() -> float:
        return margin * rng.uniform(0.2, 1.0)

    def along(start: float, end: float) -> list[float]:
        return sorted(
            rng.uniform(start + (end - start) * 0.15, end - (end - start) * 0.15) for _ in range(rng.randint(1, 2))
        )

    w, s, e, n = cell.west, cell.south, cell.east, cell.north
    points = [(w + pull(), s + pull())]
    points += [(x, s + pull()) for x in along(w, e)]
    points.append((e - pull(), s + pull()))
    points += [(e - pull(), y) for y in along(s, n)]
    points.append((e - pull(), n - pull()))
    points += [(x, n - pull()) for x in reversed(along(w, e))]
    points.append((w + pull(), n - pull()))
    points += [(w + pull(), y) for y in reversed(along(s, n))]
    return points


def _scatter(rect: Rect, count: int, rng: random.Random) -> list[tuple[float, float]]:
    """``count`` points inside ``rect``: rows of buildings, each nudged within its own slot."""
    if count == 0:
        return []
    cols = max(1, round(math.sqrt(count * rect.width * math.cos(math.radians(rect.south)) / rect.height)))
    rows = math.ceil(count / cols)
    slot_w, slot_h = rect.width / cols, rect.height / rows
    points = []
    for i in range(count):
        r, c = divmod(i, cols)
        x = rect.west + (c + 0.5 + rng.uniform(-0.25, 0.25)) * slot_w
        y = rect.north - (r + 0.5 + rng.uniform(-0.25, 0.25)) * slot_h
        points.append((x, y))
    return points


def _round(point: tuple[float, float]) -> list[float]:
    # Seven decimals: about a centimetre, and the same text on every machine.
    return [round(point[0], 7), round(point[1], 7)]
