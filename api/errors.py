"""What a caller sees when something goes wrong: clear messages for their mistakes, never internals.

A refusal of a change the caller can fix (a business rule, a bad input field) is a ``UserError`` in the
payload, with nothing written; a mistake in a query (a malformed id, a bad argument) is a ``GraphQLError``.

Our own ``GraphQLError``s (a malformed id, an argument out of range, a scope not found, a limit) reach
the caller as they are. An outage becomes ``SERVICE_UNAVAILABLE`` (the HTTP answer is then a 503 with
``Retry-After``), a write whose commit went unanswered ``OUTCOME_UNKNOWN``, a query Neo4j ended for running
too long ``TIMEOUT``. Anything else is a bug: its text may hold internals or personal data, so it becomes
"Unexpected error." and the log gets its type and path only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graph.driver import DatabaseUnavailable, OutcomeUnknown, QueryTimeout
from graph.settings import Limits, get_settings

log = logging.getLogger("tongguan.graphql")

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN"
TIMEOUT = "TIMEOUT"
RETRY_LATER = frozenset({SERVICE_UNAVAILABLE, OUTCOME_UNKNOWN, TIMEOUT})
"""The codes a request is answered with as a 503 and ``Retry-After``: trying again later may succeed."""


@strawberry.type(description="A business-rule failure the caller can fix: nothing was written.")
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "householdId"].'
    )
    message: str
    code: str


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
    if isinstance(original, (DatabaseUnavailable, OutcomeUnknown, QueryTimeout)):
        log.warning("%s while resolving %s", type(original).__name__, error.path)
    else:
        log.error("unexpected %s while resolving %s", type(original).__name__, error.path)
    return True


def unavailable(limits: Limits) -> GraphQLError:
    return GraphQLError(
        f"the database is unavailable; try again in {limits.retry_after_seconds} s",
        extensions={"code": SERVICE_UNAVAILABLE, "retryAfter": limits.retry_after_seconds},
    )


def outcome_unknown(limits: Limits) -> GraphQLError:
    return GraphQLError(
        "the database stopped answering after this change was sent: it may or may not have been made. "
        "Send it again with the same idempotency key: the answer is then the first result, if it was made",
        extensions={"code": OUTCOME_UNKNOWN, "retryAfter": limits.retry_after_seconds},
    )


def timeout(limits: Limits, limit: str, seconds: float) -> GraphQLError:
    return GraphQLError(
        f"the request ran past its {seconds:g} s {'deadline' if limit == 'requestSeconds' else 'query timeout'}"
        " and was stopped; nothing was changed",
        extensions={"code": TIMEOUT, "limit": limit, "max": seconds, "retryAfter": limits.retry_after_seconds},
    )


class Errors(MaskErrors):
    """Masks unexpected errors, and says what an outage, an unknown commit or a timeout means."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask)
        self.limits = get_settings().limits

    def on_operation(self) -> Iterator[None]:
        self.limits = getattr(self.execution_context.context, "limits", None) or self.limits
        yield from super().on_operation()
        # What is still without a code was refused while the variables were read: a value not of its type.
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": "BAD_USER_INPUT"}

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, OutcomeUnknown):
            coded = outcome_unknown(self.limits)
        elif isinstance(original, DatabaseUnavailable):
            coded = unavailable(self.limits)
        elif isinstance(original, QueryTimeout):
            coded = timeout(self.limits, "querySeconds", original.seconds)
        else:
            coded = GraphQLError(self.error_message, extensions={"code": "INTERNAL_SERVER_ERROR"})
        return GraphQLError(
            coded.message, nodes=error.nodes, positions=error.positions, path=error.path, extensions=coded.extensions
        )
