"""The per-request context: the graph, who is asking, the request's loaders, its id and its day."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from api.errors import InvalidArgument
from graph.changes import Quotas
from graph.driver import Graph
from graph.feed import ChangeFeed
from graph.privacy import AccessLog
from graph.rules import COUNTY_TIMEZONE, county_today
from graph.scope import Viewer
from graph.settings import Limits, get_settings
from resolvers.loaders import Loaders

__all__ = ["COUNTY_TIMEZONE", "Context", "county_today"]


@dataclass
class Context:
    graph: Graph
    viewer: Viewer
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    """Made by the server for every request; a client's ``X-Request-Id`` is kept beside it."""
    client_request_id: str | None = None
    today: date = field(default_factory=county_today)
    request: Any = None
    response: Any = None
    quotas: Quotas = field(default_factory=Quotas)
    feed: ChangeFeed | None = None
    """The process's change feed, for subscriptions."""
    connection_params: dict[str, Any] | None = None
    """A subscription's ``connection_init`` payload (graphql-transport-ws sets it)."""
    limits: Limits = field(default_factory=lambda: get_settings().limits)
    development: bool = False
    """GraphiQL, introspection and suggestions (``Settings.debug``)."""
    compiled_reads: bool = True
    """Entity look-ups and pages read what their selection navigates in one query (``resolvers/compiled.py``);
    off, every field reads by its own loader (the tests compare the two)."""
    loaders: Loaders = field(init=False)
    access: AccessLog = field(init=False)
    """Reads of sensitive fields in full (special groups, ID numbers), written as access records."""

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.graph, self.viewer)
        self.access = AccessLog()

    def day(self, as_of: date | None) -> date:
        """``asOf`` as given (inside the plausible window, else BAD_USER_INPUT), or today."""
        if as_of is None:
            return self.today
        earliest, latest = self.limits.earliest_date, self.today + timedelta(days=self.limits.days_ahead)
        if not earliest <= as_of <= latest:
            raise InvalidArgument("asOf", f"must be between {earliest} and {latest}, got {as_of}")
        return as_of

    async def read(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """A catalogued read as this request's viewer: the query gets the viewer's ``$scope``, and the rows
        come back masked for a viewer without personal data."""
        return await self.loaders.read(query, dict(params or {}))

    async def read_one(self, query: str, params: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        rows = await self.read(query, params)
        return rows[0] if rows else None
