"""The per-request context: the graph, who is asking, the request's loaders, its id and its day."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from graph.driver import Graph
from graph.scope import Viewer, anonymous
from graph.settings import Limits, get_settings
from resolvers.loaders import Loaders
from schema.errors import InvalidArgument

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
    limits: Limits = field(default_factory=lambda: get_settings().limits)
    development: bool = False
    """GraphiQL, introspection and suggestions (``Settings.debug``)."""
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.graph, self.viewer)

    def day(self, as_of: date | None) -> date:
        """``asOf`` as given (inside the plausible window, else BAD_USER_INPUT), or today."""
        if as_of is None:
            return self.today
        earliest, latest = self.limits.earliest_date, self.today + timedelta(days=self.limits.days_ahead)
        if not earliest <= as_of <= latest:
            raise InvalidArgument("asOf", f"must be between {earliest} and {latest}, got {as_of}")
        return as_of
