"""The schema assembly: the root Query merged from per-domain query classes, every entity type registered.

A new domain adds its ``<Domain>Query`` class to ``QUERIES`` (and its entity types to ``ENTITY_CLASSES``).
"""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors, ParserCache, QueryDepthLimiter, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from resolvers import nodes as lookups
from schema.changes import ChangesQuery
from schema.coverage import CoverageQuery
from schema.errors import should_mask
from schema.governance import (
    DeliberationPlatform,
    GovernanceMutation,
    GovernanceQuery,
    Matter,
    MatterStep,
    SelfGovernanceBody,
)
from schema.network import NetworkQuery
from schema.node import Node
from schema.organizations import PartyOrganization
from schema.pairings import PairingsMutation
from schema.people import Person
from schema.posts import Post, PostsMutation
from schema.search import SearchQuery
from schema.services import (
    Commendation,
    Grant,
    MicroProject,
    Milestone,
    ServiceRecord,
    ServicesMutation,
    ServicesQuery,
    TaskForce,
    Venue,
)
from schema.territory import Area, Building, Community, Compound, County, Grid, Household, Street, TerritoryQuery
from schema.units import Unit, UnitsQuery, VolunteerTeam
from schema.wishes import Wish, WishesMutation, WishesQuery


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


ENTITY_CLASSES: list[type] = [County, Street, Community, Grid, Area, Compound, Building, Household, Person,
                              PartyOrganization, Post, Unit, VolunteerTeam,
                              Venue, MicroProject, Milestone, ServiceRecord, Commendation, Grant, TaskForce,
                              SelfGovernanceBody, DeliberationPlatform, Matter, MatterStep, Wish]  # fmt: skip
QUERIES: tuple[type, ...] = (LookupQuery, TerritoryQuery, UnitsQuery, ChangesQuery, ServicesQuery, GovernanceQuery,
                            NetworkQuery, SearchQuery, WishesQuery, CoverageQuery)  # fmt: skip
MUTATIONS: tuple[type, ...] = (PairingsMutation, PostsMutation, WishesMutation, ServicesMutation, GovernanceMutation)

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)


MAX_QUERY_DEPTH = 15
CACHED_DOCUMENTS = 256

# Factories: strawberry builds fresh extensions per request (the caches live at module level).
EXTENSIONS = [
    lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH),
    lambda: MaskErrors(should_mask_error=should_mask),
    lambda: ParserCache(maxsize=CACHED_DOCUMENTS),
    lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
]


class GridSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:  # type: ignore[no-untyped-def]
        # Strawberry would log every error with its traceback and message; messages may quote input
        # (personal data), and user errors are not server faults. Unexpected ones are logged, by
        # type and path only, where they are masked (schema/errors.py).
        return None


schema = GridSchema(
    query=Query,
    mutation=Mutation,
    types=ENTITY_CLASSES,
    extensions=EXTENSIONS,
    config=StrawberryConfig(auto_camel_case=True),
)
