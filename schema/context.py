"""The per-request context: the graph, who is asking, the request's loaders, its id and its day."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from graph.driver import Graph
from graph.feed import ChangeFeed
from graph.scope import Viewer, anonymous
from resolvers.loaders import Loaders

COUNTY_TIMEZONE = ZoneInfo("Asia/Shanghai")


def county_today() -> date:
    """``asOf`` defaults to today in the county's time zone, not the server's."""
    return datetime.now(COUNTY_TIMEZONE).date()


@dataclass
class Context:
    graph: Graph
    viewer: Viewer = field(default_factory=anonymous)
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    today: date = field(default_factory=county_today)
    request: Any = None
    feed: ChangeFeed | None = None
    """The process's change feed, for subscriptions."""
    connection_params: dict[str, Any] | None = None
    """A subscription's ``connection_init`` payload (graphql-transport-ws sets it)."""
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.graph, self.viewer)

    def day(self, as_of: date | None) -> date:
        return as_of or self.today
