"""What a caller sees when something goes wrong: clear messages for their mistakes, never internals.

Our own ``GraphQLError``s (a malformed id, an argument out of range, a scope not found) reach the
caller as they are. Anything else is a bug or an outage: its text may hold internals or personal data,
so it becomes "Unexpected error." and the log gets its type and path only.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError

from graph.driver import DatabaseUnavailable

log = logging.getLogger("tongguan.graphql")


class NotFound(GraphQLError):
    """A non-null field's entity does not exist (or lies outside what the caller may see)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "NOT_FOUND"})


class Forbidden(GraphQLError):
    """The caller's role may not ask this at all (an out-of-scope entity is NOT_FOUND instead)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "FORBIDDEN"})


class InvalidArgument(GraphQLError):
    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}", extensions={"code": "BAD_USER_INPUT", "argument": argument})


def should_mask(error: GraphQLError) -> bool:
    """For strawberry's ``MaskErrors``: True (and a log line without personal data) for unexpected errors."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return False
    if isinstance(original, DatabaseUnavailable):
        log.error("database unavailable while resolving %s", error.path)
    else:
        log.error("unexpected %s while resolving %s", type(original).__name__, error.path)
    return True
