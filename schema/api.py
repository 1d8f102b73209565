"""The schema assembly: the root Query merged from per-domain query classes, every entity type registered.

A new domain adds its ``<Domain>Query`` class to ``QUERIES`` (its ``@entity`` types register themselves).
"""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.errors import Errors
from api.node import ENTITY_TYPES, Node
from resolvers import nodes as lookups
from schema import organizations, people, units  # noqa: F401 - registers their @entity types
from schema.access import AccessRecords
from schema.changes import ChangesQuery
from schema.coverage import CoverageQuery
from schema.geography import GEOJSON_SCALAR, GeographyQuery, GeoJSON
from schema.governance import GovernanceMutation, GovernanceQuery
from schema.limits import Limiter
from schema.live import LiveSubscription
from schema.network import NetworkQuery
from schema.organizations import OrganizationsQuery
from schema.pairings import PairingsMutation
from schema.posts import PostsMutation
from schema.scalars import SCALAR_OVERRIDES, SCALARS
from schema.search import SearchQuery
from schema.services import ServicesMutation, ServicesQuery
from schema.territory import TerritoryQuery
from schema.units import UnitsQuery
from schema.wishes import WishesMutation, WishesQuery


@strawberry.type
class LookupQuery:
    node: Node | None = strawberry.field(resolver=lookups.resolve_node)
    nodes: list[Node | None] = strawberry.field(resolver=lookups.resolve_nodes)
    by_code: Node | None = strawberry.field(
        resolver=lookups.resolve_by_code, description="Look an entity up by its stable code (e.g. a grid's code)."
    )

    @strawberry.field(description="Service health: always true when the API answers.")
    def health(self) -> bool:
        return True


# Every @entity type, so that each is in the schema (and reachable through Node) even where no field names it.
ENTITY_CLASSES: list[type] = list(ENTITY_TYPES.values())
QUERIES: tuple[type, ...] = (LookupQuery, TerritoryQuery, UnitsQuery, ChangesQuery, ServicesQuery, GovernanceQuery,
                            NetworkQuery, SearchQuery, WishesQuery, CoverageQuery, GeographyQuery,
                            OrganizationsQuery)  # fmt: skip
MUTATIONS: tuple[type, ...] = (PairingsMutation, PostsMutation, WishesMutation, ServicesMutation, GovernanceMutation)

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)
Subscription = merge_types("Subscription", (LiveSubscription,))


# Factories: strawberry builds fresh extensions per request. The Limiter parses, checks and validates
# (its document cache lives at module level, bounded by bytes); Errors masks and codes what went wrong.
EXTENSIONS: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [AccessRecords, Limiter, Errors]


class GridSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:  # type: ignore[no-untyped-def]
        # Strawberry would log every error with its traceback and message; messages may quote input
        # (personal data), and user errors are not server faults. Unexpected ones are logged, by
        # type and path only, where they are masked (schema/errors.py).
        return None


schema = GridSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=ENTITY_CLASSES,
    extensions=EXTENSIONS,
    config=StrawberryConfig(auto_camel_case=True, scalar_map={GeoJSON: GEOJSON_SCALAR, **SCALARS}),
    scalar_overrides=SCALAR_OVERRIDES,
)
