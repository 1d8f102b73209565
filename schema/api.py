"""The schema assembly: the root Query from per-domain parts, every entity type registered."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from resolvers import nodes as lookups
from resolvers import territory, units
from schema.errors import extensions
from schema.node import Connection, Node
from schema.organizations import PartyOrganization
from schema.people import Person
from schema.territory import Area, Building, Community, Compound, County, Grid, Household, Street
from schema.units import Unit, VolunteerTeam

ENTITY_CLASSES = [County, Street, Community, Grid, Area, Compound, Building, Household, Person,
                  PartyOrganization, Unit, VolunteerTeam]  # fmt: skip


@strawberry.type
class Query:
    node: Node | None = strawberry.field(resolver=lookups.resolve_node)
    nodes: list[Node | None] = strawberry.field(resolver=lookups.resolve_nodes)
    by_code: Node | None = strawberry.field(
        resolver=lookups.resolve_by_code,
        description="Look an entity up by its stable code (e.g. a grid's code).",
    )
    county: County | None = strawberry.field(resolver=territory.resolve_county)
    streets: list[Street] = strawberry.field(resolver=territory.resolve_streets)
    grids: Connection[Grid] = strawberry.field(resolver=territory.resolve_grids)
    units: Connection[Unit] = strawberry.field(resolver=units.resolve_units)

    @strawberry.field(description="Service health: always true when the API answers.")
    def health(self) -> bool:
        return True


class GridSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:  # type: ignore[no-untyped-def]
        # Strawberry would log every error with its traceback and message; messages may quote input
        # (personal data), and user errors are not server faults. Unexpected ones are logged, by
        # type and path only, where they are masked (schema/errors.py).
        return None


schema = GridSchema(
    query=Query, types=ENTITY_CLASSES, extensions=extensions(), config=StrawberryConfig(auto_camel_case=True)
)
