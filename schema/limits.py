"""What a GraphQL request may ask for, answered before any Cypher runs.

One schema extension, :class:`Limiter`, takes a document through four gates in turn, each cheaper than
what it protects:

1. **tokens**: the parser stops at the ``LIMIT_TOKENS``-th lexical token, so a huge document is never
   built (the request body was already bounded, while it streamed in, by ``server.py``);
2. **aliases and depth**: one walk over the syntax tree, before graphql-core's validation (some of whose
   rules grow with the square of the number of fields);
3. **validation**: graphql-core's rules; in production also no introspection and no "did you mean";
4. **cost**: the most objects the query could return (:func:`cost`): every object field counts the
   objects it yields, and a list multiplies everything below it by its bound: ``first`` for a connection
   (and ``search``), the number of ``ids`` for ``nodes``, ``limit`` for ``pairingNetwork``, and for every
   other list the bound in :data:`LIST_BOUNDS` (docs/LIMITS.md has the data set's maxima behind them).
   Analyses add what they cost Neo4j (:data:`FIELD_COSTS`). List arguments have at most
   ``LIMIT_LIST_ARGUMENT`` items.

A refusal is a GraphQL error ``{code: "QUERY_TOO_COMPLEX", limit, max, actual}``. Documents that pass are
kept, parsed and validated, in a cache bounded by bytes (:class:`DocumentCache`); cost is computed per
request, since it depends on the variables.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    parse,
    specified_rules,
    validate,
)
from graphql.language import Location, Node, Source, Token
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from api.node import DEFAULT_PAGE
from graph.settings import Limits, get_settings

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"

LIST_BOUNDS: dict[str, int] = {
    # The territory: drawn by the county, never by the API. Scale 1 (docs/LIMITS.md has every maximum): 1
    # street, 3 communities, ≤7 grids a community, ≤8 areas and ≤11 compounds a grid, ≤3 compounds and ≤5
    # buildings an area, ≤8 buildings a compound; scale N has N streets.
    "Query.streets": 20,
    "County.streets": 20,
    "Street.communities": 10,
    "Community.grids": 15,
    "Grid.areas": 15,
    "Grid.compounds": 25,
    "Area.compounds": 10,
    "Area.buildings": 15,
    "Compound.buildings": 20,
    # People: at most 6 residents a household.
    "Household.residents": 12,
    # Who looks after what on a day (pairings, posts, teams): ≤13 households a cadre, ≤9 cadres a
    # building, ≤2 a household, ≤4 posts a person, ≤11 units a grid, the rest a few each.
    "Household.pairedMembers": 5,
    "Household.responsible": 20,
    "Person.pairedHouseholds": 30,
    "Person.posts": 10,
    "Person.volunteerTeams": 5,
    "Building.centralHouseholds": 5,
    "Building.pairedMembers": 20,
    "Building.posts": 10,
    "Area.posts": 5,
    "Compound.posts": 5,
    "PartyOrganization.posts": 5,
    "Compound.partyOrganizations": 5,
    "Compound.units": 5,
    "Area.units": 5,
    "Grid.units": 25,
    "Unit.areas": 10,
    "Unit.grids": 10,
    "Compound.volunteerTeams": 12,
    "Compound.policeOfficers": 5,
    "VolunteerTeam.serves": 10,
    "Unit.volunteerTeams": 5,
    "PartyOrganization.volunteerTeams": 5,
    "PartyOrganization.children": 20,
    "PartyOrganization.territory": 10,
    "Person.pairedBuildings": 5,
    # Pairings with their history, ended ones too (issue 8): ≤14 a person, ≤9 a building, ≤3 an area, ≤2 a
    # household or unit at scale 1. They grow as pairings end and begin, a few a year: connections to come.
    "Person.pairingHistory": 50,
    "Building.pairingHistory": 30,
    "Household.pairingHistory": 10,
    "Area.pairingHistory": 10,
    "Unit.pairingHistory": 20,
    # Venues (37), self-governance bodies (32) and deliberation platforms (43) at scale 1, each serving
    # ≤5 places; a place is served by ≤6.
    "Query.venues": 100,
    "Query.selfGovernanceBodies": 100,
    "Query.deliberationPlatforms": 100,
    "Venue.serves": 5,
    "SelfGovernanceBody.serves": 10,
    "DeliberationPlatform.serves": 5,
    "Compound.venues": 5,
    "Grid.venues": 12,
    "Compound.selfGovernanceBodies": 3,
    "Compound.deliberationPlatforms": 5,
    "Grid.deliberationPlatforms": 10,
    "PartyOrganization.venues": 5,
    "PartyOrganization.deliberationPlatforms": 10,
    # Bounded by the rules that write them.
    "Matter.steps": 5,
    "Matter.concerns": 3,
    "MicroProject.coordinatingUnits": 10,
    "MicroProject.milestones": 20,
    "Wish.history": 8,
    "Post.holdings": 20,
    "TaskForce.departments": 15,
    # Commendations (21 at scale 1, one a person at most) are recorded by the county, not through the API.
    # What the API adds to over time (grants, micro-projects, wishes) is paginated instead.
    "Person.commendations": 5,
    "Query.commendations": 50,
    # The analyses' lists (scale 1: 23 vacant posts of 912, 6 areas of 103, no compound).
    "Query.vacantPosts": 200,
    "Query.areasWithoutUnit": 100,
    "Query.compoundsWithoutPartyOrganization": 100,
    # Fixed by enums.
    "FiveHaves.criteria": 5,
    "FiveHavesCriterion.figures": 5,
    "FundsSummary.byKind": 2,
    "ThreeMicroSummary.microProjects": 5,
    "ThreeMicroSummary.matters": 3,
}
"""The most items each list of objects holds (``Type.field``); docs/LIMITS.md says where each comes from.
A list that is not here counts as :data:`UNKNOWN_LIST_BOUND` (a test keeps the table complete)."""

UNKNOWN_LIST_BOUND = 100

ARGUMENT_BOUNDS: dict[str, tuple[str, int]] = {
    "Query.search": ("first", DEFAULT_PAGE),
    "Query.nodes": ("ids", 0),
}
"""Lists whose length their own argument sets: ``(argument, default)``; a list argument counts its items."""

PAGE_ARGUMENTS: dict[str, tuple[str, int]] = {
    "Query.pairingNetwork": ("limit", 500),
    "Query.mapFeatures": ("first", 2000),
    "Query.within": ("first", 2000),
}
"""Fields whose argument bounds the lists of the object they return (as ``first`` a connection's)..."""

PAGED_LISTS: dict[str, int] = {"Network.nodes": 1, "Network.edges": 2, "MapFeatures.features": 1}
"""...and those lists, with how many items each allows per unit of that argument (a network has fewer than
two edges a node: 5,108 for 2,872 in the busiest grid's pairing picture at scale 1)."""

USER_ERRORS_BOUND = 10
"""A payload's ``userErrors``: at most one per input field."""

FIELD_COSTS: dict[str, int] = {
    "Query.coverage": 1000,
    "Grid.coverage": 50,
    "Compound.fiveHaves": 20,
    "Query.fundsSummary": 50,
    "Query.threeMicroSummary": 100,
    "Query.search": 20,
    "Query.pairingNetwork": 50,
}
"""What an analysis costs beyond the objects it returns, in objects' worth of work: the county's coverage
(about 65 ms of Neo4j at scale 1) is 1,000, so that one request asks for at most about twenty."""

TOTAL_COUNT_COST = 10
"""A connection's ``totalCount`` is a query of its own."""


def too_complex(limit: str, maximum: int, actual: int, message: str) -> GraphQLError:
    return GraphQLError(
        message, extensions={"code": QUERY_TOO_COMPLEX, "limit": limit, "max": maximum, "actual": actual}
    )


# ---------------------------------------------------------------- the cache


@dataclass(frozen=True)
class Checked:
    """A document that passed tokens, aliases, depth and validation."""

    document: DocumentNode
    size: int
    """Estimated bytes it holds in memory (the syntax tree, its tokens and the source text)."""


class DocumentCache:
    """Parsed and validated documents by query text, least recently used first out, bounded by bytes.

    A document longer than ``max_document_bytes`` is never kept; the rest are kept while their estimated
    sizes (:func:`deep_size`) add up to at most ``max_bytes``. Only documents that passed every check are
    kept: an invalid one (with its errors, which hold the whole tree) is a client's bug, checked afresh.
    """

    def __init__(self, max_bytes: int, max_document_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_document_bytes = max_document_bytes
        self.bytes = 0
        self._entries: OrderedDict[tuple[str, bool], Checked] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, query: str, development: bool) -> Checked | None:
        with self._lock:
            entry = self._entries.get((query, development))
            if entry is not None:
                self._entries.move_to_end((query, development))
            return entry

    def put(self, query: str, development: bool, document: DocumentNode) -> None:
        if len(query.encode()) > self.max_document_bytes:
            return
        entry = Checked(document, deep_size(document))
        if entry.size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop((query, development), None)
            if old is not None:
                self.bytes -= old.size
            self._entries[(query, development)] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self.bytes -= evicted.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


def deep_size(document: DocumentNode) -> int:
    """Bytes a parsed document holds: every node, list and string of the tree, every token, the source."""
    seen: set[int] = set()
    total = 0
    stack: list[Any] = [document]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen or isinstance(item, (bool, int, float)):
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, Source):
            total += sys.getsizeof(item.body)
        elif isinstance(item, Location):
            stack.append(item.source)
            token: Token | None = item.start_token
            while token is not None and id(token) not in seen:
                seen.add(id(token))
                total += sys.getsizeof(token) + (sys.getsizeof(token.value) if token.value else 0)
                token = token.next
        elif isinstance(item, Node):
            stack.extend(getattr(item, key, None) for key in item.keys)
            stack.append(item.loc)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return total


_cache: DocumentCache | None = None


def document_cache(limits: Limits) -> DocumentCache:
    """The process's cache (sized by the first request's limits)."""
    global _cache
    if _cache is None:
        _cache = DocumentCache(limits.cache_bytes, limits.cached_document_bytes)
    return _cache


# ---------------------------------------------------------------- the extension


class Limiter(SchemaExtension):
    """Parses, checks and validates a request's document, and refuses it when it asks for too much.

    Replaces strawberry's ``ParserCache``, ``ValidationCache`` and depth limiter: their caches count
    entries, not bytes, and keep invalid documents too.
    """

    limits: Limits
    development: bool
    cache: DocumentCache
    _checked: Checked | None

    def on_operation(self) -> Iterator[None]:
        # The request's context carries the app's limits and mode (in-process callers get the defaults).
        context = self.execution_context.context
        self.limits = getattr(context, "limits", None) or get_settings().limits
        self.development = bool(getattr(context, "development", False))
        self.cache = document_cache(self.limits)
        self._checked = None
        yield

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        query = ctx.query or ""
        self._checked = self.cache.get(query, self.development)
        if self._checked is not None:
            ctx.graphql_document = self._checked.document
        elif query:
            try:
                ctx.graphql_document = parse(query, max_tokens=self.limits.tokens)
            except GraphQLError as error:
                if "tokens" in error.message and "Parsing aborted" in error.message:
                    raise too_complex(
                        "tokens",
                        self.limits.tokens,
                        self.limits.tokens + 1,
                        f"the document has more than {self.limits.tokens} tokens",
                    ) from None
                raise GraphQLError(
                    error.message, source=error.source, positions=error.positions, extensions={"code": PARSE_FAILED}
                ) from None
        yield

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if document is not None:
            ctx.pre_execution_errors = self._check(document)
        yield

    def _check(self, document: DocumentNode) -> list[GraphQLError]:
        ctx = self.execution_context
        schema: GraphQLSchema = ctx.schema._schema
        if self._checked is None:
            errors = shape_errors(document, self.limits)
            if errors:
                return errors
            rules = [*specified_rules, MaybeNullValidationRule, OneOfInputValidationRule]
            if not self.development:
                rules.append(NoSchemaIntrospectionCustomRule)
            errors = validate(schema, document, rules, max_errors=10, hide_suggestions=not self.development)
            if errors:
                return [_coded(error) for error in errors]
            self.cache.put(ctx.query or "", self.development, document)
        operation = _operation(document, ctx.operation_name)
        if operation is None:
            return []  # graphql-core's execution says which operation is missing
        estimate = cost(schema, document, operation, ctx.variables or {}, self.limits)
        if estimate.argument is not None:
            name, items = estimate.argument
            return [
                too_complex(
                    "listArgument",
                    self.limits.list_argument,
                    items,
                    f"{name} has {items} items; at most {self.limits.list_argument} are allowed",
                )
            ]
        if estimate.total > self.limits.cost:
            return [
                too_complex(
                    "cost",
                    self.limits.cost,
                    estimate.total,
                    f"the query could return up to {estimate.total} objects; at most {self.limits.cost} are "
                    "allowed: ask for smaller pages (first) or fewer nested lists",
                )
            ]
        return []


def _coded(error: GraphQLError) -> GraphQLError:
    """A validation error with its code: a value that is not of its type (a literal such as ``asOf:
    "2026-13-45"``) is BAD_USER_INPUT, anything else about the document GRAPHQL_VALIDATION_FAILED."""
    bad_value = error.original_error is not None or "cannot represent" in error.message.lower()
    error.extensions = {**(error.extensions or {}), "code": BAD_USER_INPUT if bad_value else VALIDATION_FAILED}
    return error


# ---------------------------------------------------------------- aliases and depth


def shape_errors(document: DocumentNode, limits: Limits) -> list[GraphQLError]:
    """Aliases and depth, counted over the syntax tree (fragments expanded, once each per path)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    aliases = 0
    deepest = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            a, d = _shape(definition.selection_set, fragments, 0, frozenset(), limits.depth + 1)
            aliases += a
            deepest = max(deepest, d)
    errors = []
    if aliases > limits.aliases:
        errors.append(too_complex("aliases", limits.aliases, aliases, f"{aliases} aliases; at most {limits.aliases}"))
    if deepest > limits.depth:
        errors.append(
            too_complex("depth", limits.depth, deepest, f"the query nests {deepest} deep; at most {limits.depth}")
        )
    return errors


def _shape(
    selections: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    depth: int,
    visiting: frozenset[str],
    stop: int,
) -> tuple[int, int]:
    """(aliases, depth) below a selection set; stops descending past ``stop`` (already too deep)."""
    if selections is None or depth >= stop:
        return 0, depth
    aliases, deepest = 0, depth
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            aliases += selection.alias is not None
            if selection.selection_set is not None:
                a, d = _shape(selection.selection_set, fragments, depth + 1, visiting, stop)
            else:
                a, d = 0, depth + 1
        elif isinstance(selection, InlineFragmentNode):
            a, d = _shape(selection.selection_set, fragments, depth, visiting, stop)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in visiting:
                continue  # validation reports unknown and cyclic fragments
            a, d = _shape(fragment.selection_set, fragments, depth, visiting | {name}, stop)
        else:
            continue
        aliases += a
        deepest = max(deepest, d)
    return aliases, deepest


# ---------------------------------------------------------------- cost


@dataclass
class Estimate:
    total: int = 0
    argument: tuple[str, int] | None = None
    """The first list argument over its limit, as (``Type.field(argument)``, items)."""


def cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any],
    limits: Limits,
) -> Estimate:
    """The most objects ``operation`` could return with these variables (a valid document)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    defaults = {v.variable.name.value: v.default_value for v in operation.variable_definitions or () if v.default_value}
    walk = _CostWalk(schema, fragments, variables, defaults, limits)
    root = schema.get_root_type(operation.operation)
    estimate = Estimate()
    if root is not None:
        estimate.total = walk.selections(operation.selection_set, root, 1, None)
    estimate.argument = walk.argument
    return estimate


@dataclass
class _CostWalk:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    defaults: Mapping[str, ValueNode]
    limits: Limits
    argument: tuple[str, int] | None = None

    def selections(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType, multiplier: int, page: int | None
    ) -> int:
        # An object of an interface or union is of one type: of the fragments for different concrete types,
        # only the dearest counts (fields asked of every type add up as usual).
        total = 0
        by_type: dict[str, int] = {}
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, multiplier, page)
                continue
            if isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = (self.schema.get_type(condition.name.value) if condition else parent) or parent
                inner = selection.selection_set
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value) or parent
                inner = fragment.selection_set
            else:
                continue
            spent = self.selections(inner, target, multiplier, page)
            if target is parent or not isinstance(target, GraphQLObjectType):
                total += spent
            else:
                by_type[target.name] = by_type.get(target.name, 0) + spent
        return total + max(by_type.values(), default=0)

    def field(self, node: FieldNode, parent: GraphQLNamedType, multiplier: int, page: int | None) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            return 0  # introspection: bounded by the schema (and off in production)
        definition = parent.fields.get(name)
        if definition is None:
            return 0
        key = f"{parent.name}.{name}"
        self._check_list_arguments(node, key)
        extra = FIELD_COSTS.get(key, 0) + (TOTAL_COUNT_COST if name == "totalCount" else 0)
        named = get_named_type(definition.type)
        if not isinstance(named, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)):
            return multiplier * extra
        size = 1
        if _is_list(definition.type):
            size = self._list_size(node, key, parent, page)
        inner_page = None
        if _is_connection(named):
            inner_page = self._first(node)
        elif key in PAGE_ARGUMENTS:
            inner_page = self._argument_int(node, *PAGE_ARGUMENTS[key])
        objects = multiplier * size
        below = self.selections(node.selection_set, named, objects, inner_page) if node.selection_set else 0
        return multiplier * extra + objects + below

    def _list_size(self, node: FieldNode, key: str, parent: GraphQLNamedType, page: int | None) -> int:
        name = node.name.value
        if page is not None:
            if _is_connection(parent) and name in ("edges", "nodes"):
                return page
            if key in PAGED_LISTS:
                return PAGED_LISTS[key] * page
        if name == "userErrors":
            return USER_ERRORS_BOUND
        if key in ARGUMENT_BOUNDS:
            argument, default = ARGUMENT_BOUNDS[key]
            if argument == "ids":
                return self._list_length(node, argument)
            return self._argument_int(node, argument, default)
        return LIST_BOUNDS.get(key, UNKNOWN_LIST_BOUND)

    def _first(self, node: FieldNode) -> int:
        return self._argument_int(node, "first", DEFAULT_PAGE)

    def _argument_value(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                return self._value(argument.value)
        return None

    def _value(self, value: ValueNode) -> Any:
        if isinstance(value, VariableNode):
            variable = value.name.value
            if variable in self.variables:
                return self.variables[variable]
            default = self.defaults.get(variable)
            return self._value(default) if default is not None else None
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, ListValueNode):
            return [self._value(v) for v in value.values]
        return getattr(value, "value", None)

    def _argument_int(self, node: FieldNode, name: str, default: int) -> int:
        value = self._argument_value(node, name)
        return max(value, 0) if isinstance(value, int) and not isinstance(value, bool) else default

    def _list_length(self, node: FieldNode, name: str) -> int:
        value = self._argument_value(node, name)
        return len(value) if isinstance(value, list) else 1

    def _check_list_arguments(self, node: FieldNode, key: str) -> None:
        if self.argument is not None:
            return
        for argument in node.arguments or ():
            items = _longest_list(self._value_deep(argument.value))
            if items > self.limits.list_argument:
                self.argument = (f"{key}({argument.name.value})", items)
                return

    def _value_deep(self, value: ValueNode) -> Any:
        if isinstance(value, ObjectValueNode):
            return {f.name.value: self._value_deep(f.value) for f in value.fields}
        if isinstance(value, ListValueNode):
            return [self._value_deep(v) for v in value.values]
        return self._value(value)


def _longest_list(value: Any) -> int:
    """The most items of any list inside an argument's value (input objects included)."""
    if isinstance(value, list):
        return max([len(value), *(_longest_list(v) for v in value)])
    if isinstance(value, dict):
        return max([0, *(_longest_list(v) for v in value.values())])
    return 0


def _is_list(type_: Any) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


_CONNECTION = re.compile(r".+Connection$")


def _is_connection(type_: GraphQLNamedType) -> bool:
    return (
        isinstance(type_, GraphQLObjectType)
        and bool(_CONNECTION.match(type_.name))
        and {"edges", "pageInfo"} <= type_.fields.keys()
    )


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name is not None and o.name.value == name), None)
