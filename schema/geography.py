"""The map (GeoJSON, RFC 7946): where the territory lies, coloured by coverage and five-haves stage.

Geometries are a ``GeoJSON`` scalar: a GeoJSON geometry object, longitude first, WGS-84 degrees (a Point
for where a building or a compound stands, a Polygon for the outline of a street, community, grid, area or
compound). A JSON scalar rather than typed fields because GeoJSON's coordinates nest to a depth that
depends on the geometry's type, which GraphQL types cannot say; every map library reads the object as it
is. ``mapFeatures`` and ``within`` also hand the features over as one GeoJSON FeatureCollection
(``geojson``), ready for ECharts' ``registerMap``, Leaflet or OpenLayers.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, NewType

import strawberry
from strawberry.types import Info

from api import ids
from graph import geography
from resolvers import geography as resolvers

if TYPE_CHECKING:
    from schema.coverage import FiveHavesStage
    from schema.territory import CompoundKind

StageT = Annotated["FiveHavesStage", strawberry.lazy("schema.coverage")]
CompoundKindT = Annotated["CompoundKind", strawberry.lazy("schema.territory")]


def _serialize(value: Any) -> Any:
    return value if value is None or isinstance(value, dict) else geography.geometry(value)


def _parse(value: Any) -> Any:
    raise ValueError("GeoJSON is output only")


GeoJSON = NewType("GeoJSON", object)
"""A GeoJSON object; the schema maps it to the ``GeoJSON`` scalar (:data:`GEOJSON_SCALAR`, in ``schema/api.py``)."""

GEOJSON_SCALAR = strawberry.scalar(
    name="GeoJSON",
    description="A GeoJSON object (RFC 7946), longitude first, WGS-84 degrees: a geometry (Point, Polygon) or a "
    "FeatureCollection.",
    specified_by_url="https://www.rfc-editor.org/rfc/rfc7946",
    serialize=_serialize,
    parse_value=_parse,
)


@strawberry.enum(description="What has a place on the map.")
class MapFeatureKind(enum.Enum):
    STREET = "STREET"
    COMMUNITY = "COMMUNITY"
    GRID = "GRID"
    AREA = "AREA"
    COMPOUND = "COMPOUND"
    BUILDING = "BUILDING"


@strawberry.type(description="One piece of territory on the map, with what a map colours it by.")
class MapFeature:
    id: strawberry.ID = strawberry.field(description="The entity's global id (usable with `node`).")
    code: str
    kind: MapFeatureKind
    name: str
    geometry: GeoJSON = strawberry.field(
        description="Its outline (a Polygon), or for a building where it stands (a Point)."
    )
    location: GeoJSON = strawberry.field(
        description="A point inside it, for a label or a marker (a building: where it stands)."
    )
    households: int = strawberry.field(description="Households in it.")
    covered_households: int = strawberry.field(
        description="Those with a Party member paired with them on `asOf` (see Coverage)."
    )
    compound_kind: CompoundKindT | None = strawberry.field(description="A compound: three-no or managed.")
    stage: StageT | None = strawberry.field(description="A compound: its five-haves stage on `asOf`.")

    @strawberry.field(description="coveredHouseholds / households (null when it has no households).")
    def coverage(self) -> float | None:
        return self.covered_households / self.households if self.households else None


@strawberry.type(description="Map features in code order.")
class MapFeatures:
    features: list[MapFeature]
    truncated: bool = strawberry.field(description="True when `first` left some out.")

    @strawberry.field(
        description="The same features as one GeoJSON FeatureCollection: each Feature's `id` is the global id, "
        "its `properties` are code, kind, name, households, coveredHouseholds, coverage, compoundKind and stage."
    )
    def geojson(self) -> GeoJSON:
        return GeoJSON(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "id": f.id,
                        "geometry": f.geometry,
                        "properties": {
                            "code": f.code,
                            "kind": f.kind.value,
                            "name": f.name,
                            "households": f.households,
                            "coveredHouseholds": f.covered_households,
                            "coverage": f.coverage(),
                            "compoundKind": f.compound_kind.value if f.compound_kind else None,
                            "stage": f.stage.value if f.stage else None,
                        },
                    }
                    for f in self.features
                ],
            }
        )


KindsArg = Annotated[
    list[MapFeatureKind] | None, strawberry.argument(description="Only features of these kinds (default: all).")
]
ScopeArg = Annotated[
    strawberry.ID | None,
    strawberry.argument(
        description="The id of the county, a street, community, grid, area, compound or unit (default: everything "
        "the caller may see)."
    ),
]
FirstArg = Annotated[
    int | None,
    strawberry.argument(
        description=f"At most this many (1–{geography.MAX_FEATURES}, default {geography.DEFAULT_FEATURES})."
    ),
]
AsOfArg = Annotated[date | None, strawberry.argument(description="The day coverage and stage are judged on.")]


async def _features(
    info: Info, kinds: Any, scope: Any, as_of: Any, first: Any, box: geography.Box | None = None
) -> MapFeatures:
    from schema.coverage import FiveHavesStage
    from schema.territory import CompoundKind

    rows, truncated = await resolvers.features(
        info, None if kinds is None else [k.value for k in kinds], scope, as_of, first, box
    )
    return MapFeatures(
        features=[
            MapFeature(
                id=strawberry.ID(ids.encode(r["_label"], r["code"])),
                code=r["code"],
                kind=MapFeatureKind(geography.MAPPED[r["_label"]]),
                name=r["name"] or r["code"],
                geometry=GeoJSON(geography.geometry(r["outline"] if r["outline"] else r["location"])),
                location=GeoJSON(geography.geometry(r["location"])),
                households=r["households"],
                covered_households=r["coveredHouseholds"],
                compound_kind=CompoundKind(r["kind"]) if r["_label"] == "Compound" and r["kind"] else None,
                stage=FiveHavesStage(r["stage"]) if r["stage"] else None,
            )
            for r in rows
            if r["location"] is not None
        ],
        truncated=truncated,
    )


async def resolve_map_features(
    info: Info, scope: ScopeArg = None, kinds: KindsArg = None, as_of: AsOfArg = None, first: FirstArg = None
) -> MapFeatures:
    return await _features(info, kinds, scope, as_of, first)


async def resolve_within(
    info: Info,
    west: float,
    south: float,
    east: float,
    north: float,
    kinds: KindsArg = None,
    scope: ScopeArg = None,
    as_of: AsOfArg = None,
    first: FirstArg = None,
) -> MapFeatures:
    return await _features(info, kinds, scope, as_of, first, geography.Box(west, south, east, north))


@strawberry.type
class GeographyQuery:
    map_features: MapFeatures = strawberry.field(
        resolver=resolve_map_features,
        description="The map of a scope: the scope itself and everything under it that has a place on the map, with "
        "households, coverage and five-haves stage, in code order.",
    )
    within: MapFeatures = strawberry.field(
        resolver=resolve_within,
        description="What is on screen: features whose place meets the box (longitudes west–east, latitudes "
        "south–north, WGS-84 degrees; a building's point, an outline's bounding box), inside the scope, in code "
        "order. Served by point indexes.",
    )
